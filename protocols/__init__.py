"""protocols: digitize and search archives of meeting protocols of Russian education bodies."""

__version__ = "0.1.0"

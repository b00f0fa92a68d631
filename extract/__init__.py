"""Finding a protocol's structure in its text: header, people, schools, agenda, speakers, decisions."""

EXTRACTOR_VERSION = "0.1.0"

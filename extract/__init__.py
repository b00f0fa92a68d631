"""Finding a protocol's structure in its text: header, people, schools, agenda, speakers, decisions."""

# Stored records carry it; `protocols reindex --outdated-only` re-extracts those of another version.
# Raise it whenever extraction changes what it finds.
EXTRACTOR_VERSION = "0.2.0"

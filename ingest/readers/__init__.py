"""One reader per format; `ingest.reading.read_file` picks the best by content."""

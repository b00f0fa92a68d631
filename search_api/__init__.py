"""Storage, search index backends, the service layer and the HTTP API."""

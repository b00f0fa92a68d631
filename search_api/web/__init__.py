"""The web interface (server-rendered pages in Russian) over the same service layer as the JSON API."""

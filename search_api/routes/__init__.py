"""One router per resource; each route is a one-line call into the service."""

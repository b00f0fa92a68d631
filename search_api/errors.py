"""Errors the service raises for a request it cannot answer; each has a Russian message for people."""

from __future__ import annotations


class ServiceError(Exception):
    """`code` is machine-readable, `message` is shown to people."""

    code = "service_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class QueryError(ServiceError):
    """A search query that cannot be parsed."""

    code = "bad_query"


class InvalidRequest(ServiceError):
    """Parameters out of range: a page past the result window, an unknown facet, dates in the wrong order."""

    code = "bad_request"


class NotFound(ServiceError):
    code = "not_found"

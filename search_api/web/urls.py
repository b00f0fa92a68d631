"""Page URLs as the GET forms make them: the query string is the state, so every page can be shared."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

# Changing what is searched starts again from the first page.
PAGING = ("offset",)


class QueryState:
    """The query string of one page: repeated names keep their order; blank values are dropped."""

    def __init__(self, path: str, items: Iterable[tuple[str, str]]) -> None:
        self.path = path
        self.items = [(name, value.strip()) for name, value in items if value.strip()]

    @classmethod
    def of(cls, path: str, query: Mapping[str, str] | Iterable[tuple[str, str]]) -> QueryState:
        items = query.multi_items() if hasattr(query, "multi_items") else query
        return cls(path, items)

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.items if key == name), None)

    def getall(self, name: str) -> list[str]:
        return [value for key, value in self.items if key == name]

    def has(self, name: str, value: str) -> bool:
        return (name, value) in self.items

    def url(self, path: str | None = None, **changes: str | int | list[str] | None) -> str:
        """This page's URL with `changes` (None removes a name, a list replaces all its values)."""
        items = [(k, v) for k, v in self.items if k not in changes]
        for name, value in changes.items():
            if value is None:
                continue
            values = value if isinstance(value, list) else [str(value)]
            items += [(name, v) for v in values if v != ""]
        query = urlencode(items)
        return f"{path or self.path}?{query}" if query else (path or self.path)

    def toggle(self, name: str, value: str) -> str:
        """Add a filter value, or remove it if it is there; back to the first page."""
        values = self.getall(name)
        values = [v for v in values if v != value] if value in values else [*values, value]
        return self.url(**{name: values}, **dict.fromkeys(PAGING))

    def without(self, *names: str) -> QueryState:
        return QueryState(self.path, [(k, v) for k, v in self.items if k not in names])

"""Index backends by name; `open_index(settings)` opens the one `PROTOCOLS_INDEX` names."""

from __future__ import annotations

from importlib import import_module

from protocols.settings import Settings
from search_api.index.base import SearchIndex

# name -> "module:Class"; imported on first use, so a backend's client library loads only when chosen.
BACKENDS: dict[str, str] = {
    "sqlite": "search_api.index.sqlite:SqliteIndex",
    "elasticsearch": "search_api.index.elasticsearch:ElasticsearchIndex",
}


def backend_class(name: str) -> type[SearchIndex]:
    try:
        target = BACKENDS[name]
    except KeyError:
        raise ValueError(f"unknown index backend {name!r}; known: {', '.join(sorted(BACKENDS))}") from None
    module_name, _, class_name = target.partition(":")
    return getattr(import_module(module_name), class_name)


def open_index(settings: Settings) -> SearchIndex:
    return backend_class(settings.index).from_settings(settings)

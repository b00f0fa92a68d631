"""What the search page shows beside the hits: facet lists with toggle links, active filter chips, the
filters a new query keeps. Pure functions of the query string and the service's answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from search_api.index.base import Level
from search_api.schemas import FacetOut
from search_api.web.forms import LIST_FIELDS
from search_api.web.render import FACET_TITLES
from search_api.web.urls import QueryState

FACETS_SHOWN = {
    Level.PROTOCOLS: ("school", "speaker", "kind", "organization", "year", "measure"),
    Level.DECISIONS: ("school", "responsible", "speaker", "kind", "organization", "year", "measure"),
}
MORE_FACET_VALUES = 5  # "показать больше" multiplies the facet size by this


@dataclass(frozen=True)
class FacetEntry:
    label: str
    count: int | None  # None: selected, but not among the counted values
    selected: bool
    url: str


@dataclass(frozen=True)
class FacetView:
    field: str
    title: str
    entries: list[FacetEntry]
    more_url: str | None


@dataclass(frozen=True)
class Chip:
    title: str
    label: str
    url: str


# (field, value as in the URL) -> the facet keys it selects (the service's `filter_keys`).
KeysOf = Callable[[str, str], set[str]]


def facet_views(
    state: QueryState, level: Level, facets: dict[str, FacetOut], keys_of: KeysOf, facet_size: int, max_facet_size: int,
) -> list[FacetView]:
    """Each shown facet's values with links that add or remove them; a value in the URL that is no
    counted bucket (a name typed as written, a value past the list) is listed first, selected."""
    views = []
    for field in FACETS_SHOWN[level]:
        facet = facets.get(field)
        if facet is None:
            continue
        chosen = {value: keys_of(field, value) for value in state.getall(field)}
        counted = {b.key for b in facet.buckets}
        entries = [
            FacetEntry(value, None, True, state.toggle(field, value)) for value, keys in chosen.items() if not keys & counted
        ]
        for bucket in facet.buckets:
            by = [value for value, keys in chosen.items() if bucket.key in keys]
            url = _remove(state, field, by) if by else state.toggle(field, bucket.key)
            entries.append(FacetEntry(bucket.label, bucket.count, bool(by), url))
        more = None
        if facet.other and facet_size < max_facet_size:
            more = state.url(facet_size=min(max_facet_size, facet_size * MORE_FACET_VALUES))
        views.append(FacetView(field, FACET_TITLES[field], entries, more))
    return views


def _remove(state: QueryState, field: str, values: list[str]) -> str:
    return state.url(**{field: [v for v in state.getall(field) if v not in values], "offset": None})


def chips(state: QueryState, facets: dict[str, FacetOut], keys_of: KeysOf) -> list[Chip]:
    """Every active filter (from a facet or typed into the URL), with a link that removes it."""
    labels = {(field, b.key): b.label for field, facet in facets.items() for b in facet.buckets}
    found = []
    for name, value in state.items:
        if name in LIST_FIELDS:
            label = next((labels[(name, k)] for k in keys_of(name, value) if (name, k) in labels), value)
            found.append(Chip(FACET_TITLES.get(name, name), label, state.toggle(name, value)))
    for name, title in (("date_from", "Дата с"), ("date_to", "Дата по")):
        if value := state.get(name):
            found.append(Chip(title, value, state.url(**{name: None, "offset": None})))
    return found


def kept_filters(state: QueryState) -> list[tuple[str, str]]:
    """Filters a new query from the search box keeps (as hidden inputs); the page starts again."""
    return [(name, value) for name, value in state.items if name in LIST_FIELDS or name in ("limit", "facet_size")]


# URL changes that drop every filter (the query and the level stay).
CLEAR_FILTERS: dict[str, None] = dict.fromkeys([*sorted(LIST_FIELDS), "date_from", "date_to", "offset"])

"""Search parameters from a page's query string, with errors a person can act on (in Russian)."""

from __future__ import annotations

from pydantic import ValidationError

from search_api.errors import InvalidRequest
from search_api.index.base import Level
from search_api.params import SearchParams
from search_api.web.urls import QueryState

LEVELS = {"protocols": Level.PROTOCOLS, "decisions": Level.DECISIONS}
# Filters one level takes and the other does not: switching levels drops them.
LEVEL_ONLY = {Level.PROTOCOLS: ("participant",), Level.DECISIONS: ("responsible", "protocol")}
LIST_FIELDS = {"school", "speaker", "participant", "kind", "organization", "responsible", "measure", "protocol", "year", "month"}
SCALAR_FIELDS = {"q", "date_from", "date_to", "sort", "limit", "offset", "facet_size"}
FIELD_NAMES = {
    "q": "запрос", "school": "организация", "speaker": "выступающий", "participant": "участник",
    "kind": "вид заседания", "organization": "кто проводил", "responsible": "ответственный", "measure": "мера",
    "protocol": "протокол", "year": "год", "month": "месяц", "date_from": "дата с", "date_to": "дата по",
    "sort": "порядок", "limit": "результатов на странице", "offset": "с какого результата",
    "facet_size": "значений в списках фильтров",
}
HINTS = {
    "year": "нужен год числом, например 2021",
    "date_from": "нужна дата, например 2022-04-20",
    "date_to": "нужна дата, например 2022-04-20",
    "sort": "возможно: relevance, date_desc, date_asc",
    "limit": "нужно целое число",
    "offset": "нужно целое число",
    "facet_size": "нужно целое число",
}


def level_of(state: QueryState) -> Level:
    return LEVELS.get(state.get("level") or "", Level.PROTOCOLS)


def other_level_filters(level: Level) -> tuple[str, ...]:
    """Filters only the other level takes (a link may come from the other level's page)."""
    return LEVEL_ONLY[Level.DECISIONS if level is Level.PROTOCOLS else Level.PROTOCOLS]


def search_params(state: QueryState, level: Level | None = None) -> SearchParams:
    """The SearchParams a page's query string asks for; InvalidRequest (Russian) for a value that is no value.

    With `level`, filters of the other level are left out."""
    other = () if level is None else other_level_filters(level)
    values: dict[str, object] = {}
    for name in LIST_FIELDS - set(other):
        if found := state.getall(name):
            values[name] = found
    for name in SCALAR_FIELDS:
        if (found := state.get(name)) is not None:
            values[name] = found
    try:
        return SearchParams.model_validate(values)
    except ValidationError as error:
        raise InvalidRequest(_message(error)) from error


def _message(error: ValidationError) -> str:
    problems = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        name = FIELD_NAMES.get(field, field)
        hint = HINTS.get(field, "неверное значение")
        problems.append(f"«{problem.get('input')}» в поле «{name}»: {hint}")
    return "Неверные параметры: " + "; ".join(problems)

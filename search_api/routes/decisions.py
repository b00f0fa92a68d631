"""Decisions: search with facets; each decision inherits its protocol's date, kind, schools and agenda item."""

from __future__ import annotations

from fastapi import APIRouter

from search_api.deps import SearchParamsDep, ServiceDep
from search_api.schemas import DecisionPage, ErrorOut

router = APIRouter(prefix="/decisions", tags=["решения"])


@router.get("", response_model=DecisionPage, responses={400: {"model": ErrorOut}})
def search_decisions(service: ServiceDep, params: SearchParamsDep) -> DecisionPage:
    """Поиск решений по тексту и фильтрам (школа, ответственный, мера, даты…), с фасетами."""
    return service.search_decisions(params)

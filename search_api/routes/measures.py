"""Measures: decisions grouped by what they decide, with their timelines."""

from __future__ import annotations

from fastapi import APIRouter

from search_api.deps import SearchParamsDep, ServiceDep
from search_api.schemas import ErrorOut, MeasureList, MeasureTimeline

router = APIRouter(prefix="/measures", tags=["меры"])


@router.get("", response_model=MeasureList, responses={400: {"model": ErrorOut}})
def list_measures(service: ServiceDep, params: SearchParamsDep) -> MeasureList:
    """Меры (сгруппированные решения) среди решений под запрос и фильтры, частые первыми."""
    return service.measures(params)


@router.get("/{key}", response_model=MeasureTimeline, responses={400: {"model": ErrorOut}, 404: {"model": ErrorOut}})
def measure_timeline(service: ServiceDep, key: str, params: SearchParamsDep) -> MeasureTimeline:
    """Сколько раз и когда принималась мера: по годам, месяцам и школам, и где именно (со ссылками на текст)."""
    return service.measure_timeline(key, params)

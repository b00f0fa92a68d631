"""Exports of decisions: CSV for Excel and JSON lines, every match (no page cap), streamed."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from search_api.deps import SearchParamsDep, ServiceDep
from search_api.schemas import ErrorOut

router = APIRouter(prefix="/export", tags=["выгрузка"])


@router.get(
    "/decisions.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "UTF-8 с BOM, разделитель «;»"}, 400: {"model": ErrorOut}},
)
def export_csv(service: ServiceDep, params: SearchParamsDep) -> StreamingResponse:
    """Решения под запрос и фильтры в CSV, который Excel открывает таблицей (UTF-8 с BOM, «;»)."""
    body = service.export_decisions(params, "csv")
    return StreamingResponse(
        body, media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="decisions.csv"'},
    )


@router.get(
    "/decisions.jsonl",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}, "description": "одно решение — одна строка JSON"}, 400: {"model": ErrorOut}},
)
def export_jsonl(service: ServiceDep, params: SearchParamsDep) -> StreamingResponse:
    """Решения под запрос и фильтры, по одному JSON-объекту в строке."""
    body = service.export_decisions(params, "jsonl")
    return StreamingResponse(
        body, media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="decisions.jsonl"'},
    )

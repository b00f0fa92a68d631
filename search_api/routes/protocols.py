"""Protocols: search with facets, one record with its spans, the original file."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from search_api.deps import SearchParamsDep, ServiceDep
from search_api.schemas import ErrorOut, ProtocolPage, ProtocolView

router = APIRouter(prefix="/protocols", tags=["протоколы"])


@router.get("", response_model=ProtocolPage, responses={400: {"model": ErrorOut}})
def search_protocols(service: ServiceDep, params: SearchParamsDep) -> ProtocolPage:
    """Поиск протоколов по тексту и фильтрам, с фасетами и фрагментами текста."""
    return service.search_protocols(params)


@router.get("/{protocol_id}", response_model=ProtocolView, responses={404: {"model": ErrorOut}})
def get_protocol(service: ServiceDep, protocol_id: str) -> ProtocolView:
    """Запись протокола: всё извлечённое, у каждого значения — место в тексте (span)."""
    return service.get_protocol(protocol_id)


@router.get(
    "/{protocol_id}/file",
    response_class=FileResponse,
    responses={200: {"description": "исходный файл, байт в байт"}, 404: {"model": ErrorOut}},
)
def original_file(service: ServiceDep, protocol_id: str) -> FileResponse:
    """Исходный файл протокола, как его загрузили."""
    original = service.original_file(protocol_id)
    return FileResponse(original.path, media_type=original.media_type, filename=original.filename)

"""Batches of uploaded files: progress, rate, ETA and the status of every file."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from ingest.batches import BatchReport, BatchSummary, ItemStatus
from search_api.deps import BulkDep, SettingsDep
from search_api.errors import NotFound
from search_api.schemas import ErrorOut

router = APIRouter(prefix="/batches", tags=["загрузка"])

MAX_ITEMS_PAGE = 1000


class BatchList(BaseModel):
    total: int
    offset: int
    limit: int
    batches: list[BatchSummary]


@router.get("", response_model=BatchList)
def list_batches(
    bulk: BulkDep,
    settings: SettingsDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> BatchList:
    """Пакеты загрузки, новые первыми, с итогами по статусам."""
    limit = min(limit or settings.page_size, settings.max_page_size)
    total, batches = bulk.batches.list_batches(offset=offset, limit=limit)
    return BatchList(total=total, offset=offset, limit=limit, batches=batches)


@router.get("/{batch_id}", response_model=BatchReport, responses={404: {"model": ErrorOut}})
def get_batch(
    batch_id: str,
    bulk: BulkDep,
    status: Annotated[ItemStatus | None, Query(description="только файлы с этим статусом")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_ITEMS_PAGE)] = MAX_ITEMS_PAGE,
) -> BatchReport:
    """Пакет: итоги (в очереди, обрабатывается, загружено, дубликат, ошибка, пропущено), скорость,
    оставшееся время и статус каждого файла (с кодом и причиной ошибки, номером протокола или
    тем, дубликатом чего файл оказался)."""
    report = bulk.batches.report(batch_id, status=status, offset=offset, limit=limit)
    if report is None:
        raise NotFound(f"Пакет {batch_id} не найден")
    return report

"""Liveness and counts."""

from __future__ import annotations

from fastapi import APIRouter

from search_api.deps import ServiceDep
from search_api.schemas import Health

router = APIRouter(tags=["служебное"])


@router.get("/health", response_model=Health)
def health(service: ServiceDep) -> Health:
    """Сервис жив; сколько протоколов в хранилище и в индексе."""
    return service.health()

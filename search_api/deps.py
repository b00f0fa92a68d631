"""FastAPI dependencies as typed aliases: the service, the settings and the search parameters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from ingest.bulk import BulkIngest
from protocols.settings import Settings
from search_api.params import SearchParams
from search_api.service import ProtocolService


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_service_dep(request: Request) -> ProtocolService:
    """The app's one service, opened on first use (so importing the app touches no files)."""
    state = request.app.state
    if state.service is None:
        with state.service_lock:
            if state.service is None:
                state.service = ProtocolService(state.settings)
    return state.service


def get_bulk_dep(request: Request) -> BulkIngest:
    """The app's bulk-ingest front (batches and the queue), opened on first use."""
    state = request.app.state
    if getattr(state, "bulk", None) is None:
        with state.service_lock:
            if getattr(state, "bulk", None) is None:
                state.bulk = BulkIngest(state.settings)
    return state.bulk


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ServiceDep = Annotated[ProtocolService, Depends(get_service_dep)]
BulkDep = Annotated[BulkIngest, Depends(get_bulk_dep)]
SearchParamsDep = Annotated[SearchParams, Query()]

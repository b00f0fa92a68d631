"""The web interface: server-rendered pages in Russian, each a thin call into the same service (and the
same batch store) as the JSON routes. GET forms, so every page's URL can be shared."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, status
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from ingest.batches import ItemStatus
from search_api.access import Credentials
from search_api.deps import BulkDep, ServiceDep, SettingsDep
from search_api.errors import NotFound, ServiceError
from search_api.index.base import Level
from search_api.service import ProtocolService
from search_api.upload_stream import UploadError, receive_batch
from search_api.web import views
from search_api.web.access import (
    TOKEN_COOKIE,
    has_valid_token,
    mark_page,
    page_token,
    require_page_reader,
    require_page_writer,
)
from search_api.web.forms import level_of, other_level_filters, search_params
from search_api.web.render import bars, header_values, marked_text, pagination, parse_span
from search_api.web.responses import render
from search_api.web.urls import QueryState

ITEMS_PER_PAGE = 100

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_page_reader)])
account = APIRouter(include_in_schema=False, dependencies=[Depends(mark_page)])


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, service: ServiceDep, settings: SettingsDep) -> HTMLResponse:
    """Search protocols or decisions, with facets."""
    state = QueryState.of("/", request.query_params)
    level = level_of(state)
    state = state.without(*other_level_filters(level))
    keys_of = _keys_of(service)
    context = {
        "section": "search", "state": state, "level": level.value, "kept": views.kept_filters(state),
        "clear_filters": views.CLEAR_FILTERS, "results": None, "error": None, "chips": views.chips(state, {}, keys_of),
    }
    try:
        params = search_params(state, level)
        search = service.search_protocols if level is Level.PROTOCOLS else service.search_decisions
        results = search(params)
    except ServiceError as error:
        return render(request, "search.html", {**context, "error": error.message}, status.HTTP_400_BAD_REQUEST)
    facet_size = params.facet_size or settings.facet_size
    return render(request, "search.html", {
        **context,
        "results": results,
        "chips": views.chips(state, results.facets, keys_of),
        "facets": views.facet_views(state, level, results.facets, keys_of, facet_size, settings.max_facet_size),
        "pagination": pagination(results.total, results.offset, results.limit, settings.max_result_window),
        "export_url": None if settings.read_requires_token else state.url(
            "/export/decisions.csv", level=None, offset=None, limit=None, sort=None, facet_size=None, participant=None,
        ),
    })


@router.get("/p/{protocol_id}", response_class=HTMLResponse)
def protocol_page(request: Request, protocol_id: str, service: ServiceDep) -> HTMLResponse:
    """One protocol: everything extracted, each value linked to its place in the text."""
    view = service.get_protocol(protocol_id)
    record = view.record
    selected = parse_span(request.query_params.get("span"), record.text)
    return render(request, "protocol.html", {
        "view": view, "record": record, "header": header_values(record), "selected": selected,
        "selected_page": record.page_of(selected.start) if selected else None,
        "text": marked_text(record.text, record.pages, selected),
        "measures": {d.ordinal: d.measure for d in view.decisions},
    })


@router.get("/p/{protocol_id}/file")
def protocol_file(protocol_id: str, service: ServiceDep) -> FileResponse:
    """The original file (for the pages: reachable with the login cookie)."""
    original = service.original_file(protocol_id)
    return FileResponse(original.path, media_type=original.media_type, filename=original.filename)


@router.get("/m", response_class=HTMLResponse)
def measures_page(request: Request, service: ServiceDep, settings: SettingsDep) -> HTMLResponse:
    """Measures, most frequent first."""
    state = QueryState.of("/m", request.query_params)
    context = {"section": "measures", "state": state, "measures": None, "error": None}
    try:
        measures = service.measures(search_params(state, Level.DECISIONS))
    except ServiceError as error:
        return render(request, "measures.html", {**context, "error": error.message}, status.HTTP_400_BAD_REQUEST)
    return render(request, "measures.html", {
        **context, "measures": measures,
        "pagination": pagination(measures.total, measures.offset, measures.limit, settings.max_result_window),
    })


@router.get("/m/{key}", response_class=HTMLResponse)
def measure_page(request: Request, key: str, service: ServiceDep, settings: SettingsDep) -> HTMLResponse:
    """One measure: when, how often and for which schools it was decided, and where."""
    state = QueryState.of(f"/m/{key}", request.query_params)
    timeline = service.measure_timeline(key, search_params(state, Level.DECISIONS))
    occurrences = timeline.occurrences
    return render(request, "measure.html", {
        "section": "measures", "state": state, "timeline": timeline,
        "years": bars(timeline.by_year, fill_years=True),
        "schools": bars(timeline.by_school.buckets),
        "school_urls": {b.key: state.toggle("school", b.key) for b in timeline.by_school.buckets},
        "chips": views.chips(state, {"school": timeline.by_school}, _keys_of(service)),
        "pagination": pagination(occurrences.total, occurrences.offset, occurrences.limit, settings.max_result_window),
    })


@router.get("/b", response_class=HTMLResponse)
def batches_page(request: Request, bulk: BulkDep, settings: SettingsDep) -> HTMLResponse:
    """Recent upload batches."""
    state = QueryState.of("/b", request.query_params)
    offset = _int(state.get("offset"))
    total, batches = bulk.batches.list_batches(offset=offset, limit=settings.page_size)
    return render(request, "batches.html", {
        "section": "batches", "state": state, "batches": batches, "total": total,
        "pagination": pagination(total, offset, settings.page_size, total),
    })


@router.get("/b/{batch_id}", response_class=HTMLResponse)
def batch_page(request: Request, batch_id: str, bulk: BulkDep) -> HTMLResponse:
    """One batch: totals, rate, time left and every file's status."""
    state = QueryState.of(f"/b/{batch_id}", request.query_params)
    wanted = state.get("status")
    item_status = ItemStatus(wanted) if wanted in set(ItemStatus) else None
    offset = _int(state.get("offset"))
    report = bulk.batches.report(batch_id, status=item_status, offset=offset, limit=ITEMS_PER_PAGE)
    if report is None:
        raise NotFound(f"Пакет {batch_id} не найден")
    return render(request, "batch.html", {
        "section": "batches", "state": state, "report": report, "status": item_status,
        "statuses": list(ItemStatus),
        "pagination": pagination(report.items_total, offset, ITEMS_PER_PAGE, report.items_total),
    })


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, settings: SettingsDep, credentials: Credentials) -> HTMLResponse:
    """The upload form; first the token, if this browser has not given a valid one."""
    return render(request, "upload.html", {
        "section": "upload", "error": None, "tokens_set": bool(settings.api_tokens),
        "can_upload": has_valid_token(settings, page_token(request, credentials)),
    })


@router.post("/upload", response_class=HTMLResponse, dependencies=[Depends(require_page_writer)])
async def upload_files(request: Request, bulk: BulkDep) -> Response:
    """Files and zip archives become one batch on the queue; then its status page."""
    try:
        summary = await receive_batch(request, bulk)
    except UploadError as error:
        return render(request, "upload.html", {
            "section": "upload", "error": str(error), "tokens_set": True, "can_upload": True,
        }, status.HTTP_400_BAD_REQUEST)
    return RedirectResponse(f"/b/{summary.id}", status_code=status.HTTP_303_SEE_OTHER)


@account.post("/login")
def log_in(
    request: Request, settings: SettingsDep, token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/",
) -> Response:
    """Remember a valid token in this browser (an HttpOnly cookie for the session)."""
    target = next if next.startswith("/") and not next.startswith(("//", "/\\")) else "/"  # no other site
    if not has_valid_token(settings, token.strip()):
        message = "Токен не подходит." if settings.api_tokens else "Вход выключен: на сервере не задан PROTOCOLS_API_TOKENS."
        return render(request, "login.html", {"message": message, "next": target, "can_log_in": bool(settings.api_tokens)},
                      status.HTTP_401_UNAUTHORIZED)
    response = RedirectResponse(target, status_code=status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        TOKEN_COOKIE, token.strip(), httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/",
    )
    return response


@account.post("/logout")
def log_out() -> Response:
    response = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    response.delete_cookie(TOKEN_COOKIE, path="/")
    return response


def _keys_of(service: ProtocolService) -> views.KeysOf:
    return lambda field, value: set(service.filter_keys(field, [value]))


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0

"""The HTTP API: FastAPI over the service layer. `create_app(settings)`; `app` for `uvicorn search_api.app:app`."""

from __future__ import annotations

import threading

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from protocols import __version__
from protocols.settings import Settings, get_settings
from search_api.access import ReadAccess, install_access_errors
from search_api.errors import InvalidRequest, NotFound, QueryError, ServiceError
from search_api.routes import batches, decisions, export, health, measures, pages, protocols, uploads
from search_api.web.access import is_page
from search_api.web.responses import STATIC_DIR, error_page, install_page_errors

STATUS = {QueryError: 400, InvalidRequest: 400, NotFound: 404}

DESCRIPTION = """
Поиск по архиву протоколов совещаний, заседаний и педсоветов: протоколы и решения, фасеты
(организация, выступающий, участник, вид заседания, год, месяц, мера), меры и их история, выгрузка.

**Запрос `q`**: слова ищутся во всех формах («наставничества» найдёт «наставничество»), ё = е;
`"точная фраза"`; `настав*` — по началу слова; слова через пробел — все сразу (И);
`OR` / `ИЛИ` — любое; `-слово` / `NOT слово` / `НЕ слово` — без него; скобки группируют.
Запрос, который не удаётся разобрать, получает ответ 400 с объяснением.

**Фильтры** (можно повторять: `school=…&school=…` — любое из значений; разные фильтры — все сразу):
`school`, `speaker`, `participant`, `kind`, `organization`, `year`, `month`, `measure`, `date_from`,
`date_to`; для решений ещё `responsible` и `protocol`. Счётчики фасета считаются со всеми фильтрами,
кроме его собственного.

**Страницы**: `limit` (не больше `PROTOCOLS_MAX_PAGE_SIZE`), `offset`; листать можно до
`PROTOCOLS_MAX_RESULT_WINDOW`-го результата, всё остальное — через выгрузку.
"""


def _error(status: int, code: str, message: str, details: object = None) -> JSONResponse:
    body = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse(status_code=status, content=body)


def create_app(settings: Settings | None = None) -> FastAPI:
    app = FastAPI(title="Архив протоколов: поиск", version=__version__, description=DESCRIPTION)
    app.state.settings = settings or get_settings()
    app.state.service = None
    app.state.service_lock = threading.Lock()
    for module in (protocols, decisions, measures, export, batches):
        app.include_router(module.router, dependencies=[ReadAccess])
    app.include_router(health.router)
    app.include_router(uploads.router)  # writes: each route requires a token itself
    app.include_router(pages.router)  # the web interface: its own read/write checks (header or login cookie)
    app.include_router(pages.account)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_access_errors(app)
    install_page_errors(app)

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, error: ServiceError) -> Response:
        if is_page(request):
            return error_page(request, STATUS.get(type(error), 400), error.message)
        return _error(STATUS.get(type(error), 400), error.code, error.message)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in error.errors()
        )
        details = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in error.errors()]
        return _error(400, "bad_request", f"Неверные параметры запроса: {problems}", details)

    return app


app = create_app()

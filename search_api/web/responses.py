"""Rendering a page, and the pages for errors (a missing protocol, a closed archive) instead of JSON."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from search_api.web.access import PageAccessDenied, has_valid_token, page_token
from search_api.web.render import templates

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
ERROR_TITLES = {400: "Неверный запрос", 404: "Не найдено"}


def render(request: Request, template: str, context: dict, status_code: int = 200) -> HTMLResponse:
    settings = request.app.state.settings
    token = page_token(request, None)
    base = {"section": "", "logged_in": has_valid_token(settings, token)}
    return templates.TemplateResponse(request, template, {**base, **context}, status_code=status_code)


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    title = ERROR_TITLES.get(status_code, "Ошибка")
    return render(request, "error.html", {"title": title, "message": message}, status_code)


async def _access_denied(request: Request, error: PageAccessDenied) -> HTMLResponse:
    # A GET page comes back after logging in; a refused POST (an upload) goes back to its form.
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    context = {"message": error.message, "next": target if request.method == "GET" else request.url.path,
               "can_log_in": error.can_log_in}
    return render(request, "login.html", context, error.status_code)


def install_page_errors(app: FastAPI) -> None:
    app.add_exception_handler(PageAccessDenied, _access_denied)

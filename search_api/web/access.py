"""Who may see the pages and upload through them: the same tokens and setting as the JSON API.

A browser following a link cannot send an Authorization header, so pages also take the token from a
cookie that the login form sets (HttpOnly; SameSite=Lax, so another site's form cannot post with it)."""

from __future__ import annotations

from fastapi import Request, status

from protocols.settings import Settings
from search_api.access import Credentials, token_is_valid
from search_api.deps import SettingsDep

TOKEN_COOKIE = "protocols_token"


class PageAccessDenied(Exception):
    """Answered with the login page (in Russian), not with the API's JSON."""

    def __init__(self, status_code: int, message: str, *, can_log_in: bool = True) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.can_log_in = can_log_in


def mark_page(request: Request) -> None:
    """Errors raised while answering this request are shown as pages (see search_api.app)."""
    request.state.page = True


def is_page(request: Request) -> bool:
    return getattr(request.state, "page", False)


def page_token(request: Request, credentials: Credentials) -> str | None:
    if credentials is not None:
        return credentials.credentials
    return request.cookies.get(TOKEN_COOKIE) or None


def has_valid_token(settings: Settings, token: str | None) -> bool:
    return bool(token) and token_is_valid(settings.api_tokens, token)


def require_page_reader(request: Request, settings: SettingsDep, credentials: Credentials) -> None:
    """Pages are open unless `read_requires_token`, like the API."""
    mark_page(request)
    if settings.read_requires_token:
        _require_token(settings, page_token(request, credentials), "Просмотр архива")


def require_page_writer(request: Request, settings: SettingsDep, credentials: Credentials) -> None:
    """Uploading always needs a token, checked before a byte of the upload is read."""
    mark_page(request)
    _require_token(settings, page_token(request, credentials), "Загрузка файлов")


def _require_token(settings: Settings, token: str | None, action: str) -> None:
    if not settings.api_tokens:
        raise PageAccessDenied(
            status.HTTP_403_FORBIDDEN, f"{action}: доступ выключен — на сервере не задан PROTOCOLS_API_TOKENS.", can_log_in=False
        )
    if not token:
        raise PageAccessDenied(status.HTTP_401_UNAUTHORIZED, f"{action}: нужен токен доступа.")
    if not token_is_valid(settings.api_tokens, token):
        raise PageAccessDenied(status.HTTP_401_UNAUTHORIZED, "Токен не подходит. Введите его ещё раз.")

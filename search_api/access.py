"""Who may call the API: writing needs a bearer token from `PROTOCOLS_API_TOKENS`; reading is open
unless `PROTOCOLS_READ_REQUIRES_TOKEN` closes it. Used as FastAPI dependencies."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from search_api.deps import SettingsDep

bearer = HTTPBearer(auto_error=False, description="токен из PROTOCOLS_API_TOKENS")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


class AccessDenied(HTTPException):
    """401/403 with the API's usual error body {code, message}."""

    def __init__(self, status_code: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code, detail={"code": code, "message": message}, headers=headers)


async def _access_denied(request: Request, error: AccessDenied) -> JSONResponse:
    return JSONResponse(error.detail, status_code=error.status_code, headers=error.headers)


def install_access_errors(app: FastAPI) -> None:
    app.add_exception_handler(AccessDenied, _access_denied)


def token_is_valid(tokens: list[str], given: str) -> bool:
    """Compared with every token, in constant time, so timing does not tell how much of a token was right."""
    given_bytes = given.encode()
    return any([hmac.compare_digest(given_bytes, token.encode()) for token in tokens])


def _check_token(tokens: list[str], credentials: HTTPAuthorizationCredentials | None, action: str) -> None:
    if not tokens:
        raise AccessDenied(
            status.HTTP_403_FORBIDDEN, "access_disabled", f"{action} через API выключено: не задан PROTOCOLS_API_TOKENS"
        )
    if credentials is None:
        raise AccessDenied(
            status.HTTP_401_UNAUTHORIZED, "token_required", f"{action}: нужен заголовок Authorization: Bearer <токен>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not token_is_valid(tokens, credentials.credentials):
        raise AccessDenied(
            status.HTTP_401_UNAUTHORIZED, "bad_token", "Токен не подходит",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )


def require_writer(settings: SettingsDep, credentials: Credentials) -> None:
    """Writing (uploads, deletions) always needs a valid token."""
    _check_token(settings.api_tokens, credentials, "Изменение архива")


def require_reader(settings: SettingsDep, credentials: Credentials) -> None:
    """Reading needs a token only when `read_requires_token` is set."""
    if settings.read_requires_token:
        _check_token(settings.api_tokens, credentials, "Чтение")


WriteAccess = Depends(require_writer)
ReadAccess = Depends(require_reader)

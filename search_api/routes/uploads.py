"""Changing the archive: bulk uploads (files and zip archives, processed by the queue) and deletion."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse

from ingest.batches import BatchSummary
from search_api.access import WriteAccess
from search_api.deps import BulkDep, ServiceDep
from search_api.errors import NotFound
from search_api.schemas import ErrorOut
from search_api.upload_stream import UploadError, receive_batch

router = APIRouter(tags=["загрузка"], dependencies=[WriteAccess])

UPLOAD_DESCRIPTION = """
Файлы `.docx`/`.pdf` и zip-архивы с ними (вложенные папки и архивы тоже) в одном запросе
`multipart/form-data`, сколько угодно частей с именем файла; необязательное поле `label` — подпись
пакета. Файлы принимаются потоком прямо на диск и обрабатываются очередью; ответ 202 сразу после
приёма, с номером пакета. Ход обработки и статус каждого файла: `GET /batches/{id}`.
"""


@router.post(
    "/uploads",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=BatchSummary,
    responses={400: {"model": ErrorOut}, 401: {"model": ErrorOut}, 403: {"model": ErrorOut}},
    description=UPLOAD_DESCRIPTION,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                            "label": {"type": "string", "example": "Архив педсоветов 2019–2021"},
                        },
                    }
                }
            },
        }
    },
)
async def upload(request: Request, bulk: BulkDep) -> JSONResponse:
    """Загрузить пакет файлов и архивов: 202 и номер пакета."""
    try:
        summary = await receive_batch(request, bulk)
    except UploadError as error:
        return JSONResponse({"code": "bad_upload", "message": str(error)}, status_code=status.HTTP_400_BAD_REQUEST)
    return JSONResponse(
        summary.model_dump(mode="json"), status_code=status.HTTP_202_ACCEPTED,
        headers={"Location": f"/batches/{summary.id}"},
    )


@router.delete(
    "/protocols/{protocol_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={404: {"model": ErrorOut}, 401: {"model": ErrorOut}, 403: {"model": ErrorOut}},
)
def delete_protocol(protocol_id: str, service: ServiceDep, bulk: BulkDep) -> Response:
    """Удалить протокол из архива и поиска; его файл можно будет загрузить заново."""
    if not bulk.delete_protocol(service, protocol_id):
        raise NotFound(f"Протокол {protocol_id} не найден")
    return Response(status_code=status.HTTP_204_NO_CONTENT)

"""Receiving a multipart/form-data upload straight into a folder, chunk by chunk, never whole in memory.

Starlette's form parser spools every file to a temporary file and caps the number of files; a bulk
upload holds thousands of files and archives, so parts go straight to their final place here, under
generated names, with a size cap enforced while the bytes arrive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import anyio
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

if TYPE_CHECKING:
    from ingest.batches import BatchSummary
    from ingest.bulk import BulkIngest

MAX_FIELD_BYTES = 64 * 1024
SAFE_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")
UNNAMED = "без имени"


class UploadError(Exception):
    """The request is not a usable multipart upload; the message is for people."""


@dataclass
class ReceivedFile:
    filename: str  # as the client sent it, folders included
    path: Path
    size: int = 0
    over_limit: bool = False  # stopped writing at the size cap; the rest of the part was dropped


@dataclass
class ReceivedUpload:
    files: list[ReceivedFile] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    name: str = ""
    file: ReceivedFile | None = None
    handle: BinaryIO | None = None
    value: bytearray = field(default_factory=bytearray)


class _Receiver:
    """python-multipart callbacks: headers and field values in memory, file bytes queued for writing."""

    def __init__(self, dest: Path, max_part_bytes: int) -> None:
        self.dest = dest
        self.max_part_bytes = max_part_bytes
        self.upload = ReceivedUpload()
        self.part = _Part()
        self.header_name = b""
        self.header_value = b""
        self.to_write: list[tuple[BinaryIO, bytes]] = []
        self.to_close: list[BinaryIO] = []
        self.open_handles: list[BinaryIO] = []

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self.on_part_begin,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
        }

    def on_part_begin(self) -> None:
        self.part = _Part()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.part.headers[self.header_name.lower()] = self.header_value
        self.header_name = self.header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.part.headers.get(b"content-disposition", b""))
        self.part.name = _decode(options.get(b"name", b""))
        if b"filename" not in options:
            return
        filename = _decode(options[b"filename"]) or UNNAMED
        number = len(self.upload.files) + 1
        suffix = Path(filename.replace("\\", "/")).suffix.lower()
        path = self.dest / f"{number:06d}{suffix if SAFE_SUFFIX.match(suffix) else ''}"
        received = ReceivedFile(filename=filename, path=path)
        self.upload.files.append(received)
        self.part.file = received
        self.part.handle = path.open("wb")
        self.open_handles.append(self.part.handle)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        received = self.part.file
        if received is None:
            if len(self.part.value) + len(chunk) > MAX_FIELD_BYTES:
                raise UploadError(f"Поле формы «{self.part.name}» длиннее {MAX_FIELD_BYTES} байт")
            self.part.value += chunk
            return
        if received.over_limit:
            received.size += len(chunk)
            return
        received.size += len(chunk)
        if received.size > self.max_part_bytes:
            received.over_limit = True
            return
        self.to_write.append((self.part.handle, chunk))

    def on_part_end(self) -> None:
        if self.part.file is None:
            self.upload.fields[self.part.name] = _decode(bytes(self.part.value))
        else:
            self.to_close.append(self.part.handle)

    def flush(self) -> None:
        """Write queued bytes and close finished files (called in a worker thread)."""
        for handle, chunk in self.to_write:
            handle.write(chunk)
        for handle in self.to_close:
            handle.close()
        self.to_write.clear()
        self.to_close.clear()

    def close_all(self) -> None:
        for handle in self.open_handles:
            handle.close()


def _decode(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("cp1251")


async def receive_multipart(request: Request, dest: Path, *, max_part_bytes: int) -> ReceivedUpload:
    """Stream the request's file parts into `dest` (as 000001.ext, …); form fields come back as text."""
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or b"boundary" not in params:
        raise UploadError("Ожидается multipart/form-data с файлами")
    dest.mkdir(parents=True, exist_ok=True)
    receiver = _Receiver(dest, max_part_bytes)
    parser = MultipartParser(params[b"boundary"], receiver.callbacks())
    try:
        async for chunk in request.stream():
            parser.write(chunk)
            if receiver.to_write or receiver.to_close:
                await anyio.to_thread.run_sync(receiver.flush)
        parser.finalize()
        await anyio.to_thread.run_sync(receiver.flush)
    except FormParserError as error:
        raise UploadError(f"Запрос не разобран как multipart/form-data: {error}") from error
    finally:
        receiver.close_all()
    return receiver.upload


async def receive_batch(request: Request, bulk: BulkIngest) -> BatchSummary:
    """A whole upload as one queued batch (the API's and the web form's): files, archives, optional `label`.

    Raises UploadError (and forgets the batch) when the request holds no file. A browser sends an empty
    file input as a nameless empty part: that is no file."""
    batch_id, folder = await anyio.to_thread.run_sync(bulk.start_upload, "")
    try:
        received = await receive_multipart(request, folder, max_part_bytes=bulk.max_upload_part_bytes)
        files = []
        for received_file in received.files:
            if received_file.filename == UNNAMED and received_file.size == 0:
                received_file.path.unlink(missing_ok=True)
            else:
                files.append(received_file)
        if not files:
            raise UploadError("В запросе нет файлов: нужны части multipart с именем файла (filename)")
    except BaseException:
        await anyio.to_thread.run_sync(bulk.abandon_upload, batch_id)
        raise
    label = received.fields.get("label", "")
    parts = [(f.filename, f.path, f.over_limit) for f in files]
    return await anyio.to_thread.run_sync(bulk.finish_upload, batch_id, parts, label)

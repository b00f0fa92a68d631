"""One exception family for problems with the data itself; environment failures propagate."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be read as a protocol. `code` is machine-readable, `message` is for people."""

    code = "ingest_error"

    def __init__(self, message: str, *, filename: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.filename = filename

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}

    def __str__(self) -> str:
        where = f"{self.filename}: " if self.filename else ""
        return f"{where}[{self.code}] {self.message}"


class UnsupportedFormat(IngestError):
    code = "unsupported_format"


class CorruptFile(IngestError):
    code = "corrupt_file"


class EncryptedFile(IngestError):
    code = "encrypted"


class NoTextLayer(IngestError):
    """An image-only PDF (a scan): it needs OCR, which this reader does not do."""

    code = "no_text_layer"


class EmptyDocument(IngestError):
    code = "empty_document"


class TooLarge(IngestError):
    code = "too_large"

"""Builders of real zip archives, nasty ones included, for the bulk-ingest tests."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path


class RawNameInfo(zipfile.ZipInfo):
    """An entry whose name is written as given bytes without the UTF-8 flag, as old Windows archivers do."""

    def __init__(self, raw_name: bytes) -> None:
        super().__init__(raw_name.decode("cp437"))

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own hook
        return self.filename.encode("cp437"), self.flag_bits


def write_zip(path: Path, entries: dict[str, bytes] | list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    """A deflated zip with the given entries (names as str, or ZipInfo for raw names and odd flags)."""
    items = entries.items() if isinstance(entries, dict) else entries
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in items:
            if isinstance(name, zipfile.ZipInfo):
                name.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(name, data)
    return path


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def cp866_entry(name: str) -> RawNameInfo:
    return RawNameInfo(name.encode("cp866"))


def cp1251_entry(name: str) -> RawNameInfo:
    return RawNameInfo(name.encode("cp1251"))


def nested_zip(depth: int, leaf_name: str, leaf: bytes) -> bytes:
    """A zip holding a zip … `depth` archives deep, the innermost holding `leaf_name`."""
    data = zip_bytes({leaf_name: leaf})
    for level in range(depth - 1, 0, -1):
        data = zip_bytes({f"level{level + 1}.zip": data})
    return data

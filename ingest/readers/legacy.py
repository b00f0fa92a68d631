"""Formats people upload for .docx but that are not: legacy Word (.doc), RTF, password-protected Word.

Nothing is read from them; the reader recognizes them by content so the error says what to do.
A password-protected .docx is an OLE compound file holding "EncryptionInfo" and "EncryptedPackage"
streams, so it is `encrypted`, not a legacy document.
"""

from __future__ import annotations

import struct
from pathlib import Path

from ingest.errors import EncryptedFile, UnsupportedFormat
from ingest.readers.base import Reader, ReadText

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"

_END_OF_CHAIN = 0xFFFFFFFE
_MAX_SECTORS = 1 << 20

_RESAVE = "откройте его в Word или LibreOffice и сохраните как .docx (или PDF)"


class LegacyOfficeReader(Reader):
    format = "doc"
    extensions = (".doc", ".rtf")

    @classmethod
    def match(cls, path: Path, head: bytes) -> int:
        return 100 if head.startswith((OLE_MAGIC, RTF_MAGIC)) else 0

    def read(self, path: Path) -> ReadText:
        with path.open("rb") as f:
            head = f.read(len(OLE_MAGIC))
        if head.startswith(RTF_MAGIC):
            raise UnsupportedFormat(f"Файл в формате RTF: {_RESAVE}")
        streams = ole_stream_names(path)
        if {"EncryptionInfo", "EncryptedPackage"} <= streams:
            raise EncryptedFile("Документ Word защищён паролем: откройте его и сохраните без пароля")
        if "WordDocument" in streams:
            raise UnsupportedFormat(f"Файл в старом формате Word (.doc), он не поддерживается: {_RESAVE}")
        if streams & {"Workbook", "Book", "PowerPoint Document"}:
            raise UnsupportedFormat("Это таблица Excel или презентация PowerPoint, а не протокол: нужен .docx или .pdf")
        raise UnsupportedFormat(f"Файл в старом формате Microsoft Office, он не поддерживается: {_RESAVE}")


def ole_stream_names(path: Path) -> set[str]:
    """Names in an OLE compound file's directory; empty when the structure cannot be followed."""
    data = path.read_bytes()
    if len(data) < 512 or not data.startswith(OLE_MAGIC):
        return set()
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    if sector_size not in (512, 4096):
        return set()
    first_directory, = struct.unpack_from("<I", data, 0x30)
    first_difat, difat_count = struct.unpack_from("<II", data, 0x44)

    def sector(n: int) -> bytes:
        start = (n + 1) * sector_size
        return data[start : start + sector_size]

    fat_sectors = [n for n in struct.unpack_from("<109I", data, 0x4C) if n < _END_OF_CHAIN]
    next_difat, hops = first_difat, 0
    while next_difat < _END_OF_CHAIN and hops < min(difat_count, _MAX_SECTORS):
        entries = struct.unpack(f"<{sector_size // 4}I", sector(next_difat).ljust(sector_size, b"\xff"))
        fat_sectors += [n for n in entries[:-1] if n < _END_OF_CHAIN]
        next_difat, hops = entries[-1], hops + 1
    fat = b"".join(sector(n) for n in fat_sectors)
    fat_entries = len(fat) // 4

    names = set()
    current, seen = first_directory, set()
    while current < _END_OF_CHAIN and current not in seen and current < fat_entries:
        seen.add(current)
        block = sector(current)
        for offset in range(0, len(block) - 127, 128):
            length, = struct.unpack_from("<H", block, offset + 64)
            if 2 <= length <= 64:
                names.add(block[offset : offset + length - 2].decode("utf-16-le", errors="replace"))
        current, = struct.unpack_from("<I", fat, current * 4)
    return names

"""Safe unpacking of zip archives into a staging folder, entry by entry.

Entry names are only ever shown to people: every entry is written under a generated name inside
the staging folder, so no name can place a file elsewhere. Entries that would (".." or absolute
paths) are still refused by name, so the user learns the archive is unsafe. Sizes declared in the
central directory are checked before anything is written (ratio, total, entry count), and the bytes
actually written are counted against the same budget. Archives inside archives are unpacked down to
`Settings.zip_max_depth`.
"""

from __future__ import annotations

import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import EncryptedFile, IngestError, UnsupportedFormat
from ingest.junk import Junk, classify_junk
from protocols.settings import Settings

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
# Packages whose container is a zip but which are documents: Office Open XML (.docx, .xlsx), ODF.
DOCUMENT_PACKAGE_MARKERS = ("[Content_Types].xml", "word/document.xml", "_rels/.rels", "mimetype")
# Below this size a high ratio is just well-compressible text, not a bomb.
RATIO_FLOOR_BYTES = 1024 * 1024
COPY_CHUNK = 1024 * 1024
UNICODE_PATH_EXTRA = 0x7075  # Info-ZIP Unicode Path Extra Field
UTF8_NAME_FLAG = 0x800
ENCRYPTED_FLAG = 0x1
RUSSIAN_LETTER = re.compile(r"[А-Яа-яЁё]")
SAFE_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")
WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


class UnsafeEntryPath(IngestError):
    code = "unsafe_path"


class ZipBomb(IngestError):
    code = "zip_bomb"


class ArchiveTooDeep(IngestError):
    code = "archive_too_deep"


class CorruptArchive(IngestError):
    code = "corrupt_archive"


@dataclass(frozen=True)
class Unpacked:
    """One entry of an archive: a file at `path` to ingest, a failure, or a skipped non-document."""

    display_path: str
    path: Path | None = None
    error: IngestError | None = None
    skipped: str | None = None


def looks_like_archive(path: Path) -> bool:
    """True for a zip archive judged by content, whatever its name; a .docx (a zip too) is a document."""
    with path.open("rb") as f:
        head = f.read(4)
    if head not in (ZIP_MAGIC, EMPTY_ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False  # a broken zip: the readers report it as a corrupt document
    return not any(marker in names for marker in DOCUMENT_PACKAGE_MARKERS)


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry name as its author wrote it.

    Without the UTF-8 flag zipfile decodes names as cp437, but Russian Windows archivers write the
    OEM code page cp866 (some the ANSI cp1251, Linux and macOS tools often UTF-8 without the flag).
    """
    if info.flag_bits & UTF8_NAME_FLAG:
        return info.filename
    unicode_path = _unicode_path_extra(info)
    if unicode_path is not None:
        return unicode_path
    raw = info.orig_filename.encode("cp437")
    if raw.isascii():
        return info.filename
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = [raw.decode("cp866"), raw.decode("cp1251", errors="replace")]
    best = max(candidates, key=lambda name: len(RUSSIAN_LETTER.findall(name)))  # ties keep cp866
    return best if RUSSIAN_LETTER.search(best) else info.filename


def _unicode_path_extra(info: zipfile.ZipInfo) -> str | None:
    """The UTF-8 name from an Info-ZIP Unicode Path field, if it belongs to this entry's raw name."""
    extra = info.extra
    offset = 0
    while offset + 4 <= len(extra):
        field_id, size = struct.unpack_from("<HH", extra, offset)
        data = extra[offset + 4 : offset + 4 + size]
        offset += 4 + size
        if field_id != UNICODE_PATH_EXTRA or len(data) < 5 or data[0] != 1:
            continue
        (name_crc,) = struct.unpack_from("<I", data, 1)
        if name_crc != zlib.crc32(info.orig_filename.encode("cp437")):
            return None  # the name was changed after the field was written: the field is stale
        try:
            return data[5:].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def unsafe_reason(name: str) -> str | None:
    """Why an entry name would write outside the folder it is unpacked into, or None."""
    normalized = name.replace("\\", "/")
    if normalized.startswith("/") or WINDOWS_DRIVE.match(normalized):
        return "абсолютный путь"
    if ".." in normalized.split("/"):
        return 'путь с переходом на уровень выше ("..")'
    return None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


class _Budget:
    """Bytes an archive (with everything nested in it) may still unpack to."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit


class ArchiveUnpacker:
    """Unpacks archives into `dest_dir` under generated names, honouring the zip limits in settings."""

    def __init__(self, settings: Settings, dest_dir: Path) -> None:
        self.settings = settings
        self.dest_dir = dest_dir
        self._counter = 0

    def unpack(self, archive: Path, display_name: str) -> Iterator[Unpacked]:
        """Every entry of `archive` (depth 1) and of archives inside it, as files, failures or skips.

        An archive that cannot be opened or breaks a whole-archive limit yields one failure for itself.
        """
        budget = _Budget(self.settings.zip_max_total_bytes)
        yield from self._unpack(archive, display_name, depth=1, budget=budget)

    def _unpack(self, archive: Path, display_name: str, *, depth: int, budget: _Budget) -> Iterator[Unpacked]:
        try:
            zf = zipfile.ZipFile(archive)
        except zipfile.BadZipFile as error:
            yield Unpacked(display_name, error=CorruptArchive(f"Архив повреждён: {error}", filename=display_name))
            return
        with zf:
            refusal = self._refuse_whole(zf, display_name, budget)
            if refusal is not None:
                yield Unpacked(display_name, error=refusal)
                return
            for info in zf.infolist():
                yield from self._entry(zf, info, display_name, depth=depth, budget=budget)

    def _refuse_whole(self, zf: zipfile.ZipFile, display_name: str, budget: _Budget) -> IngestError | None:
        infos = zf.infolist()
        if len(infos) > self.settings.zip_max_entries:
            return ZipBomb(
                f"В архиве {len(infos)} записей, допускается не более {self.settings.zip_max_entries}",
                filename=display_name,
            )
        declared = sum(info.file_size for info in infos)
        if declared > budget.left:
            return ZipBomb(
                f"Архив распаковывается в {declared} байт, допускается не более {budget.limit} байт"
                " (вместе с вложенными архивами)",
                filename=display_name,
            )
        return None

    def _entry(
        self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, display_name: str, *, depth: int, budget: _Budget
    ) -> Iterator[Unpacked]:
        name = entry_name(info)
        display = f"{display_name}/{name.replace(chr(92), '/').lstrip('/')}"
        if info.is_dir() or name.endswith(("/", "\\")):
            return
        reason = unsafe_reason(name)
        if reason is not None:
            yield Unpacked(
                f"{display_name}/{name}",
                error=UnsafeEntryPath(f"Запись архива отклонена: {reason}", filename=name),
            )
            return
        junk = classify_junk(name.replace("\\", "/"))
        if junk is not None:
            kind, why = junk
            if kind is Junk.SKIPPED:
                yield Unpacked(display, skipped=why)
            return
        if _is_symlink(info):
            yield Unpacked(display, skipped="символическая ссылка в архиве, не документ")
            return
        if info.flag_bits & ENCRYPTED_FLAG:
            yield Unpacked(display, error=EncryptedFile("Файл в архиве зашифрован паролем", filename=name))
            return
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > self.settings.zip_max_ratio:
            yield Unpacked(
                display,
                error=ZipBomb(
                    f"Степень сжатия {ratio:.0f}:1 больше допустимой {self.settings.zip_max_ratio:.0f}:1",
                    filename=name,
                ),
            )
            return
        try:
            target = self._extract(zf, info, name, budget)
        except IngestError as error:
            yield Unpacked(display, error=error)
            return
        if looks_like_archive(target):
            if depth + 1 > self.settings.zip_max_depth:
                target.unlink()
                yield Unpacked(
                    display,
                    error=ArchiveTooDeep(
                        f"Архив вложен слишком глубоко: допускается {self.settings.zip_max_depth} уровня вложенности",
                        filename=name,
                    ),
                )
                return
            try:
                yield from self._unpack(target, display, depth=depth + 1, budget=budget)
            finally:
                target.unlink(missing_ok=True)
            return
        yield Unpacked(display, path=target)

    def _extract(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, budget: _Budget) -> Path:
        """Copy one entry out under a generated name, counting real bytes against the budget."""
        self._counter += 1
        suffix = Path(name.replace("\\", "/")).suffix.lower()
        target = self.dest_dir / f"{self._counter:06d}{suffix if SAFE_SUFFIX.match(suffix) else ''}"
        self.dest_dir.mkdir(parents=True, exist_ok=True)
        written = 0
        try:
            with zf.open(info) as src, target.open("wb") as dst:
                for chunk in iter(lambda: src.read(COPY_CHUNK), b""):
                    written += len(chunk)
                    if written > budget.left:
                        raise ZipBomb(f"Архив распаковывается больше чем в {budget.limit} байт", filename=name)
                    dst.write(chunk)
        except IngestError:
            target.unlink(missing_ok=True)
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            target.unlink(missing_ok=True)
            raise CorruptArchive(f"Запись архива повреждена: {error}", filename=name) from error
        except NotImplementedError as error:  # zipfile's answer to deflate64, ppmd and the like
            target.unlink(missing_ok=True)
            raise UnsupportedFormat(f"Метод сжатия записи не поддерживается: {error}", filename=name) from error
        budget.left -= written
        return target

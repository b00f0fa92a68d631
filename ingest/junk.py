"""Files that come along with archives and folders but are not documents: skipped, never read."""

from __future__ import annotations

from enum import Enum


class Junk(Enum):
    """How a non-document is treated: `IGNORED` leaves no trace, `SKIPPED` is listed with its reason."""

    IGNORED = "ignored"
    SKIPPED = "skipped"


# Metadata that mirrors other entries (macOS resource forks): listing it would double every file.
_IGNORED_DIRS = {"__macosx"}
_IGNORED_PREFIXES = ("._",)

_SYSTEM_FILES = {".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini", ".directory"}


def classify_junk(path_in_container: str) -> tuple[Junk, str] | None:
    """`(Junk.X, reason)` for a system or lock file, None for anything that may be a document.

    `path_in_container` uses "/" between parts (a path inside an archive or below a folder).
    """
    parts = [part for part in path_in_container.split("/") if part]
    if not parts:
        return None
    name = parts[-1]
    lowered = name.lower()
    if any(part.lower() in _IGNORED_DIRS for part in parts) or name.startswith(_IGNORED_PREFIXES):
        return Junk.IGNORED, "служебные данные macOS"
    if lowered in _SYSTEM_FILES:
        return Junk.SKIPPED, "служебный файл операционной системы, не документ"
    if name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#")):
        return Junk.SKIPPED, "временный файл блокировки офисной программы, не документ"
    return None

"""What a user hands in (files, folders, zip archives) as a flat list of files with their display paths."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.archives import ArchiveUnpacker, looks_like_archive
from ingest.errors import IngestError
from ingest.junk import Junk, classify_junk
from protocols.settings import Settings


class Unreadable(IngestError):
    code = "unreadable"


@dataclass(frozen=True)
class SourceItem:
    """One file of a batch as the user sees it: to be ingested from `path`, failed already, or skipped.

    `staged` means `path` is our own copy (an uploaded file or an unpacked archive entry), removed
    once a worker is done with it; otherwise it is the user's file and is never touched.
    """

    display_path: str
    path: Path | None = None
    staged: bool = False
    error: IngestError | None = None
    skipped: str | None = None


class SourceCollector:
    """Turns inputs into `SourceItem`s, unpacking archives into `staging_dir`."""

    def __init__(self, settings: Settings, staging_dir: Path) -> None:
        self.unpacker = ArchiveUnpacker(settings, staging_dir / "unpacked")

    def from_paths(self, paths: Iterable[Path]) -> Iterator[SourceItem]:
        """Files, folders (recursively, symlinks not followed) and archives given on a command line."""
        for path in paths:
            display = str(path)
            if path.is_dir():
                yield from self._walk(path, display.rstrip("/") or "/")
            else:
                yield from self.from_file(path, display, staged=False)

    def from_file(self, path: Path, display_path: str, *, staged: bool) -> Iterator[SourceItem]:
        """One file: itself, or every entry if it is an archive (judged by content); system junk skipped."""
        junk = classify_junk(display_path)
        if junk is not None:
            if junk[0] is Junk.SKIPPED:
                yield SourceItem(display_path, skipped=junk[1])
            if staged:
                path.unlink(missing_ok=True)
            return
        try:
            is_archive = looks_like_archive(path)
        except PermissionError as error:
            yield SourceItem(display_path, error=Unreadable(f"Нет доступа к файлу: {error.strerror}"))
            return
        if not is_archive:
            yield SourceItem(display_path, path=path, staged=staged)
            return
        try:
            for entry in self.unpacker.unpack(path, display_path):
                yield SourceItem(
                    entry.display_path, path=entry.path, staged=entry.path is not None, error=entry.error,
                    skipped=entry.skipped,
                )
        finally:
            if staged:
                path.unlink(missing_ok=True)

    def _walk(self, folder: Path, display_root: str) -> Iterator[SourceItem]:
        for root, dirs, files in os.walk(folder, followlinks=False):
            base = Path(root)
            for name in sorted(d for d in dirs if (base / d).is_symlink()):
                yield SourceItem(f"{display_root}/{(base / name).relative_to(folder).as_posix()}",
                                 skipped="символическая ссылка на папку, по ссылкам обход не идёт")
            dirs.sort()
            for name in sorted(files):
                path = base / name
                relative = path.relative_to(folder).as_posix()
                display = f"{display_root}/{relative}"
                mode = path.lstat().st_mode
                if stat.S_ISLNK(mode):
                    yield SourceItem(display, skipped="символическая ссылка, по ссылкам обход не идёт")
                elif not stat.S_ISREG(mode):
                    yield SourceItem(display, skipped="не обычный файл")
                else:
                    yield from self.from_file(path, display, staged=False)

"""The small interface every format reader implements, and the text clean-up all of them share."""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from protocols.model import Page
from protocols.settings import Settings


@dataclass(frozen=True)
class ReadWarning:
    """Something was read only in part (a page without text, an unreadable page); the rest is fine."""

    code: str
    message: str
    page: int | None = None


@dataclass(frozen=True)
class ReadText:
    """What a reader gives: one document text and its pages as character ranges of it."""

    text: str
    pages: list[Page]
    warnings: tuple[ReadWarning, ...] = ()


class Reader(ABC):
    format: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @classmethod
    @abstractmethod
    def match(cls, path: Path, head: bytes) -> int:
        """How sure this reader is that the file is its format, 0 (not at all) to 100, judged by content."""

    @abstractmethod
    def read(self, path: Path) -> ReadText:
        """Read the file; data problems raise `ingest.errors.IngestError` subclasses."""

    @classmethod
    def has_own_extension(cls, path: Path) -> bool:
        """Whether the name agrees with the content; it may break a tie, never decide alone."""
        return path.suffix.lower() in cls.extensions


# Spaces that only forbid a line break: searched and matched as plain spaces.
_NO_BREAK_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})
# Invisible characters (soft hyphen, zero-width marks, BOM) and control characters other than \t and \n.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b-\x1f\x7f]")


def clean_text(text: str) -> str:
    """The text as readers return it: NFC, \\n line ends, no-break spaces as spaces, no invisible characters.

    Nothing else changes (quotes, dashes, «№» stay). Readers clean before computing page offsets.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = unicodedata.normalize("NFC", text.translate(_NO_BREAK_SPACES))
    return _INVISIBLE.sub("", text)

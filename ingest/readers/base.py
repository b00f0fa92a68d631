"""The small interface every format reader implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from protocols.model import Page
from protocols.settings import Settings


@dataclass(frozen=True)
class ReadText:
    """What a reader gives: one document text and its pages as character ranges of it."""

    text: str
    pages: list[Page]


class Reader(ABC):
    format: ClassVar[str]

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @classmethod
    @abstractmethod
    def match(cls, path: Path, head: bytes) -> int:
        """How sure this reader is that the file is its format, 0 (not at all) to 100, judged by content."""

    @abstractmethod
    def read(self, path: Path) -> ReadText:
        """Read the file; data problems raise `ingest.errors.IngestError` subclasses."""

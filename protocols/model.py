"""The one record carried through the pipeline: a read document and everything extracted from it.

Every extracted value carries a `Span` into `MeetingProtocol.text`, so a user can check it against
the source. The JSON form (`MeetingProtocol.model_dump(mode="json")`) is the public contract of
`protocols show --json`; its JSON Schema is `MeetingProtocol.model_json_schema()` and is written to
`docs/protocol.schema.json` by `protocols schema`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(Record):
    """Half-open character range [start, end) in the document text, and the 1-based page it starts on."""

    start: int
    end: int
    page: int | None = None


class Page(Record):
    """One page (PDF) or the whole document (.docx) as a character range of the document text."""

    number: int = Field(description="1-based page number")
    start: int
    end: int


class Source(Record):
    """The file a protocol was read from."""

    filename: str
    sha256: str
    size: int = Field(description="size in bytes")
    format: Literal["docx", "pdf", "txt"] = Field(description="txt only for plain-text gold annotations")


class TextValue(Record):
    """A string value found in the text."""

    value: str
    span: Span


class DateValue(Record):
    """A calendar date found in the text; `raw` is the text as written."""

    value: dt.date
    raw: str
    span: Span


class CountValue(Record):
    value: int
    span: Span


class Person(Record):
    """A person named in the protocol, normalized to the nominative "Фамилия И.О."."""

    name: str = Field(description='nominative "Фамилия И.О." (or "Фамилия Имя Отчество" reduced to it)')
    raw: str = Field(description="the name as written")
    role: str | None = Field(default=None, description="role as stated, in the nominative where feasible")
    organization: str | None = None
    attendance: Literal["present", "absent", "invited", "moderator", "chair", "secretary", "head"] = "present"
    span: Span


class School(Record):
    """An education organization or authority mentioned in the text."""

    name: str = Field(description="as written, white space normalized")
    key: str = Field(description="canonical key: spellings of one school share it")
    group: str | None = Field(default=None, description='the heading it is listed under, e.g. "Кластер ШНРО"')
    span: Span


class AgendaItem(Record):
    number: int = Field(description="1-based position in the agenda")
    text: str = Field(description="verbatim, without its number")
    span: Span


class Speaker(Record):
    """A person presenting an agenda item ("Слушали: …", "выступила …")."""

    name: str | None = Field(description='nominative "Фамилия И.О."; null for an unnamed speaker')
    raw: str
    role: str | None = None
    agenda_item: int | None = None
    span: Span


class DecreeRef(Record):
    """A reference to an order or other act: "приказ от 02.07.2020 г. № 145"."""

    kind: str = Field(description='the act as written, e.g. "приказ"')
    date: dt.date | None = None
    number: str | None = None
    span: Span


class Decision(Record):
    number: str | None = Field(default=None, description='as numbered in the text: "2", "3.1", "3)"')
    text: str = Field(description="verbatim, without its number, responsible and deadline lines")
    agenda_item: int | None = None
    responsible: str | None = Field(default=None, description="the addressee or responsible party, nominative")
    deadline: str | None = Field(default=None, description='as written: "до 01.09.2021", "в течение года"')
    deadline_date: dt.date | None = None
    decrees: list[DecreeRef] = Field(default_factory=list)
    span: Span


class ExtractionWarning(Record):
    """Something a reader of the record should double-check."""

    code: str = Field(description='machine-readable, e.g. "date_conflict", "no_date", "no_number"')
    message: str = Field(description="for people, in Russian")
    span: Span | None = None


class MeetingProtocol(Record):
    """A meeting protocol: the source, its text with page boundaries, and what was extracted."""

    schema_version: int = SCHEMA_VERSION
    extractor_version: str | None = None
    source: Source
    text: str
    pages: list[Page]

    doc_type: TextValue | None = Field(default=None, description="kind of meeting as the header words it, nominative")
    number: TextValue | None = None
    date: DateValue | None = None
    date_conflicts: list[DateValue] = Field(default_factory=list)
    time: TextValue | None = Field(default=None, description='"HH:MM"')
    place: TextValue | None = None
    format: TextValue | None = Field(default=None, description='"очно", "ВКС", "онлайн"')
    format_link: TextValue | None = None
    organization: TextValue | None = None

    participants: list[Person] = Field(default_factory=list)
    participant_count: CountValue | None = None
    schools: list[School] = Field(default_factory=list)
    agenda: list[AgendaItem] = Field(default_factory=list)
    speakers: list[Speaker] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    warnings: list[ExtractionWarning] = Field(default_factory=list)

    def page_of(self, offset: int) -> int | None:
        """The 1-based page holding a character offset."""
        for page in self.pages:
            if page.start <= offset < page.end or (offset == page.end == len(self.text)):
                return page.number
        return None

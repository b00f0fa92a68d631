"""What the service answers: the response models of the HTTP API (and of `protocols search --json`)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from protocols.model import MeetingProtocol, Span


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HighlightOut(Out):
    field: str = Field(description="поле, из которого взят фрагмент")
    snippet: str = Field(description="фрагмент исходного текста; найденные слова в <mark>…</mark>, остальное экранировано")
    matches: list[tuple[int, int]] = Field(description="найденные слова: [начало, конец) в тексте поля")


class FacetBucketOut(Out):
    key: str = Field(description="значение для фильтра")
    label: str = Field(description="как показывать")
    count: int


class FacetOut(Out):
    buckets: list[FacetBucketOut]
    other: int = Field(0, description="сумма счётчиков значений, не вошедших в список")


class ProtocolHit(Out):
    id: str
    date: dt.date | None
    title: str
    kind: str | None
    number: str | None
    organization: str | None
    filename: str
    format: str
    schools: list[str]
    agenda: list[str]
    decisions: int = Field(description="число решений")
    score: float | None = Field(description="bm25, больше — релевантнее")
    snippet: str | None = Field(description="фрагмент текста протокола с найденными словами")
    highlights: list[HighlightOut]


class ProtocolSummaryOut(Out):
    date: dt.date | None
    kind: str | None
    number: str | None
    organization: str | None
    title: str
    filename: str


class MeasureRef(Out):
    key: str
    label: str


class DecisionHit(Out):
    id: str
    protocol_id: str
    ordinal: int = Field(description="номер решения в протоколе по порядку, с 1")
    number: str | None = Field(description="номер, как в тексте")
    text: str
    responsible: str | None
    deadline: str | None
    agenda_item: int | None
    agenda: str | None = Field(description="текст вопроса повестки")
    date: dt.date | None = Field(description="дата протокола")
    span: Span = Field(description="где решение в тексте протокола")
    measure: MeasureRef | None
    named_schools: list[str] = Field(description="организации, названные в самом решении")
    protocol: ProtocolSummaryOut
    score: float | None
    snippet: str | None
    highlights: list[HighlightOut]


class PageInfo(Out):
    total: int = Field(description="сколько всего найдено")
    offset: int
    limit: int
    date_min: dt.date | None = Field(description="самая ранняя дата среди найденного")
    date_max: dt.date | None = Field(description="самая поздняя дата среди найденного")


class ProtocolPage(PageInfo):
    hits: list[ProtocolHit]
    facets: dict[str, FacetOut]


class DecisionPage(PageInfo):
    hits: list[DecisionHit]
    facets: dict[str, FacetOut]


class MeasureSummary(Out):
    key: str
    label: str = Field(description="самая короткая формулировка решения этой меры")
    decisions: int = Field(description="решений (под запрос и фильтры)")
    protocols: int = Field(description="протоколов с такими решениями (под фильтры)")


class MeasureList(Out):
    total: int = Field(description="сколько всего мер найдено")
    offset: int
    limit: int
    measures: list[MeasureSummary]


class MeasureTimeline(Out):
    key: str
    label: str
    signature: dict[str, str] = Field(description="глагол, объект и дополнение, по которым решения сгруппированы")
    decisions: int
    protocols: int
    first_date: dt.date | None
    last_date: dt.date | None
    by_year: list[FacetBucketOut]
    by_month: list[FacetBucketOut]
    by_school: FacetOut
    occurrences: DecisionPage = Field(description="решения этой меры по порядку дат, со ссылками на место в тексте")


class StoredInfo(Out):
    sha256: str
    filename: str
    format: str
    size: int
    extractor_version: str | None
    added_at: str
    updated_at: str


class DecisionMeasure(Out):
    id: str
    ordinal: int
    measure: MeasureRef | None


class ProtocolView(Out):
    id: str
    stored: StoredInfo
    decisions: list[DecisionMeasure]
    record: MeetingProtocol = Field(description="запись протокола со спанами всех извлечённых значений")


class IngestOut(Out):
    protocol_id: str
    status: Literal["added", "duplicate"]
    duplicate_of: str | None
    filename: str
    sha256: str
    decisions: int
    warnings: list[str]


class Health(Out):
    status: Literal["ok"]
    protocols: int
    indexed_protocols: int
    indexed_decisions: int
    index: str
    extractor_version: str


class ErrorOut(Out):
    code: str
    message: str
    details: Any | None = None

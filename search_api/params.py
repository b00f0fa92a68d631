"""What a search asks for, as the HTTP routes and the CLI receive it (before validation against settings)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

Sort = Literal["relevance", "date_desc", "date_asc"]


class SearchParams(BaseModel):
    """A search over protocols or decisions. Several values of one filter are OR-ed; filters are AND-ed."""

    q: str | None = Field(
        default=None, description='запрос: слова, "фраза", настав*, OR, NOT/-слово, скобки',
        examples=["наставничество", '"принять к сведению"', "настав* -ВПР", "(ОГЭ OR ЕГЭ) математика"],
    )
    school: list[str] = Field(
        default_factory=list, description="организация: ключ из фасета или название как в тексте",
        examples=[["МБОУ «СШ № 16»"]],
    )
    speaker: list[str] = Field(default_factory=list, description='выступающий: "Фамилия И.О."')
    participant: list[str] = Field(default_factory=list, description='участник: "Фамилия И.О."')
    kind: list[str] = Field(default_factory=list, description="вид заседания (ключ фасета или как в тексте)")
    organization: list[str] = Field(default_factory=list, description="организация, проводившая заседание")
    responsible: list[str] = Field(default_factory=list, description="ответственный (только решения)")
    measure: list[str] = Field(default_factory=list, description="ключ меры (см. /measures)")
    protocol: list[str] = Field(default_factory=list, description="id протокола (только решения)")
    year: list[int] = Field(default_factory=list, description="год заседания")
    month: list[str] = Field(default_factory=list, description='месяц заседания, "ГГГГ-ММ"')
    date_from: dt.date | None = Field(default=None, description="дата заседания не раньше (включительно)")
    date_to: dt.date | None = Field(default=None, description="дата заседания не позже (включительно)")
    sort: Sort = Field(default="relevance", description="relevance (без запроса: новые первыми), date_desc, date_asc")
    limit: int | None = Field(default=None, description="результатов на странице (по умолчанию из настроек)")
    offset: int = Field(default=0, description="сколько результатов пропустить")
    facet_size: int | None = Field(default=None, description="значений в каждом фасете")
    facets: bool = Field(default=True, description="считать фасеты")

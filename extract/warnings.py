"""Warnings: what a reader of the record should double-check, in Russian."""

from __future__ import annotations

from extract.agenda import Agenda
from extract.header import Header
from extract.people import Attendance
from extract.sections import Sections
from protocols.model import Decision, ExtractionWarning, Span


def collect_warnings(header: Header, attendance: Attendance, agenda: Agenda, sections: Sections, decisions: list[Decision]) -> list[ExtractionWarning]:
    warnings = list(header.warnings)
    if header.number is None:
        warnings.append(ExtractionWarning(code="no_number", message="Номер протокола не найден"))
    if header.doc_type is None:
        warnings.append(ExtractionWarning(code="no_doc_type", message="Вид заседания в шапке не указан или не распознан"))
    warnings += attendance.warnings
    if sections.agenda is not None and not agenda.items:
        block = sections.agenda
        warnings.append(ExtractionWarning(
            code="empty_agenda", message="Заголовок «Повестка дня» есть, а пунктов повестки нет",
            span=Span(start=block.marker_start or block.start, end=block.start),
        ))
    unlinked = [d for d in decisions if d.agenda_item is None]
    if unlinked and len(agenda.items) > 1:
        warnings.append(ExtractionWarning(
            code="decision_without_item",
            message=f"Решения без привязки к вопросу повестки: {len(unlinked)} из {len(decisions)} (решения собраны в конце протокола?)",
            span=unlinked[0].span,
        ))
    if sections.items and not decisions and any(b.kind == "decided" for b in sections.items):
        warnings.append(ExtractionWarning(code="empty_decisions", message="Раздел «Решили» есть, а решений в нём не найдено"))
    return warnings

"""A protocol record as plain text for the terminal (Russian labels: this is what users read)."""

from __future__ import annotations

from protocols.model import MeetingProtocol


def _value(v) -> str:
    if v is None:
        return "—"
    return str(getattr(v, "value", v))


def render_protocol(p: MeetingProtocol) -> str:
    lines = [
        f"Файл: {p.source.filename} ({p.source.format}, {p.source.size} байт, sha256 {p.source.sha256[:12]}…)",
        f"Страниц: {len(p.pages)}, символов: {len(p.text)}",
        f"Вид заседания: {_value(p.doc_type)}",
        f"Номер: {_value(p.number)}",
        f"Дата: {_value(p.date)}" + (
            f" (в шапке есть и другие даты: {', '.join(str(d.value) for d in p.date_conflicts)})" if p.date_conflicts else ""
        ),
        f"Время: {_value(p.time)}   Место: {_value(p.place)}   Формат: {_value(p.format)}",
        f"Организация: {_value(p.organization)}",
        f"Присутствовали ({_value(p.participant_count)}): " + (", ".join(x.name for x in p.participants) or "—"),
        "Организации: " + ("; ".join(s.name for s in p.schools) or "—"),
    ]
    if p.agenda:
        lines.append("Повестка дня:")
        lines += [f"  {a.number}. {a.text}" for a in p.agenda]
    if p.speakers:
        lines.append("Выступающие:")
        lines += [
            f"  {s.name or '—'}" + (f", {s.role}" if s.role else "") + (f" (вопрос {s.agenda_item})" if s.agenda_item else "")
            for s in p.speakers
        ]
    if p.decisions:
        lines.append("Решения:")
        for d in p.decisions:
            extra = [x for x in (d.responsible and f"отв.: {d.responsible}", d.deadline and f"срок: {d.deadline}") if x]
            lines.append(f"  {d.number or '•'} {d.text}" + (f" [{'; '.join(extra)}]" if extra else ""))
    if p.warnings:
        lines.append("Предупреждения:")
        lines += [f"  ! {w.message}" for w in p.warnings]
    if not p.doc_type and not p.agenda and not p.decisions:
        lines.append("Текст:")
        lines.append(p.text)
    return "\n".join(lines) + "\n"

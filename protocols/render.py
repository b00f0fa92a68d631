"""A protocol record as plain text for the terminal (Russian labels: this is what users read)."""

from __future__ import annotations

from protocols.model import MeetingProtocol

ATTENDANCE = {
    "present": "присутствовал(а)", "absent": "отсутствовал(а)", "invited": "приглашён(а)", "moderator": "модератор",
    "chair": "председатель", "secretary": "секретарь", "head": "руководитель",
}


def _value(v) -> str:
    if v is None:
        return "—"
    value = getattr(v, "value", v)
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return str(value)


def render_protocol(p: MeetingProtocol) -> str:
    date = _value(p.date)
    if p.date_conflicts:
        date += f" (в шапке есть и другие даты: {', '.join(_value(d) for d in p.date_conflicts)})"
    fmt = _value(p.format) + (f" ({p.format_link.value})" if p.format_link else "")
    lines = [
        f"Файл: {p.source.filename} ({p.source.format}, {p.source.size} байт, sha256 {p.source.sha256[:12]}…)",
        f"Страниц: {len(p.pages)}, символов: {len(p.text)}",
        f"Вид заседания: {_value(p.doc_type)}",
        f"Номер: {_value(p.number)}",
        f"Дата: {date}",
        f"Время: {_value(p.time)}   Место: {_value(p.place)}   Формат: {fmt}",
        f"Организация: {_value(p.organization)}",
        f"Присутствовало (по протоколу): {_value(p.participant_count)}",
    ]
    if p.participants:
        lines.append("Участники:")
        for person in p.participants:
            details = [x for x in (person.role, ATTENDANCE.get(person.attendance) if person.attendance != "present" else None) if x]
            lines.append(f"  {person.name}" + (f" — {'; '.join(details)}" if details else ""))
    if p.schools:
        lines.append("Организации:")
        lines += [f"  {s.name}" + (f" [{s.group}]" if s.group else "") for s in p.schools]
    if p.agenda:
        lines.append("Повестка дня:")
        lines += [f"  {a.number}. {a.text}" for a in p.agenda]
    if p.speakers:
        lines.append("Выступающие:")
        lines += [
            f"  {s.name or '(без имени)'}" + (f", {s.role}" if s.role else "") + (f" (вопрос {s.agenda_item})" if s.agenda_item else "")
            for s in p.speakers
        ]
    if p.decisions:
        lines.append("Решения:")
        for d in p.decisions:
            extra = [x for x in (
                d.agenda_item and f"вопрос {d.agenda_item}",
                d.responsible and f"отв.: {d.responsible}",
                d.deadline and f"срок: {d.deadline}",
                d.decrees and "ссылки: " + ", ".join(
                    f"{r.kind}" + (f" от {_value(r.date)}" if r.date else "") + (f" № {r.number}" if r.number else "") for r in d.decrees
                ),
            ) if x]
            number = f"{d.number}." if d.number else "•"
            lines.append(f"  {number} {d.text}" + (f" [{'; '.join(extra)}]" if extra else ""))
    if p.warnings:
        lines.append("Предупреждения:")
        lines += [f"  ! {w.message}" for w in p.warnings]
    if not p.doc_type and not p.agenda and not p.decisions:
        lines.append("Текст:")
        lines.append(p.text)
    return "\n".join(lines) + "\n"

"""Templates and what they need: Russian dates and plurals, safe snippets, the protocol text with a
value's span marked, bar charts and page links."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from protocols.model import MeetingProtocol, Page, Span

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
MARK_TAG = re.compile(r"(</?mark>)")
SPAN_PARAM = re.compile(r"^(\d+)-(\d+)$")
# How many page links around the current one.
PAGE_LINKS = 3

ATTENDANCE = {
    "present": "присутствует", "absent": "отсутствует", "invited": "приглашён(а)", "moderator": "модератор",
    "chair": "председатель", "secretary": "секретарь", "head": "руководитель",
}
ITEM_STATUS = {
    "queued": "в очереди", "processing": "обрабатывается", "done": "загружен", "duplicate": "повтор",
    "failed": "ошибка", "skipped": "пропущен",
}
BATCH_STATE = {"receiving": "принимается", "queued": "в очереди", "running": "обрабатывается", "finished": "готово"}
ERROR_CODES = {
    "unsupported_format": "формат не поддерживается", "corrupt_file": "файл повреждён",
    "encrypted": "защищён паролем", "no_text_layer": "нет текстового слоя (скан)", "empty_document": "пустой документ",
    "too_large": "слишком большой", "unsafe_path": "опасный путь в архиве", "zip_bomb": "подозрение на zip-бомбу",
    "archive_too_deep": "слишком глубоко вложенные архивы", "corrupt_archive": "архив повреждён",
    "unreadable": "не читается", "missing": "файл пропал", "internal_error": "внутренняя ошибка",
}
FACET_TITLES = {
    "school": "Организации", "speaker": "Выступающие", "kind": "Вид заседания", "organization": "Кто проводил",
    "year": "Год", "measure": "Мера", "responsible": "Ответственные", "participant": "Участники", "month": "Месяц",
}


def ru_date(value: dt.date | str | None) -> str:
    if value is None:
        return "без даты"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return value.strftime("%d.%m.%Y")


def ru_datetime(value: str | None) -> str:
    """An ISO timestamp (as the store keeps them, UTC) as local date and time."""
    if not value:
        return "—"
    return dt.datetime.fromisoformat(value).astimezone().strftime("%d.%m.%Y %H:%M")


def upper_first(value: str) -> str:
    return value[:1].upper() + value[1:]


def ru_time(seconds: float | None) -> str:
    """A Unix time as the server's local date and time."""
    if seconds is None:
        return "—"
    return dt.datetime.fromtimestamp(seconds).strftime("%d.%m.%Y %H:%M:%S")


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} ч {minutes} мин"
    return f"{minutes} мин {secs} с" if minutes else f"{secs} с"


def plural(count: int, one: str, few: str, many: str) -> str:
    """"1 протокол", "3 протокола", "11 протоколов"."""
    tens, units = count % 100, count % 10
    if 11 <= tens <= 14 or units == 0 or units >= 5:
        word = many
    elif units == 1:
        word = one
    else:
        word = few
    return f"{count} {word}"


def file_size(size: int) -> str:
    if size < 1024:
        return f"{size} Б"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} КБ"
    return f"{size / 1024 / 1024:.1f} МБ"


def safe_snippet(snippet: str | None) -> Markup:
    """The service's snippet (HTML-escaped text with <mark>…</mark>) as markup: <mark> tags pass, every
    other character is escaped exactly once (unescaped first, so the service's escaping is not doubled)."""
    if not snippet:
        return Markup("")
    parts = MARK_TAG.split(snippet)
    out = []
    depth = 0
    for part in parts:
        if part == "<mark>":
            depth += 1
            out.append(Markup("<mark>"))
        elif part == "</mark>":
            if depth:  # an unmatched closing tag would close the page's own markup
                depth -= 1
                out.append(Markup("</mark>"))
        else:
            out.append(escape(html.unescape(part)))
    out += [Markup("</mark>")] * depth
    return Markup("").join(out)


def span_anchor(span: Span) -> str:
    return f"span-{span.start}-{span.end}"


def span_href(span: Span, path: str = "") -> str:
    """Link that shows a value's place in the protocol text: `?span=S-E#span-S-E` on the protocol page."""
    return f"{path}?span={span.start}-{span.end}#{span_anchor(span)}"


def parse_span(value: str | None, text: str) -> Span | None:
    """`START-END` from the query string, if it is a non-empty range inside the text."""
    match = SPAN_PARAM.match(value or "")
    if not match:
        return None
    start, end = int(match[1]), int(match[2])
    if not 0 <= start < end <= len(text):
        return None
    return Span(start=start, end=end)


def marked_text(text: str, pages: list[Page], selected: Span | None) -> Markup:
    """The whole protocol text, escaped, with a label where each page after the first begins and the
    selected span in <mark id="span-S-E"> (split around page labels it crosses)."""
    page_starts = {page.start: page.number for page in pages[1:] if 0 < page.start < len(text)}
    cuts = {0, len(text), *page_starts}
    if selected is not None:
        cuts |= {selected.start, selected.end}
    ordered = sorted(cuts)
    out: list[Markup] = []
    for start, end in zip(ordered, ordered[1:], strict=False):
        if start in page_starts:
            number = page_starts[start]
            out.append(Markup('<span class="page-label" id="page-{0}">стр. {0}</span>').format(number))
        piece = escape(text[start:end])
        if selected is not None and selected.start <= start and end <= selected.end:
            anchor = f' id="{span_anchor(selected)}"' if start == selected.start else ""
            out.append(Markup("<mark{}>{}</mark>").format(Markup(anchor), piece))
        else:
            out.append(piece)
    return Markup("").join(out)


@dataclass(frozen=True)
class HeaderValue:
    label: str
    value: str
    span: Span


def header_values(record: MeetingProtocol) -> list[HeaderValue]:
    """The header's extracted values, in reading order of the page."""
    values: list[HeaderValue] = []

    def add(label: str, field, shown: str | None = None) -> None:
        if field is not None:
            values.append(HeaderValue(label, shown if shown is not None else str(field.value), field.span))

    add("Организация", record.organization)
    add("Вид заседания", record.doc_type)
    add("Номер", record.number)
    add("Дата", record.date, ru_date(record.date.value) if record.date else None)
    for conflict in record.date_conflicts:
        values.append(HeaderValue("Другая дата в шапке", ru_date(conflict.value), conflict.span))
    add("Время", record.time)
    add("Место", record.place)
    add("Форма проведения", record.format)
    add("Ссылка на подключение", record.format_link)
    add("Число участников", record.participant_count)
    return values


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    count: int
    percent: float


def bars(buckets, *, fill_years: bool = False) -> list[Bar]:
    """Buckets as bars scaled to the largest; with `fill_years`, years without a count show as empty bars."""
    counts = {b.key: (b.label, b.count) for b in buckets}
    keys = list(counts)
    if fill_years and keys and all(k.isdigit() for k in keys):
        years = sorted(int(k) for k in keys)
        keys = [str(y) for y in range(years[0], years[-1] + 1)]
    top = max((c for _, c in counts.values()), default=0) or 1
    return [
        Bar(key, counts.get(key, (key, 0))[0], counts.get(key, (key, 0))[1], 100 * counts.get(key, (key, 0))[1] / top)
        for key in keys
    ]


@dataclass(frozen=True)
class PageLink:
    number: int
    offset: int
    current: bool


@dataclass(frozen=True)
class Pagination:
    offset: int
    limit: int
    shown_total: int  # what can be paged to (capped by the result window)
    links: list[PageLink]
    previous: int | None
    next: int | None


def pagination(total: int, offset: int, limit: int, window: int) -> Pagination:
    """Page links for `total` results, as far as the result window lets one page."""
    reachable = min(total, window)
    if limit <= 0 or reachable <= limit:
        return Pagination(offset, limit, reachable, [], None, None)
    last_page = min((reachable - 1) // limit, (window - limit) // limit)
    current = offset // limit
    numbers = sorted({0, last_page, *range(max(0, current - PAGE_LINKS), min(last_page, current + PAGE_LINKS) + 1)})
    links = [PageLink(n + 1, n * limit, n == current) for n in numbers]
    previous = max(0, offset - limit) if offset > 0 else None
    following = offset + limit if offset + limit < reachable and offset + 2 * limit <= window else None
    return Pagination(offset, limit, reachable, links, previous, following)


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(
        ru_date=ru_date, ru_time=ru_time, ru_datetime=ru_datetime, upper_first=upper_first, duration=duration, file_size=file_size, snippet=safe_snippet,
        span_href=span_href,
    )
    env.globals.update(
        plural=plural, ATTENDANCE=ATTENDANCE, ITEM_STATUS=ITEM_STATUS, BATCH_STATE=BATCH_STATE,
        ERROR_CODES=ERROR_CODES, FACET_TITLES=FACET_TITLES,
    )
    return Jinja2Templates(env=env)


templates = make_templates()

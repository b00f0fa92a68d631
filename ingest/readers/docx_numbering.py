"""Word automatic numbering ("1.", "2)", "3.1.", "а)") rebuilt from numbering.xml and styles.xml.

python-docx leaves list numbers out of `paragraph.text`; Word computes them while laying out the
document. This module does the same, in document order:

- a paragraph's list comes from its own `w:numPr` or from its paragraph style (`w:pStyle`, through
  `w:basedOn`); `numId` 0 switches numbering off;
- `w:num` → `w:abstractNum` (also through `w:numStyleLink` list styles); a `w:lvlOverride` may
  replace a level or restart it (`w:startOverride`);
- counters belong to the abstract definition, so every `w:num` sharing it continues one sequence
  (as Word does); a `w:num` with a start override restarts that level the first time it is used;
- a level advancing resets the deeper levels (`w:lvlRestart` can say otherwise);
- the label is the level's `w:lvlText` ("%1.%2.") with each `%n` formatted in level n's `w:numFmt`
  (decimal when the level is `w:isLgl`); bullets of any glyph become "-".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

MAX_LEVELS = 9
BULLET = "-"

W_VAL = qn("w:val")
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = []
    for value, digits in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def _letters(alphabet: str) -> Callable[[int], str]:
    """Word's letter numbering: a … z, then aa … zz, aaa …; not base 26."""

    def fmt(n: int) -> str:
        if n <= 0:
            return str(n)
        letter = alphabet[(n - 1) % len(alphabet)]
        return letter * ((n - 1) // len(alphabet) + 1)

    return fmt


_LATIN = "abcdefghijklmnopqrstuvwxyz"
# Word's Russian list letters leave out ё, й, ъ, ы, ь.
_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"

NUMBER_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalEnclosedParen": lambda n: f"({n})",
    "decimalEnclosedFullstop": lambda n: f"{n}.",
    "lowerLetter": _letters(_LATIN),
    "upperLetter": lambda n: _letters(_LATIN)(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "russianLower": _letters(_RUSSIAN),
    "russianUpper": lambda n: _letters(_RUSSIAN)(n).upper(),
    "ordinal": lambda n: f"{n}-й",
    "none": lambda n: "",
}


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart_after: int | None = None  # restart when a level shallower than this is used; 0: never
    legal: bool = False
    suffix: str = "tab"

    def render_number(self, n: int, *, legal: bool) -> str:
        if legal and self.fmt not in ("bullet", "none"):
            return str(n)
        return NUMBER_FORMATS.get(self.fmt, str)(n)


@dataclass
class Instance:
    """A `w:num`: an abstract definition plus its overrides."""

    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


def _child_val(element: etree._Element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return None if child is None else child.get(W_VAL)


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _parse_level(lvl: etree._Element) -> Level:
    fmt = _child_val(lvl, "w:numFmt")
    if fmt is None:
        # Newer formats come as mc:AlternateContent with a w:numFmt fallback older readers understand.
        fallback = lvl.find(f"{{{MC_NS}}}AlternateContent/{{{MC_NS}}}Fallback/{qn('w:numFmt')}")
        fmt = fallback.get(W_VAL) if fallback is not None else "decimal"
    if lvl.find(qn("w:lvlPicBulletId")) is not None:
        fmt = "bullet"
    return Level(
        start=_int(_child_val(lvl, "w:start"), 1),
        fmt=fmt or "decimal",
        text=_child_val(lvl, "w:lvlText"),
        restart_after=_int(_child_val(lvl, "w:lvlRestart")),
        legal=lvl.find(qn("w:isLgl")) is not None and _child_val(lvl, "w:isLgl") not in ("0", "false"),
        suffix=_child_val(lvl, "w:suff") or "tab",
    )


def _levels_of(parent: etree._Element) -> dict[int, Level]:
    levels = {}
    for lvl in parent.iterchildren(qn("w:lvl")):
        ilvl = _int(lvl.get(qn("w:ilvl")))
        if ilvl is not None and 0 <= ilvl < MAX_LEVELS:
            levels[ilvl] = _parse_level(lvl)
    return levels


@dataclass(frozen=True)
class _StyleInfo:
    based_on: str | None
    num_id: str | None
    ilvl: int | None


class Numbering:
    """Numbering definitions of one document and the running counters while its text is read."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self._abstract: dict[str, dict[int, Level]] = {}
        self._abstract_style_link: dict[str, str] = {}
        self._instances: dict[str, Instance] = {}
        self._styles: dict[str, _StyleInfo] = {}
        self._default_style: str | None = None
        self._counters: dict[str, list[int | None]] = {}
        self._used: set[tuple[str, int]] = set()
        if styles is not None:
            self._read_styles(styles)
        if numbering is not None:
            self._read_numbering(numbering)

    def _read_styles(self, styles: etree._Element) -> None:
        for style in styles.iterchildren(qn("w:style")):
            if style.get(qn("w:type")) not in ("paragraph", "numbering"):
                continue
            style_id = style.get(qn("w:styleId"))
            if style_id is None:
                continue
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            num_id = ilvl = None
            if num_pr is not None:
                num_id = _child_val(num_pr, "w:numId")
                ilvl = _int(_child_val(num_pr, "w:ilvl"))
            self._styles[style_id] = _StyleInfo(_child_val(style, "w:basedOn"), num_id, ilvl)
            if style.get(qn("w:default")) in ("1", "true") and style.get(qn("w:type")) == "paragraph":
                self._default_style = style_id

    def _read_numbering(self, numbering: etree._Element) -> None:
        for abstract in numbering.iterchildren(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            if abstract_id is None:
                continue
            self._abstract[abstract_id] = _levels_of(abstract)
            link = _child_val(abstract, "w:numStyleLink")
            if link:
                self._abstract_style_link[abstract_id] = link
        for num in numbering.iterchildren(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            abstract_id = _child_val(num, "w:abstractNumId")
            if num_id is None or abstract_id is None:
                continue
            instance = Instance(abstract_id)
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")))
                if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
                    continue
                start = _int(_child_val(override, "w:startOverride"))
                if start is not None:
                    instance.start_overrides[ilvl] = start
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    instance.level_overrides[ilvl] = _parse_level(lvl)
            self._instances[num_id] = instance

    def _resolve_abstract(self, abstract_id: str) -> str:
        """Follow `w:numStyleLink` to the abstract definition that holds the levels."""
        seen = set()
        while abstract_id in self._abstract_style_link and abstract_id not in seen:
            seen.add(abstract_id)
            style = self._styles.get(self._abstract_style_link[abstract_id])
            instance = self._instances.get(style.num_id) if style and style.num_id else None
            if instance is None:
                break
            abstract_id = instance.abstract_id
        return abstract_id

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            info = self._styles.get(style_id)
            if info is None:
                break
            if info.num_id is not None:
                return info.num_id, info.ilvl
            style_id = info.based_on
        return None, None

    def label(self, p: etree._Element) -> str:
        """The number (with its separator) Word shows before paragraph `p`, advancing the counters; "" if none."""
        p_pr = p.find(qn("w:pPr"))
        num_id = ilvl = None
        style_id = None
        if p_pr is not None:
            style_id = _child_val(p_pr, "w:pStyle")
            num_pr = p_pr.find(qn("w:numPr"))
            if num_pr is not None:
                num_id = _child_val(num_pr, "w:numId")
                ilvl = _int(_child_val(num_pr, "w:ilvl"))
        if num_id is None:
            style_num_id, style_ilvl = self._style_numbering(style_id or self._default_style)
            num_id = style_num_id
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0" or num_id not in self._instances:
            return ""
        ilvl = min(max(ilvl or 0, 0), MAX_LEVELS - 1)
        return self._advance(num_id, ilvl)

    def _levels(self, instance: Instance) -> dict[int, Level]:
        levels = dict(self._abstract.get(self._resolve_abstract(instance.abstract_id), {}))
        levels.update(instance.level_overrides)
        return levels

    def _advance(self, num_id: str, ilvl: int) -> str:
        instance = self._instances[num_id]
        abstract_id = self._resolve_abstract(instance.abstract_id)
        levels = self._levels(instance)
        level = levels.get(ilvl, Level())
        counters = self._counters.setdefault(abstract_id, [None] * MAX_LEVELS)

        if (num_id, ilvl) not in self._used:
            self._used.add((num_id, ilvl))
            if ilvl in instance.start_overrides:
                counters[ilvl] = instance.start_overrides[ilvl] - 1

        current = counters[ilvl]
        counters[ilvl] = (level.start if current is None else current + 1)
        for deeper in range(ilvl + 1, MAX_LEVELS):
            restart_after = levels.get(deeper, Level()).restart_after
            # By default a level restarts whenever any shallower level is used.
            if restart_after is None or (restart_after != 0 and ilvl < restart_after):
                counters[deeper] = None

        if level.fmt == "bullet":
            return BULLET + " "
        template = level.text if level.text is not None else f"%{ilvl + 1}."
        label = self._fill(template, levels, counters, instance, legal=level.legal)
        if not label:
            return ""
        return label + ("" if level.suffix == "nothing" else " ")

    def _fill(
        self, template: str, levels: dict[int, Level], counters: list[int | None], instance: Instance, *, legal: bool
    ) -> str:
        out = []
        i = 0
        while i < len(template):
            ch = template[i]
            if ch == "%" and i + 1 < len(template) and template[i + 1].isdigit():
                k = int(template[i + 1]) - 1
                i += 2
                if not 0 <= k < MAX_LEVELS:
                    continue
                level = levels.get(k, Level())
                value = counters[k]
                if value is None:
                    value = instance.start_overrides.get(k, level.start)
                out.append(level.render_number(value, legal=legal))
                continue
            out.append(ch)
            i += 1
        return "".join(out)

"""Splitting a protocol's text into sections: header, attendance, agenda, per-item blocks, decisions."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """A character range [start, end) of the text with what it is.

    kind is one of: "present", "absent", "invited", "moderators", "chair", "secretary" (attendance);
    "agenda"; "heard" (Слушали / выступили as presenters), "discussed" (Выступили: discussants),
    "decided" (Решили / Постановили / Решение); "attachment".
    """

    kind: str
    start: int
    end: int
    agenda_item: int | None = None


@dataclass
class Sections:
    header: Block
    attendance: list[Block] = field(default_factory=list)
    agenda: Block | None = None
    items: list[Block] = field(default_factory=list)
    attachments: list[Block] = field(default_factory=list)

    def blocks(self, kind: str) -> list[Block]:
        return [b for b in [*self.attendance, *self.items, *self.attachments] if b.kind == kind]

    def agenda_item_at(self, offset: int) -> int | None:
        """The agenda item whose discussion block holds `offset`, if known."""
        for block in self.items:
            if block.start <= offset < block.end:
                return block.agenda_item
        return None


def split_sections(text: str) -> Sections:
    """Find the sections of `text`. Never fails: a text without markers is all header."""
    return Sections(header=Block("header", 0, len(text)))

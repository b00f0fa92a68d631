"""The query language: words (lemmatized like the documents), "phrases", prefixes (настав*), AND by
default, OR (ИЛИ, |), NOT (НЕ, -word), parentheses. The result is a backend-neutral tree of lemmas,
so no user text ever reaches a backend's query syntax; anything that cannot be parsed raises
`QueryError` with a Russian message.

    query    := or_expr
    or_expr  := and_expr (OR and_expr)*
    and_expr := unary+                    (AND between them is implied; AND/И may be written)
    unary    := (NOT | "-") primary | primary
    primary  := word | word* | "phrase" | ( or_expr )
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pymorphy3

from extract.lemmas import WORD, Lemmatizer, fold
from search_api.errors import QueryError
from search_api.index.base import AndQuery, OrQuery, PhraseQuery, QueryNode, TermQuery

MAX_QUERY_CHARS = 500
MIN_ALTERNATIVE_SCORE = 0.1
CYRILLIC = re.compile(r"[а-я]")
MAX_TERMS = 40
MIN_PREFIX_CHARS = 3

OR_WORDS = {"OR", "ИЛИ", "|"}
AND_WORDS = {"AND", "И", "&"}
NOT_WORDS = {"NOT", "НЕ"}

LEXEME = re.compile(r'\s*(?:(?P<phrase>"[^"]*"?)|(?P<open>\()|(?P<close>\))|(?P<minus>-)(?=["(\w])|(?P<word>[^\s"()]+))')


@dataclass(frozen=True, slots=True)
class _Lexeme:
    kind: str  # phrase, open, close, minus, or, and, not, word
    text: str
    at: int


def _lex(text: str) -> list[_Lexeme]:
    lexemes: list[_Lexeme] = []
    position = 0
    while position < len(text):
        match = LEXEME.match(text, position)
        if match is None or match.end() == position:
            break
        position = match.end()
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "phrase" and (len(value) < 2 or not value.endswith('"')):
            raise QueryError("Незакрытая кавычка в запросе: фразу нужно заключить в двойные кавычки с обеих сторон")
        if kind == "word":
            if value in OR_WORDS:
                kind = "or"
            elif value in AND_WORDS:
                kind = "and"
            elif value in NOT_WORDS:
                kind = "not"
        lexemes.append(_Lexeme(kind, value, match.start(match.lastgroup)))
    return lexemes


class QueryParser:
    """Parses user queries; built once with the extraction's lemmatizer.

    With the morphology given, a single word whose form is ambiguous also matches its other likely
    lemmas ("математика" is both the science and a form of "математик"; documents keep only the most
    probable lemma of each word, so the query asks for every lemma that could have been chosen).
    """

    def __init__(self, lemmatizer: Lemmatizer, morph: pymorphy3.MorphAnalyzer | None = None) -> None:
        self.lemmatizer = lemmatizer
        self.morph = morph

    def alternatives(self, word: str) -> tuple[str, ...]:
        """The documents' lemma of `word` first, then other lemmas with a probability of at least 0.1."""
        lemma = self.lemmatizer.lemma(word)
        if self.morph is None or not CYRILLIC.search(lemma):
            return (lemma,)
        scores: dict[str, float] = {}
        for parse in self.morph.parse(fold(word)):
            form = fold(parse.normal_form)
            scores[form] = scores.get(form, 0.0) + parse.score
        others = sorted((f for f, score in scores.items() if f != lemma and score >= MIN_ALTERNATIVE_SCORE), key=scores.get, reverse=True)
        return (lemma, *others[:2])

    def parse(self, text: str | None) -> QueryNode | None:
        """The query tree, or None for an empty query (everything matches)."""
        if text is None or not text.strip():
            return None
        if len(text) > MAX_QUERY_CHARS:
            raise QueryError(f"Запрос слишком длинный: больше {MAX_QUERY_CHARS} символов")
        return _Parser(_lex(text), self).parse()


class _Parser:
    def __init__(self, lexemes: list[_Lexeme], parser: QueryParser) -> None:
        self.lexemes = lexemes
        self.at = 0
        self.parser = parser
        self.terms = 0

    def peek(self) -> _Lexeme | None:
        return self.lexemes[self.at] if self.at < len(self.lexemes) else None

    def take(self) -> _Lexeme:
        lexeme = self.lexemes[self.at]
        self.at += 1
        return lexeme

    def parse(self) -> QueryNode | None:
        node = self.or_expr(top=True)
        rest = self.peek()
        if rest is not None:
            raise QueryError(f"Лишняя закрывающая скобка в позиции {rest.at + 1}")
        if node is None:
            raise QueryError("В запросе нет слов для поиска")
        return node

    def or_expr(self, *, top: bool) -> QueryNode | None:
        branches = [self.and_expr(top=top)]
        while (lexeme := self.peek()) is not None and lexeme.kind == "or":
            self.take()
            branches.append(self.and_expr(top=False))
        if len(branches) == 1:
            return branches[0]
        if any(b is None for b in branches):
            raise QueryError("ИЛИ (OR) должно стоять между двумя словами или фразами")
        return OrQuery(tuple(branches))

    def and_expr(self, *, top: bool) -> QueryNode | None:
        must: list[QueryNode] = []
        must_not: list[QueryNode] = []
        while (lexeme := self.peek()) is not None and lexeme.kind not in ("or", "close"):
            if lexeme.kind == "and":
                self.take()
                continue
            negated = lexeme.kind in ("not", "minus")
            if negated:
                self.take()
                following = self.peek()
                if following is None or following.kind in ("or", "close", "and", "not", "minus"):
                    raise QueryError("После НЕ (NOT, -) должно идти слово, фраза или группа в скобках")
            node = self.primary()
            if node is not None:
                (must_not if negated else must).append(node)
        if not must and not must_not:
            return None
        if not must and not top:
            raise QueryError("Исключение (НЕ, -слово) внутри ИЛИ или скобок нужно дополнить словом для поиска")
        if len(must) == 1 and not must_not:
            return must[0]
        return AndQuery(tuple(must), tuple(must_not))

    def primary(self) -> QueryNode | None:
        lexeme = self.take()
        if lexeme.kind == "open":
            node = self.or_expr(top=False)
            closing = self.peek()
            if closing is None or closing.kind != "close":
                raise QueryError("Незакрытая скобка в запросе")
            self.take()
            if node is None:
                raise QueryError("Пустые скобки в запросе")
            return node
        if lexeme.kind == "close":
            raise QueryError(f"Лишняя закрывающая скобка в позиции {lexeme.at + 1}")
        if lexeme.kind == "phrase":
            return self.words(lexeme.text[1:-1], phrase=True)
        if lexeme.kind == "word" and lexeme.text.endswith("*"):
            return self.prefix(lexeme.text)
        return self.words(lexeme.text)

    def words(self, text: str, *, phrase: bool = False) -> QueryNode | None:
        """One word is a term (or its alternatives); what the tokenizer splits ("СШ№16", a quoted phrase) is a phrase."""
        tokens = self.parser.lemmatizer.tokens(text)
        self.count(len(tokens))
        if not tokens:
            return None
        if len(tokens) > 1:
            return PhraseQuery(tuple(lemma for lemma, _, _ in tokens))
        if phrase:
            return TermQuery(tokens[0][0])
        start, end = tokens[0][1], tokens[0][2]
        lemmas = self.parser.alternatives(text[start:end])
        return TermQuery(lemmas[0]) if len(lemmas) == 1 else OrQuery(tuple(TermQuery(lemma) for lemma in lemmas))

    def prefix(self, text: str) -> QueryNode:
        stem = text.rstrip("*")
        words = WORD.findall(stem)
        if len(words) != 1 or words[0] != stem:
            raise QueryError(f"Звёздочка ставится в конце слова: «{text}» не получится искать по началу слова")
        if len(stem) < MIN_PREFIX_CHARS:
            raise QueryError(f"Для поиска по началу слова нужно не меньше {MIN_PREFIX_CHARS} букв: «{text}»")
        self.count(1)
        return TermQuery(fold(stem), prefix=True)

    def count(self, n: int) -> None:
        self.terms += n
        if self.terms > MAX_TERMS:
            raise QueryError(f"Слишком много слов в запросе: больше {MAX_TERMS}")

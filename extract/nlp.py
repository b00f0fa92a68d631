"""The NLP tools, built once (they load models) and passed to whatever needs them.

- pymorphy3: morphology (case and gender of names, nominative of roles and titles), cached per word;
- spaCy: the pipeline frame, a blank "ru" language with declarative `span_ruler` components for
  section markers, organization anchors and role heads, fed by a cached pymorphy3 lemma component;
- natasha: sentence segmentation, NER (PER) where full names occur in free text, and the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pymorphy3
import spacy
from natasha import MorphVocab, NewsEmbedding, NewsNERTagger, Segmenter
from spacy.language import Language
from spacy.tokens import Doc
from threadpoolctl import threadpool_limits

from extract.lemmas import Lemmatizer
from extract.morph import Morphology


@Language.factory("pymorphy_lemmas")
class PymorphyLemmas:
    """Sets `token.lemma_` from the shared, cached pymorphy3 lemmatizer (spaCy's own re-parses every token)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.lemmatizer: Lemmatizer | None = None

    def bind(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer

    def __call__(self, doc: Doc) -> Doc:
        if self.lemmatizer is None:
            raise RuntimeError("pymorphy_lemmas is not bound to a Lemmatizer")
        lemma = self.lemmatizer.lemma
        for token in doc:
            token.lemma_ = token.text if token.is_space else lemma(token.text)
        return doc


def _tokenizer_infixes(nlp: Language) -> None:
    """Split what archives glue: "1.Доработка", "дня:1", "№118"."""
    infixes = list(nlp.Defaults.infixes) + [
        r"(?<=[0-9])[.)](?=[А-ЯЁа-яёA-Za-z«\"])",
        r"(?<=[А-ЯЁа-яё])[:](?=[0-9А-ЯЁа-яё«\"])",
        r"(?<=№)(?=[0-9])",
    ]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


@dataclass
class NlpTools:
    """Heavy models load lazily on first use, so a command that never needs NER does not pay for it."""

    @cached_property
    def morph(self) -> pymorphy3.MorphAnalyzer:
        return pymorphy3.MorphAnalyzer()

    @cached_property
    def morphology(self) -> Morphology:
        return Morphology(self.morph)

    @cached_property
    def lemmatizer(self) -> Lemmatizer:
        return Lemmatizer(self.morph)

    @cached_property
    def segmenter(self) -> Segmenter:
        return Segmenter()

    @cached_property
    def morph_vocab(self) -> MorphVocab:
        return MorphVocab()

    @cached_property
    def embedding(self) -> NewsEmbedding:
        return NewsEmbedding()

    @cached_property
    def ner_tagger(self) -> NewsNERTagger:
        # natasha's NER multiplies small matrices: BLAS worker threads only spin on them and double the
        # CPU time. Extraction scales by processes (one protocol per worker), so BLAS gets one thread.
        threadpool_limits(limits=1, user_api="blas")
        return NewsNERTagger(self.embedding)

    @cached_property
    def spacy_nlp(self) -> Language:
        """A blank Russian pipeline: tokenizer, cached pymorphy3 lemmas, and the extraction's span rulers."""
        from extract.roles import ROLE_PATTERNS
        from extract.schools import ORG_PATTERNS
        from extract.sections import MARKER_PATTERNS

        nlp = spacy.blank("ru")
        _tokenizer_infixes(nlp)
        nlp.add_pipe("pymorphy_lemmas").bind(self.lemmatizer)
        for name, key, patterns in (
            ("section_markers", "markers", MARKER_PATTERNS),
            ("org_anchors", "org_anchors", ORG_PATTERNS),
            ("role_heads", "role_heads", ROLE_PATTERNS),
        ):
            ruler = nlp.add_pipe("span_ruler", name=name, config={"spans_key": key, "overwrite": True})
            ruler.add_patterns([across_line_breaks(p) for p in patterns])
        return nlp


def across_line_breaks(pattern: dict) -> dict:
    """Let a multi-word pattern match across line breaks: PDF lines break inside names ("отдела\nобразования")."""
    tokens = pattern["pattern"]
    spaced = []
    for k, token in enumerate(tokens):
        if k:
            spaced.append({"IS_SPACE": True, "OP": "*"})
        spaced.append(token)
    return {**pattern, "pattern": spaced}

"""The NLP tools, built once (they load models) and passed to whatever needs them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pymorphy3
import spacy
from natasha import MorphVocab, NewsEmbedding, NewsNERTagger, Segmenter
from spacy.language import Language


@dataclass
class NlpTools:
    """natasha for segmentation and NER, pymorphy3 for morphology, a blank spaCy "ru" as pipeline frame.

    Heavy models load lazily on first use, so a command that never needs NER does not pay for it.
    """

    @cached_property
    def morph(self) -> pymorphy3.MorphAnalyzer:
        return pymorphy3.MorphAnalyzer()

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
        return NewsNERTagger(self.embedding)

    @cached_property
    def spacy_nlp(self) -> Language:
        """A blank Russian pipeline: tokenizer plus the pymorphy3 lemmatizer; rule components are added by `extract`."""
        nlp = spacy.blank("ru")
        nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
        nlp.initialize()
        return nlp

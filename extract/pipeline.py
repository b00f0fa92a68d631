"""The extraction pipeline: one `Extractor`, built once with its tools, filling a `MeetingProtocol`."""

from __future__ import annotations

from extract import EXTRACTOR_VERSION
from extract.lemmas import Lemmatizer
from extract.nlp import NlpTools
from extract.sections import split_sections
from protocols.model import MeetingProtocol


class Extractor:
    def __init__(self, tools: NlpTools | None = None) -> None:
        self.tools = tools or NlpTools()
        self.lemmatizer = Lemmatizer(self.tools.morph)

    def extract(self, protocol: MeetingProtocol) -> MeetingProtocol:
        """A copy of `protocol` with every extracted field filled from its text."""
        text = protocol.text
        sections = split_sections(text)
        fields: dict = {"extractor_version": EXTRACTOR_VERSION}
        del sections  # stages are added by the extraction issue
        result = protocol.model_copy(update=fields)
        for value in _spans_of(result):
            value.page = result.page_of(value.start)
        return result

    def lemmatized_text(self, text: str) -> str:
        """The text search indexes: lowercase lemmas, ё folded to е."""
        return self.lemmatizer.lemmatize(text)


def _spans_of(protocol: MeetingProtocol):
    """Every Span in the record, to set its page once at the end."""
    from protocols.model import Span

    def walk(obj):
        if isinstance(obj, Span):
            yield obj
        elif isinstance(obj, list):
            for item in obj:
                yield from walk(item)
        elif hasattr(obj, "__pydantic_fields__"):
            for name in obj.__pydantic_fields__:
                yield from walk(getattr(obj, name))

    yield from walk(protocol)

"""The extraction boundary: what `app.nlp` hands to the rest of claimdesk.

Plain dataclasses so that services, the CLI and tests share one vocabulary without
importing spaCy objects (which do not survive the trip into the database).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class SourceText:
    """One document handed to an extractor: its text and the date it was published."""

    text: str
    published: dt.date | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class CandidateClaim:
    """One short stand-alone statement proposed for review.

    `start`/`end` are character offsets of the *sentence* in the document text, so that
    `document_text[start:end] == sentence` always holds; `span_start`/`span_end` locate the
    words the claim was built from (for highlighting), `span_text` keeps them verbatim.
    Provenance: `spans` are the document ranges of the claim's own words, in claim order;
    `insertions` the bracketed context the extractor added (`text`, its offset `at` in the
    claim, and the document words it `replaces` with their `start`/`end`, or None), and
    `needs_context` says a pronoun (in the claim or as its source) was kept because no
    antecedent was sure.
    """

    text: str
    sentence: str
    start: int
    end: int
    span_start: int
    span_end: int
    span_text: str
    attribution: str | None = None
    hedged: bool = False
    dates: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, str]] = field(default_factory=list)
    score: float = 0.5
    time_sensitive: bool = False
    spans: list[list[int]] = field(default_factory=list)
    insertions: list[dict[str, Any]] = field(default_factory=list)
    needs_context: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field."""
        return asdict(self)


class Extractor(Protocol):
    """What ingest and `claimdesk extract` rely on; any engine honouring it drops in."""

    name: str
    version: str

    def extract(self, source: SourceText) -> list[CandidateClaim]:
        """Candidate claims of one document, in reading order."""
        ...

    def extract_many(
        self, sources: Iterable[SourceText], *, batch_size: int | None = None
    ) -> Iterator[list[CandidateClaim]]:
        """Candidate claims of each document, one list per source, in input order;
        `batch_size` pieces parsed at once, or as many as the engine finds best."""
        ...

"""Who speaks a quotation that runs over several sentences, before or after its "X said"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from app.nlp.types import CandidateClaim

_QUOTE_MARKS = re.compile(r"[“”\"]")
_FIRST_PERSON = frozenset({"i", "we"})  # a quotation's own speaker


@dataclass(slots=True)
class QuoteTracker:
    """Follows quotation marks through a document so unattributed quoted sentences get a speaker."""

    speaker: str | None = None
    inside: bool = False
    pending: list[int] = field(default_factory=list)

    def attribute(
        self, text: str, found: str | None, claims: list[CandidateClaim], first: int
    ) -> None:
        """Give the sentence's claims (claims[first:]) and earlier quoted ones their speaker."""
        new = list(range(first, len(claims)))
        quoted = self.inside or text.lstrip()[:1] in '“"'
        if quoted and found is not None and found.lower() in _FIRST_PERSON:
            found = None  # '"I would suggest …": the quotation's speaker says "I"
        if found is not None:
            marked = bool(_QUOTE_MARKS.search(text))
            if marked:  # ('“A. B,” he said.': his; not '“A,” a dealer said. B, dealers said.',
                # the first frame missed: "dealers" did not say A)
                _set(self.pending, found, claims)
            else:
                self.close(claims)
            self.pending = []
            self.speaker = found if marked else None
        elif quoted and self.speaker is not None:
            _set(new, self.speaker, claims)
        elif quoted:
            self.pending.extend(new)
        else:
            self.close(claims)
            self.speaker = None
        self.inside = still_open(text, self.inside)

    def close(self, claims: list[CandidateClaim]) -> None:
        """Quoted claims still waiting for a speaker get none: they need context (someone
        said them, and the text does not say who)."""
        for i in self.pending:
            if claims[i].attribution is None:
                claims[i] = replace(claims[i], needs_context=True)
        self.pending = []


    def new_paragraph(self) -> None:
        """No quotation runs on past a paragraph's end unless the next paragraph opens with a
        quotation mark (the wire's convention; the mark then opens it again): one left open by
        mistake must not make the writer's next sentences a quotation."""
        self.inside = False


def _set(indices: list[int], speaker: str, claims: list[CandidateClaim]) -> None:
    """Attribute the claims at indices to speaker, where they have no attribution yet or
    only the quotation's own "I" or "we"."""
    for i in indices:
        said_by = claims[i].attribution
        if said_by is None or said_by.lower() in _FIRST_PERSON:
            claims[i] = replace(claims[i], attribution=speaker)


def still_open(text: str, inside: bool) -> bool:
    """Whether a quotation is open after this sentence, given whether it was before."""
    for mark in _QUOTE_MARKS.findall(text):
        inside = True if mark == "“" else False if mark == "”" else not inside
    return inside

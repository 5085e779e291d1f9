"""Searched words marked in text, as pieces a template renders: the template escapes every
piece's text, so no text a user or a document wrote is ever turned into HTML here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.services.search import Hit, Search, excerpt, hits_in

ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text and how it is shown: plain, a search hit, or words the extractor added
    (with the source words they stand for as the title). `templates/partials/marks.html`."""

    text: str
    kind: str = ""  # "", "hit" or "added"
    title: str = ""


def marked(text: str, hits: Sequence[Hit], start: int = 0, end: int | None = None
           ) -> list[Piece]:
    """text[start:end] in pieces, the hits that lie wholly inside it marked."""
    end = len(text) if end is None else end
    pieces, cursor = [], start
    for hit in hits:
        if hit.start < cursor or hit.end > end:
            continue
        pieces += [Piece(text[cursor:hit.start]), Piece(text[hit.start:hit.end], "hit")]
        cursor = hit.end
    pieces.append(Piece(text[cursor:end]))
    return [piece for piece in pieces if piece.text]


def found(text: str | None, search: Search | None) -> list[Piece]:
    """The text, the searched words in it marked (no search: one plain piece)."""
    text = text or ""
    return marked(text, hits_in(text, search)) if search else [Piece(text)]


def found_excerpt(text: str | None, search: Search | None) -> list[Piece] | None:
    """The part of a longer text (a sentence, a note) around the search's first hit, marked;
    None when the search is not in it."""
    window = excerpt(text or "", search) if search else None
    if window is None:
        return None
    return ([Piece(ELLIPSIS)] if window.cut_before else []) + marked(
        window.text, window.hits) + ([Piece(ELLIPSIS)] if window.cut_after else [])


def holds(text: str | None, search: Search) -> bool:
    """Whether the search is found in the text."""
    return bool(hits_in(text or "", search))

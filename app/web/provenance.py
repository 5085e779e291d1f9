"""A claim's words in pieces: what the extractor added is marked, with the words it stands for."""

from __future__ import annotations

from typing import Any

from app.services.search import Search, hits_in
from app.web.highlight import Piece, marked


def claim_words(claim: Any, search: Search | None = None) -> list[Piece]:
    """The claim text in pieces (the template escapes them), each bracketed insert an "added"
    piece whose title names the source words it replaces ("[Avon] identified …": hover
    "[Avon]" to read "it"), and the words of a search, if any, marked outside the inserts.

    Only inserts the extractor recorded are marked; brackets someone typed stay plain text.
    """
    text = claim.text or ""
    hits = hits_in(text, search) if search else ()
    parts: list[Piece] = []
    cursor = 0
    for at, shown, replaces in _inserts(getattr(claim, "insertions", None)):
        if at < cursor or text[at : at + len(shown)] != shown:
            continue  # the wording changed since: mark nothing rather than the wrong words
        parts += marked(text, hits, cursor, at)
        parts.append(_mark(shown, replaces))
        cursor = at + len(shown)
    parts += marked(text, hits, cursor)
    return parts


def _inserts(recorded: Any) -> list[tuple[int, str, str | None]]:
    """The well-formed inserts, in order; anything else (a hand-edited row) is ignored, so a
    bad record costs its highlighting, never the page."""
    found = []
    for insert in recorded if isinstance(recorded, list) else []:
        if not isinstance(insert, dict):
            continue
        at, words, replaces = insert.get("at"), insert.get("text"), insert.get("replaces")
        if isinstance(at, int) and isinstance(words, str):
            found.append((at, f"[{words}]", replaces if isinstance(replaces, str) else None))
    return sorted(found, key=lambda insert: insert[0])


def _mark(shown: str, replaces: str | None) -> Piece:
    """One insert, with the source words it stands for."""
    title = (f"Added by the extractor in place of “{replaces}”" if replaces
             else "Added by the extractor")
    return Piece(shown, "added", title)

"""Searched words marked in text: every piece of the text escaped, only the marks are HTML."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from app.services.search import Hit, Search, excerpt, hits_in

MARK = Markup('<mark class="hit">{}</mark>')
ELLIPSIS = "…"


def marked(text: str, hits: Sequence[Hit], start: int = 0, end: int | None = None) -> Markup:
    """text[start:end] escaped, the hits that lie wholly inside it marked."""
    end = len(text) if end is None else end
    parts, cursor = [], start
    for hit in hits:
        if hit.start < cursor or hit.end > end:
            continue
        parts += [escape(text[cursor:hit.start]), MARK.format(text[hit.start:hit.end])]
        cursor = hit.end
    parts.append(escape(text[cursor:end]))
    return Markup("").join(parts)


def found(text: str | None, search: Search | None) -> Markup:
    """The text escaped, the searched words in it marked (no search: just escaped)."""
    text = text or ""
    return marked(text, hits_in(text, search)) if search else escape(text)


def found_excerpt(text: str | None, search: Search | None) -> Markup | None:
    """The part of a longer text (a sentence, a note) around the search's first hit, marked;
    None when the search is not in it."""
    window = excerpt(text or "", search) if search else None
    if window is None:
        return None
    body = marked(window.text, window.hits)
    return Markup("").join([ELLIPSIS if window.cut_before else "", body,
                            ELLIPSIS if window.cut_after else ""])

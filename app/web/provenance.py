"""A claim's words as HTML: what the extractor added is marked, with the words it stands for."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape


def claim_words(claim: Any) -> Markup:
    """The claim text, escaped, each bracketed insert in a `mark.added` whose title names the
    source words it replaces ("[Avon] identified …": hover "[Avon]" to read "it").

    Only inserts the extractor recorded are marked; brackets someone typed stay plain text.
    """
    text = claim.text or ""
    parts: list[str] = []
    cursor = 0
    for insert in sorted(getattr(claim, "insertions", None) or [], key=lambda i: i["at"]):
        shown = f"[{insert['text']}]"
        at = insert["at"]
        if at < cursor or text[at : at + len(shown)] != shown:
            continue  # the wording changed since: mark nothing rather than the wrong words
        parts.append(escape(text[cursor:at]))
        parts.append(_mark(shown, insert.get("replaces")))
        cursor = at + len(shown)
    parts.append(escape(text[cursor:]))
    return Markup("").join(parts)


def _mark(shown: str, replaces: str | None) -> Markup:
    """One insert as HTML."""
    title = (f"Added by the extractor in place of “{replaces}”" if replaces
             else "Added by the extractor")
    return Markup('<mark class="added" title="{}">{}</mark>').format(title, shown)

"""Word lists written as plain strings, so the rules' vocabularies stay readable."""

from __future__ import annotations

from collections.abc import Iterable


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of text, as a set."""
    return frozenset(text.split())


def verb_forms(verbs: Iterable[str]) -> frozenset[str]:
    """Base, -s, -ed and -ing forms of regular verbs (no lemmatizer needed at run time)."""
    out: set[str] = set()
    for verb in verbs:
        stem = verb[:-1] if verb.endswith("e") else verb
        out |= {verb, verb + "s", stem + "ed", stem + "ing"}
    return frozenset(out)

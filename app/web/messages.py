"""What messages say, in people's words: one helper shapes every flash and error shown on a
page (a capital first letter, a full stop), and labels and claims are named the same way
in each (display names, claims cut at a word with an ellipsis)."""

from __future__ import annotations

from app.models import Claim
from app.services.labels import CONFLICT, PENDING, ClaimState, name_of, shorten

ENDINGS = (".", "!", "?", "…", ":", ")")


def say(message: str) -> str:
    """`message` as a sentence: its first letter capital, and a full stop at its end."""
    text = str(message).strip()
    if not text:
        return text
    for index, char in enumerate(text):
        if char.isalpha():
            if char.islower():
                text = text[:index] + char.upper() + text[index + 1:]
            break
        if char.isalnum():
            break
    return text if text.endswith(ENDINGS) else text + "."


def quoted(claim: Claim) -> str:
    """A claim's text in a message: “cut at a word…”."""
    return f"“{shorten(claim.text)}”"


def count(n: int, thing: str) -> str:
    """"1 claim", "3 claims"."""
    return f"{n} {thing}{'' if n == 1 else 's'}"


def review_saved(claim: Claim, label: str, state: ClaimState) -> str:
    """The outcome of giving `label` to `claim`, now in `state`: its verdict, a conflict
    waiting for an editor, or how many more reviews it needs."""
    yours = f"Saved your {name_of(label)} on {quoted(claim)}"
    if state.key == CONFLICT:
        return f"{yours}. Reviewers disagree ({state.tally}): an editor settles it."
    if state.key == PENDING:
        more = f"{state.missing} more review{'' if state.missing == 1 else 's'}"
        return f"{yours}: it needs {more} before it has a verdict."
    if state.key != label:
        by = f", settled by {claim.settled_by}" if claim.settled_by else ""
        return f"{yours}; its verdict stays {name_of(state.key)}{by}."
    return f"Saved: {quoted(claim)} is {name_of(label)}."


def labelled(done: list[Claim], label: str) -> str:
    """After a bulk action: how many claims got which label."""
    return f"Labelled {count(len(done), 'claim')} as {name_of(label)}."


def settled(claim: Claim) -> str:
    """After an editor settles a conflict."""
    return f"Settled {quoted(claim)} as {name_of(claim.verdict)}."

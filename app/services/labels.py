"""The label vocabulary in people's words, and the review state a claim is really in.

Every list of labels (forms, charts, filters, the OpenAPI document, the JSON Schema) is
derived from `Label` and the names here, so adding or renaming a label happens once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from app.models import Label

LABELS: tuple[str, ...] = tuple(label.value for label in Label)
LABEL_NAMES: dict[str, str] = {
    Label.SUPPORTED.value: "Supported",
    Label.DISPUTED.value: "Disputed",
    Label.OUTDATED.value: "Outdated",
    Label.NOT_A_CLAIM.value: "Not a claim",
}
# The queue's key for each label (contract: 1 supported, 2 disputed, 3 outdated, x not a claim).
LABEL_KEYS: dict[str, str] = {
    Label.SUPPORTED.value: "1",
    Label.DISPUTED.value: "2",
    Label.OUTDATED.value: "3",
    Label.NOT_A_CLAIM.value: "x",
}
LABEL_MEANINGS: dict[str, str] = {
    Label.SUPPORTED.value: "the evidence confirms the claim as stated",
    Label.DISPUTED.value: "the evidence contradicts it, or it is contested or misleading",
    Label.OUTDATED.value: "true as of its date, overtaken since (add “outdated since”)",
    Label.NOT_A_CLAIM.value: "nothing checkable (an extraction error)",
}
CONFLICT, PENDING, UNREVIEWED, HIDDEN = "conflict", "pending", "unreviewed", "hidden"
# What a claim can be while it has no verdict: reviewers disagree, too few have reviewed,
# or no one has yet.
OPEN_STATES: tuple[str, ...] = (CONFLICT, PENDING, UNREVIEWED)
STATES: tuple[str, ...] = LABELS + OPEN_STATES
STATE_NAMES: dict[str, str] = {
    **LABEL_NAMES,
    CONFLICT: "In conflict",
    PENDING: "Needs more reviews",
    UNREVIEWED: "Unreviewed",
    HIDDEN: "Hidden until you review",
}


def name_of(key: str | None) -> str:
    """A label's or state's display name ("not_a_claim" → "Not a claim")."""
    if key is None:
        return STATE_NAMES[UNREVIEWED]
    return STATE_NAMES.get(key, key.replace("_", " ").capitalize())


@dataclass(frozen=True)
class ClaimState:
    """Where a claim stands: a verdict, or why it has none, with the labels given so far."""

    key: str
    counts: tuple[tuple[str, int], ...] = ()
    missing: int = 0

    @property
    def name(self) -> str:
        return name_of(self.key)

    @property
    def tally(self) -> str:
        """"Supported 1 · Disputed 1": the labels given, in the labels' order."""
        return " · ".join(f"{name_of(label)} {n}" for label, n in self.counts)

    @property
    def text(self) -> str:
        """The state in a sentence fragment: "In conflict: Supported 1 · Disputed 1"."""
        if self.key == CONFLICT:
            return f"{self.name}: {self.tally}"
        if self.key == PENDING:
            more = f"{self.missing} more review{'' if self.missing == 1 else 's'}"
            return f"Needs {more} ({self.tally})" if self.counts else f"Needs {more}"
        return self.name


def claim_state(verdict: str | None, labels: Iterable[str], reviews_required: int = 1,
                ) -> ClaimState:
    """The state of a claim with `verdict` and its current reviews' `labels`."""
    given = Counter(labels)
    counts = tuple((label, given[label]) for label in LABELS if given[label])
    if verdict is not None:
        return ClaimState(verdict, counts)
    if len(given) > 1:
        return ClaimState(CONFLICT, counts)
    if given:
        return ClaimState(PENDING, counts, max(reviews_required - sum(given.values()), 0))
    return ClaimState(UNREVIEWED)


def shorten(text: str, limit: int = 60) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"

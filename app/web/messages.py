"""What the flash says after a review: what really happened, in people's words."""

from __future__ import annotations

from app.models import Claim
from app.services.labels import CONFLICT, PENDING, ClaimState, name_of, shorten


def review_saved(claim: Claim, label: str, state: ClaimState) -> str:
    """The outcome of giving `label` to `claim`, now in `state`: its verdict, a conflict
    waiting for an editor, or how many more reviews it needs."""
    quoted = f"“{shorten(claim.text)}”"
    yours = f"Saved your {name_of(label)} on {quoted}"
    if state.key == CONFLICT:
        return f"{yours}. Reviewers disagree ({state.tally}): an editor settles it."
    if state.key == PENDING:
        more = f"{state.missing} more review{'' if state.missing == 1 else 's'}"
        return f"{yours}: it needs {more} before it has a verdict."
    if state.key != label:
        by = f", settled by {claim.settled_by}" if claim.settled_by else ""
        return f"{yours}; its verdict stays {name_of(state.key)}{by}."
    return f"Saved: {quoted} is {name_of(label)}."

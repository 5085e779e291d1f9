"""Checked before, on a claim's page: its earlier checks, and applying or dismissing one
(plain forms, boosted by htmx, back to the claim's page)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_login import login_required

from app.services import checked_before
from app.services.errors import InvalidInput, NotFound, StaleVersion
from app.services.review import ReviewWritten
from app.web.auth import current_actor, viewer_sight
from app.web.context import db
from app.web.messages import quoted
from app.web.params import claim_version

bp = Blueprint("matches", __name__, url_prefix="/claims")


def earlier_checks_for(claim) -> list[checked_before.EarlierCheck]:
    """A claim's earlier checks as the viewer may see them, for the claim page's template
    (drawn with the page, so that its keys work at once and without JavaScript)."""
    return checked_before.earlier_checks(db(), claim.id, viewer_sight())


@bp.post("/<claim:claim_id>/checked-before/<int:match_id>/apply")
@login_required
def apply(claim_id: int, match_id: int):
    """Label the claim with the earlier check's verdict (the normal review path)."""
    try:
        claim = apply_earlier_check(claim_id, match_id, form_version()).claim
        flash(f"Applied the earlier verdict to {quoted(claim)}.", "success")
    except StaleVersion as stale:
        flash(f"{stale.message}: nothing was applied. This page shows its current state.",
              "error")
    except (InvalidInput, NotFound) as refused:
        flash(f"Nothing was applied: {refused.message}", "error")
    return _back(claim_id)


@bp.post("/<claim:claim_id>/checked-before/<int:match_id>/dismiss")
@login_required
def dismiss(claim_id: int, match_id: int):
    """Hide an earlier check that does not check this claim (an event)."""
    try:
        checked_before.dismiss_match(session=db(), actor=current_actor(), claim_id=claim_id,
                                     match_id=match_id)
        flash("Dismissed: that earlier check is no longer offered for this claim.", "success")
    except NotFound as gone:
        flash(gone.message, "error")
    return _back(claim_id)


def _back(claim_id: int):
    return redirect(url_for("claims.show", claim_id=claim_id), 303)


def form_version() -> int:
    """The claim version the request's form was based on (required)."""
    return claim_version(request.form)


def apply_earlier_check(claim_id: int, match_id: int, version: int | None) -> ReviewWritten:
    """An earlier check's verdict given to the claim through the review path, with the
    team's settings and the viewer's sight (from the claim page and the queue alike)."""
    return checked_before.apply_match(
        session=db(), actor=current_actor(), claim_id=claim_id, match_id=match_id,
        expected_version=version, site_url=request.url_root,
        reviews_required=current_app.config["REVIEWS_REQUIRED"],
        require_note_for=current_app.config["REQUIRE_NOTE_FOR"], sight=viewer_sight())

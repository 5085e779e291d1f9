"""The review queue: one claim at a time, keyboard first, the next one swapped in by htmx."""

from __future__ import annotations

from flask import Blueprint, current_app, request, session
from flask_login import login_required

from app.models import Claim
from app.services import documents, queue, review
from app.services.errors import InvalidInput, StaleVersion
from app.web.auth import current_actor
from app.web.claims import review_form_values
from app.web.context import db
from app.web.params import small_int
from app.web.render import page_or_partial, wants_partial

bp = Blueprint("queue", __name__, url_prefix="/queue")
SEEN_KEY = "queue_seen"
SKIP_KEY = "queue_skipped"
SEEN_LIMIT = 200


@bp.get("")
@login_required
def index():
    """The next claim (or, with `claim=`, one chosen claim) under the chosen filters."""
    criteria = _criteria()
    chosen = request.args.get("claim", type=small_int)
    if chosen is not None:
        claim = documents.get_claim(db(), chosen)
        queue.lease_claim(session=db(), claim_id=claim.id, reviewer=current_actor())
    else:
        claim = _next_skipping(criteria, request.args.getlist("skip", type=small_int))
    return _item(claim, criteria)


def _next_skipping(criteria: queue.QueueFilter, skipped_now: list[int]):
    """The next claim past every claim skipped in this session; once only skipped claims
    are left, they come round again."""
    skipped = [i for i in session.get(SKIP_KEY, []) if i not in skipped_now] + skipped_now
    session[SKIP_KEY] = skipped[-SEEN_LIMIT:]
    claim = queue.next_claim_for(session=db(), reviewer=current_actor(), criteria=criteria,
                                 skip=session[SKIP_KEY])
    if claim is None and session[SKIP_KEY]:
        session[SKIP_KEY] = []
        claim = queue.next_claim_for(session=db(), reviewer=current_actor(), criteria=criteria)
    return claim


@bp.post("/<int:claim_id>/review")
@login_required
def label(claim_id: int):
    """Label the current claim and answer with the next one."""
    criteria = _criteria()
    try:
        claim = review.set_review(session=db(), claim_id=claim_id, actor=current_actor(),
                                  reviews_required=current_app.config["REVIEWS_REQUIRED"],
                                  require_note_for=current_app.config["REQUIRE_NOTE_FOR"],
                                  **review_form_values(request.form))
    except StaleVersion as stale:
        return _item(stale.details["current"], criteria, status=409, message_kind="error",
                     message=f"{stale.message}. Here is its current state: label it again "
                     "if you still disagree.")
    except InvalidInput as invalid:  # keep the claim on screen with the reason
        return _item(documents.get_claim(db(), claim_id), criteria, status=422,
                     message_kind="error", message=invalid.message)
    verdict = claim.verdict or "reviewed"
    following = queue.next_claim_for(session=db(), reviewer=current_actor(), criteria=criteria)
    return _item(following, criteria, message=f"Saved “{claim.text[:60]}” as {verdict}. "
                 "Press u to undo.")


@bp.post("/undo")
@login_required
def undo():
    """Take back the latest review and show that claim again."""
    criteria = _criteria()
    claim = review.undo_last(session=db(), actor=current_actor(),
                             reviews_required=current_app.config["REVIEWS_REQUIRED"])
    if claim is None:
        following = queue.next_claim_for(session=db(), reviewer=current_actor(),
                                         criteria=criteria)
        return _item(following, criteria, message="Nothing to undo.")
    queue.lease_claim(session=db(), claim_id=claim.id, reviewer=current_actor())
    return _item(claim, criteria, message="Undone: this claim is back as it was.")


def _item(claim: Claim | None, criteria: queue.QueueFilter, *, status: int = 200,
          message: str = "", message_kind: str = "info"):
    store = db()
    context = {"claim": claim, "criteria": criteria, "message": message,
               "message_kind": message_kind,
               "remaining": queue.open_count(store, current_actor(), criteria),
               "count_cap": queue.COUNT_CAP}
    if not wants_partial():  # the filter menu is part of the page, not of the swapped item
        context["documents_for_filter"] = documents.document_choices(store)
    if claim is not None:
        document = documents.get_document(store, claim.document_id)
        context.update(
            document=document,
            context=documents.sentence_in_paragraph(document.text, claim.start, claim.end),
            reviews=review.reviews_of(store, claim.id),
            previous_id=_remember(claim.id),
        )
    return page_or_partial("queue.html", "partials/queue_item.html", status=status, **context)


def _remember(claim_id: int) -> int | None:
    """Record the claim as seen in this session; the one seen before it is `k`'s target."""
    seen = [i for i in session.get(SEEN_KEY, []) if i != claim_id]
    previous = seen[-1] if seen else None
    session[SEEN_KEY] = (seen + [claim_id])[-SEEN_LIMIT:]
    return previous


def _criteria() -> queue.QueueFilter:
    values = request.values
    document = values.get("document", type=small_int)
    return queue.QueueFilter(scope=values.get("scope", "unreviewed"), document_id=document,
                             time_sensitive=values.get("time_sensitive") == "1")

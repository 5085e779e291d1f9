"""The review queue: one claim at a time, keyboard first, the next one swapped in by htmx."""

from __future__ import annotations

import datetime as dt
import time

from flask import Blueprint, current_app, request, session
from flask_login import login_required

from app.models import Claim, Event
from app.services import checked_before, claim_card, documents, queue, recheck, review
from app.services.errors import InvalidInput, NotFound, StaleVersion
from app.services.labels import ClaimState, claim_state, name_of
from app.web.auth import current_actor, viewer_sight
from app.web.claim_ref import claim_ref_arg
from app.web.claims import review_form_values, typed_fields
from app.web.context import db
from app.web.matches import apply_earlier_check, form_version
from app.web.messages import quoted, review_saved
from app.web.params import small_int
from app.web.render import page_or_partial, wants_partial

bp = Blueprint("queue", __name__, url_prefix="/queue")


@bp.get("")
@login_required
def index():
    """The next claim (after `skip=`, the one after it; with `claim=`, one chosen claim;
    with `before=`, the one before that claim in the queue's order)."""
    criteria = _criteria()
    before = request.args.get("before", type=small_int)
    if before is not None:
        return _previous(before, criteria)
    chosen = request.args.get("claim", type=claim_ref_arg)
    if chosen is not None:
        claim = documents.get_claim(db(), chosen)
        queue.lease_claim(session=db(), claim_id=claim.id, reviewer=current_actor())
    else:
        return _served(queue.serve_next(session=db(), reviewer=current_actor(),
                                        criteria=criteria,
                                        after=request.args.get("skip", type=small_int)),
                       criteria)
    return _item(claim, criteria)


@bp.post("/<claim:claim_id>/review")
@login_required
def label(claim_id: int):
    """Label the current claim and answer with the one after it in the queue's order."""
    criteria = _criteria()
    try:
        values, require_note_for = review_form_values(request.form), _notes_required(criteria)
        if criteria.by_due_date and values["label"] == "outdated":
            values["reason"] = "re-check: its date passed"
            values["outdated_since"] = values["outdated_since"] or _day_after_its_date(claim_id)
        written = review.write_review(session=db(), claim_id=claim_id, actor=current_actor(),
                                      reviews_required=current_app.config["REVIEWS_REQUIRED"],
                                      require_note_for=require_note_for, **values)
    except StaleVersion as stale:
        return _item(stale.details["current"], criteria, status=409, message_kind="error",
                     message=f"{stale.message}. Here is its current state: label it again "
                     "if you still disagree.", typed=typed_fields(request.form))
    except InvalidInput as invalid:  # keep the claim on screen with the reason
        return _item(documents.get_claim(db(), claim_id), criteria, status=422,
                     message_kind="error", message=invalid.message,
                     typed=typed_fields(request.form))
    claim = written.claim
    saved = review_saved(claim, request.form["label"], _state(claim, written.reviews))
    return _served(_next_after(claim, criteria), criteria, message=f"{saved} Press u to undo.",
                   taken=1 if written.event is not None else 0, undo_event=written.event)


@bp.post("/<claim:claim_id>/matches/<int:match_id>/apply")
@login_required
def apply_match(claim_id: int, match_id: int):
    """Give the claim the verdict of its earlier check, the match as evidence; then the next
    claim, as after any label."""
    criteria = _criteria()
    try:
        written = apply_earlier_check(claim_id, match_id, form_version())
    except StaleVersion as stale:
        return _item(stale.details["current"], criteria, status=409, message_kind="error",
                     message=f"{stale.message}. Here is its current state: apply the earlier "
                     "verdict again if it still holds.")
    except (InvalidInput, NotFound) as refused:
        return _item(documents.get_claim(db(), claim_id), criteria, status=refused.status,
                     message_kind="error", message=refused.message)
    claim = written.claim
    return _served(_next_after(claim, criteria), criteria,
                   message=f"Applied the earlier verdict to {quoted(claim)}: "
                   f"now {_state(claim, written.reviews).text}. Press u to undo.", taken=1,
                   undo_event=written.event)


@bp.post("/<claim:claim_id>/matches/<int:match_id>/dismiss")
@login_required
def dismiss_match(claim_id: int, match_id: int):
    """Hide an earlier check that does not check this claim; the claim stays on screen."""
    criteria = _criteria()
    try:
        checked_before.dismiss_match(session=db(), actor=current_actor(), claim_id=claim_id,
                                     match_id=match_id)
    except NotFound as gone:
        return _item(documents.get_claim(db(), claim_id), criteria, status=404,
                     message_kind="error", message=gone.message)
    return _item(documents.get_claim(db(), claim_id), criteria,
                 message="Dismissed: that earlier check is no longer offered for this claim.")


@bp.post("/<claim:claim_id>/confirm")
@login_required
def confirm(claim_id: int):
    """The verdict still holds though the claim's date passed (an event); the next one."""
    criteria = _criteria()
    try:
        claim = recheck.confirm_verdict(session=db(), actor=current_actor(), claim_id=claim_id,
                                        expected_version=form_version(),
                                        note=request.form.get("note", "").strip(),
                                        sight=criteria.sight)
    except StaleVersion as stale:
        return _item(stale.details["current"], criteria, status=409, message_kind="error",
                     message=f"{stale.message}. Here is its current state.",
                     typed=typed_fields(request.form))
    except (InvalidInput, NotFound) as refused:
        return _item(documents.get_claim(db(), claim_id), criteria, status=refused.status,
                     message_kind="error", message=refused.message,
                     typed=typed_fields(request.form))
    return _served(_next_after(claim, criteria), criteria,
                   message=f"Confirmed: {quoted(claim)} is still {name_of(claim.verdict)}. "
                   "Undo is not offered: label it again to change it.")


@bp.post("/undo")
@login_required
def undo():
    """Take back the latest review and show that claim again (else stay where one was);
    with `event=`, only if that is still the latest (the change the page offered to undo)."""
    criteria = _criteria()
    at = request.args.get("at", type=small_int)
    try:
        claim = review.undo_last(session=db(), actor=current_actor(),
                                 reviews_required=current_app.config["REVIEWS_REQUIRED"],
                                 expected_event=request.args.get("event", type=small_int))
    except StaleVersion as stale:
        return _stay(at, criteria, f"{stale.message}.", status=409, message_kind="error")
    if claim is None:
        return _stay(at, criteria, "Nothing to undo.")
    queue.lease_claim(session=db(), claim_id=claim.id, reviewer=current_actor())
    return _item(claim, criteria, message="Undone: this claim is back as it was.", taken=-1)


def _previous(before: int, criteria: queue.QueueFilter):
    """The claim before claim `before` in the queue's order, leased; if there is none,
    claim `before` again with a word saying so. Asked when the reviewer goes back rather
    than with every answer: finding it cost each label a statement or two."""
    previous = queue.previous_claim_id(db(), current_actor(), criteria, before)
    if previous is None:
        return _stay(before, criteria, "Nothing comes before this claim in this queue.")
    queue.lease_claim(session=db(), claim_id=previous, reviewer=current_actor())
    return _item(documents.get_claim(db(), previous), criteria)


def _stay(claim_id: int | None, criteria: queue.QueueFilter, message: str, **answer):
    """Show claim `claim_id` again (the one on screen), or the first one if it is gone."""
    try:
        claim = documents.get_claim(db(), claim_id) if claim_id is not None else None
        if claim is not None:
            queue.lease_claim(session=db(), claim_id=claim.id, reviewer=current_actor())
    except NotFound:
        claim = None
    if claim is None:
        return _served(queue.serve_next(session=db(), reviewer=current_actor(),
                                        criteria=criteria), criteria, message=message, **answer)
    return _item(claim, criteria, message=message, **answer)


def _served(served: queue.Served | None, criteria: queue.QueueFilter, **answer):
    """The queue's answer with the claim it served and the card read with its lease."""
    if served is None:
        return _item(None, criteria, **answer)
    return _item(served.claim, criteria, card=served.card, **answer)


def _item(claim: Claim | None, criteria: queue.QueueFilter, *, status: int = 200,
          message: str = "", message_kind: str = "info", taken: int = 0,
          card: claim_card.ClaimCard | None = None, undo_event: Event | None = None,
          typed: dict[str, str] | None = None):
    """The queue's answer: `claim` with what a reviewer needs to judge it, its `card` read
    unless given (`taken`: claims the action answered took out of the reviewer's queue, -1
    when an undo put one back; `undo_event`: the change just made, the one `u` takes back;
    `typed`: a refused write's note fields, shown again as typed)."""
    store, reviewer = db(), current_actor()
    context = {"claim": claim, "criteria": criteria, "message": message,
               "message_kind": message_kind, "undo_event": undo_event.id if undo_event else None,
               "typed": typed,
               "remaining": _remaining(criteria, claim, taken=taken),
               "count_cap": queue.COUNT_CAP}
    if not wants_partial():  # the filter menu is part of the page, not of the swapped item
        context["documents_for_filter"] = documents.document_choices(store)
    if claim is None:
        context["last_reviewed_id"] = queue.last_reviewed_id(store, reviewer, criteria)
    else:
        card = card or claim_card.read_card(store, claim, criteria.sight)
        context.update(
            document=card.document,
            context=documents.claim_context(card.document.text, claim),
            reviews=card.reviews,
            wording_changes=card.wording_changes,
            earlier_checks=card.earlier_checks,
            awaiting_recheck=recheck.awaiting_recheck(claim),
        )
    return page_or_partial("queue.html", "partials/queue_item.html", status=status, **context)


# How long a count of the unreviewed queue is shown, one less for each of the reviewer's own
# labels, before it is counted again; and under how many claims every answer counts afresh,
# so that the queue's end is exact. Counting cost each label a fifth of its statements' work
# (up to COUNT_CAP rows read, each with two lookups).
COUNT_FRESH_FOR = 15.0
COUNT_EXACT_BELOW = 100


def _remaining(criteria: queue.QueueFilter, claim: Claim | None, *, taken: int) -> int:
    """How many claims the queue still holds for the reviewer (`queue.open_count`).

    In the unreviewed queue a label takes exactly one claim out of the reviewer's queue
    (an undo puts it back), so their session keeps the count and follows their own actions;
    it is counted again after COUNT_FRESH_FOR seconds (others' labels and new documents
    show then), and always near the end. The other scopes count every time (their count
    moves with the claim shown)."""
    reviewer = current_actor()
    key = [reviewer.id, criteria.scope, criteria.document_id, criteria.time_sensitive]
    kept = session.get("queue_count")
    now = time.time()
    if criteria.scope == "unreviewed" and kept and kept[0] == key \
            and 0 <= now - kept[2] < COUNT_FRESH_FOR:
        count = kept[1] - taken if kept[1] < queue.COUNT_CAP else kept[1]
        if count >= COUNT_EXACT_BELOW:
            session["queue_count"] = [key, count, kept[2]]
            return count
    count = queue.open_count(db(), reviewer, criteria, current=claim.id if claim else None)
    if criteria.scope == "unreviewed":
        session["queue_count"] = [key, count, now]
    return count


def _state(claim: Claim, reviews: list | None = None) -> ClaimState:
    """The claim's state in the words of its labels (its `reviews` read unless given)."""
    if reviews is None:
        reviews = review.reviews_of(db(), claim.id)
    labels = [item.label for item, _ in reviews]
    return claim_state(claim.verdict, labels, current_app.config["REVIEWS_REQUIRED"])


def _day_after_its_date(claim_id: int):
    """When a claim marked outdated in re-check became so, unless the reviewer says."""
    due = recheck.due_day(documents.get_claim(db(), claim_id))
    return due + dt.timedelta(days=1) if due else None


def _notes_required(criteria: queue.QueueFilter) -> tuple[str, ...]:
    """The team's labels that need a note; when re-checking, "outdated" too (say what
    overtook the claim)."""
    required = tuple(current_app.config["REQUIRE_NOTE_FOR"])
    return (*required, "outdated") if criteria.by_due_date else required


def _next_after(claim: Claim, criteria: queue.QueueFilter) -> queue.Served | None:
    """The claim the queue serves after this one, in its order (its place read from the
    claim as written, not again from the database), with its card."""
    return queue.serve_next(session=db(), reviewer=current_actor(), criteria=criteria,
                            after=claim)


def _criteria() -> queue.QueueFilter:
    values = request.values
    document = values.get("document", type=small_int)
    return queue.QueueFilter(scope=values.get("scope", "unreviewed"), document_id=document,
                             time_sensitive=values.get("time_sensitive") == "1",
                             sight=viewer_sight())

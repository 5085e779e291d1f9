"""The JSON API (token auth): a claim with its reviews and history, and setting a review."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, current_app, g, jsonify, request
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.models import Claim, Event
from app.services import accounts, documents, events, proofs, review, visibility
from app.services import claims as claims_table
from app.services.errors import ClaimdeskError, InvalidInput, NotFound, StaleVersion
from app.services.export import (
    claim_record,
    document_record,
    event_record,
    review_record,
)
from app.services.text_rules import checked_text
from app.web.auth import viewer_sight
from app.web.claims import next_params, table_query
from app.web.context import csrf, db, engine
from app.web.exports import export_response, require_export_right
from app.web.openapi import openapi_document
from app.web.params import column_int, small_int

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # no cookies are honoured here, only bearer tokens: nothing to forge


class Unauthorised(ClaimdeskError):
    """No valid API token."""

    status = 401


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document of this API (public: it holds no data)."""
    return jsonify(openapi_document())


@bp.before_request
def _authenticate() -> None:
    if request.endpoint == "api.openapi":
        return
    if request.endpoint == "api.get_claim" and engine().dialect.name == "postgresql":
        g.db_session = Session(_reading_engine(), expire_on_commit=False)
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    user = accounts.token_user(db(), token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise Unauthorised("send an API token: Authorization: Bearer <token>")
    g.api_user = user


def _reading_engine() -> Engine:
    """The app's engine, its connections in autocommit: a claim's read (what every API
    write reads first) then sends no BEGIN and no ROLLBACK, two of its six round trips to
    PostgreSQL. It reads what a transaction would: at READ COMMITTED each statement sees
    what was committed when it started, in a transaction or not (its own token's use, a
    write of one statement, is committed at once as it would be at the request's end)."""
    extensions = current_app.extensions
    if _READING_ENGINE not in extensions:
        extensions[_READING_ENGINE] = engine().execution_options(isolation_level="AUTOCOMMIT")
    return extensions[_READING_ENGINE]


_READING_ENGINE = "claimdesk.api_reading_engine"


@bp.get("/claims")
def list_claims():
    """A page of claims under the table's filters; `next` is the next page's query string."""
    limit = request.args.get("limit", 50, type=small_int)
    if not 1 <= limit <= 200:
        raise InvalidInput("limit must be between 1 and 200")
    query, after = table_query(request.args)
    sight = viewer_sight()
    page = claims_table.list_claims(db(), query, after=after, limit=limit, sight=sight)
    reviews = review.reviews_by_claim(db(), [row.claim.id for row in page.rows])
    documents_seen: dict[int, dict] = {}
    records = []
    for row in page.rows:
        claim = row.claim
        if claim.document_id not in documents_seen:
            documents_seen[claim.document_id] = document_record(
                documents.document_head(db(), claim.document_id))
        record, _ = _visible_record(claim, documents_seen[claim.document_id],
                                    reviews.get(claim.id, []), sight)
        records.append(record)
    params = next_params(request.args, page.next_cursor)
    return jsonify(claims=records, next=urlencode(params) if params else None)


@bp.get("/claims/<claim:claim_id>")
def get_claim(claim_id: int):
    """One claim as exported, with its reviews, version and events."""
    return jsonify(_claim_payload(claim_id))


@bp.post("/claims/<claim:claim_id>/reviews")
def set_review(claim_id: int):
    """Set the token owner's review; `version` must be the claim's current version."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput("send a JSON object: {label, note, evidence, version}")
    evidence = body.get("evidence") or []
    if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
        raise InvalidInput("evidence must be a list of URLs")
    version = body.get("version")
    if not column_int(version):
        raise InvalidInput("version (an integer) is required: GET the claim first")
    try:
        written = review.write_review(
            session=db(), claim_id=claim_id, actor=g.api_user,
            label=checked_text(body.get("label"), "label"),
            note=checked_text(body.get("note"), "note"), evidence=evidence,
            expected_version=version, reviews_required=current_app.config["REVIEWS_REQUIRED"],
            require_note_for=current_app.config["REQUIRE_NOTE_FOR"])
    except StaleVersion as stale:
        return jsonify(error=stale.message, current=_claim_payload(claim_id)), 409
    # The claim as written and the event appended, not its whole history read back: a
    # client writing in bulk needs the new version, and the history grows with every write.
    answer, show_all = _claim_state(written.claim, written.reviews, written.document)
    appended = [written.event] if written.event else []
    history = visibility.visible_history(appended, viewer_sight(), show_all=show_all)
    return jsonify({**answer, "events": [event_record(e) for e in history]})


@bp.get("/claims/<claim:claim_id>/proof")
def claim_proof(claim_id: int):
    """The claim's events with inclusion proofs against the newest signed checkpoint
    (docs/audit.md); a blind reviewer who has not labelled it gets only their own."""
    session = db()
    claim = documents.get_claim(session, claim_id)
    sight = viewer_sight()
    _, show_all = visibility.visible_reviews(review.reviews_of(session, claim_id), sight)
    history = events.history(session, claim_id)
    if not show_all:
        history = [event for event in history if event.actor_id == sight.viewer_id]
    return jsonify(proofs.prove_claim(session, claim, events=history, show_verdict=show_all))


@bp.get("/export.jsonl")
def export_stream():
    """The export, streamed; the same filters and formats as the UI download."""
    require_export_right(g.api_user)
    db().rollback()  # the token's read ends here: the stream reads in a session of its own
    return export_response(request.args)


def _claim_payload(claim_id: int) -> dict:
    """The claim as the viewer may see it, with its version and whole history.

    Read as plain rows (the claim with its document's head in one statement, its reviews,
    its events; on PostgreSQL the three in one round trip), not ORM objects: every API
    write reads it first, and loading the objects cost more Python than the statements."""
    found, reviews, history = review.claim_reviews_history(db(), claim_id)
    if found is None:
        raise NotFound(f"no claim {claim_id}")
    claim, document = found
    answer, show_all = _claim_state(claim, reviews, document)
    if not show_all:
        history = visibility.visible_history([Event(**row._asdict()) for row in history],
                                             viewer_sight(), show_all=False)
    return {**answer, "events": [event_record(e) for e in history]}


def _claim_state(claim: Claim | tuple, reviews: list | None, document: review.DocumentHead
                 ) -> tuple[dict, bool]:
    """The claim as the viewer may see it, with its version (what a client needs to write
    next), and whether they see others' work on it; its reviews are read unless given."""
    if reviews is None:
        reviews = review.review_rows(db(), claim.id)
    record, show_all = _visible_record(claim, document_record(document), reviews,
                                       viewer_sight())
    return {**record, "version": claim.version}, show_all


def _visible_record(claim: Claim | tuple, document: dict, reviews: list,
                    sight: visibility.Sight) -> tuple[dict, bool]:
    """The claim as exported, as the viewer may see it, and whether they see it all."""
    pairs, show_all = visibility.visible_reviews(reviews, sight)
    record = claim_record(claim, document, [review_record(r, name) for r, name in pairs])
    return (record if show_all else visibility.without_others_work(record)), show_all

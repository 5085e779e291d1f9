"""Blueprints (thin: parse input, call a service, render) and the one error mapping."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.services import recheck, visibility
from app.services.errors import ClaimdeskError
from app.services.labels import (
    HIDDEN,
    LABEL_KEYS,
    LABEL_MEANINGS,
    STATES,
    ClaimState,
    claim_state,
    name_of,
)
from app.web import (
    account,
    api,
    auth,
    charts,
    claims,
    dashboard,
    documents,
    exports,
    guidelines,
    matches,
    messages,
    provenance,
    queue,
)
from app.web.auth import viewer_sight
from app.web.claim_ref import ClaimRefConverter, resolve_claim_ref
from app.web.params import BoundedIntConverter
from app.web.render import wants_partial


def init_app(app: Flask) -> None:
    """Register the blueprints, template helpers and error handlers."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.url_map.converters["claim"] = ClaimRefConverter
    app.url_value_preprocessor(resolve_claim_ref)
    for blueprint in (auth.bp, dashboard.bp, documents.bp, claims.bp, exports.bp, queue.bp,
                      guidelines.bp, account.bp, api.bp, matches.bp):
        app.register_blueprint(blueprint)
    app.jinja_env.globals.update(bar_segments=charts.bar_segments, heat_cells=charts.heat_cells,
                                 LABELS=charts.LABELS, LABEL_KEYS=LABEL_KEYS,
                                 LABEL_MEANINGS=LABEL_MEANINGS)
    app.jinja_env.globals.update(visible=visible, state_of=state_of, row_state=row_state,
                                 sentence_tag=sentence_tag, viewer_sight=viewer_sight,
                                 may_be_outdated=recheck.may_be_outdated, due_day=recheck.due_day,
                                 earlier_checks_for=matches.earlier_checks_for)
    app.jinja_env.filters.update(http_url=http_url, say=messages.say,
                                 claim_words=provenance.claim_words)
    app.register_error_handler(ClaimdeskError, _service_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)


def http_url(link: str) -> str:
    """The link if it is an absolute http(s) URL, else a harmless in-page anchor.

    Evidence is validated when written; this is the second lock, for whatever reached the
    database another way (an import, an old row).
    """
    parts = urlsplit(str(link))
    return link if parts.scheme in ("http", "https") and parts.netloc else "#unsafe-link"


def visible(reviews, reviewers=None):
    """(reviews the viewer may see, whether verdicts may be shown) under blind review.

    `reviewers` (names) stands in for `reviews` where only names are at hand (the table).
    """
    if reviewers is not None:
        reviews = [(None, name) for name in reviewers]
    return visibility.visible_reviews(reviews, viewer_sight())


def state_of(claim, reviews) -> ClaimState:
    """The claim's review state as the viewer may see it (hidden under blind review)."""
    _, show = visible(reviews)
    if not show:
        return ClaimState(HIDDEN)
    return claim_state(claim.verdict, [review.label for review, _ in reviews],
                       current_app.config["REVIEWS_REQUIRED"])


@dataclass(frozen=True)
class SentenceTag:
    """The tag on a highlighted sentence: its colour (a state, or "mixed") and its words."""

    key: str
    text: str


def sentence_tag(claims, reviews_by_claim) -> SentenceTag:
    """One state: its name (and how many claims share it); several: each state's count."""
    states = [state_of(claim, reviews_by_claim.get(claim.id, [])).key for claim in claims]
    counts = {key: states.count(key) for key in dict.fromkeys(states)}
    if len(counts) == 1:
        key = states[0]
        many = f" ({len(states)} claims)" if len(states) > 1 else ""
        return SentenceTag(key, name_of(key) + many)
    ordered = sorted(counts, key=lambda key: (STATES + (HIDDEN,)).index(key))
    return SentenceTag("mixed", " · ".join(f"{name_of(key)} {counts[key]}" for key in ordered))


def row_state(row) -> ClaimState:
    """The same for a row of the claims table, which carries names and labels only."""
    _, show = visible(None, row.reviewers)
    return row.state(current_app.config["REVIEWS_REQUIRED"]) if show else ClaimState(HIDDEN)


def _service_error(error: ClaimdeskError):
    return _error_response(error.status, error.message)


def _csrf_error(error: CSRFError):
    return _error_response(400, f"The form was refused: {error.description} Reload the page.")


def _http_error(error: HTTPException):
    if error.code is not None and error.code < 400:  # routing redirects pass through
        return error
    if error.code == 413:  # Werkzeug's words name no limit
        limit = current_app.config["MAX_DOCUMENT_BYTES"]
        return _error_response(413, f"Too large: a document may be at most {limit:,} bytes "
                               f"({limit / 1024 / 1024:.0f} MiB). Nothing was added; split "
                               "it, or ingest it with the command line.")
    return _error_response(error.code or 500, error.description or error.name)


def _error_response(status: int, message: str):
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify(error=message), status
    template = "partials/error.html" if wants_partial() else "error.html"
    return render_template(template, status=status, message=message), status

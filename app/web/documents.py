"""A document with its claims highlighted in place, and adding documents by pasting text."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import login_required

from app.services import documents, editing, ingest, matches, review
from app.services.sources import SourceProblem, decode_text, parse_text_document, pasted_document
from app.web.auth import current_actor, viewer_sight
from app.web.context import db, engine
from app.web.params import small_int
from app.web.render import page_or_partial, wants_partial

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.get("/<int:document_id>")
@login_required
def show(document_id: int):
    """The text with every claim highlighted, and each claim's card beside it."""
    return text(document_id)


@bp.get("/<int:document_id>/text")
@login_required
def text(document_id: int):
    """The highlighted text and label mix alone, refreshed by htmx after each review."""
    session = db()
    document = documents.get_document(session, document_id)
    claims = documents.claims_of(session, document_id)
    return page_or_partial(
        "document.html", "partials/document_text.html",
        document=document, claims=claims,
        reviews_by_claim=review.reviews_by_claim(session, [claim.id for claim in claims]),
        wording_changes=({} if wants_partial() else
                         editing.wording_changes(session, [claim.id for claim in claims])),
        paragraphs=documents.paragraphs_with_claims(document.text, claims),
        mix=documents.visible_label_mix(session, viewer_sight(), document_id),
    )


@bp.post("/<int:document_id>/claims")
@login_required
def add_claim(document_id: int):
    """Add a claim the extractor missed, from a selection of the text."""
    from app.nlp import load_extractor  # spaCy loads on first use, not at start-up

    claim = editing.add_claim(
        session=db(), actor=current_actor(), document_id=document_id,
        start=request.form.get("start", -1, type=small_int),
        end=request.form.get("end", -1, type=small_int),
        text=request.form.get("text") or None,
        extractor=load_extractor(current_app.config["SPACY_MODEL"]))
    flash("Claim added.", "success")
    return redirect(url_for("documents.show", document_id=document_id,
                            _anchor=f"claim-{claim.id}"), 303)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Add a document from pasted text or an uploaded file (editors and admins)."""
    if not current_actor().may_edit:
        abort(403, "Only editors and admins add documents.")
    if request.method == "GET":
        return render_template("document_new.html")
    incoming = _too_long_for_a_request(_incoming_from_form())
    if isinstance(incoming, SourceProblem):
        if wants_partial():
            return render_template("partials/error.html", message=str(incoming), status=422), 422
        flash(str(incoming), "error")
        return render_template("document_new.html", form=request.form), 422
    existing = documents.document_with_text(db(), incoming.content_hash)
    if existing is not None:
        return _already_there(existing)
    from app.nlp import load_extractor  # spaCy loads on first use, not at start-up

    report = ingest.ingest(session=db(), items=[incoming], actor=current_actor(),
                           extractor=load_extractor(current_app.config["SPACY_MODEL"]),
                           resume_matching=False, match_now=False)
    if not report.added:  # someone added the same text a moment ago
        return _already_there(documents.document_with_text(db(), incoming.content_hash))
    document = report.added[0]
    flash(f"Added “{document.title}” with {report.claims} candidate claims.", "success")
    response = _go(url_for("documents.show", document_id=document.id))
    response.call_on_close(_matcher(report.unmatched))
    return response


def _matcher(claim_ids: list[int]):
    """Match the new claims once the answer is sent: on a long text matching took as long
    as extraction, and the two together ran past the web worker's timeout (a bare 500,
    the document stored). Killed meanwhile, the claims stay queued for the next ingest."""
    bound = engine()
    return lambda: matches.match_apart(bound, claim_ids)


def _already_there(document):
    """The text is in claimdesk already: say so, with a link to that document."""
    if wants_partial():
        return render_template("partials/already_there.html", document=document)
    return render_template("document_new.html", form=request.form, existing=document)


def _go(location: str):
    """Redirect; an htmx form gets HX-Redirect so the browser really navigates."""
    if wants_partial():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = location
        return response
    return redirect(location, 303)


def _too_long_for_a_request(incoming):
    """The document, or a problem when it is longer than a request has time to extract
    (the command line has no such limit)."""
    limit = current_app.config["MAX_BROWSER_DOCUMENT_BYTES"]
    if isinstance(incoming, SourceProblem) or (size := len(incoming.text.encode())) <= limit:
        return incoming
    return SourceProblem(incoming.origin, f"is {size:,} bytes: the browser adds at most "
                         f"{limit:,} (longer texts take longer to extract than a request may "
                         "last); add it with `claimdesk ingest FILE`")


def _incoming_from_form():
    upload = request.files.get("file")
    if upload and upload.filename:
        raw = upload.read(current_app.config["MAX_DOCUMENT_BYTES"] + 1)
        if len(raw) > current_app.config["MAX_DOCUMENT_BYTES"]:
            return SourceProblem(upload.filename, "is too large")
        text = decode_text(raw, origin=upload.filename)
        if isinstance(text, SourceProblem):
            return text
        return parse_text_document(text, origin=upload.filename, default_source=upload.filename)
    form = request.form
    return pasted_document(form.get("text", ""), title=form.get("title", ""),
                           source=form.get("source", ""), published=form.get("published", ""))

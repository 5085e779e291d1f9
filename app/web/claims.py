"""A claim's page with its history, and the review actions sent from its card."""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import login_required

from app.models import Claim
from app.services import claims as claims_table
from app.services import documents, editing, events, groups, review, visibility
from app.services.errors import Forbidden, InvalidInput, StaleVersion
from app.services.labels import LABELS, STATES, claim_state
from app.services.search import MOST_FOUND, Unsearchable
from app.web import highlight, messages
from app.web.auth import current_actor, viewer_sight
from app.web.context import db
from app.web.messages import review_saved
from app.web.params import claim_version, finite_float, optional_date, small_int
from app.web.render import page_or_partial, wants_partial

bp = Blueprint("claims", __name__, url_prefix="/claims")
bp.add_app_template_filter(highlight.found, "found")  # search hits, marked safely
bp.add_app_template_filter(highlight.found_excerpt, "found_excerpt")
bp.add_app_template_filter(highlight.holds, "holds")


@bp.get("")
@login_required
def index():
    """The claims table; htmx asks for the rows alone (active search, next page).

    A search with nothing to look for shows the table empty with the reason, not an error
    page: the reader is mid-way through typing it.
    """
    query, after = table_query(request.args)
    sight, search_problem = viewer_sight(), None
    try:
        page = claims_table.list_claims(db(), query, after=after, sight=sight)
    except Unsearchable as problem:
        page, search_problem = claims_table.ClaimPage([], None), problem.message
    grouped = request.args.get("group") == "1"
    twins = groups.twins_of(db(), [row.claim.id for row in page.rows]) if grouped else {}
    if grouped:  # a twin of an earlier row is shown with it, not again on its own
        kept = set(groups.first_of_each_group([row.claim.id for row in page.rows], twins))
        page.rows = [row for row in page.rows if row.claim.id in kept]
    return page_or_partial(
        "claims.html", "partials/claims_rows.html",
        page=page, query=query, labels=LABELS, states=STATES, search_problem=search_problem,
        sort_arg=request.args.get("sort", ""), grouped=grouped, twins=twins,
        most_found=MOST_FOUND, sight=sight, claim_path=path_before_id("claims.show", "claim_id"),
        document_path=path_before_id("documents.show", "document_id"),
        documents_for_filter=[] if wants_partial() else documents.document_choices(db()),
        next_params=next_params(request.args, page.next_cursor),
    )


@bp.post("/bulk")
@login_required
def bulk():
    """One label on every selected claim; claims changed meanwhile are reported, not forced."""
    versions = {}
    for value in request.form.getlist("selected"):
        claim_id, _, version = value.partition(":")
        try:
            versions[small_int(claim_id)] = small_int(version)
        except ValueError:
            raise InvalidInput("a selected claim must be given as id:version") from None
    back = redirect(request.referrer or url_for("claims.index"), 303)
    if not versions:
        flash("Nothing was labelled: select at least one claim first.", "error")
        return back
    done, refused = review.set_many(session=db(), actor=current_actor(), versions=versions,
                                    label=request.form.get("label", ""),
                                    reviews_required=current_app.config["REVIEWS_REQUIRED"],
                                    require_note_for=current_app.config["REQUIRE_NOTE_FOR"])
    flash(messages.labelled(done, request.form.get("label", "")), "success")
    stale = [error for error in refused if isinstance(error, StaleVersion)]
    unseen = [error for error in refused if isinstance(error, Forbidden)]
    if stale:
        flash(f"{messages.count(len(stale), 'claim')} changed since the table was loaded and "
              "were left as they are: reload and check them.", "error")
    if unseen:
        left = "was left as it is" if len(unseen) == 1 else "were left as they are"
        flash(f"{messages.count(len(unseen), 'claim')} you have not reviewed yourself {left}: "
              "only editors label unread claims in bulk. Open each to review it.", "error")
    for error in refused:
        if not isinstance(error, StaleVersion | Forbidden):
            flash(f"Not labelled: {error.message}", "error")
    return back


@bp.post("/<claim:claim_id>/group-review")
@login_required
def label_group(claim_id: int):
    """One label on a claim and the near-duplicates shown with it (each its own review and
    event); when any changed since the table was loaded, nothing is written (409)."""
    versions = {}
    for value in request.form.getlist(f"group-{claim_id}"):
        member, _, version = value.partition(":")
        try:
            versions[small_int(member)] = small_int(version)
        except ValueError:
            raise InvalidInput("a group's claim must be given as id:version") from None
    label = request.form.get(f"group-label-{claim_id}", "")
    result = groups.label_group(
        session=db(), actor=current_actor(), claim_id=claim_id, versions=versions, label=label,
        reviews_required=current_app.config["REVIEWS_REQUIRED"],
        require_note_for=current_app.config["REQUIRE_NOTE_FOR"])
    if result.done:
        flash(messages.labelled(result.done, label), "success")
    if result.stale:
        written = "the others were labelled" if result.done else "nothing was labelled"
        raise StaleVersion(f"{messages.count(len(result.stale), 'claim')} of this group changed "
                           f"since the table was loaded, so {written}: reload the table, "
                           "check them, then label the group again.")
    for error in result.refused:
        flash(f"Not labelled: {error.message}", "error")
    return redirect(request.referrer or url_for("claims.index"), 303)


@bp.get("/<claim:claim_id>")
@login_required
def show(claim_id: int):
    """Context, every review and the full history timeline of one claim."""
    session = db()
    claim = documents.get_claim(session, claim_id)
    reviews = review.reviews_of(session, claim_id)
    history = history_for_viewer(session, claim_id, reviews)
    document = documents.get_document(session, claim.document_id)
    return page_or_partial(
        "claim.html", "partials/claim_history.html",
        claim=claim, document=document, context=documents.claim_context(document.text, claim),
        reviews=reviews,
        history=history,
        earlier_wording=editing.earlier_wording(history),
        wording_changes=editing.wording_changes(session, [claim.id]),
    )


@bp.post("/<claim:claim_id>/review")
@login_required
def set_review(claim_id: int):
    """Label a claim; htmx gets the updated card, a plain form a redirect back."""
    try:
        claim = review.set_review(
            session=db(), claim_id=claim_id, actor=current_actor(),
            reviews_required=current_app.config["REVIEWS_REQUIRED"],
            require_note_for=current_app.config["REQUIRE_NOTE_FOR"],
            **review_form_values(request.form),
        )
    except StaleVersion as stale:
        return _card(stale.details["current"], status=409, message_kind="error",
                     message=f"{stale.message}. This card now shows the current state: "
                     "check it, then apply your label again.", typed=typed_fields(request.form))
    except InvalidInput as invalid:  # keep the card on screen with the reason
        return _card(documents.get_claim(db(), claim_id), status=422, message_kind="error",
                     message=invalid.message, typed=typed_fields(request.form))
    labels = [item.label for item, _ in review.reviews_of(db(), claim.id)]
    state = claim_state(claim.verdict, labels, current_app.config["REVIEWS_REQUIRED"])
    return _card(claim, message=review_saved(claim, request.form["label"], state))


@bp.post("/<claim:claim_id>/edit")
@login_required
def edit(claim_id: int):
    """Reword a claim (editors); answered with the updated card."""
    editing.require_editor(current_actor())
    try:
        claim = editing.edit_claim(session=db(), actor=current_actor(), claim_id=claim_id,
                                   text=request.form.get("text", ""),
                                   expected_version=claim_version(request.form),
                                   reason=request.form.get("reason", ""))
    except StaleVersion as stale:
        return _card(stale.details["current"], status=409, message_kind="error",
                     message=f"{stale.message}: here is its current wording.")
    return _card(claim, message="Wording saved. The claim is back in review: reviews of the "
                 "earlier wording are kept in its history.")


@bp.post("/<claim:claim_id>/split")
@login_required
def split(claim_id: int):
    """Split a claim in parts (editors); back to the document with the parts in place."""
    editing.require_editor(current_actor())
    parts = editing.split_claim(session=db(), actor=current_actor(), claim_id=claim_id,
                                parts=request.form.getlist("part"),
                                expected_version=claim_version(request.form))
    flash(f"Split into {len(parts)} claims.", "success")
    return redirect(url_for("documents.show", document_id=parts[0].document_id,
                            _anchor=f"claim-{parts[0].id}"), 303)


@bp.post("/undo")
@login_required
def undo():
    """Take back the signed-in reviewer's latest review (a new event, nothing deleted)."""
    claim = review.undo_last(session=db(), actor=current_actor(),
                             reviews_required=current_app.config["REVIEWS_REQUIRED"])
    if claim is None:
        return _message_only("Nothing to undo.")
    return _card(claim, message="Undone.")


def _card(claim: Claim, *, status: int = 200, message: str = "", message_kind: str = "info",
          typed: dict[str, str] | None = None):
    """The claim's card (htmx) or a redirect back (a plain form that succeeded); `typed`:
    the note fields of a refused write, shown again as typed."""
    session = db()
    if status == 200 and not request.headers.get("HX-Request"):
        if message:
            flash(message, "success")
        return redirect(request.referrer or url_for("claims.show", claim_id=claim.id), 303)
    reviews = review.reviews_of(session, claim.id)
    history = history_for_viewer(session, claim.id, reviews)
    document = documents.get_document(session, claim.document_id)
    response = page_or_partial(
        "claim.html", "partials/claim_card.html", status=status,
        claim=claim, message=message, message_kind=message_kind, document=document,
        context=documents.claim_context(document.text, claim),
        reviews=reviews, history=history, earlier_wording=editing.earlier_wording(history),
        wording_changes=editing.wording_changes(session, [claim.id]), typed=typed,
    )
    if status == 200:
        response.headers["HX-Trigger"] = "claim-reviewed"  # the text's highlights refresh
    return response


def history_for_viewer(session, claim_id: int, reviews) -> list:
    """The claim's events, with others' labels left out for a blind reviewer."""
    sight = viewer_sight()
    _, show_all = visibility.visible_reviews(reviews, sight)
    return visibility.visible_history(events.history(session, claim_id), sight,
                                      show_all=show_all)


@bp.get("/conflicts")
@login_required
def conflicts():
    """Claims on which reviewers disagree, for an editor to settle."""
    if not current_actor().may_edit:
        abort(403, "Only editors and admins settle conflicts.")
    found = review.conflicts(db())
    texts = documents.document_texts(db(), {claim.document_id for claim in found})
    contexts = {claim.id: documents.claim_context(texts[claim.document_id][1], claim)
                for claim in found}
    titles = {doc_id: title for doc_id, (title, _) in texts.items()}
    return render_template("conflicts.html", claims=found, labels=LABELS, contexts=contexts,
                           titles=titles,
                           reviews_by_claim=review.reviews_by_claim(db(), [c.id for c in found]))


@bp.post("/<claim:claim_id>/settle")
@login_required
def settle(claim_id: int):
    """An editor's verdict on a conflict, with the reason (an event)."""
    editing.require_editor(current_actor(), "settle verdicts")
    claim = review.settle(session=db(), actor=current_actor(), claim_id=claim_id,
                          label=request.form.get("label", ""),
                          reason=request.form.get("reason", ""),
                          expected_version=claim_version(request.form))
    flash(messages.settled(claim), "success")
    return redirect(url_for("claims.conflicts"), 303)


def review_form_values(form) -> dict:
    """The review fields of a submitted form, parsed (set_review validates them)."""
    return {
        "label": form.get("label", ""),
        "note": form.get("note", "").strip(),
        "evidence": form.get("evidence", "").splitlines(),
        "outdated_since": _date_or_none(form.get("outdated_since", "")),
        "expected_version": claim_version(form),
    }


def typed_fields(form) -> dict[str, str]:
    """A refused review form's note, evidence and date as typed (those it sent): the answer
    shows them again (a 409 or a 422 must not cost the reviewer what they wrote)."""
    return {name: form[name] for name in ("note", "evidence", "outdated_since") if name in form}


def table_query(args) -> tuple[claims_table.ClaimQuery, claims_table.Cursor | None]:
    """The table's filters (list_claims keeps a blind reviewer's to the claims they labelled)."""
    search = (args.get("q") or "").strip() or None
    query = claims_table.ClaimQuery(
        verdict=args.get("verdict") or None,
        document_id=args.get("document", type=small_int),
        reviewer=args.get("reviewer") or None,
        search=search,
        time_sensitive=args.get("time_sensitive") == "1",
        has_note=args.get("has_note") == "1",
        sort=args.get("sort") or "",
    )
    after_id = args.get("after", type=small_int)
    after = None
    if after_id is not None:
        after = claims_table.Cursor(after_id, args.get("after_score", type=finite_float),
                                    args.get("after_rank", type=finite_float))
    return query, after


def path_before_id(endpoint: str, key: str) -> str:
    """The path of `endpoint` for an id, without the id: the table's rows append theirs
    (url_for twice a row cost ~3 ms a page of 50)."""
    path = url_for(endpoint, **{key: 1})
    if not path.endswith("/1"):
        raise ValueError(f"{endpoint}'s path does not end with its id: {path}")
    return path[:-1]


def next_params(args, cursor: claims_table.Cursor | None) -> dict[str, str] | None:
    if cursor is None:
        return None
    kept = {key: value for key, value in args.items()
            if key not in ("after", "after_score") and value}
    return {**kept, **cursor.as_params()}


def _message_only(message: str):
    return page_or_partial("error.html", "partials/error.html", status=200,
                           message=message, status_code=200)


def _date_or_none(value: str) -> dt.date | None:
    return optional_date(value, f"“outdated since” must be a date (YYYY-MM-DD), not {value!r}")

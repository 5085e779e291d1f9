"""The export page and the streamed JSONL download."""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    stream_with_context,
)
from flask_login import login_required
from sqlmodel import Session

from app.models import Label
from app.services.errors import InvalidInput
from app.services.export import ExportFilter, iter_claim_records, iter_jsonl
from app.web.auth import current_actor
from app.web.context import engine

bp = Blueprint("exports", __name__)


@bp.get("/export")
@login_required
def index():
    """Choose what to export."""
    return render_template("export.html", labels=[label.value for label in Label])


@bp.get("/export.jsonl")
@login_required
def download():
    """Stream the chosen claims as JSONL (schema claimdesk.claim/1)."""
    require_export_right(current_actor())
    criteria = _criteria(request.args)
    history = request.args.get("history") == "1"

    def lines():
        with Session(engine()) as session:
            yield from iter_jsonl(iter_claim_records(session, criteria, history=history))

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Response(
        stream_with_context(lines()),
        mimetype="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="claimdesk-{stamp}.jsonl"'},
    )


def require_export_right(user) -> None:
    """Under blind review the export would show reviewers each other's labels: editors only."""
    if current_app.config["BLIND_REVIEW"] and not user.may_edit:
        abort(403, "Under blind review only editors and admins export.")


def _criteria(args) -> ExportFilter:
    verdict = args.get("verdict") or None
    if verdict and verdict != "unreviewed" and verdict not in {label.value for label in Label}:
        raise InvalidInput(f"unknown verdict filter {verdict!r}")
    document = args.get("document") or None
    if document is not None and not document.isdigit():
        raise InvalidInput("document must be a document id")
    return ExportFilter(verdict=verdict, document_id=int(document) if document else None)

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

from app.services import visibility
from app.services.errors import InvalidInput
from app.services.export import (
    FORMATS,
    MEDIA_TYPES,
    ExportFilter,
    check_format,
    export_lines,
)
from app.services.formats import Publisher
from app.services.labels import LABELS
from app.web.auth import current_actor
from app.web.context import engine
from app.web.params import optional_date, small_int

bp = Blueprint("exports", __name__)


@bp.get("/export")
@login_required
def index():
    """Choose what to export and in which format."""
    return render_template("export.html", labels=LABELS,
                           formats=FORMATS)


@bp.get("/export.jsonl")
@login_required
def download():
    """Stream the chosen claims (JSONL by default; `format=` csv, claimreview, prodigy)."""
    require_export_right(current_actor())
    return export_response(request.args)


def export_response(args) -> Response:
    """A streamed download of the export the query string describes."""
    output_format = args.get("format") or "jsonl"
    check_format(output_format)
    criteria = _criteria(args)
    history, with_text = args.get("history") == "1", args.get("with_text") == "1"
    publisher = Publisher(current_app.config["PUBLISHER_NAME"],
                          current_app.config["PUBLISHER_URL"])

    def lines():
        with Session(engine()) as session:
            yield from export_lines(session, output_format, criteria, history=history,
                                    with_text=with_text, publisher=publisher)

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    extension = "csv" if output_format == "csv" else "jsonl"
    name = f"claimdesk-{output_format}-{stamp}.{extension}"
    return Response(stream_with_context(lines()), mimetype=MEDIA_TYPES[output_format],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def require_export_right(user) -> None:
    """Under blind review the export would show reviewers each other's labels: editors only."""
    if visibility.sight_for(user, blind_review=current_app.config["BLIND_REVIEW"]).blind:
        abort(403, "Under blind review only editors and admins export.")


def _criteria(args) -> ExportFilter:
    verdict = args.get("verdict") or None
    if verdict and verdict != "unreviewed" and verdict not in LABELS:
        raise InvalidInput(f"unknown verdict filter {verdict!r}")
    document = args.get("document") or None
    if document is not None:
        try:
            document = small_int(document)
        except ValueError:
            raise InvalidInput("document must be a document id") from None
    return ExportFilter(verdict=verdict, document_id=document,
                        reviewer=args.get("reviewer") or None, since=_day(args, "since"),
                        until=_day(args, "until"), time_sensitive=args.get("time_sensitive") == "1")


def _day(args, key: str) -> dt.date | None:
    return optional_date(args.get(key) or "", f"{key} must be a date (YYYY-MM-DD)")

"""The dashboard: documents with their review progress, and the label mix."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from app.services import documents, recheck, stats
from app.web.auth import viewer_sight
from app.web.context import db

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@login_required
def index():
    """Every document with a progress bar; the overall label mix as a chart; how many
    verdicts are due for re-check."""
    sight = viewer_sight()
    overall, mix = documents.desk_progress(db(), sight)
    days, activity = documents.reviews_per_reviewer_per_day(db())
    return render_template(
        "dashboard.html",
        days=days,
        activity=activity,
        summaries=documents.document_summaries(db(), sight=sight),
        mix=mix,
        overall=overall,
        due=recheck.due_count(db(), sight),
        due_cap=1000,
    )


@bp.get("/agreement")
@login_required
def agreement():
    """How well reviewers agree: κ for each pair, α overall and per document (for a blind
    reviewer, over the claims they labelled)."""
    sight = viewer_sight()
    titles = dict(documents.document_choices(db(), limit=10_000))
    return render_template("agreement.html", report=stats.desk_agreement(db(), sight),
                           titles=titles, blind=sight.blind)

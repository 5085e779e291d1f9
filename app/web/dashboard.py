"""The dashboard: documents with their review progress, and the label mix."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from app.services import documents
from app.web.context import db

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@login_required
def index():
    """Every document with a progress bar; the overall label mix as a chart."""
    mix = documents.label_mix(db())
    days, activity = documents.reviews_per_reviewer_per_day(db())
    return render_template(
        "dashboard.html",
        days=days,
        activity=activity,
        summaries=documents.document_summaries(db()),
        mix=mix,
        overall=documents.overall_progress(mix),
    )

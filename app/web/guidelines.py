"""The team's labelling guidelines: read by everyone, edited by admins."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from app.services import guidelines
from app.services.errors import StaleVersion
from app.web.auth import current_actor
from app.web.context import db
from app.web.params import small_int

bp = Blueprint("guidelines", __name__, url_prefix="/guidelines")


@bp.get("")
@login_required
def show():
    """The guidelines as paragraphs; admins get the edit form below."""
    current = guidelines.current(db())
    return render_template("guidelines.html", guidelines=current,
                           paragraphs=[p.splitlines() for p in current.text.split("\n\n")])


@bp.post("")
@login_required
def edit():
    """Save an admin's edit; an edit based on an older text is refused with 409."""
    try:
        guidelines.edit(session=db(), actor=current_actor(), text=request.form.get("text", ""),
                        expected_version=request.form.get("version", -1, type=small_int))
    except StaleVersion as stale:
        current = stale.details["current"]
        flash("Someone else edited the guidelines meanwhile: your text is below, theirs is "
              "shown above. Merge them and save again.", "error")
        return render_template(
            "guidelines.html", guidelines=current, draft=request.form.get("text", ""),
            paragraphs=[p.splitlines() for p in current.text.split("\n\n")]), 409
    flash("Guidelines saved.", "success")
    return redirect(url_for("guidelines.show"), 303)

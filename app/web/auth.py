"""Sign-in with a password or a one-time link, and sign-out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from app.models import User
from app.services import users, visibility
from app.web.context import SESSION_KEY, db

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The sign-in form; a wrong name or password says so without saying which."""
    if request.method == "POST":
        user = users.authenticate(db(), request.form.get("username", ""),
                                  request.form.get("password", ""),
                                  address=request.remote_addr or "")
        if user is not None:
            return _sign_in(user)
        flash("Wrong username or password.", "error")
        return render_template("login.html", next=_safe_next()), 401
    return render_template("login.html", next=_safe_next())


@bp.get("/login/link/<token>")
def login_link(token: str):
    """Redeem a one-time sign-in link (printed by `make run` / `claimdesk login-link`)."""
    user = users.redeem_login_link(db(), token)
    if user is None:
        abort(404, "This sign-in link is unknown, used or expired.")
    return _sign_in(user)


@bp.post("/logout")
@login_required
def logout():
    """End this session, on the server too: a copy of its cookie opens nothing."""
    key = session.get(SESSION_KEY)
    if isinstance(key, str):
        users.end_session(db(), key)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


def _sign_in(user: User):
    session.clear()  # a fresh session at sign-in: no fixation
    session[SESSION_KEY] = users.start_session(db(), user)
    login_user(user)
    return redirect(_safe_next() or url_for("dashboard.index"))


def _safe_next() -> str | None:
    """`next=` only when it is a path on this site."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith("//") or parts.scheme or parts.netloc:
        return None
    if "\\" in target:
        return None
    return target


def current_actor() -> User:
    """The signed-in user (views are behind login_required)."""
    return current_user._get_current_object()


def current_viewer() -> User:
    """Who is looking: the API token's owner, else the signed-in user."""
    return g.api_user if "api_user" in g else current_actor()


def viewer_sight() -> visibility.Sight:
    """What the viewer may see of others' reviews under this desk's settings."""
    return visibility.sight_for(current_viewer(),
                                blind_review=current_app.config["BLIND_REVIEW"],
                                reviews_required=current_app.config["REVIEWS_REQUIRED"])

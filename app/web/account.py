"""A user's own account (password, sessions, API tokens) and the admins' user management."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user

from app.services import accounts, users
from app.web.auth import current_actor
from app.web.context import db

bp = Blueprint("account", __name__)


@bp.get("/account")
@login_required
def show():
    """Change your password, end your other sessions, create, see and revoke API tokens."""
    return _account_page()


def _account_page(status: int = 200, **context):
    tokens = accounts.tokens_of(db(), current_actor())
    return render_template("account.html", tokens=tokens, **context), status


@bp.post("/account/password")
@login_required
def password():
    """A new password ends every other session; this one is renewed."""
    form = request.form
    if form.get("new", "") != form.get("repeat", ""):
        flash("The two new passwords differ.", "error")
        return _account_page(422)
    user = users.change_password(session=db(), user=current_actor(),
                                 current=form.get("current"), new=form.get("new", ""))
    login_user(user)  # carries the new epoch: this session stays, the others end
    flash("Password changed; you are signed out everywhere else.", "success")
    return redirect(url_for("account.show"), 303)


@bp.post("/account/sessions/end")
@login_required
def end_sessions():
    """Sign out everywhere, this browser included."""
    users.end_all_sessions(db(), current_actor())
    flash("Signed out everywhere.", "info")
    return redirect(url_for("auth.login"), 303)


@bp.post("/account/tokens")
@login_required
def create_token():
    """A new API token, shown once."""
    token = users.create_api_token(session=db(), user=current_actor(),
                                   name=request.form.get("name", ""))
    return _account_page(201, new_token=token)


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of your API tokens."""
    token = accounts.revoke_token(session=db(), user=current_actor(), token_id=token_id)
    flash(f"Token “{token.name}” revoked: it opens nothing any more.", "success")
    return redirect(url_for("account.show"), 303)


@bp.get("/admin")
@login_required
def admin():
    """Accounts, their roles and state (admins only)."""
    _require_admin()
    return _admin_page()


def _admin_page(status: int = 200, **context):
    return render_template("admin.html", accounts=users.list_users(db()),
                           invites=accounts.pending_invites(db()), **context), status


@bp.post("/admin/users")
@login_required
def create_user():
    """Invite a person: the account and its role, and a one-time link (24 h) for them to
    choose their own password. The admin never types anyone else's password."""
    _require_admin()
    form = request.form
    user, token = accounts.invite(session=db(), username=form.get("username", "").strip(),
                                  role=form.get("role", "reviewer"), actor=current_actor())
    return _admin_page(201, invited=user.username,
                       invite_link=url_for("account.accept_invite", token=token,
                                           _external=True))


@bp.post("/admin/users/<username>/invite")
@login_required
def reinvite(username: str):
    """A new invite link for someone who has not chosen a password yet."""
    _require_admin()
    token = accounts.new_invite(session=db(), username=username, actor=current_actor())
    return _admin_page(201, invited=username,
                       invite_link=url_for("account.accept_invite", token=token,
                                           _external=True))


@bp.post("/admin/users/<username>/active")
@login_required
def set_active(username: str):
    """Close an account (sessions and tokens end at once) or open it again."""
    _require_admin()
    active = request.form.get("active") == "1"
    accounts.set_active(session=db(), username=username, active=active, actor=current_actor())
    state = ("open again" if active else
             "closed: their sessions and API tokens have ended, their work stays")
    flash(f"{username}'s account is {state}.", "success")
    return redirect(url_for("account.admin"), 303)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invite(token: str):
    """Choose your password with the link an admin gave you; then sign in with it."""
    user = accounts.invited_user(db(), token)
    if user is None:
        abort(404, "This invite link is unknown, used or expired: ask an admin for a new one.")
    if request.method == "GET":
        return render_template("invite.html", invited=user)
    form = request.form
    if form.get("new", "") != form.get("repeat", ""):
        flash("The two passwords differ.", "error")
        return render_template("invite.html", invited=user), 422
    accounts.accept_invite(session=db(), token=token, password=form.get("new", ""))
    flash(f"Welcome, {user.username}: your password is set. Sign in with it.", "success")
    return redirect(url_for("auth.login"), 303)


@bp.post("/admin/users/<username>/role")
@login_required
def set_role(username: str):
    """Change an account's role."""
    _require_admin()
    users.set_role(session=db(), username=username, role=request.form.get("role", ""),
                   actor=current_actor())
    flash(f"{username} is now {request.form.get('role')}.", "success")
    return redirect(url_for("account.admin"), 303)


def _require_admin() -> None:
    if not current_actor().is_admin:
        abort(403, "Only admins manage accounts.")

"""A user's own account (password, sessions, API tokens) and the admins' user management."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user

from app.services import users
from app.web.auth import current_actor
from app.web.context import db

bp = Blueprint("account", __name__)


@bp.get("/account")
@login_required
def show():
    """Change your password, end your other sessions, create an API token."""
    return render_template("account.html")


@bp.post("/account/password")
@login_required
def password():
    """A new password ends every other session; this one is renewed."""
    form = request.form
    if form.get("new", "") != form.get("repeat", ""):
        flash("The two new passwords differ.", "error")
        return render_template("account.html"), 422
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
    return render_template("account.html", new_token=token), 201


@bp.get("/admin")
@login_required
def admin():
    """Accounts and their roles (admins only)."""
    _require_admin()
    return render_template("admin.html", accounts=users.list_users(db()))


@bp.post("/admin/users")
@login_required
def create_user():
    """Invite a person: an admin creates the account (there is no open sign-up)."""
    _require_admin()
    form = request.form
    users.create_user(session=db(), username=form.get("username", "").strip(),
                      role=form.get("role", "reviewer"), password=form.get("password", ""),
                      actor=current_actor())
    flash(f"Account {form.get('username', '').strip()} created.", "success")
    return redirect(url_for("account.admin"), 303)


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

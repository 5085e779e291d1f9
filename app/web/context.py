"""Per-app and per-request plumbing: engine, session, sign-in, CSRF, htmx, security headers."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context
from flask_htmx import HTMX
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session
from werkzeug.exceptions import ServiceUnavailable

from app.db import WaitLimits, is_busy, limit_waits, make_engine
from app.models import User
from app.web import guard

ENGINE_KEY = "claimdesk.engine"
login_manager = LoginManager()
csrf = CSRFProtect()
htmx = HTMX()

BUSY = ("The database is busy: another job (an import or a restore?) holds a lock on what "
        "this needs. Nothing was changed; try again in a moment.")
RETRY_AFTER_SECONDS = 5
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def init_app(app: Flask) -> None:
    """Attach the engine and the extensions to `app`."""
    app.extensions[ENGINE_KEY] = make_engine(app.config["DATABASE_URL"])
    # Web requests wait on another job's lock a bounded time (then 503), CLI jobs do not.
    limit_waits(app.extensions[ENGINE_KEY], WaitLimits(app.config["LOCK_TIMEOUT_MS"],
                                                       app.config["STATEMENT_TIMEOUT_MS"]),
                applies=has_request_context)
    app.register_error_handler(DBAPIError, _database_busy)
    guard.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    csrf.init_app(app)
    htmx.init_app(app)
    app.teardown_appcontext(_close_session)
    app.after_request(_security_headers)


def engine() -> Engine:
    """The app's engine."""
    return current_app.extensions[ENGINE_KEY]


def db() -> Session:
    """The request's (or command's) session, opened on first use."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    return g.db_session


def _close_session(_error: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    """The signed-in user, if the session's epoch is still current."""
    raw_id, _, epoch = user_id.partition(":")
    if not raw_id.isdigit() or not epoch.isdigit():
        return None
    user = db().get(User, int(raw_id))
    if user is None or not user.is_active or user.session_epoch != int(epoch):
        return None
    return user


def _database_busy(error: DBAPIError):
    """A request that gave up waiting on another's lock: 503 with a word on what happened
    (rendered by the app's one error mapping), not a 500. Other database errors stay 500s."""
    if not is_busy(error):
        raise error
    db().rollback()
    if "_login_user" not in g:  # loading the signed-in user is what waited: do not again
        g._login_user = login_manager.anonymous_user()
    response = current_app.make_response(
        current_app.handle_http_exception(ServiceUnavailable(BUSY)))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response

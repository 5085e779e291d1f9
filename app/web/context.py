"""Per-app and per-request plumbing: engine, session, sign-in, CSRF, htmx, security headers."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, session
from flask_htmx import HTMX
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session
from werkzeug.exceptions import ServiceUnavailable
from werkzeug.middleware.proxy_fix import ProxyFix

from app.db import WaitLimits, is_busy, limit_waits, make_engine
from app.models import User
from app.services import users
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
    if app.config.get("TRUSTED_PROXIES"):  # the client's address as the proxies saw it
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    pool = app.config.get("DB_POOL_SIZE")  # `claimdesk serve`: as deep as a worker's threads
    app.extensions[ENGINE_KEY] = make_engine(
        app.config["DATABASE_URL"], **({"pool_size": pool, "max_overflow": pool} if pool else {}))
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


SESSION_KEY = "claimdesk_session"  # the cookie's key to its server-side session


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    """The signed-in user, if this browser's session has not ended (signed out) and its
    epoch is still current (not signed out everywhere, password not changed)."""
    raw_id, _, epoch = user_id.partition(":")
    key = session.get(SESSION_KEY)
    if not raw_id.isdigit() or not epoch.isdigit() or not isinstance(key, str):
        return None
    user = users.session_user(db(), int(raw_id), key)
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

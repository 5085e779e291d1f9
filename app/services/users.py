"""Accounts, password checks and one-time sign-in links."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from sqlalchemy import func
from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.db import begin_write
from app.models import ApiToken, LoginLink, Role, SignInAttempt, User, as_utc, utcnow
from app.services.errors import InvalidInput, NotFound, Throttled
from app.services.events import (
    PasswordChanged,
    RoleChanged,
    TokenCreated,
    UserCreated,
    record,
)

MIN_PASSWORD_LENGTH = 12
MAX_FAILURES = 10
FAILURE_WINDOW = dt.timedelta(minutes=15)
LOCAL_ADMIN = "admin"
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
_NOT_USERNAME_CHARACTER = re.compile(r"[^A-Za-z0-9_.@-]")
# Checked against when the username is unknown, so both paths cost one hash.
_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16))


def as_username(name: str, fallback: str) -> str:
    """Another tool's annotator id as a name that USERNAME_PATTERN accepts (never "system",
    the app's own actor)."""
    cleaned = _NOT_USERNAME_CHARACTER.sub("_", name)[:64]
    return fallback if cleaned in ("", "system") else cleaned


def create_user(
    *, session: Session, username: str, role: str, password: str | None, actor: User | None
) -> User:
    """A new account; refuses unknown roles, taken names and short passwords."""
    if not USERNAME_PATTERN.fullmatch(username):
        raise InvalidInput("a username is 1-64 letters, digits or _ . @ -")
    if role not in {r.value for r in Role}:
        raise InvalidInput(f"unknown role {role!r}: use reviewer, editor or admin")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    begin_write(session)
    if find_user(session, username) is not None:
        session.rollback()
        raise InvalidInput(f"the username {username!r} is taken")
    user = User(
        username=username,
        role=role,
        password_hash=generate_password_hash(password) if password else None,
    )
    session.add(user)
    session.flush()
    record(session, UserCreated(actor=actor or user, after={"username": username, "role": role}))
    session.commit()
    return user


def set_role(*, session: Session, username: str, role: str, actor: User | None) -> User:
    """Give an account another role (an event records who changed it)."""
    if role not in {r.value for r in Role}:
        raise InvalidInput(f"unknown role {role!r}: use reviewer, editor or admin")
    begin_write(session)
    user = find_user(session, username)
    if user is None:
        session.rollback()
        raise NotFound(f"no user {username!r}")
    before, user.role = user.role, role
    session.add(user)
    session.flush()
    record(session, RoleChanged(actor=actor, before={"username": username, "role": before},
                                after={"username": username, "role": role}))
    session.commit()
    return user


def find_user(session: Session, username: str) -> User | None:
    """The account with this username, if any."""
    return session.exec(select(User).where(User.username == username)).first()


def list_users(session: Session) -> list[User]:
    """Every account, by name."""
    return list(session.exec(select(User).order_by(User.username)))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user whose password matches, else None (in constant-ish time).

    Raises Throttled once an account has had too many failures recently: guessing stops
    at the door, before any password is checked.
    """
    if recent_failures(session, username) >= MAX_FAILURES:
        raise Throttled(f"too many failed sign-ins for this account: wait "
                        f"{int(FAILURE_WINDOW.total_seconds() // 60)} minutes")
    user = find_user(session, username)
    stored = user.password_hash if user and user.password_hash else _DUMMY_HASH
    matched = check_password_hash(stored, password) and bool(user and user.is_active
                                                             and user.password_hash)
    begin_write(session)
    session.add(SignInAttempt(username=username[:64], succeeded=matched))
    session.commit()
    return user if matched else None


def recent_failures(session: Session, username: str) -> int:
    """Failed sign-ins for `username` within the throttling window."""
    since = utcnow() - FAILURE_WINDOW
    query = select(func.count(SignInAttempt.id)).where(
        SignInAttempt.username == username[:64], SignInAttempt.succeeded.is_(False),
        SignInAttempt.at >= since)
    return session.exec(query).one()


def change_password(*, session: Session, user: User, current: str | None, new: str,
                    check_current: bool = True) -> User:
    """Set a new password and end every session the user had (the epoch moves on)."""
    if check_current and not (user.password_hash and current
                              and check_password_hash(user.password_hash, current)):
        raise InvalidInput("the current password is wrong")
    if len(new) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    begin_write(session)
    user = session.get(User, user.id)
    user.password_hash = generate_password_hash(new)
    user.session_epoch += 1
    session.add(user)
    session.flush()
    record(session, PasswordChanged(actor=user, after={"username": user.username}))
    session.commit()
    return user


def end_all_sessions(session: Session, user: User) -> User:
    """Sign the user out everywhere: sessions carry the epoch, which moves on."""
    begin_write(session)
    user = session.get(User, user.id)
    user.session_epoch += 1
    session.add(user)
    session.commit()
    return user


def create_api_token(*, session: Session, user: User, name: str) -> str:
    """A new API token for `user`; returned once, stored only as a hash."""
    if not name.strip():
        raise InvalidInput("a token needs a name")
    token = "cdk_" + secrets.token_urlsafe(32)
    begin_write(session)
    session.add(ApiToken(user_id=user.id, name=name.strip()[:100], token_hash=_digest(token)))
    session.flush()
    record(session, TokenCreated(actor=user, after={"name": name.strip()[:100]}))
    session.commit()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user an unrevoked token belongs to."""
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == _digest(token),
                                              ApiToken.revoked_at.is_(None))).first()
    if row is None:
        return None
    user = session.get(User, row.user_id)
    return user if user and user.is_active else None


def ensure_local_admin(session: Session) -> User:
    """The local admin account the one-time sign-in link signs in as."""
    user = find_user(session, LOCAL_ADMIN)
    if user is None:
        user = create_user(
            session=session, username=LOCAL_ADMIN, role=Role.ADMIN.value, password=None,
            actor=None,
        )
    return user


def create_login_link(session: Session, user: User, ttl: dt.timedelta) -> str:
    """A fresh one-time token for `user`; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    begin_write(session)
    session.add(LoginLink(token_hash=_digest(token), user_id=user.id, expires_at=utcnow() + ttl))
    session.commit()
    return token


def redeem_login_link(session: Session, token: str) -> User | None:
    """The user a valid, unused, unexpired token belongs to; the token is spent."""
    begin_write(session)
    link = session.exec(select(LoginLink).where(LoginLink.token_hash == _digest(token))).first()
    if link is None or link.used_at is not None or as_utc(link.expires_at) < utcnow():
        session.rollback()
        return None
    link.used_at = utcnow()
    user = session.get(User, link.user_id)
    session.commit()
    return user if user and user.is_active else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

"""Accounts, password checks and one-time sign-in links."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import re
import secrets

from sqlalchemy import Integer, bindparam, func, text, update
from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.db import DriverQuery, begin_write, detached
from app.models import (
    ApiToken,
    LoginLink,
    Role,
    SignInAttempt,
    User,
    UserSession,
    as_utc,
    utcnow,
)
from app.services.constants import LOCAL_ADMIN
from app.services.errors import InvalidInput, NotFound, Throttled
from app.services.events import (
    PasswordChanged,
    RoleChanged,
    TokenCreated,
    UserCreated,
    record,
)

MIN_PASSWORD_LENGTH = 12
# Failed sign-ins allowed per account and client address (and per address over every
# account) within FAILURE_WINDOW; after them each try waits FIRST_DELAY, doubled per
# failure, at most the window. An owner at another address is never held up.
FREE_FAILURES = 10
FREE_ADDRESS_FAILURES = 50
FIRST_DELAY = dt.timedelta(seconds=30)
FAILURE_WINDOW = dt.timedelta(minutes=15)
_SIGN_IN_LOCK_KEY = 0x7369676E  # "sign": one advisory lock serialises counting tries
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
_NOT_USERNAME_CHARACTER = re.compile(r"[^A-Za-z0-9_.@-]")


@functools.cache
def _dummy_hash() -> str:
    """A hash of no one's password, checked when the username is unknown so both paths
    cost one hash; made on the first sign-in, not at import (~0.2 CPU s that every
    `claimdesk` command paid)."""
    return generate_password_hash(secrets.token_urlsafe(16))


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
    """Give an account another role (an event records who changed it); the last active
    admin keeps theirs, or no one could manage accounts any more."""
    if role not in {r.value for r in Role}:
        raise InvalidInput(f"unknown role {role!r}: use reviewer, editor or admin")
    begin_write(session)
    # The admins' rows locked (SQLite: the write lock) so that two admins demoting each
    # other at once cannot both see the other still there.
    admins = list(session.exec(select(User.username).where(
        User.role == Role.ADMIN.value, User.is_active.is_(True)).with_for_update()))
    user = find_user(session, username)
    if user is None:
        session.rollback()
        raise NotFound(f"no user {username!r}")
    if role != Role.ADMIN.value and admins == [username]:
        session.rollback()
        raise InvalidInput(f"{username} is the last admin: make someone else an admin first")
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


def authenticate(session: Session, username: str, password: str, *,
                 address: str = "") -> User | None:
    """The active user whose password matches, else None (in constant-ish time).

    The try is counted before the password is checked, in one serialised step, so that
    parallel guesses cannot outrun the count; raises Throttled (with `wait_seconds`)
    when this address has failed too often for this account, or for any account.
    """
    attempt_id = _count_attempt(session, username[:64], address[:64])
    dummy = _dummy_hash()  # made before the look-up, so making it tells no name apart
    user = find_user(session, username)
    stored = user.password_hash if user and user.password_hash else dummy
    matched = check_password_hash(stored, password) and bool(user and user.is_active
                                                             and user.password_hash)
    session.rollback()
    if matched:
        begin_write(session)
        session.exec(update(SignInAttempt).where(SignInAttempt.id == attempt_id)
                     .values(succeeded=True))
        session.commit()
    return user if matched else None


def _count_attempt(session: Session, username: str, address: str) -> int:
    """Record a try as failed (until it succeeds), unless the address must wait first."""
    begin_write(session)
    if session.get_bind().dialect.name == "postgresql":  # SQLite: BEGIN IMMEDIATE does
        session.exec(text("SELECT pg_advisory_xact_lock(:key)").bindparams(
            key=_SIGN_IN_LOCK_KEY))
    wait = sign_in_wait(session, username, address)
    if wait:
        session.rollback()
        raise Throttled(f"too many failed sign-ins from your address: try again in "
                        f"{_duration(wait)}", wait_seconds=wait)
    attempt = SignInAttempt(username=username, address=address, succeeded=False)
    session.add(attempt)
    session.flush()
    attempt_id = attempt.id
    session.commit()
    return attempt_id


def sign_in_wait(session: Session, username: str, address: str) -> int:
    """Seconds this address must wait before trying `username` again (0: it may now).

    Failures count within FAILURE_WINDOW, for the account only since its last success
    from this address (the owner's typing mistakes are forgiven by signing in)."""
    now = utcnow()
    since = now - FAILURE_WINDOW
    last_success = session.exec(select(func.max(SignInAttempt.at)).where(
        SignInAttempt.username == username, SignInAttempt.address == address,
        SignInAttempt.succeeded.is_(True), SignInAttempt.at >= since)).one()
    if last_success is not None:
        since = as_utc(last_success)
    pair = _failures(session, since, SignInAttempt.username == username,
                     SignInAttempt.address == address)
    anywhere = _failures(session, now - FAILURE_WINDOW, SignInAttempt.address == address)
    return max(_delay(*pair, FREE_FAILURES, now), _delay(*anywhere, FREE_ADDRESS_FAILURES, now))


def _failures(session: Session, since: dt.datetime, *where) -> tuple[int, dt.datetime | None]:
    """How many failed tries match, and when the latest was."""
    count, latest = session.exec(select(func.count(SignInAttempt.id), func.max(SignInAttempt.at))
                                 .where(*where, SignInAttempt.succeeded.is_(False),
                                        SignInAttempt.at > since)).one()
    return count, as_utc(latest)


def _delay(failures: int, latest: dt.datetime | None, free: int, now: dt.datetime) -> int:
    if failures < free or latest is None:
        return 0
    wait = min(FIRST_DELAY * 2 ** min(failures - free, 16), FAILURE_WINDOW)
    return max(0, math.ceil((latest + wait - now).total_seconds()))


def _duration(seconds: int) -> str:
    return f"{seconds} seconds" if seconds < 120 else f"{math.ceil(seconds / 60)} minutes"


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
    """The user a valid, unused, unexpired token belongs to; the token is spent.

    Spent in one statement that only an unused link matches: of simultaneous requests
    with the same link, exactly one gets its user (a read, then a write, let several
    through on PostgreSQL)."""
    now = utcnow()
    begin_write(session)
    spent = session.exec(
        update(LoginLink).where(LoginLink.token_hash == _digest(token),
                                LoginLink.used_at.is_(None), LoginLink.expires_at >= now)
        .values(used_at=now).returning(LoginLink.user_id)).first()
    if spent is None:
        session.rollback()
        return None
    user = session.get(User, spent[0])
    session.commit()
    return user if user and user.is_active else None


def start_session(session: Session, user: User) -> str:
    """A new server-side session for a browser; returns the key its cookie carries."""
    key = secrets.token_urlsafe(32)
    begin_write(session)
    session.add(UserSession(key_hash=_digest(key), user_id=user.id))
    session.commit()
    return key


def session_user(session: Session, user_id: int, key: str) -> User | None:
    """The user whose session this is, if the session has not ended.

    Every page asks, so it costs one read, and the user is made from the row outside the
    session (as an API token's owner is): `begin_write` expiring what was read would
    otherwise read them again in each write (issue 15)."""
    found = _SESSION_USER.first(session, {"user_id": user_id, "digest": _digest(key)})
    return detached(User, found) if found else None


_SESSION_USER = DriverQuery(
    select(*User.__table__.columns).join(UserSession, UserSession.user_id == User.id)
    .where(User.id == bindparam("user_id", type_=Integer),
           UserSession.key_hash == bindparam("digest"), UserSession.ended_at.is_(None)))


def end_session(session: Session, key: str) -> None:
    """End one browser's session (signing out): its cookie opens nothing any more."""
    begin_write(session)
    session.exec(update(UserSession).where(UserSession.key_hash == _digest(key),
                                           UserSession.ended_at.is_(None))
                 .values(ended_at=utcnow()))
    session.commit()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

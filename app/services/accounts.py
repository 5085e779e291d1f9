"""Accounts an admin manages and a person keeps: invites with a one-time link to choose
one's own password, closing and reopening accounts, and one's API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import bindparam, update
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, select
from werkzeug.security import generate_password_hash

from app.db import DriverQuery, begin_write
from app.models import ApiToken, Invite, Role, User, UserSession, as_utc, utcnow
from app.services import users
from app.services.clock import write_time
from app.services.errors import InvalidInput, NotFound
from app.services.events import (
    PasswordChanged,
    TokenRevoked,
    UserDeactivated,
    UserInvited,
    UserReactivated,
    record,
)

INVITE_FOR = dt.timedelta(hours=24)
TOUCH_EVERY = dt.timedelta(minutes=1)  # last-used times are kept to the minute


def invite(*, session: Session, username: str, role: str, actor: User) -> tuple[User, str]:
    """A new account with no password and a one-time link (24 h) to choose one."""
    user = users.create_user(session=session, username=username, role=role, password=None,
                             actor=actor)
    return user, new_invite(session=session, username=username, actor=actor)


def new_invite(*, session: Session, username: str, actor: User) -> str:
    """A fresh invite link for an account that has no password yet (earlier links end)."""
    begin_write(session)
    user = users.find_user(session, username)
    if user is None:
        session.rollback()
        raise NotFound(f"no user {username!r}")
    if user.password_hash is not None:
        session.rollback()
        raise InvalidInput(f"{username} has a password already: they sign in with it")
    now = write_time(session)
    session.exec(update(Invite).where(Invite.user_id == user.id, Invite.used_at.is_(None))
                 .values(used_at=now))
    token = secrets.token_urlsafe(32)
    session.add(Invite(token_hash=_digest(token), user_id=user.id, created_by=actor.username,
                       created_at=now, expires_at=now + INVITE_FOR))
    session.flush()
    record(session, UserInvited(actor=actor, after={"username": username, "role": user.role,
                                                    "expires_at": (now + INVITE_FOR).isoformat()}))
    session.commit()
    return token


def invited_user(session: Session, token: str) -> User | None:
    """The person an unused, unexpired invite is for (nothing is spent)."""
    found = session.exec(select(Invite).where(Invite.token_hash == _digest(token))).first()
    if found is None or found.used_at is not None or as_utc(found.expires_at) < write_time(
            session):
        return None
    user = session.get(User, found.user_id)
    return user if user is not None and user.is_active else None


def accept_invite(*, session: Session, token: str, password: str) -> User:
    """Spend the invite and set the person's own password; a used, expired or unknown link
    is refused. Spent in one statement, so that one link sets one password."""
    if len(password) < users.MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password needs at least {users.MIN_PASSWORD_LENGTH} characters")
    begin_write(session)
    now = write_time(session)
    spent = session.exec(
        update(Invite).where(Invite.token_hash == _digest(token), Invite.used_at.is_(None),
                             Invite.expires_at >= now)
        .values(used_at=now).returning(Invite.user_id)).first()
    user = session.get(User, spent[0]) if spent else None
    if user is None or not user.is_active:
        session.rollback()
        raise NotFound("this invite link is unknown, used or expired: ask an admin for a new one")
    user.password_hash = generate_password_hash(password)
    user.session_epoch += 1
    session.add(user)
    session.flush()
    record(session, PasswordChanged(actor=user, after={"username": user.username},
                                    reason="chosen through an invite link"))
    session.commit()
    return user


def pending_invites(session: Session) -> dict[int, dt.datetime]:
    """User id → when their open invite expires, for accounts still to choose a password."""
    query = select(Invite.user_id, Invite.expires_at).where(Invite.used_at.is_(None))
    return {user_id: as_utc(expires) for user_id, expires in session.exec(query)}


def set_active(*, session: Session, username: str, active: bool, actor: User) -> User:
    """Close an account (its sessions and API tokens end at once; everything it did stays
    in the history) or open it again. No admin closes their own account or the last admin's."""
    begin_write(session)
    admins = list(session.exec(select(User.username).where(
        User.role == Role.ADMIN.value, User.is_active.is_(True)).with_for_update()))
    user = users.find_user(session, username)
    if user is None:
        session.rollback()
        raise NotFound(f"no user {username!r}")
    if not active and user.id == actor.id:
        session.rollback()
        raise InvalidInput("you cannot close your own account: ask another admin")
    if not active and admins == [username]:
        session.rollback()
        raise InvalidInput(f"{username} is the last admin: make someone else an admin first")
    if user.is_active == active:
        session.rollback()
        return user
    now = write_time(session)
    user.is_active = active
    if not active:
        user.session_epoch += 1
        session.exec(update(UserSession).where(UserSession.user_id == user.id,
                                               UserSession.ended_at.is_(None))
                     .values(ended_at=now))
        session.exec(update(ApiToken).where(ApiToken.user_id == user.id,
                                            ApiToken.revoked_at.is_(None))
                     .values(revoked_at=now))
        session.exec(update(Invite).where(Invite.user_id == user.id, Invite.used_at.is_(None))
                     .values(used_at=now))
    session.add(user)
    session.flush()
    kind = UserReactivated if active else UserDeactivated
    record(session, kind(actor=actor, after={"username": username}))
    session.commit()
    return user


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """A person's API tokens, newest first, revoked ones included (they say when)."""
    query = (select(ApiToken).where(ApiToken.user_id == user.id)
             .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
    return list(session.exec(query))


def revoke_token(*, session: Session, user: User, token_id: int) -> ApiToken:
    """Revoke one of `user`'s own tokens; it opens nothing from now on."""
    begin_write(session)
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        session.rollback()
        raise NotFound(f"you have no token {token_id}")
    if token.revoked_at is None:
        token.revoked_at = write_time(session)
        session.add(token)
        session.flush()
        record(session, TokenRevoked(actor=user, after={"name": token.name}))
    session.commit()
    return token


def token_user(session: Session, token: str) -> User | None:
    """The active owner of an unrevoked API token, found in one indexed query; its use is
    noted (to the minute: one write a minute at most).

    Every API request asks, so it costs one read: tokens are random and long, and their
    SHA-256 (microseconds) is all a lookup needs, unlike a password's slow hash. The read's
    transaction goes on into the request's own statements (a commit here cost a COMMIT, a
    checkin, a checkout and a BEGIN a request), and the user is made from the row outside
    the session, so that `begin_write` expiring what was read does not read them again.
    """
    found = _TOKEN_OWNER.first(session, {"digest": _digest(token)})
    if found is None:
        return None
    user = User(**{name: getattr(found, name) for name in _USER_COLUMNS})
    make_transient_to_detached(user)  # as if loaded, then expunged: not read again
    if found.last_used_at is None or as_utc(found.last_used_at) <= utcnow() - TOUCH_EVERY:
        begin_write(session)
        session.exec(update(ApiToken).where(ApiToken.id == found.token_id)
                     .values(last_used_at=write_time(session)))
        session.commit()
    return user


# Built once, run on the driver's cursor (`db.DriverQuery`): every API request runs it,
# and building it, then loading its user through the ORM, cost more than running it.
_USER_COLUMNS = tuple(column.name for column in User.__table__.columns)
_TOKEN_OWNER = DriverQuery(
    select(*User.__table__.columns, ApiToken.id.label("token_id"), ApiToken.last_used_at)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("digest"), ApiToken.revoked_at.is_(None),
           User.is_active.is_(True)))


def _digest(token: str) -> str:
    """The stored form of a link or token (as users stores sign-in links)."""
    return hashlib.sha256(token.encode()).hexdigest()

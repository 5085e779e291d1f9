"""Invites, closing accounts and one's API tokens, on both databases."""

import datetime as dt

import pytest
from sqlalchemy import event, update
from sqlmodel import select

from app.db import begin_write
from app.models import Invite, User, UserSession
from app.services import accounts, events, users
from app.services.errors import InvalidInput, NotFound


def test_an_invited_person_chooses_their_password_once(session, make_user):
    boss = make_user("boss", role="admin")
    user, token = accounts.invite(session=session, username="newbie", role="editor",
                                  actor=boss)
    assert user.password_hash is None and user.role == "editor"
    assert accounts.invited_user(session, token).username == "newbie"
    with pytest.raises(InvalidInput):
        accounts.accept_invite(session=session, token=token, password="short")
    accounts.accept_invite(session=session, token=token, password="a-long-enough-secret")
    assert users.authenticate(session, "newbie", "a-long-enough-secret", address="t")
    assert accounts.invited_user(session, token) is None
    with pytest.raises(NotFound):
        accounts.accept_invite(session=session, token=token, password="another-long-secret")
    kinds = [e.kind for e in session.exec(select(events.Event).order_by(events.Event.id))]
    assert "user.invited" in kinds and kinds[-1] == "user.password_changed"


def test_an_expired_or_replaced_invite_opens_nothing(session, make_user):
    boss = make_user("boss", role="admin")
    _, first = accounts.invite(session=session, username="newbie", role="reviewer",
                               actor=boss)
    second = accounts.new_invite(session=session, username="newbie", actor=boss)
    assert accounts.invited_user(session, first) is None  # replaced
    session.exec(update(Invite).values(expires_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))
    session.commit()
    assert accounts.invited_user(session, second) is None
    with pytest.raises(NotFound):
        accounts.accept_invite(session=session, token=second, password="a-long-enough-secret")
    with pytest.raises(InvalidInput):  # someone with a password is not invited again
        accounts.new_invite(session=session, username="boss", actor=boss)


def test_closing_an_account_ends_sessions_and_tokens_and_keeps_its_history(session,
                                                                          make_user):
    boss, ana = make_user("boss", role="admin"), make_user("ana")
    key = users.start_session(session, ana)
    token = users.create_api_token(session=session, user=ana, name="script")
    assert users.user_for_token(session, token).id == ana.id
    accounts.set_active(session=session, username="ana", active=False, actor=boss)
    assert users.user_for_token(session, token) is None
    assert users.session_user(session, ana.id, key) is None
    assert session.exec(select(UserSession).where(UserSession.user_id == ana.id)).one().ended_at
    accounts.set_active(session=session, username="ana", active=True, actor=boss)
    assert users.user_for_token(session, token) is None  # tokens stay revoked
    assert session.exec(select(User).where(User.username == "ana")).one().is_active
    with pytest.raises(InvalidInput):
        accounts.set_active(session=session, username="boss", active=False, actor=boss)
    kinds = [e.kind for e in session.exec(select(events.Event))]
    assert "user.deactivated" in kinds and "user.reactivated" in kinds


def test_a_person_lists_and_revokes_their_own_tokens(session, make_user):
    ana, ben = make_user("ana"), make_user("ben")
    first = users.create_api_token(session=session, user=ana, name="first")
    users.create_api_token(session=session, user=ana, name="second")
    listed = accounts.tokens_of(session, ana)
    assert [t.name for t in listed] == ["second", "first"]
    assert all(t.last_used_at is None for t in listed)
    assert accounts.token_user(session, first).id == ana.id
    used = next(t for t in accounts.tokens_of(session, ana) if t.name == "first")
    assert used.last_used_at is not None
    with pytest.raises(NotFound):
        accounts.revoke_token(session=session, user=ben, token_id=used.id)
    accounts.revoke_token(session=session, user=ana, token_id=used.id)
    assert users.user_for_token(session, first) is None


def test_a_token_lookup_is_one_read_and_leaves_its_user_loaded(session, make_user):
    ana = make_user("ana")
    token = users.create_api_token(session=session, user=ana, name="script")
    accounts.token_user(session, token)  # its first use is noted: a write
    session.rollback()
    engine, statements, commits, ana_id = session.get_bind(), [], [], ana.id

    def executed(_connection, _cursor, statement, *_args) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's own, as app.db issues it
            statements.append(statement)

    def committed(_connection) -> None:
        commits.append(1)

    event.listen(engine, "before_cursor_execute", executed)
    event.listen(engine, "commit", committed)
    try:
        user = accounts.token_user(session, token)
        assert len(statements) == 1 and commits == []
        begin_write(session)  # expires what the session read: the user is not read again
        statements.clear()
        assert (user.id, user.username, user.role) == (ana_id, "ana", "reviewer")
        assert statements == []
    finally:
        event.remove(engine, "before_cursor_execute", executed)
        event.remove(engine, "commit", committed)
        session.rollback()

"""Sign-in under attack and race: one-time links spent once, throttling counted atomically
per account and address with growing delays (a stranger never locks the owner out),
sign-out ending the session on the server, the last admin kept."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from app.models import SignInAttempt, User
from app.services import users
from app.services.errors import InvalidInput, Throttled
from tests.conftest import password_for
from tests.web.helpers import csrf_from, login_as

OWNER, STRANGER = "192.0.2.10", "198.51.100.66"


def _at_once(engine, count: int, work) -> list:
    """`work(session)` in `count` threads started together, each with its own session."""
    barrier, results = threading.Barrier(count), [None] * count

    def run(index: int) -> None:
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                results[index] = work(session)
            except Exception as error:  # noqa: BLE001 - the outcome under test
                results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_a_sign_in_link_opened_16_times_at_once_signs_in_once(engine, session):
    user = users.ensure_local_admin(session)
    for _ in range(5):
        token = users.create_login_link(session, user, dt.timedelta(hours=1))
        outcomes = _at_once(engine, 16, lambda s, t=token: users.redeem_login_link(s, t))
        assert [type(o).__name__ for o in outcomes].count("User") == 1, outcomes


def test_parallel_wrong_passwords_are_all_counted_before_any_is_checked(engine, make_user):
    make_user("ana")
    outcomes = _at_once(engine, 30, lambda s: users.authenticate(
        s, "ana", "wrong-guess-xx", address=STRANGER))
    checked = [o for o in outcomes if o is None]
    assert len(checked) == users.FREE_FAILURES
    assert all(isinstance(o, Throttled) for o in outcomes if o is not None)


def _sign_in(client, username: str, password: str, address: str):
    token = csrf_from(client.get("/login", environ_base={"REMOTE_ADDR": address})
                      .get_data(as_text=True))
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_a_stranger_guessing_never_locks_the_owner_out(app, make_user):
    make_user("ana")
    stranger = app.test_client()
    codes = [_sign_in(stranger, "ana", "wrong-guess-xx", STRANGER).status_code
             for _ in range(users.FREE_FAILURES + 5)]
    assert codes == [401] * users.FREE_FAILURES + [429] * 5
    assert _sign_in(stranger, "ana", password_for("ana"), STRANGER).status_code == 429
    owner = _sign_in(app.test_client(), "ana", password_for("ana"), OWNER)
    assert owner.status_code == 302


def _wait(session, seconds: int) -> None:
    """As if `seconds` had passed: every attempt moved back in time."""
    for attempt in session.exec(select(SignInAttempt)).all():
        session.exec(update(SignInAttempt).where(SignInAttempt.id == attempt.id).values(
            at=attempt.at - dt.timedelta(seconds=seconds)))
    session.commit()


def test_the_delay_grows_with_each_failure_past_the_free_ones(session, make_user):
    make_user("ana")
    for _ in range(users.FREE_FAILURES):
        assert users.authenticate(session, "ana", "wrong-guess-xx", address=STRANGER) is None
    delays = []
    for _ in range(3):
        with pytest.raises(Throttled) as refused:
            users.authenticate(session, "ana", "wrong-guess-xx", address=STRANGER)
        delays.append(refused.value.details["wait_seconds"])
        _wait(session, delays[-1] + 1)
        assert users.authenticate(session, "ana", "wrong-guess-xx", address=STRANGER) is None
    assert delays[0] >= 1 and delays[1] > delays[0] and delays[2] > delays[1]


def test_a_success_forgives_the_failures_before_it(session, make_user):
    make_user("ana")
    for _ in range(2):
        for _ in range(users.FREE_FAILURES - 1):
            assert users.authenticate(session, "ana", "wrong-guess-xx", address=OWNER) is None
        assert users.authenticate(session, "ana", password_for("ana"), address=OWNER)


def test_one_address_guessing_many_accounts_is_throttled(session, make_user):
    for number in range(users.FREE_ADDRESS_FAILURES // users.FREE_FAILURES):
        for _ in range(users.FREE_FAILURES):
            users.authenticate(session, f"user{number}", "wrong-guess-xx", address=STRANGER)
    with pytest.raises(Throttled):
        users.authenticate(session, "someone-else", "wrong-guess-xx", address=STRANGER)


def test_sign_out_ends_the_session_on_the_server(app, make_user):
    make_user("ana")
    client = app.test_client()
    token = login_as(client, "ana")
    saved = client.get_cookie("session").value
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", saved)
    assert replay.get("/account").status_code == 302  # back to the sign-in page
    other = app.test_client()
    login_as(other, "ana")
    assert other.get("/account").status_code == 200  # other sessions go on


def test_the_last_admin_cannot_give_up_the_role(client, session, make_user):
    make_user("boss", role="admin")
    token = login_as(client, "boss")
    response = client.post("/admin/users/boss/role", data={"csrf_token": token,
                                                           "role": "editor"})
    assert response.status_code == 422
    assert "last admin" in response.get_data(as_text=True)
    session.rollback()
    assert users.find_user(session, "boss").role == "admin"
    assert client.get("/admin").status_code == 200


def test_two_admins_demoting_each_other_at_once_leave_one(engine, session, make_user):
    make_user("boss", role="admin")
    make_user("chief", role="admin")
    names = iter(["boss", "chief"])
    lock = threading.Lock()

    def demote(s):
        with lock:
            name = next(names)
        return users.set_role(session=s, username=name, role="editor", actor=None)

    outcomes = _at_once(engine, 2, demote)
    assert sorted(type(o).__name__ for o in outcomes) == ["InvalidInput", "User"]
    session.rollback()
    admins = session.exec(select(User).where(User.role == "admin")).all()
    assert len(admins) == 1
    with pytest.raises(InvalidInput, match="last admin"):
        users.set_role(session=session, username=admins[0].username, role="reviewer",
                       actor=None)


def test_behind_a_trusted_proxy_the_forwarded_address_counts(make_app, make_user):
    app = make_app(TRUSTED_PROXIES=1)
    make_user("ana")

    def sign_in(client, password, address):
        proxied = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": address}
        token = csrf_from(client.get("/login", environ_base=proxied).get_data(as_text=True))
        return client.post("/login", environ_base=proxied, data={
            "username": "ana", "password": password, "csrf_token": token}).status_code

    stranger = app.test_client()
    for _ in range(users.FREE_FAILURES):
        sign_in(stranger, "wrong-guess-xx", STRANGER)
    assert sign_in(stranger, password_for("ana"), STRANGER) == 429
    assert sign_in(app.test_client(), password_for("ana"), OWNER) == 302

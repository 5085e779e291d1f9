"""Fixtures: a fresh database per test on SQLite and on a real PostgreSQL, the app, a client."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator

import pytest
from sqlmodel import Session

from app import create_app
from app.db import make_engine
from app.migrate import upgrade
from app.models import Role, User
from app.services import users
from tests.needs import missing
from tests.pg import Cluster, find_pg_bin, start_cluster

BACKENDS = ["sqlite", "postgres"]
_counter = itertools.count()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--backend", choices=BACKENDS + ["all"], default="all",
                     help="database backend(s) for tests that use one")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("backend")
        backends = BACKENDS if chosen == "all" else [chosen]
        marked = metafunc.definition.get_closest_marker
        if marked("e2e") or marked("sqlite_only"):  # browser and schema tests: SQLite is enough
            backends = ["sqlite"]
        metafunc.parametrize("backend", backends, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster | None]:
    bin_dir = find_pg_bin()
    if bin_dir is None:
        yield None
        return
    cluster = start_cluster(bin_dir)
    try:
        with cluster.connect() as conn:
            conn.execute("CREATE DATABASE claimdesk_template")
        engine = make_engine(cluster.url("claimdesk_template"))
        upgrade(engine)
        engine.dispose()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def empty_db_url(backend: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A URL to a fresh, empty database (no schema) on the test's backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    yield from _postgres_database(request, "")


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A URL to a fresh database at the newest schema, on the test's backend."""
    if backend == "sqlite":
        path = tmp_path / "claimdesk.db"
        path.write_bytes(request.getfixturevalue("sqlite_template").read_bytes())
        yield f"sqlite:///{path}"
        return
    yield from _postgres_database(request, " TEMPLATE claimdesk_template")


def _postgres_database(request: pytest.FixtureRequest, template: str) -> Iterator[str]:
    """A database of its own for the test, dropped after it (15 ms; a run kept ~600 of
    them, ~5 GB, until the cluster stopped): connections the test left open are ended."""
    cluster = _cluster_or_skip(request)
    name = _database_name(request)
    with cluster.connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"{template}')
    yield cluster.url(name)
    with cluster.connect() as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def engine(db_url: str):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def make_app(db_url: str, tmp_path):
    """An app factory: `make_app(REVIEWS_REQUIRED=2)` overrides settings."""
    apps = []

    def factory(**overrides):
        config = {"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "test-" + "k" * 40,
                  "AUDIT_KEY_FILE": str(tmp_path / "audit_key"),
                  "CHECKPOINT_FILE": str(tmp_path / "checkpoints.log"), **overrides}
        app = create_app(config)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.extensions["claimdesk.engine"].dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(session: Session):
    """Create an account: `make_user("ana", role="editor")` (password = name * 3 + '-pw')."""

    def factory(username: str = "reviewer1", role: str = Role.REVIEWER.value) -> User:
        return users.create_user(session=session, username=username, role=role,
                                 password=password_for(username), actor=None)

    return factory


def password_for(username: str) -> str:
    return f"{username}-correct-horse-battery"


def _cluster_or_skip(request: pytest.FixtureRequest) -> Cluster:
    cluster = request.getfixturevalue("pg_cluster")
    if cluster is None:
        missing("PostgreSQL is not installed here (no initdb found; set PG_BIN)")
    return cluster


def _database_name(request: pytest.FixtureRequest) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:40]
    return f"t{os.getpid()}_{next(_counter)}_{slug}"

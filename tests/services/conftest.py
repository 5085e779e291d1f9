"""Fixtures shared by the service tests."""

import pytest
from sqlmodel import Session

from app.db import make_engine
from app.migrate import upgrade


@pytest.fixture
def other_session(empty_db_url):
    """A second, empty, migrated database: where an export is imported back."""
    engine = make_engine(empty_db_url)
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()

"""Fixtures shared by the unit tests of the extractor."""

import datetime as dt

import pytest

from app.nlp import Extractor, load_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The rules alone (no learned scorer), with a fixed today so that time-sensitive
    flags do not change as the calendar moves; one per test process."""
    return load_extractor(today=dt.date(2026, 1, 1), learned=False)

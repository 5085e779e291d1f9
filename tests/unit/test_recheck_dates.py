"""When a claim may be outdated: from its dates and its document's day, asked at query time."""

import datetime as dt

import pytest

from app.models import Claim
from app.services.recheck import awaiting_recheck, due_at, due_date, last_day, may_be_outdated

PUBLISHED = dt.date(2024, 1, 22)


def day(value, deadline=False, text="…"):
    return {"text": text, "value": value, "deadline": deadline}


@pytest.mark.parametrize(("value", "last"), [
    ("2024-01-26", dt.date(2024, 1, 26)), ("2024-02", dt.date(2024, 2, 29)),
    ("2023-12", dt.date(2023, 12, 31)), ("2024", dt.date(2024, 12, 31)),
    ("2024-01-01/2024-03-31", dt.date(2024, 3, 31)), ("2024-01/2024-06", dt.date(2024, 6, 30)),
    ("soon", None), ("2024-13", None), ("", None),
])
def test_the_last_day_of_a_date_month_year_or_interval(value, last):
    assert last_day(value) == last


def test_a_deadline_is_due_after_its_day():
    # "by January 26, 2024": due for re-check from the 27th (UTC)
    assert due_date([day("2024-01-26", deadline=True)], PUBLISHED) == dt.date(2024, 1, 26)
    assert due_at([day("2024-01-26", deadline=True)], PUBLISHED) == dt.datetime(
        2024, 1, 27, tzinfo=dt.UTC)
    assert due_date([day("2024-01-26", deadline=True)], None) == dt.date(2024, 1, 26)


def test_a_date_ahead_of_publication_counts_and_a_past_one_does_not():
    assert due_date([day("2024-01-29")], PUBLISHED) == dt.date(2024, 1, 29)  # "will visit"
    assert due_date([day("2023")], PUBLISHED) is None  # "sales rose in 2023": history
    assert due_date([day("2024")], PUBLISHED) == dt.date(2024, 12, 31)  # "this year": not over
    assert due_date([day("2024-01-29")], None) is None  # no day to tell ahead from behind


def test_the_latest_date_that_counts_decides_and_the_extractors_flag_counts_all():
    dates = [day("2023-05-01"), day("2024-03", deadline=True), day("2024-02-10")]
    assert due_date(dates, PUBLISHED) == dt.date(2024, 3, 31)
    assert due_date([day("2023-05-01")], PUBLISHED, flagged=True) == dt.date(2023, 5, 1)


def test_malformed_dates_are_left_out():
    assert due_date([day("tomorrow", deadline=True), "2024", {"text": "x"}], PUBLISHED) is None
    assert due_at([day("9999-12-31", deadline=True)], PUBLISHED) is None


def _claim(due, verdict="supported", updated=dt.datetime(2024, 1, 23, tzinfo=dt.UTC)):
    return Claim(text="x", due_at=due, verdict=verdict, updated_at=updated)


def test_may_be_outdated_is_asked_of_the_clock_not_frozen():
    due = dt.datetime(2024, 1, 27, tzinfo=dt.UTC)
    claim = _claim(due)
    assert not may_be_outdated(claim, dt.datetime(2024, 1, 26, 23, 59, tzinfo=dt.UTC))
    assert may_be_outdated(claim, dt.datetime(2024, 1, 27, tzinfo=dt.UTC))
    assert not may_be_outdated(_claim(None))


def test_a_verdict_awaits_re_check_when_it_was_given_before_its_date_passed():
    due, now = dt.datetime(2024, 1, 27, tzinfo=dt.UTC), dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert awaiting_recheck(_claim(due), now)
    assert not awaiting_recheck(_claim(due, updated=dt.datetime(2024, 2, 1, tzinfo=dt.UTC)), now)
    assert not awaiting_recheck(_claim(due, verdict="outdated"), now)
    assert not awaiting_recheck(_claim(due, verdict=None), now)
    assert not awaiting_recheck(_claim(due), dt.datetime(2024, 1, 25, tzinfo=dt.UTC))

"""Matching's candidates from the full-text index cost the same at any size: common words
pick none, and the index is read only so far (SQLite FTS5 and PostgreSQL GIN)."""

import pytest
import sqlalchemy as sa

from app.services import fact_checks
from tests.factories import add_document

TEXT = ("Officials said the harbour bridge closes in May. Officials said rain fell. "
        "Officials said roads flooded. Officials said schools shut. Officials said trains ran.")


def test_only_words_few_rows_hold_pick_candidates(session, monkeypatch):
    _, claims = add_document(session, text=TEXT)
    monkeypatch.setattr(fact_checks, "COMMON", 2)
    dialect = session.get_bind().dialect.name
    query = fact_checks.telling_query(session, "claim", "Officials said the bridge closes",
                                      dialect)
    assert "officials" not in query and "bridge" in query
    assert fact_checks.candidate_ids(session, "claim", "Officials said the bridge closes",
                                     10) == [claims[0].id]
    both_common = fact_checks.telling_query(session, "claim", "officials said", dialect)
    assert both_common in ('"officials" AND "said"', "officials & said")


def test_the_index_is_read_newest_first_and_only_so_far(session, monkeypatch):
    _, claims = add_document(session, text=TEXT)
    monkeypatch.setattr(fact_checks, "READ", 2)
    found = fact_checks.candidate_ids(session, "claim", "officials said", 10)
    assert sorted(found) == sorted(c.id for c in claims[-2:])


def test_the_rarest_words_pick_candidates_only_as_far_as_they_hold_few_rows(session, monkeypatch):
    add_document(session, text=TEXT)
    monkeypatch.setattr(fact_checks, "HELD", 5)
    dialect = session.get_bind().dialect.name
    query = fact_checks.telling_query(session, "claim", "Officials said the bridge closes",
                                      dialect)  # "officials": 5 rows, bridge and closes 1 each
    assert "bridge" in query and "closes" in query and "officials" not in query


def test_postgresql_statistics_tell_common_words_without_counting_them(session, monkeypatch):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("ANALYZE's most common words are PostgreSQL's")
    add_document(session, text=TEXT)
    session.commit()
    session.execute(sa.text("ANALYZE claim"))
    monkeypatch.setattr(fact_checks, "COMMON", 2)
    common = fact_checks._common_by_statistics(session, "claim", ["officials", "bridge"])
    assert common == {"officials"}

"""The claims table: filters and keyset pages that never repeat or skip a row."""

import dataclasses

import pytest

from app.services import review
from app.services.claims import ClaimQuery, Cursor, list_claims
from app.services.errors import InvalidInput
from tests.factories import add_document, sentence_claims

TEXT = ". ".join(f"Figure {i} rose {i} percent" for i in range(12)) + "."


def _many(session, scores):
    claims = [dataclasses.replace(c, score=s) for c, s in zip(sentence_claims(TEXT), scores,
                                                               strict=True)]
    return add_document(session, text=TEXT, claims=claims)


@pytest.mark.parametrize("sort", ["score", "newest", "oldest"])
def test_keyset_pages_cover_every_claim_once_in_order(session, sort):
    _, claims = _many(session, [0.5, 0.9, 0.5, 0.1, 0.9, 0.5, 0.3, 0.5, 0.7, 0.5, 0.2, 0.9])
    seen, after = [], None
    while True:
        page = list_claims(session, ClaimQuery(sort=sort), after=after, limit=5)
        seen += [row.claim for row in page.rows]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert sorted(c.id for c in seen) == sorted(c.id for c in claims)
    keys = {"score": lambda c: (-c.score, -c.id), "newest": lambda c: -c.id,
            "oldest": lambda c: c.id}[sort]
    assert seen == sorted(seen, key=keys)


def test_filters_narrow_the_table(session, make_user):
    ana = make_user("ana")
    _, claims = _many(session, [0.5] * 12)
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="supported",
                      note="a note")
    review.set_review(session=session, claim_id=claims[1].id, actor=ana, label="disputed")

    def ids(**kwargs):
        return [row.claim.id for row in list_claims(session, ClaimQuery(**kwargs)).rows]

    assert ids(verdict="supported") == [claims[0].id]
    assert len(ids(verdict="unreviewed")) == 10
    assert sorted(ids(reviewer="ana")) == [claims[0].id, claims[1].id]
    assert ids(has_note=True) == [claims[0].id]
    assert ids(search="Figure 11") == [claims[11].id]
    assert ids(search="100%") == []  # LIKE wildcards are literal
    [row] = list_claims(session, ClaimQuery(verdict="supported")).rows
    assert row.reviewers == ["ana"]


def test_unknown_sort_or_verdict_is_refused():
    with pytest.raises(InvalidInput):
        ClaimQuery(sort="random")
    with pytest.raises(InvalidInput):
        ClaimQuery(verdict="maybe")


def test_cursor_params_round_trip():
    assert Cursor(7, 0.25).as_params() == {"after": "7", "after_score": "0.25"}

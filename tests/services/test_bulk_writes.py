"""Keys reserved for bulk loads (`db.reserve_ids`), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from app.db import begin_write, reserve_ids
from app.models import Claim
from tests.factories import add_document


@pytest.mark.parametrize("exclusive", [False, True])
def test_reserved_ids_are_fresh_and_later_rows_pass_them(session, exclusive):
    _, before = add_document(session, text="Prices fell in June.")
    begin_write(session)
    reserved = reserve_ids(session, Claim, 5, exclusive=exclusive)
    assert len(set(reserved)) == 5 and min(reserved) > max(c.id for c in before)
    if exclusive:  # one block
        assert reserved == list(range(reserved[0], reserved[0] + 5))
    assert reserve_ids(session, Claim, 0, exclusive=exclusive) == []
    if session.get_bind().dialect.name == "sqlite":
        return  # it continues from the largest key: sound once the caller inserted them
    # PostgreSQL: the sequence moved past them, for the next reservation and for rows the
    # database numbers itself.
    again = reserve_ids(session, Claim, 3, exclusive=exclusive)
    assert min(again) > max(reserved)
    session.commit()
    _, later = add_document(session, text="Wages rose in July.")
    assert min(c.id for c in later) > max(again)

"""The dashboard counts distinct claims reviewed per reviewer per day, and says so."""

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_queue_order import _press_and_wait
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document

pytestmark = [pytest.mark.e2e]


def test_relabels_and_undos_do_not_inflate_the_daily_count(page, live_server, session,
                                                          make_user):
    make_user("ana")
    add_document(session)
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/queue")
    page.get_by_text("3 claims left").wait_for()
    _press_and_wait(page, "1", "2 claims left")  # claim 1
    _press_and_wait(page, "k", "2 claims left")  # back to claim 1 and relabel it
    _press_and_wait(page, "2", "2 claims left")
    _press_and_wait(page, "3", "1 claim left")  # claim 2
    _press_and_wait(page, "u", "Undone")  # claim 2's label taken back
    page.goto(f"{live_server}/")
    heading = page.locator("#activity-title").inner_text()
    assert heading.startswith("Claims reviewed per reviewer per day")
    row = page.locator("table.activity tbody tr", has_text="ana")
    assert row.locator("td").last.inner_text() == "1"  # one claim, though five actions
    assert "1 claim" in row.locator("td.heat").last.get_attribute("title")
    screenshot(page, "dashboard-activity")
    assert page.js_errors == [], "\n".join(page.js_errors)

"""One clock, one timestamp per write: what a reviewer did in the browser is exported with
times that agree with each other and with the history."""

import datetime as dt
import json

import pytest

from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document

pytestmark = [pytest.mark.e2e]


def _time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def test_exported_review_times_match_the_history(page, live_server, session, make_user):
    make_user("ana")
    document, claims = add_document(session)
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/documents/{document.id}")
    for claim in claims:
        card = page.locator(f"#claim-{claim.id}")
        card.get_by_role("button", name="Supported").click()
        page.locator(f"#claim-{claim.id}.verdict-supported").wait_for()
    card = page.locator(f"#claim-{claims[0].id}")
    card.get_by_role("button", name="Disputed").click()  # a change: updated, not created
    page.locator(f"#claim-{claims[0].id}.verdict-disputed").wait_for()

    page.goto(f"{live_server}/export")
    page.get_by_label("include each claim's history").check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download").click()
    lines = [json.loads(line) for line in
             download_info.value.path().read_text().splitlines()]
    assert len(lines) == len(claims)
    for line in lines:
        [given] = line["reviews"]
        sets = [e for e in line["events"] if e["kind"] == "review.set"]
        created, updated = _time(given["created_at"]), _time(given["updated_at"])
        assert created <= updated, line["id"]
        assert created == _time(sets[0]["at"])  # the same instant as the event's
        assert updated == _time(sets[-1]["at"])
        assert _time(line["updated_at"]) == updated  # the claim changed in that write too
    assert page.js_errors == [], "\n".join(page.js_errors)

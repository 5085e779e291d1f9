"""What a reviewer does in a real browser: sign in, label claims, see the history, export."""

import json

import pytest
from playwright.sync_api import expect

from tests.conftest import password_for
from tests.e2e.conftest import screenshot
from tests.factories import add_document

pytestmark = [pytest.mark.e2e]

TEXT = ("The council approved the budget on Monday. Taxes will rise by 3 percent next year. "
        "The mayor said the plan saves 40 jobs. Critics said the figures were wrong.")


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password_for(username))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


def test_reviewer_labels_claims_and_sees_history(page, live_server, session, make_user):
    make_user("ana")
    document, claims = add_document(session, text=TEXT, title="Council budget")
    sign_in(page, live_server, "ana")
    screenshot(page, "dashboard")
    page.get_by_role("link", name="Council budget").click()
    page.wait_for_url(f"**/documents/{document.id}")
    for claim in claims:
        expect(page.locator(f"#mark-{claim.id}")).to_be_visible()
    screenshot(page, "document-before")

    for claim, button, verdict in zip(claims, ["Supported", "Disputed", "Outdated", "Not a claim"],
                                      ["supported", "disputed", "outdated", "not_a_claim"],
                                      strict=True):
        card = page.locator(f"#claim-{claim.id}")
        card.get_by_role("button", name=button).click()
        page.locator(f"#claim-{claim.id}.verdict-{verdict}").wait_for()

    card = page.locator(f"#claim-{claims[1].id}")
    card.locator("summary").click()
    card.get_by_label("Note").fill("The report says <b>2 percent</b>")
    card.get_by_label("Evidence links").fill("https://example.test/report")
    card.get_by_role("button", name="Disputed").click()
    page.locator(f"#claim-{claims[1].id} .review-line").get_by_text("2 percent").wait_for()
    screenshot(page, "document-after")

    page.reload()
    assert page.locator(f"#mark-{claims[0].id}").get_attribute("class").endswith(
        "verdict-supported")
    page.locator(f"#claim-{claims[1].id}").get_by_role("link", name="history").click()
    page.wait_for_url(f"**/claims/{claims[1].id}")  # the click only starts the navigation
    timeline = page.locator(".timeline")
    expect(timeline.locator("li")).to_have_count(2)
    assert "<b>2 percent</b>" in timeline.inner_text()  # shown as text, not markup
    screenshot(page, "claim-history")

    with page.expect_download() as download_info:
        page.goto(f"{live_server}/export")
        page.get_by_role("button", name="Download").click()
    lines = download_info.value.path().read_text().splitlines()
    verdicts = {json.loads(line)["verdict"] for line in lines}
    assert verdicts == {"supported", "disputed", "outdated", "not_a_claim"}
    assert page.js_errors == [], "\n".join(page.js_errors)

"""Excerpts are cut between words with an ellipsis; the queue marks the claim's own words."""

import pytest

from app.nlp.types import CandidateClaim
from tests.e2e.test_review_in_browser import sign_in
from tests.factories import add_document

pytestmark = [pytest.mark.e2e]

FILLER = " ".join(["The committee met again on the following morning to discuss figures."] * 8)
TEXT = f"{FILLER} The mayor said the plan saves 40 jobs. {FILLER}"


def _claim() -> CandidateClaim:
    start = TEXT.index("The mayor")
    end = TEXT.index("jobs.") + len("jobs.")
    span_start = TEXT.index("the plan")
    span_end = TEXT.index(" jobs.") + len(" jobs")
    return CandidateClaim(text="The plan saves 40 jobs", sentence=TEXT[start:end], start=start,
                          end=end, span_start=span_start, span_end=span_end,
                          span_text=TEXT[span_start:span_end], attribution="The mayor")


@pytest.mark.parametrize("width", [1366, 390])
def test_queue_and_claim_page_excerpts(page, live_server, session, make_user, width):
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
    make_user("ana")
    _, [claim] = add_document(session, text=TEXT, title="Jobs", claims=[_claim()])
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server}/queue")
    excerpt = page.locator("#queue-item blockquote.context")
    assert excerpt.locator("mark").inner_text() == "the plan saves 40 jobs"
    assert excerpt.locator(".sentence").inner_text() == "The mayor said the plan saves 40 jobs."
    for url in (f"{live_server}/queue", f"{live_server}/claims/{claim.id}"):
        page.goto(url)
        text = page.locator("blockquote.context").first.inner_text()
        assert text.startswith("…") and text.endswith("…"), url
        first_word, last_word = text[1:].split()[0], text[:-1].split()[-1]
        assert first_word in FILLER.split() and last_word in FILLER.split(), (url, text)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{url} overflows by {overflow}px at {width}px"
    assert page.js_errors == [], "\n".join(page.js_errors)

"""Pure review rules: labels, evidence links, verdicts, chart geometry."""

import pytest

from app.services.errors import InvalidInput
from app.services.review import parse_evidence, parse_label, resolve_verdict
from app.web.charts import bar_segments


def test_unknown_label_names_the_allowed_ones():
    with pytest.raises(InvalidInput, match="supported, disputed, outdated, not_a_claim"):
        parse_label("true")


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://x.test/a", "/relative",
                                  "http://", "data:text/html,<script>"])
def test_evidence_must_be_absolute_http_links(link):
    with pytest.raises(InvalidInput):
        parse_evidence([link])


def test_evidence_keeps_good_links_and_drops_blank_lines():
    assert parse_evidence(["https://a.test/x", "  ", "http://b.test"]) == [
        "https://a.test/x", "http://b.test"]


def test_verdict_needs_enough_agreeing_reviews():
    assert resolve_verdict(["supported"], 1) == "supported"
    assert resolve_verdict(["supported"], 2) is None
    assert resolve_verdict(["supported", "disputed"], 1) is None
    assert resolve_verdict(["outdated", "outdated"], 2) == "outdated"
    assert resolve_verdict([], 1) is None


def test_bar_segments_cover_the_bar_and_skip_zeros():
    segments = bar_segments({"supported": 1, "disputed": 0, "unreviewed": 3})
    assert [s.key for s in segments] == ["supported", "unreviewed"]
    assert segments[0].width == 25.0 and segments[1].x == 25.0
    assert sum(s.width for s in segments) == pytest.approx(100)


@pytest.mark.parametrize("link, shown", [
    ("https://example.org/a", "https://example.org/a"),
    ("javascript:alert(1)", "#unsafe-link"), ("data:text/html,x", "#unsafe-link"),
    ("//evil.test", "#unsafe-link"), ("http://", "#unsafe-link")])
def test_only_http_links_become_hrefs(link, shown):
    from app.web import http_url

    assert http_url(link) == shown

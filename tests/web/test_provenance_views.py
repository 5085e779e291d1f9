"""Pages show what the extractor added to a claim, marked, with the words it stands for."""

from app.nlp.types import CandidateClaim
from tests.factories import add_document
from tests.web.helpers import login_as

TEXT = "Avon Products Inc said it identified Giorgio as a buyer. It <b>rose</b> 5 pct."


def _claims() -> list[CandidateClaim]:
    it = TEXT.index(" it ") + 1
    end = TEXT.index(".")
    second = end + 2
    return [
        CandidateClaim(
            text="[Avon Products Inc] identified Giorgio as a buyer", sentence=TEXT[: end + 1],
            start=0, end=end + 1, span_start=it + 3, span_end=end, span_text=TEXT[it + 3:end],
            spans=[[it + 3, end]], insertions=[{"text": "Avon Products Inc", "at": 0,
                                                "replaces": "it", "start": it, "end": it + 2}]),
        CandidateClaim(
            text="It <b>rose</b> 5 pct", sentence=TEXT[second:], start=second, end=len(TEXT),
            span_start=second, span_end=len(TEXT) - 1, span_text=TEXT[second:-1],
            spans=[[second, len(TEXT) - 1]], needs_context=True),
    ]


def test_an_insert_is_marked_with_the_words_it_replaces(client, session, make_user):
    make_user("ana")
    _, claims = add_document(session, text=TEXT, claims=_claims())
    login_as(client, "ana")
    for url in (f"/claims/{claims[0].id}", "/claims"):
        html = client.get(url).get_data(as_text=True)
        assert ('<mark class="added" title="Added by the extractor in place of “it”">'
                "[Avon Products Inc]</mark> identified Giorgio") in html, url


def test_a_claim_that_kept_its_pronoun_says_it_needs_context(client, session, make_user):
    make_user("ana")
    _, claims = add_document(session, text=TEXT, claims=_claims())
    login_as(client, "ana")
    html = client.get(f"/claims/{claims[1].id}").get_data(as_text=True)
    assert "needs context" in html
    assert "It &lt;b&gt;rose&lt;/b&gt; 5 pct" in html and "<b>rose</b>" not in html


def test_brackets_typed_into_a_wording_are_not_marked(client, session, make_user):
    make_user("ana")
    typed = _claims()[0]
    typed.insertions.clear()
    _, claims = add_document(session, text=TEXT, claims=[typed])
    login_as(client, "ana")
    html = client.get(f"/claims/{claims[0].id}").get_data(as_text=True)
    assert "[Avon Products Inc] identified" in html and 'class="added"' not in html


def test_a_malformed_insert_record_costs_its_mark_not_the_page(client, session, make_user):
    make_user("ana")
    _, claims = add_document(session, text=TEXT, claims=_claims())
    claims[0].insertions = [{"text": "<i>Avon</i>"}, "junk", {"at": "x", "text": 1},
                            {"at": 0, "text": "Avon Products Inc", "replaces": ["it"]}]
    session.add(claims[0])
    session.commit()
    login_as(client, "ana")
    response = client.get(f"/claims/{claims[0].id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'title="Added by the extractor">[Avon Products Inc]</mark>' in html
    assert "<i>Avon</i>" not in html

"""Quotations that run over several sentences keep track of their speaker."""

from app.nlp.quotes import QuoteTracker, still_open
from app.nlp.types import CandidateClaim


def claim(text, attribution=None):
    return CandidateClaim(text, text, 0, len(text), 0, len(text), text, attribution)


def test_curly_quotes_open_and_close():
    assert still_open("“We will win.", inside=False)
    assert not still_open("We will win,” she said.", inside=True)
    assert not still_open("“We will win,” she said.", inside=False)


def test_straight_quotes_toggle():
    assert still_open('"We will win.', inside=False)
    assert not still_open('We will win," she said.', inside=True)


def test_unattributed_quote_is_backfilled_when_the_speaker_comes():
    tracker, claims = QuoteTracker(), [claim("Prices rose")]
    tracker.attribute("“Prices rose.", None, claims, 0)
    claims.append(claim("Wages fell", "the union"))
    tracker.attribute("Wages fell,” the union said.", "the union", claims, 1)
    assert [c.attribution for c in claims] == ["the union", "the union"]


def test_the_quotations_i_is_its_speaker():
    """ '"I would suggest that they listen. …," Lyng said': "I" is Lyng, the quotation's
    speaker, named after it."""
    tracker, claims = QuoteTracker(), [claim("I would suggest that they listen", "I")]
    tracker.attribute("“I would suggest that they listen.", "I", claims, 0)
    claims.append(claim("Talks will go on", "Lyng"))
    tracker.attribute("Talks will go on,” Lyng said.", "Lyng", claims, 1)
    assert [c.attribution for c in claims] == ["Lyng", "Lyng"]


def test_a_following_quote_continues_the_last_speaker():
    tracker, claims = QuoteTracker(), [claim("Talks failed", "Karimi")]
    tracker.attribute("“Talks failed,” Karimi said.", "Karimi", claims, 0)
    claims.append(claim("We will keep trying"))
    tracker.attribute("“We will keep trying.”", None, claims, 1)
    assert claims[1].attribution == "Karimi"


def test_an_unquoted_sentence_ends_the_speaker():
    tracker, claims = QuoteTracker(), [claim("Talks failed", "Karimi")]
    tracker.attribute("“Talks failed,” Karimi said.", "Karimi", claims, 0)
    claims.append(claim("Talks resumed on Monday"))
    tracker.attribute("Talks resumed on Monday.", None, claims, 1)
    assert claims[1].attribution is None and tracker.speaker is None


def test_a_quotation_left_open_ends_with_its_paragraph():
    """A quote the wire forgot to close ("…shipment, Man added.") makes the next paragraph's
    sentences no quotation, so a later "X suggests" cannot claim them."""
    tracker, claims = QuoteTracker(), [claim("Russia will buy more", "Man")]
    tracker.attribute('"And Russia will buy more, Man added.', "Man", claims, 0)
    tracker.new_paragraph()
    claims.append(claim("The upturn is being countered"))
    tracker.attribute("The upturn is being countered.", None, claims, 1)
    claims.append(claim("its crop is large", "Market activity"))
    tracker.attribute("Market activity suggests its crop is large.", "Market activity", claims, 2)
    assert claims[1].attribution is None


def test_a_quotation_continued_in_the_next_paragraph_keeps_going():
    tracker, claims = QuoteTracker(), [claim("Prices rose")]
    tracker.attribute('"Prices rose.', None, claims, 0)
    tracker.new_paragraph()
    claims.append(claim("Wages fell"))
    tracker.attribute('"Wages fell.', None, claims, 1)
    claims.append(claim("Rents rose", "the union"))
    tracker.attribute('Rents rose," the union said.', "the union", claims, 2)
    assert [c.attribution for c in claims] == ["the union"] * 3


def test_a_later_unquoted_frame_is_not_the_quotations_speaker():
    """ '“Rates will fall.” | Growth slowed, dealers said.': the quotation's own frame was
    missed; the dealers of the next sentence did not say it, so it keeps no speaker and
    needs context."""
    tracker, claims = QuoteTracker(), [claim("Rates will fall")]
    tracker.attribute("“Rates will fall.”", None, claims, 0)
    claims.append(claim("Growth slowed", "dealers"))
    tracker.attribute("Growth slowed, dealers said.", "dealers", claims, 1)
    assert claims[0].attribution is None and claims[0].needs_context
    assert claims[1].attribution == "dealers" and not claims[1].needs_context

"""Attribution names who the text says asserted a claim; quotes carry their speaker on."""

import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc

from app.nlp import SourceText
from app.nlp.attribution import find_frame

pytestmark = pytest.mark.model


def claims_of(extractor, text):
    return extractor.extract(SourceText(text, dt.date(2024, 9, 16)))


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Two people were injured in the explosion, fire officials said.", "fire officials"),
        (  # a name right after its description is part of the source
            "Grain exports fell 5 pct last year, the state news agency Norpress said.",
            "the state news agency Norpress",
        ),
        (
            "The finance ministry said that inflation had slowed to 4.1 percent.",
            "the finance ministry",
        ),
        (
            "According to the World Health Organization, 2,300 cases have been reported.",
            "the World Health Organization",
        ),
        ("“The ceasefire failed,” said Nadia Karimi, the UN envoy.", "Nadia Karimi"),
        ("Opponents argue the measure could cost taxpayers $900 million a year.", "opponents"),
        ("The bank closed 30 branches, a spokeswoman confirmed on Tuesday.", "a spokeswoman"),
        ("Officials told reporters the bridge would reopen in May.", "officials"),
    ],
)
def test_reporting_frames_name_their_source(extractor, sentence, source):
    (claim,) = claims_of(extractor, sentence)
    assert claim.attribution == source


def test_the_addressee_of_told_stays_out_of_a_report_that_starts_with_a_name(extractor):
    """ "told reporters Hyundai Motor expects": the parser reads "reporters Hyundai Motor" as
    one name; the reporters are who was told, not who expects."""
    (claim,) = claims_of(extractor, "Officials told reporters Daewoo Motor plans to build a plant.")
    assert claim.text == "Daewoo Motor plans to build a plant"
    assert claim.attribution == "officials"


def test_unattributed_statement_has_no_attribution(extractor):
    (claim,) = claims_of(extractor, "The lake covers 68 square kilometres.")
    assert claim.attribution is None


def test_pronoun_source_is_resolved_to_the_person_named_before(extractor):
    text = (
        "Transport Secretary Mark Ellis said the tunnel would reopen in November. "
        "He added that it would carry 25,000 vehicles a day."
    )
    claims = claims_of(extractor, text)
    second = next(c for c in claims if "25,000" in c.text)
    assert "Mark Ellis" in second.attribution
    assert second.text.lower().startswith("[the tunnel] would carry")


def test_a_following_quote_keeps_the_previous_speaker(extractor):
    text = "“The ceasefire failed,” said Nadia Karimi. “We will keep trying to reach a deal.”"
    claims = claims_of(extractor, text)
    assert claims[-1].attribution == "Nadia Karimi"


def test_a_following_unquoted_sentence_does_not_inherit_the_speaker(extractor):
    text = "“The ceasefire failed,” said Nadia Karimi. The talks resumed in Geneva on Monday."
    claims = claims_of(extractor, text)
    assert claims[-1].attribution is None


def test_expletive_passive_frame_has_no_source(extractor):
    (claim,) = claims_of(
        extractor, "It was announced on Friday that the factory will close in July."
    )
    assert claim.attribution is None and claim.text.lower().startswith("the factory will close")


def test_relative_clause_inside_the_source_is_told_in_the_writers_voice(extractor):
    claims = claims_of(
        extractor, "The company, which employs 4,000 people, said it would cut 300 jobs."
    )
    employs = next(c for c in claims if "4,000" in c.text)
    assert employs.attribution is None
    assert next(c for c in claims if "300 jobs" in c.text).attribution == "the company"


def test_quote_opening_before_its_frame_gets_the_speaker_afterwards(extractor):
    text = "“Prices rose 4 percent last year. Wages fell 2 percent,” the union said."
    claims = claims_of(extractor, text)
    assert [c.attribution for c in claims] == ["the union", "the union"]


def test_parenthetical_frame_inside_the_sentence_is_an_attribution(extractor):
    (claim,) = claims_of(
        extractor, "The plan, the minister said, will cost $2 billion over five years."
    )
    assert claim.attribution == "the minister"
    assert claim.text == "The plan will cost $2 billion over five years"


@pytest.mark.parametrize(
    "text",
    [
        "The minister was quoted as saying that the economy would grow by 3 percent.",
        "“The economy will grow by 3 percent,” the minister was quoted as saying.",
    ],
)
def test_quoted_as_saying_is_a_reporting_frame(extractor, text):
    (claim,) = claims_of(extractor, text)
    assert claim.attribution == "the minister"
    assert claim.text.lower().startswith("the economy")


def test_a_quoted_question_gives_no_claim(extractor):
    assert claims_of(extractor, "“Why should taxpayers pay for a stadium?” he asked.") == []


def test_a_relative_clause_on_a_contesting_source_is_the_writers_claim(extractor):
    claims = claims_of(
        extractor, "The governor, who was elected in 2021, denied that funds were misused."
    )
    elected = next(c for c in claims if "elected" in c.text)
    assert elected.attribution is None
    assert next(c for c in claims if "denied" in c.text).attribution == "the governor"


@pytest.mark.parametrize(("text", "source"), [
    ("British and Commonwealth Shipping said it held talks with a carrier.",
     "British and Commonwealth Shipping"),
    ("Japan and Toyota Motor Corp said they agreed to cut prices.",
     "Japan and Toyota Motor Corp"),
])
def test_a_source_is_named_whole(extractor, text, source):
    """The recogniser's "Commonwealth Shipping" leaves out the words before its "and"; a
    coordinated source is both of them."""
    [claim] = claims_of(extractor, text)
    assert claim.attribution == source


def test_a_source_keeps_its_hyphen_and_drops_where_it_is(extractor):
    [claim] = claims_of(extractor, "Peter Wilmot-Sitwell, joint chairman of Warburg Securities, "
                                   "told Reuters the firm lost about 4.7 mln stg.")
    assert claim.attribution == "Peter Wilmot-Sitwell"
    [claim] = claims_of(extractor, "De Croo, here for talks with officials, said taxes will "
                                   "rise.")
    assert claim.attribution == "De Croo"


@pytest.mark.parametrize(("text", "source"), [
    ("American Telephone and Telegraph Co said it is proposing a new approach.",
     "American Telephone and Telegraph Co"),
    ("Acme Inc and Beta Corp said they will merge.", "Acme Inc and Beta Corp"),
])
def test_a_company_split_at_its_and_is_one_source_two_companies_are_both(extractor, text,
                                                                          source):
    [claim] = claims_of(extractor, text)
    assert claim.attribution == source


def test_a_passive_reporting_verb_is_no_speaker(extractor):
    """ "… but one man was admitted to hospital": nobody speaks, so nothing is attributed to
    the man, and no claim comes twice (once from the frame, once from the split)."""
    claims = claims_of(extractor, "No deaths were reported but one man was admitted to hospital "
                                  "after his car was buried in a mud slip.")
    assert all(c.attribution is None for c in claims), [(c.text, c.attribution) for c in claims]
    texts = [c.text for c in claims]
    assert len(texts) == len(set(texts)), texts
    assert "[the man's] car was buried in a mud slip" in texts, texts


def test_when_it_was_said_is_no_part_of_the_claim(extractor):
    """ "X said last night S": last night is when X spoke, not when S holds."""
    text = "Okafor said last night Nigeria wants a rescheduling program spread over four years."
    [claim] = claims_of(extractor, text)
    assert claim.text.startswith("Nigeria wants") and claim.attribution == "Okafor"


def test_a_relative_clause_on_a_source_is_no_part_of_its_name(extractor):
    text = "Exports fell 3 pct in March, according to figures from the ministry, which " \
           "publishes them monthly."
    [claim] = extractor.extract(SourceText(text, dt.date(2025, 3, 3)))
    assert claim.attribution == "figures from the ministry"


def test_commented_is_a_reporting_verb(extractor):
    text = ('"A major loophole in the trade rules has been closed today," a senior official '
            "commented.")
    [claim] = extractor.extract(SourceText(text, dt.date(2025, 3, 3)))
    assert claim.text == "A major loophole in the trade rules has been closed today"
    assert claim.attribution == "a senior official"


def test_a_name_the_tagger_read_as_a_plural_keeps_its_capital(extractor):
    text = '"We may still probe to see what the parameters are," Byers said.'
    [claim] = extractor.extract(SourceText(text, dt.date(2025, 3, 3)))
    assert claim.attribution == "Byers"


def test_if_after_said_is_a_condition_not_a_question(extractor):
    text = ("Pine Ridge Gold said if the necessary operating permits were granted in time, it "
            "would start gold production in the second half of 1988.")
    [claim] = extractor.extract(SourceText(text, dt.date(2025, 3, 3)))
    assert claim.text.startswith("if the necessary operating permits were granted in time")
    assert claim.attribution == "Pine Ridge Gold"


def test_it_is_left_open_after_a_name_the_parser_split_into_two_subjects(extractor):
    text = 'He said: "If the Banco do Brasil closes it shuts down the whole system.'
    found = [c.text for c in extractor.extract(SourceText(text, dt.date(2025, 3, 3)))]
    assert not any("[Banco]" in t for t in found), found


def test_a_trailing_frame_reports_every_clause_before_it(extractor):
    claims = claims_of(extractor, '"Rates in Canada are at a record low, but the province, which '
                                  'will remain a heavy borrower this year, is likely to look '
                                  'abroad for funds," he said.')
    assert {c.text: c.attribution for c in claims} == {
        "Rates in Canada are at a record low": "he",
        "the province is likely to look abroad for funds": "he",
        "the province will remain a heavy borrower this year": "he",
    }


def test_a_clause_joined_before_the_speaker_is_not_what_the_speaker_said(extractor):
    claims = claims_of(extractor, "Chile, Peru, Bolivia and others rejected such steps and "
                                  "Peruvian finance minister Luis Alva merely said, \"Ecuador is "
                                  "having problems we are sure will be temporary.\"")
    assert not any(c.text.startswith("Chile") and c.attribution for c in claims)
    assert any(c.text.startswith("Ecuador is having problems") for c in claims)


def test_a_name_the_recogniser_broke_at_of_keeps_its_organisation(extractor):
    [claim] = claims_of(extractor, '"They have reached the right decision," said Mills of the '
                                   'Federation of Industries.')
    assert claim.attribution == "Mills of the Federation of Industries"


def test_a_last_clause_with_content_of_its_own_reports_nothing_before_it(extractor):
    claims = claims_of(extractor, "Analysts would not venture to say whether a new offer could be "
                                  "made, but some traders still held to the belief that the "
                                  "bidding could go higher.")
    first = next(c for c in claims if c.text.startswith("Analysts would not venture"))
    assert first.attribution is None


def test_a_speaker_named_inside_a_report_keeps_what_they_said(extractor):
    claims = claims_of(extractor, "The analysts said speculation the government is considering a "
                                  "tax cut was sparked by finance spokesman Paul Marot, who said "
                                  "yesterday that ministers were generally agreed on the need to "
                                  "revive the economy.")
    agreed = next(c for c in claims if c.text.startswith("ministers were generally agreed"))
    assert agreed.attribution == "finance spokesman Paul Marot"
    assert "The analysts said speculation" not in [c.text for c in claims]


def test_who_was_told_is_no_speaker(extractor):
    """ "…, a government inquiry was told": the inquiry listened; who spoke is the "by"
    phrase's, when there is one, else no one named."""
    told = claims_of(
        extractor,
        "The Zeebrugge ferry disaster was almost certainly caused by the ship sailing with its "
        "bow doors open, a British government inquiry was told.",
    )
    assert [c.attribution for c in told] == [None], told
    by = claims_of(
        extractor, "The ship sailed with its doors open, the inquiry was told by the captain."
    )
    assert [c.attribution for c in by] == ["the captain"], by


def test_according_to_inside_a_clause_is_not_the_sentences_source(extractor):
    """ "… the United States where weak oil prices have prompted a fall in rigs … according
    to the rig count": the count tells of the rigs, not of the writer's comparison."""
    found = claims_of(
        extractor,
        "The optimism in China is in sharp contrast to the United States where weak oil "
        "prices have prompted a steep fall in the number of active rigs last week according "
        "to the latest Baker Hughes Co rig count.",
    )
    first = next(c for c in found if c.text.startswith("The optimism in China"))
    assert first.attribution is None, found
    set_off = claims_of(extractor, "Sales rose 5 pct last year, according to the company.")
    assert [c.attribution for c in set_off] == ["the company"], set_off


def test_a_report_from_a_place_is_the_source_not_the_place(extractor):
    """ "A report from London that traders question …": London is where it came from."""
    found = claims_of(
        extractor,
        "A report from London that traders question the supportive potential of "
        "newly-negotiated buffer stock rules was also depressing to prices, analysts said.",
    )
    rumour = next(c for c in found if c.text.startswith("traders question"))
    assert rumour.attribution == "a report from London", found


def test_a_frame_that_asks_for_its_content_keeps_it_in_the_claim(extractor):
    """ "I would suggest that they listen …": a wish, not a report that they listen; and the
    "I" of a quotation is its speaker, named after it."""
    found = claims_of(extractor, "Farm secretary Lyng said the talks had stalled. “We have made "
                                 "our offer. I would suggest that they listen to what we are "
                                 "trying to say,” Lyng told reporters.")
    assert not any(c.text.startswith("they listen") for c in found), [c.text for c in found]
    suggestion = next(c for c in found if "listen" in c.text)
    assert suggestion.text.startswith("I would suggest") and suggestion.attribution == "Lyng"


def test_a_frame_after_its_quote_is_found_on_a_hand_built_parse():
    words = ["Prices", "rose", ",", "the", "office", "said", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 1, 4, 5, 1, 1],
              deps=["nsubj", "ROOT", "punct", "det", "nsubj", "parataxis", "punct"],
              tags=["NNS", "VBD", ",", "DT", "NN", "VBD", "."],
              pos=["NOUN", "VERB", "PUNCT", "DET", "NOUN", "VERB", "PUNCT"])
    frame = find_frame(doc[:])
    assert frame is not None and frame.verb.text == "said"
    assert [t.text for t in frame.source] == ["the", "office"]
    assert [t.text for t in frame.content] == ["rose"]


@pytest.mark.parametrize(
    "text",
    [
        '"Demand is soft," said Maria Lopez of Harlan Brothers and Co. "Prices may fall."',
        '"Demand is soft," said Tom Reed of Castleton Securities Inc. "Prices may fall."',
    ],
)
def test_a_name_ending_in_the_full_stop_stays_whole_in_the_source(extractor, text):
    """The parser reads the final "Co." or "Inc." as the sentence's full stop."""
    sources = {claim.attribution for claim in claims_of(extractor, text)}
    assert len(sources) == 1 and sources.pop().endswith((" and Co.", " Securities Inc."))


def test_according_to_a_formula_or_schedule_is_how_not_who_says(extractor):
    found = claims_of(
        extractor,
        "The coupon will be reset each quarter according to the formula of 12 pct minus "
        "three-month LIBOR.",
    )
    assert [c.attribution for c in found] == [None], found
    assert found[0].text.endswith("according to the formula of 12 pct minus three-month LIBOR")


def test_a_reporting_verb_after_and_speaks_for_the_subject_written_before_it(extractor):
    """ "X had been questioned about the affair and senators had warned S", read with the
    senators as one more thing X was questioned about: S is the senators' warning."""
    found = claims_of(
        extractor,
        "Marlow had been questioned about the affair and senators had warned his nomination "
        "was in trouble.",
    )
    warned = next(c for c in found if "nomination was in trouble" in c.text)
    assert warned.attribution == "senators", found

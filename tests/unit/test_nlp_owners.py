"""Whose figures a claim gives: the story's one company, only where nobody else is meant."""

import datetime as dt

import pytest

from app.nlp import SourceText

pytestmark = pytest.mark.model
LEAD = "Acme Corp reported a loss of 5 mln dlrs on Monday. "


def second(extractor, sentence):
    found = extractor.extract(SourceText(LEAD + sentence, dt.date(1987, 3, 3)))
    return [c.text for c in found][1:]


def test_an_ownerless_figure_gets_the_one_company(extractor):
    assert second(extractor, "Sales in 1987 are estimated at 5 bln yen.") == [
        "[Acme Corp's] sales in 1987 are estimated at 5 bln yen"]


@pytest.mark.parametrize("sentence", [
    "Toyota said earnings rose 5 pct.",
    "The price of crude oil fell 3 pct.",
    "Sony said its profits rose and sales fell 3 pct.",
    "Analysts said profits in the industry would fall.",
    "The dividend paid by rivals rose 2 pct.",
    "Princeville shares rose 5 pct.",
])
def test_a_figure_of_someone_else_gets_no_owner(extractor, sentence):
    assert not any("[Acme Corp's]" in t for t in second(extractor, sentence))


def test_a_company_named_long_before_is_no_owner(extractor):
    text = LEAD + "Rain fell. Snow fell. Ice formed. Sales rose 5 pct in May."
    found = [c.text for c in extractor.extract(SourceText(text, dt.date(1987, 3, 3)))]
    assert "Sales rose 5 pct in May" in found


@pytest.mark.parametrize("sentence", [
    "It is false that the company cut 500 jobs.",
    "It is vital that the government cuts taxes this year.",
])
def test_a_frame_that_does_not_assert_its_clause_stays(extractor, sentence):
    (claim,) = extractor.extract(SourceText(sentence))
    assert claim.text.startswith("It is")


def test_figures_reported_by_a_statistics_bureau_are_not_the_bureaus(extractor):
    found = extractor.extract(SourceText(
        "Copper stocks fell to 185,400 tons in January, according to the American Bureau of "
        "Metal Statistics. Mills consumed 29,600 tons in January.", dt.date(1987, 3, 3)))
    assert not any("Bureau" in c.text for c in found), [c.text for c in found]


def test_a_company_named_only_inside_a_subsidiarys_subject_owns_no_figure(extractor):
    found = extractor.extract(SourceText(
        "<Harbour Oil Ltd>, the U.K. refining arm of Northern Petroleum Co Plc <NP.L>, raised "
        "its pretax operating profit to 182 mln stg in calendar 1986. Sales and operating "
        "revenue fell to 3.1 billion stg from 4.2 billion.",
        dt.date(1987, 3, 3)))
    assert not any("[Northern Petroleum Co Plc's]" in c.text for c in found), [
        c.text for c in found]

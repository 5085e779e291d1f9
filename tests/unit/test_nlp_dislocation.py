"""A subject set apart and taken up by a pronoun ("The banks …, they face …") becomes the
claim's subject in brackets, only when the pronoun surely means it."""

import datetime as dt

import pytest

from app.nlp import SourceText

pytestmark = pytest.mark.model


def claims(extractor, text):
    return extractor.extract(SourceText(text, dt.date(2025, 6, 2)))


def texts(extractor, text):
    return [c.text for c in claims(extractor, text)]


def test_the_pronoun_gives_way_to_the_subject_it_took_up(extractor):
    got = texts(extractor, "The banks that lent to Brazil, they face big losses.")
    assert "[The banks] face big losses" in got
    assert "The banks lent to Brazil" in got  # the relative clause is a claim of its own
    assert not any("banks they" in t for t in got)


def test_a_set_apart_subject_with_an_aside_still_reads_as_one_clause(extractor):
    got = texts(extractor, "The plant, which employs 300 people, it will close in May.")
    assert "[The plant] will close in May" in got


def test_what_the_insert_replaces_is_the_pronoun(extractor):
    [claim] = claims(extractor, "The money, it was never paid back.")
    assert claim.text == "[The money] was never paid back"
    assert [i["replaces"] for i in claim.insertions] == ["it"]


def test_a_speaker_taken_up_by_a_pronoun_is_the_source(extractor):
    [claim] = claims(extractor, "The president, he said the tax would rise.")
    assert claim.attribution.lower() == "the president"


@pytest.mark.parametrize("text", [
    "Donald, she has a name.",  # a person addressed
    "The problem with the plan, it does not balance the budget.",  # "it" is the plan
    "Every four years, they raise the fees.",  # a time, not a subject
    "The earthquake and the floods, it has devastated the region.",  # a list for "it"
])
def test_no_subject_is_put_in_where_the_pronoun_may_mean_something_else(extractor, text):
    assert not any(t.startswith("[") for t in texts(extractor, text))

"""Time expressions are normalised against the publication date, as the issue lists them."""

import datetime as dt

import pytest

from app.nlp.dates import find_dates

MON_22_JAN_2024 = dt.date(2024, 1, 22)


def values(text, published=MON_22_JAN_2024, tense=None):
    return [d.value for d in find_dates(text, published, tense)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("by January 26, 2024", "2024-01-26"),
        ("on 29 January 2024", "2024-01-29"),
        ("on Jan. 5, 2023", "2023-01-05"),
        ("on the 3rd of March 2021", "2021-03-03"),
        ("released 2024-02-10", "2024-02-10"),
        ("in September 2023", "2023-09"),
        ("licensed in 2018", "2018"),
        ("during the 1990s", "1990/1999"),
        ("the 2024-25 season", "2024/2025"),
        ("in the first quarter of 2023", "2023-01-01/2023-03-31"),
    ],
)
def test_absolute_dates(text, value):
    assert values(text) == [value]


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("said on Friday", "past", "2024-01-19"),
        ("will meet on Friday", "future", "2024-01-26"),
        ("said on Monday", "past", "2024-01-22"),
        ("last Monday", None, "2024-01-15"),
        ("next Monday", None, "2024-01-29"),
        ("yesterday", None, "2024-01-21"),
        ("tomorrow", None, "2024-01-23"),
        ("today", None, "2024-01-22"),
    ],
)
def test_days_relative_to_publication(text, tense, value):
    assert values(text, tense=tense) == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("next week", "2024-01-29/2024-02-04"),
        ("last week", "2024-01-15/2024-01-21"),
        ("this week", "2024-01-22/2024-01-28"),
        ("next month", "2024-02"),
        ("last month", "2023-12"),
        ("last year", "2023"),
        ("next year", "2025"),
        ("earlier this month", "2024-01-01/2024-01-22"),
        ("later this year", "2024-01-22/2024-12-31"),
        ("two weeks ago", "2024-01-08"),
        ("three days ago", "2024-01-19"),
        ("six months ago", "2023-07"),
        ("a year ago", "2023"),
    ],
)
def test_relative_periods(text, value):
    assert values(text) == [value]


def test_month_without_year_looks_back_in_past_tense():
    assert values("inflation slowed in September", dt.date(2024, 10, 14), "past") == ["2024-09"]
    assert values("sales fell in November", dt.date(2024, 3, 1), "past") == ["2023-11"]


def test_month_without_year_looks_ahead_in_future_tense():
    assert values("will reopen in November", dt.date(2024, 9, 16), "future") == ["2024-11"]
    assert values("will reopen in February", dt.date(2024, 9, 16), "future") == ["2025-02"]


def test_since_a_month_is_always_in_the_past():
    assert values("cases reported since October", dt.date(2025, 8, 4), "future") == ["2024-10"]


def test_in_n_weeks_is_resolved_only_for_future_statements():
    assert values("will open in two weeks", tense="future") == ["2024-02-05"]
    assert values("the highest in two weeks", tense="past") == []


def test_end_of_the_year_is_december_and_a_deadline_after_by():
    (mention,) = find_dates("will be sold by the end of the year", dt.date(2025, 10, 20))
    assert (mention.value, mention.deadline) == ("2025-12", True)


@pytest.mark.parametrize("prefix", ["by", "no later than", "due by"])
def test_deadlines_are_marked(prefix):
    (mention,) = find_dates(f"must open {prefix} December 1, 2024", MON_22_JAN_2024)
    assert mention.deadline


def test_plain_dates_are_not_deadlines():
    (mention,) = find_dates("opened on December 1, 2024", MON_22_JAN_2024)
    assert not mention.deadline


def test_mention_text_and_offsets_point_at_the_expression():
    text = "Shares fell 3 percent in March after the report."
    (mention,) = find_dates(text, MON_22_JAN_2024, "past")
    assert text[mention.start : mention.end] == mention.text == "March"


def test_modal_may_is_not_a_month():
    assert values("prices may rise") == []
    assert values("elections in May", tense="future") == ["2024-05"]


@pytest.mark.parametrize(
    "text",
    ["$2024 million", "2,300 cases", "1,450-kilometre river", "up 15 percent", "4.1 percent"],
)
def test_numbers_that_are_not_years_are_ignored(text):
    assert values(text) == []


def test_relative_dates_need_a_publication_date():
    assert values("next week and on Friday", published=None) == []
    assert values("on January 26, 2024", published=None) == ["2024-01-26"]


def test_several_dates_come_out_in_reading_order():
    found = values("shut in June and reopened on Friday", dt.date(2025, 10, 20), "past")
    assert found == ["2025-06", "2025-10-17"]


def test_to_dict_has_text_value_and_deadline():
    (mention,) = find_dates("by March 31, 2025", MON_22_JAN_2024)
    assert mention.to_dict() == {"text": "March 31, 2025", "value": "2025-03-31", "deadline": True}


def test_weekend_is_the_saturday_and_sunday_before_publication():
    assert values("over the weekend", dt.date(2024, 5, 6), "past") == ["2024-05-04/2024-05-05"]
    assert values("next weekend", dt.date(2024, 5, 6)) == ["2024-05-11/2024-05-12"]


def test_end_of_a_named_month_is_its_last_days_and_a_deadline():
    (mention,) = find_dates("rule by the end of June", dt.date(2024, 5, 6), "future")
    assert (mention.value, mention.deadline) == ("2024-06-21/2024-06-30", True)


def test_seasons_are_three_month_intervals():
    assert values("by the summer", dt.date(2024, 5, 6), "future") == ["2024-06-01/2024-08-31"]
    assert values("last winter", dt.date(2024, 5, 6)) == ["2023-12-01/2024-02-29"]


def test_the_verb_fall_is_not_a_season():
    assert values("prices fall", tense="past") == []


def test_bare_month_after_as_is_found():
    assert values("as early as June", dt.date(2024, 5, 6), "future") == ["2024-06"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("at the beginning of next year", "2025-01"),
        ("in the middle of the month", "2024-01-11/2024-01-20"),
        ("by the end of 2025", "2025-12"),
        ("by year-end", "2024-12"),
        ("at the start of the week", "2024-01-22/2024-01-23"),
        ("two decades ago", "2004"),
    ],
)
def test_parts_of_periods_and_decades(text, value):
    assert values(text) == [value]


def test_parts_of_the_day():
    assert values("last night") == ["2024-01-21"]
    assert values("this morning") == ["2024-01-22"]

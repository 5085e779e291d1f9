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


# --- a date without a year: the claim's direction, else the nearest ---------------------------


def test_a_planned_day_in_a_past_tense_claim_is_the_coming_one():
    assert values("The hearing was set for June 3", dt.date(2023, 5, 10), "past") == ["2023-06-03"]


def test_a_day_in_a_future_claim_is_the_next_one_even_across_new_year():
    assert values("The bridge will open on January 15", dt.date(2023, 11, 20), "future") == [
        "2024-01-15"
    ]


def test_a_day_in_a_past_claim_is_the_last_one():
    assert values("The plant closed on November 30", dt.date(2024, 2, 5), "past") == ["2023-11-30"]


def test_a_day_without_tense_is_the_one_nearest_publication():
    assert values("Deliveries on December 20", dt.date(2024, 1, 15)) == ["2023-12-20"]
    assert values("Payment date March 1", dt.date(2024, 1, 15)) == ["2024-03-01"]


def test_a_deadline_in_a_past_claim_can_lie_ahead():
    assert values("It asked for a reply by July 9", dt.date(2024, 7, 2), "past") == ["2024-07-09"]


def test_a_past_claim_about_an_event_weeks_ahead_is_not_put_a_year_back():
    found = values("The minister promised cuts in an April 20 budget", dt.date(2024, 2, 12), "past")
    assert found == ["2024-04-20"]


# --- quarters, halves and months of a year ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("results for the third quarter 1991", "1991-07-01/1991-09-30"),
        ("compared with 1990's second quarter", "1990-04-01/1990-06-30"),
        ("in the first quarter of 1993", "1993-01-01/1993-03-31"),
        ("in the second half of 1992", "1992-07-01/1992-12-31"),
        ("in the first nine months of 1990", "1990-01-01/1990-09-30"),
        ("in the fourth-quarter of fiscal 1989", "1989-10-01/1989-12-31"),
    ],
)
def test_an_explicit_year_wins(text, value):
    assert values(text, dt.date(1995, 3, 1), "past") == [value]


def test_a_quarter_not_over_in_a_past_claim_is_last_years():
    assert values("fourth quarter profit fell", dt.date(1995, 2, 14), "past") == [
        "1994-10-01/1994-12-31"
    ]
    assert values("first quarter profit rose", dt.date(1995, 4, 20), "past") == [
        "1995-01-01/1995-03-31"
    ]


def test_a_quarter_in_a_future_claim_is_publications():
    assert values("fourth quarter profit will rise", dt.date(1995, 2, 14), "future") == [
        "1995-10-01/1995-12-31"
    ]


def test_the_first_six_months_are_the_claims_year():
    assert values("It rose 9 pct in the first six months", dt.date(1993, 9, 14), "past") == [
        "1993-01-01/1993-06-30"
    ]
    found = values("In 1991 sales rose in the first six months", dt.date(1993, 9, 14), "past")
    assert found == ["1991", "1991-01-01/1991-06-30"]


def test_the_current_and_the_previous_quarter():
    text = "Earnings will improve in the current quarter compared with the previous quarter"
    assert values(text, dt.date(1995, 8, 10), "future") == [
        "1995-07-01/1995-09-30",
        "1995-04-01/1995-06-30",
    ]


def test_a_whole_year_is_the_last_one_in_a_past_claim_unless_it_looks_ahead():
    assert values("For the year, the group earned 9 mln", dt.date(1995, 2, 20), "past") == ["1994"]
    text = "They were likely to grow as fast for the year as a whole"
    assert values(text, dt.date(1995, 10, 2), "past") == ["1995"]


# --- periods stepped back from the claim's own period ---------------------------------------


def test_a_year_earlier_steps_back_from_the_claims_month():
    text = "Exports rose to 40 mln in May, up from 31 mln a year earlier"
    assert values(text, dt.date(1992, 6, 20), "past") == ["1992-05", "1991-05"]


def test_the_year_before_steps_back_from_an_explicit_year():
    text = "In 1990 revenue was 2 billion, up from 1.7 billion the year before"
    assert values(text, dt.date(1992, 6, 20), "past") == ["1990", "1989"]


def test_a_year_ago_steps_back_from_a_quarter():
    text = "Second quarter orders should be up from a year ago"
    assert values(text, dt.date(1994, 6, 10), "past") == [
        "1994-04-01/1994-06-30",
        "1993-04-01/1993-06-30",
    ]


def test_the_same_period_last_year_and_the_year_ago_quarter():
    text = "First quarter output was 3 mln tonnes against 2.5 mln in the same period last year"
    assert values(text, dt.date(1995, 4, 12), "past") == [
        "1995-01-01/1995-03-31",
        "1994-01-01/1994-03-31",
    ]
    text = "Third quarter profit beat the year-ago quarter"
    assert values(text, dt.date(1995, 10, 25), "past")[1] == "1994-07-01/1994-09-30"


def test_last_years_figure_beside_a_quarter_is_that_quarter_a_year_back():
    text = "Fourth quarter earnings will exceed last year's 12 cts a share"
    assert values(text, dt.date(1993, 11, 2), "future") == [
        "1993-10-01/1993-12-31",
        "1992-10-01/1992-12-31",
    ]
    assert values("Last year's output was a record", dt.date(1993, 11, 2), "past") == ["1992"]


def test_a_year_earlier_takes_its_period_from_the_sentence_when_the_claim_has_none():
    sentence = "In March sales were up 4 pct from a year earlier, the agency said."
    found = find_dates(
        "sales were up 4 pct from a year earlier", dt.date(1995, 4, 11), "past", sentence=sentence
    )
    assert [d.value for d in found] == ["1994-03"]


def test_a_later_single_day_is_no_period_to_step_from():
    text = "Sales rose 3 pct from a year earlier, it said on Monday"
    assert values(text, dt.date(1995, 4, 12), "past") == ["1994", "1995-04-10"]


# --- fiscal and split years ---------------------------------------------------------------------


def test_a_split_year_starts_in_the_month_stated_for_it():
    text = "Exports in fiscal 1991/92 starting July 1 will exceed those of 1990/91"
    assert values(text, dt.date(1991, 6, 3), "future") == [
        "1991-07-01/1992-06-30",
        "1990-07-01/1991-06-30",
    ]


def test_a_split_year_takes_its_start_from_the_text_before():
    preceding = "The board set quotas for the crop year starting October 1. "
    found = find_dates(
        "Farmers sold 3 mln tonnes in 1993/94", dt.date(1994, 2, 1), "past", preceding=preceding
    )
    assert [d.value for d in found] == ["1993-10-01/1994-09-30"]


def test_a_split_year_without_a_stated_start_is_the_two_calendar_years():
    assert values("the 1990/91 budget deficit", dt.date(1991, 2, 1)) == ["1990/1991"]


def test_a_year_named_by_its_last_day_and_the_year_before_it():
    text = "Profit in the year ending June 30, 1993 is forecast to be flat from a year earlier"
    assert values(text, dt.date(1992, 9, 1), "future") == [
        "1992-07-01/1993-06-30",
        "1991-07-01/1992-06-30",
    ]


def test_a_fiscal_year_ended_is_the_last_one():
    text = "earnings for the fiscal year ended September 30"
    assert values(text, dt.date(1994, 11, 15), "future") == ["1993-10-01/1994-09-30"]


def test_a_quarter_ended_on_a_day_is_the_three_months_before_it():
    text = "a loss for the second quarter ended November 30"
    assert values(text, dt.date(1994, 1, 10), "past") == ["1993-09-01/1993-11-30"]


def test_the_prior_fiscal_year_steps_back_from_the_one_stated_before():
    preceding = "The company expects a profit for the fiscal year ended March 31. "
    found = find_dates(
        "In the prior fiscal year it lost 2 mln dlrs",
        dt.date(1995, 5, 2),
        "past",
        sentence="In the prior fiscal year it lost 2 mln dlrs.",
        preceding=preceding,
    )
    assert [d.value for d in found] == ["1993-04-01/1994-03-31"]


def test_other_quarters_follow_a_stated_fiscal_quarter():
    preceding = "It earned 3 mln dlrs in the first quarter ended October 31. "
    found = find_dates(
        "Second quarter results should be similar", dt.date(1995, 1, 5), preceding=preceding
    )
    assert [d.value for d in found] == ["1994-11-01/1995-01-31"]


def test_the_year_to_the_end_of_a_month():
    assert values("rose 6 pct in the year to end-March", dt.date(1995, 4, 20), "past") == [
        "1994-04-01/1995-03-31"
    ]


# --- weeks, days and spans ---------------------------------------------------------------------


def test_the_week_ended_a_day_and_the_week_before_it():
    text = "Rates eased in the week ended March 8 from the previous week"
    assert values(text, dt.date(1995, 3, 10), "past") == [
        "1995-03-02/1995-03-08",
        "1995-02-23/1995-03-01",
    ]


def test_the_week_starting_from_a_day():
    assert values("rates for the week starting from June 5", dt.date(1995, 6, 1)) == [
        "1995-06-05/1995-06-11"
    ]


def test_between_two_days_and_between_two_months():
    assert values("sold between March 20 and April 2", dt.date(1995, 4, 10), "past") == [
        "1995-03-20/1995-04-02"
    ]
    assert values("shut between December 28 and January 4", dt.date(1995, 1, 10), "past") == [
        "1994-12-28/1995-01-04"
    ]
    assert values("talks between September and October this year", dt.date(1995, 2, 1)) == [
        "1995-09-01/1995-10-31"
    ]


def test_a_weekday_in_a_past_claim_is_the_last_one():
    assert values("The strike began Wednesday", dt.date(1995, 5, 12), "past") == ["1995-05-10"]


def test_from_a_weekday_in_a_reported_progressive_is_the_coming_one():
    text = "it was halting shipments from Monday"
    assert values(text, dt.date(1995, 5, 10), "past") == ["1995-05-15"]


def test_the_end_of_the_year_in_a_past_claim_is_last_years():
    text = "The merger was completed by the end of the year"
    assert values(text, dt.date(1995, 2, 1), "past") == ["1994-12"]


def test_the_end_of_a_named_month_written_with_a_hyphen():
    assert values("stocks at end-June", dt.date(1995, 7, 3), "past") == ["1995-06-21/1995-06-30"]


def test_through_and_until_a_year_name_that_year():
    assert values("growth through 1999", dt.date(1995, 7, 3)) == ["1999"]
    assert values("quotas until 2001", dt.date(1995, 7, 3)) == ["2001"]


def test_this_year_next_year_and_the_current_quarter():
    pub = dt.date(1995, 7, 3)
    assert values("this year", pub) == ["1995"]
    assert values("next year", pub) == ["1996"]
    assert values("this quarter", pub) == ["1995-07-01/1995-09-30"]
    assert values("last quarter", pub) == ["1995-04-01/1995-06-30"]


def test_context_is_keyword_only_and_mentions_come_from_the_text_alone():
    found = find_dates("prices rose", dt.date(1995, 7, 3), "past", sentence="In 1994 prices rose.")
    assert found == []


def test_a_weekday_for_a_meeting_still_to_come_is_the_coming_one():
    text = "officials prepared for a Thursday meeting"
    assert values(text, dt.date(1995, 5, 9), "past") == ["1995-05-11"]


def test_a_future_claim_about_a_day_just_past_keeps_this_year():
    text = "workers will return May 22 to the plant shut May 8"
    assert values(text, dt.date(1995, 5, 18), "future") == ["1995-05-22", "1995-05-08"]


def test_a_period_is_not_stepped_back_from_another_step():
    text = "rose in the week ended May 3 from the previous week and the year-ago week"
    assert values(text, dt.date(1995, 5, 5), "past") == [
        "1995-04-27/1995-05-03",
        "1995-04-20/1995-04-26",
        "1994-04-27/1994-05-03",
    ]


def test_the_same_month_of_a_named_year():
    text = "It built 900 cars in April, down from 1,100 in the same 1994 month"
    assert values(text, dt.date(1995, 5, 3), "past") == ["1995-04", "1994-04"]


def test_an_earnings_table_period_named_by_its_last_day():
    assert values("3rd qtr Feb 28 end  Shr 12 cts", dt.date(1995, 3, 20)) == [
        "1994-12-01/1995-02-28"
    ]


def test_days_of_one_month_and_a_week_of_a_month():
    assert values("sales for the May 1-10 period", dt.date(1995, 5, 15), "past") == [
        "1995-05-01/1995-05-10"
    ]
    assert values("in the second week of May", dt.date(1995, 5, 20), "past") == [
        "1995-05-08/1995-05-14"
    ]


def test_the_end_of_a_year_written_with_a_hyphen():
    assert values("assets at end-1994, up from end-1993", dt.date(1995, 3, 1)) == [
        "1994-12",
        "1993-12",
    ]


def test_the_year_in_a_monthly_report_is_the_year_so_far():
    text = "For the month, sales rose 4 pct, and for the year they rose 6 pct"
    assert values(text, dt.date(1995, 5, 3), "past") == ["1995"]
    assert values("year-to-date sales", dt.date(1995, 5, 3)) == ["1995-01-01/1995-05-03"]


def test_a_half_of_the_current_fiscal_year():
    text = "in the first half of the current fiscal year which began on April 1"
    assert values(text, dt.date(1995, 6, 7), "past")[0] == "1995-04-01/1995-09-30"


def test_the_last_quarter_of_a_named_year():
    assert values("in the last quarter of 1994", dt.date(1995, 6, 7)) == ["1994-10-01/1994-12-31"]


def test_last_and_the_month_of_publication_is_a_year_back():
    assert values("Last March, it suspended dividends", dt.date(1995, 3, 20), "past") == ["1994-03"]


def test_a_future_claim_about_a_month_just_past_keeps_this_year():
    text = "the bond will be the first since an issue in February"
    assert values(text, dt.date(1995, 4, 3), "future") == ["1995-02"]


@pytest.mark.parametrize("text", ["hard red winter wheat", "its clutch spring unit"])
def test_a_season_word_naming_a_thing_is_no_date(text):
    assert values(text, dt.date(1995, 4, 3)) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("output in the January-March quarter", "1995-01-01/1995-03-31"),
        ("imports in the October/December period", "1994-10-01/1994-12-31"),
        ("profit in the December quarter", "1994-10-01/1994-12-31"),
        ("compared with last year's first quarter", "1994-01-01/1994-03-31"),
        ("the week ended Apr 7", "1995-04-01/1995-04-07"),
    ],
)
def test_quarters_and_periods_named_by_months(text, value):
    assert values(text, dt.date(1995, 4, 20), "past") == [value]


def test_a_crop_year_with_its_months_in_brackets():
    assert values("the 1994/95 season (August/July)", dt.date(1995, 4, 20)) == [
        "1994-08-01/1995-07-31"
    ]


def test_the_current_fiscal_year_when_its_start_is_stated():
    text = "during the current fiscal year which began April 1"
    assert values(text, dt.date(1995, 6, 1), "future")[0] == "1995-04-01/1996-03-31"


def test_a_year_earlier_steps_from_the_claims_first_period_not_a_comparison():
    text = "January imports fell to 228 billion from 240 billion in December and 281 a year earlier"
    assert values(text, dt.date(1995, 3, 25), "past") == ["1995-01", "1994-12", "1994-01"]


def test_a_later_period_in_another_clause_is_no_anchor():
    text = "sales rose from a year earlier and year-to-date sales were flat"
    assert values(text, dt.date(1995, 3, 25), "past")[0] == "1994"


def test_a_quarter_in_progress_in_a_past_claim_is_this_years():
    text = "economists saw first quarter growth of one pct"
    assert values(text, dt.date(1995, 3, 6), "past") == ["1995-01-01/1995-03-31"]


def test_a_split_year_ending_in_a_month():
    text = "It produced 27 mln tonnes in 1994/95 ending March, up from 26 mln the previous year"
    assert values(text, dt.date(1995, 6, 1), "past") == [
        "1994-04-01/1995-03-31",
        "1993-04-01/1994-03-31",
    ]


def test_weeks_ended_a_day():
    assert values("sales in the 52 weeks ended March 4", dt.date(1995, 3, 9), "past") == [
        "1994-03-06/1995-03-04"
    ]


def test_a_month_before_a_noun_is_a_date_but_the_modal_may_is_not():
    assert values("its February load factor fell", dt.date(1995, 3, 25), "past") == ["1995-02"]
    assert values("May be higher", dt.date(1995, 3, 25)) == []


def test_due_to_is_a_cause_not_a_plan():
    text = "improved fourth quarter results were due to lower costs"
    assert values(text, dt.date(1995, 3, 3), "past") == ["1994-10-01/1994-12-31"]


def test_a_weekday_after_for_or_until_is_the_coming_one():
    assert values("talks were rescheduled for Monday", dt.date(1995, 3, 9), "past") == [
        "1995-03-13"
    ]


def test_a_weekday_in_the_possessive_is_a_day_that_has_been():
    assert values("it rose from Friday's close", dt.date(1995, 3, 8), "past") == ["1995-03-03"]
    text = "officials will discuss Monday's market collapse"
    assert values(text, dt.date(1995, 3, 7), "future") == ["1995-03-06"]


def test_the_fall_of_a_price_is_no_season():
    assert values("caused the fall in the share price", dt.date(1995, 3, 8), "past") == []
    assert values("sales are expected to begin in the fall", dt.date(1995, 6, 8), "past") == [
        "1995-09-01/1995-11-30"
    ]


def test_a_number_with_thousands_is_not_an_ago_count():
    assert values("versus 125,000 week ago", dt.date(1995, 3, 8)) == []


def test_from_a_weekday_in_a_plain_past_claim_is_the_last_one():
    assert values("trading was suspended from Monday", dt.date(1995, 3, 8), "past") == [
        "1995-03-06"
    ]


def test_this_and_next_before_a_month():
    pub = dt.date(1995, 3, 10)
    assert values("the year, which ends this September 30", pub, "past") == ["1995-09-30"]
    assert values("talks resume next March", pub, "future") == ["1996-03"]
    assert values("a vote this June", pub, "past") == ["1995-06"]


def test_a_half_year_to_a_day_is_six_months_and_a_year_earlier_follows_it():
    found = values("Profit was 9.2 mln in the half-year to June 30, 1986, against 7.1 mln a "
                   "year earlier.", published=dt.date(1987, 3, 18), tense="past")
    assert found == ["1986-01-01/1986-06-30", "1985-01-01/1985-06-30"]


def test_a_delivery_window_in_a_past_claim_is_still_ahead():
    """ "awarded contracts … for delivery between May 10 and October 10" (March): the goods
    come this year, whatever the tense of "awarded"; a plain past range stays behind."""
    ahead = values("Buyers awarded contracts for delivery between May 10 and October 10.",
                   published=dt.date(1987, 3, 18), tense="past")
    assert ahead == ["1987-05-10/1987-10-10"]
    behind = values("Prices rose between May 10 and October 10.", published=dt.date(1987, 3, 18),
                    tense="past")
    assert behind == ["1986-05-10/1986-10-10"]

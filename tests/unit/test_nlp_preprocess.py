"""Boilerplate, datelines and headlines are left out before parsing; offsets stay exact."""

import pytest

from app.nlp.preprocess import content_blocks, dateline_length, is_boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "By Staff Reporter",
        "By Our Correspondent",
        "By Jane Doe and John Roe",
        "Copyright © 2021 Independent Pakistan | All rights reserved",
        "All rights reserved.",
        "© 2024 Example Media Ltd",
        "This material may not be published, broadcast, rewritten or redistributed.",
        "Follow us on Twitter and Facebook",
        "Click here to read more stories like this.",
        "Share this article on social media.",
        "Sign up for our daily newsletter.",
        "Image: AFP/Getty",
        "Photo: Reuters",
        "(Photo credit: John Smith)",
        "Reporting by Jane Doe; Editing by John Roe",
        "Read more: the full report",
        "- Corrects to show the affiliate buying the stake.",
        "(Corrects spelling of company name in paragraph three)",
    ],
)
def test_boilerplate_lines_are_recognised(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "The state legislature passed a $3.5 billion transport bill on Thursday.",
        "By 2030 the city plans to double its bus fleet.",
        "The court ruled on a copyright dispute between two publishers.",
        "Officials said the photo was taken in March.",
        "Follow-up talks are planned for next week.",
        "Reuters reported that the deal had collapsed after two days of talks.",
        "The agency corrects its figures every quarter.",
    ],
)
def test_news_sentences_are_not_boilerplate(line):
    assert not is_boilerplate(line)


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("ISLAMABAD: Iran's foreign minister will visit.", "ISLAMABAD: "),
        ("KARACHI: The provincial government cut tariffs.", "KARACHI: "),
        ("LONDON (Reuters) - Shares fell.", "LONDON (Reuters) - "),
        ("NEW YORK, March 3 (Reuters) - Oil rose.", "NEW YORK, March 3 (Reuters) - "),
        ("WASHINGTON — The Senate voted.", "WASHINGTON — "),
    ],
)
def test_datelines_are_measured(text, dateline):
    assert dateline_length(text) == len(dateline)


@pytest.mark.parametrize(
    "text",
    ["Note: prices exclude tax.", "The bank said: rates will rise.", "US-China talks resume"],
)
def test_ordinary_openings_are_not_datelines(text):
    assert dateline_length(text) == 0


def test_blocks_keep_exact_offsets_and_skip_byline_and_footer():
    text = "By Our Correspondent\n\nThe legislature passed a bill.\n\nShare this article online."
    blocks = content_blocks(text)
    assert [text[s:e] for s, e in blocks] == ["The legislature passed a bill."]


def test_repeated_headline_is_kept_once():
    headline = "Iran's top diplomat to visit Pakistan"
    text = f"{headline}\n\n{headline}\n\nBy Staff Reporter\n\nISLAMABAD: The minister will visit."
    blocks = [text[s:e] for s, e in content_blocks(text)]
    assert blocks == [headline, "The minister will visit."]


def test_headline_equal_to_title_is_dropped():
    text = "Rail union to strike\n\nThe union announced a strike."
    blocks = [text[s:e] for s, e in content_blocks(text, title="Rail Union to Strike")]
    assert blocks == ["The union announced a strike."]


def test_text_that_is_only_its_title_keeps_it():
    title = "Rail union to strike on Monday over pay."
    text = f"{title}\n\nFollow us on Twitter"
    assert [text[s:e] for s, e in content_blocks(text, title=title)] == [title]


def test_boilerplate_line_inside_a_paragraph_is_cut_out():
    text = "Image: AFP/Getty\nPrices rose by 4 percent in May."
    assert [text[s:e] for s, e in content_blocks(text)] == ["Prices rose by 4 percent in May."]


def test_empty_and_whitespace_texts_have_no_blocks():
    assert content_blocks("") == []
    assert content_blocks("  \n\n \t\n") == []


def test_wrapped_lines_of_one_paragraph_stay_one_block():
    text = "Standard Oil said it plans\nto form a venture.\n\nThe venture will be called BP."
    blocks = [text[s:e] for s, e in content_blocks(text)]
    assert blocks == [
        "Standard Oil said it plans\nto form a venture.",
        "The venture will be called BP.",
    ]


@pytest.mark.parametrize("line", [".", " . ", "...", "-", "By"])
def test_punctuation_only_lines_do_not_break_the_check(line):
    assert is_boilerplate(line) in (True, False)


@pytest.mark.parametrize("ending", [" REUTER", " REUTER^M", " REUTER...^M", " REUTER..."])
def test_a_wire_sign_off_run_onto_the_last_line_is_left_out(ending):
    text = 'Profit rose.\n\n"The amounts are peanuts."' + ending
    assert [text[a:b] for a, b in content_blocks(text)] == [
        "Profit rose.", '"The amounts are peanuts."']


def test_a_story_that_names_reuters_keeps_the_name():
    text = "REUTERS said sales rose.\n\nIt paid Reuter and REUTERS."
    assert [text[a:b] for a, b in content_blocks(text)] == [
        "REUTERS said sales rose.", "It paid Reuter and REUTERS."]

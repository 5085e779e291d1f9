"""Search in the claims table: full-text indexes on claims, sentences, titles and notes
(SQLite FTS5 / PostgreSQL GIN), ranked, composable, scoped to what the viewer may read."""

import dataclasses
import re
import unicodedata

import pytest
import sqlalchemy as sa

from app.db import make_engine
from app.matching.text import stem
from app.migrate import downgrade, upgrade
from app.services import review
from app.services.claims import ClaimQuery, list_claims
from app.services.search import MAX_LENGTH, Hit, Unsearchable, excerpt, hits_in, parse
from app.services.visibility import EVERYTHING, sight_for
from tests.factories import add_document, sentence_claims

HOSTILE = ['"', '""', "*", "oil*", "NEAR(oil prices)", "-oil", "oil -prices", "oil OR prices",
           "oil AND", "NOT", "a:b", "title:oil", "^oil", "(", ")", "'; DROP TABLE claim; --",
           "oil & prices | !x", "oil:*", "\\", "%", "_", "\x00oil", "😀 oil", "oil\u0301",
           "{oil}", "+oil", "oil~2", "<mark>oil</mark>", "against itself", "x" * MAX_LENGTH]


def _ids(session, sight=EVERYTHING, **kwargs):
    return [row.claim.id for row in list_claims(session, ClaimQuery(**kwargs), sight=sight).rows]


@pytest.fixture
def desk(session):
    """Three documents: oil in a claim, in a sentence only, in a title only."""
    _, prices = add_document(session, title="Markets", text=(
        "Oil prices rose 4 percent on Monday. Wheat fell."))
    text = "Exports fell in May. Analysts blamed crude oil, which the ministry did not mention."
    claims = sentence_claims(text)
    claims[1] = dataclasses.replace(claims[1], text="Analysts blamed crude")
    _, sentence_only = add_document(session, title="Trade", text=text, claims=claims)
    _, titled = add_document(session, title="Oil and gas weekly",
                             text="Drilling resumed in the north. Rigs were idle.")
    return prices, sentence_only, titled


def test_search_finds_claim_sentence_title_and_stems(session, desk):
    prices, sentence_only, titled = desk
    found = _ids(session, search="oil")
    assert set(found) == {prices[0].id, sentence_only[1].id, titled[0].id, titled[1].id}
    assert found[0] == prices[0].id  # the claim's own words rank above a title's
    assert _ids(session, search="price") == [prices[0].id]  # stems: price finds prices
    assert _ids(session, search="oil wheat") == []  # every word, in one field
    assert _ids(session, search="drilling oil") == []


def test_notes_are_searched_as_far_as_the_viewer_may_read_them(session, desk, make_user):
    prices, _, titled = desk
    ana, bo = make_user("ana"), make_user("bo")
    review.set_review(session=session, claim_id=prices[1].id, actor=ana, label="disputed",
                      note="Harvest figures contradict the wheat line")
    assert _ids(session, search="harvest") == [prices[1].id]
    blind = sight_for(bo, blind_review=True)
    assert _ids(session, sight=blind, search="harvest") == []  # someone else's note
    review.set_review(session=session, claim_id=prices[1].id, actor=bo, label="disputed")
    assert _ids(session, sight=blind, search="harvest") == [prices[1].id]  # now labelled
    [row] = list_claims(session, ClaimQuery(search="harvest"), sight=blind).rows
    assert row.notes == ["Harvest figures contradict the wheat line"]
    [row] = list_claims(session, ClaimQuery(search="rigs"), sight=blind).rows
    assert row.claim.id == titled[1].id and row.notes == []
    review.set_review(session=session, claim_id=prices[1].id, actor=ana, label="disputed",
                      note="Rainfall data say otherwise", expected_version=None)
    assert _ids(session, search="harvest") == []  # the index follows the edited note
    assert _ids(session, search="rainfall") == [prices[1].id]


def test_search_composes_with_filters_and_keyset_pages(session, make_user):
    ana = make_user("ana")
    text = ". ".join(f"Oil output rose {i} percent" + " oil" * (i % 3) for i in range(12)) + "."
    _, claims = add_document(session, text=text, title="Output")
    review.set_review(session=session, claim_id=claims[4].id, actor=ana, label="supported")
    assert _ids(session, search="oil", verdict="supported") == [claims[4].id]
    for sort in ("relevance", "score", "newest", "oldest"):
        seen, after = [], None
        while True:
            page = list_claims(session, ClaimQuery(search="oil output", sort=sort),
                               after=after, limit=5)
            seen += page.rows
            if page.next_cursor is None:
                break
            after = page.next_cursor
        assert sorted(row.claim.id for row in seen) == sorted(c.id for c in claims), sort
        if sort == "relevance":  # best first, across pages; ties by newest
            keys = [(-row.relevance, -row.claim.id) for row in seen]
            assert keys == sorted(keys) and len({row.relevance for row in seen}) > 1


def test_relevance_without_a_search_is_the_score_order(session, desk):
    assert ClaimQuery(sort="relevance").sort == "score"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_searches_answer_or_say_why(session, desk, text):
    try:
        list_claims(session, ClaimQuery(search=text))
    except Unsearchable as problem:
        assert "search" in problem.message


def test_nothing_to_search_for_and_too_long_are_named():
    with pytest.raises(Unsearchable, match="nothing to search for"):
        parse('" * ( -')
    with pytest.raises(Unsearchable, match="common words"):
        parse("the of and")
    with pytest.raises(Unsearchable, match="at most 200"):
        parse("x" * (MAX_LENGTH + 1))
    assert parse('NEAR("oil" prices)*').words == ("near", "oil", "prices")


def test_hits_and_excerpts_mark_whole_words_in_any_form():
    search = parse("price cafe")
    assert [(h.start, h.end) for h in hits_in("Prices at the Café, priced, pricey", search)] == [
        (0, 6), (14, 18), (20, 26)]
    window = excerpt("word " * 40 + "price " + "word " * 40, search, width=20)
    assert window.cut_before and window.cut_after
    [hit] = window.hits
    assert window.text[hit.start:hit.end] == "price"
    assert excerpt("nothing here", search) is None


def _hits_judged_afresh(text, search):
    """hits_in as it was: every word of the text folded and stemmed, none remembered."""
    found = []
    for match in re.finditer(r"[^\W_]+", text):
        decomposed = unicodedata.normalize("NFKD", match.group().lower())
        word = "".join(c for c in decomposed if not unicodedata.combining(c))
        if word.startswith(search.starts) and stem(word) in search.stems:
            found.append(Hit(match.start(), match.end()))
    return tuple(found)


@pytest.mark.parametrize("typed", ["price cafe", "fine", "dying happy", "x", "istanbul",
                                   "1½ cups", "straße", "οδός", "u s dlrs"])
def test_hits_are_found_alike_by_candidates_and_remembered_words(typed):
    """An ASCII text is scanned only for words beginning as a searched stem does, and each
    word's judgement is remembered by the search: the hits are those of judging every word
    afresh, in texts with and without ASCII, twice over (the second from memory)."""
    search = parse(typed)
    texts = ["Prices at the Café, priced, pricey", "PRICE-cafe_price x_y X", "nothing here",
             "ﬁne FINE fined refine", "Café\u0301 Cafe\u0301s", "", "DYING happiest dies",
             "İSTANBUL Istanbul", "1½ cups, 1 cup", "STRASSE straße", "ΟΔΟΣ.Χ οδός", "U.S. dlrs"]
    for text in texts * 2:
        assert hits_in(text, search) == _hits_judged_afresh(text, search), text
    assert hits_in("ﬁne", parse("fine")) == (Hit(0, 3),)  # no ASCII: its words all judged


def test_migration_adds_and_removes_the_title_and_note_indexes(empty_db_url):
    engine = make_engine(empty_db_url)
    try:
        upgrade(engine)
        assert _fulltext(engine) >= {"document", "review"}
        downgrade(engine, "0011")
        assert not _fulltext(engine) & {"document", "review"}
        assert "claim" in _fulltext(engine)  # 0010's index is left alone
        upgrade(engine)
        assert _fulltext(engine) >= {"document", "review"}
    finally:
        engine.dispose()


def _fulltext(engine) -> set[str]:
    """The tables with a full-text index: FTS5 tables or GIN indexes named ix_fts_*."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            names = conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name LIKE 'fts_%' AND sql LIKE '%fts5%'"))
            return {name[len("fts_"):] for (name,) in names}
        names = conn.execute(sa.text("SELECT indexname FROM pg_indexes "
                                     "WHERE indexname LIKE 'ix_fts_%'"))
        return {name[len("ix_fts_"):] for (name,) in names}


def test_a_search_ranks_only_the_newest_hits_and_says_there_were_more(session, monkeypatch):
    from app.services import search

    text = ". ".join(f"Oil output rose {i} percent" for i in range(6)) + "."
    _, claims = add_document(session, text=text, title="Output")
    monkeypatch.setattr(search, "MOST_FOUND", 4)
    page = list_claims(session, ClaimQuery(search="oil"))
    assert sorted(row.claim.id for row in page.rows) == sorted(c.id for c in claims[2:])
    assert page.more_found
    assert list_claims(session, ClaimQuery(search="oil", verdict="supported")).more_found
    narrow = list_claims(session, ClaimQuery(search="oil 3"))
    assert [row.claim.id for row in narrow.rows] == [claims[3].id] and not narrow.more_found


def _all_pages(session, query, sight=EVERYTHING, limit=2):
    """Every page of a query: its rows' (id, relevance) and each page's cursor."""
    pages, after = [], None
    while True:
        page = list_claims(session, query, after=after, limit=limit, sight=sight)
        pages.append(([(row.claim.id, row.relevance) for row in page.rows], page.next_cursor))
        if page.next_cursor is None:
            return pages
        after = page.next_cursor


def test_ranking_hits_to_a_page_inside_the_search_shows_the_same_pages(session, make_user,
                                                                        monkeypatch):
    from app.models import Claim
    from app.services import claims as claims_service

    ana, bo = make_user("ana"), make_user("bo")
    text = ". ".join(f"Oil output rose {i} percent" + " oil" * (i % 4) for i in range(16)) + "."
    _, claims = add_document(session, text=text, title="Oil output")
    add_document(session, title="Oil weekly", text="Rigs were idle. Drilling resumed.")
    for claim in claims[::3]:
        review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported",
                          note="oil figures checked")
    review.set_review(session=session, claim_id=claims[5].id, actor=bo, label="disputed")
    session.execute(sa.update(Claim).where(Claim.id.in_([claims[1].id, claims[2].id]))
                    .values(status="retired"))
    session.commit()
    blind = sight_for(bo, blind_review=True)
    cases = [(ClaimQuery(search="oil"), EVERYTHING), (ClaimQuery(search="oil"), blind),
             (ClaimQuery(search="oil", verdict="supported"), EVERYTHING),
             (ClaimQuery(search="oil", verdict="unreviewed"), EVERYTHING),
             (ClaimQuery(search="oil figures", reviewer="bo"), blind),
             (ClaimQuery(search="output", has_note=True), EVERYTHING)]
    monkeypatch.setattr(claims_service, "_best_hits_page", lambda *a, **k: None)
    every_hit = [_all_pages(session, query, sight) for query, sight in cases]  # all joined
    monkeypatch.undo()
    monkeypatch.setattr(claims_service, "RANKED_PAST_PAGE", 0)  # filters drop most pages
    assert [_all_pages(session, query, sight) for query, sight in cases] == every_hit
    assert [len(pages) for pages in every_hit] == [8, 8, 3, 5, 1, 3]


def test_newest_hits_read_through_windows_of_newest_claims_are_the_same(session, monkeypatch):
    """PostgreSQL reads a search's newest hits from windows of the newest claims' id buckets
    (migrations 0016, 0017) before every hit: whatever the windows, the same newest hits."""
    from app.services import claims as claims_service
    from app.services import search

    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite's FTS5 reads its rowids newest first: no windows")
    claims = []
    for bucket, count in ((0, 6), (3, 6), (6, 3)):  # ids in buckets 0, 3 and 6
        session.execute(sa.text("SELECT setval('claim_id_seq', :at)"),
                        {"at": bucket << search.BUCKET_BITS or 1})
        text = ". ".join(f"Oil output rose {bucket}{i} percent" for i in range(count))
        claims += add_document(session, text=text + ". Gas fell.", title="Output")[1]
    oil = sorted((c.id for c in claims if "Oil" in c.text), reverse=True)
    assert [c >> search.BUCKET_BITS for c in oil[:3]] == [6, 6, 6] and len(oil) == 15
    monkeypatch.setattr(search, "MOST_FOUND", 4)  # the newest 4: bucket 6's 3 and one of 3's
    queries = [ClaimQuery(search="oil"), ClaimQuery(search="oil", sort="newest"),
               ClaimQuery(search="oil output", sort="oldest")]
    every = [_all_pages(session, query) for query in queries]
    assert {claim_id for page, _ in every[1] for claim_id, _ in page} == set(oil[:4])
    # 0.01: both windows hold bucket 6 alone (3 hits, too few), then every hit is read;
    # 0.15: the first holds bucket 6 alone, the second, 2.5 times as far, buckets 3-6 (not
    # read under MAX_REACH 0.3); 0.5 and 0.99: the first holds enough; 1e-9: bucket 6 alone
    for most_reach in (search.MAX_REACH, 1.0):
        monkeypatch.setattr(search, "MAX_REACH", most_reach)
        for first in (1e-9, 0.01, 0.15, 0.5, 0.99):
            for windows in (1, 2):
                monkeypatch.setattr(claims_service, "newest_reach",
                                    lambda *a, r=search.Reach(first, windows): r)
                assert [_all_pages(session, query) for query in queries] == every, (
                    most_reach, first, windows)
                assert list_claims(session, queries[0]).more_found


def test_windows_are_sized_by_estimates_and_skipped_for_a_short_walk(session, monkeypatch):
    from app.services import search

    if session.get_bind().dialect.name != "postgresql":
        assert search.newest_reach(session, parse("oil")) == search.EVERY_HIT
        return
    assert search.newest_reach(session, parse("oil")) == search.EVERY_HIT  # few claims
    claims, whole, words = search._estimated(session, parse("oil prices"))
    assert claims >= 0 and whole >= 0 and len(words) == 2
    held = {"said": 500_000.0, "wheat": 10_000.0, "democrats": 5_000.0, "guilders": 1_500.0,
            "dropped": 1.0}

    def estimated(session, searched):  # a million claims, the words held independently
        words = [held[w] for w in searched.words]
        whole = 1e6
        for n in words:
            whole *= n / 1e6 if n > 1 else 1
        return 1e6, whole, words

    monkeypatch.setattr(search, "_estimated", estimated)
    assert search.newest_reach(session, parse("said")) == search.EVERY_HIT  # a short walk
    assert search.newest_reach(session, parse("wheat")) == search.Reach(
        pytest.approx(2 * 1001 / 10_000), 2, ("wheat",))
    assert search.newest_reach(session, parse("said wheat")) == search.Reach(
        pytest.approx(2 * 1001 / (5_000 * 10_000) ** 0.5), 2, ("said", "wheat"))
    assert search.newest_reach(session, parse("democrats")) == search.Reach(
        pytest.approx(2 * 1001 / 5_000), 2, ("democrats",))  # 40 % back
    assert search.newest_reach(session, parse("guilders")) == search.EVERY_HIT  # all of it
    assert search.newest_reach(session, parse("said guilders")) == search.EVERY_HIT
    assert search.newest_reach(session, parse("said dropped")) == search.EVERY_HIT
    # a word PostgreSQL drops ("between") is in no claim: asked of a window, it emptied it
    assert search.newest_reach(session, parse("wheat dropped")) == search.Reach(
        pytest.approx(2 * 1001 / 10_000), 2, ("wheat",))
    assert search.newest_reach(session, parse("dropped")) == search.EVERY_HIT



def test_a_searched_page_is_plain_rows_with_its_reviews_read_in_one_statement(session,
                                                                             make_user):
    """The page's claims are read as rows, not ORM objects the session tracks, and its
    reviewers, labels and notes in one statement (the ORM claims and two review reads cost a
    search at 1 M claims ~8 ms): the same names, labels and notes, and under blind review a
    note only on a claim the viewer labelled."""
    ana, bo = make_user("ana"), make_user("bo")
    _, claims = add_document(session, title="Output", text=(
        "Oil output rose 4 percent. Oil exports fell 2 percent. Oil stocks were flat."))
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="disputed",
                      note="Output figures are revised")
    review.set_review(session=session, claim_id=claims[0].id, actor=bo, label="supported")
    review.set_review(session=session, claim_id=claims[1].id, actor=ana, label="supported",
                      note="Exports match the customs data")
    session.expunge_all()
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement.lstrip())

    sa.event.listen(session.get_bind(), "before_cursor_execute", seen)
    try:
        page = list_claims(session, ClaimQuery(search="oil", sort="oldest"))
    finally:
        sa.event.remove(session.get_bind(), "before_cursor_execute", seen)
    assert [row.claim.id for row in page.rows] == [c.id for c in claims]
    assert [row.claim.text for row in page.rows] == [c.text for c in claims]
    assert len(session.identity_map) == 0  # nothing for the session to track
    assert [(row.reviewers, row.labels, row.notes) for row in page.rows] == [
        (["ana", "bo"], ["disputed", "supported"], ["Output figures are revised"]),
        (["ana"], ["supported"], ["Exports match the customs data"]), ([], [], [])]
    assert len([s for s in statements if s.startswith("SELECT review.")]) == 1
    blind = list_claims(session, ClaimQuery(search="oil", sort="oldest"),
                        sight=sight_for(bo, blind_review=True))
    assert [row.notes for row in blind.rows] == [["Output figures are revised"], [], []]


def test_a_search_is_planned_for_its_own_words(session):
    """psycopg prepares a statement run 5 times and PostgreSQL then tried a plan made once
    for any words (a window read at 1 M claims 12-15 ms, then 33-40 ms): a search's
    transaction asks for plans made for its own words."""
    from app.services import search

    search.newest_reach(session, parse("oil"))
    if session.get_bind().dialect.name == "postgresql":
        assert session.execute(sa.text("SHOW plan_cache_mode")).scalar_one() == (
            "force_custom_plan")

"""Search over claims through the database's full-text indexes, and where the hits are.

A claim is a hit when every searched word is in one of its fields: its text and sentence
(migration 0010's index), its document's title, or one reviewer's note that the viewer may
see (0012). Words are stemmed (Porter on SQLite, Snowball English on PostgreSQL) and common
words dropped on both, so both databases answer alike. What a user types never reaches the
index's query syntax: only runs of letters and digits do, each quoted. (One difference stays:
PostgreSQL's parser skips what looks like an HTML tag, `<script>`, where SQLite reads a word.)

A search reads at most MOST_FOUND hits of each index, the newest (found_more tells when there
were more): what it costs does not grow with the database, and a search for a word half the
claims hold asks the reader for one more word rather than ranking half a million claims.
PostgreSQL's GIN index returns its rows unordered, so keeping the newest meant fetching every
hit; it reads them from the newest claims' window instead (newest_reach), asking an index
of each claim's words paired with its id bucket for the words in the window's buckets alone
(migration 0017).

Hits are ranked where they were found first — the claim's own words (text or sentence), then
a note, then only the title — and within each by the index's own score (SQLite's bm25,
PostgreSQL's ts_rank, s ≥ 0 squashed to s / (1 + s)): relevance = tier + that, tiers 2, 1, 0.
Scores of different indexes do not compare, so tiers rather than weights keep a title that
merely names the word below every claim that says it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

import sqlalchemy as sa

from app.matching.text import STOP_WORDS, stem
from app.services.errors import InvalidInput
from app.services.visibility import Sight

MAX_LENGTH = 200  # characters a search may have
MAX_WORDS = 16  # an AND of this many words finds next to nothing already
# Claims a search ranks, per index, newest first: ranking every claim that holds a common
# word ("said": half of a news desk's claims) costs time in proportion to the database; past
# this many, the table says so and asks for another word.
MOST_FOUND = 1000
EXCERPT = 70  # characters kept either side of a hit in a sentence or note excerpt
# PostgreSQL: an index holds each claim's words paired with its id bucket, id >> BUCKET_BITS
# (16,384 ids; migration 0017's claim_word_buckets, spelt by a query as the index does)
BUCKET_BITS = 14
# A search's newest hits are read from the newest claims first: a window sized to hold
# REACH_MARGIN times MOST_FOUND + 1 hits by the planner's estimate; if it held fewer, one
# sized by the hits it did hold to REFILL_MARGIN times as many (at most REACH_STEP times
# wider); then every hit. A window too narrow fetched fewer than MOST_FOUND + 1 rows.
REACH_MARGIN = 2.0
REFILL_MARGIN = 1.5
REACH_STEP = 8
REACHES = 2
# A window reaching further back than this share of the ids is not read: fetching every hit
# then costs no more (1 M claims, each word with its own buckets, migration 0017: windows of
# 31-45 % 10-15 ms against 14-19 ms for every hit; at 0.3, which 0016's buckets needed, words
# that 3,000-6,000 claims hold were read whole)
MAX_REACH = 0.6
# A search the planner expects this share of the claims to answer is read without a window:
# it walks the primary key back past about MOST_FOUND / WALKED_SHARE claims, which costs less
# (1 M claims: "said", "dlrs", "years" 10-18 ms without a window, 19-34 ms with one, load 6)
WALKED_SHARE = 0.05
_WORD = re.compile(r"[^\W_]+")


class Unsearchable(InvalidInput):
    """A search with nothing in it to look for (only punctuation, only common words) or too
    long to be one: the table says so instead of answering."""


@dataclass(frozen=True)
class Hit:
    """Where a searched word sits in a text: [start, end)."""

    start: int
    end: int


@dataclass(frozen=True)
class Excerpt:
    """A window of a longer text around its first hit, the hits shifted into it."""

    text: str
    hits: tuple[Hit, ...]
    cut_before: bool
    cut_after: bool


@dataclass(frozen=True)
class Search:
    """A parsed search: the words to find, lower case, in the order typed, without repeats
    (diacritics kept: SQLite's index folds them, PostgreSQL's does not)."""

    words: tuple[str, ...]

    @cached_property
    def stems(self) -> frozenset[str]:
        return frozenset(stem(_folded(word)) for word in self.words)

    @cached_property
    def starts(self) -> tuple[str, ...]:
        """How a word whose stem is searched must begin: its stem, bar the last letters a
        stem may change ("happy" → "happi", "dying" → "die"); stemming is slow, this not."""
        return tuple(s[: max(1, len(s) - 2)] for s in self.stems)

    @cached_property
    def _judged(self) -> dict[str, bool]:
        return {}

    def finds(self, word: str) -> bool:
        """Whether `word`, as written, is a form of a searched word. Remembered per search: a
        page of rows repeats its words, and folding and stemming each one again cost a
        search's page at 1 M claims most of its rendering time."""
        found = self._judged.get(word)
        if found is None:
            folded = _folded(word)
            found = folded.startswith(self.starts) and stem(folded) in self.stems
            self._judged[word] = found
        return found

    @cached_property
    def candidates(self) -> re.Pattern[str]:
        """The words of an ASCII text that begin as a searched stem does, in any case: the
        only ones `finds` can accept there (an ASCII word folds to itself in lower case)."""
        starts = "|".join(re.escape(start) for start in self.starts)
        return re.compile(rf"(?<![^\W_])(?:{starts})[^\W_]*", re.IGNORECASE)

    def fts5_query(self) -> str:
        """SQLite FTS5: every word, each a quoted string (no operator can be smuggled in)."""
        return " ".join(f'"{word}"' for word in self.words)

    def tsquery(self) -> str:
        """PostgreSQL to_tsquery: every word (letters and digits only, so no operator)."""
        return " & ".join(self.words)


@dataclass(frozen=True)
class Reach:
    """Where PostgreSQL reads a search's newest hits from (newest_reach): `windows` windows
    of the newest claims in turn, the first `first` of the ids back, before every hit; a
    window asks for `words` (all the search's if none named), not for a word PostgreSQL
    drops as common ("between", "each"), which no claim holds and would empty every window."""

    first: float = 1.0
    windows: int = 0
    words: tuple[str, ...] = ()


EVERY_HIT = Reach()


def parse(text: str) -> Search:
    """The words of what a user typed, or Unsearchable saying why there is nothing to find."""
    if len(text) > MAX_LENGTH:
        raise Unsearchable(f"a search is at most {MAX_LENGTH} characters: shorten it")
    found = [w.lower() for w in _WORD.findall(text)]
    words = list(dict.fromkeys(w for w in found if w not in STOP_WORDS))[:MAX_WORDS]
    if not words:
        raise Unsearchable(f"nothing to search for in “{text.strip()[:60]}”: search for words "
                           "or numbers (very common words such as “the” are left out)")
    return Search(tuple(words))


def hits_subquery(dialect: str, search: Search, sight: Sight, reach: Reach = EVERY_HIT):
    """SQL (claim_id, relevance, more) of the claims the search finds, once each, best
    highest: of each index, its newest MOST_FOUND hits (MOST_FOUND // 10 documents by title);
    `more` (the same on every row) tells whether the claims' own index held more than that.
    `reach` (PostgreSQL): the windows of newest claims to read them from first.

    A note counts only where the viewer may read it: everyone's outside blind review,
    otherwise only on the claims the viewer labelled.
    """
    sql, query = ((_SQLITE_HITS, search.fts5_query()) if dialect == "sqlite"
                  else (_POSTGRES_HITS.format(fetched=_fetched(search, reach)),
                        search.tsquery()))
    statement = sa.text(sql).bindparams(q=query, blind=sight.blind, viewer=sight.viewer_id or 0,
                                        most=MOST_FOUND, documents=MOST_FOUND // 10,
                                        **_reach_params(dialect, reach, search))
    return statement.columns(claim_id=sa.Integer, relevance=sa.Float,
                             more=sa.Boolean).subquery("hits")


def claim_hits_subquery(dialect: str, search: Search, reach: Reach = EVERY_HIT):
    """hits_subquery's rows from the claims' own index alone: the same relevance, and all
    the best hits whenever this gives as many rows as are needed (every other hit ranks
    below every claim whose own words hold the search)."""
    sql, query = ((_SQLITE_CLAIM_HITS, search.fts5_query()) if dialect == "sqlite"
                  else (_POSTGRES_CLAIM_HITS.format(fetched=_fetched(search, reach)),
                        search.tsquery()))
    statement = sa.text(sql).bindparams(q=query, most=MOST_FOUND,
                                        **_reach_params(dialect, reach, search))
    return statement.columns(claim_id=sa.Integer, relevance=sa.Float,
                             more=sa.Boolean).subquery("hits")


def newest_reach(session, search: Search) -> Reach:
    """Where PostgreSQL reads a search's newest MOST_FOUND + 1 claim hits from before it
    reads every hit: windows of the newest claims. EVERY_HIT (no window) on SQLite, whose
    FTS5 reads its rowids newest first; for a search that few claims answer; and for one
    the planner expects WALKED_SHARE of the claims to answer, whose newest it finds by
    walking the primary key back a short way (faster than any window).

    The first window is sized by the planner's estimates: of the search's claims, and, for
    several words, of its rarest word's (no more claims can answer than hold it: "last year"
    is in 27,010 of a million claims, the planner expects 6,978); the next by the hits the
    first held. A window too narrow fetched fewer rows than asked, so a wrong guess costs
    little; without one, a word that 1-5 % of a million claims hold had every hit fetched
    to keep the newest (a heap page each: 50-180 ms).
    """
    if session.get_bind().dialect.name != "postgresql":
        return EVERY_HIT
    # Planned for this search's words, never once for all: psycopg prepares a statement run
    # 5 times, and PostgreSQL then tried a generic plan for the same text, blind to the words
    # (a window read at 1 M claims 12-15 ms, then 33-40 ms from the tenth search on)
    session.execute(sa.text("SET LOCAL plan_cache_mode = force_custom_plan"))
    claims, whole, words = _estimated(session, search)
    if whole >= WALKED_SHARE * claims:
        return EVERY_HIT
    rarest = min((n for n in words if n > 1), default=0)  # 1: a word the parser drops
    # words that come together answer as many as the rarer holds, words that do not as few
    # as the planner's estimate (independent words): halfway between, in ratio
    held = (whole * rarest) ** 0.5 if len(words) > 1 else whole
    first = REACH_MARGIN * (MOST_FOUND + 1) / max(held, 1)
    if first > MAX_REACH:
        return EVERY_HIT
    return Reach(first, REACHES, tuple(w for w, n in zip(search.words, words, strict=True)
                                       if n > 1 or len(words) == 1))


def _estimated(session, search: Search) -> tuple[float, float, list[float]]:
    """The planner's estimates (ANALYZE's word frequencies): how many claims there are, how
    many answer the search, and how many hold each of its words; one EXPLAIN for all."""
    asked = {"q": search.tsquery(), **{f"w{n}": w for n, w in enumerate(search.words)}}
    if len(search.words) == 1:
        del asked["w0"]
    held = "SELECT 1 FROM claim WHERE claim.fts_vector @@ to_tsquery('english', :{})"
    sql = " UNION ALL ".join(["SELECT 1 FROM claim", *(held.format(name) for name in asked)])
    plan = session.execute(sa.text(f"EXPLAIN (FORMAT JSON) {sql}"), asked).scalar_one()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    claims, whole, *words = (float(part["Plan Rows"]) for part in plan[0]["Plan"]["Plans"])
    return claims, whole, words or [whole]


def _fetched(search: Search, reach: Reach) -> str:
    return _postgres_fetched(reach.windows, len(reach.words or search.words) if reach.windows
                             else 0)


def _reach_params(dialect: str, reach: Reach, search: Search) -> dict[str, float | str]:
    if not reach.windows or dialect == "sqlite":
        return {}
    words = reach.words or search.words
    return {"reach0": reach.first, **{f"w{n}": word for n, word in enumerate(words)}}


def found_more(session, search: Search) -> bool:
    """Whether the claims' own index holds more than MOST_FOUND hits, some left unranked
    (hits_subquery's `more`, for when it gave no row to read it from)."""
    dialect = session.get_bind().dialect.name
    sql, query = ((_SQLITE_MORE, search.fts5_query()) if dialect == "sqlite"
                  else (_POSTGRES_MORE, search.tsquery()))
    return session.execute(sa.text(sql), {"q": query, "most": MOST_FOUND}).scalar_one() > 0


_NOTE_SEEN = ("(:blind = 0 OR EXISTS (SELECT 1 FROM review AS own WHERE own.claim_id = "
              "review.claim_id AND own.reviewer_id = :viewer))")

# Each index is read newest first and only so far: FTS5 walks its rowids downwards and stops,
# so only those rows are scored; the claims it finds are then grouped and ranked. The claims'
# index is read one row further, to tell whether there were more (a second read of the index
# cost a mid-frequency word's search at 1 M claims on PostgreSQL 12-28 ms).
_SQLITE_FETCHED = """
WITH fetched AS MATERIALIZED (
  SELECT rowid AS claim_id, -bm25(fts_claim) AS rank FROM fts_claim
  WHERE fts_claim MATCH :q ORDER BY rowid DESC LIMIT :most + 1)
"""
_SQLITE_CLAIM_HITS = f"""{_SQLITE_FETCHED}
SELECT claim_id, 2 + rank / (1 + rank) AS relevance,
  (SELECT count(*) > :most FROM fetched) AS more
FROM (SELECT claim_id, rank FROM fetched ORDER BY claim_id DESC LIMIT :most)
"""  # noqa: S608 - fixed text; the search is a bound parameter
_SQLITE_HITS = f"""{_SQLITE_FETCHED}
SELECT claim_id, max(tier + rank / (1 + rank)) AS relevance,
  (SELECT count(*) > :most FROM fetched) AS more FROM (
  SELECT * FROM (SELECT claim_id, 2 AS tier, rank FROM fetched ORDER BY claim_id DESC LIMIT :most)
  UNION ALL
  SELECT claim.id, 0, titled.rank
  FROM (SELECT rowid AS document_id, -bm25(fts_document) AS rank FROM fts_document
        WHERE fts_document MATCH :q ORDER BY rowid DESC LIMIT :documents) AS titled
  JOIN claim ON claim.document_id = titled.document_id
  UNION ALL
  SELECT review.claim_id, 1, noted.rank
  FROM (SELECT rowid AS review_id, -bm25(fts_review) AS rank FROM fts_review
        WHERE fts_review MATCH :q ORDER BY rowid DESC LIMIT :most) AS noted
  JOIN review ON review.id = noted.review_id
  WHERE {_NOTE_SEEN}
) GROUP BY claim_id
"""  # noqa: S608 - fixed text; the search is a bound parameter
_SQLITE_MORE = """
SELECT count(*) FROM (SELECT rowid FROM fts_claim WHERE fts_claim MATCH :q
                      ORDER BY rowid DESC LIMIT 1 OFFSET :most)
"""


# A window asks the index of each claim's words paired with its id bucket (migration 0017:
# claim_word_buckets, 'wheat 61') for each searched word in any of the window's buckets, one
# condition a word (GIN intersects them; one query of all the pairs checked every claim of
# any word against all of them). Words are letters and digits (parse): no quote in one.
_WINDOW_WORD = (  # {word}: the word's parameter; {reach}: how far back, a share of the ids
    "claim_word_buckets(claim.fts_vector, claim.id) @@ (SELECT CAST(string_agg("  # noqa: S608
    "'''' || word || ' ' || bucket, ''' | ') || '''' AS tsquery) FROM top, "
    "unnest(tsvector_to_array(to_tsvector('english', :{word}))) AS word, generate_series("
    f"CAST(top.id * (1 - {{reach}}) AS integer) >> {BUCKET_BITS}, top.id >> {BUCKET_BITS}) "
    "AS bucket)")


@lru_cache(maxsize=64)  # the same text for every search with as many windows and words
def _postgres_fetched(windows: int, words: int = 0) -> str:
    """The WITH clause that reads a search's newest MOST_FOUND + 1 claim hits into `fetched`:
    from the first of `windows` windows of the newest claims that holds that many, else from
    every hit. A window asks the index of words paired with id buckets for the search's
    `words` words (:w0, :w1, …) in its buckets alone, and is read only when the one before
    gave too few rows; the first reaches :reach0 of the ids back, each next one as far as the
    hits the one before held say it must (not read when that is further than MAX_REACH)."""
    steps = ["top AS (SELECT max(claim.id) AS id FROM claim)"] if windows else []
    reach = ":reach0"
    for k in range(windows + 1):
        where = "claim.fts_vector @@ to_tsquery('english', :q)"
        if k < windows:  # checked on the window's rows, not asked of the words' own index:
            # the planner ANDed the two, every hit of a common word (490,000 for "said")
            # read to find a window's few thousand (170 ms)
            where = "ts_match_vq(claim.fts_vector, to_tsquery('english', :q))"
        if k:
            reach = (f"{reach} * LEAST({REACH_STEP}, {REFILL_MARGIN} * (:most + 1) / "  # noqa: S608
                     f"GREATEST((SELECT count(*) FROM window{k - 1}), 1))")
            where += f" AND (SELECT count(*) FROM window{k - 1}) <= :most"  # noqa: S608
            if k < windows:
                where += f" AND {reach} <= {MAX_REACH}"
        if k < windows:
            where += "".join(f" AND {_WINDOW_WORD.format(word=f'w{n}', reach=reach)}"
                             for n in range(words))
        own = (f"SELECT claim.id, claim.fts_vector FROM claim WHERE {where} "  # noqa: S608
               "ORDER BY claim.id DESC LIMIT :most + 1")
        if k:  # the window before, when it held enough; else this one's own read
            own = (f"SELECT * FROM window{k - 1} WHERE (SELECT count(*) FROM "  # noqa: S608
                   f"window{k - 1}) > :most UNION ALL ({own})")
        steps.append(f"{'fetched' if k == windows else f'window{k}'} AS MATERIALIZED ({own})")
    return "WITH " + ",\n".join(steps) + "\n"  # fixed text: the search is a bound parameter


# Each table's stored tsvector (migration 0015), GIN-indexed: nothing is parsed at query time.
# The newest ids first, then ranked: ts_rank reads the stored vectors of those rows alone.
# Titles are matched through their index before the newest are kept (OFFSET 0 fences the
# match): asked for the newest 100 at once, the planner walked the documents backwards or
# scanned them in parallel, 14-27 ms at 50,000 documents under load for a word in a few
# hundred titles, against 2 ms through the index (12 ms for a word in a tenth of them).
_POSTGRES_CLAIM_HITS = """{fetched}
SELECT newest.id AS claim_id, 2 + rank / (1 + rank) AS relevance,
  (SELECT count(*) > :most FROM fetched) AS more
FROM (SELECT id, CAST(ts_rank(fts_vector, to_tsquery('english', :q)) AS double precision) AS rank
      FROM fetched ORDER BY id DESC LIMIT :most) AS newest
"""  # noqa: S608 - fixed text; the search is a bound parameter
_POSTGRES_HITS = f"""{{fetched}}
SELECT claim_id, max(tier + rank / (1 + rank)) AS relevance,
  (SELECT count(*) > :most FROM fetched) AS more FROM (
  SELECT newest.id AS claim_id, 2 AS tier,
    CAST(ts_rank(newest.fts_vector, q) AS double precision) AS rank
  FROM (SELECT id, fts_vector FROM fetched ORDER BY id DESC LIMIT :most) AS newest,
    to_tsquery('english', :q) AS q
  UNION ALL
  SELECT claim.id, 0, CAST(ts_rank(titled.fts_vector, q) AS double precision)
  FROM (SELECT id, fts_vector FROM (SELECT document.id, document.fts_vector FROM document
                                    WHERE document.fts_vector @@ to_tsquery('english', :q)
                                    OFFSET 0) AS matched
        ORDER BY id DESC LIMIT :documents) AS titled
  JOIN claim ON claim.document_id = titled.id, to_tsquery('english', :q) AS q
  UNION ALL
  SELECT review.claim_id, 1, CAST(ts_rank(review.fts_vector, q) AS double precision)
  FROM (SELECT review.claim_id, review.fts_vector FROM review
        WHERE review.fts_vector @@ to_tsquery('english', :q)
        ORDER BY review.id DESC LIMIT :most) AS review, to_tsquery('english', :q) AS q
  WHERE {_NOTE_SEEN.replace(":blind = 0", "NOT :blind")}
) AS found GROUP BY claim_id
"""  # noqa: S608 - fixed text; the search is a bound parameter
_POSTGRES_MORE = """
SELECT count(*) FROM (SELECT claim.id FROM claim
  WHERE claim.fts_vector @@ to_tsquery('english', :q) OFFSET :most LIMIT 1) AS beyond
"""


def hits_in(text: str, search: Search) -> tuple[Hit, ...]:
    """Where the searched words (any form of them: "price" finds "prices") are in a text."""
    words = search.candidates.finditer(text) if text.isascii() else _WORD.finditer(text)
    return tuple(Hit(match.start(), match.end()) for match in words
                 if search.finds(match.group()))


def excerpt(text: str, search: Search, width: int = EXCERPT) -> Excerpt | None:
    """The text around its first hit (None when the search is not in it)."""
    hits = hits_in(text, search)
    if not hits:
        return None
    start = max(0, hits[0].start - width)
    end = min(len(text), hits[0].end + width)
    start = _word_edge(text, start, back=True)
    end = _word_edge(text, end, back=False)
    kept = tuple(Hit(h.start - start, h.end - start) for h in hits if h.end <= end)
    return Excerpt(text[start:end], kept, start > 0, end < len(text))


def _word_edge(text: str, at: int, *, back: bool) -> int:
    """`at` moved to the nearest space so that an excerpt never cuts a word in two."""
    if at <= 0 or at >= len(text):
        return at
    found = text.rfind(" ", 0, at) if back else text.find(" ", at)
    if found == -1:
        return 0 if back else len(text)
    return found + 1 if back else found


def _folded(word: str) -> str:
    """Lower case without diacritics, as the SQLite index folds words ("café" is "cafe")."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))

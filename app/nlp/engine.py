"""The rule-based extractor: documents → parsed paragraphs (via nlp.pipe) → candidate claims."""

from __future__ import annotations

import datetime as dt
import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.attrs import IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER, LENGTH, LIKE_NUM
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from app.nlp import columns, decontext, scoring, tables
from app.nlp.attribution import (
    REPORT_NOUNS,
    REPORTING,
    Frame,
    find_frame,
    is_condition,
    speaker_cut_off,
)
from app.nlp.dates import DateMention, Tense, find_dates
from app.nlp.drafts import (
    Draft,
    Piece,
    provenance,
    reads_as_sentence,
    render,
    rendered_parts,
    tidy,
    whole_words,
)
from app.nlp.hedging import is_hedged
from app.nlp.lexicon import COPULAS, FINITE_TAGS, is_pronoun_source, verb_forms, words
from app.nlp.loading import SentenceScorer
from app.nlp.preprocess import content_blocks, is_boilerplate, says_nothing
from app.nlp.quotes import QuoteTracker
from app.nlp.splitting import headline_verb, split_sentence, whole_content
from app.nlp.types import CandidateClaim, SourceText

log = logging.getLogger(__name__)
ENGINE_VERSION = "0.3.0"
MIN_WORDS = 3
# Characters parsed as one piece at most: a one-paragraph text of any size is parsed a few
# dozen windows at a time (`PIPE_CHARS`), not whole (10,000 held ~1 GB at once).
WINDOW = 3_000
# nlp.pipe parses about this many characters at once: 32 short texts a batch (spaCy's
# default here) ran at 0.6x the speed of 256; more than ~100 KB buys nothing and holds more.
PIPE_CHARS = 100_000
PIPE_MAX_PIECES = 512
_SENTENCE_ENDS = (". ", "? ", "! ")
_DATE_CONTEXT_CHARS = 1500  # how much earlier text a claim's dates may take context from
PLAN_VERBS = verb_forms(
    words("expect plan aim intend hope want schedule prepare seek vow promise pledge threaten")
) | words("set due going planned")
# Verbs and nouns of plans and forecasts: what a "may be outdated" claim speaks of.
_PLAN_VERBS = (
    PLAN_VERBS | verb_forms(words("forecast project agree must")) | words("will 'll shall would")
)
_PLAN_NOUNS = words("deadline target forecast forecasts projection timetable schedule")
_OFFICE_WORDS = words(
    "president minister prime secretary governor mayor chairman chairwoman chief ceo "
    "director head leader ambassador coach manager envoy chancellor speaker senator "
    "commissioner captain"
)
_DANGLING_POS = words("ADP DET CCONJ SCONJ")
_FRAME_ADJUNCTS = frozenset({"prep", "npadvmod", "advmod"})  # "said in Colorado", "said Tuesday"
# (not "asked for licenses", "pointed to a crop")
_SAY_OR_STATE = words("say says said saying state states stated stating")
_COPULA_FORMS = COPULAS - words("be been being")  # finite: "The guarantees are"
# What a copula's predicate hangs on it as ("what the parameters are": "what", an attribute)
_PREDICATE_DEPS = words("attr acomp oprd prep ccomp xcomp advmod npadvmod dobj advcl")
_ELIDING_MARKS = words("than as")  # "worse than it was": the predicate left out, not lost
_TABLE_WORDS = words("shr shrs oper qtr qtly mths mth vs nil avg revs div")
_UNIT_WORDS = words("net dlrs cts pct mln bln pesos yen marks francs stg tonnes")
_PERIOD_WORDS = words("year years quarter quarters qtr qtrs period periods month months mths mth "
                      "weeks week half")
_COUNT_WORDS = words("first second third fourth 1st 2nd 3rd 4th three six nine twelve fiscal")
_ENTITY_LABELS = words(
    "PERSON ORG GPE NORP FAC LOC EVENT LAW PRODUCT MONEY PERCENT QUANTITY DATE TIME "
    "CARDINAL ORDINAL WORK_OF_ART LANGUAGE"
)


@dataclass(slots=True)
class _DocState:
    """What one document carries across its paragraphs while they are being parsed."""

    source: SourceText
    claims: list[CandidateClaim] = field(default_factory=list)
    memory: decontext.Memory = field(default_factory=decontext.Memory)
    quotes: QuoteTracker = field(default_factory=QuoteTracker)
    table: tables.Heading | None = None  # the heading of the rows being read, if any


class _Learned:
    """A sentence's learned score (None without a model), asked of the model once and only
    when wanted: for a sentence the rules would drop, or when one of its claims is scored.
    Many sentences the rules let through give no claim (table rows, lines without a verb)."""

    __slots__ = ("_scorer", "_span", "_value")

    def __init__(self, scorer: SentenceScorer | None, span: Span) -> None:
        self._scorer, self._span = scorer, span
        self._value: float | None = None

    def __call__(self) -> float | None:
        if self._scorer is not None:
            self._value = self._scorer(self._span)
            self._scorer = None
        return self._value


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One parsed sentence, its exact text, its paragraph's offset and its reporting frame."""

    span: Span
    text: str
    offset: int
    frame: Frame | None
    refs: decontext.SentenceRefs
    learned: _Learned


class RuleExtractor:
    """Claim extraction on a spaCy dependency parse; the pipeline is shared, the rules are here."""

    name = "claimdesk.rules"

    def __init__(
        self,
        nlp: Language,
        *,
        today: dt.date | None = None,
        sentence_scorer: SentenceScorer | None = None,
    ) -> None:
        """Wrap a loaded pipeline; `today` fixes the time-sensitive cut-off (tests)."""
        self.nlp = nlp
        self.today = today
        self.sentence_scorer = sentence_scorer
        meta = nlp.meta
        self.version = f"{ENGINE_VERSION}+{meta.get('name', 'model')}-{meta.get('version', '0')}"

    def extract(self, source: SourceText) -> list[CandidateClaim]:
        """Candidate claims of one document, in reading order."""
        return next(iter(self.extract_many([source])))

    def extract_many(
        self, sources: Iterable[SourceText], *, batch_size: int | None = None
    ) -> Iterator[list[CandidateClaim]]:
        """Candidate claims of each document, one list per source, in input order (streamed).
        The pipeline parses about `PIPE_CHARS` of text at once, in as many pieces as that
        takes (many short texts, or a few long paragraphs' windows), or `batch_size` pieces."""
        states: deque[_DocState] = deque()
        done = 0
        for doc, (number, offset) in self._parsed(self._blocks(sources, states), batch_size):
            while done < number:
                yield _finished_document(states.popleft())
                done += 1
            self._paragraph(doc, offset, states[0])
        while states:
            yield _finished_document(states.popleft())

    def _parsed(
        self, blocks: Iterator[tuple[str, tuple[int, int]]], batch_size: int | None
    ) -> Iterator[tuple[Doc, tuple[int, int]]]:
        """`nlp.pipe` over the pieces, in batches of `batch_size` or of about `PIPE_CHARS`."""
        if batch_size is not None:
            yield from self.nlp.pipe(blocks, as_tuples=True, batch_size=batch_size)
            return
        for batch in _about_pipe_chars(blocks):
            yield from self.nlp.pipe(batch, as_tuples=True, batch_size=len(batch))

    def _blocks(
        self, sources: Iterable[SourceText], states: deque[_DocState]
    ) -> Iterator[tuple[str, tuple[int, int]]]:
        """(paragraph text, (document number, offset)) for nlp.pipe, registering each document."""
        for number, source in enumerate(sources):
            states.append(_DocState(source))
            for start, end in self.parsed_ranges(source):
                yield source.text[start:end], (number, start)

    @staticmethod
    def parsed_ranges(source: SourceText) -> Iterator[tuple[int, int]]:
        """The (start, end) offsets of the pieces of the document that `extract_many` parses,
        in order: its content blocks, long ones cut into windows. (What a benchmark parses
        beforehand to time the rules apart from the parse.)"""
        for block in _safe_blocks(source):
            yield from _within(source.text, *block)

    def _paragraph(self, doc: Doc, offset: int, state: _DocState) -> None:
        """Claims of every checkable sentence of one parsed paragraph."""
        if _starts_paragraph(state.source.text, offset):
            state.quotes.new_paragraph()
        for span in doc.sents:
            text = state.source.text[offset + span.start_char : offset + span.end_char]
            if self._table_row(span, text, offset, state):
                continue
            frame = find_frame(span)
            if _is_table_row(span):  # "Group shr 33.98 yen vs 39.10": names no antecedent
                state.memory.observe(decontext.SentenceRefs(), span)
                continue
            refs = decontext.read_sentence(span, frame, state.memory)
            if not is_boilerplate(text) and (learned := self._checkable(span)) is not None:
                self._guarded(_Sentence(span, text, offset, frame, refs, learned), state)
            state.memory.observe(refs, span)

    def _table_row(self, span: Span, text: str, offset: int, state: _DocState) -> bool:
        """True when the sentence is a row of the table being read, its claim added; a table
        heading starts a table, any other sentence ends it. (Guarded like `_guarded`: a row
        that breaks a rule is logged and read as an ordinary sentence.)"""
        try:
            pieces = tables.row_pieces(span, state.table) if state.table is not None else None
            if pieces is None:
                state.table = tables.heading(span)
                return False
            refs = decontext.SentenceRefs()  # a row names no antecedent and refers to none
            learned = _Learned(self.sentence_scorer, span)
            draft = Draft(pieces, head=span.root, kind="table")
            claim = self._finished(draft, _Sentence(span, text, offset, None, refs, learned),
                                   None, state)
        except Exception:  # noqa: BLE001 - one odd row must not lose the rest
            _log_rule_failure("table row", text)
            state.table = None
            return False
        state.claims.extend([claim] if claim is not None else [])
        state.memory.observe(refs, span)
        return True

    def _guarded(self, sent: _Sentence, state: _DocState) -> None:
        """Adds the sentence's claims; a rule failing on one sentence is logged, not fatal."""
        try:
            first = len(state.claims)
            attribution = self._attribution(sent)
            state.claims.extend(self._sentence(sent, attribution, state))
            state.quotes.attribute(sent.text, attribution, state.claims, first)
        except Exception:  # noqa: BLE001 - one odd sentence must not lose the rest
            _log_rule_failure("sentence", sent.text)

    def _checkable(self, span: Span) -> _Learned | None:
        """The learned score of a sentence worth extracting, asked for when needed; else None."""
        learned = _Learned(self.sentence_scorer, span)
        if scoring.is_checkable(span) or scoring.overrules_filter(span, learned()):
            return learned
        return None

    def _sentence(
        self, sent: _Sentence, attribution: str | None, state: _DocState
    ) -> list[CandidateClaim]:
        """The claims of one sentence, with their shared attribution."""
        claims: list[CandidateClaim] = []
        if not _has_finite_verb(sent.span):  # (table rows were left out by _paragraph)
            return claims  # a headline without a verb: nothing a sentence asserts
        fragments = cut = 0
        for draft in split_sentence(sent.span, sent.frame):
            claim = self._finished(draft, sent, attribution, state)
            if claim is None:  # (a claim cut off after its verb is one too: "X are")
                lost_predicate = _cut_after_copula(draft)
                cut += lost_predicate
                fragments += lost_predicate or not reads_as_sentence(draft)
            else:
                claims.append(claim)
        if cut:  # a predicate split away from its verb ("whether a new government is |
            claims = []  # feasible or …"): the other parts are no surer than that one
        if fragments and not claims:  # the split failed: the sentence as a whole, cleaned
            fallback = whole_content(sent.span, sent.frame)
            claim = self._finished(fallback, sent, attribution, state) if fallback else None
            claims.extend([claim] if claim is not None else [])
        return claims

    def _finished(
        self, draft: Draft, sent: _Sentence, attribution: str | None, state: _DocState
    ) -> CandidateClaim | None:
        """A draft tidied, its references resolved, as a claim (None for a fragment)."""
        whole = whole_words(draft.pieces)
        if whole is None:
            return None
        draft.pieces = tidy(_without_trailing_frame(whole, draft))
        draft.span = draft.tokens
        draft.pieces = tidy(decontext.resolve(draft.pieces, sent.refs))
        if draft.kind != "table" and not reads_as_sentence(draft):  # (a row's label is checked
            # by `tables`: "Mining [operating profit was] …" has no noun the parser saw)
            return None
        draft.entities = decontext.inserted_entities(draft.pieces, state.memory, sent.refs)
        said_by = None if draft.own_voice else attribution
        if draft.speaker:
            said_by = decontext.source_text(draft.speaker, sent.refs)
        return self._claim(draft, sent, said_by, state.source)

    def _attribution(self, sent: _Sentence) -> str | None:
        """Who the sentence's reporting frame says asserts it, if it has one."""
        if sent.frame is None or not sent.frame.source:
            return None
        return decontext.source_text(sent.frame.source, sent.refs)

    def _claim(
        self, draft: Draft, sent: _Sentence, attribution: str | None, source: SourceText
    ) -> CandidateClaim | None:
        """A finished candidate claim from a draft, or None when too little is left."""
        tokens = draft.tokens
        parts = rendered_parts(draft.pieces)  # (for its text and its provenance)
        text = render(draft.pieces, capitalise=False, parts=parts)  # the source's own casing
        if not tokens or len(text.split()) < MIN_WORDS or _dangles(draft.pieces[-1]):
            return None
        if _cut_after_copula(draft):
            return None
        if says_nothing(text) or _bare_frame(draft):
            return None
        span_start, span_end = _span_of(draft.span or tokens, sent.offset)
        spans, insertions = provenance(draft.pieces, sent.offset, parts)
        tense = claim_tense(draft.head, tokens)
        start = sent.offset + sent.span.start_char
        preceding = source.text[max(0, start - _DATE_CONTEXT_CHARS) : start]
        dates = find_dates(text, source.published, tense, sentence=sent.text, preceding=preceding)
        hedged = _is_claim_hedged(draft, tokens, sent.frame)
        return CandidateClaim(
            text=text,
            sentence=sent.text,
            start=sent.offset + sent.span.start_char,
            end=sent.offset + sent.span.end_char,
            span_start=span_start,
            span_end=span_end,
            span_text=source.text[span_start:span_end],
            attribution=attribution,
            hedged=hedged,
            dates=[d.to_dict() for d in dates],
            entities=_entities(tokens, draft),
            score=_score(tokens, text, dates, hedged, attribution, sent.learned()),
            time_sensitive=self._time_sensitive(tokens, dates, tense),
            spans=spans,
            insertions=insertions,
            needs_context=decontext.needs_context(draft.pieces, sent.refs),
        )

    def _time_sensitive(self, tokens: list[Token], dates: list[DateMention], tense: Tense) -> bool:
        """Plans, deadlines, forecasts and offices whose dates lie before today."""
        today = self.today or dt.date.today()
        past = [d for d in dates if _ends_before(d.value, today)]
        if not past:
            return False
        return (
            tense == "future" or any(d.deadline for d in past) or any(map(_plan_or_office, tokens))
        )


def _finished_document(state: _DocState) -> list[CandidateClaim]:
    """A document's claims, those whose source is unknown marked as needing context: a
    quotation's left without a speaker, and a source left a pronoun ("…, they said": which
    they?), once every quotation has its speaker (an "I" it replaced is not counted)."""
    state.quotes.close(state.claims)
    return [replace(claim, needs_context=True)
            if is_pronoun_source(claim.attribution) and not claim.needs_context else claim
            for claim in state.claims]


def _about_pipe_chars(
    blocks: Iterator[tuple[str, tuple[int, int]]],
) -> Iterator[list[tuple[str, tuple[int, int]]]]:
    """The pieces in order, in lists of about `PIPE_CHARS` characters (the piece that
    reaches it ends its list) and of at most `PIPE_MAX_PIECES` pieces."""
    batch: list[tuple[str, tuple[int, int]]] = []
    characters = 0
    for block in blocks:
        batch.append(block)
        characters += len(block[0])
        if characters >= PIPE_CHARS or len(batch) == PIPE_MAX_PIECES:
            yield batch
            batch, characters = [], 0
    if batch:
        yield batch


def _log_rule_failure(what: str, text: str) -> None:
    """Log the rule that failed on a sentence (with its traceback and the sentence's start),
    so that one odd sentence costs its own claims only and can be found and fixed."""
    log.exception("claim extraction failed on %s %r", what, text[:200])


def _is_table_row(span: Span) -> bool:
    """True for a row of figures ("Shr diluted 61.11 pesos vs 18.49 pesos", "ARGENTINA nil
    39,130 AUSTRALIA nil …"): mostly numbers, capitals and table shorthand; and for a table's
    period heading ("Year ended March 31", "1986 period ended June One")."""
    cols = columns.of(span.doc)
    lower, punct, space = cols.lower, cols.flags(IS_PUNCT), cols.flags(IS_SPACE)
    words = [i for i in range(span.start, span.end) if not punct[i] and not space[i]]
    if _is_period_heading(words, cols):
        return True
    if len(words) < 5:
        return False
    num, upper, length = cols.flags(LIKE_NUM), cols.flags(IS_UPPER), cols.ints(LENGTH)
    cells = sum(num[i] or lower[i] in _TABLE_WORDS or lower[i] in _UNIT_WORDS
                or (upper[i] and length[i] > 1) for i in words)
    shorthand = any(lower[i] in _TABLE_WORDS for i in words)
    is_lower, alpha = cols.flags(IS_LOWER), cols.flags(IS_ALPHA)
    prose = any(is_lower[i] and alpha[i] and lower[i] not in _TABLE_WORDS for i in words)
    return cells * 2 >= len(words) and (shorthand or not prose)  # not "X was up 3-1/8 to 34"


def _is_period_heading(words: list[int], cols: columns.Columns) -> bool:
    """ "Year ended March 31", "Nine mths ended Sept 30": a period and its end, nothing else
    (`words`: the token positions of the sentence's words)."""
    lower = cols.lower
    ended = next((k for k, i in enumerate(words) if lower[i] in ("ended", "ending")), None)
    if ended is None or ended == 0 or len(words) > 8:
        return False
    before, after = words[:ended], words[ended + 1 :]
    num, ent_type, title = cols.flags(LIKE_NUM), cols.ent_type, cols.flags(IS_TITLE)
    return (lower[before[-1]] in _PERIOD_WORDS
            and all(num[i] or lower[i] in _PERIOD_WORDS or lower[i] in _COUNT_WORDS
                    for i in before)
            and bool(after) and all(ent_type[i] == "DATE" or num[i] or title[i] for i in after))


def _has_finite_verb(span: Span) -> bool:
    """True when a sentence has a finite verb, or is a headline like "Union to strike …"."""
    tag = columns.of(span.doc).tag
    if any(tag[i] in FINITE_TAGS for i in range(span.start, span.end)) or (
            headline_verb(span) is not None):
        return True
    root = span.root
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in root.children)
    return root.tag_ == "VB" and infinitive and any(c.dep_ == "nsubj" for c in root.children)


def _safe_blocks(source: SourceText) -> list[tuple[int, int]]:
    """The document's content blocks, or the whole text should preprocessing fail on it."""
    try:
        return content_blocks(source.text, source.title)
    except Exception:  # noqa: BLE001 - an odd document is parsed whole rather than lost
        log.exception("preprocessing failed; parsing the whole text")
        return [(0, len(source.text))] if source.text.strip() else []


def _span_of(tokens: list[Token], offset: int) -> tuple[int, int]:
    """Document offsets from the first to the last of the words a claim was built from."""
    return offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text)


def _score(
    tokens: list[Token],
    text: str,
    dates: list[DateMention],
    hedged: bool,
    attribution: str | None,
    learned: float | None,
) -> float:
    """The claim's check-worthiness: its rule score, blended with the sentence's learned one."""
    feats = scoring.features(
        tokens, text, dates=len(dates), hedged=hedged, attributed=attribution is not None
    )
    return scoring.combine(scoring.rule_score(feats), learned)


def _plan_or_office(tok: Token) -> bool:
    """True for a word of planning or forecasting, or the name of an office."""
    low = tok.lower_
    if tok.pos_ in ("VERB", "AUX"):
        return low in _PLAN_VERBS
    return low in _PLAN_NOUNS or low in _OFFICE_WORDS


def _dangles(last: object) -> bool:
    """True when a claim ends mid-phrase ("Pretax profit consists of") or leads into a list or
    table ("Operating profit includes -", "New rates were:")."""
    if not isinstance(last, Token):
        return False
    if last.pos_ in _DANGLING_POS and last.dep_ != "prt":
        return True
    after = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
    lead_in = after is not None and after.text in (":", "-", "--", "—")
    return last.pos_ in ("VERB", "AUX") and lead_in


def _cut_after_copula(draft: Draft) -> bool:
    """True for a claim that ends in a copula whose predicate it lost: its own verb with nothing
    after it ("The only guarantees recognised are"), or one inside whose words after it the
    split took away ("… on whether a new government is"); not a copula that never had any
    ("… to see what the parameters are")."""
    last = draft.pieces[-1] if draft.pieces else None
    if not isinstance(last, Token) or last.lower_ not in _COPULA_FORMS:
        return False
    after = [c.i for c in last.children if c.i > last.i and not c.is_punct]
    kept = {p.i for p in draft.pieces if isinstance(p, Token)}
    if last == draft.head:
        return not any(i in kept for i in after)
    if not any(c.dep_ in _PREDICATE_DEPS or c.dep_ == "mark" and c.lower_ in _ELIDING_MARKS
               for c in last.children):
        return True  # "… whether formation of a new government is | feasible …", parsed with
        # "feasible" on the next clause's noun: a copula with no predicate at all
    return bool(after) and not any(i in kept for i in after)


def _without_trailing_frame(pieces: list[Piece], draft: Draft) -> list[Piece]:
    """The pieces without a closing "…, a spokesman for X, said" that `find_frame` did not
    take as the frame (its verb below the root, or a speaker's word governing words of the
    report), its words the draft's speaker. Only pieces of the source's own words are cut
    (no inserts yet)."""
    words_ = [p for p in pieces if isinstance(p, Token)]
    speaker = speaker_cut_off(words_) if len(words_) == len(pieces) else None
    if speaker is None:
        return pieces
    draft.speaker = speaker
    return pieces[: pieces.index(speaker[0]) - 1]


def _bare_frame(draft: Draft) -> bool:
    """True for a reporting verb left with no report ("Taft Broadcasting said Taft")."""
    head = draft.head
    active = any(c.dep_ == "nsubj" for c in head.children)
    if head.lower_ not in REPORTING or not active or head not in draft.tokens:
        return False
    after = [p for p in draft.pieces if isinstance(p, Token) and p.i > head.i and not p.is_punct]
    if len(after) == 1 and after[0].lower_ in REPORT_NOUNS:
        return True  # "The analysts said speculation": what it said went elsewhere
    adjuncts = [list(c.subtree) for c in head.children
                if c.i > head.i and c.dep_ in _FRAME_ADJUNCTS]
    inside = {t.i for words_ in adjuncts if not any(t.pos_ in ("VERB", "AUX") for t in words_)
              for t in words_}
    if head.lower_ in _SAY_OR_STATE and after and all(p.i in inside for p in after):
        return True  # "the agency said in Colorado": where and when, but not what
    return len(after) <= 2 and all(p.pos_ == "PROPN" for p in after)  # not "said the opposite"


def _starts_paragraph(text: str, offset: int) -> bool:
    """True at the text's start or after a blank line (not where a long paragraph was cut)."""
    gap = text[max(0, offset - 8) : offset]
    return offset == 0 or "\n\n" in "".join(c for c in gap if c not in " \t\r")


def _within(text: str, start: int, end: int, limit: int = WINDOW) -> Iterator[tuple[int, int]]:
    """The block cut into windows of at most `limit` characters, each ending at a sentence's
    end where one is near, else at a space: parsing time and memory then grow with the text's
    length, not with the square of a paragraph's."""
    while end - start > limit:
        cut = _sentence_end(text, start + limit // 2, start + limit)
        if cut <= start:
            cut = text.rfind(" ", start, start + limit)
            cut = cut if cut > start else start + limit
        yield start, cut
        while cut < end and text[cut].isspace():
            cut += 1
        start = cut
    yield start, end


def _sentence_end(text: str, lo: int, hi: int) -> int:
    """The offset just after the last full stop, question or exclamation mark followed by a
    space in text[lo:hi], or -1."""
    found = max(text.rfind(mark, lo, hi) for mark in _SENTENCE_ENDS)
    return found + 1 if found >= 0 else -1


def _is_claim_hedged(draft: Draft, tokens: list[Token], frame: Frame | None) -> bool:
    """Hedged by its own words, by a condition on it, or by a hedging frame ("analysts expect")."""
    reported = frame is not None and not frame.contested and not draft.own_voice
    if draft.rumoured or is_hedged(tokens + draft.context, reported=reported):
        return True
    return reported and frame is not None and (frame.hedging or _frame_hedged(frame))


def _frame_hedged(frame: Frame | None) -> bool:
    """True when the frame is hedged ("X reportedly said") or supposed ("If S, X said …"): it
    carries over to the content."""
    if frame is None or frame.verb is None:
        return False
    if any(c.dep_ == "advcl" and is_condition(c) for c in frame.verb.children):
        return True
    return is_hedged([c for c in frame.verb.children if c.dep_ == "advmod"])


def claim_tense(head: Token, tokens: list[Token]) -> Tense:
    """Future for "will"/"to"-plans, past for past-tense verbs, else None."""
    words = {t.lower_ for t in tokens}
    if words & {"will", "'ll", "shall", "would"} or _infinitive_plan(head):
        return "future"
    heads = columns.of(head.doc).heads
    if head.tag_ in ("VBD", "VBN") or any(t.tag_ == "VBD" for t in tokens if heads[t.i] == head.i):
        return "past"
    return None


def _infinitive_plan(head: Token) -> bool:
    """True for an infinitive that points ahead ("expects to build", "Union to strike")."""
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        return True
    if head.lower_ not in PLAN_VERBS:
        return False
    return any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in head.children)


def _ends_before(value: str, today: dt.date) -> bool:
    """True when an ISO date, month, year or interval ends before today."""
    end = value.rpartition("/")[2]
    try:
        if len(end) == 4:
            return int(end) < today.year
        if len(end) == 7:
            return (int(end[:4]), int(end[5:])) < (today.year, today.month)
        return dt.date.fromisoformat(end) < today
    except ValueError:
        return False


def _entities(tokens: list[Token], draft: Draft) -> list[dict[str, str]]:
    """Entities kept whole in the claim's words, plus those its resolved pronouns stand for."""
    found: list[dict[str, str]] = []
    run: list[Token] = []
    for tok in [*tokens, None]:
        if run and (tok is None or tok.ent_iob_ != "I" or tok.i != run[-1].i + 1):
            if _whole_entity(run):
                found.append({"text": _run_text(run), "label": run[0].ent_type_})
            run = []
        if tok is not None and tok.ent_iob_ == "B" and tok.ent_type_ in _ENTITY_LABELS:
            run = [tok]
        elif tok is not None and run and tok.ent_iob_ == "I":
            run.append(tok)
    return found + [e for e in draft.entities if e not in found]


def _whole_entity(run: list[Token]) -> bool:
    """True when the entity does not go on past the claim's last word of it."""
    last = run[-1]
    return last.i + 1 >= len(last.doc) or last.doc[last.i + 1].ent_iob_ != "I"


def _run_text(run: list[Token]) -> str:
    return "".join(t.text_with_ws for t in run[:-1]) + run[-1].text

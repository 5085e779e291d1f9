"""Rule-based check-worthiness: what is not a claim at all, and how worth checking the rest is.

A claim's score orders the review queue. It adds, in log-odds, the learned sentence model's
verdict (bounded, see `combine`) and the rules' evidence about the claim itself: fragments,
tables, boilerplate, hedges, futures with neither date nor figure, figure-less reported views
and routine company results count against it; a dated plan counts for it; figures, dates and
names order the claims on each side of 0.5. The weights are set by hand, not fitted: they were
checked on CheckThat! 2024 dev and on a chronological hold-out (the newest 15 % of train, scored
by a model fitted on the rest: dev shares its debates with train and rewards whatever the model
memorised), and on Reuters stories (at most half at 0.5 or more), see
benchmarks/checkworthiness.py and benchmarks/RESULTS.md.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from spacy.attrs import ENT_IOB, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_UPPER, LENGTH, LIKE_NUM, ORTH
from spacy.tokens import Span, Token

from app.nlp import columns
from app.nlp.lexicon import FINITE_TAGS, words
from app.nlp.preprocess import is_boilerplate

OPINION_VERBS = words(
    "feel feels felt think believe love hate hope wish want guess like reckon suppose "
    "prefer enjoy adore doubt wonder"
)
VIEW_NOUNS = words("opinion view mind experience taste")
FEELINGS = words(
    "proud happy sad glad delighted thrilled excited shocked disappointed grateful thankful "
    "sorry pleased honoured honored humbled saddened devastated heartbroken amazed"
)
FIRST_PERSON = words("i we me us my our")
_OPINION_OR_OURS = OPINION_VERBS | words("my our")  # what _is_first_person_opinion looks for
_CHECKABLE_ENTS = words("PERSON ORG GPE NORP FAC LOC EVENT LAW PRODUCT")
_LARGE_NUMBERS = words("hundred hundreds thousand thousands million millions billion trillion")
_PUBLIC_ENTS = words("PERSON GPE NORP LAW EVENT FAC LOC")
_COMPARISON = frozenset({"JJR", "JJS", "RBR", "RBS"})
_AMOUNTS = frozenset({"MONEY", "PERCENT", "QUANTITY"})  # entities that are figures
_VERB_TAGS = FINITE_TAGS | {"VB", "VBN", "VBG"}  # the tags _is_finite can say yes to
_BEGINS = 3  # ENT_IOB of an entity's first word ("B")
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "conj", "relcl", "advcl", "parataxis"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})
_SPOKEN = words("i we me us my our you your 'm 're 've n't 'll 'd")
_SHORTHAND = words("shr shrs oper revs rev qtr qtrs avg prev nil vs")
_ROUTINE = words(
    "dividend dividends payable coupon debenture debentures warrants convertible underwriters "
    "underwriter underwriting co-managed lead-managed priced eurobond notes shareholders "
    "stockholders holders subsidiary stake merger tender offering quarterly earnings revenues "
    "revenue net profit profits loss losses futures shares share stock"
)
_FUTURE_MODALS = words("will shall 'll wo")
_PLAN_WORDS = words(
    "scheduled schedule due plan plans planned planning intends intend intended expected expects "
    "set aims aimed"
)
_ADDED_VERB = re.compile(r"\[(?:is|was|are|were|will|has|have|had)\]")
_EVALUATIVE = re.compile(
    r"\b(?:amazing|awesome|great|terrible|wonderful|beautiful|horrible|brilliant|best ever|"
    r"fantastic|awful|disgusting|lovely|incredible)\b",
    re.IGNORECASE,
)
LEARNED_OVERRIDE = 0.5

# Log-odds the rules add (see rule_evidence). Decision evidence can move a claim across 0.5:
FRAGMENT = -3.5  # no finite verb with a subject: "Net 13.5 mln vs 14.6 mln", "Oper shr loss"
TABULAR = -3.0  # table rows and wire shorthand
ADDED_VERB = -1.5  # an apposition made a sentence: background ("Thatcher [is] leader of …")
BOILERPLATE = -6.0
SHORT = -1.0  # under four words
HEDGED = -1.0  # "may", "could", "is expected to": the sentence itself does not assert it
EVALUATIVE = -0.8  # "great", "terrible": an opinion word
UNDATED_FUTURE = -1.5  # a forecast or intention with no date or figure to hold it to
DATED_PLAN = 1.5  # a plan, schedule or deadline with a date: checkable, and may turn outdated
REPORTED_VIEW = -2.0  # a source's view without figures or a dated plan: mostly a quote to check
ROUTINE = -3.0  # written company results and securities terms, no person, place or nation named
# Detail only orders claims on their side of 0.5 (figures count up to three, names up to two):
FIGURE, DATED, NAMED, PUBLIC, COMPARED = 0.3, 0.5, 0.2, 0.3, 0.2
RULE_PRIOR = -0.5  # rules alone: a bare statement is below 0.5 until detail lifts it
LEARNED_CAP = 1.25  # bound on the learned log-odds (see combine)
LEARNED_SLOPE = 0.05
DETAIL_RAMP = 0.5  # log-odds above 0 over which detail reaches its full weight
WEIGHTS_CHECKED_ON = (
    "CT24 dev F1 through the extractor; the newest 15 % of CT24 train through the extractor, "
    "scored by a model fitted by the same protocol on the oldest 85 %; Reuters stories 0-999 "
    "for the spread. Never CT24 dev-test."
)


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    """What the rules look at in one claim."""

    words: int
    figures: int  # numbers, amounts and percentages (not dates)
    entities: int
    dates: int
    comparison: bool
    hedged: bool
    attributed: bool
    evaluative: bool
    clause: bool = True  # a finite verb with a subject (maybe a copula the extractor added)
    added_verb: bool = False  # the verb is the extractor's ("Thatcher [is] leader of …")
    tabular: bool = False  # table or wire shorthand ("Shr 45 cts vs 58 cts")
    boilerplate: bool = False  # a byline, copyright line or prompt that slipped through
    plan: bool = False  # a plan, schedule or deadline ("will visit … on 29 January")
    spoken: bool = False  # its sentence is speech: I/we/you, contractions
    routine: bool = False  # company results and securities terms ("coupon", "dividend")
    public: bool = False  # names a person, place, nation, law or event


def _final_mark(sent: Span) -> str:
    """The sentence's last character that is not a quote, bracket or space."""
    texts = columns.of(sent.doc).strings(ORTH)
    for i in range(sent.end - 1, sent.start - 1, -1):
        text = texts[i].strip(" \n\"'”’)]")
        if text:
            return text[-1]
    return ""


def _is_question(sent: Span) -> bool:
    return _final_mark(sent) == "?"


def _is_imperative(sent: Span) -> bool:
    """True for a call to action ("Sign up …", "Thank you …"): a subjectless base verb first."""
    root = sent.root
    cols = columns.of(sent.doc)
    punct, space, lower, dep = cols.flags(IS_PUNCT), cols.flags(IS_SPACE), cols.lower, cols.dep
    words = [i for i in range(sent.start, sent.end) if not punct[i] and not space[i]][:2]
    if not words or lower[words[0]] == "please":
        return True
    starts = words[0] == root.i or (
        dep[words[0]] == "advmod" and len(words) > 1 and words[1] == root.i)
    deps = {dep[c] for c in cols.children[root.i]}
    if deps & {"nsubj", "nsubjpass", "expl", "csubj"}:
        return False
    return (starts and root.tag_ in ("VB", "VBP")) or (root.tag_ == "VB" and "aux" not in deps)


def _is_first_person_opinion(sent: Span) -> bool:
    """True for the writer's own view ("I feel …", "we are so proud", "in my opinion")."""
    lower, doc = columns.of(sent.doc).lower, sent.doc
    for tok in (doc[i] for i in range(sent.start, sent.end) if lower[i] in _OPINION_OR_OURS):
        if tok.lower_ in OPINION_VERBS and tok.pos_ == "VERB" and _first_person_subject(tok):
            return True
        if tok.lower_ in ("my", "our") and tok.head.lower_ in VIEW_NOUNS:
            return True
    root = sent.root
    feeling = root.lower_ in FEELINGS or any(
        c.dep_ == "acomp" and c.lower_ in FEELINGS for c in root.children
    )
    return feeling and _first_person_subject(root)


def _first_person_subject(verb: Token) -> bool:
    return any(c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON for c in verb.children)


def is_checkable(sent: Span) -> bool:
    """False for questions, calls to action, first-person opinions and verbless scraps."""
    if not is_statement(sent) or _is_question(sent) or _is_imperative(sent):
        return False
    return not _is_first_person_opinion(sent)


def is_statement(sent: Span) -> bool:
    """False for scraps too short or verbless to hold a claim, whatever a model says."""
    cols, start, end = columns.of(sent.doc), sent.start, sent.end
    alpha = sum(cols.flags(IS_ALPHA)[start:end])
    if alpha < 2 or alpha + sum(cols.flags(LIKE_NUM)[start:end]) < 3:
        return False
    return not _is_verbless_exclamation(sent)


def _is_verbless_exclamation(sent: Span) -> bool:
    """True for verbless scraps ("What a night!", a bare name or heading) with nothing to check."""
    cols, start, end = columns.of(sent.doc), sent.start, sent.end
    if any(pos in ("VERB", "AUX") for pos in cols.pos[start:end]):
        return False
    named = any(ent in _CHECKABLE_ENTS for ent in cols.ent_type[start:end]) and len(sent) >= 5
    checkable = named or any(cols.flags(LIKE_NUM)[start:end])
    return not checkable or _final_mark(sent) == "!"


def features(
    tokens: list[Token], text: str, *, dates: int, hedged: bool, attributed: bool
) -> ClaimFeatures:
    """The features of one claim, from the source words it kept (inserted context aside)."""
    ids = [t.i for t in tokens]  # (the words' attributes from their paragraph's columns)
    cols = columns.of(tokens[0].doc) if tokens else None
    own_clause = cols is not None and _has_clause(ids, cols, text)
    added_verb = not own_clause and bool(_ADDED_VERB.search(text))
    lower, pos, tag, ent, iob, num = (
        (cols.lower, cols.pos, cols.tag, cols.ent_type, cols.ints(ENT_IOB), cols.flags(LIKE_NUM))
        if cols else [[]] * 6)
    # (each per-word test asked only of the words it can say yes to)
    return ClaimFeatures(
        words=len(text.split()),
        figures=sum(_is_figure(i, cols) for i in ids if num[i] or ent[i] in _AMOUNTS),
        entities=sum(iob[i] == _BEGINS and ent[i] in _CHECKABLE_ENTS for i in ids),
        dates=dates,
        comparison=any(tag[i] in _COMPARISON for i in ids),
        hedged=hedged,
        attributed=attributed,
        evaluative=bool(_EVALUATIVE.search(text)),
        clause=own_clause or added_verb,
        added_verb=added_verb,
        tabular=cols is not None and _is_tabular(ids, cols, own_clause),
        boilerplate=is_boilerplate(text),
        plan=any(_is_plan(i, cols) for i in ids
                 if tag[i] == "MD" or lower[i] == "by" or lower[i] in _PLAN_WORDS),
        spoken=_spoken(tokens),
        routine=any(lower[i] in _ROUTINE and pos[i] in ("NOUN", "ADJ") for i in ids),
        public=any(ent[i] in _PUBLIC_ENTS for i in ids),
    )


def _spoken(tokens: list[Token]) -> bool:
    """True when the claim's sentence is speech: I/we/you, contractions."""
    sent = _sentence_of(tokens)
    if isinstance(sent, list):
        return any(t.lower_ in _SPOKEN for t in sent)
    lower = columns.of(sent.doc).lower
    return any(lower[i] in _SPOKEN for i in range(sent.start, sent.end))


def _sentence_of(tokens: list[Token]) -> Span | list[Token]:
    """The sentence the claim's words come from (register is the sentence's, not the claim's:
    "Your governors said, 'He did a phenomenal job'" is speech); the words without a parse."""
    if not tokens or not tokens[0].doc.has_annotation("SENT_START"):
        return tokens
    return tokens[0].sent


def _is_plan(i: int, cols: columns.Columns) -> bool:
    """True for a future, a plan or a deadline ("will visit", "plans to", "is due to", "by
    January 26"); `i`: the word's position in the columns' doc."""
    low = cols.lower[i]
    if cols.tag[i] == "MD":
        return low in _FUTURE_MODALS
    if low == "by":
        dep, ent = cols.dep, cols.ent_type
        return any(dep[c] == "pobj" and ent[c] == "DATE" for c in cols.children[i])
    return low in _PLAN_WORDS and cols.pos[i] in ("VERB", "AUX", "ADJ")


def _is_figure(i: int, cols: columns.Columns) -> bool:
    """True for a word of a figure: digits, an amount or percentage, a large number word.

    Dates are counted apart, and "the two countries" is no statistic.
    """
    ent = cols.ent_type[i]
    if ent in _AMOUNTS:
        return True
    if not cols.flags(LIKE_NUM)[i] or ent in ("DATE", "TIME"):
        return False
    return any(ch.isdigit() for ch in cols.strings(ORTH)[i]) or cols.lower[i] in _LARGE_NUMBERS


def _has_clause(ids: list[int], cols: columns.Columns, text: str) -> bool:
    """True when the claim keeps a finite verb and a subject (its own word, or one in brackets).

    A copula the extractor wrote in ("Net loss [is] 2 mln") is not a source word, so a table
    row dressed up as a sentence stays a fragment. The subject need not hang on the verb: a
    conjunct shares its first verb's subject, a relative clause has the noun it qualifies, and
    the parser often hangs a long subject on an apposition; any noun before the verb will do.
    (`ids`: the claim's words' positions in the columns' doc.)
    """
    kept, tag = set(ids), cols.tag
    verbs = [i for i in ids if tag[i] in _VERB_TAGS and _is_finite(i, cols, kept)]
    if not verbs:
        return False
    dep, pos = cols.dep, cols.pos
    if "[" in text or any(dep[i] in _SUBJECTS for i in ids):
        return True
    first_verb = min(verbs)
    return any(pos[i] in ("NOUN", "PROPN", "PRON") and i < first_verb for i in ids)


def _is_finite(i: int, cols: columns.Columns, kept: set[int]) -> bool:
    """True for a tensed verb or modal, a verb form with a kept auxiliary, or a main verb with a
    subject that the tagger read as a base form or participle ("A drought cut …")."""
    tag, dep = cols.tag[i], cols.dep
    if tag in FINITE_TAGS:
        return dep[i] not in ("amod", "compound")
    if tag not in ("VB", "VBN", "VBG"):
        return False
    children = [c for c in cols.children[i] if c in kept]
    if any(dep[c] in ("aux", "auxpass") for c in children):
        return True
    return dep[i] in _CLAUSE_DEPS and tag != "VBG" and any(dep[c] in _SUBJECTS for c in children)


def _is_tabular(ids: list[int], cols: columns.Columns, clause: bool) -> bool:
    """True for table rows and wire shorthand: abbreviations, or a verbless run of figures or
    capitals ("IMPORTS GUATEMALA nil 43,680")."""
    punct, lower = cols.flags(IS_PUNCT), cols.lower
    words = [i for i in ids if not punct[i]]
    if any(lower[i] in _SHORTHAND for i in words):
        return True
    if clause or not words:
        return False
    num, upper, length = cols.flags(LIKE_NUM), cols.flags(IS_UPPER), cols.ints(LENGTH)
    figures = sum(num[i] for i in words) / len(words)
    capitals = sum(upper[i] and length[i] > 1 for i in words) / len(words)
    return figures >= 0.3 or capitals >= 0.5


def rule_evidence(f: ClaimFeatures) -> tuple[float, float]:
    """The rules' (decision, detail) log-odds: what makes a claim worth checking or not at all,
    and how much checkable detail it has (which only orders claims on the same side of 0.5)."""
    written = not f.spoken
    dated_plan = f.plan and f.dates > 0 and f.clause
    decision = (
        FRAGMENT * (not f.clause)
        + TABULAR * f.tabular
        + ADDED_VERB * f.added_verb
        + BOILERPLATE * f.boilerplate
        + SHORT * (f.words < 4)
        + HEDGED * f.hedged
        + EVALUATIVE * f.evaluative
        + UNDATED_FUTURE * (f.plan and not f.dates and not f.figures)  # "will cost $4,000"
        + DATED_PLAN * dated_plan
        + REPORTED_VIEW * (f.attributed and not f.figures and not dated_plan and written)
        + ROUTINE * (f.routine and not f.public and written)  # speech: "a net loss of jobs"
    )
    detail = (
        FIGURE * min(f.figures, 3)
        + DATED * bool(f.dates)
        + NAMED * min(f.entities, 2)
        + PUBLIC * f.public
        + COMPARED * f.comparison
    )
    return decision, detail


class RuleScore(float):
    """The rules-only score (a float), carrying the evidence `combine` weighs against a model."""

    decision: float
    detail: float

    def __new__(cls, decision: float, detail: float) -> RuleScore:
        """The score of rules alone: their prior, decision and detail on one logistic scale."""
        value = super().__new__(cls, round(_sigmoid(RULE_PRIOR + decision + detail), 3))
        value.decision, value.detail = decision, detail
        return value


def rule_score(f: ClaimFeatures) -> RuleScore:
    """0–1 from the rules alone: checkable detail raises it; fragments, tables, boilerplate,
    hedges, undated futures, figure-less reported views and routine company results lower it."""
    return RuleScore(*rule_evidence(f))


def combine(rule: float, learned: float | None) -> float:
    """The claim's score: the learned sentence score with the rules' evidence (rules alone
    without one).

    Log-odds add up (a logarithmic opinion pool). The learned log-odds are bounded at
    ±LEARNED_CAP: the model was trained on debate transcripts, and its near-certainty on
    written news says nothing the rules do not; near its threshold it is left as trained.
    Detail never lifts a claim across 0.5, only orders the claims above it, so the CheckThat!
    decision is the model's and the rules' decision evidence alone. Bounded below 1.0.
    """
    if learned is None:
        return round(float(rule), 3)
    decision = getattr(rule, "decision", _logit(rule) - RULE_PRIOR)
    detail = getattr(rule, "detail", 0.0)
    base = _bounded(_logit(learned)) + decision
    lift = detail * min(1.0, max(0.0, base / DETAIL_RAMP))
    return round(_sigmoid(base + lift), 3)


def score(f: ClaimFeatures, learned: float | None) -> float:
    """The claim's check-worthiness from its features and its sentence's learned score."""
    return combine(rule_score(f), learned)


def _bounded(log_odds: float) -> float:
    """The learned log-odds as trained near 0, flattened beyond ±LEARNED_CAP (a slight slope
    keeps the model's order among the claims it is sure of)."""
    return LEARNED_CAP * math.tanh(log_odds / LEARNED_CAP) + LEARNED_SLOPE * log_odds


def _logit(p: float) -> float:
    p = min(max(float(p), 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def overrules_filter(sent: Span, learned: float | None) -> bool:
    """True when the learned model finds a question, opinion or imperative worth checking."""
    return learned is not None and learned >= LEARNED_OVERRIDE and is_statement(sent)

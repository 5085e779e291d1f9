"""Rule-based check-worthiness: what is not a claim at all, and how worth checking the rest is."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from app.nlp.lexicon import words
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
_CHECKABLE_ENTS = words("PERSON ORG GPE NORP FAC LOC EVENT LAW PRODUCT")
_NUMERIC_ENTS = words("MONEY PERCENT QUANTITY CARDINAL DATE TIME ORDINAL")
_COMPARISON = frozenset({"JJR", "JJS", "RBR", "RBS"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "conj", "relcl", "advcl", "parataxis"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})
_VAGUE_PRONOUNS = words("it they he she this that these those")
_SHORTHAND = words("shr shrs oper revs rev qtr qtrs avg prev nil vs")
_PLAN_WORDS = words(
    "will shall 'll wo scheduled schedule due plan plans planned planning intends intend "
    "deadline expected expects set"
)
_EVALUATIVE = re.compile(
    r"\b(?:amazing|awesome|great|terrible|wonderful|beautiful|horrible|brilliant|best ever|"
    r"fantastic|awful|disgusting|lovely|incredible)\b",
    re.IGNORECASE,
)
NEUTRAL = 0.5
LEARNED_OVERRIDE = 0.5


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    """What the rules look at in one claim."""

    words: int
    numbers: int
    entities: int
    dates: int
    comparison: bool
    first_person: bool
    hedged: bool
    attributed: bool
    evaluative: bool
    clause: bool = True  # the source words hold a finite verb with a subject
    tabular: bool = False  # table or wire shorthand ("Shr 45 cts vs 58 cts")
    boilerplate: bool = False  # a byline, copyright line or prompt that slipped through
    plan: bool = False  # a plan, schedule or deadline ("will visit … on 29 January")
    pronoun_subject: bool = False  # the subject is a pronoun left unresolved


def _final_mark(sent: Span) -> str:
    """The sentence's last character that is not a quote, bracket or space."""
    for tok in reversed(sent):
        text = tok.text.strip(" \n\"'”’)]")
        if text:
            return text[-1]
    return ""


def _is_question(sent: Span) -> bool:
    return _final_mark(sent) == "?"


def _is_imperative(sent: Span) -> bool:
    """True for a call to action ("Sign up …", "Thank you …"): a subjectless base verb first."""
    root = sent.root
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if not words or words[0].lower_ == "please":
        return True
    starts = words[0] == root or (words[0].dep_ == "advmod" and len(words) > 1 and words[1] == root)
    deps = {c.dep_ for c in root.children}
    if deps & {"nsubj", "nsubjpass", "expl", "csubj"}:
        return False
    return (starts and root.tag_ in ("VB", "VBP")) or (root.tag_ == "VB" and "aux" not in deps)


def _is_first_person_opinion(sent: Span) -> bool:
    """True for the writer's own view ("I feel …", "we are so proud", "in my opinion")."""
    for tok in sent:
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
    alpha = sum(t.is_alpha for t in sent)
    if alpha < 2 or alpha + sum(t.like_num for t in sent) < 3:
        return False
    return not _is_verbless_exclamation(sent)


def _is_verbless_exclamation(sent: Span) -> bool:
    """True for verbless scraps ("What a night!", a bare name or heading) with nothing to check."""
    if any(t.pos_ in ("VERB", "AUX") for t in sent):
        return False
    named = any(t.ent_type_ in _CHECKABLE_ENTS for t in sent) and len(sent) >= 5
    checkable = named or any(t.like_num for t in sent)
    return not checkable or _final_mark(sent) == "!"


def features(
    tokens: list[Token], text: str, *, dates: int, hedged: bool, attributed: bool
) -> ClaimFeatures:
    """The features of one claim, from the source words it kept (inserted context aside)."""
    clause = _has_clause(tokens, text)
    return ClaimFeatures(
        words=len(text.split()),
        numbers=sum(t.like_num or t.ent_type_ in _NUMERIC_ENTS for t in tokens),
        entities=sum(t.ent_iob_ == "B" and t.ent_type_ in _CHECKABLE_ENTS for t in tokens),
        dates=dates,
        comparison=any(t.tag_ in _COMPARISON for t in tokens),
        first_person=any(t.lower_ in FIRST_PERSON for t in tokens),
        hedged=hedged,
        attributed=attributed,
        evaluative=bool(_EVALUATIVE.search(text)),
        clause=clause,
        tabular=_is_tabular(tokens, clause),
        boilerplate=is_boilerplate(text),
        plan=any(t.lower_ in _PLAN_WORDS for t in tokens),
        pronoun_subject=any(
            t.dep_ in _SUBJECTS and t.lower_ in _VAGUE_PRONOUNS for t in tokens
        ),
    )


def _has_clause(tokens: list[Token], text: str) -> bool:
    """True when the claim keeps a finite verb and a subject (its own word, or one in brackets).

    A copula the extractor wrote in ("Net loss [is] 2 mln") is not a source word, so a table
    row dressed up as a sentence stays a fragment. The subject need not hang on the same verb:
    a conjunct ("… and projected a deficit") shares its first verb's subject, and a relative
    clause turned into a claim has the noun it qualifies.
    """
    kept = {t.i for t in tokens}
    verbs = [t for t in tokens if _is_finite(t, kept)]
    if not verbs:
        return False
    has_subject = any(t.dep_ in _SUBJECTS for t in tokens) or "[" in text
    return has_subject or any(v.dep_ == "relcl" and v.head.i in kept for v in verbs)


def _is_finite(tok: Token, kept: set[int]) -> bool:
    """True for a tensed verb or modal, a verb form with a kept auxiliary, or a main verb with a
    subject that the tagger read as a base form or participle ("A drought cut …")."""
    if tok.tag_ in _FINITE_TAGS:
        return tok.dep_ not in ("amod", "compound")
    if tok.tag_ not in ("VB", "VBN", "VBG"):
        return False
    children = [c for c in tok.children if c.i in kept]
    if any(c.dep_ in ("aux", "auxpass") for c in children):
        return True
    return tok.dep_ in _CLAUSE_DEPS and tok.tag_ != "VBG" and any(
        c.dep_ in _SUBJECTS for c in children
    )


def _is_tabular(tokens: list[Token], clause: bool) -> bool:
    """True for table rows and wire shorthand: abbreviations, or a verbless run of figures or
    capitals ("IMPORTS GUATEMALA nil 43,680")."""
    words = [t for t in tokens if not t.is_punct]
    if any(t.lower_ in _SHORTHAND for t in words):
        return True
    if clause or not words:
        return False
    figures = sum(t.like_num for t in words) / len(words)
    capitals = sum(t.is_upper and len(t) > 1 for t in words) / len(words)
    return figures >= 0.3 or capitals >= 0.5


def rule_score(f: ClaimFeatures) -> float:
    """0–1: numbers, names, dates and comparisons raise it; opinions and hedges lower it."""
    score = 0.35
    score += 0.2 * min(f.numbers, 2) / 2
    score += 0.15 * min(f.entities, 2) / 2
    score += 0.1 * bool(f.dates) + 0.05 * f.comparison + 0.05 * f.attributed
    score -= 0.15 * f.first_person + 0.2 * f.evaluative + 0.05 * f.hedged
    score -= 0.1 * (f.words < 4)
    return round(min(1.0, max(0.0, score)), 3)


def combine(rule: float, learned: float | None, nudge: float = 0.2) -> float:
    """The learned sentence score, nudged by the claim's own rule score (rules alone without one).

    The nudge only orders the claims of one sentence: it never moves a score across 0.5, so the
    learned model's decision stands.
    """
    if learned is None:
        return rule
    score = min(1.0, max(0.0, learned + nudge * (rule - NEUTRAL)))
    score = max(score, NEUTRAL) if learned >= NEUTRAL else min(score, NEUTRAL - 0.001)
    return round(score, 3)


def overrules_filter(sent: Span, learned: float | None) -> bool:
    """True when the learned model finds a question, opinion or imperative worth checking."""
    return learned is not None and learned >= LEARNED_OVERRIDE and is_statement(sent)

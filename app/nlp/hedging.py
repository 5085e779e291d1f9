"""Whether the source hedges a claim: modals of possibility, "expected to", "reportedly", "if"."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from app.nlp.lexicon import words

HEDGE_MODALS = words("may might could should can't mayn't mightn't")
# "X expects to report …", "expects prices to rise": a forecast, not a fact.
EXPECTING = words(
    "expect expects expected expecting anticipate anticipates anticipated forecast forecasts "
    "predict predicts predicted project projects projected estimate estimates estimated"
)
PREDICATIVE_HEDGES = words("possible probable conceivable uncertain")
HEDGE_WORDS = words(
    "likely unlikely probably possibly perhaps maybe reportedly allegedly apparently "
    "potentially presumably supposedly seemingly purportedly conceivably plausibly"
)
# "expected/believed/thought/said/rumoured to …": hedged predictions in the passive.
HEDGE_PASSIVES = words(
    "expected believed thought said rumoured rumored tipped projected predicted "
    "forecast estimated understood feared seen poised"
)
CONDITIONAL_MARKS = frozenset({"if", "unless"})
_ESTIMATED = words("estimated projected forecast predicted expected")
_DECLINING = words("decline declines declined declining refuse refused refuses fail failed")
_SEEM = words("seem seems seemed appear appears appeared")


def _is_hedge(tok: Token, reported: bool) -> bool:
    """One word that makes the statement uncertain."""
    low = tok.lower_
    if tok.tag_ == "MD":
        return low in HEDGE_MODALS or (low in ("would", "'d") and not reported)
    if low in HEDGE_WORDS:
        return tok.dep_ != "amod"  # "the likely growth" names a thing; "likely to grow" hedges
    if low in EXPECTING and tok.pos_ == "VERB" and tok.tag_ != "VBN":
        if tok.dep_ == "xcomp" and tok.head.lower_ in _DECLINING:
            return False  # "declined to predict results" predicts nothing
        return any(c.dep_ in ("xcomp", "ccomp", "dobj") for c in tok.children)
    if low in PREDICATIVE_HEDGES:
        return tok.dep_ == "acomp"
    if low in HEDGE_PASSIVES and tok.tag_ == "VBN":
        deps = {c.dep_ for c in tok.children}
        estimate = low in _ESTIMATED  # "sales are estimated at 15 bln yen"
        return "auxpass" in deps and (estimate or bool(deps & {"xcomp", "ccomp"}))
    if low in _SEEM:
        return any(c.dep_ == "xcomp" for c in tok.children)
    return low in CONDITIONAL_MARKS and tok.dep_ == "mark" and tok.head.dep_ == "advcl"


def is_hedged(tokens: Iterable[Token], *, reported: bool = False) -> bool:
    """True when any of the claim's words hedges it ("would" only outside reported speech),
    not counting words of what someone declined to say ("declined to predict how high prices
    might rise" is sure about the declining)."""
    return any(_is_hedge(tok, reported) and not _declined(tok) for tok in tokens)


def _declined(tok: Token) -> bool:
    """True for a word inside what someone declined or refused to do ("declined to say
    whether prices might rise"), not anything below "declined" ("Sales declined, and may fall
    further" hedges)."""
    below = tok
    for above in tok.ancestors:
        if above.lower_ in _DECLINING and below.dep_ == "xcomp" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in below.children
        ):
            return True
        below = above
    return False

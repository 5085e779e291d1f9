"""Rows of a small table under a heading that names their measure, as claims.

Wire copy lists figures under a heading that says what they are:

    Operating profit includes -
    Pharmaceutical 49.8 mln vs 39.0 mln

A row alone ("Pharmaceutical 49.8 mln vs 39.0 mln") is no sentence and says nothing checkable,
so rows are otherwise left out. Under such a heading a row is a claim: its own words, with the
heading's measure and a verb inserted in brackets where the row does not name the measure
itself ("Pharmaceutical [operating profit was] 49.8 mln vs 39.0 mln"; "… ceiling rates for the
week starting from March 2 [were] 3.52 pct (3.57)"). Only a row that ends in a figure compared
with another ("vs", or the previous one in brackets) qualifies: a column heading ("March 87
March 86") or a line of prose under the heading ends the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from app.nlp.drafts import Insert, Piece
from app.nlp.lexicon import COPULAS, FINITE_TAGS, verb_forms, words

_HEADING_ENDS = ("-", ":", "—", "–")
_MAX_HEADING_WORDS = 10
_MAX_LABEL_WORDS = 16
_VS = words("vs vs. versus against")
# Words that may follow a figure as part of it: units, scales, currencies.
_FIGURE_WORDS = words(
    "pct percent mln bln billion million thousand dlrs dlr cts ct stg yen marks francs pesos "
    "lire guilders tonnes tons bags barrels ounces points pts shares"
)
# Verbs that make a line with figures prose ("Sales rose 12 pct vs 8 pct"), not a row; a label
# the tagger read a verb in ("Soft drinks 12.9 mln vs 14.1 mln") stays a row.
_PROSE_VERBS = COPULAS | verb_forms(words(
    "increase decrease decline gain drop climb total reach jump slip ease report post show"
)) | words("has have had rose rises fell falls grew grows said says")
# The verbs of a heading whose subject is what the rows measure ("Operating profit includes -",
# "New rates were -", "Pretax profit consists of:")
_LISTING_VERBS = COPULAS | verb_forms(words("include comprise consist compare break"))
# Measures too vague to insert ("Key figures … were as follows"): the row's words say it all.
_VAGUE_MEASURES = words("figures figure details results data following items")


@dataclass(frozen=True, slots=True)
class Heading:
    """A table heading: the words of its measure (may be empty) and whether it is plural."""

    measure: str
    plural: bool


def heading(sent: Span) -> Heading | None:
    """The heading a sentence is when it introduces a list of figures ("Operating profit
    includes -", "New rates (previous in brackets), were -"), else None."""
    last = sent.end - 1
    while last > sent.start and sent.doc[last].is_space:
        last -= 1
    if not sent.doc[last].text.endswith(_HEADING_ENDS):
        return None  # (read from the last word: most sentences end in a full stop)
    kept = [t for t in sent if not (t.is_punct or t.is_space)]
    if not kept or len(kept) > _MAX_HEADING_WORDS or any(t.like_num for t in kept):
        return None  # "March 87 March 86" heads columns, not a measure
    root = sent.root
    if root.pos_ in ("VERB", "AUX") and root.lower_ not in _LISTING_VERBS:
        return None  # "The company said:", "The ministry gave these figures:": whose words
        # follow, not what the figures measure
    head = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if head is None and root.pos_ in ("NOUN", "PROPN"):
        head = root  # "Operating profit -"
    if head is None or head.pos_ not in ("NOUN", "PROPN"):
        return None
    measure = [t for t in head.lefts if t.dep_ in ("amod", "compound")] + [head]
    plural = head.tag_ in ("NNS", "NNPS")
    if head.lower_ in _VAGUE_MEASURES:
        return Heading("", plural)
    return Heading(" ".join(_as_inserted(t) for t in measure), plural)


def _as_inserted(tok: Token) -> str:
    """A heading word as it reads inside a claim: lower case unless it is a name."""
    if tok.is_sent_start and tok.pos_ != "PROPN" and not tok.ent_type_:
        return tok.lower_
    return tok.text


def row_pieces(sent: Span, under: Heading) -> list[Piece] | None:
    """A table row's claim pieces (its label, the inserted measure and verb, its figures), or
    None when the sentence is no row of figures."""
    toks = [t for t in sent if not t.is_space]
    while toks and toks[-1].text == ".":
        toks.pop()
    first = _compared_figures(toks)
    if first is None:
        return None
    label = toks[:first]
    while label and label[-1].is_punct:
        label.pop()
    wordy = [t for t in label if t.is_alpha]
    if not wordy or not toks[0].is_alpha or len(label) > _MAX_LABEL_WORDS:
        return None
    if any(t.tag_ in FINITE_TAGS and t.lower_ in _PROSE_VERBS for t in label):
        return None
    names_measure = bool(under.measure) and under.measure.split()[-1].lower() in {
        t.lower_ for t in label}
    plural = under.plural if under.measure else _plural_label(label)
    verb = "were" if plural else "was"
    inserted = verb if names_measure or not under.measure else f"{under.measure} {verb}"
    return [*label, Insert(inserted, verbal=True), *toks[first:]]


def _compared_figures(toks: list[Token]) -> int | None:
    """Where the row's figures start, when it ends "N [unit] vs N [unit]" or "N [unit] (N)"."""
    end = len(toks)
    if end >= 3 and toks[-1].text == ")" and toks[-3].text == "(" and toks[-2].like_num:
        compared_at = end - 3  # "3.52 pct (3.57)"
    else:
        at = end
        while at > 0 and toks[at - 1].lower_ in _FIGURE_WORDS:
            at -= 1
        if at < 3 or not toks[at - 1].like_num or toks[at - 2].lower_ not in _VS:
            return None
        compared_at = at - 2  # "49.8 mln vs 39.0 mln": the "vs"
    at = compared_at
    while at > 0 and toks[at - 1].lower_ in _FIGURE_WORDS:
        at -= 1
    if at == 0 or not toks[at - 1].like_num:
        return None
    return at - 1


def _plural_label(label: list[Token]) -> bool:
    """Whether a row's label names more than one thing ("Average CD rates all banks"), by its
    first noun the parser hung outside the label (the label's head)."""
    ids = {t.i for t in label}
    heads = [t for t in label
             if t.pos_ in ("NOUN", "PROPN") and (t.head.i not in ids or t.head == t)]
    return bool(heads) and heads[0].tag_ in ("NNS", "NNPS")

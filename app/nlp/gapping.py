"""Gapped lists of figures: "New York is down 22 pct, London 10 pct" says London is down 10 pct.

After one full clause that ends in a figure, news lists more subjects with their own figures and
leaves the shared words out. Read clause by clause, the parser joins those subjects to the first
one ("the Laurentide mill has … 200,000 tonnes, the Belgo mill and the Wayagamack mill": a claim
that misstates the source) or drops them. Here each subject and figure becomes a claim of its
own, the shared words inserted in brackets as context: "London [is down] 10 pct".

Only the plain shape is read: a clause "SUBJECT VERB … FIGURE", then items "NOUN PHRASE FIGURE"
separated by commas or "and", then at most one clause of its own ("…, while Japan is seven pct
down"). Anything else is left to the clause splitter.
"""

from __future__ import annotations

from spacy.attrs import IS_SPACE
from spacy.tokens import Span, Token

from app.nlp import columns
from app.nlp.columns import subtree_ids
from app.nlp.drafts import Draft, Insert
from app.nlp.lexicon import FINITE_TAGS, words

_UNITS = words(
    "pct percent per cent points point cts ct cents dlrs dlr dollars stg yen francs marks "
    "crowns guilders lire rupees tonnes tons barrels bpd bags ounces units shares"
)
_SCALES = words("mln million billion bln thousand trillion")
_APPROXIMATE = words("about around nearly almost some roughly just")
_CURRENCY = frozenset("$£€¥")
_SEPARATORS = frozenset({",", ";"})
_NOUN_PHRASE_POS = frozenset({"DET", "ADJ", "PROPN", "NOUN", "PART"})
_OWN_CLAUSE_MARKS = words("while whereas but and")
_CLAUSE_OPENERS = frozenset({"nsubj", "nsubjpass", "expl", "mark", "csubj"})
_MAX_SUBJECT_WORDS = 6
_MAX_SHARED_WORDS = 8


def gapped_drafts(sent: Span, reported: list[Token] | None) -> list[Draft] | None:
    """One draft per subject of a gapped list of figures, or None when the sentence is no such
    list. `reported` are the heads of what a reporting frame reports ("…, dealers said"): the
    list is read in their words only."""
    content = _content(sent, reported)
    first_end = next((k for k, t in enumerate(content) if t.text in _SEPARATORS), None)
    if first_end is None:
        return None
    clause = _full_clause(content[:first_end])
    if clause is None:
        return None
    verb, shared, unit = clause
    drafts = [Draft(list(content[:first_end]), verb, "gapped")]
    items = _items(content[first_end + 1 :])
    for at, item in enumerate(items):
        pair = _subject_and_figure(item, unit)
        if pair is None:
            tail = _own_clause([t for rest in items[at:] for t in rest])
            if tail is None:
                return None
            drafts.append(tail)
            break
        subject, figure = pair
        gap = Insert(_text(shared), tuple(shared), verbal=True)
        drafts.append(Draft([*subject, gap, *figure], verb, "gapped"))
    return drafts if len(drafts) > 1 and drafts[1].kind == "gapped" else None


def _content(sent: Span, reported: list[Token] | None) -> list[Token]:
    """The sentence's words outside its reporting frame, without edge punctuation or quotes."""
    inside = set().union(*map(subtree_ids, reported)) if reported else None
    doc, space = sent.doc, columns.of(sent.doc).flags(IS_SPACE)  # (a Token only for a kept word)
    content = [doc[i] for i in range(sent.start, sent.end)
               if (inside is None or i in inside) and not space[i]]
    while content and (content[0].is_punct or content[0].is_quote):
        content.pop(0)
    while content and (content[-1].is_punct or content[-1].is_quote):
        content.pop()
    return content


def _items(tokens: list[Token]) -> list[list[Token]]:
    """The words after the first clause, cut at commas, semicolons and "and" (not inside a
    figure: "between four and five billion")."""
    items: list[list[Token]] = [[]]
    for k, tok in enumerate(tokens):
        between_numbers = 0 < k < len(tokens) - 1 and tokens[k - 1].like_num and tokens[
            k + 1].like_num
        if tok.text in _SEPARATORS or tok.lower_ == "and" and not between_numbers:
            items.append([tok] if tok.lower_ == "and" else [])
        else:
            items[-1].append(tok)
    return [item for item in items if any(t.lower_ != "and" for t in item)]


def _full_clause(tokens: list[Token]) -> tuple[Token, list[Token], frozenset[str]] | None:
    """(finite verb, the words the list leaves out, the figure's units) for "SUBJECT VERB …
    FIGURE", else None."""
    verb_at = next((k for k, t in enumerate(tokens) if t.tag_ in FINITE_TAGS), None)
    figure_at = _figure_start(tokens)
    if verb_at is None or figure_at is None or not 0 < verb_at < figure_at:
        return None
    subject, shared = tokens[:verb_at], tokens[verb_at:figure_at]
    if not _is_noun_phrase(subject, _MAX_SHARED_WORDS) or len(shared) > _MAX_SHARED_WORDS:
        return None
    if any(t.is_punct or t.dep_ in _CLAUSE_OPENERS for t in shared):
        return None  # "analysts expect sales rose 5 pct": a second clause, not one predicate
    return tokens[verb_at], shared, _units(tokens[figure_at:])


def _subject_and_figure(
    item: list[Token], unit: frozenset[str]
) -> tuple[list[Token], list[Token]] | None:
    """(noun phrase, figure) for "and the Belgo mill 350,000 tonnes", in the first figure's
    units or none, else None."""
    words_ = item[1:] if item and item[0].lower_ == "and" else item
    figure_at = _figure_start(words_)
    if figure_at is None or not _is_noun_phrase(words_[:figure_at], _MAX_SUBJECT_WORDS):
        return None
    figure = words_[figure_at:]
    own = _units(figure)
    return (words_[:figure_at], figure) if not own or own == unit else None


def _figure_start(tokens: list[Token]) -> int | None:
    """Where the figure that ends tokens begins ("about 4.5 billion dlrs"), or None."""
    at = len(tokens)
    while at and (_in_figure(tokens[at - 1]) or _joins_figures(tokens, at - 1)
                  or _counted_won(tokens, at - 1)):
        at -= 1
    if at == len(tokens) or not any(t.like_num for t in tokens[at:]):
        return None
    if not tokens[at].like_num and tokens[at].text not in _CURRENCY:
        return None  # "2.5 pct" yes, "pct" alone no
    if any(t.ent_type_ in ("DATE", "TIME") and not t.like_num for t in tokens[max(0, at - 1) :]):
        return None  # "record March 5": a date, not a figure (a bare number the recogniser
        # called a date is still one: "Kia Motor 70 to 1,730")
    if at and tokens[at - 1].lower_ in _APPROXIMATE:
        at -= 1
    return at


def _counted_won(tokens: list[Token], k: int) -> bool:
    """ "1,500 won": the currency after a number (elsewhere the verb)."""
    return tokens[k].lower_ == "won" and k > 0 and tokens[k - 1].like_num


def _joins_figures(tokens: list[Token], k: int) -> bool:
    """ "to" between two figures ("fell 1,500 won to 38,600"): one figure, a change."""
    return (tokens[k].lower_ == "to" and 0 < k < len(tokens) - 1 and tokens[k + 1].like_num
            and (_in_figure(tokens[k - 1]) or _counted_won(tokens, k - 1)))


def _in_figure(tok: Token) -> bool:
    low = tok.lower_
    return tok.like_num or low in _UNITS or low in _SCALES or low == "%" or tok.text in _CURRENCY


def _units(figure: list[Token]) -> frozenset[str]:
    return frozenset(t.lower_ for t in figure if t.lower_ in _UNITS or t.lower_ == "%")


def _is_noun_phrase(tokens: list[Token], limit: int) -> bool:
    """A short noun phrase: determiners, adjectives and nouns only, a noun among them."""
    return (0 < len(tokens) <= limit
            and all(t.pos_ in _NOUN_PHRASE_POS and not t.like_num for t in tokens)
            and any(t.pos_ in ("NOUN", "PROPN") for t in tokens))


def _own_clause(tokens: list[Token]) -> Draft | None:
    """The clause that closes the list ("while compared to this Japan is seven pct down"), its
    mark left out, when it has a finite verb with a noun before it."""
    words_ = tokens[1:] if tokens and tokens[0].lower_ in _OWN_CLAUSE_MARKS else tokens
    for k, tok in enumerate(words_):
        if tok.tag_ in FINITE_TAGS:
            named = any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in words_[:k])
            return Draft(list(words_), tok, "main") if named else None
    return None


def _text(tokens: list[Token]) -> str:
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text

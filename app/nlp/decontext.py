"""Pronouns and short definite phrases → the names they stand for, so each claim stands alone."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from app.nlp.drafts import Piece, mid_sentence, render
from app.nlp.lexicon import words
from app.nlp.splitting import noun_phrase

PERSON_PRONOUNS = frozenset({"he", "she", "him", "his", "her"})
THING_PRONOUNS = frozenset({"it", "its"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
POSSESSIVES = frozenset({"his", "her", "its", "their"})
ORG_NOUNS = words(
    "company firm group bank carmaker automaker airline retailer insurer lender miner "
    "producer operator utility conglomerate manufacturer giant startup party club "
    "team agency ministry government organisation organization union court council "
    "board"
)
PLACE_NOUNS = words("country nation city state province region capital")
PAIR_NOUNS = frozenset({"countries", "nations", "neighbours", "neighbors", "sides"})
PERSON_NOUNS = words(
    "official minister spokesman spokeswoman spokesperson president man woman "
    "director chief secretary envoy governor mayor coach leader analyst executive "
    "officer chairman chairwoman ambassador judge"
)
MAX_ANTECEDENT_WORDS = 6  # a longer phrase would make the claim harder to read than the pronoun
# Subjects and organisations are what "it"/"they" most often point back to.
_SALIENT = frozenset({"NP", "ORG", "PERSON"})
_RESOLVABLE_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})
_EXPLETIVE_HEADS = words("is was 's seems seemed appears remains takes")


@dataclass(frozen=True, slots=True)
class Mention:
    """Something a pronoun can refer back to."""

    text: str
    label: str
    position: int
    plural: bool = False
    person: bool = False


@dataclass(slots=True)
class Memory:
    """The mentions a document has made so far, oldest first."""

    mentions: list[Mention] = field(default_factory=list)
    limit: int = 40

    def observe(self, mentions: list[Mention]) -> None:
        """Remember a finished sentence's mentions."""
        self.mentions = (self.mentions + mentions)[-self.limit :]


def sentence_mentions(sent: Span) -> list[Mention]:
    """Named entities and subject noun phrases of a sentence, in reading order."""
    found = [
        Mention(_strip_possessive(ent.text), ent.label_, ent.start, person=ent.label_ == "PERSON")
        for ent in sent.ents
        if ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT")
    ]
    for tok in sent:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("NOUN", "PROPN"):
            found.append(_subject_mention(tok))
            found.extend(_subject_mention(n) for n in _inner_nouns(tok))
    return sorted(found, key=lambda m: m.position)


def _subject_mention(tok: Token) -> Mention:
    """A subject noun phrase as something later pronouns can point to."""
    phrase = noun_phrase(tok)
    text = mid_sentence(list(phrase))
    plural = tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children)
    person = tok.ent_type_ == "PERSON" or tok.lower_ in PERSON_NOUNS
    return Mention(text, "NP", tok.i, plural, person)


def _inner_nouns(subject: Token) -> list[Token]:
    """Nouns inside a subject's prepositional phrases ("Profits at the retailer")."""
    return [
        g
        for c in subject.children
        if c.dep_ == "prep"
        for g in c.children
        if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")
    ]


def _strip_possessive(text: str) -> str:
    return text[:-2] if text.endswith(("'s", "’s")) else text


def _antecedent(tok: Token, here: list[Mention], memory: Memory) -> Mention | None:
    """The latest earlier mention that agrees with a pronoun or definite phrase."""
    pool = memory.mentions + [m for m in here if m.position < tok.i]
    wants = _agreement(tok)
    if wants is None:
        return None
    pool = [m for m in pool if len(m.text.split()) <= MAX_ANTECEDENT_WORDS]
    salient = [m for m in pool if m.label in _SALIENT]
    found = next((m for m in reversed(salient) if wants(m)), None)
    return found or next((m for m in reversed(pool) if wants(m)), None)


def _agreement(tok: Token):  # noqa: ANN202 - a small predicate factory
    """What a referring word can point to, as a predicate on mentions."""
    low = tok.lower_
    if low in PERSON_PRONOUNS:
        return lambda m: m.label == "PERSON" or (m.person and not m.plural)
    if low in THING_PRONOUNS:
        return lambda m: not m.person and not m.plural and m.label != "NORP"
    if low in GROUP_PRONOUNS:
        return lambda m: m.plural or m.label in ("ORG", "NORP")
    if low in ORG_NOUNS:
        return lambda m: m.label == "ORG"
    if low in PLACE_NOUNS:
        return lambda m: m.label == "GPE"
    return None


def _is_expletive(tok: Token) -> bool:
    """True for an "it" that refers to nothing: "it is likely that …", "it is time to …"."""
    if tok.lower_ != "it":
        return False
    head = tok.head
    if any(c.dep_ in ("ccomp", "csubj") for c in head.children):
        return True
    if head.lower_ in _EXPLETIVE_HEADS and any(c.dep_ == "xcomp" for c in head.children):
        return True
    predicates = [c for c in head.children if c.dep_ in ("acomp", "attr")]
    return any(g.dep_ == "ccomp" for p in predicates for g in p.children)


def _definite_phrase(tok: Token) -> list[Token] | None:
    """Words of a bare definite noun ("the company") that can stand for a name."""
    kids = list(tok.children)
    if tok.pos_ != "NOUN" or len(kids) != 1 or kids[0].lower_ != "the":
        return None
    if tok.lower_ in ORG_NOUNS or tok.lower_ in PLACE_NOUNS:
        return [kids[0], tok]
    return None


def _pair(tok: Token, here: list[Mention], memory: Memory) -> tuple[list[Token], str] | None:
    """The last two places named, for "the two countries"."""
    kids = {c.lower_: c for c in tok.children}
    if tok.lower_ not in PAIR_NOUNS or set(kids) != {"the", "two"}:
        return None
    pool = memory.mentions + [m for m in here if m.position < tok.i]
    places: list[str] = []
    for m in reversed(pool):
        if m.label == "GPE" and m.text not in places:
            places.append(m.text)
    if len(places) < 2:
        return None
    return [kids["the"], kids["two"], tok], f"{places[1]} and {places[0]}"


def _replacement(
    tok: Token, here: list[Mention], memory: Memory, claim: str
) -> tuple[list[Token], str] | None:
    """The words to replace and the text to put in their place, if tok refers back."""
    if tok.dep_ not in _RESOLVABLE_DEPS:
        return None
    if tok.tag_ in ("PRP", "PRP$") and not _is_expletive(tok):
        if tok.dep_ == "poss" and tok.head.dep_ not in ("nsubj", "nsubjpass"):
            return None  # "X raised its stake": an object's owner is the claim's own subject
        found = _antecedent(tok, here, memory)
        if found is None or (tok.dep_ == "poss" and found.text.lower() in claim):
            return None  # "X restored their ambassadors": the owner is already named
        if tok.dep_ != "poss":
            return [tok], found.text
        return [tok], found.text + ("'" if found.text.endswith("s") else "'s")
    pair = _pair(tok, here, memory)
    if pair is not None:
        return pair
    phrase = _definite_phrase(tok)
    found = _antecedent(tok, here, memory) if phrase else None
    if phrase is None or found is None or tok.lower_ in found.text.lower():
        return None
    return phrase, found.text


def _may_refer(tok: Token) -> bool:
    """A cheap test: could this word be a pronoun or a definite phrase that refers back?"""
    if tok.dep_ not in _RESOLVABLE_DEPS:
        return False
    low = tok.lower_
    return (
        tok.tag_ in ("PRP", "PRP$") or low in ORG_NOUNS or low in PLACE_NOUNS or low in PAIR_NOUNS
    )


def resolve(pieces: list[Piece], here: list[Mention], memory: Memory) -> list[Piece]:
    """Pieces with referring words replaced by what they refer to."""
    if not any(isinstance(p, Token) and _may_refer(p) for p in pieces):
        return pieces
    out: list[Piece] = []
    skip: set[int] = set()
    claim = render(pieces).lower()
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        if piece.i in skip:
            continue
        found = _replacement(piece, here, memory, claim)
        if found is None:
            out.append(piece)
            continue
        words, text = found
        claim += " " + text.lower()
        skip |= {w.i for w in words}
        out = [p for p in out if not (isinstance(p, Token) and p.i in skip)]
        out.append(text)
    return out


def inserted_entities(
    pieces: list[Piece], here: list[Mention], memory: Memory
) -> list[dict[str, str]]:
    """The named entities that replaced pronouns in pieces, as {"text", "label"}."""
    named = {m.text: m.label for m in memory.mentions + here if m.label not in ("NP",)}
    found = []
    for piece in pieces:
        if isinstance(piece, str):
            text = _strip_possessive(piece.rstrip("'"))
            if text in named:
                found.append({"text": text, "label": named[text]})
    return found

"""Whose figures a claim gives: "Sales in 1987/88 are estimated …" → "[Acme Corp's] sales …",
when the story is about one company and the subject names a figure with no owner of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from app.nlp.lexicon import is_central_bank, words
from app.nlp.mentions import (
    COMMENTATORS,
    ORG_NOUNS,
    PERSON_NOUNS,
    SUBJECTS,
    Mention,
    is_company_like,
    possessive_form,
)

_RECENT = 2  # sentences back the topic company must have been named
_PERIODS = words("year quarter half month week period months years quarters")

if TYPE_CHECKING:
    from app.nlp.decontext import Memory, SentenceRefs

# Figures a company reports: a subject that names one without its owner gets the topic's name.
FIGURE_NOUNS = words(
    "sales revenue revenues profit profits earnings results orders turnover loss losses "
    "output dividend income shares stock capacity operations margin margins price "
    "products plants mills stores employees workforce subsidiary division"
)


def add_owners(sent: Span, refs: SentenceRefs, memory: Memory, speaker: Mention | None) -> None:
    """Whose figures a subject like "Sales" or "the share price" gives, when the story is about
    one company, named lately, and nobody else is named in the sentence: "[Payless Cashways
    Inc's] 1987 sales will exceed …" (not "Toyota said earnings rose …")."""
    topic = topic_of(memory, refs.mentions)
    people = {m.key for m in memory.mentions if m.kind == "person"}
    if topic is None or _others_named(refs.mentions, topic, speaker, people):
        return
    for tok in sent:
        if _is_thing_subject(tok):
            return  # "The bond may be retired if the secondary price …": the bond's price
        if is_ownerless_figure(tok) and tok.i not in refs.quoted:
            first = min(tok.subtree, key=lambda t: t.i)
            replaced = (first,) if first.lower_ == "the" else ()
            refs.owners[first.i] = (replaced, possessive_form(topic.text))


def topic_of(memory: Memory, here: list[Mention]) -> Mention | None:
    """The one organisation the document has named as a subject or speaker, if only one, and
    if it was named in this sentence or the two before."""
    people = {m.key for m in memory.mentions + here if m.kind == "person"}
    named = [m for m in memory.mentions + here if m.kind == "org" and m.label == "ORG"
             and m.key not in people and not m.descriptors & COMMENTATORS]
    leads = {m.key for m in named if m.rank <= 1}
    if len(leads) != 1:
        return None
    key = leads.pop()
    topic = next(m for m in reversed(named) if m.key == key and m.rank <= 1)  # (not the
    # parent named in "the Mobil Corp subsidiary", after "Mobil Oil Corp said …")
    spoken_for = {m.affiliation for m in memory.mentions + here if m.kind == "person"}
    # Named only inside a subject ("X, the arm of Acme Plc, …"), it is not the story's topic;
    # its officer speaking makes it one ("Acme Inc chairman J. Doe told analysts …").
    if topic.text not in spoken_for and not any(m.key == key and m.rank == 0 for m in named):
        return None
    recent = memory.sentences - topic.sentence <= _RECENT
    company = is_company_like(topic) and not is_central_bank(topic.text)  # (a central bank's
    # "stock" is the government stock it issues, not its own)
    return topic if recent and company else None


def _others_named(here: list[Mention], topic: Mention, speaker: Mention | None,
                  people: set[str]) -> bool:
    """True when the sentence names an organisation, person or group other than the topic
    (a person speaking is fine: the company's officer, also when the recogniser calls a name
    it called a person before an organisation)."""
    for mention in here:
        if mention.key == topic.key or mention.label in ("NP", "NAME", "DATE"):
            continue
        if speaker is not None and mention.position == speaker.position:
            continue
        if mention.kind in ("org", "person", "group"):
            return True
    if speaker is None or speaker.key in people:
        return False
    return speaker.kind == "org" and speaker.key != topic.key


def is_ownerless_figure(tok: Token) -> bool:
    """A subject naming a business figure with no owner of its own ("Sales in 1987/88 …",
    "The share sale price …"; not "its sales", "sales at Acme", "the price of crude oil",
    "the dividend paid by rivals", "a price")."""
    if tok.pos_ != "NOUN" or tok.lower_ not in FIGURE_NOUNS or tok.dep_ not in SUBJECTS:
        return False
    for child in tok.children:
        if child.dep_ == "poss" or child.ent_type_ in ("ORG", "PERSON", "GPE", "NORP"):
            return False
        if child.dep_ == "compound" and child.pos_ == "PROPN":
            return False  # "Princeville shares", "System Designers shares": a name's own
        if child.dep_ == "det" and child.lower_ != "the":
            return False
        if child.dep_ in ("acl", "relcl"):
            return False
        if child.dep_ == "prep" and not all(_is_time(g) for g in child.children
                                            if g.dep_ == "pobj"):
            return False
    return True


def _is_thing_subject(tok: Token) -> bool:
    """A subject naming a thing other than a figure or an actor ("The bond", "The plant"): a
    figure after it may as well be its own."""
    return (tok.dep_ in SUBJECTS and tok.pos_ == "NOUN" and not tok.ent_type_
            and tok.lower_ not in FIGURE_NOUNS | ORG_NOUNS | PERSON_NOUNS | _PERIODS)


def _is_time(tok: Token) -> bool:
    """A period ("in 1987/88", "for the third quarter", "in the first half")."""
    return tok.ent_type_ in ("DATE", "TIME") or tok.like_num or tok.lower_ in _PERIODS

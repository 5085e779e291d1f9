"""Whose figures a claim gives: "Sales in 1987/88 are estimated …" → "[Acme Corp's] sales …",
when the story is about one company and the subject names a figure with no owner of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from app.nlp.lexicon import words
from app.nlp.mentions import SUBJECTS, Mention, is_company_like, possessive_form

if TYPE_CHECKING:
    from app.nlp.decontext import Memory, SentenceRefs

# Figures a company reports: a subject that names one without its owner gets the topic's name.
FIGURE_NOUNS = words(
    "sales revenue revenues profit profits earnings results orders turnover loss losses "
    "output dividend income shares stock capacity operations margin margins price "
    "products plants mills stores employees workforce subsidiary division"
)


def add_owners(sent: Span, refs: SentenceRefs, memory: Memory) -> None:
    """Whose figures a subject like "Sales" or "the share price" gives, when the document is
    about one organisation: "[Payless Cashways Inc's] 1987 sales will exceed …"."""
    topic = topic_of(memory, refs.mentions)
    if topic is None:
        return
    for tok in sent:
        if is_ownerless_figure(tok) and tok.i not in refs.quoted:
            first = min(tok.subtree, key=lambda t: t.i)
            replaced = (first,) if first.lower_ == "the" else ()
            refs.owners[first.i] = (replaced, possessive_form(topic.text))


def topic_of(memory: Memory, here: list[Mention]) -> Mention | None:
    """The one company the document has named as a subject or speaker, if only one."""
    named = [m for m in memory.mentions + here if m.kind == "org" and is_company_like(m)]
    leads = {m.key for m in named if m.rank <= 1}
    if len(leads) != 1:
        return None
    key = leads.pop()
    return next(m for m in reversed(named) if m.key == key)


def is_ownerless_figure(tok: Token) -> bool:
    """A subject naming a business figure with no owner of its own ("Sales in 1987/88 …",
    "The share sale price …"; not "its sales", "sales at Acme", "a price")."""
    if tok.pos_ != "NOUN" or tok.lower_ not in FIGURE_NOUNS or tok.dep_ not in SUBJECTS:
        return False
    for child in tok.children:
        if child.dep_ == "poss" or child.ent_type_ in ("ORG", "PERSON", "GPE", "NORP"):
            return False
        if child.dep_ == "det" and child.lower_ != "the":
            return False
        if child.dep_ == "prep" and any(
            g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.ent_type_) and not _is_time(g)
            for g in child.children
        ):
            return False
    return True


def _is_time(tok: Token) -> bool:
    return tok.ent_type_ in ("DATE", "TIME") or tok.like_num

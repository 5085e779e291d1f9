"""Left dislocation: a subject set apart before its clause and taken up by a pronoun.

Speech and quoted speech put the subject first and repeat it as a pronoun: "The banks that
lent to Brazil, they face big losses". Dropping the relative clause would leave "The banks
they face big losses"; the pronoun's antecedent is certain (it is the phrase set apart), so
the claim reads "[The banks] face big losses", the bracket replacing "they".
"""

from __future__ import annotations

from spacy.tokens import Token

from app.nlp import columns
from app.nlp.columns import subtree_ids
from app.nlp.lexicon import FRAMING_NOUNS, is_person_noun, words

_SET_APART = frozenset({"dep", "npadvmod", "advcl", "nsubj", "nsubjpass"})
_TAKEN_UP_BY = {"they": "plural", "it": "thing", "he": "person", "she": "person"}
_PARTS = words("plenty lots lot many most some all few several")  # "plenty of firms …, they"
_MARKS = frozenset({",", "--", "—", "–"})
_OPENERS = frozenset({"cc", "punct", "intj", "discourse", "advmod"})  # "And", "So", "Yes,"
# Nouns that frame what follows rather than name its subject ("The problem with it, it
# doesn't balance": "it" is the plan), and idioms read as nouns ("thanks to …").
_FRAMING = FRAMING_NOUNS | words("issue way lot thanks bottom line kind sort")
_TIMES = words("day days week weeks month months year years time times night morning")
_THINGS = frozenset({"ORG", "PRODUCT", "LAW", "GPE", "FAC", "EVENT", "WORK_OF_ART", "LOC"})
_IMPERSONAL = words("seem seems seemed appear appears appeared happen happens happened")


def dislocated_subject(verb: Token) -> tuple[Token, Token] | None:
    """The noun set apart before the verb's pronoun subject, and that pronoun; None unless sure.

    Sure means: the noun opens the clause, only a comma or a dash stands between its phrase and
    the pronoun, and the pronoun agrees with it ("they" a plural, "it" a singular that is not a
    person, "he"/"she" a person by its name or its noun).
    """
    cols = columns.of(verb.doc)
    dep, tag, lower = cols.dep, cols.tag, cols.lower
    at = next((c for c in cols.children[verb.i] if dep[c] in ("nsubj", "nsubjpass")
               and tag[c] == "PRP" and lower[c] in _TAKEN_UP_BY), None)
    if at is None:  # (read from the columns: most verbs have no such pronoun)
        return None
    pronoun = verb.doc[at]
    noun = next((c for c in verb.children if c.i < pronoun.i and c.dep_ in _SET_APART
                 and (c.pos_ in ("NOUN", "PROPN") or c.lower_ in _PARTS)), None)
    if noun is None or not _set_apart(noun, pronoun) or not _opens_sentence(noun):
        return None
    if noun.lower_ in _FRAMING | _TIMES or noun.ent_type_ in ("DATE", "TIME"):
        return None
    if pronoun.lower_ == "it" and _impersonal(verb):
        return None
    return (noun, pronoun) if _agrees(noun, _TAKEN_UP_BY[pronoun.lower_]) else None


def _set_apart(noun: Token, pronoun: Token) -> bool:
    """One comma or dash, and nothing else, between the noun's phrase and the pronoun."""
    end = max(subtree_ids(noun))
    between = noun.doc[end + 1 : pronoun.i]
    if end < pronoun.i - 1 or noun.doc[end].text not in _MARKS:
        return len(between) == 1 and between[0].text in _MARKS
    return not between  # the comma ended up inside the noun's subtree


def _opens_sentence(noun: Token) -> bool:
    """Nothing before the noun's phrase but glue ("And", "So", a quotation mark)."""
    start = min(subtree_ids(noun))
    return all(t.dep_ in _OPENERS or t.is_punct for t in noun.doc[noun.sent.start : start])


def _impersonal(verb: Token) -> bool:
    """ "it seems", "it would be irresponsible to …": an "it" that stands for no noun."""
    deps = {c.dep_ for c in verb.children}
    clause = deps & {"ccomp", "xcomp", "advcl", "csubj"}
    return verb.lower_ in _IMPERSONAL or bool(clause and deps & {"acomp", "attr"})


def _agrees(noun: Token, kind: str) -> bool:
    """Whether the pronoun surely means the noun. Not a list ("The earthquake and the
    hurricanes, it …"), an item counted off ("Number three, it …"), or a lone name, which is
    how a speaker addresses someone ("Donald, she has a name"); "it" a name only when the name
is a thing's ("Medicare, it's …"), not a person's ("Von Fremd, it would be …")."""
    if any(c.dep_ == "conj" for c in noun.children):
        return False
    if kind == "plural":
        if noun.lower_ in _PARTS:
            return any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)
        return noun.tag_ in ("NNS", "NNPS")
    if noun.tag_ not in ("NN", "NNP") or any(c.like_num for c in noun.children):
        return False
    lone_name = noun.tag_ == "NNP" and not list(noun.children)
    person = noun.ent_type_ == "PERSON" or is_person_noun(noun.text)
    if kind == "person":
        return person and not lone_name
    return not person and (noun.tag_ == "NN" or noun.ent_type_ in _THINGS)

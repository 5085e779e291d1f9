"""Word lists written as plain strings, so the rules' vocabularies stay readable."""

from __future__ import annotations

from collections.abc import Iterable


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of text, as a set."""
    return frozenset(text.split())


def verb_forms(verbs: Iterable[str]) -> frozenset[str]:
    """Base, -s, -ed and -ing forms of regular verbs (no lemmatizer needed at run time)."""
    out: set[str] = set()
    for verb in verbs:
        stem = verb[:-1] if verb.endswith("e") else verb
        out |= {verb, verb + "s", stem + "ed", stem + "ing"}
    return frozenset(out)


# A source that is only one of these says who only to one who has read the sentences before
_PRONOUN_SOURCES = words("he she him her it they them we i you one")


def is_pronoun_source(source: str | None) -> bool:
    """True for an attribution that is a bare pronoun ("…, they said": which they?)."""
    return source is not None and source.lower() in _PRONOUN_SOURCES


FINITE_TAGS = words("VBD VBZ VBP MD")  # a verb with tense: past, present, or a modal
COPULAS = words("is are was were be been being")

# Nouns that frame what a speaker goes on to say ("The fact is, when we knew it was
# coming …"): never what a later "it" means.
FRAMING_NOUNS = words("fact truth problem point question thing idea reason trouble")

CORPORATE_SUFFIXES = words(
    "inc corp co ltd plc ag sa nv bv spa gmbh llc lp group holding holdings corporation company "
    "industries bancorp airlines"
)
_DESIGNATORS = words("inc corp co ltd plc")


def is_corporate(name: str) -> bool:
    """True for a name ending like a company's ("… Inc", "… Corp", "… AG"), whatever the
    recogniser called it."""
    words_ = name.replace("<", " ").replace(">", " ").replace(".", "").split()
    if not words_:
        return False
    if words_[-1].lower() in CORPORATE_SUFFIXES:
        return True
    # "Prudential Insurance Co of America", "Associates Corp of North America": the company's
    # designator, then where it is (not "the Group of Seven": a group is no designator here)
    of = next((k for k, w in enumerate(words_) if w == "of"), None)
    return of is not None and 1 < of < len(words_) - 1 and (
        words_[of - 1].lower() in _DESIGNATORS and all(w[:1].isupper() for w in words_[of + 1 :]))


PERSON_NOUNS = words(  # what a person is called in news copy
    "official minister spokesman spokeswoman spokesperson president man woman "
    "director chief secretary envoy governor mayor coach leader analyst executive "
    "officer chairman chairwoman ambassador judge source trader dealer economist "
    "diplomat lawyer attorney banker negotiator treasurer"
)


def is_person_noun(word: str) -> bool:
    """ "spokesman", "officials", "men": a noun for people, singular or plural."""
    word = word.lower()
    return word in PERSON_NOUNS or word.removesuffix("s") in PERSON_NOUNS or (
        word.endswith("men") and word[:-3] + "man" in PERSON_NOUNS)


# Verbs whose base form and past tense are one word: the tagger's base form may be a past.
PAST_AS_BASE = words("cut hurt set put hit cost let spread shut quit bid cast split burst forecast "
                     "broadcast upset offset reset shed slit thrust read")
# Plurals in form that name one thing ("the data is").
SINGULAR_PLURALS = words("data media series means species headquarters news economics politics "
                         "operations works")

# What a central bank's name holds ("the Federal Reserve", "the Bundesbank", "Bank Negara"),
# or the country a "Bank of X" is named for ("Bank of Japan", not "Bank of Tokyo"); a
# central bank the lists miss leaves "the central bank" as written, which is never false
_CENTRAL_BANK_WORDS = words(
    "central reserve fed bundesbank riksbank nationalbank norges negara indonesia "
    "monetary nederlandsche"
)
# A "Bank of X" may say what kind of bank first: "State Bank of Pakistan", "National Bank of
# Hungary" (not "National City Bank", "State Street Bank")
_BANK_OF_KINDS = words("national state people's")
_COUNTRIES = words(
    "england japan france spain italy canada korea thailand greece portugal mexico israel "
    "zambia finland sweden norway denmark austria belgium ireland switzerland germany russia "
    "china taiwan india pakistan bangladesh malaysia singapore philippines australia zealand "
    "brazil argentina chile peru colombia venezuela ecuador bolivia uruguay paraguay nigeria "
    "kenya ghana egypt morocco algeria tunisia turkey iran iraq jordan lebanon kuwait jamaica "
    "uganda tanzania zimbabwe botswana namibia mauritius lanka hungary poland yugoslavia "
    "romania bulgaria czechoslovakia netherlands luxembourg iceland cyprus malta sudan libya "
    "ethiopia somalia zaire cameroon senegal ivory guinea"
)


def is_central_bank(name: str) -> bool:
    """True for a name a central bank goes by, so that "the central bank" never stands for a
    commercial one named before it ("National Westminster Bank Plc", "Bank of Tokyo")."""
    found = name.lower().replace("<", " ").replace(">", " ").replace(".", "").split()
    if not found or is_corporate(name):
        return False
    if _CENTRAL_BANK_WORDS & set(found):
        return True
    if found[0] == "the":
        found = found[1:]
    if found == ["swiss", "national", "bank"]:
        return True
    if found[:1] and found[0] in _BANK_OF_KINDS:
        found = found[1:]
    named_for = found[2:] if found[:2] in (["bank", "of"], ["banque", "de"]) else []
    return bool(_COUNTRIES & set(named_for))  # ("Banque de France" too)


_UTILITY_WORDS = words("power electric electricity gas light energy edison water hydro")


def is_utility(name: str) -> bool:
    """True for a name a utility goes by ("Duke Power Co", "UtiliCorp United"), so that "the
    utility" never stands for the bank that sold its bonds ("Morgan")."""
    found = name.lower().replace("&", " ").split()
    return bool(_UTILITY_WORDS & set(found)) or any(w.startswith("util") for w in found) or (
        "public service" in " ".join(found))  # ("Northern Indiana Public Service Co")

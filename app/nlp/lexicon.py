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


def name_words(name: str) -> list[str]:
    """A name's words without the ticker brackets and full stops news copy puts in it
    ("<Drexel Burnham Lambert Inc>", "E.F. Hutton")."""
    return name.replace("<", " ").replace(">", " ").replace(".", "").split()


def is_name_fragment(name: str) -> bool:
    """True for a piece of a name the recogniser cut off, never a name on its own: a letter
    ("P" of "D and P"), a legal form alone ("B.A" of "Rabobank Nederland B.A."), or words that
    stop before what they need ("The Issuing Centre of")."""
    words_ = name_words(name)
    if sum(c.isalnum() for c in "".join(words_)) < 2:
        return True
    return all(w.lower() in _LEGAL_FORMS for w in words_) or words_[-1].lower() in _NAME_JOINERS


_CORPORATE_PREFIXES = words("cie compagnie societe cia gruppo grupo groupe")  # "Cie Bancaire"
_LEGAL_FORMS = _DESIGNATORS | words("ag sa nv bv ba spa gmbh llc lp")
_NAME_JOINERS = words("of and for the de du von van at in")


def is_corporate(name: str) -> bool:
    """True for a name ending like a company's ("… Inc", "… Corp", "… AG"), whatever the
    recogniser called it."""
    words_ = name_words(name)
    if not words_:
        return False
    if words_[-1].lower() in CORPORATE_SUFFIXES or len(words_) > 1 and (
            words_[0].lower() in _CORPORATE_PREFIXES):
        return True  # "… Inc", "Cie Bancaire"
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

# What only a central bank's name holds ("the Federal Reserve", "the Bundesbank"), and the
# countries whose central bank is the "Bank of X" ("Bank of Japan", not "Bank of Tokyo"; not
# "Bank of China", "Bank of Ireland", "Bank of India": commercial banks, whose countries' central
# banks are the People's Bank, the Central Bank of Ireland, the Reserve Bank). A central bank
# the lists miss leaves "the central bank" as written, which is never false.
_CENTRAL_BANK_PHRASES = (
    "central bank", "federal reserve", "reserve bank", "bundesbank", "riksbank",
    "nationalbank", "norges bank", "nederlandsche bank", "swiss national bank",
    "monetary authority", "monetary agency", "state bank of pakistan", "people's bank of china",
    "national bank of hungary", "national bank of poland", "national bank of belgium",
    "national bank of yugoslavia",
)
_CENTRAL_BANK_NAMES = frozenset({"fed", "bank indonesia", "bank negara", "bank negara malaysia"})
_BANK_OF_COUNTRIES = words(
    "england japan france spain italy canada korea thailand greece portugal mexico israel "
    "zambia finland sweden norway denmark austria belgium switzerland russia "
    "ghana uganda tanzania botswana namibia mauritius jamaica guyana sudan libya algeria "
    "tunisia morocco lebanon"
)


def is_central_bank(name: str) -> bool:
    """True for a name a central bank goes by, so that "the central bank" never stands for a
    commercial one named before it ("National Westminster Bank Plc", "Bank of Tokyo")."""
    found = name_words(name.lower())
    if found[:1] == ["the"]:
        found = found[1:]
    if not found or is_corporate(name):
        return False
    joined = " ".join(found)
    if joined in _CENTRAL_BANK_NAMES or any(p in joined for p in _CENTRAL_BANK_PHRASES):
        return True
    named_for = found[2:] if found[:2] in (["bank", "of"], ["banque", "de"]) else []
    return len(named_for) == 1 and named_for[0] in _BANK_OF_COUNTRIES  # ("Banque de France")


# A utility's name ends in what it supplies ("Duke Power Co", "El Paso Electric"); makers with
# such a name are not utilities
_UTILITY_ENDS = words("power electric electricity gas light energy edison water hydro "
                      "utilities utility service")
_NOT_UTILITIES = frozenset({"general electric", "westinghouse electric", "emerson electric",
                            "norsk hydro"})


def is_utility(name: str) -> bool:
    """True for a name a utility goes by ("Duke Power Co", "UtiliCorp United", "Northern Indiana
    Public Service Co"), so that "the utility" never stands for the bank that sold its bonds
    ("Morgan")."""
    words_ = name_words(name.lower().replace("&", " "))
    while words_ and words_[-1] in CORPORATE_SUFFIXES and words_[-1] not in _UTILITY_ENDS:
        words_.pop()
    if not words_ or " ".join(words_) in _NOT_UTILITIES:
        return False
    return words_[-1] in _UTILITY_ENDS or words_[0].startswith("util") or (
        "public service" in " ".join(words_))  # ("Public Service Co of New Mexico")

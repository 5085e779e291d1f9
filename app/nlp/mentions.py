"""What a document names: the mentions a later pronoun or definite phrase may point back to.

Named entities (a name ending "Inc", "Corp", "AG" is an organisation whatever the recogniser
says), subject and object noun phrases, and proper-noun subjects the recogniser missed; each
with its kind, number, how prominent it is in its sentence (its rank) and a key under which
other names of the same referent meet ("Robert Crandall", "Crandall"). Addressees, news
agencies and places named as locations are left out: they are never antecedents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.attrs import ENT_IOB, LIKE_NUM, ORTH
from spacy.tokens import Doc, Span, Token

from app.nlp import columns
from app.nlp.attribution import Frame, full_name
from app.nlp.drafts import mid_sentence, render
from app.nlp.lexicon import PERSON_NOUNS, is_corporate, is_person_noun, words
from app.nlp.splitting import noun_phrase
from app.nlp.wirecopy import is_ticker

# "The company" may stand for any organisation named before; "the bank" only for one whose
# name or description says bank.
COMPANY_NOUNS = words(
    "company firm group carmaker automaker airline retailer insurer lender miner producer "
    "operator utility conglomerate manufacturer giant startup corporation concern"
)

NAMED_NOUNS = words(
    "bank exchange agency ministry committee union court council board party club team "
    "government organisation organization body department commission authority"
)

ORG_NOUNS = COMPANY_NOUNS | NAMED_NOUNS

PUBLIC_BODIES = words(
    "ministry department committee council government agency board commission authority "
    "union court party parliament senate congress reserve"
)

PLACE_NOUNS = words("country nation city state province region capital island")

PAIR_NOUNS = words("countries nations neighbours neighbors sides")


# A minister's or secretary's portfolio, which the recogniser may call an organisation
PORTFOLIOS = words(
    "finance foreign trade defence defense interior economy economics agriculture commerce "
    "energy health labour labor justice education industry transport environment"
)

NEWS_AGENCIES = words(
    "reuters kyodo afp ap upi xinhua tass bloomberg itar-tass ansa efe yonhap jiji "
    "bernama antara pti dpa"
)

# Words in the names of organisations that report on companies rather than being "the
# company" of their own reports: rating agencies, exchanges, statistics bureaus, trade
# associations, underwriters, news agencies
COMMENTATORS = words(
    "moody's poor's fitch duff phelps exchange bureau statistics institute association "
    "underwriter underwriters manager co-manager s&p sec"
) | NEWS_AGENCIES | {"s and p"}

MEDIA_WORDS = words("news newspaper journal television radio agency wire")

MAX_ANTECEDENT_WORDS = 6  # a longer phrase would make the claim harder to read than the pronoun

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_OUTSIDE = 2  # ENT_IOB of a word outside any entity ("O")
_WITHIN_PHRASE = frozenset({"compound", "poss", "appos", "nmod", "amod", "case"})  # phrase_head
_NAME_TAGS = ("NNP", "NNPS")

NOUN_PLACES = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})

CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "conj", "cc", "parataxis"})

LOCATION_PREPS = words("in at near from into across outside inside throughout via")

TELLING = words("told tell tells telling informed inform informs assured assure briefed "
                "warned warn warns notified notify notifies reminded remind reminds")
QUOTING = words("quoted quotes quote")
# Titles and common first names that say a person's gender; anything else leaves it unknown.
_MEN = words(
    "mr sir lord king prince john james robert michael william david richard charles joseph "
    "thomas peter paul george frank edward henry donald ronald mark steven kenneth andrew "
    "hans jean jacques karl yasuhiro mikhail helmut"
)
_WOMEN = words(
    "mrs ms miss dame lady queen princess mary patricia linda barbara elizabeth jennifer maria "
    "susan margaret dorothy lisa nancy karen betty helen sandra carol ruth sharon anne jane "
    "marta ann"
)
ADDRESSEE_RANK = 3  # below any role that can answer a pronoun

KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
          "NORP": "group", "PRODUCT": "thing"}

_ACTOR_NOUNS = ORG_NOUNS | PERSON_NOUNS | PLACE_NOUNS  # a noun that may stand in the way
# A person's title right before a name ("spokesman Lloyd Northard"); not "dealer", "leader",
# "source", which also come before a firm ("bond dealer Salomon Brothers", "market leader IBM")
_TITLES = words("spokesman spokeswoman spokesperson president chairman chairwoman director "
                "analyst economist minister secretary governor ambassador treasurer lawyer "
                "attorney")

# A government office's title: the name compounded onto it is the office's portfolio
# ("Finance Minister X", "Economic Planning Secretary Y", "Treasury Secretary Z"), part of what
# the person is called, not a party of the sentence that an "it" or "its" could mean
_OFFICE = words("minister secretary undersecretary commissioner")  # one holder's title
_OFFICE_TITLES = _OFFICE | words("ministers secretaries commissioners")
_ANY_TITLE = _TITLES | _OFFICE_TITLES  # (once: read for every unknown name)

_COMPANY_PARTS = words("subsidiary unit division affiliate arm")  # of a company named before them
_STREETS = words("street avenue road square boulevard")  # a name's last word that makes a place

TICKER = re.compile(r"<[A-Z0-9.]{1,10}>")  # "<DIS>", "<KLM.AS>": a ticker, not a name


@dataclass(frozen=True, slots=True)
class Mention:
    """Something a later pronoun or definite phrase can point back to."""

    text: str
    kind: str  # person, org, place, group or thing
    plural: bool
    rank: int  # 0 the sentence's subject or speaker, 1 an embedded subject, 2 anything else
    sentence: int
    position: int
    key: str  # the same referent under other names ("Robert Crandall", "Crandall")
    label: str = "NP"
    affiliation: str | None = None  # the organisation a person speaks for ("a KLM spokesman")
    descriptors: frozenset[str] = frozenset()  # its name's and description's words ("bank")
    indefinite: bool = False  # introduced with "a"/"an" ("a Japanese firm")
    head: int = -1  # the token heading it in its sentence (position is where it starts)
    spoke: bool = False  # the speaker of its sentence's reporting frame
    gender: str = ""  # "m" or "f" where a title or first name says so, else unknown
    coordinated: bool = False  # one of several joined by "and" ("both the U.S. and Japan")


def is_company_like(mention: Mention) -> bool:
    """A company's name: "Acme Corp", "AMR", "Payless Cashways", "Credit Commercial de France"
    (a bank), not a ministry, a board or a one-word name the recogniser may have misread."""
    if mention.label != "ORG" or is_public_body(mention):
        return False
    text = mention.text
    return is_corporate(text) or text.isupper() or len(text.split()) > 1


def is_public_body(mention: Mention) -> bool:
    """A ministry, a board, a union — not a company whose name holds such a word ("Union
    Carbide Corp", "Reserve Petroleum Co")."""
    return (bool(mention.descriptors & PUBLIC_BODIES) or _UNION_LOCAL.match(mention.text)
            is not None) and not is_corporate(mention.text)


_UNION_LOCAL = re.compile(r"local \d+\b", re.IGNORECASE)  # "Local 222" of a union: no company


def possessive_form(name: str) -> str:
    if name.endswith(("'s", "’s")):
        return name  # "Moody's"
    return name + ("'" if name.endswith("s") else "'s")


def sentence_mentions(sent: Span, frame: Frame | None, index: int) -> list[Mention]:
    """Named entities and subject/object noun phrases that can be antecedents."""
    found: list[Mention] = []
    cols, doc = columns.of(sent.doc), sent.doc
    pos, tag, dep, ent_type = cols.pos, cols.tag, cols.dep, cols.ent_type
    for ent in map(full_name, columns.ents(sent)):
        written, root = ent.text, ent.root  # (spaCy works both out on each read)
        kind = "org" if is_corporate(written) else KINDS.get(ent.label_)
        noun_before = _noun_before_name(ent)
        titled = kind == "org" and not is_corporate(written) and not written.isupper() and (
            bool(noun_before & _TITLES) or any(
                c.dep_ == "appos" and c.lower_ in _TITLES for c in root.children))
        kind = "person" if titled else kind  # "spokesman Lloyd Northard", "Lance Moir, corporate
        # treasurer at Storehouse Plc", tagged organisations: persons, never "the company"
        if kind is None or is_excluded(root, written, frame):
            continue
        if any(pos[i] in ("VERB", "AUX") for i in range(ent.start, ent.end)):
            continue  # "Smith met Acme Corp": a recogniser's run-on, not a name
        if root.dep_ in ("compound", "amod") and root.head.pos_ == "NOUN" and (
                kind in ("person", "group") or root.head.i > ent.end - 1 and not (
                    is_corporate(written))):
            continue  # "the Bass family", "the Philippine negotiating team": no "he", "they";
            # "U.S. Government securities": a kind of securities, no "it"
        if kind == "org" and not is_corporate(written) and _in_office_title(root):
            continue  # "Venezuela's agreement with its banks …, Finance Minister X said": the
            # title's "Finance" is no owner of "its"
        text = clean_name(written, possessive=root.dep_ == "poss")
        if not text or len(text.split()) > MAX_ANTECEDENT_WORDS:
            continue
        plural = kind == "group" or root.tag_ in ("NNS", "NNPS")
        rank = ADDRESSEE_RANK if is_addressee(root) else prominence(root, sent, frame)
        affiliation = affiliation_of(root) if kind == "person" else None
        label = "ORG" if kind == "org" else "PERSON" if titled else ent.label_
        described = descriptors_of(root, text) | noun_before
        found.append(Mention(text, kind, plural, rank, index, ent.start, name_key(text, kind),
                             label, affiliation, described, head=root.i,
                             gender=gender_of(ent)))
    texts = cols.strings(ORTH)
    speaker = source_head(frame) if frame is not None else None
    for i in range(sent.start, sent.end):  # only the words either test below may accept
        if ent_type[i] or pos[i] != "NOUN" and not (dep[i] in SUBJECTS and (
                tag[i] in _NAME_TAGS or is_ticker(texts[i]))):
            continue
        tok = doc[i]
        if is_noun_mention(tok) and not is_excluded(tok, tok.text, frame):
            mention = noun_mention(tok, sent, frame, index)
            if mention is not None:
                found.append(mention)
        elif tok == speaker and dep[i] not in SUBJECTS and (
                mention := noun_mention(tok, sent, frame, index)) is not None:
            # the speaker the parser hung on the report ("…, a spokesman for X, said"): the
            # one who spoke, named by its own words only, since the rest is scattered
            own = [t for c in tok.lefts for t in c.subtree] + [tok]
            found.append(replace(mention, text=definite_text(own), rank=0))
        elif is_unknown_name(tok):
            if tok.lower_ in _ANY_TITLE and i + 1 < sent.end and (
                    texts[i + 1][:1].isupper()):
                continue  # "Finance Minister Barend du Plessis told …": the title of the name
                # after it, read apart from it (there "Barend" a verb); no second person
            parts = [t for t in tok.subtree if t.dep_ == "compound" or t == tok]
            text = clean_name(_unknown_name(tok, {t.i for t in parts}).text)
            described = descriptors_of(tok, text)
            after = [tok.nbor()] if tok.i + 1 < len(tok.doc) and tok.nbor().head == tok else []
            ticker = next((t for t in parts + after if is_ticker(t.text)), None)
            if ticker is not None and len(parts + after) > 1:
                # "Underwriter <Drexel … Inc>": the firm, described as an underwriter
                text = clean_name(ticker.text) or text
                described |= descriptors_of(tok, text)
            if not text:
                continue  # a ticker alone ("<ACME>")
            kind, label = ("org", "ORG") if is_corporate(text) else (
                ("place", "LOC") if text.split()[-1].lower() in _STREETS else (
                    ("person", "PERSON") if any(t.lower_ in _TITLES for t in parts) else (
                        "name", "NAME")))
            # ("Wall Street has given little credibility to …": the market, never a "he";
            # "president jaime lusinchi defended the accord …, saying it will …": never "it";
            # nor "the Prime Minister", though a title is no name to bracket: `is_a_title`)
            found.append(Mention(text, kind, False, prominence(tok, sent, frame), index, tok.i,
                                 name_key(text, kind), label, None, described, head=tok.i))
    speaking = {t.i for t in frame.source} if frame is not None else set()
    found = [_as_speaker(m) if m.rank == 0 and m.head in speaking else m for m in found]
    found = _joined_speaker(found, frame)  # (first: "Johnson and Johnson" is one speaker)
    found = [replace(m, coordinated=True) if _coordinated(sent.doc, m) else m for m in found]
    return sorted(found, key=lambda m: m.position)


def is_only_a_noun(name: str) -> bool:
    """True for a recognised "name" that is one organisation noun ("Group" of "the Group of
    77", "the Bank"): it may stand in the way of another antecedent, but says no more than
    "it" or "the group" and is never inserted."""
    words_ = name.split()
    if not words_ or len(words_) - (words_[0].lower() == "the") != 1:
        return False
    return words_[-1][:1].isupper() and words_[-1].lower() in ORG_NOUNS  # (not "the
    # company", a phrase the story used)


def _in_office_title(root: Token) -> bool:
    """True for a name compounded onto an office's title ("Assistant Treasury Secretary David
    Mulford", "European Community Farm Commissioner Frans Andriessen") or hung on it by a
    preposition ("Secretary of State for Inter-American Affairs Paul Taylor"); not a company
    ("secretary of Acme Corp")."""
    prep = root.head
    if root.dep_ == "pobj" and prep.lower_ in ("of", "for") and prep.head.lower_ in (
            _OFFICE_TITLES) and not is_corporate(" ".join(t.text for t in root.subtree)):
        return True
    head = root
    while head.dep_ == "compound" and head.head != head:
        head = head.head
        if head.lower_ in _OFFICE_TITLES:
            return True
    return False


def _unknown_name(tok: Token, compounds: set[int]) -> Span:
    """The words of a name the recogniser missed: from its first compound to its last, and on
    to the end of the proper noun that last one begins ("Public Service Co of New Mexico",
    whose "New" is a compound of "Mexico", not "… Co of New")."""
    doc, end = tok.doc, max(compounds) + 1
    inside = {t.i for t in tok.subtree}
    while end < len(doc) and end in inside and doc[end].pos_ == "PROPN":
        end += 1
    return doc[min(compounds) : end]


def _as_speaker(mention: Mention) -> Mention:
    """The reporting frame's speaker. One the recogniser called a location ("Milstein said",
    tagged LOC) is a person or a body that speaks, whose name says which: an unknown name,
    so that a "he added" after it is them, not someone named sentences before. (A country
    that speaks is its government: "Japan said it …" keeps its kind.)"""
    if mention.label == "LOC":
        return replace(mention, spoke=True, kind="name", label="NAME",
                       key=name_key(mention.text, "name"))
    return replace(mention, spoke=True)


def _coordinated(doc: Doc, mention: Mention) -> bool:
    """True when the mention is joined to another by "and"/"or" (not "Johnson and Johnson",
    whose "and" is inside the name)."""
    if mention.head < 0:
        return False
    cols, head = columns.of(doc), mention.head  # (the words around it from the columns)
    dep, pos, kids = cols.dep, cols.pos, cols.children
    inside = range(mention.position, mention.position + len(mention.text.split()))
    return dep[head] == "conj" and cols.heads[head] not in inside or any(
        dep[c] == "conj" and c not in inside or dep[c] == "appos" and pos[c] == "PROPN"
        and any(dep[g] == "conj" for g in kids[c])  # names read as an appositive ("Citibank
        for c in kids[head])  # N.A., Bank of America NT and SA, ABC and BBK filed …")


def _joined_speaker(found: list[Mention], frame: Frame | None) -> list[Mention]:
    """ "Duff and Phelps said it …", "S and P said the company …": a speaker named by two
    names joined by "and" is one speaker, not its first or last name alone (not "Japan and
    Toyota said": a place is no partner in a name)."""
    source = frame.source if frame is not None else []
    names = [t for t in source if t.pos_ == "PROPN"]
    joined = len(source) >= 3 and sum(t.lower_ == "and" for t in source) == 1 and all(
        t.pos_ == "PROPN" or t.lower_ == "and" for t in source)
    if not joined or any(t.ent_type_ in ("GPE", "LOC", "NORP") for t in names):
        return found
    inside = {t.i for t in source}
    parts = [m for m in found if m.head in inside]
    if not parts:
        return found
    text = source[0].doc[source[0].i : source[-1].i + 1].text
    described = frozenset({text.lower()}).union(*(m.descriptors for m in parts))
    whole = replace(parts[0], text=text, kind="org", plural=False, key=name_key(text, "org"),
                    label="ORG", rank=0, spoke=True, position=source[0].i, descriptors=described)
    return [m for m in found if m not in parts] + [whole]


def gender_of(name: Span) -> str:
    """ "m" or "f" from a title or a common first name just before or in the name, else ""."""
    lower, first = columns.of(name.doc).lower, max(name.start - 1, 0)
    for word in (lower[i].rstrip(".") for i in range(first, min(first + 2, name.end))):
        if word in _MEN:
            return "m"
        if word in _WOMEN:
            return "f"
    return ""


def is_unknown_name(tok: Token) -> bool:
    """A proper-noun subject the entity recogniser missed ("Rueckert told …", "Outboard was
    up …"): a person or an organisation, so it only answers "he" or "it" when nothing else does.
    """
    named = tok.tag_ in _NAME_TAGS or is_ticker(tok.text)  # ("The <American Stock Exchange>
    # said", its one merged token tagged as a determiner)
    return named and tok.dep_ in SUBJECTS and not tok.ent_type_


def is_noun_mention(tok: Token) -> bool:
    """A common noun heading a subject, object or predicate (or inside a subject), or a noun
    for an organisation, person or place anywhere ("a stake in a Japanese firm"): the last
    only to stand in the way of a wrong antecedent ("The firm makes chips")."""
    cols, i = columns.of(tok.doc), tok.i  # (its attributes from the columns)
    if cols.pos[i] != "NOUN" or cols.ent_type[i]:
        return False
    dep = cols.dep[i]
    return dep in NOUN_PLACES or inside_subject(tok) or (
        dep == "pobj" and cols.lower[i] in _ACTOR_NOUNS)


def inside_subject(tok: Token) -> bool:
    """A noun in a subject's prepositional phrase ("Profits at the retailer")."""
    cols = columns.of(tok.doc)  # (the columns: no Token for the head or its head)
    dep, heads = cols.dep, cols.heads
    prep = heads[tok.i]
    return dep[tok.i] == "pobj" and dep[prep] == "prep" and dep[heads[prep]] in SUBJECTS


def noun_mention(tok: Token, sent: Span, frame: Frame | None, index: int) -> Mention | None:
    """A common-noun phrase as a mention ("the mission", "a bank spokesman")."""
    cols = columns.of(tok.doc)  # (the phrase's words and its children's from the columns)
    dep, lower, tag, heads = cols.dep, cols.lower, cols.tag, cols.heads
    described_by = [c for c in cols.children[tok.i] if lower[c] == "members"  # (a Token only
                    and is_apposed_members(tok.doc[c])]  # for a "members")
    whole = noun_phrase(tok, {i for c in described_by for i in cols.subtree(c)})
    phrase = [t for t in whole if dep[t.i] not in ("nummod", "quantmod", "predet")]
    low = lower[tok.i]
    trimmed = bare = False
    if low in PERSON_NOUNS and len(phrase) > MAX_ANTECEDENT_WORDS:
        phrase = [t for t in phrase if t.i <= tok.i and (t.i == tok.i or heads[t.i] == tok.i)]
    elif len(phrase) > MAX_ANTECEDENT_WORDS and _long_subject(tok, sent, whole):
        # "The agreement to be implemented in two stages by July … would ban …": still the
        # agreement, which a later "it" may mean (named without quotation marks left open)
        before = [t for t in phrase if t.i <= tok.i and not t.is_quote]
        phrase = before if len(before) <= MAX_ANTECEDENT_WORDS else [tok]
        trimmed, bare = True, phrase == [tok]  # ("The Chicago Mercantile Exchange's (CME)
        # board …": "the board")
    while len(phrase) > 1 and phrase[-1].i > tok.i and cols.pos[phrase[-1].i] in _DANGLING:
        phrase = phrase[:-1]  # "A shareholder group led by New York investor Robert Toussie",
        # the name left out: "the shareholder group", never "[the shareholder group led by]"
    if not phrase or len(phrase) > MAX_ANTECEDENT_WORDS:
        return None
    number = cols.flags(LIKE_NUM)
    if any(tag[t.i] in ("PRP", "PRP$", "WDT", "WP", "WP$") or number[t.i] for t in phrase):
        return None
    counted = {i for t in whole if dep[t.i] in ("nummod", "quantmod", "predet")
               for i in cols.subtree(t.i)}  # ("About 300 miners": "about" goes with "300")
    text = definite_text([t for t in phrase if t.i not in counted] or phrase)
    if (counted or bare) and cols.pos[phrase[0].i] != "DET":
        text = "the " + text  # "one man … his car": "[the man's] car"; "300 miners": "[the
        # miners]"
    kind = "person" if low in PERSON_NOUNS else "org" if low in ORG_NOUNS else "thing"
    kids = cols.children[tok.i]
    plural = tag[tok.i] == "NNS" or any(dep[c] == "conj" and c not in described_by for c in kids)
    if trimmed and plural and not _of_people(low):
        return None  # ("The temporary orders froze … They are contesting …": the men; but
        # "Labor executives for both GM and Ford said they …")
    affiliation = affiliation_of(tok) if kind == "person" else None
    indefinite = any(dep[c] == "det" and lower[c] in ("a", "an", "another") for c in kids)
    rank = ADDRESSEE_RANK if is_addressee(tok) else prominence(tok, sent, frame)
    owner = {i for c in kids if dep[c] == "poss" for i in cols.subtree(c)}
    described = frozenset(lower[t.i] for t in phrase if t.i not in owner)  # "the Central Bank's
    # board" is a board, no bank
    return Mention(text, kind, plural, rank, index, tok.i, low, "NP",
                   affiliation, described, indefinite, head=tok.i)


def _of_people(plural: str) -> bool:
    """True for a plural of a noun for people or organisations ("executives", "companies")."""
    singular = plural[:-3] + "y" if plural.endswith("ies") else plural.removesuffix("s")
    return singular in PERSON_NOUNS or singular in ORG_NOUNS


def _long_subject(tok: Token, sent: Span, whole: list[Token]) -> bool:
    """True for the subject of its sentence's main verb, with no pronoun inside it ("Profit
    from its largest area … slipped" is no antecedent of its own "its")."""
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head == sent.root and not any(
        t.tag_ in ("PRP", "PRP$") for t in whole)


_DANGLING = frozenset(("ADP", "VERB", "AUX", "PART", "SCONJ"))  # a phrase's
# last word only when what it governs was left out


def is_a_title(text: str) -> bool:
    """True for an office named without its holder ("Treasury Secretary", "Prime Minister"):
    someone, but no name to put in a bracket."""
    words_ = text.lower().split()
    return bool(words_) and words_[-1] in _ANY_TITLE


def is_apposed_members(tok: Token) -> bool:
    """ "2,000 workers, members of the union, …": the parser's list reading of an appositive;
    "members" straight after a comma describes the people before it, no second group."""
    return (tok.dep_ == "conj" and tok.lower_ == "members" and tok.i > 0
            and tok.doc[tok.i - 1].text == ",")


def definite_text(phrase: list[Token]) -> str:
    """A noun phrase as it reads when mentioned again: "a bank spokesman" → "the bank spokesman"."""
    first = phrase[0]
    if first.lower_ in ("a", "an", "another", "one", "some") and len(phrase) > 1:
        return "the " + render(phrase[1:], capitalise=False)
    return mid_sentence(phrase)


def prominence(tok: Token, sent: Span, frame: Frame | None) -> int:
    """How prominent a mention is: 0 the sentence's subject or speaker, 1 an embedded subject
    or a name inside a subject ("Taiwan's … organisation"), 2 anything else."""
    head = phrase_head(tok)
    inside = 0 if head == tok else 1
    if frame is not None and frame.source and head.i in {t.i for t in frame.source}:
        if head.dep_ == "pobj":
            return 2  # "Lanson Champagne of France said it …": where the speaker is, not "it"
        if tok.head != tok and tok.dep_ != "appos" and _COMPANY_PARTS & {
                head.lower_, tok.head.lower_}:
            return 2  # "The Mobil Corp subsidiary said …": the subsidiary speaks, not its parent
            # (but "X's subsidiary, Y Inc, said …": Y is the subsidiary)
        return min(2, inside + (0 if head == source_head(frame) else 1))
    if inside_subject(head):
        return 1
    if _fronted(head):
        return ADDRESSEE_RANK  # "In a filing with the SEC, X said it …": never "it"
    if head.dep_ in SUBJECTS:
        verb = head.head
        main = verb == sent.root or (frame is not None and verb in frame.content)
        if verb == sent.root or (main and (frame is None or not frame.source)):
            return inside
        return min(2, 1 + inside)
    return 2


def _fronted(tok: Token) -> bool:
    """A noun inside a prepositional phrase that opens its clause, before the subject ("In a
    filing with the SEC, …", "Under the accord with Japan, …"): scene-setting, not an actor."""
    node = tok
    while node.dep_ in ("pobj", "prep", "compound", "poss", "amod", "det") and node.head != node:
        node = node.head
        if node.dep_ == "prep" and node.head.pos_ in ("VERB", "AUX"):
            verb = node.head
            subject = next((c for c in verb.children if c.dep_ in SUBJECTS), verb)
            return node.i < subject.i
    return False


def phrase_head(tok: Token) -> Token:
    """The head of the noun phrase a word belongs to (through compounds and appositives)."""
    return tok.doc[_phrase_head_at(tok.i, columns.of(tok.doc))]


def _phrase_head_at(i: int, cols: columns.Columns) -> int:
    """`phrase_head` of the word at position `i`, as a position (no Token on the way)."""
    dep, heads = cols.dep, cols.heads
    while dep[i] in _WITHIN_PHRASE and heads[i] != i:
        i = heads[i]
    return i


# What a company reports, capitalised in a headline-style sentence ("U.S. Earnings"); never a
# company name's last word (unlike "sales": "Toyota Motor Sales")
_FIGURES = words("earnings profits revenues")


def is_excluded(tok: Token, text: str, frame: Frame | None) -> bool:
    """News agencies and places named as locations are never antecedents (addressees are
    kept as rivals: see `is_addressee`)."""
    cols = columns.of(tok.doc)  # (the words around it from the columns, not as Tokens)
    dep, heads, lower, ent_type = cols.dep, cols.heads, cols.lower, cols.ent_type[tok.i]
    low = text.lower().removesuffix("'s").strip()
    if low in NEWS_AGENCIES or (set(low.split()) & MEDIA_WORDS and ent_type == "ORG"):
        return True
    if ent_type == "ORG" and low.rsplit(" ", 1)[-1] in _FIGURES:
        return True  # "U.S. Earnings" tagged an organisation: a figure, no party
    head = _phrase_head_at(tok.i, cols)
    if dep[head] == "pobj" and dep[heads[head]] == "agent" and (
            lower[heads[heads[head]]] in QUOTING):
        return True  # "quoted by Kyodo"
    is_place = ent_type in ("GPE", "LOC", "FAC")
    return is_place and dep[head] == "pobj" and lower[heads[head]] in LOCATION_PREPS


def is_addressee(tok: Token) -> bool:
    """ "told analysts", "informed Beta Inc that …": who was spoken to. Never the answer, but
    a rival that leaves "it" unsure ("Acme informed Beta that it had breached …")."""
    cols = columns.of(tok.doc)  # (the words around it from the columns, not as Tokens)
    dep, heads, lower = cols.dep, cols.heads, cols.lower
    head = _phrase_head_at(tok.i, cols)
    if dep[head] in ("dobj", "dative") and lower[heads[head]] in TELLING:
        return True
    return dep[head] == "pobj" and lower[heads[head]] == "to" and (
        lower[heads[heads[head]]] in TELLING)


def clean_name(text: str, possessive: bool = True) -> str:
    """An entity's name without tickers, what follows a comma, or a possessive ending (when
    it owns something: "Acme's profit", but "Moody's said" is a name):
    "Walt Disney Co <DIS>" → "Walt Disney Co", "<Noranda Inc>" → "Noranda Inc",
    "<Exco International Plc>, a subsidiary of …" → "Exco International Plc"."""
    text = TICKER.sub(" ", text).split(",")[0]
    text = " ".join(text.replace("<", "").replace(">", "").strip(" ,.").split())
    text = _RATING_BEFORE.sub("", text)  # "raised to BBB-plus from BBB Hechinger Co's debt"
    return strip_possessive(text) if possessive else text


# A credit rating the recogniser ran into the (two-word or longer) name after it
_RATING_BEFORE = re.compile(r"^(?:AAA|AA|BBB|BB|CCC|CC|Aaa|Aa|Baa|Ba|Caa)"
                            r"(?:-?(?:plus|minus|[123+]))? (?=[A-Z]\S* \S)")


def name_key(text: str, kind: str) -> str:
    """A person by surname, anything else by its first word: one referent under two names."""
    parts = [w for w in text.lower().replace("'s", "").split() if w != "the"]
    if not parts:
        return ""
    return parts[-1] if kind == "person" else parts[0]


def strip_possessive(text: str) -> str:
    for ending in ("'s", "’s", '"s', "'"):  # ('"s': a wire's typo, "Ecuador"s deputy …")
        if text.endswith(ending):
            return text[: -len(ending)]
    return text


def carried_mention(antecedent: Mention, tok: Token, sent: Span, frame: Frame | None,
             index: int) -> Mention:
    """A resolved reference, remembered as a new mention of its antecedent."""
    rank = prominence(tok, sent, frame)
    spoke = frame is not None and rank == 0 and tok.i in {t.i for t in frame.source}
    return Mention(antecedent.text, antecedent.kind, antecedent.plural, rank,
                   index, tok.i, antecedent.key, antecedent.label, antecedent.affiliation,
                   antecedent.descriptors, head=tok.i, spoke=spoke, gender=antecedent.gender)


def entity_at(first: Token) -> Span:
    """The entity that starts at a token, read from the tokens (not `doc.ents`, which builds
    every entity of the document on each call)."""
    end = first.i + 1
    while end < len(first.doc) and first.doc[end].ent_iob_ == "I":
        end += 1
    return first.doc[first.i : end]


def _noun_before_name(name: Span) -> frozenset[str]:
    """A singular noun right before a name describes it ("Lead underwriter McDonald and Co
    Investments Inc"), however the parser attached the two."""
    cols, before = columns.of(name.doc), name.start - 1
    if before >= 0 and cols.tag[before] == "NN" and cols.pos[before] == "NOUN":
        return frozenset({cols.lower[before]})
    return frozenset()


def descriptors_of(root: Token, name: str) -> frozenset[str]:
    """The words of a name and of the nouns describing it ("French commercial bank X")."""
    found = {w.lower() for w in name.split()}
    cols, r = columns.of(root.doc), root.i  # (positions and the columns: no Token a word)
    pos, dep, lower, ent_type, iob, kids = (
        cols.pos, cols.dep, cols.lower, cols.ent_type, cols.ints(ENT_IOB), cols.children)
    head = _phrase_head_at(r, cols)
    inside = [t for t in cols.subtree(r) if iob[t] != _OUTSIDE and ent_type[t] == ent_type[r]]
    for i in (head, *kids[head], *kids[r], *(c for t in inside for c in kids[t])):
        if pos[i] == "NOUN" and dep[i] in ("compound", "appos", "nsubj", "ROOT", "pobj"):
            found.add(lower[i])
    if dep[r] == "appos" and pos[cols.heads[r]] == "NOUN":
        found.add(lower[cols.heads[r]])
    return frozenset(found)


_ASIDES = frozenset({"advmod", "npadvmod"})  # "X, here for talks with …": where X is
_NOT_OF_A_PERSON = CLAUSES | _ASIDES  # dependencies affiliation_of does not follow
_PERSON_OR_ORG_NOUNS = PERSON_NOUNS | ORG_NOUNS


def _titled(first: Token) -> bool:
    """True for a name after "<title> of" ("Undersecretary of State for Economic Affairs"): the
    office's portfolio, not an organisation the person speaks for."""
    doc = first.doc
    return first.i >= 2 and doc[first.i - 1].lower_ == "of" and doc[first.i - 2].lower_ in (
        _OFFICE)


def _with_proper_heads(entity: Span) -> Span:
    """An organisation's name with the proper nouns it hangs on, which the recogniser left out
    ("a Norfolk Southern spokesman": "Norfolk", then "Southern" tagged a nationality), up to a
    person's title ("Finance Minister")."""
    doc, end = entity.doc, entity.end
    while end < len(doc) and doc[end - 1].head.i == end and doc[end].pos_ == "PROPN" and (
            doc[end].dep_ == "compound" and not is_person_noun(doc[end].lower_)
            and doc[end].lower_ not in _OFFICE_TITLES):
        end += 1
    return doc[entity.start : end]


def affiliation_of(head: Token) -> str | None:
    """The one organisation named inside a person's phrase: "a spokesman for the ministry",
    "Westinghouse chairman Douglas Danforth", "Wilmot-Sitwell, chairman of Warburg"."""
    names = set()
    stack = [c for c in head.children if c.dep_ not in _NOT_OF_A_PERSON]
    while stack:
        tok = stack.pop()
        if tok.ent_type_ == "ORG" and tok.ent_iob_ == "B":
            entity = _with_proper_heads(entity_at(tok))
            name = clean_name(entity.text)
            if name.lower() not in PORTFOLIOS and not _titled(tok) and not (
                    _in_office_title(entity.root)):
                names.add(name)  # (not "Finance Minister X", "Secretary of State for …",
                # "European Community Farm Commissioner X")
        if tok.pos_ == "NOUN" and tok.lower_ not in _PERSON_OR_ORG_NOUNS:
            continue  # "X, here for talks with Administration officials": not whom X is of
        stack.extend(c for c in tok.children if c.dep_ not in _NOT_OF_A_PERSON)
    names.discard("")
    if not names:  # "a committee spokesman": the committee
        names = {"the " + c.lower_ for c in head.children
                 if c.dep_ == "compound" and c.lower_ in NAMED_NOUNS}
    return names.pop() if len(names) == 1 else None


def source_head(frame: Frame) -> Token | None:
    """The head word of a frame's source phrase."""
    if not frame.source:
        return None
    ids = {t.i for t in frame.source}
    heads = columns.of(frame.source[0].doc).heads
    return next((t for t in frame.source if heads[t.i] not in ids or heads[t.i] == t.i), None)

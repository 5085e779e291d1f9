"""Pronouns and short definite phrases → the names they stand for, but only when sure.

A claim that names the wrong subject is worse than one that keeps its pronoun, so a reference
is resolved only when one antecedent is clearly right: it agrees in kind and number, and it is
the only candidate of the best grammatical role in the nearest sentence that has any (a subject
continues a subject; the speaker of "X said it …" is X). Addressees ("told Reuters"), news
agencies and places named as locations are never antecedents, and an expletive "it" refers to
nothing. A referring subject left unresolved marks its claim as needing context.

Each sentence is read once (`read_sentence`): its mentions (`mentions.py`) go into the
document's `Memory`, already resolved, so a chain ("Avon said … The company said … It added …")
keeps its name; ownerless figures get their company from `owners.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span, Token

from app.nlp import columns
from app.nlp.attribution import HEDGING_FRAMES, REPORTING, Frame
from app.nlp.columns import subtree_ids
from app.nlp.dates import MONTHS
from app.nlp.drafts import Insert, Piece, mid_sentence
from app.nlp.lexicon import (
    COPULAS,
    CORPORATE_SUFFIXES,
    FRAMING_NOUNS,
    is_central_bank,
    is_corporate,
    is_name_fragment,
    is_person_noun,
    is_utility,
    verb_forms,
    words,
)
from app.nlp.mentions import (
    ADDRESSEE_RANK,
    COMMENTATORS,
    COMPANY_NOUNS,
    MAX_ANTECEDENT_WORDS,
    NAMED_NOUNS,
    ORG_NOUNS,
    PAIR_NOUNS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    SUBJECTS,
    TELLING,
    Mention,
    carried_mention,
    clean_name,
    inside_subject,
    is_a_title,
    is_apposed_members,
    is_company_like,
    is_only_a_noun,
    is_public_body,
    name_key,
    phrase_head,
    possessive_form,
    sentence_mentions,
    source_head,
    strip_possessive,
)
from app.nlp.owners import add_owners
from app.nlp.splitting import mark_of

PERSON_PRONOUNS = words("he she him his her")
_MARKET_VOICES = words("economist economists analyst analysts strategist strategists dealer "
                       "dealers trader traders broker brokers")
THING_PRONOUNS = words("it its")
GROUP_PRONOUNS = words("they them their")
POSSESSIVES = words("his her its their")
LOOK_BACK = 3  # sentences a pronoun may reach back over
_STILL_IN_VIEW = 2  # sentences back "the company" outside a subject may name its company
FIRST_PLURAL = words("we our")
_EXPLETIVE_HEADS = words("is was 's seems seemed appears remains takes be been being")
_IMPERSONAL_PASSIVES = words("hoped decided agreed intended")  # "it was hoped to …": no one
_RAISING = words("seems seemed appears appeared")
_TAKING = words("take takes took taken taking")  # "it may take some time for X to …"
_SPANS_OF_TIME = words("time while years months weeks days hours")
# What only an organisation has: "its shares" never belong to "the result"
_COMPANY_POSSESSIONS = words(
    "shares stock stockholders shareholders board directors chairman president executives "
    "management employees workers staff subsidiary subsidiaries unit units plant plants "
    "scientists researchers engineers officials managers"
)
# What "the company" never is: a rater, an exchange, a ministry or agency
_NO_COMPANY = COMMENTATORS | words("administration federation confederation")
# What a "group" gathers for, when it is no company: "the underwriting group", "the study group"
_GATHERING = words(
    "underwriting investor investors study working broker brokers bidding lobby pressure "
    "consumer consumers industry trade advisory action task interest management buying selling"
)
_SEEMING = words("sounds sounded looks looked seems seemed feels felt appears appeared")
_LEVELS = words("record high low level peak total")
# Modifiers that make a definite phrase a different or newly formed referent
_ANOTHER_ONE = words(
    "new other former rival combined merged proposed planned joint future second third "
    "acquiring acquired target parent formed created established resulting surviving"
)
_EXPLETIVE_NOUNS = words("matter question time policy case practice")
# "X is willing to …": the adjective's subject acts; "it is hard to …" is extraposed instead.
_CONTROL_ADJECTIVES = words(
    "willing unwilling able unable ready eager prepared reluctant keen set due poised "
    "determined happy glad anxious quick slow free obliged bound likely unlikely sure certain"
)
# Verbs of speaking, knowing and intending: an "it" doing them is an organisation, not a thing
# ("It expects to …"). Not verbs that things do too ("It employs 500", "It makes chips").
AGENT_VERBS = verb_forms(words(
    "say expect plan intend announce report agree hope want seek decline refuse deny confirm "
    "estimate predict believe consider study review examine explore evaluate pursue negotiate "
    "discuss propose add acquire buy sell merge float hire appoint cite issue"
)) | words(
    "said says told tell tells knew know knows sought thought engaged interested involved "
    "studies studied bought sold"
)
# Verbs of deals and decisions that only a party does when it is their active subject ("it
# filed for …", "it decided to …", "it granted the underwriters an option"); passive, a thing
# may be their subject ("it was signed last week": the agreement). They settle "X said it …"
# for the organisation X, not which of the organisations named before an "it" is.
_DEAL_VERBS = verb_forms(words(
    "file complete sign grant retain request arrange decide elect purchase invest borrow "
    "lend repurchase redeem tender withdraw sue settle reject accept approve launch submit "
    "postpone"
))
_MONEY_MEASURES = words(  # what a story reports as a sum that rises and falls
    "profit income revenue turnover loss deficit surplus price cost value debt spending "
    "investment budget dividend payout"
)
_MOVES = words("rise rose risen rises fall fell fallen falls increase increased decrease "
               "decreased climb climbed drop dropped decline declined jump jumped grow grew "
               "total totalled totaled reach reached")
_CURRENCIES = words("dlrs dlr dollars stg pounds yen francs lire marks guilders cts")
_SHARES = words("pct percent")
_MIDDLE = words("sell sells selling sold")  # what goods do too: "It sells for 300 dlrs"
_FETCHING = words("well briskly poorly badly strongly")
_DEMONSTRATIVES = words("this that these those")
_SPANNING = words("to and or through until - –")
_REFERRING_PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | GROUP_PRONOUNS | FIRST_PLURAL
_REFERRING_NOUNS = ORG_NOUNS | PLACE_NOUNS | PAIR_NOUNS | PERSON_NOUNS
_DEFINITE_NOUNS = ORG_NOUNS | PLACE_NOUNS | PERSON_NOUNS
# Every word `_demonstrative_subject` or `_may_refer` can be true of
_POINTING = _DEMONSTRATIVES | _REFERRING_PRONOUNS | _REFERRING_NOUNS


@dataclass(slots=True)
class Memory:
    """What the document has mentioned so far, resolved, oldest first."""

    mentions: list[Mention] = field(default_factory=list)
    sentences: int = 0
    quote_open: bool = False
    last_sentence: Span | None = None  # the sentence read before this one
    limit: int = 200
    # Pronouns left unresolved, by sentence: "… means they will be used. They will also …"
    # continues the unknown "they", not the subject beside it.
    open_pronouns: dict[int, set[str]] = field(default_factory=dict)
    # The last sentence each definite noun was resolved in, and what it meant there, or was
    # left open in as a referring subject (None). A later "the company" that reaches back to
    # that sentence means the same: not the speaker beside it in "Hutton said the company has
    # valued …", whether that "the company" was read as the story's company or left open.
    nouns: dict[str, tuple[int, Mention | None]] = field(default_factory=dict)
    # Whether a group of people was named ("an investor group led by …", "a group of
    # investors"): "the group" may then be that group as well as the story's company.
    gathered: bool = False

    def observe(self, refs: SentenceRefs, sent: Span | None = None) -> None:
        """Remember a finished sentence's mentions and move on to the next sentence."""
        self.last_sentence = sent
        if not self.gathered and sent is not None:
            lower = columns.of(sent.doc).lower  # (one Token only where the word is "group")
            self.gathered = any(_gathering(sent.doc[i]) for i in range(sent.start, sent.end)
                                if lower[i] == "group")
        self.mentions = (self.mentions + refs.mentions)[-self.limit :]
        self.quote_open = refs.quote_open_after
        if refs.open_pronouns:
            self.open_pronouns[self.sentences] = refs.open_pronouns
        for noun, meant in refs.nouns.items():
            self.nouns[noun] = (self.sentences, meant)
        self.open_pronouns.pop(self.sentences - LOOK_BACK - 1, None)
        self.sentences += 1


@dataclass(slots=True)
class SentenceRefs:
    """One sentence's reading: its mentions and its resolved and unresolved references."""

    mentions: list[Mention] = field(default_factory=list)
    resolved: dict[int, tuple[tuple[Token, ...], str]] = field(default_factory=dict)
    unresolved: set[int] = field(default_factory=set)
    owners: dict[int, tuple[tuple[Token, ...], str]] = field(default_factory=dict)
    open_pronouns: set[str] = field(default_factory=set)
    nouns: dict[str, Mention | None] = field(default_factory=dict)  # see `Memory.nouns`
    quoted: set[int] = field(default_factory=set)
    quote_open_after: bool = False


def read_sentence(sent: Span, frame: Frame | None, memory: Memory) -> SentenceRefs:
    """Mentions of the sentence and what its referring words stand for."""
    index = memory.sentences
    quoted, still_open = _quoted(sent, memory.quote_open)
    mentions = [_as_known_company(m, memory) for m in sentence_mentions(sent, frame, index)]
    refs = SentenceRefs(mentions, quoted=quoted, quote_open_after=still_open)
    speaker = source_head(frame) if frame is not None else None
    first = [speaker] if speaker is not None else []  # "“We …,” the spokesman said": him first
    for tok in first + [t for t in _pointing_words(sent) if t != speaker]:
        if _demonstrative_subject(tok):  # "This fell to 180,000 bpd": what fell is not said
            refs.unresolved.add(tok.i)
        day = _day_meant(tok, sent, memory)
        if day is not None:
            refs.resolved[tok.i] = day
            continue
        if not _may_refer(tok):
            continue
        found = _resolution(tok, sent, frame, refs, memory)
        if found is not None and (is_only_a_noun(found[1].text) or is_name_fragment(
                found[1].text) or found[1].label != "NP" and is_a_title(found[1].text)
                and not _is_speaker(tok, frame)):
            found = None  # "[Bank] sold …", "[Group]'s conference": no name to insert; nor
            # "[B.A] is priced at par", "[The Issuing Centre of] is launching": a cut name; nor
            # "[Prime Minister]" (though "…, he said" may be attributed to the Treasury Secretary)
        if found is None:
            if _is_referring_subject(tok):
                refs.unresolved.add(tok.i)
                # A subject pronoun no antecedent was sure for stays open for the next
                # sentences, unless this sentence's speaker could take it over.
                agrees = _agreement(tok.lower_)
                if tok.tag_ == "PRP" and not any(m.spoke and agrees(m) for m in refs.mentions):
                    refs.open_pronouns.add(_pronoun_class(tok.lower_))
                elif tok.tag_ in ("NN", "NNS"):  # (even with a speaker that could be it)
                    refs.nouns[tok.lower_] = None
            continue
        words_, antecedent = found
        refs.resolved[tok.i] = (words_, _insert_text(tok, antecedent))
        if tok.tag_ in ("NN", "NNS"):
            refs.nouns[tok.lower_] = antecedent
        clitic = _clitic_after(tok)
        if clitic is not None and (spelled := _expanded(clitic)):
            refs.resolved[clitic.i] = ((clitic,), spelled)  # "We're": "[KLM] [are]"
        refs.mentions = [m for m in refs.mentions if m.position != tok.i]
        if tok.dep_ in SUBJECTS or _is_speaker(tok, frame):
            carried = carried_mention(antecedent, tok, sent, frame, index)
            if tok.lower_ in PERSON_PRONOUNS and carried.kind != "person":
                # "Beall" tagged an organisation, then "He said the company does not …":
                # a person, never what "the company" in the same sentence stands for
                carried = replace(carried, kind="person", label="PERSON")
            refs.mentions.append(carried)
    speaker = _speaker_in(frame, refs.mentions) if frame and frame.source else None
    if frame is None or not frame.source or speaker is not None:  # not "It said sales …"
        add_owners(sent, refs, memory, speaker)
    return refs


def _as_known_company(mention: Mention, memory: Memory) -> Mention:
    """A one-word name the recogniser took for a person or did not know ("Oakite said it
    plans …" after "Oakite Products Inc said …") is the company named in full before, when
    no person of that name was: a mention of it, where this one stands. So is a longer name
    that begins the company's ("Central Pennsylvania", a place to the recogniser, after
    "Central Pennsylvania Savings Association")."""
    if mention.kind not in ("person", "name") or " " in mention.text and mention.kind != "name":
        return mention
    same = [m for m in memory.mentions if m.key == mention.key]
    if " " in mention.text:
        order = [m.text for m in memory.mentions]
        longer = [k for k, m in enumerate(memory.mentions)
                  if m.kind == "org" and m.text.startswith(mention.text + " ")]
        if mention.text in order and longer and order.index(mention.text) < longer[0]:
            return mention  # "Diamond Shamrock", named so before "Diamond Shamrock Refining
            # and Marketing Co", the unit it spun off: the parent
        same = [m for m in same if m.text.startswith(mention.text + " ") or m.kind == "person"]
    company = next((m for m in same if m.kind == "org" and is_company_like(m)), None)
    if company is None or any(m.kind == "person" for m in same):
        return mention
    return replace(company, rank=mention.rank, sentence=mention.sentence,
                   position=mention.position, head=mention.head, spoke=mention.spoke,
                   coordinated=mention.coordinated)


def resolve(pieces: list[Piece], refs: SentenceRefs) -> list[Piece]:
    """Pieces with each resolved referring word replaced by a bracketed insert, and the owner
    of an ownerless figure put before it."""
    if not refs.resolved and not refs.owners:
        return pieces
    out: list[Piece] = []
    skip: set[int] = set()
    for piece in pieces:
        if isinstance(piece, Insert):
            out.append(piece)
            continue
        if piece.i in skip:
            continue
        if piece.i in refs.owners:
            replaced, owner = refs.owners[piece.i]
            out.append(Insert(owner, replaced))
            if replaced:
                continue
        found = refs.resolved.get(piece.i)
        if found is None:
            out.append(piece)
            continue
        replaced, text = found
        skip |= {w.i for w in replaced}
        out = [p for p in out if not (isinstance(p, Token) and p.i in skip)]
        verbal = bool(replaced) and all(w.pos_ == "AUX" for w in replaced)  # "[are]" for "'re"
        out.append(Insert(text, replaced, verbal=verbal))
    return out


def needs_context(pieces: list[Piece], refs: SentenceRefs) -> bool:
    """True when the claim keeps a referring subject it could not resolve ("It rose 5 pct")."""
    return any(isinstance(p, Token) and p.i in refs.unresolved for p in pieces)


def source_text(source: list[Token], refs: SentenceRefs) -> str:
    """A source as an attribution, its pronoun replaced by the name it stands for."""
    ids = {t.i for t in source}
    head = next((t for t in source if t.head.i not in ids or t.head == t), None)
    if head is not None and head.i in refs.resolved:
        return strip_possessive(refs.resolved[head.i][1])
    return mid_sentence(list(source))


def inserted_entities(pieces: list[Piece], memory: Memory, refs: SentenceRefs) -> list[dict]:
    """The named entities that inserts brought into a claim, as {"text", "label"}."""
    named = {m.text: m.label for m in memory.mentions + refs.mentions if m.label != "NP"}
    found = []
    for piece in pieces:
        if isinstance(piece, Insert):
            text = strip_possessive(piece.text)
            if text in named:
                found.append({"text": text, "label": named[text]})
    return found


# --- mentions -------------------------------------------------------------------------------


# --- which words refer, and to what ---------------------------------------------------------


def _pointing_words(sent: Span) -> list[Token]:
    """The sentence's words that may point back or be a bare demonstrative subject, in
    order: the only ones `read_sentence` has anything to do with (a sentence has few)."""
    lower, doc = columns.of(sent.doc).lower, sent.doc
    return [doc[i] for i in range(sent.start, sent.end) if lower[i] in _POINTING]


def _day_meant(tok: Token, sent: Span, memory: Memory) -> tuple[tuple[Token, ...], str] | None:
    """ "effective October 31, replacing X, who will resign on that date": the one day named
    before, in this sentence or else the last ("that day" with words of its own, or "the same
    date in 1992", is left as written)."""
    noun = tok.nbor() if tok.i + 1 < sent.end else None
    if tok.lower_ != "that" or noun is None or noun.lower_ not in ("date", "day") or (
            tok.head != noun or len(list(noun.children)) != 1):
        return None
    for where in (sent, memory.last_sentence):
        if where is None:
            continue
        before = tok.i if where is sent else len(where.doc)
        days = {day for e in where.ents if e.label_ == "DATE" and e.end <= before
                for day in [_day_named(e)] if day}
        if days:
            return ((tok, noun), days.pop()) if len(days) == 1 else None
    return None


def _day_named(ent: Span) -> str | None:
    """ "October 31", "March 25, 1987" (of "the year ended November 30" its day): a month and
    a day, not "the year" or "last week"."""
    months = [t for t in ent if t.lower_.rstrip(".") in MONTHS]
    day = ent.doc[months[0].i : ent.end] if len(months) == 1 else None
    if day is None or not any(t.like_num for t in day) or any(t.lower_ in _SPANNING for t in day):
        return None  # (not "from May 2 to 9": two days)
    return day.text


def _may_refer(tok: Token) -> bool:
    """A cheap test: could this word be a pronoun or definite phrase pointing back?"""
    low = tok.lower_
    if tok.i + 1 < len(tok.doc) and tok.nbor().text == "(":
        return False  # "They (the federal government) have …": the source says whom itself
    if tok.tag_ in ("PRP", "PRP$"):
        return low in _REFERRING_PRONOUNS
    return tok.pos_ == "NOUN" and low in _REFERRING_NOUNS


def _demonstrative_subject(tok: Token) -> bool:
    """A bare "this", "that", "these" or "those" as a subject: it points back to something
    the claim does not name, and nothing is ever put in its place."""
    return (tok.lower_ in _DEMONSTRATIVES and tok.tag_ == "DT"
            and tok.dep_ in ("nsubj", "nsubjpass"))


def _in_subject(tok: Token) -> bool:
    """True for a subject, or a possessive inside a subject ("three of its mills closed")."""
    if tok.dep_ in SUBJECTS:
        return True
    if tok.dep_ != "poss":
        return False
    node = tok.head
    while node.dep_ not in SUBJECTS and node.dep_ in ("pobj", "prep", "compound", "amod"):
        node = node.head
    return node.dep_ in SUBJECTS


def _is_speaker(tok: Token, frame: Frame | None) -> bool:
    return frame is not None and tok == source_head(frame)


def _is_referring_subject(tok: Token) -> bool:
    """An unresolved word that leaves its claim unable to stand alone."""
    if tok.tag_ in ("PRP", "PRP$"):
        return _in_subject(tok) and not _is_expletive(tok)
    return _definite_phrase(tok) is not None and _in_subject(tok)


def _resolution(
    tok: Token, sent: Span, frame: Frame | None, refs: SentenceRefs, memory: Memory
) -> tuple[tuple[Token, ...], Mention] | None:
    """The words to replace and the mention they stand for, when one is clearly right."""
    here = refs.mentions
    if tok.tag_ in ("PRP", "PRP$") and _told_to_act(tok):
        return None  # "pressing the government to explain how it proposes …", "requires TWA to
        # post notices throughout its system": the one told, as likely as subject or speaker
    if not (_in_subject(tok) or _is_speaker(tok, frame)):
        return _outside_subject(tok, frame, here, memory, refs)
    clitic = _clitic_after(tok)
    if clitic is not None and (tok.lower_ != "we" or _expanded(clitic) is None):
        return None  # "He's": a bracket before a clitic would not read as English
    if tok.lower_ in FIRST_PLURAL:
        if any(c.dep_ == "appos" for c in tok.children) or any(
                c.dep_ == "advmod" and c.lower_ == "together" for c in tok.head.children):
            return None  # "We, the developing countries, …" says who; "that we work together"
            # is everyone addressed, not the speaker's ministry
        found = _speakers_organisation(tok, frame, here, memory)
        return ((tok,), found) if found else None
    if tok.tag_ in ("PRP", "PRP$"):
        if _is_expletive(tok) or _small_clause_subject(tok):
            return None
        wants = _agreement(tok.lower_)
        acting = (tok.lower_ == "they" and _does_something_to(tok)
                  or tok.lower_ == "it" and _acts(tok))
        if _moves_to_a_figure(tok):  # "It rose 5 pct": a measure, not "[Smith]" nor a firm
            moving = wants
            wants = lambda m: moving(m) and m.kind == "thing"  # noqa: E731
        if acting or tok.lower_ == "its" and tok.head.lower_ in _COMPANY_POSSESSIONS:
            # "The result was in line, but its shares eased": a company's; "since they
            # resumed talks", "It added …": people or organisations, not "the developments"
            agreeing = wants
            wants = lambda m: agreeing(m) and m.kind != "thing"  # noqa: E731
        speaker = _speaker_in(frame, here) if frame is not None else None
        if speaker is not None and tok.lower_ in THING_PRONOUNS and _named_by_he_before(
                tok, speaker):  # "Although he would not say, Woodard said it …": a person
            unlike = wants
            wants = lambda m: unlike(m) and m.key != speaker.key  # noqa: E731
        if _is_speaker(tok, frame):  # "It said …": something that can speak, not "the test"
            agrees = wants
            wants = lambda m: agrees(m) and m.kind != "thing"  # noqa: E731
        if tok.lower_ in PERSON_PRONOUNS and (_is_speaker(tok, frame) or (
                tok.dep_ == "nsubj" and tok.head.lower_ in REPORTING)):
            # "…, he added": a person named as one, or a name that speaks in the story; not
            # "pora" of "Chee said corenes pora affected trees" (Chee tagged a company), nor
            # "Fungicide may be used" (a capitalised first word read as a name)
            speakers = {m.key for m in memory.mentions + here if m.spoke}
            says = wants
            wants = lambda m: says(m) and (m.kind == "person" or m.key in speakers)  # noqa: E731
        if frame is not None and speaker is not None and speaker.label in ("PERSON", "NAME") and (
                tok.lower_ in THING_PRONOUNS and _in_content(tok, frame)):
            # '"It will cut costs," said Anthony Hatch of Argus Research', '… said Capel's
            # Murtha': the firm a named person is "of" is where they work, not what their "it"
            # means (not "Acme Corp chairman John Smith said it will grow": his title is Acme's)
            employer = {t.i for t in frame.source if t.i > speaker.head} | {
                t.i for c in sent.doc[speaker.head].children if c.dep_ == "poss"
                for t in c.subtree}
            not_employer = wants
            wants = lambda m: not_employer(m) and not (  # noqa: E731
                m.kind == "org" and m.sentence == memory.sentences and m.position in employer)
        if tok.lower_ in GROUP_PRONOUNS:
            found = _speakers_they(tok, frame, here) or _only_plural(tok, sent, here, memory)
            if found is not None and _is_speaker(tok, frame) and found.kind == "thing" and (
                    not is_person_noun(found.key)):
                return None  # '…," they said': people who speak, not "oral contraceptives"
            if found is not None and found.sentence == memory.sentences and _in_clause_on(
                    tok, found.head):
                return None  # "The amounts they are talking about": not the amounts
            return ((tok,), found) if found else None
        if _told_another(tok, here, wants):
            return None  # "Lyng warned the European Community it will face retaliation":
            # the one told as likely as the one who tells
        # Inside a quotation the speaker's "it" may mean anything they spoke of before.
        reach = 0 if tok.i in refs.quoted else LOOK_BACK
        found = _antecedent(tok, wants, sent, frame, here, memory, reach)
        if found is not None and found.kind == "thing" and _says_of_itself(tok, frame, here):
            return None  # "Iowa Beef said it is beginning to take applications …", the speaker
            # not read as a name: never "[the plant]", named before
        if found is not None and found.sentence == memory.sentences and _in_clause_on(
                tok, found.head):
            return None  # "the harm it would bring": "it" is never the noun its own clause
            # describes
        if found is not None and (_named_later_in_its_clause(tok, found) or _we_already(
                tok, found, refs)):
            return None  # "He refused to reveal Wakaoji's whereabouts": not Wakaoji; "We
            # think that in the first year that it loses its patent …": not the speakers
        if found is not None and tok.lower_ in THING_PRONOUNS and _surname_of_a_person(
                found, here, memory):
            return None  # "Volcker warned it is not sustainable …", Volcker tagged an
            # organisation after "Paul Volcker": a person is never "it"
        if found is None and tok.i not in refs.quoted:
            found = _money_measure(tok, here, memory)
        if found is not None and _party_between(tok, found, refs, memory):
            return None  # "the FDA has notified [X] its petition …": the FDA's, or X's?
        if found is not None and tok.tag_ == "PRP$" and frame is not None and (
                found.sentence == memory.sentences) and _another_party_between(
                tok, found, frame, here):
            return None  # "X said Brazil's suspension of payments on its debt …": Brazil's
        if found is not None and _it_is_another_thing(tok, found):
            return None
        return ((tok,), found) if found else None
    pair = _pair(tok, here, memory)
    if pair is not None:
        return pair
    phrase = _definite_phrase(tok)
    if phrase is None or tok.lower_ == "group" and (memory.gathered or any(
            _gathering(t) for t in sent.doc[sent.start : tok.i])):
        return None  # "The group offered …" after "an investor group led by …": which group?
    if tok.lower_ in PERSON_NOUNS:
        return _same_person(tok, phrase, here, memory)
    agrees = _agreement(tok.lower_)
    speaker = source_head(frame) if frame is not None and _in_content(tok, frame) else None

    speaking = {m.key for m in here if speaker is not None and m.position == speaker.i}
    said = frozenset(t.lower_ for t in phrase)  # (read once: `wants` runs on every candidate)

    def wants(m: Mention) -> bool:
        # "Smith said the company …": Smith speaks of it, is not it — nor is Smith named in an
        # earlier sentence (where the recogniser may have called him an organisation too)
        is_speaker = speaker is not None and (m.position == speaker.i or m.key in speaking)
        commentator = bool(m.descriptors & COMMENTATORS) and tok.lower_ not in m.descriptors
        return agrees(m) and not (is_speaker and (not is_company_like(m) or commentator)) and (
            _fits(said, m))
        # (nor a regulator or an exchange that speaks of "the firm": "… for the amount the
        # firm lost …, the SEC said" is not the SEC's loss; "the exchange" it says is itself)

    if said & COMPANY_NOUNS and any(_is_regulator(m) and m.position < tok.i for m in here):
        return None  # "the EPA took no action because the company supplied …": the company it
        # regulates, perhaps named before, as likely as any other
    if memory.nouns.get(tok.lower_) == (memory.sentences - 1, None):
        return None  # "It said the French company publishes … The company will be
        # consolidated …, it said": the same company left open, not the speaker beside it
    found = _antecedent(tok, wants, sent, frame, here, memory, memory.sentences + 1)
    if frame is not None and _in_content(tok, frame):
        employer = _affiliated(frame, here, tok)  # "Y's chairman told Reuters the firm lost …"
        if found is None and not _left_open(tok, memory):
            found = employer
        elif found is not None and employer is not None and not _same_company(employer, found):
            return None  # "A Hutton spokesman said the firm is reviewing …" after Purolator:
            # his own firm at least as likely as the one named before
        elif found is not None and employer is None and speaker is not None and (
                words_of := _named_employer(speaker)) and not words_of & {
                w.lower() for w in found.text.split()}:
            return None  # "A Seiko Epson official said the company's PC series …" (Seiko
            # Epson not recognised as a name): his company's, not NEC's, named before
    if found is None or found.text.lower() == " ".join(t.lower_ for t in phrase):
        return None  # "the company" after "the company": nothing to add
    if _object_of_its_own(tok, found, here) or _named_as_modifier(tok, found) or (
            _owner_around(tok, found, refs)):
        return None
    if _named_as_a_person(found, here, memory) or not _fits(said, found):
        return None  # "Feretti … said the company generated …" (Feretti tagged an
        # organisation); "the central bank" for a commercial one
    if not {t.lower_ for t in phrase if t.ent_type_ == "NORP" and t.lower_ not in _PARTIES or (
            tok.lower_ == "group") and (
            t.dep_ == "compound" and t.pos_ == "NOUN")} <= found.descriptors:
        return None  # "It said the French company publishes …": the French one it bought,
        # not McGraw-Hill, unless the name was given as French; "The magazine group had
        # revenues of …, Telemedia said": the magazines it sells, not Telemedia
    if _may_describe_another(phrase, found, here):
        return None
    if found.text.islower() and found.text.split()[-1] == tok.lower_:
        return None  # "The central bank …, a bank spokesman said": "[the bank]" says no more
    if {w.lower() for w in found.text.split()} <= {t.lower_ for t in phrase} | {"the"}:
        return None  # "The central bank" after "the Bank's assistance": "[Bank]" says less
    return tuple(phrase), found


def _another_owner(mention: Mention, tok: Token) -> bool:
    """An organisation, or before "its own" a place too, that could own what "its" names
    ("a loan for India to spur development of its own resources": India's)."""
    own = tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "own"
    return mention.kind == "org" or own and mention.kind == "place"


def _newly(modifier: Token) -> bool:
    """ "the newly formed company", "the newly-privatised airline": one just made, not the
    one named before."""
    return any(t.lower_ == "newly" or t.lower_.startswith("newly-") for t in modifier.subtree)


def _it_is_another_thing(tok: Token, found: Mention) -> bool:
    """ "It was the first ECU-denominated offer by the treasury": "it" is what its predicate
    names (an offer), so an antecedent that does not name it ("[the treasury]", "[USX Corp]")
    is a guess; a role a company or a person fills ("It is the largest customer") may be
    them."""
    if tok.lower_ != "it" or tok.dep_ != "nsubj" or tok.head.lower_ not in _BE:
        return False
    named = next((c for c in tok.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
    if named is None or named.lower_ in _ROLE_NOUNS or any(
            c.dep_ in ("nummod", "quantmod") for c in named.children):
        return False  # ("by 1990 it would be back around 160 billion dlrs": the deficit is)
    return named.lower_.removesuffix("s") not in found.text.lower()


_BE = words("is was be been 's")
_ROLE_NOUNS = ORG_NOUNS | PERSON_NOUNS | words(
    "customer customers target buyer seller supplier owner shareholder partner member "
    "corporation account client subsidiary unit parent bidder holder leader maker largest "
    "victim winner contractor subcontractor distributor agent licensee successor sponsor "
    "lender borrower underwriter manager adviser advisor operator producer exporter "
    "importer user creditor guarantor competitor rival affiliate division")


def _party_between(tok: Token, found: Mention, refs: SentenceRefs, memory: Memory) -> bool:
    """True for a possessive with a phrase resolved to another party between it and the
    antecedent found in its own sentence (that party was taken out of the mentions)."""
    return tok.tag_ == "PRP$" and found.sentence == memory.sentences and _resolved_between(
        tok, found.position, set(refs.resolved))


def _another_party_between(tok: Token, owner: Mention, frame: Frame, here: list[Mention]) -> bool:
    """True when a party other than the owner found, one that could be "its"/"his" too, is
    named between them, outside the speaker's own words ("A spokesman for X")."""
    source = {t.i for t in frame.source}
    if owner.head >= 0:
        source |= subtree_ids(tok.doc[owner.head])  # ("The National Bank of Hungary": its own)
    agrees = _agreement(tok.lower_)
    if any(m.kind in ("org", "place", "person", "name") and m.key != owner.key
           and owner.position < m.position < tok.i and m.position not in source
           and agrees(m) for m in here):
        return True
    owner_words = {w.lower() for w in owner.text.split()}
    person = tok.lower_ in PERSON_PRONOUNS
    return any(  # (a name the recogniser misread: "Angola")
        t.tag_ == "NNP" and t.i not in source and t.lower_ not in owner_words
        and t.ent_type_ not in _NOT_PARTIES and (t.ent_type_ == "PERSON") == person
        and (t.dep_ in _PARTY_ROLES or t.dep_ == "compound" and t.head.lower_ in _HELD)
        for t in tok.doc[owner.position + 1:tok.i])  # ("Cheetham shares": Cheetham's)


_NOT_PARTIES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY", "ORDINAL"})


_HELD = words("shares stock stake stakes holders shareholders")
_PARTY_ROLES = frozenset({"dobj", "dative", "pobj", "nsubj", "nsubjpass", "appos", "conj", "poss"})


def _resolved_between(tok: Token, start: int, resolved: set[int]) -> bool:
    """True when a noun phrase resolved in this sentence lies between `start` and tok."""
    return any(start < i < tok.i and tok.doc[i].pos_ == "NOUN" for i in resolved)


def _outside_subject(
    tok: Token, frame: Frame | None, here: list[Mention], memory: Memory, refs: SentenceRefs
) -> tuple[tuple[Token, ...], Mention] | None:
    """A reference outside the subject, resolved only in the surest cases: "X said … its board"
    (X), and "the company" when the story has named one company and no other. The words of
    the sentence already resolved (`refs.resolved`) each stand for one more party."""
    resolved = set(refs.resolved)
    if tok.tag_ == "PRP$" and frame is not None and _in_content(tok, frame):
        if tok.lower_ in GROUP_PRONOUNS:  # "as Spain and Portugal refuse to drop their
            return None  # opposition, diplomats said": theirs, not the diplomats'
        speaker = said_by = _speaker_in(frame, here)  # (speaker may become a nearer owner)
        nearer = [m for m in here if m.rank <= 1
                  and _named_in_clause_of(m, tok, frame) and _agreement(tok.lower_)(m)]
        if nearer:  # "X said Indonesia did not achieve its goal": Indonesia's, or unsure
            speaker = nearer[-1] if len({m.key for m in nearer}) == 1 else None
            if speaker is not None and (any(
                    _another_owner(m, tok) and speaker.position < m.position < tok.i for m in here)
                    or _resolved_between(tok, speaker.position, resolved)):
                return None  # "the FDA has notified the company [or its resolved name] its
                # petition …": whose?
        if speaker is None or speaker.kind == "name" or speaker.kind == "thing" and (
                speaker.label == "NP" and not is_corporate(speaker.text)
                and speaker.key not in _BODIES_THAT_OWN) or not _agreement(tok.lower_)(speaker):
            return None  # (nor what a document shows: "X almost doubled its assets, the
            # report showed" is never "[the report's] assets"; but "the partnership said it
            # was willing to negotiate its offer" is the partnership's)
        if tok.lower_ in THING_PRONOUNS and _surname_of_a_person(speaker, here, memory):
            return None  # "It has agreed to expand its contribution …, Conable noted": not his
        if tok.lower_ in THING_PRONOUNS and any(
                m.key == speaker.key and m.kind == "person" for m in here):
            return None  # "Peladeau said he is interested in … the U.S., where the company is
            # looking to expand its newspaper empire": a name this sentence calls "he" owns no "its"
        if tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "own" and any(
                _another_owner(m, tok) and m.key != speaker.key
                and speaker.position < m.position < tok.i for m in here):
            return None  # "X said it approved a loan for India to spur its own output": India's
        if speaker.descriptors & COMMENTATORS:
            return None  # "Duff and Phelps said … its nuclear plants": the rated company's
        if _another_party_between(tok, speaker, frame, here):
            return None  # "Acmex said it was entitled to 5.1 mln Cheetham shares or 16.85 pct
            # of its issued shares": Cheetham's, named nearer, as likely as the speaker's
        if tok.lower_ in PERSON_PRONOUNS and any(
                m.kind in ("person", "name") and m.key != speaker.key and m.position < tok.i
                for m in here):
            return None  # "He said the U.S., whose nominee, Rogers, resigned, has named Frank
            # as his replacement": Rogers's, not the speaker's
        if _clause_subject_is(tok, speaker, here):
            return None  # "[X] will continue its talks": the owner is the claim's own subject
        if _owns_it(tok, here):
            return None  # "X said other makers put their products on …": most likely theirs
        subject = _clause_subject(tok)
        if subject is not None and subject.tag_ in ("WDT", "WP") and tok.lower_ == "its" and (
                subject.head.dep_ == "relcl" and subject.head.head.pos_ == "PROPN"
                and subject.head.head.i != speaker.head):
            return None  # "… follow the example of Brazil, which declared a moratorium on
            # its debt": Brazil's, the name the relative stands for, as likely as the speaker's
        if subject is not None and subject.pos_ == "PROPN" and subject.i != speaker.head:
            return None  # "Cherney said Inco did not view it as a blow to its prestige": Inco's
        if subject is not None and subject.pos_ == "NOUN" and not subject.ent_type_ and (
                subject.lower_ in ORG_NOUNS or tok.head.lower_ not in _COMPANY_POSSESSIONS) and (
                subject.tag_ != "NNS" or _owner_between(subject, tok, said_by, here)):
            return None  # "X said if growth continues at its current pace …": growth's; "It
            # said a bank can sell the bonds depending on its requirement": the bank's (but
            # "X said the offer needs approval of its board": X's; "X said 2,000 workers walked
            # out at its mill": no workers' "its" — unless a name between may own it: "Y's
            # dealings in Z were on behalf of its clients")
        if _we_already(tok, speaker, refs):
            return None  # '"We think that … it loses its patent," said X of Bear Stearns'
        return (tok,), speaker
    phrase = _definite_phrase(tok)
    if phrase is None or tok.lower_ not in COMPANY_NOUNS or tok.lower_ == "group" and (
            memory.gathered):
        return None
    said = frozenset(t.lower_ for t in phrase)
    named = [m for m in memory.mentions + here  # subjects, or named as companies
             if m.kind == "org" and is_company_like(m) and not m.descriptors & _NO_COMPANY
             and (m.rank <= 1 or is_corporate(m.text))]
    companies = {m.key: m for m in named}
    if len(companies) == 2 and not any(
            _two_companies([m for m in named if m.key == key]) for key in companies):
        other = _the_other_company(tok, companies, here, memory)
        if other is not None and not _may_describe_another(phrase, other, here) and _fits(
                said, other) and not all(
                _named_after(tok, m, memory) for m in named if m.key == other.key) and not (
                _owner_around(tok, other, refs)):
            return tuple(phrase), other
    if len(companies) != 1 or _two_companies(named):
        return None
    before = [m for m in named if not _named_after(tok, m, memory)]
    if not before:
        return None  # "the change of the company's name to Royal Gold Inc": never a name after
    found = before[-1]  # (as named before it: "changing the name of the company to Reserve
    # Industries Corp" is Reserve Oil and Minerals Corp's, whose key the new name shares)
    latest = max(m.sentence for m in memory.mentions + here if m.key == found.key)
    if memory.sentences - latest > _STILL_IN_VIEW:
        return None  # "… 52 pct of the voting rights in the company", four sentences after the
        # one company the recogniser saw: the story's own (Swedish Match, unseen) as likely
    if _may_describe_another(phrase, found, here) or not _fits(said, found):
        return None
    if _object_of_its_own(tok, found, here) or _owner_around(tok, found, refs):
        return None  # ("raise Adia S.A.'s ownership in the company": not Adia S.A.)
    return tuple(phrase), found


def _named_employer(speaker: Token) -> set[str]:
    """The capitalised words before a speaker's title ("a Seiko Epson official"): whose
    official, even where the recogniser saw no name."""
    if speaker.lower_ not in PERSON_NOUNS:
        return set()
    return {c.lower_ for c in speaker.children if c.dep_ == "compound" and c.pos_ == "PROPN"}


def _fits(said: frozenset[str], found: Mention) -> bool:
    """False when the name cannot be what the phrase (its words, `said`) describes: "the
    central bank" is no commercial bank ("National Westminster Bank Plc"), "the utility" no
    underwriter ("Morgan"), and one party is never two ("the government and Massachusetts")."""
    if {"central", "bank"} <= said and not is_central_bank(found.text):
        return False
    if "utility" in said and not is_utility(found.text):
        return False
    if said & COMPANY_NOUNS and _is_regulator(found):
        return False  # "the company" is no EPA (though "the agency" may be)
    return not (found.label == "NP" and " and " in found.text.lower())


# Regulators and public bodies the recogniser writes as acronyms, which are no company
_REGULATORS = frozenset(
    "SEC FTC FDA EPA NASD FCC ICC CFTC FERC NRC IRS USDA ITC FSLIC FDIC MITI".split())


def _is_regulator(mention: Mention) -> bool:
    """True for a regulator written as its acronym ("the EPA", "S.E.C.")."""
    return mention.text.strip(".").upper() in _REGULATORS


def _named_after(tok: Token, mention: Mention, memory: Memory) -> bool:
    """True when the mention is later in tok's own sentence: a name after "the company" is
    never what it stands for ("changing the name of the company to Reserve Industries")."""
    return mention.sentence == memory.sentences and mention.position > tok.i


def _owner_between(
    subject: Token, tok: Token, speaker: Mention | None, here: list[Mention]
) -> bool:
    """True when something other than the speaker, from the subject on, may own "its": "Y's
    dealings in Z were on behalf of its clients", "the administration's accomplishments
    outweighed its failures"."""
    if any(c.dep_ == "poss" and c.tag_ != "PRP$" for c in subject.children):
        return True
    described = {t.i for c in subject.children if c.dep_ == "appos" or is_apposed_members(c)
                 for t in c.subtree}  # ("2,000 workers, members of the X union, walked out
    # at its mill": the union describes the workers)
    return any(m.kind != "thing" and (speaker is None or m.key != speaker.key)
               and subject.left_edge.i <= m.position < tok.i and m.position not in described
               for m in here)


def _the_other_company(
    tok: Token, companies: dict[str, Mention], here: list[Mention], memory: Memory
) -> Mention | None:
    """ "KLM is discussing cooperation with Air Atlanta but it is not seeking a stake in the
    airline": of the story's two companies, not the clause's own subject (which would be
    "itself"), so the other, named in this sentence or the last."""
    if tok.dep_ not in ("dobj", "pobj") or not _subject_controls(tok):
        return None
    subject = _clause_subject(tok)
    own = next((m for m in here if subject is not None and subject.i in (m.position, m.head)),
               None)
    if own is None or own.key not in companies:
        return None
    [other] = [m for key, m in companies.items() if key != own.key]
    recent = [m for m in memory.mentions + here if m.key == other.key and (
        m.sentence >= memory.sentences - 1) and not (m.sentence == memory.sentences
                                                     and m.position > tok.i)]
    return recent[-1] if recent else None


def _subject_controls(tok: Token) -> bool:
    """True when the word's clause is its subject's own act: not "engaged Brown and Sons to
    explore a sale of the company" (the bank explores), nor "an offer from TWA to buy the
    airline" (TWA buys), where the act is another's."""
    node = tok
    while not any(c.dep_ in SUBJECTS for c in node.children):
        if node.head == node or node.dep_ in ("acl", "relcl"):
            return False
        above = node.head
        if node.dep_ in ("xcomp", "ccomp") and any(
                c.dep_ in ("dobj", "dative") and c != node for c in above.children):
            return False
        node = above
    return True


def _two_companies(named: list[Mention]) -> bool:
    """True when one key stands for two companies with names of their own ("Royal Resources
    Corp" and "Royal Gold Inc"), not one company named short and in full ("Acme", "Acme Corp")."""
    full = {_bare_name(m.text) for m in named if is_corporate(m.text)}
    return any(not (a.startswith(b) or b.startswith(a)) for a in full for b in full)


def _bare_name(name: str) -> str:
    """A company's name without its corporate ending: "Royal Gold Inc" → "royal gold"."""
    parts = clean_name(name).lower().replace(".", "").split()
    while parts and parts[-1] in CORPORATE_SUFFIXES:
        parts.pop()
    return " ".join(parts)


def _may_describe_another(phrase: list[Token], found: Mention, here: list[Mention]) -> bool:
    """True for a description ("the long distance telephone company") right after another
    organisation is named in its sentence ("… signed a contract with US Sprint to provide
    the long distance telephone company with …"): it may well describe that one."""
    head = phrase[-1]
    return len(phrase) > 2 and any(
        m.kind == "org" and m.key != found.key and m.position < head.i for m in here)


_WHOLE_BODY_NOUNS = frozenset({"body", "organisation", "organization"})


def _affiliated(frame: Frame, here: list[Mention], tok: Token) -> Mention | None:
    """The organisation a speaking person works for, for "the firm" in what they say."""
    speaker = _speaker_in(frame, here)
    if speaker is None or speaker.affiliation is None or speaker.descriptors & _MARKET_VOICES:
        return None  # (an analyst's "the organization" is what he studies, not his bank)
    org = Mention(speaker.affiliation, "org", False, 1, speaker.sentence, speaker.position,
                  name_key(speaker.affiliation, "org"), "ORG")
    # "a Kraft spokesman said the company …", not "… said the board": the board is Kraft's,
    # not Kraft; nor a body whose kind the name does not say ("the bank" of an airline's man)
    kind = tok.lower_
    whole = kind in COMPANY_NOUNS or kind in _WHOLE_BODY_NOUNS
    return org if whole or kind in speaker.affiliation.lower().split() else None


def _named_as_a_person(found: Mention, here: list[Mention], memory: Memory) -> bool:
    """True for a one-word name that the story also names as a person ("Paul Feretti" before
    "Feretti said …"): never what "the company" or "the group" is. (Not "Taft Broadcasting"
    beside Dudley Taft: a family's company is a company.)"""
    return found.kind != "person" and " " not in found.text and not found.text.isupper() and any(
        m.key == found.key and m.kind == "person" for m in memory.mentions + here)


def _owner_around(tok: Token, found: Mention, refs: SentenceRefs) -> bool:
    """True when the noun is inside a phrase the one found owns ("its dealings in the
    company's stock", "its" read as X, or left open where X speaks): the company is another
    than X."""
    if tok.lower_ not in COMPANY_NOUNS:
        return False  # ("a report by Italy's Budget Ministry on the country's economy": Italy)
    speakers = {m.key for m in refs.mentions if m.spoke}
    node = tok
    while node.dep_ in _INSIDE_A_NOUN_PHRASE and node.head.i != node.i:
        noun = node = node.head  # (within the phrase only: not "X's response to his offer to
        # buy the company", nor "X's plans … and the sale of the company")
        for owner in (c for c in noun.children if c.dep_ == "poss" and c.i != tok.i):
            meant = refs.resolved.get(owner.i)
            if meant is None and owner.lower_ in ("its", "their") and found.key in speakers:
                return True
            named = strip_possessive(meant[1]) if meant else clean_name(" ".join(
                t.text for t in owner.subtree if t.tag_ != "POS"))
            if name_key(named, "org") == found.key or named == found.text:
                return True
    return False


def _named_later_in_its_clause(tok: Token, found: Mention) -> bool:
    """True for "he"/"she" as a subject whose own clause names the person found, after it
    ("He refused to reveal Wakaoji's whereabouts"): a person the pronoun governs is someone
    else. (Not a company: "Ford said it added the Ford Taurus", "… regarding its offer for
    Caesars World stock" name the company's goods and stock as news copy always does.)"""
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.lower_ not in PERSON_PRONOUNS or (
            found.label == "NP"):
        return False
    return any(t.i > tok.i and t.pos_ == "PROPN" and t.lower_ == found.key
               and t.dep_ != "compound" and _same_name_in_reach(t, tok.head, found)
               for c in tok.head.children
               if c.dep_ not in ("conj", "cc", "parataxis") for t in c.subtree)
    # (not a clause joined on: "He did not say on what he based it, but an aide said Roberts
    # had …")


def _same_name_in_reach(name: Token, verb: Token, found: Mention) -> bool:
    """True when the later name is the one found, as written ("Wakaoji", not "his wife,
    Elizabeth Dole" for Robert Dole), and not down in a clause of its own ("he has held talks
    … in which Sosnoff would have a 50 pct interest": news copy's way of naming him again)."""
    written = [c.lower_ for c in name.lefts if c.dep_ == "compound"] + [name.lower_]
    if written != [w.lower() for w in found.text.split()][-len(written):]:
        return False
    node = name
    while node.i != verb.i and node.head.i != node.i:
        if node.dep_ in ("relcl", "acl", "advcl", "ccomp"):
            return False
        node = node.head
    return True


def _we_already(tok: Token, found: Mention, refs: SentenceRefs) -> bool:
    """True for "it"/"its" in a sentence whose "we" was read as the one found: speakers who
    call themselves "we" do not call themselves "it" in the same breath."""
    return tok.lower_ in THING_PRONOUNS and any(
        t.lower_ in FIRST_PLURAL and t.i in refs.resolved and strip_possessive(
            refs.resolved[t.i][1]) == strip_possessive(found.text) for t in tok.sent)


_INSIDE_A_NOUN_PHRASE = frozenset(("poss", "pobj", "prep", "compound", "nmod"))


_BODIES_THAT_OWN = words("partnership fund trust venture")  # common nouns that own things

# Words the recogniser tags as a nationality that say a party's politics ("the
# Democratic-controlled committee"), no country
_PARTIES = words("democratic democrat democrats republican republicans socialist communist "
                 "conservative labour liberal")


def _in_clause_on(tok: Token, head: int) -> bool:
    """True when the word is inside a clause on the noun at `head` that the noun is not the
    subject of: "the amounts they are talking about", "shares held by it" (but "Powell, who
    said he …", "the ministry, which has said it …" may well mean Powell, the ministry)."""
    if head < 0:
        return False
    clause = next((a for a in [tok, *tok.ancestors]
                   if a.dep_ in ("relcl", "acl") and a.head.i == head), None)
    if clause is None:
        return False
    if clause.dep_ == "acl":
        return clause.tag_ == "VBN"
    return not any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP")
                   for c in clause.children)


def _surname_of_a_person(found: Mention, here: list[Mention], memory: Memory) -> bool:
    """True for a one-word name the story gave before as a person's full name ("Paul Volcker")
    and never in a company's ("Hilton" after "Hilton Hotels Corp chairman Barron Hilton"): a
    firmer sign than `_named_as_a_person`, since "it" is then a person's only by mistake."""
    named = memory.mentions + here
    word = found.text.lower()
    return _named_as_a_person(found, here, memory) and any(
        m.key == found.key and m.kind == "person" and " " in m.text for m in named) and not any(
        m.kind == "org" and m.label != "NP" and " " in m.text and word in m.text.lower().split()
        for m in named)
    # ("Gruppo Ferruzzi" and "Serafino Ferruzzi": the family's company may be "it")


def _left_open(tok: Token, memory: Memory) -> bool:
    """True when the noun's last reading before was left open (see `Memory.nouns`)."""
    read = memory.nouns.get(tok.lower_)
    return read is not None and read[1] is None


def _same_company(one: Mention, other: Mention) -> bool:
    """True when one name is the other's words or its initials, short or in full ("Hutton",
    "E.F. Hutton Group Inc"; "AMC", "American Motors Corp")."""
    (short, _), (full, longer) = sorted(
        ((_bare_name(name).split(), name) for name in (one.text, other.text)),
        key=lambda bare_and_name: len(bare_and_name[0]))
    if len(short) == 1 and len(short[0]) > 1:
        whole = clean_name(longer).lower().replace(".", "").split()  # (with "Corp")
        if short[0] in ("".join(w[0] for w in full), "".join(w[0] for w in whole)):
            return True
    return bool(short) and set(short) <= set(full)


def _clause_subject_is(tok: Token, mention: Mention, here: list[Mention]) -> bool:
    """True when the subject of the verb above tok already names the mention."""
    subject = _clause_subject(tok)
    if subject is None:
        return False
    return any(m.head == subject.i and m.key == mention.key for m in here)


def _owns_it(tok: Token, here: list[Mention]) -> bool:
    """True when the possessive's own clause has a subject that could own it: a plural for
    "their", a name for "its" (not "the offer … its board", which is the speaker's)."""
    subject = _clause_subject(tok)
    if subject is None:
        return False
    agrees = _agreement(tok.lower_)
    return any(m.head == subject.i and agrees(m)
               and (tok.lower_ in GROUP_PRONOUNS or m.label != "NP") for m in here)


def _clause_subject(tok: Token) -> Token | None:
    """The subject of the clause a word is in ("X will pay … to cancel its shares": X)."""
    verb = tok.head
    while verb.head != verb and (
        verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("xcomp", "advcl", "acl", "prep", "pcomp")
        and not any(c.dep_ in SUBJECTS for c in verb.children)
    ):  # (through "depending on its requirement", "to cancel its shares")
        verb = verb.head
    return next((c for c in verb.children if c.dep_ in SUBJECTS), None)


def _clitic_after(tok: Token) -> Token | None:
    """The clitic written onto a word ("'re" of "We're"), not a possessive "'s"."""
    after = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    if after is None or after.text[:1] not in "'’" or after.tag_ == "POS":
        return None
    return after


def _expanded(clitic: Token) -> str | None:
    """The word a clitic stands for, where only one can be meant ("'re", not "'s" or "'d")."""
    return {"re": "are", "ve": "have", "ll": "will"}.get(clitic.lower_[1:])


def _speakers_organisation(
    tok: Token, frame: Frame | None, here: list[Mention], memory: Memory
) -> Mention | None:
    """ "We" in what a spokesman says: the organisation the speaker speaks for."""
    if frame is None or not frame.source or not _in_content(tok, frame):
        return None
    source = {t.i for t in frame.source}
    speaker = next((m for m in here if m.position in source and m.rank == 0), None)
    if speaker is None:
        return None
    if speaker.kind in ("org", "group") and speaker.label != "NP":
        return None if _maybe_a_person(speaker, memory) or _of_another(
            speaker, here, tok.doc) else speaker
    described = source_head(frame)
    titles = {t.lower_ for t in (described.subtree if described is not None else frame.source)}
    if speaker.affiliation is None or titles & _MARKET_VOICES:
        return None  # an economist's "we are back to where we were" is the market, not his bank
    key = name_key(speaker.affiliation, "org")
    if not any(is_person_noun(t) for t in titles) and not any(
            m.key == key and m.rank <= 1 for m in memory.mentions + here):
        return None  # '"We have some very good-looking monetary data," Stephen Slifer of
        # Shearson Lehman Brothers Inc added': no title says he speaks for the firm, and the
        # story never has it act; its economist's "we" is the economy as often as the firm
    return Mention(speaker.affiliation, "org", False, 2, speaker.sentence, speaker.position,
                   key, "ORG")


def _of_another(speaker: Mention, here: list[Mention], doc: Doc) -> bool:
    """True for a speaker "of" an organisation named right after it ("said Leo de Corel of
    Kredietbank's research department", the name tagged an organisation): someone who works
    there, whose "we" is not their own name."""
    after = speaker.head + 1
    return speaker.head >= 0 and after < len(doc) and doc[after].lower_ == "of" and any(
        m.position == after + 1 and m.kind == "org" for m in here)


def _maybe_a_person(speaker: Mention, memory: Memory) -> bool:
    """ '"… we will have regained the 1985 position," Holden-Brown said', the chairman's name
    tagged an organisation: one word with no company's suffix is a person as often as a
    company, so its "we" is that company only when the story named the company in full."""
    before_of = speaker.text.split(" of ")[0]
    if before_of != speaker.text and not is_corporate(before_of) and not set(
            before_of.lower().split()) & ORG_NOUNS:
        return True  # "said Leo de Corel of Kredietbank", tagged one organisation: a person
    if " " in speaker.text or speaker.text.isupper() or is_corporate(speaker.text):
        return False
    return not any(m.key == speaker.key and m.kind == "org" and " " in m.text
                   for m in memory.mentions)


def _same_person(
    tok: Token, phrase: list[Token], here: list[Mention], memory: Memory
) -> tuple[tuple[Token, ...], Mention] | None:
    """ "The spokesman" after "a KLM spokesman": the one person named with that word lately."""
    index = memory.sentences
    pool = [m for m in memory.mentions + here
            if m.key == tok.lower_ and m.kind == "person" and m.position != tok.i
            and index - m.sentence <= LOOK_BACK and (m.sentence < index or m.position < tok.i)]
    if not pool or len({m.text for m in pool}) != 1 or pool[-1].text.lower() == "the " + tok.lower_:
        return None
    return tuple(phrase), pool[-1]


def _agreement(word: str):  # noqa: ANN202 - a small predicate factory
    """What a referring word can point to, as a predicate on mentions."""
    if word in ("he", "him", "his", "she", "her"):
        gender = "m" if word in ("he", "him", "his") else "f"
        return lambda m: m.kind in ("person", "name") and not m.plural and m.gender in (
            gender, "")
    if word in THING_PRONOUNS:  # a place only as a subject ("Japan said it …"); an unknown
        # name that speaks is more likely a person ("Jones said …")
        return lambda m: not m.plural and not (word == "its" and _owned(m)) and (
            m.kind in ("org", "thing") or m.kind == "name" and not m.spoke
            or m.kind == "place" and m.rank <= 1
        )
    if word in GROUP_PRONOUNS:
        return lambda m: m.plural and m.kind != "place" and not (word == "their" and _owned(m))
    if word in COMPANY_NOUNS:  # a subject or speaker, or a name that says it is a company —
        # not one whose business is to speak of other companies (a rating agency, an exchange)
        return lambda m: m.kind == "org" and not m.descriptors & _NO_COMPANY and (
            not is_public_body(m)) and (
            word in m.descriptors or m.label == "ORG" and (m.rank <= 1 or is_corporate(m.text))
        )
    if word in NAMED_NOUNS:
        return lambda m: m.kind == "org" and word in m.descriptors
    if word in ("country", "nation"):
        return lambda m: m.kind == "place" and m.label == "GPE"
    if word in PLACE_NOUNS:  # "the region" is no country named before, "the city" its own
        return lambda m: m.kind == "place" and m.label == "GPE" and word in m.descriptors
    return lambda m: False


def _owned(mention: Mention) -> bool:
    """A thing named with its owner ("the company's move"): "its"/"their" after it more likely
    means the owner than the thing."""
    return mention.label == "NP" and ("'s " in mention.text + " " or "’s " in mention.text + " ")


def _voiced_by_another(tok: Token, frame: Frame | None) -> bool:
    """ "X said that officers believe it to be without merit": the "it" is in what someone else
    believes or says inside X's report, so it is not X by default (not "X said its board
    declared …": there "its" is in the subject, not in what the board declared)."""
    if frame is None:
        return False
    tops = set(frame.content)
    node, verb = tok, tok.head
    while node not in tops and verb != node:
        if node.dep_ in ("ccomp", "xcomp") and verb.lower_ in (REPORTING | HEDGING_FRAMES) and any(
                c.dep_ in ("nsubj", "nsubjpass") and c != tok for c in verb.children):
            return True
        node, verb = verb, verb.head
    return False


def _antecedent(tok, wants, sent, frame, here, memory, look_back) -> Mention | None:  # noqa: ANN001
    """The one clearly right antecedent: the speaker of "X said it …", else the clear choice in
    this sentence, else in the nearest sentence before.

    A speaker ("…," it said) is never something named in what it says.
    """
    speaker = _speaker_in(frame, here) if frame is not None and _in_content(tok, frame) else None
    reporter = _relative_reporter(tok)
    if reporter is not None:
        # "… joined the splinter group, which said it would agree …": the group, or unsure
        named = next((m for m in here if m.head == reporter.i), None)
        return named if named is not None and wants(named) and _is_pronoun(tok) else None
    if speaker is not None and tok.lower_ in PERSON_PRONOUNS and _surname_before(tok, speaker):
        return None
    if speaker is not None and _unknown_name_after_a_party(tok, speaker, memory):
        return None
    rivals = _recent_things(memory, here, tok)
    inside = frame is not None and any(
        _named_in_clause_of(m, tok, frame) and wants(m)
        and (speaker is None or m.key != speaker.key) for m in here)
    voiced = _voiced_by_another(tok, frame)
    if not inside and not voiced and _speaks_of_itself(tok, speaker, wants, rivals):
        return speaker
    quoted = set()
    if frame is not None and _is_speaker(tok, frame):
        quoted = {t.i for c in frame.content for t in c.subtree}
    inside_speaker = set()
    if frame is not None and _in_content(tok, frame) and frame.source:
        head = source_head(frame)  # "X's subsidiary, Y, said it …": the subsidiary, not X
        if head is not None and head.pos_ == "NOUN" and head.lower_ not in PERSON_NOUNS:
            inside_speaker = {t.i for t in frame.source} - {head.i}  # (a person's X is his)
    local = [m for m in here if wants(m) and _before(m, tok, frame) and m.position not in quoted
             and m.head not in inside_speaker and not _governs_as_thing(m, tok)]
    if frame is not None and _in_content(tok, frame):
        # "X said Indonesia did not achieve its goal": a name in the pronoun's own reported
        # clause, before it, is nearer than the speaker; with one there, choose among those.
        reported = [m for m in local if m.rank <= 1 and _named_in_clause_of(m, tok, frame)]
        # Not a name around the report ("In a filing with the SEC, X said it bought …")
        source = {t.i for t in frame.source}
        local = reported or [m for m in local if m.position in source and not voiced
                             or _in_content_at(m.position, frame)]
    if local:
        chosen = _clear_choice(local, tok, rivals)
        if chosen is not None and _misread_rival(here, chosen, tok, frame):
            return None
        if chosen is not None and chosen.head >= 0 and _one_of_two_subjects(tok.doc[chosen.head]):
            return None  # "If the Banco do Brasil closes it …", read "Banco … Brasil closes"
        if chosen is not None and _is_pronoun(tok) and any(
                m.key != chosen.key and m.kind != "thing" and chosen.position < m.position
                for m in local):
            return None  # "a vote against the management would empower the board to dismiss
            # the management if it chooses": the board, named nearer, as likely as the subject
        if chosen is not None and _is_pronoun(tok) and (
                _subject_of_its_verb(tok, chosen, here) or (
                tok.lower_ == "it" and _undergoes(tok) and any(
                    t.tag_ == "NN" and t.dep_ in ("dobj", "pobj", "attr") and not t.ent_type_
                    and t.lower_ not in PERSON_NOUNS and not any(
                        c.dep_ == "nummod" for c in t.children)  # (not "15 mln dlrs")
                    for t in tok.doc[chosen.head + 1:tok.i]))):
            return None  # "Venezuela will lend Ecuador oil to help it meet …": not Venezuela;
            # "CME members will vote on the petition, since it was rejected": the petition too
        if chosen is not None and tok.tag_ == "PRP$" and any(
                _another_owner(m, tok) and m.key != chosen.key
                and chosen.position < m.position < tok.i for m in here):
            return None  # "the FDA has notified the company its petition …": whose?
        return chosen
    if _is_pronoun(tok) and _inside_a_subject_here(tok, here):
        return None  # "the depressed stock market and forecasts that it would not attract
        # interest": the market around it, misread; never something from the sentence before
    if _is_pronoun(tok) and tok.lower_ in PERSON_PRONOUNS and _named_above(tok):
        return None  # "Although Sprinkel indicated that he …": Sprinkel, whom the recogniser
        # missed; never someone from the sentence before
    index = memory.sentences
    for back in range(1, look_back + 1):
        if _is_pronoun(tok) and _pronoun_class(tok.lower_) in memory.open_pronouns.get(
            index - back, ()
        ):
            return None  # the same pronoun was left open there: it still means the unknown
        if not _is_pronoun(tok) and (read := memory.nouns.get(tok.lower_)) and (
                read[0] == index - back):
            meant = read[1]  # "the company" after "the company": the same one, or unknown
            # (not `_misread_owner`'s doubt: "The study of Enzon's drug showed …, the company
            # said" after "the company" read as Enzon Inc is that company, whoever owns what)
            return meant if meant is not None and wants(meant) else None
        pool = [m for m in memory.mentions if m.sentence == index - back and wants(m)]
        unknown = [m for m in memory.mentions
                   if m.sentence == index - back and m.kind == "name" and m.rank <= 1]
        if not pool and tok.lower_ in PERSON_PRONOUNS and unknown:
            # "Sprinkel told a symposium … He also suggested …": Sprinkel, whom the recogniser
            # did not know for a person here; never Penner, named a paragraph before
            return _known_person(unknown[0], memory, wants)
        if pool and back > 1 and _undergoes(tok) and any(
                m.rank <= 1 and m.sentence == index - 1 for m in rivals):
            return None  # "The plan … covers sugar areas, he said. It was expected to benefit
            # …": the plan, the last sentence's subject, as likely as a party named before it
            # (not "It said …", "It reported …": what a company does, after its figures)
        if pool:
            if _is_pronoun(tok) and all(m.rank > 1 for m in pool):
                # "… given priority by Baker. He was …": an object is no sure "he"; but one
                # thing a person acted on may be the only "it" there is
                return _sole_object(tok, pool, memory) if back == 1 else None
            if not _is_pronoun(tok) and _misread_owner(here, tok):
                return None  # "Piedmont's board met, but the company declined": Piedmont?
            chosen = _clear_choice(pool, tok, rivals)
            if chosen is not None and chosen.coordinated and not _is_pronoun(tok):
                return None  # "the country" after "both the U.S. and Japan …": either
            if chosen is not None and not _is_pronoun(tok) and _is_speaker(tok, frame) and any(
                    m.sentence == index - back and m.kind == "org" and m.spoke
                    and m.key != chosen.key for m in memory.mentions):
                return None  # "Brooklyn Union said the gas from Shell Oil … The utility said":
                # most likely the speaker before, whatever its name suggests; not Shell Oil
            if chosen is not None and tok.lower_ == "it" and _only_inside_a_subject(
                    chosen, memory, back):
                return None  # "Lendings in the region are booked in Hong Kong. He said it is
                # for tax reasons": the booking, not the region
            weak = chosen is not None and chosen.label == "NP"
            if tok.lower_ in PERSON_PRONOUNS and any(
                    m.position < tok.i and m.rank <= 1 and m.label in ("ORG", "NAME")
                    and not is_company_like(m) and (weak or m.spoke) for m in here):
                return None  # "Gros is expected to brief … a tour that he …": Gros, misread,
                # rather than "one banker" named before; "Metzenbaum said he …": him
            if chosen is not None and chosen.rank > 1 and not _is_pronoun(tok) and any(
                    m.rank <= 1 and m.key != chosen.key and wants(m)
                    for m in memory.mentions + here):
                return None  # "the bank" after "… research at the Central Bank": or the
                # story's own bank, named as a subject before
            return chosen
    return None


def _told_another(tok: Token, here: list[Mention], wants) -> bool:  # noqa: ANN001
    """True for a pronoun in what was told to someone it may stand for ("warned the European
    Community it will face …", "informed Beta that it had breached …", "Beta was informed by
    Acme that it …"); not an authority a filing is made to ("told the Securities and Exchange
    Commission it bought …")."""
    if tok.lower_ not in THING_PRONOUNS:
        return False  # ("Trump told UAL's chairman that he was interested": Trump)
    for m in here:
        if m.rank != ADDRESSEE_RANK or m.head < 0 or m.head >= tok.i or not wants(m) or (
                _is_regulator(m) or is_public_body(m) or m.label == "NP"):
            continue  # (nor people told, "told a group of analysts that it …")
        told = phrase_head(tok.doc[m.head])
        verb = told.head.head if told.dep_ == "pobj" else told.head
        if told.i != m.head or {"dative", "dobj"} <= {c.dep_ for c in verb.children}:
            continue  # "told Harper and Row representatives that it …": the people told
        if verb.i < tok.i and verb.lower_ in _WARNING and verb in tok.ancestors:
            return True  # (not "told": "Reynolds told Advanced Voice it would not …" is
            # Reynolds far more often than not)
    return any(a.i < tok.i and a.lower_ in TELLING and {"auxpass", "agent"} <= {
        c.dep_ for c in a.children} for a in tok.ancestors)  # "X was informed by Y that it …"


_WARNING = verb_forms(words("warn notify remind assure inform")) | words("notified")


def _told_to_act(tok: Token) -> bool:
    """True for a pronoun in what someone was told to do ("urged/required/pressed X to V …"),
    except V's own object ("asked Ford to buy it": not Ford)."""
    if tok.dep_ in ("dobj", "dative") and tok.head.dep_ in ("xcomp", "conj"):
        return False
    node = tok
    while node.head.i != node.i and node.dep_ not in ("relcl", "advcl", "parataxis"):
        verb = node
        while verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head  # "to post … and to distribute … to all its employees"
        if verb.dep_ == "xcomp" and verb.tag_ == "VB":
            return verb.head.lower_ in _TELLING and any(
                c.dep_ == "dobj" and c.i < verb.i and c.pos_ in ("NOUN", "PROPN")
                for c in verb.head.children)
        node = node.head
    return False


# Verbs whose object is the one to act ("urged Japan to open …"); not "used the funds to …"
_TELLING = verb_forms(words(
    "urge ask press require force persuade allow permit enable order tell encourage invite "
    "authorize authorise help compel instruct direct advise oblige pressure"
)) | words("told")


def _subject_of_its_verb(tok: Token, chosen: Mention, here: list[Mention]) -> bool:
    """True when the word is the object of a verb whose (understood) subject is the one
    chosen ("Venezuela will lend Ecuador oil to help it meet …": "it" is not Venezuela;
    "X would not identify the company": not X)."""
    if tok.dep_ in ("dobj", "dative"):
        verb = tok.head
    elif tok.dep_ == "nsubj" and tok.head.tag_ == "VB" and tok.head.dep_ == "ccomp" and not any(
            c.dep_ in ("aux", "mark") for c in tok.head.children):
        verb = tok.head.head  # "help it meet", "let it go": it is what is helped or let
    else:
        return False
    while verb.tag_ == "VB" and verb.dep_ in ("xcomp", "advcl") and verb.head.pos_ in (
            "VERB", "AUX"):
        verb = verb.head  # "to help": helping is what the main clause's subject does
    subjects = {c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")}
    return any(m.head in subjects and m.key == chosen.key for m in here)


def _named_as_modifier(tok: Token, found: Mention) -> bool:
    """True when another name modifies a noun earlier in the sentence ("Under the proposed
    Comdata recapitalization plan, the company would buy …"): the company may be that one."""
    words_of = {w.lower() for w in found.text.split()}
    initials = "".join(w[0] for w in found.text.split() if w[:1].isupper()).lower()
    return any(t.pos_ == "PROPN" and t.dep_ in ("compound", "poss") and t.head.pos_ == "NOUN"
               and t.lower_ not in words_of and not initials.startswith(t.lower_)
               and t.ent_type_ in ("ORG", "") and not is_person_noun(t.head.lower_)
               for t in tok.sent[: tok.i - tok.sent.start])  # (not "NMC spokesman X said")


def _object_of_its_own(tok: Token, found: Mention, here: list[Mention]) -> bool:
    """True for "the company" as the object of what the company found does: "American
    International would not identify the company", "It did not disclose the name of the
    company" — another company than the one that acts."""
    named_of = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" and (
        tok.head.head.lower_ in ("name", "identity")) else tok
    return _subject_of_its_verb(named_of, found, here)


def _known_person(name: Mention, memory: Memory, wants) -> Mention | None:  # noqa: ANN001
    """The person named in full before whose surname the unknown name is ("Stritch" after
    "Chairman Cliff Stritch Jr"), else None."""
    people = [m for m in memory.mentions if m.kind == "person" and wants(m)
              and name.text in m.text.split()]
    return people[-1] if people and len({m.key for m in people}) == 1 else None


def _says_of_itself(tok: Token, frame: Frame | None, here: list[Mention]) -> bool:
    """True for the subject right under the verb of saying of a speaker that can be "it"
    ("The FT said it has decided …"), whoever the resolver settled on."""
    if frame is None or not frame.source or tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    head = source_head(frame)
    if head is None or head.lower_ in PERSON_PRONOUNS or is_person_noun(head.lower_):
        return False  # "She said it was brokered by …": a person is never her "it"
    speaker = _speaker_in(frame, here)
    if speaker is not None and speaker.kind == "person":
        return False
    return tok.head.dep_ == "ccomp" and tok.head.head == head.head and (
        tok.lower_ in THING_PRONOUNS)


def _undergoes(tok: Token) -> bool:
    """True for the subject of a passive or of "be" ("It was expected to …", "It is due"):
    what a thing as well as a party may be."""
    return tok.dep_ == "nsubjpass" or tok.dep_ == "nsubj" and tok.head.lemma_ == "be"


def _sole_object(tok: Token, pool: list[Mention], memory: Memory) -> Mention | None:
    """ "The official described the agreement as satisfactory. He said it was signed …": when
    a person did something to one thing, and the sentence names nothing else a thing could be,
    the next "it" is that thing; a company's act ("Acme launched a phone. It costs …") or a
    second noun ("predict the growth in net profit. It rose …") leaves it unsure."""
    sent = memory.last_sentence
    if tok.lower_ != "it" or tok.dep_ not in ("nsubj", "nsubjpass") or sent is None:
        return None
    last = memory.sentences - 1
    named = [m for m in memory.mentions if m.sentence == last]
    subjects = [m for m in named if m.rank == 0]
    if len(pool) != 1 or not subjects or any(m.kind != "person" for m in subjects):
        return None
    [chosen] = pool
    doc = sent.doc
    if chosen.kind != "thing" or chosen.plural or not 0 <= chosen.head < len(doc):
        return None
    head = doc[chosen.head]
    if head.dep_ != "dobj" or head.head != sent.root or not any(
            c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    start = min((t.i for c in head.lefts for t in c.subtree), default=head.i)
    phrase = doc[start : head.i + 1]
    speaker_words = {t.i for m in subjects if 0 <= m.head < len(doc) for t in doc[m.head].subtree}
    others = [t for t in sent if t.pos_ in ("NOUN", "PROPN") and t.i not in speaker_words
              and not phrase.start <= t.i < phrase.end and t.ent_type_ not in ("DATE", "TIME")]
    if others or len(phrase) > MAX_ANTECEDENT_WORDS:
        return None
    return replace(chosen, text=phrase.text)


def _money_measure(tok: Token, here: list[Mention], memory: Memory) -> Mention | None:
    """ "… declined to predict the growth in net profit. It rose 31.7 pct to 80.6 mln dlrs":
    an "it" that moves to a sum of money is a sum, so the one sum the sentence before named
    ("net profit"; not "the growth", which no sum measures), when nothing is named between.

    Two sums there ("the loss at its unit cut profit") leave it unsure."""
    before = memory.last_sentence
    if not _moves_to_a_figure(tok, money=True) or before is None:
        return None
    left_open = memory.open_pronouns.get(memory.sentences - 1, ())
    if "it" in left_open or any(m.position < tok.i for m in here):
        return None
    sums = [t for t in before if t.dep_ != "compound" and any(
        t.lower_.removesuffix(ending) in _MONEY_MEASURES for ending in ("", "s", "es"))]
    if len(sums) != 1 or sums[0].tag_ != "NN":
        return None
    [noun] = sums
    modifiers = [c for c in noun.lefts if c.dep_ in ("det", "poss", "amod", "compound", "nmod")]
    phrase = noun.doc[min((c.left_edge.i for c in modifiers), default=noun.i) : noun.i + 1]
    if len(phrase) > MAX_ANTECEDENT_WORDS or any(t.pos_ in ("PRON", "NUM") for t in phrase):
        return None
    return Mention(phrase.text, "thing", False, 1, memory.sentences - 1, phrase.start,
                   noun.lower_, "NP", head=noun.i)


def _moves_to_a_figure(tok: Token, *, money: bool = False) -> bool:
    """ "It rose 31.7 pct to 80.6 mln dlrs": an "it" that rises or falls by a figure (with
    `money`, to a sum) is a measure — profit, a price — never the company or person it
    belongs to."""
    verb = tok.head
    if tok.lower_ != "it" or tok.dep_ != "nsubj" or verb.lower_ not in _MOVES or any(
            c.dep_ == "dobj" for c in verb.children):
        return False  # ("it reached agreement …", "it will increase its capital": an agent)
    units = _CURRENCIES if money else _CURRENCIES | _SHARES
    labels = ("MONEY",) if money else ("MONEY", "PERCENT")
    return any(t.ent_type_ in labels or t.lower_ in units for t in verb.subtree if t.i > verb.i)


def _inside_a_subject_here(tok: Token, here: list[Mention]) -> bool:
    """True when a subject named in tok's own sentence has tok inside its phrase."""
    subjects = {m.head for m in here if m.rank == 0}
    return bool(subjects) and any(a.i in subjects for a in tok.ancestors)


def _only_inside_a_subject(chosen: Mention, memory: Memory, back: int) -> bool:
    """True for a noun named only inside the last sentence's subject ("lendings in the
    region"): what that sentence was about is its subject, not the noun."""
    sent = memory.last_sentence
    if back != 1 or sent is None or chosen.sentence != memory.sentences - 1:
        return False
    return 0 <= chosen.head < len(sent.doc) and inside_subject(sent.doc[chosen.head])


def _named_above(tok: Token) -> bool:
    """True when a verb above the pronoun has a name for its subject ("Sprinkel indicated
    that he …")."""
    above = [verb for verb in tok.ancestors if verb != tok.head]  # ("Kyodo quoted him": not
    # the pronoun's own verb, whose subject it cannot be)
    return any(c.dep_ in SUBJECTS and c.pos_ == "PROPN" and c.i < tok.i
               for verb in above for c in verb.children)


def _one_of_two_subjects(head: Token) -> bool:
    """True for a subject whose verb the parser gave another subject too (a misread name)."""
    return head.dep_ in SUBJECTS and sum(c.dep_ in SUBJECTS for c in head.head.children) > 1


def _speakers_they(tok: Token, frame: Frame | None, here: list[Mention]) -> Mention | None:
    """ "Union leaders said they would not return …": "they"/"their" only in the surest place,
    the subject of what a plural speaker says, with no other plural named between them.

    Anywhere else an audit found a third of them wrong: "diplomats said Spain and Portugal
    complained that they would get less", "terms are tight, bankers said" …"""
    if frame is None or not frame.source or not _in_content(tok, frame):
        return None
    speaker = _speaker_in(frame, here)
    if speaker is None or not _agreement(tok.lower_)(speaker) or speaker.position > tok.i:
        return None
    holder = tok if tok.dep_ in SUBJECTS else tok.head if tok.dep_ == "poss" else None
    if holder is None or holder.dep_ not in SUBJECTS or holder.head not in frame.content:
        return None
    between = tok.doc[speaker.position + 1 : tok.i]
    if any(t.tag_ in ("NNS", "NNPS") or t.dep_ == "conj" and t.pos_ == "PROPN"
           for t in between if t.i not in {s.i for s in frame.source}):
        return None
    return speaker


def _only_plural(tok: Token, sent: Span, here: list[Mention], memory: Memory) -> Mention | None:
    """ "Sales rose 17 pct, and V told reporters they were likely to …", "… members were
    discussing it. He said they had drawn up a list": the one plural subject named in this
    sentence before the pronoun or in the one before, when nothing else plural is named there
    (no other plural noun, no "Spain and Portugal"); "their" only as the owner of a subject
    ("About 300 miners walked out. Their contract expired …")."""
    holder = tok.head if tok.dep_ == "poss" and tok.lower_ == "their" else tok
    if holder.dep_ not in SUBJECTS:
        return None
    last = memory.sentences - 1
    window = [m for m in memory.mentions if m.sentence == last] + [
        m for m in here if m.position < tok.i]
    candidates = {m.key: m for m in window if m.plural and m.rank <= 1 and m.kind != "place"
                  and m.label == "NP"}
    if len(candidates) != 1:
        return None
    [chosen] = candidates.values()
    if _governs_as_thing(chosen, tok) or "they" in memory.open_pronouns.get(last, ()):
        return None  # "The higher range means they will be used. They will …": not the range
    earlier = list(sent.doc[sent.start : tok.i])
    if memory.last_sentence is not None:
        earlier = list(memory.last_sentence) + earlier

    def where(m: Mention) -> tuple[int, int]:
        doc = memory.last_sentence.doc if m.sentence == last and memory.last_sentence else sent.doc
        return id(doc), m.head

    named = {where(m) for m in window if m.key == chosen.key}
    addressed = {where(m) for m in window if m.rank == ADDRESSEE_RANK}
    plural_heads = {(id(t.doc), t.i) for t in earlier if (t.tag_ in ("NNS", "NNPS") or (
        t.dep_ == "conj" and t.pos_ == "PROPN")) and not _amount(t) and t.dep_ != "compound"
        and not ((t.dep_ == "appos" or is_apposed_members(t)) and (id(t.doc), t.head.i) in named)}
    # ("2,000 workers, members of the union, …": the same people; "the Paperworkers Union":
    # one union)
    return chosen if plural_heads - addressed <= named else None


def _amount(tok: Token) -> bool:
    """ "2.75 billion dlrs", "80 products": a counted plural, no group that acts."""
    return any(c.dep_ in ("nummod", "quantmod") or c.like_num for c in tok.children)


def _does_something_to(tok: Token) -> bool:
    """True for the subject of a verb with a direct object ("they resumed talks"), not a
    figure reached ("they reached a record", "they totalled 5 mln")."""
    return tok.dep_ == "nsubj" and any(
        c.dep_ == "dobj" and not c.like_num and c.lower_ not in _LEVELS
        and not any(g.like_num for g in c.children) for c in tok.head.children)


def _relative_reporter(tok: Token) -> Token | None:
    """The noun that speaks through a relative clause the word is reported in ("the group,
    which said it would agree": the group)."""
    for verb in tok.ancestors:
        if verb.dep_ == "relcl" and verb.lower_ in REPORTING and any(
                c.dep_ in SUBJECTS and c.tag_ in ("WDT", "WP") for c in verb.children):
            return verb.head
    return None


def _misread_rival(here: list[Mention], chosen: Mention, tok: Token, frame: Frame | None) -> bool:
    """True when a one-word name the recogniser may have misread stands before "he"/"she" in a
    more prominent role than the person chosen: "Gates had sent Reagan a letter requesting
    his name be withdrawn" (Gates tagged an organisation) is no sure "[Reagan's] name"."""
    if tok.lower_ not in PERSON_PRONOUNS:
        return False
    return any(
        m.rank < chosen.rank and m.key != chosen.key and _before(m, tok, frame)
        and m.label in ("ORG", "NAME") and not is_company_like(m) for m in here)


def _speaks_of_itself(tok: Token, speaker: Mention | None, wants, rivals) -> bool:  # noqa: ANN001
    """True for "X said it/he …" where the pronoun can be X and no thing just named competes."""
    if speaker is None or not wants(speaker) or not _is_pronoun(tok):
        return False
    if speaker.kind == "name" and tok.lower_ in THING_PRONOUNS:
        return False  # "Jones said it …": an unknown name that speaks is not sure to be "it"
    if _trailing_speaker_of_he(tok, speaker):
        return False
    return not (rivals and _thing_could_be_meant(tok, speaker, speaker=True))


def _surname_before(tok: Token, speaker: Mention) -> bool:
    """True when a lone proper name is a subject before "he" in its sentence ("Vogel said
    Bangemann had called from New Zealand, where he is attending …"): a surname the recogniser
    may have called an organisation, as likely as the speaker to be "he"."""
    for word in tok.sent:
        if word.i >= tok.i:
            return False
        lone = word.pos_ == "PROPN" and not any(c.dep_ == "compound" for c in word.children)
        if lone and word.dep_ in SUBJECTS and word.ent_type_ in ("ORG", "") and (
                word.i != speaker.head and word.text not in speaker.text
                and not is_corporate(word.text)):
            return True
    return False


def _unknown_name_after_a_party(tok: Token, speaker: Mention, memory: Memory) -> bool:
    """True for "It wants …, Parrillo said" after a sentence whose subject is another
    organisation ("The NASD would allow …"): a lone name first met as the speaker, after the
    pronoun, is as likely a person (the recogniser's "organisation") as the "it" meant."""
    if tok.lower_ not in THING_PRONOUNS or speaker.position < tok.i or speaker.label != "ORG":
        return False
    if is_company_like(speaker) or any(m.key == speaker.key for m in memory.mentions):
        return False
    last = memory.sentences - 1
    return any(m.sentence == last and m.rank == 0 and m.kind == "org" and m.key != speaker.key
               for m in memory.mentions)


def _named_by_he_before(tok: Token, speaker: Mention) -> bool:
    """True when "he"/"she" comes before the speaker in its sentence with no name before it:
    it can only mean the speaker, who is then no "it"."""
    sent = tok.sent
    hes = [t for t in sent if t.i < speaker.position and t.lower_ in PERSON_PRONOUNS]
    if not hes:
        return False
    return not any(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in sent if t.i < hes[0].i)


def _misread_owner(here: list[Mention], tok: Token) -> bool:
    """True when a name before the phrase, in its sentence's subject, is one the recogniser did
    not call an organisation: "Piedmont's board was meeting, but the company declined …"."""
    return any(m.position < tok.i and m.rank <= 1 and m.label in ("GPE", "LOC", "NAME")
               for m in here)


def _trailing_speaker_of_he(tok: Token, speaker: Mention) -> bool:
    """ "He made no commitment …, a House source said": a "he" before its sentence's speaker
    is someone the speaker speaks of ("It expects …, the company said" is the company)."""
    return tok.lower_ in PERSON_PRONOUNS and speaker.position > tok.i


def _governs_as_thing(mention: Mention, tok: Token) -> bool:
    """True for a thing that is the subject of the verb whose complement the pronoun opens:
    "The higher range means they will be used" — a range is not what "they" are."""
    if mention.kind != "thing" or tok.head.dep_ != "ccomp":
        return False
    governing = tok.head.head
    return any(c.i == mention.head and c.dep_ in SUBJECTS for c in governing.children)


def _pronoun_class(word: str) -> str:
    """ "they"/"them"/"their" alike, and so on: which referent a pronoun stands for."""
    for group, members in (("they", GROUP_PRONOUNS), ("it", THING_PRONOUNS),
                           ("he", words("he him his")), ("she", words("she her"))):
        if word in members:
            return group
    return word


def _is_pronoun(tok: Token) -> bool:
    return tok.tag_ in ("PRP", "PRP$")


def _speaker_in(frame: Frame, here: list[Mention]) -> Mention | None:
    """The mention naming the frame's speaker (its head), resolved if it was a pronoun."""
    source = {t.i for t in frame.source}
    return next((m for m in here if m.position in source and m.rank == 0), None)


def _recent_things(memory: Memory, here: list[Mention], tok: Token) -> list[Mention]:
    """Things named as subjects or objects just before: what else an "it" may mean."""
    if tok.lower_ not in THING_PRONOUNS:
        return []
    last = memory.sentences - 1
    before = [m for m in here if m.position < tok.i]
    return [m for m in memory.mentions + before
            if m.kind == "thing" and not m.plural and (m.sentence == last or m in before)]


def _thing_could_be_meant(tok: Token, chosen: Mention, *, speaker: bool = False) -> bool:
    """True unless "it" acts or speaks and the chosen one is an organisation ("It expects");
    for the `speaker` of "Acme said it filed for …", also when it deals or decides: Acme,
    whatever thing was named before."""
    return not (chosen.kind == "org" and _acts(tok, deals=speaker))


def _before(mention: Mention, tok: Token, frame: Frame | None) -> bool:
    """Earlier in the sentence, or the speaker of a quote the word is inside of."""
    if mention.position < tok.i:
        return True
    if frame is None or not frame.source or frame.verb is None:
        return False
    if _trailing_speaker_of_he(tok, mention):
        return False
    return _in_content(tok, frame) and mention.position in {t.i for t in frame.source}


def _in_content(tok: Token, frame: Frame) -> bool:
    """True for a word of what the frame reports."""
    return _in_content_at(tok.i, frame)


def _named_in_clause_of(mention: Mention, tok: Token, frame: Frame) -> bool:
    """True for a name (not a common noun) before tok in the same reported clause."""
    if mention.label in ("NP",) or mention.position >= tok.i:
        return False
    clause = next((c for c in frame.content if c.left_edge.i <= tok.i <= c.right_edge.i), None)
    return clause is not None and clause.left_edge.i <= mention.position


def _in_content_at(position: int, frame: Frame) -> bool:
    """True for a position inside what the frame reports."""
    return any(c.left_edge.i <= position <= c.right_edge.i for c in frame.content)


def _quoted(sent: Span, open_before: bool) -> tuple[set[int], bool]:
    """Token ids inside quotation marks, and whether a quotation is still open after."""
    inside, ids = open_before, set()
    texts = columns.of(sent.doc).strings(ORTH)
    for i in range(sent.start, sent.end):
        text = texts[i]
        if text in ("“", "”", '"', "``", "''"):
            inside = text == "“" or text == "``" or (text == '"' and not inside)
            continue
        if inside:
            ids.add(i)
    return ids, inside


def _clear_choice(pool: list[Mention], tok: Token, things: list[Mention]) -> Mention | None:
    """The candidate of the best role, if it is the only referent there; else none is sure.

    A common noun in an object's place is a rival, never the answer: "he declined to predict
    the growth in net profit. It rose …" has two things "it" may mean; and "Acme launched a
    phone. It costs …" may mean the phone as well as Acme.
    """
    eligible = [m for m in pool if m.rank <= 1 or m.label != "NP" and m.rank < ADDRESSEE_RANK]
    if not eligible:
        return None
    best = min(m.rank for m in eligible)
    top = {m.key for m in pool if m.rank == best}
    if len(top) != 1:
        return None
    chosen = next(m for m in reversed(eligible) if m.rank == best)
    if chosen.label == "NP" and chosen.key in FRAMING_NOUNS:
        return None  # "The fact is, when we knew it was coming": "it" is not the fact
    rivals = [m for m in pool + things if m.kind == "thing" and m.key != chosen.key]
    if rivals and tok.lower_ in THING_PRONOUNS and _thing_could_be_meant(tok, chosen):
        return None
    if _same_noun_named(pool, tok, chosen) or _agent_rival(pool, tok, chosen):
        return None
    return chosen


def _same_noun_named(pool: list[Mention], tok: Token, chosen: Mention) -> bool:
    """ "Acme bought a stake in a Japanese firm. The firm makes chips.": "the firm" is the one
    named with that noun, not the company chosen by role."""
    return tok.pos_ == "NOUN" and any(
        m.indefinite and m.key == tok.lower_ and m.key != chosen.key for m in pool)


def _agent_rival(pool: list[Mention], tok: Token, chosen: Mention) -> bool:
    """ "Acme Corp bought Beta Inc. It will pay …": another organisation or person named in an
    object's place may as well be meant by a pronoun (not when a speaker goes on speaking:
    "X said it sold its unit to Y. It added …")."""
    if chosen.spoke and tok.head.lower_ in REPORTING:
        return False
    return _is_pronoun(tok) and any(
        m.key != chosen.key and m.kind in ("org", "person") and m.rank > chosen.rank
        and m.label != "NP" for m in pool)


def _acts(tok: Token, *, deals: bool = False) -> bool:
    """True when the word (or the owner it stands for) is the subject of an agent's verb;
    with `deals`, also the active subject of a verb of deals and decisions."""
    subject = tok if tok.dep_ in SUBJECTS else phrase_head(tok)
    verb = subject.head.lower_
    if verb in _MIDDLE and tok.dep_ == "nsubj" and _priced(subject.head):
        return False  # "It sells for 300 dlrs": the thing sold, not the seller
    return tok.dep_ in SUBJECTS and verb in AGENT_VERBS or (
        deals and tok.dep_ == "nsubj" and verb in _DEAL_VERBS)


def _priced(verb: Token) -> bool:
    """ "will sell for about 150,000 dlrs", "sold well": what the goods fetch, no object sold."""
    kids = list(verb.children)
    return not any(c.dep_ in ("dobj", "dative", "conj") for c in kids) and any(
        c.dep_ == "prep" and c.lower_ == "for" or c.dep_ == "advmod" and c.lower_ in _FETCHING
        for c in kids)


def _insert_text(tok: Token, antecedent: Mention) -> str:
    """What the bracket says: the name, possessive where the pronoun was (without the angle
    brackets of a name written as a ticker: "<Video Shopping Mall Inc>" → "[Video Shopping
    Mall Inc's]")."""
    name = antecedent.text.replace("<", "").replace(">", "").strip()
    if tok.tag_ == "PRP$" or (tok.dep_ == "poss" and tok.tag_ == "PRP"):
        return possessive_form(name)
    return name


def _small_clause_subject(tok: Token) -> bool:
    """ "The board did not consider it an offer": "it" is the verb's object (the parser calls it
    the subject of "an offer"), which never means the verb's own subject."""
    return tok.dep_ in SUBJECTS and tok.head.pos_ not in ("VERB", "AUX")


def _is_expletive(tok: Token) -> bool:
    """True for an "it" that refers to nothing: "it is likely that …", "it was policy not to …"."""
    if tok.lower_ != "it":
        return False
    head = tok.head
    if tok.dep_ == "nsubj" and head.lower_ in REPORTING:
        return False  # "it said that …" is someone speaking ("it is said that …" is not)
    if any(c.dep_ in ("ccomp", "csubj") for c in head.children):
        return True
    if head.lower_ in _EXPLETIVE_HEADS and head.lower_ not in _RAISING and any(
        c.dep_ == "xcomp" for c in head.children
    ):
        return True  # "it is time to …" (but "it appears to have positioned …" is someone)
    if tok.dep_ == "nsubjpass" and head.lower_ in _IMPERSONAL_PASSIVES and any(
            c.dep_ == "xcomp" for c in head.children):
        return True  # "It was hoped to bring the borrowing requirement down" (but "It was
        # expected to benefit three mln peasants" may be the plan)
    predicates = [c for c in head.children if c.dep_ in ("acomp", "attr", "oprd")]
    if any(p.lower_ in _EXPLETIVE_NOUNS for p in predicates):
        return True
    if any(c.dep_ in ("ccomp", "csubj") and mark_of(c) == "that"
           for p in predicates for c in p.children):
        return True  # "it did not seem likely that S", the "that" clause hung on "likely"
    if head.lower_ in _SEEMING and any(c.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in ("like", "as", "if") for m in c.children)
            for c in head.children):
        return True  # "It sounds like Baker wants it", "it looks as if …"
    if head.pos_ == "ADJ" and head.lower_ not in _CONTROL_ADJECTIVES and any(
            c.dep_ == "xcomp" for c in head.children):
        return True  # "finding it difficult to earn money", "made it possible to …"
    if head.lower_ in _TAKING and any(
            c.dep_ in ("dobj", "npadvmod") and c.lower_ in _SPANS_OF_TIME for c in head.children
    ) and any(c.dep_ == "xcomp" or c.dep_ == "prep" and c.lower_ == "for" for c in head.children):
        return True  # "It may also take some time for the proposals to go through"
    if any(c.dep_ == "dobj" and c.lower_ == "sense" for c in head.children):
        return True  # "it would not make much sense for them to …"
    if head.lower_ in COPULAS and any(c.dep_ == "advmod" and any(
            g.dep_ == "xcomp" for g in c.children) for c in head.children):
        return True  # "it is too soon to reclassify the debt"
    deps = {c.dep_ for c in head.children}
    waited = any(c.dep_ == "advcl" and mark_of(c) in ("before", "until", "till")
                 for c in head.children)
    if head.lower_ in COPULAS and waited and not deps & {"acomp", "attr"}:
        return True  # "it will be at least 10 days before yards get back to normal"
    if any(c.dep_ in ("advcl", "xcomp") and _mark_for(c) for c in head.children):
        return True
    return any(
        g.dep_ in ("ccomp", "advcl")
        or (g.dep_ == "xcomp" and p.lower_ not in _CONTROL_ADJECTIVES)
        or (g.dep_ in ("acl", "relcl") and g.tag_ == "VB")
        for p in predicates
        for g in p.children
    )


def _mark_for(verb: Token) -> bool:
    """True for a "for X to V" clause."""
    return any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children)


# "The firm" (a broker who comments, an underwriter, the company): read against the
# stories, it named the wrong party as often as the right one.
_LOOSE_NOUNS = words("firm")


def _gathering(tok: Token) -> bool:
    """True for a group of people named as such: "an investor group", "a group of investors",
    "a group led by …" (not a company's name, nor "the group" that stands for one)."""
    if tok.lower_ != "group" or tok.pos_ != "NOUN" or tok.ent_type_:
        return False
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") or c.lower_ in _GATHERING
               or c.dep_ == "acl" or c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)


def _definite_phrase(tok: Token) -> list[Token] | None:
    """Words of a definite noun phrase that can stand for a name: "the company", "the
    diversified holding company", "the Minneapolis-based company" (no possessor, no clause)."""
    if tok.pos_ != "NOUN" or tok.lower_ not in _DEFINITE_NOUNS or tok.lower_ in _LOOSE_NOUNS:
        return None
    if tok.dep_ == "appos":
        return None  # "Guinness Plc, the brewing group, has …": it says what the name is
    kids = [c for c in tok.children if c.dep_ not in ("case", "punct")]
    if not kids or kids[0].lower_ != "the" or kids[0].dep_ != "det":
        return None
    if any(c.dep_ not in ("amod", "compound", "nmod") or c.i > tok.i for c in kids[1:]):
        return None
    if any(t.ent_type_ in ("PERSON", "ORG") for c in kids[1:] for t in c.subtree):
        return None  # "the KLM spokesman" names its own
    if any(c.lower_ in _ANOTHER_ONE or _newly(c) for c in kids[1:]):
        return None  # "the new U.S. drug concern", "the combined company": not one named before
    if any(c.dep_ == "compound" and c.lower_ in ORG_NOUNS for c in kids[1:]):
        return None  # "the bank group" is the banks, not the company the story is about
    if tok.lower_ == "group" and any(c.lower_ in _GATHERING for c in kids[1:]):
        return None  # "the underwriting group", "the investor group": people gathered for a
        # purpose, not the company (not "the chemicals group", which is one)
    return sorted((t for c in kids for t in c.subtree), key=lambda t: t.i) + [tok]


def _pair(
    tok: Token, here: list[Mention], memory: Memory
) -> tuple[tuple[Token, ...], Mention] | None:
    """The last two places named, for "the two countries"."""
    kids = {c.lower_: c for c in tok.children}
    if tok.lower_ not in PAIR_NOUNS or set(kids) != {"the", "two"}:
        return None
    pool = memory.mentions + [m for m in here if m.position < tok.i]
    places: list[str] = []
    for m in reversed(pool):
        if m.label == "GPE" and m.text not in places:
            places.append(m.text)
    if len(places) != 2 and not (len(places) > 2 and _last_two_together(pool)):
        return None
    text = f"{places[1]} and {places[0]}"
    mention = Mention(text, "place", True, 0, memory.sentences, tok.i, text, "GPE")
    return (kids["the"], kids["two"], tok), mention


def _last_two_together(pool: list[Mention]) -> bool:
    """True when the two latest places were named in the same sentence ("A and B signed …")."""
    places = [m for m in pool if m.label == "GPE"]
    return len(places) >= 2 and places[-1].sentence == places[-2].sentence

"""Pronouns and short definite phrases → the names they stand for, but only when sure.

A claim that names the wrong subject is worse than one that keeps its pronoun, so a reference
is resolved only when one antecedent is clearly right: it agrees in kind and number, and it is
the only candidate of the best grammatical role in the nearest sentence that has any (a subject
continues a subject; the speaker of "X said it …" is X). Addressees ("told Reuters"), news
agencies and places named as locations are never antecedents, and an expletive "it" refers to
nothing. A referring subject left unresolved marks its claim as needing context.

Each sentence is read once (`read_sentence`): its mentions go into the document's `Memory`,
already resolved, so a chain ("Avon said … The company said … It added …") keeps its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from app.nlp.attribution import REPORTING, Frame
from app.nlp.drafts import Insert, Piece, mid_sentence, render
from app.nlp.lexicon import words
from app.nlp.splitting import noun_phrase

PERSON_PRONOUNS = words("he she him his her")
THING_PRONOUNS = words("it its")
GROUP_PRONOUNS = words("they them their")
POSSESSIVES = words("his her its their")
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
CORPORATE_SUFFIXES = words(
    "inc corp co ltd plc ag sa nv bv spa gmbh llc lp group holdings corporation company "
    "industries bancorp airlines"
)
# Figures a company reports: a subject that names one without its owner gets the topic's name.
FIGURE_NOUNS = words(
    "sales revenue revenues profit profits earnings results orders turnover loss losses "
    "output dividend income shares stock capacity operations margin margins price "
    "products plants mills stores employees workforce subsidiary division"
)
PUBLIC_BODIES = words(
    "ministry department committee council government agency board commission authority "
    "union court party parliament senate congress reserve"
)
PLACE_NOUNS = words("country nation city state province region capital island")
PAIR_NOUNS = words("countries nations neighbours neighbors sides")
PERSON_NOUNS = words(
    "official minister spokesman spokeswoman spokesperson president man woman "
    "director chief secretary envoy governor mayor coach leader analyst executive "
    "officer chairman chairwoman ambassador judge source trader dealer economist "
    "diplomat lawyer attorney banker negotiator treasurer"
)
NEWS_AGENCIES = words(
    "reuters kyodo afp ap upi xinhua tass bloomberg itar-tass ansa efe yonhap jiji "
    "bernama antara pti dpa"
)
_MEDIA_WORDS = words("news newspaper journal television radio agency wire")
MAX_ANTECEDENT_WORDS = 6  # a longer phrase would make the claim harder to read than the pronoun
LOOK_BACK = 3  # sentences a pronoun may reach back over
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_NOUN_PLACES = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})
_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "conj", "cc", "parataxis"})
FIRST_PLURAL = words("we our")
_LOCATION_PREPS = words("in at near from into across outside inside throughout via")
_TELLING = words("told tell tells telling informed inform informs assured assure briefed")
_KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
          "NORP": "group", "PRODUCT": "thing"}
_EXPLETIVE_HEADS = words("is was 's seems seemed appears remains takes be been being")
_TICKER = re.compile(r"<[A-Z0-9.]{1,10}>")  # "<DIS>", "<KLM.AS>": a ticker, not a name
_RAISING = words("seems seemed appears appeared")
_EXPLETIVE_NOUNS = words("matter question time policy case practice")
# "X is willing to …": the adjective's subject acts; "it is hard to …" is extraposed instead.
_CONTROL_ADJECTIVES = words(
    "willing unwilling able unable ready eager prepared reluctant keen set due poised "
    "determined happy glad anxious quick slow free obliged bound likely unlikely sure certain"
)
# Verbs whose subject acts or speaks: an "it" doing them is an organisation, not a thing.
AGENT_VERBS = words(
    "say says said expect expects expected plan plans planned intend intends intended "
    "announce announces announced report reports reported agree agrees agreed hope hopes "
    "hoped want wants wanted seek seeks sought decline declines declined refuse refuses "
    "refused buy buys bought sell sells sold acquire acquires acquired hire hires hired "
    "sign signs signed file files filed offer offers offered bid bids employ employs "
    "employed own owns owned operate operates operated make makes made pay pays paid "
    "know knows knew believe believes believed add adds added told tell tells deny denies "
    "denied confirm confirms confirmed estimate estimates estimated predict predicts "
    "predicted complete completes completed launch launches launched open opens opened "
    "name names named appoint appoints appointed cut cuts close closes closed retain "
    "retains retained receive receives received take takes took propose proposes proposed "
    "engaged interested involved considering seeking discussing negotiating planning aiming "
    "competing investing bidding preparing study studies studied studying review reviews "
    "reviewed reviewing examine examines examined examining explore explores explored exploring "
    "evaluate evaluates evaluated evaluating pursue pursues pursued pursuing sue sues sued suing "
    "merge merges merged merging spend spends spent spending borrow borrows borrowed borrowing "
    "lend lends lent lending issue issues issued issuing raise raises raised raising resume "
    "resumes resumed resuming suspend suspends suspended suspending halt halts halted halting "
    "build builds built building hire hiring lay laid laying"
)


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


@dataclass(slots=True)
class Memory:
    """What the document has mentioned so far, resolved, oldest first."""

    mentions: list[Mention] = field(default_factory=list)
    sentences: int = 0
    quote_open: bool = False
    limit: int = 200
    # Pronouns left unresolved, by sentence: "… means they will be used. They will also …"
    # continues the unknown "they", not the subject beside it.
    open_pronouns: dict[int, set[str]] = field(default_factory=dict)

    def observe(self, refs: SentenceRefs) -> None:
        """Remember a finished sentence's mentions and move on to the next sentence."""
        self.mentions = (self.mentions + refs.mentions)[-self.limit :]
        self.quote_open = refs.quote_open_after
        if refs.open_pronouns:
            self.open_pronouns[self.sentences] = refs.open_pronouns
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
    quoted: set[int] = field(default_factory=set)
    quote_open_after: bool = False


def read_sentence(sent: Span, frame: Frame | None, memory: Memory) -> SentenceRefs:
    """Mentions of the sentence and what its referring words stand for."""
    index = memory.sentences
    quoted, still_open = _quoted(sent, memory.quote_open)
    refs = SentenceRefs(_mentions(sent, frame, index), quoted=quoted, quote_open_after=still_open)
    speaker = _source_head(frame) if frame is not None else None
    first = [speaker] if speaker is not None else []  # "“We …,” the spokesman said": him first
    for tok in first + [t for t in sent if t != speaker]:
        if not _may_refer(tok):
            continue
        found = _resolution(tok, sent, frame, refs, memory)
        if found is None:
            if _is_referring_subject(tok):
                refs.unresolved.add(tok.i)
                if tok.tag_ == "PRP":  # a subject pronoun no antecedent was sure for
                    refs.open_pronouns.add(_pronoun_class(tok.lower_))
            continue
        words_, antecedent = found
        refs.resolved[tok.i] = (words_, _insert_text(tok, antecedent))
        refs.mentions = [m for m in refs.mentions if m.position != tok.i]
        if tok.dep_ in _SUBJECTS or _is_speaker(tok, frame):
            refs.mentions.append(_carried(antecedent, tok, sent, frame, index))
    _add_owners(sent, refs, memory)
    return refs


def _add_owners(sent: Span, refs: SentenceRefs, memory: Memory) -> None:
    """Whose figures a subject like "Sales" or "the share price" gives, when the document is
    about one organisation: "[Payless Cashways Inc's] 1987 sales will exceed …"."""
    topic = _topic(memory, refs.mentions)
    if topic is None:
        return
    for tok in sent:
        if _ownerless_figure(tok) and tok.i not in refs.quoted:
            first = min(tok.subtree, key=lambda t: t.i)
            replaced = (first,) if first.lower_ == "the" else ()
            refs.owners[first.i] = (replaced, _possessive(topic.text))


def _topic(memory: Memory, here: list[Mention]) -> Mention | None:
    """The one company the document has named as a subject or speaker, if only one."""
    named = [m for m in memory.mentions + here if m.kind == "org" and _company_like(m)]
    leads = {m.key for m in named if m.rank <= 1}
    if len(leads) != 1:
        return None
    key = leads.pop()
    return next(m for m in reversed(named) if m.key == key)


def _company_like(mention: Mention) -> bool:
    """A company's name: "Acme Corp", "AMR", "Payless Cashways", "Credit Commercial de France"
    (a bank), not a ministry, a board or a one-word name the recogniser may have misread."""
    if mention.label != "ORG" or mention.descriptors & PUBLIC_BODIES:
        return False
    text = mention.text
    return _corporate(text) or text.isupper() or len(text.split()) > 1


def _ownerless_figure(tok: Token) -> bool:
    """A subject naming a business figure with no owner of its own ("Sales in 1987/88 …",
    "The share sale price …"; not "its sales", "sales at Acme", "a price")."""
    if tok.pos_ != "NOUN" or tok.lower_ not in FIGURE_NOUNS or tok.dep_ not in _SUBJECTS:
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


def _possessive(name: str) -> str:
    if name.endswith(("'s", "’s")):
        return name  # "Moody's"
    return name + ("'" if name.endswith("s") else "'s")

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
        out.append(Insert(text, replaced))
    return out


def needs_context(pieces: list[Piece], refs: SentenceRefs) -> bool:
    """True when the claim keeps a referring subject it could not resolve ("It rose 5 pct")."""
    return any(isinstance(p, Token) and p.i in refs.unresolved for p in pieces)


def source_text(source: list[Token], refs: SentenceRefs) -> str:
    """A source as an attribution, its pronoun replaced by the name it stands for."""
    ids = {t.i for t in source}
    head = next((t for t in source if t.head.i not in ids or t.head == t), None)
    if head is not None and head.i in refs.resolved:
        return _strip_possessive(refs.resolved[head.i][1])
    return mid_sentence(list(source))


def inserted_entities(pieces: list[Piece], memory: Memory, refs: SentenceRefs) -> list[dict]:
    """The named entities that inserts brought into a claim, as {"text", "label"}."""
    named = {m.text: m.label for m in memory.mentions + refs.mentions if m.label != "NP"}
    found = []
    for piece in pieces:
        if isinstance(piece, Insert):
            text = _strip_possessive(piece.text)
            if text in named:
                found.append({"text": text, "label": named[text]})
    return found


# --- mentions -------------------------------------------------------------------------------


def _mentions(sent: Span, frame: Frame | None, index: int) -> list[Mention]:
    """Named entities and subject/object noun phrases that can be antecedents."""
    found: list[Mention] = []
    for ent in sent.ents:
        kind = "org" if _corporate(ent.text) else _KINDS.get(ent.label_)
        if kind is None or _excluded(ent.root, ent.text, frame):
            continue
        text = _clean_name(ent.text, possessive=ent.root.dep_ == "poss")
        if not text or len(text.split()) > MAX_ANTECEDENT_WORDS:
            continue
        plural = kind == "group" or ent.root.tag_ in ("NNS", "NNPS")
        rank = _rank(ent.root, sent, frame)
        affiliation = _affiliation(ent.root) if kind == "person" else None
        label = "ORG" if kind == "org" else ent.label_
        found.append(Mention(text, kind, plural, rank, index, ent.start, _key(text, kind),
                             label, affiliation, _descriptors(ent.root, text)))
    for tok in sent:
        if _is_noun_mention(tok) and not _excluded(tok, tok.text, frame):
            mention = _noun_mention(tok, sent, frame, index)
            if mention is not None:
                found.append(mention)
        elif _is_unknown_name(tok):
            parts = [t for t in tok.subtree if t.dep_ == "compound" or t == tok]
            text = _clean_name(tok.doc[parts[0].i : parts[-1].i + 1].text)
            kind, label = ("org", "ORG") if _corporate(text) else ("name", "NAME")
            found.append(Mention(text, kind, False, _rank(tok, sent, frame), index, tok.i,
                                 _key(text, kind), label, None, _descriptors(tok, text)))
    return sorted(found, key=lambda m: m.position)


def _corporate(name: str) -> bool:
    """True for a name ending like a company's ("… Inc", "… Corp", "… AG"), whatever the
    recogniser called it."""
    words_ = name.replace("<", " ").replace(">", " ").replace(".", "").split()
    return bool(words_) and words_[-1].lower() in CORPORATE_SUFFIXES


def _is_unknown_name(tok: Token) -> bool:
    """A proper-noun subject the entity recogniser missed ("Rueckert told …", "Outboard was
    up …"): a person or an organisation, so it only answers "he" or "it" when nothing else does.
    """
    return tok.tag_ in ("NNP", "NNPS") and tok.dep_ in _SUBJECTS and not tok.ent_type_


def _is_noun_mention(tok: Token) -> bool:
    """A common noun heading a subject, object or predicate (or inside a subject)."""
    places = tok.dep_ in _NOUN_PLACES or _inside_subject(tok)
    return tok.pos_ == "NOUN" and not tok.ent_type_ and places


def _inside_subject(tok: Token) -> bool:
    """A noun in a subject's prepositional phrase ("Profits at the retailer")."""
    prep = tok.head
    return tok.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.dep_ in _SUBJECTS


def _noun_mention(tok: Token, sent: Span, frame: Frame | None, index: int) -> Mention | None:
    """A common-noun phrase as a mention ("the mission", "a bank spokesman")."""
    phrase = [t for t in noun_phrase(tok) if t.dep_ not in ("nummod", "quantmod", "predet")]
    if tok.lower_ in PERSON_NOUNS and len(phrase) > MAX_ANTECEDENT_WORDS:
        phrase = [t for t in phrase if t.i <= tok.i and (t == tok or t.head == tok)]
    if not phrase or len(phrase) > MAX_ANTECEDENT_WORDS:
        return None
    if any(t.tag_ in ("PRP", "PRP$", "WDT", "WP") or t.like_num for t in phrase):
        return None
    text = _definite(phrase)
    low = tok.lower_
    kind = "person" if low in PERSON_NOUNS else "org" if low in ORG_NOUNS else "thing"
    plural = tok.tag_ == "NNS" or any(c.dep_ == "conj" for c in tok.children)
    affiliation = _affiliation(tok) if kind == "person" else None
    return Mention(text, kind, plural, _rank(tok, sent, frame), index, tok.i, low, "NP",
                   affiliation, frozenset(t.lower_ for t in phrase))


def _definite(phrase: list[Token]) -> str:
    """A noun phrase as it reads when mentioned again: "a bank spokesman" → "the bank spokesman"."""
    first = phrase[0]
    if first.lower_ in ("a", "an", "another", "one", "some") and len(phrase) > 1:
        return "the " + render(phrase[1:], capitalise=False)
    return mid_sentence(phrase)


def _rank(tok: Token, sent: Span, frame: Frame | None) -> int:
    """How prominent a mention is: 0 the sentence's subject or speaker, 1 an embedded subject
    or a name inside a subject ("Taiwan's … organisation"), 2 anything else."""
    head = _phrase_head(tok)
    inside = 0 if head == tok else 1
    if frame is not None and frame.source and head.i in {t.i for t in frame.source}:
        return min(2, inside + (0 if head == _source_head(frame) else 1))
    if _inside_subject(head):
        return 1
    if head.dep_ in _SUBJECTS:
        verb = head.head
        main = verb == sent.root or (frame is not None and verb in frame.content)
        if verb == sent.root or (main and (frame is None or not frame.source)):
            return inside
        return min(2, 1 + inside)
    return 2


def _phrase_head(tok: Token) -> Token:
    """The head of the noun phrase a word belongs to (through compounds and appositives)."""
    while tok.dep_ in ("compound", "poss", "appos", "nmod", "amod", "case") and tok.head != tok:
        tok = tok.head
    return tok


def _excluded(tok: Token, text: str, frame: Frame | None) -> bool:
    """Addressees, news agencies and places named as locations are never antecedents."""
    low = text.lower().removesuffix("'s").strip()
    if low in NEWS_AGENCIES or (set(low.split()) & _MEDIA_WORDS and tok.ent_type_ == "ORG"):
        return True
    head = _phrase_head(tok)
    if head.dep_ in ("dobj", "dative") and head.head.lower_ in _TELLING:
        return True
    if head.dep_ == "pobj" and head.head.dep_ == "agent":
        return True  # "quoted by Kyodo"
    if head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.head.lower_ in _TELLING:
        return True
    is_place = tok.ent_type_ in ("GPE", "LOC", "FAC")
    return is_place and head.dep_ == "pobj" and head.head.lower_ in _LOCATION_PREPS


def _clean_name(text: str, possessive: bool = True) -> str:
    """An entity's name without tickers, what follows a comma, or a possessive ending (when
    it owns something: "Acme's profit", but "Moody's said" is a name):
    "Walt Disney Co <DIS>" → "Walt Disney Co", "<Noranda Inc>" → "Noranda Inc",
    "<Exco International Plc>, a subsidiary of …" → "Exco International Plc"."""
    text = _TICKER.sub(" ", text).split(",")[0]
    text = " ".join(text.replace("<", "").replace(">", "").strip(" ,.").split())
    return _strip_possessive(text) if possessive else text


def _key(text: str, kind: str) -> str:
    """A person by surname, anything else by its first word: one referent under two names."""
    parts = [w for w in text.lower().replace("'s", "").split() if w != "the"]
    if not parts:
        return ""
    return parts[-1] if kind == "person" else parts[0]


def _strip_possessive(text: str) -> str:
    for ending in ("'s", "’s", "'"):
        if text.endswith(ending):
            return text[: -len(ending)]
    return text


def _carried(antecedent: Mention, tok: Token, sent: Span, frame: Frame | None,
             index: int) -> Mention:
    """A resolved reference, remembered as a new mention of its antecedent."""
    return Mention(antecedent.text, antecedent.kind, antecedent.plural, _rank(tok, sent, frame),
                   index, tok.i, antecedent.key, antecedent.label, antecedent.affiliation,
                   antecedent.descriptors)


def _entity_at(first: Token) -> Span:
    """The entity that starts at a token, read from the tokens (not `doc.ents`, which builds
    every entity of the document on each call)."""
    end = first.i + 1
    while end < len(first.doc) and first.doc[end].ent_iob_ == "I":
        end += 1
    return first.doc[first.i : end]


def _descriptors(root: Token, name: str) -> frozenset[str]:
    """The words of a name and of the nouns describing it ("French commercial bank X")."""
    found = {w.lower() for w in name.split()}
    head = _phrase_head(root)
    for tok in (head, *head.children, *root.children):
        if tok.pos_ == "NOUN" and tok.dep_ in ("compound", "appos", "nsubj", "ROOT", "pobj"):
            found.add(tok.lower_)
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        found.add(root.head.lower_)
    return frozenset(found)


def _affiliation(head: Token) -> str | None:
    """The one organisation named inside a person's phrase: "a spokesman for the ministry",
    "Westinghouse chairman Douglas Danforth", "Wilmot-Sitwell, chairman of Warburg"."""
    names = set()
    stack = [c for c in head.children if c.dep_ not in _CLAUSES]
    while stack:
        tok = stack.pop()
        if tok.ent_type_ == "ORG" and tok.ent_iob_ == "B":
            names.add(_clean_name(_entity_at(tok).text))
        stack.extend(c for c in tok.children if c.dep_ not in _CLAUSES)
    names.discard("")
    if not names:  # "a committee spokesman": the committee
        names = {"the " + c.lower_ for c in head.children
                 if c.dep_ == "compound" and c.lower_ in NAMED_NOUNS}
    return names.pop() if len(names) == 1 else None


# --- which words refer, and to what ---------------------------------------------------------


def _may_refer(tok: Token) -> bool:
    """A cheap test: could this word be a pronoun or definite phrase pointing back?"""
    low = tok.lower_
    if tok.tag_ in ("PRP", "PRP$"):
        return low in PERSON_PRONOUNS | THING_PRONOUNS | GROUP_PRONOUNS | FIRST_PLURAL
    nouns = ORG_NOUNS | PLACE_NOUNS | PAIR_NOUNS | PERSON_NOUNS
    return tok.pos_ == "NOUN" and low in nouns


def _in_subject(tok: Token) -> bool:
    """True for a subject, or a possessive inside a subject ("three of its mills closed")."""
    if tok.dep_ in _SUBJECTS:
        return True
    if tok.dep_ != "poss":
        return False
    node = tok.head
    while node.dep_ not in _SUBJECTS and node.dep_ in ("pobj", "prep", "compound", "amod"):
        node = node.head
    return node.dep_ in _SUBJECTS


def _is_speaker(tok: Token, frame: Frame | None) -> bool:
    return frame is not None and tok == _source_head(frame)


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
    if not (_in_subject(tok) or _is_speaker(tok, frame)):
        return _outside_subject(tok, frame, here, memory)
    if tok.i + 1 < len(tok.doc) and tok.nbor().text[:1] in "'’" and tok.nbor().tag_ != "POS":
        return None  # "We're": a bracket before a clitic would not read as English
    if tok.lower_ in FIRST_PLURAL:
        found = _speakers_organisation(tok, frame, here)
        return ((tok,), found) if found else None
    if tok.tag_ in ("PRP", "PRP$"):
        if _is_expletive(tok):
            return None
        wants = _agreement(tok.lower_)
        if _is_speaker(tok, frame):  # "It said …": something that can speak, not "the test"
            agrees = wants
            wants = lambda m: agrees(m) and m.kind != "thing"  # noqa: E731
        # Inside a quotation the speaker's "it" may mean anything they spoke of before.
        reach = 0 if tok.i in refs.quoted else LOOK_BACK
        found = _antecedent(tok, wants, sent, frame, here, memory, reach)
        return ((tok,), found) if found else None
    pair = _pair(tok, here, memory)
    if pair is not None:
        return pair
    phrase = _definite_phrase(tok)
    if phrase is None:
        return None
    if tok.lower_ in PERSON_NOUNS:
        return _same_person(tok, phrase, here, memory)
    agrees = _agreement(tok.lower_)
    speaker = _source_head(frame) if frame is not None and _in_content(tok, frame) else None

    def wants(m: Mention) -> bool:  # "Smith said the company …": Smith speaks of it, is not it
        if speaker is not None and m.position == speaker.i and not _company_like(m):
            return False
        return agrees(m)

    found = _antecedent(tok, wants, sent, frame, here, memory, memory.sentences + 1)
    if found is None and frame is not None and _in_content(tok, frame):
        found = _affiliated(frame, here, tok)  # "Y's chairman told Reuters the firm lost …"
    if found is None or found.text.lower() == " ".join(t.lower_ for t in phrase):
        return None  # "the company" after "the company": nothing to add
    return tuple(phrase), found


def _outside_subject(
    tok: Token, frame: Frame | None, here: list[Mention], memory: Memory
) -> tuple[tuple[Token, ...], Mention] | None:
    """A reference outside the subject, resolved only in the surest cases: "X said … its board"
    (X), and "the company" when the story has named one company and no other."""
    if tok.tag_ == "PRP$" and frame is not None and _in_content(tok, frame):
        speaker = _speaker_in(frame, here)
        nearer = [m for m in here
                  if _named_in_clause_of(m, tok, frame) and _agreement(tok.lower_)(m)]
        if nearer:  # "X said Indonesia did not achieve its goal": Indonesia's, or unsure
            speaker = nearer[-1] if len({m.key for m in nearer}) == 1 else None
        if speaker is None or speaker.kind == "name" or not _agreement(tok.lower_)(speaker):
            return None
        if _clause_subject_is(tok, speaker, here):
            return None  # "[X] will continue its talks": the owner is the claim's own subject
        if _owns_it(tok, here):
            return None  # "X said other makers put their products on …": most likely theirs
        return (tok,), speaker
    phrase = _definite_phrase(tok)
    if phrase is None or tok.lower_ not in COMPANY_NOUNS:
        return None
    companies = {m.key: m for m in memory.mentions + here  # subjects, or named as companies
                 if m.kind == "org" and _company_like(m) and (m.rank <= 1 or _corporate(m.text))}
    return (tuple(phrase), companies.popitem()[1]) if len(companies) == 1 else None


def _affiliated(frame: Frame, here: list[Mention], tok: Token) -> Mention | None:
    """The organisation a speaking person works for, for "the firm" in what they say."""
    speaker = _speaker_in(frame, here)
    if speaker is None or speaker.affiliation is None:
        return None
    org = Mention(speaker.affiliation, "org", False, 1, speaker.sentence, speaker.position,
                  _key(speaker.affiliation, "org"), "ORG")
    return org if tok.lower_ in ORG_NOUNS else None  # "a committee spokesman … the body"


def _clause_subject_is(tok: Token, mention: Mention, here: list[Mention]) -> bool:
    """True when the subject of the verb above tok already names the mention."""
    subject = _clause_subject(tok)
    if subject is None:
        return False
    return any(m.position == subject.i and m.key == mention.key for m in here)


def _owns_it(tok: Token, here: list[Mention]) -> bool:
    """True when the possessive's own clause has a subject that could own it: a plural for
    "their", a name for "its" (not "the offer … its board", which is the speaker's)."""
    subject = _clause_subject(tok)
    if subject is None:
        return False
    agrees = _agreement(tok.lower_)
    return any(m.position == subject.i and agrees(m)
               and (tok.lower_ in GROUP_PRONOUNS or m.label != "NP") for m in here)


def _clause_subject(tok: Token) -> Token | None:
    """The subject of the clause a word is in ("X will pay … to cancel its shares": X)."""
    verb = tok.head
    while verb.head != verb and (
        verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("xcomp", "advcl", "acl")
        and not any(c.dep_ in _SUBJECTS for c in verb.children)
    ):
        verb = verb.head
    return next((c for c in verb.children if c.dep_ in _SUBJECTS), None)


def _speakers_organisation(tok: Token, frame: Frame | None, here: list[Mention]) -> Mention | None:
    """ "We" in what a spokesman says: the organisation the speaker speaks for."""
    if frame is None or not frame.source or not _in_content(tok, frame):
        return None
    source = {t.i for t in frame.source}
    speaker = next((m for m in here if m.position in source and m.rank == 0), None)
    if speaker is None:
        return None
    if speaker.kind in ("org", "group") and speaker.label != "NP":
        return speaker
    if speaker.affiliation is None:
        return None
    return Mention(speaker.affiliation, "org", False, 2, speaker.sentence, speaker.position,
                   _key(speaker.affiliation, "org"), "ORG")


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
        return lambda m: m.kind in ("person", "name") and not m.plural
    if word in THING_PRONOUNS:  # a place only as a subject ("Japan said it …")
        return lambda m: not m.plural and (
            m.kind in ("org", "thing", "name") or m.kind == "place" and m.rank <= 1
        )
    if word in GROUP_PRONOUNS:
        return lambda m: m.plural and m.kind != "place"
    if word in COMPANY_NOUNS:  # a subject or speaker, or a name that says it is a company
        return lambda m: m.kind == "org" and (
            word in m.descriptors or m.label == "ORG" and (m.rank <= 1 or _corporate(m.text))
        )
    if word in NAMED_NOUNS:
        return lambda m: m.kind == "org" and word in m.descriptors
    if word in PLACE_NOUNS:
        return lambda m: m.kind == "place" and m.label == "GPE"
    return lambda m: False


def _antecedent(tok, wants, sent, frame, here, memory, look_back) -> Mention | None:  # noqa: ANN001
    """The one clearly right antecedent: the speaker of "X said it …", else the clear choice in
    this sentence, else in the nearest sentence before.

    A speaker ("…," it said) is never something named in what it says.
    """
    speaker = _speaker_in(frame, here) if frame is not None and _in_content(tok, frame) else None
    rivals = _recent_things(memory, here, tok)
    inside = frame is not None and any(
        _named_in_clause_of(m, tok, frame) and wants(m)
        and (speaker is None or m.key != speaker.key) for m in here)
    if not inside and _speaks_of_itself(tok, speaker, wants, rivals):
        return speaker
    quoted = set()
    if frame is not None and _is_speaker(tok, frame):
        quoted = {t.i for c in frame.content for t in c.subtree}
    local = [m for m in here if wants(m) and _before(m, tok, frame) and m.position not in quoted
             and not _governs_as_thing(m, tok)]
    if frame is not None and _in_content(tok, frame):
        # "X said Indonesia did not achieve its goal": a name in the pronoun's own reported
        # clause, before it, is nearer than the speaker; with one there, choose among those.
        reported = [m for m in local if _named_in_clause_of(m, tok, frame)]
        local = reported or local
    if local:
        return _clear_choice(local, tok, rivals)
    index = memory.sentences
    for back in range(1, look_back + 1):
        if _is_pronoun(tok) and _pronoun_class(tok.lower_) in memory.open_pronouns.get(
            index - back, ()
        ):
            return None  # the same pronoun was left open there: it still means the unknown
        pool = [m for m in memory.mentions if m.sentence == index - back and wants(m)]
        if pool:
            if _is_pronoun(tok) and all(m.rank > 1 for m in pool):
                return None  # "… given priority by Baker. He was …": an object is no sure "he"
            return _clear_choice(pool, tok, rivals)
    return None


def _speaks_of_itself(tok: Token, speaker: Mention | None, wants, rivals) -> bool:  # noqa: ANN001
    """True for "X said it/he …" where the pronoun can be X and no thing just named competes."""
    if speaker is None or not wants(speaker) or not _is_pronoun(tok) or speaker.kind == "name":
        return False
    return not (rivals and _thing_could_be_meant(tok, speaker))


def _governs_as_thing(mention: Mention, tok: Token) -> bool:
    """True for a thing that is the subject of the verb whose complement the pronoun opens:
    "The higher range means they will be used" — a range is not what "they" are."""
    if mention.kind != "thing" or tok.head.dep_ != "ccomp":
        return False
    governing = tok.head.head
    return any(c.i == mention.position and c.dep_ in _SUBJECTS for c in governing.children)


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


def _thing_could_be_meant(tok: Token, chosen: Mention) -> bool:
    """True unless "it" acts or speaks and the chosen one is an organisation ("It expects")."""
    return not (chosen.kind == "org" and _acts(tok))


def _before(mention: Mention, tok: Token, frame: Frame | None) -> bool:
    """Earlier in the sentence, or the speaker of a quote the word is inside of."""
    if mention.position < tok.i:
        return True
    if frame is None or not frame.source or frame.verb is None:
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
    for tok in sent:
        if tok.text in ("“", "”", '"', "``", "''"):
            inside = tok.text == "“" or tok.text == "``" or (tok.text == '"' and not inside)
            continue
        if inside:
            ids.add(tok.i)
    return ids, inside


def _clear_choice(pool: list[Mention], tok: Token, things: list[Mention]) -> Mention | None:
    """The candidate of the best role, if it is the only referent there; else none is sure.

    A common noun in an object's place is a rival, never the answer: "he declined to predict
    the growth in net profit. It rose …" has two things "it" may mean; and "Acme launched a
    phone. It costs …" may mean the phone as well as Acme.
    """
    eligible = [m for m in pool if m.rank <= 1 or m.label != "NP"]
    if not eligible:
        return None
    best = min(m.rank for m in eligible)
    top = {m.key for m in pool if m.rank == best}
    if len(top) != 1:
        return None
    chosen = next(m for m in reversed(eligible) if m.rank == best)
    rivals = [m for m in pool + things if m.kind == "thing" and m.key != chosen.key]
    if rivals and tok.lower_ in THING_PRONOUNS and _thing_could_be_meant(tok, chosen):
        return None
    return chosen


def _acts(tok: Token) -> bool:
    """True when the word (or the owner it stands for) is the subject of an agent's verb."""
    subject = tok if tok.dep_ in _SUBJECTS else _phrase_head(tok)
    return tok.dep_ in _SUBJECTS and subject.head.lower_ in AGENT_VERBS


def _insert_text(tok: Token, antecedent: Mention) -> str:
    """What the bracket says: the name, possessive where the pronoun was."""
    if tok.tag_ == "PRP$" or (tok.dep_ == "poss" and tok.tag_ == "PRP"):
        return _possessive(antecedent.text)
    return antecedent.text


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
    predicates = [c for c in head.children if c.dep_ in ("acomp", "attr")]
    if any(p.lower_ in _EXPLETIVE_NOUNS for p in predicates):
        return True
    if any(c.dep_ == "dobj" and c.lower_ == "sense" for c in head.children):
        return True  # "it would not make much sense for them to …"
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


def _definite_phrase(tok: Token) -> list[Token] | None:
    """Words of a definite noun phrase that can stand for a name: "the company", "the
    diversified holding company", "the Minneapolis-based company" (no possessor, no clause)."""
    if tok.pos_ != "NOUN" or tok.lower_ not in ORG_NOUNS | PLACE_NOUNS | PERSON_NOUNS:
        return None
    kids = [c for c in tok.children if c.dep_ not in ("case", "punct")]
    if not kids or kids[0].lower_ != "the" or kids[0].dep_ != "det":
        return None
    if any(c.dep_ not in ("amod", "compound", "nmod") or c.i > tok.i for c in kids[1:]):
        return None
    if any(t.ent_type_ in ("PERSON", "ORG") for c in kids[1:] for t in c.subtree):
        return None  # "the KLM spokesman" names its own
    return sorted((t for c in kids for t in c.subtree), key=lambda t: t.i) + [tok]


def _source_head(frame: Frame) -> Token | None:
    """The head word of a frame's source phrase."""
    if not frame.source:
        return None
    ids = {t.i for t in frame.source}
    return next((t for t in frame.source if t.head.i not in ids or t.head == t), None)


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

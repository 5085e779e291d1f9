"""Reported speech: who a sentence says asserted its content, and where that content is."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.attrs import IS_PUNCT, ORTH
from spacy.tokens import Span, Token

from app.nlp import columns
from app.nlp.columns import subtree_ids
from app.nlp.dislocation import dislocated_subject
from app.nlp.lexicon import (
    CORPORATE_SUFFIXES,
    FINITE_TAGS,
    is_corporate,
    is_person_noun,
    verb_forms,
    words,
)
from app.nlp.wirecopy import is_ticker

REPORTING = verb_forms(
    words(
        "add announce confirm state warn argue claim report insist note explain "
        "acknowledge admit allege assert contend declare disclose reveal suggest tweet "
        "testify reiterate stress emphasise emphasize observe remark answer reply respond "
        "concede caution complain estimate predict believe fear mention indicate show "
        "signal point boast recall conclude find project calculate reaffirm comment"
    )
) | words(
    "say says said saying tell tells told telling write writes wrote written writing "
    "forecast forecasts forecasting think thinks thought thinking hold holds held "
    "expect expects expected expecting replied replies stressed stresses admitted admitting "
    "found finds shown testified testifies quoted ask asks asked asking"
)
# Frames whose content the source contests: the claim keeps the frame ("X denied that …").
CONTESTING = verb_forms(words("deny dispute reject doubt question")) | words(
    "denies denied disputes rejects doubts questions"
)
# Frames that themselves make the content uncertain.
HEDGING_FRAMES = verb_forms(words("estimate predict believe fear suggest expect project")) | (
    words("forecast forecasts think thinks thought")
)
# Nouns whose "that" clause is something said but not asserted by the writer ("rumours that …").
RUMOUR_NOUNS = words(
    "rumour rumours rumor rumors speculation speculations talk gossip"
)
REPORT_NOUNS = RUMOUR_NOUNS | words(
    "report reports claim claims allegation allegations suggestion suggestions statement "
    "assertion assertions"
)
# Verbs that, with a report or rumour as their object, say it is not so ("dismissed rumours").
_REBUTTING = CONTESTING | verb_forms(words("dismiss refute rebut deny")) | words(
    "dismissed refuted rebutted"
)
_NOBODY = words("nobody none no-one noone")
_TELLING = words("told tell tells telling")
_SAYING = verb_forms(words("add report state")) | words("say says said saying") | _TELLING
_AMOUNT_UNITS = words("dlrs dlr pct stg yen francs lire marks guilders tonnes tons barrels bpd "
                      "cts")
_ROLE_NOUNS = words("manager managers co-manager co-managers underwriter underwriters adviser "
                    "advisers")
_RECORDS_VERBS = words("show shows showed indicate indicates indicated")
_RECORD_NOUNS = words("figures data statistics census survey surveys document documents return "
                      "returns estimates report poll records minutes paper papers tables")
_ABOUT = words("to on about over of amid")
CONDITIONAL_MARKS = frozenset({"if", "unless"})
_ASKING = verb_forms(words("ask wonder know decide check see doubt")) | words("knew saw")
_QUESTION_WORDS = words("when whether how why what where who if which")
# Frames that ask for their content rather than report it, when it is a bare subjunctive or
# the frame is softened ("I would suggest that …")
_DIRECTING = verb_forms(words("suggest urge recommend propose insist demand"))
_BARE_FRAME_EXCLUDES = words("mark dobj ccomp xcomp attr acomp dative")
_CLAUSE_DEPS = {"ccomp", "parataxis", "xcomp", "advcl", "conj"}
_OWN_CLAUSE_DEPS = _CLAUSE_DEPS | {"acl", "relcl", "ccomp", "csubj"}
_SOURCE_CUT = {"appos", "relcl", "acl", "punct", "prep", "advcl", "cc", "conj", "advmod",
               "npadvmod"}  # (and "X, here for talks with …": where the source is)


@dataclass(slots=True)
class Frame:
    """A reporting frame: its verb, its source words and the content clause(s) it reports."""

    source: list[Token]
    verb: Token | None
    content: list[Token]
    frame: set[int] = field(default_factory=set)
    contested: bool = False
    asides: list[Token] = field(default_factory=list)

    @property
    def hedging(self) -> bool:
        """True when the frame itself hedges ("analysts expect …", "officials believe …")."""
        return self.verb is not None and hedges_what_it_says(self.verb)


def hedges_what_it_says(verb: Token) -> bool:
    """True for a verb of belief or expectation, or any verb of saying with a modal of
    possibility ("the involvement could indicate that S": S only may be so)."""
    return verb.lower_ in HEDGING_FRAMES or any(
        c.dep_ == "aux" and c.lower_ in _MAYBE for c in verb.children)


_MAYBE = words("may might could")  # ("investors should note that S": S is asserted)


def full_name(ent: Span) -> Span:
    """A name with the words before it that the recogniser left out: proper nouns compounded
    with it ("Porsche Cars North America": an organisation, not the place), and an
    organisation's words before its "and" ("British and Commonwealth Shipping", "Standard and
    Poor's Corp") that hang on the name, not a second party ("Japan and Toyota said …"); and
    the words before a bracket it began inside ("Cheung Kong (Holdings) Ltd")."""
    doc, start = ent.doc, ent.start
    cols = columns.of(doc)  # (the words before it read from the columns, not as Tokens)
    pos, dep, heads = cols.pos, cols.dep, cols.heads
    if ent.root.ent_type_ in ("ORG", "GPE", "LOC", "FAC") or is_corporate(ent.text):
        # (also a company's name the recogniser took for a person's: "Pizza [Inn Inc]")
        opens = ent.sent.start
        while start - 1 >= opens and pos[start - 1] == "PROPN" and (
                dep[start - 1] == "compound" and heads[start - 1] in range(start, ent.end)):
            start -= 1  # "Porsche Cars North America", not the place "North America"
        if start < ent.start:
            ent = Span(doc, start, ent.end, label="ORG")
    sent_start = ent.sent.start
    if start == ent.start and start > sent_start and doc[start - 1].text == "(" and (
            ent.text.count(")") > ent.text.count("(")):  # "Cheung Kong (Holdings) Ltd": the
        # recogniser began inside the brackets; the name begins before them
        start -= 1
        while start - 1 >= sent_start and pos[start - 1] == "PROPN":
            start -= 1
        ent = Span(doc, start, ent.end, label=ent.label_)
    ent = _through_and(ent)
    if ent.root.ent_type_ != "ORG" or start - 2 < ent.sent.start or doc[start - 1].lower_ != "and":
        return ent
    before = doc[start - 2]
    suffix_only = all(w.lower().rstrip(".") in CORPORATE_SUFFIXES for w in ent.text.split())
    if before.pos_ != "PROPN" or not (ent.root in before.ancestors or suffix_only):
        return ent  # ("Oscar Mayer and Co Inc": "Co Inc" alone names no one)
    first, opens = start - 2, ent.sent.start
    while first - 1 >= opens and pos[first - 1] == "PROPN" and (
            heads[first - 1] in range(first, ent.end) or suffix_only):
        first -= 1
    return Span(doc, first, ent.end, label="ORG")


def _through_and(ent: Span) -> Span:
    """ "American Telephone" and "Telegraph Co": one company's name split at its "and" (the
    name's one corporate ending comes after it)."""
    doc, end = ent.doc, ent.end
    lower = columns.of(doc).lower  # (most names have no "and" after them: no Token read)
    if end + 1 >= len(doc) or lower[end] != "and":
        return ent
    closes = ent.sent.end
    if ent.root.ent_type_ != "ORG" or is_corporate(ent.text) or end + 1 >= closes:
        return ent
    if doc[end].lower_ != "and" or doc[end + 1].ent_iob_ != "B" or doc[end + 1].ent_type_ != "ORG":
        return ent
    last = end + 1
    while last + 1 < closes and doc[last + 1].ent_iob_ == "I":
        last += 1
    rest = doc[end + 1 : last + 1]
    if not is_corporate(rest.text) or any(t.pos_ != "PROPN" for t in rest):
        return ent
    return Span(doc, ent.start, last + 1, label="ORG")


def source_tokens(head: Token) -> list[Token]:
    """The words naming a source: its noun phrase without appositives, clauses or commas (an
    organisation's whole name, "Castle and Cooke Inc", even with an "and" inside)."""
    ticker = is_ticker(head.text)  # "Tesco Plc <TSCO.L> said": the
    if head.ent_type_ == "ORG" and not ticker:  # parser's head, with the name as its compounds
        start, end = head.i, head.i + 1
        while start > 0 and head.doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(head.doc) and head.doc[end].ent_iob_ == "I":
            end += 1
        ent = full_name(head.doc[start:end])
        if ent.root == head and ent[-1].pos_ != "ADP":  # (not "Mills of", a broken name)
            inside = {t.i for t in ent}
            others = [t for t in _co_sources(head) + _name_after(head) if t.i not in inside]
            return sorted([*ent, *others], key=lambda t: t.i)
    keep = [head]
    for child in head.children:
        if child.dep_ not in _SOURCE_CUT or _inside_word(child):
            keep.extend(child.subtree)
    keep.extend(_name_after(head))
    if ticker:
        keep.extend(_name_before(head))
    if head.i + 1 < len(head.doc) and head.nbor().dep_ == "prep" and head.nbor().head == head:
        keep.extend(_without_clauses(head.nbor()))  # "the ministry of finance"
    keep.extend(_co_sources(head))
    return _with_name_end(sorted({t.i: t for t in keep}.values(), key=lambda t: t.i))


def _with_name_end(words: list[Token]) -> list[Token]:
    """The source with the rest of the name it ends inside ("Jack Kirnan of Kidder Peabody and
    Co." when the parser took the final "Co." for the sentence's full stop), or of the name
    its "of" lost to that misreading ("David Wyss of Data Resources Inc.")."""
    last = words[-1]
    doc, end = last.doc, last.i + 1
    if end >= len(doc):
        return words
    after = doc[end]
    if last.pos_ == "ADP" and last.n_rights == 0 and after.ent_iob_ == "B" and (
            after.ent_type_ == "ORG"):
        end += 1
    elif last.lower_ in ("and", "&") and after.lower_.rstrip(".") in CORPORATE_SUFFIXES:
        return [*words, after]  # "Harlan Brothers and Co.", outside the recognised name
    elif last.ent_type_ != "ORG":
        return words
    while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].pos_ == "PROPN":
        end += 1
    return words + list(doc[last.i + 1 : end])


def _name_before(ticker: Token) -> list[Token]:
    """The name a ticker follows ("Tesco Plc <TSCO.L>"), however the parser attached it."""
    start = ticker.i
    while start > ticker.sent.start and ticker.doc[start - 1].pos_ == "PROPN":
        start -= 1
    return list(ticker.doc[start : ticker.i])


def _name_after(head: Token) -> list[Token]:
    """ "the official news agency Tass": a name right after its description, no comma between,
    is part of the source, however the parser attached it (an appositive, a second subject)."""
    if head.i + 1 >= len(head.doc):
        return []
    name = head.nbor()
    attached = name.head == head and name.dep_ == "appos" or (
        name.head == head.head and name.dep_ == head.dep_)
    return list(name.subtree) if name.pos_ == "PROPN" and attached else []


def _inside_word(tok: Token) -> bool:
    """A hyphen joining a name's parts ("Wilmot-Sitwell"): part of the name, not punctuation."""
    return tok.text in ("-", "–") and not tok.whitespace_ and tok.i > 0 and (
        not tok.doc[tok.i - 1].whitespace_)


def _co_sources(head: Token) -> list[Token]:
    """The others a coordinated source names ("Japan and Toyota Motor Corp said …": both), with
    the commas and the "and" between them."""
    kids = list(head.children)
    if not any(c.dep_ == "cc" and c.lower_ == "and" for c in kids):
        return []
    others = [c for c in kids if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")]
    if not others:
        return []
    joints = [c for c in kids if c.dep_ == "cc" or c.dep_ == "punct" and c.text == ","
              and c.i < others[-1].i]
    return joints + [t for other in others for t in source_tokens(other)]


def _subject(verb: Token) -> Token | None:
    cols = columns.of(verb.doc)  # (the columns: a Token only for the subject)
    dep = cols.dep
    return next((verb.doc[c] for c in cols.children[verb.i] if dep[c] in ("nsubj", "nsubjpass")),
                None)


def _clause(verb: Token) -> Token | None:
    """The reported clause of a reporting verb: a verbal complement with words of its own
    (not a rumour's content hung on the verb: "responding to rumours that S")."""
    for child in verb.children:
        if child.dep_ in ("ccomp", "parataxis") and child.pos_ in ("VERB", "AUX") and not (
                child.is_punct):  # (the "-" of "pre-split" tagged as a verb reports nothing)
            if report_noun(child) is not None or _joined_before(child):
                continue
            return child
        if child.dep_ == "prep" and child.lower_ == "as":  # "was quoted as saying (that) …"
            saying = next((g for g in child.children if g.lower_ == "saying"), None)
            if saying is not None:
                return _clause(saying)
    return _told_misread(verb) or _subject_misread_as_object(verb) or _report_read_as_subject(verb)


def _report_read_as_subject(verb: Token) -> Token | None:
    """ "Demand for gilts has been getting stronger, the general manager of a securities firm
    said", parsed with the report as the verb's clausal subject ("Dealing demand …") and the
    speaker as an appositive inside it: the report is what was said."""
    if _trailing_appositive(verb) is None:
        return None
    return next((c for c in verb.children if c.dep_ == "csubj" and c.i < verb.i), None)


def _joined_before(clause: Token) -> bool:
    """ "Mexico rejected such action and the minister merely said, 'S'": a clause before the
    frame that ends in "and", when the frame's own clause follows it, is coordinated with
    the frame, the writer's own, not what was said."""
    verb = clause.head
    if clause.i > verb.i or not any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children):
        return False
    return clause.doc[clause.right_edge.i].dep_ == "cc"


def _subject_misread_as_object(verb: Token) -> Token | None:
    """ "The department said the introduction of X, particularly Y, was responsible for the
    advance": the report's subject read as what was said, its verb as a second verb of the
    frame (joined by a comma, not "and"). The verb is the report; its subject is the object."""
    if verb.lower_ in _TELLING or any(c.dep_ == "cc" for c in verb.children):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i
                and c.pos_ in ("NOUN", "PROPN")), None)  # (not "said nothing, was silent")
    for conj in (c for c in verb.children if c.dep_ == "conj"):
        finite = conj.tag_ in FINITE_TAGS or any(
            c.dep_ in ("aux", "auxpass") for c in conj.children)
        start = conj.left_edge.i  # the verb right after a comma (not "…, or 76 cts a share")
        after_comma = start == conj.i or conj.doc[start].dep_ in ("aux", "auxpass", "neg")
        after_comma = after_comma and start > 0 and conj.doc[start - 1].text == ","
        if obj is not None and obj.i < conj.i and finite and after_comma and _subject(conj) is None:
            return conj
    return None


def _told_misread(verb: Token) -> Token | None:
    """ "He told a news conference the company expected …": the parser hung the report on the
    audience as a relative clause (with no relative pronoun); it is what was told."""
    if verb.lower_ not in _TELLING:
        return None
    for audience in (c for c in verb.children if c.dep_ == "dobj"):
        for clause in (c for c in audience.children if c.dep_ == "relcl"):
            bare = not any(t.tag_ in ("WDT", "WP", "WP$") or t.lower_ == "that"
                           for t in clause.children if t.i < clause.i)
            subject = _subject(clause)
            if bare and subject is not None and subject.i > audience.i:
                return clause
    return None


def _is_reporting(verb: Token) -> bool:
    return verb.lower_ in REPORTING or verb.lower_ in CONTESTING


def _subtree_ids(token: Token) -> set[int]:
    """The positions of the token's subtree, a new set (callers add and take away words)."""
    return set(subtree_ids(token))


def _speaker_of(verb: Token) -> Token | None:
    """Who the frame says spoke: its subject, or Y in "X quoted Y as saying"."""
    as_saying = any(c.dep_ == "prep" and c.lower_ == "as" and any(
        g.lower_ == "saying" for g in c.children) for c in verb.children)
    if verb.lower_ in ("quoted", "quotes", "quote", "quoting") or as_saying:
        quoted = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if quoted is not None:  # ("The daily reported Prince Sultan as saying S": his words)
            return quoted
    if _subject(verb) is None:
        return (_speaker_read_as_conjunct(verb) or _trailing_appositive(verb)
                or _speaker_in_fronted_phrase(verb) or _speaker_inside_report(verb))
    if _participle_read_as_clause(verb):
        return None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i]
    apart = len(subjects) > 1 and subjects[-2].right_edge.i + 1 < subjects[-1].left_edge.i
    subject = subjects[-1] if apart else _subject(verb)  # two subjects set apart ("… are those
    # given by X, the proposals showed"): the one next to the verb (not "agency Norpress")
    if subject is not None and _is_amount(subject):  # "… with total redemption amount 30 mln
        # dlrs, lead manager X said": the figure ends the report; the name joined to it speaks
        return next((c for c in subject.children if c.dep_ == "conj" and _can_speak(c)), None)
    if subject is not None and any(c.dep_ == "cc" and c.lower_ == "but" for c in subject.children):
        # "A common currency would foster trade, but Nashashibi said …", the clause misread as
        # the first of two subjects: the speaker is the one after "but"
        after = [c for c in subject.children if c.dep_ == "conj" and c.i < verb.i]
        if after and after[-1].right_edge.i + 1 == verb.i:
            return after[-1]
    return subject


def _participle_read_as_clause(verb: Token) -> bool:
    """ "distributed a statement after the news conference explaining that S": a participle
    with a mark and a subject but no "is" is no clause; its "subject" is a noun it follows,
    and whose words the participle are is not sure."""
    return verb.tag_ == "VBG" and any(c.dep_ == "mark" for c in verb.children) and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children)


def _speaker_read_as_conjunct(verb: Token) -> Token | None:
    """ "… lower prices for energy products, particularly oil and coal, chairman Klaus Giesel
    told a news conference", the speaker read as one more item of the report's list and the
    verb as a second verb of the report: a name right before a verb with no subject, set off
    by a comma, is who spoke."""
    if verb.dep_ != "conj" or not _is_reporting(verb) or verb.i < 2:
        return None
    last = verb.doc[verb.i - 1]
    name = last if last.dep_ == "conj" else None
    if name is None or not (name.pos_ == "PROPN" or is_person_noun(name.lower_)):
        return None
    return name if _set_off_before(name, verb, comma_between=False) else None


def _set_off_before(name: Token, verb: Token, *, comma_between: bool = True) -> bool:
    """True for a phrase set off by a comma whose words end right before the verb (with
    `comma_between`, a comma between them allowed): where a speaker the parser hung on
    something else stands ("…, chairman Klaus Giesel told", "…, X, chairman of Y, said")."""
    ends = (verb.i, verb.i - 1) if comma_between and verb.doc[verb.i - 1].text == "," else (
        verb.i,)
    return name.right_edge.i + 1 in ends and _after_comma(name)


def _after_comma(phrase: Token) -> bool:
    """True when a comma comes right before the phrase's first word."""
    start = phrase.left_edge.i
    return start > 0 and phrase.doc[start - 1].text == ","


def _speaker_in_fronted_phrase(verb: Token) -> Token | None:
    """ "In one of the sharpest criticisms, chairman John Tower, a longtime ally, told a news
    conference, 'S'": the speaker read as one more noun of the phrase before the verb (joined
    to "criticisms"). A name set off by a comma, whose words end right before the verb (a
    comma between them allowed), inside a phrase hung on the verb, is who spoke."""
    if not _is_reporting(verb) or verb.i < 3:
        return None
    fronted = [c for c in verb.children if c.dep_ == "prep" and c.i < verb.i]
    for prep in fronted:
        for name in prep.subtree:
            if name.dep_ != "conj" or not (name.pos_ == "PROPN" or is_person_noun(name.lower_)):
                continue
            if _set_off_before(name, verb):
                return name
    return None


def _speaker_inside_report(verb: Token) -> Token | None:
    """ "Net earnings soared 71 pct to 559 mln dlrs, Kenneth Whipple, chairman of Ford Europe,
    said", "… a 10-year maturity, lead manager Union Bank of Switzerland said": a verb with no
    subject after its report, whose speaker the parser joined to the report's last noun (as an
    appositive or one more item of a list). A name or body that can speak, set off by a comma,
    whose words end right before the verb (a comma between allowed), is who spoke."""
    if not _is_reporting(verb) or verb.i < 3:
        return None
    reports = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
    for report in reports:
        for name in report.subtree:
            if name.dep_ not in ("appos", "conj") or not _can_speak(name):
                continue
            if _set_off_before(name, verb):
                named = name.head  # "…, Gilberto Arango, president of …, said": the title's
                # name (whatever the parser called it), when it is set off as well
                if name.dep_ == "appos" and _can_speak(named) and _after_comma(named) and (
                        named.right_edge.i - name.right_edge.i in (0, 1)):  # (its comma)
                    return named
                return name
    return None


def _with_title_before(name: Token) -> Token:
    """The phrase a speaker found inside a report ends: "…, director-general of the export
    institute, Apolonio Ruiz, said" parsed with the name inside the title's phrase, which is
    set off by a comma too: the title's head, whose words are all the speaker's."""
    top = name
    for above in name.ancestors:
        if above.dep_ == "appos" and above.right_edge.i == name.right_edge.i and (
                _after_comma(above)):
            top = above
    return top


def _trailing_appositive(verb: Token) -> Token | None:
    """ "X has launched a debenture in the Euromarket, a partner of Y said": the speaker read
    as an appositive of the report's last noun, right before the verb."""
    if verb.i < 2 or verb.doc[verb.i - 1].is_punct:
        return None
    last = verb.doc[verb.i - 1]
    for tok in [last, *last.ancestors]:
        if tok.dep_ == "appos" and tok.right_edge.i + 1 == verb.i and tok.i < verb.i:
            return tok if _after_comma(tok) else None
        if tok == verb:
            break
    return None


def _frame_of(verb: Token, content: Token, frame_ids: set[int]) -> Frame:
    """The frame around verb: its source, and whether it reports the content as asserted.

    Its content is the reported clause plus what the same source "adds" ("…, adding that S",
    "… but added: S"), and none of those words are the frame's own.
    """
    subject = _speaker_of(verb)
    taken_up = dislocated_subject(verb)
    if taken_up is not None and taken_up[1] == subject and _can_speak(taken_up[0]):
        subject = taken_up[0]  # "The president, he said S"
    expletive = subject is not None and subject.lower_ == "it" and subject.dep_ == "nsubjpass"
    if subject is not None and subject.dep_ == "nsubjpass" and verb.lower_ in _TELLING:
        subject = _agent_of(verb)  # "…, a government inquiry was told": who told it, if said;
        # the listener is no speaker
    src = source_tokens(subject) if subject is not None and not expletive else []
    in_list = subject is not None and subject == _speaker_read_as_conjunct(verb)
    if in_list:  # the name alone, not the list items the parser joined it to
        src = sorted(subject.subtree, key=lambda t: t.i)
    contents = [content, *more_content(verb), *_reported_too(verb, content),
                *_clauses_cut_off(verb, content)]
    content_ids = set().union(*(_subtree_ids(c) for c in contents))
    if verb.i in content_ids and _bare(verb):  # a frame the parser hung below its quote keeps
        content_ids -= _subtree_ids(verb)  # its own words ('"…," the manager told Reuters')
    frame_ids -= content_ids
    if subject is not None and _subject(verb) is None and subject == _speaker_inside_report(verb):
        title = _with_title_before(subject)  # (its title stays out of the report too)
        frame_ids |= _subtree_ids(title) | {title.left_edge.i - 1}
    elif subject is not None and (subject.dep_ == "appos" or in_list):  # the speaker
        frame_ids |= _subtree_ids(subject) | {subject.left_edge.i - 1}  # hung on the report
    if in_list:
        frame_ids |= _subtree_ids(verb)  # "told a news conference", a verb of the report's
    for other in (c for c in verb.children if c.dep_ == "nsubj" and c.i < (subject or verb).i):
        frame_ids -= _subtree_ids(other)  # "… are those given by X, the proposals showed":
        # a subject set apart before the speaker is the report's words
    frame_ids -= _misparsed_content(verb, content)
    frame_ids |= _title_before(src, content) | _when_said(verb, content)
    frame_ids |= _addressee_read_into_report(verb, content)
    contested = _contests(verb, content)
    return Frame(src, verb, contents, frame_ids, contested, _asides(verb, subject))


def _agent_of(verb: Token) -> Token | None:
    """The "by" phrase's noun of a passive verb ("was told by the captain"), if there is one."""
    return next((g for c in verb.children if c.dep_ == "agent"
                 for g in c.children if g.dep_ == "pobj"), None)


def _bare(verb: Token) -> bool:
    """A frame of a speaker, whom they told and where, with no clause or topic of its own
    ("…, the manager told Reuters in a telephone interview"; not "Germany will report on its
    plans", nor "a spokesman said yesterday although S1, S2")."""
    return not any(t.dep_ in _OWN_CLAUSE_DEPS
                   or t.dep_ == "prep" and t.lower_ in _ABOUT and t.head == verb
                   for t in verb.subtree if t != verb)


def _when_said(verb: Token, content: Token) -> set[int]:
    """ "Funaro said last night Brazil wants …": the time right after the reporting verb, before
    the report's subject, is when it was said; the parser hung it on the report."""
    subject = _subject(content)
    if subject is None or verb.i > content.i:
        return set()
    start = min(subtree_ids(subject))
    cols = columns.of(content.doc)  # (its children's words from the columns, not as Tokens)
    dep, lower, ent_type = cols.dep, cols.lower, cols.ent_type
    for child in cols.children[content.i]:
        if not (dep[child] == "npadvmod" or dep[child] == "prep" and lower[child] == "on"):
            continue
        ids = cols.subtree(child)
        if min(ids) == verb.i + 1 and max(ids) < start and any(
                ent_type[i] in ("DATE", "TIME") for i in ids):
            return set(ids)  # (not "said in 1985 sales rose": the year may be the sales')
    return set()


def _addressee_read_into_report(verb: Token, content: Token) -> set[int]:
    """ "They told reporters Hyundai Motor expects …" read with "reporters" as part of the
    report's subject ("reporters Hyundai Motor"): a verb of telling has its addressee right
    after it, so a common noun there, before a name that starts the report, is the frame's."""
    if verb.lower_ not in _TELLING or any(c.dep_ in ("dobj", "dative") for c in verb.children):
        return set()
    subject = _subject(content)
    if subject is None or verb.i + 2 >= len(verb.doc):
        return set()
    first, name = verb.doc[verb.i + 1], verb.doc[verb.i + 2]
    in_subject = first.i == subject.left_edge.i and first.dep_ == "compound"
    if in_subject and first.tag_ == "NNS" and first.is_lower and name.pos_ == "PROPN":
        return {first.i}
    return set()


def _misparsed_content(verb: Token, content: Token) -> set[int]:
    """Words of the report the parser hung on the frame: "told Reuters proposals to … were
    unacceptable" read as "Reuters proposals"; "said two new products, using …, are under
    development" read with the products as what was said. They belong to the content."""
    if _subject(content) is not None:
        return set()
    content_start = min(_subtree_ids(content))
    for obj in verb.children:
        if obj.dep_ != "dobj" or obj.i > content.i:
            continue
        compounds = [c for c in obj.children if c.dep_ == "compound" and c.i == verb.i + 1]
        if verb.lower_ in _TELLING and compounds and compounds[0].pos_ == "PROPN":
            first = compounds[0].i + 1  # the addressee stays in the frame
        elif verb.lower_ not in _TELLING:
            first = min(_subtree_ids(obj))
        else:
            continue
        return {i for i in _subtree_ids(verb) if first <= i < content_start}
    return set()


def more_content(verb: Token) -> list[Token]:
    """Clauses the same source goes on to report: "adding that S", "but added: S"."""
    found = []
    for child in verb.children:
        adds = child.dep_ in ("advcl", "conj", "xcomp") and _subject(child) is None
        if adds and _is_reporting(child):
            clause = _clause(child)
            if clause is not None and not _contests(child, clause):
                found.append(clause)
    return found


def _clauses_cut_off(verb: Token, content: Token) -> list[Token]:
    """ "said the meeting will be held July 15 and shareholders of record on April 27 will be
    eligible to vote", parsed with "shareholders …" joined to "July 15" and "will be
    eligible" a second clause of "said": reported too (the splitter keeps the sentence whole)."""
    return [c for c in verb.children if c.dep_ == "ccomp" and c.i > content.i
            and subject_taken_before(c)]


def subject_taken_before(verb: Token) -> bool:
    """A clause with no subject that starts with its own auxiliary right after a word of
    the clause before ("… on April 27 | will be eligible", "… any businesses but several |
    are pending"): its subject is there, where the parser put it."""
    first = verb.left_edge
    if _subject(verb) is not None or first.dep_ not in ("aux", "auxpass") or (
            first.head != verb or first.i == 0):
        return False
    return not verb.doc[first.i - 1].is_punct


def _reported_too(verb: Token, content: Token) -> list[Token]:
    """The other clauses a trailing frame reports: "A is low, but B is likely …, he said"
    (the parser may hang each on the verb)."""
    if content.i > verb.i:
        return []
    return [c for c in verb.children if c.dep_ == "ccomp" and c != content and c.i < verb.i
            and c.pos_ in ("VERB", "AUX") and _subject(c) is not None and report_noun(c) is None]


def report_noun(clause: Token) -> Token | None:
    """The report or rumour noun whose content a clause is ("rumours that X had raised …"),
    also where the parser hung the clause on the verb ("responding to rumours … that S")."""
    if clause.pos_ not in ("VERB", "AUX") or _subject(clause) is None:
        return None
    head = clause.head
    if clause.dep_ in ("acl", "ccomp") and head.lower_ in REPORT_NOUNS:
        return None if _rebutted(head) else head
    if clause.dep_ != "ccomp":
        return None
    nouns = [g for c in head.children if c.dep_ == "prep" and c.i < clause.i
             and c.lower_ in _ABOUT  # "responding to rumours that S"; "said in a statement, S"
             for g in c.children if g.dep_ == "pobj" and g.lower_ in REPORT_NOUNS]
    return nouns[-1] if nouns and not _rebutted(nouns[-1]) else None


def _rebutted(noun: Token) -> bool:
    """True for a report the sentence says is not so, whose content is then no claim of its
    own: "denied reports that S", "did not confirm reports that S", "there were no reports"."""
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return True
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ not in ("dobj", "pobj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX"):
        return False
    return verb.lower_ in _REBUTTING or _negated(verb)


def _negated(verb: Token) -> bool:
    """True for a verb with "not"/"never", or whose subject is "nobody" or "no official"."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    subject = _subject(verb)
    return subject is not None and (
        subject.lower_ in _NOBODY
        or any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children)
    )


def report_source(noun: Token, clause: Token) -> list[Token]:
    """Who a report or rumour comes from: "rumours by traders", else the noun phrase itself
    without its clause ("a Wall Street Journal report", "rumours in the international market")."""
    for prep in [*noun.children, *(c for c in clause.head.children if c.dep_ == "prep")]:
        if prep.dep_ == "prep" and prep.lower_ in ("by", "from", "among"):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None and not (prep.lower_ == "from" and _is_place(pobj)):
                return source_tokens(pobj)  # (not "a report from London": where it came
                # from; the report is the source)
    cut = _subtree_ids(clause)
    return [t for t in noun.subtree if t.i not in cut and t.dep_ != "punct"]


def _is_place(noun: Token) -> bool:
    return noun.ent_type_ in ("GPE", "LOC", "FAC")


def _is_amount(noun: Token) -> bool:
    """A sum, a share or a quantity ("30 mln dlrs", "65 pct"): what cannot speak (not "one"
    or "two banks", which count speakers)."""
    return noun.ent_type_ in ("MONEY", "PERCENT", "QUANTITY") or noun.lower_ in _AMOUNT_UNITS


def _can_speak(noun: Token) -> bool:
    """A person, a group or an organisation: what can say something ("The buildings …, they
    said in the report" is no report by the buildings)."""
    return noun.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or is_person_noun(noun.text) or (
        is_corporate(noun.text))


def is_first_person(source: list[Token]) -> bool:
    """True for a source that is the speaker themselves ("we expect", "I think")."""
    return len(source) == 1 and source[0].lower_ in ("i", "we")


def relative_report(verb: Token) -> list[Token]:
    """The clauses a reporting relative clause reports ("a report which stated S")."""
    if verb.dep_ != "relcl" or not _is_reporting(verb):
        return []
    clause = _clause(verb)
    return [clause] if clause is not None else []


def inner_report(head: Token) -> Token | None:
    """The clause of a report inside reported content ("professionals believe that S")."""
    if not _is_reporting(head) or head.lower_ in CONTESTING or _subject(head) is None:
        return None
    if _negated(head):
        return None
    clause = _clause(head)
    if clause is None or _contests(head, clause):
        return None  # "time will tell whether …" reports nothing
    return clause


def reported(verb: Token) -> Frame | None:
    """The frame of a reporting clause below the sentence's root ("…, and X told reporters S",
    "…, adding that S"): its source (none when it shares its head's) and its content."""
    if not _is_reporting(verb) or verb.dep_ not in ("conj", "advcl"):
        return None
    clause = _clause(verb)
    if clause is None:
        return None
    ids = _subtree_ids(verb)
    return _frame_of(verb, clause, ids)


def _contests(verb: Token, content: Token) -> bool:
    """True when the frame does not assert its content: "denied that", "did not say when"."""
    if verb.lower_ in CONTESTING or _negated(verb):
        return True
    if verb.lower_ in _DIRECTING and (_bare_subjunctive(content) or any(
            c.dep_ == "aux" and c.lower_ in ("would", "'d", "should") for c in verb.children)):
        return True  # "I would suggest that they listen", "urged that he resign": asked for
    punct = columns.of(content.doc).flags(IS_PUNCT)
    first = content.doc[min(i for i in subtree_ids(content) if not punct[i])]
    if first.lower_ == "if" and verb.lower_ not in _ASKING:
        return False  # "He said: 'If the bank closes, it shuts the system'": a condition
    return first.lower_ in _QUESTION_WORDS and content.i > verb.i


def _bare_subjunctive(verb: Token) -> bool:
    """ "(urged that) he resign": a base form with no auxiliary, what is wanted, not so."""
    return verb.tag_ == "VB" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def is_condition(clause: Token) -> bool:
    """True for a clause marked "if" or "unless": supposed, never asserted."""
    return any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in clause.children)


def _asides(verb: Token, subject: Token | None) -> list[Token]:
    """Clauses inside the frame told in the writer's own voice ("X, which employs 4,000, said");
    not a condition on the report ("if the dollar has to fall, he said he hoped …")."""
    found = [c for c in verb.children
             if c.dep_ == "advcl" and _subject(c) is not None and not is_condition(c)]
    if subject is not None:
        found += [c for c in subject.children if c.dep_ == "relcl"]
    return found


def _without_clauses(phrase: Token) -> list[Token]:
    """A phrase's words without its relative clauses and the comma before one ("figures from
    the ministry, which publishes them monthly")."""
    cut: set[int] = set()
    for tok in phrase.subtree:
        if tok.dep_ == "relcl":
            start = tok.left_edge.i
            cut |= subtree_ids(tok)
            cut |= {start - 1} if start > 0 and tok.doc[start - 1].text == "," else set()
    return [t for t in phrase.subtree if t.i not in cut]


_RULES_FOLLOWED = words("formula formulas schedule timetable plan plans terms rules rule law "
                        "laws agreement contract procedure procedures method criteria "
                        "guidelines pattern scale")


def _according_to(sent: Span) -> Frame | None:
    """The frame of "according to X", anywhere in the sentence: set off by a comma, or on
    the sentence's main verb."""
    lower, doc = columns.of(sent.doc).lower, sent.doc
    for i in range(sent.start, sent.end):  # (the columns: a Token only for "according to")
        if lower[i] != "according":
            continue
        tok = doc[i]
        if tok.i + 1 < sent.end and tok.nbor().lower_ == "to":
            pobj = next((c for c in tok.nbor().children if c.dep_ == "pobj"), None)
            if pobj is None or pobj.lower_ in _RULES_FOLLOWED:
                continue  # "will be reset according to the formula of …": how, not who says
            if tok.head != sent.root and not (tok.i > sent.start and tok.nbor(-1).is_punct):
                return None  # "… the U.S., where low prices have prompted a fall in rigs
                # according to the rig count", "vary according to turnover": only its own
                # clause, or "in accordance with", not the sentence's source
            ids = _subtree_ids(tok) | _subtree_ids(tok.nbor())
            source = source_tokens(pobj)
            tail = _closing_tail(tok, sent)
            if tail:  # the parse broke inside the source ("… for Texaco Inc. <TX>, operator …")
                ids |= {t.i for t in tail}
                source = _completed_source(source, tail)
            return Frame(source, None, [sent.root], ids)
    return None


def _records_show(sent: Span) -> Frame | None:
    """ "…, figures issued by the ICCH show.": records that say what the sentence reports,
    closing it after a comma, which the parser, missing their verb, read as part of the
    report ("show" as a noun under "by"). Only a closing noun phrase with a record noun in it
    and no verb but the last word counts ("…, sports and talk shows" is no frame)."""
    cols, doc = columns.of(sent.doc), sent.doc
    punct, texts, lower = cols.flags(IS_PUNCT), cols.strings(ORTH), cols.lower
    kept = [i for i in range(sent.start, sent.end) if not punct[i] or texts[i] == ","]
    if len(kept) < 4 or lower[kept[-1]] not in _RECORDS_VERBS:
        return None  # (read from the columns: most sentences end in no such verb)
    words_ = [doc[i] for i in kept]
    comma = max((k for k, t in enumerate(words_) if t.text == ","), default=None)
    if comma is None or comma < 2:
        return None
    phrase = words_[comma + 1 : -1]
    if not phrase or phrase[0].pos_ not in ("DET", "ADJ", "NOUN", "PROPN"):
        return None
    if any(t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBN", "VBG") for t in phrase):
        return None  # a clause of its own, not a noun phrase
    noun = next((t for t in phrase if t.pos_ == "NOUN"), None)  # "a Ministry of Agriculture
    if noun is None or noun.lower_ not in _RECORD_NOUNS:  # census", "official figures"
        return None
    ids = set(range(words_[comma].i, sent.end))
    return Frame(phrase, None, [sent.root], ids)


def _closing_tail(according: Token, sent: Span) -> list[Token]:
    """The words after ", according to" when the phrase closes the sentence (no finite verb
    after it): all of them describe the source, wherever the parser hung them."""
    doc = according.doc
    if according.i == sent.start or doc[according.i - 1].text != ",":
        return []
    tail = [t for t in doc[according.i + 2 : sent.end]]
    while tail and tail[-1].is_punct:
        tail.pop()
    return [] if any(t.tag_ in FINITE_TAGS for t in tail) else tail


def _completed_source(source: list[Token], tail: list[Token]) -> list[Token]:
    """A source left ending on a preposition ("a spokesman for") with the name after it, up to
    the next comma."""
    if not source or source[-1].pos_ != "ADP":
        return source
    rest = [t for t in tail if t.i > source[-1].i]
    comma = next((k for k, t in enumerate(rest) if t.text == ","), len(rest))
    return source + rest[:comma]


def find_frame(sent: Span) -> Frame | None:
    """The reporting frame of a sentence, if its main assertion is reported speech."""
    root = sent.root
    trailing = _trailing_frame(root)
    if _is_reporting(root) and _speaker_of(root) is not None:
        clause = _clause(root)
        if clause is not None:
            frame = _frame_of(root, clause, _subtree_ids(root) - _subtree_ids(clause))
            if trailing is None or not is_first_person(frame.source):
                return frame
            # "'We can say that S,' Azpurua said": Azpurua speaks; "we say" is his own words
    return (trailing or _participle_frame(root) or _according_to(sent) or _records_show(sent)
            or _frame_cut_off(root))


_CLOSING_SAYING = words("said says added reported")
_MAX_SPEAKER_WORDS = 16


def _frame_cut_off(root: Token) -> Frame | None:
    """ "There has been no rise in the price of FCOJ, a spokesman for the Banco do Brasil's
    Foreign Trade Department, Cacex, said": a closing verb with no subject, whose speaker the
    parser scattered over the report ("Banco do Brasil" read as a verb), so no subtree holds
    it. The speaker is the phrase set off by a comma before the verb (`speaker_cut_off`)."""
    if root.lower_ not in _CLOSING_SAYING or _subject(root) is not None:
        return None
    report = next((c for c in root.children if c.dep_ == "ccomp" and c.i < root.i), None)
    if report is None:
        return None
    speaker = speaker_cut_off(list(root.doc[root.sent.start : root.i + 1]))
    if speaker is None:
        return None
    commas = {t.i for t in (root.doc[speaker[0].i - 1], root.doc[root.i - 1]) if t.text == ","}
    said = (_subtree_ids(root) - _subtree_ids(report)) | {t.i for t in speaker} | commas
    if any(not _subtree_ids(t) <= said for t in speaker):
        return None  # a word of the report hangs on the speaker's ("… and priced at 101 pct,
        # lead manager X said"): the frame's words are left out with all they govern
    return Frame(speaker, root, [report], said, _contests(root, report))


def speaker_cut_off(words_: list[Token]) -> list[Token] | None:
    """The speaker of words ending "…, a spokesman for X, said" (closing punctuation left out),
    when the parser did not read it as the frame: the phrase set off by a comma before the
    verb that holds no verb and opens with a determiner (else the nearest that opens with a
    name or noun); None when there is none, or it would leave fewer than three words."""
    while words_ and words_[-1].is_punct:
        words_ = words_[:-1]
    if len(words_) < 4:
        return None
    verb, doc = words_[-1], words_[-1].doc
    if verb.lower_ not in _CLOSING_SAYING or any(
            not t.is_punct for t in doc[verb.i + 1 : verb.sent.end]):
        return None
    found = []  # commas that set off a speaker, nearest the verb first
    for at in range(len(words_) - 2, max(0, len(words_) - 2 - _MAX_SPEAKER_WORDS), -1):
        phrase = [t for t in words_[at + 1 : -1] if t.text != ","]
        if words_[at].text != "," or not phrase or any(_clause_verb(t) for t in phrase):
            continue
        if phrase[0].pos_ in ("DET", "PROPN", "NOUN", "ADJ") and any(
                t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in ("DATE", "TIME")
                for t in phrase):  # (not "…, next year, said": what is left of a cut phrase)
            found.append((at, phrase[0].pos_ == "DET"))
    # "…, FCOJ, a spokesman for …, Cacex, said": the phrase opening with "a" or "the", not
    # the name at its end, nor the alias before it
    best = next((at for at, described in found if described), found[0][0] if found else None)
    if best is None or best < 3:
        return None
    return [t for t in words_[best + 1 : -1] if t != words_[-2] or t.text != ","]


def _clause_verb(tok: Token) -> bool:
    """A verb, not a word the tagger took for one inside a name ("Banco do Brasil")."""
    doc = tok.doc
    inside = 0 < tok.i < len(doc) - 1 and doc[tok.i - 1].pos_ == doc[tok.i + 1].pos_ == "PROPN"
    return tok.pos_ in ("VERB", "AUX") and not inside


def _trailing_frame(root: Token) -> Frame | None:
    """A frame after its quote ("…," the office said) parsed below the quote's verb; after the
    last of coordinated clauses ("A …, but it is not …, a spokesman said") it reports them all."""
    doc, cols = root.doc, columns.of(root.doc)
    dep, lower, kids = cols.dep, cols.lower, cols.children
    for verb in [root, *(doc[c] for c in kids[root.i] if dep[c] == "conj")]:
        for c in kids[verb.i]:  # (a Token only for a reporting verb heading a clause)
            if dep[c] in _CLAUSE_DEPS and (lower[c] in REPORTING or lower[c] in CONTESTING) and (
                    _is_trailing_frame(doc[c], verb)):
                return _frame_of(doc[c], root, _subtree_ids(doc[c]))
    return None


def _title_before(source: list[Token], content: Token) -> set[int]:
    """A speaker's title the parser hung on the quote (", President of the X Association Carlos
    Calmon said" read "President" as the quote's adverb): it is the speaker's, not the claim's."""
    if not source:
        return set()
    first = min(t.i for t in source)
    cols = columns.of(content.doc)  # (its children's words from the columns, not as Tokens)
    dep, pos, texts = cols.dep, cols.pos, cols.strings(ORTH)
    for child in cols.children[content.i]:
        ids = cols.subtree(child)
        if max(ids) != first - 1:
            continue
        comma = texts[min(ids) - 1] == "," if min(ids) > 0 else False
        if comma and pos[child] == "PROPN" and dep[child] != "nsubj":
            return set(ids)
    # (most reports have no appositive: no walk then)
    subtree = content.subtree if any(dep[i] == "appos" for i in subtree_ids(content)) else ()
    for tok in subtree:  # "…, one of the lead managers Banque Indosuez said": the
        # speaker's role, read as an appositive of the report's last noun
        if tok.dep_ != "appos" or tok.right_edge.i != first - 1:
            continue
        start = tok.left_edge.i
        comma = start > 0 and content.doc[start - 1].text == ","
        if comma and any(t.lower_ in _ROLE_NOUNS for t in tok.subtree):
            return _subtree_ids(tok)
    return set()


def _participle_frame(root: Token) -> Frame | None:
    """ "X, referring to Y, said: S", which the parser roots at the participle: X said S."""
    subject = _subject(root)
    if root.tag_ != "VBG" or subject is None:
        return None
    for child in root.children:
        clause = _clause(child) if child.dep_ in ("dep", "conj") and _is_reporting(child) else None
        if clause is not None and _subject(child) is None:
            ids = _subtree_ids(root) - _subtree_ids(clause)
            return Frame(source_tokens(subject), child, [clause], ids,
                         _contests(child, clause), [])
    return None


def _is_trailing_frame(child: Token, root: Token) -> bool:
    """True for a frame after its quote ("…," the office said) parsed below the quote's verb."""
    if child.dep_ not in _CLAUSE_DEPS or not _is_reporting(child):
        return False
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in child.children):
        return False  # "… but one man was admitted to hospital": nobody speaks
    if child.i < root.i and child.dep_ != "parataxis":
        return False  # only a parenthetical frame ("The plan, he said, will …") comes first
    start = child.left_edge.i
    if child.dep_ == "conj" and start > 0 and child.doc[start - 1].dep_ == "cc" and (
            child.lower_ not in _SAYING):
        return False  # "exposure has fallen and few now fear for a collapse": a second clause
        # (not "…, and the department said": that one still speaks)
    told = child.lower_ in _TELLING  # "told a news conference", "told Reuters": whom, not what
    if any(c.dep_ in _BARE_FRAME_EXCLUDES and not (told and c.dep_ == "dobj")
           for c in child.children):
        return False
    if _subject(child) is None and _speaker_read_as_conjunct(child) is not None:
        return True
    if any(t.dep_ in ("acl", "ccomp", "relcl") for c in child.children
           if c.dep_ == "prep" and c.i > child.i for t in c.subtree):
        return False  # "…, but some arbitragers held to the belief that S": its own content
    return _subject(child) is not None

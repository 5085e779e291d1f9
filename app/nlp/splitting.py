"""One parsed sentence → short claims: clauses, shared subjects, relative clauses, appositives."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.attrs import IS_PUNCT, ORTH
from spacy.tokens import Span, Token

from app.nlp import columns
from app.nlp.attribution import (
    CONDITIONAL_MARKS,
    REPORTING,
    RUMOUR_NOUNS,
    Frame,
    hedges_what_it_says,
    inner_report,
    is_condition,
    is_first_person,
    relative_report,
    report_noun,
    report_source,
    reported,
    source_tokens,
    subject_taken_before,
)
from app.nlp.columns import subtree_ids
from app.nlp.dislocation import dislocated_subject
from app.nlp.drafts import Draft, Insert, Piece, mid_sentence, render
from app.nlp.gapping import gapped_drafts
from app.nlp.lexicon import (
    COPULAS,
    FINITE_TAGS,
    PAST_AS_BASE,
    SINGULAR_PLURALS,
    is_person_noun,
    verb_forms,
    words,
)
from app.nlp.wirecopy import is_ticker

_VERBAL = frozenset({"VERB", "AUX"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_AUX = frozenset({"aux", "auxpass", "neg"})
_REL_PRONOUNS = words("who which that whom whose where")
_HOLLOW_VERBS = words(
    "come comes came coming follow follows followed following happen happens happened occur "
    "occurs occurred arrive arrives arrived emerge emerges emerged be is are was were been")
_SEPARATE_MARKS = words("after before while whereas although though when once as")
# Marks of a time that, under a future or modal main clause, is a condition of it.
_WHEN_MARKS = words("when once before after until till")
# Marks of a time still to come when their clause is in the present tense
_NOT_YET_MARKS = words("before until till")
_QUOTE_MARKS = frozenset("\"“”'‘’")
# Verbs whose object does not exist yet when they are still to be done ("to write legislation")
_MAKING = words("write draft build create develop design prepare produce form establish devise "
                "introduce launch construct find")
_STATE_NOUNS = words("position situation point stage state case extent")  # "… where S": which
_DURING_MARKS = words("while when whenever once after")
_CLOSING = frozenset(")]\"”’'")  # closing marks stay with what they close
_MANNER_NOUNS = words("way ways manner fashion")  # "in a way that …": how, not what
# Words that say nothing without the relative clause that follows them
_EMPTY_NOUNS = words("nothing something anything everything nobody somebody anybody everybody "
                     "none one those")
# Nouns a "that" clause completes ("the hope that S"), which the parser may read as relative
_CONTENT_NOUNS = words("hope hopes belief expectation expectations fear fears view assumption "
                       "idea possibility chance fact news hint sign signs")
_PRONOUNS = words("he she it they we you i")
_ANYONE = words("anyone anybody everyone everybody whoever nobody anything everything")
_LOOKING_AHEAD = words(
    "expect expects expected expecting forecast forecasts forecasting predict predicts predicted "
    "project projects projected see sees saw want wants wanted plan plans planned intend "
    "intends intended anticipate anticipates anticipated estimate estimates estimated")
# What a speaker does beside what they report ("… but declined to name the buyer")
_SPEAKERS_ACTS = words("declined refused added noted stressed denied")
# "It was agreed / announced / is clear / is true that S" asserts S ("it is likely that S"
# too, hedged by the frame kept as context).
_ASSERTING_FRAMES = words(
    "agreed announced decided confirmed reported understood learned known clear true certain "
    "evident obvious apparent likely expected believed estimated feared thought said"
)
UNITS = words(
    "cts ct dlrs dlr pct mln bln shr shrs stg yen francs franc marks mark tonnes crowns crown "
    "guilders guilder lire rupees"
)
_MONEY_UNITS = UNITS - words("mln bln shr shrs tonnes")  # what an amount of money is counted in
# Words that are plural nouns of change as often as verbs ("rises in M-2")
_CHANGE_NOUNS = words("rises falls gains increases declines drops cuts jumps")
# A change "in"/"of" something: a relative clause after the something may tell of either
_CHANGE_HEADS = words("rise rises fall falls increase increases decline declines drop drops "
                      "gain gains strength weakness strengthening weakening appreciation "
                      "depreciation growth slump surge")
# Participles used as prepositions: "X, pending Y" says nothing X is
_PREPOSITION_LIKE = words(
    "pending following including excluding according regarding concerning barring given "
    "considering provided"
)
# Nouns whose infinitive says what they are ("an offer to buy"), not what they will do
_INTENT_NOUNS = words(
    "offer offers bid bids plan plans proposal proposals move attempt decision agreement deal "
    "effort right option pledge promise request call"
)
_PERSON_TITLES = words(
    "spokesman spokeswoman official president chairman director minister secretary chief "
    "executive officer analyst"
)
# People an appositive may name; given to a thing ("from January's record, senior
# economists, …, said"), the parser misread a speaker as a description
_PEOPLE = _PERSON_TITLES | words(
    "economist trader dealer banker diplomat source expert observer delegate lawyer"
)
_DISCOURSE = words(
    "however meanwhile honestly frankly nevertheless nonetheless moreover furthermore "
    "instead indeed separately additionally overall"
)
_CUT_PUNCT = frozenset({",", ";", ":", "(", ")", "[", "]", "—", "–", "--"})
_SCALES = frozenset({"mln", "million", "billion", "bln", "thousand", "trillion"})
_COMPARING = frozenset({"compared", "against", "versus", "vs"})
_NP_CUT = frozenset({"relcl", "appos", "advcl", "parataxis"})
_UNCERTAIN_MARKS = frozenset({"whether", "if"})
MAX_WORDS = 14
_EXAMPLE_PREPS = words("including amid despite excluding notably")
_UNKNOWN = words("unclear uncertain unknown seen tell")
_CONTENT_DEPS = words("dobj attr prep acomp xcomp ccomp npadvmod advmod oprd dative agent neg pobj")


def is_verbal(tok: Token) -> bool:
    """A verb or auxiliary heading a clause (also a copula's predicate noun/adjective); not a
    unit the tagger took for a verb ("…, or 76 cts a share")."""
    if tok.lower_ in UNITS:
        return False
    if tok.pos_ == "ADJ" and any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return True  # "… and were not fully informed": a participle the tagger took for an
        # adjective, with its own auxiliary
    return tok.pos_ in _VERBAL or any(c.dep_ in _SUBJECTS for c in tok.children)


def subject_of(verb: Token) -> Token | None:
    """The verb's own subject, if it has one (read from the columns: a Token only for it)."""
    cols = columns.of(verb.doc)
    dep = cols.dep
    return next((verb.doc[c] for c in cols.children[verb.i] if dep[c] in _SUBJECTS), None)


def _dfs(head: Token, stop: set[int], prune: Callable[[Token], bool] | None = None,
         asks: frozenset[str] = frozenset()) -> list[Token]:
    """Head's subtree without the subtrees rooted at stop (or pruned), in document order.

    The walk reads the paragraph's columns; `prune` is asked only of a word whose dependency
    is in `asks` (the ones it may say yes to), so a Token is built for those and the result."""
    doc = head.doc
    cols = columns.of(doc)
    kids, dep = cols.children, cols.dep
    out, stack = [], [head.i]
    while stack:
        i = stack.pop()
        out.append(i)
        for child in kids[i]:
            if child not in stop and not (prune and dep[child] in asks and prune(doc[child])):
                stack.append(child)
    return [doc[i] for i in sorted(out)]


def noun_phrase(head: Token, stop: set[int] | None = None) -> list[Token]:
    """A noun phrase without its relative clauses, appositives and commas (for reuse)."""
    return _dfs(head, stop or set(), _np_cut, _NP_CUT_ASKS)


class _Splitter:
    """Finds the split points of one sentence and builds one draft per claim."""

    def __init__(self, sent: Span, frame: Frame | None) -> None:
        """Start with the frame's words excluded from every claim."""
        self.sent = sent
        self.frame = frame
        self.stop: set[int] = set(_frame_tops(sent, frame))
        self.drafts: list[Draft] = []
        self.hedge_context: list[Token] = []
        self.orphans: dict[int, list[Piece]] = {}  # a conjunct's subject the parser misplaced

    def run(self) -> list[Draft]:
        """Drafts for every clause under the content roots."""
        headline = headline_verb(self.sent)
        if headline is not None:  # the subject: the noun without the verb or its conjuncts
            noun = headline.head
            rest = [headline, *(c for c in noun.children if c.dep_ in ("conj", "cc", "punct"))]
            subject = noun_phrase(noun, {t.i for c in rest for t in c.subtree})
            self._clause(headline, list(subject), "headline")
            return self.drafts
        if _figure_read_as_subject(self.sent):
            whole = whole_content(self.sent, self.frame)
            return [whole] if whole is not None else []
        roots = self._content_roots()
        taken = {root.i: _conjunct_before(root) for root in roots[1:] if subject_taken_before(root)}
        if any(subject is None for subject in taken.values()) or any(
                map(_object_taken_by_conjunct, roots)):
            # "the meeting will be held July 15 and shareholders of record on April 27 will be
            # eligible": where one clause ends and the next begins the parse does not say (its
            # subject is no one phrase); the whole sentence is sure
            whole = whole_content(self.sent, self.frame)
            return [whole] if whole is not None else []
        supposed = [m for r in roots for m in r.children
                    if m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS]
        if supposed:  # "If the offer were sold out and all shares converted, shares would
            # double", parsed with the condition as the main clause: one claim, "if" and all
            words_ = [t for t in self.sent if t.i not in self.stop and not t.is_space]
            self.drafts.append(Draft(words_, roots[0], "main", supposed))
            return self.drafts
        for root in roots:
            if root.i in taken:  # "… the matter and no settlement | has been found": its own
                self._clause(root, list(taken[root.i].subtree), "main")
            else:
                self._told(root, "main")
        condition = _frame_condition(self.frame)
        for draft in self.drafts if condition else ():
            draft.pieces = [*condition, *draft.pieces]
        self._asides()
        return self.drafts

    def _asides(self) -> None:
        """Clauses inside the reporting frame, told in the writer's own voice."""
        if self.frame is None or self.frame.contested:
            return
        for aside in self.frame.asides:
            owner = aside.head if aside.dep_ == "relcl" else aside
            self.stop -= subtree_ids(owner)
            before = len(self.drafts)
            if aside.dep_ == "relcl":
                self._relative(aside)
            else:
                self._clause(aside, None, "advcl")
            for draft in self.drafts[before:]:
                draft.own_voice = True

    def _content_roots(self) -> list[Token]:
        """The verbs whose clauses are asserted: the frame's content, else the root."""
        if self.frame is not None and not self.frame.contested:
            asked = [t for t in self.frame.content if not _is_question_clause(t)]
            return [_unwrap_expletive(t, self.hedge_context) for t in asked]
        return [_unwrap_expletive(self.sent.root, self.hedge_context)]

    def _clause(
        self, head: Token, inherited: list[Piece] | None, kind: str = "main"
    ) -> Draft | None:
        """A draft for head's clause, then its coordinated, relative and adverbial clauses."""
        if _asks_whether(head):
            return None
        splits = self._split_children(head)
        orphans = {c.i: _orphan_subject(head, c) for c in splits
                   if c.dep_ == "conj" and subject_of(c) is None}
        self.orphans.update(orphans)
        left_out = {t.i for words in orphans.values() for t in words}
        if left_out:  # and the "and" before them
            left_out.add(min(left_out) - 1)
        stop = self.stop | {c.i for c in splits} | _minor_children(head, splits) | left_out
        stop |= {t.i for t in vocative(head)}
        own = _dfs(head, stop, _is_nested_cut, _MAY_NEST)
        own = _without_stranded_comparison(head, own)
        past = _end_of_first_later_conjunct(head, splits)
        pieces: list[Piece] = [t for t in trim(head, own) if t.i not in self.stop
                               and not (t.i > past and not t.is_punct)]
        taken_up = dislocated_subject(head)
        if taken_up is not None:  # "The banks that lent to Brazil, they face …"
            pieces = _subject_for_pronoun(pieces, *taken_up, self.stop)
        if inherited:
            pieces = inherited + _carried_aux(head) + pieces
        reported = self.frame is not None and head in self.frame.content
        pieces = _headline_future(head, pieces, "reported" if reported else kind)
        draft = Draft(pieces, head, kind, self._context(head))
        if not (_is_hollow(head, own, splits) or _two_subjects(head) or _whose_misread(head)
                or _participle_after_comma(head) or _reduced_relative_read_as_verb(head, splits)):
            self.drafts.append(draft)
        subject = self._subject_pieces(head, inherited)
        for child in splits:
            self._split(child, head, subject)
        self._nested(own, stop)
        for loose in head.children:  # "…, replacing Jim Brown, who retired": the participle
            if _drops_adverbial(loose):  # is left out, what its nouns' clauses say is not
                self._nested(list(_dfs(loose, self.stop, _is_nested_cut, _MAY_NEST)), stop)
        return draft

    def _context(self, head: Token) -> list[Token]:
        """Words outside the claim that still bear on it: conditional marks and unwrapped frames."""
        doc, cols = head.doc, columns.of(head.doc)  # (a Token only for a mark found)
        kids, dep, lower = cols.children, cols.dep, cols.lower
        marks = [
            doc[m]
            for c in kids[head.i]
            if dep[c] == "advcl"
            for m in kids[c]
            if lower[m] in CONDITIONAL_MARKS and dep[m] == "mark"
        ]
        return marks + self.hedge_context

    def _subject_pieces(self, head: Token, inherited: list[Piece] | None) -> list[Piece] | None:
        """The subject a coordinated verb phrase would share, as pieces."""
        subject = subject_of(head)
        if subject is None or subject.dep_ == "expl" or subject.i in self.stop:
            return inherited
        joined = joined_subjects(head)
        if joined:
            return [t for t in joined if t.i not in self.stop]
        return list(noun_phrase(subject, self.stop))

    def _split_children(self, head: Token) -> list[Token]:
        """Children of head that become claims of their own (none that would leave it empty)."""
        doc, cols = head.doc, columns.of(head.doc)
        dep = cols.dep  # (only a conjunct or an adverbial clause can split: a Token for those)
        splits = [doc[c] for c in cols.children[head.i] if dep[c] in _SPLIT_DEPS and (
            _is_split(doc[c]))]
        if not any(dep[c] in _CONTENT_DEPS for c in cols.children[head.i]):
            # "creates and markets perfumes": the verbs share what follows, kept together
            splits = [c for c in splits if c.dep_ not in ("advcl", "conj") or subject_of(c)]
        return splits

    def _split(self, child: Token, head: Token, subject: list[Piece] | None) -> None:
        """Claims of a coordinated or adverbial clause split off from head."""
        frame = reported(child)
        if child.dep_ == "conj" and _rejected_alternative(head, child):
            return  # "Brazil must be flexible, rather than refuse to lower its share": no claim
        if frame is not None:
            self._reported(frame, head, self.orphans.get(child.i))
        elif child.dep_ == "conj" and subject_of(child) is None and (
                _tense_clash(head, child) or _speakers_act(head, child)) and not (
                _framed_after(head, child)):
            self._higher_conjunct(child, head)
        elif child.dep_ == "conj" and subject_of(child) is None and _parallels_verb_above(
                head, child):
            upper_subject = subject_of(head.head.head)
            if upper_subject is not None:  # "it had discovered transactions which could
                # cost … and had asked prosecutors …": it had asked
                self._clause(child, list(noun_phrase(upper_subject, self.stop)), "conj")
        elif child.dep_ == "conj":
            own_subject = subject_of(child)
            if own_subject is not None and own_subject.tag_ in ("WDT", "WP") and subject:
                first = subject_of(head)
                if first is None or first.tag_ not in ("WDT", "WP"):
                    return  # "… does not permit it to provide information …, that had been
                    # provided to Dixons": a relative clause misread as a second verb; whose?
                self.stop.add(own_subject.i)  # "…, which supports X and which may be …":
                own_subject = None  # the second "which" means what the first does
            orphan = self.orphans.get(child.i) if own_subject is None else None
            if own_subject is None and _modifiers_joined_before(head, child):
                return  # "… and eggs from matings between sterile and fertile flies will not
                # hatch": the "and" nearest the verb joins two adjectives; whose verb it is
                # the parse does not tell ("fertile flies", "Adult females" would both be wrong)
            if own_subject is None and not orphan and _number_clash(head, child):
                return  # "banks are unlikely to … once trading starts … and proves to be
                # profitable": "proves" is not the banks'; the parser joined it to "are"
            inherited = None if own_subject is not None else orphan or subject
            self._clause(child, inherited, "conj")
        elif child.dep_ == "advcl" and mark_of(child) in _SEPARATE_MARKS and not _as_it_stands(
                child):  # (one that narrows a noun is left out of that claim, and no claim)
            self._clause(child, None, "advcl")

    def _higher_conjunct(self, child: Token, head: Token) -> None:
        """ "X warned that the deficit was running high and vowed cuts": "vowed" is X's, not the
        deficit's; its subject is the one of the verb above head, told in the writer's voice."""
        top = _first_conjunct(head)
        higher = subject_of(top.head) if top.dep_ in ("ccomp", "xcomp") else None
        frame = _frame_between(head, child)
        if frame is not None:  # "S, Androsch said, but declined to …": Androsch declined
            higher = subject_of(frame)
        if higher is None:
            return
        before = len(self.drafts)
        self._clause(child, list(noun_phrase(higher)), "conj")
        for draft in self.drafts[before:]:
            draft.own_voice = True

    def _reported(self, frame: Frame, head: Token, orphan: list[Piece] | None = None) -> None:
        """Claims of what a clause reports, said by its own source or by its head's speaker;
        `orphan`: the reporting verb's subject the parser hung elsewhere ("X was questioned
        about the scandal and senators had warned S": the senators, not X)."""
        if frame.contested:
            return
        own = is_first_person(frame.source)  # "… but we expect S": still the quote's speaker
        written = [t for t in orphan or [] if isinstance(t, Token)] or None
        speaker = frame.source if frame.source and not own else written or self._speaker_of(head)
        self.stop |= frame.frame
        for content in frame.content:
            if _is_question_clause(content):
                continue
            before = len(self.drafts)
            self._clause(_unwrap_expletive(content, self.hedge_context), None, "reported")
            for draft in self.drafts[before:]:
                draft.speaker = speaker or draft.speaker
                draft.rumoured = draft.rumoured or frame.hedging  # ("… and expects the
                # shares to rise": a forecast, whoever makes it)

    def _speaker_of(self, head: Token) -> list[Token] | None:
        """Who speaks for a clause that "adds" something: the sentence's frame inside its
        content, else the head's own subject ("Acme cut jobs, adding that …")."""
        if self.frame is not None and any(head in c.subtree for c in self.frame.content):
            return None
        subject = subject_of(head)
        return list(noun_phrase(subject, self.stop)) if subject is not None else None

    def _nested(self, own: list[Token], stop: set[int]) -> None:
        """Relative clauses, reduced relatives and appositives inside the claim's noun phrases."""
        if not own:
            return
        doc = own[0].doc
        cols = columns.of(doc)
        kids, dep = cols.children, cols.dep  # (a Token only for a child _is_nested_cut may cut)
        for tok in own:
            for c in kids[tok.i]:
                if (c in stop or dep[c] in _MAY_NEST and _is_nested_cut(doc[c])) and (
                        c not in self.stop):
                    self._modifier(doc[c])

    def _modifier(self, child: Token) -> None:
        """Claims from a modifier; those describing the frame's source are the writer's own.

        None from a clause that only says which thing is meant inside what a source did not
        assert ("could not say which country owned the ship which fired the shots")."""
        frame = self.frame
        if frame is not None and frame.contested and not _comma_before(child) and any(
                child in c.subtree for c in frame.content):
            return
        before = len(self.drafts)
        self._describe(child)
        if self.frame is not None and child.head in self.frame.source:
            for draft in self.drafts[before:]:
                draft.own_voice = True  # "The governor, who was elected in 2021, denied …"

    def _describe(self, child: Token) -> None:
        """A claim from a relative clause, reduced relative or appositive."""
        if child.dep_ in ("acl", "appos") and _nearer_noun_before(child):
            return
        if report_noun(child) is not None:
            self._report(child)
        elif child.dep_ == "relcl":
            self._relative(child)
        elif child.dep_ == "acl":
            if child.head.ent_type_ in ("GPE", "LOC") and child.head.dep_ == "pobj":
                return  # "the Sedren mine in Gonaives, operated by a Canadian firm": the mine is
            self._descriptive(child.head, list(_dfs(child, self.stop)), "acl", passive=True)
        elif child.dep_ == "appos" and _is_fact_appositive(child) and not (
                _has_clause(child) or _asked_about(child.head)):
            phrase = list(noun_phrase(child, self.stop))
            self._descriptive(child.head, phrase, "appos", passive=False)

    def _report(self, clause: Token) -> None:
        """Claims of what a report or rumour says, with its source ("rumours by traders that
        X might be a target" → "X might be a target", said by traders, uncertain)."""
        noun = report_noun(clause)
        assert noun is not None
        speaker = report_source(noun, clause)
        for draft in self._told(clause, "reported"):
            draft.speaker = draft.speaker or speaker  # (one told inside it keeps its own)
            draft.rumoured = draft.rumoured or noun.lower_ in RUMOUR_NOUNS

    def _told(self, clause: Token, kind: str) -> list[Draft]:
        """Drafts of a reported clause, through reports inside it ("professionals believe that
        S" → S, uncertain when the inner verb is one of belief or expectation)."""
        hedges: list[Token] = []
        speaker: list[Token] = []
        inner = inner_report(clause)
        while inner is not None:
            if hedges_what_it_says(clause):
                hedges.append(clause)
            elif _told_someone(clause) and (said_by := subject_of(clause)) is not None:
                speaker = source_tokens(said_by)  # "McClure said senators told him S": the
                speaker = [] if is_first_person(speaker) else speaker  # senators', not his
            self.stop |= set(subtree_ids(clause)) - subtree_ids(inner)
            clause, inner = inner, inner_report(inner)
        before = len(self.drafts)
        self._clause(clause, None, kind)
        drafts = self.drafts[before:]
        for draft in drafts:
            draft.rumoured = draft.rumoured or bool(hedges)
            draft.speaker = draft.speaker or speaker or None
        return drafts

    def _relative(self, verb: Token) -> None:
        """A claim from a relative clause, its pronoun replaced by the antecedent."""
        pronoun = _relative_pronoun(verb)
        if pronoun is None or verb.head.pos_ not in ("NOUN", "PROPN", "PRON"):
            return
        if _completes_noun(verb, pronoun) or _after_appositive(verb) is not None:
            return  # (which noun an appositive's clause tells of is not sure)
        # The noun the clause hangs on, not its coordination: in "The A group, which …, and
        # the B group, which has 5 pct" the second clause is the B group's alone.
        start = min(subtree_ids(verb))
        noun = _whole_name(_described(verb))
        antecedent: list[Piece] = [t for t in noun_phrase(_partitive(noun), self.stop)
                                   if t.i < start]
        if pronoun.dep_ == "nsubj" and _amount_acting(noun, verb):
            return  # "backed by 40 mln dlrs capital, which owns companies": the firm owns them
        if not _adjacent_antecedent(antecedent, verb) or _nearer_noun_agrees(noun, verb, pronoun):
            return  # "an emergency was declared in Whakatane which has 16,000 people": the
            # parser hung the clause on a noun farther back; which noun is meant is not sure
        if _maker_of_described(noun, pronoun):
            return
        if pronoun.lower_ == "which" and verb.lower_ in _IMPLYING:
            return  # "to list it as loss on sale, which implied the loss would not have …":
            # what implied it is the whole clause before, not the noun ("[sale] implied …")
        if noun.ent_type_ in ("GPE", "LOC") and noun.dep_ == "pobj" and pronoun.lower_ in (
                "which", "that") and noun.head.lower_ in ("in", "at", "near"):
            return  # "their Doyon mine in Quebec, which showed two gold intersections", "opened
            # a plant in Ohio, which employs 300": the place is where; the clause may tell of
            # the mine or the plant as well
        if noun.dep_ == "pobj" and noun.head.head.lower_ in _CHANGE_HEADS:
            return  # "the rise in the Taiwan dollar, which has eroded …": the rise did, or the
            # dollar? ("the Taiwan dollar has eroded …" was wrong)
        if noun.dep_ == "oprd":
            return  # "passing what he called dangerous legislation that would tie his hands":
            # what the clause says is part of someone's naming, not the writer's fact
        if pronoun.dep_ == "dobj" and noun.dep_ == "pobj" and noun.head.head.pos_ in (
                "NOUN", "PROPN") and not is_person_noun(noun.head.head.lower_):
            return  # "its bid for Getty, which it raised on Monday": the bid was raised, or
            # Getty? Whose object the clause takes is not sure ("[Texaco] raised Getty"); a
            # person's post "of" a company is no such rival ("chief executive of X, which Y
            # controls")
        if noun.ent_type_ in ("DATE", "TIME") and noun.dep_ == "pobj" and (
                noun.pos_ in ("NUM", "PROPN") or not _comma_before(pronoun)):
            return  # "a new policy from April 1 which gives liquidity aid": the policy gives
            # it ("for the 1987/88 season, which begins August 1" is the season's)
        if _partitive(noun) is not noun and not _partitive(noun).like_num:
            return  # "part of its offer, which expired June 26": the offer expired, or the
            # part? (a counted part is the amount: "711,192 of its shares, which …")
        said = relative_report(verb) if pronoun.dep_ == "nsubj" else []
        if said:  # "a report which stated S": S, said by the report
            self.stop |= set(subtree_ids(verb)) - subtree_ids(said[0])
            speaker = [t for t in antecedent if isinstance(t, Token)]
            of = noun.head if noun.dep_ == "pobj" else None
            if of is not None and of.lower_ == "of" and of.head.pos_ == "NOUN":
                # "a study of farm subsidies which shows S": the study shows it
                speaker = [t for t in noun_phrase(of.head, self.stop) if t.i < start]
            for draft in self._told(said[0], "reported"):
                draft.speaker = speaker
            return
        if _number_disagrees(noun, verb, pronoun):
            return
        if pronoun.lower_ == "whose":
            owners = [t for t in antecedent if isinstance(t, Token)]
            if any(t.dep_ in ("cc", "prep") for t in owners):
                return  # "demonstrations by workers and farmers, whose demands …": whose?
            group = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
            if group is not None and (group.tag_ in ("NNS", "NNPS") or group.dep_ == "conj"):
                return  # "the Socialists of premier Craxi, whose row caused …": theirs?
            draft = self._clause(verb, None, "relcl")
            if draft is not None:
                name = mid_sentence(antecedent)
                owner = Insert(name + ("'" if name.endswith("s") else "'s"), (pronoun,))
                _replace(draft.pieces, pronoun, [owner])
            return
        self.stop.add(pronoun.i)
        if pronoun.dep_ in ("nsubj", "nsubjpass"):
            self._clause(verb, antecedent, "relcl")
        elif pronoun.lower_ == "where":
            draft = self._clause(verb, None, "relcl")
            place = [t for t in antecedent if isinstance(t, Token) and not _example(t)]
            if draft is not None:
                draft.pieces.append(Insert("in " + mid_sentence(place), (pronoun,)))
        elif pronoun.dep_ == "dobj":
            draft = self._clause(verb, None, "relcl")
            if draft is not None:
                _insert_after(draft.pieces, verb, antecedent)

    def _descriptive(self, noun: Token, phrase: list[Token], kind: str, passive: bool) -> None:
        """A claim "N is/was …" from a reduced relative ("chaired by X") or an appositive."""
        if not phrase or (passive and (phrase[0].tag_ != "VBN" or not _comma_before(phrase[0]))):
            return
        if any(c.dep_ == "conj" for c in phrase[0].children):
            return  # "developments, announced or unannounced": a description, not an event
        if phrase[0].lower_ in _PREPOSITION_LIKE:
            return  # "a unit, pending divestment of …": a preposition, nothing it is
        if sum(t.like_num for t in self.sent) * 3 > len(self.sent):
            return  # a table's row ("Eurodollar 140,417 100,941 Short sterling 94,720 …")
        if noun.like_num or noun.lower_ in UNITS or noun.ent_type_ in ("DATE", "TIME"):
            return  # "…, or 15 cts a share, earned in …", "the week ended Feb 25": no thing
        inside = {t.i for t in phrase}
        if kind == "appos" and any(t.dep_ == "appos" and t.pos_ == "PROPN" and t.head.i in inside
                                   for t in phrase):
            return  # "Barbar, former chairman of Arsarco Inc <AR>, Roger Birk, …": a list of
            # names read as one description
        if any(c.dep_ == "conj" and c.i < phrase[0].i for c in noun.children):
            return  # "Panhandle Eastern and Distrigas, a subsidiary of Cabot": the last one's
            # description, which the parser hung on the first; never both
        if passive and _inside_relative(noun):
            return  # "a debate on what should be told by borrowers, heightened by …": the
            # debate was heightened; after a relative clause, which noun is meant is not sure
        said = {t.i for t in phrase}
        copula = _copula(noun, past=passive)
        named = _predicate_subject(noun)
        if named is not None:  # "The Logician 386 is a workstation, priced at …": the Logician
            noun, copula = named, _copula(named)
        subject: list[Piece] = list(noun_phrase(noun, self.stop | said))
        if kind == "appos":  # "met Jean Dupont, the French minister, in Paris": the words
            subject = [t for t in subject if t.i < phrase[0].i]  # after it are not the name's
        if not [t for t in phrase if t.i not in self.stop and not t.is_punct]:
            return  # nothing left to say of it ("customers, …, are")
        pieces = [*subject, Insert(copula), *phrase]
        self.drafts.append(Draft(pieces, noun.head, kind, []))


def _inside_relative(noun: Token) -> bool:
    """True for a noun inside a relative clause or a participle phrase ("reporting on trades
    entered by 10:00, designed to …": the capacity is designed, not the trades)."""
    return any(t.dep_ in ("relcl", "acl", "advcl") or t.tag_ == "VBG" for t in noun.ancestors)


def _tells_more(relative: Token) -> bool:
    """True for a relative clause that says something of its own about the noun ("a fire that
    killed one miner"), not one that only says when or which ("strikes which began on Friday")."""
    pronoun = _relative_pronoun(relative)
    if pronoun is None:
        return False
    if _completes_noun(relative, pronoun):
        return False
    if pronoun.lower_ == "whose" or relative_report(relative):
        return True  # "a report which stated S": S is told as a claim of its own
    if pronoun.lower_ == "where" and (_comma_before(relative) or not _generic(relative.head)):
        return True  # "the plant, where 300 people work", "a plant where 300 people work"
    if _generic(relative.head) or relative.head.lower_ in _MANNER_NOUNS:
        return False  # "get tough with countries that violate trade pacts": a kind, no act;
        # "in a way that is not detrimental": how, part of its claim
    if _supposed(relative):
        return False  # "boost the price to a level that would reflect its assets": no such
        # level yet, part of its claim
    noun = relative.head
    if noun.dep_ in ("dobj", "attr") and any(c.dep_ == "neg" for c in noun.head.children):
        return False  # "did not seek rates which favoured its exports", "it was not a sight
        # which inspired confidence": what is denied has no such thing
    if _completes_noun(relative, pronoun):
        return False
    return pronoun.dep_ in ("nsubj", "nsubjpass") and any(
        c.dep_ in ("dobj", "attr", "dative", "acomp", "agent") for c in relative.children
    )


def _whole_name(noun: Token) -> Token:
    """The head of the name a noun ends ("a National Commission on Agricultural Export Policy,
    which recommended …": the commission recommended, not the policy)."""
    name = next((e for e in columns.of(noun.doc).ents if e.start <= noun.i < e.end), None)
    if name is None or name.end - 1 != noun.i or name.root.pos_ not in ("NOUN", "PROPN"):
        return noun
    if name.label_ in ("MONEY", "QUANTITY", "CARDINAL", "PERCENT", "DATE", "TIME"):
        return noun  # "74.86 billion dlrs and broad money, which is …": an amount run on, no name
    return name.root if noun in name.root.subtree else noun


def _supposed(relative: Token) -> bool:
    """A relative clause in the conditional on an indefinite noun: a thing supposed, not one
    that exists ("a level that would reflect its assets")."""
    noun = relative.head
    modal = any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might")
                for c in relative.children)
    indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)
    if modal and indefinite:
        return True
    if modal and noun.dep_ == "dobj" and any(c.dep_ == "aux" and c.lower_ == "to"
                                             for c in noun.head.children):
        return True  # "plans to repurchase stock that would increase financial risk": the
        # plan would, not the stock
    # "trying to write legislation that will be signed": a thing still to be made or done
    future = any(c.dep_ == "aux" and c.tag_ == "MD" for c in relative.children)
    to_be_made = noun.dep_ == "dobj" and noun.head.lower_ in _MAKING and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in noun.head.children)
    definite = any(c.dep_ in ("poss", "det") and c.lower_ not in ("a", "an", "some", "any")
                   for c in noun.children)
    return future and to_be_made and not definite


def _completes_noun(relative: Token, pronoun: Token) -> bool:
    """ "in the hope that will boost prices": a "that" clause says what is hoped, not what the
    hope does; the parser read it as a relative clause."""
    if pronoun.lower_ == "where" and relative.head.lower_ in _STATE_NOUNS:
        return True  # "in a position where they can raise capital": which position it is
    return relative.head.lower_ in _CONTENT_NOUNS and pronoun.lower_ == "that"


def _subject_of_next_verb(relative: Token) -> bool:
    """ "the ruling by the Tribunal that subsidized U.S. corn imports were injurious": a verb
    with a tense and no subject right after the clause says the parser misread a "that"
    clause's subject as a relative clause ("[the Tribunal] subsidized U.S. corn imports")."""
    pronoun = _relative_pronoun(relative)
    if pronoun is None or pronoun.lower_ != "that" or _comma_before(relative):
        return False  # (", which is … deposit rose": a clause whose closing comma is missing)
    after = relative.right_edge.i + 1
    if after >= relative.sent.end or relative.doc[after].tag_ not in FINITE_TAGS:
        return False
    if relative.doc[after - 1].tag_ == "CC":
        return False  # "policies that have become an embarrassment and threatened …": the
        # clause's second verb, hung elsewhere
    verb = relative.doc[after]  # ("… imports were hurting mills": the auxiliary's verb)
    if verb.dep_ in ("aux", "auxpass") and verb.head.i > after:
        verb = verb.head
    return not any(c.dep_ in _SUBJECTS for c in verb.children)


def _generic(noun: Token) -> bool:
    """A bare plural, "any/every/no …" or "anyone": the noun names a kind, not things that
    exist ("anyone who is responsible for that should resign" says no one is)."""
    if noun.lower_ in _ANYONE:
        return True
    dets = [c.lower_ for c in noun.children if c.dep_ == "det"]
    return (noun.tag_ == "NNS" and not dets and not any(
        c.dep_ in ("nummod", "poss", "compound") for c in noun.children)) or bool(
        set(dets) & {"any", "every", "no", "all"})


def _np_cut(tok: Token) -> bool:
    """Parts of a noun phrase left out when it is reused: clauses, appositives, commas."""
    if tok.dep_ == "punct":
        return tok.text in _CUT_PUNCT
    if tok.dep_ == "acl" and _comma_before(tok):
        return True
    if tok.dep_ == "appos" and (_continues_amount(tok) or _place_based(tok)
                                or _parallel_item(tok)):
        return False  # "a 12 mln dlr, one megawatt plant", "Kanata, Ontario based maker"
    return tok.dep_ in _NP_CUT or _is_nested_cut(tok)


def _continues_amount(appos: Token) -> bool:
    """True for an "appositive" right after an amount and a comma ("build a 12 mln dlr, one
    megawatt plant"): the amount and the noun after the comma are one phrase."""
    first = min(subtree_ids(appos))
    doc = appos.doc
    if first < 2 or doc[first - 1].text != ",":
        return False
    before = doc[first - 2]
    return before.lower_ in UNITS and any(c.like_num or c.dep_ in ("nummod", "compound")
                                          for c in before.children)


def _is_question_clause(head: Token) -> bool:
    """True for a quoted question ("“Why pay?” he asked"): nothing is asserted."""
    doc, last = head.doc, max(subtree_ids(head))
    texts = columns.of(doc).strings(ORTH)
    return any(texts[i] == "?" for i in subtree_ids(head)) or any(
        doc[i].text == "?" for i in range(last + 1, min(last + 3, len(doc)))
    )


def _partitive(noun: Token) -> Token:
    """The amount a part is of: "711,192 of its own shares, which …" means the 711,192."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head != prep:
        amount = prep.head
        if amount.like_num or amount.lower_ in ("some", "most", "many", "all", "part", "half"):
            return amount
    return noun


def _singular_relative(relative: Token) -> bool:
    """ "which is", "which has risen", "which was": a relative clause on one thing ("rose"
    could be on two)."""
    if not any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ == "WDT" for c in relative.children):
        return False
    verbs = [relative, *(c for c in relative.children if c.dep_ in ("aux", "auxpass"))]
    return any(v.tag_ == "VBZ" or v.lower_ == "was" for v in verbs)


def _described(relative: Token) -> Token:
    """The noun a relative clause describes: after "A and B, which …" both (the clause hangs on
    B), unless A has a relative clause of its own ("A, which …, and B, which …")."""
    noun = relative.head
    last = next((c for c in reversed(list(noun.children)) if c.dep_ == "conj"
                 and c.right_edge.i < relative.i), None)
    plural = last is not None and last.tag_ in ("NNS", "NNPS") and last.lower_.endswith("s")
    if last is not None and not plural and _comma_before(relative) and (  # ("M-2" is no
            _singular_relative(relative)):  # plural, whatever the tagger says)
        return last  # "74.86 billion dlrs and broad money, which is …": the nearer one
    if noun.dep_ != "conj" or not _comma_before(relative) or not _plural_verb(relative):
        return noun  # "Reagan and Howard Baker, whose appointment won …": Baker's
    first = noun
    while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN"):
        first = first.head
    others = [first, *(c for c in first.subtree if c.dep_ == "conj" and c != noun)]
    if any(c.dep_ == "relcl" for other in others for c in other.children):
        return noun
    return first


def _frame_condition(frame: Frame | None) -> list[Token]:
    """ "If the acquisition is consummated, Ambassador said it agreed to contribute …": a
    condition on the report, before it, is what is reported too; its words and comma, to
    open each claim of the content (without them, the claim asserted what is supposed)."""
    if frame is None or frame.verb is None or frame.contested:
        return []
    doc, start = frame.verb.doc, frame.verb.sent.start
    punct = columns.of(doc).flags(IS_PUNCT)
    for clause in frame.verb.children:  # (opening the sentence: not "…, and could agree then
        # if all are satisfied, they said", nor "While forecasting … if prices fall, X said")
        opens = all(punct[i] for i in range(start, clause.left_edge.i))
        if clause.dep_ == "advcl" and is_condition(clause) and opens:
            words = list(clause.subtree)
            after = clause.right_edge.i + 1
            return words + ([doc[after]] if after < len(doc) and doc[after].text == "," else [])
    return []


def _nearer_noun_before(described: Token) -> bool:
    """ "Production by the company, Taiwan's largest steel maker, …", "Proceeds from the
    bonds, issued …": after a comma, an appositive or participle the parser hung on the
    first noun may as well tell of the noun right before the comma; which is not sure, so
    no claim ("Production [is] Taiwan's largest steel maker" was wrong)."""
    noun, first = described.head, described.left_edge.i
    if first < 2 or described.doc[first - 1].text != ",":
        return False
    return any(pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN")
               and pobj.right_edge.i == first - 2
               for prep in noun.children if prep.dep_ == "prep" and prep.i < described.i
               for pobj in prep.children)


def _nearer_noun_agrees(noun: Token, verb: Token, pronoun: Token) -> bool:
    """ "the fall in base rates, which reached nine pct": the clause the parser hung on "fall"
    may as well tell of "base rates", the noun right before it, unless the verb's number
    decides ("the fall in rates, which has …"); "who" is a person's."""
    if pronoun.lower_ not in ("which", "that"):
        return False
    start = min(subtree_ids(verb))
    nearer = [pobj for prep in noun.children if prep.dep_ == "prep" for pobj in prep.children
              if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN")
              and not (pobj.ent_type_ == "PERSON" or is_person_noun(pobj.lower_))
              and all(t.is_punct for t in verb.doc[pobj.right_edge.i + 1 : start])]
    if not nearer or _amount(noun) and nearer[0].ent_type_ not in ("DATE", "TIME"):
        return False  # ("400 mln dlrs in receivables, which should be paid": the same money;
        # not "five pct in fiscal years 1985/86 and 1986/87, which ended in March")
    if _plural_verb(verb):
        return nearer[0].tag_ in ("NNS", "NNPS")
    if _singular_verb(verb):
        return nearer[0].tag_ in ("NN", "NNP")
    return True


def _singular_verb(verb: Token) -> bool:
    """A verb whose form, or its auxiliary's, says its subject is singular."""
    return verb.tag_ == "VBZ" or any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("is", "was", "has") for c in verb.children)


def _number_disagrees(noun: Token, verb: Token, pronoun: Token) -> bool:
    """ "… forbid the feeding of hormones to cattle, which is also opposed by the U.S.": a
    singular verb cannot tell of a plural noun; the parser hung the clause on the wrong one,
    and which one it tells of is not sure."""
    return pronoun.dep_ in ("nsubj", "nsubjpass") and _plural_refused(noun, verb)


def _plural_refused(noun: Token, verb: Token) -> bool:
    """A plural common noun ("cattle", "banks"; not "data", nor a code like "M-2") as the
    subject of a verb whose form says singular."""
    return (noun.tag_ == "NNS" and noun.is_lower and noun.lower_ not in SINGULAR_PLURALS
            and _singular_verb(verb))


def _maker_of_described(noun: Token, pronoun: Token) -> bool:
    """ "a technology developed by the U.S. firm which uses solar cells": the clause may tell
    of the technology as well as of the firm that developed it; which is not sure."""
    agent = noun.head
    return pronoun.lower_ in ("which", "that") and noun.dep_ == "pobj" and (
        agent.dep_ == "agent" and agent.head.dep_ == "acl")


def _amount(noun: Token) -> bool:
    """ "400 mln dlrs", "5 pct": a noun counted by a number."""
    return noun.like_num or noun.ent_type_ in ("MONEY", "PERCENT", "QUANTITY") or any(
        c.dep_ in ("nummod", "quantmod") for c in noun.children)


def _plural_verb(verb: Token) -> bool:
    """True when a clause's verb (or its auxiliary) agrees with a plural subject."""
    words_ = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
    return any(t.tag_ == "VBP" or t.lower_ in ("were", "are", "have") for t in words_)


def _amount_acting(noun: Token, verb: Token) -> bool:
    """True when a relative clause has an amount ("40 mln dlrs capital") do something to an
    object: an amount owns nothing, the parser hung the clause on the wrong noun."""
    words_ = [c for c in noun.subtree if c.i <= noun.i]
    money = any(c.lower_ in _MONEY_UNITS for c in words_) and any(c.like_num for c in words_)
    counted = money or any(c.ent_type_ in ("MONEY", "PERCENT") for c in words_)
    return counted and any(c.dep_ == "dobj" for c in verb.children)


def _adjacent_antecedent(antecedent: list[Piece], verb: Token) -> bool:
    """True when the relative clause starts right after its noun phrase (a comma between)."""
    words = [t for t in antecedent if isinstance(t, Token)]
    if not words:
        return False
    start = min(subtree_ids(verb))
    gap = verb.doc[max(t.i for t in words) + 1 : start]
    return all(t.is_punct for t in gap)


def trim(head: Token, own: list[Token], limit: int = MAX_WORDS) -> list[Token]:
    """A long claim without its optional asides: fronted phrases, "including …" lists."""
    words = sum(not t.is_punct for t in own)
    if words <= limit:
        return own
    kept = {t.i for t in own}
    for aside in sorted(_asides(head, own), key=lambda t: -len(list(t.subtree))):
        if words <= limit:
            break
        gone = set(subtree_ids(aside))
        after = aside.doc[max(gone) + 1] if max(gone) + 1 < len(aside.doc) else None
        if after is not None and after.lower_ == "being" and after.dep_ == "advcl":
            gone |= subtree_ids(after)  # "for the time being (at least)": all of it
        gone &= kept
        kept -= gone
        words -= len(gone)
    return [t for t in own if t.i in kept]


def _asides(head: Token, own: list[Token]) -> list[Token]:
    """Phrases a long claim can lose without changing what it asserts."""
    subject = subject_of(head)
    found = []
    doc = head.doc
    dep = columns.of(doc).dep
    for tok in own:
        if tok.dep_ != "prep" or tok == head:
            continue
        example = tok.lower_ in _EXAMPLE_PREPS or (
            tok.lower_ == "as" and any(c.lower_ == "such" for c in tok.children)
        )
        fronted = tok.head == head and subject is not None and tok.i < subject.i
        narrowed = any(dep[i] == "relcl" and _relative_pronoun(doc[i]) is not None
                       for i in subtree_ids(tok))  # "in areas where …": which areas, not an aside
        if example or (fronted and not _has_detail(tok) and not narrowed):
            found.append(tok)
    return found


def _has_detail(tok: Token) -> bool:
    """True when a phrase holds a number or a date, which a claim must keep."""
    return any(
        t.like_num or t.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT") for t in tok.subtree
    )


def _frame_tops(sent: Span, frame: Frame | None) -> list[int]:
    """Tokens of the reporting frame, never part of a claim."""
    if frame is None or frame.contested:
        return []
    return sorted(frame.frame)


def _unwrap_expletive(head: Token, context: list[Token]) -> Token:
    """The clause inside an expletive frame that asserts it ("it has been agreed that X",
    "it is clear that X" → X). Not one that denies, doubts or wishes it ("it is false that X",
    "it is vital that X", "it hopes that X"): the frame is then part of the claim."""
    subject = subject_of(head)
    if subject is None or subject.lower_ != "it":
        return head
    clause = next((c for c in head.children if c.dep_ == "ccomp" and mark_of(c) == "that"), None)
    if clause is None or any(c.dep_ == "neg" for c in head.children):
        return head
    predicate = next((c for c in head.children if c.dep_ in ("acomp", "attr")), head)
    if predicate.lower_ not in _ASSERTING_FRAMES:
        return head
    context.extend(t for t in head.subtree if t not in clause.subtree)
    return clause


def _figure_read_as_subject(sent: Span) -> bool:
    """ "Coffee deliveries rose 17 pct and tea deliveries rose four pct", read with "17 pct
    and tea deliveries" as the second verb's subject: split, one claim loses its figure and
    the other starts with it. The sentence is then one claim."""
    cols, doc = columns.of(sent.doc), sent.doc
    dep, heads = cols.dep, cols.heads
    for i in range(sent.start, sent.end):  # (the columns: a Token only for a conjunct's subject)
        if dep[i] not in ("nsubj", "nsubjpass") or dep[heads[i]] != "conj":
            continue
        tok = doc[i]
        first = tok.left_edge
        before = first.doc[first.i - 1] if first.i > sent.start else None
        if first.like_num and before is not None and before == tok.head.head and any(
                t.dep_ == "cc" for t in tok.subtree):
            return True
    return False


def _asks_whether(head: Token) -> bool:
    """True for "it remains to be seen whether …", "it is unclear how …": no assertion."""
    subject = subject_of(head)
    if subject is None or subject.lower_ not in ("it", "time"):
        return False
    words = [t.lower_ for t in head.subtree]
    if any(w in _UNKNOWN for w in words):
        return True
    return any(
        t.lower_ in _UNCERTAIN_MARKS and t.dep_ == "mark" and t.head.dep_ in ("ccomp", "csubj")
        for t in head.subtree
    )


def mark_of(verb: Token) -> str:
    """The subordinating word of a clause ("if", "while", "before"), or ""."""
    return next((c.lower_ for c in verb.children if c.dep_ == "mark"), "")


_SPLIT_DEPS = frozenset({"conj", "advcl"})  # the dependencies _is_split can say yes to


def _is_split(child: Token) -> bool:
    """Coordinated verb phrases, temporal/contrastive clauses and what a clause reports
    ("…, adding that S") become claims of their own (of a conjunct or an adverbial clause
    only: see `_SPLIT_DEPS`)."""
    if reported(child) is not None:
        return True
    if child.dep_ == "conj":
        if _alternative(child):
            return False  # "have mostly fallen or stagnated": neither alone is what is said
        return is_verbal(child) and not any(misread(child) for misread in _NO_SECOND_VERB)
    if child.dep_ == "advcl":
        if mark_of(child) in _WHEN_MARKS and _is_modal(child.head):
            return False  # "will resume payments once the merger is completed": a condition
        if mark_of(child) in _NOT_YET_MARKS and child.tag_ in ("VBP", "VBZ", "VB"):
            return False  # "only a matter of time before we solve it": not solved yet
        if mark_of(child) in _WHEN_MARKS and child.tag_ in ("VBP", "VBZ") and (
                child.head.tag_ not in ("VBP", "VBZ")):
            return False  # "committed itself to prepare a program after the Diet completes
            # action": a present tense under a past or an infinitive is a time still to come
        if mark_of(child) in _DURING_MARKS and _habitual(child.head) and _habitual(child) and (
                mark_of(child) != "while" or child.lower_ in COPULAS):
            return False  # "the rule prohibits purchases while an offer is pending": whenever
            # (not "X puts plantings at 1.8 mln while Y estimates …": two facts)
        if any(c.dep_ == "mark" and c.lower_ in ("if", "though") for c in child.children):
            return False  # "as if all acquisitions had been in place": supposed, not so
        return mark_of(child) in _SEPARATE_MARKS and subject_of(child) is not None
    return False


_ALTERNATIVES = ("or", "nor")  # conjunctions of possibilities, asserted only together


def _alternative(conj: Token) -> bool:
    """True for a conjunct joined by "or"/"nor" ("killed or injured", "did not admit or
    deny"): one of two possibilities, which the sentence asserts only together."""
    head = conj.head
    return any(c.dep_ == "cc" and c.lower_ in _ALTERNATIVES and c.i < conj.i and not any(
        c.i < other.i < conj.i for other in head.children if other.dep_ == "conj")
        for c in head.children)


def _habitual(verb: Token) -> bool:
    """A present tense of an action with no auxiliary ("prohibits", "is pending"): what holds
    whenever, not what happened."""
    if verb.lower_ in COPULAS and not any(c.dep_ == "acomp" and c.tag_ == "VBG"
                                            for c in verb.children):
        return False  # "exports are up while imports are down": two facts
    return verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ in _AUX for c in verb.children)


def _participle_misread(conj: Token) -> bool:
    """ "programs adopted in 1987 had resolved …": the parser made the participle the verb and
    the real verb its conjunct; split, the claim would read "programs adopted in 1987"."""
    verb = conj.head
    between = conj.doc[verb.i + 1 : conj.i]
    if conj.i > verb.i and not any(t.dep_ == "cc" or t.is_punct for t in between):
        return True  # "offering bonds of exchange rate linked securities": no second verb
    unhelped = not any(c.dep_ in _AUX for c in verb.children)
    # (or a past tense right after a bare noun: "Soybean planted acreage, at 56.9 mln acres,
    # would be the smallest": the verb is "would be", "planted" describes the acreage)
    bare = unhelped and (verb.tag_ == "VBN" or verb.tag_ == "VBD" and _bare_noun_before(verb))
    joined = not any(c.dep_ == "cc" for c in verb.children if verb.i < c.i < conj.i)
    helped = any(c.dep_ in ("aux", "auxpass") for c in conj.children if c.i < conj.i)
    if bare and joined and helped and subject_of(conj) is None:
        return True
    # "this was a disincentive to producers, already owed large arrears": the producers are
    # owed, a participle after a comma, not a second thing "this" did (after a passive too:
    # "were not informed of the plan, carried out by aides")
    after_comma = conj.doc[conj.i - 1].text == "," and not any(
        c.dep_ in _AUX for c in conj.children)
    passive = after_comma and any(c.dep_ == "auxpass" for c in verb.children)
    copula = verb.pos_ == "AUX" or verb.lower_ in COPULAS or passive
    return (copula and joined and conj.tag_ in ("VBD", "VBN") and subject_of(conj) is None
            and not any(c.dep_ in ("conj", "cc") for c in conj.children))


def _bare_noun_before(verb: Token) -> bool:
    """A subject right before the verb that is a common noun with no determiner or owner."""
    subject = subject_of(verb)
    return subject is not None and subject.i == verb.i - 1 and subject.pos_ == "NOUN" and not any(
        c.dep_ in ("det", "poss") for c in subject.children)


def _misread_plural(verb: Token) -> bool:
    """ "He expects 5 pct M-1 growth and rises in M-2 of 4 pct": a plural noun the parser
    took for a verb ("rises in", "gains of"); as a claim it would make him rise."""
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return (verb.tag_ == "VBZ" and verb.lower_ in _CHANGE_NOUNS and after is not None
            and after.lower_ in ("in", "of") and subject_of(verb) is None)


def _as_it_stands(verb: Token) -> bool:
    """ "the tax law as it applies to farming", "the plan as they described it": an "as" right
    after a noun, with a pronoun for that noun, narrows the noun; it tells no event."""
    mark = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ == "as"), None)
    if mark is None or mark.i == 0 or mark.doc[mark.i - 1].pos_ not in ("NOUN", "PROPN"):
        return False
    subject = subject_of(verb)
    return subject is not None and subject.lower_ in ("it", "they")


def _is_modal(verb: Token) -> bool:
    """True for a verb under a modal ("will", "may", "could"): what it says has not happened."""
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)


def _number_clash(head: Token, conj: Token) -> bool:
    """True when a coordinated verb's singular form refuses the plural subject it would
    share."""
    subject = subject_of(head)
    return subject is not None and _plural_refused(subject, conj)


def _rejected_alternative(head: Token, conj: Token) -> bool:
    """A conjunct joined by "rather than", "instead of" or "not": what the sentence sets
    aside, never asserted ("must be flexible, rather than refuse to lower its share")."""
    joiners = [c for c in head.children if c.dep_ in ("cc", "preconj", "advmod", "prep")
               and head.i < c.i < conj.i]
    return any(c.lower_ in ("than", "instead", "not") for c in joiners)


def _unit_read_as_interjection(tok: Token) -> bool:
    """ "forecast at 4.73 mln ha": hectares, which the tagger took for "ha!"."""
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    return before is not None and (before.like_num or before.lower_ in _SCALES)


def _without_stranded_comparison(head: Token, own: list[Token]) -> list[Token]:
    """ "… was 12,000 tonnes, giving a final crop total of 7.35 mln tonnes, compared with a
    1984/85 crop of 8.10 mln": a comparison tells of the figure right before it; with that
    left out of the claim, it would compare the wrong one. It goes too."""
    kept = {t.i for t in own}
    words_ = {t.i for t in own if not t.is_punct}
    for child in head.children:
        if child.lower_ not in _COMPARING or child.i not in kept or child.i < head.i:
            continue
        start = child.left_edge.i
        before = max((i for i in words_ if i < start), default=None)
        if before is None:
            continue
        if any(not t.is_punct and t.i not in kept for t in head.doc[before + 1 : start]):
            cut = set(subtree_ids(child))
            own = [t for t in own if t.i not in cut]
    return own


def _framed_after(head: Token, conj: Token) -> bool:
    """True when the frame reporting head comes after its conjunct too ("The Soviet Union also
    produces 99.50 pct, but has declined as an exporter, they said"): the conjunct is part
    of what is reported, never the speakers' own act."""
    top = _first_conjunct(head)
    return top.dep_ == "ccomp" and top.head.i > conj.right_edge.i and (
        _frame_between(head, conj) is None)


def _modifiers_joined_before(head: Token, conj: Token) -> bool:
    """True when the last "and"/"or" between head and its conjunct joins two modifiers of a
    noun that stands before the conjunct ("between sterile and fertile flies will …")."""
    left = conj.left_edge.i
    doc = conj.doc
    cc = next((doc[i] for i in range(left - 1, head.i, -1) if doc[i].pos_ == "CCONJ"), None)
    if cc is None or cc.dep_ != "cc" or cc.head.dep_ not in ("amod", "compound", "nummod"):
        return False
    joined = any(c.dep_ == "conj" and cc.i < c.i < left for c in cc.head.children)
    return joined and cc.i < cc.head.head.i < left


def _orphan_subject(head: Token, conj: Token) -> list[Piece]:
    """Words between "and" and a coordinated verb that the parser hung elsewhere ("… will be
    April 13 and existing shareholders will have …"): the verb's real subject."""
    left = min(subtree_ids(conj))
    doc = conj.doc
    cc = next((i for i in range(left - 1, head.i, -1) if doc[i].pos_ == "CCONJ"), None)
    if cc is None or left - cc < 2:
        return []
    between = list(doc[cc + 1 : left])
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ != "amod" or t.is_punct for t in between):
        return []
    return list(between) if any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in between) else []


def _participle_after_comma(verb: Token) -> bool:
    """ "the prosecutor, also called an independent counsel, has been urging …": a past form
    set off from its subject by a comma is a participle describing it, not its verb."""
    subject = subject_of(verb)
    if subject is None or verb.tag_ != "VBD" or not verb.lower_.endswith("ed"):
        return False
    between = verb.doc[subject.i + 1 : verb.i]  # (not "Prices, however, rallied": an aside)
    return bool(between) and between[0].text == "," and sum(t.text == "," for t in between) == 1


def _whose_misread(head: Token) -> bool:
    """ "Acme, whose chief executive, J. Doe, once ran a bank, said …": the parser read the
    relative clause as an appositive, and its verb as Acme's; whose act it is is not sure. So
    too a "whose" clause the parser left without a verb ("Chile, whose delegate, P. Ruiz,
    resigned …": "Chile resigned")."""
    cols = columns.of(head.doc)
    tag, dep, pos, heads = cols.tag, cols.dep, cols.pos, cols.heads
    return any(tag[i] == "WP$" and (dep[heads[i]] == "appos" or dep[heads[i]] == "relcl"
                                    and pos[heads[i]] in ("NOUN", "PROPN"))
               for i in subtree_ids(head))


def _two_subjects(head: Token) -> bool:
    """True for a verb the parser gave two subjects (a misread sentence): its clause would
    join words that do not go together."""
    subjects = _subjects(head)
    if joined_subjects(head):
        return False
    if len(subjects) < 2 or not _set_off(subjects[0]):
        return len(subjects) > 1
    # a person addressed ("Kristen, New York has lost …"), or a subject taken up again by a
    # pronoun ("our military--they've been voting …"): one clause after all
    pronoun = subjects[1].tag_ == "PRP" or re.split(r"['’]", subjects[1].lower_)[0] in _PRONOUNS
    return not (vocative(head) or pronoun)  # ("they've" the tagger may call a name)


def joined_subjects(verb: Token) -> list[Token]:
    """The words of a coordinated subject the parser split in two ("Higher oil prices and
    stronger than expected U.S. employment growth led to …", read with "prices" and "growth"
    both subjects of "led"): the first ends in "and …", the second follows it, and together
    they run up to the verb. Empty when the verb's subjects are not such a pair."""
    subjects = _subjects(verb)
    if len(subjects) != 2 or subjects[1].i > verb.i:
        return []
    first, second = subjects
    if not any(c.dep_ == "cc" and c.lower_ in ("and", "or") for c in first.children):
        return []
    words_ = sorted({*first.subtree, *second.subtree}, key=lambda t: t.i)
    if words_[-1].i - words_[0].i + 1 != len(words_) or words_[-1].i + 1 != verb.i:
        return []
    return [] if any(t.is_punct for t in words_) else words_


def _subjects(verb: Token) -> list[Token]:
    cols = columns.of(verb.doc)
    dep = cols.dep
    return [verb.doc[c] for c in cols.children[verb.i] if dep[c] in ("nsubj", "nsubjpass")]


def _set_off(first: Token) -> bool:
    """A first subject followed by a comma or a dash."""
    end = max((t.i for t in first.subtree if not t.is_punct), default=first.i)
    after = first.doc[end + 1] if end + 1 < len(first.doc) else None
    return after is not None and after.text in (",", "--", "—", "–")


def vocative(head: Token) -> list[Token]:
    """The words addressing someone before the clause ("Kristen, …"), left out of its claim."""
    subjects = _subjects(head)
    if len(subjects) < 2 or not _set_off(subjects[0]):
        return []
    first = subjects[0]
    words_ = sorted(first.subtree, key=lambda t: t.i)
    named = first.pos_ == "PROPN" and first.ent_type_ in ("PERSON", "")
    at_start = words_[0].i == first.sent.start
    if not (named and at_start and len(words_) <= 3):
        return []
    return [*words_, first.doc[words_[-1].i + 1]]  # and the comma after the name


def _first_conjunct(verb: Token) -> Token:
    """The first of coordinated verbs ("is owned … and has set up … but gave": "is")."""
    while verb.dep_ == "conj" and verb.head != verb:
        verb = verb.head
    return verb


def _speakers_act(head: Token, conj: Token) -> bool:
    """ "It said the bank is owned by X and has set up a branch but gave no more details":
    giving no details, declining or adding is what the speaker did, not the bank."""
    top = _first_conjunct(head)
    reported_above = top.dep_ in ("ccomp", "xcomp") and top.head.lower_ in REPORTING
    if not (reported_above or _frame_between(head, conj) is not None):
        return False
    if conj.lower_ in _SPEAKERS_ACTS:
        return True
    return conj.lower_ in ("gave", "give", "gives") and any(
        c.dep_ == "dobj" and c.lower_ in ("details", "figures") for c in conj.children)


def _frame_between(head: Token, conj: Token) -> Token | None:
    """The reporting verb set between a clause and its conjunct ("S, Androsch said, but
    declined to …"), with a subject of its own."""
    return next((c for c in head.children if c.dep_ == "parataxis" and head.i < c.i < conj.i
                 and c.lower_ in REPORTING and subject_of(c) is not None), None)


def _tense_clash(head: Token, conj: Token) -> bool:
    """True when a coordinated verb cannot share head's subject: a bare past or present tense
    after a progressive ("was running … and vowed"; "was shut … and reopened" shares it)."""
    has_aux = any(c.dep_ == "aux" for c in head.children)
    if has_aux and head.tag_ == "VBG" and conj.tag_ in ("VBD", "VBZ", "VBP"):
        return True
    # "Miller said Reagan would veto the budget -- but offered to compromise": Miller offered
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children if c.i < head.i)
    helped = any(c.dep_ in ("aux", "auxpass") for c in conj.children)
    return modal and head.tag_ == "VB" and conj.tag_ in ("VBD", "VBN") and not helped and (
        conj.lower_ not in PAST_AS_BASE)  # ("would open new markets, set a truer level …")


def _parallels_verb_above(head: Token, conj: Token) -> bool:
    """True when a verb coordinated with a relative clause repeats the auxiliary of the verb
    above the clause's noun, not the clause's own: "had discovered transactions which could
    cost X and had asked …" — "had asked" goes with "had discovered"."""
    noun = head.head
    if head.dep_ != "relcl" or noun.dep_ not in ("dobj", "attr", "pobj"):
        return False
    upper = noun.head.head if noun.dep_ == "pobj" else noun.head
    if upper.pos_ not in _VERBAL:
        return False

    def auxiliaries(verb: Token) -> set[str]:
        return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}

    own = auxiliaries(conj)
    return bool(own) and own == auxiliaries(upper) and own != auxiliaries(head)


def _is_hollow(head: Token, own: list[Token], splits: list[Token]) -> bool:
    """True for "The visit … comes" once its "as …" clause is split off: nothing left to check.
    Only a verb that says no more than that something took place ("comes", "follows",
    "happened"): "The mine was closed" and "Shares fell" are claims of their own."""
    if head.lower_ not in _HOLLOW_VERBS or not any(c.dep_ == "advcl" for c in splits):
        return False
    kept = {t.i for t in own}
    return not any(c.i in kept and c.i > head.i and c.dep_ != "punct" for c in head.children)


def _minor_children(head: Token, splits: list[Token]) -> set[int]:
    """Words that only glue the sentence together: marks, conjunctions, discourse adverbs."""
    minor = set()
    for child in head.children:
        if (
            child.dep_ in ("mark", "parataxis")
            or child.dep_ == "intj" and not _unit_read_as_interjection(child)
            or child.lower_ in _DISCOURSE
            or child.dep_ == "cc"
            and (child.i < head.i or splits and not _joins_kept_conjunct(child, splits))
            or child.dep_ == "relcl"
            or child.dep_ == "appos" and not _object_misread(head, child)
            or _drops_adverbial(child)
            or child.dep_ in ("acl", "xcomp")  # (", carried out by X": no complement)
            and child.tag_ == "VBN"
            and _comma_before(child)
            or _misread_conjunct(head, child)
            or _loose_based_on(child)
            or _opens_the_mark(child)
            or _asks_when(head, child)
            or _report_of_another_verb(child)
        ):
            minor.add(child.i)
    doc, cols = head.doc, columns.of(head.doc)
    kids, dep = cols.children[head.i], cols.dep  # (a Token only for a child the tests read)
    minor |= {c for c in kids if dep[c] == "conj" and _participle_on_the_noun_before(doc[c])
              and _noun_left_out(doc[c], minor, splits)}
    misread = [doc[c] for c in kids if c in minor and _misread_conjunct(head, doc[c])]
    if misread:  # what follows a noun read as a second verb is its clause's ("… will fall to
        # 3.5 pct and the bill rate to drop to 3.75 pct"), not head's, and so is the glue
        # before it (", and also the fourth with a 6.25 pct coupon")
        start = misread[0].left_edge.i
        while start > head.i + 1 and (head.doc[start - 1].dep_ in ("cc", "punct")
                                      or head.doc[start - 1].lower_ == "also"):
            start -= 1
        minor |= {c.i for c in head.children if c.i >= start and c.text not in _CLOSING}
    return minor


def _noun_left_out(participle: Token, minor: set[int], splits: list[Token]) -> bool:
    """Whether the noun a participle describes ("its huge budget deficit, targetted …") is
    in words the claim leaves out; if it is in the claim ("focused on the loading doors, set
    close to water level"), the participle stays beside it."""
    noun, head = participle.doc[participle.i - 2], participle.head
    branch = next((a for a in [noun, *noun.ancestors] if a.head == head and a != head), None)
    return branch is None or branch.i in minor or branch in splits


def _reduced_relative_read_as_verb(head: Token, splits: list[Token]) -> bool:
    """ "The yield on accounts issued this week by SAMA rose 1/8 point", parsed with "issued"
    as the verb and "rose" as its second verb: a bare participle with a subject, no
    auxiliary and a finite verb joined to it describes the subject; its draft ("The yield …
    issued this week by SAMA") is no claim, and the joined verb's is the sentence's."""
    if head.tag_ != "VBN" or subject_of(head) is None or any(
            c.dep_ in ("aux", "auxpass") for c in head.children):
        return False
    return any(c.dep_ == "conj" and c.tag_ in ("VBD", "VBZ", "VBP") and subject_of(c) is None
               for c in splits)  # (split off, so that its claim is made)


def _joins_kept_conjunct(cc: Token, splits: list[Token]) -> bool:
    """ "constrain growth of spreading and of the exchange's contract" (the second "of" read as
    a conjunct of the verb): the "and" before a conjunct that stays in the claim stays too."""
    following = next((c for c in cc.head.children if c.dep_ == "conj" and c.i > cc.i), None)
    return following is not None and following not in splits and (
        not is_verbal(following) or cc.lower_ in _ALTERNATIVES)  # ("fallen or stagnated")


def _report_of_another_verb(child: Token) -> bool:
    """ "rattled the party, which is now regretting it was not as innovative …", parsed with
    "it" as the object of "regretting" and "was not as innovative" as a clause (or a second
    verb) of "rattled": a clause with no subject of its own, right after another verb's
    pronoun object, is that verb's report ("regretting (that) it was …"), never head's."""
    if child.dep_ not in ("ccomp", "conj") or child.tag_ not in FINITE_TAGS or (
            subject_of(child) is not None):
        return False
    first = child.left_edge
    before = child.doc[first.i - 1] if first.i else None
    return (before is not None and before.tag_ == "PRP" and before.dep_ == "dobj"
            and before.head != child.head)


def _object_misread(verb: Token, appos: Token) -> bool:
    """ "The Federation groups all of …": the parser made the verb's object an appositive."""
    objects = {"dobj", "attr", "ccomp", "xcomp", "oprd"}
    return appos.i > verb.i and not any(c.dep_ in objects for c in verb.children)


def _asks_when(head: Token, child: Token) -> bool:
    """ "When the talks failed, …": the parser's adverb "when" is the clause's mark."""
    return (head.dep_ == "advcl" and child.dep_ == "advmod" and child.tag_ == "WRB"
            and child.i == head.left_edge.i)


def _opens_the_mark(child: Token) -> bool:
    """ "Even" in "even though …", "even if …": part of the conjunction left out with it."""
    if child.lower_ != "even":
        return False  # (asked of most children: no Token for the word after)
    after = child.doc[child.i + 1] if child.i + 1 < len(child.doc) else None
    return after is not None and after.dep_ == "mark"


def _example(tok: Token) -> bool:
    """A word of an "including …" list inside a noun phrase."""
    return any(t.dep_ == "prep" and t.lower_ in _EXAMPLE_PREPS for t in [tok, *tok.ancestors])


def _misread_conjunct(head: Token, child: Token) -> bool:
    """A noun the parser coordinated with a verb ("agreed to restore …, Jaish al-Adl, bases
    in …"): no clause, and nothing the claim can say."""
    if child.dep_ != "conj" or head.pos_ not in _VERBAL or child.lower_ in UNITS:
        return False  # "…, or 76 cts a share": a unit misread as a verb belongs to the figure
    if _subject_misread_as_verb(child) or _subject_read_as_verb_and_object(child):
        return True  # "and casting shipments were 83,000": whose figures are not sure
    # (a preposition is a coordinated phrase of the verb: "cut revenues by 2 billion in 1988
    # and by 11 billion over five years"; without it the claim would misstate the figures)
    if child.pos_ in ("ADP", "ADV") or child.tag_ == "IN":  # ("set on, or before, March 9":
        return _opens_next_clause(child)  # "before" read as an adverb: the same verb's phrase)
    return not is_verbal(child) and not _second_half_of_object(child)


def _opens_next_clause(phrase: Token) -> bool:
    """ "authorized purchases of one mln shares and to date, the plan has purchased 100,000":
    a short phrase read as the verb's second one that opens the next clause, after its
    comma ("… one mln shares and to date" was no claim)."""
    doc, after = phrase.doc, phrase.right_edge.i + 1
    if sum(1 for _ in phrase.subtree) > 3 or after + 1 >= len(doc) or doc[after].text != ",":
        return False
    if doc[after + 1].text in _QUOTE_WORDS:
        return False  # ("…, and at least," he said): the quotation's end, not a clause
    return any(t.dep_ in ("nsubj", "nsubjpass") for t in doc[after + 1 : after + 6])


def _second_half_of_object(noun: Token) -> bool:
    """ "in exchange for a note and five mln CXR common shares", parsed with "shares" a
    conjunct of the verb: a noun right after "noun and", with no verb of its own, is that
    phrase's second half and stays in place (cut, the claim said the price bought the note
    alone)."""
    first, doc = noun.left_edge.i, noun.doc
    if noun.pos_ not in ("NOUN", "PROPN") or first < 2:
        return False
    before = doc[first - 2]  # an object's noun, not a time ("3.5 pct today and the rate to
    # drop …": the rate of another clause the parser broke)
    return (doc[first - 1].dep_ == "cc" and before.pos_ in ("NOUN", "PROPN")
            and before.dep_ in ("dobj", "pobj", "attr", "conj", "appos")
            and not any(t.tag_ in FINITE_TAGS for t in noun.subtree))


_QUOTE_WORDS = words('" ” \'\'')


def _asked_about(noun: Token) -> bool:
    """ "declined to specify how much capital Daiwa, the largest dealer, would invest": the
    parser put the question's words into the name, which no appositive claim can start with."""
    return any(t.tag_ in ("WRB", "WP", "WDT") for t in noun.subtree if t.i < noun.i)


def _unjoined_modal(conj: Token) -> bool:
    """ "Watanabe declined to specify how much capital Daiwa, …, would invest in …": a modal
    verb the parser coordinated with a past tense, with no "and" or "but" to join them, is the
    verb of a clause inside, not a second thing the subject did."""
    head = conj.head
    return (head.tag_ == "VBD" and subject_of(conj) is None
            and not any(c.dep_ == "cc" for c in head.children)
            and any(c.dep_ == "aux" and c.tag_ == "MD" for c in conj.children))


def _participle_after_future_passive(conj: Token) -> bool:
    """ "will be manufactured in Canada and installed as Unit Nine": a past tense the tagger
    gave a participle sharing "will be"; split, the claim would say it was installed. (After
    a past passive it may be active: "was arrested and confessed".)"""
    head = conj.head
    return (conj.tag_ == "VBD" and head.tag_ == "VBN" and subject_of(conj) is None
            and not any(c.dep_ in _AUX for c in conj.children)
            and any(c.dep_ == "auxpass" for c in head.children)
            and any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children))


def _report_misread_as_object(conj: Token) -> bool:
    """ "Digital said its policy simplifies the transfer … and includes …": the report's verb
    read as a noun object of "said" (it has an object of its own); a verb joined to "said" is
    then the report's, not the speaker's ("Digital includes …")."""
    verb = conj.head
    return verb.lower_ in REPORTING and any(
        c.dep_ == "dobj" and any(g.dep_ == "dobj" for g in c.children) for c in verb.children)


def _base_form_misread(conj: Token) -> bool:
    """ "has been declared free of tuberculosis and brucellosis from its herds": a noun the
    tagger read as a base-form verb, which no auxiliary of the first verb allows ("has"
    takes a participle); split, it said the state "has brucellosis"."""
    if conj.tag_ != "VB" or subject_of(conj) is not None or any(
            c.dep_ in _AUX for c in conj.children):
        return False
    helpers = [c for c in conj.head.children if c.dep_ in _AUX and c.i < conj.head.i]
    return bool(helpers) and not any(
        c.tag_ in ("MD", "TO") or c.lower_ in ("do", "does", "did", "to") for c in helpers)


def _figure_after_noun_misread(conj: Token) -> bool:
    """ "Pork will rise by 18.8 pct and beef 23.3 pct": a noun read as a base-form verb with
    the figure as its object, the verb left out; split, "Pork will beef 23.3 pct". Kept in
    one claim (so too "will rise by 5 pct and fall 3 pct", which says the same either way)."""
    if conj.tag_ != "VB" or subject_of(conj) is not None:
        return False
    kids = [c for c in conj.children if c.dep_ != "punct"]
    if len(kids) != 1 or kids[0].dep_ != "dobj" or not _amount(kids[0]):
        return False
    unit = kids[0].lower_  # the same unit on both sides: "by 18.8 pct and beef 23.3 pct"
    return any(c.dep_ == "prep" and any(p.lower_ == unit and _amount(p) for p in c.children)
               for c in conj.head.children)


def _one_thing_another(conj: Token) -> bool:
    """ "Assets are one thing, and companies are another": the second half says nothing alone."""
    return any(c.dep_ in ("attr", "dobj") and c.lower_ in ("another", "other") and c.tag_ == "DT"
               for c in conj.children)


def _loose_based_on(child: Token) -> bool:
    """ "will continue its talks and, based on current circumstances, believes …": the parser
    coordinated the phrase with the verb; it frames what follows and tells nothing itself."""
    if child.dep_ != "conj" or child.lower_ != "based" or subject_of(child) is not None:
        return False
    deps = [c.dep_ for c in child.children]
    if any(d in _AUX or d == "dobj" for d in deps) or "prep" not in deps:
        return False  # "are set in London and based on the spot rate": a second predicate
    end = child.right_edge.i + 1
    after = child.doc[end] if end < len(child.doc) else None
    return after is not None and after.tag_ in FINITE_TAGS  # the verb it frames comes next


def _figure_taken_from_preposition(conj: Token) -> bool:
    """ "declined to 216,987 from 257,941 and U.S. truck production totalled …": the parser
    gave "from" no object and made its figure part of the next clause's subject."""
    subject = subject_of(conj)
    if subject is None:
        return False
    first = subject.left_edge
    before = first.doc[first.i - 1] if first.i > 0 else None
    return first.like_num and before is not None and before.dep_ == "prep" and not any(
        c.dep_ == "pobj" for c in before.children)


def _subordinate_misread(conj: Token) -> bool:
    """ "on June 11, the day after the summit ends": a clause with its own subordinating mark
    is no second clause of the sentence, whatever the parser coordinated it with."""
    return any(c.dep_ == "mark" and c.lower_ not in ("that", "whether") for c in conj.children)


def _starts_inside_a_word(conj: Token) -> bool:
    """A second clause that begins in the middle of a written word ("the co-leaders are …"
    read as "… and the co" + "leaders are …"): the parse, not the sentence, has two clauses."""
    first = next((t for t in conj.subtree if not t.is_punct), conj)
    before = conj.doc[first.i - 1] if first.i else None
    return before is not None and not before.whitespace_ and (
        before.is_alpha or before.is_digit or before.text in ("-", "–", "/"))


def _noun_right_before(conj: Token) -> bool:
    """A second verb with no subject, no "and" and no comma before it, right after a noun,
    which the parser joined to the first verb, whose subject it would take: after a relative
    clause left open ("M-2, which is M-1-A plus other deposits fell 439 mln") the verb is the
    clause's noun's; after the first verb's own words ("featured 310 June calls at 124 …
    with 98 June puts at 121") it is a plural noun read as a verb."""
    if subject_of(conj) is not None or _orphan_subject(conj.head, conj):
        return False  # (words right after "and" are the verb's subject: see _orphan_subject)
    first = min(subtree_ids(conj))
    before = conj.doc[first - 1] if first else None
    if before is None or before.pos_ not in ("NOUN", "PROPN", "NUM") or first != conj.i:
        return False
    # the noun ends a relative clause left open ("M-2, which is … deposit fell"), not a phrase
    # of the verb's own ("and based on current prices expects …")
    between = [a for a in before.ancestors if a.i > conj.head.i]
    if any(a.dep_ == "relcl" for a in between):
        return True
    # "with 118 June puts at 122": a plural noun read as a verb, right after the words of
    # the first verb's own phrase
    clauses = ("relcl", "advcl", "ccomp", "xcomp", "conj", "acl", "pcomp", "csubj")
    return conj.tag_ == "VBZ" and not any(a.dep_ in clauses for a in between)

def _participle_on_the_noun_before(conj: Token) -> bool:
    """ "…, helping the government to reduce its huge budget deficit, targetted this year at
    418 billion francs", parsed with "targetted" a second verb of "could raise": a past
    participle right after "noun ,", with no subject, object or clause of its own and no
    "and", describes that noun (the deficit is targetted), and is no second thing the
    subject did ("They targetted …" was wrong). Not a verb of change, which goes on a
    market report's first verb ("opened at 145 yen, climbed to 146")."""
    doc = conj.doc
    if conj.i < 2 or doc[conj.i - 1].text != "," or doc[conj.i - 2].pos_ not in (
            "NOUN", "PROPN"):
        return False
    if conj.tag_ not in ("VBD", "VBN") or conj.lemma_ in ("be", "have") or (
            conj.lower_ in _MOVES) or not (conj.lower_.endswith("ed")
                                          or conj.lower_ in _PARTICIPLE_AS_PAST):
        return False
    if subject_of(conj) is not None or any(c.dep_ in _OWN_CLAUSE for c in conj.children):
        return False
    head = conj.head
    return not any(c.dep_ == "cc" and head.i < c.i < conj.i for c in head.children)


# What a participle of its own would not have: a subject, an object, a clause
_OWN_CLAUSE = frozenset("nsubj nsubjpass expl dobj dative attr acomp ccomp xcomp conj cc".split())
# Irregular verbs whose past tense is their participle ("set close to water level")
_PARTICIPLE_AS_PAST = words("set cut put hit held made sold paid bought brought built kept "
                            "left lost meant met sent spent told won found led read shut")
# Verbs of change, which a market report strings after its first verb with a comma
_MOVES = words("climbed jumped dropped declined advanced increased gained slipped eased edged "
               "closed opened ended finished traded dipped soared plunged rallied surged "
               "tumbled slumped firmed weakened strengthened recovered rebounded lost")


def _subject_read_as_verb_and_object(conj: Token) -> bool:
    """ "…, mill shipments were 435,000 tons and casting shipments were 83,000", read with
    "casting" as a verb and "shipments" its object: the verb after them has no subject, and
    would take the first verb's, with the other figures."""
    if subject_of(conj) is not None or conj.i == 0:
        return False
    before = conj.doc[conj.i - 1]
    verb = before.head
    return (before.dep_ == "dobj" and before.pos_ == "NOUN" and verb.tag_ == "VBG"
            and verb.dep_ == "conj" and verb.head == conj.head and verb.i < conj.i)


def _subject_misread_as_verb(verb: Token) -> bool:
    """The "casting" of "and casting shipments were 83,000": the subject's first word, read
    as a verb whose object is the rest of the subject (see above)."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    after = objects[-1].i + 1 if objects else None
    return (verb.dep_ == "conj" and verb.tag_ == "VBG" and after is not None
            and after < len(verb.doc) and verb.doc[after].dep_ == "conj"
            and _subject_read_as_verb_and_object(verb.doc[after]))


# Conjuncts the parser read as a second verb of the clause, each a misparse it is known to make
# (see each function): such a conjunct stays in the first verb's claim, or gives none.
_NO_SECOND_VERB: tuple[Callable[[Token], bool], ...] = (
    _misread_plural, _participle_misread, _loose_based_on, _one_thing_another, _unjoined_modal,
    _figure_after_noun_misread, _base_form_misread, _report_misread_as_object,
    _participle_after_future_passive, _figure_taken_from_preposition, _subordinate_misread,
    _starts_inside_a_word, _noun_right_before, _report_of_another_verb,
    _subject_read_as_verb_and_object, _subject_misread_as_verb, _participle_on_the_noun_before,
)


_MAY_NEST = frozenset({"conj", "appos", "relcl", "acl", "ccomp"})  # see report_noun too
_NP_CUT_ASKS = _NP_CUT | _MAY_NEST | {"punct", "acl", "appos"}  # all _np_cut may cut


def _is_nested_cut(tok: Token) -> bool:
    """Modifiers inside noun phrases that are told as claims of their own: a relative clause
    set off by a comma ("the strikes, which began …"), not one that says which thing is meant
    ("the ore it imports in 1987/88", "strikes which began over the weekend")."""
    if tok.dep_ not in _MAY_NEST:
        return False  # (asked of every word of a clause: the tests below need one of these)
    if report_noun(tok) is not None:
        return True
    if tok.dep_ == "conj" and tok.pos_ in ("NOUN", "PROPN") and _subject_of_verb_after(tok):
        return True  # "studying the situation and "no resolution" has yet been found": the
        # noun is the next verb's subject, not a second thing studied
    if tok.dep_ == "appos" and tok.head.tag_ == "PRP":
        return False  # "They (the federal government) have …": it says whom; it stays
    if tok.dep_ == "relcl":
        if tok.head.lower_ in _EMPTY_NOUNS and not _comma_before(tok):
            return False  # "there has been nothing that indicates S": the clause is the claim
        if any(c.dep_ == "advcl" and mark_of(c) in CONDITIONAL_MARKS for c in tok.children):
            return False  # "will receive a discount that would be provided if they accept the
            # offer": the condition is the main claim's too; cut off, it would assert more
        if _attached_low(tok) or _subject_of_next_verb(tok):
            return False
        if tok.head.dep_ == "attr" and not _comma_before(tok):
            return False  # "The ideal rate is a rate that will reflect inflation": the clause is
            # what the predicate says; cut off, the claim says nothing ("… is a rate")
        appositive = _after_appositive(tok)
        if appositive is not None:
            return _is_nested_cut(appositive)
        return _comma_before(tok) or _tells_more(tok)
    if tok.dep_ == "appos":
        if _misread_appositive(tok) or _role_named(tok):
            return False
        return _is_descriptive(tok) and not (
            _continues_amount(tok) or _place_based(tok) or _parallel_item(tok))
    if tok.dep_ == "acl" and tok.lower_ in _JOINING and any(
            c.lower_ == "with" for c in tok.children):
        return False  # "That market, coupled with more use of X, should lift sales 10 pct":
        # a second cause of the claim's, not a description of the market
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and _comma_before(tok)


_NAMING = verb_forms(words("name appoint elect promote nominate hire designate")) | words(
    "chose chosen choose chooses")
# Verbs of a "which" that sums up the clause before it ("…, which means S")
_IMPLYING = words("means meant mean implies implied imply suggests suggested suggest indicates "
                  "indicated indicate signals signalled signaled signal")
_JOINING = words("coupled combined together along")  # "…, coupled with": "and"


def _after_appositive(relative: Token) -> Token | None:
    """ "Ivan Herstatt, managing director of the bank when it collapsed, was sentenced", the
    clause hung on the name: right after the name's appositive and before its closing comma,
    it belongs to the appositive, and goes or stays with it."""
    end = relative.right_edge.i + 1
    if end >= len(relative.doc) or relative.doc[end].text != ",":
        return None
    start = relative.left_edge.i
    return next((c for c in relative.head.children
                 if c.dep_ == "appos" and c.right_edge.i + 1 == start), None)


def _told_someone(verb: Token) -> bool:
    """ "senators told him S", "the ministry told his bank S": a report inside a report whose
    teller the outer speaker heard (not "X said Japan has said S": that stays X's report)."""
    return verb.lower_ in ("told", "tells", "tell") and any(
        c.dep_ in ("dobj", "dative") for c in verb.children)


def _object_taken_by_conjunct(verb: Token) -> bool:
    """ "will acquire from X about 88 pct of Y and Z will be entitled to …", parsed with "about
    88 pct of Y and Z" the subject of "will be entitled": the verb left without its object
    and a second verb, joined by no "and", whose subject is an amount, the object misread
    (split, it said "88 pct of Y and Z will be entitled"): no split is sure."""
    if verb.tag_ not in ("VB", "VBZ", "VBP", "VBD") or not any(
            c.dep_ == "prep" for c in verb.children) or any(
            c.dep_ in _OBJECT_DEPS for c in verb.children):
        return False
    for conj in (c for c in verb.children if c.dep_ == "conj"):
        subject = subject_of(conj)
        if subject is None or subject.i > conj.i or not any(
                c.dep_ in ("nummod", "quantmod") for c in subject.children):
            continue
        if not any(c.dep_ == "cc" and verb.i < c.i < subject.left_edge.i for c in verb.children):
            return True
    return False


_OBJECT_DEPS = frozenset({"dobj", "attr", "acomp", "ccomp", "xcomp", "oprd"})


def _conjunct_before(verb: Token) -> Token | None:
    """The noun joined to the object of the clause before that ends right before verb's
    auxiliary and is its subject ("studying the matter and no settlement | has been found"),
    if one surely is: not one joined inside a phrase ("cross-held by institutions and other
    corporations | could have": the holding's phrase is the subject) nor the last of a list
    ("bidding and Filipinos and foreigners | would compete": which of them?)."""
    noun = verb.doc[verb.left_edge.i - 1]
    while noun.dep_ != "conj" and noun.head.i < noun.i and noun.head.right_edge == noun:
        noun = noun.head
    if noun.dep_ == "conj" and noun.pos_ in ("NOUN", "PROPN") and noun.head.dep_ in (
            "dobj", "attr", "oprd") and _subject_of_verb_after(noun):
        return noun
    return None


def _subject_of_verb_after(noun: Token) -> bool:
    """True for a noun right before the auxiliary of a verb that has no subject of its own
    and that the frame's reporting verb governs ("said … and 'no resolution' has been found")."""
    doc = noun.doc
    cols = columns.of(doc)  # (the words after the noun from the columns, not as Tokens)
    punct, texts, dep, tag = cols.flags(IS_PUNCT), cols.strings(ORTH), cols.dep, cols.tag
    if any(dep[c] == "conj" for c in cols.children[noun.i]):
        return False  # (only the last of "east and west and exploration")
    after = noun.right_edge.i + 1
    while after < len(doc) and punct[after] and texts[after] in _QUOTE_MARKS:
        after += 1
    if after >= len(doc) or dep[after] not in ("aux", "auxpass") or tag[after] not in (
            "MD", "VBZ", "VBP", "VBD"):
        return False  # (a finite auxiliary: not the "to" of "urged the union and employers to")
    verb = doc[after].head
    # a second report of the frame, outside the claim (not "it seems likely that the contract
    # will lose interest and volumes will decline": that claim holds "will decline" too)
    return (verb.i > noun.i and noun not in verb.subtree and subject_of(verb) is None
            and verb.head.lower_ in REPORTING)


def _attached_low(relative: Token) -> bool:
    """ "deposits made by a customer on a single day which totaled 10,000 dlrs": a relative
    clause with no comma after the noun of a participle's phrase may tell of the noun the
    participle describes; which one is not sure, so it stays where it was written."""
    noun = relative.head
    prep = noun.head
    return (not _comma_before(relative) and noun.dep_ == "pobj" and prep.dep_ in ("prep", "agent")
            and prep.head.dep_ == "acl" and prep.head.tag_ == "VBN")


def _end_of_first_later_conjunct(head: Token, splits: list[Token]) -> int:
    """Where the first coordinated verb split from head ends: "joining with A, B and C and is
    supported by D, (E), and F": the parser hung "(E)" on "joining"; a word of head's clause
    past that point is not the first verb's to claim (no limit without such a conjunct)."""
    ends = [c.right_edge.i for c in splits if c.dep_ == "conj" and c.left_edge.i > head.i]
    return min(ends, default=len(head.doc))


def _drops_adverbial(child: Token) -> bool:
    """Adverbial clauses left out of the claim: loose participles. A condition ("if …",
    "unless …") stays: without it the claim would assert what the source only supposes."""
    if child.dep_ != "advcl":
        return False
    mark = mark_of(child)
    if mark in CONDITIONAL_MARKS:
        return False
    if child.lower_ == "being" and child.i > 0 and child.doc[child.i - 1].lower_ == "time":
        return False  # "for the time being": no participle, the idiom's last word
    purpose = any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
    # "will buy them when appropriate from Japanese suppliers": a verbless "when"/"where" is a
    # condition too (the parser makes the word an adverb, not a mark)
    asked = any(c.dep_ == "advmod" and c.tag_ == "WRB" and c.i < child.i for c in child.children)
    return not mark and not purpose and not asked and not _subject_taken(child) and (
        subject_of(child) is None)


def _subject_taken(verb: Token) -> bool:
    """ "… teething problems and talks have intensified": a verb whose tensed auxiliary comes
    right after a noun is a clause whose subject the parser took ("and talks"), never a loose
    participle (cut, it left "… past their teething problems and talks")."""
    tensed = [c for c in verb.children if c.dep_ in _AUX and c.tag_ in FINITE_TAGS]
    if not tensed or tensed[0].i == 0:
        return False
    before = verb.doc[tensed[0].i - 1]
    return before.pos_ in ("NOUN", "PROPN") and before.i < verb.i


def _carried_aux(verb: Token) -> list[Piece]:
    """Auxiliaries a coordinated participle shares ("was detained and later freed")."""
    if any(c.dep_ in _AUX for c in verb.children):
        return []
    first = verb.head
    if _tense_clash(first, verb):
        return []  # "would veto … but offered": the offer is the speaker's, and past
    passive = any(c.dep_ == "agent" for c in verb.children)
    by_next = any(c.lower_ == "by" and c.i == verb.i + 1 for c in verb.children)
    if first.lower_ in COPULAS and verb.tag_ in ("VBD", "VBN") and by_next:
        return [first]  # "Quadrex is a broker, … and backed by 40 mln dlrs": is backed
    modals = [c for c in first.children if c.dep_ == "aux" and c.tag_ == "MD" and c.i < first.i]
    if verb.tag_ == "VBP" and not passive:  # "will be issued in francs and carry a coupon":
        # the tagger's present tense, right after the "and" (not "and estimates put …")
        joined = verb.i > 0 and verb.doc[verb.i - 1].dep_ in ("cc", "punct")
        return modals if joined else []
    if verb.tag_ == "VBD" and verb.lower_ in PAST_AS_BASE and modals and not passive:
        return modals  # "would open new markets, set a truer level …": would set
    if verb.tag_ not in ("VBN", "VB") and not passive:
        return []  # a past tense with a by-phrase ("and replaced by X") is a participle too
    carried = [c for c in first.children if c.dep_ in _AUX and c.i < first.i]
    if verb.tag_ == "VB":  # "will be denominated in francs and carry a coupon": will carry
        carried = [c for c in carried if c.dep_ != "auxpass" and c.lower_ not in COPULAS]
    return carried


def headline_verb(sent: Span) -> Token | None:
    """The verb of a headline like "Union to strike …", parsed as a noun with an infinitive."""
    root = sent.root
    if root.pos_ not in ("NOUN", "PROPN") or any(t.tag_ in FINITE_TAGS for t in sent):
        return None
    if root.lower_ in _INTENT_NOUNS:
        return None  # "Air offer to buy 50 pct …": what the offer is, not what it will do
    return next(
        (
            c
            for c in root.children
            if c.dep_ in ("relcl", "acl")
            and c.tag_ == "VB"
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        ),
        None,
    )


def _headline_future(head: Token, pieces: list[Piece], kind: str) -> list[Piece]:
    """Headline and forecast infinitives made future ("Union to strike" → "Union [will]
    strike", "analysts expect prices to rise" → "prices [will] rise")."""
    # (a report's infinitive is future only after a verb that looks ahead: "expect prices to
    # rise", not "found them to be four points ahead")
    ahead = kind == "reported" and head.head.lower_ in _LOOKING_AHEAD
    stated = head.dep_ == "ROOT" or ahead
    headline = kind == "headline" or (stated and subject_of(head) is not None)
    if not headline or head.tag_ != "VB":
        return pieces
    to = next((c for c in head.children if c.dep_ == "aux" and c.lower_ == "to"), None)
    if to is None:
        return pieces
    return [Insert("will", (to,)) if isinstance(p, Token) and p.i == to.i else p for p in pieces]


def _misread_appositive(appos: Token) -> bool:
    """What the parser called an appositive and is none: the object of a verb ("The Federation
    groups all of …"), the words after a ticker, an amount ("cut its rate 0.5 points"), or
    the items of a list ("The disappointment, the frustration, the irritation … have been")."""
    siblings = sum(c.dep_ == "appos" for c in appos.head.children)
    listed = siblings > 1 or appos.head.dep_ == "appos" or any(
        c.dep_ == "appos" for c in appos.children)
    first = min(appos.subtree, key=lambda t: t.i)
    before = appos.doc[first.i - 1] if first.i else None
    # "its third series cumulative convertible preferred stock": a description with nothing
    # setting it off is the same noun phrase, not an appositive
    unset = appos.pos_ == "NOUN" and before is not None and before.text not in ",(–—-:"
    # "priced per CWT, corn yellow grade only": a bare note, not what CWT is
    bare = appos.pos_ == "NOUN" and appos.lower_ not in _PEOPLE and not any(
        c.dep_ in ("det", "poss", "prep") for c in appos.children)
    return (is_verbal(appos.head) or _after_ticker(appos) or _opens_with_number(appos)
            or listed or unset or bare)


def _role_named(appos: Token) -> bool:
    """ "Disney named Robert Fitzpatrick, president of Euro Disneyland": the appositive is the
    post the verb gives him, what the sentence says; cut off, "Disney named Robert Fitzpatrick"
    says nothing, and "Fitzpatrick was president" would tell of a past."""
    holder, verb = appos.head, appos.head.head
    if holder.dep_ != "dobj" or verb.lower_ not in _NAMING:
        return False  # (not "Y, president of Z, was named chairman": his post until now)
    return not any(c.dep_ in ("oprd", "xcomp", "ccomp") or c.dep_ == "prep" and c.lower_ in (
        "as", "to") for c in verb.children)  # "named Y, an associate of Z, to replace him":
    # the post is said apart, and the appositive is a fact of its own


def _opens_with_number(appos: Token) -> bool:
    """ "cut its rate 0.5 percentage points": an amount the parser hung on a noun, no name."""
    return min(appos.subtree, key=lambda t: t.i).like_num


def _after_ticker(appos: Token) -> bool:
    """ "five McDonnell Douglas Corp <MD.N> MD-11 airliners": the ticker misled the parser into
    an appositive; the words after it go on with the phrase."""
    first = min(appos.subtree, key=lambda t: t.i)
    before = appos.doc[first.i - 1] if first.i else None
    return any(is_ticker(t.text) for t in (first, before) if t is not None)


def _is_fact_appositive(appos: Token) -> bool:
    """An appositive worth a claim: a description, not a bare name, age or number, an alias in
    brackets, a list, or a person's title given to a thing (a misread parse)."""
    if any(t.tag_ in ("WP$", "WP", "WDT") for t in appos.subtree):
        return False  # "Acme, whose chief, J. Doe, ran …": a relative clause misread
    if _misread_appositive(appos) or appos.like_num or appos.ent_type_ in (
            "CARDINAL", "DATE", "QUANTITY", "PERCENT", "MONEY"):
        return False  # ("London … owns 50 pct, Canadian Worldwide 25 pct": a list, not a name)
    if _continues_amount(appos) or _place_based(appos):
        return False
    if _parallel_item(appos):
        return False  # "… with Rhone-Poulenc, packaging technology with Pechiney": a list
    if appos.lower_ in UNITS or any(t.ent_type_ in ("PERCENT", "MONEY") for t in appos.subtree):
        return False  # "…, Canadian Worldwide 25 pct, …": a share in a list, no description
    first_word = min(appos.subtree, key=lambda t: t.i)
    if first_word.pos_ == "ADV":
        return False  # "achievements, particularly the recovery …": an example, not a name
    first = min(subtree_ids(appos))
    if first and appos.doc[first - 1].text == "(" or any(c.dep_ == "conj" for c in appos.children):
        return False
    noun = appos.head
    if noun.lower_ in UNITS or noun.like_num or noun.ent_type_ in ("MONEY", "PERCENT", "QUANTITY"):
        return False  # "16.85 dlrs a bbl", "two cts a share": a rate, not a description
    if any(c.lower_ in ("both", "either") for c in noun.children) or (
            appos.tag_ in ("NNS", "NNPS") and noun.tag_ in ("NN", "NNP")
            and any(t.dep_ == "cc" for t in appos.subtree)):
        return False  # "Both Sears and Kellwood Co, a Sears supplier": which one is? "with X,
        # the Union County Medical Society and physicians": a list, not what X is
    own = set(subtree_ids(appos))
    if first - max(t.i for t in noun.subtree if t.i not in own) > 2:
        return False  # "nations are expected to grow 3.5 pct this year, the fastest rate …":
        # a description set far from its noun, past a clause, is the parser's guess
    if appos.lower_ in _PERSON_TITLES and noun.ent_type_ not in ("PERSON", ""):
        return False
    if _is_people(appos) and noun.pos_ == "NOUN" and not _is_people(noun):
        return False
    last = max(subtree_ids(appos))
    after = appos.doc[last + 1] if last + 1 < len(appos.doc) else None
    if _split_word(first_word) or _split_word(after):
        return False
    if any(t.lower_ == "based" or t.lower_.endswith("-based")
           for t in appos.doc[last + 1:last + 5]):
        return False  # "president of Palo Alto, Calif.-based Adobe": the place is Adobe's
    owned = any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in appos.children)
    if owned and noun.ent_type_ != "PERSON":
        return False  # "Trois-Rivieres, its Laurentide mill …": a list the parser misread
    if noun.ent_type_ in ("GPE", "LOC", "FAC") and not _is_descriptive(appos):
        return False
    return _is_descriptive(appos) and len(list(noun_phrase(noun))) <= 6


def _is_people(noun: Token) -> bool:
    """ "economists", "a spokesman": people by a title or trade (the pipeline has no
    lemmatiser: a plural is its singular and an "s")."""
    word = noun.lower_
    return word in _PEOPLE or word.endswith("s") and word[:-1] in _PEOPLE


def _parallel_item(appos: Token) -> bool:
    """True for an "appositive" that repeats its anchor's preposition: the next item of a
    list ("discussed X with A, Y with B"), not a description of A."""
    anchor = appos.head
    prep = anchor.head if anchor.dep_ == "pobj" else None
    return prep is not None and any(
        t.dep_ == "prep" and t.lower_ == prep.lower_ for t in appos.subtree)


def _place_based(appos: Token) -> bool:
    """ "The Kanata, Ontario based maker": a place's province before "based", not a
    description of the place before the comma."""
    return any(t.lower_ == "based" for t in appos.subtree) and any(
        t.ent_type_ == "GPE" for t in appos.subtree)


def _split_word(tok: Token | None) -> bool:
    """True beside a hyphen inside a word ("vice-president" parsed as three appositives): a
    part of the word would be a claim that says something else ("[is] president")."""
    if tok is None:
        return False
    doc = tok.doc
    before = doc[tok.i - 1] if tok.i else None
    if tok.text in ("-", "–"):
        return not tok.whitespace_ or (before is not None and not before.whitespace_)
    return before is not None and before.text in ("-", "–") and not before.whitespace_


def _has_clause(noun: Token) -> bool:
    """True when a noun's meaning rests on a clause of its own ("a move that …")."""
    return any(c.dep_ in ("relcl", "acl", "advcl") for c in noun.children)


def _is_descriptive(appos: Token) -> bool:
    """A describing appositive ("a former Olympian"), not an alternative name or title."""
    if appos.pos_ in ("NOUN", "ADJ"):
        return True
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in appos.children)


def _comma_before(tok: Token) -> bool:
    first = min(subtree_ids(tok))
    return first > 0 and tok.doc[first - 1].text == ","


def _predicate_subject(noun: Token) -> Token | None:
    """The subject a predicate noun describes: "X is a workstation" → X (a description of the
    workstation describes X; "a workstation [was] priced at …" would lose what it is)."""
    verb = noun.head
    if noun.dep_ != "attr" or verb.lower_ not in ("is", "are", "was", "were", "'s", "be"):
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj" and (
        c.pos_ in ("NOUN", "PROPN") or c.ent_type_ == "PRODUCT")), None)  # "The Logician 386"


def _copula(noun: Token, past: bool = False) -> str:
    """The copula fitting the noun's number and its verb's tense."""
    verb = noun.head
    past = (
        past or verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in verb.children if c.dep_ in _AUX)
    )
    plural = noun.tag_ in ("NNS", "NNPS")
    return ("were" if plural else "was") if past else ("are" if plural else "is")


def _relative_pronoun(verb: Token) -> Token | None:
    """The relative pronoun of a relative clause: a child of its verb, or "whose" on its subject."""
    for child in verb.children:
        if child.lower_ in _REL_PRONOUNS and child.tag_ in ("WDT", "WP", "WP$", "WRB", "IN"):
            return child
        whose = next((g for g in child.children if g.lower_ == "whose"), None)
        if whose is not None:
            return whose
    return None


def _subject_for_pronoun(
    pieces: list[Piece], noun: Token, pronoun: Token, stop: set[int]
) -> list[Piece]:
    """The clause with its set-apart subject in the place of the pronoun that took it up:
    "[The banks] face big losses" (the subject's relative clause is a claim of its own)."""
    phrase = noun_phrase(noun, stop)
    gone = set(range(min(subtree_ids(noun)), pronoun.i))
    kept = [p for p in pieces if not (isinstance(p, Token) and p.i in gone)]
    _replace(kept, pronoun, [Insert(render(phrase, capitalise=False), (pronoun,))])
    return kept


def _replace(pieces: list[Piece], token: Token, words: list[Piece]) -> None:
    """Put words in the place of one token (when it is among the pieces)."""
    at = next((i for i, p in enumerate(pieces) if isinstance(p, Token) and p.i == token.i), None)
    if at is not None:
        pieces[at : at + 1] = words


def _insert_after(pieces: list[Piece], verb: Token, words: list[Piece]) -> None:
    """Put words right after the verb (and its particle): the object a pronoun stood for."""
    at = next(
        (i for i, p in enumerate(pieces) if isinstance(p, Token) and p.i == verb.i), len(pieces) - 1
    )
    while (
        at + 1 < len(pieces) and isinstance(pieces[at + 1], Token) and pieces[at + 1].dep_ == "prt"
    ):
        at += 1
    pieces[at + 1 : at + 1] = words


def split_sentence(sent: Span, frame: Frame | None) -> list[Draft]:
    """Claim drafts for one sentence, the reporting frame (if any) left out."""
    reported = frame.content if frame is not None and not frame.contested else None
    gapped = gapped_drafts(sent, reported)
    return gapped if gapped is not None else _Splitter(sent, frame).run()


def whole_content(sent: Span, frame: Frame | None) -> Draft | None:
    """The sentence as one claim, its reporting frame and leading glue ("But", "and") left
    out: what a reviewer gets when no split reads as a sentence."""
    stop = set(_frame_tops(sent, frame))
    roots = frame.content if frame is not None and not frame.contested else [sent.root]
    pieces = [t for t in sent if t.i not in stop and not t.is_space]
    while pieces and (pieces[0].is_punct or pieces[0].dep_ == "cc" or (
            pieces[0].dep_ == "mark" and pieces[0].lower_ == "that")):
        pieces.pop(0)  # (not "Unless …, China will …": the condition is what it says)
    return Draft(list(pieces), roots[0], "whole", []) if pieces else None

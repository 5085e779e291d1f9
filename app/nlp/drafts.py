"""A claim under construction: the sentence's words it keeps, in order, plus inserted words.

Faithful by construction: a claim is made of tokens of its sentence and of `Insert`s, the only
words the extractor adds. An insert is always shown in square brackets ("[Avon] identified …"),
Claimify's convention, and remembers the source words it stands for, so a reviewer can see what
was added and what it replaced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.attrs import IS_PUNCT, IS_SPACE, ORTH, SENT_START, SPACY
from spacy.tokens import Doc, Span, Token

from app.nlp import columns
from app.nlp.columns import subtree_ids
from app.nlp.lexicon import FINITE_TAGS, PAST_AS_BASE


@dataclass(frozen=True, slots=True)
class Insert:
    """Context the extractor adds to a claim, with the source words it stands for (if any)."""

    text: str
    replaces: tuple[Token, ...] = ()
    verbal: bool = False  # the words hold the claim's verb ("London [is down] 10 pct")

    def __post_init__(self) -> None:
        # a name broken over a line ("Walt\nDisney") is inserted on one line
        object.__setattr__(self, "text", " ".join(self.text.split()))

    def __str__(self) -> str:
        return f"[{self.text}]"


Piece = Token | Insert
_QUOTES = frozenset("\"“”‘’'«»")
_EDGE_PUNCT = frozenset(",;:-–—.!?()[]") | _QUOTES | {"--"}
_DASHES = frozenset({"--", "—", "–"})
_CLOSING_MARKS = _DASHES | {")"}  # what _without_empty_brackets may take out


@dataclass(slots=True)
class Draft:
    """Words of one claim (tokens of its sentence or inserted strings) and where it came from."""

    pieces: list[Piece]
    head: Token
    kind: str = "main"
    context: list[Token] = field(default_factory=list)
    own_voice: bool = False
    speaker: list[Token] | None = None  # a clause's own source ("…, and X told reporters S")
    rumoured: bool = False  # told as a rumour or speculation: uncertain whoever repeats it
    span: list[Token] = field(default_factory=list)
    entities: list[dict[str, str]] = field(default_factory=list)

    @property
    def tokens(self) -> list[Token]:
        """The sentence tokens the claim keeps, in document order."""
        return sorted((p for p in self.pieces if isinstance(p, Token)), key=lambda t: t.i)


_FINITE_INSERTS = frozenset({"is", "was", "are", "were", "will", "has", "have", "had"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


def reads_as_sentence(draft: Draft) -> bool:
    """True when a claim has a finite verb with something before it that can be its subject.

    "The Federation groups" (a misread verb), "are under development" (a lost subject) and
    "Oper shr loss" are fragments, which a reviewer cannot check as written.
    """
    pieces = _without_held_relatives(draft.pieces)
    if not any(_is_finite(p) for p in pieces):  # the claim is the relative clause's own
        pieces = draft.pieces  # ("[The museum] attracted 800,000 visitors")
    verb_at = next((i for i, p in enumerate(pieces) if _is_finite(p)), None)
    if verb_at is None:
        return False
    verb = pieces[verb_at]
    opening = pieces[:verb_at]
    if any(isinstance(p, Token) and p.tag_ in ("WDT", "WP") and p.dep_ != "det" for p in opening):
        return False  # "of which 8.8 mln represented merger costs": a relative clause's words
    asked = all(isinstance(p, Token) and p.tag_ in ("WRB", "WP", "RB") for p in opening)
    if isinstance(verb, Token) and verb.dep_ == "aux" and asked:  # "(Why) did the deficit …?"
        for piece in pieces[verb_at + 1 :]:  # a subject before the main verb, unlike
            if isinstance(piece, Token) and piece.pos_ in ("VERB", "AUX"):  # "Will repurchase"
                return False
            if _nominal(piece):
                return True
        return False
    return any(_nominal(p) for p in opening)


def _without_held_relatives(pieces: list[Piece]) -> list[Piece]:
    """The pieces without relative clauses on nouns the claim keeps before them: "companies
    that are already here, they'll leave" reads as a sentence by "leave", not by "are"."""
    held = {p.i for p in pieces if isinstance(p, Token)}
    spans = [(p.left_edge.i, p.right_edge.i) for p in pieces if isinstance(p, Token)
             and p.dep_ == "relcl" and p.head.i in held and p.head.i < p.left_edge.i]
    if not spans:
        return pieces
    return [p for p in pieces
            if not (isinstance(p, Token) and any(lo <= p.i <= hi for lo, hi in spans))]


def _is_finite(piece: Piece) -> bool:
    """A finite verb; also a past or present tense the tagger took for a participle or a base
    form ("the agency approved", "Germany and France hold")."""
    if isinstance(piece, Insert):
        return piece.verbal or piece.text in _FINITE_INSERTS
    if piece.tag_ in ("VBN", "VB"):  # "the agency approved …", "Germany and France hold …"
        deps = {c.dep_ for c in piece.children}
        if piece.tag_ == "VB" and _past_conjunct(piece, deps):
            return True
        return "nsubj" in deps and not deps & {"aux", "auxpass"} and _subject_next_to(piece)
    return piece.tag_ in FINITE_TAGS


def _past_conjunct(verb: Token, deps: set[str]) -> bool:
    """ "Prices cut farm incomes and hurt rural lenders": a past tense joined to a past
    tense, which the tagger read as a base form ("hurt", "set", "put" are both)."""
    if verb.dep_ != "conj" or verb.lower_ not in PAST_AS_BASE or deps & {"aux", "auxpass",
                                                                           "nsubj"}:
        return False
    first = verb.head  # all the way up: not "would open …, set … and increase …"
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    if first.tag_ != "VBD" or any(c.dep_ in ("aux", "auxpass") for c in first.children):
        return False
    return not any(t.tag_ == "VB" and any(c.dep_ == "aux" for c in t.children)
                   for t in verb.doc[first.i + 1 : verb.i])  # "Tokyo promised measures to
    # boost demand, increase imports and cut its surplus": the cut is promised, not made


def _subject_next_to(verb: Token) -> bool:
    """A subject right before the participle, adverbs aside: the parser reads a verb in
    "the agency approved", not in "Goldman said it offers exchange rate linked securities"."""
    subject = next(c for c in verb.children if c.dep_ == "nsubj")
    end = max(subtree_ids(subject))
    return end < verb.i and all(t.pos_ == "ADV" for t in verb.doc[end + 1 : verb.i])


def _nominal(piece: Piece) -> bool:
    if isinstance(piece, Insert):
        return not piece.verbal and piece.text not in _FINITE_INSERTS
    return piece.pos_ in _NOMINAL or piece.tag_ in ("EX", "PRP", "DT") and piece.dep_ != "det"


def _is_punct(piece: Piece) -> bool:
    return isinstance(piece, Token) and piece.text in _EDGE_PUNCT


def tidy(pieces: list[Piece]) -> list[Piece]:
    """Pieces without dangling punctuation: none at the edges, no doubled commas, no lone quotes."""
    quotes = {p.i for p in pieces  # a possessive "'" ("Gates' future") is no quotation mark
              if isinstance(p, Token) and p.text in _QUOTES and p.tag_ != "POS"}
    lone = len(quotes) % 2 == 1
    out = [p for p in pieces if not (lone and isinstance(p, Token) and p.i in quotes)]
    out = _without_empty_brackets(out)
    while out and _is_punct(out[0]) and out[0].text not in "([":
        out.pop(0)
    if len(out) > 1 and isinstance(out[0], Token) and out[0].lower_ == "that" and (
            out[0].tag_ == "IN"):
        out.pop(0)  # "that [the Bank of Japan] was planning …", the parser's "that" hung on
        # a verb of the clause it opens: a claim is a sentence, no subordinate clause
    while out and (_is_punct(out[-1]) and out[-1].text not in ")]" or _is_conjunction(out[-1])
                   or isinstance(out[-1], Token) and out[-1].text == "<"):  # a ticker cut off
        out.pop()
    return [p for i, p in enumerate(out) if not (_is_comma(p) and _is_loose(out, i))]


def whole_words(pieces: list[Piece]) -> list[Piece] | None:
    """Pieces with every written word whole, or None when that cannot be.

    A cut that took part of a word ("Pony Excel sub-compact" read as "Pony Excel -compact")
    gets the word's missing parts back, in place. A missing part that heads words of its own
    ("Goldman Sachs and Merrill Lynch co-managed the deal" parsed as "co" and "managed the
    deal") would come back without them: the parse split the word, and the claim is dropped.
    A word is a run of tokens with no space between them; its punctuation at either end
    ("U.S.,", "(around") may go, its letters and digits may not.
    """
    kept = {p.i: p for p in pieces if isinstance(p, Token)}
    if not kept:
        return pieces
    covered = set(kept) | {t.i for p in pieces if isinstance(p, Insert) for t in p.replaces}
    missing: list[Token] = []
    sent = next(iter(kept.values())).sent
    cols = columns.of(sent.doc)
    punct, space, kids = cols.flags(IS_PUNCT), cols.flags(IS_SPACE), cols.children
    for word in _written_words(sent):  # (positions from the columns: a Token only if lost)
        if len(word) == 1:
            continue  # (a word of one token is kept whole or left out whole)
        core = [i for i in word if not (punct[i] or space[i])]
        if any(i in kept for i in core) and any(i not in covered for i in core):
            inner = word[word.index(core[0]) : word.index(core[-1]) + 1]
            lost = [i for i in inner if i not in covered]
            in_word = set(word)
            if any(c not in in_word for i in lost for c in kids[i]):
                return None
            missing.extend(sent.doc[i] for i in lost)
    return _placed(list(pieces), missing) if missing else pieces


def _written_words(sent: Span) -> list[list[int]]:
    """The positions of the sentence's tokens grouped as written: a new word after each space,
    and on either side of a dash or an ellipsis ("raised...I would", "budget--we"); the last
    sentence's are kept (each of its drafts asks), and must not be changed."""
    global _last_words
    doc, start, end = sent.doc, sent.start, sent.end
    kept = _last_words  # read once: another thread may replace it meanwhile
    if kept is not None and kept[0] is doc and kept[1:3] == (start, end):
        return kept[3]
    words = _grouped_as_written(doc, start, end)
    _last_words = (doc, start, end, words)
    return words


_last_words: tuple[Doc, int, int, list[list[int]]] | None = None


def _grouped_as_written(doc: Doc, start: int, end: int) -> list[list[int]]:
    """`_written_words` of the tokens from `start` to `end`, worked out."""
    cols = columns.of(doc)
    texts, spaced = cols.strings(ORTH), cols.flags(SPACY)
    words: list[list[int]] = []
    for i in range(start, end):
        joined = words and not spaced[i - 1]
        if joined and not (_separates(texts[i]) or _separates(texts[i - 1])):
            words[-1].append(i)
        else:
            words.append([i])
    return words


def _separates(text: str) -> bool:
    return text in ("--", "—", "…") or text.startswith("..")


def _placed(pieces: list[Piece], missing: list[Token]) -> list[Piece]:
    """`pieces` with each missing token next to a neighbour of its word already there."""
    left = list(missing)
    while left:
        placed = {p.i: n for n, p in enumerate(pieces) if isinstance(p, Token)}
        for tok in left:
            if tok.i + 1 in placed:
                pieces.insert(placed[tok.i + 1], tok)
            elif tok.i - 1 in placed:
                pieces.insert(placed[tok.i - 1] + 1, tok)
            else:
                continue
            left.remove(tok)
            break
        else:  # no neighbour at all: cannot happen for a word with a kept part
            break
    return pieces


def _without_empty_brackets(pieces: list[Piece]) -> list[Piece]:
    """ "a deal ()", "the dispute -- -- was": brackets, or a pair of dashes, whose words were
    taken out go too, and so does a closing bracket whose opening was taken out."""
    if not any(isinstance(p, Token) and p.text in _CLOSING_MARKS for p in pieces):
        return list(pieces)  # (most claims: nothing below can go)
    opened = {p.i for p in pieces if isinstance(p, Token) and p.text == "("}
    out: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, Token) and piece.text == ")" and not any(i < piece.i for i in opened):
            continue  # "Geneva, headquarters of the GATT (GATT)," cut before its "("
        last = out[-1] if out and isinstance(out[-1], Token) else None
        closing = isinstance(piece, Token) and last is not None and (
            piece.text == ")" and last.text == "("
            or piece.text in _DASHES and last.text in _DASHES and piece.i > last.i + 1)
        if closing:
            out.pop()
        else:
            out.append(piece)
    return out


def _is_conjunction(piece: Piece) -> bool:
    return isinstance(piece, Token) and piece.pos_ == "CCONJ"


def _is_comma(piece: Piece) -> bool:
    return isinstance(piece, Token) and piece.text in ",;"


def _is_loose(pieces: list[Piece], i: int) -> bool:
    """A comma left over from words taken out: a gap beside it, or punctuation next to it."""
    comma, after = pieces[i], pieces[i + 1] if i + 1 < len(pieces) else None
    before = pieces[i - 1] if i else None
    if after is None or (_is_punct(after) and str(after) not in '([“"'):
        return True
    if _adjacent(before, comma) and _ends_condition(before):
        return False  # "If the talks fail, [the union] would strike": the frame between
    return not (_adjacent(before, comma) and _adjacent(comma, after))


def _ends_condition(piece: Piece | None) -> bool:
    """True for the last word of an "if"/"unless" clause."""
    if not isinstance(piece, Token):
        return False
    clause = next((a for a in [piece, *piece.ancestors] if a.dep_ == "advcl"), None)
    return clause is not None and clause.right_edge == piece and any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children)


def _adjacent(left: Piece | None, right: Piece | None) -> bool:
    """True for pieces next to each other in the source (an insert stands where the words it
    replaces were: "1986, [Decision Industries Corp] earned" keeps its comma)."""
    left_end, right_start = _source_index(left, -1), _source_index(right, 0)
    return left_end is not None and right_start is not None and right_start == left_end + 1


def _source_index(piece: Piece | None, end: int) -> int | None:
    if isinstance(piece, Token):
        return piece.i
    if isinstance(piece, Insert) and piece.replaces:
        return piece.replaces[end].i
    return None


def render(
    pieces: list[Piece], *, capitalise: bool = True, parts: list[str] | None = None
) -> str:
    """The claim text: original spacing between adjacent tokens, single spaces elsewhere
    (`parts`: the pieces' `rendered_parts`, when the caller has them already)."""
    text = "".join(_parts(pieces) if parts is None else parts).strip()
    return text[:1].upper() + text[1:] if capitalise else text


def rendered_parts(pieces: list[Piece]) -> list[str]:
    """What `render` and `provenance` both read of a claim's pieces, worked out once for both."""
    return _parts(pieces)


def _parts(pieces: list[Piece]) -> list[str]:
    """Each piece's text followed by the gap after it, in order (two strings a piece).

    Runs of spaces and line breaks read as one space, none at the start: a claim is one line
    whatever the layout of its source.
    """
    parts: list[str] = []
    spaced = True  # as if after a space: nothing may start the claim with one
    # (tokens' text, spacing and tags from their paragraph's columns, read once a call: a
    # claim is rendered twice and each piece's attributes read several times)
    doc = read = None
    last = len(pieces) - 1
    for i, piece in enumerate(pieces):
        if isinstance(piece, Insert):
            word = str(piece)
        else:
            if piece.doc is not doc:
                doc = piece.doc
                read = _Read.of(doc)
            at = piece.i
            word = read.texts[at]
            if i and read.starts[at] == 1 and read.lowercase_inside(at):
                word = word[:1].lower() + word[1:]
        if i == last:
            gap = ""
        else:
            after = pieces[i + 1]
            if isinstance(piece, Token) and isinstance(after, Token) and after.i == at + 1 and (
                    after.doc is doc):
                gap = " " if read.spaced[at] else ""
            else:
                gap = _gap(piece, after)
        for text in (word, gap):
            if text.isspace():
                text = "" if spaced else " "
            parts.append(text)
            spaced = text.endswith(" ") if text else spaced
    return parts


def provenance(
    pieces: list[Piece], offset: int, parts: list[str] | None = None
) -> tuple[list[list[int]], list[dict]]:
    """Where a rendered claim's words come from: document character ranges of its source words
    (claim order, adjacent tokens merged) and its inserts with what they replace.

    `offset` is the document offset of the parsed text the tokens index into; `parts` the
    pieces' `rendered_parts`, when the caller has them already.
    """
    spans: list[list[int]] = []
    inserts: list[dict] = []
    at, previous = 0, None
    parts = _parts(pieces) if parts is None else parts
    for i, piece in enumerate(pieces):
        if isinstance(piece, Insert):
            inserts.append(_insert_record(piece, at, offset))
        elif _adjacent(previous, piece) and spans:
            spans[-1][1] = offset + piece.idx + len(piece.text)
        else:
            spans.append([offset + piece.idx, offset + piece.idx + len(piece.text)])
        previous = piece
        at += len(parts[2 * i]) + len(parts[2 * i + 1])
    return spans, inserts


def _insert_record(insert: Insert, at: int, offset: int) -> dict:
    """An insert as the export shows it: its words, where it sits, what it stands for."""
    record: dict = {"text": insert.text, "at": at, "replaces": None, "start": None, "end": None}
    if insert.replaces:
        first, last = insert.replaces[0], insert.replaces[-1]
        start, end = first.idx, last.idx + len(last.text)
        words = first.doc[first.i : last.i + 1].text
        record.update(replaces=words, start=offset + start, end=offset + end)
    return record


def mid_sentence(pieces: list[Piece]) -> str:
    """The words as they read inside a sentence: "The foreign office" → "the foreign office"."""
    text = render(pieces, capitalise=False)
    first = pieces[0] if pieces else None
    # (a capitalised plural inside a sentence is a name the tagger misread: "…," Byers said)
    common = isinstance(first, Token) and (first.pos_ in ("DET", "NUM") or first.tag_ == "NNS"
                                           and (first.is_sent_start or not first.is_title))
    if common and isinstance(first, Token) and first.ent_type_ == "":
        return text[:1].lower() + text[1:]
    return text


class _Read:
    """What `_parts` reads of a doc's tokens, from its columns."""

    __slots__ = ("cols", "spaced", "starts", "texts")
    _last: _Read | None = None  # the last doc's: claims and mentions are rendered doc by doc

    @classmethod
    def of(cls, doc: Doc) -> _Read:
        """The doc's reading, kept for the last doc asked about."""
        found = cls._last
        if found is None or found.cols.doc is not doc:
            found = cls._last = cls(doc)
        return found

    def __init__(self, doc: Doc) -> None:
        self.cols = columns.of(doc)
        self.texts, self.spaced = self.cols.strings(ORTH), self.cols.flags(SPACY)
        self.starts = self.cols.ints(SENT_START)  # 1 for a sentence's first word

    def lowercase_inside(self, i: int) -> bool:
        """True for a sentence-initial "The"/"A" or common noun ("Sales") that a rewrite has
        moved inside the claim."""
        cols = self.cols
        if self.starts[i] != 1:
            return False
        pos = cols.pos[i]
        common = pos == "DET" or pos == "NOUN" and cols.tag[i] in ("NN", "NNS")
        return common and self.texts[i].istitle() and not cols.ent_type[i]


def _gap(left: Piece, right: Piece) -> str:
    """The space between two pieces."""
    if isinstance(left, Token) and isinstance(right, Token) and right.i == left.i + 1:
        return left.whitespace_
    if isinstance(right, Token) and (right.text in ",.;:!?%)" or right.text.startswith("'")):
        return ""
    return " "

"""Token attributes of a parsed paragraph as plain lists, read from spaCy once.

The rules scan whole sentences many times over. Each `doc[i]` builds a Python `Token` and
each attribute read goes through a Cython property and, for strings, the string store; a
sentence scan that only asks "is any word here X?" costs far more in those objects than in
the test itself. `Columns` reads the attributes of every token of a `Doc` with one
`Doc.to_array` call per attribute and turns hashes into strings once; the rules index
them by token position (`token.i`), the same index as `doc[i]`.
"""

from __future__ import annotations

from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IS_ALPHA,
    IS_LOWER,
    IS_PUNCT,
    IS_SPACE,
    IS_TITLE,
    IS_UPPER,
    LENGTH,
    LIKE_NUM,
    LOWER,
    NORM,
    ORTH,
    POS,
    SHAPE,
    SPACY,
    TAG,
)
from spacy.tokens import Doc, Span, Token

# What the rules read of nearly every sentence
_COMMON = (
    LOWER, NORM, ORTH, SHAPE, TAG, POS, DEP, ENT_TYPE, HEAD, ENT_IOB, LIKE_NUM, IS_PUNCT, IS_SPACE,
    IS_ALPHA, IS_UPPER, IS_LOWER, IS_TITLE, LENGTH, SPACY,
)
_WRAP = 1 << 64  # to_array gives unsigned ints: a head before its child wraps round
# keys of the string columns the rules read most, built once (a property read is a lookup)
_LOWER_STRINGS, _TAG_STRINGS, _POS_STRINGS = (LOWER, True), (TAG, True), (POS, True)
_DEP_STRINGS, _ENT_TYPE_STRINGS, _HEADS = (DEP, True), (ENT_TYPE, True), (HEAD, True)
_NAMES: dict[int, str] = {}  # hash -> string, shared by every doc (one string store)
_MAX_NAMES = 200_000


class Columns:
    """One doc's token attributes, each read on first use as one list indexed like the doc
    (reading an attribute of every token costs about one walk over the doc's tokens, so a
    column pays when it is read more than once or spares building Token objects)."""

    __slots__ = ("doc", "_read", "_kids", "_subtrees", "_ents")

    def __init__(self, doc: Doc) -> None:
        """Columns of the doc, none read yet."""
        self.doc = doc
        self._read: dict[tuple[int, bool], list] = {}
        self._kids: list[list[int]] | None = None
        self._subtrees: dict[int, frozenset[int]] = {}
        self._ents: tuple[Span, ...] | None = None

    def ints(self, attr: int) -> list[int]:
        """The attribute's value for every token, as `Doc.to_array` gives it; the attributes
        the rules read are fetched together on the first such call (one call costs about as
        much as one attribute alone)."""
        found = self._read.get((attr, False))
        if found is None:
            attrs = _COMMON if attr in _COMMON else (attr,)
            table = self.doc.to_array(list(attrs)).reshape(len(self.doc), len(attrs)).T.tolist()
            for k, each in enumerate(attrs):
                self._read[each, False] = table[k]
            found = self._read[attr, False]
        return found

    def strings(self, attr: int) -> list[str]:
        """The string of a string attribute for every token (`LOWER` gives each `token.lower_`)."""
        found = self._read.get((attr, True))
        if found is None:
            store, names = self.doc.vocab.strings, _NAMES
            if len(names) > _MAX_NAMES:
                names.clear()
            keys = self.ints(attr)
            found = list(map(names.get, keys))  # (one C-level pass; the store only for new ones)
            if None in found:
                for k, key in enumerate(keys):
                    if found[k] is None:
                        found[k] = names[key] = store[key]
            self._read[attr, True] = found
        return found

    def flags(self, attr: int) -> list[bool]:
        """A yes/no attribute (`IS_PUNCT`, `LIKE_NUM` …) of every token."""
        found = self._read.get((attr, True))
        if found is None:
            found = self._read[attr, True] = [bool(v) for v in self.ints(attr)]
        return found

    @property
    def lower(self) -> list[str]:
        """`token.lower_` of every token."""
        return self._read.get(_LOWER_STRINGS) or self.strings(LOWER)

    @property
    def tag(self) -> list[str]:
        """`token.tag_` of every token."""
        return self._read.get(_TAG_STRINGS) or self.strings(TAG)

    @property
    def pos(self) -> list[str]:
        """`token.pos_` of every token."""
        return self._read.get(_POS_STRINGS) or self.strings(POS)

    @property
    def dep(self) -> list[str]:
        """`token.dep_` of every token."""
        return self._read.get(_DEP_STRINGS) or self.strings(DEP)

    @property
    def ent_type(self) -> list[str]:
        """`token.ent_type_` of every token ("" outside entities)."""
        return self._read.get(_ENT_TYPE_STRINGS) or self.strings(ENT_TYPE)

    @property
    def heads(self) -> list[int]:
        """`token.head.i` of every token."""
        found = self._read.get(_HEADS)
        if found is None:
            found = self._read[HEAD, True] = [
                i + (h - _WRAP if h >= _WRAP // 2 else h) for i, h in enumerate(self.ints(HEAD))
            ]
        return found

    @property
    def children(self) -> list[list[int]]:
        """The positions of `token.children` of every token, in document order."""
        found = self._kids
        if found is None:
            found = self._kids = [[] for _ in range(len(self.doc))]
            for i, head in enumerate(self.heads):
                if head != i:
                    found[head].append(i)
        return found

    @property
    def ents(self) -> tuple[Span, ...]:
        """`doc.ents`, read once: spaCy builds every entity's Span (and Tokens) on each read."""
        found = self._ents
        if found is None:
            found = self._ents = self.doc.ents
        return found

    def subtree(self, i: int) -> frozenset[int]:
        """The positions of `doc[i].subtree`, kept: the rules ask for the same clause's words
        many times over a sentence, and building a Token a word each time costs more than the
        test. (Not `range(left_edge, right_edge + 1)`: a non-projective arc leaves gaps.)"""
        found = self._subtrees.get(i)
        if found is None:
            kids, ids, stack = self.children, [], [i]
            while stack:
                k = stack.pop()
                ids.append(k)
                stack.extend(kids[k])
            found = self._subtrees[i] = frozenset(ids)
        return found


_last: Columns | None = None


def of(doc: Doc) -> Columns:
    """The doc's columns; the last doc's are kept, as the rules read one doc at a time."""
    global _last
    found = _last
    if found is None or found.doc is not doc:
        found = _last = Columns(doc)
    return found


def subtree_ids(token: Token) -> frozenset[int]:
    """The positions of `token.subtree`, without building a Token a word."""
    return of(token.doc).subtree(token.i)


def ents(span: Span) -> list[Span]:
    """`span.ents` (the doc's entities wholly inside the span, in order) from the doc's
    entities read once."""
    found = []
    for ent in of(span.doc).ents:  # (spaCy's Span.ents, step for step)
        if ent.start >= span.start:
            if ent.end <= span.end:
                found.append(ent)
            else:
                break
    return found

"""Token attributes of a parsed paragraph as plain lists, read from spaCy once.

The rules scan whole sentences many times over. Each `doc[i]` builds a Python `Token` and
each attribute read goes through a Cython property and, for strings, the string store; a
sentence scan that only asks "is any word here X?" costs far more in those objects than in
the test itself. `Columns` reads the attributes of every token of a `Doc` in one
`Doc.to_array` call and turns label hashes into strings once; the rules index them by
token position (`token.i`), the same index as `doc[i]`.
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
    TAG,
)
from spacy.tokens import Doc

_ATTRS = (
    LOWER, NORM, ORTH, SHAPE, TAG, POS, DEP, ENT_TYPE, HEAD, ENT_IOB, LIKE_NUM, IS_PUNCT,
    IS_ALPHA, IS_SPACE, IS_UPPER, IS_LOWER, IS_TITLE, LENGTH,
)
_STRING_ATTRS = {attr: k for k, attr in enumerate(_ATTRS[:8])}
_WRAP = 1 << 64  # to_array gives unsigned ints: a head before its child wraps round
_NAMES: dict[int, str] = {}  # hash -> string, shared by every doc (one string store)
_MAX_NAMES = 200_000


class Columns:
    """One doc's token attributes, one list per attribute, indexed like the doc."""

    __slots__ = (
        "doc", "_raw", "_strings", "_heads", "like_num", "is_punct", "is_alpha", "is_space",
        "is_upper", "is_lower", "is_title", "ent_iob", "length",
    )

    def __init__(self, doc: Doc) -> None:
        """Read every attribute of every token in one call."""
        self.doc = doc
        raw = doc.to_array(list(_ATTRS)).T.tolist() if len(doc) else [[] for _ in _ATTRS]
        self._raw = raw
        self._strings: dict[int, list[str]] = {}
        self._heads: list[int] | None = None
        (self.ent_iob, self.like_num, self.is_punct, self.is_alpha, self.is_space,
         self.is_upper, self.is_lower, self.is_title, self.length) = (
            raw[9], *([bool(v) for v in col] for col in raw[10:17]), raw[17])

    def strings(self, attr: int) -> list[str]:
        """The attribute's string for every token (`LOWER` gives each `token.lower_`)."""
        found = self._strings.get(attr)
        if found is None:
            store, names = self.doc.vocab.strings, _NAMES
            if len(names) > _MAX_NAMES:
                names.clear()
            found = []
            for key in self._raw[_STRING_ATTRS[attr]]:
                name = names.get(key)
                if name is None:
                    name = names[key] = store[key]
                found.append(name)
            self._strings[attr] = found
        return found

    @property
    def lower(self) -> list[str]:
        """`token.lower_` of every token."""
        return self.strings(LOWER)

    @property
    def tag(self) -> list[str]:
        """`token.tag_` of every token."""
        return self.strings(TAG)

    @property
    def pos(self) -> list[str]:
        """`token.pos_` of every token."""
        return self.strings(POS)

    @property
    def dep(self) -> list[str]:
        """`token.dep_` of every token."""
        return self.strings(DEP)

    @property
    def ent_type(self) -> list[str]:
        """`token.ent_type_` of every token ("" outside entities)."""
        return self.strings(ENT_TYPE)

    @property
    def heads(self) -> list[int]:
        """`token.head.i` of every token."""
        if self._heads is None:
            self._heads = [i + (h - _WRAP if h >= _WRAP // 2 else h)
                           for i, h in enumerate(self._raw[8])]
        return self._heads


_last: Columns | None = None


def of(doc: Doc) -> Columns:
    """The doc's columns; the last doc's are kept, as the rules read one doc at a time."""
    global _last
    found = _last
    if found is None or found.doc is not doc:
        found = _last = Columns(doc)
    return found

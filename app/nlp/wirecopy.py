"""Pipeline steps for wire copy, which the parser otherwise misreads.

* Tickers in angle brackets ("Boeing Co <BA>", "to <Siemens AG> has been delayed") become one
  token before anything else runs: split into "<", words and ">", they derail the parse.
* Reuters capitalises words after "U.S." ("U.S. Dlrs", "U.S. From Japan"), which the parser
  takes for a new sentence. After the tagger and before the parser, a capitalised word after an
  abbreviation starts no sentence when no finite verb follows it before the next full stop,
  since what follows would be a fragment; nor does a word after an ellipsis in a quotation, nor
  a lower-case word after anything but a full stop ("… Air Atlanta Inc but it is not …").
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from app.nlp.lexicon import FINITE_TAGS

BOUNDARIES = "claimdesk_abbreviation_boundaries"
TICKERS = "claimdesk_tickers"
_MAX_TICKER_TOKENS = 8
_LOOK_AHEAD = 60  # tokens searched for a finite verb before a sentence's end
_SENTENCE_END = frozenset({".", "!", "?"})
_QUOTES = frozenset({"“", "”", '"'})
_OPENING = frozenset({"“"})
_ELLIPSES = frozenset({"...", "…", ". . ."})


def _is_abbreviation(text: str) -> bool:
    """ "U.S.", "E.C.", "Corp.", "Inc.": a short word with a full stop inside or after it."""
    return text.endswith(".") and len(text) <= 5 and text[0].isupper() and text != "."


def _fragment_follows(doc: Doc, start: int) -> bool:
    """True when no finite verb comes between start and the next sentence-final mark."""
    for i in range(start, min(len(doc), start + _LOOK_AHEAD)):
        tok = doc[i]
        if tok.text in _SENTENCE_END or tok.text.endswith(".") and i > start + 1:
            return True
        if tok.tag_ in FINITE_TAGS:
            return False
    return True


def is_ticker(text: str) -> bool:
    """True for a token this module merged from "<…>" ("<ITEL>", "<Anschutz Corp>")."""
    return len(text) > 2 and text[0] == "<" and text[-1] == ">"


@Language.component(TICKERS)
def merge_tickers(doc: Doc) -> Doc:
    """Make each "<…>" of up to a few words one token."""
    spans, after = [], 0
    for i in _opening_brackets(doc):  # most texts have none: no token visited
        end = _ticker_end(doc, i) if i >= after else None
        if end is not None:
            spans.append(doc[i : end + 1])
            after = end + 1
    if not spans:
        return doc
    with doc.retokenize() as retokenizer:
        for span in spans:
            retokenizer.merge(span)
    return doc


def _opening_brackets(doc: Doc) -> list[int]:
    """The indices of the tokens that are a "<", read from one array."""
    orths = doc.to_array(ORTH)
    return np.flatnonzero(orths == doc.vocab.strings["<"]).tolist()


def _ticker_end(doc: Doc, start: int) -> int | None:
    """The index of the ">" closing a ticker opened at start, if it closes soon."""
    for tok in doc[start + 1 : start + _MAX_TICKER_TOKENS]:
        if tok.text == ">":
            return tok.i
        if tok.text == "<" or tok.is_space or tok.text in _SENTENCE_END:
            return None
    return None


@Language.component(BOUNDARIES)
def keep_sentences_after_abbreviations(doc: Doc) -> Doc:
    """Mark capitalised words after an abbreviation as no sentence start when a fragment follows,
    words after an ellipsis inside a quotation ("We are abiding by the ... Agreement"), and
    lower-case words after anything but a full stop.

    The marks are written in one array: setting `is_sent_start` token by token checks the whole
    document each time, which is quadratic in a long paragraph.
    """
    texts = [tok.text for tok in doc]
    marks = doc.to_array([SENT_START]).astype("int64")
    quoted = trailing = False  # inside a quotation; after an ellipsis inside it
    for i, text in enumerate(texts):
        if text in _QUOTES:
            quoted = text in _OPENING or (text == '"' and not quoted)
            trailing = trailing and quoted
        if not i:
            continue
        before = texts[i - 1]
        trailing = trailing or (quoted and before in _ELLIPSES)
        lowercase = text[:1].islower() and before not in _SENTENCE_END
        ticker = is_ticker(text)  # "Itel Corp <ITEL> for": no new sentence
        if trailing or lowercase or ticker or (
            text.istitle() and _is_abbreviation(before) and _fragment_follows(doc, i)
        ):
            marks[i] = -1
    doc.from_array([SENT_START], marks.astype("uint64"))  # -1 in two's complement, as spaCy does
    return doc

"""Pipeline steps for wire copy, which the parser otherwise misreads.

* Tickers in angle brackets ("Boeing Co <BA>", "to <Siemens AG> has been delayed") become one
  token before anything else runs: split into "<", words and ">", they derail the parse.
* A company name with "and" inside ("Castle and Cooke Inc", "Goodyear Tire and Rubber Co")
  becomes one token too: the parser reads "Stop and Shop Cos Inc said …" as the verb "Stop"
  and "Goodyear Tire and Rubber Co" as two firms, one of them "Rubber Co". After the
  recogniser, such a token is made a proper noun and an organisation.
* Reuters capitalises words after "U.S." ("U.S. Dlrs", "U.S. From Japan"), which the parser
  takes for a new sentence. After the tagger and before the parser, a capitalised word after an
  abbreviation starts no sentence when no finite verb follows it before the next full stop,
  since what follows would be a fragment; nor does a word after an ellipsis in a quotation, nor
  a lower-case word after anything but a full stop ("… Air Atlanta Inc but it is not …").
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from spacy.attrs import ORTH, PREFIX, SENT_START, SHAPE, SUFFIX
from spacy.language import Language
from spacy.lexeme import Lexeme
from spacy.tokens import Doc, Span, Token

from app.nlp.lexicon import FINITE_TAGS

BOUNDARIES = "claimdesk_abbreviation_boundaries"
TICKERS = "claimdesk_tickers"
TICKERS_RESTORED = "claimdesk_ticker_features_restored"
_SYMBOLS = "claimdesk_ticker_symbols"  # user_data: where a document's symbols are
COMPANIES = "claimdesk_company_names"
COMPANY_ENTITIES = "claimdesk_company_entities"
_NAME_WORDS = 4  # capitalised words at most on either side of a company name's "and"
# Suffixes that end one company's name; not "Group", "Airlines" or "Industries", which also end
# the second of two ("Texas Air and Eastern Airlines").
_MERGED_SUFFIXES = frozenset({"inc", "corp", "co", "cos", "ltd", "plc", "ag", "sa", "nv",
                              "corporation", "llc"})
_NOT_NAME = frozenset({"the", "a", "an", "both", "between", "in", "for", "at", "by", "from",
                       "to", "with", "and", "or", "but", "of", "on", "as", "said", "says"})
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
    """Make each "<…>" of up to a few words one token; a symbol reads as a name's last word."""
    anchors = _opening_brackets(doc)
    if not anchors:
        return doc  # most texts have no "<"
    doc = _merge_runs(doc, anchors, _ticker_run)
    symbols = {tok.text for tok in doc if _is_symbol(tok.text)}
    for text in symbols:
        _reads_as_suffix(doc.vocab[text])
    if symbols:
        doc.user_data[_SYMBOLS] = symbols  # for `restore_ticker_features`
    return doc


def _is_symbol(text: str) -> bool:
    """ "<ITEL>", "<TOSS.T>": a ticker symbol, not a name in brackets ("<Noranda Inc>")."""
    return is_ticker(text) and " " not in text


def _reads_as_suffix(lexeme: Lexeme) -> None:
    """Give a ticker symbol the features of "Corp", so the parser reads "to Itel Corp <ITEL>
    for about 215 mln dlrs" as one name followed by the sentence's next phrase. Seen as
    itself, "<ITEL>" is an unknown symbol the parser hangs on the main verb, and the rest
    of the sentence with it ("… for about 215 mln dlrs" becomes the frame's, and is lost).
    A symbol's lexeme is used only for tickers, so changing it changes nothing else; and it
    is changed wherever the ticker stands, so a text parses the same in any batch, after
    any other text."""
    model = lexeme.vocab["Corp"]
    lexeme.norm_, lexeme.prefix_ = model.norm_, model.prefix_
    lexeme.suffix_, lexeme.shape_ = model.suffix_, model.shape_


@Language.component(TICKERS_RESTORED)
def restore_ticker_features(doc: Doc) -> Doc:
    """After the parser and the recogniser: each symbol gets its own features back, so what
    reads them later (the check-worthiness model reads word shapes and norms) sees the same
    in every process, also one that only receives parsed documents (`nlp.pipe(n_process=N)`).
    (`nlp.pipe` runs each step on a whole batch before the next step pulls the next batch,
    so no batch is parsed after a later step of the batch before restored its symbols.)"""
    symbols = doc.user_data.pop(_SYMBOLS, None)
    if not symbols:
        return doc  # most texts have none
    getters = doc.vocab.lex_attr_getters
    for text in symbols:
        lexeme = doc.vocab[text]
        lexeme.norm_, lexeme.prefix_ = text.lower(), getters[PREFIX](text)  # (a symbol has
        # no norm of its own: its lower case, what spaCy's getter gives a new word)
        lexeme.suffix_, lexeme.shape_ = getters[SUFFIX](text), getters[SHAPE](text)
    for tok in doc:
        if tok.text in symbols:
            tok.norm_ = tok.lower_  # (a later step may have copied the lent norm)
    return doc


def _merge_runs(
    doc: Doc, anchors: list[int], run_at: Callable[[Doc, int], tuple[int, int] | None]
) -> Doc:
    """Make each run of tokens that `run_at` finds at an anchor one token (runs never overlap:
    an anchor inside a run already found is skipped)."""
    spans, after = [], 0
    for i in anchors:
        found = run_at(doc, i) if i >= after else None
        if found is not None:
            spans.append(doc[found[0] : found[1]])
            after = found[1]
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)
    return doc


@Language.component(COMPANIES)
def merge_company_names(doc: Doc) -> Doc:
    """Make each company name with one "and" inside, ending in a corporate suffix, one token."""
    ands = np.flatnonzero(doc.to_array(ORTH) == doc.vocab.strings["and"]).tolist()
    return _merge_runs(doc, ands, _company_around)  # only the neighbours of an "and" are read


def _company_around(doc: Doc, and_at: int) -> tuple[int, int] | None:
    """(start, end) of a name "Words and Words Suffix" around the "and" at and_at, if any."""
    end = and_at + 1
    while end < len(doc) and end - and_at <= _NAME_WORDS and _name_word(doc[end]):
        end += 1
    suffixes = end
    while suffixes > and_at + 1 and _suffix(doc[suffixes - 1]):
        suffixes -= 1
    if suffixes == end or suffixes == and_at + 1 and doc[suffixes].lower_ != "co":
        return None  # no suffix at its end; a bare suffix ("and Co") only as "and Co"
    start = and_at
    while start > 0 and and_at - start < _NAME_WORDS and _name_word(doc[start - 1]):
        start -= 1
    if start == and_at or any(_suffix(t) for t in doc[start:and_at]):
        return None  # "Exxon Corp and Mobil Corp": two companies
    before = doc[start - 1] if start else None
    if before is not None and before.lower_ in ("'s", "and", ",", "."):
        return None  # "Wagner and Brown and AFG …"; "Kidder, Peabody and Co Inc", "Alex. Brown
        # and Sons Inc": a longer name, left as it was
    if before is not None and before.lower_ == "of" and start > 1 and _inside_name(doc[start - 2]):
        return None  # "Bennes Marrel SA of France and Juster Steel Corp": "of" inside a name
    if _inside_ticker(doc, start):
        return None  # "<Smith Barney, Harris Upham and Co Inc>" too long to be merged
    if any(len(t.text) > 1 and t.text.isupper() for t in doc[start:suffixes]):
        return None  # "Redstone and MCV Holdings Inc", "IBM and Digital Equipment Corp"
    return start, end


def _inside_name(tok: Token) -> bool:
    """A capitalised word that does not open the sentence: "SA" of "SA of France"."""
    return tok.text[:1].isupper() and not (tok.i == 0 or tok.is_sent_start)


def _inside_ticker(doc: Doc, start: int) -> bool:
    """True when a "<" opened shortly before start is not closed before it."""
    for tok in reversed(doc[max(0, start - _MAX_TICKER_TOKENS) : start]):
        if tok.text == ">":
            return False
        if tok.text == "<":
            return True
    return False


@Language.component(COMPANY_ENTITIES)
def mark_merged_companies(doc: Doc) -> Doc:
    """A merged company name is a proper noun naming an organisation, whatever the tagger and
    the recogniser made of a token with spaces inside (an adverb, a web address; a person)."""
    merged = [t for t in doc if " and " in t.text and not is_ticker(t.text)]
    if not merged:
        return doc
    ents = []
    for tok in merged:
        tok.tag_, tok.pos_ = "NNP", "PROPN"
        ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        ents.append(Span(doc, *(ent.start, ent.end) if ent else (tok.i, tok.i + 1), "ORG"))
    doc.set_ents(ents, default="unmodified")
    return doc


def _name_word(tok: Token) -> bool:
    """A capitalised word of a name ("Cooke", "J.P.", "Poor's" as "Poor" + "'s")."""
    if tok.text == "'s":
        return True
    text = tok.text
    return (text[:1].isupper() and tok.lower_ not in _NOT_NAME and not tok.is_space
            and all(c.isalpha() or c in ".-'&" for c in text))


def _suffix(tok: Token) -> bool:
    return tok.lower_.rstrip(".") in _MERGED_SUFFIXES and tok.text[:1].isupper()


def _opening_brackets(doc: Doc) -> list[int]:
    """The indices of the tokens that are a "<", read from one array."""
    orths = doc.to_array(ORTH)
    return np.flatnonzero(orths == doc.vocab.strings["<"]).tolist()


def _ticker_run(doc: Doc, start: int) -> tuple[int, int] | None:
    """(start, end) of a ticker opened at start, when its ">" comes soon."""
    for tok in doc[start + 1 : start + _MAX_TICKER_TOKENS]:
        if tok.text == ">":
            return start, tok.i + 1
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
        named = before[:1].isupper() or (  # ("Merrill Lynch and | Co.": "and Co")
            before in ("and", "&") and i > 1 and texts[i - 2][:1].isupper())
        suffix = (text.lower().rstrip(".") in _MERGED_SUFFIXES and named
                  and not before.endswith(".") and before not in _SENTENCE_END
                  and (i + 1 == len(texts) or texts[i + 1] != "-"))
        # ("Degussa Group | Inc <DEG>": one name; not "… (Asia) Ltd. Co-managers are …")
        if trailing or lowercase or ticker or suffix or (
            text.istitle() and _is_abbreviation(before) and _fragment_follows(doc, i)
        ):
            marks[i] = -1
    doc.from_array([SENT_START], marks.astype("uint64"))  # -1 in two's complement, as spaCy does
    return doc

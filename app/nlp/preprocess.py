"""Text → the character ranges worth parsing: paragraphs without boilerplate or datelines."""

from __future__ import annotations

import re

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE = re.compile(r"[^\n]+")

_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\s*(?:reporting|writing|editing|additional reporting)\s+by\b",
        r"copyright\s*(?:©|\(c\)|\d{4})|©\s*\d{4}|\ball rights reserved\b",
        r"\bmay not be (?:published|reproduced|broadcast)",
        r"\bfollow us\b|\bfollow @|\blike us on\b",
        r"\bclick here\b|\btap here\b",
        r"^\s*(?:updated|published|last updated|posted|first published)\b[^.]*\d",
        r"^\s*(?:editor'?s note|correction|clarification)\s*:",
        r"^\s*(?:thanks|thank you) for (?:reading|watching|listening)\b",
        r"\bwhat you need to know\b|\bdon'?t miss\b",
        r"^\s*(?:sign up|subscribe)\b|\bsubscribe to our\b|\bour (?:daily |weekly )?newsletter\b",
        r"\bshare (?:this|the) (?:article|story|page)\b|^\s*share\s*(?:on|via)\b",
        r"^\s*(?:read more|related|advertisement|see also|watch|listen)\s*[:|.\-–—]?\s*",
        r"^\s*\(?(?:file\s+)?(?:photo|image|picture|photograph|video)s?(?:\s+credit)?\s*[:(/|]",
        r"(?:^|\s)(?:afp|reuters|ap|getty images|getty|epa|shutterstock)\s*(?:/\s*\w+)*\s*\)?\s*$",
        r"^\s*[-–—(]?\s*(?:corrects|correcting|recasts|refiling)\b",  # a wire's note on its copy
    )
]
# What each pattern above needs in a line (lower-cased) to match: a line holding none of
# them is not searched with it (most lines hold none). None: the pattern is anchored at the
# line's start, quick to refuse anyway. Lower-casing matches what IGNORECASE matches except
# for "İ", "ı" and "ſ": a line with one of them is searched with every pattern.
_BOILERPLATE_NEEDS: tuple[tuple[str, ...] | None, ...] = (
    None,
    ("copyright", "©", "all rights reserved"),
    ("may not be ",),
    ("follow ", "like us on"),
    ("click here", "tap here"),
    None,
    None,
    None,
    ("what you need to know", "t miss"),
    ("sign up", "subscribe", "newsletter"),
    ("share",),
    None,
    None,
    ("afp", "reuters", "ap", "getty", "epa", "shutterstock"),
    None,
)
_ODD_CASE = frozenset("İıſ")
_MAX_BOILERPLATE_WORDS = 25
# Sentences news prints around facts that assert nothing checkable: no comment, no details.
_NO_CONTENT = re.compile(
    r"\b(?:declined|refused|would not|wouldn't|could not|couldn't|did not|didn't)"
    r"\s+(?:to\s+)?(?:comment|elaborate|be reached)\b"
    r"|\bdeclined comment\b|\bno comment\b"
    r"|\b(?:not|n't)\s+(?:be\s+)?(?:immediately\s+)?(?:available|reached)\s+for\s+comment\b"
    r"|\bterms\b(?:\s+of\s+the\s+\w+)?\s+(?:were|was)\s+not\s+disclosed\b"
    r"|\b(?:were|was|are|is)\s+as\s+follows\b",
    re.IGNORECASE,
)
_BYLINE_FILLERS = {"and", "in", "our", "staff", "the", "of", "&"}
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:[ ,/][A-Z][A-Za-z.'’-]*){0,3}"  # city, maybe region
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"  # ", March 3"
    r"(?:\s*\((?:[A-Z][\w ]*)\))?"  # "(Reuters)"
    r"\s*(?::|--|—|–|-)\s+(?=\S)"
)


def is_boilerplate(line: str) -> bool:
    """True for bylines, copyright notices, share/follow prompts and photo credits."""
    text = line.strip()
    if not text:
        return True
    if len(text.split()) > _MAX_BOILERPLATE_WORDS:
        return False
    if _is_byline(text):
        return True
    low = text.lower() if _ODD_CASE.isdisjoint(text) else None
    return any(
        p.search(text)
        for p, needs in zip(_BOILERPLATE, _BOILERPLATE_NEEDS, strict=True)
        if needs is None or low is None or any(word in low for word in needs)
    )


def says_nothing(claim: str) -> bool:
    """True for "X declined comment", "terms were not disclosed", "figures were as follows":
    sentences that report no fact a reviewer could check."""
    return bool(_NO_CONTENT.search(claim))


def _is_byline(text: str) -> bool:
    """True for a byline ("By Staff Reporter"): capitalised names, no verb."""
    words = text.rstrip(" .").split()
    if not 2 <= len(words) <= 8 or words[0].lower() not in {"by", "from"}:
        return False
    return all(w[0].isupper() or w.lower() in _BYLINE_FILLERS for w in words[1:])


def dateline_length(paragraph: str) -> int:
    """Length of a leading dateline ("ISLAMABAD:", "LONDON (Reuters) -"), else 0."""
    match = _DATELINE.match(paragraph)
    if not match:
        return 0
    place = re.split(r"[,(:—–]|\s-", match.group(0))[0]
    letters = [c for c in place if c.isalpha()]
    return match.end() if len(letters) >= 3 and all(c.isupper() for c in letters) else 0


def _norm(text: str) -> str:
    """Case- and space-insensitive form for comparing headlines."""
    return re.sub(r"\W+", " ", text).casefold().strip()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of the blank-line separated paragraphs."""
    ranges, pos = [], 0
    for sep in _BLANK_LINE.finditer(text):
        ranges.append((pos, sep.start()))
        pos = sep.end()
    ranges.append((pos, len(text)))
    return [r for r in ranges if text[r[0] : r[1]].strip()]


def _content_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Runs of consecutive non-boilerplate lines of one paragraph."""
    runs: list[tuple[int, int]] = []
    for line in _LINE.finditer(text, start, end):
        if is_boilerplate(line.group(0)):
            runs.append((-1, -1))
        elif runs and runs[-1][0] >= 0:
            runs[-1] = (runs[-1][0], line.end())
        else:
            runs.append((line.start(), line.end()))
    return [r for r in runs if r[0] >= 0]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without surrounding whitespace or a leading dateline."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    tail = max(start, end - 24)  # (a sign-off is short: no search through the paragraph)
    if "REUTER" in text[tail:end] and (sign_off := _SIGN_OFF.search(text, tail, end)):
        end = sign_off.start()
    start += dateline_length(text[start:end])
    return start, end


# A wire's sign-off run onto the story's last line ('… are peanuts." REUTER...^M')
_SIGN_OFF = re.compile(r"\s+REUTERS?(?:\.\.\.|\^M|&#3;|\s)*$")


def content_blocks(text: str, title: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of every paragraph worth parsing, without boilerplate or repeated headlines.
    A text that is nothing but its title keeps it: there the title is the content (a post or
    a one-line item stored with its text as its title), not a headline restated above it."""
    blocks = _distinct_blocks(text, {_norm(title)} if title else set())
    if not blocks and title:
        blocks = _distinct_blocks(text, set())
    return blocks


def _distinct_blocks(text: str, seen: set[str]) -> list[tuple[int, int]]:
    """The content blocks, each text once, none whose text is already in `seen`."""
    blocks = []
    for p_start, p_end in _paragraphs(text):
        for start, end in _content_lines(text, p_start, p_end):
            start, end = _trim(text, start, end)
            key = _norm(text[start:end])
            if start >= end or not key or key in seen:
                continue
            seen.add(key)
            blocks.append((start, end))
    return blocks

"""Numbers and dates from URLs and forms; numbers bounded to fit a database integer."""

from __future__ import annotations

import datetime as dt
import math
import re

from werkzeug.routing import IntegerConverter

from app.services.constants import LARGEST_ID
from app.services.errors import InvalidInput

_DIGITS = re.compile(r"[0-9]{1,10}")


def optional_date(value: str, problem: str) -> dt.date | None:
    """A YYYY-MM-DD form or query value; empty is None, anything else InvalidInput(problem)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(problem) from None


def claim_version(form) -> int:
    """The claim version a form was based on. Every form that changes a claim sends it: a
    write without one could not be checked, and would silently overwrite whatever was
    written since (a 409 is the promise)."""
    value = form.get("version", "")
    if not value:
        raise InvalidInput("the form names no version of the claim it changes: reload the "
                           "page, then try again (nothing was saved)")
    try:
        return small_int(value)
    except ValueError:
        raise InvalidInput("the form's version is not a number") from None


def small_int(value: str) -> int:
    """An ASCII, non-negative integer a column can hold (up to LARGEST_ID), else
    ValueError (Werkzeug's `type=`)."""
    if not isinstance(value, str) or not _DIGITS.fullmatch(value.strip()):
        raise ValueError(f"not a small non-negative integer: {value!r}")
    number = int(value)
    if number > LARGEST_ID:
        raise ValueError(f"larger than any id: {value!r}")
    return number


def column_int(value: object) -> bool:
    """Whether a JSON value is an integer a column can hold (not a boolean)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= LARGEST_ID


def finite_float(value: str) -> float:
    """A finite float, else ValueError (no NaN or infinity in a keyset cursor)."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r}")
    return number


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` in routes: ids above LARGEST_ID simply do not match (404), never reach
    the database."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - Werkzeug's signature
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)

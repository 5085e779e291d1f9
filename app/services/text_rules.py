"""Text that both databases store alike: no NUL characters, no lone surrogates.

PostgreSQL refuses both (a 500 in a page, a whole import failing half-way), SQLite stores
them and a later PostgreSQL import of its export fails. So wherever text comes in (forms,
the JSON API, files, imports) it is refused, the same on both, naming the problem.
"""

from __future__ import annotations

from typing import Any

from app.services.errors import InvalidInput

# JSON nested deeper than this is refused (no legitimate input comes near it).
MAX_JSON_DEPTH = 32


def text_problem(value: str) -> str | None:
    """Why `value` cannot be stored as text, or None."""
    if "\x00" in value:
        return "contains a NUL character (\\u0000)"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        return f"contains a lone surrogate (\\u{ord(value[error.start]):04x}), which is not text"
    return None


def json_problem(value: Any, name: str = "", depth: int = 0) -> str | None:
    """Why JSON data cannot be stored: the first string (key or value) with a
    `text_problem`, named by its place (`reviews[0].note`), or nesting deeper than
    MAX_JSON_DEPTH."""
    if depth > MAX_JSON_DEPTH:
        return f"{name or 'the data'} is nested more than {MAX_JSON_DEPTH} levels deep"
    if isinstance(value, str):
        problem = text_problem(value)
        return f"{name or 'the text'} {problem}" if problem else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = ((f"[{index}]", item) for index, item in enumerate(value))
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and (problem := text_problem(key)):
            return f"a key of {name or 'the object'} {problem}"
        label = f"{name}{key}" if str(key).startswith("[") or not name else f"{name}.{key}"
        if (problem := json_problem(item, label, depth + 1)) is not None:
            return problem
    return None


def too_deep(value: Any, depth: int = 0) -> bool:
    """Whether JSON data nests deeper than MAX_JSON_DEPTH."""
    if depth > MAX_JSON_DEPTH:
        return True
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, list):
        return False
    return any(too_deep(item, depth + 1) for item in value)


def checked_text(value: Any, name: str, *, required: bool = False) -> str:
    """`value` as text to store: a string (None is ""), else InvalidInput naming `name`.

    A number or an object where text belongs is refused, not stored as its Python repr.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be a string, not {_json_kind(value)}")
    problem = text_problem(value)
    if problem:
        raise InvalidInput(f"{name} {problem}")
    if required and not value.strip():
        raise InvalidInput(f"{name} is required")
    return value


def _json_kind(value: Any) -> str:
    kinds = {bool: "a boolean", int: "a number", float: "a number", dict: "an object",
             list: "a list"}
    return next((kind for type_, kind in kinds.items() if isinstance(value, type_)),
                type(value).__name__)

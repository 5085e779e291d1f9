"""Input no database stores alike is refused at the door, before any view sees it.

A NUL character or a lone surrogate in any field (a username, a note, a search, a pasted
text, an uploaded file's name, the API's JSON) is refused with 422 naming the field: on
PostgreSQL it was a 500, on SQLite it was stored and broke a later PostgreSQL import.
JSON nested deeper than any request needs is refused with 400 (Python's parser ran out
of stack: a 500).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import BadRequest

from app.services.errors import InvalidInput
from app.services.text_rules import MAX_JSON_DEPTH, json_problem, text_problem, too_deep

TOO_DEEP = f"The JSON is nested too deeply (more than {MAX_JSON_DEPTH} levels)."


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, with a parser that answers 400, not 500, to absurdly deep nesting."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise BadRequest(TOO_DEEP) from None


def init_app(app: Flask) -> None:
    """Check every request's input first."""
    app.json = GuardedJSONProvider(app)
    app.before_request(refuse_unstorable_input)


def refuse_unstorable_input() -> None:
    """422 for the first field holding what no text column can store, or a form that is not
    UTF-8; 400 for deep JSON."""
    if request.mimetype == "application/x-www-form-urlencoded" and not _utf8_form(
            request.get_data(cache=True)):  # (the form is then parsed from the cached body)
        raise InvalidInput("The form is not UTF-8 text (a Latin-1 “é” sent as %E9, say): "
                           "nothing was saved.")
    fields = [*(request.view_args or {}).items(), *request.args.items(multi=True),
              *request.form.items(multi=True),
              *((f"{name} (file name)", upload.filename or "")
                for name, upload in request.files.items(multi=True))]
    for name, value in fields:
        for text in (name, value):
            if isinstance(text, str) and (problem := text_problem(text)):
                raise InvalidInput(f"The field “{_shown(name)}” {problem}.")
    if request.is_json:
        data = request.get_json(silent=True)
        if too_deep(data):
            raise BadRequest(TOO_DEEP)
        if problem := json_problem(data):
            raise InvalidInput(f"The JSON's {problem}.")


def _utf8_form(body: bytes) -> bool:
    """True when a URL-encoded form body decodes as UTF-8 (Werkzeug would keep a value's
    undecodable escapes as they are, and a note "caf%E9" would be stored as if typed so)."""
    try:
        unquote_to_bytes(body.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _shown(name: str) -> str:
    """A field name fit to show (it may itself be the bad text)."""
    return name if text_problem(name) is None else repr(name.encode("utf-8", "replace"))[2:-1]

"""One place that decides between a full page and an htmx partial."""

from __future__ import annotations

from typing import Any

from flask import make_response, render_template
from flask.wrappers import Response

from app.web.context import htmx


def wants_partial() -> bool:
    """True for htmx requests that swap a fragment (a boosted request wants the page)."""
    return bool(htmx) and not htmx.boosted


def page_or_partial(
    page_template: str, partial: str, status: int = 200, **context: Any
) -> Response:
    """Render `partial` for an htmx swap, else `page_template` (which includes it)."""
    template = partial if wants_partial() else page_template
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response

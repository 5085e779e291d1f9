"""One id for a claim everywhere: routes take the stable uid of the export and the API as
well as the database id, and resolve either to the claim before the view runs."""

from __future__ import annotations

import re
from typing import Any

from werkzeug.routing import BaseConverter, ValidationError

from app.services import claims
from app.web.context import db
from app.web.params import small_int

UID = re.compile(r"[0-9a-f]{32}")


class ClaimRefConverter(BaseConverter):
    """`<claim:claim_id>`: a database id (digits) or a stable uid (32 hex digits)."""

    regex = r"[0-9]{1,10}|[0-9a-fA-F]{32}"

    def to_python(self, value: str) -> int | str:
        if len(value) == 32 and not value.isdigit():
            return value.lower()
        try:
            return small_int(value)
        except ValueError:
            raise ValidationError() from None  # too large for an id: no such page (404)

    def to_url(self, value: Any) -> str:
        return str(value)


def resolve_claim_ref(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Turn a uid in the URL into the claim's id (404 when no claim has it), so every view
    deals in one kind of id."""
    if values and isinstance(values.get("claim_id"), str):
        values["claim_id"] = claims.claim_id_for(db(), values["claim_id"])


def claim_ref_arg(value: str) -> int:
    """A `?claim=` query value, id or uid, as the claim's id (`type=` for request.args)."""
    value = value.strip()
    if UID.fullmatch(value.lower()):
        return claims.claim_id_for(db(), value.lower())
    return small_int(value)

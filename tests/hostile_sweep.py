"""Every hostile value through every field of every form, query and API body: the sweep
tests/web/test_hostile_requests.py and benchmarks/faults.py run. A request may be refused
(4xx), never answered with a 500."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tests.hostile import PAYLOADS

NUL = "\x00"
# Values no field may turn into a 500: markup and template syntax, NUL bytes, numbers past
# the columns, impossible dates, very long text.
VALUES = [*PAYLOADS, "a\x00b", NUL, str(2**31), str(2**63), "-1", "1e308", "nan",
          "9999-12-31", "0000-00-00", "2024-99-99", "x" * 20_000, " ", ""]
# What only JSON can carry: lone surrogates, non-strings, deep nesting.
JSON_VALUES = [*VALUES, "\ud800", {"a": 1}, ["x"], 2**63, -1, 1.5, True, None]


@dataclass(frozen=True)
class Probe:
    """One request: method, path, where the value goes, the other fields."""

    method: str
    path: str
    field: str
    base: dict[str, Any]
    kind: str = "form"  # form, query or json


def probes(claim_id: int, document_id: int) -> Iterator[Probe]:
    """Every (endpoint, field) of the app that takes input, with sane other fields."""
    review = {"label": "disputed", "version": "1", "note": "", "evidence": "",
              "outdated_since": ""}
    forms = [
        ("/login", {"username": "ana", "password": "wrong-password-x"}),
        (f"/claims/{claim_id}/review", review),
        (f"/queue/{claim_id}/review", review),
        (f"/claims/{claim_id}/edit", {"text": "Rain fell", "version": "1", "reason": "r"}),
        (f"/claims/{claim_id}/split", {"part": "Rain fell", "version": "1"}),
        (f"/claims/{claim_id}/settle", {"label": "disputed", "reason": "r", "version": "1"}),
        ("/claims/bulk", {"label": "supported", "selected": f"{claim_id}:1"}),
        (f"/documents/{document_id}/claims", {"start": "0", "end": "4", "text": "Rain"}),
        ("/documents/new", {"text": "Prices rose 3 percent.", "title": "t", "source": "",
                            "published": ""}),
        ("/guidelines", {"text": "Label carefully.", "version": "1"}),
        ("/account/tokens", {"name": "script"}),
        ("/admin/users", {"username": "newbie", "role": "reviewer",
                          "password": "a-long-password-1"}),
        ("/admin/users/ana/role", {"role": "admin"}),
    ]
    for path, base in forms:
        for field in base:
            yield Probe("POST", path, field, base)
    queries = [
        ("/claims", ["q", "verdict", "reviewer", "document", "sort", "after", "after_score"]),
        ("/queue", ["claim", "document", "skip", "scope"]),
        ("/export.jsonl", ["format", "verdict", "reviewer", "document", "since", "until"]),
        ("/api/v1/claims", ["limit", "q", "document", "after"]),
        (f"/api/v1/claims/{claim_id}", ["x"]),
    ]
    for path, fields in queries:
        for field in fields:
            yield Probe("GET", path, field, {}, kind="query")
    body = {"label": "disputed", "note": "", "evidence": [], "version": 1}
    for field in body:
        yield Probe("POST", f"/api/v1/claims/{claim_id}/reviews", field, body, kind="json")


def send(client, probe: Probe, value: Any, csrf: str, api_token: str):
    """The response to `probe` with `value` in its field (read whole, then closed)."""
    headers = {"Authorization": f"Bearer {api_token}"} if "/api/" in probe.path else {}
    if probe.kind == "json":
        response = client.open(probe.path, method=probe.method, headers=headers,
                               json={**probe.base, probe.field: value})
    elif probe.kind == "query":
        response = client.get(probe.path, headers=headers,
                              query_string={probe.field: value})
    else:
        data = {**probe.base, probe.field: value, "csrf_token": csrf}
        response = client.post(probe.path, data=data, headers=headers)
    response.get_data()
    response.close()
    return response


def values_for(probe: Probe) -> list[Any]:
    return JSON_VALUES if probe.kind == "json" else VALUES

"""The OpenAPI 3.1 description of the JSON API, built from the same claim schema as the docs."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from app.services.labels import LABELS, STATES
from app.services.search import MOST_FOUND

CLAIM_SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "claim.schema.json"


def _json(description: str, schema: str) -> dict[str, Any]:
    """A JSON response whose body is the component schema `schema`."""
    return {"description": description, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def _error(description: str) -> dict[str, Any]:
    return _json(description, "Error")


def _claim_id() -> dict[str, Any]:
    return {"name": "claim_id", "in": "path", "required": True,
            "description": "the claim's stable `id` (as listed and exported) or its number",
            "schema": {"oneOf": [{"type": "string", "pattern": "^[0-9a-f]{32}$"},
                                 {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}]}}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


LIST_PARAMETERS = [
    _query("verdict", {"enum": list(STATES)},
           "only claims with this verdict, or without one: in conflict (reviewers disagree), "
           "pending (fewer agreeing reviews than required) or unreviewed (no review)"),
    _query("document", {"type": "integer", "minimum": 0, "maximum": 2**62}, "a document id"),
    _query("reviewer", {"type": "string", "maxLength": 64}, "claims this reviewer reviewed"),
    _query("q", {"type": "string", "maxLength": 200},
           "full-text search: claims with every word (any form: price finds prices) in their "
           "text or sentence, their document's title, or a note the token may read; ranked "
           "best first unless `sort` says otherwise; a search that more than "
           f"{MOST_FOUND:,} claims hold finds the newest {MOST_FOUND:,} (add a word to narrow "
           "it). Punctuation and search operators are "
           "plain text; a search with no words to look for (or over 200 characters) is 422"),
    _query("time_sensitive", {"enum": ["1"]}, "only claims that may be outdated"),
    _query("sort", {"enum": ["relevance", "score", "newest", "oldest"]},
           "order (default: relevance when searching, else score)"),
    _query("after", {"type": "integer", "minimum": 0, "maximum": 2**62}, "keyset cursor"),
    _query("after_score", {"type": "number", "minimum": 0, "maximum": 1}, "keyset cursor"),
    _query("after_rank", {"type": "number", "minimum": 0, "maximum": 3},
           "keyset cursor (relevance)"),
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 200}, "page size (50)"),
    _query("has_note", {"enum": ["1"]}, "only claims with a reviewer's note"),
]


PROOF = {"type": "object", "required": ["schema", "claim", "checkpoint", "events", "pending"],
         "properties": {
             "schema": {"const": "claimdesk.proof/1"},
             "claim": {"type": "string"}, "claim_number": {"type": "integer"},
             "verdict": {"type": ["string", "null"]},
             "checkpoint": {"type": ["string", "null"], "description": "a signed note"},
             "events": {"type": "array", "items": {
                 "type": "object", "required": ["leaf_index", "entry", "inclusion_proof"],
                 "properties": {"leaf_index": {"type": "integer"},
                                "entry": {"type": "string"},
                                "inclusion_proof": {"type": "array",
                                                    "items": {"type": "string"}}}}},
             "pending": {"type": "array", "items": {"type": "integer"}}}}


@cache
def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI document (built once)."""
    claim = {k: v for k, v in json.loads(CLAIM_SCHEMA.read_text()).items()
             if k not in ("$schema", "$id")}
    api_claim = {"allOf": [{"$ref": "#/components/schemas/Claim"}, {
        "type": "object", "required": ["version", "events"],
        "properties": {"version": {"type": "integer"}, "events": {"type": "array"}}}]}
    unauthorised = _error("no valid API token")
    return {
        "openapi": "3.1.0",
        "info": {"title": "claimdesk API", "version": "1",
                 "description": "Claims, reviews and exports. Send `Authorization: Bearer "
                                "<token>` (tokens: `claimdesk tokens create USER`)."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"token": []}],
        "paths": {
            "/claims": {"get": {
                "summary": "List claims (keyset pagination: follow `next`)",
                "description": "Under blind review a reviewer's token sees others' reviews, "
                               "verdicts and settlements only on claims it has labelled, "
                               "and `verdict`, `reviewer` and `has_note` reach only those "
                               "claims.",
                "parameters": LIST_PARAMETERS,
                "responses": {
                    "200": _json("a page of claims", "ClaimPage"),
                    "401": unauthorised, "422": _error("a filter is not valid")}}},
            "/claims/{claim_id}": {"get": {
                "summary": "One claim with its reviews, version and history",
                "parameters": [_claim_id()],
                "responses": {
                    "200": _json("the claim", "ApiClaim"),
                    "401": unauthorised, "404": _error("no such claim")}}},
            "/claims/{claim_id}/reviews": {"post": {
                "summary": "Set your review, based on the claim's current version",
                "parameters": [_claim_id()],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/ReviewInput"}}}},
                "responses": {
                    "200": _json("the updated claim", "ApiClaim"),
                    "401": unauthorised, "404": _error("no such claim"),
                    "409": _json("the claim changed since that version", "Stale"),
                    "415": _error("the body is not JSON"),
                    "422": _error("the review is not valid")}}},
            "/claims/{claim_id}/proof": {"get": {
                "summary": "The claim's events with inclusion proofs against the newest "
                           "signed checkpoint of the audit log (docs/audit.md)",
                "parameters": [_claim_id()],
                "responses": {
                    "200": _json("the proof", "Proof"),
                    "401": unauthorised, "404": _error("no such claim")}}},
            "/export.jsonl": {"get": {
                "summary": "The export, streamed (same filters and formats as the UI)",
                "parameters": [_query("format", {"enum": ["jsonl", "csv", "claimreview",
                                                          "prodigy"]}, "format"),
                               *LIST_PARAMETERS[:3]],
                "responses": {
                    "200": {"description": "one record a line", "content": {
                        "application/x-ndjson": {"schema": {"type": "string"}},
                        "text/csv": {"schema": {"type": "string"}}}},
                    "401": unauthorised, "403": _error("blind review: editors only"),
                    "422": _error("a filter is not valid")}}},
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Claim": claim,
                "ApiClaim": api_claim,
                "ClaimPage": {"type": "object", "required": ["claims", "next"], "properties": {
                    "claims": {"type": "array", "items": {"$ref": "#/components/schemas/Claim"}},
                    "next": {"type": ["string", "null"],
                             "description": "query string of the next page"}}},
                "ReviewInput": {"type": "object", "required": ["label", "version"],
                                "properties": {
                                    "label": {"enum": LABELS},
                                    "note": {"type": "string", "maxLength": 10000},
                                    "evidence": {"type": "array", "maxItems": 20, "items": {
                                        "type": "string", "format": "uri",
                                        "pattern": "^https?://"}},
                                    "version": {"type": "integer", "minimum": 1}}},
                "Proof": PROOF,
                "Error": {"type": "object", "required": ["error"],
                          "properties": {"error": {"type": "string"}}},
                "Stale": {"type": "object", "required": ["error", "current"], "properties": {
                    "error": {"type": "string"},
                    "current": {"$ref": "#/components/schemas/ApiClaim"}}},
            },
        },
    }

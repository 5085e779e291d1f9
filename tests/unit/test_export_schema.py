"""The documented JSON Schema and the exporter agree on the fields."""

import json
from pathlib import Path

from app.models import Claim
from app.services.export import claim_record

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "app" / "schemas" / "claim.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text())


def test_every_exported_field_is_documented_and_every_required_one_exported():
    claim = Claim(uid="u", document_id=1, text="t", span_text="t", sentence="t.", start=0, end=2,
                  span_start=0, span_end=1, extractor="x/1")
    record = claim_record(claim, {"id": 1, "title": "T", "source": None, "published": None}, [])
    documented = set(SCHEMA["properties"]) - {"events", "proof"}  # --history, --with-proofs
    assert set(record) == documented
    assert set(SCHEMA["required"]) <= set(record)

"""The OpenAPI document matches what the server does: schemathesis drives the live app."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.services import review, users
from tests.factories import add_document

pytestmark = pytest.mark.sqlite_only  # the contract is the same on both databases


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def test_api_conforms_to_its_openapi_document(app, session, make_user):
    """Generated requests for every operation: no 5xx, documented codes, conforming bodies."""
    ana = make_user("ana")
    _, claims = add_document(session)
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="supported",
                      evidence=["https://example.test/a"])
    token = users.create_api_token(session=session, user=ana, name="schemathesis")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 5

    for operation in operations:
        @settings(max_examples=40, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                                   checks=CHECKS)

        check()


def test_openapi_document_is_public_and_3_1(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0" and "/claims/{claim_id}/reviews" in document["paths"]


def test_list_claims_pages_with_a_cursor(client, session, make_user):
    ana = make_user("ana")
    add_document(session)
    token = users.create_api_token(session=session, user=ana, name="t")
    headers = {"Authorization": f"Bearer {token}"}
    first = client.get("/api/v1/claims?limit=2", headers=headers).get_json()
    assert len(first["claims"]) == 2 and first["next"]
    second = client.get(f"/api/v1/claims?{first['next']}", headers=headers).get_json()
    assert len(second["claims"]) == 1 and second["next"] is None
    ids = {c["id"] for c in first["claims"] + second["claims"]}
    assert len(ids) == 3

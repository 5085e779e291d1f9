"""The export download streams schema claimdesk.claim/1 JSONL."""

import json

from app.services import review
from tests.factories import add_document
from tests.web.helpers import login_as


def test_export_download_streams_labelled_claims(client, session, make_user):
    ana = make_user("ana")
    document, [claim, *_] = add_document(session)
    review.set_review(session=session, claim_id=claim.id, actor=ana, label="supported",
                      note="ok", evidence=["https://example.test/a"])
    login_as(client, "ana")
    response = client.get("/export.jsonl?verdict=supported&history=1")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "application/x-ndjson"
    assert "attachment" in response.headers["Content-Disposition"]
    [line] = response.get_data(as_text=True).splitlines()
    record = json.loads(line)
    assert record["schema"] == "claimdesk.claim/1" and record["verdict"] == "supported"
    assert record["document"]["title"] == document.title
    assert record["reviews"][0]["reviewer"] == "ana"
    assert [e["kind"] for e in record["events"]] == ["review.set"]


def test_export_rejects_unknown_verdict_filter(client, make_user):
    make_user("ana")
    login_as(client, "ana")
    assert client.get("/export.jsonl?verdict=maybe").status_code == 422

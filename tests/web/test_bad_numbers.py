"""Numbers no database column can hold, or that only look like digits, never reach a query."""

import pytest

from tests.factories import add_document
from tests.web.helpers import login_as

HUGE = "99999999999999999999"
# Past PostgreSQL's integer columns (2**31 - 1) but within 64 bits: once a 500 there.
PAST_COLUMN = [str(2**31), str(2**62), str(2**63 - 1)]


@pytest.mark.parametrize("path", [
    f"/claims/{HUGE}", f"/documents/{HUGE}", f"/queue?claim={HUGE}", f"/queue?document={HUGE}",
    f"/queue?skip={HUGE}", f"/claims?document={HUGE}", f"/claims?after={HUGE}",
    "/claims?after=5&after_score=nan", f"/export.jsonl?document={HUGE}",
    "/export.jsonl?document=%C2%B2", "/queue?document=%C2%B2"])
def test_huge_or_unicode_numbers_in_urls_are_never_a_500(client, session, make_user, path):
    make_user("ana")
    add_document(session)
    login_as(client, "ana")
    assert client.get(path).status_code in (200, 404, 422), path


def test_huge_ids_in_forms_are_refused(client, session, make_user):
    make_user("ana")
    add_document(session)
    token = login_as(client, "ana")
    headers = {"X-CSRFToken": token, "HX-Request": "true"}
    assert client.post(f"/claims/{HUGE}/review", data={"label": "supported"},
                       headers=headers).status_code == 404
    for selected in (f"{HUGE}:1", "²:1", "1:²"):
        response = client.post("/claims/bulk", data={"csrf_token": token, "label": "supported",
                                                      "selected": selected})
        assert response.status_code == 422, selected
    response = client.post("/claims/1/review", data={"label": "supported", "version": HUGE},
                           headers=headers)
    assert response.status_code == 422


@pytest.mark.parametrize("number", PAST_COLUMN)
def test_ids_past_the_columns_range_are_404_or_422_never_a_500(client, session, make_user,
                                                                number):
    from app.services import users

    token_for_api = users.create_api_token(session=session, user=make_user("ana", "admin"),
                                           name="t")
    add_document(session)
    token = login_as(client, "ana")
    for path in (f"/claims/{number}", f"/documents/{number}"):
        assert client.get(path).status_code == 404, path
    for path in (f"/queue?claim={number}", f"/queue?document={number}",
                 f"/queue?skip={number}", f"/claims?document={number}",
                 f"/claims?after={number}&after_score=0.5", f"/export.jsonl?document={number}"):
        assert client.get(path).status_code in (200, 404, 422), path  # ignored or refused
    api = {"Authorization": f"Bearer {token_for_api}"}
    assert client.get(f"/api/v1/claims/{number}", headers=api).status_code == 404
    assert client.get(f"/api/v1/claims?document={number}", headers=api).status_code in (200, 422)
    assert client.post("/api/v1/claims/1/reviews", headers=api, json={
        "label": "supported", "version": int(number)}).status_code == 422
    headers = {"X-CSRFToken": token, "HX-Request": "true"}
    assert client.post(f"/claims/{number}/review", data={"label": "supported"},
                       headers=headers).status_code == 404
    assert client.post("/claims/1/review", data={"label": "supported", "version": number},
                       headers=headers).status_code == 422
    for selected in (f"{number}:1", f"1:{number}"):
        response = client.post("/claims/bulk", data={"csrf_token": token, "label": "supported",
                                                      "selected": selected})
        assert response.status_code == 422, selected


def test_document_ids_past_the_column_are_refused_by_the_cli(runner):
    for command in (["export", "--document", str(2**31)],
                    ["reextract", "--document", str(2**31)]):
        result = runner.invoke(args=command)
        assert result.exit_code == 2 and "2147483648" in result.output, command

"""Numbers no database column can hold, or that only look like digits, never reach a query."""

import pytest

from tests.factories import add_document
from tests.web.helpers import login_as

HUGE = "99999999999999999999"


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

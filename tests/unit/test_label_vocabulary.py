"""One label vocabulary: every list of labels is derived from `Label` and agrees with it."""

import json
import re
from pathlib import Path

import pytest

from app.models import Label
from app.services import claims, formats, import_lines
from app.services.labels import (
    LABEL_KEYS,
    LABEL_MEANINGS,
    LABEL_NAMES,
    LABELS,
    STATE_NAMES,
    STATES,
)
from app.web import charts
from tests.factories import add_document
from tests.web.helpers import login_as

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ["supported", "disputed", "outdated", "not_a_claim"]


def test_the_one_definition_is_the_contract():
    assert list(LABELS) == [label.value for label in Label] == CONTRACT
    for table in (LABEL_NAMES, LABEL_KEYS, LABEL_MEANINGS):
        assert list(table) == CONTRACT
    assert list(LABEL_KEYS.values()) == ["1", "2", "3", "x"]  # the queue's keys (contract)
    assert set(STATES) <= set(STATE_NAMES) and charts.LABELS is STATE_NAMES


@pytest.mark.parametrize("path", ["app/schemas/claim.schema.json", "docs/claim.schema.json"])
def test_the_json_schemas_list_the_same_labels(path):
    schema = json.loads((ROOT / path).read_text())
    properties = schema["properties"]
    assert properties["verdict"]["enum"] == [*CONTRACT, None]
    review = properties["reviews"]["items"]["properties"]
    assert review["label"]["enum"] == CONTRACT


def test_services_derive_their_lists():
    assert set(formats.RATINGS) <= set(LABELS)
    assert all(formats.RATINGS[label][1] == LABEL_NAMES[label] for label in formats.RATINGS)
    assert set(LABELS) == import_lines.LABELS
    assert set(claims.VERDICT_FILTERS) == set(STATES)


def test_app_js_lists_no_labels_or_label_keys():
    script = (ROOT / "app/static/js/app.js").read_text()
    assert not any(label in script for label in CONTRACT)
    assert not re.search(r'\[\s*"1"\s*,\s*"2"', script)


def test_every_state_has_its_colour_in_the_stylesheet():
    css = (ROOT / "app/static/css/app.css").read_text()
    for state in STATES:
        assert f".fill-{state}" in css and f".badge.verdict-{state}" in css, state


@pytest.mark.sqlite_only
def test_pages_and_the_openapi_document_offer_exactly_the_labels(client, session, make_user):
    make_user("ana")
    add_document(session)
    login_as(client, "ana")
    queue = client.get("/queue").get_data(as_text=True)
    buttons = re.findall(r'name="label" value="([a-z_]+)"[^>]*data-key="(.)"', queue)
    assert buttons == list(LABEL_KEYS.items())
    for label in LABELS:
        assert f"{LABEL_NAMES[label].lower()}: {LABEL_MEANINGS[label]}" in queue  # ? help
    for page in ("/claims", "/export"):
        html = client.get(page).get_data(as_text=True)
        assert re.findall(r'<option value="(' + "|".join(LABELS) + r')"', html), page
    document = client.get("/api/v1/openapi.json").get_json()
    text = json.dumps(document)
    enums = re.findall(r'"enum": \[("supported"[^\]]*)\]', text)
    assert enums and all(json.loads(f"[{enum}]")[:4] == CONTRACT for enum in enums)


def test_messages_are_sentences_and_claims_are_cut_at_a_word():
    from app.services.labels import shorten
    from app.web.messages import say

    assert say("claim 4 changed since you loaded it") == "Claim 4 changed since you loaded it."
    assert say("“disputed” needs a note") == "“Disputed” needs a note."
    assert say("Saved.") == "Saved." and say("") == ""
    text = "The regional transport authority announced that the northern railway extension"
    cut = shorten(text, 40)
    assert cut == "The regional transport authority…" and len(cut) <= 40
    assert shorten("Short claim") == "Short claim"

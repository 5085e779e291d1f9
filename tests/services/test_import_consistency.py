"""Import refuses records that contradict themselves: a verdict its reviews do not give
(unless an editor settled it), offsets past the end of the document's text."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from app.models import Claim
from app.services import review
from app.services.export import export_lines
from app.services.importing import import_file
from tests.factories import add_document


def _records(session, **kwargs) -> list[dict]:
    return [json.loads(line) for line in export_lines(session, "jsonl", **kwargs)]


def _write(tmp_path, records) -> object:
    path = tmp_path / "import.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


def _conflict_settled(session, make_user):
    """A claim two reviewers disagree on, settled by an editor; another one agreed."""
    ana, ben, ed = make_user("ana"), make_user("ben"), make_user("ed", role="editor")
    _, claims = add_document(session)
    for actor, label in ((ana, "supported"), (ben, "disputed")):
        review.set_review(session=session, claim_id=claims[0].id, actor=actor, label=label)
    review.settle(session=session, actor=ed, claim_id=claims[0].id, label="disputed",
                  reason="the figure was revised", expected_version=None)
    review.set_review(session=session, claim_id=claims[1].id, actor=ana, label="supported")
    return claims


@pytest.mark.parametrize(("verdict", "reviews", "found"), [
    ("disputed", [("ana", "supported")], "supported"),
    ("supported", [], "none"),
    ("supported", [("ana", "supported"), ("ben", "disputed")], "disputed, supported"),
])
def test_a_verdict_its_reviews_do_not_give_is_refused(session, make_user, other_session,
                                                      tmp_path, verdict, reviews, found):
    _conflict_settled(session, make_user)
    record = _records(session)[1]
    stamp = record["reviews"][0]["created_at"]
    record.update(verdict=verdict, settled_by=None, reviews=[
        {"reviewer": name, "label": label, "note": "", "evidence": [], "created_at": stamp,
         "updated_at": stamp} for name, label in reviews])
    report = import_file(session=other_session, path=_write(tmp_path, [record]))
    assert report.errors == [f"line 1: verdict {verdict!r} contradicts its reviews ({found}); "
                             "only an editor's settlement (settled_by) may differ"]
    assert other_session.exec(select(Claim)).all() == []


def test_a_settled_verdict_round_trips_with_its_editor(session, make_user, other_session,
                                                       tmp_path):
    _conflict_settled(session, make_user)
    records = _records(session, with_text=True)
    assert (records[0]["verdict"], records[0]["settled_by"]) == ("disputed", "ed")
    report = import_file(session=other_session, path=_write(tmp_path, records))
    assert report.ok, report.errors
    settled = other_session.exec(select(Claim).where(Claim.uid == records[0]["id"])).one()
    assert (settled.verdict, settled.settled_by) == ("disputed", "ed")
    assert _records(other_session, with_text=True) == records


def test_a_settlement_in_the_history_counts_as_one(session, make_user, other_session,
                                                   tmp_path):
    _conflict_settled(session, make_user)
    records = _records(session, history=True)
    del records[0]["settled_by"]  # an export from before settled_by was written
    report = import_file(session=other_session, path=_write(tmp_path, records))
    assert report.ok, report.errors
    settled = other_session.exec(select(Claim).where(Claim.uid == records[0]["id"])).one()
    assert (settled.verdict, settled.settled_by) == ("disputed", "ed")


@pytest.mark.parametrize("past", [1, 1000])
def test_offsets_past_the_end_of_the_text_are_refused(session, make_user, other_session,
                                                      tmp_path, past):
    _conflict_settled(session, make_user)
    record = _records(session, with_text=True)[2]
    size = len(record["document"]["text"])
    record["end"] = size + past
    report = import_file(session=other_session, path=_write(tmp_path, [record]))
    assert report.errors == [f"line 1: start and end ({record['start']}, {size + past}) lie "
                             f"past the end of the document's text ({size} characters)"]
    assert other_session.exec(select(Claim)).all() == []

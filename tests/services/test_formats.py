"""CSV, ClaimReview and Prodigy exports, and export filters."""

import csv
import datetime as dt
import io
import json

from app.services import review
from app.services.export import ExportFilter, export_lines
from app.services.formats import CSV_COLUMNS, Publisher
from tests.factories import add_document

PUBLISHER = Publisher("Example Checks", "https://checks.example.org")


def _labelled(session, make_user):
    ana = make_user("ana")
    document, claims = add_document(session, text='Rain fell on Monday. The river rose by '
                                    'two metres, "officials" said. Roads closed.')
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="supported",
                      note="met office, rain gauge", evidence=["https://example.test/met"])
    review.set_review(session=session, claim_id=claims[1].id, actor=ana, label="disputed")
    review.set_review(session=session, claim_id=claims[2].id, actor=ana, label="not_a_claim")
    return document, claims


def test_csv_has_a_header_and_a_row_per_claim_quoting_safely(session, make_user):
    _labelled(session, make_user)
    rows = list(csv.reader(io.StringIO("".join(export_lines(session, "csv")))))
    assert rows[0] == CSV_COLUMNS and len(rows) == 4
    assert rows[1][2] == "supported" and rows[1][14] == "met office, rain gauge"
    assert '"officials"' in rows[2][1]


def test_claimreview_only_for_publishable_verdicts(session, make_user):
    _labelled(session, make_user)
    lines = [json.loads(line) for line in export_lines(session, "claimreview",
                                                       publisher=PUBLISHER)]
    assert [r["reviewRating"]["alternateName"] for r in lines] == ["Supported", "Disputed"]
    first = lines[0]
    assert first["@type"] == "ClaimReview" and first["claimReviewed"] == "Rain fell on Monday"
    assert first["author"]["name"] == "Example Checks"
    assert first["url"].startswith("https://checks.example.org/claims/")
    assert first["itemReviewed"]["@type"] == "Claim"
    assert first["itemReviewed"]["datePublished"] == "2024-01-22"


def test_prodigy_tasks_carry_answers_hashes_and_annotator(session, make_user):
    _labelled(session, make_user)
    tasks = [json.loads(line) for line in export_lines(session, "prodigy")]
    assert [t["answer"] for t in tasks] == ["accept", "accept", "reject"]
    assert all(isinstance(t["_input_hash"], int) and isinstance(t["_task_hash"], int)
               for t in tasks)
    assert tasks[0]["_annotator_id"] == "ana" and isinstance(tasks[0]["_timestamp"], int)


def test_filters_by_reviewer_date_and_time_sensitivity(session, make_user):
    _labelled(session, make_user)
    make_user("ben")

    def count(**kwargs):
        return len(list(export_lines(session, "jsonl", ExportFilter(**kwargs))))

    today = dt.datetime.now(dt.UTC).date()
    assert count(reviewer="ana") == 3 and count(reviewer="ben") == 0
    assert count(since=today) == 3 and count(until=today - dt.timedelta(days=1)) == 0
    assert count(time_sensitive=True) == 0


def test_with_text_adds_the_document_text(session, make_user):
    document, _ = _labelled(session, make_user)
    record = json.loads(next(iter(export_lines(session, "jsonl", with_text=True))))
    assert record["document"]["text"] == document.text
    assert record["document"]["content_hash"] == document.content_hash

"""0013 fills in when each existing claim's dates pass, from its stored dates and its
document's day; down and up again on both databases."""

import datetime as dt
import json

import sqlalchemy as sa
from sqlmodel import Session

from app.db import make_engine
from app.migrate import downgrade, upgrade
from app.models import Claim, as_utc

DATED = [{"text": "by January 26, 2024", "value": "2024-01-26", "deadline": True}]
BEHIND = [{"text": "in 2023", "value": "2023", "deadline": False}]


def _claim(conn, uid: str, dates: list) -> None:
    conn.execute(sa.text(
        "INSERT INTO claim (uid, document_id, text, span_text, sentence, start, \"end\", "
        "span_start, span_end, hedged, dates, entities, score, time_sensitive, spans, "
        "insertions, needs_context, extractor, status, version, created_at, updated_at) "
        "VALUES (:uid, 1, 'x', 'x', 'x.', 0, 2, 0, 1, false, :dates, '[]', 0.5, false, '[]', "
        "'[]', false, 't', 'active', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
        {"uid": uid, "dates": json.dumps(dates)})


def test_existing_claims_get_their_due_instant_and_the_column_goes_down_and_up(empty_db_url):
    engine = make_engine(empty_db_url)
    try:
        upgrade(engine, "0012")
        with engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO document (content_hash, title, published, text, word_count, "
                "extractor, created_at) VALUES ('h', 'T', '2024-01-22', 'x.', 1, 't', "
                "CURRENT_TIMESTAMP)"))
            for uid, dates in (("dated", DATED), ("behind", BEHIND), ("none", [])):
                _claim(conn, uid, dates)
        upgrade(engine)
        with Session(engine) as session:
            due = dict(session.exec(sa.select(Claim.uid, Claim.due_at)).all())
        assert as_utc(due["dated"]) == dt.datetime(2024, 1, 27, tzinfo=dt.UTC)
        assert due["behind"] is None and due["none"] is None
        downgrade(engine, "0012")
        assert "due_at" not in {c["name"] for c in sa.inspect(engine).get_columns("claim")}
        upgrade(engine)
    finally:
        engine.dispose()

"""Property: arbitrary Unicode survives export → import → export byte for byte."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from app.db import make_engine
from app.migrate import upgrade
from app.models import Role
from app.nlp.types import CandidateClaim
from app.services import review, users
from app.services.documents import claims_of
from app.services.export import export_lines
from app.services.importing import import_file
from app.services.ingest import store_document
from app.services.sources import IncomingDocument

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               min_size=1, max_size=60).filter(lambda s: s.strip())
SPECIALS = st.sampled_from(['"quoted"', "line\nbreak", "\u2028", "\U0001f600 emoji",
                            "\u05e9\u05dc\u05d5\u05dd RTL", "back\\slash", "<b>html</b>"])


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("prop") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def _fresh(template, directory, name):
    path = directory / name
    path.write_bytes(template.read_bytes())
    return make_engine(f"sqlite:///{path}")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sentence=TEXT, claim_text=TEXT, note=st.one_of(TEXT, SPECIALS), title=TEXT,
       special=SPECIALS)
def test_export_import_export_is_identical(template, tmp_path_factory, sentence, claim_text,
                                           note, title, special):
    directory = tmp_path_factory.mktemp("case")
    source, target = _fresh(template, directory, "a.db"), _fresh(template, directory, "b.db")
    text = f"{sentence} {special}"
    claim = CandidateClaim(text=claim_text + special, sentence=text, start=0, end=len(text),
                           span_start=0, span_end=len(text), span_text=text,
                           attribution=special, dates=[{"text": special, "value": "2024"}])
    with Session(source, expire_on_commit=False) as session:
        document = store_document(session=session, incoming=IncomingDocument(
            text=text, title=title, source=special, published=dt.date(2024, 1, 22),
            origin="t"), claims=[claim], extractor="t/1", actor=None)
        user = users.create_user(session=session, username="ana", role=Role.REVIEWER.value,
                                 password=None, actor=None)
        [stored] = claims_of(session, document.id)
        review.set_review(session=session, claim_id=stored.id, actor=user, label="disputed",
                          note=note, evidence=["https://example.test/" + "x"])
        first = "".join(export_lines(session, "jsonl", with_text=True))
    path = directory / "export.jsonl"
    path.write_text(first, encoding="utf-8")
    with Session(target, expire_on_commit=False) as session:
        assert import_file(session=session, path=path).ok
        second = "".join(export_lines(session, "jsonl", with_text=True))
    source.dispose()
    target.dispose()
    assert second == first

"""Hostile files through `ingest` and `import`: each bad line named, never a traceback,
nothing partly stored by an import, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from app.models import Claim, Document

GOOD = json.dumps({"text": "Exports rose 4 percent in May, the ministry said.", "title": "Good"})
HOSTILE_DOCUMENT_LINES = {
    "NUL in the title": ('{"text": "Prices fell.", "title": "a\\u0000b"}',
                         "title\" that contains a NUL character"),
    "NUL in the text": ('{"text": "Prices\\u0000 fell."}', "text\" that contains a NUL"),
    "lone surrogate": ('{"text": "Prices fell \\ud800."}', "contains a lone surrogate"),
    "title an object": ('{"text": "Prices fell.", "title": {"a": 1}}', "not a string"),
    "impossible date": ('{"text": "Prices fell.", "published": "2024-99-99"}',
                        "publication date that is not YYYY-MM-DD"),
    "deep nesting": ('{"text": "Prices fell.", "meta": ' + "[" * 5000 + "]" * 5000 + "}",
                     "nested too deeply"),
}


@pytest.fixture
def cli(runner):
    return lambda *args: runner.invoke(args=list(args))


@pytest.mark.model
@pytest.mark.parametrize("case", list(HOSTILE_DOCUMENT_LINES))
def test_ingest_names_a_hostile_line_and_ingests_the_rest(cli, session, tmp_path, case):
    line, message = HOSTILE_DOCUMENT_LINES[case]
    path = tmp_path / "documents.jsonl"
    path.write_text(f"{GOOD}\n{line}\n")
    result = cli("ingest", str(path))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "documents.jsonl:2: " in result.output and message in result.output
    assert "1 documents added" in result.output
    session.rollback()
    assert [d.title for d in session.exec(select(Document))] == ["Good"]


@pytest.mark.parametrize("case", list(HOSTILE_DOCUMENT_LINES))
def test_import_names_a_hostile_line_and_stores_nothing(cli, session, tmp_path, case):
    line, message = HOSTILE_DOCUMENT_LINES[case]
    path = tmp_path / "documents.jsonl"
    path.write_text(f"{GOOD}\n{line}\n")
    result = cli("import", str(path))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "line 2: " in result.output and "Nothing imported" in result.output
    session.rollback()
    assert session.exec(select(Document)).all() == []
    assert session.exec(select(Claim)).all() == []

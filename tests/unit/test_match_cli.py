"""`claimdesk match`: JSON lines per query, at least five matches, best first; bad input named."""

import json

from click.testing import CliRunner

from app.match_cli import match_command
from tests.unit.test_matching import KB


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_match_prints_each_query_with_ranked_matches(tmp_path):
    kb = _write(tmp_path / "kb.jsonl", [{"id": r.id, "text": r.text, "title": r.title} for r in KB])
    queries = _write(
        tmp_path / "q.jsonl",
        [
            {"id": 1, "text": "Leeds mayor: bus fares will double"},
            {"id": "b", "text": "Harbour Bridge closing in March for repairs"},
        ],
    )
    result = CliRunner().invoke(match_command, ["--against", kb, queries])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in rows] == [1, "b"]
    assert [r["matches"][0]["id"] for r in rows] == ["mayor", "bridge"]
    assert all(len(r["matches"]) >= 5 for r in rows)
    scores = [m["score"] for m in rows[0]["matches"]]
    assert scores == sorted(scores, reverse=True)


def test_a_bad_line_is_named(tmp_path):
    kb = _write(tmp_path / "kb.jsonl", [{"id": "x", "text": "a claim"}])
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": 1, "text": "fine"}\n{"id": 2}\n', encoding="utf-8")
    result = CliRunner().invoke(match_command, ["--against", kb, str(queries)])
    assert result.exit_code != 0
    assert "q.jsonl:2" in result.output

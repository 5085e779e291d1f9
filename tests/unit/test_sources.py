"""Reading documents: front matter, JSONL, and clear refusals of bad input."""

import datetime as dt
import json

from app.services.sources import (
    IncomingDocument,
    SourceProblem,
    parse_text_document,
    pasted_document,
    read_paths,
)

LIMIT = 10_000


def read_all(*paths):
    return list(read_paths(paths, max_bytes=LIMIT))


def test_front_matter_gives_title_source_and_date(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("---\ntitle: A title\npublished: 2024-01-22\nsource: https://x.test/a\n---\n"
                    "Body text here.\n")
    [doc] = read_all(path)
    assert isinstance(doc, IncomingDocument)
    assert (doc.title, doc.source, doc.published) == ("A title", "https://x.test/a",
                                                      dt.date(2024, 1, 22))
    assert doc.text == "Body text here.\n"


def test_title_defaults_to_first_line_and_source_to_path(tmp_path):
    path = tmp_path / "b.md"
    path.write_text("\n\nHeadline of the day\n\nBody.")
    [doc] = read_all(path)
    assert doc.title == "Headline of the day"
    assert doc.source == str(path)


def test_empty_binary_non_utf8_and_huge_files_are_named_and_others_still_read(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "binary.txt").write_bytes(b"abc\x00def")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "huge.txt").write_text("x" * (LIMIT + 1))
    (tmp_path / "good.txt").write_text("A fine sentence.")
    results = read_all(tmp_path)
    problems = {p.origin.rsplit("/", 1)[-1]: p.message for p in results
                if isinstance(p, SourceProblem)}
    assert set(problems) == {"empty.txt", "binary.txt", "latin1.txt", "huge.txt"}
    assert "empty" in problems["empty.txt"]
    assert "binary" in problems["binary.txt"]
    assert "UTF-8" in problems["latin1.txt"]
    assert "too large" in problems["huge.txt"]
    assert [d.text for d in results if isinstance(d, IncomingDocument)] == ["A fine sentence."]


def test_jsonl_lines_become_documents_and_bad_lines_name_their_number(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": "d1", "text": "One.", "title": "T1", "published": "2024-02-03"}),
             "{not json", json.dumps({"id": "d3"}), json.dumps(["a list"]),
             json.dumps({"text": "Two.", "published": "yesterday"}), ""]
    path.write_text("\n".join(lines))
    results = read_all(path)
    good = [r for r in results if isinstance(r, IncomingDocument)]
    bad = {r.origin.rsplit(":", 1)[-1]: r.message for r in results
           if isinstance(r, SourceProblem)}
    assert [(d.external_id, d.title, d.published) for d in good] == [
        ("d1", "T1", dt.date(2024, 2, 3))]
    assert set(bad) == {"2", "3", "4", "5"}
    assert "not valid JSON" in bad["2"] and "text" in bad["3"] and "YYYY-MM-DD" in bad["5"]


def test_missing_path_is_a_problem_not_a_crash(tmp_path):
    [problem] = read_all(tmp_path / "nope.txt")
    assert isinstance(problem, SourceProblem) and "no such file" in problem.message


def test_windows_newlines_are_normalised():
    doc = parse_text_document("Line one.\r\n\r\nLine two.", origin="x")
    assert doc.text == "Line one.\n\nLine two."


def test_pasted_text_needs_text_and_a_valid_date():
    assert isinstance(pasted_document("   "), SourceProblem)
    assert isinstance(pasted_document("Text.", published="22/01/2024"), SourceProblem)
    doc = pasted_document("Text.", title="", published="2024-01-22")
    assert doc.title == "Text." and doc.published == dt.date(2024, 1, 22)

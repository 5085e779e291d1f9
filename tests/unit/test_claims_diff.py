"""benchmarks/claims_diff.py: the claims two dumps of the same stories do not share."""

import json

import pytest

from benchmarks.claims_diff import changes


def _dump(path, stories):
    path.write_text("".join(json.dumps({"id": story, "claims": claims, "insertions": []}) + "\n"
                            for story, claims in stories))
    return path


def test_a_changed_text_or_attribution_is_reported_and_an_unchanged_story_is_not(tmp_path):
    before = _dump(tmp_path / "before.jsonl", [
        ("reuters-1", [["[Acme Corp] sold its unit", "Acme Corp"], ["Prices rose", None]]),
        ("reuters-2", [["Rates fell", None]]),
        ("reuters-3", [["The bank cut rates", "the bank"]])])
    after = _dump(tmp_path / "after.jsonl", [
        ("reuters-1", [["[Hutton] sold its unit", "Acme Corp"], ["Prices rose", None]]),
        ("reuters-2", [["Rates fell", None]]),
        ("reuters-3", [["The bank cut rates", None]])])
    found = list(changes(before, after))
    assert [c.story for c in found] == ["reuters-1", "reuters-3"]
    assert found[0].removed == [("[Acme Corp] sold its unit", "Acme Corp")]
    assert found[0].added == [("[Hutton] sold its unit", "Acme Corp")]
    assert found[1].removed == [("The bank cut rates", "the bank")]
    assert found[1].added == [("The bank cut rates", None)]


def test_dumps_of_different_stories_are_refused(tmp_path):
    before = _dump(tmp_path / "before.jsonl", [("reuters-1", [])])
    after = _dump(tmp_path / "after.jsonl", [("reuters-2", [])])
    with pytest.raises(SystemExit, match="different stories"):
        list(changes(before, after))

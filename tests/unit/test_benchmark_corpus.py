"""The benchmarks' corpus readers: what `--texts stories|sentences` time."""

import gzip
import json

from benchmarks.corpus import sentences, stories, story_records


def _corpus(tmp_path, texts):
    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for text in texts:
            handle.write(json.dumps({"text": text}) + "\n")
    return path


def test_stories_skip_records_without_text_and_stop_at_the_limit(tmp_path):
    path = _corpus(tmp_path, ["First story.", "", "  ", "Second story.", "Third story."])
    assert stories(path, 2) == ["First story.", "Second story."]
    assert [r["text"] for r in story_records(path)] == [
        "First story.", "Second story.", "Third story."]


def test_sentences_are_distinct_long_enough_and_cut_at_paragraph_and_sentence_ends(tmp_path):
    path = _corpus(tmp_path, [
        "Prices rose 4 pct in May. Too short.\n\nWages fell 2 pct   on\nFriday, it said.",
        "Prices rose 4 pct in May. Exports grew 3 pct last year, officials said.",
    ])
    assert sentences(path, 10) == [
        "Prices rose 4 pct in May.", "Wages fell 2 pct on Friday, it said.",
        "Exports grew 3 pct last year, officials said."]
    assert sentences(path, 2) == ["Prices rose 4 pct in May.",
                                  "Wages fell 2 pct on Friday, it said."]

"""The benchmarks' texts from the Reuters corpus (`../shared/corpus/reuters21578.jsonl.gz`,
read in place, never copied): whole stories, or their sentences as short documents."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
MIN_SENTENCE_WORDS = 5


def story_records(path: Path) -> Iterator[dict]:
    """The corpus's stories that have a text, in order, as their JSON records."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if (record.get("text") or "").strip():
                yield record


def stories(path: Path, limit: int) -> list[str]:
    """The texts of the corpus's first `limit` stories that have one."""
    found = []
    for record in story_records(path):
        if len(found) >= limit:
            break
        found.append(record["text"])
    return found


def sentences(path: Path, limit: int) -> list[str]:
    """The corpus's first `limit` distinct sentences of five words or more, each story cut
    at paragraph and sentence ends: many short documents, where the cost per document and
    per sentence shows more than in whole stories."""
    found: dict[str, None] = {}
    for record in story_records(path):
        for paragraph in record["text"].split("\n\n"):
            for sentence in _SENTENCE_END.split(" ".join(paragraph.split())):
                if len(sentence.split()) >= MIN_SENTENCE_WORDS:
                    found.setdefault(sentence)
                if len(found) >= limit:
                    return list(found)
    return list(found)

"""How well check-worthiness orders a queue of news claims, beside the sentence model alone.

    .venv/bin/python benchmarks/checkworthiness.py ../shared/corpus/reuters21578.jsonl.gz \\
        [--docs 500] [--skip 0] [--seed-doc seeds/000_2f01eaaadb256f13.txt]

Extracts the claims of the stories (the corpus is read where it lies, never copied) and prints,
for the shipped `score` and for the baseline of the learned sentence score alone: the share of
claims at 0.5 or more (the target is at most half), the share at exactly 1.0, the quantiles, the
largest share of claims sharing one score, and the scores of table rows and boilerplate (found
by patterns of their own here, not by the scorer's features; the target is below 0.2). With
--seed-doc it prints the scores of that document's claims too. CheckThat! F1 is measured apart:

    python3 ../shared/eval/score_checkworthiness.py \
        ../shared/eval/checkworthiness/CT24_checkworthy_english_dev-test.tsv
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np

from app.nlp import SourceText, load_extractor
from app.nlp.checkworthiness import load_scorer

TABLE_ROW = re.compile(
    r"(?i:\b(?:shr|oper|revs?|qtr|avg|prev|nil)\b|\d[\d,.]*(?:\s+(?:mln|billion))?\s+vs\b)"
    r"|^[A-Z][A-Z .,]{10,}\d|^(?:[A-Z][a-z]{2,8}\.? \d\d\s*){2,}$"
)
BOILERPLATE = re.compile(
    r"copyright|all rights reserved|^\s*(?:reporting|editing|writing) by"
    r"|sign up for|our newsletter",
    re.IGNORECASE,
)


def load_stories(path: Path, limit: int, skip: int) -> list[SourceText]:
    """Stories `skip` to `skip + limit` of the JSONL corpus, with their publication dates."""
    stories = []
    with gzip.open(path, "rt", encoding="utf8") as handle:
        for number, line in enumerate(handle):
            if number < skip or not line.strip():
                continue
            record = json.loads(line)
            published = record.get("published")
            day = dt.date.fromisoformat(published) if published else None
            stories.append(SourceText(record["text"], day, record.get("title")))
            if len(stories) >= limit:
                break
    return stories


def spread(label: str, scores: np.ndarray) -> None:
    """One line: share >= 0.5, share at 1.0, quantiles, the largest share on one score."""
    top_tie = Counter(scores.round(3).tolist()).most_common(1)[0][1] / len(scores)
    quantiles = " ".join(f"{q:.2f}" for q in np.quantile(scores, [0.1, 0.25, 0.5, 0.75, 0.9]))
    print(
        f"{label:<28} >=0.5 {np.mean(scores >= 0.5):6.1%}   =1.0 {np.mean(scores >= 1.0):6.1%}"
        f"   q10-90 {quantiles}   largest tie {top_tie:5.1%}"
    )


def junk(label: str, texts: list[str], scores: np.ndarray, pattern: re.Pattern) -> None:
    """How many claims look like table rows (or boilerplate), and how they score."""
    hits = np.array([bool(pattern.search(t)) for t in texts])
    if not hits.any():
        print(f"{label:<28} none")
        return
    print(
        f"{label:<28} {hits.sum():5d} claims ({hits.mean():5.1%})   <0.2 "
        f"{np.mean(scores[hits] < 0.2):6.1%}   max {scores[hits].max():.3f}"
    )


def seed_scores(path: Path) -> None:
    """The scores of one front-matter text file's claims (the seed story)."""
    raw = path.read_text(encoding="utf8")
    head, _, body = raw.partition("\n---\n") if raw.startswith("---") else ("", "", raw)
    found = re.search(r"published:\s*(\d{4}-\d\d-\d\d)", head)
    day = dt.date.fromisoformat(found.group(1)) if found else None
    for claim in load_extractor(learned=True).extract(SourceText(body, day)):
        print(f"  {claim.score:5.3f}  {claim.text[:110]}")


def main() -> None:
    """Extract, score, print the spread beside the sentence model alone."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--skip", type=int, default=0, help="start after this many stories")
    parser.add_argument("--seed-doc", type=Path, default=None)
    args = parser.parse_args()
    stories = load_stories(args.corpus, args.docs, args.skip)
    claims = [c for found in load_extractor(learned=True).extract_many(stories) for c in found]
    texts = [c.text for c in claims]
    shipped = np.array([c.score for c in claims])
    alone = np.array(load_scorer().score_texts([c.sentence for c in claims]))
    print(f"{len(stories)} stories from #{args.skip}, {len(claims)} claims")
    spread("score (shipped)", shipped)
    spread("sentence model alone", alone)
    junk("table rows (shipped)", texts, shipped, TABLE_ROW)
    junk("table rows (model alone)", texts, alone, TABLE_ROW)
    junk("boilerplate (shipped)", texts, shipped, BOILERPLATE)
    if args.seed_doc:
        print(f"claims of {args.seed_doc}:")
        seed_scores(args.seed_doc)


if __name__ == "__main__":
    main()

"""What a change to the extractor does to real news: every claim of N Reuters stories under
two versions of the code, side by side, so that each changed claim can be read against its
story before the change lands (how issue 17's faithfulness fixes were reviewed).

    # the claims of the current tree against those of commit BASE, on stories 1-1,500:
    .venv/bin/python benchmarks/claims_diff.py compare ../shared/corpus/reuters21578.jsonl.gz \
        --base BASE [--docs 1500] [--skip 0] [--out DIR]
    # or by hand: dump each tree's claims (`--tree` another checkout), then diff them
    .venv/bin/python benchmarks/claims_diff.py dump CORPUS OUT.jsonl [--docs N] [--skip S] \
        [--tree DIR]
    .venv/bin/python benchmarks/claims_diff.py diff BEFORE.jsonl AFTER.jsonl

A dump holds, for each story, its claims as [text, attribution] and the context each claim
had inserted as [inserted text, the words it replaces]; `diff` prints, per changed story,
the claims only the first dump has (-) and only the second has (+), and a count. The
extractor runs with a fixed "today" (the seed's 2024-01-22), so the time-sensitive cut-off
changes nothing between runs. `compare` checks BASE out in a temporary git worktree and
dumps it with this interpreter, so the older code runs on the same installed packages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2024, 1, 22)  # the seed story's date: every run cuts time the same way
PROGRESS_EVERY = 100  # stories between two progress lines


def _records(corpus: Path, docs: int, skip: int) -> list[dict]:
    """Stories `skip + 1` to `skip + docs` of the corpus (those with a text)."""
    from benchmarks.corpus import story_records

    return list(islice(story_records(corpus), skip, skip + docs))


def dump(corpus: Path, out: Path, docs: int, skip: int) -> int:
    """Write one JSON line per story (its claims and their insertions); return the claims.
    Imports the extractor from the first `app` on sys.path (`--tree` puts another there)."""
    from app.nlp import SourceText, load_extractor

    records = _records(corpus, docs, skip)
    extractor = load_extractor(today=TODAY)
    sources = (SourceText(r["text"], title=r.get("title")) for r in records)
    total = 0
    with out.open("w", encoding="utf-8") as handle:
        for number, (record, found) in enumerate(
                zip(records, extractor.extract_many(sources), strict=True), start=1):
            claims = [[c.text, c.attribution] for c in found]
            inserted = [[i["text"], i["replaces"]] for c in found for i in c.insertions]
            handle.write(json.dumps({"id": record.get("id"), "claims": claims,
                                     "insertions": inserted}) + "\n")
            total += len(claims)
            if number % PROGRESS_EVERY == 0 or number == len(records):
                print(f"\r{number:,}/{len(records):,} stories, {total:,} claims",
                      end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return total


@dataclass
class StoryChange:
    """The claims of one story that only one side has, each as (text, attribution)."""

    story: str
    removed: list[tuple[str, str | None]] = field(default_factory=list)
    added: list[tuple[str, str | None]] = field(default_factory=list)


def changes(before: Path, after: Path) -> Iterator[StoryChange]:
    """The stories whose claims differ between two dumps of the same stories, in order.
    A claim counts as changed when its text or its attribution changed."""
    with before.open(encoding="utf-8") as old, after.open(encoding="utf-8") as new:
        for old_line, new_line in zip(old, new, strict=True):
            was, now = json.loads(old_line), json.loads(new_line)
            if was["id"] != now["id"]:
                raise SystemExit(f"the dumps hold different stories: {was['id']} / {now['id']}")
            old_claims = [tuple(c) for c in was["claims"]]
            new_claims = [tuple(c) for c in now["claims"]]
            if old_claims != new_claims:
                yield StoryChange(was["id"],
                                  [c for c in old_claims if c not in new_claims],
                                  [c for c in new_claims if c not in old_claims])


def print_diff(before: Path, after: Path) -> int:
    """Print every changed story's claims and a count; return the stories changed."""
    stories = removed = added = 0
    for change in changes(before, after):
        stories += 1
        removed += len(change.removed)
        added += len(change.added)
        print(f"== {change.story}")
        for sign, claims in (("-", change.removed), ("+", change.added)):
            for text, attribution in claims:
                print(f"  {sign} {text} | {attribution}")
    print(f"{stories:,} stories changed: {removed:,} claims only before, {added:,} only after")
    return stories


def compare(corpus: Path, base: str, docs: int, skip: int, out: Path) -> int:
    """Dump the claims of `base` (a worktree) and of this tree, then print their diff."""
    out.mkdir(parents=True, exist_ok=True)
    before, after = out / f"claims-{base}.jsonl", out / "claims-here.jsonl"
    with tempfile.TemporaryDirectory(prefix="claims-diff-") as tmp:
        tree = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(tree), base],
                       cwd=ROOT, check=True)
        try:
            for where, path in ((tree, before), (ROOT, after)):
                print(f"{'base ' + base if where == tree else 'this tree'}:", file=sys.stderr)
                subprocess.run([sys.executable, __file__, "dump", str(corpus.resolve()),
                                str(path), "--docs", str(docs), "--skip", str(skip),
                                "--tree", str(where)], check=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                           check=True)
    return print_diff(before, after)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    stories_of = argparse.ArgumentParser(add_help=False)
    stories_of.add_argument("--docs", type=int, default=1500, help="stories to read")
    stories_of.add_argument("--skip", type=int, default=0, help="stories to skip first")
    one = commands.add_parser("dump", parents=[stories_of], help="dump one tree's claims")
    one.add_argument("corpus", type=Path)
    one.add_argument("out", type=Path)
    one.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose code runs")
    two = commands.add_parser("diff", help="the claims two dumps do not share")
    two.add_argument("before", type=Path)
    two.add_argument("after", type=Path)
    both = commands.add_parser("compare", parents=[stories_of],
                               help="dump BASE and this tree, then diff them")
    both.add_argument("corpus", type=Path)
    both.add_argument("--base", required=True, help="the commit to compare with")
    both.add_argument("--out", type=Path, default=Path("instance/claims-diff"),
                      help="where the two dumps are kept")
    args = parser.parse_args()
    if args.command == "dump":
        sys.path.insert(0, str(args.tree.resolve()))  # (before `app` is first imported)
        sys.path.insert(1, str(ROOT))  # benchmarks.corpus, from this tree
        dump(args.corpus, args.out, args.docs, args.skip)
    elif args.command == "diff":
        print_diff(args.before, args.after)
    else:
        compare(args.corpus, args.base, args.docs, args.skip, args.out)


if __name__ == "__main__":
    main()

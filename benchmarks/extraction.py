"""Claim extraction beside raw spaCy on the same texts, in the same run, and on one huge paragraph.

    .venv/bin/python benchmarks/extraction.py ../shared/corpus/reuters21578.jsonl.gz \
        [--docs 500] [--paragraph-mb 5]

1. News: words/s of raw `nlp.pipe` with the model's own pipes (the floor any extractor on
   spaCy stands on) and of `extract_many` on the same stories, and their ratio, by wall
   time and by this process's CPU seconds (the steadier one on a shared machine).
2. One paragraph: the stories joined into one line of `--paragraph-mb` megabytes (the size the
   ingest limit admits), extracted in a child process; its words/s beside the news figure and
   the child's peak RSS. Extraction parses such a text in bounded windows, so both should stay
   near the news figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLAIMDESK_PIPES = (  # (names, not imports: the script reads the app's model setting only)
    "claimdesk_tickers", "claimdesk_company_names", "claimdesk_abbreviation_boundaries",
    "claimdesk_company_entities", "claimdesk_ticker_features_restored",
)


def stories(path: Path, limit: int) -> list[str]:
    """The texts of the first `limit` stories of the corpus."""
    found = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line).get("text") or ""
            if text.strip():
                found.append(text)
            if len(found) >= limit:
                break
    return found


def words_per_second(words: int, run) -> tuple[float, float, float]:
    """(seconds, words/s, CPU seconds of this process) of one run. On a machine others use
    too, the CPU seconds say what the work costs; the wall seconds, how busy the others were."""
    start, cpu = time.perf_counter(), time.process_time()
    run()
    seconds = time.perf_counter() - start
    return seconds, words / seconds, time.process_time() - cpu


def news(texts: list[str], model: str | None) -> float:
    """Print raw spaCy and extraction on the stories; return extraction's words/s."""
    from app.nlp import SourceText, load_extractor

    extractor = load_extractor(model)
    nlp = extractor.nlp
    words = sum(len(text.split()) for text in texts)
    list(extractor.extract_many([SourceText(t) for t in texts[:5]]))  # warm up
    print(f"{len(texts)} stories, {words:,} words; model {nlp.meta['name']} "
          f"{nlp.meta['version']}")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with nlp.select_pipes(disable=[p for p in CLAIMDESK_PIPES if p in nlp.pipe_names]):
        raw_s, raw, raw_cpu = words_per_second(words, lambda: list(nlp.pipe(texts)))
    claims: list[int] = []
    sources = [SourceText(t) for t in texts]
    ext_s, ext, ext_cpu = words_per_second(words, lambda: claims.extend(
        len(c) for c in extractor.extract_many(sources)))
    for label, seconds, rate, cpu in (("raw spaCy nlp.pipe (baseline)", raw_s, raw, raw_cpu),
                                      ("extract_many", ext_s, ext, ext_cpu)):
        print(f"{label:<36} {seconds:8.2f} s {rate:10,.0f} words/s; CPU {cpu:7.2f} s "
              f"{words / cpu:7,.0f} words per CPU s")
    print(f"claims: {sum(claims):,}; extraction at {ext / raw:.2f}x raw nlp.pipe "
          f"({raw_cpu / ext_cpu:.2f}x by CPU seconds); load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return ext


def paragraph(corpus: Path, megabytes: float, news_rate: float, model: str | None) -> None:
    """Extract one paragraph of the given size in a child process; print speed and peak RSS."""
    size = int(megabytes * 1_000_000)
    parts, length = [], 0
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            part = " ".join((json.loads(line).get("text") or "").split())
            parts.append(part)
            length += len(part) + 1
            if length >= size:
                break
    joined = " ".join(parts)[:size]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "paragraph.txt"
        path.write_text(joined, encoding="utf-8")
        child = [sys.executable, __file__, "--child", str(path)] + (
            ["--model", model] if model else [])
        out = subprocess.run(child, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"one paragraph of {len(joined) / 1e6:.2f} MB ({result['words']:,} words): "
          f"{result['seconds']:.1f} s, {result['rate']:,.0f} words/s "
          f"({result['rate'] / news_rate:.2f}x news), {result['claims']:,} claims, "
          f"peak RSS {peak_mb:,.0f} MB")


def child(path: Path, model: str | None) -> None:
    """Extract the file as one document; print a JSON line of figures."""
    from app.nlp import SourceText, load_extractor

    text = path.read_text(encoding="utf-8")
    extractor = load_extractor(model)
    words = len(text.split())
    start = time.perf_counter()
    claims = extractor.extract(SourceText(text))
    seconds = time.perf_counter() - start
    print(json.dumps({"words": words, "seconds": seconds, "rate": words / seconds,
                      "claims": len(claims)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--paragraph-mb", type=float, default=5.0,
                        help="size of the one-paragraph text (0 to skip)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.corpus, args.model)
        return
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}")
    texts = stories(args.corpus, args.docs)
    rate = news(texts, args.model)
    if args.paragraph_mb > 0:
        paragraph(args.corpus, args.paragraph_mb, rate, args.model)


if __name__ == "__main__":
    main()

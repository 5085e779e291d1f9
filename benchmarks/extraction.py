"""Claim extraction beside raw spaCy on the same texts, in the same run, and on one huge paragraph.

    .venv/bin/python benchmarks/extraction.py ../shared/corpus/reuters21578.jsonl.gz \
        [--texts stories|sentences] [--docs 500] [--paragraph-mb 5] [--rounds 5]

1. News: words/s of raw `nlp.pipe` with the model's own pipes (the floor any extractor on
   spaCy stands on), of raw with claimdesk's pipes too, of `extract_many` on the same
   `--docs` texts and of the rules alone (on parses made beforehand), in `--rounds`
   alternated rounds; their ratios by this process's CPU seconds (the steadier measure on a
   shared machine): of the fastest rounds, and the median of each round's own. The texts are
   whole stories, or with `--texts sentences` the corpus's sentences as short documents
   (as `benchmarks/ingest.py` takes them): there the rules weigh more beside the parse.
2. One paragraph: the stories joined into one line of `--paragraph-mb` megabytes (the size the
   ingest limit admits), extracted in a child process; its words/s beside the news figure and
   the child's peak RSS. Extraction parses such a text in bounded windows, so both should stay
   near the news figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.corpus import sentences, stories, story_records  # noqa: E402

CLAIMDESK_PIPES = (  # (names, not imports: the script reads the app's model setting only)
    "claimdesk_tickers", "claimdesk_company_names", "claimdesk_abbreviation_boundaries",
    "claimdesk_company_entities", "claimdesk_ticker_features_restored",
)


def words_per_second(words: int, run) -> tuple[float, float, float]:
    """(seconds, words/s, CPU seconds of this process) of one run. On a machine others use
    too, the CPU seconds say what the work costs; the wall seconds, how busy the others were."""
    start, cpu = time.perf_counter(), time.process_time()
    run()
    seconds = time.perf_counter() - start
    return seconds, words / seconds, time.process_time() - cpu


class _Parsed:
    """Stands in for the pipeline inside `extract_many` and hands back parses made beforehand,
    so that a round times the rules alone (everything `extract_many` does besides parsing)."""

    def __init__(self, nlp, parses: dict[str, object]) -> None:
        self.nlp, self.parses = nlp, parses

    def pipe(self, items, **_options):
        for text, context in items:
            yield self.parses[text], context

    def __getattr__(self, name: str):
        return getattr(self.nlp, name)


def news(texts: list[str], model: str | None, rounds: int) -> float:
    """Print raw spaCy and extraction on the texts, `rounds` times alternated, and the rules'
    own CPU; return extraction's words/s (the fastest round).

    Each round times, one after another in this process: raw `nlp.pipe` with the model's own
    pipes (issue 12's baseline), raw with claimdesk's pipes too (what ingest is measured
    against), `extract_many`, and the rules alone on the paragraphs it parses (parsed
    beforehand, outside the timing). The cores of this VM change speed by ±15 % within
    minutes, so one round proves little: the summary gives the ratio of the fastest CPU
    times and the median of the rounds' own ratios."""
    from app.nlp import SourceText, load_extractor
    from app.nlp.engine import PIPE_CHARS

    extractor = load_extractor(model)
    nlp = extractor.nlp
    words = sum(len(text.split()) for text in texts)
    sources = [SourceText(t) for t in texts]
    list(extractor.extract_many(sources[:5]))  # warm up
    print(f"{len(texts)} texts, {words:,} words; model {nlp.meta['name']} "
          f"{nlp.meta['version']}; extract_many parses about {PIPE_CHARS:,} characters "
          f"at once, as ingest does")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    claimdesk_pipes = [p for p in CLAIMDESK_PIPES if p in nlp.pipe_names]
    # the paragraphs exactly as extract_many hands them to nlp.pipe (its own splitting)
    paragraphs = [source.text[start:end]
                  for source in sources for start, end in extractor.parsed_ranges(source)]
    parses = dict(zip(paragraphs, nlp.pipe(paragraphs), strict=True))
    claims: list[int] = []

    def extract() -> None:
        claims[:] = [len(found) for found in extractor.extract_many(sources)]

    def rules_alone() -> None:
        extractor.nlp = _Parsed(nlp, parses)
        try:
            deque(extractor.extract_many(sources), maxlen=0)
        finally:
            extractor.nlp = nlp

    def raw_model_pipes() -> None:
        with nlp.select_pipes(disable=claimdesk_pipes):
            deque(nlp.pipe(texts), maxlen=0)

    runs = {"raw spaCy nlp.pipe (baseline)": raw_model_pipes,
            "raw, with claimdesk's pipes": lambda: deque(nlp.pipe(texts), maxlen=0),
            "extract_many": extract, "the rules alone": rules_alone}
    cpu: dict[str, list[float]] = {label: [] for label in runs}
    fastest = 0.0
    for number in range(rounds):
        for label, run in runs.items():
            seconds, rate, spent = words_per_second(words, run)
            cpu[label].append(spent)
            if label == "extract_many":
                fastest = max(fastest, rate)
            print(f"{label:<36} {seconds:8.2f} s {rate:10,.0f} words/s; CPU {spent:7.2f} s "
                  f"{words / spent:7,.0f} words per CPU s")
        print(f"(round {number + 1} of {rounds}; claims: {sum(claims):,}; load average "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())})", flush=True)
    raw_model, raw_all, ext, rules = cpu.values()
    for label, numerator, denominator in (
            ("extraction against raw nlp.pipe", raw_model, ext),
            ("extraction against raw with claimdesk's pipes (ingest's ceiling)", raw_all, ext),
            ("the rules' share of extraction", rules, ext)):
        paired = sorted(a / b for a, b in zip(numerator, denominator, strict=True))
        print(f"{label}: {min(numerator) / min(denominator):.2f} by the fastest CPU times, "
              f"median of rounds {median(paired):.2f} ({paired[0]:.2f}-{paired[-1]:.2f})")
    return fastest


def paragraph(corpus: Path, megabytes: float, news_rate: float, model: str | None) -> None:
    """Extract one paragraph of the given size in a child process; print speed and peak RSS."""
    size = int(megabytes * 1_000_000)
    parts, length = [], 0
    for record in story_records(corpus):
        part = " ".join(record["text"].split())
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
    parser.add_argument("--texts", choices=["stories", "sentences"], default="stories")
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--paragraph-mb", type=float, default=5.0,
                        help="size of the one-paragraph text (0 to skip)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="times to alternate the runs (the summary needs several)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.corpus, args.model)
        return
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}")
    texts = (sentences if args.texts == "sentences" else stories)(args.corpus, args.docs)
    rate = news(texts, args.model, max(1, args.rounds))
    if args.paragraph_mb > 0:
        paragraph(args.corpus, args.paragraph_mb, rate, args.model)


if __name__ == "__main__":
    main()

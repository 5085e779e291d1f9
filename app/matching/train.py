"""Train the matching re-ranker reproducibly and write its artefact.

    python -m app.matching.train \\
        --kb ../shared/eval/claim_matching/verified_claims.jsonl \\
        --train ../shared/eval/claim_matching/train.jsonl \\
        [--dev ../shared/eval/claim_matching/dev.jsonl] [--out app/matching/data/model]

Queries are `{"id", "text", "relevant": [kb ids]}` lines. Candidates are the BM25 top
`candidates` of the knowledge base, labelled by `relevant`; a class-balanced, L2-regularised
logistic regression is fitted on them by Newton's method (deterministic: no sampling, no
seed). The dev file is only scored, never trained or tuned on; the knowledge base gives the
term statistics shipped with the model (collection statistics, no labels).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import platform
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from app.matching.bm25 import Bm25Index, TermStats
from app.matching.features import FEATURES, Statistics, feature_rows
from app.matching.matcher import Reference
from app.matching.ranker import MODEL_DIR, Reranker
from app.matching.text import prepare


@dataclass(frozen=True)
class Settings:
    """Hyper-parameters (C chosen among 0.01–10 by 5-fold cross-validation on train)."""

    candidates: int = 100
    l2: float = 1.0  # 1/C
    newton_steps: int = 50


def read_jsonl(path: Path) -> list[dict]:
    """The JSON objects of a JSON-lines file."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def references(path: Path) -> list[Reference]:
    """The knowledge base of a file of `{"id", "text", "title"?}` lines."""
    return [Reference(str(r["id"]), r["text"], r.get("title") or "") for r in read_jsonl(path)]


def examples(kb: Sequence[Reference], queries: Sequence[dict], stats: Statistics, k: int):
    """(features, labels, query number) of the first-stage candidates of every query."""
    prepared = [prepare(r.text, r.title) for r in kb]
    index = Bm25Index([p.stems for p in prepared])
    rows, labels, groups = [], [], []
    for n, query in enumerate(queries):
        q = prepare(query["text"])
        hits = [i for i, _ in index.search(q.stems, k)]
        relevant = set(map(str, query.get("relevant", ())))
        rows += feature_rows(q, [prepared[i] for i in hits], stats)
        labels += [kb[i].id in relevant for i in hits]
        groups += [n] * len(hits)
    return np.asarray(rows, dtype=float), np.asarray(labels, dtype=float), np.asarray(groups)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float, steps: int) -> tuple[np.ndarray, float]:
    """Class-balanced L2 logistic regression by Newton's method: (weights, bias)."""
    balance = np.where(y > 0, len(y) / (2 * max(y.sum(), 1)), len(y) / (2 * max((1 - y).sum(), 1)))
    design = np.hstack([x, np.ones((len(x), 1))])
    theta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(design @ theta)))
        grad = design.T @ (balance * (p - y)) + penalty * theta
        hess = (design * (balance * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        theta -= step
        if np.abs(step).max() < 1e-10:
            break
    return theta[:-1], float(theta[-1])


def map_at_5(
    scores: np.ndarray, labels: np.ndarray, groups: np.ndarray, queries: Sequence[dict]
) -> dict:
    """MAP@5 and P@1 over all queries (a query whose answer was not a candidate scores 0)."""
    aps, firsts = [], []
    for n, query in enumerate(queries):
        mask = np.flatnonzero(groups == n)
        order = mask[np.argsort(-scores[mask], kind="stable")][:5]
        hits, total = 0, 0.0
        for rank, i in enumerate(order, 1):
            if labels[i]:
                hits += 1
                total += hits / rank
        aps.append(total / min(max(len(query.get("relevant", ())), 1), 5))
        firsts.append(float(len(order) > 0 and labels[order[0]] > 0))
    return {"map5": round(float(np.mean(aps)), 4), "p1": round(float(np.mean(firsts)), 4)}


def sha256(path: Path) -> str:
    """The SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_version() -> dict[str, Any]:
    """The git commit the code was at, and whether the matching package differed from it."""
    root = Path(__file__).resolve().parents[2]
    commit = _git(root, "rev-parse", "HEAD")
    dirty = _git(root, "status", "--porcelain", "--", str(Path(__file__).parent / "*.py"))
    return {"commit": commit, "matching_code_modified": bool(dirty) if commit else None}


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


def train(
    kb_path: Path, train_path: Path, dev_path: Path | None, settings: Settings
) -> tuple[Reranker, dict]:
    """Fit the re-ranker; return it and its meta (data hashes, versions, scores)."""
    kb = references(kb_path)
    docs = [prepare(r.text, r.title) for r in kb]
    stats = Statistics(
        TermStats.count([d.stems for d in docs]), TermStats.count([d.prefixes for d in docs])
    )
    train_queries = read_jsonl(train_path)
    x, y, g = examples(kb, train_queries, stats, settings.candidates)
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    weights, bias = fit_logistic((x - mean) / scale, y, settings.l2, settings.newton_steps)
    model = Reranker(mean, scale, weights, bias, stats, settings.candidates)
    scores = {
        "train": map_at_5(((x - mean) / scale) @ weights, y, g, train_queries),
        "train_bm25": map_at_5(x[:, 0], y, g, train_queries),
    }
    inputs = {"kb": kb_path, "train": train_path}
    if dev_path is not None:
        dev_queries = read_jsonl(dev_path)
        xd, yd, gd = examples(kb, dev_queries, stats, settings.candidates)
        scores["dev"] = map_at_5(((xd - mean) / scale) @ weights, yd, gd, dev_queries)
        scores["dev_bm25"] = map_at_5(xd[:, 0], yd, gd, dev_queries)
        inputs["dev (scored only)"] = dev_path
    meta = {
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "code": code_version(),
        "settings": asdict(settings),
        "features": list(FEATURES),
        "inputs": {name: {"file": p.name, "sha256": sha256(p)} for name, p in inputs.items()},
        "examples": {"queries": len(train_queries), "pairs": len(y), "positives": int(y.sum())},
        "scores": scores,
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "snowballstemmer": version("snowballstemmer"),
        },
        "weights": dict(zip(FEATURES, (round(float(w), 4) for w in weights), strict=True)),
    }
    return model, meta


def write(model: Reranker, meta: dict, out: Path) -> None:
    """Write model.json and meta.json into a directory."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.json").write_text(
        json.dumps(model.to_json(), sort_keys=True) + "\n", encoding="utf-8"
    )
    (out / "meta.json").write_text(
        json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--train", type=Path, required=True)
    parser.add_argument("--dev", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args(argv)
    model, meta = train(args.kb, args.train, args.dev, Settings())
    write(model, meta, args.out)
    print(json.dumps(meta["scores"]))


if __name__ == "__main__":
    main()

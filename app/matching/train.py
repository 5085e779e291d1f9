"""Train the matching re-ranker reproducibly and write its artefact.

    python -m app.matching.train \\
        --kb ../shared/eval/claim_matching/verified_claims.jsonl \\
        --train ../shared/eval/claim_matching/train.jsonl \\
        [--dev ../shared/eval/claim_matching/dev.jsonl] [--out app/matching/data/model] \\
        [--encoder mpnet|minilm]

The shipped model is trained with all-mpnet-base-v2 (the default); the fall-back beside it, in
app/matching/data/model/minilm, with `--encoder minilm`.

Queries are `{"id", "text", "relevant": [kb ids]}` lines. Candidates are the BM25 top
`candidates` of the knowledge base and its `dense_candidates` nearest by sentence embedding,
labelled by `relevant`; a class-balanced, L2-regularised logistic regression is fitted on
their lexical features by Newton's method (deterministic: no sampling, no seed). The weights
of the embedding cosines (query against text, against title) added to its logit are those of
a grid that give the best MAP@5 on train, then moved by coordinate ascent on train MAP@5 with
how each candidate's closeness stands among the query's (rank, gap to the best:
SEMANTIC_FEATURES); a logistic fit of them ranks worse (it spends itself on the easy
negatives). Last, the lexical weights (a copy, for use beside the cosines) and the semantic
ones are moved together by the same ascent on train MAP@5: the pointwise logistic weighs the
lexical features for telling answers from the many easy negatives, not for ordering the few
close ones. A 1-D logistic calibrates the sum back to a probability. `--folds N` also
cross-validates the whole fit on train (query number mod N) and records it. The dev
file is only scored, never trained or tuned on; the knowledge base gives the term statistics
shipped with the model (collection statistics, no labels).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import platform
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from app.matching import mpnet
from app.matching.bm25 import Bm25Index, TermStats
from app.matching.embedding import MAX_TOKENS, MODEL_NAME, PACKAGE, VectorStore
from app.matching.features import FEATURES, Statistics, feature_rows
from app.matching.matcher import Reference, with_nearest
from app.matching.ranker import (
    MODEL_DIR,
    SEMANTIC_FEATURES,
    Reranker,
    Semantic,
    encoder_store,
    semantic_features,
    with_text_for_no_title,
)
from app.matching.text import prepare

ENCODERS = {"mpnet": mpnet.MODEL_NAME, "minilm": MODEL_NAME}


@dataclass(frozen=True)
class Settings:
    """Hyper-parameters (C chosen among 0.01–10 by 5-fold cross-validation on train)."""

    candidates: int = 100
    dense_candidates: int = 50  # 0, 20, 50, 100 tried: 50 best on train
    l2: float = 1.0  # 1/C
    newton_steps: int = 50
    cosine_weights: tuple[float, ...] = (0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0)
    # then each semantic weight in turn moved by one of these while train MAP@5 rises
    ascent_steps: tuple[float, ...] = (-8.0, -4.0, -2.0, -1.0, -0.5, 0.5, 1.0, 2.0, 4.0, 8.0)
    ascent_passes: int = 3
    # last, every weight (lexical copy and semantic) moved by one of these while train MAP@5
    # rises (5-fold CV on train: 0.917 before, 0.923 with 2 passes of these steps)
    joint_steps: tuple[float, ...] = (-1.0, -0.5, -0.25, -0.1, 0.1, 0.25, 0.5, 1.0)
    joint_passes: int = 2


def read_jsonl(path: Path) -> list[dict]:
    """The JSON objects of a JSON-lines file."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def references(path: Path) -> list[Reference]:
    """The knowledge base of a file of `{"id", "text", "title"?}` lines."""
    return [Reference(str(r["id"]), r["text"], r.get("title") or "") for r in read_jsonl(path)]


@dataclass
class Examples:
    """The first-stage candidates of every query: features, labels, query number, cosines."""

    x: np.ndarray
    y: np.ndarray
    groups: np.ndarray
    cosines: np.ndarray  # (n, 2): text, title; zeros without the embedding model


def examples(
    kb: Sequence[Reference],
    queries: Sequence[dict],
    stats: Statistics,
    settings: Settings,
    vectors: VectorStore | None,
) -> Examples:
    """The candidates `Matcher` would rank for each query, with what training needs of them."""
    prepared = [prepare(r.text, r.title) for r in kb]
    index = Bm25Index([p.stems for p in prepared])
    asked = [prepare(query["text"]) for query in queries]
    if vectors is not None:
        texts = vectors.vectors([p.body for p in prepared])
        titles = vectors.vectors([p.title for p in prepared])
        titled = titles.any(1)
        bodies = vectors.vectors([q.body for q in asked])
    rows, labels, groups, cosines = [], [], [], []
    for n, (query, q) in enumerate(zip(queries, asked, strict=True)):
        hits = [i for i, _ in index.search(q.stems, settings.candidates)]
        if vectors is not None:
            by_text = texts @ bodies[n]
            by_title = with_text_for_no_title(by_text, titles @ bodies[n], titled)
            hits = with_nearest(hits, np.maximum(by_text, by_title), settings.dense_candidates)
            cosines += zip(by_text[hits], by_title[hits], strict=True)
        else:
            cosines += [(0.0, 0.0)] * len(hits)
        relevant = set(map(str, query.get("relevant", ())))
        rows += feature_rows(q, [prepared[i] for i in hits], stats)
        labels += [kb[i].id in relevant for i in hits]
        groups += [n] * len(hits)
    return Examples(
        np.asarray(rows, dtype=float),
        np.asarray(labels, dtype=float),
        np.asarray(groups),
        np.asarray(cosines, dtype=float).reshape(-1, 2),
    )


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
    """MAP@5 and P@1 over all queries (a query whose answer was not a candidate scores 0).

    Vectorised (the coordinate ascents call it thousands of times): each query's candidates
    are laid in one row of a table, in row order, so a stable sort breaks ties by row order."""
    count = len(queries)
    keep = np.flatnonzero(groups < count)
    order = keep[np.argsort(groups[keep], kind="stable")]
    owner = groups[order]
    sizes = np.bincount(owner, minlength=count)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    place = np.arange(len(order)) - starts[owner]
    table = np.full((count, max(int(sizes.max(initial=0)), 1)), -np.inf)
    table[owner, place] = scores[order]
    answers = np.zeros(table.shape)
    answers[owner, place] = labels[order] > 0
    top = np.argsort(-table, axis=1, kind="stable")[:, :5]
    found = np.take_along_axis(answers, top, 1)
    precision = np.cumsum(found, 1) / np.arange(1, found.shape[1] + 1)
    wanted = np.array([min(max(len(q.get("relevant", ())), 1), 5) for q in queries])
    aps = (found * precision).sum(1) / wanted if count else np.zeros(0)
    firsts = found[:, 0] if count else np.zeros(0)
    return {"map5": round(float(np.mean(aps)), 4), "p1": round(float(np.mean(firsts)), 4)}


def _rows_of(groups: np.ndarray, count: int) -> list[np.ndarray]:
    """The row positions of each query number 0…count-1, in row order."""
    order = np.argsort(groups, kind="stable")
    bounds = np.searchsorted(groups[order], np.arange(count + 1))
    return [order[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


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


def semantic_rows(cosines: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """SEMANTIC_FEATURES of every row, each query's candidates taken together."""
    out = np.zeros((len(cosines), len(SEMANTIC_FEATURES)))
    for rows in _rows_of(groups, int(groups.max()) + 1 if len(groups) else 0):
        out[rows] = semantic_features(cosines[rows])
    return out


def fit_semantic(
    ex: Examples, lexical: np.ndarray, queries: Sequence[dict], settings: Settings, sha: str
) -> Semantic:
    """Semantic weights by train MAP@5: the best (text, title) cosine weights of a grid (ties:
    the smaller), then coordinate ascent over all SEMANTIC_FEATURES from there; then
    calibrated. Directly on MAP, since a logistic fit of them ranks worse (it spends itself on
    the easy negatives); the design was chosen by 5-fold cross-validation on train."""
    features = semantic_rows(ex.cosines, ex.groups)

    def score(w: np.ndarray) -> float:
        return map_at_5(lexical + features @ w, ex.y, ex.groups, queries)["map5"]

    def weights(text: float, title: float) -> np.ndarray:
        w = np.zeros(len(SEMANTIC_FEATURES))
        w[:2] = text, title
        return w

    grid = [(a, b) for a in settings.cosine_weights for b in settings.cosine_weights]
    best = ascend(weights(*max(grid, key=lambda w: (score(weights(*w)), -sum(w)))), score,
                  settings.ascent_steps, settings.ascent_passes)
    slope, intercept = _calibrate(lexical + features @ best, ex.y, settings)
    return Semantic(MODEL_NAME, sha, tuple(float(w) for w in best), slope, intercept,
                    settings.dense_candidates)


def ascend(
    start: np.ndarray, score: Callable[[np.ndarray], float], steps: Sequence[float], passes: int
) -> np.ndarray:
    """Coordinate ascent: each weight in turn moved by each step, kept when the score rises,
    for at most `passes` rounds (fewer once a round moves nothing)."""
    best, reached = start.copy(), score(start)
    for _ in range(passes):
        moved = False
        for j in range(len(best)):
            for step in steps:
                trial = best.copy()
                trial[j] += step
                if (found := score(trial)) > reached:
                    best, reached, moved = trial, found, True
        if not moved:
            break
    return best


def _calibrate(logits: np.ndarray, labels: np.ndarray, settings: Settings) -> tuple[float, float]:
    """(slope, intercept) of a 1-D logistic taking ranking logits back to probabilities."""
    (slope,), intercept = fit_logistic(logits[:, None], labels, 1e-6, settings.newton_steps)
    return float(slope), intercept


def fit_jointly(
    z: np.ndarray,
    ex: Examples,
    queries: Sequence[dict],
    lexical: tuple[np.ndarray, float],
    semantic: Semantic,
    settings: Settings,
) -> Semantic:
    """The semantic part with lexical weights of its own: the logistic's (`lexical`: weights,
    bias over standardised features z) and the semantic weights moved together by coordinate
    ascent on train MAP@5, then calibrated again."""
    weights, bias = lexical
    design = np.hstack([z, semantic_rows(ex.cosines, ex.groups)])

    def score(theta: np.ndarray) -> float:
        return map_at_5(design @ theta, ex.y, ex.groups, queries)["map5"]

    start = np.concatenate([weights, semantic.weights])
    theta = ascend(start, score, settings.joint_steps, settings.joint_passes)
    slope, intercept = _calibrate(design @ theta + bias, ex.y, settings)
    split = len(weights)
    return replace(semantic, weights=tuple(float(w) for w in theta[split:]), slope=slope,
                   intercept=intercept, lexical_weights=tuple(float(w) for w in theta[:split]))


def fit(
    ex: Examples, queries: Sequence[dict], stats: Statistics, settings: Settings, sha: str | None
) -> Reranker:
    """The re-ranker fitted on the examples of `queries` (`sha`: the encoder's fingerprint, or
    None for lexical features only)."""
    mean, scale = ex.x.mean(0), ex.x.std(0)
    scale[scale == 0] = 1.0
    z = (ex.x - mean) / scale
    weights, bias = fit_logistic(z, ex.y, settings.l2, settings.newton_steps)
    semantic = None
    if sha is not None:
        semantic = fit_semantic(ex, z @ weights + bias, queries, settings, sha)
        semantic = fit_jointly(z, ex, queries, (weights, bias), semantic, settings)
    return Reranker(mean, scale, weights, bias, stats, settings.candidates, semantic)


def subset(ex: Examples, numbers: Sequence[int]) -> Examples:
    """The examples of the queries numbered `numbers`, renumbered 0… in that order."""
    renumber = np.full(int(ex.groups.max()) + 1 if len(ex.groups) else 0, -1)
    renumber[np.asarray(numbers, dtype=int)] = np.arange(len(numbers))
    keep = renumber[ex.groups] >= 0
    return Examples(ex.x[keep], ex.y[keep], renumber[ex.groups[keep]], ex.cosines[keep])


def cross_validate(
    ex: Examples,
    queries: Sequence[dict],
    stats: Statistics,
    settings: Settings,
    sha: str | None,
    folds: int,
) -> dict:
    """MAP@5 of the whole fit by `folds`-fold cross-validation on the training queries (fold
    of a query: its number mod folds): the mean over folds, and each fold's."""
    per_fold = []
    for fold in range(folds):
        inside = [n for n in range(len(queries)) if n % folds != fold]
        held = [n for n in range(len(queries)) if n % folds == fold]
        model = fit(subset(ex, inside), [queries[n] for n in inside], stats, settings, sha)
        held_ex, held_queries = subset(ex, held), [queries[n] for n in held]
        per_fold.append(_scores("cv", model, held_ex, held_queries)["cv"]["map5"])
    return {"map5": round(float(np.mean(per_fold)), 4), "folds": per_fold}


def train(
    kb_path: Path,
    train_path: Path,
    dev_path: Path | None,
    settings: Settings,
    folds: int = 0,
    encoder: str = "mpnet",
) -> tuple[Reranker, dict]:
    """Fit the re-ranker with the cosines of `encoder` (a key of ENCODERS; lexical only if it
    is not installed), and cross-validate it on train with `folds` > 1; return it and its meta
    (data hashes, versions, scores)."""
    kb = references(kb_path)
    docs = [prepare(r.text, r.title) for r in kb]
    stats = Statistics(
        TermStats.count([d.stems for d in docs]), TermStats.count([d.prefixes for d in docs])
    )
    name = ENCODERS[encoder]
    vectors = encoder_store(name)[0]
    sha = None if vectors is None else vectors.encoder.fingerprint
    train_queries = read_jsonl(train_path)
    ex = examples(kb, train_queries, stats, settings, vectors)
    model = fit(ex, train_queries, stats, settings, sha)
    if model.semantic is not None:
        model = replace(model, semantic=replace(model.semantic, model=name))
    weights, semantic = model.weights, model.semantic
    scores = _scores("train", model, ex, train_queries)
    if folds > 1:
        scores["train_cv"] = cross_validate(ex, train_queries, stats, settings, sha, folds)
    inputs = {"kb": kb_path, "train": train_path}
    if dev_path is not None:
        dev_queries = read_jsonl(dev_path)
        scores |= _scores("dev", model, examples(kb, dev_queries, stats, settings, vectors),
                          dev_queries)
        inputs["dev (scored only)"] = dev_path
    meta = {
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "code": code_version(),
        "settings": asdict(settings),
        "features": list(FEATURES),
        "inputs": {name: {"file": p.name, "sha256": sha256(p)} for name, p in inputs.items()},
        "examples": {
            "queries": len(train_queries), "pairs": len(ex.y), "positives": int(ex.y.sum())
        },
        "scores": scores,
        "versions": _versions(),
        "embedding": None if semantic is None else {
            "model": name,
            "package": _packages(name),
            "weights_sha256": semantic.sha256,
            "max_tokens": mpnet.MAX_TOKENS if name == mpnet.MODEL_NAME else MAX_TOKENS,
            "weights": dict(zip(SEMANTIC_FEATURES, semantic.weights, strict=True)),
            "lexical_weights": dict(zip(
                FEATURES, (round(w, 4) for w in semantic.lexical_weights), strict=True
            )),
        },
        "weights": dict(zip(FEATURES, (round(float(w), 4) for w in weights), strict=True)),
    }
    return model, meta


def _scores(name: str, model: Reranker, ex: Examples, queries: Sequence[dict]) -> dict:
    """MAP@5 and P@1 of the model, of its lexical part, and of BM25 alone, on one query set."""
    z = (ex.x - model.mean) / model.scale
    out = {
        name: map_at_5(z @ model.weights + model.bias, ex.y, ex.groups, queries),
        f"{name}_bm25": map_at_5(ex.x[:, 0], ex.y, ex.groups, queries),
    }
    if model.semantic is not None:
        out[f"{name}_lexical_only"] = out[name]
        semantic = model.semantic
        lexical = z @ np.asarray(semantic.lexical_weights or model.weights) + model.bias
        combined = semantic.slope * (
            lexical + semantic_rows(ex.cosines, ex.groups) @ np.asarray(semantic.weights)
        ) + semantic.intercept
        out[name] = map_at_5(combined, ex.y, ex.groups, queries)
    return out


def _packages(model: str) -> str:
    """The packages, pinned, that bring the named encoder's weights."""
    names = mpnet.PARTS if model == mpnet.MODEL_NAME else (PACKAGE.replace("_", "-"),)
    return " ".join(f"{n}=={version(n)}" for n in names)


def _versions() -> dict[str, str]:
    """The versions of what the model's numbers depend on."""
    found = {"python": platform.python_version(), "numpy": np.__version__}
    for name in ("snowballstemmer", "tokenizers"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


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
    parser.add_argument("--folds", type=int, default=0, help="cross-validate on train too")
    parser.add_argument("--encoder", choices=sorted(ENCODERS), default="mpnet")
    args = parser.parse_args(argv)
    model, meta = train(args.kb, args.train, args.dev, Settings(), args.folds, args.encoder)
    write(model, meta, args.out)
    print(json.dumps(meta["scores"]))


if __name__ == "__main__":
    main()

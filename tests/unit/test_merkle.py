"""Merkle trees agree with RFC 6962/9162's reference vectors and with the RFC's definitions."""

import hashlib

import pytest

from app.services import merkle

# The Certificate Transparency reference tree (RFC 6962's test data, kept by RFC 9162).
DATA = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243",
                                   "5051525354555657", "606162636465666768696a6b6c6d6e6f")]
LEAVES = [merkle.leaf_hash(d) for d in DATA]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = [  # (leaf index, tree size, path)
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]
CONSISTENCY = [  # (first size, second size, proof)
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]


def rfc_mth(leaves):
    """RFC 9162 §2.1.1's Merkle Tree Hash, written from the text as an independent check."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + rfc_mth(leaves[:k]) + rfc_mth(leaves[k:])).digest()


def test_roots_match_the_reference_tree():
    for size in range(len(LEAVES) + 1):
        assert merkle.root(LEAVES[:size]).hex() == ROOTS[size]


def test_inclusion_proofs_match_the_reference_and_verify():
    for index, size, expected in INCLUSION:
        proof = merkle.inclusion_proof(index, size, merkle.subtree_of(LEAVES))
        assert [p.hex() for p in proof] == expected
        root = bytes.fromhex(ROOTS[size])
        assert merkle.verify_inclusion(index, size, LEAVES[index], proof, root)
        assert not merkle.verify_inclusion(index, size, LEAVES[index - 1], proof, root)


def test_consistency_proofs_match_the_reference_and_verify():
    for first, second, expected in CONSISTENCY:
        proof = merkle.consistency_proof(first, second, merkle.subtree_of(LEAVES))
        assert [p.hex() for p in proof] == expected
        roots = bytes.fromhex(ROOTS[first]), bytes.fromhex(ROOTS[second])
        assert merkle.verify_consistency(first, second, *roots, proof)


def test_every_proof_of_every_shape_verifies_and_no_altered_one_does():
    leaves = [merkle.leaf_hash(bytes([i, i * 7 % 256])) for i in range(37)]
    subtree = merkle.subtree_of(leaves)
    for size in range(1, len(leaves) + 1):
        root = rfc_mth(leaves[:size])
        assert merkle.root(leaves[:size]) == root
        for index in range(size):
            proof = merkle.inclusion_proof(index, size, subtree)
            assert merkle.verify_inclusion(index, size, leaves[index], proof, root)
            if index ^ 1 < size:  # the same path read for the sibling's place
                assert not merkle.verify_inclusion(index ^ 1, size, leaves[index], proof, root)
            if proof:
                bent = [proof[0][::-1], *proof[1:]]
                assert not merkle.verify_inclusion(index, size, leaves[index], bent, root)
        for first in range(1, size + 1):
            proof = merkle.consistency_proof(first, size, subtree)
            first_root = rfc_mth(leaves[:first])
            assert merkle.verify_consistency(first, size, first_root, root, proof)
            if first < size:
                other = rfc_mth([*leaves[:first - 1], leaves[-1]])
                assert not merkle.verify_consistency(first, size, other, root, proof)


def test_frontier_resumes_from_its_saved_edge():
    saved = merkle.Frontier.of(LEAVES[:5])
    resumed = merkle.Frontier(saved.size, saved.hashes)
    for leaf in LEAVES[5:]:
        resumed.append(leaf)
    assert resumed.root().hex() == ROOTS[8]
    with pytest.raises(ValueError):
        merkle.Frontier(5, saved.hashes[:1])

"""RFC 9162 (Certificate Transparency 2.0) Merkle trees: hashes, proofs, and their checks.

Pure functions over leaf hashes, so that the log, its proofs and any outside verifier share
one definition: a leaf hashes as SHA-256(0x00 || data), a node as SHA-256(0x01 || left ||
right), and a tree of n leaves splits at the largest power of two below n (RFC 9162 §2.1).
Proofs take `subtree(lo, hi)`, the hash of leaves lo..hi-1, so a store can answer it from
saved nodes instead of every leaf.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

Subtree = Callable[[int, int], bytes]
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """The hash of one log entry."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an inner node from its two children."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(size: int) -> int:
    """The largest power of two smaller than `size` (≥ 2): where a tree of it splits."""
    return 1 << ((size - 1).bit_length() - 1)


def root(leaves: Sequence[bytes]) -> bytes:
    """The root (Merkle Tree Hash) of these leaf hashes."""
    return Frontier.of(leaves).root()


def subtree_of(leaves: Sequence[bytes]) -> Subtree:
    """`subtree(lo, hi)` over leaf hashes held in memory."""
    return lambda lo, hi: root(leaves[lo:hi])


def inclusion_proof(index: int, size: int, subtree: Subtree) -> list[bytes]:
    """The audit path of leaf `index` in the tree of the first `size` leaves (PATH)."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    return _path(index, 0, size, subtree)


def _path(index: int, lo: int, hi: int, subtree: Subtree) -> list[bytes]:
    if hi - lo == 1:
        return []
    k = split(hi - lo)
    if index < k:
        return _path(index, lo, lo + k, subtree) + [subtree(lo + k, hi)]
    return _path(index - k, lo + k, hi, subtree) + [subtree(lo, lo + k)]


def consistency_proof(first: int, second: int, subtree: Subtree) -> list[bytes]:
    """The proof that the tree of `first` leaves is a prefix of that of `second` (PROOF)."""
    if not 0 < first <= second:
        raise ValueError(f"no consistency proof from {first} to {second}")
    return _subproof(first, 0, second, True, subtree)


def _subproof(m: int, lo: int, hi: int, whole: bool, subtree: Subtree) -> list[bytes]:
    if m == hi - lo:
        return [] if whole else [subtree(lo, hi)]
    k = split(hi - lo)
    if m <= k:
        return _subproof(m, lo, lo + k, whole, subtree) + [subtree(lo + k, hi)]
    return _subproof(m - k, lo + k, hi, False, subtree) + [subtree(lo, lo + k)]


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes],
                     root_hash: bytes) -> bool:
    """Whether `proof` shows `leaf` at `index` in the tree of `size` with `root_hash`
    (RFC 9162 §2.1.3.2)."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root_hash


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """Whether `proof` shows the tree (`first`, `first_root`) is a prefix of the tree
    (`second`, `second_root`) (RFC 9162 §2.1.4.2)."""
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof and first_root == EMPTY_ROOT
    if not 0 < first < second or not proof:
        return False
    path = [first_root, *proof] if first & (first - 1) == 0 else list(proof)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0


class Frontier:
    """The right edge of a tree (the roots of its perfect subtrees, largest first): enough
    to append leaves and compute the root without the earlier leaves."""

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if len(hashes) != bin(size).count("1"):
            raise ValueError(f"a tree of {size} leaves has {bin(size).count('1')} edge nodes")
        self.size, self.hashes = size, list(hashes)

    @classmethod
    def of(cls, leaves: Sequence[bytes]) -> Frontier:
        frontier = cls()
        for leaf in leaves:
            frontier.append(leaf)
        return frontier

    def append(self, leaf: bytes) -> None:
        """Add one leaf hash, merging the perfect subtrees it completes."""
        self.hashes.append(leaf)
        size = self.size
        while size & 1:
            right = self.hashes.pop()
            self.hashes[-1] = node_hash(self.hashes[-1], right)
            size >>= 1
        self.size += 1

    def root(self) -> bytes:
        """The tree's root: its edge nodes folded from the right."""
        if not self.hashes:
            return EMPTY_ROOT
        result = self.hashes[-1]
        for left in reversed(self.hashes[:-1]):
            result = node_hash(left, result)
        return result

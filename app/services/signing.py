"""Ed25519 keys and signed checkpoints in the C2SP formats transparency logs share.

A checkpoint is a signed note (c2sp.org/signed-note) whose text is a tlog checkpoint
(c2sp.org/tlog-checkpoint): the log's origin, the tree size, the base64 root hash and one
extension line with the time, then a blank line and a signature line
"— <key name> base64(key hash[4] || Ed25519 signature of the text)". Go's sumdb, Sigstore
and Trillian's tools read the same format; docs/audit.md spells it out.
No database here: the standalone proof check uses this module too.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SIGNATURE_DASH = "\u2014"  # "—", as signed notes write it
ED25519_TYPE = b"\x01"


class CheckpointInvalid(ValueError):
    """A checkpoint that does not parse, or whose signature is not the log's."""


@dataclass(frozen=True)
class Checkpoint:
    """A verified checkpoint: which log, how many leaves, their root, when."""

    origin: str
    size: int
    root: bytes
    time: str
    note: str


def create_key(path: Path) -> bool:
    """Write a new private key to `path` (0600) and its public key beside it (`.pub`);
    False when a key is already there (it is never replaced)."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    public_path(path).write_bytes(public_pem(key.public_key()))
    return True


def public_path(key_path: Path) -> Path:
    """Where the public key of the private key at `key_path` is written."""
    return key_path.with_name(key_path.name + ".pub")


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The private key at `path`, or FileNotFoundError saying how to make one."""
    if not path.exists():
        raise FileNotFoundError(f"no audit key at {path}: `claimdesk init` creates it")
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM (SubjectPublicKeyInfo)."""
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


def key_hash(name: str, key: Ed25519PublicKey) -> bytes:
    """The 4-byte key id of signed notes: SHA-256(name || "\\n" || 0x01 || key)[:4]."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(name.encode() + b"\n" + ED25519_TYPE + raw).digest()[:4]


def sign_checkpoint(key: Ed25519PrivateKey, origin: str, size: int, root: bytes,
                    at: dt.datetime) -> str:
    """The signed note of a checkpoint of the tree (`size`, `root`) at `at`."""
    if not origin or any(c.isspace() or c == "+" for c in origin):
        raise ValueError(f"a log's origin has no spaces or '+': {origin!r}")
    stamp = at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = f"{origin}\n{size}\n{base64.b64encode(root).decode()}\ntime {stamp}\n"
    signature = key.sign(body.encode())
    blob = base64.b64encode(key_hash(origin, key.public_key()) + signature).decode()
    return f"{body}\n{SIGNATURE_DASH} {origin} {blob}\n"


def open_checkpoint(note: str, key: Ed25519PublicKey) -> Checkpoint:
    """The checkpoint in `note` if `key` signed it; CheckpointInvalid otherwise."""
    body, separator, signatures = note.partition("\n\n")
    if not separator or not body:
        raise CheckpointInvalid("not a signed note (no blank line before its signatures)")
    body += "\n"
    lines = body.splitlines()
    if len(lines) < 3 or not lines[1].isdigit():
        raise CheckpointInvalid("not a checkpoint (origin, size, root hash)")
    origin = lines[0]
    if not _signed_by(body, signatures, origin, key):
        raise CheckpointInvalid(f"not signed by the key of {origin!r}")
    try:
        root = base64.b64decode(lines[2], validate=True)
    except ValueError:
        raise CheckpointInvalid("its root hash is not base64") from None
    if len(root) != 32:
        raise CheckpointInvalid("its root hash is not 32 bytes")
    time = next((line[5:] for line in lines[3:] if line.startswith("time ")), "")
    return Checkpoint(origin=origin, size=int(lines[1]), root=root, time=time, note=note)


def _signed_by(body: str, signatures: str, name: str, key: Ed25519PublicKey) -> bool:
    """Whether a signature line names `name` and holds a valid signature of `key`."""
    wanted = key_hash(name, key)
    for line in signatures.splitlines():
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != SIGNATURE_DASH or parts[1] != name:
            continue
        try:
            blob = base64.b64decode(parts[2], validate=True)
        except ValueError:
            continue
        if blob[:4] != wanted:
            continue
        try:
            key.verify(blob[4:], body.encode())
            return True
        except InvalidSignature:
            continue
    return False

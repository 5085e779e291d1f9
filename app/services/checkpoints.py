"""Signed checkpoints of the audit tree: written to the database and to a plain append-only
file outside it, read back from both and checked against the log's public key.

The file is the copy an attacker holding only the database cannot rewrite: each line is
one JSON object {"size", "root", "note"}, `note` being the signed checkpoint itself.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlmodel import Session, select

from app.db import begin_write
from app.models import AuditCheckpoint, as_utc
from app.services import signing
from app.services.audit_tree import TreeStore, tree_head
from app.services.clock import write_time


@dataclass(frozen=True)
class LogSettings:
    """Where the log's key and checkpoint file are, and the name it signs as."""

    key_path: Path
    checkpoint_file: Path
    origin: str

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> LogSettings:
        """The log's settings from the app's config (`AUDIT_KEY_FILE` and friends)."""
        return cls(key_path=Path(config["AUDIT_KEY_FILE"]),
                   checkpoint_file=Path(config["CHECKPOINT_FILE"]),
                   origin=config["AUDIT_ORIGIN"])

    def public_key(self) -> Ed25519PublicKey | None:
        """The log's public key (from the `.pub` file, else the private key), or None
        when no key was made yet."""
        public = signing.public_path(self.key_path)
        if public.exists():
            return signing.load_public_key(public.read_bytes())
        if self.key_path.exists():
            return signing.load_private_key(self.key_path).public_key()
        return None


def latest(session: Session) -> AuditCheckpoint | None:
    """The newest checkpoint stored in the database."""
    query = select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1)
    return session.exec(query).first()


def write_checkpoint(session: Session, log: LogSettings, *,
                     force: bool = False) -> AuditCheckpoint | None:
    """Sign the integrated tree's head, store it and append it to the file; None when the
    newest checkpoint already covers it (unless `force`)."""
    key = signing.load_private_key(log.key_path)
    begin_write(session)
    size, root = tree_head(session)
    last = latest(session)
    if last is not None and last.size == size and not force:
        session.rollback()
        return None
    at = write_time(session)
    note = signing.sign_checkpoint(key, log.origin, size, root, at)
    row = AuditCheckpoint(size=size, root=root.hex(), at=at, note=note)
    session.add(row)
    session.commit()
    append_to_file(log.checkpoint_file, row)
    return row


def append_to_file(path: Path, checkpoint: AuditCheckpoint) -> None:
    """Append one checkpoint line and make it durable before returning."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"size": checkpoint.size, "root": checkpoint.root,
                       "note": checkpoint.note}, ensure_ascii=False) + "\n"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


@dataclass(frozen=True)
class Found:
    """A checkpoint as read, with where it came from; `problem` when it did not verify."""

    source: str
    checkpoint: signing.Checkpoint | None
    problem: str = ""


def read_all(session: Session, log: LogSettings,
             key: Ed25519PublicKey) -> list[Found]:
    """Every checkpoint in the database and the file, each opened with `key`."""
    found = [_opened(f"database checkpoint {row.id}", row.note, key, log.origin)
             for row in session.exec(select(AuditCheckpoint).order_by(AuditCheckpoint.id))]
    if log.checkpoint_file.exists():
        with log.checkpoint_file.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                where = f"{log.checkpoint_file.name} line {number}"
                try:
                    note = json.loads(line)["note"]
                except (ValueError, KeyError, TypeError):
                    found.append(Found(where, None, "not a checkpoint line"))
                    continue
                found.append(_opened(where, note, key, log.origin))
    return found


def _opened(source: str, note: str, key: Ed25519PublicKey, origin: str) -> Found:
    try:
        checkpoint = signing.open_checkpoint(note, key)
    except signing.CheckpointInvalid as error:
        return Found(source, None, str(error))
    if checkpoint.origin != origin:
        return Found(source, None, f"it is a checkpoint of another log ({checkpoint.origin!r})")
    return Found(source, checkpoint)


def due(session: Session, *, every_events: int, every_seconds: float) -> bool:
    """Whether the tree grew by `every_events` since the newest checkpoint, or has grown
    at all and that checkpoint is `every_seconds` old."""
    size, _ = tree_head(session)
    last = latest(session)
    if last is None:
        return size > 0
    if size == last.size:
        return False
    age = (dt.datetime.now(dt.UTC) - as_utc(last.at)).total_seconds()
    return size - last.size >= every_events or age >= every_seconds


def exported(session: Session) -> list[dict[str, Any]]:
    """Every stored checkpoint, oldest first, each with the consistency proof from the one
    before it: what a monitor needs to follow the log without its data."""
    store, previous, lines = TreeStore(session), None, []
    for row in session.exec(select(AuditCheckpoint).order_by(AuditCheckpoint.size,
                                                             AuditCheckpoint.id)):
        line: dict[str, Any] = {"size": row.size, "root": row.root, "note": row.note}
        if previous is not None and 0 < previous.size < row.size:
            line["consistency_from"] = previous.size
            line["consistency_proof"] = [
                h.hex() for h in store.consistency_proof(previous.size, row.size)]
        lines.append(line)
        previous = row
    session.rollback()
    return lines

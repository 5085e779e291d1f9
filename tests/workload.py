"""Reviewers writing through a real `claimdesk serve` process over HTTP, for fault tests and
benchmarks/faults.py: what the server acknowledged is remembered, to be found afterwards."""

from __future__ import annotations

import http.client
import json
import random
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from app.db import make_engine
from app.models import Review, User
from app.services import users
from tests.factories import add_document
from tests.processes import claimdesk, wait_for

LABELS = ("supported", "disputed", "outdated", "not_a_claim")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(db_url: str, reviewers: int, documents: int = 3) -> tuple[list[int], list[str]]:
    """Documents of claims to review and an API token per reviewer (the database migrated)."""
    engine = make_engine(db_url)
    claim_ids, tokens = [], []
    with Session(engine, expire_on_commit=False) as session:
        for number in range(documents):
            _, claims = add_document(session, title=f"Report {number}", text=" ".join(
                f"Figure {number}.{k} rose {k} percent." for k in range(10)))
            claim_ids += [claim.id for claim in claims]
        for number in range(reviewers):
            user = users.create_user(session=session, username=f"writer{number}",
                                     role="reviewer", password=None, actor=None)
            tokens.append(users.create_api_token(session=session, user=user, name="load"))
    engine.dispose()
    return claim_ids, tokens


def start_server(db_url: str, port: int, *options: str):
    """`claimdesk serve` on `port`, once it answers (its log, a line a request, goes to a
    file: a pipe nobody reads would fill and stop it)."""
    with tempfile.NamedTemporaryFile(prefix="claimdesk-serve-", suffix=".log",
                                     delete=False) as log:
        server = claimdesk(db_url, "serve", "--host", "127.0.0.1", "--port", str(port),
                           *options, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/login"
    if not wait_for(lambda: _status(url) == 200 or server.poll() is not None, 60, step=0.1) \
            or server.poll() is not None:
        server.kill()
        server.wait()
        raise AssertionError("the server never answered:\n" + Path(log.name).read_text()[-3000:])
    return server


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@dataclass
class Load:
    """Reviewer threads labelling claims through the API until told to stop."""

    base: str
    claim_ids: list[int]
    tokens: list[str]
    acknowledged: dict[tuple[int, int], str] = field(default_factory=dict)
    # Writes sent without an answer since the key's last acknowledged one: they may have
    # landed (the server died after committing, before answering).
    unsure: dict[tuple[int, int], set[str]] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    stop: threading.Event = field(default_factory=threading.Event)
    writes: int = 0  # acknowledged (200) review writes

    def run(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self._write, args=(n,), daemon=True)
                   for n in range(len(self.tokens))]
        for thread in threads:
            thread.start()
        return threads

    def _write(self, writer: int) -> None:
        rng = random.Random(writer)
        headers = {"Authorization": f"Bearer {self.tokens[writer]}",
                   "Content-Type": "application/json"}
        while not self.stop.is_set():
            claim_id, label = rng.choice(self.claim_ids), rng.choice(LABELS)
            status, current = self._call("GET", f"/api/v1/claims/{claim_id}", headers)
            if status != 200:
                continue
            key = (writer, claim_id)
            self.unsure.setdefault(key, set()).add(label)
            status, _ = self._call("POST", f"/api/v1/claims/{claim_id}/reviews", headers,
                                   {"label": label, "version": current["version"]})
            if status == 200:
                self.acknowledged[key] = label
                self.unsure[key] = set()
                self.writes += 1
            elif isinstance(status, int) and 400 <= status < 500:  # refused: not written
                self.unsure[key].discard(label)

    def _call(self, method: str, path: str, headers: dict, body: dict | None = None):
        """(status or "no answer", the JSON of a 200 or None), counted."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                status, answer = response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            status, answer = error.code, error.read() and None
        except (OSError, http.client.HTTPException):  # the server died mid-answer
            status, answer = "no answer", None
            time.sleep(0.2)
        self.statuses[status] += 1
        return status, answer

    def lost(self, db_url: str) -> list[str]:
        """Acknowledged reviews the database does not hold (a write in flight when the
        server died may have landed instead: that is not a loss)."""
        engine = make_engine(db_url)
        with Session(engine) as session:
            stored = {(int(name.removeprefix("writer")), claim_id): label
                      for claim_id, name, label in session.exec(
                          select(Review.claim_id, User.username, Review.label)
                          .join(User, User.id == Review.reviewer_id))}
        engine.dispose()
        lost = []
        for (writer, claim_id), label in self.acknowledged.items():
            found = stored.get((writer, claim_id))
            if found != label and found not in self.unsure.get((writer, claim_id), ()):
                lost.append(f"writer{writer} claim {claim_id}: acknowledged {label}, "
                            f"stored {found}")
        return lost

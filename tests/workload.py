"""Reviewers writing through a real `claimdesk serve` process over HTTP, for fault tests and
benchmarks (faults.py, load.py): what the server acknowledged is remembered, to be found
afterwards, and how long each write took."""

from __future__ import annotations

import html
import http.client
import json
import random
import re
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from sqlmodel import Session, select

from app.db import make_engine, refresh_statistics
from app.models import Review, User
from app.services import users
from tests.factories import add_document
from tests.processes import claimdesk, wait_for

LABELS = ("supported", "disputed", "outdated", "not_a_claim")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(db_url: str, reviewers: int, documents: int = 3, password: str | None = None,
            claims: int = 10) -> tuple[list[int], list[str]]:
    """Documents of `claims` claims each to review, and per reviewer (`writer0`, `writer1`,
    …; signing in with `password` when given) an API token (the database migrated)."""
    engine = make_engine(db_url)
    claim_ids, tokens = [], []
    with Session(engine, expire_on_commit=False) as session:
        for number in range(documents):
            _, stored = add_document(session, title=f"Report {number}", text=" ".join(
                f"Figure {number}.{k} rose {k} percent." for k in range(claims)))
            claim_ids += [claim.id for claim in stored]
        for number in range(reviewers):
            user = users.create_user(session=session, username=f"writer{number}",
                                     role="reviewer", password=password, actor=None)
            tokens.append(users.create_api_token(session=session, user=user, name="load"))
        # As `claimdesk ingest` leaves a database: its statistics fresh (PostgreSQL)
        refresh_statistics(session, {"document": documents, "claim": len(claim_ids)})
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


class Client:
    """One client's HTTP connection, kept open from one request to the next as a browser
    keeps it (HTTP/1.1 keep-alive) and opened again once the server closed it; with
    `cookies`, a browser's cookie jar. A connection a request (urllib) cost the client CPU
    a browser does not spend, and where the server keeps connections (gthread) its too."""

    def __init__(self, base: str, cookies: bool = False, timeout: float = 10) -> None:
        self.base, self.timeout = base, timeout
        self.jar = CookieJar() if cookies else None
        self._connection: http.client.HTTPConnection | None = None

    def send(self, method: str, path: str, headers: dict,
             body: bytes | None = None) -> tuple[int, bytes]:
        """(status, body) of one request; OSError or HTTPException when no answer came."""
        if self._connection is None:
            parts = urlsplit(self.base)
            self._connection = http.client.HTTPConnection(parts.hostname, parts.port,
                                                          timeout=self.timeout)
        request = urllib.request.Request(self.base + path, method=method, headers=headers)
        if self.jar is not None:
            self.jar.add_cookie_header(request)
        try:
            self._connection.request(method, path, body=body,
                                     headers=dict(request.header_items()))
            response = self._connection.getresponse()
            answer = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if self.jar is not None:
            self.jar.extract_cookies(_Headers(response.msg), request)
        if response.will_close:
            self.close()
        return response.status, answer

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


@dataclass(frozen=True)
class _Headers:
    """A response as CookieJar reads it (`info()`: its headers)."""

    msg: http.client.HTTPMessage

    def info(self) -> http.client.HTTPMessage:
        return self.msg


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
    write_statuses: Counter = field(default_factory=Counter)  # of the writes alone
    write_ms: list[float] = field(default_factory=list)  # each answered write's time
    ready: list[int] = field(default_factory=list)  # writers set to write (signed in)

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
        client = Client(self.base)
        self.ready.append(writer)
        while not self.stop.is_set():
            claim_id, label = rng.choice(self.claim_ids), rng.choice(LABELS)
            status, current = self._call(client, "GET", f"/api/v1/claims/{claim_id}", headers)
            if status != 200:
                continue
            key = (writer, claim_id)
            self.unsure.setdefault(key, set()).add(label)
            status, _ = self._timed_write(lambda: self._call(
                client, "POST", f"/api/v1/claims/{claim_id}/reviews", headers,
                {"label": label, "version": current["version"]}))
            self._settle(key, label, status)
        client.close()

    def _timed_write(self, send):
        """`send()`'s answer, its status and time (when answered) counted as a write's."""
        started = time.perf_counter()
        status, answer = send()
        elapsed = (time.perf_counter() - started) * 1000
        self.write_statuses[status] += 1
        if status != "no answer":
            self.write_ms.append(elapsed)
        return status, answer

    def _settle(self, key: tuple[int, int], label: str, status) -> None:
        """Remember what a write's answer says was stored (or was not)."""
        if status == 200:
            self.acknowledged[key] = label
            self.unsure[key] = set()
            self.writes += 1
        elif isinstance(status, int) and 400 <= status < 500:  # refused: not written
            self.unsure[key].discard(label)

    def _call(self, client: Client, method: str, path: str, headers: dict,
              body: dict | None = None):
        """(status or "no answer", the JSON of a 200 or None), counted."""
        data = json.dumps(body).encode() if body is not None else None
        try:
            status, answer = client.send(method, path, headers, data)
        except (OSError, http.client.HTTPException):  # the server died mid-answer
            status, answer = "no answer", None
            time.sleep(0.2)
        self.statuses[status] += 1
        return status, json.loads(answer) if status == 200 else None

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


# What the queue's partial holds of the claim on screen: its form's address and version.
_QUEUE_FORM = re.compile(r'action="/queue/(\d+)/review\?([^"]*)"')
_VERSION = re.compile(r'name="version" value="(\d+)"')
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
QUEUE_HEADERS = {"HX-Request": "true", "HX-Target": "queue-item"}  # as htmx sends them


def csrf_token(page: str | None) -> str | None:
    """The CSRF token a page's forms carry."""
    found = _CSRF.search(page or "")
    return found.group(1) if found else None


def queue_label(page: str | None, token: str, label: str) -> tuple[int, str, dict] | None:
    """(claim id, the form's address, its fields) that label the queue's claim on `page`
    as its form does (None when the page shows no claim)."""
    form, version = _QUEUE_FORM.search(page or ""), _VERSION.search(page or "")
    if form is None or version is None:
        return None
    claim_id = int(form.group(1))
    fields = {"csrf_token": token, "version": version.group(1), "label": label, "note": "",
              "evidence": "", "outdated_since": ""}
    return claim_id, f"/queue/{claim_id}/review?{html.unescape(form.group(2))}", fields


@dataclass
class BrowserLoad(Load):
    """Reviewers in the review queue, sending what their browser sends: signed in with a
    password (a session cookie), each label posted from the queue's form with its CSRF
    token and htmx's headers, and the next claim read from the partial that answers."""

    password: str = ""
    first: int = 0  # the first reviewer's number: writer{first} (beside an API load's)
    emptied: int = 0  # times a reviewer found the queue empty

    def _write(self, thread: int) -> None:
        writer = self.first + thread
        rng = random.Random(writer)
        browser = Client(self.base, cookies=True)
        page = self._sign_in(browser, writer)
        while page == "no answer" and not self.stop.is_set():  # its worker died: again,
            page = self._sign_in(browser, writer)  # as a person signing in would
        token = csrf_token(page)
        if token is None:
            return
        headers = {**QUEUE_HEADERS, "HX-Current-URL": self.base + "/queue",
                   "X-CSRFToken": token}
        self.ready.append(writer)
        while not self.stop.is_set():
            label = rng.choice(LABELS)
            form = queue_label(page, token, label)
            if form is None:  # no answer, or the queue is empty
                self.emptied += "Nothing left in this queue" in (page or "")
                _, page = self._open(browser, "GET", "/queue", headers)
                continue
            claim_id, address, fields = form
            key = (writer, claim_id)
            self.unsure.setdefault(key, set()).add(label)
            status, page = self._timed_write(lambda: self._open(
                browser, "POST", address, headers, urlencode(fields).encode()))
            self._settle(key, label, status)
        browser.close()

    def _sign_in(self, browser, writer: int) -> str | None:
        """The queue's full page once signed in as `writer{n}` (None if that failed,
        "no answer" if a request got none: the server's worker died meanwhile)."""
        status, login = self._open(browser, "GET", "/login", {})
        token = csrf_token(login)
        if token is None:
            return "no answer" if status == "no answer" else None
        fields = {"username": f"writer{writer}", "password": self.password,
                  "csrf_token": token}
        status, _ = self._open(browser, "POST", "/login", {}, urlencode(fields).encode())
        if status == "no answer":
            return status
        status, page = self._open(browser, "GET", "/queue", {}) if status == 302 else (0, None)
        return "no answer" if status == "no answer" else page

    def _open(self, browser: Client, method: str, path: str, headers: dict,
              data: bytes | None = None):
        """(status or "no answer", the page's text) of one request, counted."""
        if data is not None:
            headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
        try:
            status, page = browser.send(method, path, headers, data)
            page = page.decode(errors="replace")
        except (OSError, http.client.HTTPException):
            status, page = "no answer", None
            time.sleep(0.2)
        self.statuses[status] += 1
        return status, page

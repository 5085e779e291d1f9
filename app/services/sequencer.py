"""The sequencer's loop: integrate queued events into the tree, and sign a checkpoint every
N events or M seconds, until stopped. Run beside the web workers (`claimdesk serve`) or on
its own (`claimdesk audit sequence`); a second one waits its turn on the same lock."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.db import is_busy
from app.services import audit_tree, checkpoints
from app.services.checkpoints import LogSettings


def run(engine: Engine, log: LogSettings, *, every_events: int, every_seconds: float,
        idle_sleep: float = 0.05, should_stop: Callable[[], bool] = lambda: False) -> None:
    """Integrate and checkpoint until `should_stop()`; sleeps only while nothing waits.
    Without a key (no `claimdesk init` yet) it integrates but signs nothing."""
    signs, last_look = log.key_path.exists(), 0.0
    if not signs:
        print(f"claimdesk: no audit key at {log.key_path}: events are integrated but no "
              "checkpoint is signed (run `claimdesk init`)", file=sys.stderr, flush=True)
    with Session(engine, expire_on_commit=False) as session:
        while not should_stop():
            try:
                moved = audit_tree.integrate(session)
            except DBAPIError as error:  # a long job holds the lock: wait, as writers do
                if not is_busy(error):
                    raise
                session.rollback()
                moved = 0
            if signs and (moved or time.monotonic() - last_look >= 1):
                sign_if_due(session, log, every_events=every_events,
                            every_seconds=every_seconds)
                last_look = time.monotonic()
            if not moved:
                time.sleep(idle_sleep)


def step(session: Session, log: LogSettings, *, every_events: int,
         every_seconds: float, signs: bool = True) -> int:
    """One round: integrate a batch, then sign a checkpoint if one is due; how many moved."""
    moved = audit_tree.integrate(session)
    if signs:
        sign_if_due(session, log, every_events=every_events, every_seconds=every_seconds)
    return moved


def sign_if_due(session: Session, log: LogSettings, *, every_events: int,
                every_seconds: float) -> None:
    """Sign a checkpoint if the tree grew enough, or long enough ago."""
    if checkpoints.due(session, every_events=every_events, every_seconds=every_seconds):
        checkpoints.write_checkpoint(session, log)
    session.rollback()

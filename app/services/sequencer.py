"""The sequencer's loop: integrate queued events into the tree, and sign a checkpoint every
N events or M seconds, until stopped. Run beside the web workers (`claimdesk serve`) or on
its own (`claimdesk audit sequence`); a second one waits its turn on the same lock."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.services import audit_tree, checkpoints
from app.services.checkpoints import LogSettings


def run(engine: Engine, log: LogSettings, *, every_events: int, every_seconds: float,
        idle_sleep: float = 0.05, should_stop: Callable[[], bool] = lambda: False) -> None:
    """Integrate and checkpoint until `should_stop()`; sleeps only while nothing waits."""
    with Session(engine, expire_on_commit=False) as session:
        while not should_stop():
            moved = step(session, log, every_events=every_events, every_seconds=every_seconds)
            if not moved:
                time.sleep(idle_sleep)


def step(session: Session, log: LogSettings, *, every_events: int,
         every_seconds: float) -> int:
    """One round: integrate a batch, then sign a checkpoint if one is due; how many moved."""
    moved = audit_tree.integrate(session)
    if checkpoints.due(session, every_events=every_events, every_seconds=every_seconds):
        checkpoints.write_checkpoint(session, log)
    session.rollback()
    return moved

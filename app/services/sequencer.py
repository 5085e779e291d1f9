"""The sequencer's loop: integrate queued events into the tree, sign a checkpoint every
N events or M seconds, and offer new verdicts as "checked before" (`offers`), until
stopped. Run beside the web workers (`claimdesk serve`) or on its own (`claimdesk audit
sequence`); a second one waits its turn on the same lock."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.db import is_busy
from app.services import audit_tree, checkpoints, offers
from app.services.checkpoints import LogSettings

OFFER_BATCH = 10  # verdicts offered a round: ~0.3 s of CPU at most


def run(engine: Engine, log: LogSettings, *, every_events: int, every_seconds: float,
        idle_sleep: float = 0.05, should_stop: Callable[[], bool] = lambda: False) -> None:
    """Integrate, checkpoint and offer until `should_stop()`; sleeps only while nothing
    waits.
    Without a key (no `claimdesk init` yet) it integrates but signs nothing."""
    signs, last_look, last_offer = log.key_path.exists(), 0.0, 0.0
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
            offered = 0
            # Offers wait while events stream in (they cost the web workers CPU), but
            # never more than a second.
            if not moved or time.monotonic() - last_offer >= 1:
                offered, last_offer = offer_some(engine), time.monotonic()
            if not (moved or offered):
                time.sleep(idle_sleep)


def offer_some(engine: Engine, limit: int = OFFER_BATCH) -> int:
    """Offer a batch of new verdicts, in a session of their own (this loop's keeps its
    objects across commits, and an offer must read each claim as it now is)."""
    with Session(engine) as session:
        try:
            return offers.offer_waiting(session, limit)
        except DBAPIError as error:  # a long job holds the lock: the next round tries
            if not is_busy(error):
                raise
            return 0


def step(session: Session, log: LogSettings, *, every_events: int,
         every_seconds: float, signs: bool = True) -> int:
    """One round: integrate a batch, sign a checkpoint if one is due, and offer a batch of
    new verdicts; how many events and verdicts moved."""
    moved = audit_tree.integrate(session)
    if signs:
        sign_if_due(session, log, every_events=every_events, every_seconds=every_seconds)
    return moved + offer_some(session.get_bind())


def sign_if_due(session: Session, log: LogSettings, *, every_events: int,
                every_seconds: float) -> None:
    """Sign a checkpoint if the tree grew enough, or long enough ago."""
    if checkpoints.due(session, every_events=every_events, every_seconds=every_seconds):
        checkpoints.write_checkpoint(session, log)
    session.rollback()

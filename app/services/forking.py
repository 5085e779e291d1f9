"""Helper processes forked with a one-way pipe back: the import's reader, the export's
workers. Forked, not spawned: they need no re-import and share this process's pages."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess


def start_forked(target: Callable[..., None], args: tuple, name: str
                 ) -> tuple[Connection, BaseProcess]:
    """Start `target(*args, sender)` in a forked process; return the receiving end of its
    pipe and the process.

    The collector is frozen across the fork: the child's collections then leave alone
    the objects it shares with this process, whose pages stay shared instead of being
    copied on write (~60 MB a process).
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(*args, sender), name=name, daemon=True)
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
        sender.close()
    return receiver, process


def stopped(process: BaseProcess) -> None:
    """End the process if it still runs (its reader stopped early), and reap it."""
    if process.is_alive():
        process.terminate()
    process.join()

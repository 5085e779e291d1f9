"""Helper processes forked with a one-way pipe back: the import's reader, the export's
workers. Forked, not spawned: they need no re-import and share this process's pages.

A forked helper is a copy of its parent, database connections included. It must hold
none of them: a copy of the importer's socket kept the importer's PostgreSQL session
(idle in transaction, tables locked) alive after the importer itself was killed, and every
page hung on it. So a helper lets go of every inherited socket and pipe but its own,
dies with its parent (parent-death signal on Linux; a broken pipe elsewhere), and opens
any connection it needs itself (`db.make_engine` pools are replaced in a forked child).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

_PR_SET_PDEATHSIG = 1


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
    process = context.Process(target=_detached, args=(target, os.getpid(), args, sender),
                              name=name, daemon=True)
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


def _detached(target: Callable[..., None], parent: int, args: tuple,
              sender: Connection) -> None:
    """In the child: tied to the parent's life, cut off from its connections, then run."""
    die_with_parent(parent)
    let_go_of_inherited(keep={sender.fileno()})
    target(*args, sender)


def die_with_parent(parent: int) -> None:
    """Be killed when the parent ends, however it ends (Linux: PR_SET_PDEATHSIG).

    The signal comes when the thread that forked ends: helpers are forked by the thread
    that waits for them. Elsewhere the pipe breaking when the parent goes is what ends
    a helper.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def let_go_of_inherited(keep: set[int], *, pipes: bool = True) -> None:
    """Point every inherited socket (and pipe, if `pipes`) except `keep` at /dev/null.

    Why not close them: objects of the parent's that wrap them still exist here, and a
    number closed now could be reused by a file this process opens and then closed by
    such an object's finaliser. Regular files are left alone: SQLite's locks are per
    process (a child holds none of its parent's), and its shared-memory index may be
    reused by a connection the child opens.
    """
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in _open_fds():
            if fd <= 2 or fd == null or fd in keep:
                continue
            try:
                mode = os.fstat(fd).st_mode
            except OSError:
                continue
            if stat.S_ISSOCK(mode) or (pipes and stat.S_ISFIFO(mode)):
                os.dup2(null, fd)
    finally:
        os.close(null)


@contextmanager
def children_die_with_me() -> Iterator[None]:
    """Processes a library forks inside this block (spaCy's parsing processes, whose start
    we do not control) die with this process and let go of its sockets, as
    `start_forked`'s helpers do. (Their pipes are the library's own: left alone.)"""
    global _tied_to
    previous, _tied_to = _tied_to, os.getpid()
    try:
        yield
    finally:
        _tied_to = previous


_tied_to: int | None = None  # the process whose forks must die with it, inside the block


def _on_fork_in_child() -> None:
    global _tied_to
    parent, _tied_to = _tied_to, None  # the child's own forks are not tied to its parent
    if parent is not None:
        die_with_parent(parent)
        let_go_of_inherited(keep=set(), pipes=False)


os.register_at_fork(after_in_child=_on_fork_in_child)


def _open_fds() -> list[int]:
    try:
        return [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc: every number up to the limit
        return list(range(os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024))

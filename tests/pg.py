"""A throwaway PostgreSQL cluster for the tests, started for real with initdb/pg_ctl."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg


def find_pg_bin() -> Path | None:
    """The directory holding initdb and pg_ctl (PG_BIN, else the newest Debian install);
    PG_BIN=none runs without PostgreSQL, as on a machine that lacks it."""
    if os.environ.get("PG_BIN") == "none":
        return None
    candidates = [os.environ.get("PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@dataclass
class Cluster:
    """A running server: where it lives and how to reach it."""

    bin_dir: Path
    data_dir: Path
    port: int
    as_postgres: bool

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                               dbname="postgres", autocommit=True)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "stop")
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin_dir / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)


def start_cluster(bin_dir: Path) -> Cluster:
    """initdb a fresh cluster in a temporary folder and start it on a free local port."""
    as_postgres = os.geteuid() == 0  # PostgreSQL refuses to run as root
    base = Path(tempfile.mkdtemp(prefix="claimdesk-pg-"))
    base.chmod(0o755)
    data_dir = base / "data"
    data_dir.mkdir()
    if as_postgres:
        shutil.chown(base, "postgres")
        shutil.chown(data_dir, "postgres")
    cluster = Cluster(bin_dir, data_dir, _free_port(), as_postgres)
    cluster._run("initdb", "-D", str(data_dir), "-U", "postgres", "--auth=trust",
                 "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
    options = (f"-p {cluster.port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
    cluster._run("pg_ctl", "-D", str(data_dir), "-o", options, "-l", str(base / "log"),
                 "-w", "-t", "60", "start")
    return cluster


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

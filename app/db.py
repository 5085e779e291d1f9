"""Engine, sessions and write transactions for SQLite and PostgreSQL alike."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import json
import json.encoder
import operator
import os
import threading
import time
import weakref
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from psycopg.pq import TransactionStatus
from sqlalchemy import JSON, Boolean, Date, DateTime, Table, event, func, select, text
from sqlalchemy.dialects.postgresql import dialect as postgresql_dialect
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import class_mapper, make_transient_to_detached
from sqlalchemy.sql.expression import Select
from sqlalchemy.types import TypeEngine
from sqlmodel import Session, create_engine

SQLITE_BUSY_TIMEOUT_MS = 10_000


def canonical_json(value: Any) -> str:
    """How JSON columns are stored: exactly as the export writes JSON (compact, UTF-8).

    The export splices stored JSON into its lines without parsing it (`export_sql`).
    """
    if value == []:  # most claims have no dates or entities, most reviews no evidence
        return "[]"
    return _canonical_encoder(value)


def _refuse(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _canonical_encoder_for() -> Callable[[Any], str]:
    """One encoder for all calls (`json.dumps` with options builds a new one each time):
    the standard library's C encoder called directly where there is one, which halves
    the cost for the small lists stored in every claim (bulk loads write millions). It is
    the encoder `JSONEncoder` itself uses, without the circular-reference check (stored
    values come from JSON or from the app, never cyclic)."""
    standard = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    if json.encoder.c_make_encoder is None:
        return standard.encode
    encode = json.encoder.c_make_encoder(None, _refuse, json.encoder.encode_basestring, None,
                                         ":", ",", False, False, True)
    return lambda value: "".join(encode(value, 0))


_canonical_encoder = _canonical_encoder_for()


def make_engine(url: str, **kwargs: object) -> Engine:
    """An engine tuned for its backend: WAL and explicit transactions on SQLite."""
    kwargs = {"json_serializer": canonical_json, **kwargs}
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs
        )
        _tune_sqlite(engine)
    else:
        # Review writes wait on row and chain locks while holding a connection: a pool
        # deep enough for a busy worker's threads keeps them queueing in PostgreSQL.
        options = {"pool_size": 10, "max_overflow": 20, "pool_timeout": 60}
        engine = create_engine(url, **{**options, **kwargs})
        _ping_when_idle(engine)
    _engines.add(engine)
    return engine


IDLE_BEFORE_PING_SECONDS = 5.0


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use only when it sat idle for a while (a server
    restart or an idle timeout may have ended it); one used a moment ago is alive.

    SQLAlchemy's `pool_pre_ping` pings at every checkout: a request checks out a connection
    for each of its transactions, and under load those pings were a fifth of a review
    write's round trips to PostgreSQL. A dead connection is replaced, as pre-ping does.
    """

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.get(_IDLE_SINCE)
        if idle_since is None or time.monotonic() - idle_since < IDLE_BEFORE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError(f"a pooled connection was closed: {error}") from error


_IDLE_SINCE = "claimdesk.idle_since"


_engines: weakref.WeakSet[Engine] = weakref.WeakSet()
_inherited_pools: list[object] = []


def _forget_inherited_pools() -> None:
    """In a forked child: every engine starts a new pool, so the child can never be handed
    a connection of its parent's (SQLAlchemy's `dispose(close=False)` for forks).

    The old pools are kept referenced, never closed or collected here: closing would end
    the parent's sessions (a PostgreSQL terminate message, a SQLite checkpoint).
    """
    for engine in list(_engines):
        _inherited_pools.append(engine.pool)
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_inherited_pools)


@dataclass(frozen=True)
class WaitLimits:
    """How long a statement may wait on another's lock, and run at all (0: no limit)."""

    lock_timeout_ms: int
    statement_timeout_ms: int


# PostgreSQL: lock_not_available (lock_timeout), query_canceled (statement_timeout).
_BUSY_SQLSTATES = {"55P03", "57014"}


def limit_waits(engine: Engine, limits: WaitLimits, *, applies: Callable[[], bool]) -> None:
    """Bound the waits of connections checked out while `applies()` (a web request): a
    request behind a job's lock gets an error to report, and never hangs. Others (the
    CLI's bulk jobs) keep the database's defaults.

    Set on the connection at checkout, and only when it changes (a web worker's
    connections stay set): PostgreSQL `lock_timeout` and `statement_timeout`, SQLite's
    busy timeout (it has no statement timeout).
    """
    sqlite = engine.dialect.name == "sqlite"

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy) -> None:
        wanted = limits if applies() else None
        if record.info.get("wait_limits", None) == wanted:
            return
        if sqlite:
            busy = SQLITE_BUSY_TIMEOUT_MS if wanted is None else wanted.lock_timeout_ms
            dbapi_connection.execute(f"PRAGMA busy_timeout={int(busy)}")
        else:
            dbapi_connection.execute(
                "RESET lock_timeout; RESET statement_timeout" if wanted is None else
                f"SET lock_timeout = {int(wanted.lock_timeout_ms)}; "
                f"SET statement_timeout = {int(wanted.statement_timeout_ms)}")
            dbapi_connection.commit()  # a SET rolled back with a transaction would be undone
        record.info["wait_limits"] = wanted


def is_busy(error: BaseException) -> bool:
    """Whether `error` is a statement that gave up waiting on another's lock (or ran past
    its time), not a fault: the caller may try again."""
    if not isinstance(error, DBAPIError):
        return False
    if getattr(error.orig, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    return "database is locked" in str(error.orig) or "database table is locked" in str(
        error.orig)


def _tune_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys, and `BEGIN IMMEDIATE` for write transactions.

    pysqlite's own transaction handling defers BEGIN and never takes the write lock up
    front, which turns concurrent writers into "database is locked" errors; we take over.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    # The threads of one process queue for the write lock here, in order, rather than in
    # SQLite's busy handler, which sleeps and retries: under load a writer could starve past
    # its timeout there while later ones got in. Processes queue on a lock file (below).
    writers = threading.RLock()
    processes = _ProcessQueue.beside(engine.url.database)
    depth = [0, 0]  # the holding thread's nested write transactions, and that thread

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        if not connection.get_execution_options().get("write", False):
            connection.exec_driver_sql("BEGIN")
            return
        limits = connection.info.get("wait_limits")
        wait_ms = limits.lock_timeout_ms if limits else SQLITE_BUSY_TIMEOUT_MS
        queued = writers.acquire(timeout=wait_ms / 1000 if wait_ms else -1)
        try:
            if queued:
                depth[0] += 1
                depth[1] = threading.get_ident()
                if depth[0] == 1 and processes is not None:
                    processes.acquire(wait_ms / 1000)
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            if queued:
                _let_go()
            raise
        connection.info[_HOLDS_WRITE_LOCK] = queued

    def _let_go() -> None:
        if depth[1] != threading.get_ident():
            raise RuntimeError("the write lock is another thread's")
        depth[0] -= 1
        if depth[0] == 0 and processes is not None:
            processes.release()
        writers.release()

    def _release(connection) -> None:
        if connection.info.pop(_HOLDS_WRITE_LOCK, False):
            _let_go()

    event.listen(engine, "commit", _release)
    event.listen(engine, "rollback", _release)

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record) -> None:
        if record.info.pop(_HOLDS_WRITE_LOCK, False):  # ended without commit or rollback
            with contextlib.suppress(RuntimeError):  # (another thread's: let it go)
                _let_go()


class _ProcessQueue:
    """Processes writing to one SQLite file queue for its write lock on a lock file beside
    it (`flock`), tried every 0.2-2 ms: SQLite's busy handler sleeps 1 to 100 ms between
    tries, so under load the write lock sat free while the writers of other processes
    slept (an eighth of a web worker's time at 16 API clients). A process that does not
    take this lock (an older claimdesk, the sqlite3 shell) still meets the busy handler;
    a writer that waited past its time goes on to it too, and SQLite decides."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None
        self._pid = 0

    @classmethod
    def beside(cls, database: str | None) -> _ProcessQueue | None:
        """The queue of a database file (None in memory: one process only)."""
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        return cls(f"{database}-writers")

    def acquire(self, timeout: float) -> bool:
        """Whether this process got the lock within `timeout` seconds (0: no limit)."""
        fd = self._file()
        if fd is None:
            return False
        deadline, pause = time.monotonic() + (timeout or float("inf")), 0.0002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(pause)
                pause = min(2 * pause, 0.002)

    def release(self) -> None:
        if self._fd is not None and self._pid == os.getpid():
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def _file(self) -> int | None:
        """This process's own open lock file: a forked child must not share its parent's
        (a flock belongs to the open file, which a fork shares)."""
        if self._pid != os.getpid():
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:  # a read-only folder: the busy handler alone, as before
                self._fd = None
            self._pid = os.getpid()
        return self._fd


_HOLDS_WRITE_LOCK = "claimdesk.holds_write_lock"


def begin_write(session: Session) -> None:
    """Start a write transaction (SQLite: `BEGIN IMMEDIATE`) before a service changes data.

    On SQLite a read-only transaction still open from earlier in the request is ended
    first: reads carry no changes, and upgrading a deferred SQLite transaction in place is
    what deadlocks two writers. PostgreSQL's transactions read each statement afresh (READ
    COMMITTED) and lock rows as they write, so an open one goes on (ending it cost a
    rollback, a pooled connection and a BEGIN); what it loaded is expired all the same, as
    a rollback would, so the write reads every row afresh.
    """
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("begin_write() called with unflushed changes in the session")
        if _reads_afresh(session):
            session.expire_all()
            return
        session.rollback()
    session.connection(execution_options={"write": True})


def _reads_afresh(session: Session) -> bool:
    """Whether the session's open transaction reads each statement afresh (PostgreSQL's
    READ COMMITTED, its default), so that writing in it sees what others committed, and
    is still usable (no statement in it failed)."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return False
    level = connection.get_execution_options().get("isolation_level",
                                                   connection.default_isolation_level)
    status = connection.connection.driver_connection.info.transaction_status
    return level == "READ COMMITTED" and status != TransactionStatus.INERROR


class DriverQuery:
    """A Core statement compiled once per dialect and run on the driver's own cursor, in
    the session's transaction: its rows as named tuples holding what SQLAlchemy's rows
    would (its types' bind and result conversions applied, errors raised as SQLAlchemy's,
    `before_cursor_execute` listeners told).

    Why: for the short statements every API write runs, SQLAlchemy's execution (the
    compiled cache's lookup, result metadata, psycopg's column descriptions, ORM loading)
    cost three to four times the driver's own work: 420-550 against 115-160 µs of CPU a
    statement on PostgreSQL (issue 15, part 7). For statements of plain bound values
    (no expanding IN) that select columns, not ORM entities.
    """

    def __init__(self, statement: Select | Any) -> None:
        self.statement = statement
        self._by_dialect: dict[str, _Compiled] = {}

    def rows(self, session: Session, params: Mapping[str, Any] | None = None) -> list[tuple]:
        """Every row, in the session's transaction (begun as `session.connection()` does)."""
        return self._run(session, params, fetch_all=True)

    def first(self, session: Session, params: Mapping[str, Any] | None = None
              ) -> tuple | None:
        """The first row, or None."""
        return self._run(session, params, fetch_all=False)

    def execute(self, session: Session, params: Mapping[str, Any] | None = None) -> None:
        """Run a statement that answers no rows (an INSERT or UPDATE without RETURNING)."""
        self._run(session, params, fetch_all=None)

    def _run(self, session: Session, params: Mapping[str, Any] | None, *,
             fetch_all: bool | None):
        connection = session.connection()
        dialect = connection.dialect
        compiled = self._by_dialect.get(dialect.name) or self._compile(dialect)
        sql, values = compiled.sql, compiled.values(params or {})
        dbapi_connection = connection.connection
        cursor = dbapi_connection.cursor()
        try:
            # Listeners are told as SQLAlchemy tells them (there is no execution context).
            for listener in connection.dispatch.before_cursor_execute:
                sql, values = listener(connection, cursor, sql, values, None, False)
            cursor.execute(sql, values)
            if fetch_all is None:
                return None
            fetched = cursor.fetchall() if fetch_all else cursor.fetchmany(1)
            convert = compiled.converter(dialect, cursor)
        except dialect.loaded_dbapi.Error as error:
            raise _as_sqlalchemy_error(connection, dbapi_connection, cursor, sql, values,
                                       error) from error
        finally:
            cursor.close()
        rows = [convert(row) for row in fetched]
        return rows if fetch_all else (rows[0] if rows else None)

    def _compile(self, dialect) -> _Compiled:
        compiled = _Compiled(self.statement, dialect)
        self._by_dialect[dialect.name] = compiled
        return compiled


BULK_SHARE = 0.1  # a load that adds this share of a table's rows leaves its statistics stale


def refresh_statistics(session: Session, added: Mapping[str, int]) -> list[str]:
    """ANALYZE the PostgreSQL tables a bulk load grew by BULK_SHARE or more (table name →
    rows added), as PostgreSQL's guide to populating a database asks; the tables analysed.

    Why: planned on statistics of a table still empty, the queue's next claim was read
    through the wrong index, every claim sorted: 350-750 ms instead of 0.3 ms at 19,000
    claims, until autovacuum's analyze came round (up to a minute later, longer under
    load). SQLite plans without such statistics (no ANALYZE is run there)."""
    if session.get_bind().dialect.name != "postgresql":
        return []
    known = dict(session.execute(text(
        "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(:names) "
        "AND relkind = 'r'"), {"names": list(added)}).all())
    stale = [table for table, rows in added.items() if rows > 0 and table in known
             and rows >= BULK_SHARE * max(known[table], 0)]
    session.commit()
    for table in stale:  # names from the caller's code, checked against pg_class above
        session.execute(text(f'ANALYZE "{table}"'))
        session.commit()
    return stale


def detached(model: type, row: tuple) -> Any:
    """The `model` object of a `DriverQuery` row holding its columns, as if loaded and then
    expunged: outside the session, its values as read (nothing loads them again).

    Made as SQLAlchemy's loader makes a loaded object (a new instance, its state filled
    with the row's values, which carry the columns' conversions already), not through the
    model's constructor, whose validation cost a queue label four times 0.25 ms."""
    loaded = class_mapper(model).class_manager.new_instance()  # mappers configured
    loaded.__dict__.update({column.name: getattr(row, column.name)
                            for column in model.__table__.columns})
    make_transient_to_detached(loaded)
    return loaded


def rows_together(session: Session, queries: Sequence[tuple[DriverQuery, Mapping[str, Any]]]
                  ) -> list[list[tuple]]:
    """Every row of each `DriverQuery` with its parameters, in the session's transaction,
    as `DriverQuery.rows` gives them; on PostgreSQL sent in one round trip (psycopg's
    pipeline mode), elsewhere one after the other.

    Why: each round trip to PostgreSQL wakes the server's backend and then the worker's
    thread, which on a busy machine each wait for a core; an API read of a claim made
    four, the token's owner and then three that do not depend on each other."""
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "postgresql" or not _pipelines():
        return [query.rows(session, params) for query, params in queries]
    dbapi_connection = connection.connection
    driver = dbapi_connection.driver_connection
    sent: list[tuple[_Compiled, Any, str, Any]] = []
    try:
        try:
            with driver.pipeline():
                for query, params in queries:
                    compiled = query._by_dialect.get(dialect.name) or query._compile(dialect)
                    sql, values = compiled.sql, compiled.values(params or {})
                    cursor = driver.cursor()
                    sent.append((compiled, cursor, sql, values))
                    for listener in connection.dispatch.before_cursor_execute:
                        sql, values = listener(connection, cursor, sql, values, None, False)
                    cursor.execute(sql, values)
            results = []
            for compiled, cursor, _sql, _values in sent:
                fetched = cursor.fetchall()
                convert = compiled.converter(dialect, cursor)
                results.append([convert(row) for row in fetched])
            return results
        finally:
            for _compiled, cursor, _sql, _values in sent:
                cursor.close()
    except dialect.loaded_dbapi.Error as error:
        _compiled, cursor, sql, values = sent[-1] if sent else (None, None, "", None)
        raise _as_sqlalchemy_error(connection, dbapi_connection, cursor, sql, values,
                                   error) from error


@functools.cache
def _pipelines() -> bool:
    """Whether this libpq has pipeline mode (14 and later)."""
    import psycopg

    return psycopg.Pipeline.is_supported()


class _Compiled:
    """A `DriverQuery`'s SQL for one dialect, its parameters' order and conversions, and
    (once a first run told the driver's column types) its rows' conversions."""

    def __init__(self, statement: Any, dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        escaped = compiled.escaped_bind_names or {}
        names = {bind: escaped.get(name, name) for bind, name in compiled.bind_names.items()}
        self.fixed = {names[bind]: bind.effective_value for bind in compiled.binds.values()
                      if bind.value is not None or bind.callable is not None}
        self.keys = {bind.key: names[bind] for bind in compiled.binds.values()}
        self.processors = [(names[bind], processor) for bind in compiled.binds.values()
                           if (processor := bind.type.dialect_impl(dialect).bind_processor(
                               dialect)) is not None]
        self.positions = tuple(escaped.get(n, n) for n in compiled.positiontup) \
            if compiled.positional else None
        self.columns = list(statement.selected_columns if hasattr(
            statement, "selected_columns") else statement.exported_columns)  # RETURNING's
        self.row = namedtuple("Row", [column.key for column in self.columns] or ["value"],
                              rename=True)
        self._convert: Callable[[tuple], tuple] | None = None

    def values(self, params: Mapping[str, Any]) -> dict[str, Any] | tuple:
        """The driver's parameters: named (psycopg) or in order (SQLite's qmark)."""
        values = dict(self.fixed)
        for key, value in params.items():
            values[self.keys.get(key, key)] = value
        for name, processor in self.processors:
            if name in values:
                values[name] = processor(values[name])
        if self.positions is None:
            return values
        return tuple(values[name] for name in self.positions)

    def converter(self, dialect, cursor) -> Callable[[tuple], tuple]:
        """How a driver row becomes the named tuple of SQLAlchemy's values, made at the
        first run from the driver's column types (psycopg builds `description` anew at each
        reading: a third of a short statement's own CPU)."""
        if self._convert is None:
            processors = [column.type.dialect_impl(dialect).result_processor(dialect, code)
                          for column, (_name, code, *_rest) in zip(
                              self.columns, cursor.description, strict=True)]
            make = self.row._make
            if not any(processors):
                self._convert = make
            else:
                def convert(row: tuple) -> tuple:
                    return make([value if processor is None or value is None
                                 else processor(value)
                                 for processor, value in zip(processors, row, strict=True)])
                self._convert = convert
        return self._convert


def _as_sqlalchemy_error(connection, dbapi_connection, cursor, sql: str, values: Any,
                         error: Exception) -> DBAPIError:
    """The driver's error as SQLAlchemy raises it (so `is_busy` and the web's 503 see it);
    a connection the error shows dead is invalidated, as SQLAlchemy does."""
    dialect = connection.dialect
    lost = dialect.is_disconnect(error, dbapi_connection.dbapi_connection, cursor)
    if lost:
        connection.invalidate(error)
    return DBAPIError.instance(sql, values, error, dialect.loaded_dbapi.Error,
                               dialect=dialect, connection_invalidated=lost)


def insert_rows(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    """Insert many rows straight to the driver, on the session's transaction: one
    executemany on SQLite, one COPY on PostgreSQL.

    Bulk loads (ingest, import, re-extraction) spent most of their time in SQLAlchemy's
    per-row parameter processing, and psycopg's executemany in a round of protocol messages
    per row; here each column's conversion is chosen once per call (`RowWriter`) and the
    rows go to the driver as tuples. Every row has the first row's keys; columns left out
    get their model defaults.
    """
    if not rows:
        return
    writer = row_writer(session.connection().dialect.name, model, tuple(rows[0]))
    insert_values(session, writer, [writer.values(row) for row in rows])


def insert_values(session: Session, writer: RowWriter, values: list[tuple]) -> None:
    """Insert rows already made into driver values by `writer.values` (perhaps in another
    process: see `importing`)."""
    if not values:
        return
    connection = session.connection()
    if writer.copy_sql is None:
        connection.exec_driver_sql(writer.sql, values)
        return
    cursor = connection.connection.driver_connection.cursor()
    with cursor, cursor.copy(writer.copy_sql) as copy:
        for row in values:
            copy.write_row(row)


def reserve_ids(session: Session, model: type, count: int, *,
                exclusive: bool = False) -> list[int]:
    """Primary keys for `count` rows the caller inserts next, so that a bulk load need not
    read back the keys the database chose (COPY and executemany return none).

    PostgreSQL draws them from the column's sequence: one by one (~6 µs each), or, when
    the caller holds the table `exclusive`ly (no one else can insert, so no one else draws
    from its sequence), as one block moved past in one call. SQLite continues from the
    largest key: sound only inside a write transaction (`begin_write`: no other writer
    until it ends) and when the rows are inserted before the next call.
    """
    if count == 0:
        return []
    table = model.__table__
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        quoted = connection.dialect.identifier_preparer.format_table(table)
        if exclusive:
            last = connection.execute(text(
                "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                "nextval(pg_get_serial_sequence(:table, 'id')) + :count - 1)"),
                {"table": quoted, "count": count}).scalar_one()
            return list(range(last - count + 1, last + 1))
        return connection.execute(text(  # one array, not `count` rows to fetch one by one
            "SELECT array_agg(nextval(pg_get_serial_sequence(:table, 'id'))) "
            "FROM generate_series(1, :count)"), {"table": quoted, "count": count}).scalar_one()
    last = connection.execute(select(func.max(table.c.id))).scalar() or 0
    return list(range(last + 1, last + 1 + count))


class RowWriter:
    """The INSERT statement and per-column value conversions for one table and dialect."""

    def __init__(self, dialect_name: str, table: Table, keys: tuple[str, ...]) -> None:
        sqlite = dialect_name == "sqlite"
        preparer = (sqlite_dialect if sqlite else postgresql_dialect)().identifier_preparer
        self.keys = keys
        self._pick = operator.itemgetter(*keys) if len(keys) > 1 else (
            lambda row: (row[keys[0]],))
        self.defaults = [(column.name, column.default.arg) for column in table.columns
                         if column.name not in keys and column.default is not None]
        names = [*keys, *(name for name, _ in self.defaults)]
        columns = [table.columns[name] for name in names]
        self.conversions = [(index, convert) for index, column in enumerate(columns)
                            if (convert := _converter(column.type, sqlite)) is not None]
        self._by_name = {names[index]: convert for index, convert in self.conversions}
        target = (f"{preparer.format_table(table)} "
                  f"({', '.join(preparer.quote(name) for name in names)})")
        self.sql = f"INSERT INTO {target} VALUES ({', '.join('?' * len(names))})"  # noqa: S608
        self.copy_sql = None if sqlite else f"COPY {target} FROM STDIN"

    def converter(self, name: str) -> Callable[[Any], Any]:
        """How a (non-null) value of the column becomes a driver value."""
        return self._by_name.get(name, _unchanged)

    def values(self, row: dict[str, Any]) -> tuple:
        """The row as the driver takes it, in the order of `keys` then the defaults."""
        values = list(self._pick(row))
        for _name, default in self.defaults:
            values.append(default(None) if callable(default) else default)
        for index, convert in self.conversions:
            if values[index] is not None:
                values[index] = convert(values[index])
        return tuple(values)


def _unchanged(value: Any) -> Any:
    return value


def row_writer(dialect_name: str, model: type, keys: tuple[str, ...]) -> RowWriter:
    """The (cached) writer of `model` rows with these keys."""
    return _cached_writer(dialect_name, model.__table__, keys)


@functools.lru_cache(maxsize=64)
def _cached_writer(dialect_name: str, table: Table, keys: tuple[str, ...]) -> RowWriter:
    return RowWriter(dialect_name, table, keys)


def _converter(column_type: TypeEngine, sqlite: bool) -> Callable[[Any], Any] | None:
    """How a Python value becomes what the driver stores, as SQLAlchemy's own types do it.

    Dates and timestamps may also come as ISO 8601 strings (UTC for timestamps, as the
    export writes them): bulk loads skip the round trip through `datetime`.
    """
    if isinstance(column_type, JSON):
        return canonical_json
    if not sqlite:
        return None  # COPY reads ISO strings, and psycopg writes dates and booleans itself
    if isinstance(column_type, DateTime):
        return _sqlite_timestamp
    if isinstance(column_type, Date):
        return _sqlite_date
    if isinstance(column_type, Boolean):
        return int
    return None


def _sqlite_timestamp(value: dt.datetime | str) -> str:
    """SQLAlchemy's SQLite storage format, in UTC (naive values are taken as UTC)."""
    if isinstance(value, str):
        if len(value) == 32 and value.endswith("+00:00"):  # ...T09:30:00.000005+00:00
            return f"{value[:10]} {value[11:26]}"
        if len(value) == 25 and value.endswith("+00:00"):  # ...T09:30:00+00:00
            return f"{value[:10]} {value[11:19]}.000000"
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is dt.UTC:  # the common case, a third of the general one's cost
        return value.isoformat(" ", "microseconds")[:26]
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(" ", "microseconds")


def _sqlite_date(value: dt.date | str) -> str:
    return value if isinstance(value, str) else value.isoformat()


@contextmanager
def rebuilt_after_load(session: Session, models: Sequence[type]) -> Iterator[None]:
    """Load empty tables the way a restore does: their secondary indexes (and on
    PostgreSQL their foreign keys) dropped first and made again at the end of the block,
    each in one pass over the loaded rows, in the same transaction.

    Why: a row inserted costs an index insertion per index (and on PostgreSQL a
    trigger-run lookup per foreign key); an index built from sorted rows and a foreign key
    checked with one join cost far less. An import of 1,000,000 claims into SQLite: inserts
    30 s with the indexes, 15 s + 7 s to build them after; of 200,000 into PostgreSQL:
    11,600 -> 17,700 rows/s. Each index and constraint is made again from the definition
    the database itself reports, so nothing drifts; if the block fails, nothing is made
    again and the caller's rollback restores them (DDL is transactional in both). The
    tables are held exclusively until the transaction ends (PostgreSQL: locked; SQLite:
    the write transaction already excludes other writers), which `reserve_ids` relies on:
    this is for restores into empty tables, not for loads beside a team at work. (SQLite's
    foreign keys cannot be dropped; its unique constraints' indexes stay, as they do on
    PostgreSQL.)
    """
    connection = session.connection()
    rebuild: list[str] = []
    for model in models:
        table = model.__table__
        if connection.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(
                "SELECT 'DROP INDEX \"' || replace(name, '\"', '\"\"') || '\"', sql "
                "FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                (table.name,)).all()
        else:  # held until the transaction ends, as dropping an index would hold it
            connection.exec_driver_sql(
                f"LOCK TABLE {connection.dialect.identifier_preparer.format_table(table)} "
                "IN ACCESS EXCLUSIVE MODE")
            rows = connection.exec_driver_sql(
                "SELECT 'ALTER TABLE ' || conrelid::regclass || ' DROP CONSTRAINT ' || "
                "quote_ident(conname), 'ALTER TABLE ' || conrelid::regclass || "
                "' ADD CONSTRAINT ' || quote_ident(conname) || ' ' || "
                "pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %(table)s::regclass AND contype = 'f' "
                "UNION ALL SELECT 'DROP INDEX ' || quote_ident(schemaname) || '.' || "
                "quote_ident(indexname), indexdef FROM pg_indexes i "
                "WHERE tablename = %(name)s AND schemaname = current_schema() AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                {"table": connection.dialect.identifier_preparer.format_table(table),
                 "name": table.name}).all()
        for drop, create in rows:
            connection.exec_driver_sql(drop)
            rebuild.append(create)
    yield
    for create in sorted(rebuild, key=lambda sql: sql.startswith("ALTER")):  # indexes first
        connection.exec_driver_sql(create)

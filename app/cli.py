"""The `claimdesk` command: a Flask CLI group whose commands call the services.

Each command imports the services, SQLModel and the app's engine when it runs: imported
here, they cost every command, `claimdesk --help` included, ~2 CPU s of start-up.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext

from app import create_app
from app.audit_cli import audit_group
from app.match_cli import import_fact_checks_command, match_command
from app.services.constants import BATCH_DOCUMENTS, EXPORT_FORMATS, LARGEST_ID, LOCAL_ADMIN

if TYPE_CHECKING:
    from flask import Flask
    from sqlmodel import Session

    from app.services.sources import IncomingDocument, SourceProblem

LOGIN_LINK_TTL = dt.timedelta(hours=24)
DOCUMENT_ID = click.IntRange(1, LARGEST_ID)  # what the id column holds


class ClaimdeskGroup(FlaskGroup):
    """Flask's command group, listing its commands without building the app.

    FlaskGroup builds the app (every view and service) to list the commands of `app.cli`
    as well; claimdesk's are all on the group itself, so `--help` needs no app.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return sorted(click.Group.list_commands(self, ctx))


@click.group(cls=ClaimdeskGroup, create_app=create_app, add_version_option=False)
def main() -> None:
    """claimdesk: extract fact claims from news text, review them, export them."""


def init_app(app: Flask) -> None:
    """Register claimdesk's commands on the app (so `flask` sees them too)."""
    for command in COMMANDS:
        app.cli.add_command(command)


def _session(**options) -> Session:
    """A database session on the app's engine."""
    from sqlmodel import Session

    from app.web.context import engine

    return Session(engine(), **options)


@click.command()
@with_appcontext
def init() -> None:
    """Create the database or upgrade it to the newest schema."""
    from app import migrate as migrations
    from app.services import signing
    from app.web.context import engine

    migrations.upgrade(engine())
    click.echo(f"Database ready: {engine().url.render_as_string(hide_password=True)}")
    key = Path(current_app.config["AUDIT_KEY_FILE"])
    if signing.create_key(key):  # the audit log's signing key, kept outside the database
        click.echo(f"Audit key created: {key} (public key: {signing.public_path(key)})")


@click.command()
@with_appcontext
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--processes", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Extract in this many processes.")
@click.option("--cluster", metavar="ADDRESS", default=None,
              help="Extract on a Dask cluster: its scheduler (tcp://host:8786), or local:N "
                   "for N worker processes on this machine (docs/cluster.md).")
@click.option("--match/--no-match", default=True, show_default=True,
              help="Match new claims against fact-checks and other documents' claims as "
                   "they are stored (the slowest step of a large archive's ingest).")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=BATCH_DOCUMENTS,
              show_default=True, help="Documents extracted and stored together (one "
              "transaction each; a killed run loses at most the batches in flight).")
def ingest(paths: tuple[Path, ...], processes: int, cluster: str | None, match: bool,
           batch_size: int) -> None:
    """Ingest .txt/.md files, folders and JSONL documents (idempotent by content)."""
    from app.services import ingest as ingest_service
    from app.services.sources import count_documents, read_paths

    max_bytes = current_app.config["MAX_DOCUMENT_BYTES"]
    total = count_documents(paths)
    with _session(expire_on_commit=False) as session, _runner(
            cluster, processes) as runner, progress(total, "Ingesting") as bar:
        report = ingest_service.ingest(
            session=session, items=read_paths(paths, max_bytes=max_bytes), extractor=None,
            runner=runner, actor=None, on_item=lambda _item: bar.update(1), match=match,
            batch_size=batch_size)
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    click.echo(f"{len(report.added)} documents added with {report.claims} claims, "
               f"{report.skipped} already present, {len(report.problems)} failed.")
    if report.matched_late:
        click.echo(f"{report.matched_late} claims an interrupted run had stored were matched "
                   "now.")
    if report.problems:
        sys.exit(1)


def _runner(cluster: str | None, processes: int):
    """Where extraction runs: the Dask cluster named, else here in `processes` processes."""
    model = current_app.config["SPACY_MODEL"]
    if cluster:
        from app.services.cluster import OnCluster, local_workers

        if cluster.startswith("local:"):
            try:
                local_workers(cluster)
            except ValueError as error:
                raise click.BadParameter(str(error), param_hint="--cluster") from None
        return OnCluster(cluster, model=model)
    from app.services.extracting import ForkedProcesses, InProcess

    extractor = _extractor()
    return ForkedProcesses(extractor, processes) if processes > 1 else InProcess(extractor)


def progress(total: int, label: str):
    """A progress bar on stderr with items/s and the time left."""
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit=" doc", file=sys.stderr, mininterval=0.5,
                dynamic_ncols=True)


@click.command()
@with_appcontext
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Publication date for texts that do not give one (resolves relative dates).")
@click.option("--format", "output_format", type=click.Choice(["jsonl"]), default="jsonl")
def extract(paths: tuple[str, ...], published: dt.datetime | None, output_format: str) -> None:
    """Print candidate claims of files, JSONL documents or stdin (`-`); no database."""
    from app.services.extracting import extractor_label

    extractor = _extractor()
    fallback = published.date() if published else None
    documents, problems = _documents_for_extract(paths, fallback)
    sources = [doc.source_text() for _, doc in documents]
    label = extractor_label(extractor)
    out = sys.stdout
    found = extractor.extract_many(sources)
    for (doc_id, _), claims in zip(documents, found, strict=True):
        for claim in claims:
            record = {"doc_id": doc_id, **claim.to_dict(), "extractor": label}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems:
        sys.exit(1)


def _extractor():
    """The configured extractor; spaCy is imported only by the commands that need it."""
    from app.nlp import load_extractor

    return load_extractor(current_app.config["SPACY_MODEL"])


def _documents_for_extract(
    paths: tuple[str, ...], fallback: dt.date | None
) -> tuple[list[tuple[str, IncomingDocument]], list[SourceProblem]]:
    """(doc_id, document) pairs from the arguments, and what could not be read."""
    from app.services.sources import IncomingDocument, SourceProblem

    documents, problems = [], []
    for index, item in enumerate(_extract_items(paths)):
        if isinstance(item, SourceProblem):
            problems.append(item)
            continue
        if item.published is None and fallback is not None:
            item = IncomingDocument(**{**item.__dict__, "published": fallback})
        documents.append((item.external_id or item.origin or str(index), item))
    return documents, problems


def _extract_items(paths: tuple[str, ...]) -> Iterator[IncomingDocument | SourceProblem]:
    from app.services.sources import jsonl_document, parse_text_document, read_paths

    max_bytes = current_app.config["MAX_DOCUMENT_BYTES"]
    for path in paths:
        if path == "-":
            raw = sys.stdin.buffer.read()
            first = raw.lstrip()[:1]
            if first == b"{":
                for number, line in enumerate(raw.splitlines(), start=1):
                    if line.strip():
                        yield jsonl_document(line, origin=f"stdin:{number}")
            else:
                yield parse_text_document(raw.decode("utf-8", errors="replace"), origin="stdin")
        else:
            yield from read_paths([Path(path)], max_bytes=max_bytes)


@click.command()
@with_appcontext
@click.option("--document", "document_ids", type=DOCUMENT_ID, multiple=True,
              help="A document id (repeatable).")
@click.option("--all", "every", is_flag=True, help="Every document.")
@click.option("--processes", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Extract in this many processes.")
@click.option("--cluster", metavar="ADDRESS", default=None,
              help="Extract on a Dask cluster (as `ingest --cluster`).")
def reextract(document_ids: tuple[int, ...], every: bool, processes: int,
              cluster: str | None) -> None:
    """Run the current extractor again: reviews kept, vanished claims retired, never deleted."""
    from app.services.reextract import reextract as run_reextract

    with _session(expire_on_commit=False) as session:
        ids = list(document_ids) or (_all_document_ids(session) if every else [])
        if not ids:
            raise click.UsageError("give --document ID or --all")
        with _runner(cluster, processes) as runner, progress(len(ids), "Re-extracting") as bar:
            reports = run_reextract(session=session, document_ids=ids, extractor=None,
                                    runner=runner, actor=None,
                                    on_document=lambda _id: bar.update(1))
    kept, added, retired = (sum(getattr(r, name) for r in reports)
                            for name in ("kept", "added", "retired"))
    click.echo(f"{len(reports)} documents: {kept} claims kept, {added} added, "
               f"{retired} retired.")


def _all_document_ids(session: Session) -> list[int]:
    from sqlmodel import select

    from app.models import Document

    return list(session.exec(select(Document.id).order_by(Document.id)))


@click.command()
@with_appcontext
def stats() -> None:
    """Label counts, and reviewer agreement (Cohen's κ per pair, Krippendorff's α)."""
    from app.services import documents
    from app.services.stats import desk_agreement

    with _session() as session:
        mix = documents.label_mix(session)
        report = desk_agreement(session)
    click.echo("claims: " + ", ".join(f"{label} {n}" for label, n in mix.items()))
    click.echo(f"Krippendorff's alpha (nominal), all claims: {_figure(report.alpha)}")
    for document_id, alpha in sorted(report.alpha_by_document.items()):
        click.echo(f"  document {document_id}: alpha {_figure(alpha)}")
    for pair in (p for p in report.pairs if p.shared_claims):
        click.echo(f"Cohen's kappa {pair.reviewer_a} / {pair.reviewer_b}: {_figure(pair.kappa)} "
                   f"over {pair.shared_claims} shared claims")


@click.command()
@with_appcontext
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write it (default: instance/backups/claimdesk-<time>).")
def backup(output: Path | None) -> None:
    """Write a consistent copy of the database (SQLite online backup, or pg_dump)."""
    from app.services.backup import BackupFailed
    from app.services.backup import backup as run_backup
    from app.web.context import engine

    if output is None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        suffix = ".db" if engine().url.get_backend_name() == "sqlite" else ".dump"
        output = Path(current_app.instance_path) / "backups" / f"claimdesk-{stamp}{suffix}"
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        run_backup(engine(), output)
    except BackupFailed as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {output}")


@click.command("train-checkworthiness")
@with_appcontext
@click.option("--train", "train_tsv", type=click.Path(exists=True, dir_okay=False),
              required=True, help="CheckThat! TSV (Sentence_id, Text, class_label).")
@click.option("--dev", "dev_tsv", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A TSV to report F1 on (never trained on).")
@click.option("--from-reviews", is_flag=True,
              help="Add the team's decisions: dismissed claims no, labelled claims yes.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Artefact folder (default: the one the extractor loads).")
def train_checkworthiness(train_tsv: str, dev_tsv: str | None, from_reviews: bool,
                          out: Path | None) -> None:
    """Retrain the check-worthiness model, reproducibly (fixed seed)."""
    from app.nlp import checkworthiness, checkworthiness_train
    from app.services.stats import checkworthiness_decisions

    examples = checkworthiness_train.read_tsv(train_tsv)
    if from_reviews:
        with _session() as session:
            decisions = checkworthiness_decisions(session)
        click.echo(f"adding {len(decisions)} decisions of the team", err=True)
        examples += decisions
    dev = checkworthiness_train.read_tsv(dev_tsv) if dev_tsv else None
    target = out or checkworthiness.DEFAULT_PATH
    sources = [train_tsv, *([dev_tsv] if dev_tsv else [])]  # their hashes go in meta.json
    metrics = checkworthiness_train.train(examples, dev=dev, out_dir=target, seed=0,
                                          sources=sources)
    click.echo(json.dumps(metrics))
    click.echo(f"model written to {target}")


def _figure(value: float | None) -> str:
    return "n/a (too few shared reviews)" if value is None else f"{value:.3f}"


# Two processes use both cores of a small machine; the database's own work dominates.
EXPORT_WORKERS = min(2, os.cpu_count() or 1)


@click.command("export")
@with_appcontext
@click.option("--format", "output_format", type=click.Choice(EXPORT_FORMATS), default="jsonl",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@click.option("--verdict", default=None, help="Only claims with this verdict (or 'unreviewed').")
@click.option("--document", "document_id", type=DOCUMENT_ID, default=None,
              help="Only this document.")
@click.option("--reviewer", default=None, help="Only claims this reviewer reviewed.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only claims changed on or after this day.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only claims changed on or before this day.")
@click.option("--time-sensitive", is_flag=True, help="Only claims that may be outdated.")
@click.option("--history", is_flag=True, help="Add each claim's events.")
@click.option("--with-proofs", is_flag=True,
              help="With --history (JSONL): add each claim's inclusion proofs against a new "
                   "signed checkpoint (docs/audit.md).")
@click.option("--with-text", is_flag=True, help="Add each document's text (for a full import).")
@click.option("--workers", type=click.IntRange(1, 16), default=EXPORT_WORKERS, show_default=True,
              help="Processes that read the claims (one snapshot; --history reads with one).")
def export_command(output_format: str, output: Path | None, verdict: str | None,
                   document_id: int | None, reviewer: str | None, since, until,
                   time_sensitive: bool, history: bool, with_proofs: bool, with_text: bool,
                   workers: int) -> None:
    """Stream claims as JSONL (schema claimdesk.claim/1), CSV, ClaimReview or Prodigy."""
    from app.models import Label
    from app.services.export import ExportFilter, export_lines
    from app.services.formats import Publisher

    known = [label.value for label in Label] + ["unreviewed"]
    if verdict is not None and verdict not in known:  # (never an empty export for a typo)
        raise click.BadParameter(f"{verdict!r} is none of {', '.join(known)}",
                                 param_hint="--verdict")
    criteria = ExportFilter(verdict=verdict, document_id=document_id, reviewer=reviewer,
                            since=since.date() if since else None,
                            until=until.date() if until else None,
                            time_sensitive=time_sensitive)
    publisher = Publisher(current_app.config["PUBLISHER_NAME"], current_app.config["PUBLISHER_URL"])
    if with_proofs and not (history and output_format == "jsonl"):
        raise click.UsageError("--with-proofs goes with --history and the JSONL format")
    with _session() as session, _session() as proving:
        lines = export_lines(session, output_format, criteria, history=history,
                             with_text=with_text, publisher=publisher, workers=workers)
        if with_proofs:
            lines = _with_proofs(lines, proving)
        if output is None:
            out = sys.stdout
            for line in lines:
                out.write(line)
            return
        partial = output.with_name(output.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as handle:
                count = sum(1 for line in lines if handle.write(line))
            partial.replace(output)  # a finished file or none: never half an export
        except OSError as error:  # a full disk, a folder that is not there
            partial.unlink(missing_ok=True)
            raise click.ClickException(f"could not write {output}: {error.strerror or error}; "
                                       "nothing was written") from None
    click.echo(f"{count} lines written to {output}", err=True)


def _with_proofs(lines: Iterator[str], session: Session) -> Iterator[str]:
    """The lines with proofs, after integrating what waits and signing a checkpoint."""
    from app.services import audit_tree, checkpoints, proofs
    from app.services.checkpoints import LogSettings

    audit_tree.integrate_all(session)
    try:
        checkpoints.write_checkpoint(session, LogSettings.from_config(current_app.config))
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from None
    return proofs.with_proofs(lines, session)


@click.command("import")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only validate the file.")
def import_command(path: Path, dry_run: bool) -> None:
    """Import a claimdesk export, Prodigy or doccano JSONL, or JSONL documents."""
    from app.services.importing import import_file

    with _session(expire_on_commit=False) as session, click.progressbar(
        length=path.stat().st_size, label="Importing", file=sys.stderr
    ) as bar:
        report = import_file(session=session, path=path, dry_run=dry_run,
                             progress=lambda done: bar.update(done - bar.pos),
                             load_extractor=_extractor,
                             max_document_bytes=current_app.config["MAX_DOCUMENT_BYTES"])
    if report.errors:
        for error in report.errors:
            click.echo(f"error: {path}: {error}", err=True)
        click.echo(f"Nothing imported: {len(report.errors)} bad lines of {report.lines}.",
                   err=True)
        sys.exit(1)
    verb = "would import" if dry_run else "imported"
    click.echo(f"{path}: {report.lines} lines valid; {verb} {report.claims_added} claims "
               f"({report.claims_present} already present), {report.reviews_added} reviews, "
               f"{report.events_added} events, {report.documents_added} documents "
               f"({report.claims_extracted} claims extracted from documents).")


@click.group("users", cls=AppGroup)
def users_group() -> None:
    """Create and list accounts."""


@users_group.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(["reviewer", "editor", "admin"]), default="reviewer")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_create(username: str, role: str, password_stdin: bool) -> None:
    """Create an account (passwords of at least 12 characters)."""
    from app.services import users
    from app.services.errors import ClaimdeskError

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    with _session(expire_on_commit=False) as session:
        try:
            users.create_user(session=session, username=username, role=role,
                              password=password, actor=None)
        except ClaimdeskError as error:
            raise click.ClickException(error.message) from None
    click.echo(f"Created {role} {username}.")


@users_group.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(["reviewer", "editor", "admin"]))
def users_set_role(username: str, role: str) -> None:
    """Change an account's role."""
    from app.services import users
    from app.services.errors import ClaimdeskError

    with _session(expire_on_commit=False) as session:
        try:
            users.set_role(session=session, username=username, role=role, actor=None)
        except ClaimdeskError as error:
            raise click.ClickException(error.message) from None
    click.echo(f"{username} is now {role}.")


@users_group.command("password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, required=True,
              help="Read the new password from standard input.")
def users_password(username: str, password_stdin: bool) -> None:
    """Set a new password; every session of that account ends."""
    from app.services import users
    from app.services.errors import ClaimdeskError

    password = sys.stdin.readline().rstrip("\r\n")
    with _session(expire_on_commit=False) as session:
        user = users.find_user(session, username)
        if user is None:
            raise click.ClickException(f"no user {username!r}")
        try:
            users.change_password(session=session, user=user, current=None, new=password,
                                  check_current=False)
        except ClaimdeskError as error:
            raise click.ClickException(error.message) from None
    click.echo(f"Password of {username} changed; their sessions ended.")


@users_group.command("list")
def users_list() -> None:
    """List accounts with their roles."""
    from app.services import users

    with _session() as session:
        for user in users.list_users(session):
            state = "" if user.is_active else " (disabled)"
            click.echo(f"{user.username}\t{user.role}{state}")


@click.group("tokens", cls=AppGroup)
def tokens_group() -> None:
    """API tokens for the JSON API."""


@tokens_group.command("create")
@click.argument("username")
@click.option("--name", default="cli", show_default=True, help="What the token is for.")
def tokens_create(username: str, name: str) -> None:
    """Create an API token for USERNAME; it is printed once and stored only as a hash."""
    from app.services import users

    with _session(expire_on_commit=False) as session:
        user = users.find_user(session, username)
        if user is None:
            raise click.ClickException(f"no user {username!r}")
        click.echo(users.create_api_token(session=session, user=user, name=name))


@click.command("login-link")
@with_appcontext
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
@click.option("--user", "username", default=LOCAL_ADMIN, show_default=True)
def login_link(base_url: str, username: str) -> None:
    """Print a one-time sign-in link (makes the local admin on first use)."""
    click.echo(_login_link(base_url, username))


@click.command()
@with_appcontext
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Web worker processes (default: two per core and one more, at most 8).")
@click.option("--threads", type=click.IntRange(1, 64), default=None,
              help="Threads per worker (default 1: gunicorn's sync workers; more: gthread "
              "workers, which keep connections open).")
@click.option("--debug", is_flag=True, help="Werkzeug's server in one process instead.")
def serve(host: str, port: int, workers: int | None, threads: int | None,
          debug: bool) -> None:
    """Serve the app (gunicorn, with the audit log's sequencer beside it) and print a
    one-time sign-in link, as Jupyter does."""
    from app.server import DEFAULT_THREADS, Server, default_workers

    base_url = f"http://{host}:{port}"
    link = _login_link(base_url, LOCAL_ADMIN)
    click.echo(f"\n  claimdesk is running at {base_url}/\n"
               f"  Sign in as the local admin with this one-time link (valid 24 h):\n"
               f"    {link}\n  New link any time: .venv/bin/claimdesk login-link\n")
    if debug:
        from werkzeug.serving import run_simple

        from app.server import Sequencer

        sequencer = Sequencer()
        sequencer.start()
        try:
            run_simple(host, port, current_app._get_current_object(), threaded=True)
        finally:
            sequencer.stop()
        return
    Server(f"{host}:{port}", workers or default_workers(), threads or DEFAULT_THREADS).run()


def _login_link(base_url: str, username: str) -> str:
    from app.services import users

    with _session(expire_on_commit=False) as session:
        if username == LOCAL_ADMIN:
            user = users.ensure_local_admin(session)
        else:
            user = users.find_user(session, username)
            if user is None:
                raise click.ClickException(f"no user {username!r}")
        token = users.create_login_link(session, user, LOGIN_LINK_TTL)
    return f"{base_url.rstrip('/')}/login/link/{token}"


COMMANDS = (init, ingest, extract, reextract, export_command, import_command, users_group,
            tokens_group, audit_group, stats, backup, train_checkworthiness, login_link, serve,
            match_command, import_fact_checks_command)
for _command in COMMANDS:  # on the group itself: found without building the app
    main.add_command(_command)

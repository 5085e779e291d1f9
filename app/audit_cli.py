"""`claimdesk audit …`: check, sign and prove the audit log (docs/audit.md).

Each command imports the services it calls, as in app.cli: `claimdesk --help` and every
other command import this module.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import current_app
from flask.cli import AppGroup

if TYPE_CHECKING:
    from app.services.checkpoints import LogSettings

PEM_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def log_settings() -> LogSettings:
    from app.services.checkpoints import LogSettings

    return LogSettings.from_config(current_app.config)


@click.group("audit", cls=AppGroup)
def audit_group() -> None:
    """Check, sign and prove the audit log."""


@audit_group.command("verify")
@click.option("--public-key", type=PEM_FILE, default=None,
              help="Check the checkpoints with this public key (default: the log's own).")
def audit_verify(public_key: Path | None) -> None:
    """Check every event against the tree and the tree against every signed checkpoint;
    exit 1 naming the first missing or changed event."""
    from sqlmodel import Session

    from app.services import checkpoints, signing
    from app.services.audit_verify import verify
    from app.web.context import engine

    log = log_settings()
    key = signing.load_public_key(public_key.read_bytes()) if public_key else log.public_key()
    with Session(engine()) as session:
        if key is None and (checkpoints.latest(session) or log.checkpoint_file.exists()):
            raise click.ClickException(f"no key at {log.key_path} to check the checkpoints "
                                       "with: give --public-key")
        report = verify(session, log, key)
    if not report.ok:
        click.echo(f"audit trail broken: {report.problems[0]}", err=True)
        for problem in report.problems[1:10]:
            click.echo(f"  also: {problem}", err=True)
        sys.exit(1)
    signed = (f"checked against {report.checkpoints} signed checkpoints (latest: size "
              f"{report.latest.size}, {report.latest.time})" if report.latest
              else "no checkpoint yet")
    click.echo(f"audit trail intact: {report.events} events in the tree, {report.pending} "
               f"waiting to enter it; {signed}")


@audit_group.command("checkpoint")
@click.option("--export", "export_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also write every checkpoint with the consistency proof "
                                 "from the one before (JSON lines), to publish.")
def audit_checkpoint(export_path: Path | None) -> None:
    """Integrate waiting events, sign a checkpoint of the tree and print it."""
    from sqlmodel import Session

    from app.services import audit_tree, checkpoints
    from app.web.context import engine

    log = log_settings()
    with Session(engine(), expire_on_commit=False) as session:
        audit_tree.integrate_all(session)
        try:
            row = checkpoints.write_checkpoint(session, log) or checkpoints.latest(session)
        except FileNotFoundError as error:
            raise click.ClickException(str(error)) from None
        click.echo(row.note, nl=False)
        if export_path is not None:
            lines = checkpoints.exported(session)
            export_path.write_text("".join(json.dumps(line) + "\n" for line in lines))
            click.echo(f"{len(lines)} checkpoints written to {export_path}", err=True)


@audit_group.command("sequence")
@click.option("--once", is_flag=True, help="Integrate what waits, checkpoint if due, and stop.")
def audit_sequence(once: bool) -> None:
    """Run the sequencer: integrate events into the tree as they come, and sign a
    checkpoint every CLAIMDESK_CHECKPOINT_EVERY events or _SECONDS seconds."""
    from sqlmodel import Session

    from app.services import sequencer
    from app.web.context import engine

    config, log = current_app.config, log_settings()
    every = {"every_events": config["CHECKPOINT_EVERY"],
             "every_seconds": config["CHECKPOINT_SECONDS"]}
    if once:
        with Session(engine(), expire_on_commit=False) as session:
            while sequencer.step(session, log, **every):
                pass
        return
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    sequencer.run(engine(), log, should_stop=lambda: bool(stopping), **every)


@audit_group.command("prove")
@click.argument("claim_ref")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def audit_prove(claim_ref: str, output: Path | None) -> None:
    """Print a claim's events with inclusion proofs against a new signed checkpoint."""
    from sqlmodel import Session

    from app.services import audit_tree, checkpoints
    from app.services.claims import claim_id_for
    from app.services.documents import get_claim
    from app.services.errors import ClaimdeskError
    from app.services.proofs import prove_claim
    from app.web.context import engine

    log = log_settings()
    with Session(engine(), expire_on_commit=False) as session:
        try:
            claim = get_claim(session, claim_id_for(session, _claim_ref(claim_ref)))
        except ClaimdeskError as error:
            raise click.ClickException(error.message) from None
        audit_tree.integrate_all(session)
        checkpoints.write_checkpoint(session, log)
        text = json.dumps(prove_claim(session, claim), ensure_ascii=False, indent=1) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"proof written to {output}", err=True)


def _claim_ref(value: str) -> int | str:
    """A claim's stable id (32 hex digits) or its number, as the web's URLs take them."""
    if len(value) == 32:
        return value.lower()
    if value.isdigit() and len(value) <= 10:
        return int(value)
    raise click.BadParameter(f"{value!r} is neither a claim's id nor its number")


@audit_group.command("check-proof")
@click.argument("path", type=PEM_FILE)
@click.option("--public-key", type=PEM_FILE, required=True,
              help="The log's public key (PEM), obtained from its publisher.")
def audit_check_proof(path: Path, public_key: Path) -> None:
    """Check a proof file with the log's public key alone (no database)."""
    from app.services import signing
    from app.services.proof_check import ProofInvalid, check_proof

    try:
        key = signing.load_public_key(public_key.read_bytes())
        proven = check_proof(json.loads(path.read_text(encoding="utf-8")), key)
    except (ProofInvalid, ValueError) as error:
        click.echo(f"proof invalid: {error}", err=True)
        sys.exit(1)
    point = proven.checkpoint
    click.echo(f"proof valid: claim {proven.claim}, {len(proven.events)} events in the log "
               f"{point.origin} (checkpoint of size {point.size}, {point.time})")
    for event in proven.events:
        click.echo(f"  {event['at']}  {event['kind']}  {event['actor']}  "
                   f"{json.dumps(event['after'], ensure_ascii=False)}")
    if proven.pending:
        click.echo(f"  not yet covered by the checkpoint: events {proven.pending}")

"""`claimdesk match`: rank a knowledge base for each query, as the app does, without a database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click
from flask.cli import with_appcontext

if TYPE_CHECKING:
    from app.matching import Reference

READABLE = click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path)


def _lines(stream: IO[str], name: str) -> Iterator[dict]:
    """The JSON objects of a JSON-lines stream; a bad line is named."""
    number = 0
    try:
        for number, line in enumerate(stream, 1):
            if line.strip():
                yield _row(line, f"{name}:{number}")
    except UnicodeDecodeError:
        raise click.ClickException(f"{name}: is not UTF-8 (after line {number})") from None


def _row(line: str, where: str) -> dict:
    """One line's JSON object with an "id" and a "text", or a message naming `where`."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise click.ClickException(f"{where}: not JSON ({error.msg})") from error
    except RecursionError:
        raise click.ClickException(f"{where}: not JSON here (nested too deeply)") from None
    if not isinstance(row, dict) or not isinstance(row.get("text"), str) or "id" not in row:
        raise click.ClickException(f'{where}: needs "id" and "text"')
    return row


def _references(path: Path) -> list[Reference]:
    """The knowledge base of a JSONL file of `{"id", "text", "title"?}` lines."""
    from app.matching import Reference  # NumPy and the encoders: only when matching

    with click.open_file(str(path), encoding="utf-8") as stream:
        return [
            Reference(str(r["id"]), r["text"], str(r.get("title") or ""))
            for r in _lines(stream, str(path))
        ]


@click.command("match")
@click.option(
    "--against",
    "kb_path",
    type=READABLE,
    required=True,
    help="Knowledge base: JSONL of {id, text, title?} (checked claims, fact-checks).",
)
@click.argument("queries_path", metavar="QUERIES.jsonl", type=READABLE)
@click.option(
    "--limit",
    type=click.IntRange(5, 100),
    default=10,
    show_default=True,
    help="Matches printed per query.",
)
def match_command(kb_path: Path, queries_path: Path, limit: int) -> None:
    """Print each query's best matches in a knowledge base as JSON lines (best first)."""
    from app.matching import Matcher

    matcher = Matcher(_references(kb_path))
    with click.open_file(str(queries_path), encoding="utf-8") as stream:
        queries = list(_lines(stream, str(queries_path)))
        matcher.warm([query["text"] for query in queries])
        for query in queries:
            matches = [{"id": m.id, "score": m.score} for m in matcher.match(query["text"], limit)]
            click.echo(json.dumps({"id": query["id"], "matches": matches}, ensure_ascii=False))


@click.command("import-fact-checks")
@with_appcontext
@click.argument("path", type=READABLE)
def import_fact_checks_command(path: Path) -> None:
    """Import fact-checks (ClaimReview JSON-LD, or JSONL of {id, text, title?, verdict?, url?,
    date?}) as read-only references, then match the claims without a verdict against them."""
    from sqlmodel import Session, select

    from app.models import Claim
    from app.services import fact_checks, matches
    from app.services.errors import InvalidInput
    from app.web.context import engine

    with Session(engine()) as session:
        try:
            rows = fact_checks.parse(fact_checks.decoded(path.read_bytes()))
        except InvalidInput as error:
            raise click.ClickException(f"{path}: {error}") from error
        added = fact_checks.import_fact_checks(session=session, rows=rows, actor="cli")
        pending = list(session.exec(select(Claim.id).where(Claim.verdict.is_(None))))
        found = matches.match_claims(session=session, claim_ids=pending) if added else 0
    click.echo(f"{added} fact-checks imported; {found} matches found for unreviewed claims")

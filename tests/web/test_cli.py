"""The `claimdesk` command: init, ingest, extract, export, users, sign-in links."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select

from app.models import Claim, Document, User
from app.services import users

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def cli(runner):
    def invoke(*args, input=None):
        return runner.invoke(args=list(args), input=input, catch_exceptions=False)

    return invoke


def test_init_is_repeatable(cli):
    for _ in range(2):
        result = cli("init")
        assert result.exit_code == 0 and "Database ready" in result.output


@pytest.mark.model
def test_ingest_seeds_is_idempotent_and_export_has_the_ambassadors_claim(cli, session):
    first = cli("ingest", str(SEEDS))
    assert first.exit_code == 0, first.output
    assert "1 documents added" in first.output
    again = cli("ingest", str(SEEDS))
    assert "0 documents added" in again.output and "1 already present" in again.output
    [document] = session.exec(select(Document)).all()
    assert document.published.isoformat() == "2024-01-22"
    assert document.title.startswith("Iran’s top diplomat")
    exported = cli("export", "--format", "jsonl")
    records = [json.loads(line) for line in exported.output.splitlines()]
    assert records and all(r["schema"] == "claimdesk.claim/1" for r in records)
    assert any("ambassadors" in r["text"] and "January 26, 2024" in r["text"] for r in records)
    assert not any("Copyright" in r["text"] or "Staff Reporter" in r["text"] for r in records)


@pytest.mark.model
def test_bad_files_are_named_others_still_ingested_and_exit_is_nonzero(cli, session, tmp_path):
    (tmp_path / "good.txt").write_text("The river rose by two metres on Monday, officials said.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin1.txt").write_bytes("Le caf\xe9 est ferm\xe9.".encode("latin-1"))
    (tmp_path / "docs.jsonl").write_text('{"text": "Prices rose 3 percent in May."}\n{oops\n')
    result = cli("ingest", str(tmp_path))
    assert result.exit_code == 1
    for name in ("empty.txt", "binary.txt", "latin1.txt", "docs.jsonl:2"):
        assert name in result.output
    assert "2 documents added" in result.output and "4 failed" in result.output
    assert len(session.exec(select(Document)).all()) == 2


def test_export_to_a_file_writes_it_whole(cli, tmp_path, session):
    from tests.factories import add_document

    add_document(session)
    target = tmp_path / "out.jsonl"
    result = cli("export", "--format", "jsonl", "-o", str(target))
    assert result.exit_code == 0
    assert len(target.read_text().splitlines()) == 3
    assert "3 lines written" in result.output
    assert not (tmp_path / "out.jsonl.partial").exists()


@pytest.mark.model
def test_extract_reads_stdin_and_prints_the_contract_fields(runner):
    text = ("“Ambassadors may return to their posts by January 26, 2024,” "
            "the foreign office said on Monday.")
    result = runner.invoke(args=["extract", "--published", "2024-01-22", "-"], input=text)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    keys = {"doc_id", "text", "sentence", "start", "end", "attribution", "hedged", "dates",
            "entities", "score", "extractor"}
    assert records and all(keys <= set(r) for r in records)
    [claim] = [r for r in records if "January 26, 2024" in r["text"]]
    assert claim["hedged"] is True and "foreign office" in claim["attribution"].lower()
    assert any(d["value"] == "2024-01-26" for d in claim["dates"])
    assert text[claim["start"]:claim["end"]] == claim["sentence"]


def test_users_create_reads_the_password_from_stdin(cli, session):
    result = cli("users", "create", "editor1", "--role", "editor", "--password-stdin",
                 input="a-long-enough-password\n")
    assert result.exit_code == 0
    user = session.exec(select(User).where(User.username == "editor1")).one()
    assert user.role == "editor" and user.password_hash != "a-long-enough-password"
    assert users.authenticate(session, "editor1", "a-long-enough-password") is not None


def test_short_password_is_refused(cli):
    result = cli("users", "create", "x", "--password-stdin", input="short\n")
    assert result.exit_code != 0 and "at least 12" in result.output


def test_login_link_makes_the_local_admin(cli, session, client):
    result = cli("login-link", "--base-url", "http://localhost")
    link = result.output.strip()
    assert link.startswith("http://localhost/login/link/")
    assert client.get(link.removeprefix("http://localhost")).status_code == 302
    admin = session.exec(select(User).where(User.username == "admin")).one()
    assert admin.role == "admin"


def test_claims_reference_their_sentence_exactly(cli, session):
    from tests.factories import add_document

    document, claims = add_document(session)
    for claim in session.exec(select(Claim)).all():
        assert document.text[claim.start:claim.end] == claim.sentence


@pytest.mark.model
def test_reextract_with_the_same_extractor_keeps_every_claim(cli, session):
    cli("ingest", str(SEEDS))
    result = cli("reextract", "--all")
    assert result.exit_code == 0, result.output
    assert "1 documents:" in result.output and "0 added, 0 retired" in result.output


def test_reextract_needs_a_target(runner):
    result = runner.invoke(args=["reextract"])
    assert result.exit_code != 0 and "--document ID or --all" in result.output


def test_audit_verify_passes_on_an_intact_chain_and_names_a_forged_event(cli, session):
    import sqlalchemy as sa

    from tests.factories import add_document, drop_event_guards

    add_document(session)
    assert "audit trail intact" in cli("audit", "verify").output
    drop_event_guards(session)
    session.exec(sa.text("UPDATE event SET actor = 'mallory' WHERE id = 1"))
    session.commit()
    result = cli("audit", "verify")
    assert result.exit_code == 1 and "event 1" in result.output


def test_users_set_role(cli, session, make_user):
    make_user("ana")
    assert cli("users", "set-role", "ana", "editor").exit_code == 0
    assert "ana\teditor" in cli("users", "list").output
    result = cli("users", "set-role", "nobody", "editor")
    assert result.exit_code != 0 and "no user" in result.output


def test_import_command_reports_bad_lines_and_imports_good_files(cli, session, tmp_path):
    from tests.factories import add_document

    add_document(session)
    exported = tmp_path / "export.jsonl"
    cli("export", "-o", str(exported), "--with-text")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(exported.read_text() + "{oops\n")
    result = cli("import", str(bad))
    assert result.exit_code == 1 and "line 4: not valid JSON" in result.output
    assert "Nothing imported" in result.output
    result = cli("import", str(exported))
    assert result.exit_code == 0 and "imported 0 claims (3 already present)" in result.output


def test_backup_writes_a_consistent_copy(cli, session, tmp_path):
    from sqlmodel import Session as SqlSession

    from app.db import make_engine
    from tests.factories import add_document

    add_document(session)
    target = tmp_path / "copy.db"
    result = cli("backup", "-o", str(target))
    assert result.exit_code == 0 and target.exists() and target.stat().st_size > 0
    if session.get_bind().dialect.name == "sqlite":
        copy = make_engine(f"sqlite:///{target}")
        with SqlSession(copy) as check:
            assert len(check.exec(select(Claim)).all()) == 3
        copy.dispose()


def test_team_decisions_feed_the_checkworthiness_trainer(session, make_user):
    from app.services import review
    from app.services.stats import checkworthiness_decisions
    from tests.factories import add_document

    ana = make_user("ana")
    _, claims = add_document(session)
    review.set_review(session=session, claim_id=claims[0].id, actor=ana, label="not_a_claim")
    review.set_review(session=session, claim_id=claims[1].id, actor=ana, label="disputed")
    assert checkworthiness_decisions(session) == [(claims[0].text, False),
                                                  (claims[1].text, True)]


def test_every_command_is_documented_in_the_readme(app):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for name in app.cli.commands:
        assert f"claimdesk {name}" in readme, f"README does not document `claimdesk {name}`"


def test_the_command_line_lists_every_command_of_the_app(app):
    from app.cli import main

    assert set(app.cli.commands) <= set(main.commands)  # `--help` lists main's alone


# What a command imports when it runs: `claimdesk --help` took ~3 CPU s when app.cli
# imported them (and built the app to list its commands); without them, ~0.3 s.
HEAVY_MODULES = ("sqlalchemy", "sqlmodel", "app.models", "app.web", "spacy", "numpy")


@pytest.mark.parametrize("args", [["--help"], ["users", "--help"], ["export", "--help"],
                                  ["audit", "verify", "--help"]])
def test_help_imports_neither_the_database_layer_nor_the_app_nor_spacy(args):
    script = ("import sys\n"
              "from app.cli import main\n"
              f"main({args!r}, prog_name='claimdesk', standalone_mode=False)\n"
              f"print([name for name in {HEAVY_MODULES!r} if name in sys.modules])")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.splitlines()[-1] == "[]"


def test_every_setting_is_documented_in_the_readme():
    import re

    config = (Path(__file__).resolve().parents[2] / "app" / "config.py").read_text()
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for name in set(re.findall(r'environ.get\("([A-Z_]+)"', config)):
        assert f"`{name}`" in readme, f"README does not document {name}"

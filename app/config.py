"""Settings from the environment; refuses unsafe production settings."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ENVIRONMENTS = ("development", "testing", "production")
MIN_SECRET_KEY_LENGTH = 32


class UnsafeSettings(RuntimeError):
    """Raised at start-up when a production setting would be insecure."""


@dataclass(frozen=True)
class Settings:
    """Everything claimdesk reads from the environment, resolved once at start-up."""

    env: str
    database_url: str
    secret_key: str
    spacy_model: str | None
    max_document_bytes: int
    reviews_required: int
    require_note_for: tuple[str, ...]
    blind_review: bool
    publisher_name: str
    publisher_url: str
    session_cookie_secure: bool
    lock_timeout_ms: int = 5000
    statement_timeout_ms: int = 30_000
    trusted_proxies: int = 0
    audit_key_file: str = ""
    checkpoint_file: str = ""
    audit_origin: str = "claimdesk/audit"
    checkpoint_every: int = 1000
    checkpoint_seconds: int = 60
    # What a browser may add: it is extracted inside the request, which gunicorn ends at
    # 60 s (250 kB took 18 s on a 2-core machine); longer documents go through the CLI.
    max_browser_document_bytes: int = 600_000
    extra: dict[str, object] = field(default_factory=dict)

    def flask_config(self) -> dict[str, object]:
        """The Flask config keys these settings map to."""
        return {
            "ENV_NAME": self.env,
            "SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.database_url,
            "SPACY_MODEL": self.spacy_model,
            "MAX_DOCUMENT_BYTES": self.max_document_bytes,
            "MAX_BROWSER_DOCUMENT_BYTES": min(self.max_browser_document_bytes,
                                              self.max_document_bytes),
            "MAX_CONTENT_LENGTH": self.max_document_bytes + 64 * 1024,
            # a pasted text is a form field: Flask's own 500 kB cap would refuse most of them
            "MAX_FORM_MEMORY_SIZE": self.max_document_bytes + 64 * 1024,
            "REVIEWS_REQUIRED": self.reviews_required,
            "REQUIRE_NOTE_FOR": self.require_note_for,
            "BLIND_REVIEW": self.blind_review,
            "PUBLISHER_NAME": self.publisher_name,
            "PUBLISHER_URL": self.publisher_url,
            "LOCK_TIMEOUT_MS": self.lock_timeout_ms,
            "STATEMENT_TIMEOUT_MS": self.statement_timeout_ms,
            "TRUSTED_PROXIES": self.trusted_proxies,
            "AUDIT_KEY_FILE": self.audit_key_file,
            "CHECKPOINT_FILE": self.checkpoint_file,
            "AUDIT_ORIGIN": self.audit_origin,
            "CHECKPOINT_EVERY": self.checkpoint_every,
            "CHECKPOINT_SECONDS": self.checkpoint_seconds,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.session_cookie_secure,
            "REMEMBER_COOKIE_HTTPONLY": True,
            "REMEMBER_COOKIE_SECURE": self.session_cookie_secure,
            "PERMANENT_SESSION_LIFETIME": 12 * 3600,
            "WTF_CSRF_TIME_LIMIT": None,
            **self.extra,
        }


def load_settings(instance_path: Path, environ: os._Environ[str] | dict[str, str] | None = None):
    """Read the settings; in production a missing or weak SECRET_KEY stops the start."""
    environ = os.environ if environ is None else environ
    env = environ.get("CLAIMDESK_ENV", "development")
    if env not in ENVIRONMENTS:
        raise UnsafeSettings(f"CLAIMDESK_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    return Settings(
        env=env,
        database_url=normalise_database_url(
            environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'claimdesk.db'}"
        ),
        secret_key=_secret_key(env, environ.get("SECRET_KEY"), instance_path),
        spacy_model=environ.get("CLAIMDESK_SPACY_MODEL") or None,
        max_document_bytes=int(environ.get("CLAIMDESK_MAX_DOCUMENT_BYTES", 5 * 1024 * 1024)),
        max_browser_document_bytes=int(environ.get("CLAIMDESK_MAX_BROWSER_DOCUMENT_BYTES",
                                                   600_000)),
        reviews_required=max(1, int(environ.get("CLAIMDESK_REVIEWS_REQUIRED", 1))),
        publisher_name=environ.get("CLAIMDESK_PUBLISHER_NAME", "claimdesk"),
        publisher_url=environ.get("CLAIMDESK_PUBLISHER_URL", "http://127.0.0.1:5000"),
        blind_review=environ.get("CLAIMDESK_BLIND_REVIEW", "").lower() in ("1", "true", "yes"),
        require_note_for=tuple(
            label.strip() for label in environ.get("CLAIMDESK_REQUIRE_NOTE_FOR", "").split(",")
            if label.strip()),
        session_cookie_secure=env == "production",
        lock_timeout_ms=_milliseconds(environ, "CLAIMDESK_LOCK_TIMEOUT_MS", 5000),
        statement_timeout_ms=_milliseconds(environ, "CLAIMDESK_STATEMENT_TIMEOUT_MS", 30_000),
        trusted_proxies=_count(environ, "CLAIMDESK_TRUSTED_PROXIES"),
        # The audit log's signing key and its checkpoints live outside the database.
        audit_key_file=environ.get("CLAIMDESK_AUDIT_KEY") or str(instance_path / "audit_key"),
        checkpoint_file=environ.get("CLAIMDESK_CHECKPOINT_FILE")
        or str(instance_path / "checkpoints.log"),
        audit_origin=environ.get("CLAIMDESK_AUDIT_ORIGIN") or "claimdesk/audit",
        checkpoint_every=max(1, _count(environ, "CLAIMDESK_CHECKPOINT_EVERY", 1000)),
        checkpoint_seconds=_count(environ, "CLAIMDESK_CHECKPOINT_SECONDS", 60, "seconds"),
    )


def _milliseconds(environ, name: str, default: int) -> int:
    """A non-negative number of milliseconds (0: no limit)."""
    return _count(environ, name, default, "milliseconds")


def _count(environ, name: str, default: int = 0, unit: str = "") -> int:
    """A non-negative whole number from the environment."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise UnsafeSettings(f"{name} must be a whole number{' of ' + unit if unit else ''}, "
                             f"not {raw!r}")
    return int(raw)


def normalise_database_url(url: str) -> str:
    """Point every PostgreSQL URL at the psycopg 3 driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _secret_key(env: str, given: str | None, instance_path: Path) -> str:
    """The configured key; a generated one kept in `instance/` for local use only."""
    if given:
        if env == "production" and len(given) < MIN_SECRET_KEY_LENGTH:
            raise UnsafeSettings(
                f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters in production"
            )
        return given
    if env == "production":
        raise UnsafeSettings("SECRET_KEY is required in production (CLAIMDESK_ENV=production)")
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()

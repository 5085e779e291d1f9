"""Settings refuse unsafe production values and keep a local secret key."""

import pytest

from app.config import UnsafeSettings, load_settings, normalise_database_url


def test_production_without_secret_key_refuses_to_start(tmp_path):
    with pytest.raises(UnsafeSettings, match="SECRET_KEY is required"):
        load_settings(tmp_path, {"CLAIMDESK_ENV": "production"})


def test_production_with_short_secret_key_refuses_to_start(tmp_path):
    with pytest.raises(UnsafeSettings, match="at least 32"):
        load_settings(tmp_path, {"CLAIMDESK_ENV": "production", "SECRET_KEY": "short"})


def test_local_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = load_settings(tmp_path, {}).secret_key
    second = load_settings(tmp_path, {}).secret_key
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_default_database_is_sqlite_under_instance(tmp_path):
    assert load_settings(tmp_path, {}).database_url == f"sqlite:///{tmp_path / 'claimdesk.db'}"


def test_postgres_urls_use_psycopg():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_production_cookies_are_secure(tmp_path):
    settings = load_settings(tmp_path, {"CLAIMDESK_ENV": "production", "SECRET_KEY": "s" * 40})
    config = settings.flask_config()
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_unknown_environment_is_refused(tmp_path):
    with pytest.raises(UnsafeSettings):
        load_settings(tmp_path, {"CLAIMDESK_ENV": "prod"})


def test_create_app_refuses_to_boot_in_production_without_a_secret_key(monkeypatch):
    from app import create_app

    monkeypatch.setenv("CLAIMDESK_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(UnsafeSettings):
        create_app()


def test_web_wait_limits_have_defaults_and_refuse_nonsense(tmp_path):
    config = load_settings(tmp_path, {}).flask_config()
    assert (config["LOCK_TIMEOUT_MS"], config["STATEMENT_TIMEOUT_MS"]) == (5000, 30_000)
    assert load_settings(tmp_path, {"CLAIMDESK_LOCK_TIMEOUT_MS": "0"}).lock_timeout_ms == 0
    with pytest.raises(UnsafeSettings, match="CLAIMDESK_STATEMENT_TIMEOUT_MS"):
        load_settings(tmp_path, {"CLAIMDESK_STATEMENT_TIMEOUT_MS": "-1"})

"""claimdesk: propose fact claims from news text, review them in a browser, export them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from app.config import load_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The application: settings, database, extensions, blueprints and CLI."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    settings = load_settings(Path(app.instance_path))
    app.config.from_mapping(settings.flask_config())
    if test_config:
        app.config.from_mapping(test_config)

    from app import cli, web
    from app.web import context

    context.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    return app

"""Text → candidate claims, with spaCy; imports neither Flask nor the database."""

from __future__ import annotations

import datetime as dt

from app.nlp.engine import RuleExtractor
from app.nlp.loading import ModelNotInstalled, default_model, load_pipeline
from app.nlp.types import CandidateClaim, Extractor, SourceText

__all__ = [
    "CandidateClaim",
    "Extractor",
    "ModelNotInstalled",
    "RuleExtractor",
    "SourceText",
    "load_extractor",
]


def load_extractor(model: str | None = None, *, today: dt.date | None = None) -> Extractor:
    """The claim extractor on the given spaCy model (default: the installed small English one)."""
    return RuleExtractor(load_pipeline(model or default_model()), today=today)

"""Text → candidate claims, with spaCy; imports neither Flask nor the database."""

from __future__ import annotations

import datetime as dt

from app.nlp.engine import RuleExtractor
from app.nlp.loading import ModelNotInstalled, default_model, learned_scorer, load_pipeline
from app.nlp.types import CandidateClaim, Extractor, SourceText

__all__ = [
    "CandidateClaim",
    "Extractor",
    "ModelNotInstalled",
    "RuleExtractor",
    "SourceText",
    "load_extractor",
]


def load_extractor(
    model: str | None = None, *, today: dt.date | None = None, learned: bool | None = None
) -> Extractor:
    """The claim extractor on the given spaCy model (default: the installed small English one).

    `learned`: blend the trained check-worthiness model into `score` (None: when it is installed).
    """
    scorer = learned_scorer(required=bool(learned)) if learned is not False else None
    return RuleExtractor(
        load_pipeline(model or default_model()), today=today, sentence_scorer=scorer
    )

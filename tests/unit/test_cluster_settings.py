"""The Dask settings docs/cluster.md gives for every machine are those `--cluster local:N`
starts its own cluster with, and those `benchmarks/coordinator.py` measures with."""

import importlib.util
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _coordinator_benchmark():
    spec = importlib.util.spec_from_file_location("bench_coordinator",
                                                  ROOT / "benchmarks" / "coordinator.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_documented_dask_settings_are_the_local_clusters():
    docs = (ROOT / "docs" / "cluster.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", docs, flags=re.DOTALL)
    assert len(blocks) == 1
    documented = yaml.safe_load(re.sub(r"(?m)^ {3}", "", blocks[0]))
    assert documented == _coordinator_benchmark().dask_config()

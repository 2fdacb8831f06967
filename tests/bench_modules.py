"""``bench/gen_python.py``: the benchmark's generated Flask/Django-style modules, for the tests that
need many realistic lines (loaded from its file: ``bench/`` is not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location("seclint_bench_gen_python", Path(__file__).resolve().parents[1] / "bench" / "gen_python.py")
gen_python = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = gen_python
_spec.loader.exec_module(gen_python)

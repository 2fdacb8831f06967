"""Faults injected into the real in-process engines: each degrades only itself, and says why.

The engines are the real bandit and ast engines; what is injected is the fault (a check that
raises, bandit raising mid-walk, a check that takes too long), never a stand-in engine.
"""

from __future__ import annotations

import ast
import time

import pytest

from seclint.analysis import Analyzer
from seclint.catalogue import default_catalogue
from seclint.engines.pyast import registry
from seclint.settings import Settings, apply

# PY-DESERIAL-YAML and PY-CMD-SHELL come from the ast engine, PY-SSH-NO-HOST-KEY from bandit (B507).
TEXT = (
    "import subprocess\nimport paramiko\nimport yaml\n\n"
    "def f(s, cmd, client):\n"
    "    subprocess.run(cmd, shell=True)\n"
    "    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())\n"
    "    return yaml.load(s)\n"
)
PYTHON_ONLY = Settings(engines=(("semgrep", False),))


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(default_catalogue())


def rule_ids(result):
    return sorted({f.rule_id for f in result.findings})


def test_the_text_exercises_both_engines(analyzer):
    result = analyzer.analyse(TEXT, settings=PYTHON_ONLY)
    assert rule_ids(result) == ["PY-CMD-SHELL", "PY-DESERIAL-YAML", "PY-SSH-NO-HOST-KEY"]
    assert result.problems == []


def test_one_raising_check_keeps_the_other_checks_findings(analyzer, monkeypatch):
    def broken(node, ctx):
        raise ZeroDivisionError("injected")

    checks = dict(registry.CHECKS)
    checks["PY-CMD-SHELL"] = [registry.CheckSpec("PY-CMD-SHELL", broken, (ast.Call,))]
    monkeypatch.setattr(registry, "CHECKS", checks)
    monkeypatch.setattr("seclint.engines.pyast.CHECKS", checks)
    result = analyzer.analyse(TEXT, settings=PYTHON_ONLY)
    assert rule_ids(result) == ["PY-DESERIAL-YAML", "PY-SSH-NO-HOST-KEY"]
    assert result.problems == ["native check failed: PY-CMD-SHELL: ZeroDivisionError: injected"]


def test_bandit_raising_mid_run_degrades_only_bandit(monkeypatch):
    from bandit.core import node_visitor

    analyzer = Analyzer(default_catalogue())  # its own: bandit's block cache must not answer for it

    calls = []

    def visit_call(self, node):
        calls.append(node)
        if len(calls) == 2:
            raise RuntimeError("injected inside bandit")

    monkeypatch.setattr(node_visitor.BanditNodeVisitor, "visit_Call", visit_call)
    result = analyzer.analyse(TEXT, settings=PYTHON_ONLY)
    assert rule_ids(result) == ["PY-CMD-SHELL", "PY-DESERIAL-YAML"]
    assert result.problems == ["bandit failed: RuntimeError: injected inside bandit"]
    monkeypatch.undo()
    assert "PY-SSH-NO-HOST-KEY" in rule_ids(analyzer.analyse(TEXT, settings=PYTHON_ONLY))  # it recovers


def test_bandit_import_failure_degrades_only_bandit(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "bandit.core", None)  # `from bandit.core import ...` raises ImportError
    analyzer = Analyzer(default_catalogue())
    result = analyzer.analyse(TEXT, settings=PYTHON_ONLY)
    assert rule_ids(result) == ["PY-CMD-SHELL", "PY-DESERIAL-YAML"]
    assert len(result.problems) == 1 and result.problems[0].startswith("bandit cannot be imported")


def test_a_slow_check_is_stopped_at_the_time_limit_and_bandit_still_reports(analyzer, monkeypatch):
    def slow(node, ctx):
        time.sleep(0.05)

    checks = dict(registry.CHECKS)
    checks["PY-CMD-SHELL"] = [*checks["PY-CMD-SHELL"], registry.CheckSpec("PY-CMD-SHELL", slow, (ast.Name,))]
    monkeypatch.setattr("seclint.engines.pyast.CHECKS", checks)
    # 3,000 names take the slow check 150 s; the limit stops it after about one second.
    text = TEXT + "".join(f"v{i} = w{i}\n" for i in range(1500))
    settings = Settings(engines=(("semgrep", False),), analysis_timeout=1.0)
    result = analyzer.analyse(text, settings=settings)
    assert result.problems == [
        "ast: stopped at the analysisTimeout limit of 1 s; its findings are missing for a document this large"
    ]
    assert rule_ids(result) == ["PY-SSH-NO-HOST-KEY"]


def test_huge_code_stops_both_python_engines_at_a_tiny_limit(analyzer):
    text = TEXT + "".join(f"def g{i}(s):\n    return len(s) + {i}\n\n" for i in range(3000))
    result = analyzer.analyse(text, settings=Settings(engines=(("semgrep", False),), analysis_timeout=0.01))
    assert sorted(p.split(":")[0] for p in result.problems) == ["ast", "bandit"]
    assert result.findings == []
    # The default limit is far above what this takes.
    assert rule_ids(analyzer.analyse(text, settings=PYTHON_ONLY)) == ["PY-CMD-SHELL", "PY-DESERIAL-YAML", "PY-SSH-NO-HOST-KEY"]


def test_analysis_timeout_setting_is_validated():
    settings, problems = apply(Settings(), {"analysisTimeout": 2.5}, "editor")
    assert settings.analysis_timeout == 2.5 and problems == []
    for bad in ("fast", -1, 0, 601, True, None, [1]):
        settings, problems = apply(Settings(), {"analysis-timeout": bad}, "editor")
        assert settings.analysis_timeout == 10.0, bad
        assert problems == ["editor: setting 'analysis-timeout' must be a number of seconds between 0.01 and 600"], bad

"""The analysis pipeline: engines isolated from each other, findings merged, limits respected."""

from __future__ import annotations

from seclint.analysis import Analyzer
from seclint.catalogue import default_catalogue
from seclint.findings import Finding, merge
from seclint.settings import Settings

TEXT = "import yaml\nx = yaml.load(s)\n"


class Exploding:
    name = "bandit"

    def analyse(self, source, rules):
        raise RuntimeError("boom")


def test_a_failing_engine_degrades_only_itself():
    catalogue = default_catalogue()
    real = Analyzer(catalogue).engines
    analyzer = Analyzer(catalogue, engines=[Exploding(), *[e for e in real if e.name != "bandit"]])
    result = analyzer.analyse(TEXT)
    assert [f.rule_id for f in result.findings] == ["PY-DESERIAL-YAML"]
    assert result.problems == ["bandit failed: RuntimeError: boom"]


def test_merge_keeps_one_finding_per_spot_and_weakness():
    a = Finding("PY-A-X", 10, 20, "bandit")
    b = Finding("PY-B-X", 12, 18, "ast")
    c = Finding("PY-C-X", 12, 18, "ast")
    cwe = {"PY-A-X": ("CWE-78",), "PY-B-X": ("CWE-78",), "PY-C-X": ("CWE-89",)}
    rank = {"PY-A-X": 1, "PY-B-X": 0, "PY-C-X": 0}
    merged = merge([a, b, c], cwe, rank)
    assert sorted(f.rule_id for f in merged) == ["PY-B-X", "PY-C-X"]


def test_limits_and_binary():
    analyzer = Analyzer(default_catalogue())
    big = analyzer.analyse(TEXT * 10, settings=Settings(max_document_size=50))
    assert big.skipped and "maxDocumentSize" in big.skipped and big.findings == []
    blob = analyzer.analyse("\x00\x01" * 500)
    assert blob.skipped and "binary" in blob.skipped
    # A stray NUL in otherwise normal code is only a syntax problem on its line.
    stray = analyzer.analyse(TEXT + "y = 1\x00\n")
    assert [f.rule_id for f in stray.findings] == ["PY-DESERIAL-YAML"]


def test_engines_can_be_switched_off():
    analyzer = Analyzer(default_catalogue())
    settings = Settings(engines=(("ast", False),))
    assert analyzer.analyse(TEXT, settings=settings).findings == []


def test_an_analysis_waiting_for_its_later_stage_keeps_no_syntax_tree():
    """While a project opens, every document's analysis waits for semgrep, sometimes for many seconds:
    its tree (~1 MB for 300 lines) must not wait with it (it once did, through the blocks worked
    out from it)."""
    from reach import syntax_nodes

    analyzer = Analyzer(default_catalogue())
    text = "import os\n\n\ndef run(cmd):\n    return os.system(cmd)\n\n\nclass A:\n    x = eval(input())\n"
    result = analyzer.start(text, path="/project/app.py")
    try:
        assert result.pending == ("semgrep",)
        assert [f.rule_id for f in result.findings]  # the first stage ran on a tree
        assert syntax_nodes(result) == []
    finally:
        analyzer.abandon(result)
        analyzer.close()

"""Start-up of the language server: what it prepares before the first document arrives."""

from __future__ import annotations

from seclint.lsp.server import SeclintServer
from seclint.settings import Settings

TEXT = "import subprocess\n\n\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n"


def test_warm_up_prepares_exactly_what_the_first_analysis_uses():
    server = SeclintServer()
    try:
        bandit = next(e for e in server.analyzer.engines if e.name == "bandit")
        assert bandit._testsets == {}
        server.warm_up().join(60)
        assert len(bandit._testsets) == 1
        prepared = dict(bandit._testsets)
        analysis = server.analyzer.analyse(TEXT, path="/tmp/app.py", settings=Settings())
        assert "PY-CMD-SHELL" in {f.rule_id for f in analysis.findings}
        # The first analysis with the default settings found its bandit tests ready.
        assert bandit._testsets == prepared
    finally:
        server.shutdown_workers()

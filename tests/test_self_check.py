"""seclint checks its own source: zero findings, or suppressions that say why."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_seclint_finds_nothing_in_its_own_code():
    # The rules/ examples are vulnerable on purpose; pyproject.toml's [tool.seclint] excludes them.
    result = subprocess.run(
        [sys.executable, "-m", "seclint", "check", "server", "tests", "scripts", "bench"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Found 0 finding(s)." in result.stdout

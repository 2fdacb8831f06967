"""Vim 9 with Debian's vim-ale, configured with editors/vim/ale.vim — a compatibility test:
ALE sends only rootUri and drops Diagnostic.data, yet hover, the quick fix and the
suppression work, and the saved file is right on disk."""

from __future__ import annotations

from pathlib import Path

from editor_env import HERE, ROOT, check_file_on_disk, editor_env, project, require, run_editor, seclint_command

ALE = Path("/usr/share/vim-ale/autoload/ale.vim")


def test_vim_ale_end_to_end(tmp_path: Path) -> None:
    vim = require("vim", check=ALE)
    target = project(tmp_path)
    report = tmp_path / "report.json"
    env = editor_env(
        tmp_path, SECLINT_REPORT=str(report), SECLINT_CMD=seclint_command(), SECLINT_FILE=str(target), SECLINT_ROOT=str(ROOT)
    )
    data = run_editor([vim, "-N", "-u", "NONE", "-i", "NONE", "-es", "-S", str(HERE / "ale_drive.vim")], env, report)

    found = {d["code"]: d for d in data["diagnostics"]}
    assert set(found) == {"PY-DESERIAL-YAML", "PY-CMD-SHELL"}, data["diagnostics"]
    yaml = found["PY-DESERIAL-YAML"]
    assert (yaml["lnum"], yaml["col"], yaml["end_col"]) == (7, 12, 26)  # ALE: 1-based, end inclusive
    assert yaml["type"] == "E" and "CWE-502" in yaml["text"]

    assert "Unsafe YAML loading (PY-DESERIAL-YAML)" in data["hover"]
    assert "Why is this dangerous?" in data["hover"]

    assert "Use yaml.safe_load (PY-DESERIAL-YAML)" in data["yaml_actions"]
    assert any(t.startswith("Suppress PY-CMD-SHELL") for t in data["shell_actions"])
    assert data["diagnostics_after"] == []
    check_file_on_disk(target)

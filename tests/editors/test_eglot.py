"""Emacs 28 with eglot (Debian's elpa-eglot) in batch mode, configured with
editors/emacs/seclint-eglot.el: flymake's diagnostics, eglot's hover, a quick fix and a
suppression from eglot's code-action menu, and the saved file on disk."""

from __future__ import annotations

from pathlib import Path

from editor_env import HERE, ROOT, check_file_on_disk, editor_env, project, require, run_editor, seclint_command

ELPA_EGLOT = Path("/usr/share/emacs/site-lisp/elpa/eglot-1.9")


def test_emacs_eglot_end_to_end(tmp_path: Path) -> None:
    emacs = require("emacs")
    target = project(tmp_path)
    report = tmp_path / "report.json"
    env = editor_env(
        tmp_path, SECLINT_REPORT=str(report), SECLINT_CMD=seclint_command(), SECLINT_FILE=str(target), SECLINT_ROOT=str(ROOT)
    )
    data = run_editor([emacs, "--batch", "-q", "-l", str(HERE / "eglot_drive.el")], env, report)

    found = {d["code"]: d for d in data["diagnostics"]}
    assert set(found) == {"PY-DESERIAL-YAML", "PY-CMD-SHELL"}, data["diagnostics"]
    yaml = found["PY-DESERIAL-YAML"]
    assert (yaml["line"], yaml["col"], yaml["end_col"]) == (6, 11, 26)
    assert yaml["type"] == "eglot-error" and yaml["source"] == "seclint"
    assert "CWE-502" in yaml["text"]
    # eglot-workspace-configuration's severity override reached the server (low: a note).
    assert found["PY-CMD-SHELL"]["type"] == "eglot-note"

    assert "Unsafe YAML loading (PY-DESERIAL-YAML)" in data["hover"]
    assert "Why is this dangerous?" in data["hover"]

    assert "Use yaml.safe_load (PY-DESERIAL-YAML)" in data["yaml_actions"]
    assert any(t.startswith("Suppress PY-CMD-SHELL") for t in data["shell_actions"])
    assert data["diagnostics_after"] == []
    check_file_on_disk(target)

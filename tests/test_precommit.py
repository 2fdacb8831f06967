"""The pre-commit hook, for real: the README's three lines in a throwaway git repository, pre-commit
installing seclint from a copy of this checkout, and `git commit` blocked only by staged findings."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

VULNERABLE = "import yaml\n\n\ndef load(s):\n    return yaml.load(s)\n"


def git(*args: str, cwd: Path, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check, timeout=600)


def snapshot_of_this_checkout(target: Path) -> str:
    """A git repository holding this checkout's files as they are now (committed or not); its commit."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git("init", "-q", cwd=target)
    git("add", "-A", cwd=target)
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "snapshot", cwd=target)
    return git("rev-parse", "HEAD", cwd=target).stdout.strip()


def readme_config(repo: Path, rev: str) -> str:
    """The README's .pre-commit-config.yaml, pointed at the snapshot instead of the published repository."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "id: seclint" in b and "rev:" in b)
    block = re.sub(r"(repo: )\S+", lambda m: m.group(1) + str(repo), block, count=1)
    block = re.sub(r"(rev: )\S+", lambda m: m.group(1) + rev, block, count=1)
    hooks = yaml.safe_load(block)["repos"][0]["hooks"]
    assert hooks == [{"id": "seclint"}]
    return block


def test_the_hook_blocks_a_commit_only_for_staged_findings(tmp_path):
    snapshot = tmp_path / "seclint"
    snapshot.mkdir()
    rev = snapshot_of_this_checkout(snapshot)
    project = tmp_path / "project"
    project.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    git("init", "-q", cwd=project)
    (project / ".pre-commit-config.yaml").write_text(readme_config(snapshot, rev))
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=project, env=env,
                               capture_output=True, text=True, timeout=120)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    # A vulnerable file that is not staged does not stop a commit of clean files.
    (project / "clean.py").write_text("import yaml\n\n\ndef load(s):\n    return yaml.safe_load(s)\n")
    (project / "untracked.py").write_text(VULNERABLE)
    git("add", "clean.py", ".pre-commit-config.yaml", cwd=project)
    first = git("commit", "-m", "clean", cwd=project, env=env, check=False)
    assert first.returncode == 0, first.stdout + first.stderr
    assert re.search(r"seclint\.+Passed", first.stdout + first.stderr)

    # An unstaged vulnerable edit of a tracked file is not what is committed: still passes.
    (project / "clean.py").write_text(VULNERABLE)
    (project / "notes.py").write_text("X = 1\n")
    git("add", "notes.py", cwd=project)
    second = git("commit", "-m", "notes", cwd=project, env=env, check=False)
    assert second.returncode == 0, second.stdout + second.stderr
    assert (project / "clean.py").read_text() == VULNERABLE  # pre-commit put the unstaged edit back

    # Staging the vulnerable file stops the commit, and the output names it and nothing else.
    git("add", "untracked.py", cwd=project)
    third = git("commit", "-m", "oops", cwd=project, env=env, check=False)
    output = third.stdout + third.stderr
    assert third.returncode != 0 and re.search(r"seclint\.+Failed", output)
    assert "untracked.py:5:12: PY-DESERIAL-YAML [high]" in output
    assert "clean.py" not in output
    assert git("log", "--format=%s", cwd=project).stdout.split() == ["notes", "clean"]

"""A whole LSP session makes no network connection, starts no process and runs no workspace code.

The server is started the way editors start it — the `seclint` console script and `python -m
seclint` — with the workspace as its current directory.  The workspace is booby-trapped: modules
named like seclint's own dependencies, a sitecustomize/usercustomize, a conftest.py and settings
that point at code.  Python's audit hooks (installed through PYTHONPATH, test-only) record every
connection, process start and import of the server process.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from raw_client import RawClient

TRAPPED = ["yaml", "bandit", "pygls", "lsprotocol", "attrs", "cattrs", "stevedore", "tomllib", "ast", "json",
           "sitecustomize", "usercustomize", "conftest", "seclint_plugin", "settings"]
VENV_BIN = Path(sys.executable).parent


def _workspace(root: Path) -> Path:
    marker = root / "EXECUTED"
    for name in TRAPPED:
        (root / f"{name}.py").write_text(f"open({str(marker)!r}, 'a').write({name!r} + '\\n')\n")
    for package in ("pkg", "bandit_pkg/bandit", "yaml_pkg/yaml"):
        (root / package).mkdir(parents=True)
        (root / package / "__init__.py").write_text(f"open({str(marker)!r}, 'a').write({package!r} + '\\n')\n")
    (root / "setup.py").write_text(f"open({str(marker)!r}, 'a').write('setup.py\\n')\nimport yaml\nyaml.load(x)\n")
    (root / "tests").mkdir()
    (root / "tests" / "conftest.py").write_text(f"open({str(marker)!r}, 'a').write('tests/conftest\\n')\n")
    (root / "bandit_pkg" / "pyproject.toml").write_text("[project]\nname = 'bandit'\n")
    (root / ".pth-trap.pth").write_text(f"import os; open({str(marker)!r}, 'a').write('pth\\n')\n")
    (root / "pyproject.toml").write_text(
        '[tool.seclint]\nselect = ["PY-"]\nplugins = ["seclint_plugin"]\nengines = { ast = true }\n'
    )
    return marker


@pytest.mark.parametrize("launch", ["console-script", "python -m"])
def test_session_makes_no_connection_starts_nothing_imports_nothing_from_the_workspace(tmp_path, launch):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    marker = _workspace(workspace)
    log = tmp_path / "audit.log"
    env = dict(os.environ, SECLINT_AUDIT_LOG=str(log), PYTHONPATH=str(Path(__file__).parent / "audit"))
    if launch == "console-script":
        command = [str(VENV_BIN / "seclint"), "lsp"]
        assert shutil.which(command[0])
    else:
        command = [sys.executable, "-m", "seclint", "lsp"]
    client = RawClient(command=command, cwd=workspace, env=env)
    try:
        client.initialize(workspace.as_uri(), options={"debounceMs": 0})
        uri = (workspace / "app.py").as_uri()
        text = "import yaml\nimport subprocess\n\ndef f(s, cmd):\n    subprocess.run(cmd, shell=True)\n    return yaml.load(s)\n"
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
        client.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "import os\n"}]})
        published = client.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                    and m["params"].get("version") == 2)["params"]["diagnostics"]
        assert {d["code"] for d in published} >= {"PY-DESERIAL-YAML", "PY-CMD-SHELL"}
        target = next(d for d in published if d["code"] == "PY-DESERIAL-YAML")
        hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": target["range"]["start"]})
        assert "Unsafe YAML" in hover["result"]["contents"]["value"]
        actions = client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": target["range"],
                                                             "context": {"diagnostics": [target]}})
        assert any(a.get("isPreferred") for a in actions["result"])
        client.request("workspace/executeCommand", {"command": "seclint.explain", "arguments": ["PY-CMD-SHELL"]})
        # Rule paths that lead outside the workspace are refused, with a message naming each.
        outside = tmp_path / "outside"
        outside.mkdir()
        (outside / "rules.yml").write_text("rules: []\n")
        (workspace / "escape").symlink_to(outside)
        client.notify("workspace/didChangeConfiguration", {"settings": {"seclint": {
            "debounceMs": 0, "rulePaths": ["../outside/rules.yml", str(outside), "escape/rules.yml"]}}})
        refused = set()
        while len(refused) < 3:
            message = client.wait_for(lambda m: m.get("method") == "window/showMessage" and "refused" in m["params"]["message"])
            refused.add(message["params"]["message"].split("rule path ")[1].split(" refused")[0])
        assert refused == {"'../outside/rules.yml'", repr(str(outside)), "'escape/rules.yml'"}
    finally:
        client.close()
    assert not marker.exists(), f"workspace code ran: {marker.read_text()}"
    events = log.read_text(encoding="utf-8").splitlines()
    assert any(e.startswith("import\t") for e in events), "the audit hook did not run"
    network = [e for e in events if e.startswith(("socket.connect", "socket.getaddrinfo", "socket.sendto"))]
    processes = [e for e in events if e.startswith(("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork"))]
    assert network == []
    # The only process starts allowed: `seclint lsp` re-executing itself once with the system
    # allocator (cli._use_system_malloc), before it imports anything, and the semgrep engine's
    # semgrep-core from the installed semgrep package (never anything from the workspace).
    restart = [e for e in processes if e.startswith("os.exec\t") and e.split("\t")[1].strip("'") == sys.executable]
    from seclint.engines.semgrep.process import find_binary

    engine = [e for e in processes if e.startswith("subprocess.Popen\t") and e.split("\t")[1].strip("'") == str(find_binary())]
    assert len(restart) <= 1 and [e for e in processes if e not in restart and e not in engine] == []
    _no_workspace_imports(events, workspace)


def _no_workspace_imports(events: list[str], workspace: Path) -> None:
    """No module only the workspace has was imported.  (The workspace's copies of modules seclint
    does import — yaml, bandit, json — would have written the marker file: checked separately.)"""
    names = {e.split("\t")[1] for e in events if e.startswith("import\t")}
    assert not names & {"seclint_plugin", "conftest", "setup", "settings", "pkg", "usercustomize", "bandit_pkg"}
    # Every module body Python runs is an `exec` event naming its file: none is in the workspace.
    assert [e for e in events if e.startswith("exec\t") and str(workspace) in e] == []


def test_a_workspace_scan_imports_and_runs_nothing_from_the_workspace(tmp_path):
    """`seclint check` over the booby-trapped workspace, with its worker processes and semgrep."""
    workspace = tmp_path / "ws"
    workspace.mkdir()
    marker = _workspace(workspace)
    (workspace / "app.py").write_text("import yaml\n\ndef f(s):\n    return yaml.load(s)\n")
    # `check` stops on a configuration error (the session test's unknown `plugins` key).
    (workspace / "pyproject.toml").write_text('[tool.seclint]\nselect = ["PY-"]\n')
    log = tmp_path / "audit.log"
    env = dict(os.environ, SECLINT_AUDIT_LOG=str(log), PYTHONPATH=str(Path(__file__).parent / "audit"))
    import subprocess

    done = subprocess.run([str(VENV_BIN / "seclint"), "check", "--jobs", "2", "--format", "json", "."],
                          cwd=workspace, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    import json

    found = {(f["path"], f["rule"]) for f in json.loads(done.stdout)}
    assert ("app.py", "PY-DESERIAL-YAML") in found and ("setup.py", "PY-DESERIAL-YAML") in found
    assert not marker.exists(), f"workspace code ran: {marker.read_text()}"
    events = log.read_text(encoding="utf-8").splitlines()
    assert any(e.startswith("import\t") for e in events), "the audit hook did not run"
    assert [e for e in events if e.startswith(("socket.connect", "socket.getaddrinfo", "socket.sendto"))] == []
    from seclint.engines.semgrep.process import find_binary

    allowed = {sys.executable, str(find_binary())}
    started = [e.split("\t")[1].strip("'") for e in events if e.startswith(("subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.system"))]
    assert set(started) <= allowed, started
    _no_workspace_imports(events, workspace)

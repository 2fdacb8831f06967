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
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text(f"open({str(marker)!r}, 'a').write('pkg\\n')\n")
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

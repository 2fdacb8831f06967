"""The `seclint` command line: --version, explain, rules, check (exit codes, output, --fix), lsp --tcp."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import pytest

from seclint import __version__

SECLINT = [sys.executable, "-m", "seclint"]


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([*SECLINT, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"seclint {__version__}"


def test_explain_by_rule_id_and_bandit_id():
    for code in ("PY-DESERIAL-YAML", "B506", "py-deserial-yaml"):
        result = run("explain", code)
        assert result.returncode == 0
        assert "Unsafe YAML loading" in result.stdout and "CWE-502" in result.stdout and "**Secure**" in result.stdout
    missing = run("explain", "PY-NOPE")
    assert missing.returncode == 2 and "seclint rules" in missing.stderr


def test_rules_lists_the_catalogue():
    result = run("rules")
    assert result.returncode == 0 and "PY-DESERIAL-YAML" in result.stdout
    data = json.loads(run("rules", "--format", "json").stdout)
    assert {"id", "severity", "cwe", "owasp"} <= set(data[0])


def test_check_reports_and_exits_1(tmp_path):
    (tmp_path / "app.py").write_text("import yaml\n\ndef f(s):\n    return yaml.load(s)\n")
    (tmp_path / "clean.py").write_text("import yaml\nx = yaml.safe_load('a: 1')\n")
    result = run("check", str(tmp_path))
    assert result.returncode == 1
    assert f"{tmp_path / 'app.py'}:4:12: PY-DESERIAL-YAML [high]" in result.stdout
    assert "           ^^^^^^^^^^^^" in result.stdout
    assert "Found 1 finding(s): 1 high." in result.stdout
    data = json.loads(run("check", "--format", "json", str(tmp_path)).stdout)
    assert [(d["line"], d["rule"]) for d in data] == [(4, "PY-DESERIAL-YAML")]


def test_check_threshold_select_ignore(tmp_path):
    (tmp_path / "app.py").write_text("import yaml\nyaml.load(s)\n")
    assert run("check", "--severity-threshold", "critical", str(tmp_path)).returncode == 0
    assert run("check", "--ignore", "PY-DESERIAL-", str(tmp_path)).returncode == 0
    assert run("check", "--select", "PY-DESERIAL-YAML", str(tmp_path)).returncode == 1
    assert run("check", str(tmp_path / "missing")).returncode == 2


def test_check_fix_rewrites_files(tmp_path):
    target = tmp_path / "app.py"
    target.write_text("import yaml\r\nx = yaml.load(s)\r\n")
    result = run("check", "--fix", str(tmp_path))
    assert result.returncode == 0
    assert target.read_bytes() == b"import yaml\r\nx = yaml.safe_load(s)\r\n"


def test_check_honours_pyproject_excludes(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.seclint]\nexclude = ["vendor/**"]\n')
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "lib.py").write_text("import yaml\nyaml.load(s)\n")
    assert run("check", str(tmp_path)).returncode == 0


def test_lsp_over_tcp():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([*SECLINT, "lsp", "--tcp", f"127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("server did not listen")
                time.sleep(0.1)
        with conn:
            body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "processId": None, "rootUri": None}})
            conn.sendall(f"Content-Length: {len(body)}\r\n\r\n{body}".encode())
            data = b""
            while b"serverInfo" not in data:
                chunk = conn.recv(65536)
                assert chunk, "connection closed"
                data += chunk
            assert b'"name":"seclint"' in data.replace(b" ", b"")
    finally:
        server.kill()
        server.wait(10)

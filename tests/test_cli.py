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


# -- check: formats, configuration errors, discovery, fixes, parallelism, progress ----------------

VULNERABLE = "import subprocess\nimport yaml\n\n\ndef f(s, cmd):\n    subprocess.run(cmd, shell=True)\n    return yaml.load(s)\n"


def test_check_text_shows_line_caret_fix_and_summary_by_severity_and_owasp(tmp_path):
    (tmp_path / "app.py").write_text(VULNERABLE)
    result = run("check", "app.py", cwd=tmp_path)
    assert result.returncode == 1
    out = result.stdout
    assert "app.py:6:20: PY-CMD-SHELL [high] " in out
    assert "        subprocess.run(cmd, shell=True)\n                       ^^^\n" in out
    assert "    fix: Use yaml.safe_load (seclint check --fix)" in out
    assert "Found 2 finding(s): 2 high." in out
    assert "By OWASP category: A03:2021 Injection: 1; A08:2021 Software and Data Integrity Failures: 1." in out
    assert "1 fixable with `seclint check --fix`" in out


def test_check_json_carries_everything_a_tool_needs(tmp_path):
    (tmp_path / "app.py").write_text(VULNERABLE)
    (finding, yaml_finding) = json.loads(run("check", "--format", "json", "app.py", cwd=tmp_path).stdout)
    assert (finding["rule"], finding["line"], finding["column"], finding["end_column"]) == ("PY-CMD-SHELL", 6, 20, 23)
    assert finding["cwe"] == ["CWE-78"] and finding["owasp"] == "A03:2021" and finding["fix"] is None
    assert yaml_finding["fix"] == {
        "title": "Use yaml.safe_load", "safe": True,
        "edits": [{"line": 7, "column": 12, "end_line": 7, "end_column": 24, "text": "yaml.safe_load(s)"}],
    }
    assert len(finding["fingerprint"]) > 16


def test_check_github_annotations(tmp_path):
    (tmp_path / "app.py").write_text(VULNERABLE)
    out = run("check", "--format", "github", "app.py", cwd=tmp_path).stdout.splitlines()
    assert out[0].startswith("::error file=app.py,line=6,endLine=6,col=20,endColumn=23,title=PY-CMD-SHELL [high] ")
    assert out[0].endswith("(CWE-78, OWASP A03:2021)") and "::" in out[0][2:]
    assert out[1].startswith("::error file=app.py,line=7,")


def test_output_file_gets_the_format_and_stdout_the_text(tmp_path):
    (tmp_path / "app.py").write_text(VULNERABLE)
    result = run("check", "--format", "json", "-o", "out/findings.json", "app.py", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout.startswith("app.py:6:20: PY-CMD-SHELL [high]")
    assert "Found 2 finding(s)" in result.stdout
    assert len(json.loads((tmp_path / "out" / "findings.json").read_text())) == 2


def test_severity_threshold_only_changes_the_exit_code(tmp_path):
    (tmp_path / "app.py").write_text("import hashlib\nsignature = hashlib.md5(secret + b'x').hexdigest()\n")  # medium
    low = run("check", "--severity-threshold", "medium", "app.py", cwd=tmp_path)
    high = run("check", "--severity-threshold", "high", "app.py", cwd=tmp_path)
    assert low.returncode == 1 and high.returncode == 0
    assert "PY-HASH-WEAK" in high.stdout and "0 at or above the high threshold" in high.stdout


def test_usage_and_configuration_errors_exit_2(tmp_path):
    (tmp_path / "app.py").write_text(VULNERABLE)
    unknown = run("check", "--select", "PY-NOPE", str(tmp_path))
    assert unknown.returncode == 2 and "names no rule" in unknown.stderr
    prefix = run("check", "--ignore", "PY-DESERIAL", str(tmp_path))
    assert prefix.returncode == 2 and "PY-DESERIAL-" in prefix.stderr
    bandit_id = run("check", "--ignore", "B602", str(tmp_path))
    assert bandit_id.returncode == 2 and "PY-CMD-SHELL" in bandit_id.stderr
    assert run("check", "--format", "xml", str(tmp_path)).returncode == 2
    (tmp_path / "pyproject.toml").write_text('[tool.seclint]\nmin-confidence = "sometimes"\nlanguages = ["cobol"]\n')
    config = run("check", str(tmp_path))
    assert config.returncode == 2
    assert "min-confidence" in config.stderr and "unknown language 'cobol'" in config.stderr
    (tmp_path / "pyproject.toml").write_text("[tool.seclint\n")
    assert run("check", str(tmp_path)).returncode == 2


def test_enable_turns_on_opt_in_rules(tmp_path):
    (tmp_path / "app.py").write_text("import subprocess\nsubprocess.run('ls -l', shell=True)\n")
    assert run("check", "app.py", cwd=tmp_path).returncode == 0
    enabled = run("check", "--enable", "PY-CMD-SHELL-LITERAL", "app.py", cwd=tmp_path)
    assert enabled.returncode == 1 and "PY-CMD-SHELL-LITERAL" in enabled.stdout


def test_gitignore_excludes_and_language_filter(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("generated/\n*_tmp.py\n!keep_tmp.py\n")
    bad = "import yaml\nyaml.load(s)\n"
    for name in ("app.py", "generated/gen.py", "pkg/x_tmp.py", "pkg/keep_tmp.py", "pkg/deep/ignored.py", "vendor/lib.py", "stubs/a.pyi"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(bad)
    (tmp_path / "pkg" / ".gitignore").write_text("deep/\n")
    (tmp_path / "pyproject.toml").write_text('[tool.seclint]\nexclude = ["vendor/**"]\n')

    def checked(*args):
        return sorted({d["path"] for d in json.loads(run("check", "--format", "json", *args, cwd=tmp_path).stdout)})

    assert checked(".") == ["app.py", "pkg/keep_tmp.py", "stubs/a.pyi"]
    assert checked("--no-gitignore", ".") == [
        "app.py", "generated/gen.py", "pkg/deep/ignored.py", "pkg/keep_tmp.py", "pkg/x_tmp.py", "stubs/a.pyi",
    ]
    # A file named on the command line is checked even if git ignores it, but never if excluded.
    assert checked("generated/gen.py", "vendor/lib.py") == ["generated/gen.py"]
    (tmp_path / "pyproject.toml").write_text('[tool.seclint]\nexclude = ["vendor/**"]\nlanguages = []\n')
    assert checked(".") == ["app.py", "pkg/keep_tmp.py", "stubs/a.pyi"]


def test_fix_diff_previews_without_writing_and_fix_diff_writes(tmp_path):
    target = tmp_path / "app.py"
    target.write_text(VULNERABLE)
    preview = run("check", "--diff", "app.py", cwd=tmp_path)
    assert preview.returncode == 1 and target.read_text() == VULNERABLE
    assert preview.stdout.startswith("--- a/app.py\n+++ b/app.py\n")
    assert "-    return yaml.load(s)\n+    return yaml.safe_load(s)\n" in preview.stdout
    assert "1 file(s) would be changed by --fix" in preview.stderr
    applied = run("check", "--fix", "--diff", "app.py", cwd=tmp_path)
    assert applied.stdout == preview.stdout
    assert "yaml.safe_load(s)" in target.read_text()
    # What is left (the shell command has no safe fix) still fails the run.
    assert applied.returncode == 1 and "1 finding(s) remain" in applied.stderr


def test_parallel_jobs_use_worker_processes_and_give_the_same_output(tmp_path):
    import os

    from seclint.analysis import Analyzer
    from seclint.catalogue import default_catalogue
    from seclint.discovery import discover
    from seclint.scan import scan

    for i in range(24):
        (tmp_path / f"m{i:02}.py").write_text(VULNERABLE if i % 3 == 0 else f"X = {i}\n")
    targets = discover([tmp_path]).targets
    results = scan(targets, Analyzer(default_catalogue()), jobs=2)
    assert [r.target.path for r in results] == [t.path for t in targets]
    assert len({r.worker for r in results}) == 2 and os.getpid() not in {r.worker for r in results}
    serial = run("check", "--format", "json", "--jobs", "1", ".", cwd=tmp_path)
    parallel = run("check", "--format", "json", "--jobs", "2", ".", cwd=tmp_path)
    assert serial.returncode == parallel.returncode == 1
    assert serial.stdout == parallel.stdout and len(json.loads(serial.stdout)) == 16


def test_progress_bar_on_a_terminal_and_silence_when_piped(tmp_path):
    import os
    import pty

    for i in range(25):
        (tmp_path / f"m{i:02}.py").write_text(f"X = {i}\n")
    piped = run("check", ".", cwd=tmp_path)
    assert piped.returncode == 0 and piped.stderr == ""
    controller, terminal = pty.openpty()
    try:
        proc = subprocess.run([*SECLINT, "check", "."], cwd=tmp_path, stdout=subprocess.PIPE, stderr=terminal, timeout=120)
        os.close(terminal)
        seen = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed: everything was read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(controller)
    assert proc.returncode == 0
    assert b"checking [" in seen and b"25/25 files" in seen
    assert b"Found 0 finding(s)." in proc.stdout and b"checking" not in proc.stdout


def test_unreadable_and_binary_files_are_reported_not_fatal(tmp_path):
    (tmp_path / "latin1.py").write_bytes("x = 'caf\xe9'\n".encode("latin-1"))
    (tmp_path / "app.py").write_text(VULNERABLE)
    result = run("check", ".", cwd=tmp_path)
    assert result.returncode == 1 and "latin1.py: skipped: not UTF-8 text" in result.stderr
    assert "Found 2 finding(s)" in result.stdout

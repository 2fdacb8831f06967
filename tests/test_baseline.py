"""Baselines: fingerprints that survive unrelated edits, `check --write-baseline/--baseline`, and the
language server showing legacy findings dimmed (hints) instead of hiding them."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

from lsp_client import open_doc, session, wait_published
from lsprotocol import types as lsp

from seclint.fingerprints import fingerprints, normalise

LEGACY = (
    "import hashlib\nimport subprocess\nimport yaml\n\nAPI_KEY = 'sk_live_51HfakeFAKEfake0123456789abcdef'\n\n\n"
    "def load(s):\n    return yaml.load(s)\n\n\n"
    "def sign(secret, data):\n    return hashlib.md5(secret + data).hexdigest()\n"
)
# The same code after a day of unrelated work: an import and a helper added above, a reformat
# (quotes, spacing, a call split over lines), comments — and one new flaw.
EDITED = (
    '"""Utilities."""\nimport hashlib\nimport os\nimport subprocess\nimport yaml\n\nAPI_KEY = "sk_live_51HfakeFAKEfake0123456789abcdef"\n\n\n'
    "def helper():\n    return os.getcwd()\n\n\n"
    "def load( s ):\n    # still to be migrated\n    return yaml.load(\n        s,\n    )\n\n\n"
    "def sign(secret, data):\n    return hashlib.md5(secret + data).hexdigest()\n\n\n"
    "def run(cmd):\n    subprocess.run(cmd, shell=True)\n"
)


def seclint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "seclint", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_normalise_ignores_layout_comments_quotes_and_trailing_commas():
    assert normalise("yaml.load(s)") == normalise("yaml.load(\n    s,\n)  # why")
    assert normalise("f('a', b)") == normalise('f("a",b)')
    assert normalise("f(a)") != normalise("f(b)")
    assert normalise("'unterminated") == "'unterminated"  # a fragment the tokenizer refuses still has a value


def test_fingerprints_survive_unrelated_edits(analyzer):
    def prints(text):
        findings = analyzer.analyse(text).findings
        return {(f.rule_id, fp.code, fp.context) for f, fp in zip(findings, fingerprints(findings, text))}

    before, after = prints(LEGACY), prints(EDITED)
    assert len(before) == 3 and before < after
    assert {rule for rule, _, _ in after - before} == {"PY-CMD-SHELL"}


def test_identical_findings_get_distinct_fingerprints(analyzer):
    text = "import yaml\na = yaml.load(s)\na = yaml.load(s)\n"
    findings = analyzer.analyse(text).findings
    ids = [fp.id for fp in fingerprints(findings, text)]
    assert len(findings) == 2 and len(set(ids)) == 2


def test_write_baseline_then_only_new_findings_fail(tmp_path):
    app = tmp_path / "src" / "app.py"
    app.parent.mkdir()
    app.write_text(LEGACY)
    assert seclint("check", "src", cwd=tmp_path).returncode == 1
    written = seclint("check", "--write-baseline", ".seclint-baseline.json", "src", cwd=tmp_path)
    assert written.returncode == 0 and "wrote 3 finding(s)" in written.stderr
    document = json.loads((tmp_path / ".seclint-baseline.json").read_text())
    assert {f["path"] for f in document["findings"]} == {"src/app.py"}
    assert "sk_live" not in (tmp_path / ".seclint-baseline.json").read_text()  # no code, so no secrets

    clean = seclint("check", "--baseline", ".seclint-baseline.json", "src", cwd=tmp_path)
    assert clean.returncode == 0, clean.stdout
    assert "Found 0 finding(s)." in clean.stdout and "3 in the baseline, not shown" in clean.stdout

    app.write_text(EDITED)
    new = seclint("check", "--baseline", ".seclint-baseline.json", "--format", "json", "src", cwd=tmp_path)
    assert new.returncode == 1
    assert [(f["rule"], f["line"]) for f in json.loads(new.stdout)] == [("PY-CMD-SHELL", 26)]
    # A second copy of a baselined flaw is new, too.
    app.write_text(EDITED + "\n\ndef load_again(s):\n    return yaml.load(s)\n")
    again = json.loads(seclint("check", "--baseline", ".seclint-baseline.json", "--format", "json", "src", cwd=tmp_path).stdout)
    assert sorted(f["rule"] for f in again) == ["PY-CMD-SHELL", "PY-DESERIAL-YAML"]
    # The baseline's paths are relative to its own folder, so the run's folder does not matter.
    from_src = seclint("check", "--baseline", "../.seclint-baseline.json", "--format", "json", ".", cwd=tmp_path / "src")
    assert sorted(f["rule"] for f in json.loads(from_src.stdout)) == ["PY-CMD-SHELL", "PY-DESERIAL-YAML"]


def test_baseline_setting_in_pyproject_and_sarif_baseline_state(tmp_path):
    (tmp_path / "app.py").write_text(LEGACY)
    assert seclint("check", "--write-baseline", "security/baseline.json", ".", cwd=tmp_path).returncode == 0
    (tmp_path / "pyproject.toml").write_text('[tool.seclint]\nbaseline = "security/baseline.json"\n')
    (tmp_path / "app.py").write_text(EDITED)
    result = seclint("check", "--format", "sarif", ".", cwd=tmp_path)
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert [(r["ruleId"], r["baselineState"]) for r in results] == [("PY-CMD-SHELL", "new")]


def test_bad_baselines_are_usage_errors(tmp_path):
    (tmp_path / "app.py").write_text(LEGACY)
    missing = seclint("check", "--baseline", "nope.json", ".", cwd=tmp_path)
    assert missing.returncode == 2 and "--write-baseline" in missing.stderr
    (tmp_path / "bad.json").write_text("{not json")
    assert seclint("check", "--baseline", "bad.json", ".", cwd=tmp_path).returncode == 2
    (tmp_path / "other.json").write_text('{"findings": []}')
    other = seclint("check", "--baseline", "other.json", ".", cwd=tmp_path)
    assert other.returncode == 2 and "not a seclint baseline" in other.stderr


async def test_the_server_dims_legacy_findings_as_hints(tmp_path):
    app = tmp_path / "app.py"
    app.write_text(LEGACY)
    assert seclint("check", "--write-baseline", ".seclint-baseline.json", ".", cwd=tmp_path).returncode == 0
    async with session(tmp_path, options={"baseline": ".seclint-baseline.json"}) as client:
        uri = app.as_uri()
        open_doc(client, uri, EDITED)
        params = await wait_published(client, uri, version=1)
        by_rule = {d.code: d for d in params.diagnostics}
        assert set(by_rule) == {"PY-SECRET-PASSWORD", "PY-DESERIAL-YAML", "PY-HASH-WEAK", "PY-CMD-SHELL"}
        for rule in ("PY-SECRET-PASSWORD", "PY-DESERIAL-YAML", "PY-HASH-WEAK"):
            legacy = by_rule[rule]
            assert legacy.severity == lsp.DiagnosticSeverity.Hint and legacy.data["baseline"] is True
            assert legacy.message.endswith("[in the baseline]")
        new = by_rule["PY-CMD-SHELL"]
        assert new.severity == lsp.DiagnosticSeverity.Error and "baseline" not in new.data


async def test_the_server_reports_a_missing_baseline_and_shows_everything(tmp_path):
    app = tmp_path / "app.py"
    app.write_text(LEGACY)
    async with session(tmp_path, options={"baseline": "missing.json"}) as client:
        open_doc(client, app.as_uri(), LEGACY)
        params = await wait_published(client, app.as_uri(), version=1)
        assert len(params.diagnostics) == 3
        assert all(d.severity != lsp.DiagnosticSeverity.Hint for d in params.diagnostics)
        for _ in range(200):
            if any("baseline file not found" in m.message for m in client.messages):
                break
            await asyncio.sleep(0.05)
        assert any("baseline file not found" in m.message for m in client.messages)

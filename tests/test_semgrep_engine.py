"""The semgrep engine on its own: findings, fixes, traces, and every way semgrep can fail.

Faults are injected with stand-in binaries (semgrep_fakes.py) that crash, hang, print garbage
or dump their environment; each must degrade only the semgrep stage, with a message, and
leave no process behind.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from semgrep_fakes import APP, FAKE_AWS_KEY, REAL, fake_core, hung_pids

from seclint.analysis import Analyzer
from seclint.catalogue import Catalogue, default_catalogue
from seclint.engines import EngineCancelled, EngineError, Source
from seclint.engines.semgrep import SemgrepEngine
from seclint.engines.semgrep.results import ByteOffsets, _close_template_literal, render
from seclint.documents import LineIndex
from seclint.settings import Settings

pytestmark = pytest.mark.skipif(REAL is None, reason="semgrep is not installed (pip install 'seclint[semgrep]')")

CATALOGUE = default_catalogue()
SEMGREP_RULES = [r for r in CATALOGUE.rules.values() if r.engine == "semgrep" and not r.custom]



def _source(text: str, language: str = "python", **kwargs) -> Source:
    return Source(text=text, index=LineIndex(text), path=None, language=language, **kwargs)


def _rules(language: str = "python"):
    return [r for r in SEMGREP_RULES if r.runs_on(language)]


def _children_of_this_process() -> list[str]:
    """Child processes of the test process, with their state (Z = zombie)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            found.append(f"{entry.name}:{fields[0]}")
    return found


@pytest.fixture
def engine():
    engine = SemgrepEngine()
    yield engine
    engine.close()


def test_taint_finding_names_its_source(engine):
    findings = engine.analyse(_source(APP), _rules())
    [finding] = findings
    assert finding.rule_id == "PY-NOSQL-INJECTION" and finding.engine == "semgrep"
    assert APP[finding.start : finding.end] == '{"name": body["name"], "password": body["password"]}'
    messages = [r.message for r in finding.related]
    assert messages[0] == "untrusted data enters here: `request.get_json()`"
    assert APP[finding.related[0].start : finding.related[0].end] == "request.get_json()"
    assert "and flows through `body`" in messages


def test_offsets_are_characters_not_bytes(engine):
    text = "// héllo 😀 wörld\nconst el = document.body;\nel.innerHTML = '→ ' + name;\n"
    [finding] = engine.analyse(_source(text, "javascript"), _rules("javascript"))
    assert text[finding.start : finding.end] == "el.innerHTML = '→ ' + name"
    [edit] = finding.fix.edits
    assert edit.text == "el.textContent = '→ ' + name" and not finding.fix.safe


def test_fix_template_rendering():
    assert render("$EL.textContent = $HTML", {"$EL": "box", "$HTML": "a + b"}) == "box.textContent = a + b"
    assert render("f($...ARGS, $X)", {"$...ARGS": "1, 2", "$X": "x"}) == "f(1, 2, x)"
    assert render("$XY and $X", {"$X": "1"}) == "$XY and 1"  # unbound names stay as written, as in semgrep
    text = "a = `x${b}`;"
    assert text[: _close_template_literal(text, 0, len("a = `x${b"))] == "a = `x${b}`"
    offsets = ByteOffsets("é😀a")
    assert [offsets.char(b) for b in (0, 2, 6, 7)] == [0, 1, 2, 3]


def test_a_document_no_rule_can_match_costs_no_process(engine, monkeypatch):
    calls = []
    session = engine.session()
    real_scan = session.scan
    engine.ruleset(_rules(), 30)  # compiled up front: that part runs semgrep-core once per session

    def counting(args, targets, **kwargs):
        calls.append(args)
        return real_scan(args, targets, **kwargs)

    monkeypatch.setattr(session, "scan", counting)
    assert engine.analyse(_source("def add(a, b):\n    return a + b\n"), _rules()) == []
    assert calls == []
    engine.analyse(_source(APP), _rules())
    assert len(calls) == 1


def test_generic_rules_run_beside_the_language_rules(engine):
    text = f'const key = "{FAKE_AWS_KEY}";\nel.innerHTML = location.hash;\n'
    found = sorted(f.rule_id for f in engine.analyse(_source(text, "javascript"), _rules("javascript")))
    assert found == ["JS-XSS-INNERHTML", "SECRET-AWS-ACCESS-KEY"]


def test_a_rule_semgrep_cannot_parse_is_reported_with_file_and_line_and_skipped(tmp_path, engine):
    root = tmp_path / "rules"
    root.mkdir()
    for shared in ("cwe.yaml", "owasp.yaml", "bandit.yaml"):
        (root / shared).write_text((CATALOGUE.root / shared).read_text())
    (root / "python").mkdir()
    good = CATALOGUE.rules["PY-NOSQL-INJECTION"].path.read_text()
    (root / "python" / "PY-NOSQL-INJECTION.yaml").write_text(good)
    broken = CATALOGUE.rules["PY-FORMAT-STRING-INJECTION"].path.read_text().replace(
        "- pattern: $FORMAT.format(...)", "- pattern: $FORMAT.format(((...)"
    )
    (root / "python" / "PY-FORMAT-STRING-INJECTION.yaml").write_text(broken)
    catalogue = Catalogue.load(root)
    line = 1 + broken.splitlines().index("            - pattern: $FORMAT.format(((...)")
    source = _source(APP)
    findings = engine.analyse(source, [r for r in catalogue.rules.values() if r.engine == "semgrep"])
    assert [f.rule_id for f in findings] == ["PY-NOSQL-INJECTION"]  # the other rule still runs
    [problem] = source.problems
    assert f"PY-FORMAT-STRING-INJECTION.yaml:{line})" in problem and "is skipped" in problem


@pytest.mark.parametrize(
    "mode, message",
    [
        ("crash", "exit status 2: Fatal error: exception Stack_overflow"),
        ("segfault", "killed by signal 11"),
        ("garbage", "cannot read"),
        ("wrong-shape", "cannot read"),
    ],
)
def test_a_failing_semgrep_degrades_only_its_stage(tmp_path, mode, message):
    binary, _ = fake_core(tmp_path, mode)
    analyzer = Analyzer(CATALOGUE, engines=[*Analyzer(CATALOGUE).engines[:2], SemgrepEngine(binary)])
    try:
        result = analyzer.analyse(APP)
    finally:
        analyzer.close()
    assert [f.rule_id for f in result.findings] == ["PY-DESERIAL-YAML"]  # the in-process engines still report
    [problem] = result.problems
    assert problem.startswith("semgrep") and message in problem


def test_missing_semgrep_is_one_clear_problem(tmp_path):
    analyzer = Analyzer(CATALOGUE, engines=[*Analyzer(CATALOGUE).engines[:2], SemgrepEngine(tmp_path / "no-such-binary")])
    result = analyzer.analyse(APP)
    assert [f.rule_id for f in result.findings] == ["PY-DESERIAL-YAML"]
    assert len(result.problems) == 1 and "semgrep" in result.problems[0]


def test_missing_semgrep_package_names_the_extra(monkeypatch):
    monkeypatch.setattr("seclint.engines.semgrep.engine.find_binary", lambda: None)
    engine = SemgrepEngine()
    with pytest.raises(EngineError, match=r"not installed \(pip install 'seclint\[semgrep\]'\)"):
        engine.analyse(_source(APP), _rules())


def test_a_hanging_semgrep_is_killed_at_the_time_limit_and_reaped(tmp_path):
    binary, pidfile = fake_core(tmp_path, "hang")
    engine = SemgrepEngine(binary)
    try:
        engine.ruleset(_rules(), 30)
        started = time.monotonic()
        with pytest.raises(EngineError, match=r"longer than the 1 s limit"):
            engine.analyse(_source(APP, time_limit=1.0), _rules())
        assert time.monotonic() - started < 5
    finally:
        engine.close()
    assert hung_pids(pidfile), "the fake never ran"
    assert not [pid for pid in hung_pids(pidfile) if Path(f"/proc/{pid}").exists()], "the hung process is still there (or a zombie)"
    assert _children_of_this_process() == []


def test_cancelling_stops_the_run_and_kills_the_process(tmp_path):
    binary, pidfile = fake_core(tmp_path, "hang")
    engine = SemgrepEngine(binary)
    try:
        engine.ruleset(_rules(), 30)
        deadline = time.monotonic() + 0.5
        started = time.monotonic()
        with pytest.raises(EngineCancelled):
            engine.analyse(_source(APP, time_limit=60.0, cancelled=lambda: time.monotonic() > deadline), _rules())
        assert time.monotonic() - started < 5
    finally:
        engine.close()
    assert hung_pids(pidfile) and not [pid for pid in hung_pids(pidfile) if Path(f"/proc/{pid}").exists()]


def test_a_run_cancelled_before_it_starts_starts_no_process(tmp_path, monkeypatch):
    """Runs queued behind others for text that changed or closed meanwhile cost no process start."""
    import subprocess

    from seclint.engines.semgrep import process

    engine = SemgrepEngine()
    try:
        engine.ruleset(_rules(), 30)
        started = []
        real_popen = subprocess.Popen

        def recording_popen(args, **kwargs):  # counts the starts, and starts the real thing
            if not args[-1].endswith(".fifo"):  # not a spare started for the next run (see process.py)
                started.append(args[0])
            return real_popen(args, **kwargs)

        monkeypatch.setattr(process.subprocess, "Popen", recording_popen)
        with pytest.raises(EngineCancelled):
            engine.analyse(_source(APP, time_limit=60.0, cancelled=lambda: True), _rules())
        assert started == []
        assert [f.rule_id for f in engine.analyse(_source(APP, time_limit=60.0, cancelled=lambda: False), _rules())]
        assert len(started) == 1
    finally:
        engine.close()


def test_semgrep_runs_offline_with_a_scrubbed_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("SEMGREP_APP_TOKEN", "secret-token")
    binary, dump = fake_core(tmp_path, "environment")
    engine = SemgrepEngine(binary)
    try:
        assert [f.rule_id for f in engine.analyse(_source(APP), _rules())] == ["PY-NOSQL-INJECTION"]
        directory = engine.session().directory
    finally:
        engine.close()
    env = json.loads(dump.read_text())
    assert "HTTPS_PROXY" not in env and "SEMGREP_APP_TOKEN" not in env
    assert env["SEMGREP_ENABLE_VERSION_CHECK"] == "0" and env["SEMGREP_SEND_METRICS"] == "off"
    assert env["HOME"].startswith(str(directory)) and env["TMPDIR"].startswith(str(directory))
    assert not directory.exists(), "the session's files are removed on close"


def test_switched_off_or_without_rules_semgrep_never_runs(tmp_path):
    binary, _ = fake_core(tmp_path, "crash")
    analyzer = Analyzer(CATALOGUE, engines=[*Analyzer(CATALOGUE).engines[:2], SemgrepEngine(binary)])
    off = analyzer.analyse(APP, settings=Settings(engines=(("semgrep", False),)))
    assert off.problems == [] and off.final and off.stage == 1
    none = analyzer.analyse(APP, settings=Settings(ignore=("PY-NOSQL-", "PY-FORMAT-", "PY-HEADER-", "SECRET-")))
    assert none.problems == [] and none.stage == 1
    analyzer.close()


@pytest.mark.parametrize("spare_core", [True, False])
def test_stages_give_the_same_result_beside_or_after_each_other(monkeypatch, spare_core):
    """semgrep starts beside the Python engines when a core is free, after them otherwise."""
    monkeypatch.setattr("seclint.analysis._core_to_spare", lambda: spare_core)
    analyzer = Analyzer(CATALOGUE)
    try:
        first = analyzer.start(APP)
        assert [f.rule_id for f in first.findings] == ["PY-DESERIAL-YAML"] and first.pending == ("semgrep",)
        final = analyzer.advance(first)
        assert [f.rule_id for f in final.findings] == ["PY-NOSQL-INJECTION", "PY-DESERIAL-YAML"]
        assert final.final and final.stage == 2 and final.problems == []
    finally:
        analyzer.close()


def test_directories_of_dead_sessions_are_removed(tmp_path, monkeypatch):
    import subprocess
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.Popen(["true"])
    dead.wait()  # a pid that no process has any more
    stale = tmp_path / f"seclint-semgrep-{dead.pid}-abc"
    stale.mkdir()
    alive = tmp_path / f"seclint-semgrep-{os.getppid()}-def"
    alive.mkdir()
    engine = SemgrepEngine()
    try:
        directory = engine.session().directory
        assert directory.parent == tmp_path and directory.name.startswith(f"seclint-semgrep-{os.getpid()}-")
        assert not stale.exists() and alive.exists()
    finally:
        engine.close()

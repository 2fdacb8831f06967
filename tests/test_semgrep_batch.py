"""Several documents in one semgrep-core run (engines/semgrep/batch.py), with the real semgrep-core.

Each document must get exactly the findings a run of its own gives, a document edited during a
run gets its newest text's findings and never the stale ones, and a run that fails because of one
document degrades semgrep for that document only.  The queue is held (no core to spare) until a
caller waits, so which documents share a run does not depend on timing.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from semgrep_fakes import APP, CRASH_MARKER, FAKE_AWS_KEY, REAL, fake_core, hung_pids

from seclint.analysis import Analyzer
from seclint.catalogue import default_catalogue
from seclint.documents import LineIndex
from seclint.engines import EngineCancelled, EngineError, Source
from seclint.engines.semgrep import SemgrepEngine

pytestmark = pytest.mark.skipif(REAL is None, reason="semgrep is not installed (pip install 'seclint[semgrep]')")

CATALOGUE = default_catalogue()
SEMGREP_RULES = [r for r in CATALOGUE.rules.values() if r.engine == "semgrep" and not r.custom]

# The same vulnerable handler moved down by a few lines, so each document's findings sit elsewhere.
SHIFTED = "import os\n\n\n" + APP
FORMAT = 'from flask import request\n\n\ndef page():\n    return request.args["t"].format(user=1)\n'
SECRET = f'TOKEN = "{FAKE_AWS_KEY}"\n'
PLAIN = "def add(a, b):\n    return a + b\n"  # no rule's prefilter passes: never sent to semgrep-core
JS = "const el = document.body;\nel.innerHTML = location.hash;\n"


def _rules(language: str):
    return [r for r in SEMGREP_RULES if r.runs_on(language)]


def _source(text: str, path: str | None, language: str = "python", **kwargs) -> Source:
    return Source(text=text, index=LineIndex(text), path=path, language=language, **kwargs)


def _key(findings):
    return sorted((f.rule_id, f.start, f.end, f.fix, f.related) for f in findings)


@pytest.fixture(autouse=True)
def held_queue(monkeypatch):
    """The queue waits for a caller, as on a busy machine: every document prepared first shares the run.
    (The analysis, too, starts its semgrep stage only when asked, as it does on a busy machine.)"""
    monkeypatch.setattr("seclint.engines.semgrep.batch._core_to_spare", lambda: False)
    monkeypatch.setattr("seclint.analysis._core_to_spare", lambda: False)


@pytest.fixture
def engine():
    engine = SemgrepEngine()
    yield engine
    engine.close()


def _count_runs(engine, monkeypatch) -> list[list[str]]:
    """The scan runs from here on (the rules are compiled first: that is not a scan)."""
    engine.ruleset(_rules("python"), 30)
    engine.ruleset(_rules("javascript"), 30)
    session = engine.session()
    real_scan = session.scan
    runs = []

    def counting(args, targets, **kwargs):
        runs.append([*args, "-targets", targets.decode()])  # the listing's text, not a file name
        return real_scan(args, targets, **kwargs)

    monkeypatch.setattr(session, "scan", counting)
    return runs


def test_each_document_gets_exactly_the_findings_of_a_run_of_its_own(engine, monkeypatch):
    documents = [
        (APP, "/proj/app.py", "python"),
        (SHIFTED, "/proj/shifted.py", "python"),
        (APP, None, "python"),  # an unsaved buffer with the same text as app.py
        (FORMAT, "/proj/page.py", "python"),
        (SECRET, "/proj/settings.py", "python"),
        (PLAIN, "/proj/plain.py", "python"),
        (JS, "/proj/app.js", "javascript"),
    ]
    alone = []
    for text, path, language in documents:
        single = SemgrepEngine()
        try:
            alone.append(_key(single.analyse(_source(text, path, language), _rules(language))))
        finally:
            single.close()
    assert all(alone[:5]) and alone[5] == [] and alone[6], "every document but PLAIN has findings of its own"
    assert alone[0] != alone[1]

    runs = _count_runs(engine, monkeypatch)
    sources = [_source(text, path, language) for text, path, language in documents]
    for source, (_, _, language) in zip(sources, documents):
        engine.prepare(source, _rules(language))
    together = [_key(engine.analyse(source, _rules(language))) for source, (_, _, language) in zip(sources, documents)]
    assert together == alone
    assert len(runs) == 2  # one run per rule set (Python, JavaScript), not one per document


def test_documents_queued_by_the_analysis_share_one_run(monkeypatch):
    analyzer = Analyzer(CATALOGUE)
    engine = analyzer.engines[-1]
    assert isinstance(engine, SemgrepEngine)
    runs = _count_runs(engine, monkeypatch)
    try:
        firsts = [analyzer.start(text, path=f"/proj/m{k}.py") for k, text in enumerate([APP, SHIFTED, FORMAT])]
        finals = [analyzer.advance(first) for first in firsts]
        assert [sorted(f.rule_id for f in final.findings if f.engine == "semgrep") for final in finals] == [
            ["PY-NOSQL-INJECTION"], ["PY-NOSQL-INJECTION"], ["PY-FORMAT-STRING-INJECTION"],
        ]
        assert all(final.final and not final.problems for final in finals)
        assert len(runs) == 1
    finally:
        analyzer.close()


def test_a_document_edited_during_a_run_gets_its_newest_findings_only(engine, monkeypatch):
    runs = _count_runs(engine, monkeypatch)
    session = engine.session()
    running = threading.Event()
    counting = session.scan

    def marking(args, targets, **kwargs):
        running.set()  # the edit lands while semgrep-core works on the old text
        return counting(args, targets, **kwargs)

    monkeypatch.setattr(session, "scan", marking)
    old = _source(APP, "/proj/app.py", cancelled=running.is_set)
    other = _source(SHIFTED, "/proj/other.py")
    engine.prepare(old, _rules("python"))
    engine.prepare(other, _rules("python"))
    assert [f.rule_id for f in engine.analyse(other, _rules("python"))] == ["PY-NOSQL-INJECTION"]
    assert len(runs) == 1  # the old text was in that run; its document is still wanted by nobody
    with pytest.raises(EngineCancelled):
        engine.analyse(old, _rules("python"))

    new_text = "\n\n" + APP.replace('{"name": body["name"], ', '{"login": body["login"], ')
    new = _source(new_text + FORMAT, "/proj/app.py")
    engine.prepare(new, _rules("python"))
    found = engine.analyse(new, _rules("python"))
    assert sorted(f.rule_id for f in found) == ["PY-FORMAT-STRING-INJECTION", "PY-NOSQL-INJECTION"]
    assert all(f.end <= len(new.text) for f in found)
    nosql = next(f for f in found if f.rule_id == "PY-NOSQL-INJECTION")
    assert new.text[nosql.start : nosql.end] == '{"login": body["login"], "password": body["password"]}'  # the new text's span


def test_a_document_unwanted_before_its_run_is_left_out(engine, monkeypatch):
    runs = _count_runs(engine, monkeypatch)
    gone = _source(APP, "/proj/closed.py", cancelled=lambda: True)
    kept = _source(FORMAT, "/proj/page.py")
    engine.prepare(gone, _rules("python"))
    engine.prepare(kept, _rules("python"))
    assert [f.rule_id for f in engine.analyse(kept, _rules("python"))] == ["PY-FORMAT-STRING-INJECTION"]
    [run] = runs
    kind, targets = json.loads(run[run.index("-targets") + 1])
    assert len(runs) == 1 and kind == "Targets" and len(targets) == 1  # page.py alone
    with pytest.raises(EngineCancelled):
        engine.analyse(gone, _rules("python"))


def test_a_crash_on_one_document_of_a_run_degrades_semgrep_for_that_document_only(tmp_path):
    binary, _ = fake_core(tmp_path, "crash-on-marker")
    analyzer = Analyzer(CATALOGUE, engines=[*Analyzer(CATALOGUE).engines[:2], SemgrepEngine(binary)])
    texts = [APP, APP + f"# {CRASH_MARKER}\n", SHIFTED]
    try:
        firsts = [analyzer.start(text, path=f"/proj/m{k}.py") for k, text in enumerate(texts)]
        good, bad, shifted = [analyzer.advance(first) for first in firsts]
    finally:
        analyzer.close()
    for result in (good, shifted):
        assert sorted(f.rule_id for f in result.findings) == ["PY-DESERIAL-YAML", "PY-NOSQL-INJECTION"]
        assert result.problems == []
    assert [f.rule_id for f in bad.findings] == ["PY-DESERIAL-YAML"]  # the in-process engines still report
    [problem] = bad.problems
    assert problem.startswith("semgrep") and "exit status 2: Fatal error: exception Stack_overflow" in problem


def test_a_document_semgrep_hangs_on_loses_only_its_own_findings(tmp_path):
    binary, pidfile = fake_core(tmp_path, "hang-on-marker")
    engine = SemgrepEngine(binary)
    sources = [_source(text, f"/proj/m{k}.py", time_limit=1.0) for k, text in enumerate([APP, FORMAT + f"# {CRASH_MARKER}\n", SHIFTED])]
    try:
        for source in sources:
            engine.prepare(source, _rules("python"))
        assert [f.rule_id for f in engine.analyse(sources[0], _rules("python"))] == ["PY-NOSQL-INJECTION"]
        with pytest.raises(EngineError, match=r"longer than the 1 s limit"):
            engine.analyse(sources[1], _rules("python"))
        assert [f.rule_id for f in engine.analyse(sources[2], _rules("python"))] == ["PY-NOSQL-INJECTION"]
    finally:
        engine.close()
    assert len(hung_pids(pidfile)) >= 2  # the run of all three, then the runs it was split into
    assert not [pid for pid in hung_pids(pidfile) if Path(f"/proc/{pid}").exists()]


def test_closing_the_engine_fails_what_is_queued_with_a_message(engine):
    source = _source(APP, "/proj/app.py")
    engine.prepare(source, _rules("python"))
    engine.close()
    with pytest.raises(Exception, match="shut down"):
        engine.analyse(source, _rules("python"))


def test_an_edit_runs_at_once_while_a_document_just_opened_waits_for_a_caller(engine, monkeypatch):
    """With no core to spare, only a caller starts the run of a document just opened; an edit of a
    document analysed before starts as soon as it is queued (semgrep-core is niced)."""
    runs = _count_runs(engine, monkeypatch)
    opened = _source(APP, "/proj/app.py")
    engine.prepare(opened, _rules("python"))
    time.sleep(0.5)
    assert runs == []  # nobody asked yet
    engine.analyse(opened, _rules("python"))
    assert len(runs) == 1
    edited = _source(APP + "\n", "/proj/app.py")
    engine.prepare(edited, _rules("python"))
    deadline = time.monotonic() + 30
    while len(runs) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(runs) == 2  # started without anyone asking
    assert _key(engine.analyse(edited, _rules("python")))


def test_a_rule_whose_paths_exclude_the_file_is_not_sent_to_semgrep_core(engine, monkeypatch):
    """The secrets rules exclude ``*.py`` (PY-SECRET-PASSWORD covers Python): for a Python file their
    regex prefilters are not even tried, and a document only they could match costs no run."""
    runs = _count_runs(engine, monkeypatch)
    text = 'DSN = "postgres://admin:Sup3rS3cretPw@db.example.com:5432/app"\n'
    assert engine.analyse(_source(text, "/project/settings.py"), _rules("python")) == []
    assert runs == []
    # An untitled buffer is "/buffer" to semgrep-core: nothing excludes it, and the rule runs there.
    assert [f.rule_id for f in engine.analyse(_source(text, None), _rules("python"))] == ["SECRET-URL-PASSWORD"]
    assert len(runs) == 1


@pytest.mark.parametrize(
    ("glob", "name", "excluded"),
    [("*.py", "settings.py", True), ("*.py", "settings.pyx", False), ("settings.*", "settings.py", True),
     ("*.py", "buffer", False), ("tests/*.py", "settings.py", False), ("!*.py", "settings.py", False)],
)
def test_only_a_file_name_glob_of_paths_exclude_is_read_here(glob, name, excluded):
    from dataclasses import replace

    from seclint.engines.semgrep.ruleset import _excluded, _name_globs

    rule = CATALOGUE.rules["SECRET-URL-PASSWORD"]
    rule = replace(rule, semgrep=json.dumps({**rule.semgrep_body, "paths": {"exclude": [glob]}}))
    assert _excluded(_name_globs(rule), name) is excluded

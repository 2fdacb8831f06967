"""The spare semgrep-core: started after an edit's run, it serves the next run with the same
arguments, and is never left behind (session closed, other arguments, idle, killed, forked).

Real semgrep-core throughout (the "hang" stand-in only for the time limit and cancellation, as
a real run of a small file ends too soon to be stopped).  No timing assertions: a warm run is
told by ``Completed.warm`` and by which processes were started.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from semgrep_fakes import APP, REAL, fake_core, hung_pids

from seclint.catalogue import default_catalogue
from seclint.documents import LineIndex
from seclint.engines import EngineCancelled, EngineError, Source
from seclint.engines.semgrep import SemgrepEngine, process
from seclint.engines.semgrep.ruleset import _json_of

pytestmark = pytest.mark.skipif(REAL is None, reason="semgrep is not installed (pip install 'seclint[semgrep]')")

RULES = [r for r in default_catalogue().rules.values() if r.engine == "semgrep" and not r.custom and r.runs_on("python")]


def _alive(pid: int) -> bool:
    """A process that exists and is not a zombie (a zombie is dead but not reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _exists(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def _until(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.fixture
def engine():
    engine = SemgrepEngine()
    yield engine
    engine.close()


def _setup(engine: SemgrepEngine, tmp_path: Path, text: str = APP):
    """The session, semgrep-core's arguments for the compiled rules, and a targets listing."""
    session = engine.session()
    compiled = engine.ruleset(RULES, 30)
    target = tmp_path / "app.py"
    target.write_text(text)
    args = ["-json", "-rules", str(compiled.path), "-j", "1", "-fast", "-timeout", "5", "-timeout_threshold", "0"]
    targets = json.dumps(
        ["Targets", [["CodeTarget", {"path": {"fpath": str(target), "ppath": "/app.py"}, "analyzer": "python", "products": ["sast"]}]]]
    ).encode()
    return session, args, targets


def _results(outcome) -> list:
    assert outcome.returncode == 0, outcome.stderr
    report = _json_of(outcome.stdout)
    return [[r["check_id"], r["start"], r["end"], r["extra"].get("message")] for r in report["results"]]


def _starts(session, monkeypatch) -> list[list[str]]:
    """Records every process the session starts (and starts it)."""
    started: list[list[str]] = []
    real_start = session._start

    def recording(args):
        started.append(args)
        return real_start(args)

    monkeypatch.setattr(session, "_start", recording)
    return started


def _spare_pid(session) -> int:
    spare = session._spare
    assert spare is not None
    assert spare.ready.wait(10) and spare.child is not None
    return spare.child.pid


def test_the_next_run_is_served_by_the_spare_with_the_same_findings(engine, tmp_path, monkeypatch):
    session, args, targets = _setup(engine, tmp_path)
    fresh = session.scan(args, targets, time_limit=60, keep_warm=True)
    assert not fresh.warm
    pid = _spare_pid(session)
    assert _alive(pid)
    started = _starts(session, monkeypatch)
    warm = session.scan(args, targets, time_limit=60, keep_warm=True)
    assert warm.warm
    _spare_pid(session)
    assert started == [[*args, "-targets", str(session._spare.fifo)]]  # only the next spare
    assert not _exists(pid), "the spare that ran is reaped"
    assert _results(warm) == _results(fresh) and _results(fresh)
    assert _json_of(warm.stdout)["errors"] == _json_of(fresh.stdout)["errors"]


def test_the_engine_keeps_a_spare_only_after_an_edit(engine, monkeypatch):
    session = engine.session()
    calls = []
    real_scan = session.scan

    def recording(args, targets, **kwargs):
        outcome = real_scan(args, targets, **kwargs)
        calls.append((kwargs["keep_warm"], outcome.warm))
        return outcome

    monkeypatch.setattr(session, "scan", recording)
    found = []
    for version in range(3):
        text = APP + "#" * version
        source = Source(text=text, index=LineIndex(text), path="/project/app.py", language="python")
        found.append([(f.rule_id, f.start, f.end, f.message) for f in engine.analyse(source, RULES)])
    # The open keeps nothing; the first edit starts a spare; the second edit runs on it.
    assert calls == [(False, False), (True, False), (True, True)]
    assert found[0] == found[1] == found[2] and found[0]
    assert session._spare is not None


def test_no_spare_without_keep_warm(engine, tmp_path):
    session, args, targets = _setup(engine, tmp_path)
    assert not session.scan(args, targets, time_limit=60).warm
    assert not session.scan(args, targets, time_limit=60).warm
    assert session._spare is None
    assert not list((session.directory / "tmp").iterdir()), "no FIFO, no targets file left"


def test_closing_the_session_kills_and_reaps_the_spare(tmp_path):
    engine = SemgrepEngine()
    try:
        session, args, targets = _setup(engine, tmp_path)
        session.scan(args, targets, time_limit=60, keep_warm=True)
        pid = _spare_pid(session)
        assert _alive(pid)
    finally:
        engine.close()
    assert not _exists(pid), "neither running nor a zombie"
    assert not session.directory.exists()


def test_other_arguments_replace_the_spare(engine, tmp_path, monkeypatch):
    session, args, targets = _setup(engine, tmp_path)
    session.scan(args, targets, time_limit=60, keep_warm=True)
    first = _spare_pid(session)
    other = [*args[:-1], "1"]  # another -timeout_threshold
    outcome = session.scan(other, targets, time_limit=60, keep_warm=True)
    assert not outcome.warm and _results(outcome)
    assert not _exists(first)
    second = _spare_pid(session)
    assert second != first and session._spare.args == tuple(other)
    assert session.scan(other, targets, time_limit=60).warm
    assert session._spare is None and not _exists(second)


def test_a_spare_killed_from_outside_costs_only_its_warmth(engine, tmp_path):
    session, args, targets = _setup(engine, tmp_path)
    fresh = session.scan(args, targets, time_limit=60, keep_warm=True)
    pid = _spare_pid(session)
    os.kill(pid, signal.SIGKILL)
    assert _until(lambda: not _alive(pid))
    outcome = session.scan(args, targets, time_limit=60, keep_warm=True)
    assert not outcome.warm and _results(outcome) == _results(fresh)
    assert not _exists(pid)
    assert session.scan(args, targets, time_limit=60).warm  # a new spare was started after it


def test_a_spare_that_dies_while_the_run_hands_it_the_targets_falls_back_too(engine, tmp_path, monkeypatch):
    """Killed between the check that it lives and its read: the run must not hang or fail."""
    session, args, targets = _setup(engine, tmp_path)
    fresh = session.scan(args, targets, time_limit=60, keep_warm=True)
    pid = _spare_pid(session)
    real_take = session._take_spare

    def take_then_kill(wanted):
        spare = real_take(wanted)
        os.kill(pid, signal.SIGKILL)
        return spare

    monkeypatch.setattr(session, "_take_spare", take_then_kill)
    outcome = session.scan(args, targets, time_limit=60)
    assert not outcome.warm and _results(outcome) == _results(fresh)
    assert not _exists(pid)


def test_an_idle_spare_is_killed(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(process, "SPARE_IDLE_SECONDS", 0.3)
    session, args, targets = _setup(engine, tmp_path)
    session.scan(args, targets, time_limit=60, keep_warm=True)
    pid = _spare_pid(session)
    assert _until(lambda: session._spare is None and not _exists(pid))
    assert not session.scan(args, targets, time_limit=60).warm


def _hanging_spare(tmp_path, monkeypatch):
    """A session whose spare reads its targets and then hangs (the "hang" stand-in)."""
    binary, pidfile = fake_core(tmp_path, "hang")
    engine = SemgrepEngine(binary)
    session = engine.session()
    compiled = engine.ruleset(RULES, 30)
    args = ["-json", "-rules", str(compiled.path)]
    empty = json.dumps(["Targets", []]).encode()
    session.scan(args, empty, time_limit=60, keep_warm=True)  # the stand-in runs the real core on no targets
    pid = _spare_pid(session)
    target = tmp_path / "app.py"
    target.write_text(APP)
    targets = json.dumps(["Targets", [["CodeTarget", {"path": {"fpath": str(target), "ppath": "/app.py"}, "analyzer": "python", "products": ["sast"]}]]]).encode()
    return engine, session, args, targets, pid, pidfile, _starts(session, monkeypatch)


def test_the_time_limit_stops_a_warm_run(tmp_path, monkeypatch):
    engine, session, args, targets, pid, pidfile, started = _hanging_spare(tmp_path, monkeypatch)
    try:
        with pytest.raises(EngineError, match="limit"):
            session.scan(args, targets, time_limit=1.0)
        assert started == [] and hung_pids(pidfile) == [pid], "the spare ran it"
        assert not _exists(pid)
    finally:
        engine.close()


def test_cancelling_stops_a_warm_run(tmp_path, monkeypatch):
    engine, session, args, targets, pid, pidfile, started = _hanging_spare(tmp_path, monkeypatch)
    try:
        assert _until(lambda: hung_pids(pidfile) == [] and _alive(pid))
        with pytest.raises(EngineCancelled):
            session.scan(args, targets, time_limit=60, cancelled=lambda: bool(hung_pids(pidfile)))
        assert started == [] and hung_pids(pidfile) == [pid]
        assert not _exists(pid)
    finally:
        engine.close()


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_forked_worker_neither_uses_nor_starts_a_spare(engine, tmp_path):
    session, args, targets = _setup(engine, tmp_path)
    fresh = session.scan(args, targets, time_limit=60, keep_warm=True)
    pid = _spare_pid(session)
    answer = tmp_path / "worker.json"
    child = os.fork()
    if child == 0:  # the worker: report, and leave without running the parent's clean-up
        try:
            outcome = session.scan(args, targets, time_limit=60, keep_warm=True)
            answer.write_text(json.dumps([outcome.warm, session._spare is None, _results(outcome) == _results(fresh)]))
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    assert json.loads(answer.read_text()) == [False, True, True]
    assert _alive(pid) and session._spare is not None and session._spare.child.pid == pid, "the parent's spare is untouched"
    assert session.scan(args, targets, time_limit=60).warm

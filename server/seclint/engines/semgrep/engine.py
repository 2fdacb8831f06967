"""The semgrep engine: seclint's rules with ``engine: semgrep`` (and a team's own semgrep rules).

``semgrep-core`` runs on the buffers' texts written to private temporary files, several
documents per run and one run at a time (see ``batch.py``), with the rules compiled once per
session (see ``ruleset.py``).  It is the slow stage:
the server publishes the in-process engines' findings first and merges these when they arrive.
A missing binary, a crash, a time-out or unreadable output raises ``EngineError`` — only this
engine's findings are missing, and the user is told why.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Sequence

from ...catalogue import Rule
from ...findings import Finding
from ...languages import GENERIC, semgrep_language
from ..base import EngineCancelled, EngineError, Source
from .batch import Batcher, Request
from .blockwise import Blockwise, reads_code
from .process import INSTALL_HINT, Session, find_binary
from .results import findings_of, split_report
from .ruleset import RuleSet, _json_of, compile_rules

log = logging.getLogger(__name__)

MAX_RULESETS = 16
# Per rule and file inside one run: a pathological pattern gives up on that file, not the run.
RULE_TIMEOUT = 5.0
MAX_MEMORY_MIB = 2048
# Text per semgrepTimeout in a run of several documents: ~12 files of 300 lines, a quarter of a
# second of semgrep-core on a quiet machine.
BYTES_PER_LIMIT = 128 * 1024


class SemgrepEngine:
    name = "semgrep"
    stage = 2  # slower than the in-process engines: published after them

    def __init__(self, binary: Path | None = None) -> None:
        self._binary = binary
        self._session: Session | None = None
        self._closed = False
        self._lock = threading.Lock()
        self._rulesets: OrderedDict[str, RuleSet | EngineError] = OrderedDict()
        self._pid = os.getpid()
        self._queue: Batcher | None = None
        self._blockwise = Blockwise()
        self.blocks_run: int | None = None  # definitions semgrep read in the last blockwise run (tests)

    # -- lifecycle ---------------------------------------------------------------------------

    def _own_lock(self) -> threading.Lock:
        """The engine's lock; in a forked worker (`seclint check --jobs`) a new one, since a lock
        held at fork time is void."""
        if self._pid != os.getpid():
            self._lock = threading.Lock()
            self._pid = os.getpid()
        return self._lock

    def session(self) -> Session:
        with self._own_lock():
            if self._closed:
                raise EngineError("semgrep: the engine was shut down")
            if self._session is None:
                binary = self._binary or find_binary()
                if binary is None:
                    raise EngineError(f"semgrep: not installed ({INSTALL_HINT}); its rules are not checked")
                if not os.access(binary, os.X_OK):
                    raise EngineError(f"semgrep: {binary} is not an executable file; its rules are not checked")
                self._session = Session(binary)
            return self._session

    def close(self) -> None:
        """Kill any run still going and delete the session's files."""
        with self._lock:
            session, self._session = self._session, None
            self._closed = True
            self._rulesets.clear()
            queue, self._queue = self._queue, None
        if queue is not None:
            queue.close()
        if session is not None:
            session.close()
        if queue is not None:
            queue.join()  # the run just killed is reaped before close returns

    # -- analysis ------------------------------------------------------------------------------

    def ruleset(self, rules: Sequence[Rule], time_limit: float) -> RuleSet:
        """The compiled rules for ``rules`` (cached; a failure to compile is cached too)."""
        session = self.session()
        key = hashlib.sha256(
            json.dumps([[r.id, r.semgrep, r.languages, r.message, r.severity] for r in sorted(rules, key=lambda r: r.id)]).encode()
        ).hexdigest()[:16]
        with self._lock:
            cached = self._rulesets.get(key)
            if cached is not None:
                self._rulesets.move_to_end(key)
        if cached is None:
            try:
                cached = compile_rules(session, list(rules), key, time_limit)
            except EngineError as exc:
                cached = exc
            with self._lock:
                self._rulesets[key] = cached
                while len(self._rulesets) > MAX_RULESETS:
                    self._rulesets.popitem(last=False)
        if isinstance(cached, EngineError):
            raise cached
        return cached

    def prepare(self, source: Source, rules: Sequence[Rule]) -> None:
        """Queue ``source`` for the next semgrep-core run, before anyone asks for its findings.

        Called when a document's analysis begins, so the documents of a project being opened
        share runs (see ``batch.py``).  Never raises: ``analyse`` reports what went wrong.
        """
        if not rules:
            return
        try:
            self._batcher().prepare(source, rules)
        except Exception:  # the engine was shut down, or a bug: analyse() tells the user
            log.debug("semgrep: could not queue a document", exc_info=True)

    def analyse(self, source: Source, rules: Sequence[Rule]) -> list[Finding]:
        if not rules:
            return []
        return self._batcher().analyse(source, rules)

    def forget(self, path: str | None) -> None:
        self._blockwise.forget(path)
        if self._queue is not None:
            self._queue.forget(path)

    def quiesce(self) -> None:
        """Let the dispatcher thread end (its queue is empty after the last run): before a fork."""
        if self._queue is not None:
            self._queue.join()

    def _batcher(self) -> Batcher:
        with self._own_lock():
            if self._closed:
                raise EngineError("semgrep: the engine was shut down")
            if self._queue is None:
                self._queue = Batcher(self._run_batch)
            return self._queue

    def _run_batch(self, requests: list[Request]) -> None:
        """One batch from the queue: compile and prefilter, then one semgrep-core run per rule set."""
        session = self.session()
        groups: dict[int, tuple[RuleSet, list[tuple[Request, list[str]]]]] = {}
        for request in requests:
            try:
                compiled = self.ruleset(request.rules, request.time_limit)
            except EngineError as exc:
                request.finish(error=exc)
                continue
            wanted = request.wanted = compiled.wanted(request.text, _project_path(request.path).rpartition("/")[2])
            if not wanted:
                request.finish([], compiled.problems)
                continue
            language = semgrep_language(request.language)
            analyzers = sorted({GENERIC if GENERIC in r.languages else language for r in wanted})
            groups.setdefault(id(compiled), (compiled, []))[1].append((request, analyzers))
        for compiled, jobs in groups.values():
            self._scan(session, compiled, jobs)

    def _scan(self, session: Session, compiled: RuleSet, jobs: list[tuple[Request, list[str]]]) -> None:
        """One semgrep-core run over several documents; each request gets its own findings.

        When the run as a whole fails (a crash, the time limit, unreadable output), its documents
        are run again in halves, so only the one semgrep cannot cope with loses its findings.
        """
        jobs = [(request, analyzers) for request, analyzers in jobs if not request.unwanted()]
        if not jobs:
            return
        names: list[str] = []
        failure: EngineError | None = None
        plans = [self._blockwise.plan(request, compiled, request.wanted) for request, _ in jobs]
        # A whole run of a document being edited seeds the next ones (blockwise.py): it finishes even
        # when newer text arrives meanwhile, or on a large module each keystroke would stop the run
        # the next one needs, and semgrep would never catch up with the typing.
        seeds = [plan is not None and plan.text is None for plan in plans]
        files: list[list[tuple[str, list[tuple[int, int]]]]] = []  # per job: each file semgrep-core reads, its segments
        try:
            targets = []
            for (request, analyzers), plan in zip(jobs, plans):
                suffix = Path(request.path or "buffer").suffix[:16]
                project_path = _project_path(request.path)
                whole = request.text.encode("utf-8", "surrogatepass")
                if plan is not None and plan.text is not None:
                    # Code rules read the document without its unchanged definitions; text rules, all of it.
                    parts = [
                        (plan.text, plan.segments, [a for a in analyzers if a != GENERIC]),
                        (whole, [], [a for a in analyzers if a == GENERIC]),
                    ]
                else:
                    parts = [(whole, [], analyzers)]
                files.append([])
                for content, segments, part_analyzers in parts:
                    if not part_analyzers:
                        continue
                    handle, name = tempfile.mkstemp(prefix="doc-", suffix=suffix, dir=session.directory / "tmp")
                    names.append(name)
                    files[-1].append((name, segments))
                    with os.fdopen(handle, "wb") as out:
                        out.write(content)
                    targets.extend(
                        ["CodeTarget", {"path": {"fpath": name, "ppath": project_path}, "analyzer": analyzer, "products": ["sast"]}]
                        for analyzer in part_analyzers
                    )
            # semgrepTimeout is for one document: a run of many gets one per BYTES_PER_LIMIT of text.
            size = sum(len(request.text) for request, _ in jobs)
            time_limit = max(request.time_limit for request, _ in jobs) * max(1.0, size / BYTES_PER_LIMIT)
            outcome = session.scan(
                ["-json", "-rules", str(compiled.path), "-j", "1", "-fast",
                 "-timeout", str(min(RULE_TIMEOUT, *(request.time_limit for request, _ in jobs))), "-timeout_threshold", "0",
                 "-max_memory", str(MAX_MEMORY_MIB)],
                json.dumps(["Targets", targets]).encode("utf-8"),
                time_limit=time_limit,
                cancelled=lambda: all(request.unwanted() and not seed for (request, _), seed in zip(jobs, seeds)),
                # An edit is followed by more: a spare saves the next one the process start.  A
                # project being opened would only keep an idle process around.
                keep_warm=any(request.again for request, _ in jobs),
            )
            if outcome.returncode != 0:
                how = f"was killed by signal {-outcome.returncode}" if outcome.returncode < 0 else f"stopped with exit status {outcome.returncode}"
                raise EngineError(f"semgrep-core {how}: {_describe(outcome.stderr)}")
            report = _json_of(outcome.stdout)
            if not isinstance(report, dict) or not isinstance(report.get("results"), list):
                raise EngineError("semgrep-core answered without a results list")
        except EngineCancelled as exc:
            for request, _ in jobs:
                request.finish(error=exc)
            return
        except EngineError as exc:
            failure = exc
        finally:
            for leftover in names:
                try:
                    os.unlink(leftover)
                except OSError:
                    pass
        if failure is not None:
            if len(jobs) > 1:
                # Halves, not one by one: a run that was only too slow for a loaded machine costs
                # two runs, and one bad document is found in a few.
                log.info("semgrep: a run of %d documents failed (%s); running them in halves", len(jobs), failure)
                middle = len(jobs) // 2
                self._scan(session, compiled, jobs[:middle])
                self._scan(session, compiled, jobs[middle:])
            else:
                jobs[0][0].finish(error=failure)
            return
        parts = split_report(report, names)
        for (request, _), plan, job_files in zip(jobs, plans, files):
            findings, problems = [], list(compiled.problems)
            try:
                for i, (name, segments) in enumerate(job_files):
                    found, trouble = findings_of(parts[name], compiled.rules, request.text, name, request.language, segments)
                    findings.extend(found)
                    # An error naming no file was given to each of the document's files.
                    problems.extend(trouble if i == 0 else [p for p in trouble if p not in problems])
            except EngineError as exc:
                request.finish(error=exc)
                continue
            if plan is not None:
                code = [f for f in findings if reads_code(compiled.rules[f.rule_id])]
                findings = [f for f in findings if not reads_code(compiled.rules[f.rule_id])] + self._blockwise.finish(plan, code)
                self.blocks_run = plan.blocks_run
            request.finish(findings, problems)
        log.debug("semgrep: %d document(s) in one run, %.0f ms", len(jobs), outcome.seconds * 1000)

    def parse_problem(self, text: str, language: str, time_limit: float = 30.0) -> str | None:
        """Why semgrep cannot parse ``text`` as ``language`` (None: it parses).  For checking fixes."""
        session = self.session()
        handle, name = tempfile.mkstemp(prefix="parse-", dir=session.directory / "tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(text.encode("utf-8", "surrogatepass"))
            outcome = session.run(["-lang", semgrep_language(language), "-dump_ast", name], time_limit=time_limit)
        finally:
            os.unlink(name)
        return None if outcome.returncode == 0 else _describe(outcome.stderr)


def _describe(stderr: bytes) -> str:
    text = " ".join(stderr.decode("utf-8", "replace").split())
    return text[-300:] or "no message"


def _project_path(path: str | None) -> str:
    """The path semgrep-core is told a document has: it matches rules' ``paths:`` against it, so it
    must be absolute ("/...")."""
    return Path(path).absolute().as_posix() if path else "/buffer"

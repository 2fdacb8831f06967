"""The semgrep engine: seclint's rules with ``engine: semgrep`` (and a team's own semgrep rules).

One run of ``semgrep-core`` per analysis, on the buffer's text written to a private temporary
file, with the rules compiled once per session (see ``ruleset.py``).  It is the slow stage:
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
from ..base import EngineError, Source
from .process import INSTALL_HINT, Session, find_binary
from .results import findings_of
from .ruleset import RuleSet, _json_of, compile_rules

log = logging.getLogger(__name__)

MAX_RULESETS = 16
# Per rule and file inside one run: a pathological pattern gives up on that file, not the run.
RULE_TIMEOUT = 5.0
MAX_MEMORY_MIB = 2048


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

    # -- lifecycle ---------------------------------------------------------------------------

    def session(self) -> Session:
        if self._pid != os.getpid():  # forked (`seclint check --jobs`): a lock held at fork time is void
            self._lock = threading.Lock()
            self._pid = os.getpid()
        with self._lock:
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
        if session is not None:
            session.close()

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

    def analyse(self, source: Source, rules: Sequence[Rule]) -> list[Finding]:
        if not rules:
            return []
        compiled = self.ruleset(rules, source.time_limit)
        source.problems.extend(compiled.problems)
        wanted = compiled.wanted(source.text)
        if not wanted:
            return []
        session = self.session()
        language = semgrep_language(source.language)
        analyzers = sorted({GENERIC if GENERIC in r.languages else language for r in wanted})
        handle, name = tempfile.mkstemp(prefix="doc-", suffix=Path(source.path or "buffer").suffix[:16], dir=session.directory / "tmp")
        targets = name + ".targets.json"
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(source.text.encode("utf-8", "surrogatepass"))
            # semgrep matches a rule's `paths:` against this; it must be absolute ("/...").
            project_path = Path(source.path).absolute().as_posix() if source.path else f"/buffer{Path(name).suffix}"
            with open(targets, "w", encoding="utf-8") as out:
                json.dump(["Targets", [
                    ["CodeTarget", {"path": {"fpath": name, "ppath": project_path}, "analyzer": analyzer, "products": ["sast"]}]
                    for analyzer in analyzers
                ]], out)
            outcome = session.run(
                ["-json", "-rules", str(compiled.path), "-targets", targets, "-j", "1", "-fast",
                 "-timeout", str(min(RULE_TIMEOUT, source.time_limit)), "-timeout_threshold", "0",
                 "-max_memory", str(MAX_MEMORY_MIB)],
                time_limit=source.time_limit,
                cancelled=source.cancelled,
            )
        finally:
            for leftover in (name, targets):
                try:
                    os.unlink(leftover)
                except OSError:
                    pass
        if outcome.returncode != 0:
            how = f"was killed by signal {-outcome.returncode}" if outcome.returncode < 0 else f"stopped with exit status {outcome.returncode}"
            raise EngineError(f"semgrep-core {how}: {_describe(outcome.stderr)}")
        findings, problems = findings_of(_json_of(outcome.stdout), compiled.rules, source.text, name, source.language)
        source.problems.extend(problems)
        log.debug("semgrep: %d rule(s), %d finding(s) in %.0f ms", len(wanted), len(findings), outcome.seconds * 1000)
        return findings


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

"""Many documents' semgrep runs joined into one semgrep-core process, one process at a time.

semgrep-core costs ~170 ms and ~125 MB (90 MB of it its own binary) to start, and ~20-40 ms per
300-line file once started; opening a project used to start one per document, three at a time.
Here a document is queued as soon as its analysis begins (``prepare``), and one dispatcher
thread runs everything queued so far as one semgrep-core invocation with many targets, so the
documents that queue up while a run is going share the next one.  Each caller gets its own
document's findings back.

Which documents go first: those a caller is already waiting for, then a document analysed
before (an edit) before one seen for the first time (just opened), then the order they came in.
A batch is capped in size so a document edited meanwhile waits for at most one modest run.
An edit's run is asked for once the Python engines' stage is done, and runs at once (the
server defers it: see lsp/server.py).  Documents just opened, with nobody waiting and no core to spare
(the Python engines are busy): the queue waits, as the semgrep stage did before, so opening a
project never slows down what the user sees first.

Documents whose analysis is no longer wanted (``cancelled``) are dropped before a run, and a
run is stopped once every document in it is unwanted.  Nothing is kept after a run: the text
lives in a temporary file for the run only, and a request holds its findings only until its
caller takes them (or its analysis is garbage).
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Sequence

from ...incremental import outline
from ..base import EngineCancelled, EngineError, Source

if TYPE_CHECKING:
    from ...catalogue import Rule
    from ...findings import Finding

log = logging.getLogger(__name__)

# Text per run: ~45 files of 300 lines, ~1 s of semgrep-core on a quiet 2-core machine.
BATCH_BYTES = 512 * 1024
BATCH_DOCUMENTS = 64
POLL_SECONDS = 0.02
MAX_SEEN = 4096  # paths remembered to tell an edit from an open
# How often a queue nobody waits for looks again whether a core became free.
IDLE_SECONDS = 0.1


@dataclass(eq=False)
class Request:
    """One document's semgrep run, from ``prepare`` (or ``analyse``) to its findings."""

    text: str
    path: str | None
    language: str
    rules: Sequence[Rule]
    time_limit: float
    cancelled: Callable[[], bool] | None
    order: int
    again: bool  # the path was analysed before: an edit, not an open
    outline: tuple[tuple[int, int, bool], ...] | None = None  # Source.outline
    keep_blocks: bool = True  # Source.keep_blocks
    wanted: Sequence[Rule] = ()  # the rules its prefilters let run, once the engine asked
    waited: bool = False
    orphaned: bool = False  # its Source is gone: nobody can ever ask for it
    findings: list[Finding] | None = None
    problems: list[str] = field(default_factory=list)
    error: EngineError | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def unwanted(self) -> bool:
        return (self.orphaned and not self.waited) or (self.cancelled is not None and self.cancelled())

    def finish(self, findings: list[Finding] | None = None, problems: Sequence[str] = (), error: EngineError | None = None) -> None:
        self.findings, self.error = findings, error
        self.problems.extend(problems)
        self.done.set()


def _core_to_spare() -> bool:
    """Whether semgrep may start beside the Python engines (the same test analysis.py uses)."""
    try:
        return os.getloadavg()[0] < (os.cpu_count() or 1) - 1
    except OSError:
        return False


class Batcher:
    """The queue and its one dispatcher thread; ``run(requests)`` does the work of one batch."""

    def __init__(self, run: Callable[[list[Request]], None]) -> None:
        self._run = run
        self._reset()

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._cond = threading.Condition()
        self._pending: list[Request] = []
        self._by_source: dict[int, Request] = {}
        self._seen: set[str] = set()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._counter = itertools.count()

    def _check_fork(self) -> None:
        if self._pid != os.getpid():  # a forked worker (`seclint check --jobs`): no thread, no queue
            self._reset()

    # -- callers -------------------------------------------------------------------------------

    def prepare(self, source: Source, rules: Sequence[Rule]) -> None:
        """Queue ``source`` now; ``analyse`` on the same Source object collects the findings."""
        self._check_fork()
        self._request(source, rules)

    def analyse(self, source: Source, rules: Sequence[Rule]) -> list[Finding]:
        self._check_fork()
        with self._cond:
            request = self._by_source.pop(id(source), None)
            if request is not None and [id(r) for r in request.rules] != [id(r) for r in rules]:
                request = None  # prepared for other rules: not this question
        if request is None:
            request = self._request(source, rules, keep=False)
        with self._cond:
            request.waited = True
            self._cond.notify_all()
        while not request.done.wait(POLL_SECONDS) or request.unwanted():
            if request.unwanted():  # also when its run finished: a stale result is never handed out
                raise EngineCancelled("semgrep: run cancelled for newer text")
        source.problems.extend(request.problems)
        if request.error is not None:
            raise request.error
        return request.findings or []

    def forget(self, path: str | None) -> None:
        """The document was closed: its next run counts as an open, not an edit."""
        with self._cond:
            self._seen.discard(path or "")

    def close(self) -> None:
        with self._cond:
            self._closed = True
            pending, self._pending = self._pending, []
            self._by_source.clear()
            self._cond.notify_all()
        for request in pending:
            request.finish(error=EngineError("semgrep: the engine was shut down"))

    def join(self, timeout: float = 5.0) -> None:
        """Wait for the dispatcher thread to end (after ``close`` and killing its run)."""
        thread = self._thread
        if thread is not None and thread is not threading.current_thread() and self._pid == os.getpid():
            thread.join(timeout)

    def _request(self, source: Source, rules: Sequence[Rule], keep: bool = True) -> Request:
        with self._cond:
            if self._closed:
                raise EngineError("semgrep: the engine was shut down")
            key = source.path or ""
            request = Request(
                source.text, source.path, source.language, list(rules), source.time_limit, source.cancelled,
                next(self._counter), again=key in self._seen,
                outline=source.outline if source.outline is not None or source.tree is None else outline(source),
                keep_blocks=source.keep_blocks,
            )
            if len(self._seen) >= MAX_SEEN:  # `seclint check` on a huge tree: priority is best-effort
                self._seen.clear()
            self._seen.add(key)
            self._pending.append(request)
            if keep:
                self._by_source[id(source)] = request
                # The Source going away (its analysis discarded) takes its request along.
                weakref.finalize(source, self._drop, id(source), request)
            if self._thread is None:
                self._thread = threading.Thread(target=self._dispatch, name="seclint-semgrep", daemon=True)
                self._thread.start()
            self._cond.notify_all()
        return request

    def _drop(self, key: int, request: Request) -> None:
        # Runs whenever the garbage collector frees the Source, possibly inside this class's own
        # code on the same thread: it only flags the request (the dispatcher drops it) and never
        # edits the queue under someone's feet.
        request.orphaned = True
        if self._by_source.get(key) is request:
            self._by_source.pop(key, None)

    # -- the dispatcher thread ---------------------------------------------------------------------

    def _dispatch(self) -> None:
        try:
            while True:
                batch = self._take()
                if not batch:
                    return
                try:
                    self._run(batch)
                except EngineError as exc:
                    for request in batch:
                        if not request.done.is_set():
                            request.finish(error=exc)
                except Exception as exc:  # a bug here must fail these runs, never leave callers waiting
                    log.exception("semgrep batch failed")
                    for request in batch:
                        if not request.done.is_set():
                            request.finish(error=EngineError(f"semgrep failed: {type(exc).__name__}: {exc}"))
                finally:
                    for request in batch:
                        if not request.done.is_set():
                            request.finish(error=EngineCancelled("semgrep: run cancelled for newer text"))
        finally:
            with self._cond:
                if self._thread is threading.current_thread():
                    self._thread = None
                if self._pending and not self._closed:  # queued while this thread was leaving
                    self._thread = threading.Thread(target=self._dispatch, name="seclint-semgrep", daemon=True)
                    self._thread.start()

    def _take(self) -> list[Request]:
        """The next batch, best first; [] when the queue is empty (the thread then ends)."""
        with self._cond:
            while True:
                if self._closed:
                    return []
                unwanted = [r for r in self._pending if r.unwanted()]
                for request in unwanted:
                    self._pending.remove(request)
                    request.finish(error=EngineCancelled("semgrep: run cancelled for newer text"))
                if not self._pending:
                    return []
                if any(r.waited or r.again for r in self._pending) or _core_to_spare():
                    break
                self._cond.wait(IDLE_SECONDS)
            self._pending.sort(key=lambda r: (not r.waited, not r.again, r.order))
            batch, size = [], 0
            for request in self._pending:
                if batch and (size + len(request.text) > BATCH_BYTES or len(batch) >= BATCH_DOCUMENTS):
                    break
                batch.append(request)
                size += len(request.text)
            del self._pending[: len(batch)]
            return batch

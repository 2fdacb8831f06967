"""Analysing many files, in parallel processes: the command line's half of the pipeline.

Every file goes through ``Analyzer.analyse`` — the language server's own analysis — and,
with fixes asked for, through ``fixes.fix_all``, the server's fix-all.  Nothing here looks
at what an engine is: results are ``Finding`` objects, whichever engine made them.

With ``jobs > 1`` the files are shared among worker processes (forked where the platform
can, so each starts with the catalogue already loaded); results come back in any order and
are returned in the order of the targets, so output never depends on scheduling.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from . import fixes
from .analysis import Analyzer
from .discovery import Target
from .documents import LineIndex
from .findings import Finding


@dataclass
class FileResult:
    target: Target
    text: str = ""  # the file's text after this run (fixed, when fixes were written)
    findings: list[Finding] = field(default_factory=list)  # of `text`
    original: str | None = None  # the text before fixes, when fixes changed it
    fixed_text: str | None = None  # the text with every safe fix applied, when that differs
    fixes_applied: int = 0
    suppressed: int = 0
    problems: list[str] = field(default_factory=list)  # an engine that degraded
    custom_rules: list = field(default_factory=list)  # a team's own rules its findings refer to (rule-paths)
    skipped: str | None = None  # not analysed at all, and why
    syntax_error: tuple[int, str] | None = None  # (line, message); the rest of the file was checked
    error: str | None = None  # could not be read or written
    worker: int = field(default_factory=os.getpid)  # the process that analysed it

    _index: LineIndex | None = field(default=None, repr=False, compare=False)

    @property
    def index(self) -> LineIndex:
        if self._index is None or self._index.text is not self.text:
            self._index = LineIndex(self.text)
        return self._index

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_index"] = None  # rebuilt on demand; not worth pickling between processes
        return state


_analyzer: Analyzer | None = None


def _worker_init() -> None:
    global _analyzer
    # Ctrl-C reaches every process of the terminal's group: the parent stops the pool, so a
    # worker ignores it rather than print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _analyzer is None:  # spawned, not forked: load the catalogue once per worker
        from .catalogue import default_catalogue

        _analyzer = Analyzer(default_catalogue())


def read_source(path: Path) -> tuple[str | None, str | None]:
    """A file's text as every check reads it (the CLI and the server's pull diagnostics), or why not."""
    try:
        # newline="": keep \r\n as it is, so positions and fixes match the file on disk.
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read(), None
    except UnicodeDecodeError as exc:
        return None, f"skipped: not UTF-8 text ({exc.reason} at byte {exc.start})"
    except OSError as exc:
        return None, f"skipped: {exc.strerror or exc}"


def check_file(target: Target, fix: bool = False, write: bool = False) -> FileResult:
    """Analyse one file; with ``fix``, compute its safe fixes; with ``write``, save them."""
    assert _analyzer is not None
    analyzer = _analyzer
    result = FileResult(target)
    path = target.path
    text, result.error = read_source(path)
    if text is None:
        return result

    def analyse(t: str):
        # Each file is read once; only fixing analyses it again (each fix's text: mostly the same blocks).
        return analyzer.analyse(t, path=str(path), settings=target.settings, language=target.language, keep_blocks=fix)

    if fix:
        fixed, count = fixes.fix_all(text, lambda t: analyse(t).findings)
        if count and fixed != text:
            result.fixed_text, result.fixes_applied = fixed, count
            if write:
                try:
                    with path.open("w", encoding="utf-8", newline="") as handle:
                        handle.write(fixed)
                    result.original, text = text, fixed
                except OSError as exc:
                    result.error = f"could not write the fixes: {exc.strerror or exc}"
    analysis = analyse(text)
    result.text = text
    result.findings = analysis.findings
    if analysis.catalogue is not None and analysis.catalogue is not analyzer.catalogue:
        result.custom_rules = [analysis.catalogue.rules[f.rule_id] for f in analysis.findings
                               if f.rule_id not in analyzer.catalogue.rules and f.rule_id in analysis.catalogue.rules]
    result.suppressed = len(analysis.suppressed)
    result.problems = list(analysis.problems)
    result.skipped = analysis.skipped
    if analysis.syntax_error is not None:
        result.syntax_error = (analysis.syntax_error.lineno or 0, analysis.syntax_error.msg)
    return result


def _check_indexed(job: tuple[int, Target, bool, bool]) -> tuple[int, FileResult]:
    i, target, fix, write = job
    try:
        return i, check_file(target, fix, write)
    except Exception as exc:  # one file's bug is reported for that file; the run goes on
        return i, FileResult(target, error=f"internal error: {type(exc).__name__}: {exc}")


def default_jobs() -> int:
    count = os.process_cpu_count() if hasattr(os, "process_cpu_count") else None
    if count is None:
        try:
            count = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            count = os.cpu_count()
    return max(1, count or 1)


def _size(target: Target) -> int:
    try:
        return target.path.stat().st_size
    except OSError:
        return 0


# Below this many files a pool costs more than it saves.
_MIN_FILES_PER_WORKER = 4


def scan(
    targets: Sequence[Target],
    analyzer: Analyzer,
    *,
    jobs: int = 1,
    fix: bool = False,
    write: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[FileResult]:
    """Results for ``targets``, in their order.  ``jobs`` worker processes (1: in this process)."""
    global _analyzer
    _analyzer = analyzer
    total = len(targets)
    results: list[FileResult | None] = [None] * total
    jobs = max(1, min(jobs, total // _MIN_FILES_PER_WORKER))
    work = [(i, t, fix, write) for i, t in enumerate(targets)]
    if jobs > 1:
        # Biggest files first, so no worker is left with a large file at the end of the run.
        work.sort(key=lambda job: -_size(job[1]))
    done = 0
    if jobs == 1:
        for job in work:
            i, result = _check_indexed(job)
            results[i] = result
            done += 1
            if progress:
                progress(done, total)
    else:
        # fork: workers inherit the loaded catalogue and engines (this process runs no threads).
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin" else "spawn"
        if method == "fork":
            analyzer.analyse("import os\n")  # engines load their plugins on first use: once, before the fork
            analyzer.quiesce()  # and no thread of the analysis may be alive when it happens
        context = multiprocessing.get_context(method)
        chunk = max(1, min(16, total // (jobs * 8)))
        with context.Pool(jobs, initializer=_worker_init) as pool:
            for i, result in pool.imap_unordered(_check_indexed, work, chunksize=chunk):
                results[i] = result
                done += 1
                if progress:
                    progress(done, total)
    return [r for r in results if r is not None]

"""Finding and running the ``semgrep-core`` binary: offline, time-limited, never left behind.

seclint runs semgrep's OCaml core directly, not the ``semgrep`` Python wrapper: the wrapper
checks for new versions, sends metrics and resolves registry configs over the network (and
hangs for a minute and a half offline), and costs a second of start-up per run.  The core reads
a rules file and a targets file and prints JSON; it makes no network calls of its own.

Every run gets a scrubbed environment (no tokens, no proxies, a private HOME and TMPDIR in the
session's directory), its own process group, a time limit, and is killed and reaped when the
limit passes, when the caller cancels it, or when the session closes.

A process start costs ~70-90 ms before semgrep-core does any work (a 266 MB static binary, then
the rules), more than the scan of an edited block.  So after an edit's run (``keep_warm``) one
*spare* is started ahead of the next: it reads its rules and then waits in open() on a FIFO as
its targets file, and the next run with the same arguments writes its targets there instead of
starting a process (see ``_Spare``).
"""

from __future__ import annotations

import ctypes
import importlib.util
import itertools
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..base import EngineCancelled, EngineError

log = logging.getLogger(__name__)

# Set by whoever starts seclint (never by workspace settings): a semgrep-core to use instead of
# the one in the semgrep package.
BINARY_ENV = "SECLINT_SEMGREP_CORE"
INSTALL_HINT = "pip install 'seclint[semgrep]'"
POLL_SECONDS = 0.02
NICENESS = 5
DIRECTORY_PREFIX = "seclint-semgrep-"
# How long a spare waits for the next run before it is killed.  Edits come in bursts a few
# seconds apart, and a pause to read or think is mostly shorter than a minute; longer, and the
# ~110 MB the idle process holds are worth more than the ~80 ms one cold start costs the next
# edit.  Each edit's run starts a new spare, so a minute counts from the last edit.
SPARE_IDLE_SECONDS = 60.0


def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


# Resolved before any fork: the child only makes one C call between fork and exec.
_PRCTL = _prctl()
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child: be killed if seclint dies without cleaning up (SIGKILL, a crash)."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)


def find_binary() -> Path | None:
    """semgrep-core: $SECLINT_SEMGREP_CORE, else the semgrep package's bundled binary, else PATH."""
    configured = os.environ.get(BINARY_ENV)
    if configured:
        return Path(configured)
    spec = importlib.util.find_spec("semgrep")  # locates the package without importing it
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / "bin" / "semgrep-core"
        if candidate.is_file():
            return candidate
    found = shutil.which("semgrep-core")
    return Path(found) if found else None


@dataclass
class Completed:
    stdout: bytes
    stderr: bytes
    returncode: int
    seconds: float
    warm: bool = False  # served by a spare started before the run


@dataclass(eq=False)
class _Spare:
    """A semgrep-core started ahead of the next run, waiting in open() on ``fifo`` (its targets).

    semgrep-core reads ``-rules`` first, then opens ``-targets``: on a FIFO it blocks there with
    the rules read, until a run writes the targets listing.  One thread (the keeper) starts it,
    kills it when it sat unused for SPARE_IDLE_SECONDS, and lives until it is reaped.
    """

    args: tuple[str, ...]
    fifo: Path
    child: subprocess.Popen | None = None
    ready: threading.Event = field(default_factory=threading.Event)  # started, or failed to
    taken: threading.Event = field(default_factory=threading.Event)  # out of the idle clock's hands
    ended: threading.Event = field(default_factory=threading.Event)  # reaped


class Session:
    """A private working directory and the set of live children, for one engine instance."""

    def __init__(self, binary: Path) -> None:
        self.binary = binary
        _remove_stale_directories()
        self.directory = Path(tempfile.mkdtemp(prefix=f"{DIRECTORY_PREFIX}{os.getpid()}-"))
        home = self.directory / "home"
        (home / ".semgrep").mkdir(parents=True)
        (self.directory / "tmp").mkdir()
        self.env = {
            "PATH": os.defpath,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "TMPDIR": str(self.directory / "tmp"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "NO_COLOR": "1",
            # Belt and braces: the core does not read these, but the wrapper (if ever involved) does.
            "SEMGREP_ENABLE_VERSION_CHECK": "0",
            "SEMGREP_SEND_METRICS": "off",
            "SEMGREP_SETTINGS_FILE": str(home / ".semgrep" / "settings.yml"),
        }
        self._children: set[subprocess.Popen] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._spare: _Spare | None = None
        self._spares = itertools.count()
        self.pid = os.getpid()
        self._finalizer = weakref.finalize(self, _cleanup, self.directory, self._children, self._lock, self.pid)
        _sessions.add(self)

    def _after_fork(self) -> None:
        """In a forked worker (`seclint check --jobs`): share the directory, not the parent's state.

        The parent removes the directory when it is done; the worker must not (and its copies of
        the parent's children and lock mean nothing here).
        """
        self._children = set()
        self._lock = threading.Lock()
        self._spare = None  # the parent's: a worker neither uses nor kills it

    def run(self, args: list[str], *, time_limit: float, cancelled: Callable[[], bool] | None = None) -> Completed:
        """Run semgrep-core with ``args``; EngineError when it cannot start or exceeds ``time_limit``."""
        started = time.monotonic()
        _check(cancelled)
        return self._finish(self._start(args), started, time_limit, cancelled)

    def scan(
        self,
        args: list[str],
        targets: bytes,
        *,
        time_limit: float,
        cancelled: Callable[[], bool] | None = None,
        keep_warm: bool = False,
    ) -> Completed:
        """Run semgrep-core with ``args`` and ``-targets`` reading ``targets`` (a JSON listing).

        A spare waiting with the same ``args`` serves it; else (none, other arguments, or it died)
        a fresh process does, its targets in a temporary file.  ``keep_warm``: start a spare for
        the next run afterwards.  Otherwise as ``run``.
        """
        started = time.monotonic()
        _check(cancelled)
        try:
            spare = self._take_spare(args)
            if spare is not None:
                outcome = self._run_warm(spare, targets, started, time_limit, cancelled)
                if outcome is not None:
                    return outcome
            handle, listing = tempfile.mkstemp(prefix="targets-", suffix=".json", dir=self.directory / "tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(targets)
                return self._finish(self._start([*args, "-targets", listing]), started, time_limit, cancelled)
            finally:
                _unlink(listing)
        finally:
            if keep_warm:
                self._start_spare(args)

    def _start(self, args: list[str]) -> subprocess.Popen:
        with self._lock:
            if self._closed:
                raise EngineError("semgrep: the engine was shut down")
            try:
                child = subprocess.Popen(
                    [str(self.binary), *args],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    env=self.env,
                    cwd=self.directory,
                    start_new_session=True,  # its own process group: one kill reaches any helpers
                    preexec_fn=_die_with_parent if _PRCTL is not None else None,
                )
            except OSError as exc:
                raise EngineError(f"semgrep: cannot run {self.binary}: {exc.strerror or exc}") from None
            self._children.add(child)
        try:
            # It runs beside the in-process engines, whose results the user sees first: on a busy
            # machine they should win the CPU.
            os.setpriority(os.PRIO_PROCESS, child.pid, min(19, os.getpriority(os.PRIO_PROCESS, 0) + NICENESS))
        except OSError:
            pass
        return child

    def _finish(self, child: subprocess.Popen, started: float, time_limit: float, cancelled) -> Completed:
        try:
            stdout, stderr = self._wait(child, started, time_limit, cancelled)
        finally:
            with self._lock:
                self._children.discard(child)
        return Completed(stdout, stderr, child.returncode, time.monotonic() - started)

    # -- the spare -------------------------------------------------------------------------------

    def _take_spare(self, args: list[str]) -> _Spare | None:
        """The spare, if it waits with ``args`` and is alive; any other spare is killed."""
        with self._lock:
            spare, self._spare = self._spare, None
        if spare is None:
            return None
        spare.taken.set()
        spare.ready.wait()
        if spare.args == tuple(args) and spare.child is not None and spare.child.poll() is None:
            return spare
        self._discard(spare)
        return None

    def _run_warm(self, spare: _Spare, targets: bytes, started: float, time_limit: float, cancelled) -> Completed | None:
        """The spare's run; None when it died before reading the targets (killed, or it could
        not read its rules): it did nothing for this run, which a fresh process then does."""
        assert spare.child is not None
        served: list[int] = []
        stop = threading.Event()
        handle, listing = tempfile.mkstemp(prefix="targets-", suffix=".json", dir=spare.fifo.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(targets)
            writer = threading.Thread(
                target=_serve, args=(spare.fifo, listing, targets, stop, served), name="seclint-semgrep-targets", daemon=True
            )
            writer.start()
            try:
                outcome = self._finish(spare.child, started, time_limit, cancelled)
            finally:
                _stop_serving(spare.fifo, stop, writer)
        finally:
            spare.ended.set()
            _unlink(spare.fifo)
            _unlink(listing)
        if not served:
            log.debug("semgrep: the spare ended (%s) before its run; starting a fresh one", spare.child.returncode)
            return None
        outcome.warm = True
        return outcome

    def _start_spare(self, args: list[str]) -> None:
        if os.getpid() != self.pid:
            return  # a forked worker (`seclint check --jobs`) runs one file and exits: no spares
        with self._lock:
            old = self._spare
            if self._closed or (old is not None and old.args == tuple(args)):
                return  # one is already waiting for these arguments (or dead: the run then finds out)
            spare = self._spare = _Spare(tuple(args), self.directory / "tmp" / f"spare-{next(self._spares)}.fifo")
        if old is not None:  # at most one per session
            old.taken.set()
            old.ready.wait()
            self._discard(old)
        # Started from a thread of its own, which outlives the process: PR_SET_PDEATHSIG fires
        # when the *thread* that started a child ends, and the runs' dispatcher thread ends
        # whenever its queue is empty.
        try:
            threading.Thread(target=self._keep, args=(spare,), name="seclint-semgrep-spare", daemon=True).start()
        except RuntimeError:  # no new threads (interpreter shutting down): no spare
            with self._lock:
                if self._spare is spare:
                    self._spare = None
            spare.ready.set()
            spare.ended.set()

    def _keep(self, spare: _Spare) -> None:
        try:
            os.mkfifo(spare.fifo, 0o600)
            spare.child = self._start([*spare.args, "-targets", str(spare.fifo)])
        except (OSError, EngineError) as exc:
            log.debug("semgrep: no spare: %s", exc)
        finally:
            spare.ready.set()
        if spare.child is None:
            with self._lock:
                if self._spare is spare:
                    self._spare = None
            _unlink(spare.fifo)
            return
        if not spare.taken.wait(SPARE_IDLE_SECONDS):
            with self._lock:
                idle = self._spare is spare
                if idle:
                    self._spare = None
            if idle:
                self._discard(spare)
        spare.ended.wait()

    def _discard(self, spare: _Spare) -> None:
        """Kill and reap a spare nobody runs."""
        if spare.child is not None:
            _kill(spare.child)
            with self._lock:
                self._children.discard(spare.child)
        spare.ended.set()
        _unlink(spare.fifo)

    def _wait(self, child: subprocess.Popen, started: float, time_limit: float, cancelled) -> tuple[bytes, bytes]:
        while True:
            step = POLL_SECONDS if cancelled is not None else max(0.0, started + time_limit - time.monotonic())
            try:
                return child.communicate(timeout=step)
            except subprocess.TimeoutExpired:
                pass
            if cancelled is not None and cancelled():
                _kill(child)
                raise EngineCancelled("semgrep: run cancelled for newer text")
            if time.monotonic() - started >= time_limit:
                _kill(child)
                raise EngineError(
                    f"semgrep: a run took longer than the {time_limit:g} s limit (semgrepTimeout) and was stopped; "
                    "its findings are missing for that document"
                )

    def close(self) -> None:
        with self._lock:
            self._closed = True
            spare, self._spare = self._spare, None
        if spare is not None:
            spare.taken.set()
            spare.ready.wait()
            self._discard(spare)
        self._finalizer()


def _check(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        # A run queued behind others whose document changed or closed meanwhile: starting
        # semgrep-core only to kill it costs a process start per stale run (the soak test saw
        # a stream of them for two seconds after 50 documents closed on a loaded machine).
        raise EngineCancelled("semgrep: run cancelled for newer text")


def _serve(fifo: Path, listing: str, data: bytes, stop: threading.Event, served: list[int]) -> None:
    """Hand ``data`` to the process blocked in open() on ``fifo``.

    semgrep-core 1.185 opens its targets file twice (reads it, closes, opens again).  Writing
    the FIFO again for the second open would race with the first read (a writer opening while
    the reader has not yet seen end-of-file appends a second copy to the same pipe: "Extra
    data"), so before the first read can end the path becomes ``listing``, a regular file with
    the same text, which any later open reads.
    """
    try:
        handle = os.open(fifo, os.O_WRONLY)
    except OSError:
        return
    try:
        if stop.is_set():
            return
        os.replace(listing, fifo)
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
        served.append(1)
    except OSError:  # BrokenPipeError: the reader was killed or stopped reading
        pass
    finally:
        os.close(handle)


def _stop_serving(fifo: Path, stop: threading.Event, writer: threading.Thread) -> None:
    """End ``_serve`` once the process has ended: a writer blocked in open() waits for a reader,
    so we open the FIFO ourselves (without blocking) until it has gone."""
    stop.set()
    while writer.is_alive():
        try:
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        except OSError:
            pass
        writer.join(POLL_SECONDS)


def _unlink(path: str | Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _signal(child: subprocess.Popen) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        child.kill()
    except ProcessLookupError:
        pass


def _remove_stale_directories() -> None:
    """Session directories of seclint processes that died without cleaning up (killed, crashed)."""
    try:
        entries = list(Path(tempfile.gettempdir()).glob(f"{DIRECTORY_PREFIX}*-*"))
    except OSError:
        return
    for entry in entries:
        owner = entry.name[len(DIRECTORY_PREFIX):].split("-", 1)[0]
        if not owner.isdigit() or int(owner) == os.getpid():
            continue
        try:
            os.kill(int(owner), 0)
            continue  # its owner is alive
        except ProcessLookupError:
            shutil.rmtree(entry, ignore_errors=True)
        except (PermissionError, OverflowError):
            continue  # another user's process, or not a pid


_sessions: weakref.WeakSet[Session] = weakref.WeakSet()


def _reset_after_fork() -> None:
    for session in list(_sessions):
        session._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


def _kill(child: subprocess.Popen) -> None:
    """Kill the child's whole process group and reap it, so no zombie is left."""
    _signal(child)
    try:
        child.communicate(timeout=5)
    except Exception:  # pipes already closed, or a child stuck in the kernel: wait without them
        child.wait()


def _cleanup(directory: Path, children: set[subprocess.Popen], lock: threading.Lock, owner: int) -> None:
    if os.getpid() != owner:
        return  # a forked worker: the directory is its parent's
    with lock:
        running = list(children)
    for child in running:
        _signal(child)  # the thread waiting on it reaps it
    shutil.rmtree(directory, ignore_errors=True)

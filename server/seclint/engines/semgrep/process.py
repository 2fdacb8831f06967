"""Finding and running the ``semgrep-core`` binary: offline, time-limited, never left behind.

seclint runs semgrep's OCaml core directly, not the ``semgrep`` Python wrapper: the wrapper
checks for new versions, sends metrics and resolves registry configs over the network (and
hangs for a minute and a half offline), and costs a second of start-up per run.  The core reads
a rules file and a targets file and prints JSON; it makes no network calls of its own.

Every run gets a scrubbed environment (no tokens, no proxies, a private HOME and TMPDIR in the
session's directory), its own process group, a time limit, and is killed and reaped when the
limit passes, when the caller cancels it, or when the session closes.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..base import EngineCancelled, EngineError

# Set by whoever starts seclint (never by workspace settings): a semgrep-core to use instead of
# the one in the semgrep package.
BINARY_ENV = "SECLINT_SEMGREP_CORE"
INSTALL_HINT = "pip install 'seclint[semgrep]'"
POLL_SECONDS = 0.02
NICENESS = 5
DIRECTORY_PREFIX = "seclint-semgrep-"


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

    def run(self, args: list[str], *, time_limit: float, cancelled: Callable[[], bool] | None = None) -> Completed:
        """Run semgrep-core with ``args``; EngineError when it cannot start or exceeds ``time_limit``."""
        started = time.monotonic()
        if cancelled is not None and cancelled():
            # A run queued behind others whose document changed or closed meanwhile: starting
            # semgrep-core only to kill it costs a process start per stale run (the soak test saw
            # a stream of them for two seconds after 50 documents closed on a loaded machine).
            raise EngineCancelled("semgrep: run cancelled for newer text")
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
        try:
            stdout, stderr = self._wait(child, started, time_limit, cancelled)
        finally:
            with self._lock:
                self._children.discard(child)
        return Completed(stdout, stderr, child.returncode, time.monotonic() - started)

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
        self._finalizer()


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

"""When to analyse: debounce typing, one run per document at a time, newest edit wins.

Each open document gets a small worker task.  An edit marks it dirty.  An edit
to a settled document (its diagnostics were up to date) is analysed and handed
on at once; an edit that arrives while an earlier one is still pending (the user
is typing) waits for a pause: its analysis starts once the document has been
quiet for 30% of the debounce interval (a gap longer than between the keys
of a fast burst), and its result is held until it has been quiet for the whole
interval, so a burst of keystrokes ends in one publish about one interval after
the last, with the work mostly done by then.  (Starting on every keystroke
would keep a core busy through the burst and slow down reading the keystrokes
themselves, which need the same interpreter lock.)
The worker snapshots the text, runs the analysis in a thread (so hover and code
actions stay responsive), and hands the result on only if no edit arrived
meanwhile.  A result made stale by a newer edit is dropped, never published over
newer results; the worker simply runs again for the newer text.

An analysis may come in stages (fast in-process engines, then semgrep): each
stage's result is handed on as soon as it is ready (while typing: once the
interval has passed), in order, and only while it is still current.  An edit during a stage tells that stage to stop early (its
``cancelled`` callable turns true), so a slow engine never holds up the fast
stage of the newer text.  While the user types, a later stage (semgrep, a
process of its own) starts only once the document has been quiet for half the
debounce interval: started with every first stage, it would more often be
stopped by the next keystroke, and each stopped run costs a process start.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Generic, TypeVar

log = logging.getLogger(__name__)

R = TypeVar("R")

# While the user types, what fraction of the debounce interval without a keystroke starts the
# analysis of the newest text, and its later stages; the result goes out after the whole interval.
START_AFTER = 0.3
LATER_AFTER = 0.5


@dataclass
class Snapshot:
    uri: str
    text: str
    revision: int
    version: int | None


@dataclass
class _Slot:
    dirty: asyncio.Event = field(default_factory=asyncio.Event)
    last_change: float = 0.0
    delay: float = 0.0
    task: asyncio.Task | None = None
    settled: bool = True  # the newest text requested so far has had its first stage delivered


Cancelled = Callable[[], bool]


class Scheduler(Generic[R]):
    """``analyse(snapshot, cancelled)`` gives the first stage's result; ``advance(snapshot, result,
    cancelled)`` the next one, or None when the analysis is complete."""

    def __init__(
        self,
        executor: Executor,
        snapshot: Callable[[str], Snapshot | None],
        analyse: Callable[[Snapshot, Cancelled], R],
        deliver: Callable[[Snapshot, R], Awaitable[None] | None],
        is_current: Callable[[Snapshot], bool],
        advance: Callable[[Snapshot, R, Cancelled], R | None] | None = None,
        discard: Callable[[R], None] | None = None,
        on_idle: Callable[[], None] | None = None,
        on_busy: Callable[[], None] | None = None,
    ):
        self._executor = executor
        self._snapshot = snapshot
        self._analyse = analyse
        self._deliver = deliver
        self._is_current = is_current
        self._advance = advance
        self._discard = discard  # told about a stale result, so its later stages can stop
        # Told when no document has an analysis pending or running, and when one is requested again.
        self._on_idle = on_idle
        self._on_busy = on_busy
        self._slots: dict[str, _Slot] = {}
        self.runs = 0
        self.discarded = 0

    def request(self, uri: str, delay: float) -> None:
        """Analyse ``uri``: at once if its diagnostics are up to date; else (typing) from a pause on,
        handing the result on once it has been quiet for ``delay`` seconds."""
        slot = self._slots.get(uri)
        if slot is None:
            slot = self._slots[uri] = _Slot()
        if self._on_busy is not None:
            self._on_busy()
        # Leading edge: an edit to a settled document (its diagnostics are up to date) is analysed
        # at once, so a single edit costs one analysis and no wait.  Only an edit that arrives while
        # an earlier one is still waiting or being analysed (the user is typing) waits for a pause.
        idle = slot.settled and not slot.dirty.is_set()
        slot.settled = False
        slot.last_change = time.monotonic()
        slot.delay = 0.0 if idle else delay
        slot.dirty.set()
        if slot.task is None or slot.task.done():
            slot.task = asyncio.get_running_loop().create_task(self._worker(uri, slot), name=f"seclint-analyse {uri}")

    def cancel(self, uri: str) -> None:
        slot = self._slots.pop(uri, None)
        if slot is not None and slot.task is not None:
            slot.task.cancel()

    async def idle(self, uri: str) -> None:
        """Wait until ``uri`` has no pending or running analysis (used by tests and pull requests)."""
        slot = self._slots.get(uri)
        while slot is not None and slot.task is not None and not slot.task.done():
            await asyncio.wait({slot.task})
            slot = self._slots.get(uri)

    async def _worker(self, uri: str, slot: _Slot) -> None:
        while slot.dirty.is_set():
            # Typing: start once the keystrokes pause (see the module's doc).
            while True:
                remaining = slot.last_change + slot.delay * START_AFTER - time.monotonic()
                if remaining <= 0:
                    break
                await asyncio.sleep(remaining)
            slot.dirty.clear()
            snapshot = self._snapshot(uri)
            if snapshot is None:
                return
            self.runs += 1
            held: list[R] = []  # stages done before the document has been quiet for the debounce interval
            step: Callable[[Cancelled], R | None] | None = functools.partial(self._analyse, snapshot)
            while step is not None:
                try:
                    result = await self._run(slot, step, functools.partial(self._hand_on, slot, snapshot, held))
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("analysis of %s failed", uri)
                    break
                if result is None:
                    break  # no further stage
                if slot.dirty.is_set() or not self._is_current(snapshot):
                    self._drop(result)
                    break  # a newer edit arrived; its run replaces this one
                held.append(result)
                if self._quiet_for(slot, slot.delay) and not await self._hand_on(slot, snapshot, held):
                    break
                if self._advance is None:
                    break
                step = functools.partial(self._advance, snapshot, result)
                # A later stage of a run taken while typing waits for a longer pause.
                if not await self._wait_quiet(slot, slot.delay * LATER_AFTER):
                    break
            if held and await self._wait_quiet(slot, slot.delay):
                await self._hand_on(slot, snapshot, held)
            for result in held:  # never handed on: a newer edit came first
                self._drop(result)
        if not slot.dirty.is_set():
            slot.settled = True  # nothing newer is pending, even if this run failed or was dropped
            if self._on_idle is not None and all(s.settled and not s.dirty.is_set() for s in self._slots.values()):
                try:
                    self._on_idle()
                except Exception:
                    log.exception("the idle callback failed")

    @staticmethod
    def _quiet_for(slot: _Slot, delay: float) -> bool:
        return not slot.dirty.is_set() and time.monotonic() >= slot.last_change + delay

    async def _wait_quiet(self, slot: _Slot, delay: float) -> bool:
        """Wait until the document has been quiet for ``delay``; False as soon as it is edited."""
        while not slot.dirty.is_set():
            remaining = slot.last_change + delay - time.monotonic()
            if remaining <= 0:
                return True
            try:
                await asyncio.wait_for(slot.dirty.wait(), remaining)
            except asyncio.TimeoutError:
                pass
        return False

    def _drop(self, result: R) -> None:
        self.discarded += 1
        if self._discard is not None:
            self._discard(result)  # a stale result: its later stages can stop

    async def _hand_on(self, slot: _Slot, snapshot: Snapshot, held: list[R]) -> bool:
        """Deliver the held stages in order; False when they went stale or delivering failed."""
        while held:
            result = held.pop(0)
            if slot.dirty.is_set() or not self._is_current(snapshot):
                self._drop(result)
                held.clear()
                return False
            try:
                outcome = self._deliver(snapshot, result)
                if asyncio.iscoroutine(outcome):
                    await outcome
            except Exception:
                log.exception("publishing results for %s failed", snapshot.uri)
                held.clear()
                return False
            if not slot.dirty.is_set():
                slot.settled = True
        return True

    async def _run(
        self, slot: _Slot, step: Callable[[Cancelled], R | None], quiet: Callable[[], Awaitable[bool]] | None = None
    ) -> R | None:
        """Run one stage in the executor; an edit meanwhile (or closing the document) cancels it.
        ``quiet`` is called once if the debounce interval passes while it runs (to hand on what is held)."""
        loop = asyncio.get_running_loop()
        cancel = threading.Event()
        future = loop.run_in_executor(self._executor, step, cancel.is_set)
        waiter = loop.create_task(slot.dirty.wait())
        try:
            while True:
                timeout = None if quiet is None else max(0.0, slot.last_change + slot.delay - time.monotonic())
                done, _ = await asyncio.wait({future, waiter}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                if done:
                    break
                assert quiet is not None
                await quiet()  # the interval passed: the earlier stages go out while this one runs
                quiet = None
            if future not in done:
                cancel.set()
            return await future
        except asyncio.CancelledError:
            cancel.set()
            raise
        finally:
            waiter.cancel()

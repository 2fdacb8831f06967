"""Python's cyclic garbage collector, timed for a server that must answer while people type.

With a large module open, an edit leaves tens of thousands of new objects (the changed part of the
tree, the facts and findings of the run).  Left to its defaults, the collector then runs in the
middle of the next edit's analysis: twice per edit for the young objects, a middle generation
every few edits (10-45 ms on a 5,000-line module) and a full collection every few dozen (about
100 ms, scanning the whole heap) — most of what separates the median edit from the slow ones.

So the server collects the young generations itself as soon as every document's analysis is
delivered and nothing is pending, and the whole heap once it has stayed idle for a second after
such runs.  The next edit then starts with empty young generations: its own allocations still
trigger a young collection or two, but the middle and full ones happen between edits.  Automatic collection stays on, with Python's thresholds, so a session that is never
idle (or opens hundreds of files at once) is collected as before.

Freezing start-up's objects and a larger young generation were tried as well: with them, resident
memory in the soak test swung between 150 and 400 MB instead of staying at about 75.
"""

from __future__ import annotations

import asyncio
import gc
from typing import Callable

FULL_AFTER_SECONDS = 1.0


class IdleCollector:
    """``idle()`` when every document is analysed, ``busy()`` when new work arrives."""

    def __init__(self, full_after: float = FULL_AFTER_SECONDS, after_full: Callable[[], None] | None = None) -> None:
        self.full_after = full_after
        # Told after each full collection: the server gives the freed pages back to the system then
        # (opening a project frees tens of MB that malloc would otherwise keep until a close).
        self.after_full = after_full
        self._timer: asyncio.TimerHandle | None = None
        self.collections = [0, 0]  # young, full: for the tests

    def idle(self) -> None:
        gc.collect(1)
        self.collections[0] += 1
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.full_after, self._full)

    def busy(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _full(self) -> None:
        self._timer = None
        gc.collect()
        self.collections[1] += 1
        if self.after_full is not None:
            self.after_full()

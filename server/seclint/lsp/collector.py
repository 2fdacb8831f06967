"""Python's cyclic garbage collector, timed for a server that must answer while people type.

With a large module open, an edit leaves tens of thousands of new objects (the changed part of the
tree, the facts and findings of the run).  Left to its defaults, the collector then runs in the
middle of the next edit's analysis: twice per edit for the young objects, a middle generation
every few edits (10-45 ms on a 5,000-line module) and a full collection every few dozen (about
100 ms, scanning the whole heap) — most of what separates the median edit from the slow ones.

So the server:
- freezes what start-up made (modules, the rule catalogue, the protocol's types): it lives as long
  as the process, and full collections no longer scan it;
- lets the young generation grow five times larger before it is collected, so an edit rarely
  triggers one;
- collects the young generations itself once every document's analysis is delivered and nothing
  is pending, and the whole heap once the server has stayed idle for a second after such runs.

Automatic collection stays on, so a session that is never idle (or opens hundreds of files at
once) is collected as before, only less often.
"""

from __future__ import annotations

import asyncio
import gc

YOUNG_THRESHOLD = 10_000  # Python's default is 2,000 new container objects
FULL_AFTER_SECONDS = 1.0


def prepare_heap() -> None:
    """At start-up, before any document is open (its objects must stay collectable)."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


class IdleCollector:
    """``idle()`` when every document is analysed, ``busy()`` when new work arrives."""

    def __init__(self, full_after: float = FULL_AFTER_SECONDS) -> None:
        self.full_after = full_after
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

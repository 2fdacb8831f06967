"""The garbage collector runs when the server is idle, not in the middle of the next edit's analysis."""

from __future__ import annotations

import asyncio
import gc
from concurrent.futures import ThreadPoolExecutor

from test_scheduler_debounce import LONG, Document

from seclint.lsp.collector import IdleCollector
from seclint.scheduler import Scheduler


async def test_idle_is_told_once_every_document_is_analysed_and_busy_on_each_request():
    doc, other = Document(), Document()
    events: list[str] = []
    with ThreadPoolExecutor(2) as executor:
        sched = Scheduler(
            executor, lambda uri: (doc if uri == "a" else other).snapshot(uri),
            lambda snapshot, cancelled: (doc if snapshot.uri == "a" else other).analyse(snapshot, cancelled),
            lambda snapshot, result: events.append(f"delivered {snapshot.uri}"),
            lambda snapshot: True,
            on_idle=lambda: events.append("idle"), on_busy=lambda: events.append("busy"),
        )
        other.gate.clear()  # b's analysis is held: while it runs, the server is not idle
        sched.request("b", LONG)
        sched.request("a", LONG)
        await asyncio.wait_for(sched.idle("a"), 5)
        assert "idle" not in events
        other.gate.set()
        await asyncio.wait_for(sched.idle("b"), 5)
    assert events == ["busy", "busy", "delivered a", "delivered b", "idle"]


async def test_young_objects_are_collected_at_once_and_the_whole_heap_after_a_quiet_second():
    collector = IdleCollector(full_after=0.2)
    full = []
    gc.callbacks.append(callback := lambda phase, info: phase == "stop" and info["generation"] == 2 and full.append(1))
    try:
        collector.idle()
        assert collector.collections == [1, 0]
        collector.busy()  # work arrived: no full collection now
        await asyncio.sleep(0.4)
        assert collector.collections == [1, 0]
        collector.idle()
        await asyncio.sleep(0.4)
        assert collector.collections == [2, 1] and full
    finally:
        gc.callbacks.remove(callback)


async def test_freed_memory_is_given_back_after_the_full_collection():
    trimmed = []
    collector = IdleCollector(full_after=0.1, after_full=lambda: trimmed.append(collector.collections[1]))
    collector.idle()
    assert trimmed == []
    await asyncio.sleep(0.3)
    assert trimmed == [1]  # once, after the whole heap was collected

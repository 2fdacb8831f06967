"""The debounce has a leading edge: a settled document's edit runs at once, typing waits for quiet."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from seclint.scheduler import Scheduler, Snapshot

LONG = 30.0  # a debounce no test could sit through: a run that happens did not wait for it


class Document:
    def __init__(self) -> None:
        self.text = "v0"
        self.revision = 0
        self.analysed: list[str] = []
        self.delivered: list[str] = []
        self.gate = threading.Event()
        self.gate.set()

    def snapshot(self, uri: str) -> Snapshot:
        return Snapshot(uri, self.text, self.revision, self.revision)

    def analyse(self, snapshot: Snapshot, cancelled) -> str:
        self.analysed.append(snapshot.text)
        self.gate.wait(10)
        return snapshot.text

    def deliver(self, snapshot: Snapshot, result: str) -> None:
        self.delivered.append(result)

    def is_current(self, snapshot: Snapshot) -> bool:
        return snapshot.revision == self.revision

    def edit(self, text: str) -> None:
        self.text = text
        self.revision += 1


def scheduler(doc: Document, executor) -> Scheduler[str]:
    return Scheduler(executor, doc.snapshot, doc.analyse, doc.deliver, doc.is_current)


async def test_an_edit_to_a_settled_document_is_analysed_without_waiting_for_the_debounce():
    doc = Document()
    with ThreadPoolExecutor(1) as executor:
        sched = scheduler(doc, executor)
        sched.request("u", LONG)
        await asyncio.wait_for(sched.idle("u"), 5)
        doc.edit("v1")
        sched.request("u", LONG)
        await asyncio.wait_for(sched.idle("u"), 5)
    assert doc.delivered == ["v0", "v1"]


async def test_edits_while_an_analysis_is_pending_wait_for_quiet_and_only_the_newest_is_delivered():
    doc = Document()
    with ThreadPoolExecutor(1) as executor:
        sched = scheduler(doc, executor)
        doc.gate.clear()
        sched.request("u", 0.05)  # settled: runs at once, then blocks on the gate
        while not doc.analysed:
            await asyncio.sleep(0.01)
        for i in (1, 2, 3):
            doc.edit(f"v{i}")
            sched.request("u", LONG)
            assert sched._slots["u"].delay == LONG  # typing: these wait for quiet
        for i in (4, 5):
            doc.edit(f"v{i}")
            sched.request("u", 0.05)
        doc.gate.set()
        await asyncio.wait_for(sched.idle("u"), 5)
    assert doc.analysed == ["v0", "v5"]
    assert doc.delivered == ["v5"]  # v0 went stale while it ran: dropped, never published


async def test_a_failed_run_leaves_the_document_settled():
    doc = Document()

    def broken(snapshot, cancelled):
        raise RuntimeError("engine bug")

    with ThreadPoolExecutor(1) as executor:
        sched = Scheduler(executor, doc.snapshot, broken, doc.deliver, doc.is_current)
        sched.request("u", LONG)
        await asyncio.wait_for(sched.idle("u"), 5)
        doc.edit("v1")
        sched.request("u", LONG)
        assert sched._slots["u"].delay == 0.0
        await asyncio.wait_for(sched.idle("u"), 5)

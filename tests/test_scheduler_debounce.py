"""The debounce has a leading edge: a settled document's edit runs at once; while the user types,
the analysis starts at a pause and its result waits for quiet."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from seclint.analysis import Analyzer
from seclint.catalogue import default_catalogue
from seclint.engines.pyast import AstEngine
from seclint.scheduler import LATER_AFTER, START_AFTER, Scheduler, Snapshot

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


async def test_typing_starts_the_analysis_at_a_pause_and_hands_it_on_after_the_interval():
    """While the user types, the newest text's analysis starts once the keys pause (a fraction of
    the debounce interval), so its result is ready when the interval ends; it goes out only then,
    so a burst still ends in one publish."""
    delay = 1.0
    doc = Document()
    started: dict[str, float] = {}
    delivered: dict[str, float] = {}

    def analyse(snapshot, cancelled):
        started[snapshot.text] = time.monotonic()
        doc.gate.wait(10)
        return snapshot.text

    def deliver(snapshot, result):
        delivered[result] = time.monotonic()

    with ThreadPoolExecutor(1) as executor:
        sched = Scheduler(executor, doc.snapshot, analyse, deliver, doc.is_current)
        doc.gate.clear()
        sched.request("u", delay)  # settled: runs at once, then blocks on the gate
        while not started:
            await asyncio.sleep(0.01)
        doc.edit("v1")
        sched.request("u", delay)  # typing
        edited = time.monotonic()
        doc.gate.set()
        await asyncio.wait_for(sched.idle("u"), 10)
    assert list(delivered) == ["v1"]  # v0 went stale while it ran
    assert delay * START_AFTER <= started["v1"] - edited < delay * 0.9
    assert delivered["v1"] - edited >= delay


async def test_while_typing_a_later_stage_waits_for_a_longer_pause_and_every_stage_goes_out_in_order():
    delay = 1.0
    doc = Document()
    events: list[tuple[str, float]] = []

    def analyse(snapshot, cancelled):
        events.append(("first " + snapshot.text, time.monotonic()))
        doc.gate.wait(10)
        return snapshot.text + "/1"

    def advance(snapshot, result, cancelled):
        if result.endswith("/2"):
            return None
        events.append(("later " + snapshot.text, time.monotonic()))
        return snapshot.text + "/2"

    def deliver(snapshot, result):
        events.append(("deliver " + result, time.monotonic()))

    with ThreadPoolExecutor(1) as executor:
        sched = Scheduler(executor, doc.snapshot, analyse, deliver, doc.is_current, advance=advance)
        doc.gate.clear()
        sched.request("u", delay)
        while not events:
            await asyncio.sleep(0.01)
        doc.edit("v1")
        sched.request("u", delay)
        edited = time.monotonic()
        doc.gate.set()
        await asyncio.wait_for(sched.idle("u"), 10)
    names = [name for name, _ in events]
    assert names == ["first v0", "first v1", "later v1", "deliver v1/1", "deliver v1/2"]
    at = dict(events)
    assert at["later v1"] - edited >= delay * LATER_AFTER
    assert at["deliver v1/1"] - edited >= delay


class _LaterStage:
    """An engine of the second stage that records when it is asked for work."""

    name = "semgrep"
    stage = 2

    def __init__(self) -> None:
        self.prepared: list[str] = []
        self.analysed: list[str] = []

    def prepare(self, source, rules) -> None:
        self.prepared.append(source.text)

    def analyse(self, source, rules) -> list:
        self.analysed.append(source.text)
        return []


def test_an_edit_starts_its_later_stages_only_when_the_scheduler_asks():
    later = _LaterStage()
    analyzer = Analyzer(default_catalogue(), [AstEngine(), later])
    text = "import os\nos.system(input())\n"
    first = analyzer.start(text, path="/project/app.py", defer_later=True)
    assert first.findings and first.pending == ("semgrep",)
    assert later.prepared == [] and later.analysed == []  # nothing queued beside the first stage
    final = analyzer.advance(first)
    assert later.analysed == [text] and final.final
    analyzer.start(text, path="/project/app.py")  # a document just opened: queued at once, beside the first stage
    assert later.prepared == [text]

"""The server's use of the findings cache (``findings_cache.py``): reopened documents diagnosed at once.

* On open, the first analysis of the opened text asks the cache first; a hit is published as the
  final diagnostics (every stage) without running an engine.
* The regular analysis of a restored document still runs, in the background: only once nothing
  else is pending (the scheduler is idle) and the editor has asked for nothing for a moment (a
  project being opened sends its documents over a while, and their restores must not queue
  behind background work), a few documents at a time (so semgrep still joins their runs),
  without publishing its first stage.  It warms the parse and block caches the first edit
  uses, and were its findings ever different, they would win: the server publishes them (and a
  pulling client is asked to pull again).  An edit meanwhile stops it and is analysed as usual.
* The final analysis of the text as opened, and as saved, is stored (never on a keystroke): in a
  writer thread, and only if the settings and rules it was made with are still the current ones.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from .. import findings_cache
from ..analysis import Analysis
from ..scheduler import Snapshot
from ..settings import Settings

if TYPE_CHECKING:
    from .server import DocState, SeclintServer

log = logging.getLogger(__name__)

# Restored documents analysed again at once when the server is idle: enough for semgrep to
# join their runs, few enough that an edit to another document does not queue behind many.
BACKGROUND_BATCH = 16
# Seconds without a request from the editor (an open, an edit) before background analyses start.
BACKGROUND_AFTER = 0.3


class Reopen:
    def __init__(self, server: SeclintServer) -> None:
        self.server = server
        self.lookup: dict[str, int] = {}  # uri -> the revision opened, whose first analysis may be restored
        self.store: dict[str, int] = {}  # uri -> the revision (opened or saved) whose final analysis is kept
        self.queued: dict[str, tuple[int, Analysis]] = {}  # restored, to analyse in the background (in order)
        self.checking: dict[str, tuple[int, Analysis]] = {}  # being analysed in the background now
        self._writer: ThreadPoolExecutor | None = None
        self.asked_at = 0.0  # when the editor last asked for an analysis
        self._later: asyncio.TimerHandle | None = None

    # -- the document's life ------------------------------------------------------------

    def opened(self, uri: str, revision: int) -> None:
        self.lookup[uri] = revision
        self.store[uri] = revision

    def saved(self, state: DocState) -> None:
        uri, revision = state.doc.uri, state.doc.revision
        self.store[uri] = revision
        published = state.published  # the last final analysis of the text as saved, if it is in
        if published is not None and published.revision == revision and published.analysis.final:
            settings, _ = self.server.settings_for(state)
            self._keep(state, revision, published.analysis, settings)

    def rescheduled(self, uri: str) -> None:
        """An open, an edit or a settings change: the analysis it asks for is a regular one, published as usual."""
        self.asked_at = time.monotonic()
        self.queued.pop(uri, None)
        self.checking.pop(uri, None)

    def closed(self, uri: str) -> None:
        for table in (self.lookup, self.store, self.queued, self.checking):
            table.pop(uri, None)

    # -- analysis -------------------------------------------------------------------------

    def restore(self, snapshot: Snapshot, state: DocState, settings: Settings) -> Analysis | None:
        """The cached final analysis of the text just opened, or None (in a worker thread)."""
        if self.lookup.get(snapshot.uri) != snapshot.revision:
            return None
        self.lookup.pop(snapshot.uri, None)
        if not settings.findings_cache:
            return None
        analyzer = self.server.analyzer
        path = str(state.path) if state.path else None
        language = state.language or "python"
        try:
            keyed = findings_cache.key_of(analyzer, snapshot.text, path, language, settings, self.server.root)
            data = findings_cache.read(keyed[0]) if keyed is not None else None
            if keyed is None or data is None:
                return None
            findings, ran, stages = findings_cache.decode(data, keyed[0], len(snapshot.text))
            analysis = analyzer.restore(snapshot.text, findings, ran, stages, path=path, settings=settings, language=language)
        except Exception as exc:  # a damaged entry: analysed as usual, and the entry rewritten
            log.debug("ignoring cached findings for %s: %s", snapshot.uri, exc)
            return None
        if analysis.problems or not _same_catalogue(analysis, keyed[1]):
            return None  # the team's rules changed between the key and the restore
        return analysis

    def hidden(self, snapshot: Snapshot, analysis: Analysis) -> bool:
        """A background analysis's earlier stage: the restored final diagnostics stay."""
        return self.background(snapshot) and not analysis.final

    def background(self, snapshot: Snapshot) -> bool:
        checking = self.checking.get(snapshot.uri)
        return checking is not None and checking[0] == snapshot.revision

    def checking_current(self, state: DocState) -> bool:
        """The document's restored diagnostics are current and only the background analysis runs."""
        checking = self.checking.get(state.doc.uri)
        published = state.published
        return (
            checking is not None
            and checking[0] == state.doc.revision
            and published is not None
            and published.revision == state.doc.revision
            and published.analysis.final
        )

    def delivered(self, snapshot: Snapshot, analysis: Analysis, settings: Settings, state: DocState) -> None:
        """After ``analysis`` was published: remember it, store it when wanted."""
        if not analysis.final or analysis.cancelled:
            return
        uri = snapshot.uri
        if analysis.restored:
            self.queued[uri] = (snapshot.revision, analysis)  # analysed again once the server is idle
        checking = self.checking.get(uri)
        if checking is not None and checking[0] == snapshot.revision:
            del self.checking[uri]
            restored = checking[1]
            if analysis.findings != restored.findings:
                log.warning("cached findings of %s differed from its analysis; the analysis is shown", uri)
                if self.server.pull_diagnostics and self.server.client_refresh:
                    self.server.workspace_diagnostic_refresh(None)
        if self.store.get(uri) == snapshot.revision:
            self._keep(state, snapshot.revision, analysis, settings)

    def idle(self) -> bool:
        """Nothing else is pending: start the next restored documents' analyses (True if any started),
        or, if the editor asked for something a moment ago, look again when that moment has passed."""
        wait = self.asked_at + BACKGROUND_AFTER - time.monotonic()
        if self.queued and wait > 0:
            self.busy()
            self._later = asyncio.get_running_loop().call_later(wait, self._again)
            return False
        started = []
        while self.queued and len(started) < BACKGROUND_BATCH:
            uri = next(iter(self.queued))
            revision, restored = self.queued.pop(uri)
            state = self.server.states.get(uri)
            if state is None or state.doc.revision != revision:
                continue  # closed or edited: the edit's analysis did the work
            self.checking[uri] = (revision, restored)
            started.append(uri)
        if started:
            # Called from the end of a document's scheduler task: a request for that document now
            # would find its task still running and be left for it, which is ending.
            asyncio.get_running_loop().call_soon(self._request, started)
        return bool(started)

    def busy(self) -> None:
        """Work was asked for: a look scheduled by ``idle`` is not wanted (the next idle schedules its own)."""
        if self._later is not None:
            self._later.cancel()
            self._later = None

    def _again(self) -> None:
        self._later = None
        self.server.idle()

    def _request(self, uris: list[str]) -> None:
        for uri in uris:
            state = self.server.states.get(uri)
            checking = self.checking.get(uri)
            if state is not None and checking is not None and checking[0] == state.doc.revision:
                self.server.scheduler.request(uri, 0.0)

    # -- storing ------------------------------------------------------------------------------

    def _keep(self, state: DocState, revision: int, analysis: Analysis, settings: Settings) -> None:
        if not settings.findings_cache or not findings_cache.storable(analysis):
            return
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seclint-findings-cache")
        self.store.pop(state.doc.uri, None)
        self._writer.submit(self._write, state, analysis, settings)

    def _write(self, state: DocState, analysis: Analysis, settings: Settings) -> None:
        try:
            current, _ = self.server.settings_for(state)
            if current != settings:
                return  # the settings changed since: these findings are not theirs
            path = str(state.path) if state.path else None
            keyed = findings_cache.key_of(
                self.server.analyzer, analysis.text, path, analysis.language, settings, self.server.root
            )
            if keyed is None or not _same_catalogue(analysis, keyed[1]):
                return  # the team's rules changed since the analysis
            findings_cache.write(keyed[0], findings_cache.encode(keyed[0], analysis))
        except Exception:
            log.debug("could not store the findings of %s", state.doc.uri, exc_info=True)

    def flush(self) -> None:
        """Let the pending writes finish (at shutdown)."""
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None


def _same_catalogue(analysis: Analysis, catalogue) -> bool:
    return analysis.catalogue is catalogue or analysis.catalogue == catalogue

"""The language server: its state (documents, settings, results) and publishing.

Protocol handlers live in ``handlers.py`` and stay thin; this module keeps the
per-document state and turns analyses into published diagnostics.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.exceptions import FeatureRequestError, JsonRpcException, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from .. import __version__
from .. import baseline as baseline_mod
from .. import settings as settings_mod
from ..analysis import Analysis, Analyzer, language_of
from ..catalogue import Catalogue, default_catalogue
from ..documents import Document, DocumentStore, Encoding, LineIndex
from ..findings import Edit, Finding, Fix
from ..fingerprints import fingerprints
from ..scheduler import Cancelled, Scheduler, Snapshot
from ..settings import Settings
from .carry import Shown, carry
from .collector import IdleCollector
from .convert import encoding_of, to_diagnostic
from .reopen import Reopen

log = logging.getLogger(__name__)

# Sent after each stage of an analysis was delivered (published, or found to change nothing):
# {uri, version, stage, final} — only to a client that asks with initializationOptions
# {"notifyAnalysed": true} (tests and the benchmark, to know when the last stage is in): every
# message costs the server memory it does not always give back, and editors have no use for it.
ANALYSED = "$/seclint/analysed"
NOTIFY_ANALYSED = "notifyAnalysed"


class SeclintProtocol(LanguageServerProtocol):
    """pygls' protocol, minus its own copy of every document.

    seclint's ``documents.py`` is the single source of truth for text; pygls'
    built-in handlers would keep a second copy (and stop at the first bad edit
    before our handler runs), so they are replaced by pass-throughs.
    """

    def _user(self, method: str, params: Any):
        handler = self.fm.features.get(method)
        if handler is not None:
            yield handler, (params,), None

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None):
        """Forget each notification's future once it is done.

        pygls 2.1 files the future of every notification handled by a coroutine, thread or
        generator under a random id in _request_futures and never removes it: one leaked
        future per keystroke (the soak test measured ~7 MB per 10,000 edits).
        """
        if callback == self._check_handler_result:
            check = callback

            def callback(future, _id=msg_id):
                self._request_futures.pop(_id, None)
                check(future)

        return super()._execute_handler(msg_id, handler, callback, args, kwargs)

    def structure_message(self, data: dict[str, Any]):
        """Turn a request with malformed params into an error response for its id, not a silent drop."""
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "id" in data and "method" in data:
                error = JsonRpcInvalidParams(message=f"Invalid params for {data.get('method')!r}: {exc.__cause__ or exc}")
                self._send_response(data["id"], error=error.to_response_error())
            elif isinstance(data, dict):
                log.warning("ignored malformed notification %r: %s", data.get("method"), exc.__cause__ or exc)
            return _IGNORED

    def lsp_text_document__did_open(self, params):
        yield from self._user(lsp.TEXT_DOCUMENT_DID_OPEN, params)

    def lsp_text_document__did_change(self, params):
        yield from self._user(lsp.TEXT_DOCUMENT_DID_CHANGE, params)

    def lsp_text_document__did_close(self, params):
        yield from self._user(lsp.TEXT_DOCUMENT_DID_CLOSE, params)


class _Ignored:
    """A message that could not be read; pygls skips it (its jsonrpc version does not match)."""

    jsonrpc = "ignored"


_IGNORED = _Ignored()


for _name, _method in (
    ("lsp_text_document__did_open", lsp.TEXT_DOCUMENT_DID_OPEN),
    ("lsp_text_document__did_change", lsp.TEXT_DOCUMENT_DID_CHANGE),
    ("lsp_text_document__did_close", lsp.TEXT_DOCUMENT_DID_CLOSE),
):
    getattr(SeclintProtocol, _name).method_name = _method


@dataclass
class Published:
    """What the client was last sent for one document."""

    revision: int
    version: int | None
    index: LineIndex
    findings: list[Finding]
    analysis: Analysis


@dataclass
class DocState:
    doc: Document
    path: Path | None
    language: str | None
    published: Published | None = None
    sent: tuple[int | None, list] | None = None  # (version, diagnostics) last sent, to skip repeats
    good: tuple[Analysis, int] | None = None  # last analysis without syntax errors, and its revision
    later: Shown | None = None  # the later stages' findings last published, shown again until they run (carry.py)
    shown: set[str] = field(default_factory=set)  # messages already shown for this document
    fix_all: tuple[tuple[str, Settings], str] | None = None  # ((text, settings), text with every safe fix applied)


class SeclintServer(LanguageServer):
    def __init__(self, catalogue: Catalogue | None = None) -> None:
        super().__init__("seclint", __version__, protocol_cls=SeclintProtocol, max_workers=4)
        self.catalogue = catalogue or default_catalogue()
        self.analyzer = Analyzer(self.catalogue, keep_trees=8)
        self.store = DocumentStore()
        self.states: dict[str, DocState] = {}
        self.encoding = Encoding.UTF16
        self.editor_settings: Any = None
        self.root: Path | None = None
        self.shown_messages: set[str] = set()
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="seclint-analysis")
        self.collector = IdleCollector(after_full=release_memory)
        self.scheduler: Scheduler[tuple[Analysis, Settings, list[str]]] = Scheduler(
            self.executor, self._snapshot, self._analyse_snapshot, self._deliver, self._is_current, self._advance,
            discard=lambda result: self.analyzer.abandon(result[0]),
            on_idle=self.idle,
            on_busy=self._busy,
        )
        self.client_related_info = True
        self.client_tags = True
        self.client_document_changes = False
        self.client_config_pull = False
        self.notify_analysed = False
        # Clients that can pull diagnostics (LSP 3.17 `textDocument.diagnostic`) get them only
        # by pulling, as ruff's server does: VS Code and Neovim keep pushed and pulled
        # diagnostics apart, so sending both would show every finding twice.
        self.pull_diagnostics = False
        self.client_refresh = False  # workspace/diagnostic/refresh: pulled results are outdated
        self.client_progress = False  # window/workDoneProgress/create
        self.reopen = Reopen(self)  # the findings cache: reopened documents diagnosed at once

    def warm_up(self) -> threading.Thread:
        """Get the engines ready for a first analysis (bandit's plugins) in a thread, while the client initialises.

        It does what the first analysis with the default settings would do first anyway; a failure
        is left for that analysis to meet and report.
        """
        rules = self.analyzer.rules_for(Settings(), "python")

        def run() -> None:
            for engine in self.analyzer.engines:
                warm_up = getattr(engine, "warm_up", None)
                if warm_up is not None:
                    try:
                        warm_up(rules)
                    except Exception:
                        log.debug("warming up %s failed", engine.name, exc_info=True)

        thread = threading.Thread(target=run, name="seclint-warm-up", daemon=True)
        thread.start()
        return thread

    def report_server_error(self, error: Exception, source) -> None:
        """Errors outside a request (an unreadable message, a failing notification handler)."""
        if source == FeatureRequestError:
            return  # already answered as an error response
        if isinstance(error, json.JSONDecodeError):
            message = f"ignored a message that is not valid JSON ({error})"
        else:
            message = f"internal error, the server carries on: {type(error).__name__}: {error}"
        self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, f"seclint: {message}"))
        if message not in self.shown_messages:
            self.shown_messages.add(message)
            self.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, f"seclint: {message}"))

    # -- settings ----------------------------------------------------------------

    def settings_for(self, state: DocState | None) -> tuple[Settings, list[str]]:
        project = None
        if state is not None and state.path is not None:
            project = settings_mod.find_project_config(state.path.parent, self.root)
        elif self.root is not None:
            project = settings_mod.find_project_config(self.root, self.root)
        return settings_mod.resolve(self.editor_settings, project, self.root)

    def tell_once(self, message: str, kind: lsp.MessageType = lsp.MessageType.Warning) -> None:
        """Show a message the first time it happens in this session; always log it."""
        self.window_log_message(lsp.LogMessageParams(kind, f"seclint: {message}"))
        if message in self.shown_messages:
            return
        self.shown_messages.add(message)
        self.window_show_message(lsp.ShowMessageParams(kind, f"seclint: {message}"))

    # -- documents ---------------------------------------------------------------

    def open_document(self, uri: str, text: str, version: int | None, language_id: str) -> DocState:
        doc = self.store.open(uri, text, version, language_id)
        path = _path_of(uri)
        state = DocState(doc, path, language_of(str(path) if path else None, language_id))
        self.states[uri] = state
        self.reopen.opened(uri, doc.revision)
        return state

    def close_document(self, uri: str) -> None:
        self.scheduler.cancel(uri)
        self.reopen.closed(uri)
        self.store.close(uri)
        state = self.states.pop(uri, None)
        if state is not None and state.published is not None:
            self.analyzer.abandon(state.published.analysis)  # a semgrep run for it stops now
        if state is not None and state.path is not None:
            self.analyzer.forget(str(state.path))  # its cached blocks (incremental analysis) go too
        if state is not None and not self.pull_diagnostics:
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        release_memory()

    def schedule(self, uri: str, immediate: bool = False) -> None:
        state = self.states.get(uri)
        if state is None or state.language is None:
            return
        settings, _ = self.settings_for(state)
        self.reopen.rescheduled(uri)
        self.scheduler.request(uri, 0.0 if immediate else settings.debounce_ms / 1000)

    def reanalyse_all(self) -> None:
        for uri in list(self.states):
            self.schedule(uri, immediate=True)
        if self.pull_diagnostics and self.client_refresh:  # the settings changed: pull again
            self.workspace_diagnostic_refresh(None)

    # -- analysis ------------------------------------------------------------------

    def _snapshot(self, uri: str) -> Snapshot | None:
        state = self.states.get(uri)
        if state is None:
            return None
        return Snapshot(uri, state.doc.text, state.doc.revision, state.doc.version)

    def _is_current(self, snapshot: Snapshot) -> bool:
        state = self.states.get(snapshot.uri)
        return state is not None and state.doc.revision == snapshot.revision

    def _analyse_snapshot(
        self, snapshot: Snapshot, cancelled: Cancelled | None = None, *, complete: bool = False
    ) -> tuple[Analysis, Settings, list[str]]:
        """The first stage of the analysis (every stage with ``complete``)."""
        state = self.states.get(snapshot.uri)
        settings, problems = self.settings_for(state)
        if state is not None and settings.is_excluded(state.path, self.root):
            analysis = Analysis(snapshot.text, LineIndex(snapshot.text), skipped="excluded by the exclude setting")
            return analysis, settings, problems
        if state is not None and not settings.language_enabled(state.language):
            analysis = Analysis(snapshot.text, LineIndex(snapshot.text), skipped="excluded by the languages setting")
            return analysis, settings, problems
        if state is not None and not complete:
            restored = self.reopen.restore(snapshot, state, settings)
            if restored is not None:
                return restored, settings, problems
        run = self.analyzer.analyse if complete else self.analyzer.start
        edited = snapshot.revision > 0 or len(snapshot.text) > KEEP_OPENED_TREE_CHARS
        analysis = run(
            snapshot.text,
            path=str(state.path) if state and state.path else None,
            settings=settings,
            language=(state.language if state else None) or "python",
            cancelled=cancelled,
            edited=edited,
            keep_blocks=edited,
            # An edit's semgrep run starts after the first stage, not beside it: its preparation
            # needs the interpreter lock the first stage holds, so beside it semgrep started late
            # anyway and the first stage took ~15% longer (bench: 5,000 lines 37 -> 31 ms, the
            # final stage no later).  Documents just opened still queue theirs at once, so that
            # opening many shares semgrep-core runs (engines/semgrep/batch.py).
            defer_later=snapshot.revision > 0,
        )
        return analysis, settings, problems

    def _advance(
        self, snapshot: Snapshot, result: tuple[Analysis, Settings, list[str]], cancelled: Cancelled
    ) -> tuple[Analysis, Settings, list[str]] | None:
        """The next stage (semgrep), or None when the analysis is complete."""
        analysis, settings, _ = result
        if analysis.final or analysis.cancelled:
            return None
        try:
            return self.analyzer.advance(analysis, cancelled=cancelled), settings, []
        except Exception as exc:
            # Published as the last stage, without the later engines: their findings carried until
            # now must not stay on screen as if the stage had found them again.
            log.exception("a later stage of the analysis of %s failed", snapshot.uri)
            self.analyzer.abandon(analysis)
            problem = f"{', '.join(analysis.pending)} failed: {type(exc).__name__}: {exc}"
            failed = replace(analysis, stage=analysis.stage + 1, pending=(), run=None, problems=[*analysis.problems, problem])
            return failed, settings, []

    async def analyse_now(self, state: DocState) -> Published:
        """Findings for the document's current text, reusing the published ones when current.

        When the text changed since the last publish (a hover or code action right after
        typing), the analysis runs in the worker pool so the event loop stays free.
        """
        if (
            state.published is not None
            and state.published.revision == state.doc.revision
            and state.published.analysis.final
        ):
            return state.published
        if state.published is not None and state.published.revision == state.doc.revision:
            # The fast stage is out and the slow one is running: wait for it rather than run it twice.
            await self.scheduler.idle(state.doc.uri)
            if state.published is not None and state.published.revision == state.doc.revision and state.published.analysis.final:
                return state.published
        snapshot = Snapshot(state.doc.uri, state.doc.text, state.doc.revision, state.doc.version)
        loop = asyncio.get_running_loop()
        analysis, _, _ = await loop.run_in_executor(
            self.executor, functools.partial(self._analyse_snapshot, snapshot, None, complete=True)
        )
        return Published(snapshot.revision, snapshot.version, analysis.index, self._with_carried(state, analysis), analysis)

    def _with_carried(self, state: DocState, analysis: Analysis) -> list[Finding]:
        """Findings of a half-parsed text plus the last good findings inside the lines that did not parse."""
        if not analysis.broken_lines or state.good is None:
            return analysis.findings
        good, good_revision = state.good
        carried = []
        for finding in good.findings:
            moved = state.doc.map_span(finding.start, finding.end, good_revision)
            if moved is None:
                continue
            if analysis.index.line_of(moved[0]) not in analysis.broken_lines:
                continue
            fix = None
            if finding.fix is not None:
                edits = [state.doc.map_span(e.start, e.end, good_revision) for e in finding.fix.edits]
                if all(e is not None for e in edits):
                    fix = Fix(finding.fix.title, tuple(Edit(s, e, o.text) for (s, e), o in zip(edits, finding.fix.edits)), finding.fix.safe)
            carried.append(
                Finding(
                    finding.rule_id, moved[0], moved[1], finding.engine, finding.message, fix, (), None, finding.origin
                )
            )
        return sorted([*analysis.findings, *carried], key=lambda f: (f.start, f.end, f.rule_id))

    async def _deliver(self, snapshot: Snapshot, result: tuple[Analysis, Settings, list[str]]) -> None:
        analysis, settings, problems = result
        state = self.states.get(snapshot.uri)
        if state is None or self.reopen.hidden(snapshot, analysis):
            return
        if analysis.cancelled and (analysis.stage == 1 or analysis.pending):
            return
        # A last stage that stopped although its text is current (the scheduler delivers nothing
        # stale) is published with what did run, so findings carried for it do not stay for good.
        background = self.reopen.background(snapshot)
        for problem in problems:
            self.tell_once(problem)
        for problem in analysis.problems:
            message = f"{problem} (other engines still report)"
            if message not in self.shown_messages:  # an engine's or rule's trouble: once per session
                self.tell_once(message)
        self._publish(snapshot, analysis, settings, state)
        self.reopen.delivered(snapshot, analysis, settings, state)
        if self.notify_analysed:
            params = {"uri": snapshot.uri, "version": snapshot.version, "stage": analysis.stage, "final": analysis.final}
            if analysis.restored or background:
                params["cached" if analysis.restored else "background"] = True
            self.protocol.notify(ANALYSED, params)

    def idle(self) -> None:
        """Every document's analysis is delivered: restored documents are analysed now, else collect."""
        if not self.reopen.idle():
            self.collector.idle()

    def _busy(self) -> None:
        self.collector.busy()
        self.reopen.busy()

    def _carry_later(self, state: DocState, snapshot: Snapshot, analysis: Analysis) -> Analysis:
        """A first stage, with the later stages' last findings that its edits left alone (carry.py)."""
        if analysis.final or analysis.run is None or analysis.skipped is not None:
            return analysis
        pending = set(analysis.pending)
        rules = {r.id for r in analysis.run.rules if r.engine in pending}
        # The edits from the findings' text to this snapshot's (the scheduler publishes only current text).
        current = state.later is not None and state.doc.revision == snapshot.revision
        carried = carry(
            state.later,
            state.doc.edits_since(state.later.revision) if current else None,
            analysis.index,
            analysis.broken_lines,
            lambda f: f.engine in pending and f.rule_id in rules,
        )
        return self.analyzer.provisional(analysis, carried)

    def _publish(self, snapshot: Snapshot, analysis: Analysis, settings: Settings, state: DocState) -> None:
        if analysis.skipped and not analysis.skipped.startswith("excluded by the "):
            message = f"{Path(state.path).name if state.path else snapshot.uri}: {analysis.skipped}"
            if message not in state.shown:
                state.shown.add(message)
                self.tell_once(message, lsp.MessageType.Info)
            if state.published is not None:
                return  # keep showing the last good diagnostics
        if analysis.syntax_error is not None:
            err = analysis.syntax_error
            self.window_log_message(
                lsp.LogMessageParams(
                    lsp.MessageType.Log,
                    f"seclint: {snapshot.uri} line {err.lineno}: {err.msg}; "
                    f"{len(analysis.broken_lines)} line(s) keep their last results",
                )
            )
        analysis = self._carry_later(state, snapshot, analysis)
        if analysis.syntax_error is None and analysis.skipped is None:
            state.good = (analysis, snapshot.revision)
        findings = self._with_carried(state, analysis)
        state.published = Published(snapshot.revision, snapshot.version, analysis.index, findings, analysis)
        later = self.analyzer.later_engines
        state.later = Shown(
            [f for f in [*findings, *(f for f, _ in analysis.suppressed)] if f.engine in later],
            snapshot.revision,
            analysis.index,
        )
        if self.pull_diagnostics:
            return  # the client asks for them (pull.py); pushing too would show each one twice
        diagnostics = self.diagnostics_of(snapshot.uri, state.path, findings, analysis, settings)
        if state.sent == (snapshot.version, diagnostics):
            return  # e.g. re-analysed after a settings change that changed nothing here
        state.sent = (snapshot.version, diagnostics)
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=snapshot.uri, diagnostics=diagnostics, version=snapshot.version)
        )

    def diagnostics_of(
        self, uri: str, path: Path | None, findings: list[Finding], analysis: Analysis, settings: Settings
    ) -> list[lsp.Diagnostic]:
        """The diagnostics of an analysis: what is pushed, and what a pull request answers."""
        catalogue = analysis.catalogue or self.catalogue
        known = [f for f in findings if f.rule_id in catalogue.rules]
        return [
            to_diagnostic(
                f,
                catalogue,
                analysis.index,
                self.encoding,
                settings,
                uri,
                related_support=self.client_related_info,
                tag_support=self.client_tags,
                dimmed=legacy,
            )
            for f, legacy in zip(known, self._legacy(path, settings, analysis, known))
        ]

    def _legacy(self, path: Path | None, settings: Settings, analysis: Analysis, findings: list[Finding]) -> list[bool]:
        """Which findings the `baseline` setting's file holds: shown dimmed, as hints."""
        if not settings.baseline or path is None or not findings:
            return [False] * len(findings)
        project = settings_mod.find_project_config(path.parent, self.root)
        baseline_path = baseline_mod.resolve_path(settings.baseline, project.path.parent if project else None, self.root)
        try:
            baseline = baseline_mod.load_cached(baseline_path)
        except baseline_mod.BaselineError as exc:
            self.tell_once(f"{exc}; findings are shown as if there were no baseline")
            return [False] * len(findings)
        prints = fingerprints(findings, analysis.text, analysis.index)
        return baseline.legacy(path, [f.rule_id for f in findings], prints)

    # -- client capabilities ---------------------------------------------------------

    def configure_client(self, params: lsp.InitializeParams) -> None:
        caps = params.capabilities
        from pygls.capabilities import ServerCapabilitiesBuilder

        self.encoding = encoding_of(ServerCapabilitiesBuilder.choose_position_encoding(caps))
        publish = caps.text_document.publish_diagnostics if caps.text_document else None
        self.client_related_info = bool(publish and publish.related_information)
        self.client_tags = bool(publish and publish.tag_support)
        workspace = caps.workspace
        self.client_document_changes = bool(workspace and workspace.workspace_edit and workspace.workspace_edit.document_changes)
        self.client_config_pull = bool(workspace and workspace.configuration)
        self.pull_diagnostics = bool(caps.text_document and caps.text_document.diagnostic)
        self.client_refresh = bool(workspace and workspace.diagnostics and workspace.diagnostics.refresh_support)
        self.client_progress = bool(caps.window and caps.window.work_done_progress)
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("seclint"), dict):
            options = options["seclint"]
        if isinstance(options, dict) and NOTIFY_ANALYSED in options:
            options = dict(options)
            self.notify_analysed = options.pop(NOTIFY_ANALYSED) is True
        self.editor_settings = options
        root = None
        if params.workspace_folders:
            root = _path_of(params.workspace_folders[0].uri)
        elif params.root_uri:
            root = _path_of(params.root_uri)
        elif params.root_path:
            root = Path(params.root_path)
        self.root = root

    def shutdown_workers(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.reopen.flush()  # findings of the documents just opened or saved reach the disk
        self.analyzer.close()  # kills a semgrep run still going


# A document just opened keeps its tree for the next edit's parse, and the engines' per-block
# results for the next edit's analysis, only when doing it all again would make that first edit
# slow (~700 lines and more: a 5,000-line module's first edit takes ~35 ms from what was kept,
# ~300-450 ms without).  Smaller files are quick to parse and analyse whole again (~25 ms of extra
# work on the first edit of a 300-line file), and opening a project then leaves neither behind
# (~30 MB of trees for the collector and ~20 MB of block results with 200 files opened at once).
KEEP_OPENED_TREE_CHARS = 24_000

_last_trim = 0.0


def release_memory() -> None:
    """Give freed heap pages back to the system after documents close and when the server is idle
    (glibc only, at most once a second).

    A long editing session frees most of what it allocates, but glibc keeps the pages; without
    this, resident memory creeps up session after session although nothing leaks.
    """
    global _last_trim
    now = time.monotonic()
    if now - _last_trim < 1.0:
        return
    _last_trim = now
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def _path_of(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    try:
        path = to_fs_path(uri)
    except Exception:
        return None
    return Path(path) if path else None

"""Pull diagnostics (LSP 3.17): ``textDocument/diagnostic`` and ``workspace/diagnostic``.

A client that can pull gets diagnostics only by pulling (``SeclintServer.pull_diagnostics``
stops the pushes), so an editor never shows a finding twice.  Open documents answer from
their buffer, with the analysis the scheduler runs for pushes (debounced, never an older
version's results as current); files on disk go through the command line's discovery
(``.gitignore``, ``[tool.seclint] exclude``, ``languages``) and its way of reading files, and
then through the same ``Analyzer``.

Every report carries a result id: a hash of the text and of everything else the diagnostics
depend on (settings, custom rules, baseline file, position encoding, this server session).
When the client sends back the current id, the answer is ``unchanged``; a file on disk whose
modification time and size did not change since the last pull is not even read again.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Union

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pygls.uris import from_fs_path

from .. import __version__
from .. import baseline as baseline_mod
from .. import settings as settings_mod
from ..analysis import Analysis
from ..catalogue import custom as custom_rules
from ..documents import LineIndex
from ..settings import Settings
from .server import DocState, SeclintServer, _path_of

if TYPE_CHECKING:
    # The command line's discovery and file reading (pathspec, multiprocessing) are imported on
    # the first pull of a file on disk, not at start-up: most sessions never need them.
    from ..discovery import Target

log = logging.getLogger(__name__)

IDENTIFIER = "seclint"
# Result ids of an earlier server process mean nothing to this one (the catalogue may differ).
_SESSION = uuid.uuid4().hex
# At most this many progress reports a second: each is a message the client must render.
_REPORTS_PER_SECOND = 10

DocumentReport = Union[lsp.RelatedFullDocumentDiagnosticReport, lsp.RelatedUnchangedDocumentDiagnosticReport]
WorkspaceItem = Union[lsp.WorkspaceFullDocumentDiagnosticReport, lsp.WorkspaceUnchangedDocumentDiagnosticReport]


class ServerCancelled(JsonRpcException):
    """LSP's ServerCancelled: the document kept changing; the client asks again (retriggerRequest)."""

    CODE = -32802


@dataclass
class _OnDisk:
    """What the last pull found for a file that is not open."""

    stamp: tuple[int, int]  # (mtime_ns, size) when it was read
    fingerprint: str  # of the settings it was analysed with
    result_id: str
    diagnostics: list[lsp.Diagnostic]


class PullState:
    """Per-server state: the on-disk cache and the thread that scans the workspace."""

    def __init__(self) -> None:
        self.on_disk: dict[Path, _OnDisk] = {}
        # One thread for files on disk, apart from the pool that analyses what the user types.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seclint-workspace")
        self._custom: dict[tuple, object] = {}  # keeps loaded custom rules alive, so their id() is never reused

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def register(server: SeclintServer) -> None:
    server.pull = PullState()

    @server.feature(
        lsp.TEXT_DOCUMENT_DIAGNOSTIC,
        lsp.DiagnosticOptions(identifier=IDENTIFIER, inter_file_dependencies=False, workspace_diagnostics=True),
    )
    async def document_diagnostic(ls: SeclintServer, params: lsp.DocumentDiagnosticParams) -> DocumentReport:
        uri = params.text_document.uri
        state = ls.states.get(uri)
        if state is not None:
            rid, diagnostics = await _open_report(ls, state)
        else:
            target = await asyncio.get_running_loop().run_in_executor(ls.pull.executor, _target_of, ls, uri)
            if target is None:  # not a workspace file seclint checks
                return lsp.RelatedFullDocumentDiagnosticReport(items=[])
            entry = await _disk_report(ls, target, uri, threading.Event())
            rid, diagnostics = entry.result_id, entry.diagnostics
        if params.previous_result_id == rid:
            return lsp.RelatedUnchangedDocumentDiagnosticReport(result_id=rid)
        return lsp.RelatedFullDocumentDiagnosticReport(items=diagnostics, result_id=rid)

    @server.feature(lsp.WORKSPACE_DIAGNOSTIC)
    async def workspace_diagnostic(ls: SeclintServer, params: lsp.WorkspaceDiagnosticParams) -> lsp.WorkspaceDiagnosticReport:
        return await _workspace_report(ls, params)


# -- result ids ----------------------------------------------------------------------


def _fingerprint(ls: SeclintServer, settings: Settings, path: Path | None) -> str:
    """Everything besides the text that the diagnostics of ``path`` depend on."""
    parts: list[object] = [_SESSION, __version__, ls.encoding, ls.client_related_info, ls.client_tags, settings]
    if settings.rule_paths:
        loaded = custom_rules.load_cached(settings.rule_paths, frozenset(ls.catalogue.rules))
        ls.pull._custom[settings.rule_paths] = loaded  # reloaded (a new object) when a rule file changes
        parts.append(id(loaded))
    if settings.baseline and path is not None:
        project = settings_mod.find_project_config(path.parent, ls.root)
        baseline = baseline_mod.resolve_path(settings.baseline, project.path.parent if project else None, ls.root)
        try:
            stat = baseline.stat()
            parts.append((str(baseline), stat.st_mtime_ns, stat.st_size))
        except OSError:
            parts.append((str(baseline), None))
    return repr(parts)


def _result_id(text: str, fingerprint: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(fingerprint.encode())
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# -- open documents ------------------------------------------------------------------------


async def _open_report(ls: SeclintServer, state: DocState) -> tuple[str, list[lsp.Diagnostic]]:
    """The diagnostics the server has (or now makes) for the document's current text."""
    if state.language is None:
        return _result_id(state.doc.text, "not analysed"), []
    for _ in range(5):
        # A pending debounced run is for the newest text: wait for it rather than run a second one
        # (but not for the background analysis of findings restored from the cache: they are current).
        if not ls.reopen.checking_current(state):
            await ls.scheduler.idle(state.doc.uri)
        published = await ls.analyse_now(state)
        if ls.states.get(state.doc.uri) is not state:
            raise ServerCancelled("the document was closed", data={"retriggerRequest": False})
        if published.revision == state.doc.revision:
            break  # else an edit arrived meanwhile: never answer with an older version's results
    else:
        raise ServerCancelled("the document keeps changing", data={"retriggerRequest": True})
    settings, _ = ls.settings_for(state)
    rid = _result_id(published.analysis.text, _fingerprint(ls, settings, state.path))
    return rid, ls.diagnostics_of(state.doc.uri, state.path, published.findings, published.analysis, settings)


# -- files on disk ---------------------------------------------------------------------------


def _settings_for_path(ls: SeclintServer, path: Path) -> Settings:
    """The settings an open document at ``path`` would get: the editor's, then its project's."""
    project = settings_mod.find_project_config(path.parent, ls.root)
    return settings_mod.resolve(ls.editor_settings, project, ls.root)[0]


def _folders(ls: SeclintServer) -> list[Path]:
    folders = [p for p in (_path_of(f.uri) for f in ls.workspace.folders.values()) if p is not None]
    return folders or ([ls.root] if ls.root is not None else [])


def _inside(path: Path, folders: list[Path]) -> bool:
    return any(path == folder or path.is_relative_to(folder) for folder in folders)


def _kept(ls: SeclintServer, target: Target) -> Target | None:
    """The target with the server's settings, unless the editor's settings leave it out too."""
    from ..discovery import Target

    settings = _settings_for_path(ls, target.path)
    if not settings.language_enabled(target.language) or settings.is_excluded(target.path, ls.root):
        return None
    return Target(target.path, settings, target.language, target.project_dir)


def _target_of(ls: SeclintServer, uri: str) -> Target | None:
    """A workspace file the command line would check when named, with the server's settings."""
    from ..discovery import discover

    path = _path_of(uri)
    folders = [f.resolve() for f in _folders(ls)]
    if path is None or not path.is_file() or not _inside(path.resolve(), folders):
        return None
    found = discover([path])
    return _kept(ls, found.targets[0]) if found.targets else None


def _workspace_targets(ls: SeclintServer) -> list[Target]:
    from ..discovery import discover

    found = discover(_folders(ls))
    return [kept for kept in map(lambda t: _kept(ls, t), found.targets) if kept is not None]


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _read_and_analyse(
    ls: SeclintServer, target: Target, fingerprint: str, known: _OnDisk | None, cancel: threading.Event
) -> tuple[tuple[int, int] | None, str, Analysis | None, str | None]:
    """In the workspace thread: (stamp, result id, analysis or None when unchanged, unreadable because)."""
    from ..scan import read_source

    stamp = _stamp(target.path)
    text, error = read_source(target.path)
    if text is None:
        return stamp, _result_id(error or "", fingerprint), None, error
    rid = _result_id(text, fingerprint)
    if known is not None and known.result_id == rid:
        return stamp, rid, None, None  # touched, not changed
    analysis = ls.analyzer.analyse(
        text, path=str(target.path), settings=target.settings, language=target.language, cancelled=cancel.is_set
    )
    return stamp, rid, analysis, None


async def _disk_report(ls: SeclintServer, target: Target, uri: str, cancel: threading.Event) -> _OnDisk:
    fingerprint = _fingerprint(ls, target.settings, target.path)
    known = ls.pull.on_disk.get(target.path)
    if known is not None and known.fingerprint != fingerprint:
        known = None  # other settings: its result id says nothing about today's diagnostics
    if known is not None and _stamp(target.path) == known.stamp:
        return known  # unchanged on disk since the last pull: not even read again
    stamp, rid, analysis, error = await asyncio.get_running_loop().run_in_executor(
        ls.pull.executor, _read_and_analyse, ls, target, fingerprint, known, cancel
    )
    if analysis is not None and analysis.cancelled:
        raise asyncio.CancelledError
    if analysis is not None:
        diagnostics = ls.diagnostics_of(uri, target.path, analysis.findings, analysis, target.settings)
    elif error is None and known is not None:
        diagnostics = known.diagnostics
    else:
        diagnostics = []  # unreadable (not UTF-8, gone): nothing to show for it
    entry = _OnDisk(stamp or (0, 0), fingerprint, rid, diagnostics)
    if stamp is not None:
        ls.pull.on_disk[target.path] = entry
    return entry


# -- the workspace ---------------------------------------------------------------------------


class _Progress:
    """``$/progress`` for one scan: the request's token, else one the server creates (when the
    client supports that), else none; at most a few reports a second."""

    def __init__(self, ls: SeclintServer, token: lsp.ProgressToken | None):
        self.ls = ls
        self.token = token
        self._last = 0.0

    async def begin(self, title: str) -> None:
        if self.token is None and self.ls.client_progress:
            token = f"seclint-workspace-{uuid.uuid4().hex}"
            try:
                await asyncio.wait_for(self.ls.work_done_progress.create_async(token), timeout=5)
                self.token = token
            except Exception as exc:  # a client that does not answer gets no progress, but its results
                log.warning("window/workDoneProgress/create failed: %s", exc)
        if self.token is not None:
            self.ls.work_done_progress.begin(
                self.token, lsp.WorkDoneProgressBegin(title=title, message="finding files", percentage=0, cancellable=True)
            )

    def cancelled_by_user(self, task: asyncio.Task) -> None:
        """The progress's cancel button (window/workDoneProgress/cancel) cancels the scan."""
        future = self.ls.work_done_progress.tokens.get(self.token) if self.token is not None else None
        if future is not None:
            loop = asyncio.get_running_loop()
            future.add_done_callback(lambda _: loop.call_soon_threadsafe(task.cancel))

    def report(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.token is None or (done < total and now - self._last < 1 / _REPORTS_PER_SECOND):
            return
        self._last = now
        percentage = 100 * done // total if total else 100
        self.ls.work_done_progress.report(
            self.token, lsp.WorkDoneProgressReport(message=f"{done}/{total} files", percentage=percentage)
        )

    def end(self, message: str) -> None:
        if self.token is not None:
            self.ls.work_done_progress.end(self.token, lsp.WorkDoneProgressEnd(message=message))
            self.ls.work_done_progress.tokens.pop(self.token, None)


async def _workspace_report(ls: SeclintServer, params: lsp.WorkspaceDiagnosticParams) -> lsp.WorkspaceDiagnosticReport:
    previous = {item.uri: item.value for item in params.previous_result_ids or []}
    progress = _Progress(ls, params.work_done_token)
    await progress.begin("seclint: checking the workspace")
    task = asyncio.current_task()
    if task is not None:
        progress.cancelled_by_user(task)
    cancel = threading.Event()  # tells the engines of the file being analysed to stop
    items: list[WorkspaceItem] = []
    outcome = "cancelled"
    try:
        loop = asyncio.get_running_loop()
        targets = await loop.run_in_executor(ls.pull.executor, _workspace_targets, ls)
        open_by_path = {state.path.resolve(): state for state in list(ls.states.values()) if state.path is not None}
        reported: set[str] = set()
        for done, target in enumerate(targets):
            progress.report(done, len(targets))
            state = open_by_path.get(target.path.resolve())
            if state is not None:  # the buffer, not the file on disk
                uri, version = state.doc.uri, state.doc.version
                rid, diagnostics = await _open_report(ls, state)
            else:
                uri, version = from_fs_path(str(target.path.resolve())) or target.path.resolve().as_uri(), None
                entry = await _disk_report(ls, target, uri, cancel)
                rid, diagnostics = entry.result_id, entry.diagnostics
            reported.add(uri)
            if previous.get(uri) == rid:
                items.append(lsp.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, version=version, result_id=rid))
            else:
                items.append(lsp.WorkspaceFullDocumentDiagnosticReport(uri=uri, version=version, items=diagnostics, result_id=rid))
        for uri in previous.keys() - reported - set(ls.states):
            # Reported before, gone now (deleted, newly excluded): clear what the client shows.
            items.append(lsp.WorkspaceFullDocumentDiagnosticReport(uri=uri, version=None, items=[]))
        progress.report(len(targets), len(targets))
        count = sum(len(i.items) for i in items if isinstance(i, lsp.WorkspaceFullDocumentDiagnosticReport))
        outcome = f"{len(targets)} files checked"
        log.info("workspace/diagnostic: %d files, %d new diagnostics", len(targets), count)
        return lsp.WorkspaceDiagnosticReport(items=items)
    except asyncio.CancelledError:
        cancel.set()
        raise
    finally:
        progress.end(outcome)

"""One thin handler per LSP method: read the params, ask the server or the modules, answer."""

from __future__ import annotations

import asyncio
import logging

from lsprotocol import types as lsp

from .. import fixes
from .. import settings as settings_mod
from ..docs import rule_markdown
from . import pull
from .actions import FIX_ALL_KIND, code_actions
from .convert import to_diagnostic, to_range
from .server import SeclintServer

log = logging.getLogger(__name__)

EXPLAIN_COMMAND = "seclint.explain"
# Introspection for tests and bug reports: the server's copy of a document.
DOCUMENT_STATE = "seclint/documentState"


def register(server: SeclintServer) -> None:
    pull.register(server)  # textDocument/diagnostic, workspace/diagnostic

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: SeclintServer, params: lsp.InitializeParams) -> None:
        ls.configure_client(params)

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: SeclintServer, params: lsp.InitializedParams) -> None:
        _, problems = ls.settings_for(None)
        for problem in problems:
            ls.tell_once(problem)
        if ls.client_config_pull:
            await _pull_configuration(ls, only_if_changed=True)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: SeclintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        ls.open_document(item.uri, item.text, item.version, item.language_id)
        ls.schedule(item.uri, immediate=True)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: SeclintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        state = ls.states.get(params.text_document.uri)
        if state is None:
            ls.window_log_message(
                lsp.LogMessageParams(lsp.MessageType.Warning, f"seclint: didChange for a document that is not open: {params.text_document.uri}")
            )
            return
        version = params.text_document.version
        if state.doc.version is not None and version is not None and version <= state.doc.version:
            ls.window_log_message(
                lsp.LogMessageParams(
                    lsp.MessageType.Warning,
                    f"seclint: didChange version {version} is not newer than {state.doc.version} for {state.doc.uri}",
                )
            )
        for change in params.content_changes:
            if isinstance(change, lsp.TextDocumentContentChangePartial):
                r = change.range
                state.doc.apply_change(change.text, (r.start.line, r.start.character, r.end.line, r.end.character), ls.encoding)
            else:
                state.doc.apply_change(change.text, None, ls.encoding)
        state.doc.version = version
        ls.schedule(state.doc.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: SeclintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.close_document(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: SeclintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        state = ls.states.get(params.text_document.uri)
        if state is not None:
            ls.reopen.saved(state)  # the findings of the text as saved are kept for the next open
        # A saved pyproject.toml may have changed [tool.seclint]: the cache checks mtimes.
        if params.text_document.uri.endswith("pyproject.toml"):
            ls.reanalyse_all()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: SeclintServer, params: lsp.DidChangeConfigurationParams) -> None:
        settings = params.settings
        if isinstance(settings, dict) and "seclint" in settings:
            ls.editor_settings = settings["seclint"]
        elif ls.client_config_pull:
            await _pull_configuration(ls)
            return
        elif settings not in (None, {}):
            ls.editor_settings = settings
        _report_settings(ls)
        ls.reanalyse_all()

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def hover(ls: SeclintServer, params: lsp.HoverParams) -> lsp.Hover | None:
        state = ls.states.get(params.text_document.uri)
        if state is None or state.language is None:
            return None
        published = await ls.analyse_now(state)
        catalogue = published.analysis.catalogue or ls.catalogue  # with the team's own rules
        index = published.index
        offset = index.offset_at(params.position.line, params.position.character, ls.encoding)
        hits = [f for f in published.findings if f.start <= offset <= f.end and f.rule_id in catalogue.rules]
        if hits:
            blocks, seen = [], set()
            for finding in hits:
                if finding.rule_id in seen:
                    continue
                seen.add(finding.rule_id)
                rule = catalogue.rules[finding.rule_id]
                blocks.append(rule_markdown(catalogue, rule, message=finding.message or rule.message))
            first = hits[0]
            return lsp.Hover(
                contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value="\n---\n\n".join(blocks)),
                range=to_range(index, first.start, first.end, ls.encoding),
            )
        # A rule id inside a suppression comment explains that rule.
        for suppression in published.analysis.suppressions:
            for code in suppression.codes:
                if code.start <= offset <= code.end:
                    rule = catalogue.resolve(code.code)
                    if rule is None:
                        return lsp.Hover(
                            contents=lsp.MarkupContent(
                                kind=lsp.MarkupKind.Markdown, value=f"`{code.code}` is not a seclint rule id."
                            ),
                            range=to_range(index, code.start, code.end, ls.encoding),
                        )
                    return lsp.Hover(
                        contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=rule_markdown(catalogue, rule)),
                        range=to_range(index, code.start, code.end, ls.encoding),
                    )
        return None

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(
            code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL_KIND],
            resolve_provider=False,
        ),
    )
    async def code_action(ls: SeclintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        state = ls.states.get(params.text_document.uri)
        if state is None or state.language is None:
            return None
        published = await ls.analyse_now(state)
        settings, _ = ls.settings_for(state)
        catalogue = published.analysis.catalogue or ls.catalogue

        def fix_all() -> str:
            # Offered with every code action request (editors ask on each cursor move): computed
            # once per text, starting from the findings already at hand.
            key = (published.analysis.text, settings)
            if state.fix_all is not None and state.fix_all[0] == key:
                return state.fix_all[1]

            def analyse(text: str):
                if text == published.analysis.text and published.analysis.final:
                    return published.analysis.findings
                return ls.analyzer.analyse(
                    text, path=str(state.path) if state.path else None, settings=settings, language=state.language
                ).findings

            fixed = fixes.fix_all(published.analysis.text, analyse)[0]
            state.fix_all = (key, fixed)
            return fixed

        return code_actions(
            uri=state.doc.uri,
            version=published.version,
            text=published.analysis.text,
            index=published.index,
            encoding=ls.encoding,
            findings=published.findings,
            params=params,
            catalogue=catalogue,
            to_diagnostic=lambda f: to_diagnostic(f, catalogue, published.index, ls.encoding, settings, state.doc.uri),
            fix_all=fix_all,
            document_changes=ls.client_document_changes,
            language=state.language,
        )

    @server.command(EXPLAIN_COMMAND)
    def explain(ls: SeclintServer, rule_id: str) -> str:
        settings, _ = ls.settings_for(None)
        catalogue, _ = ls.analyzer.catalogue_for(settings)  # the team's own rules too
        rule = catalogue.resolve(str(rule_id))
        if rule is None:
            raise ValueError(f"{rule_id!r} is not a seclint rule id (see `seclint rules`)")
        return rule_markdown(catalogue, rule)

    @server.feature(DOCUMENT_STATE)
    def document_state(ls: SeclintServer, params) -> dict | None:
        uri = getattr(params, "uri", None) or (params.get("uri") if isinstance(params, dict) else None)
        state = ls.states.get(uri) if isinstance(uri, str) else None
        if state is None:
            return None
        return {"uri": state.doc.uri, "version": state.doc.version, "text": state.doc.text}

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: SeclintServer, params: None) -> None:
        for uri in list(ls.states):
            ls.scheduler.cancel(uri)
        ls.shutdown_workers()
        ls.pull.close()


async def _pull_configuration(ls: SeclintServer, only_if_changed: bool = False) -> None:
    """Ask the client for the `seclint` settings and re-analyse with them.

    ``only_if_changed``: the answer to the request sent at start-up usually repeats the
    initializationOptions and arrives while the first documents are being analysed; re-analysing
    them anyway would cancel those analyses and delay their first diagnostics by a whole run.
    """
    previous = ls.editor_settings
    try:
        result = await asyncio.wait_for(
            ls.workspace_configuration_async(
                lsp.ConfigurationParams(items=[lsp.ConfigurationItem(section="seclint")])
            ),
            timeout=5,
        )
    except Exception as exc:  # a client that cannot answer keeps the settings it sent at start
        log.warning("workspace/configuration failed: %s", exc)
        return
    if result and result[0] is not None:
        ls.editor_settings = result[0]
    _report_settings(ls)
    if only_if_changed and _editor_layer(ls.editor_settings) == _editor_layer(previous):
        return  # every document's settings are what they were
    ls.reanalyse_all()


def _editor_layer(editor_settings) -> settings_mod.Settings:
    """What the editor's settings change (the project's settings go on top of it, the same either way)."""
    return settings_mod.apply(settings_mod.Settings(), editor_settings, "editor settings")[0]


def _report_settings(ls: SeclintServer) -> None:
    _, problems = ls.settings_for(None)
    for problem in problems:
        ls.tell_once(problem)


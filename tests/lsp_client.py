"""A pytest-lsp client that records every publishDiagnostics (with its version) and helpers to drive it."""

from __future__ import annotations

import asyncio
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES

SERVER_COMMAND = [sys.executable, "-m", "seclint", "lsp"]
ANALYSED = "$/seclint/analysed"  # the server's "this stage of this version is delivered"

# The LSP languageId an editor (VS Code) sends for documents of each seclint language.
LANGUAGE_IDS = {
    "python": "python", "javascript": "javascript", "typescript": "typescript", "go": "go", "java": "java",
    "dockerfile": "dockerfile", "yaml": "yaml", "github-actions": "github-actions-workflow", "generic": "plaintext",
}


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    for method, handler in DEFAULT_CLIENT_FEATURES.items():
        if method != lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS:
            client.feature(method)(handler)
    client.published = defaultdict(list)  # uri -> [PublishDiagnosticsParams, ...]
    client.analysed = defaultdict(list)  # uri -> [{"version", "stage", "final", "cached", "background"}, ...]

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(ls: LanguageClient, params: lsp.PublishDiagnosticsParams) -> None:
        params.diagnostics = list(params.diagnostics)
        ls.diagnostics[params.uri] = params.diagnostics
        ls.published[params.uri].append(params)

    @client.feature(ANALYSED)
    def on_analysed(ls: LanguageClient, params: Any) -> None:
        data = params if isinstance(params, dict) else {k: getattr(params, k, None) for k in ("uri", "version", "stage", "final", "cached", "background")}
        ls.analysed[data["uri"]].append(data)

    return client


CONFIG = ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client)


def capabilities(editor: str = "visual-studio-code") -> lsp.ClientCapabilities:
    return client_capabilities(editor)


async def initialize(
    client: LanguageClient,
    root: Path,
    *,
    editor: str = "visual-studio-code",
    options: Any = None,
    encodings: list[str] | None = None,
    folders: bool = True,
    pull: bool = False,
) -> lsp.InitializeResult:
    caps = capabilities(editor)
    if pull:  # an LSP 3.17 client that pulls diagnostics (VS Code's current client, Neovim 0.10+)
        caps.text_document.diagnostic = lsp.DiagnosticClientCapabilities(related_document_support=False)
        caps.workspace.diagnostics = lsp.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    if options is None or isinstance(options, dict):
        options = {**(options or {}), "notifyAnalysed": True}  # wait_final needs $/seclint/analysed
    if encodings is not None:
        caps.general = lsp.GeneralClientCapabilities(position_encodings=encodings)
    return await client.initialize_session(
        lsp.InitializeParams(
            capabilities=caps,
            root_uri=root.as_uri(),
            workspace_folders=[lsp.WorkspaceFolder(root.as_uri(), root.name)] if folders else None,
            initialization_options=options,
        )
    )


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1, language: str = "python") -> None:
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, language, version, text)))


def change(client: LanguageClient, uri: str, version: int, start: tuple[int, int], end: tuple[int, int], text: str) -> None:
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [lsp.TextDocumentContentChangePartial(range=lsp.Range(lsp.Position(*start), lsp.Position(*end)), text=text)],
        )
    )


async def wait_published(client: LanguageClient, uri: str, version: int | None = None, count: int | None = None, timeout: float = 20.0) -> lsp.PublishDiagnosticsParams:
    """The first publish for ``uri`` at ``version`` (or the first at all), waiting for it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for params in client.published.get(uri, []):
            if version is None or params.version == version:
                if count is None or len(client.published[uri]) >= count:
                    return params
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics for {uri} at version {version} within {timeout}s: {client.published.get(uri)}")


async def wait_final(client: LanguageClient, uri: str, version: int | None, timeout: float = 30.0) -> lsp.PublishDiagnosticsParams:
    """The diagnostics of ``version`` once every stage (semgrep too) has been delivered."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(a["version"] == version and a["final"] for a in client.analysed.get(uri, [])):
            return [p for p in client.published[uri] if p.version == version][-1]
        await asyncio.sleep(0.01)
    raise AssertionError(f"no final analysis of {uri} at version {version} within {timeout}s: {client.analysed.get(uri)}")


def codes(params: lsp.PublishDiagnosticsParams) -> list[str]:
    return [d.code for d in params.diagnostics]


def apply_text_edits(text: str, edits: list[lsp.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) the way an editor does."""
    from seclint.documents import Encoding, LineIndex

    index = LineIndex(text)
    spans = []
    for edit in edits:
        start = index.offset_at(edit.range.start.line, edit.range.start.character, Encoding.UTF16)
        end = index.offset_at(edit.range.end.line, edit.range.end.character, Encoding.UTF16)
        spans.append((start, end, edit.new_text))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def workspace_edits(edit: lsp.WorkspaceEdit, uri: str) -> list[lsp.TextEdit]:
    if edit.document_changes:
        out = []
        for change in edit.document_changes:
            if isinstance(change, lsp.TextDocumentEdit) and change.text_document.uri == uri:
                out.extend(change.edits)
        return out
    return list((edit.changes or {}).get(uri, []))


class session:
    """``async with session(root, ...) as client``: a server process initialised with custom parameters."""

    def __init__(self, root: Path, configuration: dict | None = None, env: dict | None = None, **kwargs: Any):
        self.root = root
        self.configuration = configuration
        self.kwargs = kwargs
        self.env = env

    async def __aenter__(self) -> LanguageClient:
        config = ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client, server_env=self.env)
        self.client = await config.start()
        if self.configuration is not None:
            self.client.set_configuration(self.configuration, section="seclint")
        self.client.init_result = await initialize(self.client, self.root, **self.kwargs)
        return self.client

    async def __aexit__(self, *exc: Any) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_session(), 10)
        finally:
            await self.client.stop()


async def code_actions(client: LanguageClient, uri: str, range_: lsp.Range, diagnostics: list[lsp.Diagnostic], only: list[str] | None = None) -> list[lsp.CodeAction]:
    result = await client.text_document_code_action_async(
        lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), range_, lsp.CodeActionContext(diagnostics=diagnostics, only=only))
    )
    return list(result or [])

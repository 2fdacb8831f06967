#!/usr/bin/env python3
"""The floor for any pygls language server: publishes empty diagnostics on every open and change.

It does no analysis at all, so its numbers are what pygls, lsprotocol and the JSON-RPC round
trip cost by themselves.  bench/lsp_bench.py runs it as a baseline (with the same pygls as
seclint's) and reports every other server as a ratio to it.

    python bench/floor_server.py      # speaks LSP on stdin/stdout
"""

from __future__ import annotations

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

server = LanguageServer("bench-floor", "1")


def _publish(uri: str, version: int | None) -> None:
    server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[], version=version))


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
    _publish(params.text_document.uri, params.text_document.version)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
    # pygls has already applied the change to its copy of the document, as any server's would.
    _publish(params.text_document.uri, params.text_document.version)


if __name__ == "__main__":
    server.start_io()

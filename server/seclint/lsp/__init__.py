"""The language server's protocol side: wiring, handlers, and conversion to LSP types."""

from __future__ import annotations

from .handlers import register
from .server import SeclintServer


def create_server() -> SeclintServer:
    server = SeclintServer()
    register(server)
    return server

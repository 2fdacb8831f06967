"""Analysis engines: each turns a source and the rules bound to it into findings."""

from __future__ import annotations

from .base import Engine, EngineError, Source

__all__ = ["Engine", "EngineError", "Source", "default_engines"]


def default_engines() -> list[Engine]:
    from .bandit_engine import BanditEngine
    from .pyast import AstEngine

    return [AstEngine(), BanditEngine()]

"""Analysis engines: each turns a source and the rules bound to it into findings."""

from __future__ import annotations

from .base import Deadline, Engine, EngineCancelled, EngineError, EngineTimeout, Source

__all__ = ["Deadline", "Engine", "EngineCancelled", "EngineError", "EngineTimeout", "Source", "default_engines", "stage_of"]


def stage_of(engine: Engine) -> int:
    return getattr(engine, "stage", 1)


def default_engines() -> list[Engine]:
    from .bandit_engine import BanditEngine
    from .pyast import AstEngine
    from .semgrep import SemgrepEngine

    return [AstEngine(), BanditEngine(), SemgrepEngine()]

"""semgrep as a seclint engine: ``semgrep-core`` run directly, offline, with a time limit."""

from __future__ import annotations

from .engine import SemgrepEngine

__all__ = ["SemgrepEngine"]

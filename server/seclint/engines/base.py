"""The one small interface every analysis engine implements."""

from __future__ import annotations

import ast
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Protocol, Sequence

from ..documents import LineIndex

if TYPE_CHECKING:
    from ..catalogue import Rule
    from ..findings import Finding


@dataclass
class Source:
    """One text to analyse.  ``tree`` is the parsed module for Python (parsed once, shared)."""

    text: str
    index: LineIndex
    path: str | None = None
    language: str = "python"
    tree: ast.Module | None = None
    # Partial failures an engine met while still producing findings (shown to the user).
    problems: list[str] = field(default_factory=list)
    # Seconds an engine that runs a program may let it run on this source (semgrepTimeout).
    time_limit: float = 10.0
    # Seconds an in-process engine (bandit, the ast checks) may spend on this source (analysisTimeout).
    engine_time_limit: float = 10.0
    # True once nobody wants the result any more (newer text arrived): long runs may stop early.
    cancelled: Callable[[], bool] | None = None
    # Python: the module's top-level blocks as (start, end, is_definition) character ranges, for
    # an engine that gets the text without the tree (semgrep, see engines/semgrep/blockwise.py).
    outline: tuple[tuple[int, int, bool], ...] | None = None
    # Whether engines keep this document's per-block results for its next analysis (see
    # incremental.BlockCache): worth it for a document being edited, not for a file read once.
    keep_blocks: bool = True

    def node_span(self, node: ast.AST) -> tuple[int, int]:
        start = self.index.offset_from_ast(node.lineno, node.col_offset)
        end_line = getattr(node, "end_lineno", None) or node.lineno
        end_col = getattr(node, "end_col_offset", None)
        end = self.index.offset_from_ast(end_line, end_col) if end_col is not None else start
        return start, max(start, end)


class EngineError(Exception):
    """An engine could not analyse this source; other engines carry on."""


class EngineCancelled(EngineError):
    """The engine stopped early because ``Source.cancelled`` said the result is no longer wanted."""


class EngineTimeout(EngineError):
    """An in-process engine went over ``Source.engine_time_limit``; its findings are missing this time."""


class Deadline:
    """When one in-process engine must stop on one source, checked between units of work: newer
    text made the run stale (``Source.cancelled``), or it went over its time limit.

    A Python thread cannot be killed, so the engines check this as they walk the tree: a
    pathological input (huge or deeply nested code) stops them at the limit, while a single
    check stuck inside one call is not interrupted.
    """

    __slots__ = ("engine", "seconds", "at", "cancelled")

    def __init__(self, engine: str, seconds: float, cancelled: Callable[[], bool] | None = None):
        self.engine = engine
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.cancelled = cancelled

    @classmethod
    def of(cls, engine: str, source: Source) -> Deadline:
        return cls(engine, source.engine_time_limit, source.cancelled)

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise EngineCancelled(f"{self.engine}: analysis cancelled for newer text")
        if time.monotonic() > self.at:
            # The same words every time, so the user is told once per session, not once per file.
            raise EngineTimeout(
                f"{self.engine}: stopped at the analysisTimeout limit of {self.seconds:g} s; "
                "its findings are missing for a document this large"
            )


class Engine(Protocol):
    """``name`` binds rules (``engine: NAME``); ``stage`` (default 1) orders publishing: the
    server publishes the findings of stage 1 first and merges later stages in when they finish."""

    name: str

    def analyse(self, source: Source, rules: Sequence[Rule]) -> list[Finding]:
        """Findings for ``rules`` (the rules bound to this engine that are enabled)."""
        ...

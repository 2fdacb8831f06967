"""Parsing an edited document again without parsing all of it.

A module is a run of segments, one per group of top-level statements (those sharing lines stay
together), each from its first line (decorators included) to the next segment's first line, so the
comments and blank lines after a statement belong to its segment.  After an edit, the segments the
changed characters touch (their neighbours too, when the change sits on a boundary) are parsed again
as one piece of text; every other segment keeps its statements, moved down or up by the lines the
edit added or removed.  The result is the tree a full parse gives — the same nodes for unchanged
code, which also lets the analysis reuse what it knew about them (see ``engines/pyast/module.py``).

A piece that does not parse on its own (an unclosed bracket or string running into the next
segment, a line indented under the previous statement, a dangling decorator or ``else:``...) is
never trusted: the whole text is parsed instead, exactly as without this cache.
"""

from __future__ import annotations

import ast
import threading
from collections import OrderedDict
from dataclasses import dataclass

from .documents import LineIndex
from .recovery import ParseOutcome, parse, parse_with_recovery

# Trees are large (a 5,000-line module's is tens of MB): keep those of the documents edited last.
MAX_DOCUMENTS = 8


@dataclass
class _Parsed:
    text: str
    body: list[ast.stmt]
    starts: list[int]  # offset where each segment starts (its first line's start)
    groups: list[tuple[int, int]]  # body[first:last + 1] of each segment


class ParseCache:
    """The last parse of each document (by path), handed to one analysis at a time."""

    def __init__(self, documents: int = MAX_DOCUMENTS) -> None:
        self._limit = documents
        self._lock = threading.Lock()
        self._documents: OrderedDict[str, _Parsed] = OrderedDict()
        self.reparsed = 0  # characters the last parse read (what the tests check)

    def parse(self, path: str | None, text: str, index: LineIndex) -> ast.Module:
        """The tree of ``text``; raises what ``recovery.parse`` raises when the text does not parse."""
        with self._lock:
            old = self._documents.pop(path or "<buffer>", None)
        tree = self._incremental(old, text, index) if old is not None else None
        if tree is None:
            self.reparsed = len(text)
            tree = parse(text)
        self.store(path, text, index, tree)
        return tree

    def parse_with_recovery(self, path: str | None, text: str, index: LineIndex) -> ParseOutcome:
        """``recovery.parse_with_recovery`` starting from the last parse; half-typed code's recovered
        tree is kept too, so the next edit starts from it."""
        outcome = parse_with_recovery(text, index, lambda t: self.parse(path, t, index))
        if outcome.broken_lines and outcome.tree is not None:
            self.store(path, outcome.text, LineIndex(outcome.text), outcome.tree)
        return outcome

    def store(self, path: str | None, text: str, index: LineIndex, tree: ast.Module) -> None:
        """Remember ``tree`` as the parse of ``text`` (also the recovered text of half-typed code)."""
        if not self._limit:
            return
        starts, groups = _segments(tree.body, index)
        with self._lock:
            key = path or "<buffer>"
            self._documents[key] = _Parsed(text, tree.body, starts, groups)
            self._documents.move_to_end(key)
            while len(self._documents) > self._limit:
                self._documents.popitem(last=False)

    def forget(self, path: str | None) -> None:
        with self._lock:
            self._documents.pop(path or "<buffer>", None)

    def _incremental(self, old: _Parsed, text: str, index: LineIndex) -> ast.Module | None:
        if not old.groups:
            return None
        before = _common_prefix(old.text, text)
        after = _common_suffix(old.text, text, limit=min(len(old.text), len(text)) - before)
        old_end = len(old.text) - after  # the change is old.text[before:old_end]
        # Segments touched by the change, including both neighbours of a boundary it sits on.
        bounds = [*old.starts, len(old.text)]
        first = 0
        while first + 1 < len(old.groups) and bounds[first + 1] < before:
            first += 1
        last = first
        while last + 1 < len(old.groups) and bounds[last + 1] <= old_end:
            last += 1
        if first > 0 and bounds[first] == before:
            first -= 1
        region_start = 0 if first == 0 else bounds[first]  # text before the first statement too
        region_end = bounds[last + 1] + len(text) - len(old.text)
        region = text[region_start:region_end]
        try:
            piece = parse(region)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            return None
        line = index.line_of(region_start)
        if line:
            ast.increment_lineno(piece, line)
        self.reparsed = len(region)
        shift = _lines(text, region_start, region_end) - _lines(old.text, region_start, bounds[last + 1])
        head = old.body[: old.groups[first][0]]
        tail = old.body[old.groups[last][1] + 1 :]
        if shift:
            for stmt in tail:
                _move(stmt, shift)
        return ast.Module(body=head + piece.body + tail, type_ignores=[])


def _segments(body: list[ast.stmt], index: LineIndex) -> tuple[list[int], list[tuple[int, int]]]:
    starts: list[int] = []
    groups: list[tuple[int, int]] = []
    end_line = -1
    for i, stmt in enumerate(body):
        first_line = _first_line(stmt) - 1
        if groups and first_line <= end_line:  # `a = 1; b = 2`: one segment
            groups[-1] = (groups[-1][0], i)
        else:
            starts.append(index.line_start(first_line))
            groups.append((i, i))
        end_line = max(end_line, (stmt.end_lineno or stmt.lineno) - 1)
    return starts, groups


def _lines(text: str, start: int, end: int) -> int:
    """Line breaks in text[start:end] as the parser counts them (\\n, \\r\\n and a lone \\r)."""
    return text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)


def _first_line(stmt: ast.stmt) -> int:
    decorators = getattr(stmt, "decorator_list", None)
    return min([stmt.lineno, *(d.lineno for d in decorators)]) if decorators else stmt.lineno


def _move(stmt: ast.stmt, lines: int) -> None:
    """Shift a reused statement's line numbers: through its cached node list when the native
    engine has indexed it (no tree walk), else with ``ast.increment_lineno``."""
    positioned = stmt.__dict__.get("sl_positioned")
    if positioned is None:
        ast.increment_lineno(stmt, lines)
        return
    for node in positioned:
        node.lineno += lines
        end = node.end_lineno
        if end is not None:
            node.end_lineno = end + lines


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix, comparing in large slices (C speed)."""
    n = min(len(a), len(b))
    low, step = 0, 1 << 16
    while low < n:
        high = min(n, low + step)
        if a[low:high] == b[low:high]:
            low = high
            continue
        if high - low <= 64:
            while low < high and a[low] == b[low]:
                low += 1
            return low
        step = max(64, (high - low) // 8)
    return n


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the longest common suffix, at most ``limit`` (the prefix of the reversed texts)."""
    return min(limit, _common_prefix(a[::-1], b[::-1]))

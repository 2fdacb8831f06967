"""Parsing Python that is half-typed.

While the user types, the buffer rarely parses.  Instead of analysing nothing,
we neutralise the lines around each syntax error (replacing their content with
``0`` and spaces, so every line keeps its length and every offset stays valid)
until the rest parses, then analyse that.  Findings inside the neutralised lines
come from the last good analysis, moved by the edits since (see the server).
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass, field
from typing import Callable

from .documents import LineIndex

MAX_ATTEMPTS = 24


@dataclass
class ParseOutcome:
    tree: ast.Module | None
    text: str  # the text that was parsed (same length and line structure as the original)
    error: SyntaxError | None = None  # the first syntax error of the original text
    broken_lines: set[int] = field(default_factory=set)  # 0-based lines neutralised
    fatal: str | None = None  # why nothing could be parsed at all


def parse(text: str) -> ast.Module:
    with warnings.catch_warnings():
        # Invalid escape sequences in the user's strings are their linter's business.
        warnings.simplefilter("ignore")
        return ast.parse(text, type_comments=False)


def parse_with_recovery(text: str, index: LineIndex, first: Callable[[str], ast.Module] = parse) -> ParseOutcome:
    """``first`` parses the text as it is (a cache may answer from the last parse); the attempts
    on neutralised text always parse afresh."""
    try:
        return ParseOutcome(first(text), text)
    except SyntaxError as exc:
        first_error = exc
    except (MemoryError, RecursionError) as exc:
        return ParseOutcome(None, text, fatal=f"the code is nested too deeply to parse ({type(exc).__name__})")
    except ValueError as exc:  # e.g. NUL characters
        return ParseOutcome(None, text, fatal=str(exc))

    lines = [index.line_text(i) for i in range(index.line_count)]
    breaks = [text[index.line_end(i) : index.starts[i + 1]] if i + 1 < index.line_count else "" for i in range(index.line_count)]
    broken: set[int] = set()
    dedented: set[int] = set()
    error: SyntaxError | None = first_error
    for _ in range(MAX_ATTEMPTS):
        if error is None:
            break
        if "unexpected indent" in (error.msg or "") and error.lineno and error.lineno - 1 in broken:
            # A neutralised line still indented where no block is open: move it to column 0.
            targets = {error.lineno - 1}
            dedented |= targets
        else:
            targets = _lines_to_neutralise(error, lines, broken)
        if not targets:
            break
        broken |= targets
        candidate = _rebuild(lines, breaks, broken, dedented)
        try:
            tree = parse(candidate)
            return ParseOutcome(tree, candidate, first_error, broken)
        except SyntaxError as exc:
            error = exc
        except (MemoryError, RecursionError, ValueError):
            break
    # Last resort: neutralise the whole top-level block around the first error.
    block = _top_level_block(first_error, lines)
    if block:
        broken |= block
        candidate = _rebuild(lines, breaks, broken, dedented)
        try:
            return ParseOutcome(parse(candidate), candidate, first_error, broken)
        except (SyntaxError, MemoryError, RecursionError, ValueError):
            pass
    return ParseOutcome(None, text, first_error, set(range(len(lines))))


_INDENT = re.compile(r"[ \t\f]*")


def _neutral(line: str, dedent: bool = False) -> str:
    """Same length, and a statement that parses: ``0`` then spaces.

    A block header (a line ending in ``:``) becomes ``if 1:`` so its body still
    parses; ``dedent`` puts the statement at column 0 (for an unexpected indent).
    """
    indent = "" if dedent else _INDENT.match(line).group(0)
    rest = len(line) - len(indent)
    if rest <= 0:
        return line
    if not dedent and line.rstrip().endswith(":") and rest >= 5 and not line.lstrip().startswith("#"):
        return indent + "if 1:" + " " * (rest - 5)
    return indent + "0" + " " * (rest - 1)


def _rebuild(lines: list[str], breaks: list[str], broken: set[int], dedented: set[int] | None = None) -> str:
    dedented = dedented or set()
    return "".join(
        (_neutral(line, i in dedented) if i in broken else line) + breaks[i] for i, line in enumerate(lines)
    )


def _lines_to_neutralise(error: SyntaxError, lines: list[str], broken: set[int]) -> set[int]:
    if error.lineno is None:
        return set()
    first = max(0, error.lineno - 1)
    last = max(first, (error.end_lineno or error.lineno) - 1)
    last = min(last, len(lines) - 1)
    first = min(first, last)
    targets = {i for i in range(first, last + 1) if lines[i].strip()}
    message = (error.msg or "").lower()
    if "never closed" in message or "unterminated" in message or "was not closed" in message:
        # Everything from the opening bracket or quote to the end of its statement.
        end = first + 1
        while end < len(lines) and (not lines[end].strip() or _indent_of(lines[end]) > _indent_of(lines[first])):
            end += 1
        targets |= {i for i in range(first, end) if lines[i].strip()}
    if "expected an indented block" in message or "unindent" in message:
        # The header that needs a body: neutralise it too.
        previous = first - 1
        while previous >= 0 and not lines[previous].strip():
            previous -= 1
        if previous >= 0:
            targets.add(previous)
    if "unexpected indent" in message:
        # A body whose header is gone: neutralise the indented run.
        end = first
        indent = _indent_of(lines[first])
        while end < len(lines) and (not lines[end].strip() or _indent_of(lines[end]) >= indent):
            end += 1
        targets |= {i for i in range(first, end) if lines[i].strip()}
    new = targets - broken
    if not new:
        # Already neutralised and still failing: widen to the previous non-blank line.
        previous = min(targets | broken | {first}) - 1
        while previous >= 0 and (not lines[previous].strip() or previous in broken):
            previous -= 1
        return {previous} if previous >= 0 else set()
    return new


def _indent_of(line: str) -> int:
    return len(_INDENT.match(line).group(0).expandtabs(8))


def _top_level_block(error: SyntaxError, lines: list[str]) -> set[int]:
    if error.lineno is None:
        return set()
    line = min(max(0, error.lineno - 1), len(lines) - 1)
    start = line
    while start > 0 and (not lines[start].strip() or lines[start][:1] in " \t" or lines[start].lstrip().startswith("#")):
        start -= 1
    end = line + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][:1] in " \t" or lines[end].lstrip().startswith(")")):
        end += 1
    return {i for i in range(start, end) if lines[i].strip()}

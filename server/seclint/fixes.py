"""Computing and applying edits: the building blocks of every quick fix.

Checks describe a fix with these helpers (replace a node, add or remove a
keyword argument, add an import); the language server and ``seclint check
--fix`` apply them.  Offsets are character offsets into the analysed text.
"""

from __future__ import annotations

import ast
import re
from typing import Callable, Iterable, Sequence

from .engines.base import Source
from .findings import Edit, Finding, Fix


class FixConflict(ValueError):
    """Two edits overlap; the caller applies one fix and re-analyses."""


def node_text(source: Source, node: ast.AST) -> str:
    start, end = source.node_span(node)
    return source.text[start:end]


def replace(source: Source, node: ast.AST, text: str) -> Edit:
    start, end = source.node_span(node)
    return Edit(start, end, text)


def _elements(call: ast.Call) -> list[ast.AST]:
    """Arguments and keywords in source order."""
    items: list[ast.AST] = [*call.args, *call.keywords]
    return sorted(items, key=lambda n: (n.lineno, n.col_offset))


def remove_keyword(source: Source, call: ast.Call, keyword: ast.keyword) -> Edit:
    """Delete ``keyword`` and the comma that separates it from its neighbours."""
    items = _elements(call)
    position = next(i for i, item in enumerate(items) if item is keyword)
    start, end = source.node_span(keyword)
    if position > 0:
        start = source.node_span(items[position - 1])[1]
    elif position + 1 < len(items):
        end = source.node_span(items[position + 1])[0]
    else:
        # The only argument: also drop a trailing comma.
        close = source.node_span(call)[1] - 1
        end = close
        start = source.node_span(call.func)[1]
        start = source.text.index("(", start) + 1
    return Edit(start, end, "")


def add_keyword(source: Source, call: ast.Call, text: str) -> Edit | None:
    """Append ``name=value`` to a call's arguments; None where that would not parse."""
    items = _elements(call)
    if len(call.args) == 1 and isinstance(call.args[0], ast.GeneratorExp) and not call.keywords:
        return None
    if items:
        last_end = source.node_span(items[-1])[1]
        return Edit(last_end, last_end, f", {text}")
    close = source.node_span(call)[1] - 1
    return Edit(close, close, text)


def set_keyword(source: Source, keyword: ast.keyword, value: str) -> Edit:
    return replace(source, keyword.value, value)


_NEWLINE = re.compile(r"\r\n|\r|\n")


def newline_of(text: str) -> str:
    match = _NEWLINE.search(text)
    return match.group(0) if match else "\n"


def ensure_import(source: Source, module: str) -> Edit | None:
    """An edit adding ``import module`` at the top of the module, or None if it is already imported."""
    tree = source.tree
    if tree is None:
        return None
    insert_line = 0
    for stmt in tree.body:
        if isinstance(stmt, ast.Import) and any(a.name == module and a.asname is None for a in stmt.names):
            return None
    for i, stmt in enumerate(tree.body):
        is_docstring = i == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)
        if is_docstring or isinstance(stmt, (ast.Import, ast.ImportFrom)):
            insert_line = stmt.end_lineno or stmt.lineno
            continue
        break
    nl = newline_of(source.text)
    if insert_line >= source.index.line_count:
        offset = len(source.text)
        prefix = "" if source.text.endswith(("\n", "\r")) or not source.text else nl
        return Edit(offset, offset, f"{prefix}import {module}{nl}")
    offset = source.index.line_start(insert_line)
    if insert_line > 0 and offset == len(source.text) and not source.text.endswith(("\n", "\r")):
        return Edit(offset, offset, f"{nl}import {module}")
    return Edit(offset, offset, f"import {module}{nl}")


def make_fix(title: str, edits: Iterable[Edit | None], safe: bool = True) -> Fix | None:
    real = tuple(e for e in edits if e is not None)
    if not real:
        return None
    return Fix(title, real, safe)


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits (identical edits, e.g. one shared import, apply once)."""
    unique = sorted(set(edits), key=lambda e: (e.start, e.end, e.text))
    previous_end = -1
    for edit in unique:
        if edit.start < previous_end:
            raise FixConflict(f"edits overlap at offset {edit.start}")
        previous_end = max(previous_end, edit.end)
    out = []
    cursor = 0
    for edit in unique:
        out.append(text[cursor : edit.start])
        out.append(edit.text)
        cursor = edit.end
    out.append(text[cursor:])
    return "".join(out)


def combine(findings: Sequence[Finding]) -> tuple[list[Edit], int]:
    """The edits of every safe fix that do not overlap each other, and how many fixes they are."""
    chosen: list[Edit] = []
    count = 0
    taken: list[tuple[int, int]] = []
    seen: set[Edit] = set()
    for finding in sorted(findings, key=lambda f: f.start):
        fix = finding.fix
        if fix is None or not fix.safe:
            continue
        fresh = [e for e in fix.edits if e not in seen]
        if any(_collides(e, taken) for e in fresh):
            continue  # applied on the next pass, after re-analysis
        count += 1
        for edit in fresh:
            chosen.append(edit)
            seen.add(edit)
            taken.append((edit.start, edit.end))
    return chosen, count


def fix_all(text: str, analyse: Callable[[str], Sequence[Finding]], max_passes: int = 8) -> tuple[str, int]:
    """Apply every safe fix, re-analysing between passes so overlapping fixes all land."""
    applied = 0
    for _ in range(max_passes):
        edits, count = combine(analyse(text))
        if not edits:
            break
        new_text = apply_edits(text, edits)
        if new_text == text:
            break
        text = new_text
        applied += count
    return text, applied


def minimal_edit(old: str, new: str) -> Edit | None:
    """One edit turning ``old`` into ``new``: the span between their common prefix and suffix."""
    if old == new:
        return None
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    # Never split a \r\n pair between the edit and the untouched text.
    while prefix > 0 and old[prefix - 1] == "\r":
        prefix -= 1
    while suffix > 0 and old[len(old) - suffix - 1] == "\r" and old[len(old) - suffix] == "\n":
        suffix -= 1
    return Edit(prefix, len(old) - suffix, new[prefix : len(new) - suffix])


def _collides(edit: Edit, taken: list[tuple[int, int]]) -> bool:
    for start, end in taken:
        if edit.start < end and start < edit.end:
            return True
        if edit.start == edit.end and start <= edit.start <= end and (start != end or edit.start == start):
            return True
    return False

"""Incremental analysis: findings cached per top-level block of a module.

A module's top-level statements are grouped into blocks (a function, a class, a
run of statements sharing lines).  An engine analyses one block at a time and
caches the block's findings under a key made of the block's text and whatever
the findings depend on outside the block (the engine decides what goes into
that context part of the key).  The findings are stored relative to the block's
first character and line, so a block that merely moved (lines inserted above it)
is reused as it is, shifted to where it now is.  An edit inside one function
therefore costs about as much as analysing that function.

The cache is per document (by path) and keeps only the entries the last analysis
of that document used, so it never grows past the size of the open documents.
"""

from __future__ import annotations

import ast
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any, Callable, Hashable, Iterator

from .engines.base import Source
from .findings import Edit, Finding, Fix, Related

MAX_DOCUMENTS = 256  # documents whose block caches are kept (the CLI sees each file once)


@dataclass(frozen=True, slots=True)
class Block:
    """Top-level statements ``tree.body[first:last + 1]`` on lines ``start_line..end_line`` (0-based)."""

    first: int
    last: int
    start_line: int
    end_line: int
    start: int  # offset of the block's first line in the text
    text: str  # its lines, from the start of the first to the end of the last


def _first_line(stmt: ast.stmt) -> int:
    decorators = getattr(stmt, "decorator_list", None)
    return min([stmt.lineno, *(d.lineno for d in decorators)]) if decorators else stmt.lineno


def blocks(source: Source) -> list[Block]:
    """The blocks of ``source.tree``; statements that share a line stay in one block.

    Worked out once per source: both in-process engines walk them."""
    found = source.__dict__.get("_blocks")
    if found is None or found[0] is not source.tree:
        found = source.__dict__["_blocks"] = (source.tree, list(_blocks(source)))
    return found[1]


def drop_tree(source: Source, dismantle: bool = False) -> None:
    """Let ``source``'s tree go, with the blocks worked out from it (which hold it too).

    An analysis lives on until its last stage (semgrep) is in, and while a project opens that can
    be many seconds for every open document: a tree kept that long is ~1 MB per 300-line file.

    ``dismantle``: nothing else holds the tree (no parse cache, no other analysis), so its nodes'
    attributes are cleared.  The engines' parent links make a tree one big reference cycle, which
    only a full collection frees; with 200 files opened at once ~30 MB of dead trees waited for one.
    Cleared, it is freed at once (0.5 ms for 300 lines, less than the collector spends on it)."""
    tree, source.tree = source.tree, None
    source.__dict__.pop("_blocks", None)
    if dismantle and tree is not None:
        _dismantle(tree)


# The parser hands every tree the same Load, Store, And, Add... instance, so those belong to no one
# tree: clearing them would pull the engines' notes (bandit's cached line range) from under an
# analysis of another document running in another thread.
SHARED_NODES = frozenset(
    cls for base in (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop) for cls in base.__subclasses__()
)


def _dismantle(tree: ast.Module) -> None:
    for stmt in tree.body:
        index = stmt.__dict__.get("sl_index")  # the native engine's list of the statement's nodes
        nodes = index.nodes if index is not None else list(ast.walk(stmt))
        for node in nodes:
            if type(node) not in SHARED_NODES:
                node.__dict__.clear()
    tree.__dict__.clear()


def _blocks(source: Source) -> Iterator[Block]:
    tree, index = source.tree, source.index
    if tree is None or not tree.body:
        return
    body = tree.body
    first = 0
    start_line = _first_line(body[0]) - 1
    end_line = (body[0].end_lineno or body[0].lineno) - 1
    for i in range(1, len(body) + 1):
        if i < len(body):
            begins = _first_line(body[i]) - 1
            if begins <= end_line:  # `a = 1; b = 2`, or a statement ending on the next one's line
                end_line = max(end_line, (body[i].end_lineno or body[i].lineno) - 1)
                continue
        start = index.line_start(start_line)
        yield Block(first, i - 1, start_line, end_line, start, source.text[start : index.line_end(end_line)])
        if i < len(body):
            first, start_line = i, begins
            end_line = (body[i].end_lineno or body[i].lineno) - 1


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def outline(source: Source) -> tuple[tuple[int, int, bool], ...]:
    """Each block of ``source`` as (start, end, whether it holds only function and class definitions)."""
    body = source.tree.body if source.tree is not None else []
    return tuple(
        (block.start, block.start + len(block.text), all(isinstance(stmt, _DEFINITIONS) for stmt in body[block.first : block.last + 1]))
        for block in blocks(source)
    )


def shifted(finding: Finding, offset: int, lines: int) -> Finding:
    """``finding`` moved by ``offset`` characters and ``lines`` lines (negative: back to block-relative).

    The copy never carries the finding's syntax node: cached findings would keep the whole tree
    alive through it (the first block's, which does not move), for as long as the document is open."""
    if offset == 0 and lines == 0:
        return replace(finding, node=None)
    fix = finding.fix
    if fix is not None:
        fix = Fix(fix.title, tuple(Edit(e.start + offset, e.end + offset, e.text) for e in fix.edits), fix.safe)
    anchor = finding.anchor_lines
    return replace(
        finding,
        start=finding.start + offset,
        end=finding.end + offset,
        fix=fix,
        related=tuple(Related(r.start + offset, r.end + offset, r.message) for r in finding.related),
        anchor_lines=(anchor[0] + lines, anchor[1] + lines) if anchor is not None else None,
        node=None,
    )


class BlockCache:
    """Per document: (block text, context) -> (block-relative findings, what the engine carries on).

    ``begin(path)`` starts one analysis of a document; ``get``/``put`` inside it; ``end`` keeps only
    the entries that analysis used.  ``analysed`` counts the blocks the last analysis had to run
    (what the tests check: an edit inside one function re-analyses one block).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._documents: OrderedDict[str, dict[Hashable, tuple]] = OrderedDict()
        self.analysed = 0
        self.reused = 0

    def session(self, path: str | None, keep: bool = True) -> "CacheSession":
        """``keep``: store what this analysis finds for the next one; if not, the document's blocks
        are dropped (a file just opened, whose next edit may never come)."""
        key = path or "<buffer>"
        with self._lock:
            old = self._documents.pop(key, {})
        return CacheSession(self, key, old, keep)

    def forget(self, path: str | None) -> None:
        """Drop a document's blocks (it was closed)."""
        with self._lock:
            self._documents.pop(path or "<buffer>", None)

    def _store(self, key: str, entries: dict[Hashable, tuple] | None, analysed: int, reused: int) -> None:
        with self._lock:
            if entries is not None:
                self._documents[key] = entries
                self._documents.move_to_end(key)
                while len(self._documents) > MAX_DOCUMENTS:
                    self._documents.popitem(last=False)
            self.analysed, self.reused = analysed, reused


class CacheSession:
    """One analysis of one document against its block cache."""

    def __init__(self, cache: BlockCache, key: str, old: dict[Hashable, tuple], keep: bool = True):
        self._cache = cache
        self._key = key
        self._old = old
        self._keep = keep
        self._new: dict[Hashable, tuple] = {}
        self.analysed = 0
        self.reused = 0

    def get(self, block: Block, context: Hashable) -> tuple[list[Finding], object] | None:
        """The block's findings placed where the block now is, and the engine's carried state."""
        entry = self.peek(block, context)
        return None if entry is None else self.reuse(block, context, entry)

    def peek(self, block: Block, context: Hashable) -> tuple[list[Finding], object] | None:
        """The cached (block-relative findings, carried state), if any, without using it yet."""
        key = (block.text, context)
        return self._new.get(key) or self._old.get(key)

    def reuse(self, block: Block, context: Hashable, entry: tuple[list[Finding], object]) -> tuple[list[Finding], object]:
        self._new[(block.text, context)] = entry
        self.reused += 1
        relative, carried = entry
        return [shifted(f, block.start, block.start_line) for f in relative], carried

    def memo(self, key: Hashable, compute: Callable[..., Any], *args: Any) -> Any:
        """``compute(*args)``, a fact that depends on ``key`` only (a block's text and what else the
        caller puts in), computed once while the block lives."""
        key = ("memo", key, compute)
        entry = self._new.get(key) or self._old.get(key)
        if entry is None:
            entry = (compute(*args),)
        self._new[key] = entry
        return entry[0]

    def put(self, block: Block, context: Hashable, findings: list[Finding], carried: object) -> None:
        self.analysed += 1
        relative = [shifted(f, -block.start, -block.start_line) for f in findings]
        self._new[(block.text, context)] = (relative, carried)

    def end(self, complete: bool = True) -> None:
        """Keep what this analysis used; after one that stopped early, also what the last one had."""
        entries = self._new if complete else {**self._old, **self._new}
        self._cache._store(self._key, entries if self._keep else None, self.analysed, self.reused)

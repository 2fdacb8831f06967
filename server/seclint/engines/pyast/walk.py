"""Walking a tree faster than ``ast.iter_child_nodes``/``ast.walk``, in exactly their order.

The checks walk function bodies many times per analysis (bindings, guards, calls); the standard
helpers stack two generators per node.  These give the same nodes in the same order.
"""

from __future__ import annotations

import ast
from collections import deque
from typing import Callable, Iterator

from ...incremental import SHARED_NODES

_AST = ast.AST

# Names, constants, Load/Store and operators: nodes with nothing below them but a context or an operator.
# Walks that look for statements or bindings skip them instead of visiting their (empty) insides.
LEAVES = frozenset({ast.Name, ast.Constant} | SHARED_NODES)


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """``list(ast.iter_child_nodes(node))``."""
    children = []
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, _AST):
            children.append(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, _AST):
                    children.append(item)
    return children


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """``ast.walk(node)``: breadth first, the node itself first."""
    todo = deque([node])
    while todo:
        node = todo.popleft()
        todo.extend(child_nodes(node))
        yield node


def nodes_of(info, *types: type[ast.AST]) -> list[ast.AST]:
    """The nodes of ``info.nodes`` (a ModuleInfo) of exactly these classes, in source order.

    Module-wide searches (every call, every function) share one pass per set of classes instead of
    each walking every node; ast.parse makes nodes of exactly its classes, never subclasses."""
    if info.recorder is not None:
        info.recorder.raw("nodes")  # a sweep of the module: a block that asks for one reads every block
    cache = info.__dict__.setdefault("_seclint_nodes_of", {})
    found = cache.get(types)
    if found is None:
        wanted = frozenset(types)
        found = cache[types] = [node for node in info.nodes if type(node) in wanted]
    return found


# -- per-statement tables, for facts (see facts.py) ----------------------------------------------


def calls_by_name(nodes: list[ast.AST]) -> dict[str, list[ast.Call]]:
    """One statement's calls by the called name, ``f`` of ``f(...)``/``x.f(...)`` (syntax only:
    kept with the statement, see ModuleInfo.statement_tables)."""
    found: dict[str, list[ast.Call]] = {}
    for n in nodes:
        if type(n) is ast.Call:
            func = n.func
            name = func.id if type(func) is ast.Name else func.attr if type(func) is ast.Attribute else None
            if name is not None:
                found.setdefault(name, []).append(n)
    return found


def defs_by_name(nodes: list[ast.AST]) -> dict[str, list[ast.AST]]:
    """One statement's functions and methods by name (syntax only: kept with the statement)."""
    found: dict[str, list[ast.AST]] = {}
    for n in nodes:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.setdefault(n.name, []).append(n)
    return found


def merged_table(ctx, table) -> dict[str, list]:
    """A fact: the statements' ``table``s (name -> nodes) as one, in source order."""
    merged: dict[str, list] = {}
    for part in ctx.info.statement_tables(table):
        for name, nodes in part.items():
            found = merged.get(name)
            if found is None:
                merged[name] = list(nodes)
            else:
                found.extend(nodes)
    return merged


def calls_matching(ctx, last: Callable[[str], bool]) -> list[ast.Call]:
    """(Inside a fact.) A superset of the module's calls whose resolved name ends in a part ``last``
    accepts: called by that name, or through a local name imported as it.  Facts that look for a
    few known functions test these instead of resolving every call of the module."""
    table = ctx.info.fact(merged_table, calls_by_name)
    names = {name for name in table if last(name)}
    names.update(local for local, qualified in ctx.info.aliases.items() if last(qualified.rpartition(".")[2]))
    return [call for name in names for call in table.get(name, ())]

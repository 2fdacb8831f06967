"""Walking a tree faster than ``ast.iter_child_nodes``/``ast.walk``, in exactly their order.

The checks walk function bodies many times per analysis (bindings, guards, calls); the standard
helpers stack two generators per node.  These give the same nodes in the same order.
"""

from __future__ import annotations

import ast
from collections import deque
from typing import Iterator

_AST = ast.AST

# Names, constants, Load/Store and operators: nodes with nothing below them but a context or an operator.
# Walks that look for statements or bindings skip them instead of visiting their (empty) insides.
LEAVES = frozenset(
    {ast.Name, ast.Constant}
    | {cls for base in (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop) for cls in base.__subclasses__()}
)


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

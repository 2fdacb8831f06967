"""Walking a tree faster than ``ast.iter_child_nodes``/``ast.walk``, in exactly their order.

The checks walk function bodies many times per analysis (bindings, guards, calls); the standard
helpers stack two generators per node.  These give the same nodes in the same order.
"""

from __future__ import annotations

import ast
from collections import deque
from typing import Iterator

_AST = ast.AST


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

"""What an object keeps alive: the objects reachable from it, for tests about memory held."""

from __future__ import annotations

import ast
import gc
import types

# Shared by everything (code, classes, modules): not what a document's state holds on to.
_SHARED = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.CodeType, types.MethodDescriptorType)


def syntax_nodes(*roots: object) -> list[ast.AST]:
    """The ``ast`` nodes reachable from ``roots`` through references (not through modules,
    classes or functions).

    A weak reference to a tree cannot tell: Python shares one ``ast.Load()`` (and one of each
    operator) among all trees, and the native engine's parent link on it keeps the last tree
    analysed alive whoever else lets it go."""
    seen: set[int] = set()
    found = []
    todo = list(roots)
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, _SHARED):
            continue
        seen.add(id(obj))
        if isinstance(obj, ast.AST) and not isinstance(obj, (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)):
            found.append(obj)
        todo.extend(gc.get_referents(obj))
    return found

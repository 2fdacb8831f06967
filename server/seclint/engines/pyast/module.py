"""Facts about one parsed module that every native check needs.

Import aliases (so ``sp.run`` is known to be ``subprocess.run``), parent links,
and the assignments of each scope (so a name bound once to a literal counts as
that literal).  Built once per analysis; every walk here is iterative, so a
deeply nested expression cannot exhaust Python's recursion limit.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from typing import Iterator

FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def iter_with_parents(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node in source order, after setting ``node.sl_parent``."""
    tree.sl_parent = None  # type: ignore[attr-defined]
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        children = list(ast.iter_child_nodes(node))
        for child in children:
            child.sl_parent = node  # type: ignore[attr-defined]
        stack.extend(reversed(children))


def parent(node: ast.AST) -> ast.AST | None:
    return getattr(node, "sl_parent", None)


def ancestors(node: ast.AST) -> Iterator[ast.AST]:
    current = parent(node)
    while current is not None:
        yield current
        current = parent(current)


def enclosing_scope(node: ast.AST) -> ast.AST | None:
    """The function, lambda or class whose body holds ``node``; None at module level."""
    for anc in ancestors(node):
        if isinstance(anc, SCOPE_NODES):
            return anc
    return None


def enclosing_function(node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None:
    for anc in ancestors(node):
        if isinstance(anc, FUNCTION_NODES):
            return anc
    return None


def enclosing_statement(node: ast.AST) -> ast.stmt | None:
    if isinstance(node, ast.stmt):
        return node
    for anc in ancestors(node):
        if isinstance(anc, ast.stmt):
            return anc
    return None


class Scope:
    """Names bound in one scope: name -> the expressions assigned (None: bound some other way)."""

    __slots__ = ("node", "bindings", "params")

    def __init__(self, node: ast.AST | None):
        self.node = node
        self.bindings: dict[str, list[ast.expr | None]] = defaultdict(list)
        self.params: set[str] = set()

    def bind(self, target: ast.AST, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            self.bindings[target.id].append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts) else None
            for i, elt in enumerate(target.elts):
                self.bind(elt.value if isinstance(elt, ast.Starred) else elt, values[i] if values else None)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, None)


class ModuleInfo:
    def __init__(self, tree: ast.Module):
        self.tree = tree
        self.aliases: dict[str, str] = {}
        self.imported_modules: set[str] = set()
        self.scopes: dict[int, Scope] = {}
        self.module_scope = Scope(None)
        self.nodes: list[ast.AST] = []
        # Every check asks for the names of the same calls: remember them (keyed by node identity;
        # the tree outlives this object, so ids are stable).
        self._qualnames: dict[int, str | None] = {}
        self._index(tree)

    def _scope_for(self, node: ast.AST) -> Scope:
        owner = enclosing_scope(node)
        if owner is None:
            return self.module_scope
        scope = self.scopes.get(id(owner))
        if scope is None:
            scope = self.scopes[id(owner)] = Scope(owner)
        return scope

    def _index(self, tree: ast.Module) -> None:
        for node in iter_with_parents(tree):
            self.nodes.append(node)
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self.imported_modules.add(alias.name)
                    if alias.asname:
                        self.aliases[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        self.aliases.setdefault(top, top)
                    self._scope_for(node).bind(ast.Name(alias.asname or alias.name.split(".")[0]), None)
            elif isinstance(node, ast.ImportFrom):
                module = ("." * node.level) + (node.module or "")
                self.imported_modules.add(module)
                for alias in node.names:
                    if alias.name == "*":
                        continue
                    local = alias.asname or alias.name
                    self.aliases[local] = f"{module}.{alias.name}" if module else alias.name
                    self._scope_for(node).bind(ast.Name(local), None)
            elif isinstance(node, ast.Assign):
                scope = self._scope_for(node)
                for target in node.targets:
                    scope.bind(target, node.value)
            elif isinstance(node, ast.AnnAssign):
                self._scope_for(node).bind(node.target, node.value)
            elif isinstance(node, ast.AugAssign):
                self._scope_for(node).bind(node.target, None)
            elif isinstance(node, ast.NamedExpr):
                self._scope_for(node).bind(node.target, node.value)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                self._scope_for(node).bind(node.target, None)
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                self._scope_for(node).bind(node.optional_vars, None)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                self._scope_for(node).bind(ast.Name(node.name), None)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self._scope_for(node).bind(ast.Name(node.name), None)
            if isinstance(node, FUNCTION_NODES):
                scope = self.scopes.setdefault(id(node), Scope(node))
                args = node.args
                for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
                    if arg is not None:
                        scope.params.add(arg.arg)
                        scope.bindings[arg.arg].append(None)

    def scope_of(self, node: ast.AST) -> Scope:
        owner = enclosing_scope(node)
        if owner is None:
            return self.module_scope
        return self.scopes.get(id(owner)) or self.module_scope

    def lookup(self, name: ast.Name) -> tuple[Scope, list[ast.expr | None]] | None:
        """The bindings a name refers to: its own scope's, else the module's (Python's LEGB, minus classes)."""
        for anc in [name, *ancestors(name)]:
            if isinstance(anc, FUNCTION_NODES):
                scope = self.scopes.get(id(anc))
                if scope is not None and name.id in scope.bindings:
                    return scope, scope.bindings[name.id]
        if name.id in self.module_scope.bindings:
            return self.module_scope, self.module_scope.bindings[name.id]
        return None

    def qualname(self, expr: ast.AST) -> str | None:
        """Dotted name of an expression through import aliases: ``sp.run`` -> ``subprocess.run``.

        A call in the chain shows as ``()``: ``hashlib.new("md5").digest`` -> ``hashlib.new().digest``.
        Names that are not imported resolve to themselves (``eval`` -> ``eval``).
        """
        key = id(expr)
        try:
            return self._qualnames[key]
        except KeyError:
            result = self._qualnames[key] = self._qualname(expr)
            return result

    def _qualname(self, expr: ast.AST) -> str | None:
        parts: list[str] = []
        node = expr
        while True:
            if isinstance(node, ast.Attribute):
                parts.append(node.attr)
                node = node.value
            elif isinstance(node, ast.Call):
                inner = self.qualname(node.func)
                if inner is None:
                    return None
                parts.append(inner + "()")
                break
            elif isinstance(node, ast.Name):
                parts.append(self.aliases.get(node.id, node.id))
                break
            else:
                return None
        return ".".join(reversed(parts))

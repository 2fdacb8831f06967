"""Facts about one parsed module that every native check needs.

Import aliases (so ``sp.run`` is known to be ``subprocess.run``), parent links,
and the assignments of each scope (so a name bound once to a literal counts as
that literal).  Built once per analysis; every walk here is iterative, so a
deeply nested expression cannot exhaust Python's recursion limit.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from typing import Any, Callable, Iterator

from .walk import child_nodes

FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


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
    """The index of one module, and the one door through which a check sees beyond its own block.

    The native engine analyses a module one top-level block at a time and reuses a block's findings
    while nothing they depend on has changed (see ``facts.py``).  What a check learns about other
    blocks must therefore pass through here, where it is noted: ``fact()`` (a memoised question about
    the whole module, whose answer is fingerprinted), a name's module-level bindings (``lookup``,
    ``module_scope``), or the raw ``nodes``/``tree``, which cannot be fingerprinted and make the
    block (and every block run after it) one that is analysed again next time.
    """

    def __init__(self, tree: ast.Module):
        self._tree = tree
        self.aliases: dict[str, str] = {}
        self.imported_modules: set[str] = set()
        self.scopes: dict[int, Scope] = {}
        self._module_scope = Scope(None)
        self._nodes: list[ast.AST] = []
        # Where each top-level statement's nodes begin in ``_nodes`` (a pre-order walk keeps a
        # statement's subtree contiguous), so one block's nodes are a slice.
        self.statement_starts: list[int] = []
        # Every check asks for the names of the same calls: remember them (keyed by node identity;
        # the tree outlives this object, so ids are stable).
        self._qualnames: dict[int, str | None] = {}
        self._facts: dict[tuple, Any] = {}
        self.fact_context: Any = None  # the CheckContext facts are computed in (set by the engine)
        self.recorder: Any = None  # notes what the block being analysed reads (set by the engine)
        self._index(tree)

    def close(self) -> None:
        """The analysis is over: let go of the tree and of what was learnt about it.

        The contexts that computed facts point back here (a reference cycle only the collector
        frees); emptied, the cycle holds nothing of size, and a tree nobody keeps goes at once."""
        self.fact_context = None
        self._tree = None  # type: ignore[assignment]
        self._nodes = []
        self._facts.clear()
        self._qualnames.clear()
        self.scopes.clear()
        self.__dict__.pop("_seclint_nodes_of", None)

    # -- the module as a whole: each read is noted ----------------------------------------

    @property
    def nodes(self) -> list[ast.AST]:
        if self.recorder is not None:
            self.recorder.raw("nodes")
        return self._nodes

    @property
    def tree(self) -> ast.Module:
        if self.recorder is not None:
            self.recorder.raw("tree")
        return self._tree

    @property
    def module_scope(self) -> "Scope":
        if self.recorder is not None and self.recorder.recording:
            return _NotedScope(self._module_scope, self)  # type: ignore[return-value]
        return self._module_scope

    def module_bindings(self, name: str) -> list[ast.expr | None] | None:
        """The module-level bindings of ``name`` (None: not bound at module level), noted."""
        return self.fact(_binding_of, name)

    def fact(self, compute: Callable[..., Any], *args: Any) -> Any:
        """``compute(fact_context, *args)``: a question about the whole module, answered once.

        ``compute`` must be a module-level function whose answer depends only on the module and
        ``args`` (plain values), and which hands on what it found only through that answer: facts
        run in a context of their own, so nothing they cache reaches a block's analysis unnoted.
        """
        key = (compute, args)
        try:
            value = self._facts[key]
        except KeyError:
            recorder = self.recorder
            if recorder is not None:
                recorder.depth += 1
            if self.fact_context is None:  # a ModuleInfo made outside the engine (tests, tools)
                self.fact_context = _standalone_context(self)
            try:
                value = compute(self.fact_context, *args)
            finally:
                if recorder is not None:
                    recorder.depth -= 1
            self._facts[key] = value
        if self.recorder is not None:
            self.recorder.note(key, value)
        return value

    def answer(self, key: tuple) -> Any:
        """What a noted read gives on this module (to tell whether a cached block still holds)."""
        return self.fact(key[0], *key[1])

    def _index(self, tree: ast.Module) -> None:
        """Merge the index of each top-level statement, kept on the statement itself: a statement
        the parse reused (see reparse.py) is not walked again."""
        tree.sl_parent = None  # type: ignore[attr-defined]
        self._nodes.append(tree)
        module_bindings = self._module_scope.bindings
        for stmt in tree.body:
            stmt.sl_parent = tree  # type: ignore[attr-defined]
            index = stmt.__dict__.get("sl_index")
            if index is None:
                index = _index_statement(stmt)
            self.statement_starts.append(len(self._nodes))
            self._nodes.extend(index.nodes)
            self.scopes.update(index.scopes)
            for name, values in index.module_bindings.items():
                module_bindings[name].extend(values)
            for replace, name, qualified in index.alias_ops:
                if replace:
                    self.aliases[name] = qualified
                else:
                    self.aliases.setdefault(name, qualified)
            self.imported_modules.update(index.imported)

    def statement_tables(self, compute: Callable[[list[ast.AST]], Any]) -> list[Any]:
        """``compute(nodes)`` for each top-level statement's nodes, in order, kept with the statement.

        ``compute`` must depend on the nodes' syntax alone (not on imports or other statements).
        Only facts may sweep the module like this."""
        if self.recorder is not None:
            self.recorder.raw("statements")
        tables = []
        for stmt in self._tree.body:
            index = stmt.__dict__["sl_index"]
            table = index.tables.get(compute)
            if table is None:
                table = index.tables[compute] = compute(index.nodes)
            tables.append(table)
        return tables

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
        found = self.module_bindings(name.id)
        if found is not None:
            return self._module_scope, found
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


class NotedMapping:
    """A module-wide ``name -> answer`` table read one name at a time, each name a fact of its own,
    so a block depends only on the names it asked about; a sweep over the table is one fact."""

    __slots__ = ("_info", "_item", "_whole")

    def __init__(self, info: ModuleInfo, item: Callable[..., Any], whole: Callable[..., Any]):
        self._info = info
        self._item = item  # fact: (ctx, name) -> the answer, or None if absent
        self._whole = whole  # fact: (ctx) -> the whole dict

    def get(self, name, default=None):
        found = self._info.fact(self._item, name)
        return default if found is None else found

    def __getitem__(self, name):
        found = self._info.fact(self._item, name)
        if found is None:
            raise KeyError(name)
        return found

    def __contains__(self, name) -> bool:
        return isinstance(name, str) and self._info.fact(self._item, name) is not None

    def __iter__(self):
        return iter(self._info.fact(self._whole))

    def __len__(self) -> int:
        return len(self._info.fact(self._whole))

    def items(self):
        return self._info.fact(self._whole).items()

    def keys(self):
        return self._info.fact(self._whole).keys()

    def values(self):
        return self._info.fact(self._whole).values()


def _binding_of(ctx: Any, name: str) -> list[ast.expr | None] | None:
    return ctx.info._module_scope.bindings.get(name)


def _all_bindings(ctx: Any) -> dict[str, list[ast.expr | None]]:
    return ctx.info._module_scope.bindings


class _NotedScope:
    """``ModuleInfo.module_scope`` while a block is analysed: its bindings a NotedMapping."""

    __slots__ = ("bindings", "params", "node")

    def __init__(self, scope: Scope, info: ModuleInfo):
        self.bindings = NotedMapping(info, _binding_of, _all_bindings)
        self.params = scope.params
        self.node = None


def _standalone_context(info: ModuleInfo) -> Any:
    from ..base import Source
    from ...documents import LineIndex
    from .context import CheckContext

    return CheckContext(Source(text="", index=LineIndex(""), tree=info._tree), info)


class _StatementIndex:
    """What ``ModuleInfo`` knows about one top-level statement (its nodes, scopes, bindings)."""

    __slots__ = ("nodes", "scopes", "module_bindings", "alias_ops", "imported", "tables")

    def __init__(self) -> None:
        self.nodes: list[ast.AST] = []
        self.scopes: dict[int, Scope] = {}
        self.module_bindings: dict[str, list[ast.expr | None]] = defaultdict(list)
        self.alias_ops: list[tuple[bool, str, str]] = []  # (replace, name, qualified name), in order
        self.imported: list[str] = []
        self.tables: dict[Callable, Any] = {}


# Every class the chain in _index_statement tests for; per node class, whether it is one of them
# (a dict lookup per node instead of ten isinstance calls: this walk is a fifth of a first analysis).
_BINDING_NODES = (
    ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.For, ast.AsyncFor,
    ast.comprehension, ast.withitem, ast.ExceptHandler, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, *FUNCTION_NODES,
)
_BINDS: dict[type, bool] = {}


def _index_statement(stmt: ast.stmt) -> _StatementIndex:
    """Walk one top-level statement (its ``sl_parent`` already set to the module)."""
    index = _StatementIndex()
    module_scope = Scope(None)
    module_scope.bindings = index.module_bindings
    scopes = index.scopes

    def scope_for(node: ast.AST) -> Scope:
        owner = enclosing_scope(node)
        if owner is None:
            return module_scope
        scope = scopes.get(id(owner))
        if scope is None:
            scope = scopes[id(owner)] = Scope(owner)
        return scope

    nodes = index.nodes
    positioned = []
    stack: list[ast.AST] = [stmt]
    while stack:
        node = stack.pop()
        nodes.append(node)
        kind = type(node)
        if "lineno" in kind._attributes:
            positioned.append(node)
        children = child_nodes(node)
        for child in children:
            child.sl_parent = node  # type: ignore[attr-defined]
        stack.extend(reversed(children))
        binds = _BINDS.get(kind)
        if binds is None:
            binds = _BINDS[kind] = issubclass(kind, _BINDING_NODES)
        if not binds:
            continue  # most nodes (names, calls, constants...): none of the tests below can hold
        if isinstance(node, ast.Import):
            for alias in node.names:
                index.imported.append(alias.name)
                if alias.asname:
                    index.alias_ops.append((True, alias.asname, alias.name))
                else:
                    top = alias.name.split(".")[0]
                    index.alias_ops.append((False, top, top))
                scope_for(node).bind(ast.Name(alias.asname or alias.name.split(".")[0]), None)
        elif isinstance(node, ast.ImportFrom):
            module = ("." * node.level) + (node.module or "")
            index.imported.append(module)
            for alias in node.names:
                if alias.name == "*":
                    continue
                local = alias.asname or alias.name
                index.alias_ops.append((True, local, f"{module}.{alias.name}" if module else alias.name))
                scope_for(node).bind(ast.Name(local), None)
        elif isinstance(node, ast.Assign):
            scope = scope_for(node)
            for target in node.targets:
                scope.bind(target, node.value)
        elif isinstance(node, ast.AnnAssign):
            scope_for(node).bind(node.target, node.value)
        elif isinstance(node, ast.AugAssign):
            scope_for(node).bind(node.target, None)
        elif isinstance(node, ast.NamedExpr):
            scope_for(node).bind(node.target, node.value)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            scope_for(node).bind(node.target, None)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            scope_for(node).bind(node.optional_vars, None)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            scope_for(node).bind(ast.Name(node.name), None)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            scope_for(node).bind(ast.Name(node.name), None)
        if isinstance(node, FUNCTION_NODES):
            scope = scopes.setdefault(id(node), Scope(node))
            args = node.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
                if arg is not None:
                    scope.params.add(arg.arg)
                    scope.bindings[arg.arg].append(None)
    stmt.sl_index = index  # type: ignore[attr-defined]
    stmt.sl_positioned = positioned  # type: ignore[attr-defined]  # what reparse.py moves
    return index

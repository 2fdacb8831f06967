"""What a native check sees: the node's module, helpers to read it, and ``report``."""

from __future__ import annotations

import ast
import re
from functools import cached_property
from pathlib import PurePath
from typing import Any, Callable, Hashable, Iterable, TypeVar

from ... import fixes
from ...findings import Edit, Finding, Fix, Related
from ..base import Source
from .module import ModuleInfo, ancestors, enclosing_function, enclosing_statement, parent
from .taint import TaintAnalyzer, TaintSource
from .values import UNKNOWN, StringShape, constant, string_shape

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_SETTINGS_FILE = re.compile(r"(^|/)(settings|config|conf)(/[^/]+)?\.py$|(^|/)settings[_/][^/]*\.py$")


class CheckContext:
    UNKNOWN = UNKNOWN

    def __init__(self, source: Source, info: ModuleInfo):
        self.source = source
        self.info = info
        self.taint_analyzer = TaintAnalyzer(info)
        self.rule_id = ""
        self.findings: list[Finding] = []
        # Every check on a call asks for its name (some sixty checks per call): one dict look-up each.
        self._call_names: dict[ast.Call, str] = {}
        self._tables: dict[object, dict] = {}

    # -- memos -------------------------------------------------------------------

    def table(self, owner: object) -> dict:
        """A dictionary ``owner`` (a check's helper) keeps its answers in for this context.

        A context is one block's analysis (see facts.py): what a check learns here is never shared
        with another block's run, and nothing is kept on the AST nodes."""
        found = self._tables.get(owner)
        if found is None:
            found = self._tables[owner] = {}
        return found

    def memo(self, compute: Callable[[CheckContext, K], V], key: K) -> V:
        """``compute(self, key)``, worked out once per key in this context (see ``table``)."""
        answers = self.table(compute)
        try:
            return answers[key]
        except KeyError:
            found = answers[key] = compute(self, key)
            return found

    # -- reading the code --------------------------------------------------------

    def qualname(self, expr: ast.AST | None) -> str | None:
        return self.info.qualname(expr) if expr is not None else None

    def call_name(self, call: ast.Call) -> str:
        """The resolved dotted name of the called function ('' if it has none)."""
        try:
            return self._call_names[call]
        except KeyError:
            name = self._call_names[call] = self.info.qualname(call.func) or ""
            return name

    @staticmethod
    def method_name(call: ast.Call) -> str | None:
        """``execute`` for ``cursor.execute(...)``."""
        return call.func.attr if isinstance(call.func, ast.Attribute) else None

    @staticmethod
    def keyword(call: ast.Call, name: str) -> ast.keyword | None:
        for kw in call.keywords:
            if kw.arg == name:
                return kw
        return None

    @staticmethod
    def has_kwargs_splat(call: ast.Call) -> bool:
        return any(kw.arg is None for kw in call.keywords)

    def argument(self, call: ast.Call, position: int | None, name: str | None = None) -> ast.expr | None:
        """A call's argument by position or keyword name."""
        if name is not None:
            kw = self.keyword(call, name)
            if kw is not None:
                return kw.value
        if position is not None and position < len(call.args):
            arg = call.args[position]
            if not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
                return arg
        return None

    def constant(self, expr: ast.AST | None) -> Any:
        """The literal value of ``expr`` (constants folded, names bound once followed), or UNKNOWN."""
        return constant(self.info, expr)

    def is_constant(self, expr: ast.AST | None) -> bool:
        return constant(self.info, expr) is not UNKNOWN

    def is_true(self, expr: ast.AST | None) -> bool:
        return constant(self.info, expr) is True

    def string_shape(self, expr: ast.AST | None) -> StringShape | None:
        return string_shape(self.info, expr)

    def taint(self, expr: ast.AST | None, kind: str) -> TaintSource | None:
        """Where HTTP request data reaching ``expr`` comes from, unsanitised for a ``kind`` sink."""
        return self.taint_analyzer.expr_taint(expr, kind)

    def text(self, node: ast.AST) -> str:
        return fixes.node_text(self.source, node)

    parent = staticmethod(parent)
    ancestors = staticmethod(ancestors)
    enclosing_function = staticmethod(enclosing_function)
    enclosing_statement = staticmethod(enclosing_statement)

    def imports(self, module: str) -> bool:
        """Whether the module imports ``module`` (or something inside it)."""
        return module in self._imported_prefixes

    @cached_property
    def _imported_prefixes(self) -> frozenset[str]:
        # Checks ask this on every node they visit: answer from a set of every dotted prefix.
        prefixes: set[str] = set()
        for name in self.info.imported_modules:
            parts = name.split(".")
            prefixes.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
        return frozenset(prefixes)

    @property
    def path(self) -> str | None:
        return self.source.path

    @cached_property
    def is_settings_module(self) -> bool:
        """A Django/Flask settings or config module, by its file name."""
        if not self.source.path:
            return False
        return bool(_SETTINGS_FILE.search(PurePath(self.source.path).as_posix()))

    @cached_property
    def is_test_module(self) -> bool:
        if not self.source.path:
            return False
        path = PurePath(self.source.path)
        return path.name.startswith("test_") or path.name.endswith("_test.py") or "tests" in path.parts

    # -- reporting ---------------------------------------------------------------

    def span(self, node: ast.AST) -> tuple[int, int]:
        return self.source.node_span(node)

    def related(self, source: TaintSource | None) -> tuple[Related, ...]:
        if source is None or not hasattr(source.node, "lineno"):
            return ()
        start, end = self.span(source.node)
        return (Related(start, end, f"untrusted data enters here: {source.description}"),)

    def report(
        self,
        node: ast.AST,
        message: str | None = None,
        fix: Fix | None = None,
        related: Iterable[Related] = (),
        anchor: ast.AST | None = None,
    ) -> None:
        """Record a finding of the current rule at ``node`` (the precise range to underline)."""
        start, end = self.span(node)
        statement = enclosing_statement(anchor or node)
        first = (statement.lineno if statement is not None else node.lineno) - 1
        last = (getattr(node, "end_lineno", None) or node.lineno) - 1
        if statement is not None and not isinstance(statement, _COMPOUND):
            last = max(last, (statement.end_lineno or statement.lineno) - 1)
        self.findings.append(
            Finding(
                rule_id=self.rule_id,
                start=start,
                end=end,
                engine="ast",
                message=message,
                fix=fix,
                related=tuple(related),
                anchor_lines=(first, last),
                node=node,
            )
        )

    # -- fixes -------------------------------------------------------------------

    def fix(self, title: str, *edits: Edit | None, safe: bool = True) -> Fix | None:
        return fixes.make_fix(title, edits, safe)

    def replace(self, node: ast.AST, text: str) -> Edit:
        return fixes.replace(self.source, node, text)

    def remove_keyword(self, call: ast.Call, keyword: ast.keyword) -> Edit:
        return fixes.remove_keyword(self.source, call, keyword)

    def add_keyword(self, call: ast.Call, text: str) -> Edit | None:
        return fixes.add_keyword(self.source, call, text)

    def ensure_import(self, module: str) -> Edit | None:
        return fixes.ensure_import(self.source, module)

    def module_reference(self, module: str) -> tuple[str, Edit | None]:
        """How to spell ``module`` in this file, and the import to add if it is not imported.

        ``("yaml", None)`` after ``import yaml``; ``("y", None)`` after ``import yaml as y``;
        ``("yaml", <edit adding import yaml>)`` when only ``from yaml import load`` is there.
        """
        for local, qualified in self.info.aliases.items():
            if qualified == module and self.info.module_scope.bindings.get(local):
                return local, None
        return module, self.ensure_import(module)


_COMPOUND = (
    ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.TryStar,
    ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Match,
)

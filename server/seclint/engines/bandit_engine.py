"""bandit, run in-process on the buffer's text: no temporary files, no subprocess per keystroke.

bandit's node visitor walks the tree seclint already parsed; a small tester
subclass remembers the AST node behind every issue, so the range we report is
the offending call or argument (narrowed further by a rule's ``focus``), not
bandit's whole line.  ``# nosec`` is not applied here: seclint's suppressions
module honours it, so unused ``# nosec`` comments can be reported too.
"""

from __future__ import annotations

import ast
import io
import logging
import threading
from typing import Sequence

from .. import incremental
from ..catalogue import Rule
from ..findings import Finding
from .base import Deadline, EngineError, Source

log = logging.getLogger(__name__)

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200f"


class BanditEngine:
    name = "bandit"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # bandit test ids -> (bandit's test set, the node classes QuietVisitor passes through with it)
        self._testsets: dict[frozenset[str], tuple[object, frozenset[type]]] = {}
        self._bandit = None
        self._rule_keys: dict[tuple, int] = {}
        self.cache = incremental.BlockCache()

    def forget(self, path: str | None) -> None:
        """The document was closed: its cached blocks go."""
        self.cache.forget(path)

    def _modules(self):
        if self._bandit is None:
            # Loading bandit's plugins also tries its report formatters (sarif needs a package we
            # do not use): that failure is noise, not a problem.
            logging.getLogger("stevedore").setLevel(logging.CRITICAL)
            try:
                from bandit.core import config, metrics, node_visitor, test_set, tester
            except Exception as exc:  # ImportError, or a broken plugin entry point
                raise EngineError(f"bandit cannot be imported: {exc}") from exc

            class NodeRecordingTester(tester.BanditTester):
                """Remembers which node each new issue is about, and stops at the time limit."""

                deadline: Deadline | None = None

                def run_tests(self, raw_context, checktype):
                    if self.deadline is not None:
                        self.deadline.check()
                    before = len(self.results)
                    scores = super().run_tests(raw_context, checktype)
                    for issue in self.results[before:]:
                        issue.seclint_node = raw_context.get("node")
                    return scores

            class QuietVisitor(node_visitor.BanditNodeVisitor):
                """bandit's visitor, passing straight through the nodes it has nothing to do at.

                For every node bandit builds a context, computes its line range, logs, looks up a
                ``visit_`` method and runs the tests registered for its class.  Most nodes (names,
                attributes, operators, assignments...) have neither method nor test: for them only
                the links the tests read (``_bandit_parent``, ``_bandit_sibling``) are set, as
                ``generic_visit`` sets them, in the same order.  That bookkeeping was ~45% of
                bandit's time."""

                quiet: frozenset[type] = frozenset()

                def generic_visit(self, node):
                    for field in node._fields:
                        try:
                            value = getattr(node, field)
                        except AttributeError:
                            continue
                        if isinstance(value, list):
                            last = len(value) - 1
                            for i, item in enumerate(value):
                                if isinstance(item, ast.AST):
                                    self._enter(item, node, value[i + 1] if i < last else None)
                        elif isinstance(value, ast.AST):
                            self._enter(value, node, None)

                def _enter(self, child, parent, sibling):
                    child._bandit_sibling = sibling
                    child._bandit_parent = parent
                    if type(child) in self.quiet:
                        self.generic_visit(child)
                    elif self.pre_visit(child):
                        self.visit(child)
                        self.generic_visit(child)
                        self.post_visit(child)

            self._bandit = (config, metrics, QuietVisitor, test_set, NodeRecordingTester)
        return self._bandit

    def warm_up(self, rules: Sequence[Rule]) -> None:
        """Import bandit and load its plugins for ``rules`` now, before the first analysis needs them.

        The first analysis would otherwise pay for it (~50 ms: bandit imports its plugins, report
        formatters and rich); the server calls this in a thread while the client initialises.
        """
        ids = frozenset(test_id for rule in rules if rule.engine == self.name for test_id in rule.bandit)
        if ids:
            self._testset(ids)

    def _testset(self, ids: frozenset[str]) -> tuple[object, frozenset[type]]:
        """bandit's test set for ``ids``, and the node classes bandit does nothing at with it."""
        with self._lock:
            cached = self._testsets.get(ids)
            if cached is None:
                config, _, quiet_visitor, test_set, _ = self._modules()
                logging.getLogger("bandit").setLevel(logging.ERROR)
                testset = test_set.BanditTestSet(config.BanditConfig(), profile={"include": set(ids)})
                cached = self._testsets[ids] = (testset, _quiet_classes(testset, quiet_visitor))
            return cached

    def analyse(self, source: Source, rules: Sequence[Rule]) -> list[Finding]:
        if source.tree is None or not rules:
            return []
        rule_of = {test_id: rule for rule in rules for test_id in rule.bandit}
        testset, quiet = self._testset(frozenset(rule_of))
        _, metrics, quiet_visitor, _, recording_tester = self._modules()
        data = source.text.encode("utf-8", "surrogatepass")
        fdata = io.BytesIO(data)
        fname = source.path or "<buffer>.py"
        visitor = quiet_visitor(fname, fdata, None, testset, False, {}, metrics.Metrics())
        visitor.quiet = quiet
        visitor.tester = recording_tester(testset, False, {}, visitor.metrics)
        deadline = visitor.tester.deadline = Deadline.of(self.name, source)
        rules_key = self._rules_key(rules)
        # B703 (mark_safe) judges a call outside any `def` by the assignments of the whole module.
        module_wide = "B703" in rule_of
        session = self.cache.session(source.path, source.keep_blocks)
        findings: list[Finding] = []
        complete = False
        # bandit's import state (namespace, imports, aliases) at each block's start, frozen: blocks
        # reused from the cache carry it on without touching the visitor.  Most blocks see the same
        # imports: one frozenset shared by all their cache entries, not one each (those copies were
        # ~45 MB of the server's memory with 200 files open).
        shared: dict[frozenset, frozenset] = {}
        state = _state(visitor, shared)
        try:
            for block in incremental.blocks(source):
                deadline.check()  # also before cached blocks: a stale run stops here
                context = (rules_key, fname, state)
                if module_wide and self._reads_module(session, source.tree, block, dict(state[2])):
                    context = (*context, source.text)  # depends on every other block too
                cached = session.get(block, context)
                if cached is not None:
                    found, state = cached
                    findings.extend(found)
                    continue
                visitor.namespace, visitor.imports, visitor.import_aliases = state[0], set(state[1]), dict(state[2])
                before = len(visitor.tester.results)
                self._visit_block(visitor, source.tree, block)
                found = self._findings(source, rule_of, visitor.tester.results[before:])
                state = _state(visitor, shared)
                session.put(block, context, found, state)
                findings.extend(found)
            # Whole-file tests (B613, bidirectional control characters) read the text, not the tree.
            if any(ch in source.text for ch in _BIDI):
                before = len(visitor.tester.results)
                visitor.context = {"file_data": fdata, "filename": fname, "lineno": 0, "linerange": [0, 1], "col_offset": 0}
                visitor.update_scores(visitor.tester.run_tests(visitor.context, "File"))
                findings.extend(self._findings(source, rule_of, visitor.tester.results[before:]))
            complete = True
        except RecursionError as exc:
            raise EngineError("bandit: the code is nested too deeply to analyse") from exc
        finally:
            session.end(complete)  # a run stopped early keeps the entries it did not get to
        return findings

    @staticmethod
    def _reads_module(session: incremental.CacheSession, tree: ast.Module, block: incremental.Block, aliases: dict) -> bool:
        """Whether B703 may judge a call of this block by the whole module (see _mark_safe_outside_def)."""
        names = _MARK_SAFE | {local for local, full in aliases.items() if full.rpartition(".")[2] in _MARK_SAFE}
        return session.memo((block.text, frozenset(names)), _mark_safe_outside_def, tree.body[block.first : block.last + 1], names)

    @staticmethod
    def _visit_block(visitor, tree: ast.Module, block: incremental.Block) -> None:
        """bandit's ``generic_visit`` of the module, for the block's statements only (same links)."""
        body = tree.body
        for i in range(block.first, block.last + 1):
            item = body[i]
            item._bandit_sibling = body[i + 1] if i + 1 < len(body) else None
            item._bandit_parent = tree
            if visitor.pre_visit(item):
                visitor.visit(item)
                visitor.generic_visit(item)
                visitor.post_visit(item)

    def _rules_key(self, rules: Sequence[Rule]) -> int:
        """A small stand-in for the rules (ids, focus, bandit tests) in every block's cache key."""
        signature = tuple(sorted((r.id, r.focus or "", tuple(r.bandit)) for r in rules))
        with self._lock:
            return self._rule_keys.setdefault(signature, len(self._rule_keys))

    def _findings(self, source: Source, rule_of: dict[str, Rule], issues) -> list[Finding]:
        findings = []
        for issue in issues:
            rule = rule_of.get(issue.test_id)
            if rule is None:
                continue
            finding = self._finding(source, rule, issue)
            if finding is not None:
                findings.append(finding)
        return findings

    def _finding(self, source: Source, rule: Rule, issue) -> Finding | None:
        node = getattr(issue, "seclint_node", None)
        if issue.test_id == "B613" or node is None or not hasattr(node, "lineno"):
            return self._line_finding(source, rule, issue)
        target = _focus(node, rule.focus) or node
        start, end = source.node_span(target)
        statement = _statement_of(node)
        first = (statement.lineno if statement else node.lineno) - 1
        last = max((getattr(node, "end_lineno", None) or node.lineno) - 1, first)
        return Finding(
            rule_id=rule.id,
            start=start,
            end=end,
            engine=self.name,
            message=None,
            anchor_lines=(first, last),
            origin=issue.test_id,
            node=target,
        )

    def _line_finding(self, source: Source, rule: Rule, issue) -> Finding | None:
        line = (issue.lineno or 1) - 1
        if not 0 <= line < source.index.line_count:
            return None
        text = source.index.line_text(line)
        start = source.index.line_start(line)
        if issue.test_id == "B613":
            column = next((i for i, ch in enumerate(text) if ch in _BIDI), None)
            if column is None:
                return None
            return Finding(rule.id, start + column, start + column + 1, self.name, anchor_lines=(line, line), origin="B613")
        stripped = len(text) - len(text.lstrip())
        return Finding(rule.id, start + stripped, start + len(text.rstrip()), self.name, anchor_lines=(line, line), origin=issue.test_id)


# The functions bandit's B703 (django_xss) checks, by the last part of their (alias-resolved) name.
_MARK_SAFE = frozenset({"mark_safe", "SafeText", "SafeUnicode", "SafeString", "SafeBytes"})


def _state(visitor, shared: dict[frozenset, frozenset]) -> tuple:
    """bandit's import state between blocks, as cached: (namespace, imports, aliases)."""
    imports = frozenset(visitor.imports)
    aliases = frozenset(visitor.import_aliases.items())
    return visitor.namespace, shared.setdefault(imports, imports), shared.setdefault(aliases, aliases)


def _mark_safe_outside_def(statements: list[ast.stmt], names: frozenset[str]) -> bool:
    """Whether a call that B703 checks sits outside every ``def``: B703 then reads the assignments of
    the whole module, so the block's findings depend on every other block."""
    stack = [(node, False) for node in statements]
    while stack:
        node, in_def = stack.pop()
        if isinstance(node, ast.Call) and not in_def:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if name in names:
                return True
        in_def = in_def or isinstance(node, ast.FunctionDef)
        stack.extend((child, in_def) for child in ast.iter_child_nodes(node))
    return False


def _quiet_classes(testset, visitor_class) -> frozenset[type]:
    """The node classes bandit does nothing at with ``testset``: no ``visit_`` method, no test."""
    return frozenset(
        cls
        for cls in _node_classes(ast.AST)
        if not hasattr(visitor_class, "visit_" + cls.__name__) and not testset.get_tests(cls.__name__)
    )


def _node_classes(base: type) -> set[type]:
    found = set()
    for cls in base.__subclasses__():
        found.add(cls)
        found |= _node_classes(cls)
    return found


def _focus(node: ast.AST, focus: str | None) -> ast.AST | None:
    if focus is None:
        return None
    call = node if isinstance(node, ast.Call) else None
    if call is None:
        return None
    if focus == "func":
        return call.func
    kind, _, value = focus.partition(":")
    if kind == "keyword":
        for kw in call.keywords:
            if kw.arg == value:
                return kw
    elif kind == "arg":
        index = int(value)
        if index < len(call.args):
            return call.args[index]
    return None


def _statement_of(node: ast.AST) -> ast.stmt | None:
    current = node
    while current is not None and not isinstance(current, ast.stmt):
        current = getattr(current, "_bandit_parent", None)
    return current

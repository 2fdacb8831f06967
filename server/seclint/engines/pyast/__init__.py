"""seclint's native checks on Python's ``ast``: what bandit misses or gets wrong."""

from __future__ import annotations

import ast
import importlib
import itertools
import logging
import pkgutil
from typing import Sequence

from ... import fixes, incremental
from ...catalogue import Rule
from ...findings import Finding
from ..base import Deadline, Source
from .context import CheckContext
from .facts import DEEP, Recorder
from .module import ModuleInfo
from .registry import CHECKS, CheckSpec, check

__all__ = ["AstEngine", "CHECKS", "check"]

log = logging.getLogger(__name__)


LOAD_ERRORS: list[str] = []
# Nodes checked between two looks at the Deadline (``Source.cancelled``, the time limit): an edit stops a stale run within
# a millisecond or two, so typing never waits for the analysis of text that is already gone.
CANCEL_EVERY = 256


def _load_checks() -> None:
    """Import every check module; one that fails to import disables only its own checks."""
    from . import checks

    for module in pkgutil.iter_modules(checks.__path__):
        try:
            importlib.import_module(f"{checks.__name__}.{module.name}")
        except Exception as exc:
            log.exception("native checks in %s failed to load", module.name)
            LOAD_ERRORS.append(f"native checks in {module.name} failed to load: {type(exc).__name__}: {exc}")


_load_checks()


class _RecordedModule(ast.Module):
    """The module node while blocks are analysed: reading its body is a raw read (see facts.py)."""

    @property
    def body(self):  # type: ignore[override]
        recorder = self.__dict__.get("sl_recorder")
        if recorder is not None:
            recorder.raw("module body")
        return self.__dict__["body"]

    @body.setter
    def body(self, value) -> None:
        self.__dict__["body"] = value


class AstEngine:
    """Runs the checks block by block, reusing a block's findings while what they read is unchanged."""

    name = "ast"

    def __init__(self) -> None:
        self.cache = incremental.BlockCache()
        self._contexts: dict[tuple, int] = {}
        self._numbers = itertools.count()

    def forget(self, path: str | None) -> None:
        self.cache.forget(path)

    def _token(self, *context, keep: bool = True) -> int:
        """A number for what every block's findings depend on, so a block's cache key hashes fast."""
        if not keep:  # no block of this analysis is kept: nothing can match it later
            return next(self._numbers)
        token = self._contexts.get(context)
        if token is None:
            if len(self._contexts) > 256:
                self._contexts.clear()  # numbers are never reused, so an old block cannot match a new one
            token = self._contexts[context] = next(self._numbers)
        return token

    def analyse(self, source: Source, rules: Sequence[Rule]) -> list[Finding]:
        if source.tree is None:
            return []
        dispatch: dict[type[ast.AST], list[CheckSpec]] = {}
        for rule in rules:
            for spec in CHECKS.get(rule.id, ()):
                for node_type in spec.node_types:
                    dispatch.setdefault(node_type, []).append(spec)
        if not dispatch:
            return []
        deadline = Deadline.of(self.name, source)
        info = ModuleInfo(source.tree)
        info.fact_context = CheckContext(source, info)
        blocks = incremental.blocks(source)
        context = self._token(
            tuple(spec for rule in rules for spec in CHECKS.get(rule.id, ())),  # the checks themselves
            source.path,
            frozenset(info.aliases.items()),
            frozenset(info.imported_modules),
            fixes.newline_of(source.text),
            keep=source.keep_blocks,
        )
        failures: list[str] = []
        findings = self._run(source, info, info.nodes[:1], dispatch, deadline, failures)  # the Module node
        starts = info.statement_starts + [len(info.nodes)]
        recorder = Recorder([b.start_line + 1 for b in blocks], [b.text for b in blocks])
        session = self.cache.session(source.path, source.keep_blocks)
        complete = False
        nodes = info.nodes
        tree = source.tree
        tree.__class__ = _RecordedModule
        tree.sl_recorder = info.recorder = recorder  # type: ignore[attr-defined]
        try:
            for block in blocks:
                deadline.check()
                entry = session.peek(block, context)
                if entry is not None and recorder.holds(entry[1], info):
                    findings.extend(session.reuse(block, context, entry)[0])
                    continue
                recorder.begin()
                before = len(failures)
                found = self._run(source, info, nodes[starts[block.first] : starts[block.last + 1]], dispatch, deadline, failures)
                deps = recorder.end()
                if len(failures) > before or not all(_inside(f, block) for f in found):
                    deps = DEEP  # a failed check, or a finding placed beyond the block: never reused
                session.put(block, context, found, deps)
                findings.extend(found)
            complete = True
        finally:
            info.recorder = None
            del tree.sl_recorder
            tree.__class__ = ast.Module
            session.end(complete)
            info.close()
        if failures:
            source.problems.append("native check failed: " + "; ".join(sorted(set(failures))[:3]))
        source.problems.extend(LOAD_ERRORS)
        return _first_of_each(findings)

    @staticmethod
    def _run(source, info, nodes, dispatch, deadline, failures) -> list[Finding]:
        """The checks over ``nodes``, in a context of their own (no cache shared with other blocks)."""
        ctx = CheckContext(source, info)
        for position, node in enumerate(nodes):
            if position % CANCEL_EVERY == 0:
                deadline.check()
            specs = dispatch.get(type(node))
            if not specs:
                continue
            for spec in specs:
                ctx.rule_id = spec.rule_id
                try:
                    spec.function(node, ctx)
                except RecursionError:
                    failures.append(f"{spec.rule_id}: expression too deeply nested")
                except Exception as exc:  # one broken check must not silence the others
                    log.exception("check %s failed at line %s", spec.rule_id, getattr(node, "lineno", "?"))
                    failures.append(f"{spec.rule_id}: {type(exc).__name__}: {exc}")
        return ctx.findings


def _inside(finding: Finding, block: incremental.Block) -> bool:
    """Whether everything ``finding`` points at lies in ``block`` (only then can it move with it)."""
    low, high = block.start, block.start + len(block.text)
    spans = [(finding.start, finding.end), *((r.start, r.end) for r in finding.related)]
    if finding.fix is not None:
        spans.extend((e.start, e.end) for e in finding.fix.edits)
    return all(low <= a and b <= high for a, b in spans)


def _first_of_each(findings: list[Finding]) -> list[Finding]:
    """One finding per rule and range: two checks of a rule that meet the same literal (say, a key
    found both by its name and by the call that uses it) report it once, as the first saw it."""
    seen: set[tuple[str, int, int]] = set()
    kept = []
    for finding in findings:
        key = (finding.rule_id, finding.start, finding.end)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept

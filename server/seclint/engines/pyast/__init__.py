"""seclint's native checks on Python's ``ast``: what bandit misses or gets wrong."""

from __future__ import annotations

import ast
import importlib
import logging
import pkgutil
from typing import Sequence

from ...catalogue import Rule
from ...findings import Finding
from ..base import Deadline, Source
from .context import CheckContext
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


class AstEngine:
    name = "ast"

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
        ctx = CheckContext(source, info)
        failures: list[str] = []
        for position, node in enumerate(info.nodes):
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
        if failures:
            source.problems.append("native check failed: " + "; ".join(sorted(set(failures))[:3]))
        source.problems.extend(LOAD_ERRORS)
        return ctx.findings

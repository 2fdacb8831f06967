"""Registering native checks: ``@check("RULE-ID", ast.Call)``.

Each check is a function ``(node, ctx) -> None`` that calls ``ctx.report``
for every flaw it sees at ``node``.  A rule may have several checks (say, one
for calls and one for assignments).  The catalogue binds a rule to this engine
with ``engine: ast``; the check is found by the rule id.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .context import CheckContext

CheckFunction = Callable[[ast.AST, "CheckContext"], None]


@dataclass(frozen=True)
class CheckSpec:
    rule_id: str
    function: CheckFunction
    node_types: tuple[type[ast.AST], ...]


CHECKS: dict[str, list[CheckSpec]] = {}


def check(rule_id: str, *node_types: type[ast.AST]) -> Callable[[CheckFunction], CheckFunction]:
    if not node_types:
        raise TypeError(f"check for {rule_id} must name the node types it inspects")

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS.setdefault(rule_id, []).append(CheckSpec(rule_id, function, node_types))
        return function

    return register

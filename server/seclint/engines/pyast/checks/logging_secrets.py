"""Secrets written to logs: passwords, tokens and keys passed to a logging call."""

from __future__ import annotations

import ast
import re

from ..context import CheckContext
from ..registry import check
from .secrets import secret_name

_LEVELS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log", "msg"}
_LOGGER_NAME = re.compile(r"(^|[._])(log|logger|logging|_log|_logger|structlog|loguru)$", re.IGNORECASE)
# Calls that make a secret safe to log: its length, a mask, a hash, a yes/no.
_MASKING = re.compile(r"(^|\.)(len|bool|mask\w*|redact\w*|obfuscate\w*|scrub\w*|censor\w*|hash\w*|sha\d+|md5|"
                      r"hexdigest|fingerprint\w*|truncate\w*|partial\w*|last\w*|isinstance|type|id)$", re.IGNORECASE)


def _is_logging_call(node: ast.Call, ctx: CheckContext) -> bool:
    func = node.func
    if not isinstance(func, ast.Attribute) or func.attr not in _LEVELS:
        return False
    name = ctx.call_name(node)
    if name.startswith(("logging.", "loguru.logger.", "structlog.")):
        return True
    receiver = ctx.qualname(func.value) or ""
    if _LOGGER_NAME.search(receiver) or receiver.endswith((".logger", ".log")):
        return True
    # `slog = structlog.get_logger()`, `audit = logging.getLogger("audit")`
    if isinstance(func.value, ast.Name):
        found = ctx.info.lookup(func.value)
        values = found[1] if found else []
        return bool(values) and all(
            isinstance(v, ast.Call) and re.search(r"get_?logger$", ctx.call_name(v), re.IGNORECASE) for v in values
        )
    return False


def _secret_reads(expr: ast.AST, ctx: CheckContext) -> list[ast.AST]:
    """Sub-expressions of ``expr`` that read a secret, skipping masked ones."""
    found: list[ast.AST] = []
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call):
            callee = ctx.qualname(node.func) or (node.func.attr if isinstance(node.func, ast.Attribute) else "")
            if _MASKING.search(callee):
                continue
        if isinstance(node, (ast.Compare, ast.Constant)):
            continue  # `password is None`: a yes/no, not the secret
        if isinstance(node, ast.Name) and secret_name(node.id):
            found.append(node)
            continue
        if isinstance(node, ast.Attribute) and secret_name(node.attr):
            found.append(node)
            continue
        if isinstance(node, ast.Subscript):
            key = ctx.constant(node.slice)
            if isinstance(key, str) and secret_name(key):
                found.append(node)
                continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
            key = ctx.constant(node.args[0])
            if isinstance(key, str) and secret_name(key):
                found.append(node)
                continue
        stack.extend(ast.iter_child_nodes(node))
    return found


@check("PY-LOG-SECRET", ast.Call)
def secret_in_log(node: ast.Call, ctx: CheckContext) -> None:
    if not _is_logging_call(node, ctx):
        return
    values = [*node.args, *(kw.value for kw in node.keywords if kw.arg not in ("exc_info", "stack_info", "stacklevel"))]
    for value in values:
        reads = _secret_reads(value, ctx)
        if reads:
            ctx.report(reads[0], message=f"`{ctx.text(reads[0])}` is written to the log in clear text: anyone who can read "
                       "the logs (operators, log pipelines, support tools) gets the secret. Log that it was set, not its value.")
            return

"""What can be known statically about an expression's value.

``constant`` folds literals, f-strings, concatenation and %-formatting of
literals, and names bound exactly once to such a value.  ``StringShape``
describes a string built at run time: which parts are literal and which are
not, which is how the injection checks tell ``"... WHERE id = %s", (x,)``
(a parameter) from ``"... WHERE id = %s" % x`` (string building).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from .module import ModuleInfo

UNKNOWN: Any = type("Unknown", (), {"__repr__": lambda self: "UNKNOWN", "__bool__": lambda self: False})()

_MAX_DEPTH = 8


def constant(info: ModuleInfo, expr: ast.AST | None, depth: int = 0) -> Any:
    """The value of ``expr`` if it is a compile-time constant, else ``UNKNOWN``."""
    if expr is None or depth > _MAX_DEPTH:
        return UNKNOWN
    if isinstance(expr, ast.Constant):
        return expr.value
    if isinstance(expr, ast.JoinedStr):
        parts = []
        for value in expr.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                inner = constant(info, value.value, depth + 1)
                if inner is UNKNOWN or value.format_spec is not None:
                    return UNKNOWN
                parts.append(repr(inner) if value.conversion == ord("r") else str(inner))
            else:
                return UNKNOWN
        return "".join(parts)
    if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
        items = [constant(info, e, depth + 1) for e in expr.elts]
        if any(i is UNKNOWN for i in items):
            return UNKNOWN
        return tuple(items) if isinstance(expr, ast.Tuple) else (set(items) if isinstance(expr, ast.Set) else items)
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, (ast.USub, ast.UAdd, ast.Not)):
        operand = constant(info, expr.operand, depth + 1)
        if operand is UNKNOWN:
            return UNKNOWN
        try:
            return {ast.USub: lambda v: -v, ast.UAdd: lambda v: +v, ast.Not: lambda v: not v}[type(expr.op)](operand)
        except TypeError:
            return UNKNOWN
    if isinstance(expr, ast.BinOp):
        left = constant(info, expr.left, depth + 1)
        right = constant(info, expr.right, depth + 1)
        if left is UNKNOWN or right is UNKNOWN:
            return UNKNOWN
        try:
            if isinstance(expr.op, ast.Add):
                return left + right
            if isinstance(expr.op, ast.Mod) and isinstance(left, str):
                return left % right
            if isinstance(expr.op, ast.BitOr) and isinstance(left, int) and isinstance(right, int):
                return left | right
            if isinstance(expr.op, ast.Mult) and not (isinstance(left, str) or isinstance(right, str)):
                return left * right
        except (TypeError, ValueError, OverflowError):
            return UNKNOWN
        return UNKNOWN
    if isinstance(expr, ast.Name):
        found = info.lookup(expr)
        if found is None:
            return UNKNOWN
        scope, values = found
        if len(values) != 1 or values[0] is None or expr.id in scope.params:
            return UNKNOWN
        return constant(info, values[0], depth + 1)
    if isinstance(expr, ast.Attribute) and info.qualname(expr) in _STAT_CONSTANTS:
        return _STAT_CONSTANTS[info.qualname(expr)]
    return UNKNOWN


_STAT_CONSTANTS = {
    f"stat.{name}": value
    for name, value in {
        "S_IRWXU": 0o700, "S_IRUSR": 0o400, "S_IWUSR": 0o200, "S_IXUSR": 0o100,
        "S_IRWXG": 0o070, "S_IRGRP": 0o040, "S_IWGRP": 0o020, "S_IXGRP": 0o010,
        "S_IRWXO": 0o007, "S_IROTH": 0o004, "S_IWOTH": 0o002, "S_IXOTH": 0o001,
        "S_ISUID": 0o4000, "S_ISGID": 0o2000, "S_ISVTX": 0o1000,
    }.items()
}


def is_constant(info: ModuleInfo, expr: ast.AST | None) -> bool:
    return constant(info, expr) is not UNKNOWN


@dataclass
class StringShape:
    """A string expression split into literal text and run-time parts."""

    literal: str = ""  # all literal text, run-time parts replaced by "\0"
    dynamic: list[ast.expr] = field(default_factory=list)
    how: str = ""  # "f-string", "concatenation", "%-formatting", "format()" or "" for literals

    @property
    def is_dynamic(self) -> bool:
        return bool(self.dynamic)

    @property
    def prefix(self) -> str:
        """The literal text before the first run-time part."""
        return self.literal.split("\0", 1)[0]


def string_shape(info: ModuleInfo, expr: ast.AST | None, depth: int = 0) -> StringShape | None:
    """How a string is built, or None if ``expr`` is not recognisably a string."""
    if expr is None or depth > _MAX_DEPTH:
        return None
    value = constant(info, expr)
    if isinstance(value, str):
        return StringShape(literal=value)
    if isinstance(expr, ast.JoinedStr):
        shape = StringShape(how="f-string")
        for part in expr.values:
            if isinstance(part, ast.Constant):
                shape.literal += str(part.value)
            elif isinstance(part, ast.FormattedValue):
                inner = constant(info, part.value)
                if inner is not UNKNOWN and part.format_spec is None:
                    shape.literal += str(inner)
                else:
                    shape.literal += "\0"
                    shape.dynamic.append(part.value)
        return shape
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        left = string_shape(info, expr.left, depth + 1)
        right = string_shape(info, expr.right, depth + 1)
        if left is None and right is None:
            return None
        shape = StringShape(how="concatenation")
        for side, node in ((left, expr.left), (right, expr.right)):
            if side is None:
                shape.literal += "\0"
                shape.dynamic.append(node)
            else:
                shape.literal += side.literal
                shape.dynamic.extend(side.dynamic)
        return shape
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
        template = string_shape(info, expr.left, depth + 1)
        if template is None:
            return None
        args = expr.right.elts if isinstance(expr.right, ast.Tuple) else [expr.right]
        dynamic = [a for a in args if not is_constant(info, a)]
        if not dynamic and not template.dynamic:
            return StringShape(literal=template.literal)
        return StringShape(
            literal=_fill_placeholders(template.literal), dynamic=[*template.dynamic, *dynamic], how="%-formatting"
        )
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr == "format"
    ):
        template = string_shape(info, expr.func.value, depth + 1)
        if template is None:
            return None
        args = [*expr.args, *(k.value for k in expr.keywords)]
        dynamic = [a for a in args if not is_constant(info, a)]
        if not dynamic and not template.dynamic:
            return StringShape(literal=template.literal)
        return StringShape(
            literal=_fill_braces(template.literal), dynamic=[*template.dynamic, *dynamic], how="format()"
        )
    if isinstance(expr, ast.Name):
        found = info.lookup(expr)
        if found is None:
            return None
        scope, values = found
        if expr.id in scope.params:
            return None
        shapes = [string_shape(info, v, depth + 1) for v in values if v is not None]
        dynamic_shapes = [s for s in shapes if s is not None and s.is_dynamic]
        if dynamic_shapes:
            return dynamic_shapes[0]
        return None
    return None


def _fill_placeholders(template: str) -> str:
    """Mark %-placeholders as run-time parts: 'id = %s' -> 'id = \\0'."""
    out, i = [], 0
    while i < len(template):
        ch = template[i]
        if ch == "%" and i + 1 < len(template):
            if template[i + 1] == "%":
                out.append("%")
                i += 2
                continue
            j = i + 1
            if j < len(template) and template[j] == "(":
                close = template.find(")", j)
                j = close + 1 if close != -1 else j
            while j < len(template) and template[j] in "#0- +.*0123456789hlL":
                j += 1
            if j < len(template) and template[j].isalpha():
                out.append("\0")
                i = j + 1
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _fill_braces(template: str) -> str:
    out, i = [], 0
    while i < len(template):
        ch = template[i]
        if ch == "{":
            if template.startswith("{{", i):
                out.append("{")
                i += 2
                continue
            close = template.find("}", i)
            if close != -1:
                out.append("\0")
                i = close + 1
                continue
        if ch == "}" and template.startswith("}}", i):
            out.append("}")
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)

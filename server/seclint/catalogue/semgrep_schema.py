"""The shape of a semgrep rule body, checked before semgrep ever sees it.

Built-in rules keep the body under ``semgrep:``; a team's own rules are whole semgrep rules.
This check catches what a rule author most often gets wrong (a misspelt operator, a taint rule
without sinks, a non-string pattern) and refuses what seclint never runs: rules that reach out
(secret validators call the network), ``join`` rules that read other rule files, and anything
that is not plain data.  Pattern syntax is checked by semgrep itself when the engine starts.
"""

from __future__ import annotations

import re
from typing import Any, Callable, NoReturn

Fail = Callable[[str, str], NoReturn]  # (field path, problem)

FORMULAS = ("pattern", "patterns", "pattern-either", "pattern-regex")
TAINT = ("pattern-sources", "pattern-sinks", "pattern-sanitizers", "pattern-propagators")
# Keys of a body, besides the formula or taint keys.
BODY_EXTRAS = ("mode", "fix", "options", "paths", "min-version", "max-version")
# Keys only a whole (custom) semgrep rule has; a catalogue rule sets these at its top level.
RULE_HEADER = ("id", "message", "languages", "severity", "metadata")
REFUSED = {
    "validators": "secret validators send the matched secret over the network",
    "join": "join rules read other rule files",
    "extract": "extract rules are not supported",
    "fix-regex": "use a `fix:` template instead",
    "r2c-internal-project-depends-on": "dependency rules need a lockfile scan",
    "product": "only code rules are supported",
    "pattern-where-python": "it runs Python code from the rule",
}
# Operators allowed inside `patterns:` / `pattern-either:` and in taint specs.
OPERATORS = {
    "pattern", "patterns", "pattern-either", "pattern-not", "pattern-inside", "pattern-not-inside",
    "pattern-regex", "pattern-not-regex", "focus-metavariable", "metavariable-regex",
    "metavariable-pattern", "metavariable-comparison", "metavariable-type", "metavariable-name",
    "metavariable-analysis", "pattern-where-python",
}
# Keys a taint source/sink/sanitizer/propagator item may have besides one operator.
TAINT_ITEM_KEYS = {"label", "requires", "by-side-effect", "exact", "not-conflicting", "from", "to", "replace-labels"}
_METAVARIABLE = re.compile(r"^\$(?:\.\.\.)?[A-Z_][A-Z0-9_]*$")


def check_body(body: Any, fail: Fail, prefix: str, *, whole_rule: bool = False) -> dict[str, Any]:
    """Validate a rule body (or, with ``whole_rule``, a complete semgrep rule); returns it as plain data."""
    if not isinstance(body, dict):
        fail(prefix, "must be a mapping (pattern, patterns, pattern-either, pattern-regex, or mode: taint ...)")
    _plain(body, fail, prefix)
    allowed = set(FORMULAS) | set(TAINT) | set(BODY_EXTRAS) | (set(RULE_HEADER) if whole_rule else set())
    for key in body:
        where = f"{prefix}.{key}" if prefix else key
        if key in REFUSED:
            fail(where, f"is not allowed: {REFUSED[key]}")
        if key not in allowed:
            hint = " (set it at the top of the rule file, not under semgrep:)" if key in RULE_HEADER else ""
            fail(where, f"is not a semgrep rule key seclint supports{hint}")
    mode = body.get("mode", "search")
    if mode not in ("search", "taint"):
        fail(_join(prefix, "mode"), f"must be search or taint (got {mode!r})")
    formulas = [k for k in FORMULAS if k in body]
    if mode == "taint":
        if formulas:
            fail(_join(prefix, formulas[0]), "a taint rule uses pattern-sources and pattern-sinks instead")
        for key in ("pattern-sources", "pattern-sinks"):
            if key not in body:
                fail(_join(prefix, key), "is required for mode: taint")
        for key in TAINT:
            if key in body:
                _taint_items(body[key], fail, _join(prefix, key))
    else:
        present = [k for k in TAINT if k in body]
        if present:
            fail(_join(prefix, present[0]), "only applies to mode: taint")
        if len(formulas) != 1:
            fail(prefix or "semgrep", "needs exactly one of pattern, patterns, pattern-either, pattern-regex"
                 + (f" (found {', '.join(formulas)})" if formulas else ""))
        _formula(formulas[0], body[formulas[0]], fail, _join(prefix, formulas[0]))
    if "fix" in body and (not isinstance(body["fix"], str) or not body["fix"]):
        fail(_join(prefix, "fix"), "must be a non-empty template string")
    if "options" in body and not isinstance(body["options"], dict):
        fail(_join(prefix, "options"), "must be a mapping")
    if "paths" in body:
        paths = body["paths"]
        if not isinstance(paths, dict) or set(paths) - {"include", "exclude"}:
            fail(_join(prefix, "paths"), "must be a mapping with include and/or exclude lists")
        for key, globs in paths.items():
            if not isinstance(globs, list) or not all(isinstance(g, str) for g in globs):
                fail(_join(prefix, f"paths.{key}"), "must be a list of glob strings")
    return body


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _plain(value: Any, fail: Fail, where: str) -> None:
    """Only what JSON can hold: YAML dates, sets or anchors to odd types are refused."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                fail(where, f"key {key!r} must be a string")
            _plain(item, fail, _join(where, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _plain(item, fail, f"{where}[{i}]")
    elif value is not None and not isinstance(value, (str, bool, int, float)):
        fail(where, f"must be plain data, not {type(value).__name__}")


def _formula(key: str, value: Any, fail: Fail, where: str) -> None:
    if key in ("pattern", "pattern-regex", "pattern-not", "pattern-inside", "pattern-not-inside", "pattern-not-regex"):
        if not isinstance(value, str) or not value.strip():
            fail(where, "must be a non-empty pattern string")
        if key.endswith("regex"):
            _regex(value, fail, where)
        return
    if key in ("patterns", "pattern-either"):
        if not isinstance(value, list) or not value:
            fail(where, "must be a non-empty list of pattern operators")
        for i, item in enumerate(value):
            _operator(item, fail, f"{where}[{i}]")
        return
    if key == "focus-metavariable":
        names = value if isinstance(value, list) else [value]
        for name in names:
            if not isinstance(name, str) or not _METAVARIABLE.match(name):
                fail(where, f"{name!r} is not a metavariable like $X")
        return
    if key.startswith("metavariable-"):
        if not isinstance(value, dict):
            fail(where, "must be a mapping")
        name = value.get("metavariable")
        if key != "metavariable-comparison" and (not isinstance(name, str) or not _METAVARIABLE.match(name)):
            fail(_join(where, "metavariable"), "must name a metavariable like $X")
        if key == "metavariable-regex":
            if not isinstance(value.get("regex"), str):
                fail(_join(where, "regex"), "is required")
            _regex(value["regex"], fail, _join(where, "regex"))
        if key == "metavariable-pattern":
            inner = [k for k in FORMULAS if k in value]
            if len(inner) != 1:
                fail(where, "needs exactly one of pattern, patterns, pattern-either, pattern-regex")
            _formula(inner[0], value[inner[0]], fail, _join(where, inner[0]))
        if key == "metavariable-comparison" and not isinstance(value.get("comparison"), str):
            fail(_join(where, "comparison"), "is required")
        if key == "metavariable-analysis" and value.get("analyzer") not in ("entropy", "redos"):
            fail(_join(where, "analyzer"), "must be entropy or redos")
        return
    if key == "pattern-where-python":
        fail(where, "is not allowed: it runs Python code from the rule")


def _operator(item: Any, fail: Fail, where: str) -> None:
    if not isinstance(item, dict) or len(item) != 1:
        fail(where, "must be a mapping with one operator (pattern, pattern-not, pattern-inside, metavariable-regex, ...)")
    (key, value), = item.items()
    if key not in OPERATORS:
        fail(_join(where, key), "is not a semgrep pattern operator")
    _formula(key, value, fail, _join(where, key))


def _taint_items(items: Any, fail: Fail, where: str) -> None:
    if not isinstance(items, list) or not items:
        fail(where, "must be a non-empty list")
    for i, item in enumerate(items):
        here = f"{where}[{i}]"
        if not isinstance(item, dict):
            fail(here, "must be a mapping with a pattern operator")
        operators = [k for k in item if k in OPERATORS]
        unknown = [k for k in item if k not in OPERATORS and k not in TAINT_ITEM_KEYS]
        if unknown:
            fail(_join(here, unknown[0]), "is not a taint source/sink/sanitizer key")
        if where.endswith("pattern-propagators"):
            if "from" not in item or "to" not in item:
                fail(here, "a propagator needs from and to")
        if len(operators) != 1:
            fail(here, "needs exactly one pattern operator")
        _formula(operators[0], item[operators[0]], fail, _join(here, operators[0]))


def _regex(pattern: str, fail: Fail, where: str) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        # semgrep uses PCRE, which accepts a little more than Python; only plain mistakes are caught here.
        if "unknown extension" not in str(exc) and "bad escape" not in str(exc):
            fail(where, f"is not a valid regular expression: {exc}")

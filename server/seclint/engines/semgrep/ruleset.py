"""Rules compiled for semgrep-core once per session: one rules file, validated, with prefilters.

For a set of seclint rules (those of one language, as the settings enable them) this writes the
semgrep rules file once, asks semgrep-core once which rules it cannot parse (each reported with
the file and line of the seclint rule, then left out, the others kept), and once for each rule's
prefilter: the identifiers or regex a file must contain for the rule to possibly match.  A
document that passes no rule's prefilter costs no semgrep run at all.

``fix`` templates are not sent: semgrep-core checks every rendered fix by re-parsing the whole
file, which doubles its run time; seclint renders the template itself from the metavariables.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import os
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ...catalogue import Rule
from ...languages import GENERIC, semgrep_language
from ..base import EngineError
from .process import Session

log = logging.getLogger(__name__)

_SEVERITY = {"critical": "ERROR", "high": "ERROR", "medium": "WARNING", "low": "INFO", "info": "INFO"}
_EMPTY_TARGETS = '["Targets", []]'


def semgrep_rule(rule: Rule) -> dict[str, Any]:
    """The rule as semgrep-core reads it (without the fix template, rendered by seclint)."""
    body = {k: v for k, v in rule.semgrep_body.items() if k not in ("fix", "metadata", "id", "message", "languages", "severity")}
    languages = sorted({semgrep_language(language) for language in rule.languages})
    return {"id": rule.id, "languages": languages, "message": rule.message, "severity": _SEVERITY[rule.severity], **body}


@dataclass
class RuleSet:
    rules: dict[str, Rule]  # usable rules by id
    path: Path  # the rules file semgrep-core reads
    prefilters: dict[str, Any]  # rule id -> prefilter formula (absent: always run)
    problems: list[str] = field(default_factory=list)  # rules left out, and why
    excludes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # rule id -> file name globs it excludes

    def wanted(self, text: str, name: str) -> list[Rule]:
        """The rules that may match ``text`` according to their prefilters, leaving out those whose
        ``paths: exclude`` rules out a target called ``name`` (the file name semgrep-core is given).

        Skipped before the prefilter, which is a Python regex for the secrets rules: ~2 ms per
        300-line module for the seven that exclude ``*.py``, and semgrep-core would skip them anyway."""
        return [
            rule
            for rule_id, rule in self.rules.items()
            if not _excluded(self.excludes.get(rule_id, ()), name) and _holds(self.prefilters.get(rule_id), text)
        ]

    @property
    def generic(self) -> bool:
        return any(GENERIC in r.languages for r in self.rules.values())


def compile_rules(session: Session, rules: list[Rule], name: str, time_limit: float) -> RuleSet:
    """Write, validate and prefilter ``rules`` (see the module docstring)."""
    by_id = {rule.id: rule for rule in rules}
    # Per process: forked workers share the session's directory and may compile the same set.
    path = session.directory / f"rules-{name}-{os.getpid()}.json"
    text, spans = _dumps_tracked({"rules": [semgrep_rule(r) for r in rules]})
    path.write_text(text, encoding="ascii")
    outcome = session.run(["-json", "-rules", str(path), "-targets", str(_empty_targets(session))], time_limit=time_limit)
    report = _json_of(outcome.stdout)
    problems = []
    broken = set()
    for error in report.get("errors", []) if isinstance(report, dict) else []:
        rule_id = error.get("rule_id") if isinstance(error, dict) else None
        if rule_id not in by_id:
            message = error.get("message", error) if isinstance(error, dict) else error
            raise EngineError(f"semgrep cannot read the rules: {str(message).strip()[:300]}")
        broken.add(rule_id)
        rule = by_id[rule_id]
        where = _where(rule, error.get("location"), spans)
        reason = " ".join(str(error.get("message", "")).split("----- pattern -----")[0].split())
        problems.append(f"semgrep: rule {rule_id} ({where}) is skipped: {reason}")
    if outcome.returncode != 0 and not broken:
        raise EngineError(f"semgrep-core failed checking the rules (exit {outcome.returncode}): {_tail(outcome.stderr)}")
    if broken:
        for rule_id in broken:
            log.info("semgrep rule %s is skipped", rule_id)
        kept = [r for r in rules if r.id not in broken]
        text, _ = _dumps_tracked({"rules": [semgrep_rule(r) for r in kept]})
        path.write_text(text, encoding="ascii")
        by_id = {r.id: r for r in kept}
    prefilters: dict[str, Any] = {}
    if by_id:
        outcome = session.run(["-prefilter_of_rules", str(path)], time_limit=time_limit)
        try:
            for entry in json.loads(outcome.stdout.decode("utf-8", "replace")):
                prefilters[entry["rule_id"]] = entry["filter"]
        except (ValueError, TypeError, KeyError):
            log.info("semgrep prefilters unreadable; every rule runs on every document")
            prefilters = {}
    excludes = {rule_id: globs for rule_id, rule in by_id.items() if (globs := _name_globs(rule))}
    return RuleSet(by_id, path, prefilters, problems, excludes)


def _empty_targets(session: Session) -> Path:
    path = session.directory / "no-targets.json"
    if not path.exists():
        # Two stage threads may compile at once: each writes its own partial file.
        partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        partial.write_text(_EMPTY_TARGETS, encoding="ascii")
        os.replace(partial, path)  # never half-written for a worker reading it
    return path


def _json_of(stdout: bytes) -> Any:
    """semgrep-core's JSON answer (it prints a progress dot per target first)."""
    start = stdout.find(b"{")
    if start < 0:
        raise EngineError(f"semgrep-core printed no JSON: {_tail(stdout)}")
    try:
        return json.loads(stdout[start:].decode("utf-8", "replace"))
    except ValueError as exc:
        raise EngineError(f"semgrep-core printed output seclint cannot read ({exc})") from None


def _tail(data: bytes) -> str:
    text = " ".join(data.decode("utf-8", "replace").split())
    return text[-300:] or "no output"


# -- prefilters ------------------------------------------------------------------------------


_NOT_A_NAME_GLOB = frozenset("/\\!")  # a path, an escape, a negation: left to semgrep-core


def _name_globs(rule: Rule) -> tuple[str, ...]:
    """The globs of the rule's ``paths: exclude`` that name files, not paths (``*.py``).

    semgrep matches a glob without a slash against every part of a path, the file name among them,
    so a file whose name matches one is certainly excluded.  Other patterns (paths, negations,
    escapes) are left to semgrep-core."""
    paths = rule.semgrep_body.get("paths")
    excludes = paths.get("exclude") if isinstance(paths, dict) else None
    if not isinstance(excludes, list):
        return ()
    return tuple(glob for glob in excludes if isinstance(glob, str) and glob and not set(glob) & _NOT_A_NAME_GLOB)


def _excluded(globs: tuple[str, ...], name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, glob) for glob in globs)


# Above this many characters a regex prefilter costs more than the rule it may skip: the secrets
# rules' patterns took ~40 ms of Python regex (holding the GIL beside the first stage's analysis)
# on a 5,000-line file, while semgrep-core matches them in its own process within the same run.
REGEX_PREFILTER_LIMIT = 32_768


def _holds(formula: Any, text: str) -> bool:
    """Whether ``text`` may match a rule with this prefilter; anything unexpected means yes."""
    try:
        if formula is None or formula == "None" or formula == ["None"]:
            return True
        if isinstance(formula, list) and formula and formula[0] == "Some":
            return _formula(formula[1], text)
        return True
    except Exception:
        return True


def _formula(node: Any, text: str) -> bool:
    kind, arg = node[0], node[1]
    if kind == "And":
        return all(_formula(child, text) for child in arg)
    if kind == "Or":
        return any(_formula(child, text) for child in arg)
    if kind == "Pred":
        what, value = arg[0], arg[1]
        if what == "Idents":
            # A substring test first (C speed, no regex): most identifiers are simply absent.
            return all(ident in text and _word(ident).search(text) is not None for ident in value)
        if what == "Regexp":
            if len(text) > REGEX_PREFILTER_LIMIT:
                return True  # semgrep-core tries the rule itself, in its own process
            pattern = _compiled(value)
            return pattern is None or pattern.search(text) is not None
    return True


@lru_cache(maxsize=2048)
def _word(ident: str) -> re.Pattern[str]:
    """An identifier as a whole word, as semgrep's own prefilter looks for it."""
    return re.compile(r"(?<![A-Za-z0-9_$])" + re.escape(ident) + r"(?![A-Za-z0-9_$])")


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None  # PCRE-only syntax: let semgrep decide


# -- mapping semgrep's rule errors back to the seclint rule file --------------------------------


def _dumps_tracked(value: Any) -> tuple[str, list[tuple[int, int, tuple]]]:
    """JSON text (ASCII, so byte and character offsets agree) and the span of every value in it."""
    parts: list[str] = []
    spans: list[tuple[int, int, tuple]] = []
    position = 0

    def emit(chunk: str) -> None:
        nonlocal position
        parts.append(chunk)
        position += len(chunk)

    def walk(item: Any, path: tuple) -> None:
        start = position
        if isinstance(item, dict):
            emit("{")
            for i, (key, child) in enumerate(item.items()):
                if i:
                    emit(",")
                emit(json.dumps(key) + ":")
                walk(child, (*path, key))
            emit("}")
        elif isinstance(item, list):
            emit("[")
            for i, child in enumerate(item):
                if i:
                    emit(",")
                walk(child, (*path, i))
            emit("]")
        else:
            emit(json.dumps(item))
        spans.append((start, position, path))

    walk(value, ())
    return "".join(parts), spans


def _where(rule: Rule, location: Any, spans: list[tuple[int, int, tuple]]) -> str:
    """'file:line' of the part of ``rule`` that a semgrep error location points into."""
    if rule.path is None:
        return rule.id
    line = rule.line
    try:
        offset = int(location["start"]["offset"])
        inside = [(end - start, path) for start, end, path in spans if start <= offset < end and len(path) >= 2]
        if inside:
            _, path = min(inside, key=lambda item: item[0])
            found = yaml_line(rule, path[2:])
            line = found or line
    except (TypeError, KeyError, ValueError):
        pass
    return f"{rule.path}:{line}" if line else str(rule.path)


def yaml_line(rule: Rule, keys: tuple) -> int | None:
    """1-based line of ``keys`` inside ``rule``'s body in its YAML file (nearest enclosing node)."""
    if rule.path is None:
        return None
    try:
        root = yaml.compose(rule.path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    node = _rule_node(root, rule)
    if node is None:
        return None
    if not rule.custom and keys and keys[0] not in ("id", "languages", "message", "severity"):
        node = _child(node, "semgrep") or node
    for key in keys:
        child = _child(node, key)
        if child is None:
            break
        node = child
    return node.start_mark.line + 1


def _rule_node(root: Any, rule: Rule) -> Any:
    if not rule.custom:
        return root
    rules = _child(root, "rules")
    for item in getattr(rules, "value", []) or []:
        ident = _child(item, "id")
        if ident is not None and getattr(ident, "value", None) == rule.id:
            return item
    return None


def _child(node: Any, key: Any) -> Any:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None

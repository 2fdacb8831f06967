"""A team's own semgrep rules (``rule-paths``), loaded as data and checked rule by rule.

Each file is ordinary semgrep YAML (``rules: [...]``).  Only ``yaml.safe_load`` reads it, and
only what ``semgrep_schema`` allows is kept: no code runs, nothing is fetched.  A broken rule is
reported with its file and line and left out; the file's other rules, and every other file,
still load.  The rules become catalogue rules of engine ``semgrep`` (``custom``), so findings
get the same hover, suppressions and merging as built-in ones; the hover text comes from the
rule's message and metadata.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml

from ..languages import normalise
from .model import CONFIDENCES, Reference, Rule, Weakness
from .semgrep_schema import check_body

RULE_SUFFIXES = (".yaml", ".yml")
CUSTOM_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
_SEVERITY = {
    "critical": "critical", "error": "high", "high": "high", "warning": "medium", "medium": "medium",
    "info": "low", "low": "low", "inventory": "info", "experiment": "info",
}
_CWE = re.compile(r"CWE-(\d+)\s*:?\s*(.*)")
_OWASP = re.compile(r"(A(?:0[1-9]|10):2021)")
MAX_FILES = 200
MAX_FILE_BYTES = 2_000_000


class _Broken(Exception):
    def __init__(self, field: str, problem: str):
        self.field = field
        self.problem = problem


@dataclass
class CustomRules:
    rules: list[Rule] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    weaknesses: dict[str, Weakness] = field(default_factory=dict)  # CWE names the rules' metadata gives
    # A hash of the paths asked for and of every file's name and text as read: what the findings
    # cache keys a team's rules on (the very bytes these rules came from, not a later read).
    digest: str = ""


def rule_files(paths: tuple[str, ...]) -> list[Path]:
    """The YAML files named by ``paths`` (files, or folders searched recursively), in order."""
    found: list[Path] = []
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()))
        elif path.is_file():
            found.append(path)
    return found[:MAX_FILES]


_cache: dict[tuple, CustomRules] = {}


def load_cached(paths: tuple[str, ...], taken: frozenset[str]) -> CustomRules:
    """``load``, reused while no rule file changed (checked by modification time and size)."""
    stamps = []
    for path in [*map(Path, paths), *rule_files(paths)]:
        try:
            stat = path.stat()
            stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append((str(path), None, None))
    key = (paths, tuple(stamps), taken)
    cached = _cache.get(key)
    if cached is None:
        if len(_cache) > 32:
            _cache.clear()
        cached = _cache[key] = load(paths, set(taken))
    return cached


def load(paths: tuple[str, ...], taken: set[str]) -> CustomRules:
    """Load every rule in ``paths``; ``taken`` are ids already in use (the catalogue's)."""
    result = CustomRules()
    seen = set(i.upper() for i in taken)
    digest = hashlib.sha256(json.dumps([list(paths), sorted(taken)]).encode())
    for entry in paths:
        if not Path(entry).exists():
            result.problems.append(f"custom rules: {entry} does not exist")
    for path in rule_files(paths):
        _load_file(path, result, seen, digest)
    result.digest = digest.hexdigest()
    return result


def _load_file(path: Path, result: CustomRules, seen: set[str], digest: Any) -> None:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            result.problems.append(f"custom rules: {path} is larger than {MAX_FILE_BYTES:,} bytes; skipped")
            return
        text = path.read_text(encoding="utf-8")
        digest.update(f"{path}\0{len(text)}\0".encode())
        digest.update(text.encode("utf-8", "surrogatepass"))
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        result.problems.append(f"custom rules: {where}: not valid YAML ({getattr(exc, 'problem', None) or exc}); file skipped")
        return
    except (OSError, UnicodeDecodeError) as exc:
        result.problems.append(f"custom rules: {path} cannot be read ({exc}); skipped")
        return
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        result.problems.append(f"custom rules: {path}: must be a mapping with a 'rules:' list (semgrep's format); skipped")
        return
    nodes = _child(root, "rules")
    for i, raw in enumerate(data["rules"]):
        node = nodes.value[i] if nodes is not None and i < len(nodes.value) else None
        line = node.start_mark.line + 1 if node is not None else None
        try:
            rule = _rule(path, line, raw, seen)
        except _Broken as broken:
            where = f"{path}:{_line_of(node, broken.field) or line or 1}"
            name = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{i + 1}"
            result.problems.append(f"custom rules: {where}: rule {name}: '{broken.field}' {broken.problem}; rule skipped")
            continue
        seen.add(rule.id.upper())
        result.rules.append(rule)
        for cwe_id, name in _cwe_names(raw.get("metadata")):
            result.weaknesses.setdefault(cwe_id, Weakness(cwe_id, name))


def _rule(path: Path, line: int | None, raw: Any, seen: set[str]) -> Rule:
    def fail(where: str, problem: str) -> NoReturn:
        raise _Broken(where or "rule", problem)

    if not isinstance(raw, dict):
        fail("rule", "must be a mapping")
    body = check_body(raw, fail, "", whole_rule=True)
    rule_id = body.get("id")
    if not isinstance(rule_id, str) or not CUSTOM_ID.match(rule_id):
        fail("id", "must be letters, digits, '.', '-' or '_'")
    if rule_id.upper() in seen:
        fail("id", f"{rule_id} is already the id of another rule")
    message = body.get("message")
    if not isinstance(message, str) or not message.strip():
        fail("message", "is required")
    languages = body.get("languages")
    if not isinstance(languages, list) or not languages or not all(isinstance(x, str) for x in languages):
        fail("languages", "must be a non-empty list")
    severity = _SEVERITY.get(str(body.get("severity", "")).lower())
    if severity is None:
        fail("severity", "must be ERROR, WARNING or INFO (or CRITICAL/HIGH/MEDIUM/LOW)")
    metadata = body.get("metadata") or {}
    if not isinstance(metadata, dict):
        fail("metadata", "must be a mapping")
    normalised = tuple(dict.fromkeys(normalise(x) for x in languages))
    title = metadata.get("title") if isinstance(metadata.get("title"), str) else _first_sentence(message)
    confidence = str(metadata.get("confidence", "medium")).lower()
    references = tuple(
        Reference(ref, ref) for ref in _strings(metadata.get("references")) if ref.startswith("https://")
    )
    owasp = next((m.group(1) for m in map(_OWASP.search, _strings(metadata.get("owasp"))) if m), "")
    semgrep = {k: v for k, v in body.items() if k not in ("id", "message", "languages", "severity", "metadata")}
    description = metadata.get("description") if isinstance(metadata.get("description"), str) else ""
    return Rule(
        id=rule_id,
        title=title,
        severity=severity,
        confidence=confidence if confidence in CONFIDENCES else "medium",
        cwe=tuple(cwe_id for cwe_id, _ in _cwe_names(metadata)),
        owasp=owasp,
        languages=normalised,
        engine="semgrep",
        message=" ".join(message.split()),
        what=description,
        why="",
        verify="",
        insecure="",
        secure="",
        references=references,
        # A team's fix is offered, never applied by fix-all: seclint cannot vouch for it.
        fix_title=f"Apply the fix of {rule_id}" if "fix" in semgrep else None,
        fix_safe=False,
        semgrep=json.dumps(semgrep, sort_keys=True, separators=(",", ":")),
        custom=True,
        path=path,
        line=line,
    )


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _cwe_names(metadata: Any) -> list[tuple[str, str]]:
    if not isinstance(metadata, dict):
        return []
    names = []
    for item in _strings(metadata.get("cwe")):
        match = _CWE.search(item)
        if match:
            names.append((f"CWE-{match.group(1)}", match.group(2).strip() or f"CWE-{match.group(1)}"))
    return names


def _first_sentence(message: str) -> str:
    text = " ".join(message.split())
    cut = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return cut if len(cut) <= 90 else cut[:89] + "…"


def _child(node: Any, key: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return v
    return None


def _line_of(node: Any, dotted: str) -> int | None:
    """Line of a field like 'patterns[1].pattern-inside' inside a rule's node."""
    if node is None:
        return None
    current = node
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", dotted):
        if part.startswith("["):
            index = int(part[1:-1])
            if isinstance(current, yaml.SequenceNode) and index < len(current.value):
                current = current.value[index]
                continue
            break
        child = _child(current, part)
        if child is None:
            break
        current = child
    return current.start_mark.line + 1

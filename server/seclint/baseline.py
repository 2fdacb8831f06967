"""Baselines: today's findings recorded so that only new ones are reported.

``seclint check --write-baseline FILE`` writes one; ``seclint check --baseline FILE`` and the
language server's ``baseline`` setting read it.  The file holds no code (it may be committed
next to code with secrets in it): per finding the path relative to the baseline's folder, the
rule, the two fingerprint hashes and, for people reading the file, the line it was on.

Matching is two passes over each file's findings: first on rule + code + surrounding lines,
then on rule + code alone, each baseline entry used once.  So a finding still matches after
lines are added above it, after a reformat, or after an edit of its own line that leaves the
flagged code alone; a second copy of the same flaw is new.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .fingerprints import Fingerprint

FORMAT = "seclint-baseline"
VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be read: named, with what is wrong."""


@dataclass(frozen=True, slots=True)
class Entry:
    path: str  # POSIX, relative to the baseline file's folder
    rule: str
    code: str
    context: str
    line: int = 0  # 1-based, informational only


def relative_path(path: Path, base: Path) -> str:
    """``path`` as the baseline records it: relative to ``base``, with forward slashes."""
    try:
        return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return path.resolve().as_posix()


class Baseline:
    def __init__(self, path: Path, entries: Iterable[Entry] = ()):
        self.path = path
        self.base = path.resolve().parent
        self.entries = list(entries)
        self._by_path: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            self._by_path[entry.path].append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def legacy(self, path: Path, rules: Sequence[str], prints: Sequence[Fingerprint]) -> list[bool]:
        """For each finding of one file (its rule and fingerprint): is it in the baseline?"""
        candidates = list(self._by_path.get(relative_path(path, self.base), ()))
        matched = [False] * len(rules)
        if not candidates:
            return matched
        for exact in (True, False):
            for i, (rule, fp) in enumerate(zip(rules, prints)):
                if matched[i]:
                    continue
                for j, entry in enumerate(candidates):
                    if entry.rule == rule and entry.code == fp.code and (not exact or entry.context == fp.context):
                        matched[i] = True
                        del candidates[j]
                        break
        return matched


def entries_for(path: Path, base: Path, rules: Sequence[str], prints: Sequence[Fingerprint], lines: Sequence[int]) -> list[Entry]:
    relative = relative_path(path, base)
    return [Entry(relative, rule, fp.code, fp.context, line) for rule, fp, line in zip(rules, prints, lines)]


def write(path: Path, entries: Iterable[Entry]) -> None:
    ordered = sorted(entries, key=lambda e: (e.path, e.line, e.rule, e.code))
    document = {
        "format": FORMAT,
        "version": VERSION,
        "comment": "Findings accepted as legacy by `seclint check --write-baseline`; see `seclint check --baseline`.",
        "findings": [
            {"path": e.path, "rule": e.rule, "line": e.line, "code": e.code, "context": e.context} for e in ordered
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def load(path: Path) -> Baseline:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (write one with `seclint check --write-baseline {path}`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({exc})") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: the baseline is not valid JSON ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BaselineError(f"{path}: not a seclint baseline (no \"format\": \"{FORMAT}\")")
    if document.get("version") != VERSION:
        raise BaselineError(f"{path}: baseline version {document.get('version')!r} is not supported (expected {VERSION})")
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise BaselineError(f"{path}: \"findings\" must be a list")
    entries = []
    for i, item in enumerate(findings):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("path", "rule", "code", "context")):
            raise BaselineError(f"{path}: findings[{i}] needs string fields path, rule, code and context")
        line = item.get("line", 0)
        entries.append(Entry(item["path"], item["rule"], item["code"], item["context"], line if isinstance(line, int) else 0))
    return Baseline(path, entries)


_cache: dict[Path, tuple[float, int, Baseline]] = {}


def load_cached(path: Path) -> Baseline:
    """``load``, re-read only when the file changed (the language server asks on every publish)."""
    resolved = path.resolve()
    try:
        stat = resolved.stat()
    except OSError:
        return load(path)
    cached = _cache.get(resolved)
    if cached is not None and cached[:2] == (stat.st_mtime, stat.st_size):
        return cached[2]
    baseline = load(path)
    _cache[resolved] = (stat.st_mtime, stat.st_size, baseline)
    return baseline


def resolve_path(value: str, project_dir: Path | None, fallback: Path | None) -> Path:
    """A ``baseline`` setting as a path: relative ones are taken from the project's folder
    (where pyproject.toml is), else from ``fallback`` (the workspace root, or the current folder)."""
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    base = project_dir or fallback or Path.cwd()
    return base / path

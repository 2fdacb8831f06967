"""One typed, fully defaulted settings model.

Settings come from the editor (``initializationOptions``, ``workspace/configuration``,
``workspace/didChangeConfiguration``) and from ``[tool.seclint]`` in the project's
``pyproject.toml``.  They are data only: nothing here imports or runs code from
the workspace.  Keys may be written camelCase, snake_case or kebab-case.

Precedence: defaults, then the editor's settings, then the project's
``[tool.seclint]`` — the project file is what CI reads, so the editor shows what
the pipeline enforces.  A malformed value is reported and the default is kept.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from .catalogue.model import CONFIDENCES, SEVERITIES, confidence_rank, severity_rank


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()  # opt-in rules to turn on
    severity: tuple[tuple[str, str], ...] = ()  # rule id -> severity override
    min_confidence: str = "low"
    min_severity: str = "info"
    exclude: tuple[str, ...] = ()
    engines: tuple[tuple[str, bool], ...] = ()  # engine name -> enabled
    debounce_ms: int = 100
    max_document_size: int = 4_000_000  # characters
    report_unused_suppressions: bool = True
    semgrep_timeout: float = 10.0  # seconds one semgrep run may take before it is stopped
    analysis_timeout: float = 10.0  # seconds bandit, and the ast checks, may each spend on one document
    rule_paths: tuple[str, ...] = ()  # a team's own semgrep rule files or folders, inside the project
    languages: tuple[str, ...] = ()  # empty: every language seclint knows
    # A baseline file written by `seclint check --write-baseline`: its findings are legacy
    # (dimmed in the editor, not reported by `check`).  Relative to the project's directory.
    baseline: str | None = None
    # Keep the findings of documents as opened and saved in the user's cache folder, so reopening
    # one shows them at once (findings_cache.py).  Changes no finding, only when they appear.
    findings_cache: bool = True

    def language_enabled(self, language: str | None) -> bool:
        return language is not None and (not self.languages or language in self.languages)

    def severity_for(self, rule_id: str, default: str) -> str:
        return dict(self.severity).get(rule_id, default)

    def engine_enabled(self, name: str) -> bool:
        return dict(self.engines).get(name, True)

    def rule_enabled(self, rule_id: str, severity: str, confidence: str, opt_in: bool = False) -> bool:
        if opt_in and not any(_matches(rule_id, s) for s in self.enable):
            return False
        if self.select and not any(_matches(rule_id, s) for s in self.select):
            return False
        if any(_matches(rule_id, s) for s in self.ignore):
            return False
        if confidence_rank(confidence) < confidence_rank(self.min_confidence):
            return False
        return severity_rank(self.severity_for(rule_id, severity)) >= severity_rank(self.min_severity)

    def is_excluded(self, path: Path | None, root: Path | None) -> bool:
        if path is None or not self.exclude:
            return False
        try:
            relative = PurePosixPath(path.resolve().relative_to(root.resolve()).as_posix()) if root else None
        except ValueError:
            relative = None
        candidates = [PurePosixPath(path.as_posix())]
        if relative is not None:
            candidates.insert(0, relative)
        for pattern in self.exclude:
            for candidate in candidates:
                if _glob_match(candidate, pattern):
                    return True
        return False


def _matches(rule_id: str, selector: str) -> bool:
    """A selector is a rule id, or a prefix ending in '-' or '*' such as 'PY-CRYPTO-'."""
    selector = selector.upper().rstrip("*")
    return rule_id == selector or (selector.endswith("-") and rule_id.startswith(selector))


def _glob_match(path: PurePosixPath, pattern: str) -> bool:
    text = path.as_posix()
    pattern = pattern.strip().rstrip("/")
    if not pattern:
        return False
    if pattern.endswith("/**"):
        base = pattern[:-3]
        return text == base or text.startswith(base + "/") or fnmatch.fnmatch(text, pattern)
    if fnmatch.fnmatch(text, pattern):
        return True
    # A bare name (no slash) matches any path component, as in .gitignore.
    if "/" not in pattern:
        return any(fnmatch.fnmatch(part, pattern) for part in path.parts)
    return False


def _norm(key: str) -> str:
    return key.replace("-", "").replace("_", "").lower()


_FIELDS = {
    "select": "select",
    "ignore": "ignore",
    "enable": "enable",
    "severity": "severity",
    "severityoverrides": "severity",
    "minconfidence": "min_confidence",
    "minseverity": "min_severity",
    "exclude": "exclude",
    "engines": "engines",
    "debouncems": "debounce_ms",
    "maxdocumentsize": "max_document_size",
    "reportunusedsuppressions": "report_unused_suppressions",
    "semgreptimeout": "semgrep_timeout",
    "analysistimeout": "analysis_timeout",
    "rulepaths": "rule_paths",
    "languages": "languages",
    "baseline": "baseline",
    "findingscache": "findings_cache",
}


def _str_list(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    return None


def apply(base: Settings, raw: Any, origin: str) -> tuple[Settings, list[str]]:
    """Layer one settings mapping over ``base``; returns the result and any problems."""
    problems: list[str] = []
    if raw is None:
        return base, problems
    if not isinstance(raw, dict):
        return base, [f"{origin}: settings must be an object, got {type(raw).__name__}; using defaults"]
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        name = _FIELDS.get(_norm(str(key)))
        if name is None:
            problems.append(f"{origin}: unknown setting {key!r} ignored")
            continue
        where = f"{origin}: setting {key!r}"
        if name in ("select", "ignore", "enable", "exclude", "languages", "rule_paths"):
            items = _str_list(value)
            if items is None:
                problems.append(f"{where} must be a list of strings")
                continue
            if name == "languages":
                from .languages import CATALOGUE_LANGUAGES

                known = sorted(CATALOGUE_LANGUAGES)
                unknown = [i for i in items if i.lower() not in known]
                if unknown:
                    problems.append(f"{where}: unknown language {unknown[0]!r} (known: {', '.join(known)})")
                    continue
                items = tuple(i.lower() for i in items)
            changes[name] = items
        elif name == "baseline":
            if value is not None and (not isinstance(value, str) or not value.strip()):
                problems.append(f"{where} must be the path of a baseline file")
                continue
            changes[name] = value.strip() if value else None
        elif name == "severity":
            if not isinstance(value, dict):
                problems.append(f"{where} must map rule ids to one of {', '.join(SEVERITIES)}")
                continue
            good = dict(base.severity)
            for rule_id, sev in value.items():
                if isinstance(sev, str) and sev.lower() in SEVERITIES:
                    good[str(rule_id).upper()] = sev.lower()
                else:
                    problems.append(f"{where}: {rule_id!r} must be one of {', '.join(SEVERITIES)}")
            changes[name] = tuple(sorted(good.items()))
        elif name in ("min_confidence", "min_severity"):
            options = CONFIDENCES if name == "min_confidence" else SEVERITIES
            if not isinstance(value, str) or value.lower() not in options:
                problems.append(f"{where} must be one of {', '.join(options)}")
                continue
            changes[name] = value.lower()
        elif name == "engines":
            if not isinstance(value, dict) or not all(isinstance(v, bool) for v in value.values()):
                problems.append(f"{where} must map engine names to true/false")
                continue
            merged = dict(base.engines)
            merged.update({str(k): v for k, v in value.items()})
            changes[name] = tuple(sorted(merged.items()))
        elif name in ("debounce_ms", "max_document_size"):
            limit = 10_000 if name == "debounce_ms" else 1 << 31
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= limit:
                problems.append(f"{where} must be a whole number between 0 and {limit}")
                continue
            changes[name] = value
        elif name == "semgrep_timeout":
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0.1 <= value <= 600:
                problems.append(f"{where} must be a number of seconds between 0.1 and 600")
                continue
            changes[name] = float(value)
        elif name == "analysis_timeout":
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0.01 <= value <= 600:
                problems.append(f"{where} must be a number of seconds between 0.01 and 600")
                continue
            changes[name] = float(value)
        elif name in ("report_unused_suppressions", "findings_cache"):
            if not isinstance(value, bool):
                problems.append(f"{where} must be true or false")
                continue
            changes[name] = value
    return replace(base, **changes), problems


@dataclass
class ProjectConfig:
    """``[tool.seclint]`` of one pyproject.toml, cached by modification time."""

    path: Path
    mtime: float
    data: dict[str, Any] | None
    problems: list[str] = field(default_factory=list)


_project_cache: dict[Path, ProjectConfig] = {}


def find_project_config(start: Path, stop: Path | None = None) -> ProjectConfig | None:
    """The nearest pyproject.toml with a [tool.seclint] table, from ``start`` upwards (not above ``stop``)."""
    directory = start if start.is_dir() else start.parent
    stop = stop.resolve() if stop else None
    for candidate in [directory, *directory.parents]:
        config = _read_project(candidate / "pyproject.toml")
        if config is not None and (config.data is not None or config.problems):
            return config
        if stop is not None and candidate.resolve() == stop:
            break
    return None


def _read_project(path: Path) -> ProjectConfig | None:
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    cached = _project_cache.get(path)
    if cached is not None and cached.mtime == mtime:
        return cached
    config = ProjectConfig(path, mtime, None)
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
        table = document.get("tool", {}).get("seclint")
        if table is not None and not isinstance(table, dict):
            config.problems.append(f"{path}: [tool.seclint] must be a table")
        else:
            config.data = table
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        config.problems.append(f"{path}: cannot be read as TOML ({exc}); its [tool.seclint] is ignored")
    _project_cache[path] = config
    return config


def resolve(editor: Any, project: ProjectConfig | None, root: Path | None = None) -> tuple[Settings, list[str]]:
    """Defaults, then the editor's settings, then the project's; ``root`` is the workspace folder."""
    settings, problems = apply(Settings(), editor, "editor settings")
    settings = _anchor_rule_paths(settings, root, "editor settings", problems)
    # Whether findings may be kept in the user's cache folder is the user's choice: a project can
    # turn the findings cache off, never back on.
    cache_off = not settings.findings_cache
    if project is not None:
        problems.extend(project.problems)
        origin = f"{project.path} [tool.seclint]"
        settings, more = apply(settings, project.data, origin)
        problems.extend(more)
        if any(_FIELDS.get(_norm(str(key))) == "rule_paths" for key in project.data or {}):
            settings = _anchor_rule_paths(settings, project.path.parent, origin, problems)
    if cache_off and settings.findings_cache:
        settings = replace(settings, findings_cache=False)
    return settings, problems


def _anchor_rule_paths(settings: Settings, base: Path | None, origin: str, problems: list[str]) -> Settings:
    """Rule paths made absolute against ``base``; any that lead outside it is refused.

    Rules are read from the project only: a setting must not make the server read files
    elsewhere on the machine (symbolic links are followed before the check).
    """
    if not settings.rule_paths:
        return settings
    kept = []
    for entry in settings.rule_paths:
        if base is None:
            problems.append(f"{origin}: rule path {entry!r} refused: there is no workspace folder to read it from")
            continue
        home = base.resolve()
        candidate = Path(entry).expanduser() if Path(entry).is_absolute() else base / entry
        target = candidate.resolve()
        if target != home and home not in target.parents:
            problems.append(f"{origin}: rule path {entry!r} refused: it is outside the workspace ({home})")
            continue
        kept.append(str(target))
    return replace(settings, rule_paths=tuple(kept))

"""Loading and validating the rule catalogue in ``rules/``.

A bad rule file stops loading with an error that names the file and the
field, so a rule author sees exactly what to mend.  Only YAML data is read:
``yaml.safe_load`` never constructs objects, and no code from a rules folder
is ever imported.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, NoReturn

import yaml

from ..languages import CATALOGUE_LANGUAGES, GENERIC
from .model import CONFIDENCES, ENGINES, SEVERITIES, OwaspCategory, Reference, Rule, Weakness
from .semgrep_schema import check_body

RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
CWE_ID = re.compile(r"^CWE-\d+$")
OWASP_ID = re.compile(r"^A(?:0[1-9]|10):2021$")
BANDIT_ID = re.compile(r"^B\d{3}$")
FOCUS = re.compile(r"^(?:func|keyword:[A-Za-z_]\w*|arg:\d+)$")
LANGUAGES = CATALOGUE_LANGUAGES


class CatalogueError(ValueError):
    """A rule file that does not follow the schema."""

    def __init__(self, path: Path | str, field: str | None, problem: str):
        self.path = Path(path)
        self.field = field
        self.problem = problem
        where = f"{path}: field '{field}'" if field else str(path)
        super().__init__(f"{where}: {problem}")


# libyaml's parser (bundled with PyYAML's wheels) reads the catalogue ~5x faster, which is most of
# the server's start-up; the constructor is the same safe one either way.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open("rb") as handle:
            return yaml.load(handle, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise CatalogueError(path, None, f"not valid YAML: {exc}") from None
    except OSError as exc:
        raise CatalogueError(path, None, f"cannot be read: {exc.strerror}") from None


class _Fields:
    """Typed access to one rule file's mapping, with errors that name the field."""

    def __init__(self, path: Path, data: Any):
        if not isinstance(data, dict):
            raise CatalogueError(path, None, "must be a YAML mapping of rule fields")
        self.path = path
        self.data = data
        self.used: set[str] = set()

    def _get(self, name: str, required: bool) -> Any:
        self.used.add(name.split(".")[0])
        value: Any = self.data
        for part in name.split("."):
            if not isinstance(value, dict) or part not in value:
                if required:
                    raise CatalogueError(self.path, name, "is required")
                return None
            value = value[part]
        return value

    def text(self, name: str, required: bool = True) -> str | None:
        value = self._get(name, required)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise CatalogueError(self.path, name, "must be a non-empty string")
        return value.strip("\n")

    def choice(self, name: str, options: tuple[str, ...]) -> str:
        value = self._get(name, True)
        if value not in options:
            raise CatalogueError(self.path, name, f"must be one of {', '.join(options)} (got {value!r})")
        return value

    def strings(self, name: str, pattern: re.Pattern[str] | None = None, required: bool = True) -> tuple[str, ...]:
        value = self._get(name, required)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise CatalogueError(self.path, name, "must be a string or a non-empty list of strings")
        if pattern is not None:
            for item in value:
                if not pattern.match(item):
                    raise CatalogueError(self.path, name, f"{item!r} does not match {pattern.pattern}")
        return tuple(value)


_KNOWN_FIELDS = {
    "id", "title", "severity", "confidence", "cwe", "owasp", "languages", "engine", "bandit", "focus",
    "message", "explanation", "example", "fix", "references", "tags", "opt_in", "semgrep",
}


def load_rule(path: Path, weaknesses: dict[str, Weakness], owasp: dict[str, OwaspCategory]) -> Rule:
    fields = _Fields(path, _read_yaml(path))
    unknown = set(fields.data) - _KNOWN_FIELDS
    if unknown:
        raise CatalogueError(path, sorted(unknown)[0], "is not a rule field (typo?)")

    rule_id = fields.text("id")
    if not RULE_ID.match(rule_id):
        raise CatalogueError(path, "id", f"{rule_id!r} must look like PY-AREA-NAME (capitals, digits, dashes)")
    if path.stem != rule_id:
        raise CatalogueError(path, "id", f"{rule_id!r} must match the file name {path.stem!r}")

    cwe = fields.strings("cwe", CWE_ID)
    for item in cwe:
        if item not in weaknesses:
            raise CatalogueError(path, "cwe", f"{item} is not listed in cwe.yaml (add its name there)")
    owasp_id = fields.text("owasp")
    if not OWASP_ID.match(owasp_id) or owasp_id not in owasp:
        raise CatalogueError(path, "owasp", f"{owasp_id!r} is not an OWASP Top 10 2021 category like A03:2021")

    languages = fields.strings("languages")
    for language in languages:
        if language not in LANGUAGES:
            raise CatalogueError(path, "languages", f"{language!r} is not supported (one of {', '.join(LANGUAGES)})")
    if GENERIC in languages and len(languages) > 1:
        raise CatalogueError(path, "languages", "a generic rule runs on every file: list no other language")

    engine = fields.choice("engine", ENGINES)
    if engine in ("ast", "bandit") and languages != ("python",):
        raise CatalogueError(path, "languages", f"an {engine} rule checks Python only: languages: [python]")
    bandit = fields.strings("bandit", BANDIT_ID, required=engine == "bandit")
    focus = fields.text("focus", required=False)
    if focus is not None:
        if engine != "bandit":
            raise CatalogueError(path, "focus", "only applies to bandit-backed rules")
        if not FOCUS.match(focus):
            raise CatalogueError(path, "focus", f"{focus!r} must be 'func', 'keyword:NAME' or 'arg:N'")

    fix = fields._get("fix", False)
    fix_title, fix_safe = None, True
    if fix is not None:
        if not isinstance(fix, dict):
            raise CatalogueError(path, "fix", "must be a mapping with 'title' (and optional 'safe')")
        fix_title = fields.text("fix.title")
        fix_safe = fix.get("safe", True)
        if not isinstance(fix_safe, bool):
            raise CatalogueError(path, "fix.safe", "must be true or false")

    semgrep = _semgrep_body(path, fields, engine, fix_title is not None)

    opt_in = fields._get("opt_in", False)
    if opt_in is None:
        opt_in = False
    if not isinstance(opt_in, bool):
        raise CatalogueError(path, "opt_in", "must be true or false")

    references = fields._get("references", True)
    if not isinstance(references, list) or not references:
        raise CatalogueError(path, "references", "must be a non-empty list of {title, url}")
    refs = []
    for i, ref in enumerate(references):
        if not isinstance(ref, dict) or not isinstance(ref.get("title"), str) or not isinstance(ref.get("url"), str):
            raise CatalogueError(path, f"references[{i}]", "must have a 'title' and a 'url'")
        if not ref["url"].startswith("https://"):
            raise CatalogueError(path, f"references[{i}].url", "must be an https:// address")
        refs.append(Reference(ref["title"], ref["url"]))

    return Rule(
        id=rule_id,
        title=fields.text("title"),
        severity=fields.choice("severity", SEVERITIES),
        confidence=fields.choice("confidence", CONFIDENCES),
        cwe=cwe,
        owasp=owasp_id,
        languages=languages,
        engine=engine,
        bandit=bandit,
        focus=focus,
        message=fields.text("message"),
        what=fields.text("explanation.what"),
        why=fields.text("explanation.why"),
        verify=fields.text("explanation.verify"),
        insecure=fields.text("example.insecure"),
        secure=fields.text("example.secure"),
        opt_in=opt_in,
        fix_title=fix_title,
        fix_safe=fix_safe,
        references=tuple(refs),
        tags=fields.strings("tags", required=False),
        semgrep=semgrep,
        path=path,
    )


def _semgrep_body(path: Path, fields: _Fields, engine: str, has_fix: bool) -> str | None:
    """The `semgrep:` body of an engine-semgrep rule as canonical JSON (None for other engines)."""
    body = fields._get("semgrep", engine == "semgrep")
    if engine != "semgrep":
        if body is not None:
            raise CatalogueError(path, "semgrep", "only applies to engine: semgrep")
        return None

    def fail(field: str, problem: str) -> NoReturn:
        raise CatalogueError(path, field, problem)

    check_body(body, fail, "semgrep")
    if "fix" in body and not has_fix:
        raise CatalogueError(path, "fix.title", "is required: semgrep.fix offers a quick fix, name it")
    if has_fix and "fix" not in body:
        raise CatalogueError(path, "semgrep.fix", "is required: fix.title names a fix, write its template")
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


def load_weaknesses(path: Path) -> dict[str, Weakness]:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise CatalogueError(path, None, "must map CWE ids to names")
    result = {}
    for key, name in data.items():
        if not isinstance(key, str) or not CWE_ID.match(key) or not isinstance(name, str):
            raise CatalogueError(path, str(key), "must be 'CWE-N: name'")
        result[key] = Weakness(key, name)
    return result


def load_owasp(path: Path) -> dict[str, OwaspCategory]:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise CatalogueError(path, None, "must map categories to {name, url}")
    result = {}
    for key, entry in data.items():
        if not isinstance(key, str) or not OWASP_ID.match(key) or not isinstance(entry, dict):
            raise CatalogueError(path, str(key), "must be 'A0N:2021: {name, url}'")
        result[key] = OwaspCategory(key, str(entry.get("name")), str(entry.get("url")))
    return result


def load_bandit_exclusions(path: Path) -> dict[str, str]:
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("excluded"), dict):
        raise CatalogueError(path, "excluded", "must map bandit test ids to the reason they are left out")
    result = {}
    for key, reason in data["excluded"].items():
        if not isinstance(key, str) or not BANDIT_ID.match(key) or not isinstance(reason, str) or not reason.strip():
            raise CatalogueError(path, f"excluded.{key}", "must be 'BNNN: reason'")
        result[key] = reason.strip()
    return result

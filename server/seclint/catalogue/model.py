"""The rule catalogue's types."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..languages import EXAMPLE_SUFFIX, applies

SEVERITIES = ("info", "low", "medium", "high", "critical")
CONFIDENCES = ("low", "medium", "high")
# "seclint": produced by the pipeline itself (e.g. unused suppressions), not by a check.
ENGINES = ("ast", "bandit", "semgrep", "seclint")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


def confidence_rank(confidence: str) -> int:
    return CONFIDENCES.index(confidence)


@dataclass(frozen=True, slots=True)
class Reference:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    severity: str
    confidence: str
    cwe: tuple[str, ...]
    owasp: str
    languages: tuple[str, ...]
    engine: str
    message: str
    what: str
    why: str
    verify: str
    insecure: str
    secure: str
    references: tuple[Reference, ...]
    # Bandit test ids: the tests this rule runs (engine "bandit"), or the ids a
    # `# nosec` comment may name for it (any engine).
    bandit: tuple[str, ...] = ()
    # bandit only: narrow bandit's node to e.g. "keyword:verify", "func", "arg:0".
    focus: str | None = None
    # Opt-in rules run only when `enable` names them: useful, but often about code that is
    # not a vulnerability today (e.g. a constant command run through a shell).
    opt_in: bool = False
    fix_title: str | None = None
    fix_safe: bool = True
    tags: tuple[str, ...] = ()
    # engine "semgrep": the semgrep rule body (patterns, taint spec, fix template...) as canonical
    # JSON, so the rule stays immutable and hashable.
    semgrep: str | None = None
    # A team's own rule from `rule-paths`, not from the catalogue: its docs come from its metadata.
    custom: bool = False
    path: Path | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)  # 1-based line of the rule in ``path``

    @property
    def semgrep_body(self) -> dict[str, Any]:
        return json.loads(self.semgrep) if self.semgrep else {}

    def runs_on(self, language: str) -> bool:
        return applies(self.languages, language)

    @property
    def examples_path(self) -> Path | None:
        """The sibling file of examples that must fire and must stay silent."""
        if self.path is None:
            return None
        return self.path.with_suffix(EXAMPLE_SUFFIX.get(self.languages[0], ".txt"))

    @property
    def fixed_path(self) -> Path | None:
        examples = self.examples_path
        return examples.with_suffix(".fixed" + examples.suffix) if examples else None



@dataclass(frozen=True, slots=True)
class Weakness:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class OwaspCategory:
    id: str
    name: str
    url: str

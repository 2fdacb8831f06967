"""The rule catalogue's types."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SEVERITIES = ("info", "low", "medium", "high", "critical")
CONFIDENCES = ("low", "medium", "high")
# "seclint": produced by the pipeline itself (e.g. unused suppressions), not by a check.
ENGINES = ("ast", "bandit", "seclint")


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
    path: Path | None = field(default=None, compare=False)

    @property
    def examples_path(self) -> Path | None:
        """The sibling file of examples that must fire and must stay silent."""
        if self.path is None:
            return None
        return self.path.with_suffix(_EXTENSIONS.get(self.languages[0], ".txt"))

    @property
    def fixed_path(self) -> Path | None:
        examples = self.examples_path
        return examples.with_suffix(".fixed" + examples.suffix) if examples else None


_EXTENSIONS = {"python": ".py"}


@dataclass(frozen=True, slots=True)
class Weakness:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class OwaspCategory:
    id: str
    name: str
    url: str

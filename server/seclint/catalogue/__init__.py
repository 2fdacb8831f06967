"""The secure-coding rule catalogue: every rule's id, documentation, CWE and OWASP category."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from .loader import CatalogueError, load_bandit_exclusions, load_owasp, load_rule, load_weaknesses
from .model import CONFIDENCES, SEVERITIES, OwaspCategory, Reference, Rule, Weakness, confidence_rank, severity_rank

__all__ = [
    "CONFIDENCES", "SEVERITIES", "Catalogue", "CatalogueError", "OwaspCategory", "Reference", "Rule", "Weakness",
    "confidence_rank", "default_catalogue", "rules_root", "severity_rank",
]


def rules_root() -> Path:
    """The shipped catalogue: package data in a wheel, the repository's rules/ in a checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "rules", here.parent.parent / "rules"):
        if (candidate / "cwe.yaml").is_file():
            return candidate
    raise CatalogueError(here / "rules", None, "the rule catalogue is missing from this installation")


@dataclass
class Catalogue:
    root: Path
    rules: dict[str, Rule]
    weaknesses: dict[str, Weakness]
    owasp: dict[str, OwaspCategory]
    bandit_excluded: dict[str, str]
    # bandit test id -> the rules it names (for `# nosec Bxxx` and the bandit map).
    by_bandit: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Catalogues extended with a team's rules (see ``extended``), by the rules they add.
    _extensions: dict[tuple, Catalogue] = field(default_factory=dict, repr=False, compare=False)
    # The hash of every file the catalogue was loaded from and of the loader (cache.key_of): what
    # the findings cache keys on.  None when unknown (not loaded by ``load``, or a file unreadable).
    fingerprint: str | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, root: Path | None = None, *, cached: bool = False) -> Catalogue:
        """Read and validate the catalogue in ``root``; ``cached``: through the copy on disk (cache.py)."""
        root = root or rules_root()
        from . import cache

        # Hashed just before reading (as the cache does): rule files are not edited in those ms.
        key = cache.key_of(root)
        if not cached:
            return cls(root, **_load_parts(root), fingerprint=key)
        parts = cache.read(root, key) if key is not None else None
        if parts is None:
            parts = _load_parts(root)
            if key is not None:
                cache.write(root, key, parts)
        return cls(root, **parts, fingerprint=key)

    def extended(self, rules: list[Rule], weaknesses: dict[str, Weakness]) -> Catalogue:
        """This catalogue plus a team's own rules (cached: the same rules give the same catalogue)."""
        if not rules:
            return self
        key = tuple(rules)
        extended = self._extensions.get(key)
        if extended is None:
            if len(self._extensions) > 16:
                self._extensions.clear()
            extended = Catalogue(
                self.root,
                {**self.rules, **{r.id: r for r in rules}},
                {**weaknesses, **self.weaknesses},
                self.owasp,
                self.bandit_excluded,
                self.by_bandit,
            )
            self._extensions[key] = extended
        return extended

    def get(self, rule_id: str) -> Rule | None:
        return self.rules.get(rule_id)

    def resolve(self, code: str) -> Rule | None:
        """A rule by its id (any case), or by a bandit test id that maps to it."""
        code = code.strip()
        rule = self.rules.get(code) or self.rules.get(code.upper())
        if rule is None:
            rule = next((r for r in self.rules.values() if r.custom and r.id.upper() == code.upper()), None)
        if rule is None and code.upper() in self.by_bandit:
            # A bandit id may name several rules: the one on by default explains it best.
            named = sorted((self.rules[r] for r in self.by_bandit[code.upper()]), key=lambda r: (r.opt_in, r.id))
            rule = named[0]
        return rule

    def cwe_names(self, rule: Rule) -> list[str]:
        return [f"{c}: {self.weaknesses[c].name}" if c in self.weaknesses else c for c in rule.cwe]

    def for_language(self, language: str) -> list[Rule]:
        return [r for r in self.rules.values() if r.runs_on(language)]


def _load_parts(root: Path) -> dict:
    """The catalogue's parts read from its YAML files and validated: a bad file raises CatalogueError."""
    weaknesses = load_weaknesses(root / "cwe.yaml")
    owasp = load_owasp(root / "owasp.yaml")
    excluded = load_bandit_exclusions(root / "bandit.yaml")
    rules: dict[str, Rule] = {}
    by_bandit: dict[str, tuple[str, ...]] = {}
    bandit_engine: dict[str, str] = {}
    for path in sorted(root.glob("*/*.yaml")):
        rule = load_rule(path, weaknesses, owasp)
        if rule.id in rules:
            raise CatalogueError(path, "id", f"{rule.id} is already defined in {rules[rule.id].path}")
        for test_id in rule.bandit:
            if test_id in excluded:
                raise CatalogueError(path, "bandit", f"{test_id} is listed as excluded in bandit.yaml")
            if rule.engine == "bandit":
                # bandit's results must map to exactly one rule.
                if test_id in bandit_engine:
                    raise CatalogueError(path, "bandit", f"{test_id} already runs for {bandit_engine[test_id]}")
                bandit_engine[test_id] = rule.id
            by_bandit[test_id] = (*by_bandit.get(test_id, ()), rule.id)
        rules[rule.id] = rule
    if not rules:
        raise CatalogueError(root, None, "contains no rules")
    return {"rules": rules, "weaknesses": weaknesses, "owasp": owasp, "bandit_excluded": excluded, "by_bandit": by_bandit}


@functools.cache
def default_catalogue() -> Catalogue:
    return Catalogue.load(cached=True)

"""A whole command-line run's findings, ready for any output format.

Each ``Item`` is one finding with what every format needs beside it: its rule, its effective
severity (settings may override the catalogue), its fingerprint and whether the baseline
already holds it.  Formats (``output/``) read these and nothing else, so text, JSON, SARIF,
GitHub annotations and the HTML report always agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .baseline import Baseline, Entry, entries_for
from .catalogue import Catalogue, Rule, severity_rank
from .documents import Encoding
from .fingerprints import Fingerprint, fingerprints
from .findings import Finding
from .scan import FileResult


@dataclass
class Item:
    file: FileResult
    finding: Finding
    rule: Rule
    severity: str
    fingerprint: Fingerprint
    legacy: bool = False  # held by the baseline: not reported

    @property
    def path(self) -> Path:
        return self.file.target.path

    @property
    def message(self) -> str:
        return self.finding.message or self.rule.message

    def position(self, offset: int, encoding: Encoding = Encoding.UTF32) -> tuple[int, int]:
        """1-based line and column of an offset (columns in code points unless asked otherwise)."""
        line, column = self.file.index.position_at(offset, encoding)
        return line + 1, column + 1

    @property
    def start(self) -> tuple[int, int]:
        return self.position(self.finding.start)

    @property
    def end(self) -> tuple[int, int]:
        return self.position(self.finding.end)


@dataclass
class Run:
    catalogue: Catalogue
    files: list[FileResult]
    items: list[Item]  # reported findings (not in the baseline), in file order
    legacy: list[Item] = field(default_factory=list)  # findings the baseline holds
    threshold: str = "info"
    with_baseline: bool = False  # some file was compared with a baseline

    @property
    def failing(self) -> list[Item]:
        rank = severity_rank(self.threshold)
        return [i for i in self.items if severity_rank(i.severity) >= rank]

    def by_severity(self) -> Counter[str]:
        return Counter(i.severity for i in self.items)

    def by_owasp(self) -> Counter[str]:
        return Counter(i.rule.owasp for i in self.items)

    def by_rule(self) -> Counter[str]:
        return Counter(i.rule.id for i in self.items)

    @property
    def fixable(self) -> int:
        return sum(1 for i in self.items if i.finding.fix is not None and i.finding.fix.safe)

    @property
    def suppressed(self) -> int:
        return sum(f.suppressed for f in self.files)

    def rules(self) -> list[Rule]:
        """The rules with at least one reported finding, by id."""
        return [self.catalogue.rules[r] for r in sorted({i.rule.id for i in self.items})]

    def baseline_entries(self, base: Path) -> list[Entry]:
        by_file: dict[int, list[Item]] = {}
        for item in (*self.items, *self.legacy):
            by_file.setdefault(id(item.file), []).append(item)
        entries: list[Entry] = []
        for mine in by_file.values():
            entries += entries_for(
                mine[0].path, base, [i.rule.id for i in mine], [i.fingerprint for i in mine], [i.start[0] for i in mine]
            )
        return entries


def collect(
    files: list[FileResult],
    catalogue: Catalogue,
    baseline_for: Callable[[FileResult], Baseline | None] = lambda file: None,
    threshold: str = "info",
) -> Run:
    items: list[Item] = []
    legacy: list[Item] = []
    with_baseline = False
    custom = list({r.id: r for file in files for r in file.custom_rules}.values())
    if custom:  # findings of a team's own rules (rule-paths) are reported like any other
        catalogue = catalogue.extended(custom, {})
    for file in files:
        baseline = baseline_for(file)
        with_baseline = with_baseline or baseline is not None
        findings = [f for f in file.findings if f.rule_id in catalogue.rules]
        if not findings:
            continue
        prints = fingerprints(findings, file.text, file.index)
        rules = [catalogue.rules[f.rule_id] for f in findings]
        held = baseline.legacy(file.target.path, [r.id for r in rules], prints) if baseline else [False] * len(findings)
        for finding, rule, fp, old in zip(findings, rules, prints, held):
            item = Item(file, finding, rule, file.target.settings.severity_for(rule.id, rule.severity), fp, old)
            (legacy if old else items).append(item)
    return Run(catalogue, files, items, legacy, threshold, with_baseline)

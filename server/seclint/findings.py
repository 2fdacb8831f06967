"""The Finding type every engine produces, and merging findings about the same spot."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with ``text`` (offsets into the analysed text)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    # Safe fixes keep the program's meaning and are applied by fix-all / --fix.
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Related:
    """A second location that explains a finding, e.g. where tainted data came from."""

    start: int
    end: int
    message: str


@dataclass(slots=True)
class Finding:
    rule_id: str
    start: int
    end: int
    engine: str
    message: str | None = None  # None: the rule's own message
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    # Lines (0-based, inclusive) on which a suppression comment applies to this finding.
    anchor_lines: tuple[int, int] | None = None
    # Engine-specific identifiers, e.g. the bandit test id that produced it.
    origin: str | None = None
    # Transient: the AST node the finding is about (not kept past analysis).
    node: Any = field(default=None, repr=False, compare=False)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end or (a.start, a.end) == (b.start, b.end)


def merge(findings: list[Finding], cwe_of: dict[str, tuple[str, ...]], rank: dict[str, int]) -> list[Finding]:
    """Collapse findings that are about the same spot and the same weakness.

    Two findings merge when their ranges overlap and they share a CWE (or the
    rule).  The one with the better rank (lower number: more confident, has a
    fix, narrower range) survives, so the user sees each flaw once, however
    many engines noticed it.
    """
    ordered = sorted(findings, key=lambda f: (f.start, f.end, f.rule_id))
    kept: list[Finding] = []
    for finding in ordered:
        cwes = set(cwe_of.get(finding.rule_id, ()))
        twin_index = None
        for i in range(len(kept) - 1, -1, -1):
            other = kept[i]
            if other.end <= finding.start and other.start != finding.start:
                # kept is sorted by start; earlier ones that end before us cannot overlap,
                # but a long finding further back still might, so keep looking a little.
                if finding.start - other.end > 2000:
                    break
                continue
            if not _overlaps(other, finding):
                continue
            if other.rule_id == finding.rule_id or cwes & set(cwe_of.get(other.rule_id, ())):
                twin_index = i
                break
        if twin_index is None:
            kept.append(finding)
            continue
        other = kept[twin_index]
        if _preference(finding, rank) < _preference(other, rank):
            kept[twin_index] = finding
    return sorted(kept, key=lambda f: (f.start, f.end, f.rule_id))


def _preference(finding: Finding, rank: dict[str, int]) -> tuple[int, int, int, str]:
    return (
        rank.get(finding.rule_id, 99),
        0 if finding.fix else 1,
        finding.end - finding.start,
        finding.rule_id,
    )

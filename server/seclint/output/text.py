"""ruff-style text: ``path:line:col: RULE [severity] message``, the line, a caret; then a summary."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from ..catalogue import SEVERITIES
from ..results import Item, Run


def write(run: Run, out: TextIO) -> None:
    for item in run.items:
        out.write(finding(item))
    if run.items:
        out.write("\n")
    summary(run, out)


def finding(item: Item) -> str:
    (line, column), (end_line, end_column) = item.start, item.end
    source = item.file.index.line_text(line - 1)
    pad = len(source[: column - 1].expandtabs(8))
    if end_line == line:
        width = max(1, len(source[: end_column - 1].expandtabs(8)) - pad)
    else:
        width = max(1, len(source.expandtabs(8)) - pad)
    lines = [
        f"{item.path}:{line}:{column}: {item.rule.id} [{item.severity}] {item.message}",
        f"    {source.expandtabs(8).rstrip()}",
        "    " + " " * pad + "^" * width,
    ]
    fix = item.finding.fix
    if fix is not None:
        lines.append(f"    fix: {fix.title}" + (" (seclint check --fix)" if fix.safe else " (a code action in the editor)"))
    return "\n".join(lines) + "\n"


def _counts(counter: Counter[str], order: list[str]) -> str:
    return ", ".join(f"{counter[key]} {key}" for key in order if counter[key])


def summary(run: Run, out: TextIO) -> None:
    severities = _counts(run.by_severity(), list(reversed(SEVERITIES)))
    out.write(f"Found {len(run.items)} finding(s)" + (f": {severities}" if severities else "") + ".\n")
    owasp = run.by_owasp()
    if owasp:
        parts = []
        for category, count in sorted(owasp.items(), key=lambda kv: (-kv[1], kv[0])):
            known = run.catalogue.owasp.get(category)
            parts.append(f"{category} {known.name if known else ''}: {count}".replace("  ", " "))
        out.write("By OWASP category: " + "; ".join(parts) + ".\n")
    notes = []
    if run.fixable:
        notes.append(f"{run.fixable} fixable with `seclint check --fix`")
    if run.suppressed:
        notes.append(f"{run.suppressed} suppressed in the code")
    if run.legacy:
        notes.append(f"{len(run.legacy)} in the baseline, not shown")
    if run.items and len(run.failing) != len(run.items):
        notes.append(f"{len(run.failing)} at or above the {run.threshold} threshold")
    if notes:
        out.write("; ".join(notes).capitalize() + ".\n")

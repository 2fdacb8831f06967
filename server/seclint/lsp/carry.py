"""A later stage's findings (semgrep's) kept on screen while that stage runs again for newer text.

An edit's analysis is published in stages: the in-process engines first, semgrep some tens of
milliseconds later.  Published alone, the first stage would take every semgrep finding off the
screen on each keystroke and the second would put it back: a flicker.  So the first stage of an
edited text also shows the semgrep findings last shown, moved through the edits since, until
semgrep's own answer for the new text replaces them all.

Only findings the edits left alone are carried.  "Alone" is judged by whole lines: an edit
anywhere on a line of the finding or of one of its related locations (a taint source) drops it,
since commenting a line out or typing after a call can end the finding while its own characters
stay the same; an edit on a line its fix changes drops the fix (never one that edits other text).  A finding on a line that no longer parses is not carried either:
those lines show the last good findings (``SeclintServer._with_carried``), and showing both
would show some twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ..documents import LineIndex, TextEdit
from ..findings import Edit, Finding, Fix, Related


@dataclass
class Shown:
    """The later stages' findings last published for a document (suppressed ones included, since
    an edit may remove the comment), and the revision and lines of the text they point into."""

    findings: list[Finding]
    revision: int
    index: LineIndex


def carry(
    shown: Shown | None,
    edits: list[TextEdit] | None,
    index: LineIndex,
    broken_lines: set[int],
    wanted: Callable[[Finding], bool],
) -> list[Finding]:
    """The findings of ``shown`` that still hold after ``edits``, where they are in the text of ``index``."""
    if shown is None or edits is None:
        return []
    carried = []
    for finding in shown.findings:
        if not wanted(finding):
            continue
        moved = _moved(finding, edits, shown.index, index)
        if moved is not None and index.line_of(moved.start) not in broken_lines:
            carried.append(moved)
    return carried


def _moved(finding: Finding, edits: list[TextEdit], old: LineIndex, new: LineIndex) -> Finding | None:
    delta = _delta(old, finding.start, finding.end, edits)
    if delta is None:
        return None
    related = []
    for r in finding.related:
        shift = _delta(old, r.start, r.end, edits)
        if shift is None:
            return None  # where the data comes from changed: the finding may no longer hold
        related.append(Related(r.start + shift, r.end + shift, r.message))
    anchor = finding.anchor_lines
    if anchor is not None:
        if not 0 <= anchor[0] <= anchor[1] < old.line_count:
            return None
        first, last = old.line_start(anchor[0]), old.line_end(anchor[1])
        shift = _delta(old, first, last, edits)
        if shift is None:
            return None
        anchor = (new.line_of(first + shift), new.line_of(last + shift))
    fix = finding.fix
    if fix is not None:
        moved_edits = []
        for e in fix.edits:
            shift = _delta(old, e.start, e.end, edits)
            if shift is None:
                moved_edits = None  # a fix must never edit other text than it was made for: none then
                break
            moved_edits.append(Edit(e.start + shift, e.end + shift, e.text))
        fix = Fix(fix.title, tuple(moved_edits), fix.safe) if moved_edits is not None else None
    return replace(
        finding,
        start=finding.start + delta,
        end=finding.end + delta,
        fix=fix,
        related=tuple(related),
        anchor_lines=anchor,
        node=None,
    )


def _delta(old: LineIndex, start: int, end: int, edits: list[TextEdit]) -> int | None:
    """How far the lines holding ``start:end`` moved through ``edits``; None if an edit touched them."""
    first = old.line_start(old.line_of(start))
    last = old.line_end(old.line_of(max(start, end - 1)))
    delta = 0
    for edit in edits:  # each edit is in offsets of the text the ones before it made
        if edit.end < first + delta:
            delta += edit.new_length - (edit.end - edit.start)
        elif edit.start > last + delta:
            continue
        else:
            return None
    return delta

"""After an edit of a Python document, semgrep-core reads only the definitions that changed.

semgrep's Python rules match inside one function or class (its taint analysis does not cross
functions), resolving names through the module's top-level statements.  So a top-level ``def`` or
``class`` block's findings depend on its own text and on what this module keys them by:

- the text of every other top-level statement (imports, assignments, ``if`` blocks), in order;
- the names the definitions bind and their ``global`` statements (a function that assigns a
  module name changes what semgrep's constant propagation may assume about it, file-wide);
- the rule set, and which rules the prefilters let run on the document.

When the key is the one of the document's last run, the definitions whose text did not change are
left out of the copy semgrep-core reads (each run of them becomes one line break, so what is left
still splits into the same statements), and their findings from the last run are moved to where
those definitions are now.  The copy's byte offsets are mapped back to the document's
(``Plan.segments``).  An edit inside one function of a 5,000-line module then costs semgrep
about as much as that function: leaving the definitions out rather than blanking them saves
semgrep-core reading ~180 KB of spaces, ~13 ms of its ~35 ms on such a module.

Only rules that read the code run this way.  Rules for any text (the secrets rules) still read
the whole document: they are cheap, and may match comments between blocks.  A rule set holding a
team's own rules (``rulePaths``) always runs on the whole text, since such a rule may match
across definitions.  tests/test_semgrep_blockwise.py checks with random edits that the catalogue's
rules give exactly what a whole run gives.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from ...findings import Finding
from ...incremental import shifted
from ...languages import GENERIC

if TYPE_CHECKING:
    from ...catalogue import Rule
    from .batch import Request
    from .ruleset import RuleSet

MAX_DOCUMENTS = 64  # documents whose definitions' findings are kept (each one's last run only)
_BINDS = re.compile(r"^(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)", re.MULTILINE)
_GLOBAL = re.compile(r"^[ \t]+global\b[^\r\n]*", re.MULTILINE)


def reads_code(rule: Rule) -> bool:
    return GENERIC not in rule.languages


@dataclass
class Plan:
    """One document's part in a run: its definitions now, and which of them semgrep may skip."""

    path: str
    key: str
    definitions: list[tuple[int, int, str]]  # (start, end, text) of each definition block
    reused: dict[int, list[Finding]] = field(default_factory=dict)  # index -> block-relative findings
    text: bytes | None = None  # what semgrep-core reads for code rules; None: the whole document
    # (offset in ``text``, the document's byte offset it came from) where each kept piece starts
    segments: list[tuple[int, int]] = field(default_factory=list)

    @property
    def blocks_run(self) -> int:
        return len(self.definitions) - len(self.reused)


class Blockwise:
    """The last run's findings per definition, for each document edited recently."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._documents: OrderedDict[str, tuple[str, dict[str, list[Finding]]]] = OrderedDict()

    def plan(self, request: Request, compiled: RuleSet, wanted: Sequence[Rule]) -> Plan | None:
        """How ``request`` is run: None when blockwise does not apply (then as always, whole)."""
        outline = request.outline
        if request.language != "python" or not outline or not request.path:
            return None
        if not request.keep_blocks:  # a file just opened: nothing is kept for an edit that may not come
            with self._lock:
                self._documents.pop(request.path, None)
            return None
        if any(rule.custom for rule in compiled.rules.values()) or not any(reads_code(r) for r in wanted):
            return None
        text = request.text
        definitions = [(start, end, text[start:end]) for start, end, definition in outline if definition]
        if not definitions:
            return None
        digest = hashlib.sha256(str(compiled.path).encode())
        digest.update(" ".join(sorted(r.id for r in wanted if reads_code(r))).encode())
        # The other statements in order, where each definition stands the names it binds, and
        # every `global` statement (found in the whole text at once: far quicker than per block).
        for start, end, definition in outline:
            digest.update(b"\0def " if definition else b"\0")
            digest.update(text[start:end].encode("utf-8", "surrogatepass") if not definition else b"")
        digest.update(" ".join(_BINDS.findall(text)).encode("utf-8", "surrogatepass"))
        digest.update("\n".join(_GLOBAL.findall(text)).encode("utf-8", "surrogatepass"))
        plan = Plan(request.path, digest.hexdigest(), definitions)
        with self._lock:
            last = self._documents.get(request.path)
        if last is None or last[0] != plan.key:
            return plan
        for i, (_, _, block) in enumerate(definitions):
            found = last[1].get(block)
            if found is not None:
                plan.reused[i] = found
        if plan.reused:
            plan.text, plan.segments = _without(text, [definitions[i] for i in sorted(plan.reused)])
        return plan

    def finish(self, plan: Plan, findings: list[Finding]) -> list[Finding]:
        """The document's code-rule findings: ``findings`` (from what semgrep read) plus the reused
        definitions' findings where those definitions are now.  Remembers them for the next run."""
        result = list(findings)
        entries: dict[str, list[Finding]] = {}
        for i, (start, end, block) in enumerate(plan.definitions):
            relative = plan.reused.get(i)
            if relative is not None:
                result.extend(shifted(f, start, 0) for f in relative)
            else:
                inside = [f for f in findings if start <= f.start < end]
                if any(not _within(f, start, end) for f in inside):
                    continue  # it points outside its definition: not safe to move, run it again next time
                relative = [shifted(f, -start, 0) for f in inside]
            entries[block] = relative
        with self._lock:
            self._documents[plan.path] = (plan.key, entries)
            self._documents.move_to_end(plan.path)
            while len(self._documents) > MAX_DOCUMENTS:
                self._documents.popitem(last=False)
        unique: dict[tuple[str, int, int], Finding] = {}
        for finding in result:
            unique.setdefault((finding.rule_id, finding.start, finding.end), finding)
        return list(unique.values())

    def forget(self, path: str | None) -> None:
        with self._lock:
            self._documents.pop(path or "", None)


def _within(finding: Finding, start: int, end: int) -> bool:
    spans = [(finding.start, finding.end), *((r.start, r.end) for r in finding.related)]
    if finding.fix is not None:
        spans.extend((e.start, e.end) for e in finding.fix.edits)
    return all(start <= a and b <= end for a, b in spans)


def _without(text: str, ranges: list[tuple[int, int, str]]) -> tuple[bytes, list[tuple[int, int]]]:
    """``text`` as UTF-8 with each run of the (sorted, whole-line) ranges replaced by one line
    break, and where each kept piece starts: (its offset there, its byte offset in ``text``)."""
    pieces: list[bytes] = []
    segments: list[tuple[int, int]] = []
    size = original = last = 0
    ascii = text.isascii()
    for start, end, block in ranges:
        if start > last:
            piece = text[last:start].encode("utf-8", "surrogatepass")
            if pieces:
                pieces.append(b"\n")
                size += 1
            segments.append((size, original))
            pieces.append(piece)
            size += len(piece)
            original += len(piece)
        original += end - start if ascii else len(block.encode("utf-8", "surrogatepass"))
        last = end
    if last < len(text):
        piece = text[last:].encode("utf-8", "surrogatepass")
        if pieces:
            pieces.append(b"\n")
            size += 1
        segments.append((size, original))
        pieces.append(piece)
    return b"".join(pieces), segments

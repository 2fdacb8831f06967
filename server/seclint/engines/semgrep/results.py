"""semgrep-core's JSON answer -> seclint findings: ranges, rendered fixes, taint traces.

semgrep reports UTF-8 byte offsets; findings carry character offsets into the analysed text.
A rule's ``fix:`` template is rendered here with the text each metavariable matched, and a taint
finding names where the untrusted value came from (and the variables it passed through) as
related locations, as the native taint rules do.  Output that does not have the expected shape
is an engine error, never a crash and never a silently empty result.
"""

from __future__ import annotations

import bisect
import logging
import re
from typing import Any, Sequence

from ...catalogue import Rule
from ...findings import Edit, Finding, Fix, Related
from ..base import EngineError

log = logging.getLogger(__name__)

_METAVARIABLE = re.compile(r"\$(?:\.\.\.)?[A-Z_][A-Z0-9_]*")
MAX_STEPS = 3  # intermediate variables shown for a taint trace
# Target errors that only mean part of a file did not parse: the rest was still checked.
_PARTIAL = ("Syntax error", "Lexical error", "Partial parsing", "Other syntax error", "Parse error")


class ByteOffsets:
    """Converts UTF-8 byte offsets of ``text`` to character offsets.

    ``segments``: semgrep read a copy of ``text`` with parts left out (blockwise.py); its offsets
    are first moved back by the (offset in the copy, offset in ``text``) pairs."""

    def __init__(self, text: str, segments: Sequence[tuple[int, int]] = ()):
        self.text = text
        self.copy_starts = [copy for copy, _ in segments]
        self.text_starts = [original for _, original in segments]
        self.ascii = text.isascii()
        # Mends a (start, end) span semgrep reported too short, for languages where it does.
        self.repair = lambda text, start, end: end
        if not self.ascii:
            # Byte offset at which each 4096-character block starts.
            self.block = 4096
            self.starts = []
            position = 0
            for i in range(0, len(text), self.block):
                self.starts.append(position)
                position += len(text[i : i + self.block].encode("utf-8", "surrogatepass"))
            self.total = position

    def char(self, byte_offset: int) -> int:
        if self.copy_starts:
            i = max(0, bisect.bisect_right(self.copy_starts, byte_offset) - 1)
            byte_offset = self.text_starts[i] + byte_offset - self.copy_starts[i]
        if self.ascii:
            return max(0, min(byte_offset, len(self.text)))
        if byte_offset >= self.total:
            return len(self.text)
        i = max(0, bisect.bisect_right(self.starts, byte_offset) - 1)
        base = i * self.block
        chunk = self.text[base : base + self.block].encode("utf-8", "surrogatepass")
        return base + len(chunk[: byte_offset - self.starts[i]].decode("utf-8", "ignore"))


def split_report(report: dict, targets: list[str]) -> dict[str, dict]:
    """One semgrep-core report on several targets -> a report per target.

    Results and errors that name no file (a rule's own error) go to every target.
    """
    parts = {target: {"results": [], "errors": []} for target in targets}
    for key in ("results", "errors"):
        items = report.get(key)
        for item in items if isinstance(items, list) else []:
            path = item.get("path") if isinstance(item, dict) else None
            if path is None and isinstance(item, dict) and isinstance(item.get("location"), dict):
                path = item["location"].get("path")
            for target in [path] if path in parts else targets:
                parts[target][key].append(item)
    return parts


def findings_of(
    report: Any,
    rules: dict[str, Rule],
    text: str,
    target: str,
    language: str = "python",
    segments: Sequence[tuple[int, int]] = (),
) -> tuple[list[Finding], list[str]]:
    """Findings from one semgrep-core report on ``target`` (the file holding ``text``, or the
    copy of it that ``segments`` describe), and problems."""
    if not isinstance(report, dict) or not isinstance(report.get("results"), list):
        raise EngineError("semgrep-core answered without a results list")
    offsets = ByteOffsets(text, segments)
    if language in ("javascript", "typescript"):
        offsets.repair = _close_template_literal
    problems = _problems(report.get("errors"), rules)
    findings: dict[tuple[str, int, int], Finding] = {}
    for result in report["results"]:
        try:
            finding = _finding(result, rules, text, offsets, target)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise EngineError(f"semgrep-core answered with a result seclint cannot read ({type(exc).__name__}: {exc})") from None
        if finding is not None:
            findings.setdefault((finding.rule_id, finding.start, finding.end), finding)
    return list(findings.values()), problems


def _finding(result: dict, rules: dict[str, Rule], text: str, offsets: ByteOffsets, target: str) -> Finding | None:
    rule = rules.get(result["check_id"])
    if rule is None:
        log.warning("semgrep reported an unknown rule %r", result["check_id"])
        return None
    if result.get("path") not in (None, target):
        return None
    start = offsets.char(int(result["start"]["offset"]))
    end = offsets.repair(text, start, offsets.char(int(result["end"]["offset"])))
    extra = result.get("extra") or {}
    bindings = {}
    for name, value in (extra.get("metavars") or {}).items():
        bound_start = offsets.char(int(value["start"]["offset"]))
        bound_end = offsets.repair(text, bound_start, offsets.char(int(value["end"]["offset"])))
        bindings[name] = text[bound_start:bound_end]
    message = None
    if rule.custom and isinstance(extra.get("message"), str):
        message = extra["message"].strip() or None  # a team's rule may interpolate metavariables
    return Finding(
        rule_id=rule.id,
        start=start,
        end=max(start, end),
        engine="semgrep",
        message=message,
        fix=_fix(rule, start, max(start, end), bindings),
        related=_trace(extra.get("dataflow_trace"), text, offsets, target),
    )


def _close_template_literal(text: str, start: int, end: int) -> int:
    """semgrep 1.x ends the range of a JS template literal before its last `}` and backquote
    (`${a}` comes out as `${a`); extend a span that stops inside one to the closing backquote."""
    ticks = 0
    i = start
    while i < end:
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "`":
            ticks += 1
        i += 1
    if ticks % 2 == 0:
        return end
    i = end
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "`":
            return i + 1
        i += 1
    return end


def render(template: str, bindings: dict[str, str]) -> str:
    """A fix template with each bound metavariable replaced by the text it matched.

    Unbound names stay as written, as semgrep leaves them.
    """
    return _METAVARIABLE.sub(lambda m: bindings.get(m.group(0), m.group(0)), template)


def _fix(rule: Rule, start: int, end: int, bindings: dict[str, str]) -> Fix | None:
    template = rule.semgrep_body.get("fix")
    if not isinstance(template, str):
        return None
    title = rule.fix_title or "Apply the rule's fix"
    return Fix(title, (Edit(start, end, render(template, bindings)),), rule.fix_safe)


def _trace(trace: Any, text: str, offsets: ByteOffsets, target: str) -> tuple[Related, ...]:
    if not isinstance(trace, dict):
        return ()
    related = []
    source = _location(trace.get("taint_source"))
    if source is not None and source[0].get("path") in (None, target):
        start, end = offsets.char(int(source[0]["start"]["offset"])), offsets.char(int(source[0]["end"]["offset"]))
        related.append(Related(start, end, f"untrusted data enters here: {_short(text[start:end])}"))
    for step in (trace.get("intermediate_vars") or [])[:MAX_STEPS]:
        location = step.get("location") if isinstance(step, dict) else None
        if not isinstance(location, dict) or location.get("path") not in (None, target):
            continue
        start, end = offsets.char(int(location["start"]["offset"])), offsets.char(int(location["end"]["offset"]))
        related.append(Related(start, end, f"and flows through {_short(text[start:end])}"))
    return tuple(related)


def _location(call_trace: Any) -> tuple[dict, str] | None:
    """The first location of a semgrep match_call_trace: ["CliLoc", [loc, text]] or ["CliCall", [[loc, text], ...]]."""
    if not isinstance(call_trace, list) or len(call_trace) != 2:
        return None
    kind, value = call_trace
    if kind == "CliLoc" and isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0], str(value[1]) if len(value) > 1 else ""
    if kind == "CliCall" and isinstance(value, list) and value and isinstance(value[0], list):
        return _location(["CliLoc", value[0]])
    return None


def _short(code: str, limit: int = 80) -> str:
    code = " ".join(code.split())
    return f"`{code if len(code) <= limit else code[: limit - 1] + '…'}`"


def _problems(errors: Any, rules: dict[str, Rule]) -> list[str]:
    """Errors worth telling the user: a rule that timed out or ran out of memory on this file."""
    problems = []
    for error in errors if isinstance(errors, list) else []:
        if not isinstance(error, dict):
            continue
        kind = str(error.get("error_type", ""))
        if kind.startswith(_PARTIAL):
            continue  # the parts of the file that parse were checked
        rule_id = error.get("rule_id")
        what = f"rule {rule_id}" if rule_id in rules else "a rule"
        if "Timeout" in kind:
            problems.append(f"semgrep: {what} took too long on a file and was skipped there")
        elif "memory" in kind.lower():
            problems.append(f"semgrep: {what} ran out of memory on a file and was skipped there")
        else:
            log.info("semgrep reported %s: %s", kind, str(error.get("message", ""))[:200])
    return problems

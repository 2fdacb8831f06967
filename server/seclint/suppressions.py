"""Suppression comments: parsing, honouring, and finding the ones that no longer suppress anything.

Two syntaxes are honoured:

* seclint's own, which names the rules and says why::

      subprocess.run(cmd, shell=True)  # seclint: ignore[PY-CMD-SHELL] cmd is a constant from config.py

* bandit's and semgrep's, so existing code bases keep their decisions::

      subprocess.run(cmd, shell=True)  # nosec B602
      subprocess.run(cmd, shell=True)  # nosec
      el.innerHTML = html;  // nosemgrep: JS-XSS-INNERHTML

A suppression applies to findings on its line, or on any line of the statement
the finding sits in.  Comments are found with the document's comment syntax: ``#``
for Python, YAML, Dockerfiles and other text, ``//`` for JavaScript, Go, Java and the like.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .documents import LineIndex
from .findings import Edit, Finding
from .languages import GENERIC, comment_marker

UNUSED_RULE = "SECLINT-UNUSED-SUPPRESSION"

# bandit tests that flag imports.  seclint reports the dangerous calls instead, so on an
# import line these ids suppress nothing of ours but are still needed by bandit itself:
# never report them as unused.
IMPORT_ONLY_BANDIT_IDS = frozenset({"B401", "B402", "B403", "B404", "B405", "B406", "B407", "B408", "B409", "B410", "B411", "B413"})

_SECLINT = re.compile(r"seclint:\s*ignore(?:\[(?P<codes>[^\]]*)\])?(?P<reason>[^#]*)", re.IGNORECASE)
_NOSEC = re.compile(r"(?:#|//)\s*nosec\b:?(?P<rest>[^#]*)", re.IGNORECASE)
_NOSEMGREP = re.compile(r"\bnosemgrep\b(?:\s*:\s*(?P<codes>[A-Za-z0-9_.\-]+(?:\s*,\s*[A-Za-z0-9_.\-]+)*))?(?P<rest>[^#]*)", re.IGNORECASE)
# Rule ids (PY-AREA-NAME, a team's acme.no-eval) and bandit test ids.
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[.-][A-Za-z0-9_]+)+|B\d{3}")
_COMMENT_START = re.compile(r"#")


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    start: int
    end: int


@dataclass(slots=True)
class Suppression:
    kind: str  # "seclint", "nosec" or "nosemgrep"
    line: int  # 0-based
    start: int  # offsets of the directive inside the comment
    end: int
    codes: tuple[Code, ...]
    reason: str
    used_codes: set[str] = field(default_factory=set)
    used: bool = False

    @property
    def blanket(self) -> bool:
        return not self.codes


def _comments(text: str, index: LineIndex, language: str = "python") -> Iterable[tuple[int, int]]:
    """(start, end) offsets of every comment; falls back to a scan where tokenizing fails."""
    if language != "python":
        markers = ("#", "//") if language == GENERIC else (comment_marker(language),)
        quotes = "'\"`" if "//" in markers else "'\""
        for line in range(index.line_count):
            content = index.line_text(line)
            position = _comment_column(content, markers, quotes)
            if position is not None:
                start = index.line_start(line) + position
                yield start, start + len(content) - position
        return
    covered_until = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                start = index.line_start(token.start[0] - 1) + token.start[1]
                yield start, start + len(token.string)
            covered_until = token.end[0]
        return
    except (tokenize.TokenError, SyntaxError, ValueError):
        pass
    # Half-typed code (an unclosed string or bracket): scan the rest line by line.
    for line in range(covered_until, index.line_count):
        content = index.line_text(line)
        position = _comment_column(content)
        if position is not None:
            start = index.line_start(line) + position
            yield start, start + len(content) - position


def _comment_column(line: str, markers: tuple[str, ...] = ("#",), quotes: str = "'\"") -> int | None:
    """Column of a comment marker outside simple quotes, if any."""
    quote = None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in quotes:
            quote = ch
        elif any(line.startswith(marker, i) for marker in markers):
            return i
        i += 1
    return None


def parse(text: str, index: LineIndex, language: str = "python") -> list[Suppression]:
    lowered = text.lower()
    if "nosec" not in lowered and "seclint:" not in lowered and "nosemgrep" not in lowered:
        return []  # the common case, without tokenizing the whole file
    found = []
    for start, end in _comments(text, index, language):
        comment = text[start:end]
        line = index.line_of(start)
        match = _SECLINT.search(comment)
        if match:
            codes = []
            if match.group("codes") is not None:
                base = start + match.start("codes")
                for code in _CODE.finditer(match.group("codes")):
                    codes.append(Code(code.group(0).upper(), base + code.start(), base + code.end()))
            found.append(
                Suppression("seclint", line, start + match.start(), start + match.end(), tuple(codes), match.group("reason").strip())
            )
            continue
        match = _NOSEC.search(comment)
        if match:
            base = start + match.start("rest")
            codes = [
                Code(code.group(0).upper(), base + code.start(), base + code.end())
                for code in _CODE.finditer(match.group("rest"))
                if re.fullmatch(r"B\d{3}|[A-Z][A-Z0-9]*(-[A-Z0-9]+)+", code.group(0).upper()) and (code.group(0)[0] in "Bb" or "-" in code.group(0))
            ]
            found.append(
                Suppression("nosec", line, start + match.start(), start + match.end(), tuple(codes), match.group("rest").strip())
            )
            continue
        match = _NOSEMGREP.search(comment)
        if match:
            codes = []
            if match.group("codes"):
                base = start + match.start("codes")
                codes = [Code(code.group(0).upper(), base + code.start(), base + code.end()) for code in _CODE.finditer(match.group("codes"))]
            found.append(
                Suppression("nosemgrep", line, start + match.start(), start + match.end(), tuple(codes), match.group("rest").strip())
            )
    return found


def _matches(suppression: Suppression, finding: Finding, bandit_rules: Callable[[str], tuple[str, ...]]) -> set[str] | None:
    """The codes of ``suppression`` that cover ``finding`` (empty set: a blanket match), or None."""
    if suppression.blanket:
        return set()
    hits = set()
    rule_id = finding.rule_id.upper()  # a team's rule ids may be lower case; codes are read upper case
    for code in suppression.codes:
        if code.code == rule_id or code.code == finding.origin or finding.rule_id in bandit_rules(code.code):
            hits.add(code.code)
    return hits or None


def apply(
    findings: list[Finding],
    suppressions: list[Suppression],
    index: LineIndex,
    bandit_rules: Callable[[str], tuple[str, ...]],
) -> tuple[list[Finding], list[tuple[Finding, Suppression]]]:
    """Split findings into (kept, suppressed), marking which suppressions were used."""
    by_line: dict[int, list[Suppression]] = {}
    for suppression in suppressions:
        by_line.setdefault(suppression.line, []).append(suppression)
    kept, suppressed = [], []
    for finding in findings:
        first, last = finding.anchor_lines or (index.line_of(finding.start), index.line_of(max(finding.start, finding.end - 1)))
        match = None
        for line in range(first, last + 1):
            for suppression in by_line.get(line, ()):
                codes = _matches(suppression, finding, bandit_rules)
                if codes is not None:
                    suppression.used = True
                    suppression.used_codes |= codes
                    match = suppression
                    break
            if match:
                break
        if match:
            suppressed.append((finding, match))
        else:
            kept.append(finding)
    return kept, suppressed


def unused(
    suppressions: list[Suppression],
    text: str,
    index: LineIndex,
    is_known: Callable[[str], bool],
    is_checked: Callable[[str], bool],
    skip_lines: Callable[[int], bool],
) -> list[Finding]:
    """Findings for suppressions (or codes in them) that suppress nothing.

    ``is_known(code)``: the code names a seclint rule (or a bandit test mapped to some);
    ``is_checked(code)``: every rule it names ran on this file, so "unused" is a fact, not a guess.
    A blanket ``# nosec`` (or ``nosemgrep``) is never reported: it may be there for a bandit
    test or a semgrep rule seclint does not run.
    """
    results = []
    for s in suppressions:
        if skip_lines(s.line):
            continue
        if s.blanket:
            if s.kind == "seclint" and not s.used:
                results.append(_unused_finding(s, text, None, "this suppression matches no finding on its line"))
            continue
        for code in s.codes:
            if code.code in s.used_codes:
                continue
            if not is_known(code.code):
                if s.kind == "seclint":
                    results.append(_unused_finding(s, text, code, f"{code.code} is not a seclint rule id"))
                continue
            if code.code in IMPORT_ONLY_BANDIT_IDS or not is_checked(code.code):
                continue
            results.append(_unused_finding(s, text, code, f"{code.code} no longer reports anything here"))
    return results


def _unused_finding(s: Suppression, text: str, code: Code | None, why: str) -> Finding:
    remaining = [c for c in s.codes if code is not None and c != code]
    if code is None or not remaining:
        edit = _remove_comment(s, text)
        title = "Remove unused suppression comment"
    else:
        edit = Edit(s.start, s.end, _render(s, remaining))
        title = f"Remove {code.code} from the suppression"
    from .findings import Fix

    start, end = (code.start, code.end) if code is not None else (s.start, s.end)
    return Finding(
        rule_id=UNUSED_RULE,
        start=start,
        end=end,
        engine="seclint",
        message=f"Unused suppression: {why}.",
        fix=Fix(title, (edit,)),
        anchor_lines=(s.line, s.line),
    )


def _render(s: Suppression, codes: list[Code]) -> str:
    joined = ", ".join(c.code for c in codes)
    if s.kind == "nosemgrep":
        return f"nosemgrep: {joined}"
    if s.kind == "seclint":
        return f"seclint: ignore[{joined}]" + (f" {s.reason}" if s.reason else "")
    return f"# nosec {joined}" + (f" {s.reason}" if s.reason and not _CODE.fullmatch(s.reason) else "")


def _remove_comment(s: Suppression, text: str) -> Edit:
    """Delete the directive; if it is the whole comment, delete the comment and the spaces before it."""
    line_start = text.rfind("\n", 0, s.start) + 1
    line_start = max(line_start, text.rfind("\r", 0, s.start) + 1)
    markers = [at for at in (text.rfind("#", line_start, s.start + 1), text.rfind("//", line_start, s.start + 1)) if at != -1]
    hash_at = max(markers) if markers else -1
    comment_start = hash_at if hash_at != -1 else s.start
    end = s.end
    rest = text[end : _line_end(text, end)]
    if rest.strip():
        # Other comment text follows the directive: keep it.
        return Edit(s.start, end, "")
    start = comment_start
    while start > line_start and text[start - 1] in " \t":
        start -= 1
    return Edit(start, _line_end(text, end), "")


def _line_end(text: str, offset: int) -> int:
    candidates = [i for i in (text.find("\n", offset), text.find("\r", offset)) if i != -1]
    return min(candidates) if candidates else len(text)


def comment_edit(text: str, index: LineIndex, finding: Finding, reason: str, language: str = "python") -> Edit:
    """An edit adding ``# seclint: ignore[RULE] reason`` for ``finding`` (or extending one already there)."""
    line = finding.anchor_lines[1] if finding.anchor_lines else index.line_of(finding.start)
    existing = [s for s in parse(text, index, language) if s.line == line and s.kind == "seclint" and s.codes]
    if existing:
        s = existing[0]
        codes = [*s.codes, Code(finding.rule_id, 0, 0)]
        return Edit(s.start, s.end, _render(s, codes))
    end = index.line_end(line)
    content = index.line_text(line)
    spacer = "  " if content.strip() else ""
    marker = comment_marker(language)
    if _comment_column(content, (marker,)) is not None:
        return Edit(end, end, f" -- seclint: ignore[{finding.rule_id}] {reason}")
    return Edit(end, end, f"{spacer}{marker} seclint: ignore[{finding.rule_id}] {reason}")

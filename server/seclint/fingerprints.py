"""Fingerprints: a finding's identity that survives edits elsewhere in the file.

A fingerprint never contains a line number.  It hashes the rule with the flagged code
(``code``) and with the statement the finding sits in (``context``; for a compound
statement, its header), both reduced to their tokens: whitespace, line breaks, comments,
quote style and trailing commas do not count, so lines added above, a reformat of other
code, or even of the flagged statement itself, leave it unchanged.  ``occurrence``
numbers findings with the same rule, code and statement in one file, so two identical
calls still get distinct fingerprints.

The baseline (``baseline.py``) and SARIF's ``partialFingerprints`` both use these.
"""

from __future__ import annotations

import ast
import hashlib
import io
import tokenize
from dataclasses import dataclass
from typing import Sequence

from .documents import LineIndex
from .findings import Finding

_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
_CLOSERS = {")", "]", "}"}


@dataclass(frozen=True, slots=True)
class Fingerprint:
    code: str  # hash of rule + flagged code
    context: str  # hash of rule + the whole lines the finding covers
    occurrence: int  # 0 for the first finding with this rule, code and statement in the file, 1 for the next...

    @property
    def id(self) -> str:
        """One string for SARIF's partialFingerprints: unique within a file."""
        return f"{self.code}{self.context[:8]}:{self.occurrence}"


def normalise(code: str) -> str:
    """The code's tokens, one space apart: layout, comments and quote style removed."""
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.type not in _SKIP]
    except (tokenize.TokenError, SyntaxError):
        # A fragment the tokenizer refuses (an unterminated string, say): whitespace-insensitive text.
        return "".join(code.split())
    words: list[str] = []
    for token in tokens:
        word = token.string
        if token.type == tokenize.STRING:
            try:
                word = repr(ast.literal_eval(word))
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                pass
        words.append(word)
    # A formatter adds or removes the comma after the last item of a split call.
    kept = [w for i, w in enumerate(words) if not (w == "," and i + 1 < len(words) and words[i + 1] in _CLOSERS)]
    return " ".join(kept)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _statements(text: str, index: LineIndex) -> list[tuple[int, int]] | None:
    """Offset spans of every statement (a compound statement: its header only); None if it does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    spans = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt) or node.end_lineno is None or node.end_col_offset is None:
            continue
        start = index.offset_from_ast(node.lineno, node.col_offset)
        end = index.offset_from_ast(node.end_lineno, node.end_col_offset)
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            end = min(end, index.offset_from_ast(body[0].lineno, body[0].col_offset))
        spans.append((start, end))
    return spans


def _context(finding: Finding, text: str, index: LineIndex, statements: list[tuple[int, int]] | None) -> str:
    inside = [s for s in statements or () if s[0] <= finding.start and finding.end <= s[1]]
    if inside:
        start, end = min(inside, key=lambda s: s[1] - s[0])
    else:  # no parse (half-typed code), or a finding outside any statement: its whole lines
        first, last = index.line_of(finding.start), index.line_of(max(finding.start, finding.end - 1))
        start, end = index.line_start(first), index.line_end(last)
    return normalise(text[start:end])


def fingerprints(findings: Sequence[Finding], text: str, index: LineIndex | None = None) -> list[Fingerprint]:
    """One fingerprint per finding, in order; findings are those of one analysis of ``text``."""
    if not findings:
        return []
    index = index or LineIndex(text)
    statements = _statements(text, index)
    seen: dict[tuple[str, str], int] = {}
    result = []
    for finding in findings:
        code = _digest(finding.rule_id, normalise(text[finding.start : finding.end]))
        context = _digest(finding.rule_id, _context(finding, text, index, statements))
        occurrence = seen.get((code, context), 0)
        seen[(code, context)] = occurrence + 1
        result.append(Fingerprint(code, context, occurrence))
    return result

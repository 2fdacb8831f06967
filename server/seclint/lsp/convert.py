"""Findings to LSP types.  Offsets become positions here, and only here."""

from __future__ import annotations

from lsprotocol import types as lsp

from ..catalogue import Catalogue
from ..docs import docs_uri
from ..documents import Encoding, LineIndex
from ..findings import Edit, Finding
from ..settings import Settings
from ..suppressions import UNUSED_RULE

SOURCE = "seclint"

_SEVERITY = {
    "critical": lsp.DiagnosticSeverity.Error,
    "high": lsp.DiagnosticSeverity.Error,
    "medium": lsp.DiagnosticSeverity.Warning,
    "low": lsp.DiagnosticSeverity.Information,
    "info": lsp.DiagnosticSeverity.Hint,
}


def encoding_of(kind: str | None) -> Encoding:
    return {"utf-8": Encoding.UTF8, "utf-32": Encoding.UTF32}.get(str(kind or "utf-16"), Encoding.UTF16)


def to_range(index: LineIndex, start: int, end: int, encoding: Encoding) -> lsp.Range:
    s_line, s_char = index.position_at(start, encoding)
    e_line, e_char = index.position_at(end, encoding)
    return lsp.Range(lsp.Position(s_line, s_char), lsp.Position(e_line, e_char))


def to_offsets(index: LineIndex, range_: lsp.Range, encoding: Encoding) -> tuple[int, int]:
    start = index.offset_at(range_.start.line, range_.start.character, encoding)
    end = index.offset_at(range_.end.line, range_.end.character, encoding)
    return (start, end) if start <= end else (end, start)


def to_text_edits(index: LineIndex, edits: tuple[Edit, ...] | list[Edit], encoding: Encoding) -> list[lsp.TextEdit]:
    return [lsp.TextEdit(to_range(index, e.start, e.end, encoding), e.text) for e in sorted(set(edits), key=lambda e: (e.start, e.end))]


def to_diagnostic(
    finding: Finding,
    catalogue: Catalogue,
    index: LineIndex,
    encoding: Encoding,
    settings: Settings,
    uri: str,
    *,
    related_support: bool = True,
    tag_support: bool = True,
    docs_base_url: str | None = None,
    dimmed: bool = False,
) -> lsp.Diagnostic:
    rule = catalogue.rules[finding.rule_id]
    severity = settings.severity_for(rule.id, rule.severity)
    cwe = ", ".join(rule.cwe)
    message = finding.message or rule.message
    if finding.rule_id != UNUSED_RULE:
        message = f"{message} ({cwe})"
    href = docs_uri(rule, docs_base_url)
    data: dict = {
        "rule": rule.id,
        "cwe": list(rule.cwe),
        "owasp": rule.owasp,
        "severity": severity,
        "engine": finding.engine,
    }
    if finding.fix is not None:
        data["fix"] = {
            "title": finding.fix.title,
            "safe": finding.fix.safe,
            "edits": [
                {"range": _range_json(to_range(index, e.start, e.end, encoding)), "newText": e.text}
                for e in finding.fix.edits
            ],
        }
    related = None
    if related_support and finding.related:
        related = [
            lsp.DiagnosticRelatedInformation(
                lsp.Location(uri, to_range(index, r.start, r.end, encoding)), r.message
            )
            for r in finding.related
        ]
    if dimmed:  # a legacy finding from the baseline: still there, but not this change's doing
        data["baseline"] = True
        message = f"{message} [in the baseline]"
    tags = [lsp.DiagnosticTag.Unnecessary] if tag_support and finding.rule_id == UNUSED_RULE else None
    return lsp.Diagnostic(
        range=to_range(index, finding.start, finding.end, encoding),
        message=message,
        severity=lsp.DiagnosticSeverity.Hint if dimmed else _SEVERITY[severity],
        code=rule.id,
        code_description=lsp.CodeDescription(href=href) if href else None,
        source=SOURCE,
        related_information=related,
        tags=tags,
        data=data,
    )


def _range_json(r: lsp.Range) -> dict:
    return {
        "start": {"line": r.start.line, "character": r.start.character},
        "end": {"line": r.end.line, "character": r.end.character},
    }

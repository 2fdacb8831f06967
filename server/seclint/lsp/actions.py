"""Code actions: the rule's fix, a suppression comment, and fix-all.

Actions are built from the diagnostic's code and range matched against the
server's own findings, not from ``Diagnostic.data`` alone: some clients (Vim's
ALE among them) drop ``data``.
"""

from __future__ import annotations

from typing import Callable, Sequence

from lsprotocol import types as lsp

from .. import fixes, suppressions
from ..catalogue import Catalogue
from ..documents import Encoding, LineIndex
from ..findings import Finding
from ..languages import comment_marker
from .convert import SOURCE, to_offsets, to_text_edits

FIX_ALL_KIND = "source.fixAll.seclint"
SUPPRESS_REASON = "<why this is safe>"


def _workspace_edit(uri: str, version: int | None, edits: list[lsp.TextEdit], document_changes: bool) -> lsp.WorkspaceEdit:
    if document_changes:
        return lsp.WorkspaceEdit(
            document_changes=[
                lsp.TextDocumentEdit(lsp.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version), edits)
            ]
        )
    return lsp.WorkspaceEdit(changes={uri: edits})


def _wanted(only: Sequence[str] | None, kind: str) -> bool:
    if not only:
        return True
    return any(kind == k or kind.startswith(k + ".") for k in only)


def match_findings(
    findings: Sequence[Finding],
    index: LineIndex,
    encoding: Encoding,
    diagnostics: Sequence[lsp.Diagnostic],
    range_: lsp.Range,
) -> list[tuple[Finding, lsp.Diagnostic | None]]:
    """Findings the request is about: those behind the given diagnostics, else those under the range."""
    matched: list[tuple[Finding, lsp.Diagnostic | None]] = []
    seen: set[int] = set()
    for diagnostic in diagnostics:
        if diagnostic.source not in (None, SOURCE) or not isinstance(diagnostic.code, str):
            continue
        start, end = to_offsets(index, diagnostic.range, encoding)
        exact = [f for f in findings if f.rule_id == diagnostic.code and (f.start, f.end) == (start, end)]
        near = exact or [f for f in findings if f.rule_id == diagnostic.code and f.start <= end and start <= f.end]
        for finding in near[:1]:
            if id(finding) not in seen:
                seen.add(id(finding))
                matched.append((finding, diagnostic))
    if not matched:
        start, end = to_offsets(index, range_, encoding)
        for finding in findings:
            if finding.start <= end and start <= finding.end and id(finding) not in seen:
                seen.add(id(finding))
                matched.append((finding, None))
    return matched


def code_actions(
    *,
    uri: str,
    version: int | None,
    text: str,
    index: LineIndex,
    encoding: Encoding,
    findings: Sequence[Finding],
    params: lsp.CodeActionParams,
    catalogue: Catalogue,
    to_diagnostic: Callable[[Finding], lsp.Diagnostic],
    fix_all: Callable[[], str],
    document_changes: bool,
    language: str = "python",
) -> list[lsp.CodeAction]:
    only = params.context.only
    actions: list[lsp.CodeAction] = []
    if _wanted(only, lsp.CodeActionKind.QuickFix):
        for finding, diagnostic in match_findings(findings, index, encoding, params.context.diagnostics, params.range):
            diagnostic = diagnostic or to_diagnostic(finding)
            rule = catalogue.rules.get(finding.rule_id)
            if finding.fix is not None:
                actions.append(
                    lsp.CodeAction(
                        title=f"{finding.fix.title} ({finding.rule_id})" if rule else finding.fix.title,
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=finding.fix.safe,
                        edit=_workspace_edit(uri, version, to_text_edits(index, finding.fix.edits, encoding), document_changes),
                    )
                )
            if finding.rule_id != suppressions.UNUSED_RULE:
                edit = suppressions.comment_edit(text, index, finding, SUPPRESS_REASON, language)
                actions.append(
                    lsp.CodeAction(
                        title=f"Suppress {finding.rule_id} on this line ({comment_marker(language)} seclint: ignore)",
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        edit=_workspace_edit(uri, version, to_text_edits(index, [edit], encoding), document_changes),
                    )
                )
    if any(f.fix is not None and f.fix.safe for f in findings) and _wanted(only, FIX_ALL_KIND):
        edit = fixes.minimal_edit(text, fix_all())
        if edit is not None:
            actions.append(
                lsp.CodeAction(
                    title="Fix all safe seclint findings",
                    kind=FIX_ALL_KIND,
                    edit=_workspace_edit(uri, version, to_text_edits(index, [edit], encoding), document_changes),
                )
            )
    return actions

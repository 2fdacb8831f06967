"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning reads it.

Every rule carries its title (``shortDescription``), its message (``fullDescription``), the
hover's markdown (``help.markdown``), CWE and OWASP tags, ``security-severity`` and
``precision``; every result its region (columns in UTF-16 code units, as declared in
``columnKind``), a ``partialFingerprints`` entry that survives edits elsewhere in the file,
the data-flow source as a related location, and its fix when there is one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from .. import __version__
from ..catalogue import Catalogue, Rule
from ..docs import rule_markdown
from ..documents import Encoding
from ..results import Item, Run

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "seclint/v1"
SRCROOT = "%SRCROOT%"

# GitHub: over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
PROBLEM_SEVERITY = {"critical": "error", "high": "error", "medium": "warning", "low": "recommendation", "info": "recommendation"}


def _tags(rule: Rule) -> list[str]:
    tags = ["security"]
    for cwe in rule.cwe:
        tags += [cwe, f"external/cwe/{cwe.lower()}"]
    category = rule.owasp.split(":")[0]  # A03
    tags += [f"OWASP-{rule.owasp}", f"external/owasp/owasp-{category.lower()}"]
    return tags + [t for t in rule.tags if t not in tags]


def _rule(catalogue: Catalogue, rule: Rule, severity: str) -> dict[str, Any]:
    help_markdown = rule_markdown(catalogue, rule)
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": " ".join(rule.message.split())},
        "help": {"text": help_markdown, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVEL[severity], "enabled": not rule.opt_in},
        "properties": {
            "tags": _tags(rule),
            "security-severity": SECURITY_SEVERITY[severity],
            "precision": rule.confidence,
            "problem.severity": PROBLEM_SEVERITY[severity],
            "cwe": list(rule.cwe),
            "owasp": rule.owasp,
        },
    }


class _Locator:
    """Artifact locations: relative to %SRCROOT% (the current folder) when inside it."""

    def __init__(self, root: Path):
        self.root = root.resolve()

    def __call__(self, path: Path) -> dict[str, Any]:
        absolute = path.resolve()
        try:
            relative = absolute.relative_to(self.root)
        except ValueError:
            return {"uri": absolute.as_uri()}
        return {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": SRCROOT}


def _region(item: Item, start: int, end: int, snippet: bool = True) -> dict[str, Any]:
    (line, column), (end_line, end_column) = item.position(start, Encoding.UTF16), item.position(end, Encoding.UTF16)
    region: dict[str, Any] = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
    if snippet:
        region["snippet"] = {"text": item.file.text[start:end]}
    return region


def _result(item: Item, rule_index: int, locate: _Locator, with_baseline: bool) -> dict[str, Any]:
    f, rule = item.finding, item.rule
    artifact = locate(item.path)
    index = item.file.index
    first, last = index.line_of(f.start), index.line_of(max(f.start, f.end - 1))
    context_start = index.line_start(max(0, first - 2))
    context_end = index.line_end(min(index.line_count - 1, last + 2))
    result: dict[str, Any] = {
        "ruleId": rule.id,
        "ruleIndex": rule_index,
        "level": LEVEL[item.severity],
        "message": {"text": f"{item.message} ({', '.join(rule.cwe)}, OWASP {rule.owasp})"},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": _region(item, f.start, f.end),
                "contextRegion": _region(item, context_start, context_end),
            }
        }],
        "partialFingerprints": {FINGERPRINT_KEY: item.fingerprint.id},
        "properties": {"severity": item.severity, "confidence": rule.confidence, "engine": f.engine},
    }
    if f.related:
        result["relatedLocations"] = [
            {
                "id": n,
                "physicalLocation": {"artifactLocation": artifact, "region": _region(item, r.start, r.end)},
                "message": {"text": r.message},
            }
            for n, r in enumerate(f.related, start=1)
        ]
    if f.fix is not None:
        result["fixes"] = [{
            "description": {"text": f.fix.title + ("" if f.fix.safe else " (review before applying)")},
            "artifactChanges": [{
                "artifactLocation": artifact,
                "replacements": [
                    {"deletedRegion": _region(item, e.start, e.end, snippet=False), "insertedContent": {"text": e.text}}
                    for e in sorted(set(f.fix.edits), key=lambda e: (e.start, e.end))
                ],
            }],
        }]
    if with_baseline:
        result["baselineState"] = "new"
    return result


def _notifications(run: Run, locate: _Locator) -> list[dict[str, Any]]:
    notes = []
    for file in run.files:
        where = [{"physicalLocation": {"artifactLocation": locate(file.target.path)}}]
        messages = [("error", file.error)] if file.error else []
        messages += [("warning", p) for p in file.problems]
        if file.skipped:
            messages.append(("warning", file.skipped))
        if file.syntax_error:
            line, msg = file.syntax_error
            messages.append(("note", f"line {line}: syntax error ({msg}); the rest of the file was checked"))
        notes += [{"level": level, "message": {"text": text}, "locations": where} for level, text in messages]
    return notes


def document(run: Run, root: Path) -> dict[str, Any]:
    catalogue = run.catalogue
    rules = sorted(catalogue.rules.values(), key=lambda r: r.id)
    index_of = {rule.id: i for i, rule in enumerate(rules)}
    # A severity override applies to the rule when every finding of it agrees.
    effective: dict[str, set[str]] = {}
    for item in run.items:
        effective.setdefault(item.rule.id, set()).add(item.severity)
    locate = _Locator(root)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "seclint",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "rules": [
                        _rule(catalogue, r, next(iter(effective[r.id])) if len(effective.get(r.id, ())) == 1 else r.severity)
                        for r in rules
                    ],
                }
            },
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": _notifications(run, locate)}],
            "originalUriBaseIds": {SRCROOT: {"uri": locate.root.as_uri().rstrip("/") + "/"}},
            "columnKind": "utf16CodeUnits",
            "results": [_result(i, index_of[i.rule.id], locate, run.with_baseline) for i in run.items],
        }],
    }


def write(run: Run, out: TextIO, root: Path | None = None) -> None:
    json.dump(document(run, root or Path.cwd()), out, indent=2, ensure_ascii=False)
    out.write("\n")

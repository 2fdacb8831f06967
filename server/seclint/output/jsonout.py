"""``--format json``: one object per finding, positions 1-based with columns in characters."""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..findings import Edit
from ..results import Item, Run


def _span(item: Item, start: int, end: int) -> dict[str, int]:
    (line, column), (end_line, end_column) = item.position(start), item.position(end)
    return {"line": line, "column": column, "end_line": end_line, "end_column": end_column}


def _edit(item: Item, edit: Edit) -> dict[str, Any]:
    return {**_span(item, edit.start, edit.end), "text": edit.text}


def finding(item: Item) -> dict[str, Any]:
    f, rule = item.finding, item.rule
    return {
        "path": str(item.path),
        **_span(item, f.start, f.end),
        "rule": rule.id,
        "title": rule.title,
        "severity": item.severity,
        "confidence": rule.confidence,
        "message": item.message,
        "cwe": list(rule.cwe),
        "owasp": rule.owasp,
        "engine": f.engine,
        "fingerprint": item.fingerprint.id,
        "source_line": item.file.index.line_text(item.start[0] - 1),
        "fix": None if f.fix is None else {
            "title": f.fix.title, "safe": f.fix.safe, "edits": [_edit(item, e) for e in f.fix.edits],
        },
        "related": [{**_span(item, r.start, r.end), "message": r.message} for r in f.related],
    }


def write(run: Run, out: TextIO) -> None:
    json.dump([finding(i) for i in run.items], out, indent=2, ensure_ascii=False)
    out.write("\n")

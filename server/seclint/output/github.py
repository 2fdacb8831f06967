"""``--format github``: workflow commands that GitHub Actions shows as annotations on the diff."""

from __future__ import annotations

from typing import TextIO

from ..results import Run
from . import text

_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "notice", "info": "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def write(run: Run, out: TextIO) -> None:
    for item in run.items:
        (line, column), (end_line, end_column) = item.start, item.end
        props = [f"file={_property(item.path.as_posix())}", f"line={line}", f"endLine={end_line}"]
        if end_line == line:  # GitHub honours columns only within one line
            props += [f"col={column}", f"endColumn={max(end_column, column + 1)}"]
        props.append(f"title={_property(f'{item.rule.id} [{item.severity}] {item.rule.title}')}")
        cwe = ", ".join(item.rule.cwe)
        out.write(f"::{_LEVEL[item.severity]} {','.join(props)}::{_data(f'{item.message} ({cwe}, OWASP {item.rule.owasp})')}\n")
    if run.items:
        out.write("\n")
    text.summary(run, out)

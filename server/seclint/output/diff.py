"""``--diff``: what the safe fixes change, as a unified diff."""

from __future__ import annotations

import difflib
from typing import Iterable, TextIO

from ..scan import FileResult


def write(files: Iterable[FileResult], out: TextIO) -> int:
    """Print a diff for every file whose fixes change it; returns how many files that is."""
    changed = 0
    for file in files:
        before = file.original if file.original is not None else file.text
        after = file.fixed_text
        if after is None or after == before:
            continue
        changed += 1
        name = file.target.path.as_posix()
        for line in difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
        ):
            out.write(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return changed

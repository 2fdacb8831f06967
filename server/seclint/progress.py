"""A progress bar on stderr for large trees — only when stderr is a terminal, so CI logs and
pipes stay clean."""

from __future__ import annotations

import os
import shutil
import time
from typing import TextIO

# Fewer files than this finish before a bar would be worth looking at.
MIN_FILES = 20


class Progress:
    def __init__(self, stream: TextIO, total: int, label: str = "checking"):
        self.stream = stream
        self.total = total
        self.label = label
        self.enabled = wanted(stream, total)
        self._last = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:  # redraw at most ten times a second
            return
        self._last = now
        width = shutil.get_terminal_size((80, 24)).columns
        counter = f" {done}/{total} files"
        bar_width = max(10, min(40, width - len(self.label) - len(counter) - 4))
        filled = bar_width * done // max(total, 1)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (bar_width - filled)}]{counter}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[2K")  # clear the bar's line before the results
            self.stream.flush()


def wanted(stream: TextIO, total: int) -> bool:
    if total < MIN_FILES or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

"""Open documents: text, versions, incremental edits and position conversion.

Everything inside seclint works with character offsets into a Python ``str``.
LSP positions are (line, character) where "character" counts code units of the
negotiated encoding (UTF-16 unless the client asked for UTF-8 or UTF-32), and
lines end at ``\\r\\n``, ``\\r`` or ``\\n``.  This module is the one place where
the two meet.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field
from enum import Enum

_NEWLINE = re.compile(r"\r\n|\r|\n")


class Encoding(str, Enum):
    UTF8 = "utf-8"
    UTF16 = "utf-16"
    UTF32 = "utf-32"


def _units(ch: str, encoding: Encoding) -> int:
    """Code units one character takes in ``encoding``."""
    cp = ord(ch)
    if encoding is Encoding.UTF16:
        return 2 if cp > 0xFFFF else 1
    if encoding is Encoding.UTF8:
        if cp < 0x80:
            return 1
        if cp < 0x800:
            return 2
        if cp < 0x10000:
            return 3
        return 4
    return 1


class LineIndex:
    """Line starts of one text, and conversions between offsets and positions."""

    __slots__ = ("text", "starts")

    def __init__(self, text: str):
        self.text = text
        # An array, not a list: every published analysis keeps its index (8 bytes a line, not ~36).
        self.starts = array("q", [0])
        self.starts.extend(m.end() for m in _NEWLINE.finditer(text))

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def line_start(self, line: int) -> int:
        return self.starts[line]

    def line_end(self, line: int) -> int:
        """Offset just past the line's content, before its line break."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            if self.text.startswith("\r\n", end - 2) and end - 2 >= self.starts[line]:
                return end - 2
            return end - 1
        return len(self.text)

    def line_text(self, line: int) -> str:
        return self.text[self.starts[line] : self.line_end(line)]

    # -- LSP positions ---------------------------------------------------------

    def offset_at(self, line: int, character: int, encoding: Encoding = Encoding.UTF16) -> int:
        """Offset of an LSP position; out-of-range positions are clamped, as the spec asks."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        end = self.line_end(line)
        if character <= 0:
            return start
        content = self.text[start:end]
        if encoding is Encoding.UTF32 or content.isascii():
            return start + min(character, len(content))
        units = 0
        for i, ch in enumerate(content):
            units += _units(ch, encoding)
            if units > character:
                # A position inside a multi-unit character snaps to its start.
                return start + i
        return end

    def position_at(self, offset: int, encoding: Encoding = Encoding.UTF16) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self.starts[line]
        # An offset inside a \r\n pair belongs to the end of the line.
        offset = min(offset, self.line_end(line))
        prefix = self.text[start:offset]
        if encoding is Encoding.UTF32 or prefix.isascii():
            return line, len(prefix)
        return line, sum(_units(ch, encoding) for ch in prefix)

    # -- Python's ast positions ------------------------------------------------

    def offset_from_ast(self, lineno: int, col_bytes: int) -> int:
        """Offset of an ``ast`` position (1-based line, UTF-8 byte column)."""
        line = lineno - 1
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        end = self.line_end(line)
        content = self.text[start:end]
        if content.isascii():
            return start + min(col_bytes, len(content))
        prefix = content.encode("utf-8", "surrogatepass")[:col_bytes]
        return start + len(prefix.decode("utf-8", "ignore"))


@dataclass(slots=True)
class TextEdit:
    """One applied change, in offsets of the text before it."""

    start: int
    end: int
    new_length: int


class Document:
    """The server's copy of one open document."""

    __slots__ = ("uri", "language_id", "version", "_text", "_index", "_log", "_log_base")

    MAX_LOG = 4096

    def __init__(self, uri: str, text: str, version: int | None = None, language_id: str = "python"):
        self.uri = uri
        self.language_id = language_id
        self.version = version
        self._text = text
        self._index: LineIndex | None = None
        # Edit log: _log[i] turned version-step (_log_base + i) into the next.
        self._log: list[TextEdit] = []
        self._log_base = 0

    @property
    def text(self) -> str:
        return self._text

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self._text)
        return self._index

    @property
    def revision(self) -> int:
        """Counts every change applied; unlike ``version`` it always increases by one."""
        return self._log_base + len(self._log)

    def apply_change(self, text: str, range_: tuple[int, int, int, int] | None, encoding: Encoding) -> None:
        """Apply one content change; ``range_`` is (start line, start char, end line, end char)."""
        if range_ is None:
            start, end = 0, len(self._text)
        else:
            index = self.index
            start = index.offset_at(range_[0], range_[1], encoding)
            end = index.offset_at(range_[2], range_[3], encoding)
            if end < start:
                start, end = end, start
        self._text = self._text[:start] + text + self._text[end:]
        self._index = None
        self._log.append(TextEdit(start, end, len(text)))
        if len(self._log) > self.MAX_LOG:
            drop = len(self._log) - self.MAX_LOG
            del self._log[:drop]
            self._log_base += drop

    def edits_since(self, revision: int) -> list[TextEdit] | None:
        """The edits that turned the text at ``revision`` into the current one; None once forgotten."""
        if revision < self._log_base or revision > self.revision:
            return None
        return self._log[revision - self._log_base :]

    def map_span(self, start: int, end: int, since_revision: int) -> tuple[int, int] | None:
        """Where a span of the text at ``since_revision`` is now; None if an edit touched it."""
        if since_revision < self._log_base:
            return None
        for edit in self._log[since_revision - self._log_base :]:
            delta = edit.new_length - (edit.end - edit.start)
            if edit.end <= start:
                # Before the span (an insertion right at its start counts as before).
                start += delta
                end += delta
            elif edit.start >= end:
                continue
            else:
                return None
        return start, end


@dataclass
class DocumentStore:
    """All open documents by URI."""

    documents: dict[str, Document] = field(default_factory=dict)

    def open(self, uri: str, text: str, version: int | None, language_id: str) -> Document:
        doc = Document(uri, text, version, language_id)
        self.documents[uri] = doc
        return doc

    def get(self, uri: str) -> Document | None:
        return self.documents.get(uri)

    def close(self, uri: str) -> Document | None:
        return self.documents.pop(uri, None)

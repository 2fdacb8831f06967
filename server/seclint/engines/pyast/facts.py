"""What one block's analysis read from the rest of its module, so its findings can be reused.

The native engine runs its checks one top-level block at a time, each block in a context of its
own, and keeps a block's findings (relative to the block) under the block's text.  Whatever a check
learns about *other* blocks comes through ``ModuleInfo``, which tells the ``Recorder``:

* a **noted read** — a fact (``ModuleInfo.fact``) or a name's module-level bindings — is kept with
  a fingerprint of its answer.  Next time, the block's findings are reused only if every noted read
  gives an answer with the same fingerprint on the new module.  An AST node in an answer is
  fingerprinted by the text of the block that holds it and its place there, so a block that used a
  helper function is analysed again when that helper's block changes, and not when it merely moves.
* a **raw read** — the whole tree, every node, a sweep over the module's bindings — cannot be
  fingerprinted.  The block is analysed again next time; so is every block analysed after it in
  this run, since what the read found may sit in a cache their checks shared.

A fact is computed in a context of its own (``ModuleInfo.fact_context``), so what it caches on the
way reaches a block only through its answer, and the answer is what is fingerprinted.
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
from typing import Any, Hashable, Sequence

from .values import UNKNOWN

# A block whose findings must not be reused: it read the module in a way no fingerprint covers.
DEEP = None
_UNKNOWN_YET = object()  # no fingerprint for this read in this run yet (None is a fingerprint)


class Unfingerprintable(Exception):
    pass


class Recorder:
    def __init__(self, starts: Sequence[int], texts: Sequence[str]):
        self._starts = list(starts)  # 1-based first line of each block, ascending
        self._texts = list(texts)
        self.depth = 0  # > 0 while a fact is computed: its own reads are covered by its answer
        self.deps: dict[tuple, Hashable] | None = None  # the block being analysed, if any
        self._fingerprints: dict[tuple, Hashable] = {}  # a read's answer is fixed within one run
        self.deep = False
        self.poisoned = False  # some block of this run read raw: later blocks may share its caches

    @property
    def recording(self) -> bool:
        return self.deps is not None and self.depth == 0

    def begin(self) -> None:
        self.deps = {}
        self.deep = self.poisoned

    def end(self) -> tuple[tuple[tuple, Hashable], ...] | None:
        deps, self.deps = self.deps, None
        return DEEP if self.deep else tuple(deps.items())

    def raw(self, what: str) -> None:
        if self.recording:
            self.deep = self.poisoned = True

    def note(self, key: tuple, answer: Any) -> None:
        if not self.recording or key in self.deps:  # type: ignore[operator]
            return
        try:
            self.deps[key] = self._fingerprint_of(key, answer)  # type: ignore[index]
        except Unfingerprintable:
            self.deep = True

    def _fingerprint_of(self, key: tuple, answer: Any) -> Hashable:
        try:
            return self._fingerprints[key]
        except KeyError:
            found = self._fingerprints[key] = self.fingerprint(answer)
            return found

    def holds(self, deps: tuple[tuple[tuple, Hashable], ...] | None, info: Any) -> bool:
        """Whether every read in ``deps`` gives the same answer on ``info``'s module."""
        if deps is DEEP:
            return False
        known = self._fingerprints
        for key, expected in deps:
            found = known.get(key, _UNKNOWN_YET)
            if found is _UNKNOWN_YET:
                try:
                    found = self._fingerprint_of(key, info.answer(key))
                except Unfingerprintable:
                    return False
            if found != expected:
                return False
        return True

    def fingerprint(self, value: Any) -> Hashable:
        if value is None or isinstance(value, (bool, int, float, str, bytes)):
            return value
        if value is UNKNOWN:
            return ("UNKNOWN",)
        if isinstance(value, ast.AST):
            return self._locate(value)
        if isinstance(value, (list, tuple)):
            return (type(value).__name__, tuple(self.fingerprint(v) for v in value))
        if isinstance(value, (set, frozenset)):
            return ("set", frozenset(self.fingerprint(v) for v in value))
        if isinstance(value, dict):
            return ("dict", tuple((self.fingerprint(k), self.fingerprint(v)) for k, v in value.items()))
        names = getattr(type(value), "FINGERPRINT", None)  # a class that names the fields it is made of
        if names is not None:
            return (type(value).__qualname__, tuple(self.fingerprint(getattr(value, n)) for n in names))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = dataclasses.fields(value)
            return (type(value).__qualname__, tuple(self.fingerprint(getattr(value, f.name)) for f in fields))
        raise Unfingerprintable(type(value).__name__)

    def _locate(self, node: ast.AST) -> Hashable:
        line = getattr(node, "lineno", None)
        if line is None:
            raise Unfingerprintable(type(node).__name__)
        i = bisect.bisect_right(self._starts, line) - 1
        if i < 0:
            raise Unfingerprintable("before the first block")
        first = self._starts[i]
        return (
            self._texts[i],
            type(node).__name__,
            line - first,
            node.col_offset,
            (getattr(node, "end_lineno", None) or line) - first,
            getattr(node, "end_col_offset", None),
        )


def module_fact(compute):
    """``compute(ctx, *args)`` becomes a fact of the module (``ModuleInfo.fact``): answered once per
    analysis in the facts' own context, and noted, with its answer, by each block that asks."""

    def ask(ctx, *args):
        return ctx.info.fact(compute, *args)

    ask.__name__ = compute.__name__
    ask.__doc__ = compute.__doc__
    return ask


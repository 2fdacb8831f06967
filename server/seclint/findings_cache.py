"""The findings of documents as they were opened or saved, kept on disk, so a reopened one shows them at once.

As ruff and mypy keep a cache for their command lines, the language server keeps the engines'
findings of a document's final analysis (every stage, none cancelled, no problem, no syntax error,
not skipped), named by a hash of everything those findings depend on (``key_of``):

* the text (its SHA-256), the document's path (rules and checks depend on it: test files, a semgrep
  rule's ``paths:``), its language and the workspace folder;
* the catalogue's fingerprint (``catalogue/cache.key_of``: every rule file's bytes, the loader's code,
  the seclint and PyYAML versions) and, with ``rule-paths``, the bytes of every custom rule file as
  the loader read them (``CustomRules.digest``);
* every field of the effective Settings except ``baseline`` (applied when diagnostics are made from
  findings, never by an engine);
* the engines (their classes and stages), the bytes of every module of seclint itself (a checkout's
  edit changes findings without changing the version), bandit's version and plugins, the
  semgrep-core binary (its resolved path, size and modification time) and Python's full version
  (``ast`` differs between versions).

A hit is turned back into the same final ``Analysis`` by ``Analyzer.restore``: merging and the
suppressions (and unused-suppression reports) are computed as after the engines.  Entries are
plain JSON read with every field's type and range checked: a damaged, truncated or foreign file is
ignored (and rewritten), never trusted, and nothing in it runs.  They live in
``$SECLINT_FINDINGS_CACHE_DIR`` if set (empty: no findings cache), else in ``findings/`` of the
catalogue's cache folder; never in a workspace.  Writes are atomic (a temporary file, then
``os.replace``) and the folder is bounded: the least recently used entries go first.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .catalogue import cache as catalogue_cache
from .findings import Edit, Finding, Fix, Related
from .settings import Settings

if TYPE_CHECKING:
    from .analysis import Analysis, Analyzer
    from .catalogue import Catalogue

log = logging.getLogger(__name__)

FORMAT = 1
FOLDER_ENV = "SECLINT_FINDINGS_CACHE_DIR"
MAX_ENTRIES = 4000
MAX_BYTES = 64 * 1024 * 1024
PRUNE_EVERY = 64  # writes between two looks at the folder's size (a look stats every entry)


def folder() -> Path | None:
    explicit = os.environ.get(FOLDER_ENV)
    if explicit is not None:
        return Path(explicit) if explicit else None  # set but empty: no findings cache
    base = catalogue_cache.cache_dir()
    return base / "findings" if base is not None else None


@functools.cache
def _installation() -> str:
    """What does not change while the process runs: seclint's code, bandit, Python (computed once)."""
    digest = hashlib.sha256(f"seclint {__version__} findings cache {FORMAT}\0{sys.version}\0{sys.implementation.cache_tag}\0".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        catalogue_cache._add(digest, path.relative_to(package).as_posix(), path.read_bytes())
    try:
        import yaml  # custom rules are parsed with it

        digest.update(f"PyYAML {yaml.__version__}\0".encode())
    except ImportError:
        digest.update(b"no PyYAML\0")
    from importlib import metadata

    try:
        bandit = metadata.distribution("bandit")
        digest.update(f"bandit {bandit.version} {bandit.locate_file('')}\0".encode())
    except metadata.PackageNotFoundError:
        digest.update(b"no bandit\0")
    plugins = sorted(f"{e.name}={e.value}" for e in metadata.entry_points(group="bandit.plugins"))
    digest.update(("\n".join(plugins) + "\0").encode())
    return digest.hexdigest()


@functools.cache
def _semgrep_binary() -> Path | None:
    from .engines.semgrep.process import find_binary

    return find_binary()


def _engines(analyzer: Analyzer) -> str | None:
    """The engines and, for semgrep, its binary as it is now on disk; None: an engine seclint does not know."""
    parts = []
    for engine in analyzer.engines:
        kind = type(engine)
        if not kind.__module__.startswith("seclint.engines."):
            return None  # a test's or a plugin's engine: its findings cannot be keyed
        parts.append(f"{engine.name} {kind.__module__}.{kind.__qualname__} {getattr(engine, 'stage', 1)}")
        if engine.name == "semgrep":
            binary = getattr(engine, "_binary", None) or _semgrep_binary()
            try:
                real = Path(binary).resolve() if binary is not None else None
                stat = real.stat() if real is not None else None
                parts.append(f"semgrep-core {real} {stat.st_size} {stat.st_mtime_ns}" if stat else "no semgrep-core")
            except OSError:
                parts.append(f"semgrep-core {binary} unreadable")
    return "\n".join(parts)


def key_of(
    analyzer: Analyzer, text: str, path: str | None, language: str, settings: Settings, root: Path | None
) -> tuple[str, Catalogue] | None:
    """The entry's name for this analysis, and the catalogue (with the team's rules) it was made for.

    None when the findings cannot be keyed (an unknown engine or catalogue).  The custom rules are
    loaded here exactly as ``Analyzer.catalogue_for`` loads them; the caller checks that the
    analysis it stores or restores used this very catalogue.
    """
    fingerprint = analyzer.catalogue.fingerprint
    engines = _engines(analyzer)
    if fingerprint is None or engines is None:
        return None
    catalogue = analyzer.catalogue
    custom = ""
    if settings.rule_paths:
        from .catalogue import custom as custom_rules

        loaded = custom_rules.load_cached(settings.rule_paths, frozenset(analyzer.catalogue.rules))
        catalogue = analyzer.catalogue.extended(loaded.rules, loaded.weaknesses)
        custom = loaded.digest
    settings_part = repr(replace(settings, baseline=None))
    digest = hashlib.sha256()
    for name, part in (
        ("installation", _installation()),
        ("engines", engines),
        ("catalogue", fingerprint),
        ("custom rules", custom),
        ("settings", settings_part),
        ("language", language),
        ("path", path or ""),
        ("root", str(root) if root is not None else ""),
    ):
        catalogue_cache._add(digest, name, part.encode("utf-8", "surrogatepass"))
    catalogue_cache._add(digest, "text", text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:40], catalogue


def storable(analysis: Analysis) -> bool:
    """A final analysis whose findings are exactly what the engines give for its text."""
    return (
        analysis.final
        and not analysis.cancelled
        and not analysis.problems
        and analysis.skipped is None
        and analysis.syntax_error is None
        and not analysis.broken_lines
        and analysis.engine_findings is not None
        and not analysis.restored
    )


# -- entries ----------------------------------------------------------------------


def encode(key: str, analysis: Analysis) -> str:
    findings = []
    for f in analysis.engine_findings or ():
        fix = None
        if f.fix is not None:
            fix = [f.fix.title, [[e.start, e.end, e.text] for e in f.fix.edits], f.fix.safe]
        findings.append(
            [
                f.rule_id, f.start, f.end, f.engine, f.message, fix,
                [[r.start, r.end, r.message] for r in f.related],
                list(f.anchor_lines) if f.anchor_lines is not None else None,
                f.origin,
            ]
        )
    entry = {
        "format": FORMAT,
        "key": key,
        "length": len(analysis.text),
        "stages": analysis.stage,
        "ran": sorted(analysis.engines_ran),
        "findings": findings,
    }
    return json.dumps(entry, separators=(",", ":"), ensure_ascii=False)


def decode(data: bytes, key: str, length: int) -> tuple[list[Finding], frozenset[str], int]:
    """The findings, engines that ran and stage count of an entry; ValueError when it is not a sound one."""
    entry = json.loads(data)
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
        raise ValueError("written for another key or format")
    if _int(entry["length"], 0, length) != length:
        raise ValueError("written for another text")
    stages = _int(entry["stages"], 0, 16)
    ran = frozenset(_typed(name, str) for name in _typed(entry["ran"], list))
    findings = []
    for item in _typed(entry["findings"], list):
        rule_id, start, end, engine, message, fix, related, anchor, origin = _typed(item, list)
        start, end = _int(start, 0, length), _int(end, 0, length)
        if end < start:
            raise ValueError("a finding ends before it starts")
        if fix is not None:
            title, edits, safe = _typed(fix, list)
            fix = Fix(
                _typed(title, str),
                tuple(_edit(_typed(e, list), length) for e in _typed(edits, list)),
                _typed(safe, bool),
            )
        related_spots = []
        for spot in _typed(related, list):
            r_start, r_end, r_message = _typed(spot, list)
            related_spots.append(Related(_int(r_start, 0, length), _int(r_end, 0, length), _typed(r_message, str)))
        if anchor is not None:
            first, last = _typed(anchor, list)
            anchor = (_int(first, 0, length + 1), _int(last, 0, length + 1))
        findings.append(
            Finding(
                _typed(rule_id, str), start, end, _typed(engine, str),
                None if message is None else _typed(message, str), fix, tuple(related_spots), anchor,
                None if origin is None else _typed(origin, str),
            )
        )
    return findings, ran, stages


def _edit(item: list, length: int) -> Edit:
    start, end, text = item
    return Edit(_int(start, 0, length), _int(end, 0, length), _typed(text, str))


def _int(value: Any, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise ValueError(f"expected a whole number from {low} to {high}, found {value!r}")
    return value


def _typed(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise ValueError(f"expected {kind.__name__}, found {type(value).__name__}")
    return value


# -- the folder ---------------------------------------------------------------------


def read(key: str) -> bytes | None:
    """The entry named ``key`` (its recency refreshed), or None."""
    place = folder()
    if place is None:
        return None
    target = place / f"{key}.json"
    try:
        with open(target, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.debug("cannot read the cached findings %s: %s", key, exc)
        return None
    try:
        os.utime(target)  # least recently used goes first (see _prune)
    except OSError:
        pass
    return data


_writes = 0


def write(key: str, text: str) -> bool:
    """Save an entry (best effort: a failure only costs a full analysis at the next open)."""
    global _writes
    place = folder()
    if place is None:
        return False
    target = place / f"{key}.json"
    data = text.encode("utf-8", "surrogatepass")
    try:
        place.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            if target.read_bytes() == data:
                os.utime(target)
                return True
        except OSError:
            pass
        handle, temporary = tempfile.mkstemp(prefix=".findings-", dir=place)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)  # readers see the old entry or the whole new one
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as exc:
        log.debug("could not cache findings in %s: %s", place, exc)
        return False
    if _writes % PRUNE_EVERY == 0:
        _prune(place, target)
    _writes += 1
    return True


def _prune(place: Path, kept: Path, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
    """Drop the least recently used entries beyond ``max_entries`` or ``max_bytes`` (and stray temporaries)."""
    entries = []
    stale = time.time() - 3600  # a temporary file this old belongs to a writer that died
    try:
        names = os.scandir(place)
    except OSError:
        return
    with names:
        for item in names:
            try:
                stat = item.stat()
            except OSError:
                continue
            if item.name.startswith(".findings-"):
                if stat.st_mtime < stale:
                    _unlink(Path(item.path))
                continue
            if item.name.endswith(".json"):
                entries.append((stat.st_mtime, stat.st_size, Path(item.path)))
    entries.sort(reverse=True)
    total = 0
    for count, (_, size, path) in enumerate(entries, 1):
        total += size
        if (count > max_entries or total > max_bytes) and path != kept:
            _unlink(path)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass

"""A copy of the loaded, validated catalogue on disk, so a start does not parse 130 YAML files again.

Parsing and validating the rules was ~55 ms of every start of the server (measured on a quiet
2-core machine); reading this copy back, with the hash below, is ~7.  Only a catalogue that loaded
without error is written, so the copy holds what the loader produced, never what it would
have rejected.

It can never be served stale: its name is a hash of the bytes of every file the loader reads
(cwe.yaml, owasp.yaml, bandit.yaml and every ``*/*.yaml``, with their names), of the loader's
own source, seclint's version and PyYAML's, so any edit to a rule, a new or deleted rule file or a
changed loader names another file.  It is plain JSON, read into the same dataclasses with
every field's type checked: a truncated, corrupt or foreign file is ignored (and rewritten),
never trusted, and nothing in it is ever run.  It lives in the user's cache folder
(``$SECLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/seclint``, else ``~/.cache/seclint``), never
in a workspace; a folder that cannot be written only costs the full load.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from .. import __version__
from .loader import _SAFE_LOADER
from .model import OwaspCategory, Reference, Rule, Weakness

log = logging.getLogger(__name__)

FORMAT = 1
KEEP = 8  # cached catalogues kept (other versions, checkouts, edits), newest first
SHARED_FILES = ("cwe.yaml", "owasp.yaml", "bandit.yaml")
# The code that turns the YAML into Rules: a change to it may change what a rule file yields.
_LOADER_SOURCES = ("__init__.py", "loader.py", "model.py", "semgrep_schema.py", "../languages.py")

_STR_TUPLES = ("cwe", "languages", "bandit", "tags")
_STRS = ("id", "title", "severity", "confidence", "owasp", "engine", "message", "what", "why", "verify", "insecure", "secure")
_OPTIONAL_STRS = ("focus", "fix_title", "semgrep")
_BOOLS = ("opt_in", "fix_safe")


def cache_dir() -> Path | None:
    explicit = os.environ.get("SECLINT_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None  # set but empty: no cache
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "seclint"
    try:
        return Path.home() / ".cache" / "seclint"
    except (RuntimeError, KeyError):  # no home directory
        return None


def catalogue_files(root: Path) -> list[Path]:
    """Every file ``Catalogue.load`` reads, in the order it reads them."""
    return [root / name for name in SHARED_FILES] + sorted(root.glob("*/*.yaml"))


def key_of(root: Path) -> str | None:
    """The hash naming the cache file for the catalogue in ``root`` (None: a file cannot be read)."""
    # PyYAML (and whether its C parser is used) decides what a rule file's text becomes.
    parser = f"PyYAML {yaml.__version__} {_SAFE_LOADER.__name__}"
    digest = hashlib.sha256(f"seclint {__version__} catalogue cache {FORMAT} {parser}\0".encode())
    here = Path(__file__).parent
    try:
        for name in _LOADER_SOURCES:
            _add(digest, name, (here / name).read_bytes())
        for path in catalogue_files(root):
            _add(digest, path.relative_to(root).as_posix(), path.read_bytes())
    except OSError:
        return None  # the loader will say what is wrong
    return digest.hexdigest()[:32]


def _add(digest: Any, name: str, data: bytes) -> None:
    digest.update(f"{name}\0{len(data)}\0".encode())
    digest.update(data)


def read(root: Path, key: str) -> dict[str, Any] | None:
    """The cached parts of the catalogue for ``key`` (as ``Catalogue.load`` builds them), or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"catalogue-{key}.json", "rb") as handle:
            data = json.loads(handle.read())
        return _decode(root, key, data)
    except FileNotFoundError:
        return None
    except Exception as exc:  # unreadable, corrupt or not ours: load the YAML instead
        log.debug("ignoring the cached catalogue %s: %s", key, exc)
        return None


def write(root: Path, key: str, parts: dict[str, Any]) -> None:
    """Save ``parts`` for the next start (best effort: a failure only costs a full load then)."""
    folder = cache_dir()
    if folder is None:
        return
    target = folder / f"catalogue-{key}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        text = json.dumps(_encode(root, key, parts), separators=(",", ":"))
        handle, temporary = tempfile.mkstemp(prefix=".catalogue-", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, target)  # readers see the old file or the whole new one
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(folder, target)
    except (OSError, ValueError) as exc:
        log.debug("could not cache the catalogue in %s: %s", folder, exc)


def _prune(folder: Path, kept: Path) -> None:
    """Drop all but the newest KEEP cached catalogues."""
    entries = []
    for path in folder.glob("catalogue-*.json"):
        try:
            entries.append((path.stat().st_mtime, path))
        except OSError:
            continue
    entries.sort(reverse=True)
    for _, path in entries[KEEP:]:
        if path != kept:
            try:
                path.unlink()
            except OSError:
                pass


def _encode(root: Path, key: str, parts: dict[str, Any]) -> dict[str, Any]:
    rules = []
    for rule in parts["rules"].values():
        if rule.path is None or rule.path.parent.parent != root or rule.custom or rule.line is not None:
            raise ValueError(f"{rule.id} is not a catalogue file's rule")
        entry = {name: getattr(rule, name) for name in (*_STRS, *_STR_TUPLES, *_OPTIONAL_STRS, *_BOOLS)}
        entry["references"] = [[ref.title, ref.url] for ref in rule.references]
        entry["path"] = rule.path.relative_to(root).as_posix()
        rules.append(entry)
    return {
        "key": key,
        "rules": rules,
        "weaknesses": {k: w.name for k, w in parts["weaknesses"].items()},
        "owasp": {k: [o.name, o.url] for k, o in parts["owasp"].items()},
        "excluded": parts["bandit_excluded"],
        "by_bandit": parts["by_bandit"],
    }


def _decode(root: Path, key: str, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("key") != key:
        raise ValueError("written for another catalogue")
    rules: dict[str, Rule] = {}
    for entry in _typed(data["rules"], list):
        fields: dict[str, Any] = {name: _typed(entry[name], str) for name in _STRS}
        for name in _STR_TUPLES:
            fields[name] = tuple(_typed(v, str) for v in _typed(entry[name], list))
        for name in _OPTIONAL_STRS:
            fields[name] = None if entry[name] is None else _typed(entry[name], str)
        for name in _BOOLS:
            fields[name] = _typed(entry[name], bool)
        fields["references"] = tuple(Reference(_typed(t, str), _typed(u, str)) for t, u in _typed(entry["references"], list))
        relative = _typed(entry["path"], str)
        parts = relative.split("/")
        if len(parts) != 2 or parts[0] in ("", ".", "..") or parts[1] != f"{fields['id']}.yaml":
            raise ValueError(f"unexpected rule path {relative!r}")
        rule = Rule(**fields, path=root / parts[0] / parts[1])
        if rule.id in rules:
            raise ValueError(f"{rule.id} twice")
        rules[rule.id] = rule
    weaknesses = {_typed(k, str): Weakness(k, _typed(v, str)) for k, v in _typed(data["weaknesses"], dict).items()}
    owasp = {_typed(k, str): OwaspCategory(k, _typed(n, str), _typed(u, str)) for k, (n, u) in _typed(data["owasp"], dict).items()}
    excluded = {_typed(k, str): _typed(v, str) for k, v in _typed(data["excluded"], dict).items()}
    by_bandit = {}
    for test_id, named in _typed(data["by_bandit"], dict).items():
        ids = tuple(_typed(r, str) for r in _typed(named, list))
        if not ids or any(r not in rules for r in ids):
            raise ValueError(f"{test_id} names an unknown rule")
        by_bandit[test_id] = ids
    if not rules:
        raise ValueError("no rules")
    return {"rules": rules, "weaknesses": weaknesses, "owasp": owasp, "bandit_excluded": excluded, "by_bandit": by_bandit}


def _typed(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise ValueError(f"expected {kind.__name__}, found {type(value).__name__}")
    return value

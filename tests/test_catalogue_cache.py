"""The catalogue's copy on disk (catalogue/cache.py): same catalogue, never stale, never trusted blindly."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import RULES

from seclint.catalogue import Catalogue, CatalogueError
from seclint.catalogue import cache as cache_mod


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SECLINT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def rules(tmp_path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(RULES, root, ignore=shutil.ignore_patterns("*.py", "*.js", "*.ts", "*.go", "*.java", "*.txt"))
    return root


def _same(a: Catalogue, b: Catalogue) -> None:
    assert a == b
    assert list(a.rules) == list(b.rules)
    assert [r.path for r in a.rules.values()] == [r.path for r in b.rules.values()]
    assert [r.line for r in a.rules.values()] == [r.line for r in b.rules.values()]
    assert list(a.by_bandit.items()) == list(b.by_bandit.items())
    assert list(a.weaknesses.items()) == list(b.weaknesses.items())


def _cache_only(monkeypatch) -> None:
    """From here on, a load that reads the YAML fails the test."""

    def refuse(root):
        raise AssertionError("the YAML was read: the cache did not answer")

    monkeypatch.setattr("seclint.catalogue._load_parts", refuse)


def test_the_cached_catalogue_is_the_loaded_one(cache_dir, rules, monkeypatch):
    fresh = Catalogue.load(rules)
    first = Catalogue.load(rules, cached=True)  # writes the copy
    assert len(list(cache_dir.glob("catalogue-*.json"))) == 1
    _cache_only(monkeypatch)
    second = Catalogue.load(rules, cached=True)
    _same(second, fresh)
    _same(first, fresh)
    assert all(r.path.parent.parent == rules for r in second.rules.values())


def test_another_copy_of_the_catalogue_gets_its_own_paths(cache_dir, rules, tmp_path, monkeypatch):
    Catalogue.load(rules, cached=True)
    other = tmp_path / "elsewhere"
    shutil.copytree(rules, other)
    _cache_only(monkeypatch)
    moved = Catalogue.load(other, cached=True)
    assert all(r.path.parent.parent == other for r in moved.rules.values())


@pytest.mark.parametrize("edit", ["message", "new rule", "deleted rule", "cwe names", "renamed folder"])
def test_any_change_to_the_rules_is_seen(cache_dir, rules, edit):
    before = Catalogue.load(rules, cached=True)
    rule = rules / "python" / "PY-DESERIAL-YAML.yaml"
    if edit == "message":
        rule.write_text(rule.read_text().replace("message: >-\n", "message: >-\n  Changed.\n", 1))
    elif edit == "new rule":
        (rules / "python" / "PY-DESERIAL-YAML2.yaml").write_text(rule.read_text().replace("id: PY-DESERIAL-YAML\n", "id: PY-DESERIAL-YAML2\n"))
    elif edit == "deleted rule":
        rule.unlink()
    elif edit == "cwe names":
        cwe = rules / "cwe.yaml"
        cwe.write_text(cwe.read_text().replace("CWE-502: ", "CWE-502: Renamed ", 1))
    elif edit == "renamed folder":
        (rules / "python").rename(rules / "py")
    expected = Catalogue.load(rules)
    after = Catalogue.load(rules, cached=True)
    _same(after, expected)
    assert len(list(cache_dir.glob("catalogue-*.json"))) == 2  # a new key, a new copy
    changed = {
        "message": lambda: after.rules["PY-DESERIAL-YAML"].message.startswith("Changed. "),
        "new rule": lambda: "PY-DESERIAL-YAML2" in after.rules and len(after.rules) == len(before.rules) + 1,
        "deleted rule": lambda: "PY-DESERIAL-YAML" not in after.rules,
        "cwe names": lambda: after.weaknesses["CWE-502"].name.startswith("Renamed "),
        "renamed folder": lambda: after.rules["PY-DESERIAL-YAML"].path == rules / "py" / "PY-DESERIAL-YAML.yaml",
    }
    assert changed[edit]()


def test_a_new_seclint_version_does_not_read_the_old_copy(cache_dir, rules, monkeypatch):
    key = cache_mod.key_of(rules)
    monkeypatch.setattr(cache_mod, "__version__", "999.0")
    assert cache_mod.key_of(rules) != key


def test_another_yaml_parser_does_not_read_the_old_copy(cache_dir, rules, monkeypatch):
    key = cache_mod.key_of(rules)
    monkeypatch.setattr(cache_mod.yaml, "__version__", "0.0-other")
    assert cache_mod.key_of(rules) != key


def test_a_changed_loader_does_not_read_the_old_copy(cache_dir, rules, monkeypatch):
    key = cache_mod.key_of(rules)
    monkeypatch.setattr(cache_mod, "_LOADER_SOURCES", (*cache_mod._LOADER_SOURCES, "cache.py"))
    assert cache_mod.key_of(rules) != key


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated
        lambda text: "not json at all",
        lambda text: "",
        lambda text: json.dumps([1, 2, 3]),
        lambda text: text.replace('"severity":"', '"severity":7,"x":"', 1),  # a field of the wrong type
        lambda text: text.replace('"fix_safe":true', '"fix_safe":"yes"', 1),
        lambda text: text.replace('"path":"python/', '"path":"../python/', 1),  # points outside the catalogue
        lambda text: text.replace('"key":"', '"key":"0', 1),  # written for another catalogue
    ],
)
def test_a_damaged_copy_is_ignored_and_rewritten(cache_dir, rules, damage):
    expected = Catalogue.load(rules, cached=True)
    (written,) = cache_dir.glob("catalogue-*.json")
    damaged = damage(written.read_text())
    assert damaged != written.read_text()
    written.write_text(damaged)
    _same(Catalogue.load(rules, cached=True), expected)
    _same(Catalogue(rules, **cache_mod.read(rules, cache_mod.key_of(rules))), expected)  # rewritten whole


def test_an_unwritable_cache_only_costs_the_full_load(tmp_path, rules, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("SECLINT_CACHE_DIR", str(blocker / "cache"))  # a folder inside a file
    _same(Catalogue.load(rules, cached=True), Catalogue.load(rules))
    if os.geteuid() != 0:  # root writes anywhere
        folder = tmp_path / "read-only"
        folder.mkdir(mode=0o500)
        monkeypatch.setenv("SECLINT_CACHE_DIR", str(folder))
        _same(Catalogue.load(rules, cached=True), Catalogue.load(rules))
        assert not list(folder.iterdir())


def test_an_empty_setting_turns_the_cache_off(tmp_path, rules, monkeypatch):
    monkeypatch.setenv("SECLINT_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    _same(Catalogue.load(rules, cached=True), Catalogue.load(rules))
    assert cache_mod.cache_dir() is None


def test_an_invalid_catalogue_is_never_cached(cache_dir, rules):
    rule = rules / "python" / "PY-DESERIAL-YAML.yaml"
    rule.write_text(rule.read_text().replace("severity: ", "severity: severe-", 1))
    for _ in range(2):
        with pytest.raises(CatalogueError, match="severity"):
            Catalogue.load(rules, cached=True)
    assert not list(cache_dir.glob("catalogue-*.json")) if cache_dir.exists() else True


def test_old_copies_are_pruned(cache_dir, rules):
    cache_dir.mkdir(parents=True)
    for i in range(cache_mod.KEEP + 5):
        old = cache_dir / f"catalogue-old{i}.json"
        old.write_text("{}")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    Catalogue.load(rules, cached=True)
    left = sorted(p.name for p in cache_dir.glob("catalogue-*.json"))
    assert len(left) == cache_mod.KEEP
    assert f"catalogue-{cache_mod.key_of(rules)}.json" in left

"""The catalogue: schema validation, the bandit map, checks bound to rules, generated docs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, RULES

from seclint.catalogue import Catalogue, CatalogueError, default_catalogue
from seclint.docs import rule_page
from seclint.engines.pyast import CHECKS

GOOD = yaml.safe_load((RULES / "python" / "PY-DESERIAL-YAML.yaml").read_text())


def _catalogue_with(tmp_path: Path, rule: dict, name: str = "PY-DESERIAL-YAML") -> Path:
    root = tmp_path / "rules"
    (root / "python").mkdir(parents=True)
    for shared in ("cwe.yaml", "owasp.yaml", "bandit.yaml"):
        shutil.copy(RULES / shared, root / shared)
    (root / "python" / f"{name}.yaml").write_text(yaml.safe_dump(rule))
    return root


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("severity", "severe", "must be one of"),
        ("cwe", ["CWE-99999"], "not listed in cwe.yaml"),
        ("cwe", ["502"], "does not match"),
        ("owasp", "A11:2021", "OWASP Top 10 2021"),
        ("engine", "magic", "must be one of"),
        ("id", "py-lower", "must look like"),
        ("references", [{"title": "x", "url": "http://insecure.example"}], "https://"),
        ("focus", "keyword:verify", "only applies to bandit-backed rules"),
        ("colour", "red", "is not a rule field"),
    ],
)
def test_bad_rule_files_name_the_file_and_field(tmp_path, field, value, message):
    rule = dict(GOOD, **{field: value})
    root = _catalogue_with(tmp_path, rule)
    with pytest.raises(CatalogueError) as excinfo:
        Catalogue.load(root)
    text = str(excinfo.value)
    assert "PY-DESERIAL-YAML.yaml" in text and f"'{field}" in text and message in text


def test_missing_fields_and_invalid_yaml(tmp_path):
    rule = {k: v for k, v in GOOD.items() if k != "explanation"}
    with pytest.raises(CatalogueError, match=r"field 'explanation.what': is required"):
        Catalogue.load(_catalogue_with(tmp_path, rule))
    root = tmp_path / "rules"
    (root / "python" / "PY-DESERIAL-YAML.yaml").write_text("id: [unclosed\n")
    with pytest.raises(CatalogueError, match="not valid YAML"):
        Catalogue.load(root)


def test_file_name_must_match_id(tmp_path):
    with pytest.raises(CatalogueError, match="must match the file name"):
        Catalogue.load(_catalogue_with(tmp_path, GOOD, name="PY-OTHER-NAME"))


def test_the_shipped_catalogue_is_big_enough():
    catalogue = default_catalogue()
    python = [r for r in catalogue.rules.values() if "python" in r.languages and r.engine != "seclint"]
    assert len(python) >= 60
    owasp = {r.owasp for r in python}
    # Every category static analysis can reach (A06 is dependency scanning; A09 logging practice).
    assert {"A01:2021", "A02:2021", "A03:2021", "A05:2021", "A07:2021", "A08:2021", "A10:2021"} <= owasp


def test_every_bandit_test_is_mapped_or_deliberately_left_out():
    from bandit.core import extension_loader

    manager = extension_loader.MANAGER
    bandit_ids = set(manager.plugins_by_id) | set(manager.blacklist_by_id)
    catalogue = default_catalogue()
    mapped = set(catalogue.by_bandit)
    excluded = set(catalogue.bandit_excluded)
    assert not mapped & excluded
    assert sorted(bandit_ids - mapped - excluded) == [], "map these to a rule or list them in rules/bandit.yaml"
    assert sorted((mapped | excluded) - bandit_ids) == [], "these are not bandit 1.9 test ids"


def test_every_ast_rule_has_a_check_and_every_check_a_rule():
    catalogue = default_catalogue()
    ast_rules = {r.id for r in catalogue.rules.values() if r.engine == "ast"}
    assert ast_rules == set(CHECKS)


def test_generated_docs_are_up_to_date():
    catalogue = default_catalogue()
    docs = ROOT / "docs" / "rules"
    for rule in catalogue.rules.values():
        page = docs / f"{rule.id}.md"
        assert page.is_file() and page.read_text(encoding="utf-8") == rule_page(catalogue, rule), (
            f"{page.name} is stale: run scripts/generate_docs.py"
        )
    stale = {p.stem for p in docs.glob("*.md")} - set(catalogue.rules)
    assert not stale, f"docs for removed rules: {sorted(stale)}"


def test_readme_rules_table_is_generated():
    from seclint.cli import rules_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rules_table(default_catalogue()) in readme, "README rules table is stale: run scripts/generate_docs.py"

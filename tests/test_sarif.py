"""`seclint check --format sarif`: valid SARIF 2.1.0 (checked against the official schema shipped in
tests/schemas) with everything GitHub code scanning reads: rule texts and tags, security-severity,
regions, fixes, related locations and fingerprints that survive edits elsewhere."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT

from seclint.docs import rule_markdown

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())
VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def sarif(cwd: Path, *paths: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "seclint", "check", "--format", "sarif", *paths],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def assert_valid(document: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    """The benchmark corpus (web apps, crypto, config, tools) and its SARIF."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(ROOT / "bench" / "corpus", root / "src")
    (root / "src" / "dir with space").mkdir()
    (root / "src" / "dir with space" / "emoji.py").write_text("import yaml\nx = {'😀中文': yaml.load(s)}\n", encoding="utf-8")
    return root, sarif(root, "src")


def test_validates_against_the_official_schema(corpus):
    _, document = corpus
    assert document["version"] == "2.1.0" and document["$schema"].endswith("sarif-2.1.0.json")
    assert len(document["runs"][0]["results"]) > 30
    assert_valid(document)


def test_an_empty_run_is_valid_too(tmp_path):
    (tmp_path / "ok.py").write_text("x = 1\n")
    document = sarif(tmp_path, ".")
    assert document["runs"][0]["results"] == []
    assert_valid(document)


def test_the_schema_check_can_fail():
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "seclint"}}, "results": [{"message": {}}]}]}
    assert list(VALIDATOR.iter_errors(broken))


def test_every_rule_has_what_github_reads(corpus, catalogue):
    _, document = corpus
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == set(catalogue.rules)
    for entry in rules:
        rule = catalogue.rules[entry["id"]]
        assert entry["shortDescription"]["text"] == rule.title
        assert entry["fullDescription"]["text"]
        # The same text as the hover (which adds the finding's own message under the severity).
        assert entry["help"]["markdown"] == rule_markdown(catalogue, rule)
        assert entry["help"]["text"]
        tags = entry["properties"]["tags"]
        assert "security" in tags
        for cwe in rule.cwe:
            assert cwe in tags and f"external/cwe/{cwe.lower()}" in tags
        assert f"OWASP-{rule.owasp}" in tags
        score = float(entry["properties"]["security-severity"])
        assert 0.0 < score <= 10.0
        assert entry["properties"]["precision"] in ("very-high", "high", "medium", "low")
        assert entry["defaultConfiguration"]["level"] in ("error", "warning", "note")
    by_id = {r["id"]: r for r in rules}
    assert float(by_id["PY-SECRET-TOKEN"]["properties"]["security-severity"]) >= 9.0  # critical
    assert 7.0 <= float(by_id["PY-CMD-SHELL"]["properties"]["security-severity"]) < 9.0  # high


def test_results_have_regions_fingerprints_fixes_and_sources(corpus, catalogue):
    root, document = corpus
    run = document["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == root.resolve().as_uri() + "/"
    rules = run["tool"]["driver"]["rules"]
    fingerprints = set()
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith("/")
        region = location["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1 and region["snippet"]["text"]
        key = (location["artifactLocation"]["uri"], result["partialFingerprints"]["seclint/v1"])
        assert key not in fingerprints
        fingerprints.add(key)
    fixed = [r for r in run["results"] if "fixes" in r]
    assert fixed, "the corpus has fixable findings"
    for result in fixed:
        change = result["fixes"][0]["artifactChanges"][0]
        assert change["artifactLocation"] == result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert change["replacements"][0]["deletedRegion"]["startLine"] >= 1
    flows = [r for r in run["results"] if "relatedLocations" in r]
    assert flows, "data-flow findings name where the value came from"
    assert all(loc["message"]["text"] for r in flows for loc in r["relatedLocations"])


def test_columns_are_utf16_and_uris_are_encoded(corpus):
    _, document = corpus
    (result,) = [
        r for r in document["runs"][0]["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("emoji.py")
    ]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "src/dir%20with%20space/emoji.py"
    # "x = {'" is 6 units, the emoji 2 (a surrogate pair), 中文 2, then "': " 3: column 14 (1-based).
    region = location["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, 14, 26)


def test_fingerprints_survive_lines_added_above_and_reformatting_elsewhere(tmp_path):
    code = (
        "import subprocess\nimport yaml\n\n\ndef load(s):\n    return yaml.load(s)\n\n\n"
        "def run(cmd):\n    subprocess.run(cmd, shell=True)\n"
    )
    (tmp_path / "app.py").write_text(code)

    def prints() -> dict[str, str]:
        results = sarif(tmp_path, ".")["runs"][0]["results"]
        return {r["ruleId"]: r["partialFingerprints"]["seclint/v1"] for r in results}

    before = prints()
    assert set(before) == {"PY-DESERIAL-YAML", "PY-CMD-SHELL"}
    edited = (
        '"""A module docstring added on top."""\nimport os\nimport subprocess\nimport yaml\n\n\n'
        "def load( s ):\n\n    return yaml.load(s)  # a comment\n\n\n"
        "def run(cmd):\n    subprocess.run(\n        cmd,\n        shell=True,\n    )\n"
    )
    (tmp_path / "app.py").write_text(edited)
    assert prints() == before
    (tmp_path / "app.py").write_text(edited.replace("yaml.load(s)", "yaml.load(data)"))
    after = prints()
    assert after["PY-DESERIAL-YAML"] != before["PY-DESERIAL-YAML"] and after["PY-CMD-SHELL"] == before["PY-CMD-SHELL"]

"""Settings: every spelling of a key, malformed values reported, project config over editor config."""

from __future__ import annotations

from pathlib import Path

from seclint import settings as s


def test_keys_in_any_case_style():
    for key in ("minConfidence", "min_confidence", "min-confidence"):
        result, problems = s.apply(s.Settings(), {key: "high"}, "test")
        assert result.min_confidence == "high" and problems == []


def test_malformed_values_keep_defaults_and_are_reported():
    result, problems = s.apply(
        s.Settings(),
        {"minConfidence": 3, "severity": {"PY-X-Y": "loud", "PY-A-B": "LOW"}, "debounceMs": "fast", "bogus": 1, "ignore": [1]},
        "editor",
    )
    assert result.min_confidence == "low" and result.debounce_ms == 100 and result.ignore == ()
    assert dict(result.severity) == {"PY-A-B": "low"}
    assert len(problems) == 5 and all(p.startswith("editor: ") for p in problems)
    result, problems = s.apply(s.Settings(), ["not", "a", "dict"], "editor")
    assert result == s.Settings() and problems


def test_rule_selection():
    settings, _ = s.apply(s.Settings(), {"select": ["PY-CRYPTO-"], "ignore": ["PY-CRYPTO-ECB"]}, "t")
    assert settings.rule_enabled("PY-CRYPTO-WEAK-KEY", "high", "high")
    assert not settings.rule_enabled("PY-CRYPTO-ECB", "high", "high")
    assert not settings.rule_enabled("PY-SQL-STRING", "high", "high")
    settings, _ = s.apply(s.Settings(), {"minConfidence": "medium", "minSeverity": "medium"}, "t")
    assert not settings.rule_enabled("PY-A-B", "high", "low")
    assert not settings.rule_enabled("PY-A-B", "low", "high")


def test_project_config_wins_over_editor(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.seclint]\nmin-confidence = "high"\n')
    (tmp_path / "pkg").mkdir()
    project = s.find_project_config(tmp_path / "pkg", tmp_path)
    settings, problems = s.resolve({"minConfidence": "low", "debounceMs": 20}, project)
    assert settings.min_confidence == "high" and settings.debounce_ms == 20 and problems == []


def test_broken_pyproject_is_reported_not_fatal(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[tool.seclint\n")
    project = s.find_project_config(tmp_path, tmp_path)
    settings, problems = s.resolve(None, project)
    assert settings == s.Settings() and "cannot be read as TOML" in problems[0]


def test_exclude_globs(tmp_path: Path):
    settings, _ = s.apply(s.Settings(), {"exclude": ["legacy/**", "*_pb2.py", "migrations"]}, "t")
    assert settings.is_excluded(tmp_path / "legacy" / "a" / "b.py", tmp_path)
    assert settings.is_excluded(tmp_path / "x" / "msg_pb2.py", tmp_path)
    assert settings.is_excluded(tmp_path / "app" / "migrations" / "0001.py", tmp_path)
    assert not settings.is_excluded(tmp_path / "app" / "views.py", tmp_path)


def test_languages_and_baseline_settings():
    settings, problems = s.apply(s.Settings(), {"languages": ["Python"], "baseline": " .seclint-baseline.json "}, "t")
    assert settings.languages == ("python",) and settings.baseline == ".seclint-baseline.json" and problems == []
    assert settings.language_enabled("python") and not settings.language_enabled(None)
    assert s.Settings().language_enabled("python")  # empty: every language
    settings, problems = s.apply(s.Settings(), {"languages": ["pyhton"], "baseline": 3}, "t")
    assert settings == s.Settings() and len(problems) == 2
    assert "unknown language 'pyhton' (known: " in problems[0] and "python, typescript" in problems[0]

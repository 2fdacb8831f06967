"""A team's own semgrep rules (rule-paths): loaded as data, checked rule by rule, served like built-ins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from lsp_client import open_doc, session, wait_final
from lsprotocol import types as lsp
from semgrep_fakes import REAL, TEAM_RULE

from seclint import settings as settings_mod
from seclint.catalogue import custom

pytestmark = pytest.mark.skipif(REAL is None, reason="semgrep is not installed (pip install 'seclint[semgrep]')")

# The team rule, then rules semgrep or seclint must refuse, one by one.
RULES = "rules:\n" + TEAM_RULE + """\
  - id: acme.broken
    languages: [python]
    severity: WARNING
    message: broken on purpose
    patterns:
      - pattern: foo(...)
      - pattern-inside-typo: "def $F(...): ..."
  - id: acme.bad-pattern
    languages: [python]
    severity: WARNING
    message: a pattern semgrep cannot parse
    pattern: eval(((
  - id: acme.sneaky
    languages: [python]
    severity: INFO
    message: runs code
    pattern-where-python: "__import__('os').system('id')"
"""
CODE = textwrap.dedent(
    """\
    import pickle

    import redis

    cache = redis.Redis()


    def load_profile(user_id):
        return pickle.loads(cache.get(f"profile:{user_id}"))


    def load_settings(user_id):
        return pickle.loads(cache.get(f"settings:{user_id}"))  # nosemgrep: acme.no-pickle-from-cache
    """
)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "semgrep-rules").mkdir()
    (tmp_path / "semgrep-rules" / "acme.yml").write_text(RULES)
    (tmp_path / "pyproject.toml").write_text('[tool.seclint]\nrule-paths = ["semgrep-rules"]\nignore = ["PY-DESERIAL-"]\n')
    (tmp_path / "app.py").write_text(CODE)
    return tmp_path


def test_loading_checks_each_rule_and_keeps_the_good_ones(project):
    loaded = custom.load((str(project / "semgrep-rules"),), set())
    assert [r.id for r in loaded.rules] == ["acme.no-pickle-from-cache", "acme.bad-pattern"]
    rule = loaded.rules[0]
    assert rule.custom and rule.engine == "semgrep" and rule.severity == "high" and rule.confidence == "high"
    assert rule.cwe == ("CWE-502",) and rule.owasp == "A08:2021" and rule.fix_title and not rule.fix_safe
    problems = "\n".join(loaded.problems)
    path = project / "semgrep-rules" / "acme.yml"
    assert f"{path}:20: rule acme.broken: 'patterns[1].pattern-inside-typo' is not a semgrep pattern operator" in problems
    assert f"{path}:30: rule acme.sneaky: 'pattern-where-python' is not allowed" in problems


def test_rule_paths_outside_the_workspace_are_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    root = tmp_path / "project"
    root.mkdir()
    (root / "link").symlink_to(outside)
    for entry in ("../elsewhere", str(outside), "link", "/etc"):
        settings, problems = settings_mod.resolve({"rulePaths": [entry]}, None, root)
        assert settings.rule_paths == () and "outside the workspace" in problems[0], entry
    settings, problems = settings_mod.resolve({"rulePaths": ["rules/team.yml"]}, None, root)
    assert settings.rule_paths == (str((root / "rules" / "team.yml").resolve()),) and problems == []
    settings, problems = settings_mod.resolve({"rulePaths": ["x"]}, None, None)
    assert settings.rule_paths == () and "no workspace folder" in problems[0]


def test_check_runs_a_teams_rules_and_reports_the_broken_ones(project):
    result = subprocess.run(
        [sys.executable, "-m", "seclint", "check", "--format", "json", "app.py"],
        cwd=project, capture_output=True, text=True, timeout=120,
    )
    found = json.loads(result.stdout)
    assert [(f["rule"], f["line"]) for f in found] == [("acme.no-pickle-from-cache", 9)]
    assert found[0]["message"] == "cache values are shared between tenants; do not unpickle them"
    assert "acme.yml:20: rule acme.broken" in result.stderr
    assert "rule acme.bad-pattern (" in result.stderr and "acme.yml:" in result.stderr and "is skipped" in result.stderr
    assert result.returncode == 1


async def test_the_server_gives_a_teams_rules_hover_fix_and_suppressions(project):
    async with session(project, options={"debounceMs": 0}) as client:
        uri = (project / "app.py").as_uri()
        open_doc(client, uri, CODE)
        params = await wait_final(client, uri, version=1)
        [diagnostic] = params.diagnostics
        assert diagnostic.code == "acme.no-pickle-from-cache" and diagnostic.range.start.line == 8
        assert "CWE-502" in diagnostic.message
        hover = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(uri), diagnostic.range.start))
        text = hover.contents.value
        assert "treat it as untrusted" in text and "acme.yml" in text and "wiki.acme.example" in text
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), diagnostic.range, lsp.CodeActionContext(diagnostics=[diagnostic]))
        )
        fix = next(a for a in actions if a.title.startswith("Apply the fix of acme.no-pickle-from-cache"))
        assert not fix.is_preferred  # a team's fix is offered, never applied by fix-all
        await _wait_for(lambda: any("acme.broken" in m.message for m in client.messages))
        assert any("acme.yml:20" in m.message for m in client.messages)


async def _wait_for(condition, timeout: float = 5.0):
    import asyncio

    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    assert condition()


def test_editing_a_rule_file_is_picked_up(project):
    paths = (str((project / "semgrep-rules").resolve()),)
    first = custom.load_cached(paths, frozenset())
    rules_file = project / "semgrep-rules" / "acme.yml"
    rules_file.write_text(RULES.replace("acme.no-pickle-from-cache", "acme.renamed"))
    os.utime(rules_file, ns=(rules_file.stat().st_atime_ns, rules_file.stat().st_mtime_ns + 10_000_000))
    second = custom.load_cached(paths, frozenset())
    assert first.rules[0].id == "acme.no-pickle-from-cache" and second.rules[0].id == "acme.renamed"

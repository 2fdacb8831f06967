"""Every rule's examples, checked through the real engines (here) and the real server (test_rule_examples_lsp.py).

For each rule: the lines marked `# ruleid:` are exactly the lines where it fires,
lines marked `# ok:` stay silent, and every fix it offers, applied on its own,
leaves a file that parses and no longer has that finding.  Rules with a fix ship
`RULE.fixed.py`: the result of applying every fix of the rule to the examples.
"""

from __future__ import annotations

import ast

import pytest
from conftest import RULES
from examples import expectations

from seclint import fixes
from seclint.catalogue import default_catalogue
from seclint.engines.semgrep import SemgrepEngine
from seclint.settings import Settings

CATALOGUE = default_catalogue()
RULE_IDS = sorted(CATALOGUE.rules)


ALL_ON = Settings(enable=("PY-", "SECLINT-"))  # opt-in rules too


def _analyse(analyzer, rule, text):
    return analyzer.analyse(text, path=str(rule.examples_path), settings=ALL_ON, language=rule.languages[0])


def _assert_parses(text, rule):
    """Python by its own parser; other languages by semgrep's parser for them."""
    if rule.languages[0] == "python":
        ast.parse(text)
        return
    if rule.languages[0] == "generic":
        return  # plain text: nothing to parse
    engine = SemgrepEngine()
    try:
        problem = engine.parse_problem(text, rule.languages[0])
    finally:
        engine.close()
    assert problem is None, f"{rule.id}: the fixed file does not parse: {problem}"


def _lines(analysis, rule_id):
    return {analysis.index.line_of(f.start) for f in analysis.findings if f.rule_id == rule_id}


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_examples_fire_and_stay_silent(rule_id, analyzer):
    rule = CATALOGUE.rules[rule_id]
    assert rule.examples_path.is_file(), f"{rule_id} has no examples file {rule.examples_path.name}"
    text = rule.examples_path.read_text(encoding="utf-8")
    expected = expectations(text)
    fire = expected.fire.get(rule_id, set())
    silent = expected.silent.get(rule_id, set())
    assert len(fire) >= 2, f"{rule_id}: needs at least 2 `# ruleid:` examples"
    assert len(silent) >= 2, f"{rule_id}: needs at least 2 `# ok:` lookalikes"
    analysis = _analyse(analyzer, rule, text)
    assert analysis.syntax_error is None, f"{rule_id} examples do not parse: {analysis.syntax_error}"
    if rule.languages[0] not in ("python", "generic"):
        _assert_parses(text, rule)
    assert not analysis.problems, analysis.problems
    got = _lines(analysis, rule_id)
    missed = sorted(line + 1 for line in fire - got)
    false_alarms = sorted(line + 1 for line in got - fire)
    assert not missed, f"{rule_id}: did not fire on line(s) {missed}"
    assert not false_alarms, f"{rule_id}: fired on unannotated or `# ok` line(s) {false_alarms}"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fixes(rule_id, analyzer):
    rule = CATALOGUE.rules[rule_id]
    text = rule.examples_path.read_text(encoding="utf-8")
    analysis = _analyse(analyzer, rule, text)
    mine = [f for f in analysis.findings if f.rule_id == rule_id]
    with_fix = [f for f in mine if f.fix is not None]
    if rule.fix_title is None:
        assert not with_fix, f"{rule_id} offers fixes but its rule file documents none"
        assert not rule.fixed_path.exists()
        return
    assert with_fix, f"{rule_id} documents a fix but offered none on its examples"
    for finding in with_fix:
        fixed = fixes.apply_edits(text, finding.fix.edits)
        _assert_parses(fixed, rule)
        after = _analyse(analyzer, rule, fixed)
        line = analysis.index.line_of(finding.start)
        shift = after.index.line_count - analysis.index.line_count
        still = [f for f in after.findings if f.rule_id == rule_id and after.index.line_of(f.start) in (line, line + shift)]
        assert not still, f"{rule_id}: after '{finding.fix.title}' on line {line + 1} the rule still fires"
    # Applying every fix of this rule gives exactly the shipped .fixed file.
    def only_this_rule(t):
        return [f for f in _analyse(analyzer, rule, t).findings if f.rule_id == rule_id]

    all_fixed, _ = fixes.fix_all(text, only_this_rule)
    assert rule.fixed_path.is_file(), f"{rule_id}: ship {rule.fixed_path.name} with the expected result of the fixes"
    assert all_fixed == rule.fixed_path.read_text(encoding="utf-8")

"""Catalogue semgrep taint rules: each finding names its source, through the real server, and none
repeats a finding of another rule on the same code."""

from __future__ import annotations

import pytest
import pytest_lsp
from conftest import RULES
from lsp_client import CONFIG, LANGUAGE_IDS, initialize, open_doc, wait_final
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient
from semgrep_fakes import REAL

from seclint.catalogue import default_catalogue
from seclint.settings import Settings

CATALOGUE = default_catalogue()
TAINT_RULES = sorted(
    r.id for r in CATALOGUE.rules.values() if r.engine == "semgrep" and (r.semgrep_body or {}).get("mode") == "taint"
)
pytestmark = [
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.skipif(REAL is None, reason="semgrep is not installed (pip install 'seclint[semgrep]')"),
]


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def server(lsp_client: LanguageClient):
    await initialize(lsp_client, RULES, options={"debounceMs": 0, "enable": ["PY-", "SECLINT-"]})
    yield
    await lsp_client.shutdown_session()


async def test_there_are_taint_rules():  # async: the module-wide asyncio mark
    assert {"PY-NOSQL-INJECTION", "PY-HEADER-INJECTION"} <= set(TAINT_RULES)


@pytest.mark.parametrize("rule_id", TAINT_RULES)
async def test_every_taint_finding_names_its_source(server, rule_id):
    rule = CATALOGUE.rules[rule_id]
    uri = rule.examples_path.as_uri()
    text = rule.examples_path.read_text(encoding="utf-8")
    open_doc(server, uri, text, version=1, language=LANGUAGE_IDS[rule.languages[0]])
    params = await wait_final(server, uri, version=1)
    mine = [d for d in params.diagnostics if d.code == rule_id]
    assert mine
    lines = text.splitlines()
    for diagnostic in mine:
        assert diagnostic.related_information, f"{rule_id} line {diagnostic.range.start.line + 1}: no source"
        source = diagnostic.related_information[0]
        assert source.location.uri == uri
        assert source.message.startswith("untrusted data enters here: `")
        start, end = source.location.range.start, source.location.range.end
        assert start.line == end.line  # the sources of these examples fit on one line
        shown = lines[start.line][start.character : end.character]
        assert shown and shown in source.message
        # The source comes before the sink in the function, or lies inside the sink's range
        # (`exec("sh -c " + request.getParameter("cmd"))` underlines the whole argument).
        sink_end = diagnostic.range.end
        assert (start.line, start.character) <= (sink_end.line, sink_end.character)


@pytest.mark.parametrize("rule_id", TAINT_RULES)
async def test_no_other_rule_reports_the_same_flaw(analyzer, rule_id):
    """A flaw found by a native rule and a semgrep rule would be reported twice under two ids.

    The same flaw: the same range, or overlapping ranges with a CWE in common.  Two flaws in one
    expression (a format string from the request that is also returned as HTML) are both reported.
    """
    rule = CATALOGUE.rules[rule_id]
    text = rule.examples_path.read_text(encoding="utf-8")
    analysis = analyzer.analyse(
        text, path=str(rule.examples_path), settings=Settings(enable=("PY-", "SECLINT-")), language=rule.languages[0]
    )
    mine = [f for f in analysis.findings if f.rule_id == rule_id]
    others = [f for f in analysis.findings if f.rule_id != rule_id]
    cwe = set(rule.cwe)
    for finding in mine:
        overlapping = sorted(
            o.rule_id
            for o in others
            if (o.start, o.end) == (finding.start, finding.end)
            or (o.start < finding.end and finding.start < o.end and cwe & set(CATALOGUE.rules[o.rule_id].cwe))
        )
        assert not overlapping, (
            f"{rule_id} line {analysis.index.line_of(finding.start) + 1} overlaps {overlapping}"
        )

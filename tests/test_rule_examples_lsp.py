"""Every rule's examples through the real server process: diagnostics, hover, and each quick fix applied."""

from __future__ import annotations

import pytest
import pytest_lsp
from conftest import RULES
from examples import expectations
from test_rule_examples import _assert_parses
from lsp_client import CONFIG, LANGUAGE_IDS, apply_text_edits, initialize, open_doc, wait_final, workspace_edits
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from seclint.catalogue import default_catalogue

CATALOGUE = default_catalogue()
RULE_IDS = sorted(CATALOGUE.rules)
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def server(lsp_client: LanguageClient):
    await initialize(lsp_client, RULES, options={"debounceMs": 0, "enable": ["PY-", "SECLINT-"]})
    yield
    await lsp_client.shutdown_session()


def _uri(rule_id: str) -> str:
    return CATALOGUE.rules[rule_id].examples_path.as_uri()


def _language_id(rule_id: str) -> str:
    return LANGUAGE_IDS[CATALOGUE.rules[rule_id].languages[0]]


async def _published(server: LanguageClient, rule_id: str) -> lsp.PublishDiagnosticsParams:
    rule = CATALOGUE.rules[rule_id]
    uri = _uri(rule_id)
    if uri not in server.published:
        open_doc(server, uri, rule.examples_path.read_text(encoding="utf-8"), version=1, language=_language_id(rule_id))
    return await wait_final(server, uri, version=1)


@pytest.mark.parametrize("rule_id", RULE_IDS)
async def test_diagnostics_match_annotations(server, rule_id):
    rule = CATALOGUE.rules[rule_id]
    expected = expectations(rule.examples_path.read_text(encoding="utf-8"))
    params = await _published(server, rule_id)
    got = {d.range.start.line for d in params.diagnostics if d.code == rule_id}
    assert got == expected.fire.get(rule_id, set())
    for diagnostic in params.diagnostics:
        if diagnostic.code != rule_id:
            continue
        assert diagnostic.source == "seclint"
        assert diagnostic.code_description is not None and diagnostic.code_description.href.endswith(f"{rule_id}.md")
        assert all(cwe in diagnostic.message for cwe in rule.cwe) or rule_id.startswith("SECLINT-")
        assert diagnostic.data["cwe"] == list(rule.cwe)
        # A precise range: never the whole line including its indentation.
        assert diagnostic.range.start != diagnostic.range.end


@pytest.mark.parametrize("rule_id", RULE_IDS)
async def test_hover_explains(server, rule_id):
    rule = CATALOGUE.rules[rule_id]
    params = await _published(server, rule_id)
    diagnostic = next(d for d in params.diagnostics if d.code == rule_id)
    hover = await server.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(_uri(rule_id)), diagnostic.range.start)
    )
    assert hover is not None
    text = hover.contents.value
    assert rule.title in text and rule.id in text
    for cwe in CATALOGUE.cwe_names(rule):
        assert cwe in text
    assert rule.owasp in text and CATALOGUE.owasp[rule.owasp].name in text
    assert "**Insecure**" in text and "**Secure**" in text
    assert rule.references[0].url in text


@pytest.mark.parametrize("rule_id", [r for r in RULE_IDS if CATALOGUE.rules[r].fix_title])
async def test_every_quick_fix_applied_to_the_buffer(server, rule_id):
    params = await _published(server, rule_id)
    uri = _uri(rule_id)
    original = CATALOGUE.rules[rule_id].examples_path.read_text(encoding="utf-8")
    applied = 0
    for diagnostic in [d for d in params.diagnostics if d.code == rule_id]:
        actions = await server.text_document_code_action_async(
            lsp.CodeActionParams(
                lsp.TextDocumentIdentifier(uri), diagnostic.range, lsp.CodeActionContext(diagnostics=[diagnostic])
            )
        )
        # Safe fixes are preferred; a fix that is not meaning-preserving for every input is offered, not preferred.
        quick = [a for a in actions or [] if a.kind == lsp.CodeActionKind.QuickFix]
        fixes = [a for a in quick if not a.title.startswith("Suppress")]
        assert all(a.is_preferred == bool(a.edit) for a in fixes if a.is_preferred)
        suppress = [a for a in quick if a.title.startswith("Suppress")]
        if rule_id != "SECLINT-UNUSED-SUPPRESSION":
            assert suppress, f"no suppression action for {rule_id} at line {diagnostic.range.start.line + 1}"
        if not fixes:
            continue
        fixed = apply_text_edits(original, workspace_edits(fixes[0].edit, uri))
        _assert_parses(fixed, CATALOGUE.rules[rule_id])
        # Send the fixed text to a scratch document and check the finding is gone.
        suffix = CATALOGUE.rules[rule_id].examples_path.suffix
        scratch = uri.removesuffix(suffix) + f".fix{applied}{suffix}"
        open_doc(server, scratch, fixed, version=1, language=_language_id(rule_id))
        after = await wait_final(server, scratch, version=1)
        shift = len(fixed.splitlines()) - len(original.splitlines())
        line = diagnostic.range.start.line
        assert not [d for d in after.diagnostics if d.code == rule_id and d.range.start.line in (line, line + shift)]
        server.text_document_did_close(lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(scratch)))
        applied += 1
    assert applied, f"{rule_id} documents a fix but the server offered none"

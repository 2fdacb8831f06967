"""Which of a later stage's findings an edit leaves alone, and where they go (lsp/carry.py), and
how carried findings are merged and suppressed with a first stage's own (Analyzer.provisional)."""

from __future__ import annotations

import pytest
from semgrep_fakes import REAL

from seclint.analysis import Analyzer
from seclint.catalogue import default_catalogue
from seclint.documents import Document, Encoding, LineIndex
from seclint.findings import Edit, Finding, Fix, Related
from seclint.lsp.carry import Shown, carry

TEXT = "a = 1\nb = run(x)\nc = 3\n"
RUN = TEXT.index("run(x)")


def _finding(**kwargs) -> Finding:
    base = dict(rule_id="R", start=RUN, end=RUN + 6, engine="semgrep")
    return Finding(**{**base, **kwargs})


def _carry(finding: Finding, *changes, broken=frozenset(), wanted=lambda f: True) -> list[Finding]:
    """``finding`` in TEXT carried through ``changes`` ((line, char, line, char), new text)."""
    doc = Document("file:///t.py", TEXT)
    shown = Shown([finding], doc.revision, LineIndex(TEXT))
    for range_, new in changes:
        doc.apply_change(new, range_, Encoding.UTF16)
    return carry(shown, doc.edits_since(shown.revision), LineIndex(doc.text), set(broken), wanted), doc.text


def test_an_edit_on_another_line_moves_the_finding_with_its_fix_and_related():
    c = TEXT.index("c = 3")
    finding = _finding(fix=Fix("f", (Edit(RUN, RUN + 3, "safe"),)), related=(Related(c, c + 1, "from here"),))
    # Enter at the end of line 0 (not line 1's text), then a line typed at the top.
    [moved], text = _carry(finding, ((0, 5, 0, 5), "\n# note"), ((0, 0, 0, 0), "x = 0\n"))
    assert text[moved.start:moved.end] == "run(x)"
    assert text[moved.fix.edits[0].start:moved.fix.edits[0].end] == "run"
    [related] = moved.related
    assert text[related.start:related.end + 4] == "c = 3" and related.message == "from here"


def test_an_edit_anywhere_on_the_findings_lines_drops_it():
    assert _carry(_finding(), ((1, 0, 1, 0), "# "))[0] == []  # commented out, its characters unchanged
    assert _carry(_finding(), ((1, 10, 1, 10), ".y"))[0] == []  # typed right after it
    assert _carry(_finding(), ((0, 5, 1, 0), ""))[0] == []  # joined with the line before


def test_an_edit_on_a_related_line_drops_it_and_one_on_a_fix_line_drops_the_fix():
    related = _finding(related=(Related(0, 1, "source"),))
    assert _carry(related, ((0, 4, 0, 5), "2"))[0] == []
    fixed = _finding(fix=Fix("f", (Edit(0, 0, "import safe\n"), Edit(RUN, RUN + 3, "safe")),))
    [moved], _ = _carry(fixed, ((0, 4, 0, 5), "2"))
    assert moved.fix is None and (moved.start, moved.end) == (RUN, RUN + 6)


def test_broken_lines_unwanted_findings_and_a_forgotten_log_carry_nothing():
    assert _carry(_finding(), ((2, 0, 2, 1), "("), broken={1})[0] == []
    assert _carry(_finding(), ((2, 0, 2, 1), "d"), wanted=lambda f: f.rule_id != "R")[0] == []
    assert carry(Shown([_finding()], 0, LineIndex(TEXT)), None, LineIndex(TEXT), set(), lambda f: True) == []


def test_anchor_lines_move_with_the_finding():
    [moved], text = _carry(_finding(anchor_lines=(1, 2)), ((0, 0, 0, 0), "x = 0\n"))
    assert moved.anchor_lines == (2, 3)
    assert _carry(_finding(anchor_lines=(1, 2)), ((2, 0, 2, 1), "d"))[0] == []
    assert _carry(_finding(anchor_lines=(1, 9)), ((0, 0, 0, 0), "x = 0\n"))[0] == []  # not lines of its text


SOURCE = "import yaml\n\n\ndef f(d):\n    yaml.load(d)\n    g(d)  # nosemgrep: PY-NOSQL-INJECTION\n"


def test_carried_findings_are_merged_and_suppressed_like_the_stages_own():
    analyzer = Analyzer(default_catalogue())
    try:
        first = analyzer.start(SOURCE, edited=False)
        assert first.pending == ("semgrep",)
        index = first.index
        g = SOURCE.index("g(d)")
        y = SOURCE.index("yaml.load(d)")
        carried = [
            Finding("PY-NOSQL-INJECTION", g, g + 4, "semgrep"),  # under its nosemgrep comment
            Finding("PY-DESERIAL-YAML", y, y + 12, "semgrep"),  # the native finding's twin
        ]
        shown = analyzer.provisional(first, carried)
        assert [(f.rule_id, f.engine) for f in shown.findings] == [(f.rule_id, f.engine) for f in first.findings]
        assert [f.rule_id for f, _ in shown.suppressed] == ["PY-NOSQL-INJECTION"]
        assert not any(s.used for s in first.suppressions)  # the stage's own result is left as it was
        assert shown.pending == first.pending and index is shown.index
        final = analyzer.advance(first)
        assert final.final and not any(f.engine == "semgrep" and f.rule_id == "PY-DESERIAL-YAML" for f in final.findings)
    finally:
        analyzer.close()


def _server(monkeypatch, tmp_path):
    """An in-process server whose messages to the client are recorded instead of sent."""
    from seclint.lsp.server import SeclintServer

    server = SeclintServer()
    sent = []
    monkeypatch.setattr(server, "text_document_publish_diagnostics", lambda params: sent.append(params))
    monkeypatch.setattr(server, "window_log_message", lambda params: None)
    monkeypatch.setattr(server, "window_show_message", lambda params: sent.append(params))
    return server, sent


def _semgrep_lines(params) -> list[int]:
    return [d.range.start.line for d in params.diagnostics if d.data["engine"] == "semgrep"]


@pytest.mark.skipif(REAL is None, reason="semgrep is not installed (pip install 'seclint[semgrep]')")
@pytest.mark.parametrize("how", ["raises", "stops"])
def test_a_later_stage_that_fails_for_current_text_is_published_without_carried_findings(monkeypatch, tmp_path, how):
    """Neither an exception out of the semgrep stage nor a stage that stopped though nobody asked
    leaves the findings carried for it on screen."""
    import asyncio

    from lsprotocol import types as lsp
    from test_lsp_carry import TWO_VIEWS

    server, sent = _server(monkeypatch, tmp_path)
    try:
        uri = (tmp_path / "views.py").as_uri()
        state = server.open_document(uri, TWO_VIEWS, 1, "python")
        snapshot = server._snapshot(uri)
        asyncio.run(server._deliver(snapshot, server._analyse_snapshot(snapshot, complete=True)))
        assert _semgrep_lines(sent[-1]) == [11, 18]
        state.doc.apply_change("# views\n", (0, 0, 0, 0), Encoding.UTF16)
        state.doc.version = 2
        snapshot = server._snapshot(uri)
        first = server._analyse_snapshot(snapshot)
        asyncio.run(server._deliver(snapshot, first))
        assert _semgrep_lines(sent[-1]) == [12, 19]  # carried
        if how == "raises":
            monkeypatch.setattr(server.analyzer, "advance", lambda *a, **k: 1 / 0)
            result = server._advance(snapshot, first, lambda: False)
        else:
            result = server._advance(snapshot, first, lambda: True)  # stopped, as if for newer text
            assert result[0].cancelled
        asyncio.run(server._deliver(snapshot, result))
        assert result[0].final and sent[-1].version == 2 and _semgrep_lines(sent[-1]) == []
        assert not [f for f in state.later.findings if f.engine == "semgrep"]  # not carried again
        if how == "raises":
            assert any(isinstance(m, lsp.ShowMessageParams) and "ZeroDivisionError" in m.message for m in sent)
    finally:
        server.shutdown_workers()

"""Which of a later stage's findings an edit leaves alone, and where they go (lsp/carry.py), and
how carried findings are merged and suppressed with a first stage's own (Analyzer.provisional)."""

from __future__ import annotations

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

"""Suppression comments: seclint's own syntax and bandit's nosec, honoured and reported when unused."""

from __future__ import annotations

import pytest

from seclint import suppressions
from seclint.documents import LineIndex

YAML = "PY-DESERIAL-YAML"


def _codes(text):
    return [(s.kind, [c.code for c in s.codes], s.reason) for s in suppressions.parse(text, LineIndex(text))]


@pytest.mark.parametrize(
    "comment, expected",
    [
        ("# seclint: ignore[PY-A-B] reviewed by sec team", ("seclint", ["PY-A-B"], "reviewed by sec team")),
        ("# seclint: ignore[PY-A-B, py-c-d]", ("seclint", ["PY-A-B", "PY-C-D"], "")),
        ("# seclint:ignore[PY-A-B]-- fixture", ("seclint", ["PY-A-B"], "-- fixture")),
        ("# nosec", ("nosec", [], "")),
        ("# nosec B602, B607", ("nosec", ["B602", "B607"], "B602, B607")),
        ("# nosec: B602 - the command is constant", ("nosec", ["B602"], "B602 - the command is constant")),
        ("# noqa: E501 # nosec B101", ("nosec", ["B101"], "B101")),
    ],
)
def test_parse(comment, expected):
    assert _codes(f"x = 1  {comment}\n") == [expected]


def test_comment_markers_inside_strings_are_not_suppressions():
    assert _codes('x = "# nosec"\ny = "# seclint: ignore[PY-A-B]"\n') == []


def test_parse_survives_half_typed_code():
    text = 'x = call(  # nosec B506\ny = """unterminated\nz = 1  # seclint: ignore[PY-A-B] why\n'
    found = _codes(text)
    assert ("nosec", ["B506"], "B506") in found


def test_suppressed_findings_and_unused(analyzer):
    text = (
        "import yaml\n"
        "a = yaml.load(s)  # seclint: ignore[PY-DESERIAL-YAML] trusted fixture\n"
        "b = yaml.load(s)  # nosec B506\n"
        "c = yaml.load(s)  # nosec\n"
        "d = yaml.load(\n"
        "    s)  # seclint: ignore[PY-DESERIAL-YAML] on the last line of the statement\n"
        "e = yaml.load(s)  # seclint: ignore[PY-OTHER-RULE] wrong rule\n"
        "f = yaml.safe_load(s)  # nosec B506\n"
        "g = yaml.safe_load(s)  # nosec B110\n"
    )
    result = analyzer.analyse(text)
    lines = sorted((result.index.line_of(f.start), f.rule_id) for f in result.findings)
    assert lines == [
        (6, YAML),
        (6, suppressions.UNUSED_RULE),  # PY-OTHER-RULE is not a rule
        (7, suppressions.UNUSED_RULE),  # B506 no longer fires
    ]  # `# nosec B110` names a bandit test seclint leaves out: not reported
    assert len(result.suppressed) == 4


def test_comment_edit_adds_or_extends(analyzer):
    text = "import yaml\nx = yaml.load(s)\n"
    result = analyzer.analyse(text)
    (finding,) = result.findings
    edit = suppressions.comment_edit(text, result.index, finding, "reason")
    assert text[: edit.start] + edit.text + text[edit.end :] == "import yaml\nx = yaml.load(s)  # seclint: ignore[PY-DESERIAL-YAML] reason\n"
    text = "import yaml\nx = yaml.load(s)  # seclint: ignore[PY-X-Y] other\n"
    result = analyzer.analyse(text)
    finding = next(f for f in result.findings if f.rule_id == YAML)
    edit = suppressions.comment_edit(text, result.index, finding, "reason")
    assert (text[: edit.start] + edit.text + text[edit.end :]).endswith("# seclint: ignore[PY-X-Y, PY-DESERIAL-YAML] other\n")

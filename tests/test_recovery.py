"""Parsing half-typed Python: the rest of the file is still analysed, offsets never move."""

from __future__ import annotations

import pytest

from seclint.documents import LineIndex
from seclint.recovery import parse_with_recovery

CASES = [
    "import yaml\n\ndef f(:\n    pass\n\ndef g(s):\n    return yaml.load(s)\n",
    "import yaml\nclass A:\n    def f(self):\n        x = foo(\n    def g(self, s):\n        return yaml.load(s)\n",
    "import yaml\nx = '''unterminated\ny = yaml.load(s)\n" + "z = 1\n",
    "import yaml\nif x\n    pass\ny = yaml.load(s)\n",
    "import yaml\ny = yaml.load(s)\nfor\n",
    "import yaml\ny = yaml.load(s)\nprint('a' 'b' c d)\n",
]


@pytest.mark.parametrize("text", CASES)
def test_recovered_text_keeps_offsets(text):
    outcome = parse_with_recovery(text, LineIndex(text))
    assert outcome.error is not None
    assert len(outcome.text) == len(text)
    assert [len(line) for line in outcome.text.split("\n")] == [len(line) for line in text.split("\n")]
    for i, (a, b) in enumerate(zip(outcome.text.split("\n"), text.split("\n"))):
        assert a == b or i in outcome.broken_lines


def test_findings_outside_the_broken_block_survive(analyzer):
    for text in CASES[:2] + CASES[3:5]:
        result = analyzer.analyse(text)
        assert [f.rule_id for f in result.findings] == ["PY-DESERIAL-YAML"], text


def test_hopeless_input_does_not_raise(analyzer):
    for text in ("(" * 500, "-" * 200_000 + "1", "def " * 1000, "\udc80 = 1\n", "x = 1\r" * 5 + "\x0c\x0b"):
        result = analyzer.analyse(text)
        assert result.findings == [] or all(f.rule_id for f in result.findings)

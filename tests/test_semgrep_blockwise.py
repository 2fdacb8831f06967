"""semgrep reads only the changed definitions after an edit, and finds exactly what a whole run finds.

The module under edit is the catalogue's own Python semgrep examples (taint from Flask and
http.server requests into MongoDB filters, headers and format strings) plus a secret in a comment
and in a function, edited at random: lines duplicated, deleted and changed inside definitions,
definitions added, swapped and given ``global`` statements, imports and top-level assignments
changed, lines inserted above everything.  After every edit, the warm engine's findings must be
those of a run on the whole text, which uses another path the engine has not seen.
"""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest
from semgrep_fakes import FAKE_AWS_KEY, REAL

from seclint.analysis import Analyzer
from seclint.catalogue import default_catalogue
from seclint.engines.semgrep import SemgrepEngine
from seclint.engines.semgrep.blockwise import _without
from seclint.engines.semgrep.results import ByteOffsets
from seclint.settings import Settings

pytestmark = pytest.mark.skipif(REAL is None, reason="semgrep is not installed (pip install 'seclint[semgrep]')")

RULES = Path(__file__).resolve().parents[1] / "rules" / "python"
EXAMPLES = ("PY-NOSQL-INJECTION.py", "PY-HEADER-INJECTION.py", "PY-FORMAT-STRING-INJECTION.py")


def _module() -> str:
    parts = [(RULES / name).read_text(encoding="utf-8") for name in EXAMPLES]
    # Characters of 2 to 4 UTF-8 bytes inside a definition left out of semgrep's copy: the
    # offsets after them must still map back to the right characters.
    secret = f'# deploy key: {FAKE_AWS_KEY}\n\n\ndef upload():\n    key = "{FAKE_AWS_KEY}"  # clé € 🔑\n    return key\n'
    return "\n\n".join([secret, *parts])


def _definitions(text: str) -> list[tuple[int, int]]:
    """Line ranges (0-based, end exclusive) of the top-level defs and classes, if the text parses."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    found = []
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = min([stmt.lineno, *(d.lineno for d in stmt.decorator_list)])
            found.append((first - 1, stmt.end_lineno or stmt.lineno))
    return found


def _edit(text: str, rng: random.Random) -> tuple[str, str]:
    """A random edit that leaves the module parseable (a broken line is blanked by recovery
    before any engine sees it, so semgrep would read a parseable text either way)."""
    for _ in range(50):
        edited, kind = _one_edit(text, rng)
        if _definitions(edited):
            return edited, kind
    raise AssertionError("no parseable edit found")


def _one_edit(text: str, rng: random.Random) -> tuple[str, str]:
    lines = text.split("\n")
    definitions = _definitions(text)
    kind = rng.choice(["duplicate", "delete", "change", "change", "add", "swap", "global", "top", "shift"])
    if kind in ("duplicate", "delete", "change", "global"):
        start, end = rng.choice(definitions)
        line = rng.randrange(start + 1, end) if end - start > 1 else start
        if kind == "duplicate":
            lines.insert(line, lines[line])
        elif kind == "delete":
            del lines[line]
        elif kind == "change":
            for old, new in (("request", "req"), ("str(", "("), ("find", "count"), ("json", "jsn"), ("int(", "(")):
                if old in lines[line]:
                    lines[line] = lines[line].replace(old, new, 1)
                    break
            else:
                lines[line] += "  # changed"
        else:
            lines.insert(start + 1 if not lines[start].startswith("@") else end - 1, "    global db")
    elif kind == "add":
        start, end = rng.choice(definitions)
        copy = lines[start:end]
        lines[end:end] = ["", "", *(line.replace("def ", "def copied_", 1) for line in copy)]
    elif kind == "swap" and len(definitions) > 1:
        (a0, a1), (b0, b1) = sorted(rng.sample(definitions, 2))
        lines = lines[:a0] + lines[b0:b1] + lines[a1:b0] + lines[a0:a1] + lines[b1:]
    elif kind == "top":
        tops = [i for i, line in enumerate(lines) if line.startswith(("import ", "from ", "app =", "db ="))]
        i = rng.choice(tops)
        lines[i] = rng.choice([f"# {lines[i]}", lines[i].replace("request", "request as req"), lines[i] + "  # noqa"])
    else:
        lines[0:0] = ["# a line above everything", ""]
    return "\n".join(lines), kind


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_find_what_a_whole_run_finds(tmp_path, seed):
    rng = random.Random(seed)
    engine = SemgrepEngine()
    analyzer = Analyzer(default_catalogue(), engines=[engine], keep_trees=8)
    warm, whole = str(tmp_path / "warm.py"), str(tmp_path / "whole.py")
    text = _module()
    ran_fewer = 0
    try:
        for step in range(9):
            result = analyzer.analyse(text, path=warm, edited=True)
            definitions = len(_definitions(text))
            if step and engine.blocks_run is not None and engine.blocks_run < definitions:
                ran_fewer += 1
            analyzer.forget(whole)
            reference = analyzer.analyse(text, path=whole, edited=True)
            assert engine.blocks_run == definitions or not definitions  # nothing reused: a whole run

            def view(analysis):
                return sorted((f.rule_id, f.start, f.end, f.message, f.fix, f.related) for f in analysis.findings), sorted(analysis.problems)

            assert view(result) == view(reference), f"seed {seed}, after edit {step}"
            assert any(f.engine == "semgrep" for f in reference.findings)
            text, kind = _edit(text, rng)
    finally:
        analyzer.close()
    assert ran_fewer >= 3  # the runs compared above did skip definitions


def _compare(tmp_path, texts: list[str]) -> list[int | None]:
    """Each text analysed in turn by a warm engine, and on its own by a whole run; the definitions
    the warm runs read."""
    engine = SemgrepEngine()
    analyzer = Analyzer(default_catalogue(), engines=[engine], keep_trees=8)
    read = []
    try:
        for i, text in enumerate(texts):
            result = analyzer.analyse(text, path=str(tmp_path / "warm.py"), edited=True)
            read.append(engine.blocks_run)
            whole = str(tmp_path / f"whole{i}.py")
            reference = analyzer.analyse(text, path=whole, edited=True)
            assert sorted((f.rule_id, f.start, f.end, f.fix, f.related) for f in result.findings) == sorted(
                (f.rule_id, f.start, f.end, f.fix, f.related) for f in reference.findings
            ), f"text {i}"
    finally:
        analyzer.close()
    return read


def test_what_definitions_depend_on_outside_them_is_noticed(tmp_path):
    text = _module()
    line = "from flask import Flask, abort, request"
    assert line in text
    texts = [
        text,
        text.replace(line, f"# {line}"),  # `request` is no longer Flask's: fewer findings
        text,
        text.replace(line, line.replace("request", "request as req")),
        text.replace(line, line + "\nrequest = None"),
        text.replace("def upload():", "def upload():\n    global db\n    db = None"),
        text,
        # One function changed below `upload`, whose left-out multi-byte characters must not move it.
        text.replace("body = request.get_json()", "body = request.get_json()  # edited", 1),
    ]
    read = _compare(tmp_path, texts)
    definitions = len(_definitions(text))
    assert read[1] == read[2] == read[3] == read[4] == definitions  # each changed the context: whole runs
    assert read[5] == definitions  # a new `global` too
    assert read[6] == definitions  # and taking it away
    assert read[7] == 1


def test_a_teams_rules_run_on_the_whole_text(tmp_path):
    rule = tmp_path / "rules" / "team.yaml"
    rule.parent.mkdir()
    rule.write_text(
        "rules:\n  - id: team-no-eval\n    languages: [python]\n    severity: ERROR\n    message: no eval\n    pattern: eval(...)\n",
        encoding="utf-8",
    )
    settings = Settings(rule_paths=(str(rule),))
    engine = SemgrepEngine()
    analyzer = Analyzer(default_catalogue(), engines=[engine], keep_trees=8)
    path = str(tmp_path / "app.py")
    text = _module() + "\n\ndef run(code):\n    return eval(code)\n"
    try:
        analyzer.analyse(text, path=path, settings=settings, edited=True)
        edited = text.replace("return eval(code)", "return eval(code) ")
        result = analyzer.analyse(edited, path=path, settings=settings, edited=True)
        assert engine.blocks_run is None  # no blockwise plan for a rule set with a team's rule
        assert "team-no-eval" in {f.rule_id for f in result.findings}
    finally:
        analyzer.close()


def test_a_whole_run_outlives_newer_text_and_seeds_the_next_run(tmp_path):
    """On a large module a whole run outlasts the next keystroke; stopping it would leave the next
    run whole again, and so on: semgrep would never catch up with the typing."""
    import ast
    import threading
    import time

    from seclint.documents import LineIndex
    from seclint.engines import EngineCancelled, Source

    engine = SemgrepEngine()
    rules = [r for r in default_catalogue().rules.values() if r.engine == "semgrep" and not r.custom and r.runs_on("python")]
    path = str(tmp_path / "big.py")
    text = _module()
    stale = threading.Event()

    def source(text: str, cancelled=None) -> Source:
        return Source(text=text, index=LineIndex(text), path=path, tree=ast.parse(text), cancelled=cancelled)

    def type_while_it_runs():
        deadline = time.monotonic() + 30
        while not engine.session()._children and time.monotonic() < deadline:
            time.sleep(0.005)
        stale.set()  # the user typed: the run's text is no longer the document's

    engine.ruleset(rules, 30)  # compiled first: the run watched below is the scan
    typist = threading.Thread(target=type_while_it_runs)
    typist.start()
    try:
        with pytest.raises(EngineCancelled):
            engine.analyse(source(text, stale.is_set), rules)
        typist.join()
        edited = text.replace("body = request.get_json()", "body = request.get_json()  # typed", 1)
        found = engine.analyse(source(edited), rules)
        assert engine.blocks_run == 1  # the stale run finished and seeded this one
        engine.forget(path)
        assert sorted((f.rule_id, f.start, f.end) for f in found) == sorted(
            (f.rule_id, f.start, f.end) for f in engine.analyse(source(edited), rules)
        )
    finally:
        engine.close()


@pytest.mark.parametrize("seed", range(5))
def test_every_byte_of_the_copy_maps_back_to_the_same_character(seed):
    """The copy semgrep-core reads leaves definitions out; each of its bytes must map back to the
    character it came from, in text of 1- to 4-byte characters (the separators: to the left-out
    definition's first character)."""
    rng = random.Random(seed)
    alphabet = ["a", " ", "é", "€", "🔑"]
    lines = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 6))) + "\n" for _ in range(40)]
    text = "".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    cuts = sorted(rng.sample(range(len(starts)), 12))
    ranges = [(starts[a], starts[b], text[starts[a]:starts[b]]) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    copy, segments = _without(text, ranges)
    offsets = ByteOffsets(text, segments)
    kept = [i for i in range(len(text)) if not any(s <= i < e for s, e, _ in ranges)]
    position = 0
    mapped = []
    for ch in copy.decode("utf-8"):
        mapped.append(offsets.char(position))
        position += len(ch.encode("utf-8"))
    separators = [i for i, ch in enumerate(copy.decode("utf-8")) if mapped[i] not in kept]
    assert [m for i, m in enumerate(mapped) if i not in separators] == kept
    assert all(any(mapped[i] == s for s, _, _ in ranges) for i in separators)
    assert offsets.char(len(copy)) == (len(text) if not ranges or ranges[-1][1] < len(text) else ranges[-1][0])

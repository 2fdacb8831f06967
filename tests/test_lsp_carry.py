"""semgrep's findings through an edit's first stage: carried where the edit left them alone, then
replaced by semgrep's own answer (server/seclint/lsp/carry.py), with the real semgrep-core."""

from __future__ import annotations

import asyncio
import textwrap

import pytest
from lsp_client import apply_text_edits, change, code_actions, open_doc, session, wait_final, wait_published, workspace_edits
from lsprotocol import types as lsp
from semgrep_fakes import CRASH_MARKER, REAL, TEAM_RULE, fake_core

from seclint.analysis import Analyzer
from seclint.catalogue import default_catalogue
from seclint.documents import Encoding, LineIndex
from seclint.settings import Settings

pytestmark = pytest.mark.skipif(REAL is None, reason="semgrep is not installed (pip install 'seclint[semgrep]')")

NOSQL = "PY-NOSQL-INJECTION"
YAML_RULE = "PY-DESERIAL-YAML"
UNUSED = "SECLINT-UNUSED-SUPPRESSION"
# Two views, each with a semgrep finding (NoSQL, with its taint source as related information);
# login also has a native finding (yaml.load).
TWO_VIEWS = '''import yaml
from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
db = MongoClient().shop


@app.post("/search")
def search():
    query = request.get_json()
    found = db.items.find({"name": query["name"]})
    return str(list(found))


@app.post("/login")
def login():
    body = request.get_json()
    user = db.users.find_one({"name": body["name"], "password": body["password"]})
    settings = yaml.load(body["settings"])
    return str(user), settings
'''
SEARCH_SINK, LOGIN_SINK, LOGIN_YAML = 11, 18, 19


def _lines(params) -> list[tuple[str, int]]:
    return sorted(((d.code, d.range.start.line) for d in params.diagnostics), key=lambda c: (c[1], c[0]))


def _key(d: lsp.Diagnostic) -> tuple:
    r = d.range
    return d.code, r.start.line, r.start.character, r.end.line, r.end.character


def _stage(client, uri: str, version: int, stage: int) -> lsp.PublishDiagnosticsParams:
    """What was on screen once ``stage`` of ``version`` was delivered (a stage that changed nothing is not sent again)."""
    analysed = [a for a in client.analysed[uri] if a["version"] == version]
    assert [a["stage"] for a in analysed][:stage] == list(range(1, stage + 1)), analysed
    published = [p for p in client.published[uri] if p.version == version]
    return published[min(stage, len(published)) - 1]


def _fresh(text: str, settings: Settings | None = None) -> list[tuple]:
    """What a full analysis of ``text`` on its own gives, in the terms of a diagnostic."""
    analyzer = Analyzer(default_catalogue())
    try:
        result = analyzer.analyse(text, settings=settings)
    finally:
        analyzer.close()
    index = LineIndex(text)
    return sorted(
        (f.rule_id, *index.position_at(f.start, Encoding.UTF16), *index.position_at(f.end, Encoding.UTF16))
        for f in result.findings
    )


def _no_twice(client, uri: str) -> None:
    for params in client.published[uri]:
        keys = [_key(d) for d in params.diagnostics]
        assert len(keys) == len(set(keys)), f"version {params.version} shows a finding twice: {keys}"


async def test_a_finding_outside_the_edit_stays_through_stage_one_and_one_inside_waits_for_semgrep(tmp_path):
    async with session(tmp_path, options={"debounceMs": 0}) as client:
        uri = (tmp_path / "views.py").as_uri()
        open_doc(client, uri, TWO_VIEWS)
        first = await wait_final(client, uri, version=1)
        assert _lines(first) == [(NOSQL, SEARCH_SINK), (NOSQL, LOGIN_SINK), (YAML_RULE, LOGIN_YAML)]
        # One edit on search's sink line, which also adds a line: login's finding moves down one.
        change(client, uri, 2, (SEARCH_SINK, 4), (SEARCH_SINK, 9), "limit = 10\n    found")
        text = TWO_VIEWS.replace("    found = db.items", "    limit = 10\n    found = db.items", 1)
        final = await wait_final(client, uri, version=2)
        stage_one = _stage(client, uri, 2, 1)
        # Login's finding is still shown, where it now is, exactly as semgrep reports it there
        # (range, taint source, message, data); search's, on the edited line, waits for semgrep.
        assert _lines(stage_one) == [(NOSQL, LOGIN_SINK + 1), (YAML_RULE, LOGIN_YAML + 1)]
        [carried] = [d for d in stage_one.diagnostics if d.code == NOSQL]
        [reported] = [d for d in final.diagnostics if d.code == NOSQL and d.range.start.line == LOGIN_SINK + 1]
        assert carried == reported and carried.related_information[0].location.range.start.line == LOGIN_SINK
        # Once semgrep has answered: exactly what a full analysis of the new text gives.
        assert _lines(final) == [(NOSQL, SEARCH_SINK + 1), (NOSQL, LOGIN_SINK + 1), (YAML_RULE, LOGIN_YAML + 1)]
        assert sorted(_key(d) for d in final.diagnostics) == _fresh(text)
        _no_twice(client, uri)


async def test_typing_faster_than_semgrep_answers_keeps_its_findings_on_screen(tmp_path):
    """Each keystroke stops the semgrep run of the one before; the findings it last reported are
    carried from version to version through the edits, and none ever blinks off."""
    async with session(tmp_path, options={"debounceMs": 0}) as client:
        uri = (tmp_path / "views.py").as_uri()
        open_doc(client, uri, TWO_VIEWS)
        await wait_final(client, uri, version=1)
        text = TWO_VIEWS
        line = "    return str(list(found))"
        for version, key in enumerate("[:10]", start=2):  # typed into search's last line, one by one
            at = len(line) - 1
            change(client, uri, version, (SEARCH_SINK + 1, at), (SEARCH_SINK + 1, at), key)
            line = line[:at] + key + line[at:]
            await asyncio.sleep(0.01)
        text = TWO_VIEWS.replace("    return str(list(found))", line, 1)
        final = await wait_final(client, uri, version=6)
        for params in client.published[uri][1:]:  # after the open's first stage
            shown = _lines(params)
            assert (NOSQL, SEARCH_SINK) in shown and (NOSQL, LOGIN_SINK) in shown, (params.version, shown)
        assert sorted(_key(d) for d in final.diagnostics) == _fresh(text)
        _no_twice(client, uri)


async def test_a_blanket_suppression_of_a_semgrep_finding_is_not_called_unused_while_semgrep_runs(tmp_path):
    text = TWO_VIEWS.replace('query["name"]})', 'query["name"]})  # seclint: ignore -- reviewed', 1)
    text = text.replace("db = MongoClient().shop", "db = MongoClient().shop  # seclint: ignore -- stale", 1)
    async with session(tmp_path, options={"debounceMs": 0}) as client:
        uri = (tmp_path / "views.py").as_uri()
        open_doc(client, uri, text)
        final = await wait_final(client, uri, version=1)
        assert _lines(final) == [(UNUSED, 5), (NOSQL, LOGIN_SINK), (YAML_RULE, LOGIN_YAML)]
        change(client, uri, 2, (0, 0), (0, 0), "# views\n")
        final = await wait_final(client, uri, version=2)
        # Before semgrep answers, the first comment's finding is the carried one: it is used, not
        # unused; the other one matches nothing either way.
        assert _stage(client, uri, 2, 1).diagnostics == final.diagnostics
        assert _lines(final) == [(UNUSED, 6), (NOSQL, LOGIN_SINK + 1), (YAML_RULE, LOGIN_YAML + 1)]


async def test_an_edit_on_a_taint_source_line_is_not_carried_over(tmp_path):
    async with session(tmp_path, options={"debounceMs": 0}) as client:
        uri = (tmp_path / "views.py").as_uri()
        open_doc(client, uri, TWO_VIEWS)
        await wait_final(client, uri, version=1)
        # Typing at the end of login's source line: its sink line is untouched, its source is not.
        end = len(TWO_VIEWS.splitlines()[LOGIN_SINK - 1])
        change(client, uri, 2, (LOGIN_SINK - 1, end), (LOGIN_SINK - 1, end), " or {}")
        text = TWO_VIEWS.replace("body = request.get_json()", "body = request.get_json() or {}", 1)
        final = await wait_final(client, uri, version=2)
        assert _lines(_stage(client, uri, 2, 1)) == [(NOSQL, SEARCH_SINK), (YAML_RULE, LOGIN_YAML)]
        assert sorted(_key(d) for d in final.diagnostics) == _fresh(text)
        _no_twice(client, uri)


async def test_a_carried_finding_semgrep_no_longer_reports_goes_with_its_answer(tmp_path):
    async with session(tmp_path, options={"debounceMs": 0}) as client:
        uri = (tmp_path / "views.py").as_uri()
        open_doc(client, uri, TWO_VIEWS)
        await wait_final(client, uri, version=1)
        # Without flask's `request` the taint sources are gone, though no finding's line changed.
        change(client, uri, 2, (1, 23), (1, 32), "")
        text = TWO_VIEWS.replace("from flask import Flask, request", "from flask import Flask", 1)
        final = await wait_final(client, uri, version=2)
        assert _lines(_stage(client, uri, 2, 1)) == [(NOSQL, SEARCH_SINK), (NOSQL, LOGIN_SINK), (YAML_RULE, LOGIN_YAML)]
        assert _lines(final) == [(YAML_RULE, LOGIN_YAML)]
        assert sorted(_key(d) for d in final.diagnostics) == _fresh(text)
        # Put back: semgrep finds them again, and the next edit carries them again.
        change(client, uri, 3, (1, 23), (1, 23), ", request")
        assert _lines(await wait_final(client, uri, version=3)) == _lines(await wait_final(client, uri, version=1))
        change(client, uri, 4, (0, 0), (0, 0), "# views\n")
        await wait_final(client, uri, version=4)
        assert _lines(_stage(client, uri, 4, 1)) == [(NOSQL, SEARCH_SINK + 1), (NOSQL, LOGIN_SINK + 1), (YAML_RULE, LOGIN_YAML + 1)]
        _no_twice(client, uri)


async def test_lines_broken_by_a_syntax_error_show_their_last_findings_once(tmp_path):
    async with session(tmp_path, options={"debounceMs": 0}) as client:
        uri = (tmp_path / "views.py").as_uri()
        open_doc(client, uri, TWO_VIEWS)
        await wait_final(client, uri, version=1)
        # A stray bracket on login's sink line: that line keeps its last findings (semgrep's too),
        # once; search's finding is carried through the first stage as usual.
        change(client, uri, 2, (LOGIN_SINK, 29), (LOGIN_SINK, 29), "(")
        await wait_final(client, uri, version=2)
        for stage in (1, 2):
            assert _lines(_stage(client, uri, 2, stage)) == [(NOSQL, SEARCH_SINK), (NOSQL, LOGIN_SINK), (YAML_RULE, LOGIN_YAML)]
        # Closed again: as a full analysis.
        change(client, uri, 3, (LOGIN_SINK, 29), (LOGIN_SINK, 30), "")
        final = await wait_final(client, uri, version=3)
        assert sorted(_key(d) for d in final.diagnostics) == _fresh(TWO_VIEWS)
        _no_twice(client, uri)


async def test_when_semgrep_fails_the_carried_findings_go_and_are_not_carried_again(tmp_path):
    binary, _ = fake_core(tmp_path, "crash-on-marker")
    async with session(tmp_path, env={"SECLINT_SEMGREP_CORE": str(binary)}, options={"debounceMs": 0}) as client:
        uri = (tmp_path / "views.py").as_uri()
        open_doc(client, uri, TWO_VIEWS)
        assert _lines(await wait_final(client, uri, version=1)).count((NOSQL, SEARCH_SINK)) == 1
        # A comment above everything: nothing is touched, but semgrep-core crashes on this text.
        change(client, uri, 2, (0, 0), (0, 0), f"# {CRASH_MARKER}\n")
        final = await wait_final(client, uri, version=2)
        assert _lines(_stage(client, uri, 2, 1)) == [(NOSQL, SEARCH_SINK + 1), (NOSQL, LOGIN_SINK + 1), (YAML_RULE, LOGIN_YAML + 1)]
        assert _lines(final) == [(YAML_RULE, LOGIN_YAML + 1)]  # semgrep did not say: not shown as if it had
        for _ in range(100):
            if any("semgrep" in m.message for m in client.messages):
                break
            await asyncio.sleep(0.02)
        assert any("semgrep" in m.message and "other engines still report" in m.message for m in client.messages)
        # The next edit does not bring them back from before the failure.
        change(client, uri, 3, (LOGIN_YAML + 1, 4), (LOGIN_YAML + 1, 12), "config")
        await wait_final(client, uri, version=3)
        assert [code for code, _ in _lines(_stage(client, uri, 3, 1))] == [YAML_RULE]
        # Without the marker semgrep answers again.
        change(client, uri, 4, (0, 0), (1, 0), "")
        final = await wait_final(client, uri, version=4)
        assert _lines(final) == [(NOSQL, SEARCH_SINK), (NOSQL, LOGIN_SINK), (YAML_RULE, LOGIN_YAML)]
        _no_twice(client, uri)


TEAM_CODE = textwrap.dedent(
    """\
    import pickle

    import redis

    cache = redis.Redis()


    def load_profile(user_id):
        return pickle.loads(cache.get(f"profile:{user_id}"))


    def load_settings(user_id):
        return pickle.loads(cache.get(f"settings:{user_id}"))
    """
)


async def test_a_carried_findings_fix_edits_the_text_it_was_made_for(tmp_path):
    (tmp_path / "semgrep-rules").mkdir()
    (tmp_path / "semgrep-rules" / "acme.yml").write_text("rules:\n" + TEAM_RULE)
    (tmp_path / "pyproject.toml").write_text('[tool.seclint]\nrule-paths = ["semgrep-rules"]\nignore = ["PY-DESERIAL-"]\n')
    async with session(tmp_path, options={"debounceMs": 0}) as client:
        uri = (tmp_path / "cache.py").as_uri()
        open_doc(client, uri, TEAM_CODE)
        first = await wait_final(client, uri, version=1)
        assert [(d.code, d.range.start.line) for d in first.diagnostics] == [("acme.no-pickle-from-cache", 8), ("acme.no-pickle-from-cache", 12)]
        # Enter and a new import after the first line: both findings move down a line, with their fixes.
        change(client, uri, 2, (0, 13), (0, 13), "\nimport json")
        text = TEAM_CODE.replace("import pickle\n", "import pickle\nimport json\n", 1)
        # A code action asked for right after the first stage gives the fix semgrep gives (it waits for it).
        early = await wait_published(client, uri, version=2)
        actions = await code_actions(client, uri, early.diagnostics[0].range, early.diagnostics[:1])
        final = await wait_final(client, uri, version=2)
        stage_one = _stage(client, uri, 2, 1)
        assert stage_one.diagnostics == final.diagnostics
        [apply] = [a for a in actions if a.title.startswith("Apply")]
        assert workspace_edits(apply.edit, uri)[0].range == lsp.Range(**{
            k: lsp.Position(**v) for k, v in early.diagnostics[0].data["fix"]["edits"][0]["range"].items()})
        for diagnostic in stage_one.diagnostics:
            edits = [lsp.TextEdit(lsp.Range(lsp.Position(**e["range"]["start"]), lsp.Position(**e["range"]["end"])), e["newText"])
                     for e in diagnostic.data["fix"]["edits"]]
            fixed = apply_text_edits(text, edits).splitlines()[diagnostic.range.start.line]
            assert fixed == "    return json.loads(cache.get(...))", fixed  # the template's own `...`
        # Typing inside load_settings's call: its finding and fix wait for semgrep.
        line = text.splitlines()[13]
        at = line.index("settings:")
        change(client, uri, 3, (13, at), (13, at), "user-")
        await wait_final(client, uri, version=3)
        assert [(d.code, d.range.start.line) for d in _stage(client, uri, 3, 1).diagnostics] == [("acme.no-pickle-from-cache", 9)]
        _no_twice(client, uri)


async def test_pulled_diagnostics_are_semgreps_answer_for_the_text(tmp_path):
    async with session(tmp_path, options={"debounceMs": 0}, pull=True) as client:
        uri = (tmp_path / "views.py").as_uri()
        open_doc(client, uri, TWO_VIEWS)
        report = await client.text_document_diagnostic_async(lsp.DocumentDiagnosticParams(lsp.TextDocumentIdentifier(uri)))
        assert sorted(_key(d) for d in report.items) == _fresh(TWO_VIEWS)
        change(client, uri, 2, (1, 23), (1, 32), "")
        report = await client.text_document_diagnostic_async(lsp.DocumentDiagnosticParams(lsp.TextDocumentIdentifier(uri)))
        text = TWO_VIEWS.replace("from flask import Flask, request", "from flask import Flask", 1)
        assert sorted(_key(d) for d in report.items) == _fresh(text)  # never a carried finding
        assert not client.published.get(uri)

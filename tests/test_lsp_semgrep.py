"""semgrep through the real server: staged publishing, suppressions across stages, degraded modes."""

from __future__ import annotations

import asyncio

import pytest
from lsp_client import change, open_doc, session, wait_final, wait_published, workspace_edits
from lsprotocol import types as lsp
from semgrep_fakes import APP, FAKE_AWS_KEY, REAL, fake_core, hung_pids

from seclint.analysis import Analyzer
from seclint.catalogue import default_catalogue

pytestmark = pytest.mark.skipif(REAL is None, reason="semgrep is not installed (pip install 'seclint[semgrep]')")

NOSQL = "PY-NOSQL-INJECTION"
YAML_RULE = "PY-DESERIAL-YAML"
SINK_LINE = 11


def _codes(params):
    return sorted(d.code for d in params.diagnostics)


async def test_python_engines_publish_first_and_semgrep_is_merged_in(tmp_path):
    async with session(tmp_path, options={"debounceMs": 0}) as client:
        uri = (tmp_path / "app.py").as_uri()
        open_doc(client, uri, APP)
        final = await wait_final(client, uri, version=1)
        first, *rest = client.published[uri]
        assert _codes(first) == [YAML_RULE]  # stage 1: the in-process engines
        assert _codes(final) == sorted([NOSQL, YAML_RULE]) and len(rest) == 1
        assert [(a["stage"], a["final"]) for a in client.analysed[uri]] == [(1, False), (2, True)]
        [diagnostic] = [d for d in final.diagnostics if d.code == NOSQL]
        assert diagnostic.range.start.line == SINK_LINE and diagnostic.data["engine"] == "semgrep"
        source = diagnostic.related_information[0]
        assert source.message == "untrusted data enters here: `request.get_json()`"
        assert source.location.range.start == lsp.Position(10, 11)
        # Hover and code actions see the semgrep finding like any other.
        hover = await client.text_document_hover_async(
            lsp.HoverParams(lsp.TextDocumentIdentifier(uri), diagnostic.range.start)
        )
        assert "MongoDB query operators" in hover.contents.value and "CWE-943" in hover.contents.value


async def test_typing_never_publishes_a_stale_semgrep_result(tmp_path):
    """Edit faster than semgrep answers: every publish belongs to its version's text, in order."""
    async with session(tmp_path, options={"debounceMs": 0}) as client:
        uri = (tmp_path / "app.py").as_uri()
        open_doc(client, uri, APP)
        await wait_final(client, uri, version=1)
        texts = {1: APP}
        text = APP
        for version in range(2, 12):
            # Toggle the vulnerable call in and out of a comment, one keystroke at a time.
            commented = text.splitlines()[SINK_LINE].lstrip().startswith("#")
            if commented:
                change(client, uri, version, (SINK_LINE, 4), (SINK_LINE, 6), "")
                lines = text.splitlines(keepends=True)
                lines[SINK_LINE] = lines[SINK_LINE].replace("# ", "", 1)
            else:
                change(client, uri, version, (SINK_LINE, 4), (SINK_LINE, 4), "# ")
                lines = text.splitlines(keepends=True)
                lines[SINK_LINE] = "    # " + lines[SINK_LINE][4:]
            text = "".join(lines)
            texts[version] = text
            await asyncio.sleep(0.03)
        final = await wait_final(client, uri, version=11)
        analyzer = Analyzer(default_catalogue())
        try:
            versions = [p.version for p in client.published[uri]]
            assert versions == sorted(versions)
            for params in client.published[uri]:
                expected = {(analyzer.analyse(texts[params.version]).index.line_of(f.start), f.rule_id)
                            for f in analyzer.analyse(texts[params.version]).findings}
                got = {(d.range.start.line, d.code) for d in params.diagnostics}
                assert got <= expected, f"version {params.version} shows findings of other text"
            assert {(d.range.start.line, d.code) for d in final.diagnostics} == {
                (analyzer.analyse(texts[11]).index.line_of(f.start), f.rule_id) for f in analyzer.analyse(texts[11]).findings
            }
        finally:
            analyzer.close()
        # At most one publish per version from each stage.
        assert all(versions.count(v) <= 2 for v in set(versions))


async def test_nosemgrep_and_unused_suppressions_see_every_stage(tmp_path):
    suppressed = APP.replace(
        'body["password"]})', 'body["password"]})  # nosemgrep: PY-NOSQL-INJECTION'
    ).replace("settings = yaml.load(", "settings = dict(")
    unused = suppressed.replace('{"name": body["name"], "password": body["password"]}', '{"name": str(body["name"])}')
    async with session(tmp_path, options={"debounceMs": 0}) as client:
        uri = (tmp_path / "app.py").as_uri()
        open_doc(client, uri, suppressed)
        assert (await wait_final(client, uri, version=1)).diagnostics == []
        # The finding is gone: only once semgrep has run is the suppression known to be unused.
        open_doc(client, (tmp_path / "fixed.py").as_uri(), unused)
        final = await wait_final(client, (tmp_path / "fixed.py").as_uri(), version=1)
        first = client.published[(tmp_path / "fixed.py").as_uri()][0]
        assert first.diagnostics == []
        assert _codes(final) == ["SECLINT-UNUSED-SUPPRESSION"]
        assert "PY-NOSQL-INJECTION no longer reports anything here" in final.diagnostics[0].message


async def test_other_languages_by_language_id_and_file_name(tmp_path):
    async with session(tmp_path, options={"debounceMs": 0}) as client:
        js = (tmp_path / "web" / "page.js").as_uri()
        open_doc(client, js, "el.innerHTML = location.hash;  // nosemgrep\nbox.innerHTML = location.hash;\n", language="javascript")
        params = await wait_final(client, js, version=1)
        assert [(d.code, d.range.start.line) for d in params.diagnostics] == [("JS-XSS-INNERHTML", 1)]
        env = (tmp_path / ".env").as_uri()
        open_doc(client, env, f"# deploy\nAWS_ACCESS_KEY_ID={FAKE_AWS_KEY}\n", language="plaintext")
        params = await wait_final(client, env, version=1)
        [diagnostic] = params.diagnostics
        assert diagnostic.code == "SECRET-AWS-ACCESS-KEY" and FAKE_AWS_KEY[:8] not in diagnostic.message
        hover = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(env), diagnostic.range.start))
        assert FAKE_AWS_KEY not in hover.contents.value  # the hover never repeats the secret
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(lsp.TextDocumentIdentifier(js), lsp.Range(lsp.Position(1, 0), lsp.Position(1, 3)),
                                 lsp.CodeActionContext(diagnostics=[]))
        )
        suppress = [a for a in actions if a.title.startswith("Suppress")]
        assert suppress and "// seclint: ignore[JS-XSS-INNERHTML]" in workspace_edits(suppress[0].edit, js)[0].new_text


async def test_missing_semgrep_tells_the_user_once_and_python_engines_still_publish(tmp_path):
    env = {"SECLINT_SEMGREP_CORE": str(tmp_path / "no-such-semgrep-core")}
    async with session(tmp_path, env=env, options={"debounceMs": 0}) as client:
        for name in ("a.py", "b.py"):
            uri = (tmp_path / name).as_uri()
            open_doc(client, uri, APP)
            assert _codes(await wait_final(client, uri, version=1)) == [YAML_RULE]
        await asyncio.sleep(0.2)
        shown = [m.message for m in client.messages if "semgrep" in m.message]
        assert len(shown) == 1 and "not an executable" in shown[0] and "other engines still report" in shown[0]
        assert any("semgrep" in m.message for m in client.log_messages)


async def test_a_semgrep_run_over_the_time_limit_is_stopped_and_the_server_carries_on(tmp_path):
    binary, _ = fake_core(tmp_path, "hang")
    async with session(tmp_path, env={"SECLINT_SEMGREP_CORE": str(binary)}, options={"debounceMs": 0, "semgrepTimeout": 1}) as client:
        uri = (tmp_path / "app.py").as_uri()
        open_doc(client, uri, APP)
        assert _codes(await wait_published(client, uri, version=1)) == [YAML_RULE]
        await wait_final(client, uri, version=1)
        for _ in range(200):
            if any("1 s limit" in m.message for m in client.messages):
                break
            await asyncio.sleep(0.02)
        assert any("1 s limit" in m.message for m in client.messages)
        # Still serving: an edit is analysed and published.
        change(client, uri, 2, (0, 0), (0, 0), "# edited\n")
        assert _codes(await wait_published(client, uri, version=2)) == [YAML_RULE]


async def test_a_killed_server_takes_its_semgrep_run_with_it(tmp_path):
    import os
    import signal
    from pathlib import Path

    binary, pidfile = fake_core(tmp_path, "hang")
    context = session(tmp_path, env={"SECLINT_SEMGREP_CORE": str(binary)}, options={"debounceMs": 0, "semgrepTimeout": 60})
    client = await context.__aenter__()
    try:
        open_doc(client, (tmp_path / "app.py").as_uri(), APP)

        def alive() -> list[int]:
            return [pid for pid in hung_pids(pidfile) if Path(f"/proc/{pid}").exists()]

        for _ in range(500):
            if alive():
                break
            await asyncio.sleep(0.02)
        assert alive(), "semgrep never started"
        os.kill(client._server.pid, signal.SIGKILL)  # no shutdown, no atexit: the worst case
        for _ in range(250):
            if not alive():
                break
            await asyncio.sleep(0.02)
        assert not alive(), "semgrep outlived the server"
    finally:
        await client.stop()

"""Scheduling end to end: the server answers requests while an analysis runs in its worker thread."""

from __future__ import annotations

import asyncio

from lsp_client import change, code_actions, open_doc, session, wait_published
from lsprotocol import types as lsp
from bench_modules import gen_python

SMALL = "import yaml\n\n\ndef load(data):\n    return yaml.load(data)\n"


async def test_hover_and_code_actions_are_answered_while_a_long_analysis_runs(tmp_path):
    # An import added at the top changes what every name of the module resolves to, so all of
    # its 4,000 lines are analysed again: a good part of a second, far longer than the pause below
    # and than answering a hover.  (A hover on the document being analysed waits for its current
    # text by design; one on another does not.)
    big_text = gen_python.generate(4000, 2)
    async with session(tmp_path, options={"debounceMs": 0, "engines": {"semgrep": False}}) as client:
        small, big = (tmp_path / "small.py").as_uri(), (tmp_path / "big.py").as_uri()
        open_doc(client, small, SMALL)
        open_doc(client, big, big_text)
        published = await wait_published(client, small, version=1, timeout=60)
        await wait_published(client, big, version=1, timeout=60)
        change(client, big, 2, (0, 0), (0, 0), "import subprocess as sp\n")
        await asyncio.sleep(0.15)  # the analysis of big.py's version 2 is under way
        hover = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(small), lsp.Position(4, 14)))
        actions = await code_actions(client, small, published.diagnostics[0].range, published.diagnostics)
        assert hover is not None and "YAML" in hover.contents.value
        assert any("safe_load" in a.title for a in actions)
        assert not [p for p in client.published[big] if p.version == 2], "the requests waited for the analysis"
        await wait_published(client, big, version=2, timeout=60)


async def test_a_configuration_answer_that_changes_nothing_does_not_analyse_again(tmp_path):
    """Editors answer the workspace/configuration request sent at start-up with the settings they
    also sent as initializationOptions, while the first documents are analysed: analysing them
    again would cancel those runs and delay their first diagnostics by a whole analysis."""
    from lsp_client import SERVER_COMMAND, initialize, make_client, wait_final
    from pytest_lsp import ClientServerConfig

    options = {"debounceMs": 0, "engines": {"semgrep": False}}
    answer_now = asyncio.Event()

    def factory():
        client = make_client()
        # pygls keeps the first handler per method: drop pytest-lsp's own to answer late.
        client.protocol.fm.features.pop(lsp.WORKSPACE_CONFIGURATION, None)

        @client.feature(lsp.WORKSPACE_CONFIGURATION)
        async def configuration(ls, params):
            await answer_now.wait()
            # The same settings, plus an unknown key: its warning tells the test the answer was read.
            return [{**options, "noSuchSetting": 1}]

        return client

    client = await ClientServerConfig(server_command=SERVER_COMMAND, client_factory=factory).start()
    try:
        await initialize(client, tmp_path, options=dict(options))
        first, second = (tmp_path / "first.py").as_uri(), (tmp_path / "second.py").as_uri()
        open_doc(client, first, SMALL)
        await wait_final(client, first, 1)
        answer_now.set()
        for _ in range(500):
            if any("noSuchSetting" in m.message for m in client.log_messages):
                break
            await asyncio.sleep(0.01)
        assert any("noSuchSetting" in m.message for m in client.log_messages)
        # A re-analysis of first.py would have been scheduled before second.py was opened.
        open_doc(client, second, SMALL)
        await wait_final(client, second, 1)
        await asyncio.sleep(0.3)
        assert [a["version"] for a in client.analysed[first]] == [1], client.analysed[first]
    finally:
        await asyncio.wait_for(client.shutdown_session(), 10)
        await client.stop()

"""The language server end to end: a real `seclint lsp` process driven over stdio by pytest-lsp."""

from __future__ import annotations

import ast
import asyncio

from lsp_client import (
    apply_text_edits,
    change,
    code_actions,
    codes,
    open_doc,
    session,
    wait_published,
    workspace_edits,
)
from lsprotocol import types as lsp

from seclint.analysis import Analyzer
from seclint.catalogue import default_catalogue

YAML_RULE = "PY-DESERIAL-YAML"
VULNERABLE = """import yaml


def first(s):
    return yaml.load(s)


def second(s):
    return yaml.load(s, Loader=yaml.Loader)
"""


async def test_diagnostic_fields(client):
    uri = (client.root / "app.py").as_uri()
    open_doc(client, uri, VULNERABLE)
    params = await wait_published(client, uri, version=1)
    assert params.version == 1
    assert codes(params) == [YAML_RULE, YAML_RULE]
    d = params.diagnostics[0]
    assert d.range == lsp.Range(lsp.Position(4, 11), lsp.Position(4, 23))
    assert d.severity == lsp.DiagnosticSeverity.Error
    assert d.source == "seclint"
    assert "CWE-502" in d.message and d.data["cwe"] == ["CWE-502"]
    assert d.code_description.href.startswith("file://") and d.code_description.href.endswith(f"{YAML_RULE}.md")
    assert d.data["fix"]["title"] == "Use yaml.safe_load"


async def test_utf16_ranges_after_emoji_and_cjk(client):
    uri = (client.root / "emoji.py").as_uri()
    text = "import yaml\nx = {'😀中文': yaml.load(s)}  # 注释\n"
    open_doc(client, uri, text)
    params = await wait_published(client, uri, version=1)
    (d,) = params.diagnostics
    # "x = {'" is 6 units, the emoji 2 (a surrogate pair), 中文 2, then "': " 3.
    assert (d.range.start.line, d.range.start.character, d.range.end.character) == (1, 13, 25)


async def test_utf8_positions_when_the_client_asks(tmp_path):
    async with session(tmp_path, encodings=["utf-8", "utf-16"]) as client:
        assert client.init_result.capabilities.position_encoding == "utf-8"
        uri = (tmp_path / "a.py").as_uri()
        open_doc(client, uri, "import yaml\nx = {'😀中文': yaml.load(s)}\n")
        params = await wait_published(client, uri, version=1)
        (d,) = params.diagnostics
        assert (d.range.start.character, d.range.end.character) == (6 + 4 + 6 + 3, 6 + 4 + 6 + 3 + 12)
        # An incremental edit in UTF-8 units lands where the client meant it.
        change(client, uri, 2, (1, 19), (1, 31), "yaml.safe_load(s)")
        params = await wait_published(client, uri, version=2)
        assert params.diagnostics == []


async def test_crlf_document(client):
    uri = (client.root / "crlf.py").as_uri()
    text = VULNERABLE.replace("\n", "\r\n")
    open_doc(client, uri, text)
    params = await wait_published(client, uri, version=1)
    assert [d.range.start.line for d in params.diagnostics] == [4, 8]
    change(client, uri, 2, (0, 0), (0, 0), "# header\r\n\r\n")
    params = await wait_published(client, uri, version=2)
    assert [d.range.start.line for d in params.diagnostics] == [6, 10]


async def test_rapid_edits_publish_in_order_and_never_stale(client):
    """Type fast: every publish matches its own version's text, versions only increase, the last one wins."""
    uri = (client.root / "typing.py").as_uri()
    text = "import yaml\n"
    open_doc(client, uri, text)
    await wait_published(client, uri, version=1)
    texts = {1: text}
    line = "x = yaml.load(s)\n"
    version = 1
    for i in range(30):
        version += 1
        if i % 3 == 2:
            # delete the line typed two steps ago
            change(client, uri, version, (1, 0), (2, 0), "")
            text = text.split("\n", 1)[0] + "\n" + text.split("\n", 2)[2]
        else:
            change(client, uri, version, (1, 0), (1, 0), line)
            text = text[: len("import yaml\n")] + line + text[len("import yaml\n") :]
        texts[version] = text
        await asyncio.sleep(0.01)
    final = await wait_published(client, uri, version=version)
    analyzer = Analyzer(default_catalogue())
    published = client.published[uri]
    versions = [p.version for p in published]
    assert versions == sorted(versions)
    for params in published:
        expected = analyzer.analyse(texts[params.version]).findings
        assert len(params.diagnostics) == len(expected), f"version {params.version}"
    assert len(final.diagnostics) == texts[version].count("yaml.load")
    # Debounced: far fewer analyses than keystrokes.
    assert len(published) < 15


async def test_did_close_clears_diagnostics(client):
    uri = (client.root / "closing.py").as_uri()
    open_doc(client, uri, VULNERABLE)
    await wait_published(client, uri, version=1)
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(uri)))
    for _ in range(200):
        if client.published[uri][-1].diagnostics == []:
            break
        await asyncio.sleep(0.01)
    assert client.published[uri][-1].diagnostics == []


async def test_syntax_error_keeps_findings_moved_by_the_edits(client):
    uri = (client.root / "broken.py").as_uri()
    open_doc(client, uri, VULNERABLE)
    await wait_published(client, uri, version=1)
    # Insert two lines at the top, then break `second` with an unclosed bracket.
    change(client, uri, 2, (0, 0), (0, 0), "import os\n\n")
    change(client, uri, 3, (10, 4), (10, 4), "print((")
    params = await wait_published(client, uri, version=3)
    # Both findings are still there: `first` re-analysed, the broken one carried over and moved.
    assert [(d.code, d.range.start.line) for d in params.diagnostics] == [(YAML_RULE, 6), (YAML_RULE, 10)]
    assert params.diagnostics[1].range.start.character == 4 + len("print((") + 7
    # Typing on: the file parses again and results are fresh.
    change(client, uri, 4, (10, 4), (10, 11), "")
    params = await wait_published(client, uri, version=4)
    assert [d.range.start.line for d in params.diagnostics] == [6, 10]


async def test_syntax_error_on_open_still_analyses_the_rest(client):
    uri = (client.root / "half.py").as_uri()
    open_doc(client, uri, "import yaml\n\ndef f(:\n    pass\n\ndef g(s):\n    return yaml.load(s)\n")
    params = await wait_published(client, uri, version=1)
    assert [(d.code, d.range.start.line) for d in params.diagnostics] == [(YAML_RULE, 6)]


async def test_python_312_syntax(client):
    uri = (client.root / "modern.py").as_uri()
    text = (
        "import yaml\n"
        "type Config = dict[str, str]\n"
        "def f[T](s: T) -> T:\n"
        "    songs = {'a': 1}\n"
        "    print(f\"{songs[\"a\"]} {f'{f\"{1}\"}'}\")\n"
        "    return yaml.load(s)\n"
    )
    open_doc(client, uri, text)
    params = await wait_published(client, uri, version=1)
    assert [(d.code, d.range.start.line) for d in params.diagnostics] == [(YAML_RULE, 5)]


async def test_hover_on_finding_and_on_suppression_codes(client):
    uri = (client.root / "hover.py").as_uri()
    text = (
        "import yaml\n"
        "a = yaml.load(s)\n"
        "b = yaml.load(s)  # seclint: ignore[PY-DESERIAL-YAML] fixture data\n"
        "c = yaml.load(s)  # nosec B506\n"
    )
    open_doc(client, uri, text)
    params = await wait_published(client, uri, version=1)
    assert [d.range.start.line for d in params.diagnostics] == [1]
    hover = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(1, 8)))
    assert hover.contents.kind == lsp.MarkupKind.Markdown
    value = hover.contents.value
    for needle in ("Unsafe YAML loading", "CWE-502", "A08:2021", "Why is this dangerous?", "**Insecure**", "**Secure**", "How to verify"):
        assert needle in value
    for line, column in ((2, text.splitlines()[2].index("PY-DESERIAL") + 3), (3, text.splitlines()[3].index("B506") + 1)):
        hover = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(line, column)))
        assert hover is not None and "Unsafe YAML loading" in hover.contents.value
    nothing = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(0, 2)))
    assert nothing is None


async def test_unused_suppression_is_a_hint_with_a_fix(client):
    uri = (client.root / "unused.py").as_uri()
    text = "import yaml\nx = yaml.safe_load(s)  # seclint: ignore[PY-DESERIAL-YAML] was needed once\n"
    open_doc(client, uri, text)
    params = await wait_published(client, uri, version=1)
    (d,) = params.diagnostics
    assert d.code == "SECLINT-UNUSED-SUPPRESSION"
    assert d.severity == lsp.DiagnosticSeverity.Hint
    assert list(d.tags) == [lsp.DiagnosticTag.Unnecessary]
    actions = await code_actions(client, uri, d.range, [d])
    fixed = apply_text_edits(text, workspace_edits(actions[0].edit, uri))
    assert fixed == "import yaml\nx = yaml.safe_load(s)\n"


async def test_quick_fix_and_suppression_actions(client):
    uri = (client.root / "fix.py").as_uri()
    open_doc(client, uri, VULNERABLE)
    params = await wait_published(client, uri, version=1)
    d = params.diagnostics[1]
    actions = await code_actions(client, uri, d.range, [d])
    preferred = [a for a in actions if a.is_preferred]
    assert [a.kind for a in preferred] == [lsp.CodeActionKind.QuickFix]
    fixed = apply_text_edits(VULNERABLE, workspace_edits(preferred[0].edit, uri))
    assert "return yaml.safe_load(s)\n" in fixed and fixed.count("yaml.load") == 1
    suppress = next(a for a in actions if a.title.startswith("Suppress"))
    suppressed = apply_text_edits(VULNERABLE, workspace_edits(suppress.edit, uri))
    assert "return yaml.load(s, Loader=yaml.Loader)  # seclint: ignore[PY-DESERIAL-YAML] <why this is safe>\n" in suppressed
    # The suppression works: applying it to the buffer removes that diagnostic.
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [lsp.TextDocumentContentChangeWholeDocument(text=suppressed)],
        )
    )
    params = await wait_published(client, uri, version=2)
    assert [d.range.start.line for d in params.diagnostics] == [4]


async def test_code_actions_without_diagnostic_data(client):
    """Vim's ALE drops Diagnostic.data: actions are found from the code and range alone."""
    uri = (client.root / "ale.py").as_uri()
    open_doc(client, uri, VULNERABLE)
    params = await wait_published(client, uri, version=1)
    d = params.diagnostics[0]
    bare = lsp.Diagnostic(range=d.range, message=d.message, code=d.code, source=d.source)
    actions = await code_actions(client, uri, d.range, [bare])
    assert any(a.is_preferred for a in actions)
    # And with no diagnostics in the context at all (cursor on the line).
    actions = await code_actions(client, uri, lsp.Range(d.range.start, d.range.start), [])
    assert any(a.is_preferred for a in actions)


async def test_fix_all(client):
    uri = (client.root / "fixall.py").as_uri()
    open_doc(client, uri, VULNERABLE)
    params = await wait_published(client, uri, version=1)
    actions = await code_actions(client, uri, params.diagnostics[0].range, [], only=["source.fixAll"])
    assert [a.kind for a in actions] == ["source.fixAll.seclint"]
    fixed = apply_text_edits(VULNERABLE, workspace_edits(actions[0].edit, uri))
    assert "yaml.load" not in fixed and fixed.count("yaml.safe_load(s)") == 2
    ast.parse(fixed)


async def test_unknown_documents_and_bad_requests_do_not_crash(client):
    ghost = (client.root / "ghost.py").as_uri()
    change(client, ghost, 5, (0, 0), (0, 0), "x")
    hover = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(ghost), lsp.Position(0, 0)))
    assert hover is None
    # A non-file URI and a language seclint does not analyse.
    open_doc(client, "untitled:Untitled-1", VULNERABLE)
    params = await wait_published(client, "untitled:Untitled-1", version=1)
    assert codes(params) == [YAML_RULE, YAML_RULE]
    open_doc(client, (client.root / "notes.md").as_uri(), "# yaml.load(s)", language="markdown")
    # Out-of-range edits are clamped, as the spec says.
    uri = (client.root / "clamp.py").as_uri()
    open_doc(client, uri, "import yaml\n")
    change(client, uri, 2, (99, 99), (120, 0), "x = yaml.load(s)\n")
    params = await wait_published(client, uri, version=2)
    assert codes(params) == [YAML_RULE]


async def test_binary_content_is_refused_with_a_message(client):
    uri = (client.root / "blob.py").as_uri()
    open_doc(client, uri, "\x00\x01\x02" * 1000)
    params = await wait_published(client, uri, version=1)
    assert params.diagnostics == []
    for _ in range(200):
        if any("binary" in m.message for m in client.messages):
            break
        await asyncio.sleep(0.01)
    assert any("binary" in m.message for m in client.messages)
    # The server is alive and still serves other documents.
    other = (client.root / "other.py").as_uri()
    open_doc(client, other, VULNERABLE)
    assert len((await wait_published(client, other, version=1)).diagnostics) == 2


async def test_ten_thousand_line_file(client):
    uri = (client.root / "big.py").as_uri()
    body = "".join(f"def f{i}(s):\n    return len(s) + {i}\n\n" for i in range(3333))
    text = "import yaml\n" + body + "x = yaml.load(s)\n"
    assert text.count("\n") >= 10_000
    open_doc(client, uri, text)
    params = await wait_published(client, uri, version=1, timeout=60)
    assert [d.range.start.line for d in params.diagnostics] == [text.count("\n") - 1]


async def test_settings_from_initialization_options(tmp_path):
    async with session(tmp_path, options={"severity": {YAML_RULE: "low"}, "debounceMs": 0}) as client:
        uri = (tmp_path / "a.py").as_uri()
        open_doc(client, uri, VULNERABLE)
        params = await wait_published(client, uri, version=1)
        assert {d.severity for d in params.diagnostics} == {lsp.DiagnosticSeverity.Information}
        # didChangeConfiguration (push) switches the rule off and re-publishes.
        client.workspace_did_change_configuration(
            lsp.DidChangeConfigurationParams(settings={"seclint": {"ignore": [YAML_RULE]}})
        )
        for _ in range(300):
            if client.published[uri][-1].diagnostics == []:
                break
            await asyncio.sleep(0.01)
        assert client.published[uri][-1].diagnostics == []


async def test_settings_pulled_with_workspace_configuration(tmp_path):
    async with session(tmp_path, configuration={"ignore": ["PY-DESERIAL-"]}) as client:
        uri = (tmp_path / "a.py").as_uri()
        await asyncio.sleep(0.3)  # the pull happens after `initialized`
        open_doc(client, uri, VULNERABLE)
        params = await wait_published(client, uri, version=1)
        assert params.diagnostics == []


async def test_pyproject_settings_and_only_root_uri(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.seclint]\nignore = ["PY-DESERIAL-YAML"]\nexclude = ["legacy/**"]\n')
    async with session(tmp_path, folders=False) as client:
        uri = (tmp_path / "pkg" / "a.py").as_uri()
        open_doc(client, uri, VULNERABLE)
        assert (await wait_published(client, uri, version=1)).diagnostics == []


async def test_pyproject_exclude(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.seclint]\nexclude = ["legacy/**"]\n')
    async with session(tmp_path) as client:
        excluded = (tmp_path / "legacy" / "old.py").as_uri()
        open_doc(client, excluded, VULNERABLE)
        assert (await wait_published(client, excluded, version=1)).diagnostics == []
        included = (tmp_path / "new.py").as_uri()
        open_doc(client, included, VULNERABLE)
        assert len((await wait_published(client, included, version=1)).diagnostics) == 2


async def test_malformed_settings_give_a_message_and_defaults(tmp_path):
    async with session(tmp_path, options={"minConfidence": "sometimes", "severity": "loud", "debounceMs": -5}) as client:
        uri = (tmp_path / "a.py").as_uri()
        open_doc(client, uri, VULNERABLE)
        params = await wait_published(client, uri, version=1)
        assert len(params.diagnostics) == 2
        for _ in range(200):
            if len(client.messages) >= 3:
                break
            await asyncio.sleep(0.01)
        text = " ".join(m.message for m in client.messages)
        assert "minConfidence" in text and "severity" in text and "debounceMs" in text


async def test_explain_command(client):
    result = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(command="seclint.explain", arguments=["B506"])
    )
    assert "Unsafe YAML loading" in result

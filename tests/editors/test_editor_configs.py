"""The documented configurations for Helix, Sublime Text's LSP and vim-lsp.

None of these editors is packaged for Debian, so they cannot run here.  Each test reads the
configuration file a user copies (editors/helix/languages.toml, editors/sublime/
LSP.sublime-settings, editors/vim/vim-lsp.vim, the last evaluated by real Vim), starts the
server exactly as it says — `seclint` found on PATH — and speaks to it the way that client
does: where its settings go (initializationOptions, the answer to workspace/configuration,
didChangeConfiguration) and whether it sends workspace folders.  A setting added at the
file's settings location must reach the server, and diagnostics, hover and the quick fix must
work.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

from editor_env import HERE, ROOT, editor_env, project, require
from lsp_client import apply_text_edits, code_actions, make_client, wait_published, workspace_edits
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig

# What these clients advertise that matters here (from their sources): markdown hover,
# literal code actions, related information, pull configuration.
CAPABILITIES = lsp.ClientCapabilities(
    workspace=lsp.WorkspaceClientCapabilities(configuration=True, did_change_configuration=lsp.DidChangeConfigurationClientCapabilities()),
    text_document=lsp.TextDocumentClientCapabilities(
        synchronization=lsp.TextDocumentSyncClientCapabilities(did_save=True),
        hover=lsp.HoverClientCapabilities(content_format=[lsp.MarkupKind.Markdown, lsp.MarkupKind.PlainText]),
        code_action=lsp.CodeActionClientCapabilities(
            code_action_literal_support=lsp.ClientCodeActionLiteralOptions(
                lsp.ClientCodeActionKindOptions(value_set=["", "quickfix", "source"])
            )
        ),
        publish_diagnostics=lsp.PublishDiagnosticsClientCapabilities(related_information=True),
    ),
)


async def drive(
    tmp_path: Path,
    command: list[str],
    *,
    init_options: Any = None,
    configuration: dict | None = None,
    did_change: Any = None,
    folders: bool = True,
) -> dict:
    target = project(tmp_path)
    root = target.parent
    env = editor_env(tmp_path, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    client = await ClientServerConfig(server_command=command, client_factory=make_client, server_env=env).start()
    try:
        if configuration is not None:
            for section, value in configuration.items():
                client.set_configuration(value, section=section)
        await client.initialize_session(
            lsp.InitializeParams(
                capabilities=CAPABILITIES,
                root_uri=root.as_uri(),
                workspace_folders=[lsp.WorkspaceFolder(root.as_uri(), root.name)] if folders else None,
                initialization_options=init_options,
            )
        )
        if did_change is not None:
            client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=did_change))
            await asyncio.sleep(0.2)
        uri = target.as_uri()
        text = target.read_text()
        client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "python", 1, text)))
        published = await wait_published(client, uri, version=1)
        # A pulled configuration re-analyses: let it land before reading the result.
        await asyncio.sleep(0.5)
        diagnostics = client.diagnostics[uri]
        yaml = next(d for d in diagnostics if d.code == "PY-DESERIAL-YAML")
        hover = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(uri), yaml.range.start))
        actions = await code_actions(client, uri, yaml.range, [yaml])
        fix = next(a for a in actions if a.title.startswith("Use yaml.safe_load"))
        fixed = apply_text_edits(text, workspace_edits(fix.edit, uri))
        return {"first": published, "codes": sorted(d.code for d in diagnostics), "hover": hover.contents.value, "fixed": fixed}
    finally:
        await asyncio.wait_for(client.shutdown_session(), 10)
        await client.stop()


def check(result: dict) -> None:
    # The test adds ignore = ["PY-CMD-SHELL"] where the file keeps its settings.
    assert result["codes"] == ["PY-DESERIAL-YAML"], result["codes"]
    assert "Unsafe YAML loading (PY-DESERIAL-YAML)" in result["hover"]
    assert "yaml.safe_load(text)" in result["fixed"]


async def test_helix_languages_toml(tmp_path: Path) -> None:
    config = tomllib.loads((ROOT / "editors" / "helix" / "languages.toml").read_text())
    server = config["language-server"]["seclint"]
    python = next(lang for lang in config["language"] if lang["name"] == "python")
    assert "seclint" in python["language-servers"]
    options = copy.deepcopy(server["config"])
    options["seclint"]["ignore"] = ["PY-CMD-SHELL"]
    # Helix sends `config` as initializationOptions and answers workspace/configuration from
    # inside it by section name.
    result = await drive(tmp_path, [server["command"], *server["args"]], init_options=options, configuration=options)
    check(result)


def _sublime_json(text: str) -> dict:
    return json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.M))


async def test_sublime_lsp_settings(tmp_path: Path) -> None:
    client = _sublime_json((ROOT / "editors" / "sublime" / "LSP.sublime-settings").read_text())["clients"]["seclint"]
    assert client["enabled"] and client["selector"] == "source.python"
    settings = copy.deepcopy(client["settings"])
    settings["seclint"]["ignore"] = ["PY-CMD-SHELL"]
    # Sublime LSP answers workspace/configuration from "settings" and sends them with
    # didChangeConfiguration; initializationOptions only when given.
    result = await drive(
        tmp_path, client["command"], init_options=client.get("initializationOptions"), configuration=settings, did_change=settings
    )
    check(result)


async def test_vim_lsp_registration(tmp_path: Path) -> None:
    vim = require("vim")
    report = tmp_path / "registered.json"
    env = editor_env(
        tmp_path,
        SECLINT_REPORT=str(report),
        SECLINT_ROOT=str(ROOT),
        SECLINT_SETTINGS=json.dumps({"minConfidence": "low", "ignore": ["PY-CMD-SHELL"]}),
    )
    subprocess.run([vim, "-N", "-u", "NONE", "-i", "NONE", "-es", "-S", str(HERE / "vimlsp_register.vim")],
                   env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    registered = json.loads(report.read_text())
    assert registered["name"] == "seclint" and registered["allowlist"] == ["python"]
    # vim-lsp sends rootUri without workspace folders, initialization_options at start and
    # workspace_config with didChangeConfiguration (and to workspace/configuration).
    result = await drive(
        tmp_path,
        registered["cmd"],
        init_options=registered["initialization_options"],
        configuration=registered["workspace_config"],
        did_change=registered["workspace_config"],
        folders=False,
    )
    check(result)

"""Pull diagnostics end to end: `textDocument/diagnostic` and `workspace/diagnostic` through a real
`seclint lsp` process, against its pushes and against `seclint check --format json`."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time

from conftest import ROOT
from lsp_client import change, open_doc, session, wait_final
from lsprotocol import types as lsp

VULNERABLE = "import yaml\n\n\ndef load(s):\n    return yaml.load(s)\n"
PICKLE = "import pickle\n\n\ndef load(b):\n    return pickle.loads(b)\n"


def _tree(root):
    """A workspace with a vendored folder excluded by [tool.seclint] and a .gitignore'd file."""
    (root / "pyproject.toml").write_text('[tool.seclint]\nexclude = ["vendor/**"]\n')
    (root / ".gitignore").write_text("generated.py\n")
    (root / "app.py").write_text(VULNERABLE)
    (root / "pkg").mkdir()
    (root / "pkg" / "store.py").write_text(PICKLE)
    (root / "pkg" / "clean.py").write_text("print('hello')\n")
    (root / "vendor").mkdir()
    (root / "vendor" / "lib.py").write_text(VULNERABLE)
    (root / "generated.py").write_text(VULNERABLE)


async def _pull(client, uri, previous=None):
    return await client.text_document_diagnostic_async(
        lsp.DocumentDiagnosticParams(lsp.TextDocumentIdentifier(uri), identifier="seclint", previous_result_id=previous)
    )


async def _pull_workspace(client, previous=(), token=None):
    return await client.workspace_diagnostic_async(
        lsp.WorkspaceDiagnosticParams(previous_result_ids=list(previous), identifier="seclint", work_done_token=token)
    )


def _codes(report):
    return [d.code for d in report.items]


def _key(d):
    return (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message)


async def test_pull_client_is_not_pushed_and_pulls_the_current_version(tmp_path):
    async with session(tmp_path, pull=True) as client:
        provider = client.init_result.capabilities.diagnostic_provider
        assert provider.identifier == "seclint"
        assert provider.workspace_diagnostics is True and provider.inter_file_dependencies is False

        uri = (tmp_path / "app.py").as_uri()
        open_doc(client, uri, VULNERABLE)
        first = await _pull(client, uri)
        assert first.kind == "full" and _codes(first) == ["PY-DESERIAL-YAML"]
        assert first.result_id
        again = await _pull(client, uri, previous=first.result_id)
        assert again.kind == "unchanged" and again.result_id == first.result_id

        # An edit, pulled at once (inside the debounce): the answer is for the new text, never the old.
        change(client, uri, 2, (4, 11), (4, 20), "pickle.loads")
        after = await _pull(client, uri, previous=first.result_id)
        assert after.kind == "full" and after.result_id != first.result_id
        assert _codes(after) == ["PY-DESERIAL-PICKLE"]
        deadline = time.monotonic() + 30
        while not any(a["version"] == 2 and a["final"] for a in client.analysed.get(uri, [])):
            assert time.monotonic() < deadline
            await asyncio.sleep(0.01)
        assert client.published.get(uri, []) == []  # pulled, never pushed: no duplicates in the editor


async def test_pull_equals_push_for_a_push_client(client):
    """A client that never said it pulls is pushed to; asking anyway gets the same diagnostics."""
    uri = (client.root / "app.py").as_uri()
    open_doc(client, uri, VULNERABLE + PICKLE.replace("def load", "def load2"))
    pushed = await wait_final(client, uri, version=1)
    pulled = await _pull(client, uri)
    assert sorted(map(_key, pulled.items)) == sorted(map(_key, pushed.diagnostics))
    assert len(pulled.items) == 2


async def test_document_pull_of_files_not_open(tmp_path):
    _tree(tmp_path)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.py"
    outside.write_text(VULNERABLE)
    try:
        async with session(tmp_path, pull=True) as client:
            store = (tmp_path / "pkg" / "store.py").as_uri()
            first = await _pull(client, store)
            assert first.kind == "full" and _codes(first) == ["PY-DESERIAL-PICKLE"]
            assert (await _pull(client, store, first.result_id)).kind == "unchanged"

            (tmp_path / "pkg" / "store.py").write_text(VULNERABLE)
            changed = await _pull(client, store, first.result_id)
            assert changed.kind == "full" and _codes(changed) == ["PY-DESERIAL-YAML"]

            # Excluded by [tool.seclint], outside the workspace, or missing: nothing to report.
            for uri in ((tmp_path / "vendor" / "lib.py").as_uri(), outside.as_uri(), (tmp_path / "nope.py").as_uri()):
                report = await _pull(client, uri)
                assert report.kind == "full" and not report.items, uri
    finally:
        outside.unlink()


async def test_workspace_pull_reports_the_checked_files_with_progress(tmp_path):
    _tree(tmp_path)
    async with session(tmp_path, pull=True) as client:
        app = (tmp_path / "app.py").as_uri()
        open_doc(client, app, "import os\nos.system(cmd)\n")  # the buffer differs from the file on disk

        report = await _pull_workspace(client)
        by_uri = {item.uri: item for item in report.items}
        expected = {(tmp_path / p).as_uri() for p in ("app.py", "pkg/store.py", "pkg/clean.py", "pyproject.toml")}
        assert set(by_uri) == expected  # not vendor/ (exclude), not generated.py (.gitignore)
        assert all(item.kind == "full" for item in report.items)
        assert _codes(by_uri[app]) == ["PY-CMD-OS-SYSTEM"] and by_uri[app].version == 1  # from the buffer
        assert _codes(by_uri[(tmp_path / "pkg/store.py").as_uri()]) == ["PY-DESERIAL-PICKLE"]
        assert not by_uri[(tmp_path / "pkg/clean.py").as_uri()].items

        # Progress on a token the server created (the client supports window/workDoneProgress).
        (values,) = client.progress_reports.values()
        assert isinstance(values[0], lsp.WorkDoneProgressBegin) and isinstance(values[-1], lsp.WorkDoneProgressEnd)
        reports = [v for v in values if isinstance(v, lsp.WorkDoneProgressReport)]
        assert reports and reports[-1].message == "4/4 files" and reports[-1].percentage == 100

        # Again with the result ids: unchanged files cost nothing; a changed one is reported in full.
        (tmp_path / "pkg" / "clean.py").write_text(PICKLE)
        previous = [lsp.PreviousResultId(item.uri, item.result_id) for item in report.items]
        client.progress_reports["mine"] = []
        second = await _pull_workspace(client, previous, token="mine")
        kinds = {item.uri: item.kind for item in second.items}
        assert kinds == {uri: "unchanged" for uri in expected} | {(tmp_path / "pkg/clean.py").as_uri(): "full"}
        clean = next(i for i in second.items if i.kind == "full")
        assert _codes(clean) == ["PY-DESERIAL-PICKLE"]
        assert isinstance(client.progress_reports["mine"][-1], lsp.WorkDoneProgressEnd)  # the request's token

        # A file gone since the last pull is cleared.
        (tmp_path / "pkg" / "store.py").unlink()
        previous = [lsp.PreviousResultId(item.uri, item.result_id) for item in second.items]
        third = await _pull_workspace(client, previous)
        gone = [i for i in third.items if i.uri == (tmp_path / "pkg/store.py").as_uri()]
        assert len(gone) == 1 and gone[0].kind == "full" and not gone[0].items


async def test_workspace_pull_matches_check_json(tmp_path):
    _tree(tmp_path)
    (tmp_path / "rules").mkdir()
    for example in sorted((ROOT / "rules" / "python").glob("*.py")):
        (tmp_path / "rules" / example.name).write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "seclint", "check", "--format", "json", "."],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1, result.stderr
    from_cli = {(f["path"], f["rule"], f["line"] - 1) for f in json.loads(result.stdout)}
    assert len(from_cli) > 50

    async with session(tmp_path, pull=True) as client:
        report = await _pull_workspace(client)
    from_server = set()
    for item in report.items:
        path = item.uri.removeprefix(tmp_path.as_uri() + "/")
        from_server |= {(path, d.code, d.range.start.line) for d in item.items}
    assert from_server == from_cli


async def test_workspace_scan_keeps_hover_responsive_and_can_be_cancelled(tmp_path):
    corpus = sorted((ROOT / "rules" / "python").glob("*.py"))
    for copy in range(8):  # enough files that the scan is still going when the hover is asked
        folder = tmp_path / f"copy{copy}"
        folder.mkdir()
        for example in corpus:
            (folder / example.name).write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    async with session(tmp_path, pull=True) as client:
        uri = (tmp_path / "open.py").as_uri()
        open_doc(client, uri, VULNERABLE)
        await _pull(client, uri)

        client.progress_reports["scan"] = []
        request_id = "workspace-scan"
        future = client.protocol.send_request(
            lsp.WORKSPACE_DIAGNOSTIC,
            lsp.WorkspaceDiagnosticParams(previous_result_ids=[], work_done_token="scan"),
            msg_id=request_id,
        )
        scan = asyncio.wrap_future(future)
        deadline = time.monotonic() + 60
        while not any(isinstance(v, lsp.WorkDoneProgressReport) for v in client.progress_reports["scan"]):
            assert time.monotonic() < deadline and not scan.done()
            await asyncio.sleep(0.01)

        hover = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(4, 15)))
        assert "yaml" in hover.contents.value.lower()
        assert not scan.done()  # answered while the scan was still going

        client.protocol.notify(lsp.CANCEL_REQUEST, lsp.CancelParams(id=request_id))
        try:
            await asyncio.wait_for(scan, 30)
        except Exception as exc:
            assert "cancel" in str(exc).lower()
        else:
            raise AssertionError("the cancelled scan answered with a result")
        end = client.progress_reports["scan"][-1]
        assert isinstance(end, lsp.WorkDoneProgressEnd) and end.message == "cancelled"
        done = [v for v in client.progress_reports["scan"] if isinstance(v, lsp.WorkDoneProgressReport)]
        assert done[-1].percentage < 100  # it stopped part way

        # The server carries on: another pull answers.
        assert _codes(await _pull(client, uri)) == ["PY-DESERIAL-YAML"]

"""Parity: for a corpus of files, `seclint check --format json` reports exactly the (file, rule, range)
set the language server publishes for the same files with the same settings — and the hover is
the text SARIF's help.markdown carries."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys

from conftest import ROOT
from lsp_client import open_doc, session, wait_final
from lsprotocol import types as lsp

from seclint.docs import rule_markdown
from seclint.documents import Encoding, LineIndex

SETTINGS = """[tool.seclint]
enable = ["PY-CMD-SHELL-LITERAL"]
ignore = ["PY-ASSERT-SECURITY"]
severity = { PY-HASH-WEAK = "low" }
exclude = ["src/skipped/**"]
"""


def _corpus(root):
    src = root / "src"
    shutil.copytree(ROOT / "bench" / "corpus", src / "corpus")
    shutil.copytree(ROOT / "bench" / "holdout", src / "holdout")
    (src / "rules").mkdir()
    for example in sorted((ROOT / "rules" / "python").glob("*.py")):
        shutil.copy(example, src / "rules" / example.name)
    (src / "skipped").mkdir()
    (src / "skipped" / "app.py").write_text("import yaml\nyaml.load(s)\n")
    (src / "broken.py").write_text("import yaml\nx = yaml.load(s)\ndef f(:\n    pass\nimport pickle\npickle.loads(b)\n")
    (root / "pyproject.toml").write_text(SETTINGS)
    return sorted(p for p in src.rglob("*.py"))


async def test_check_json_equals_what_the_server_publishes(tmp_path, catalogue):
    files = _corpus(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "seclint", "check", "--format", "json", "src"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1, result.stderr
    reported = json.loads(result.stdout)
    texts = {p.relative_to(tmp_path).as_posix(): p.read_text(encoding="utf-8") for p in files}
    indexes = {name: LineIndex(text) for name, text in texts.items()}

    def lsp_position(name, line, column):
        index = indexes[name]
        return index.position_at(index.offset_at(line - 1, column - 1, Encoding.UTF32), Encoding.UTF16)

    from_cli = {
        (f["path"], f["rule"], lsp_position(f["path"], f["line"], f["column"]), lsp_position(f["path"], f["end_line"], f["end_column"]))
        for f in reported
    }
    assert len(from_cli) == len(reported) > 200
    rules_seen = {rule for _, rule, _, _ in from_cli}
    assert "PY-CMD-SHELL-LITERAL" in rules_seen and "PY-ASSERT-SECURITY" not in rules_seen
    assert not any(name.startswith("src/skipped/") for name, *_ in from_cli)
    assert {f["severity"] for f in reported if f["rule"] == "PY-HASH-WEAK"} == {"low"}

    async with session(tmp_path) as client:
        uris = {}
        for name, text in texts.items():
            uri = (tmp_path / name).as_uri()
            uris[name] = uri
            open_doc(client, uri, text)
        # The final publish of each file: with semgrep's stage merged in, as `check` reports.
        published = await asyncio.gather(*(wait_final(client, uri, version=1, timeout=120) for uri in uris.values()))
        from_server = {
            (name, d.code, (d.range.start.line, d.range.start.character), (d.range.end.line, d.range.end.character))
            for name, params in zip(uris, published)
            for d in params.diagnostics
        }
        assert from_cli == from_server
        by_key = {(name, d.code, d.range.start.line, d.range.start.character): d for name, p in zip(uris, published) for d in p.diagnostics}
        severity = {d.severity for key, d in by_key.items() if key[1] == "PY-HASH-WEAK"}
        assert severity == {lsp.DiagnosticSeverity.Information}  # the project's override, in the editor too

        # The hover on a finding is the rule's help.markdown in SARIF, with the finding's message.
        finding = next(f for f in reported if f["rule"] == "PY-DESERIAL-YAML")
        line, character = lsp_position(finding["path"], finding["line"], finding["column"])
        hover = await client.text_document_hover_async(
            lsp.HoverParams(lsp.TextDocumentIdentifier(uris[finding["path"]]), lsp.Position(line, character))
        )
        rule = catalogue.rules["PY-DESERIAL-YAML"]
        assert hover.contents.value == rule_markdown(catalogue, rule, message=finding["message"])

"""The findings cache (findings_cache.py, lsp/reopen.py): a hit is a fresh analysis, anything that
could change the findings misses, a damaged entry is never trusted, and the server uses it on open."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import RULES
from lsp_client import LANGUAGE_IDS, change, open_doc, session, wait_final
from lsprotocol import types as lsp

from seclint import findings_cache as fc
from seclint.analysis import Analyzer
from seclint.catalogue import Catalogue, default_catalogue
from seclint.engines import default_engines
from seclint.lsp.reopen import BACKGROUND_AFTER
from seclint.lsp.server import SeclintServer
from seclint.settings import Settings

CATALOGUE = default_catalogue()
ALL_ON = Settings(enable=("PY-", "SECLINT-"))  # opt-in rules too
EXAMPLES = sorted({rule.examples_path for rule in CATALOGUE.rules.values() if rule.examples_path.is_file()})
CODE = """import subprocess
import yaml


def run(cmd, s):
    subprocess.run(cmd, shell=True)  # seclint: ignore[PY-CMD-SHELL] the command is a constant
    subprocess.run(cmd, shell=True)
    x = 1  # nosec B602
    return yaml.load(s)
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "findings"
    monkeypatch.setenv(fc.FOLDER_ENV, str(folder))
    return folder


def _language(path: Path) -> str:
    rule = next(r for r in CATALOGUE.rules.values() if r.examples_path == path)
    return rule.languages[0]


def _same(a, b) -> None:
    assert a.findings == b.findings
    assert [(f, s) for f, s in a.suppressed] == [(f, s) for f, s in b.suppressed]
    assert a.suppressions == b.suppressions
    assert (a.stage, a.final, a.problems, a.skipped, a.language) == (b.stage, b.final, b.problems, b.skipped, b.language)
    assert a.engine_findings == b.engine_findings and a.engines_ran == b.engines_ran
    assert a.catalogue is b.catalogue


def _round_trip(analyzer, text, path, language, settings):
    """A fresh analysis, stored and read back through the folder as the server does."""
    fresh = analyzer.analyse(text, path=path, settings=settings, language=language)
    key, _ = fc.key_of(analyzer, text, path, language, settings, None)
    assert fc.storable(fresh), (path, fresh.problems, fresh.skipped, fresh.syntax_error)
    assert fc.write(key, fc.encode(key, fresh))
    findings, ran, stages = fc.decode(fc.read(key), key, len(text))
    restored = analyzer.restore(text, findings, ran, stages, path=path, settings=settings, language=language)
    return fresh, restored


def test_a_hit_is_exactly_a_fresh_analysis_of_every_rule_example(cache_dir, analyzer):
    seen = {"fix": 0, "related": 0, "anchor": 0, "origin": 0, "message": 0, "suppressed": 0, "merged away": 0}
    for path in EXAMPLES:
        text = path.read_text(encoding="utf-8")
        for settings in (ALL_ON, Settings()):
            fresh, restored = _round_trip(analyzer, text, str(path), _language(path), settings)
            _same(restored, fresh)
            assert restored.restored and not fc.storable(restored)
            found = restored.engine_findings
            seen["fix"] += sum(f.fix is not None and bool(f.fix.edits) for f in found)
            seen["related"] += sum(bool(f.related) for f in found)
            seen["anchor"] += sum(f.anchor_lines is not None for f in found)
            seen["origin"] += sum(f.origin is not None for f in found)
            seen["message"] += sum(f.message is not None for f in found)
            seen["suppressed"] += len(restored.suppressed)
            seen["merged away"] += len(found) > len(restored.findings) + len(restored.suppressed)
    # Every part of a finding went through the folder and back, not just the plain ones.
    assert all(count > 0 for count in seen.values()), seen


def test_a_hit_keeps_suppressions_and_unused_ones_as_computed_today(cache_dir, analyzer):
    fresh, restored = _round_trip(analyzer, CODE, "/project/app.py", "python", ALL_ON)
    _same(restored, fresh)
    assert restored.suppressed and any(f.rule_id == "SECLINT-UNUSED-SUPPRESSION" for f in restored.findings)
    assert any(f.fix is not None for f in restored.findings)


def test_only_complete_clean_analyses_are_storable(analyzer):
    assert not fc.storable(analyzer.analyse("def broken(:\n    pass\n", path="/p/a.py"))  # syntax error
    assert not fc.storable(analyzer.start(CODE, path="/p/a.py"))  # semgrep's stage still pending
    assert not fc.storable(analyzer.analyse("x\x00" * 5000, path="/p/a.py"))  # skipped: binary
    assert fc.storable(analyzer.analyse(CODE, path="/p/a.py"))


def _key(analyzer, text=CODE, path="/project/app.py", language="python", settings=ALL_ON, root=None):
    return fc.key_of(analyzer, text, path, language, settings, root)[0]


def test_every_part_of_the_key_changes_it(analyzer, tmp_path, monkeypatch):
    base = _key(analyzer)
    assert _key(analyzer) == base
    different = {
        "text": _key(analyzer, text=CODE + "\n"),
        "path": _key(analyzer, path="/project/tests/test_app.py"),
        "language": _key(analyzer, language="generic"),
        "root": _key(analyzer, root=Path("/project")),
    }
    for name, value in (
        ("select", ("PY-CMD-",)), ("ignore", ("PY-CMD-SHELL",)), ("enable", ()), ("severity", (("PY-CMD-SHELL", "low"),)),
        ("min_confidence", "high"), ("min_severity", "high"), ("exclude", ("x",)), ("engines", (("semgrep", False),)),
        ("max_document_size", 10), ("report_unused_suppressions", False), ("semgrep_timeout", 1.0),
        ("analysis_timeout", 1.0), ("languages", ("python",)), ("debounce_ms", 5),
    ):
        different[f"setting {name}"] = _key(analyzer, settings=replace(ALL_ON, **{name: value}))
    assert all(key != base for key in different.values()), different
    assert len(set(different.values())) == len(different)
    # The baseline is applied to findings when they are published, never by an engine.
    assert _key(analyzer, settings=replace(ALL_ON, baseline=".seclint-baseline.json")) == base


def test_a_rule_files_bytes_change_the_key(analyzer, tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(RULES, root, ignore=shutil.ignore_patterns("*.py", "*.js", "*.ts", "*.go", "*.java", "*.txt"))
    first = Analyzer(Catalogue.load(root), analyzer.engines)
    rule_file = root / "python" / "PY-CMD-SHELL.yaml"
    rule_file.write_bytes(rule_file.read_bytes() + b"\n# a comment\n")
    second = Analyzer(Catalogue.load(root), analyzer.engines)
    assert first.catalogue == second.catalogue  # the same rules, yet other bytes: another key
    assert _key(first) != _key(second)
    assert _key(Analyzer(Catalogue.load(root), analyzer.engines)) == _key(second)


def test_custom_rule_files_change_the_key(analyzer, tmp_path):
    rules = tmp_path / "team"
    rules.mkdir()
    rule = rules / "team.yml"
    rule.write_text("rules:\n  - id: acme.no-eval\n    languages: [python]\n    severity: ERROR\n    message: no eval\n    pattern: eval(...)\n")
    settings = replace(ALL_ON, rule_paths=(str(rules),))
    first = _key(analyzer, settings=settings)
    assert first != _key(analyzer)
    rule.write_text(rule.read_text().replace("no eval", "never eval") + "\n")
    os.utime(rule, ns=(1, 1))  # another modification time, so the loader reads it again
    second = _key(analyzer, settings=settings)
    assert second != first
    (rules / "more.yaml").write_text("rules: []\n")
    assert _key(analyzer, settings=settings) != second


def test_engine_versions_and_python_change_the_key(analyzer, tmp_path, monkeypatch):
    base = _key(analyzer)
    from importlib import metadata

    real = metadata.distribution

    class Other:
        version = "0.0.1-other"

        def locate_file(self, name):
            return real("bandit").locate_file(name)

    monkeypatch.setattr(metadata, "distribution", lambda name: Other() if name == "bandit" else real(name))
    fc._installation.cache_clear()
    try:
        assert _key(analyzer) != base
        monkeypatch.setattr(metadata, "distribution", real)
        fc._installation.cache_clear()
        assert _key(analyzer) == base
        monkeypatch.setattr(sys, "version", sys.version + " (another build)")
        fc._installation.cache_clear()
        assert _key(analyzer) != base
    finally:
        monkeypatch.undo()
        fc._installation.cache_clear()
    assert _key(analyzer) == base

    # semgrep-core: another binary, or the same one replaced, is another key.
    from seclint.engines.semgrep import SemgrepEngine

    binary = tmp_path / "semgrep-core"
    binary.write_bytes(b"one")
    engines = [e if e.name != "semgrep" else SemgrepEngine(binary) for e in default_engines()]
    with_binary = Analyzer(analyzer.catalogue, engines)
    first = _key(with_binary)
    assert first != base
    binary.write_bytes(b"a newer one")
    assert _key(with_binary) != first


def test_an_unknown_engine_is_never_keyed(analyzer):
    class Fake:
        name = "fake"

    assert fc.key_of(Analyzer(analyzer.catalogue, [Fake()]), CODE, None, "python", ALL_ON, None) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"\x00\xff" + data,  # not JSON
        lambda data: data.replace(b'"format":1', b'"format":2'),
        lambda data: data.replace(b'"key":"', b'"key":"0'),  # another entry's file
        lambda data: data.replace(b'"length":', b'"length":1'),  # another text's
        lambda data: data.replace(b'"findings":[[', b'"findings":[[1,'),  # a field of the wrong type
        lambda data: json.dumps({**json.loads(data), "findings": [["PY-CMD-SHELL", 10, 10**9, "ast", None, None, [], None, None]]}).encode(),
        lambda data: json.dumps({**json.loads(data), "findings": [["PY-CMD-SHELL", 10, 5, "ast", None, None, [], None, None]]}).encode(),
        lambda data: json.dumps({**json.loads(data), "findings": [["PY-CMD-SHELL", True, 5, "ast", None, None, [], None, None]]}).encode(),
    ],
)
def test_a_damaged_entry_is_refused(cache_dir, analyzer, damage):
    fresh = analyzer.analyse(CODE, path="/p/a.py", settings=ALL_ON)
    key = _key(analyzer, path="/p/a.py")
    fc.write(key, fc.encode(key, fresh))
    target = cache_dir / f"{key}.json"
    target.write_bytes(damage(target.read_bytes()))
    with pytest.raises((ValueError, TypeError, KeyError)):
        fc.decode(fc.read(key), key, len(CODE))


def test_the_folder_is_bounded_oldest_first(cache_dir):
    for i in range(10):
        fc.write(f"{i:040x}", "x" * 100)
        os.utime(cache_dir / f"{i:040x}.json", (1000 + i, 1000 + i))
    fc._prune(cache_dir, cache_dir / f"{9:040x}.json", max_entries=4)
    assert sorted(p.name[:40] for p in cache_dir.glob("*.json")) == [f"{i:040x}" for i in range(6, 10)]
    fc._prune(cache_dir, cache_dir / f"{9:040x}.json", max_bytes=250)
    assert sorted(p.name[:40] for p in cache_dir.glob("*.json")) == [f"{i:040x}" for i in range(8, 10)]


def test_an_empty_folder_setting_turns_it_off(monkeypatch):
    monkeypatch.setenv(fc.FOLDER_ENV, "")
    assert fc.folder() is None and fc.read("0" * 40) is None and not fc.write("0" * 40, "{}")
    monkeypatch.delenv(fc.FOLDER_ENV)
    monkeypatch.setenv("SECLINT_CACHE_DIR", "/somewhere")
    assert fc.folder() == Path("/somewhere/findings")


# -- the server ------------------------------------------------------------------------------


def _env(folder: Path) -> dict:
    return {**os.environ, fc.FOLDER_ENV: str(folder)}


async def _open_and_settle(client, uri: str, text: str, language: str = "python"):
    """Open ``uri`` and wait until its analysis, and any background one, is delivered."""
    open_doc(client, uri, text, language=language)
    final = await wait_final(client, uri, version=1)
    for _ in range(3000):
        notes = client.analysed.get(uri, [])
        if not any(n.get("cached") for n in notes) or any(n.get("background") for n in notes):
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.2)  # anything published after that would show up now
    return final


def _diagnostics(params) -> list:
    return [(d.code, d.range, d.message, d.severity, d.data) for d in params.diagnostics]


async def test_the_server_publishes_cached_findings_on_open(tmp_path):
    folder = tmp_path / "findings"
    path = tmp_path / "app.py"
    path.write_text(CODE)
    uri = path.as_uri()
    async with session(tmp_path, env=_env(folder), options={"enable": ["PY-", "SECLINT-"]}) as client:
        first = await _open_and_settle(client, uri, CODE)
        assert not any(n.get("cached") for n in client.analysed[uri])
        assert [n["final"] for n in client.analysed[uri]] == [False, True]  # the Python engines, then semgrep
    assert len(list(folder.glob("*.json"))) == 1

    async with session(tmp_path, env=_env(folder), options={"enable": ["PY-", "SECLINT-"]}) as client:
        second = await _open_and_settle(client, uri, CODE)
        notes = client.analysed[uri]
        assert notes[0]["cached"] and notes[0]["final"] and notes[0]["stage"] == 2
        assert any(n.get("background") and n["final"] for n in notes)  # the regular analysis ran too
        assert len(client.published[uri]) == 1  # and found the same: nothing published again
        assert _diagnostics(second) == _diagnostics(first) and second.diagnostics
        # A hover and a code action are answered from the restored analysis.
        hover = await client.text_document_hover_async(
            lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(8, 14))
        )
        assert hover is not None and "yaml" in hover.contents.value.lower()

    # Every reopening of another text, path or settings analyses afresh.
    async with session(tmp_path, env=_env(folder), options={"enable": ["PY-"]}) as client:
        await _open_and_settle(client, uri, CODE)
        assert not any(n.get("cached") for n in client.analysed[uri])
        other = (tmp_path / "other.py").as_uri()
        await _open_and_settle(client, other, CODE)
        assert not any(n.get("cached") for n in client.analysed[other])
    assert len(list(folder.glob("*.json"))) == 3


async def test_a_damaged_entry_is_ignored_and_rewritten(tmp_path):
    folder = tmp_path / "findings"
    uri = (tmp_path / "app.py").as_uri()
    async with session(tmp_path, env=_env(folder)) as client:
        first = await _open_and_settle(client, uri, CODE)
    (entry,) = folder.glob("*.json")
    good = entry.read_bytes()
    entry.write_bytes(good[:40])
    async with session(tmp_path, env=_env(folder)) as client:
        second = await _open_and_settle(client, uri, CODE)
        assert not any(n.get("cached") for n in client.analysed[uri])
    assert _diagnostics(second) == _diagnostics(first)
    assert entry.read_bytes() == good


async def test_the_entry_of_the_saved_text_is_kept(tmp_path):
    folder = tmp_path / "findings"
    uri = (tmp_path / "app.py").as_uri()
    async with session(tmp_path, env=_env(folder)) as client:
        await _open_and_settle(client, uri, CODE)
        change(client, uri, 2, (0, 0), (0, 0), "import os\n")
        await wait_final(client, uri, version=2)
        assert len(list(folder.glob("*.json"))) == 1  # a keystroke is not stored
        client.text_document_did_save(lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(uri)))
        await asyncio.sleep(0.3)
    assert len(list(folder.glob("*.json"))) == 2
    async with session(tmp_path, env=_env(folder)) as client:
        await _open_and_settle(client, uri, "import os\n" + CODE)
        assert client.analysed[uri][0].get("cached")


async def test_with_the_setting_off_nothing_is_read_or_written(tmp_path):
    folder = tmp_path / "findings"
    uri = (tmp_path / "app.py").as_uri()
    async with session(tmp_path, env=_env(folder), options={"findingsCache": False}) as client:
        await _open_and_settle(client, uri, CODE)
    assert not folder.exists() or not list(folder.iterdir())
    async with session(tmp_path, env=_env(folder)) as client:
        await _open_and_settle(client, uri, CODE)
    assert len(list(folder.glob("*.json"))) == 1
    async with session(tmp_path, env=_env(folder), options={"findingsCache": False}) as client:
        await _open_and_settle(client, uri, CODE)
        assert [(n["final"], n.get("cached")) for n in client.analysed[uri]] == [(False, None), (True, None)]


@pytest.mark.parametrize("path", [p for p in EXAMPLES if p.suffix != ".py"][:3])
async def test_other_languages_are_restored_too(tmp_path, path):
    folder = tmp_path / "findings"
    text = path.read_text(encoding="utf-8")
    language = LANGUAGE_IDS[_language(path)]
    async with session(tmp_path, env=_env(folder)) as client:
        first = await _open_and_settle(client, path.as_uri(), text, language)
    async with session(tmp_path, env=_env(folder)) as client:
        second = await _open_and_settle(client, path.as_uri(), text, language)
        assert client.analysed[path.as_uri()][0].get("cached")
        assert len(client.published[path.as_uri()]) == 1
    assert _diagnostics(second) == _diagnostics(first)


async def test_an_edit_during_the_background_analysis_is_analysed_as_usual(tmp_path, analyzer):
    folder = tmp_path / "findings"
    uri = (tmp_path / "app.py").as_uri()
    async with session(tmp_path, env=_env(folder)) as client:
        await _open_and_settle(client, uri, CODE)
    async with session(tmp_path, env=_env(folder)) as client:
        open_doc(client, uri, CODE)
        await wait_final(client, uri, version=1)
        assert client.analysed[uri][0].get("cached")
        change(client, uri, 2, (8, 11), (8, 20), "yaml.safe_load")  # removes the yaml.load finding
        edited = await wait_final(client, uri, version=2)
    fresh = analyzer.analyse(CODE.replace("yaml.load(s)", "yaml.safe_load(s)"), path=str(tmp_path / "app.py"))
    assert [d.code for d in edited.diagnostics] == [f.rule_id for f in fresh.findings]
    assert "PY-DESERIAL-YAML" not in [d.code for d in edited.diagnostics]


async def test_a_pulling_client_gets_the_cached_diagnostics(tmp_path):
    folder = tmp_path / "findings"
    uri = (tmp_path / "app.py").as_uri()
    async with session(tmp_path, env=_env(folder)) as client:
        pushed = await _open_and_settle(client, uri, CODE)
    async with session(tmp_path, env=_env(folder), pull=True) as client:
        open_doc(client, uri, CODE)
        report = await client.text_document_diagnostic_async(
            lsp.DocumentDiagnosticParams(text_document=lsp.TextDocumentIdentifier(uri))
        )
        assert [(d.code, d.range, d.message) for d in report.items] == [(d.code, d.range, d.message) for d in pushed.diagnostics]
        for _ in range(3000):
            if any(n.get("background") for n in client.analysed.get(uri, [])):
                break
            await asyncio.sleep(0.01)
        assert client.analysed[uri][0].get("cached") and client.analysed[uri][-1].get("background")
        assert not client.published.get(uri)  # pulled only, never pushed


def test_the_setting_is_validated_and_a_project_cannot_turn_it_back_on(tmp_path):
    from seclint import settings as settings_mod

    assert Settings().findings_cache is True
    off, problems = settings_mod.resolve({"findingsCache": False}, None)
    assert off.findings_cache is False and problems == []
    _, problems = settings_mod.resolve({"findings-cache": "no"}, None)
    assert problems and "must be true or false" in problems[0]
    (tmp_path / "pyproject.toml").write_text("[tool.seclint]\nfindings-cache = true\n")
    project = settings_mod.find_project_config(tmp_path)
    assert settings_mod.resolve({"findingsCache": False}, project)[0].findings_cache is False
    (tmp_path / "pyproject.toml").write_text("[tool.seclint]\nfindings_cache = false\n")
    os.utime(tmp_path / "pyproject.toml", ns=(1, 1))
    project = settings_mod.find_project_config(tmp_path)
    assert settings_mod.resolve(None, project)[0].findings_cache is False


async def test_background_analyses_wait_until_the_editor_has_asked_for_nothing_for_a_moment(monkeypatch):
    """A project being opened sends its documents over a while: restored documents are analysed
    again only once no open or edit has come for BACKGROUND_AFTER, so later opens' restores never
    queue behind that work (200 reopened files: all diagnosed in 2.2 s before, 0.5 s after)."""
    server = SeclintServer()
    try:
        uri = "file:///project/restored.py"
        server.open_document(uri, "x = 1\n", 1, "python")
        requested: list[str] = []
        monkeypatch.setattr(server.reopen, "_request", requested.extend)
        server.reopen.queued[uri] = (server.states[uri].doc.revision, None)
        server.reopen.rescheduled("file:///project/opened-just-now.py")
        assert not server.reopen.idle()  # too soon: look again later
        await asyncio.sleep(BACKGROUND_AFTER / 2)
        assert requested == []
        await asyncio.sleep(BACKGROUND_AFTER + 0.2)
        assert requested == [uri]

        # New work in between (the scheduler says busy) cancels the look; its own idle schedules the next.
        other = "file:///project/restored-too.py"
        server.open_document(other, "y = 2\n", 1, "python")
        server.reopen.queued[other] = (server.states[other].doc.revision, None)
        server.reopen.rescheduled("file:///project/edited.py")
        assert not server.reopen.idle()
        server.reopen.busy()
        await asyncio.sleep(BACKGROUND_AFTER + 0.2)
        assert requested == [uri]
    finally:
        server.shutdown_workers()

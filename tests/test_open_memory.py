"""What the language server keeps per open document: parse trees and the engines' per-block
results only for documents being edited (or large enough that analysing them whole is slow)."""

from __future__ import annotations

import ast
import gc
import weakref

from bench_modules import gen_python

import seclint.analysis as analysis_mod
from seclint.analysis import Analyzer
from seclint.catalogue import default_catalogue
from seclint.documents import Encoding
from seclint.engines.bandit_engine import BanditEngine
from seclint.engines.pyast import AstEngine
from seclint.lsp.server import KEEP_OPENED_TREE_CHARS, SeclintServer
from seclint.scheduler import Snapshot


def _first_stage(server: SeclintServer, uri: str):
    state = server.states[uri]
    snapshot = Snapshot(uri, state.doc.text, state.doc.revision, state.doc.version)
    analysis, _, _ = server._analyse_snapshot(snapshot, lambda: False)
    server.analyzer.abandon(analysis)  # its semgrep stage is not wanted here
    return analysis


def _blocks_kept(server: SeclintServer) -> list[set[str]]:
    return [set(engine.cache._documents) for engine in server.analyzer.engines if isinstance(engine, (AstEngine, BanditEngine))]


def test_a_document_keeps_its_tree_and_blocks_once_edited_or_when_large():
    server = SeclintServer()
    try:
        small = gen_python.generate(300, seed=1)
        large = gen_python.generate(1000, seed=2)
        assert len(small) < KEEP_OPENED_TREE_CHARS < len(large)
        for name, text in (("small", small), ("large", large)):
            server.open_document(f"file:///project/{name}.py", text, 1, "python")
            assert _first_stage(server, f"file:///project/{name}.py").findings
        kept = server.analyzer.parses._documents
        # Opening a project: a small file's tree and blocks are not kept; a large one's are, for a
        # quick first edit.
        assert list(kept) == ["/project/large.py"]
        assert _blocks_kept(server) == [{"/project/large.py"}] * 2
        server.states["file:///project/small.py"].doc.apply_change("# edited\n", (0, 0, 0, 0), Encoding.UTF16)
        _first_stage(server, "file:///project/small.py")
        assert set(kept) == {"/project/large.py", "/project/small.py"}
        assert _blocks_kept(server) == [{"/project/large.py", "/project/small.py"}] * 2
    finally:
        server.shutdown_workers()


def test_a_tree_nobody_keeps_is_freed_without_the_cycle_collector(monkeypatch):
    """The engines' parent links make a tree one reference cycle; one kept by nobody is taken apart
    after the engines that read it, so it goes at once instead of waiting for a full collection."""
    trees = []
    parse = analysis_mod.parse_with_recovery

    def recording(*args, **kwargs):
        outcome = parse(*args, **kwargs)
        trees.append(weakref.ref(outcome.tree))
        return outcome

    monkeypatch.setattr(analysis_mod, "parse_with_recovery", recording)
    analyzer = Analyzer(default_catalogue(), [AstEngine(), BanditEngine()])
    text = gen_python.generate(300, seed=3)
    gc.disable()
    try:
        result = analyzer.analyse(text, path="/project/app.py")
        assert result.findings and len(trees) == 1
        assert trees[0]() is None
    finally:
        gc.enable()


def test_taking_a_tree_apart_leaves_the_nodes_every_tree_shares():
    """The parser gives every tree the same ``Load()``, ``Add()``...; another document's analysis,
    in another thread, keeps notes on them (bandit caches their line range there)."""
    from seclint.documents import LineIndex
    from seclint.engines.base import Source
    from seclint.incremental import drop_tree

    mine, theirs = (ast.parse(code) for code in ("total = price + tax", "count = items + 1"))
    load, add = theirs.body[0].value.left.ctx, theirs.body[0].value.op
    assert load is mine.body[0].value.left.ctx and add is mine.body[0].value.op  # one object for both trees
    load._bandit_linerange_stripped = add._bandit_linerange_stripped = (0, 1)  # an analysis of `theirs`, midway
    text = "total = price + tax"
    drop_tree(Source(text=text, index=LineIndex(text), tree=mine), dismantle=True)
    assert not mine.__dict__  # `mine` is taken apart ...
    assert load._bandit_linerange_stripped == add._bandit_linerange_stripped == (0, 1)  # ... `theirs` is not

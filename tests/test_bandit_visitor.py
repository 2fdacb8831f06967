"""bandit's visitor, passing straight through the nodes it has nothing to do at (bandit_engine.py).

Skipping bandit's per-node bookkeeping where no ``visit_`` method and no test applies must change
no finding: checked against bandit's own visitor with every test bandit has, over the catalogue's
examples and generated modules.  A bandit release that changes how its visitor walks would show
up here.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest
from bench_modules import gen_python

from seclint.catalogue import default_catalogue
from seclint.documents import LineIndex
from seclint.engines.bandit_engine import BanditEngine
from seclint.engines.base import Source

ROOT = Path(__file__).resolve().parents[1]

CATALOGUE = default_catalogue()


def _every_bandit_test():
    from bandit.core import extension_loader

    template = next(rule for rule in CATALOGUE.rules.values() if rule.engine == "bandit")
    return [replace(template, id=f"BANDIT-{test_id}", bandit=(test_id,), focus=None) for test_id in sorted(extension_loader.MANAGER.plugins_by_id)]


# What bandit's tests look at beyond calls and imports: handlers, asserts, strings, defaults, f-strings.
HANDWRITTEN = """\
import subprocess, hashlib, telnetlib
from django.utils.safestring import mark_safe as safe


def login(user, password="hunter2secret"):
    assert user.is_admin
    try:
        subprocess.call(f"grep {user} /etc/passwd", shell=True)
    except Exception:
        pass
    for item in user.items:
        try:
            exec(item)
        except ValueError:
            continue
    query = "SELECT * FROM users WHERE name = '%s'" % user.name
    path = "/tmp/upload.bin"
    return safe(query), hashlib.md5(path.encode()), lambda token="0123456789abcdef": token


class Server:
    host = "0.0.0.0"

    async def run(self, secret=None):
        with open("/tmp/x") as handle:
            return [line async for line in handle if line], {k: v for k, v in self.__dict__.items()}
"""


def _texts() -> list[tuple[str, str]]:
    examples = sorted((ROOT / "rules").rglob("*.py"))
    texts = [("/project/handwritten.py", HANDWRITTEN)]
    texts += [(str(path), path.read_text(encoding="utf-8")) for path in examples]
    texts += [(f"/project/generated_{seed}.py", gen_python.generate(400, seed=seed)) for seed in range(3)]
    return texts


def _findings(engine: BanditEngine, rules, path: str, text: str) -> list[tuple]:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    source = Source(text=text, index=LineIndex(text), path=path, tree=tree, keep_blocks=False)
    found = engine.analyse(source, rules)
    assert source.problems == []
    return sorted((f.rule_id, f.start, f.end, f.origin, f.anchor_lines) for f in found)


@pytest.fixture(scope="module")
def engines():
    quick = BanditEngine()
    stock = BanditEngine()
    config, metrics, _, test_set, tester = stock._modules()
    from bandit.core import node_visitor

    stock._bandit = (config, metrics, node_visitor.BanditNodeVisitor, test_set, tester)
    return quick, stock


def test_passing_through_quiet_nodes_changes_no_finding(engines):
    quick, stock = engines
    rules = _every_bandit_test()
    total = 0
    for path, text in _texts():
        expected = _findings(stock, rules, path, text)
        assert _findings(quick, rules, path, text) == expected, path
        total += len(expected)
    assert total > 100  # the examples do exercise bandit's tests


def test_the_quiet_nodes_are_those_bandit_has_neither_a_method_nor_a_test_for(engines):
    quick, _ = engines
    rules = _every_bandit_test()
    _, quiet = quick._testset(frozenset(t for rule in rules for t in rule.bandit))
    assert {ast.Name, ast.Load, ast.Attribute, ast.BinOp, ast.Assign} <= quiet
    # methods (imports and namespaces are tracked there) and tests (B110 is on ExceptHandler)
    assert not {ast.Call, ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef, ast.Constant, ast.ExceptHandler} & quiet

"""Incremental analysis gives exactly what a full analysis gives, and re-analyses only what changed.

The property tests replay random edit sequences over realistic generated modules (imports and
aliases that appear or change, module constants, helper functions, decorators, class bodies,
module-level calls, and half-typed code that takes the syntax-error recovery path), analysing
after every edit with one engine that keeps its block cache and comparing with a fresh engine.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from bench_modules import gen_python
from hypothesis import strategies as st

from seclint.analysis import Analyzer
from seclint.catalogue import default_catalogue
from seclint.documents import LineIndex
from seclint.engines.bandit_engine import BanditEngine
from seclint.engines.base import Source
from seclint.engines.pyast import AstEngine
from seclint.recovery import parse_with_recovery
from seclint.reparse import ParseCache


CATALOGUE = default_catalogue()
# Every bandit test the catalogue knows, run by bandit itself: far more findings (and more kinds of
# cross-block dependency: import aliases, B703's reading of the whole module) than the few rules
# the catalogue binds to bandit by default.
ALL_BANDIT = [replace(r, engine="bandit") for r in CATALOGUE.rules.values() if r.bandit and r.languages == ("python",)]
PATH = "/project/app/views.py"

SNIPPETS = [
    "import subprocess as sp\n",
    "from subprocess import call as run_it\n",
    "from django.utils.safestring import mark_safe as ms\n",
    "import yaml\n",
    "import pickle as pk\n",
    "TOKEN = 'hunter2secret'\n",
    "TOKEN = input()\n",
    "PAGE_SIZE = 10\n",
    "html = ms(TOKEN)\n",
    "sp.call(user, shell=True)\n",
    "run_it('ls *', shell=True)\n",
    "def helper(x):\n    return sp.check_output(x, shell=True)\n",
    "@app.route('/x/<name>')\ndef view_x(name):\n    return pk.loads(name)\n",
    "class Config:\n    password = 'p4ssw0rd!'\n    data = yaml.load(open('c'))\n",
    "assert user\n",
    "    x = eval(request.args['q'])\n",  # indented: in a body, or an indentation error
    "def broken(:\n",  # a syntax error the recovery path neutralises
    "x = (1,\n",  # an unclosed bracket
    "'''\n",  # an unterminated string
]


# Uses of names the snippets import or bind: an edit adding one of those above makes them findings.
USES = (
    "\nfrom django.utils.safestring import mark_safe as ms\nTOKEN = 'fixed'\n"
    "run_it('ls *', shell=True)\nhtml = ms(TOKEN)\n\n\ndef later(user):\n    sp.call(user, shell=True)\n"
    "    return pk.loads(user)\n"
)


def _text(lines: int, seed: int) -> str:
    return gen_python.generate(lines, seed)


@st.composite
def edit_sequences(draw):
    seed = draw(st.integers(1, 50))
    text = _text(120, seed) + USES
    steps = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["insert", "delete-line", "char", "replace-line"]))
        position = draw(st.floats(0, 1))
        payload = draw(st.sampled_from(SNIPPETS))
        char = draw(st.sampled_from(list("x(): =\n'\"#@")))
        steps.append((kind, position, payload, char))
    return text, steps


def _apply(text: str, step) -> str:
    kind, position, payload, char = step
    lines = text.splitlines(keepends=True) or [""]
    at = min(int(position * len(lines)), len(lines) - 1)
    if kind == "insert":
        lines.insert(at, payload)
    elif kind == "delete-line" and len(lines) > 1:
        del lines[at]
    elif kind == "replace-line":
        lines[at] = payload
    elif kind == "char":
        offset = min(int(position * len(text)), len(text))
        return text[:offset] + char + text[offset:]
    return "".join(lines)


def _engine_findings(engine: BanditEngine, text: str, rules=ALL_BANDIT) -> list[tuple]:
    index = LineIndex(text)
    outcome = parse_with_recovery(text, index)
    if outcome.tree is None:
        return []
    parsed = outcome.text
    source = Source(text=parsed, index=index if parsed is text else LineIndex(parsed), path=PATH, tree=outcome.tree)
    found = engine.analyse(source, rules)
    return sorted((f.rule_id, f.start, f.end, f.anchor_lines, f.origin, f.fix, f.related) for f in found)


def _analysis(analyzer: Analyzer, text: str) -> tuple:
    result = analyzer.analyse(text, path=PATH, edited=True)
    return (
        [(f.rule_id, f.start, f.end, f.anchor_lines, f.message, f.fix, f.related) for f in result.findings],
        sorted(result.broken_lines),
        result.problems,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit_sequences())
def test_incremental_bandit_matches_a_full_run_after_every_edit(case):
    text, steps = case
    incremental = BanditEngine()
    _engine_findings(incremental, text)
    for step in steps:
        text = _apply(text, step)
        assert _engine_findings(incremental, text) == _engine_findings(BanditEngine(), text)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit_sequences())
def test_the_servers_analysis_is_unchanged_by_the_block_cache(case):
    """The shared pipeline (native checks + bandit, merged, suppressions) with a warm cache."""
    text, steps = case
    warm = Analyzer(CATALOGUE, [AstEngine(), BanditEngine()], keep_trees=8)
    _analysis(warm, text)
    for step in steps:
        text = _apply(text, step)
        assert _analysis(warm, text) == _analysis(Analyzer(CATALOGUE, [AstEngine(), BanditEngine()]), text)


def test_module_wide_findings_follow_an_edit_elsewhere():
    """B703 judges a module-level mark_safe(x) by x's assignments anywhere in the module."""
    text = "from django.utils.safestring import mark_safe\n\nx = 'fixed'\n\nhtml = mark_safe(x)\n"
    engine = BanditEngine()
    assert not [f for f in _engine_findings(engine, text) if f[4] == "B703"]
    edited = text.replace("x = 'fixed'", "x = input()")
    assert [f for f in _engine_findings(engine, edited) if f[4] == "B703"]
    assert _engine_findings(engine, edited) == _engine_findings(BanditEngine(), edited)


def test_an_alias_added_above_reaches_cached_blocks_below():
    text = "import os\n\ndef f(cmd):\n    return run(cmd, shell=True)\n"
    engine = BanditEngine()
    before = _engine_findings(engine, text)
    edited = "from subprocess import run\n" + text
    after = _engine_findings(engine, edited)
    assert after == _engine_findings(BanditEngine(), edited)
    assert {f[4] for f in after} - {f[4] for f in before}  # the call is now known to be subprocess.run


def edited_inside_one_function(text: str) -> str:
    """``text`` with a line added inside one function about halfway down."""
    lines = text.splitlines(keepends=True)
    inside = next(i for i in range(len(lines) // 2, len(lines)) if lines[i].startswith("    return"))
    lines.insert(inside, "    value = 1\n")
    return "".join(lines)


def test_an_edit_inside_one_function_reanalyses_only_that_block():
    text = _text(1000, 3)
    engine = BanditEngine()
    _engine_findings(engine, text)
    blocks = engine.cache.analysed
    assert blocks > 30
    edited = edited_inside_one_function(text)
    findings = _engine_findings(engine, edited)
    assert engine.cache.analysed == 1
    assert engine.cache.reused == blocks - 1
    assert findings == _engine_findings(BanditEngine(), edited)
    # Lines added above every block move them all, and still nothing is re-analysed but the new line.
    _engine_findings(engine, "\n\n# a comment\n" + edited)
    assert engine.cache.analysed == 0


@pytest.mark.parametrize("seed", [1, 2])
def test_findings_of_moved_blocks_land_where_a_full_run_puts_them(seed):
    text = _text(400, seed) + "\n\nimport subprocess\nsubprocess.call(x, shell=True)\nassert x\n"
    engine = BanditEngine()
    first = _engine_findings(engine, text)
    assert first
    edited = "# header\n" * 3 + text
    assert _engine_findings(engine, edited) == _engine_findings(BanditEngine(), edited)


def test_a_stale_analysis_stops_and_the_cache_survives_it():
    """An edit cancels the running analysis (the scheduler's `cancelled`): every engine of the
    first stage stops, and the block cache still holds what the last full run analysed."""
    text = _text(300, 4)
    bandit = BanditEngine()
    analyzer = Analyzer(CATALOGUE, [AstEngine(), bandit])
    analyzer.analyse(text, path=PATH)
    blocks = bandit.cache.reused + bandit.cache.analysed
    stale = analyzer.analyse(text + "\n#", path=PATH, cancelled=lambda: True)
    assert stale.cancelled and stale.findings == []
    again = analyzer.analyse(text, path=PATH)
    assert not again.cancelled and (bandit.cache.analysed, bandit.cache.reused) == (0, blocks)
    assert _analysis(analyzer, text) == _analysis(Analyzer(CATALOGUE, [AstEngine(), BanditEngine()]), text)


def test_closing_a_document_drops_its_blocks():
    text = _text(200, 5)
    bandit = BanditEngine()
    analyzer = Analyzer(CATALOGUE, [AstEngine(), bandit])
    analyzer.analyse(text, path=PATH)
    analyzer.forget(PATH)
    analyzer.analyse(text, path=PATH)
    assert bandit.cache.reused == 0 and bandit.cache.analysed > 5


# -- the native checks ------------------------------------------------------------------------------

# Code whose findings depend on other blocks: helpers that reach sinks, request data held in module
# names, error handlers registered elsewhere, a pattern or key bound once and used twice, settings.
NATIVE_SNIPPETS = [
    "def run_query(sql):\n    return db.execute(sql)\n",
    "def run_query(sql):\n    return db.execute(sql, ())\n",
    "def fetch(url):\n    return requests.get(url)\n",
    "@app.route('/q')\ndef q():\n    return run_query('SELECT * FROM t WHERE a = ' + request.args['a'])\n",
    "@app.route('/f')\ndef f():\n    return fetch(request.args['u'])\n",
    "@app.errorhandler(500)\ndef oops(e):\n    return str(e), 500\n",
    "app.register_error_handler(Exception, oops)\n",
    "NAME_RE = re.compile(r'^(a+)+$')\n",
    "def check_name(v):\n    return NAME_RE.match(v)\n",
    "SECRET_KEY = 'Zx81kQ0pLm2Vb7nR4tYw9eS3'\n",
    "app.config['SECRET_KEY'] = SECRET_KEY\n",
    "import defusedxml\ndefusedxml.defuse_stdlib()\n",
    "from xml.etree import ElementTree as ET\n",
    "def parse(data):\n    return ET.fromstring(data)\n",
    "socket.setdefaulttimeout(5)\n",
    "with open('x') as fh:\n    CONF = fh.read()\n",
    "DEBUG = True\n",
    "    cursor.execute(f'SELECT {name}')\n",
    "    return render_template_string(request.args['t'])\n",
    "def broken(:\n",
    "x = (1,\n",
]


@st.composite
def native_edit_sequences(draw):
    seed = draw(st.integers(1, 50))
    text = "import re, socket, requests\nfrom flask import Flask, request, render_template_string\napp = Flask(__name__)\n"
    text += _text(150, seed)
    steps = []
    for _ in range(draw(st.integers(1, 10))):
        kind = draw(st.sampled_from(["insert", "insert", "delete-line", "char", "replace-line"]))
        steps.append((kind, draw(st.floats(0, 1)), draw(st.sampled_from(NATIVE_SNIPPETS + SNIPPETS)),
                      draw(st.sampled_from(list("x(): =\n'\"#@")))))
    return text, steps


def _native(engine: AstEngine, text: str, parses: ParseCache | None = None) -> list[tuple]:
    """The native engine's findings; with ``parses``, parsed as the server does (reusing the
    statements of the last parse, and with them what the engine indexed about them)."""
    rules = [r for r in CATALOGUE.rules.values() if r.engine == "ast"]
    index = LineIndex(text)
    outcome = parses.parse_with_recovery(PATH, text, index) if parses is not None else parse_with_recovery(text, index)
    if outcome.tree is None:
        return []
    parsed = outcome.text
    source = Source(text=parsed, index=index if parsed is text else LineIndex(parsed), path=PATH, tree=outcome.tree)
    found = engine.analyse(source, rules)
    return [(f.rule_id, f.start, f.end, f.anchor_lines, f.message, f.fix, f.related) for f in found] + source.problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(native_edit_sequences())
def test_incremental_native_checks_match_a_full_run_after_every_edit(case):
    text, steps = case
    warm, parses = AstEngine(), ParseCache()
    _native(warm, text, parses)
    for step in steps:
        text = _apply(text, step)
        assert _native(warm, text, parses) == _native(AstEngine(), text)


def test_an_edit_inside_one_function_reruns_only_that_blocks_native_checks():
    text = _text(1000, 3)
    engine = AstEngine()
    _native(engine, text)
    blocks = engine.cache.analysed
    assert blocks > 30
    edited = edited_inside_one_function(text)
    assert _native(engine, edited) == _native(AstEngine(), edited)
    assert (engine.cache.analysed, engine.cache.reused) == (1, blocks - 1)


def test_a_helper_edited_elsewhere_reaches_the_cached_blocks_that_call_it():
    safe = "def run_query(sql):\n    return sql.upper()\n"
    unsafe = "def run_query(sql):\n    return db.execute(sql)\n"
    view = (
        "from flask import request\n\n" + safe + "\n\n"
        "def view():\n    return run_query('SELECT * FROM t WHERE a = ' + request.args['a'])\n"
    )
    engine = AstEngine()
    before = _native(engine, view)
    after = _native(engine, view.replace(safe, unsafe))
    assert after == _native(AstEngine(), view.replace(safe, unsafe))
    assert len(after) > len(before)  # the unchanged view now reaches a sink through the helper


# A module of slots: each edit swaps one slot's text, and the views (never edited) depend on the
# slots through helpers, module names, registrations and module-wide calls.
SLOTS = {
    "imports": ["import os\n", "import os\nfrom subprocess import call as run_it\n", "import os, subprocess as sp\n"],
    "helper": [
        "def run_query(sql):\n    return sql.upper()\n",
        "def run_query(sql):\n    return db.execute(sql)\n",
        "def run_query(sql, args=()):\n    return db.execute(sql, args)\n",
    ],
    "fetcher": ["def fetch(url):\n    return url\n", "def fetch(url):\n    return requests.get(url)\n"],
    "constant": ["TEMPLATE = 'static'\n", "TEMPLATE = request.args['t']\n", "TEMPLATE = os.environ['T']\n"],
    "key": ["SECRET_KEY = os.environ['KEY']\n", "SECRET_KEY = 'Zx81kQ0pLm2Vb7nR4tYw9eS3'\n"],
    "pattern": ["NAME_RE = re.compile(r'^[a-z]+$')\n", "NAME_RE = re.compile(r'^(a+)+$')\n"],
    "handler": ["", "app.register_error_handler(Exception, oops)\n", "handler500 = oops\n"],
    "xml": ["", "import defusedxml\ndefusedxml.defuse_stdlib()\n"],
    "timeout": ["", "socket.setdefaulttimeout(5)\n"],
    "shell": ["", "def shell(cmd):\n    return run_it(cmd, shell=True)\n"],
}
VIEWS = (
    "@app.route('/q')\ndef q():\n    return run_query('SELECT * FROM t WHERE a = ' + request.args['a'])\n\n\n"
    "@app.route('/f')\ndef f():\n    return fetch(request.args['u'])\n\n\n"
    "@app.route('/t')\ndef t():\n    return render_template_string(TEMPLATE)\n\n\n"
    "def oops(e):\n    return str(e), 500\n\n\n"
    "def check(v):\n    return NAME_RE.match(v)\n\n\n"
    "def sign(data):\n    return hmac.new(SECRET_KEY.encode(), data, 'sha256')\n\n\n"
    "def parse(data):\n    return ET.fromstring(data)\n\n\n"
    "def ping(host):\n    return urllib.request.urlopen('http://' + host)\n\n\n"
    "@app.route('/s')\ndef s():\n    return shell(request.args['c'])\n"
)
HEADER = (
    "import hmac, re, socket, urllib.request\nimport requests\nfrom xml.etree import ElementTree as ET\n"
    "from flask import Flask, request, render_template_string\napp = Flask(__name__)\n"
)


def _slotted(choice: dict[str, int], order: list[str]) -> str:
    parts = [HEADER]
    for i, name in enumerate(order):
        parts.append(SLOTS[name][choice[name]] + "\n\n")
        if i == len(order) // 2:
            parts.append(VIEWS + "\n\n")  # some slots above the views, some below
    return "".join(parts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(sorted(SLOTS)), st.lists(st.tuples(st.sampled_from(sorted(SLOTS)), st.integers(0, 2)), min_size=1, max_size=12))
def test_cached_native_findings_follow_edits_to_what_they_depend_on(order, edits):
    choice = dict.fromkeys(SLOTS, 0)
    warm, parses = AstEngine(), ParseCache()
    _native(warm, _slotted(choice, order), parses)
    for name, alternative in edits:
        choice[name] = alternative % len(SLOTS[name])
        text = _slotted(choice, order)
        assert _native(warm, text, parses) == _native(AstEngine(), text), (name, choice)


@pytest.mark.parametrize("engine", [AstEngine, BanditEngine])
def test_cached_findings_keep_no_syntax_node(engine):
    """A block's findings are cached for as long as its document is open; the findings of the first
    block (which does not move) once kept their node, and through it the document's whole tree."""
    from reach import syntax_nodes

    text = "eval(input())\nimport subprocess\nsubprocess.call(cmd, shell=True)\n\n\ndef f(x):\n    return eval(x)\n"
    cache_holder = engine()
    rules = [r for r in CATALOGUE.rules.values() if r.engine == "ast"] if engine is AstEngine else ALL_BANDIT
    index = LineIndex(text)
    source = Source(text=text, index=index, path=PATH, tree=parse_with_recovery(text, index).tree)
    found = cache_holder.analyse(source, rules)
    assert any(f.start < text.index("\n") for f in found)  # the first block (at offset 0) has a finding
    del source, found
    assert syntax_nodes(cache_holder.cache) == []

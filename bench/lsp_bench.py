#!/usr/bin/env python3
"""Editor-speed benchmark: seclint's language server against baselines measured in the same run.

Run by hand (never a timed test).  It drives each server as an editor does — a subprocess
speaking JSON-RPC over stdio with Content-Length framing — and prints one table of medians,
p95 and the ratio of each median to the floor's median for the same measurement.

Servers (LSP, push diagnostics):
  floor        bench/floor_server.py: pygls publishing empty diagnostics on every open/change,
               the floor for any pygls server (same pygls as seclint's)
  seclint      `seclint lsp`, once per --seclint-debounce value ("default": the server's own)
  ruff         `ruff server` with initializationOptions settings lint.select = ["S"]
  semgrep-lsp  `semgrep lsp` with the semgrep rules (below); it lints on didOpen/didSave only
               and reads the file from disk, so every edit is written to disk and saved
Per-file commands (one process per analysis, timed against the floor's edit latency):
  bandit        bandit -f json FILE
  semgrep-scan  semgrep scan --config RULES --metrics=off FILE
  semgrep-core  semgrep-core -rules RULES -lang python -json -j 1 FILE (the semgrep wheel's binary)

Measurements, for each file size (bench/gen_python.py, generated Flask/Django-style modules):
  cold start        spawn -> initialize -> didOpen -> first publishDiagnostics for the file
  edit              a one-character incremental change inside a string in one function near
                    the middle of the file -> the first publishDiagnostics carrying that
                    document version (servers that send no version: the first publish after
                    the change); "final" when a server publishes more than once per version,
                    and for seclint when its last stage (semgrep) is in: seclint publishes
                    that stage only when it changes what is shown, and says when it is in
                    with $/seclint/analysed (asked for with initializationOptions
                    {"notifyAnalysed": true})
  burst             40 keystrokes 25 ms apart typing a new statement at the end of that
                    function -> time from the last keystroke to the final diagnostics (the
                    publish carrying the last version; seclint: its last stage for that
                    version, as above), and how many publishes were sent
  N open files      --files files of ~300 lines opened at once -> all have diagnostics; peak
                    memory of the server and all its children, sampled from /proc every 10 ms
                    until 0.2 s after that (seclint: after every file's last stage is in):
                    the sum of their PSS (smaps_rollup), so pages a forked child still shares
                    with its parent (semgrep-core's vfork of `uname`, a Popen with preexec_fn)
                    count once, not twice as a sum of RSS would; RSS where PSS is unreadable
seclint only, reopening (its findings cache, seclint/findings_cache.py):
  cold start, reopened          the cold start again for the same file in the same workspace,
                                with the same settings, after a first server (not timed) analysed
                                it and stored its findings
  N open files, reopened        the N files again, after a first server stored their findings:
                                all diagnosed (from the cache); background done (every file's
                                regular analysis delivered too, known from $/seclint/analysed);
                                peak memory until then, not just 0.2 s after the last publish
Every seclint process gets its own findings cache folder ($SECLINT_FINDINGS_CACHE_DIR), empty for
the cold rows, so no row reads what another stored; the catalogue's cache stays the user's (warm).

semgrep rules: the catalogue's semgrep-backed Python rules (rules/**/*.yaml with
`engine: semgrep`) written as one semgrep rules file when there are any, else
bench/semgrep-rules.yaml.  semgrep always runs offline: SEMGREP_ENABLE_VERSION_CHECK=0,
SEMGREP_SEND_METRICS=off, --metrics=off, a local rules file, and inside a private network
namespace (`unshare -n`) when this user may create one.

Tools come from .venv-bench (ruff, semgrep, bandit, pygls), else PATH; a missing tool shows as
"not installed", a server that does not answer in time as "timeout".  Progress goes to
stderr, the table to stdout.

    .venv/bin/python bench/lsp_bench.py                       # everything: sizes 100,1000,5000
    .venv/bin/python bench/lsp_bench.py --quick               # a smoke run in a minute or two
    .venv/bin/python bench/lsp_bench.py --servers floor,seclint --sizes 1000 --markdown
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
from gen_python import generate  # noqa: E402

NOW = time.perf_counter
KEYSTROKE_TEXT = "trace = build_trace(request_id, 'edit')"  # 39 keys after the newline key
SEMGREP_ENV = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
ALL_SERVERS = ["floor", "seclint", "ruff", "semgrep-lsp", "bandit", "semgrep-scan", "semgrep-core"]


class Timeout(Exception):
    pass


class ServerDied(Exception):
    pass


# -- results ------------------------------------------------------------------------------


@dataclass
class Row:
    server: str
    measurement: str
    unit: str  # "ms", "MB" or "" (a count)
    samples: list[float] = field(default_factory=list)
    status: str | None = None  # "not installed", "timeout", "error: ..." instead of numbers
    floor_key: str | None = None  # the floor's measurement to compare with (default: the same)


class Results:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], Row] = {}
        self.findings: dict[int, dict[str, int]] = {}  # size -> server -> diagnostics on the file, settled

    def row(self, server: str, measurement: str, unit: str, floor_key: str | None = None) -> Row:
        key = (server, measurement)
        if key not in self.rows:
            self.rows[key] = Row(server, measurement, unit, floor_key=floor_key)
        return self.rows[key]

    def fail(self, server: str, measurements: list[tuple[str, str]], status: str) -> None:
        """Mark the measurements a failed session did not finish."""
        for measurement, unit in measurements:
            row = self.row(server, measurement, unit)
            if row.status is None and not row.samples:
                row.status = status


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


# -- a small async LSP client ---------------------------------------------------------------


@dataclass
class Publish:
    t: float
    uri: str
    version: int | None
    count: int


@dataclass
class Analysed:
    """seclint's $/seclint/analysed: a stage of an analysis was delivered (published, or found to
    change nothing on screen, so not published again)."""

    t: float
    uri: str
    version: int | None
    final: bool
    cached: bool = False  # restored from the findings cache
    background: bool = False  # the regular analysis that follows a restored one


class LspClient:
    """One server process; records every publishDiagnostics (and seclint's $/seclint/analysed)
    with its arrival time."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path, log: Path):
        self.argv, self.env, self.cwd, self.log = argv, env, cwd, log
        self.publishes: list[Publish] = []
        self.analysed: list[Analysed] = []
        self.arrived = asyncio.Event()
        self.pending: dict[int, asyncio.Future] = {}
        self.next_id = 0
        self.dead: str | None = None
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.stderr = open(self.log, "ab")
        self.proc = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=self.stderr,
            env=self.env, cwd=self.cwd, start_new_session=True, limit=1 << 24,
        )
        self.reader = asyncio.create_task(self._read())

    @property
    def pid(self) -> int:
        return self.proc.pid

    async def _read(self) -> None:
        stream = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = await stream.readline()
                    if not line:
                        raise EOFError
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                if length is None:
                    continue
                body = await stream.readexactly(length)
                arrived = NOW()
                self._dispatch(json.loads(body), arrived)
        except (EOFError, asyncio.IncompleteReadError, ConnectionError):
            try:
                code = await asyncio.wait_for(self.proc.wait(), 1)
            except asyncio.TimeoutError:
                code = None
            self.dead = f"server exited{'' if code is None else f' (exit {code})'}"
        except Exception as exc:  # a garbled message: report it rather than hang
            self.dead = f"unreadable message: {type(exc).__name__}: {exc}"
        self.arrived.set()
        for future in self.pending.values():
            if not future.done():
                future.set_exception(ServerDied(self.dead))

    def _dispatch(self, msg: dict, arrived: float) -> None:
        method = msg.get("method")
        if method is None:  # a response
            future = self.pending.pop(msg.get("id"), None)
            if future is not None and not future.done():
                if "error" in msg:
                    future.set_exception(ServerDied(f"error response: {msg['error'].get('message')}"))
                else:
                    future.set_result(msg.get("result"))
            return
        if "id" in msg:  # a request from the server: answer so it never waits on us
            result = None
            if method == "workspace/configuration":
                result = [None] * len(msg.get("params", {}).get("items", []))
            self._write({"jsonrpc": "2.0", "id": msg["id"], "result": result})
            return
        if method == "textDocument/publishDiagnostics":
            params = msg["params"]
            self.publishes.append(Publish(arrived, params["uri"], params.get("version"), len(params.get("diagnostics", []))))
            self.arrived.set()
        elif method == "$/seclint/analysed":
            params = msg["params"]
            self.analysed.append(Analysed(arrived, params["uri"], params.get("version"), params.get("final") is True,
                                         params.get("cached") is True, params.get("background") is True))
            self.arrived.set()

    async def wait_analysed(self, match, uris: set[str], timeout: float, start: int = 0) -> float:
        """Wait until every uri has an analysed notification (from the ``start``-th on) ``match``
        accepts; the time of the last."""
        deadline = NOW() + timeout
        index, last, waiting = start, NOW(), set(uris)
        while waiting:
            while index < len(self.analysed):
                note = self.analysed[index]
                if note.uri in waiting and match(note):
                    waiting.discard(note.uri)
                    last = note.t
                index += 1
            if not waiting:
                break
            await self._more(deadline, "$/seclint/analysed")
        return last

    async def _more(self, deadline: float, what: str) -> None:
        """Wait for the next message; ServerDied or Timeout (naming ``what``) instead."""
        if self.dead:
            raise ServerDied(self.dead)
        left = deadline - NOW()
        if left <= 0:
            raise Timeout(what)
        self.arrived.clear()
        try:
            await asyncio.wait_for(self.arrived.wait(), left)
        except asyncio.TimeoutError:
            pass

    def _write(self, msg: dict) -> None:
        if self.proc.stdin.is_closing():
            return
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def notify(self, method: str, params: dict) -> None:
        if self.dead:
            raise ServerDied(self.dead)
        self._write({"jsonrpc": "2.0", "method": method, "params": params})
        await self.proc.stdin.drain()

    async def request(self, method: str, params: dict, timeout: float):
        if self.dead:
            raise ServerDied(self.dead)
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        self._write({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        await self.proc.stdin.drain()
        try:
            return await asyncio.wait_for(future, timeout)
        except asyncio.TimeoutError:
            raise Timeout(method) from None

    async def wait_publish(self, match, start: int, timeout: float) -> int:
        """Index of the first publish from ``start`` on that ``match`` accepts."""
        deadline = NOW() + timeout
        index = start
        while True:
            while index < len(self.publishes):
                if match(self.publishes[index]):
                    return index
                index += 1
            await self._more(deadline, "publishDiagnostics")

    async def wait_final(self, uri: str, version: int | None, start: int, timeout: float) -> float:
        """When the last stage of the analysis of ``uri`` at ``version`` was delivered ($/seclint/analysed)."""
        return await self.wait_analysed(lambda n: n.version == version and n.final, {uri}, timeout, start)

    async def settle(self, uri: str, start: int, quiet: float) -> None:
        """Wait until ``uri`` has had no publish for ``quiet`` seconds."""
        last = NOW()
        index = start
        while True:
            left = last + quiet - NOW()
            if left <= 0 or self.dead:
                return
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), left)
            except asyncio.TimeoutError:
                return
            for p in self.publishes[index:]:
                if p.uri == uri:
                    last = p.t
            index = len(self.publishes)

    async def initialize(self, root: Path, options, timeout: float) -> None:
        capabilities = {
            "textDocument": {
                "synchronization": {"didSave": True, "dynamicRegistration": False},
                "publishDiagnostics": {"versionSupport": True},
            },
            "workspace": {"workspaceFolders": True},
            "general": {"positionEncodings": ["utf-16"]},
        }
        params = {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": capabilities,
            "initializationOptions": options,
        }
        await self.request("initialize", params, timeout)
        await self.notify("initialized", {})

    async def close(self) -> None:
        if self.proc is None:
            return
        if not self.dead:
            try:
                await self.request("shutdown", None, 3)
                await self.notify("exit", None)
                await asyncio.wait_for(self.proc.wait(), 3)
            except (Timeout, ServerDied, asyncio.TimeoutError, ConnectionError):
                pass
        if self.proc.returncode is None or _group_alive(self.proc.pid):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)  # the server's own session: it and its children
            except ProcessLookupError:
                pass
            try:
                await asyncio.wait_for(self.proc.wait(), 5)
            except asyncio.TimeoutError:
                pass
        self.reader.cancel()
        self.stderr.close()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


# -- the document the "editor" holds ----------------------------------------------------------


class Doc:
    """The editor's copy of one file; every change is sent as an incremental didChange."""

    def __init__(self, path: Path, text: str):
        self.path, self.text, self.uri, self.version = path, text, path.as_uri(), 1

    def open_params(self) -> dict:
        return {"textDocument": {"uri": self.uri, "languageId": "python", "version": self.version, "text": self.text}}

    def _position(self, offset: int) -> dict:
        line = self.text.count("\n", 0, offset)
        return {"line": line, "character": offset - (self.text.rfind("\n", 0, offset) + 1)}  # ASCII text: chars == UTF-16

    def change(self, start: int, end: int, new: str) -> dict:
        change = {"range": {"start": self._position(start), "end": self._position(end)}, "text": new}
        self.text = self.text[:start] + new + self.text[end:]
        self.version += 1
        return {"textDocument": {"uri": self.uri, "version": self.version}, "contentChanges": [change]}

    def save(self) -> None:
        self.path.write_text(self.text)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def edit_sites(text: str) -> tuple[int, int, str]:
    """In the function nearest the middle that holds a plain string: (offset inside that string,
    offset of the end of the function's last line, the indentation of its body)."""
    tree = ast.parse(text)
    starts = _line_starts(text)
    middle = text.count("\n") / 2
    functions = sorted(
        (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))),
        key=lambda n: abs(n.lineno - middle),
    )
    for func in functions:
        docstring = ast.get_docstring(func, clean=False) is not None
        for stmt in func.body[1 if docstring else 0 :]:
            for node in ast.walk(stmt):
                if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 2):
                    continue
                offset = starts[node.lineno - 1] + node.col_offset
                if text[offset] in "\"'" and text[offset : offset + 3] not in ('"""', "'''") and not text[offset - 1].isalnum():
                    end_line = starts[func.end_lineno] - 1 if func.end_lineno < len(starts) else len(text)
                    body_indent = " " * func.body[0].col_offset
                    return offset + 1, end_line, body_indent
    raise ValueError("no function with a string literal to edit")


# -- peak memory of a process tree ------------------------------------------------------------


class RssSampler(threading.Thread):
    """Peak memory of a process and all its descendants, from /proc every 10 ms: the sum of
    their proportional set sizes, so memory a fork shares with its parent counts once."""

    PAGE = os.sysconf("SC_PAGE_SIZE")

    def __init__(self, root: int, interval: float = 0.01):
        super().__init__(daemon=True)
        self.root, self.interval, self.peak = root, interval, 0
        self.stop = threading.Event()
        self.parents: dict[int, int] = {}

    def _tree(self) -> list[int]:
        pids = {int(p) for p in os.listdir("/proc") if p.isdigit()}
        for gone in set(self.parents) - pids:
            del self.parents[gone]
        for pid in pids - set(self.parents):
            try:
                with open(f"/proc/{pid}/stat", "rb") as f:
                    stat = f.read()
                self.parents[pid] = int(stat[stat.rindex(b")") + 2 :].split()[1])
            except (OSError, ValueError, IndexError):
                pass
        children: dict[int, list[int]] = {}
        for pid, parent in self.parents.items():
            children.setdefault(parent, []).append(pid)
        tree, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, ()))
        return tree

    def run(self) -> None:
        while not self.stop.is_set():
            total = 0
            for pid in self._tree():
                total += self._pss(pid)
            self.peak = max(self.peak, total)
            self.stop.wait(self.interval)


    def _pss(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        try:  # no smaps_rollup (an old kernel, or the process just went): its RSS
            with open(f"/proc/{pid}/statm", "rb") as f:
                return int(f.read().split()[1]) * self.PAGE
        except (OSError, ValueError, IndexError):
            return 0


# -- what to run ------------------------------------------------------------------------------


@dataclass
class LspServer:
    key: str
    label: str
    argv: list[str] | None
    options: object = None
    env: dict[str, str] = field(default_factory=dict)
    on_save: bool = False  # lints on didOpen/didSave only, reading the file from disk
    # Says when an analysis's last stage is in ($/seclint/analysed): seclint publishes semgrep's
    # stage only when it changes what is shown, so "final" is that notice, not the last publish.
    reports_analysed: bool = False
    missing: str = "not installed"


@dataclass
class Cli:
    key: str
    label: str
    argv: list[str] | None  # FILE is appended
    env: dict[str, str] = field(default_factory=dict)
    ok_codes: tuple[int, ...] = (0, 1)
    missing: str = "not installed"


def find_tool(name: str, bench_venv: Path) -> str | None:
    candidate = bench_venv / "bin" / name
    if candidate.exists():
        return str(candidate)
    return shutil.which(name)


def find_semgrep_core(semgrep: str | None) -> str | None:
    """semgrep-core as the semgrep wheel ships it: <site-packages>/semgrep/bin/semgrep-core."""
    if semgrep:
        venv = Path(semgrep).resolve().parent.parent
        for candidate in sorted(venv.glob("lib/python*/site-packages/semgrep/bin/semgrep-core")):
            return str(candidate)
    return shutil.which("semgrep-core")


def netns_prefix() -> list[str]:
    """`unshare -n` when it works here: semgrep then cannot reach any network at all."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


def semgrep_rules(work: Path, catalogue: Path, explicit: str | None) -> tuple[Path, str]:
    """The catalogue's semgrep-backed Python rules as one semgrep file, else bench/semgrep-rules.yaml."""
    if explicit:
        return Path(explicit).resolve(), explicit
    fallback = BENCH / "semgrep-rules.yaml"
    try:
        import yaml
    except ImportError:
        return fallback, "bench/semgrep-rules.yaml (PyYAML missing, catalogue not read)"
    severity = {"critical": "ERROR", "high": "ERROR", "medium": "WARNING", "low": "INFO", "info": "INFO"}
    rules = []
    for path in sorted(catalogue.rglob("*.yaml")):
        try:
            rule = yaml.safe_load(path.read_text())
        except Exception:
            continue
        if not isinstance(rule, dict) or rule.get("engine") != "semgrep" or not isinstance(rule.get("semgrep"), dict):
            continue
        languages = [lang for lang in rule.get("languages", []) if lang in ("python", "generic")]
        if not languages:
            continue
        body = {k: v for k, v in rule["semgrep"].items() if k not in ("fix", "metadata", "id", "message", "languages", "severity")}
        rules.append({"id": rule["id"], "languages": languages, "message": str(rule.get("message", rule["id"])),
                      "severity": severity.get(str(rule.get("severity", "medium")), "WARNING"), **body})
    if not rules:
        return fallback, "bench/semgrep-rules.yaml (the catalogue has no semgrep-backed Python rules yet)"
    out = work / "catalogue-semgrep-rules.yaml"
    out.write_text(yaml.safe_dump({"rules": rules}, sort_keys=False))
    return out, f"the {len(rules)} semgrep-backed Python/generic rules of {catalogue}"


def seclint_default_debounce() -> str:
    try:
        from seclint.settings import Settings

        return f"{Settings().debounce_ms} ms"
    except Exception:
        return "server default"


def build_servers(args, rules: Path) -> tuple[list[LspServer], list[Cli]]:
    venv = Path(args.bench_venv)
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("SECLINT_")}
    wanted = set(args.servers)
    servers: list[LspServer] = []
    clis: list[Cli] = []
    if "floor" in wanted:
        python = venv / "bin" / "python"
        if not python.exists() or subprocess.run([str(python), "-c", "import pygls"], capture_output=True).returncode:
            python = Path(sys.executable)  # seclint's venv has pygls too
        servers.append(LspServer("floor", "pygls floor", [str(python), str(BENCH / "floor_server.py")], env=base_env))
    if "seclint" in wanted:
        seclint = args.seclint if Path(args.seclint).exists() else shutil.which("seclint")
        for value in args.seclint_debounce:
            if value == "default":
                label, options = f"seclint (debounce default {seclint_default_debounce()})", {"notifyAnalysed": True}
            else:
                label, options = f"seclint (debounce {int(value)} ms)", {"debounceMs": int(value), "notifyAnalysed": True}
            servers.append(LspServer(f"seclint-{value}", label, [seclint, "lsp"] if seclint else None, options, base_env,
                                     reports_analysed=True))
    ruff = find_tool("ruff", venv)
    if "ruff" in wanted:
        options = {"settings": {"lint": {"select": ["S"]}, "configurationPreference": "editorOnly"}}
        servers.append(LspServer("ruff", "ruff server (S rules)", [ruff, "server"] if ruff else None, options, base_env))
    semgrep = find_tool("semgrep", venv)
    netns = netns_prefix()
    semgrep_env = {**base_env, **SEMGREP_ENV}
    if "semgrep-lsp" in wanted:
        options = {"scan": {"configuration": [str(rules)], "ci": False, "onlyGitDirty": False, "jobs": 1}, "metrics": {"enabled": False}}
        servers.append(LspServer("semgrep-lsp", "semgrep lsp (lints on save)", [*netns, semgrep, "lsp"] if semgrep else None,
                                 options, semgrep_env, on_save=True))
    if "bandit" in wanted:
        bandit = find_tool("bandit", venv)
        clis.append(Cli("bandit", "bandit -f json FILE", [bandit, "-f", "json", "-q"] if bandit else None, base_env))
    if "semgrep-scan" in wanted:
        argv = [*netns, semgrep, "scan", "--config", str(rules), "--metrics=off", "--disable-version-check", "--json", "--quiet"]
        clis.append(Cli("semgrep-scan", "semgrep scan FILE", argv if semgrep else None, semgrep_env))
    if "semgrep-core" in wanted:
        core = find_semgrep_core(semgrep)
        argv = [*netns, core, "-rules", str(rules), "-lang", "python", "-json", "-j", "1"]
        clis.append(Cli("semgrep-core", "semgrep-core FILE", argv if core else None, semgrep_env, ok_codes=(0,)))
    return servers, clis


# -- measurements -----------------------------------------------------------------------------


class Bench:
    def __init__(self, args, work: Path):
        self.args, self.work, self.results = args, work, Results()
        self.sessions = 0

    def say(self, text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    def workspace(self, name: str, files: dict[str, str]) -> Path:
        folder = self.work / f"{name}-{self.sessions}"
        self.sessions += 1
        folder.mkdir(parents=True)
        for filename, text in files.items():
            (folder / filename).write_text(text)
        return folder

    async def spawn(self, server: LspServer, folder: Path, findings: Path | None = None) -> LspClient:
        """Start ``server``; seclint with the findings cache folder ``findings`` (default: a new, empty one)."""
        env = server.env
        if server.key.startswith("seclint"):
            env = {**env, "SECLINT_FINDINGS_CACHE_DIR": str(findings or self.findings_folder())}
        client = LspClient(server.argv, env, folder, self.work / f"{server.key}.stderr.log")
        await client.start()
        return client

    def findings_folder(self) -> Path:
        folder = self.work / f"findings-{self.sessions}"
        self.sessions += 1
        folder.mkdir(parents=True)
        return folder

    async def prime(self, server: LspServer, folder: Path, docs: list[Doc], findings: Path) -> None:
        """A first seclint opens ``docs`` and, once every one's final analysis is in, exits: their findings are stored."""
        client = await self.spawn(server, folder, findings)
        try:
            await client.initialize(folder, {**(server.options or {}), "notifyAnalysed": True}, self.args.timeout)
            for doc in docs:
                await client.notify("textDocument/didOpen", doc.open_params())
            await client.wait_analysed(lambda n: n.final, {d.uri for d in docs}, self.args.timeout * 4)
        finally:
            await client.close()  # shutdown waits for the findings to be written
        stored = len(list(findings.glob("*.json")))
        if stored != len(docs):
            raise ServerDied(f"{stored} of {len(docs)} documents' findings were stored")

    # cold start -----------------------------------------------------------------------------

    async def cold_start(self, server: LspServer, size: int, text: str) -> None:
        name = f"cold start, {size} lines"
        row = self.results.row(server.label, name, "ms")
        for _ in range(self.args.cold_repeat):
            folder = self.workspace(f"cold-{server.key}", {"module.py": text})
            if not await self._first_diagnostics(server, folder, Doc(folder / "module.py", text), row):
                return

    async def _first_diagnostics(self, server: LspServer, folder: Path, doc: Doc, row: Row, findings: Path | None = None) -> bool:
        """Spawn -> initialize -> didOpen -> the first publish for ``doc``, into ``row``; False on failure."""
        started = NOW()
        client = await self.spawn(server, folder, findings)
        try:
            await client.initialize(folder, server.options, self.args.timeout)
            await client.notify("textDocument/didOpen", doc.open_params())
            index = await client.wait_publish(lambda p: p.uri == doc.uri, 0, self.args.timeout)
            row.samples.append((client.publishes[index].t - started) * 1000)
            return True
        except Timeout:
            row.status = "timeout"
        except ServerDied as exc:
            row.status = f"error: {exc}"
        finally:
            await client.close()
        return False

    async def cold_start_reopened(self, server: LspServer, size: int, text: str) -> None:
        row = self.results.row(server.label, f"cold start, reopened, {size} lines", "ms", floor_key=f"cold start, {size} lines")
        for _ in range(self.args.cold_repeat):
            folder = self.workspace(f"reopen-{server.key}", {"module.py": text})
            findings = self.findings_folder()
            doc = Doc(folder / "module.py", text)
            try:
                await self.prime(server, folder, [doc], findings)
            except (Timeout, ServerDied) as exc:
                row.status = f"error: {exc}"
                return
            if not await self._first_diagnostics(server, folder, doc, row, findings):
                return

    # edits and bursts in one session --------------------------------------------------------

    async def editing(self, server: LspServer, size: int, text: str) -> None:
        names = [(f"edit → diagnostics, {size} lines", "ms"),
                 (f"burst: last key → final, {size} lines", "ms"), (f"burst: publishes, {size} lines", "")]
        folder = self.workspace(f"edit-{server.key}", {"module.py": text})
        doc = Doc(folder / "module.py", text)
        client = await self.spawn(server, folder)
        try:
            await client.initialize(folder, server.options, self.args.timeout)
            await client.notify("textDocument/didOpen", doc.open_params())
            first = await client.wait_publish(lambda p: p.uri == doc.uri, 0, self.args.timeout)
            versioned = client.publishes[first].version is not None
            await client.settle(doc.uri, first + 1, 1.0)
            settled = [p for p in client.publishes if p.uri == doc.uri][-1]
            self.results.findings.setdefault(size, {})[server.label] = settled.count
            await self._edits(client, server, doc, size, versioned)
            await self._bursts(client, server, doc, size, versioned)
        except Timeout:
            self.results.fail(server.label, names, "timeout")
        except ServerDied as exc:
            self.results.fail(server.label, names, f"error: {exc}")
        finally:
            await client.close()

    async def _change(self, client: LspClient, doc: Doc, start: int, end: int, new: str) -> float:
        """Send one incremental edit; the time it was sent."""
        params = doc.change(start, end, new)
        sent = NOW()
        await client.notify("textDocument/didChange", params)
        return sent

    async def _save(self, client: LspClient, doc: Doc) -> None:
        doc.save()
        await client.notify("textDocument/didSave", {"textDocument": {"uri": doc.uri}})

    def _matcher(self, doc: Doc, version: int, versioned: bool):
        if versioned:
            return lambda p: p.uri == doc.uri and p.version == version
        return lambda p: p.uri == doc.uri

    async def _one_edit(self, client, server, doc, offset, insert: bool, versioned, quiet) -> tuple[float, float, int]:
        """(ms to the first publish for the edit, ms to the last stage (the last publish before
        quiet, or seclint's notice), publishes)."""
        start, noticed = len(client.publishes), len(client.analysed)
        sent = await self._change(client, doc, offset, offset if insert else offset + 1, "x" if insert else "")
        if server.on_save:
            await self._save(client, doc)
        match = self._matcher(doc, doc.version, versioned)
        index = await client.wait_publish(match, start, self.args.timeout)
        final = await client.wait_final(doc.uri, doc.version, noticed, self.args.timeout) if server.reports_analysed else None
        await client.settle(doc.uri, index + 1, quiet)
        mine = [p for p in client.publishes[start:] if match(p)]
        return (mine[0].t - sent) * 1000, ((final or mine[-1].t) - sent) * 1000, len(mine)

    async def _edits(self, client, server, doc: Doc, size: int, versioned: bool) -> None:
        offset, _, _ = edit_sites(doc.text)
        # Warm up, with a long quiet period to learn whether the server publishes in stages
        # (e.g. fast engines first, a slow one later) and how far apart the stages are.
        gap = 0.0
        for i in range(self.args.warmup):
            first, last, _ = await self._one_edit(client, server, doc, offset, i % 2 == 0, versioned, 1.5 if i < 2 else 0.3)
            gap = max(gap, (last - first) / 1000)
        quiet = max(0.15, 2 * gap + 0.1)
        if self.args.warmup % 2:
            await self._one_edit(client, server, doc, offset, False, versioned, quiet)  # back to the original text
        firsts, finals = [], []
        for i in range(self.args.repeat):
            first, last, _ = await self._one_edit(client, server, doc, offset, i % 2 == 0, versioned, quiet)
            firsts.append(first)
            finals.append(last)
        self.results.row(server.label, f"edit → diagnostics, {size} lines", "ms").samples.extend(firsts)
        if any(abs(a - b) > 0.001 for a, b in zip(firsts, finals)):
            self.results.row(server.label, f"edit → final diagnostics, {size} lines", "ms",
                             floor_key=f"edit → diagnostics, {size} lines").samples.extend(finals)
        self.quiet = quiet

    async def _bursts(self, client, server, doc: Doc, size: int, versioned: bool) -> None:
        latency = self.results.row(server.label, f"burst: last key → final, {size} lines", "ms")
        counts = self.results.row(server.label, f"burst: publishes, {size} lines", "")
        quiet = max(self.quiet, 0.3)
        for _ in range(self.args.burst_repeat):
            _, end, indent = edit_sites(doc.text)
            keys = ["\n" + indent, *KEYSTROKE_TEXT]
            start, noticed = len(client.publishes), len(client.analysed)
            began = NOW()
            offset = end
            for j, key in enumerate(keys):
                delay = began + j * 0.025 - NOW()
                if delay > 0:
                    await asyncio.sleep(delay)
                last_sent = await self._change(client, doc, offset, offset, key)
                offset += len(key)
            if server.on_save:
                await self._save(client, doc)
            if versioned:
                match = self._matcher(doc, doc.version, True)
                index = await client.wait_publish(match, start, self.args.timeout)
            else:
                index = await client.wait_publish(lambda p: p.uri == doc.uri and p.t >= last_sent, start, self.args.timeout)
            done = await client.wait_final(doc.uri, doc.version, noticed, self.args.timeout) if server.reports_analysed else None
            await client.settle(doc.uri, index + 1, quiet)
            mine = [p for p in client.publishes[start:] if p.uri == doc.uri]
            final = [p for p in mine if p.version == doc.version] if versioned else [p for p in mine if p.t >= last_sent]
            latency.samples.append(((done or final[-1].t) - last_sent) * 1000)
            counts.samples.append(len(mine))

    # many open files ------------------------------------------------------------------------

    async def many_files(self, server: LspServer, files: dict[str, str]) -> None:
        n = len(files)
        names = [(f"{n} open files: all diagnosed", "ms"), (f"{n} open files: peak memory", "MB")]
        done_row = self.results.row(server.label, names[0][0], "ms")
        rss_row = self.results.row(server.label, names[1][0], "MB")
        for _ in range(self.args.files_repeat):
            folder = self.workspace(f"many-{server.key}", files)
            docs = [Doc(folder / name, text) for name, text in files.items()]
            client = await self.spawn(server, folder)
            sampler = RssSampler(client.pid)
            sampler.start()
            try:
                await client.initialize(folder, server.options, self.args.timeout)
                began, last, deadline = await self._open_all(client, docs)
                done_row.samples.append((last - began) * 1000)
                if server.reports_analysed:
                    # seclint's later stage (semgrep) is still running for many files: its memory
                    # counts until every file's last stage is in.
                    await client.wait_analysed(lambda n: n.final, {doc.uri for doc in docs}, max(0.01, deadline - NOW()))
                await asyncio.sleep(0.2)  # work still finishing after the last publish counts too
                rss_row.samples.append(sampler.peak / 1e6)
            except Timeout:
                self.results.fail(server.label, names, "timeout")
                return
            except ServerDied as exc:
                self.results.fail(server.label, names, f"error: {exc}")
                return
            finally:
                sampler.stop.set()
                sampler.join()
                await client.close()

    async def _open_all(self, client: LspClient, docs: list[Doc]) -> tuple[float, float, float]:
        """Open ``docs`` at once and wait until each has a publish: (when the first open was sent,
        when the last of those publishes came, the deadline for what follows)."""
        start = len(client.publishes)
        began = NOW()
        for doc in docs:
            await client.notify("textDocument/didOpen", doc.open_params())
        waiting = {doc.uri for doc in docs}
        index, last = start, began
        deadline = began + self.args.timeout * 4
        while waiting:
            index = await client.wait_publish(lambda p: p.uri in waiting, index, max(0.01, deadline - NOW()))
            waiting.discard(client.publishes[index].uri)
            last = client.publishes[index].t
            index += 1
        return began, last, deadline

    async def many_files_reopened(self, server: LspServer, files: dict[str, str]) -> None:
        n = len(files)
        names = [(f"{n} open files, reopened: all diagnosed", "ms"), (f"{n} open files, reopened: background done", "ms"),
                 (f"{n} open files, reopened: peak memory", "MB")]
        done_row = self.results.row(server.label, names[0][0], "ms", floor_key=f"{n} open files: all diagnosed")
        idle_row = self.results.row(server.label, names[1][0], "ms", floor_key=f"{n} open files: all diagnosed")
        rss_row = self.results.row(server.label, names[2][0], "MB", floor_key=f"{n} open files: peak memory")
        for _ in range(self.args.files_repeat):
            folder = self.workspace(f"many-reopen-{server.key}", files)
            findings = self.findings_folder()
            docs = [Doc(folder / name, text) for name, text in files.items()]
            try:
                await self.prime(server, folder, docs, findings)
            except (Timeout, ServerDied) as exc:
                self.results.fail(server.label, names, f"error: {exc}")
                return
            client = await self.spawn(server, folder, findings)
            sampler = RssSampler(client.pid)
            sampler.start()
            try:
                # $/seclint/analysed is the only way to know when the background analyses are done.
                await client.initialize(folder, {**(server.options or {}), "notifyAnalysed": True}, self.args.timeout)
                began, last, deadline = await self._open_all(client, docs)
                done_row.samples.append((last - began) * 1000)
                # Done when every file's regular analysis is in: the background one after a hit, or
                # (a miss) its own final stage.
                idle = await client.wait_analysed(
                    lambda n: n.final and not n.cached, {d.uri for d in docs}, max(0.01, deadline - NOW())
                )
                idle_row.samples.append((idle - began) * 1000)
                await asyncio.sleep(0.2)  # work still finishing after the last one counts too
                rss_row.samples.append(sampler.peak / 1e6)
                hits = {n.uri for n in client.analysed if n.cached}
                if len(hits) != n:
                    self.say(f"{server.label}: only {len(hits)} of {n} reopened files came from the cache")
            except Timeout:
                self.results.fail(server.label, names, "timeout")
                return
            except ServerDied as exc:
                self.results.fail(server.label, names, f"error: {exc}")
                return
            finally:
                sampler.stop.set()
                sampler.join()
                await client.close()

    # per-file commands ----------------------------------------------------------------------

    def cli(self, tool: Cli, size: int, text: str) -> None:
        row = self.results.row(tool.label, f"per-file run, {size} lines", "ms", floor_key=f"edit → diagnostics, {size} lines")
        folder = self.workspace(f"cli-{tool.key}", {"module.py": text})
        target = folder / "module.py"
        for i in range(self.args.cli_repeat + 1):  # the first run warms the file cache
            started = NOW()
            try:
                done = subprocess.run([*tool.argv, str(target)], capture_output=True, env=tool.env, cwd=folder,
                                      timeout=self.args.timeout * 4)
            except subprocess.TimeoutExpired:
                row.status = "timeout"
                return
            elapsed = (NOW() - started) * 1000
            if done.returncode not in tool.ok_codes or not _has_results(done.stdout):
                tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
                row.status = f"error: exit {done.returncode} {tail[0][:60]}"
                return
            if i:
                row.samples.append(elapsed)
            self.results.findings.setdefault(size, {})[tool.label] = _result_count(done.stdout)

    # the whole run --------------------------------------------------------------------------

    async def run(self, servers: list[LspServer], clis: list[Cli]) -> None:
        texts = {size: generate(size, seed=size) for size in self.args.sizes}
        many = {f"module_{k:03d}.py": generate(300, seed=10_000 + k) for k in range(self.args.files)}
        for server in servers:
            if server.argv is None:
                self.results.row(server.label, "(all)", "").status = server.missing
                continue
            for size in self.args.sizes:
                self.say(f"{server.label}: cold start, {size} lines")
                await self.cold_start(server, size, texts[size])
                if server.key.startswith("seclint"):
                    self.say(f"{server.label}: cold start, reopened, {size} lines")
                    await self.cold_start_reopened(server, size, texts[size])
                self.say(f"{server.label}: edits and typing bursts, {size} lines")
                await self.editing(server, size, texts[size])
            if self.args.files:
                self.say(f"{server.label}: {self.args.files} open files")
                await self.many_files(server, many)
                if server.key.startswith("seclint"):
                    self.say(f"{server.label}: {self.args.files} open files, reopened")
                    await self.many_files_reopened(server, many)
        for tool in clis:
            if tool.argv is None:
                self.results.row(tool.label, "(all)", "").status = tool.missing
                continue
            for size in self.args.sizes:
                self.say(f"{tool.label}: {size} lines")
                self.cli(tool, size, texts[size])


def _json_report(stdout: bytes) -> dict | None:
    text = stdout.decode(errors="replace")
    try:
        report = json.loads(text[text.find("{") :])  # semgrep-core prints a progress dot first
    except ValueError:
        return None
    return report if isinstance(report, dict) else None


def _has_results(stdout: bytes) -> bool:
    report = _json_report(stdout)
    return report is not None and isinstance(report.get("results"), list)


def _result_count(stdout: bytes) -> int:
    return len(_json_report(stdout)["results"])


# -- output -----------------------------------------------------------------------------------


def table(results: Results, floor_label: str | None, markdown: bool) -> str:
    floor = {row.measurement: row for (server, _), row in results.rows.items() if server == floor_label}
    lines = []
    header = ["server", "measurement", "median", "p95", "× floor"]
    body = []
    for row in results.rows.values():
        unit = f" {row.unit}" if row.unit else ""
        if row.status or not row.samples:
            body.append([row.server, row.measurement, row.status or "no data", "", ""])
            continue
        med, high = median(row.samples), p95(row.samples)
        digits = 0 if row.unit == "" and med == int(med) else 1
        ratio = ""
        base = floor.get(row.floor_key or row.measurement)
        if row.unit and base is not None and base.samples and median(base.samples) > 0:
            value = med / median(base.samples)
            ratio = f"{value:.1f}×" if value >= 0.95 else f"{value:.2f}×"
        body.append([row.server, row.measurement, f"{med:.{digits}f}{unit}", f"{high:.{digits}f}{unit}", ratio])
    if markdown:
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|---|---|---:|---:|---:|")
        for cells in body:
            lines.append("| " + " | ".join(cells) + " |")
    else:
        widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
        fmt = lambda cells: "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))  # noqa: E731
        lines.append(fmt(header))
        lines.append("  ".join("-" * w for w in widths))
        previous = None
        for cells in body:
            lines.append(fmt([cells[0] if cells[0] != previous else "", *cells[1:]]))
            previous = cells[0]
    return "\n".join(lines)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}"


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def versions(servers: list[LspServer], clis: list[Cli]) -> list[str]:
    out = []
    tools = [s.argv for s in servers if s.key in ("ruff", "semgrep-lsp") or s.key.startswith("seclint-")]
    tools += [c.argv for c in clis if c.key == "bandit"]
    for argv in tools:
        if argv is None:
            continue
        exe = [a for a in argv if not a.endswith("unshare") and a != "-n"][0]
        try:
            text = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60, env={**os.environ, **SEMGREP_ENV}).stdout
            first = text.strip().splitlines()[0] if text.strip() else "?"
            out.append(first if first.lower().startswith(Path(exe).name) else f"{Path(exe).name} {first}")
        except (OSError, subprocess.TimeoutExpired):
            pass
    return sorted(set(out))


def parse_args(argv: list[str] | None = None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,5000", help="file sizes in lines, comma-separated (default 100,1000,5000)")
    parser.add_argument("--servers", default=",".join(ALL_SERVERS), help=f"comma-separated subset of {','.join(ALL_SERVERS)}")
    parser.add_argument("--repeat", type=int, default=30, help="measured edits per server and size (default 30)")
    parser.add_argument("--quick", action="store_true", help="sizes 100,1000; 8 edits; 3 of everything else; 50 open files")
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    parser.add_argument("--files", type=int, default=200, help="files of ~300 lines opened at once (0: skip; default 200)")
    parser.add_argument("--seclint", default=str(ROOT / ".venv" / "bin" / "seclint"), help="the seclint executable")
    parser.add_argument("--seclint-debounce", default="default,0",
                        help='debounceMs values to run seclint with; "default" sends none (default: default,0)')
    parser.add_argument("--bench-venv", default=str(ROOT / ".venv-bench"), help="venv holding ruff, semgrep, bandit, pygls")
    parser.add_argument("--catalogue", default=str(ROOT / "rules"), help="rule catalogue whose semgrep-backed rules semgrep runs")
    parser.add_argument("--semgrep-rules", help="a semgrep rules file to use instead of the catalogue's semgrep rules")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one answer before 'timeout'")
    parser.add_argument("--keep", action="store_true", help="keep the temporary workspaces and server logs")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = "100,1000" if args.sizes == parser.get_default("sizes") else args.sizes
        args.repeat = 8 if args.repeat == parser.get_default("repeat") else args.repeat
        args.files = 50 if args.files == parser.get_default("files") else args.files
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    unknown = set(args.servers) - set(ALL_SERVERS)
    if unknown:
        parser.error(f"unknown servers: {', '.join(sorted(unknown))} (known: {', '.join(ALL_SERVERS)})")
    args.seclint_debounce = [v.strip() for v in args.seclint_debounce.split(",") if v.strip()]
    for value in args.seclint_debounce:
        if value != "default" and not value.isdigit():
            parser.error(f"--seclint-debounce: {value!r} is neither 'default' nor a number of milliseconds")
    small = args.quick
    args.warmup = 3 if small else 5
    args.cold_repeat = 3 if small else max(3, args.repeat // 3)
    args.burst_repeat = 3 if small else max(3, args.repeat // 3)
    args.cli_repeat = 3 if small else max(3, args.repeat // 3)
    args.files_repeat = 1 if small else max(1, args.repeat // 10)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="seclint-lsp-bench-"))
    try:
        rules, rules_note = semgrep_rules(work, Path(args.catalogue), args.semgrep_rules)
        servers, clis = build_servers(args, rules)
        bench = Bench(args, work)
        load_before = load_average()
        started = time.time()
        asyncio.run(bench.run(servers, clis))
        floor = next((s.label for s in servers if s.key == "floor" and s.argv), None)
        print(table(bench.results, floor, args.markdown))
        note = "\n".join([
            "",
            f"machine: {machine()}; load average {load_before} before, {load_average()} after",
            f"tools: {', '.join(versions(servers, clis)) or 'none'}; semgrep rules: {rules_note}",
            f"runs: {args.repeat} edits (after {args.warmup} warm-up), {args.cold_repeat} cold starts, "
            f"{args.burst_repeat} bursts, {args.cli_repeat} runs per command, {args.files_repeat} × {args.files} open files; "
            f"{time.time() - started:.0f} s in all",
            "× floor: median / the pygls floor's median for the same measurement (per-file runs: / the floor's edit latency)",
        ])
        for size, counts in sorted(bench.results.findings.items()):
            note += f"\ndiagnostics on the {size}-line file: " + ", ".join(f"{k} {v}" for k, v in counts.items())
        print(note)
    finally:
        if args.keep:
            print(f"workspaces and logs kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

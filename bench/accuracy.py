#!/usr/bin/env python3
"""Blind accuracy benchmark: seclint (over LSP) against bandit, ruff's S rules and semgrep.

The corpus in bench/corpus/ is ordinary-looking Python whose interesting lines carry a
trailing label comment:

    cur.execute(sql)  # VULN: CWE-89     a real weakness of that CWE
    cur.execute(q, (x,))  # SAFE: CWE-89  a lookalike a tool might flag (the CWE it resembles)

For each tool the script reports

* recall            = VULN lines with at least one finding on the line / all VULN lines
* false-alarm rate  = SAFE lines with at least one finding on the line / all SAFE lines
* unlabelled        = findings that touch no labelled line (neither credited nor blamed)

overall and per CWE family, and writes bench/results/accuracy-<tool>.txt listing the missed
VULN lines, the flagged SAFE lines, the found VULN lines and the unlabelled findings.

A finding is "on" the line where it starts, and also on the other lines of its range when
that range covers at most three lines (labelled statements are always on one line).

Run by hand (stdlib only, plus the tools themselves):

    .venv/bin/python bench/accuracy.py                      # seclint, bandit, ruff; semgrep skipped
    .venv/bin/python bench/accuracy.py --tools seclint       # just one tool
    .venv/bin/python bench/accuracy.py --semgrep-rules p.yml # also semgrep, with local rules

seclint is driven exactly as an editor drives it: `seclint lsp` as a subprocess, JSON-RPC
over stdio with Content-Length framing, initialize (rootUri = the corpus folder, empty client
capabilities), initialized, didOpen of every file, waiting for each file's
textDocument/publishDiagnostics with version 1, then shutdown and exit.  Every diagnostic
counts, whatever its severity.  A missing or failing tool is reported, never a crash.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tokenize
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_CORPUS = BENCH / "corpus"
DEFAULT_RESULTS = BENCH / "results"
VENV_BIN = REPO / ".venv" / "bin"

LABEL_RE = re.compile(r"#\s*(VULN|SAFE)\b(?:\s*:\s*CWE-(\d+))?")
MAX_SPAN = 3  # a finding's range counts on every line it covers only when it is this short

# CWE -> family, for the per-family breakdown.  SAFE lines are grouped by the CWE they resemble.
FAMILIES: dict[str, set[int]] = {
    "OS command injection": {77, 78, 88},
    "SQL injection": {89, 564},
    "code injection / SSTI": {94, 95, 1336},
    "XSS": {79, 80},
    "path traversal / archives": {22, 23, 36, 73, 434},
    "SSRF / open redirect": {601, 918},
    "XML external entities": {611, 776},
    "LDAP / XPath injection": {90, 643},
    "unsafe deserialisation": {502},
    "weak crypto / hashing": {326, 327, 328, 329, 916},
    "insecure randomness": {330, 338},
    "TLS / cleartext transport": {295, 319, 757},
    "hard-coded secrets / secret logging": {259, 321, 532, 798},
    "insecure configuration": {183, 215, 352, 489, 605, 614, 942, 1004},
    "temp files / permissions": {377, 379, 732},
    "resource exhaustion / ReDoS": {400, 1333},
    "token checks / timing / assert": {208, 347, 617},
    "error and information exposure": {200, 209},
}


def family_of(cwe: int | None) -> str:
    if cwe is None:
        return "other"
    for name, cwes in FAMILIES.items():
        if cwe in cwes:
            return name
    return "other"


# --------------------------------------------------------------------------------------------
# corpus labels


@dataclass(frozen=True)
class Label:
    path: str  # relative to the corpus root, with forward slashes
    line: int
    kind: str  # "VULN" or "SAFE"
    cwe: int | None
    code: str

    @property
    def family(self) -> str:
        return family_of(self.cwe)


def load_labels(corpus: Path) -> tuple[dict[tuple[str, int], Label], list[Path]]:
    labels: dict[tuple[str, int], Label] = {}
    files = sorted(p for p in corpus.rglob("*.py") if p.is_file())
    for path in files:
        rel = path.relative_to(corpus).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
        except (tokenize.TokenError, SyntaxError) as exc:
            print(f"warning: cannot tokenize {rel}: {exc}", file=sys.stderr)
            continue
        for tok in tokens:
            if tok.type != tokenize.COMMENT:
                continue
            m = LABEL_RE.match(tok.string)
            if not m:
                continue
            line = tok.start[0]
            code = lines[line - 1][: tok.start[1]].strip()
            cwe = int(m.group(2)) if m.group(2) else None
            labels[(rel, line)] = Label(rel, line, m.group(1), cwe, code)
    return labels, files


# --------------------------------------------------------------------------------------------
# findings


@dataclass
class Finding:
    path: str
    line: int
    end_line: int
    rule: str
    message: str

    def lines(self) -> set[int]:
        if self.end_line >= self.line and self.end_line - self.line < MAX_SPAN:
            return set(range(self.line, self.end_line + 1))
        return {self.line}


@dataclass
class ToolRun:
    name: str
    version: str = "?"
    status: str = "ok"  # "ok", or why there are no results
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ran(self) -> bool:
        return self.status == "ok"


def rel_to_corpus(filename: str, corpus: Path, cwd: Path) -> str | None:
    p = Path(filename)
    if not p.is_absolute():
        p = cwd / p
    try:
        return p.resolve().relative_to(corpus.resolve()).as_posix()
    except ValueError:
        return None


def tool_path(name: str) -> str | None:
    candidate = VENV_BIN / name
    if candidate.exists():
        return str(candidate)
    return shutil.which(name)


def version_of(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return "?"
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0].strip() if text else "?"


# --------------------------------------------------------------------------------------------
# seclint over LSP


class LspError(RuntimeError):
    pass


class LspClient:
    """A minimal LSP client: Content-Length framed JSON-RPC over the server's stdio."""

    def __init__(self, cmd: list[str], cwd: Path, stderr_path: Path):
        self._stderr = open(stderr_path, "wb")
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr)
        self._inbox: queue.Queue = queue.Queue()
        self._next_id = 0
        self.diagnostics: dict[str, list[tuple[int | None, list[dict]]]] = defaultdict(list)
        self.log_messages: list[str] = []
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    # transport
    def _read_loop(self) -> None:
        out = self.proc.stdout
        try:
            while True:
                headers: dict[str, str] = {}
                while True:
                    raw = out.readline()
                    if not raw:
                        self._inbox.put(None)
                        return
                    raw = raw.strip()
                    if not raw:
                        break
                    key, _, value = raw.decode("ascii", "replace").partition(":")
                    headers[key.strip().lower()] = value.strip()
                if "content-length" not in headers:
                    continue
                body = out.read(int(headers["content-length"]))
                self._inbox.put(json.loads(body.decode("utf-8")))
        except Exception as exc:  # report, do not hang the main thread
            self._inbox.put({"__reader_error__": repr(exc)})
            self._inbox.put(None)

    def _send(self, message: dict) -> None:
        message = {"jsonrpc": "2.0", **message}
        data = json.dumps(message).encode("utf-8")
        try:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise LspError(f"server stdin closed: {exc}") from exc

    def notify(self, method: str, params: dict | None) -> None:
        self._send({"method": method, "params": params})

    def _handle(self, msg: dict) -> None:
        if "__reader_error__" in msg:
            raise LspError(f"cannot read from server: {msg['__reader_error__']}")
        method = msg.get("method")
        if method and "id" in msg:  # a request from the server: answer it as a plain client would
            result: object = None
            if method == "workspace/configuration":
                result = [None for _ in msg.get("params", {}).get("items", [])]
            self._send({"id": msg["id"], "result": result})
        elif method == "textDocument/publishDiagnostics":
            params = msg.get("params", {})
            self.diagnostics[params.get("uri", "")].append((params.get("version"), params.get("diagnostics", [])))
        elif method in ("window/logMessage", "window/showMessage"):
            self.log_messages.append(str(msg.get("params", {}).get("message", "")))

    def _next(self, deadline: float) -> dict:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LspError("timed out waiting for the server")
        try:
            msg = self._inbox.get(timeout=remaining)
        except queue.Empty:
            raise LspError("timed out waiting for the server") from None
        if msg is None:
            raise LspError(f"server closed its output (exit code {self.proc.poll()})")
        return msg

    def request(self, method: str, params: dict | None, timeout: float) -> object:
        self._next_id += 1
        rid = self._next_id
        self._send({"id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(deadline)
            if msg.get("id") == rid and "method" not in msg:
                if "error" in msg:
                    raise LspError(f"{method} failed: {msg['error']}")
                return msg.get("result")
            self._handle(msg)

    def wait_for_diagnostics(self, uri: str, version: int, timeout: float) -> list[dict]:
        deadline = time.monotonic() + timeout
        while True:
            for v, diags in self.diagnostics.get(uri, []):
                if v == version:
                    return diags
            self._handle(self._next(deadline))

    def drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                msg = self._inbox.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return
            if msg is None:
                return
            self._handle(msg)

    def close(self, timeout: float = 10.0) -> None:
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()  # only the process this client started
            self.proc.wait()
        self._stderr.close()


def seclint_command(explicit: str | None) -> list[str] | None:
    if explicit:
        parts = explicit.split()
        if "/" in parts[0] and Path(parts[0]).exists():
            parts[0] = os.path.abspath(parts[0])  # the server runs in the corpus folder
        return parts + ["lsp"]
    exe = VENV_BIN / "seclint"
    if exe.exists():
        return [str(exe), "lsp"]
    found = shutil.which("seclint")
    if found:
        return [found, "lsp"]
    try:
        import importlib.util

        if importlib.util.find_spec("seclint") is not None:
            return [sys.executable, "-m", "seclint", "lsp"]
    except (ImportError, ValueError):
        pass
    return None


def run_seclint(corpus: Path, files: list[Path], results: Path, explicit_cmd: str | None, timeout: float) -> ToolRun:
    run = ToolRun("seclint")
    cmd = seclint_command(explicit_cmd)
    if cmd is None:
        run.status = "not installed"
        return run
    run.version = version_of(cmd[:-1] + ["--version"])
    started = time.monotonic()
    client = None
    try:
        client = LspClient(cmd, cwd=corpus, stderr_path=results / "seclint-lsp.stderr.txt")
        init = client.request(
            "initialize",
            {"processId": os.getpid(), "rootUri": corpus.resolve().as_uri(), "capabilities": {}},
            timeout=timeout,
        )
        info = (init or {}).get("serverInfo") or {}
        if info.get("version"):
            run.version = f"{info.get('name', 'seclint')} {info['version']}"
        client.notify("initialized", {})
        uris: dict[str, str] = {}
        for path in files:
            uri = path.resolve().as_uri()
            uris[uri] = path.relative_to(corpus).as_posix()
            text = path.read_text(encoding="utf-8")
            client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
            try:
                client.wait_for_diagnostics(uri, 1, timeout)
            except LspError as exc:
                if client.proc.poll() is not None:
                    raise
                run.notes.append(f"{uris[uri]}: no diagnostics with version 1 ({exc})")
        client.drain(0.5)  # a later publish for the same version supersedes the first one
        for uri, rel in uris.items():
            published = [d for v, d in client.diagnostics.get(uri, []) if v == 1]
            if not published:
                continue
            for diag in published[-1]:
                rng = diag.get("range", {})
                start = rng.get("start", {}).get("line", 0) + 1
                end = rng.get("end", {}).get("line", start - 1) + 1
                if rng.get("end", {}).get("character", 1) == 0 and end > start:
                    end -= 1  # a range ending at column 0 does not touch that line
                run.findings.append(Finding(rel, start, end, str(diag.get("code", diag.get("source", "?"))), diag.get("message", "")))
        client.request("shutdown", None, timeout=timeout)
        client.notify("exit", None)
    except (LspError, OSError) as exc:
        run.status = f"failed: {exc}"
    finally:
        if client is not None:
            try:
                client.proc.stdin.close()
            except OSError:  # the server is gone and the pipe with it
                pass
            client.close()
            if client.log_messages:
                run.notes.extend(f"server said: {m}" for m in client.log_messages[:20])
    run.seconds = time.monotonic() - started
    return run


# --------------------------------------------------------------------------------------------
# bandit, ruff, semgrep


def run_bandit(corpus: Path, timeout: float) -> ToolRun:
    run = ToolRun("bandit")
    exe = tool_path("bandit")
    if exe is None:
        run.status = "not installed"
        return run
    run.version = version_of([exe, "--version"])
    started = time.monotonic()
    try:
        out = subprocess.run([exe, "-f", "json", "-r", str(corpus)], capture_output=True, text=True, timeout=timeout, cwd=REPO)
        data = json.loads(out.stdout)
    except (OSError, subprocess.SubprocessError, json.JSONDecodeError) as exc:
        run.status = f"failed: {exc}"
        return run
    finally:
        run.seconds = time.monotonic() - started
    for err in data.get("errors", []):
        run.notes.append(f"bandit error: {err.get('filename')}: {err.get('reason')}")
    for r in data.get("results", []):
        rel = rel_to_corpus(r["filename"], corpus, REPO)
        if rel is None:
            continue
        line = int(r["line_number"])
        rng = r.get("line_range") or [line]
        end = max(rng) if min(rng) == line else line
        rule = f"{r.get('test_id')}:{r.get('test_name')}[{r.get('issue_severity', '?')[0]}/{r.get('issue_confidence', '?')[0]}]"
        run.findings.append(Finding(rel, line, end, rule, r.get("issue_text", "")))
    return run


def run_ruff(corpus: Path, timeout: float) -> ToolRun:
    run = ToolRun("ruff")
    exe = tool_path("ruff")
    if exe is None:
        run.status = "not installed (.venv/bin/pip install ruff)"
        return run
    run.version = version_of([exe, "--version"])
    started = time.monotonic()
    rel_corpus = os.path.relpath(corpus, REPO)
    try:
        out = subprocess.run(
            [exe, "check", "--select", "S", "--output-format", "json", "--no-cache", rel_corpus],
            capture_output=True, text=True, timeout=timeout, cwd=REPO,
        )
        data = json.loads(out.stdout or "[]")
    except (OSError, subprocess.SubprocessError, json.JSONDecodeError) as exc:
        run.status = f"failed: {exc}"
        return run
    finally:
        run.seconds = time.monotonic() - started
    for r in data:
        rel = rel_to_corpus(r["filename"], corpus, REPO)
        if rel is None:
            continue
        line = int(r["location"]["row"])
        end = int((r.get("end_location") or r["location"])["row"])
        run.findings.append(Finding(rel, line, end, str(r.get("code") or "syntax-error"), r.get("message", "")))
    return run


def run_semgrep(corpus: Path, rules: str | None, timeout: float) -> ToolRun:
    run = ToolRun("semgrep")
    exe = tool_path("semgrep")
    if exe is not None:
        run.version = version_of([exe, "--version"])
    if not rules:
        run.status = "not run (offline: the public rules need the registry; pass --semgrep-rules PATH)"
        return run
    if exe is None:
        run.status = "not installed"
        return run
    started = time.monotonic()
    try:
        out = subprocess.run(
            [exe, "scan", "--config", rules, "--json", "--metrics=off", "--disable-version-check", str(corpus)],
            capture_output=True, text=True, timeout=timeout, cwd=REPO,
        )
        data = json.loads(out.stdout)
    except (OSError, subprocess.SubprocessError, json.JSONDecodeError) as exc:
        run.status = f"failed: {exc}"
        return run
    finally:
        run.seconds = time.monotonic() - started
    for r in data.get("results", []):
        rel = rel_to_corpus(r["path"], corpus, REPO)
        if rel is None:
            continue
        line = int(r["start"]["line"])
        end = int(r.get("end", r["start"])["line"])
        run.findings.append(Finding(rel, line, end, r.get("check_id", "?"), r.get("extra", {}).get("message", "")))
    return run


# --------------------------------------------------------------------------------------------
# scoring and reporting


@dataclass
class Score:
    hits: dict[tuple[str, int], list[Finding]]
    unlabelled: list[Finding]

    def flagged(self, label: Label) -> list[Finding]:
        return self.hits.get((label.path, label.line), [])


def score(run: ToolRun, labels: dict[tuple[str, int], Label]) -> Score:
    hits: dict[tuple[str, int], list[Finding]] = defaultdict(list)
    unlabelled = []
    for f in run.findings:
        touched = [(f.path, ln) for ln in f.lines() if (f.path, ln) in labels]
        for key in touched:
            hits[key].append(f)
        if not touched:
            unlabelled.append(f)
    return Score(hits, unlabelled)


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:5.1f}%" if d else "    -"


def write_detail(run: ToolRun, sc: Score, labels: dict[tuple[str, int], Label], results: Path) -> Path:
    vulns = [l for l in labels.values() if l.kind == "VULN"]
    safes = [l for l in labels.values() if l.kind == "SAFE"]
    found = [l for l in vulns if sc.flagged(l)]
    missed = [l for l in vulns if not sc.flagged(l)]
    flagged = [l for l in safes if sc.flagged(l)]
    def key(label: Label) -> tuple[str, int]:
        return (label.path, label.line)

    out = [
        f"# {run.name} {run.version}: {run.status}",
        f"recall {len(found)}/{len(vulns)} {pct(len(found), len(vulns))}   "
        f"false alarms {len(flagged)}/{len(safes)} {pct(len(flagged), len(safes))}   "
        f"unlabelled findings {len(sc.unlabelled)}   {run.seconds:.1f}s",
        "",
    ]
    out += [f"note: {n}" for n in run.notes]
    out += ["", f"## MISSED VULN lines ({len(missed)})"]
    out += [f"{l.path}:{l.line}  CWE-{l.cwe}  {l.code}" for l in sorted(missed, key=key)]
    out += ["", f"## FLAGGED SAFE lines ({len(flagged)})"]
    for l in sorted(flagged, key=key):
        rules = ", ".join(sorted({f.rule for f in sc.flagged(l)}))
        out.append(f"{l.path}:{l.line}  looks like CWE-{l.cwe}  [{rules}]  {l.code}")
    out += ["", f"## FOUND VULN lines ({len(found)})"]
    for l in sorted(found, key=key):
        rules = ", ".join(sorted({f.rule for f in sc.flagged(l)}))
        out.append(f"{l.path}:{l.line}  CWE-{l.cwe}  [{rules}]  {l.code}")
    out += ["", f"## UNLABELLED findings ({len(sc.unlabelled)})"]
    for f in sorted(sc.unlabelled, key=lambda f: (f.path, f.line, f.rule)):
        out.append(f"{f.path}:{f.line}  [{f.rule}]  {f.message.splitlines()[0] if f.message else ''}")
    path = results / f"accuracy-{run.name}.txt"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def print_tables(runs: list[ToolRun], scores: dict[str, Score], labels: dict[tuple[str, int], Label]) -> None:
    vulns = [l for l in labels.values() if l.kind == "VULN"]
    safes = [l for l in labels.values() if l.kind == "SAFE"]
    header = ("tool", "version", "recall", "false-alarm", "VULN found/total", "SAFE flagged/total", "unlabelled", "seconds")
    rows = []
    for run in runs:
        if not run.ran:
            rows.append((run.name, run.version, run.status, "", "", "", "", f"{run.seconds:.1f}" if run.seconds else ""))
            continue
        sc = scores[run.name]
        nf = sum(1 for l in vulns if sc.flagged(l))
        ns = sum(1 for l in safes if sc.flagged(l))
        rows.append((run.name, run.version, pct(nf, len(vulns)), pct(ns, len(safes)), f"{nf}/{len(vulns)}",
                     f"{ns}/{len(safes)}", str(len(sc.unlabelled)), f"{run.seconds:.1f}"))
    measured = [header] + [r for r in rows if r[3]]  # rows of tools that did not run carry a status instead
    widths = [max(len(str(r[i])) for r in (rows + [header] if i < 2 else measured)) for i in range(len(header))]
    for r in [header] + rows:
        if r is not header and not r[3]:  # the status runs on past the columns
            print("  ".join(str(c).ljust(w) for c, w in zip(r[:2], widths[:2])) + "  " + r[2])
            continue
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())

    ran = [r for r in runs if r.ran]
    if not ran:
        return
    print()
    print("per CWE family: VULN found/total (recall) | SAFE flagged/total")
    fams = sorted({l.family for l in labels.values()}, key=lambda f: list(FAMILIES).index(f) if f in FAMILIES else 99)
    name_w = max(len(f) for f in fams)
    col_w = 22
    print("family".ljust(name_w) + "".join(r.name.rjust(col_w) for r in ran))
    for fam in fams:
        fv = [l for l in vulns if l.family == fam]
        fs = [l for l in safes if l.family == fam]
        cells = []
        for r in ran:
            sc = scores[r.name]
            a = sum(1 for l in fv if sc.flagged(l))
            b = sum(1 for l in fs if sc.flagged(l))
            cells.append(f"{a}/{len(fv)} | {b}/{len(fs)}".rjust(col_w))
        print(fam.ljust(name_w) + "".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS)
    parser.add_argument("--tools", default="seclint,bandit,ruff,semgrep", help="comma-separated subset")
    parser.add_argument("--semgrep-rules", help="a local semgrep rules file or folder (the registry needs the network)")
    parser.add_argument("--seclint-cmd", help="command that runs seclint, e.g. '/path/python -m seclint' ('lsp' is appended)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per LSP wait / per tool run")
    args = parser.parse_args(argv)

    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    results = args.results.resolve()
    results.mkdir(parents=True, exist_ok=True)
    ignore = results / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# generated by bench/accuracy.py\n*\n")

    labels, files = load_labels(corpus)
    n_lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in files)
    nv = sum(1 for l in labels.values() if l.kind == "VULN")
    ns = sum(1 for l in labels.values() if l.kind == "SAFE")
    print(f"corpus: {len(files)} files, {n_lines} lines, {nv} VULN lines, {ns} SAFE lines\n")

    wanted = [t.strip() for t in args.tools.split(",") if t.strip()]
    runs: list[ToolRun] = []
    for tool in wanted:
        try:
            if tool == "seclint":
                runs.append(run_seclint(corpus, files, results, args.seclint_cmd, args.timeout))
            elif tool == "bandit":
                runs.append(run_bandit(corpus, args.timeout * 5))
            elif tool == "ruff":
                runs.append(run_ruff(corpus, args.timeout * 5))
            elif tool == "semgrep":
                runs.append(run_semgrep(corpus, args.semgrep_rules, args.timeout * 5))
            else:
                runs.append(ToolRun(tool, status="unknown tool"))
        except Exception as exc:  # a broken tool is a result, not a crash
            runs.append(ToolRun(tool, status=f"failed: {type(exc).__name__}: {exc}"))

    scores = {r.name: score(r, labels) for r in runs if r.ran}
    print_tables(runs, scores, labels)
    print()
    for r in runs:
        if r.ran:
            print(f"details: {write_detail(r, scores[r.name], labels, results)}")
        for note in r.notes[:5]:
            print(f"  {r.name}: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

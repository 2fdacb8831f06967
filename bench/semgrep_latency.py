#!/usr/bin/env python3
"""Edit-to-diagnostics latency with and without semgrep, against semgrep's own ways to run.

Run by hand (never a timed test):

    .venv/bin/python bench/semgrep_latency.py               # 1,000-line file, 20 edits each
    .venv/bin/python bench/semgrep_latency.py --lines 5000 --edits 30

Every measurement is taken in this run, on this machine, on the same generated file (realistic
Flask/pymongo code with insecure calls of several kinds) and with the same semgrep rules
(seclint's engine-semgrep rules, exported to one semgrep YAML file):

* seclint over LSP (`seclint lsp` on stdio, debounce 0): a one-character edit, then the time
  until the first publish for that version (the in-process Python engines) and until the
  server says the last stage is in (`$/seclint/analysed` with final=true) — once with semgrep
  switched off (`engines = {semgrep = false}`) and once with it on;
* `semgrep-core` per file: the command seclint's engine runs, as a separate process (and with
  no rules at all: the fixed cost of starting the 260 MB binary);
* `semgrep lsp` (the persistent alternative): the file written to disk, didSave, time to its
  publishDiagnostics (it only lints on open and save);
* `semgrep scan --config RULES FILE`: the per-file CLI, the baseline.

It prints medians and p95 and the ratios between them.  Machines shared with other work give
noisy wall times: compare ratios from one run, not numbers from different runs.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "server"))

from seclint.catalogue import default_catalogue  # noqa: E402
from seclint.engines.semgrep.process import find_binary  # noqa: E402
from seclint.engines.semgrep.ruleset import semgrep_rule  # noqa: E402

OFFLINE = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off", "NO_COLOR": "1"}


# -- the file ------------------------------------------------------------------------------


def generate(lines: int, seed: int = 7) -> str:
    """Realistic web code: routes, helpers, loops, and insecure calls of several kinds."""
    rng = random.Random(seed)
    out = [
        '"""Generated for bench/semgrep_latency.py: a Flask service backed by MongoDB and SQLite."""',
        "import hashlib", "import json", "import sqlite3", "import subprocess", "", "import yaml",
        "from flask import Flask, abort, jsonify, request", "from pymongo import MongoClient", "",
        "app = Flask(__name__)", 'db = MongoClient("mongodb://localhost:27017").shop',
        'sql = sqlite3.connect("app.db", check_same_thread=False)', "",
    ]
    kinds = ["nosql", "format", "yaml", "sql", "shell", "hash", "plain", "plain", "plain"]
    i = 0
    while len(out) < lines - 8:
        i += 1
        kind = rng.choice(kinds)
        out += ["", "", f'@app.route("/items/{i}", methods=["GET", "POST"])', f"def handler_{i}():"]
        out += [f'    """Handle request {i}."""', "    body = request.get_json(silent=True) or {}",
                f'    name = request.args.get("name{i}", "")', "    total = 0",
                f"    for step in range({rng.randint(2, 40)}):", f"        total += step * {rng.randint(1, 99)}"]
        if kind == "nosql":
            out.append('    found = db.items.find_one({"owner": body.get("owner"), "tag": body.get("tag")})')
        elif kind == "format":
            out.append('    found = request.args.get("template", "{0}").format(total)')
        elif kind == "yaml":
            out.append('    found = yaml.load(body.get("config", ""))')
        elif kind == "sql":
            out.append("    found = sql.execute(\"SELECT * FROM items WHERE name = '\" + name + \"'\").fetchall()")
        elif kind == "shell":
            out.append('    found = subprocess.run("grep " + name + " /var/log/app.log", shell=True)')
        elif kind == "hash":
            out.append("    found = hashlib.md5(name.encode()).hexdigest()")
        else:
            out.append('    found = db.items.find_one({"owner": str(body.get("owner", ""))})')
        out += ["    if not found:", "        abort(404)", '    return jsonify(total=total, found=str(found))']
    out += ["", "", 'if __name__ == "__main__":', '    app.run(host="127.0.0.1", port=8000)']
    while len(out) < lines:
        out.append("")
    return "\n".join(out[:lines]) + "\n"


# -- a minimal LSP client ------------------------------------------------------------------------


class Lsp:
    """Content-Length framed JSON-RPC over a server's stdio; every message is timestamped on arrival."""

    def __init__(self, cmd: list[str], cwd: Path, env: dict | None = None, executable: str | None = None):
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, executable=executable, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                raw = out.readline()
                if not raw:
                    self.inbox.put(None)
                    return
                raw = raw.strip()
                if not raw:
                    break
                key, _, value = raw.decode("ascii", "replace").partition(":")
                headers[key.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.inbox.put((time.perf_counter(), json.loads(body)))

    def send(self, message: dict) -> float:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode()
        sent = time.perf_counter()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()
        return sent

    def notify(self, method: str, params: dict) -> float:
        return self.send({"method": method, "params": params})

    def request(self, method: str, params: dict | None, timeout: float = 120) -> dict:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m, timeout)[1]

    def wait(self, predicate, timeout: float = 120) -> tuple[float, dict]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                item = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError("no answer from the server") from None
            if item is None:
                raise RuntimeError(f"server exited ({self.proc.poll()})")
            stamp, message = item
            if "id" in message and "method" in message:  # a request from the server
                result = [None] * len(message.get("params", {}).get("items", [])) if message["method"] == "workspace/configuration" else None
                self.send({"id": message["id"], "result": result})
            if predicate(message):
                return stamp, message

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()


# -- measurements --------------------------------------------------------------------------------


def seclint_edits(text: str, workdir: Path, edits: int, semgrep: bool) -> dict[str, list[float]]:
    """Latencies (s) from a one-character edit to the first publish and to the final stage."""
    path = workdir / "app.py"
    uri = path.as_uri()
    options = {"debounceMs": 0, "engines": {"semgrep": semgrep}, "notifyAnalysed": True}
    client = Lsp([sys.executable, "-m", "seclint", "lsp"], workdir)
    try:
        client.request("initialize", {"processId": os.getpid(), "rootUri": workdir.as_uri(), "capabilities": {},
                                      "initializationOptions": options})
        client.notify("initialized", {})

        def final(version):
            return lambda m: m.get("method") == "$/seclint/analysed" and m["params"]["uri"] == uri and \
                m["params"]["version"] == version and m["params"]["final"]

        started = client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
        stamp, _ = client.wait(final(1))
        cold = stamp - started
        lines = text.split("\n")
        target = next(i for i in range(len(lines) // 2, len(lines)) if "total += step *" in lines[i])
        column = lines[target].index("*") + 2
        first, last, counts = [], [], []
        for version in range(2, edits + 6):
            digit = str(version % 10)
            publishes = []
            sent = client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": {"line": target, "character": column},
                                              "end": {"line": target, "character": column + 1}}, "text": digit}],
            })

            def seen(message, version=version):
                if message.get("method") == "textDocument/publishDiagnostics" and message["params"].get("version") == version:
                    publishes.append((time.perf_counter(), len(message["params"]["diagnostics"])))
                return final(version)(message)

            stamp, _ = client.wait(seen)
            if version > 5:  # the first edits warm up caches and the semgrep session
                first.append((publishes[0][0] if publishes else stamp) - sent)
                last.append(stamp - sent)
                counts.append(publishes[-1][1] if publishes else -1)
            time.sleep(0.05)
        return {"first": first, "final": last, "cold": [cold], "diagnostics": counts}
    finally:
        client.close()


def semgrep_core_per_file(core: Path, rules_json: Path, target: Path, runs: int) -> list[float]:
    targets = target.parent / "targets.json"
    targets.write_text(json.dumps(["Targets", [["CodeTarget", {"path": {"fpath": str(target), "ppath": str(target)},
                                                              "analyzer": "python", "products": ["sast"]}],
                                               ["CodeTarget", {"path": {"fpath": str(target), "ppath": str(target)},
                                                              "analyzer": "generic", "products": ["sast"]}]]]))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([str(core), "-json", "-rules", str(rules_json), "-targets", str(targets), "-j", "1", "-fast",
                        "-timeout", "5", "-timeout_threshold", "0"], capture_output=True, check=True, env={**os.environ, **OFFLINE})
        times.append(time.perf_counter() - started)
    return times


def semgrep_scan_per_file(semgrep: str, rules_yaml: Path, target: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([semgrep, "scan", "--config", str(rules_yaml), "--metrics=off", "--disable-version-check",
                        "--quiet", "--json", str(target)], capture_output=True, cwd=target.parent, env={**os.environ, **OFFLINE})
        times.append(time.perf_counter() - started)
    return times


def semgrep_lsp_saves(core: Path, rules_yaml: Path, target: Path, text: str, runs: int) -> list[float]:
    """semgrep's own language server (the same binary as `semgrep lsp`): save -> diagnostics."""
    home = target.parent / "semgrep-home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, **OFFLINE, "HOME": str(home)}
    # `semgrep lsp` execs semgrep-core under the name osemgrep; started the same way, minus the wrapper.
    client = Lsp(["osemgrep", "lsp"], target.parent, env, executable=str(core))
    uri = target.as_uri()
    try:
        client.request("initialize", {"processId": os.getpid(), "rootUri": target.parent.as_uri(), "capabilities": {},
                                      "workspaceFolders": [{"uri": target.parent.as_uri(), "name": "bench"}],
                                      "initializationOptions": {"scan": {"configuration": [str(rules_yaml)], "ci": False,
                                                                         "onlyGitDirty": False, "jobs": 1},
                                                                "metrics": {"enabled": False}}})
        client.notify("initialized", {})
        client.wait(lambda m: m.get("method") == "semgrep/rulesRefreshed", timeout=120)
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
        client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        times = []
        for i in range(runs + 2):
            target.write_text(text + f"# edit {i}\n")
            sent = client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
            stamp, _ = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
            if i >= 2:
                times.append(stamp - sent)
        return times
    finally:
        client.close()
        target.write_text(text)


# -- report -------------------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7, help="runs of each per-file command")
    args = parser.parse_args(argv)

    core = find_binary()
    semgrep = Path(sys.executable).parent / "semgrep"
    if core is None or not semgrep.exists():
        print("semgrep is not installed: pip install 'seclint[semgrep]'", file=sys.stderr)
        return 2
    catalogue = default_catalogue()
    rules = [r for r in catalogue.rules.values() if r.engine == "semgrep"]
    text = generate(args.lines)
    with tempfile.TemporaryDirectory(prefix="seclint-bench-") as tmp:
        work = Path(tmp)
        target = work / "app.py"
        target.write_text(text)
        exported = []
        for rule in rules:
            body = semgrep_rule(rule)
            if "fix" in rule.semgrep_body:
                body["fix"] = rule.semgrep_body["fix"]
            exported.append(body)
        rules_yaml = work / "rules.yaml"  # JSON is YAML: one file both semgrep and semgrep lsp read
        rules_yaml.write_text(json.dumps({"rules": exported}))
        rules_json = work / "rules-core.json"
        rules_json.write_text(json.dumps({"rules": [semgrep_rule(r) for r in rules]}))
        print(f"{args.lines}-line file, {len(rules)} semgrep rules, {args.edits} edits per configuration, "
              f"semgrep {subprocess.run([str(core), '-version'], capture_output=True, text=True).stdout.split()[2]}", flush=True)

        results: dict[str, list[float]] = {}
        off = seclint_edits(text, work, args.edits, semgrep=False)
        results["seclint, Python engines only: edit -> diagnostics"] = off["final"]
        on = seclint_edits(text, work, args.edits, semgrep=True)
        results["seclint + semgrep: edit -> first publish (Python engines)"] = on["first"]
        results["seclint + semgrep: edit -> final diagnostics"] = on["final"]
        results["semgrep-core per file (the engine's command)"] = semgrep_core_per_file(core, rules_json, target, args.runs)
        empty = work / "no-rules.json"
        empty.write_text('{"rules": []}')
        results["semgrep-core start-up alone (no rules)"] = semgrep_core_per_file(core, empty, target, args.runs)
        try:
            results["semgrep lsp: save -> diagnostics (same rules)"] = semgrep_lsp_saves(core, rules_yaml, target, text, args.runs)
        except Exception as exc:  # report, do not lose the other numbers
            print(f"semgrep lsp could not be measured: {exc}", file=sys.stderr)
        results["semgrep scan --config RULES FILE (baseline)"] = semgrep_scan_per_file(str(semgrep), rules_yaml, target, args.runs)

    width = max(len(k) for k in results)
    print(f"\n{'measurement':<{width}}  median ms   p95 ms   n")
    for name, values in results.items():
        print(f"{name:<{width}}  {statistics.median(values) * 1000:9.0f}  {p95(values) * 1000:7.0f}  {len(values):2d}")
    print(f"\ncold start to final diagnostics: {on['cold'][0] * 1000:.0f} ms with semgrep, {off['cold'][0] * 1000:.0f} ms without")
    print(f"diagnostics on the file: {on['diagnostics'][-1]} with semgrep, {off['diagnostics'][-1]} without")
    final = statistics.median(results["seclint + semgrep: edit -> final diagnostics"])
    scan = statistics.median(results["semgrep scan --config RULES FILE (baseline)"])
    core_time = statistics.median(results["semgrep-core per file (the engine's command)"])
    print("\nratios (medians, this run):")
    print(f"  semgrep scan / seclint+semgrep final        = {scan / final:5.1f}x  (target >= 4x)")
    print(f"  seclint+semgrep final / semgrep-core alone  = {final / core_time:5.2f}")
    lsp_key = "semgrep lsp: save -> diagnostics (same rules)"
    if lsp_key in results:
        saved = statistics.median(results[lsp_key])
        print(f"  seclint+semgrep final / semgrep lsp save    = {final / saved:5.2f}  (target <= 1)")
    python_only = statistics.median(results["seclint, Python engines only: edit -> diagnostics"])
    first = statistics.median(results["seclint + semgrep: edit -> first publish (Python engines)"])
    print(f"  first publish with semgrep / without semgrep = {first / python_only:5.2f}  (semgrep must not delay it)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Many open files, in detail: seclint executables compared in the same run, interleaved.

Run by hand (never a timed test).  `lsp_bench.py --files N` times the first publish of every file
(the Python engines); this also waits for each file's final analysis (semgrep included, told by
the `$/seclint/analysed` notification), and splits peak memory between the server and its
children, counting the semgrep-core processes started and the most alive at once.

    .venv/bin/python bench/many_files.py --files 200 --repeat 2 BEFORE_SECLINT AFTER_SECLINT

Each executable is started as `EXE lsp`; the runs alternate between them so that a change in the
machine's load hits both alike.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lsp_bench as lb  # noqa: E402
from gen_python import generate  # noqa: E402


class TreeSampler(lb.RssSampler):
    """Peak RSS of the server, of its children, and of both; semgrep-core processes seen."""

    def __init__(self, root: int):
        super().__init__(root)
        self.server = self.children = 0
        self.cores: set[int] = set()
        self.most_alive = 0

    def run(self) -> None:
        while not self.stop.is_set():
            server = children = alive = 0
            for pid in self._tree():
                try:
                    with open(f"/proc/{pid}/statm", "rb") as f:
                        rss = int(f.read().split()[1]) * self.PAGE
                    with open(f"/proc/{pid}/comm") as f:
                        core = f.read().startswith("semgrep")
                except (OSError, ValueError, IndexError):
                    continue
                if pid == self.root:
                    server = rss
                else:
                    children += rss
                if core:
                    self.cores.add(pid)
                    alive += 1
            self.server, self.children = max(self.server, server), max(self.children, children)
            self.peak = max(self.peak, server + children)
            self.most_alive = max(self.most_alive, alive)
            self.stop.wait(self.interval)


async def one_run(exe: str, files: dict[str, str], timeout: float) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="seclint-many-"))
    for name, text in files.items():
        (folder / name).write_text(text)
    docs = [lb.Doc(folder / name, text) for name, text in files.items()]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECLINT_")}
    client = lb.LspClient([exe, "lsp"], env, folder, folder / "server.stderr.log")
    finals: dict[str, float] = {}
    dispatch = client._dispatch

    def watching(msg: dict, arrived: float) -> None:
        params = msg.get("params") or {}
        if msg.get("method") == "$/seclint/analysed" and params.get("final"):
            finals.setdefault(params["uri"], arrived)
        dispatch(msg, arrived)

    client._dispatch = watching
    try:
        await client.start()
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    sampler = TreeSampler(client.pid)
    sampler.start()
    try:
        await client.initialize(folder, {"notifyAnalysed": True}, timeout)
        began = lb.NOW()
        for doc in docs:
            await client.notify("textDocument/didOpen", doc.open_params())
        firsts: dict[str, float] = {}
        while len(firsts) < len(docs) or len(finals) < len(docs):
            if lb.NOW() - began > timeout or client.dead:
                raise lb.Timeout(f"{len(firsts)} first, {len(finals)} final of {len(docs)}")
            await asyncio.sleep(0.01)
            for p in client.publishes:
                firsts.setdefault(p.uri, p.t)
        await asyncio.sleep(0.2)
    finally:
        sampler.stop.set()
        sampler.join()
        await client.close()
        shutil.rmtree(folder, ignore_errors=True)
    last = {}
    for p in client.publishes:
        last[p.uri] = p.count
    return {
        "all first publish (ms)": (max(firsts.values()) - began) * 1000,
        "all final (ms)": (max(finals.values()) - began) * 1000,
        "peak RSS, server + children (MB)": sampler.peak / 1e6,
        "peak RSS, server (MB)": sampler.server / 1e6,
        "peak RSS, children (MB)": sampler.children / 1e6,
        "semgrep-core processes": len(sampler.cores),
        "semgrep-core alive at once": sampler.most_alive,
        "diagnostics, final": sum(last.values()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("executables", nargs="+", help="seclint executables to compare")
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    # The server starts in its workspace folder: a relative path must not depend on that.
    args.executables = [os.path.abspath(exe) if os.sep in exe else exe for exe in args.executables]
    files = {f"module_{k:03d}.py": generate(args.lines, seed=10_000 + k) for k in range(args.files)}
    results: dict[str, dict[str, list[float]]] = {exe: {} for exe in args.executables}
    loads = [os.getloadavg()]
    for i in range(args.repeat):
        for exe in args.executables:
            print(f"[run {i + 1}] {exe}", file=sys.stderr, flush=True)
            for key, value in asyncio.run(one_run(exe, files, args.timeout)).items():
                results[exe].setdefault(key, []).append(value)
            loads.append(os.getloadavg())
    keys = list(next(iter(results.values())))
    print("| measurement (median) | " + " | ".join(args.executables) + " |")
    print("|---|" + "---:|" * len(args.executables))
    for key in keys:
        print(f"| {key} | " + " | ".join(f"{statistics.median(results[exe][key]):,.0f}" for exe in args.executables) + " |")
    print(f"\n{args.files} files of {args.lines} lines, {args.repeat} runs each, interleaved; "
          f"load average (1 min) from {min(l[0] for l in loads):.2f} to {max(l[0] for l in loads):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

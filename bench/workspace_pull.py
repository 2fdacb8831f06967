"""Wall time of `workspace/diagnostic` over a tree, against `seclint check` on the same tree.

    .venv/bin/python bench/workspace_pull.py [PATH]      # default: this repository

Measured in one run, on the same files: `seclint check --format json --jobs 1` and `--jobs N`
(the CLI's process pool), the first workspace pull through a real `seclint lsp` (one analysis
thread), and a second pull sending the first one's result ids (nothing changed: every file should
come back `unchanged`).  Prints the times and the ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent


def _check(path: Path, jobs: int) -> tuple[float, int]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "seclint", "check", "--format", "json", "--jobs", str(jobs), "."],
        cwd=path, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"seclint check failed: {result.stderr}")
    return elapsed, len(json.loads(result.stdout))


async def _pulls(path: Path) -> list[tuple[float, int, int, int]]:
    client = LanguageClient("bench", "1")
    await client.start_io(sys.executable, "-m", "seclint", "lsp")
    caps = lsp.ClientCapabilities(
        text_document=lsp.TextDocumentClientCapabilities(diagnostic=lsp.DiagnosticClientCapabilities()),
        window=lsp.WindowClientCapabilities(work_done_progress=False),
    )
    await client.initialize_async(
        lsp.InitializeParams(capabilities=caps, root_uri=path.as_uri(),
                             workspace_folders=[lsp.WorkspaceFolder(path.as_uri(), path.name)])
    )
    client.initialized(lsp.InitializedParams())
    out, previous = [], []
    for _ in range(2):
        started = time.perf_counter()
        report = await client.workspace_diagnostic_async(lsp.WorkspaceDiagnosticParams(previous_result_ids=previous))
        elapsed = time.perf_counter() - started
        full = [i for i in report.items if i.kind == "full"]
        out.append((elapsed, len(report.items), len(full), sum(len(i.items) for i in full)))
        previous = [lsp.PreviousResultId(i.uri, i.result_id) for i in report.items if i.result_id]
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", type=Path, default=ROOT)
    args = parser.parse_args()
    path = args.path.resolve()
    jobs = len(os.sched_getaffinity(0))
    one, findings = _check(path, 1)
    many, _ = _check(path, jobs)
    (cold, files, _, diags), (warm, _, full_again, _) = asyncio.run(_pulls(path))
    print(f"{path}: {files} files, {findings} findings (check), {diags} diagnostics (pull)")
    print(f"seclint check --jobs 1      {one:7.2f} s")
    print(f"seclint check --jobs {jobs:<6} {many:7.2f} s")
    print(f"workspace pull, first      {cold:7.2f} s   ({cold / one:.2f}x check --jobs 1, {cold / many:.2f}x --jobs {jobs})")
    print(f"workspace pull, unchanged  {warm:7.2f} s   ({warm / cold:.3f}x the first; {full_again} files re-sent)")


if __name__ == "__main__":
    main()

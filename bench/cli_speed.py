#!/usr/bin/env python3
"""Speed benchmark: wall time of `seclint check --jobs N` against `bandit -r` and `semgrep scan`.

The tree is this repository's Python files (tracked and new, as `git ls-files` lists them) plus
a few thousand lines of generated code: modules mixing ordinary code with the flaws the tools
look for (shell commands, YAML and pickle loading, SQL built from strings, weak hashes, TLS
checks turned off, request data flowing into files and commands).  No pyproject.toml is
copied, so every tool checks every file.

Each command runs once to warm the file cache, then --repeat times; the script prints the
median wall time, the CPU time of the process and its children (so CPU / wall is how many
cores it kept busy), how many findings it reported, and ratios against bandit and semgrep
measured in the same run — never a fixed number, since the machine's load changes.

    .venv/bin/python bench/cli_speed.py                    # seclint -j1, -j2, -j<cores>; bandit; semgrep
    .venv/bin/python bench/cli_speed.py --lines 8000 --repeat 5
    .venv/bin/python bench/cli_speed.py --semgrep .venv-bench/bin/semgrep

semgrep is optional (`pip install semgrep` into any venv and pass --semgrep, or have it on
PATH); it runs offline with bench/semgrep-rules.yaml, --metrics=off and
SEMGREP_ENABLE_VERSION_CHECK=0.  bandit is seclint's own dependency.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
VENV_BIN = Path(sys.executable).parent

# Templates for the generated modules: {n} is the module number, {i} the function number.
FLAWED = [
    "def run_{i}(cmd):\n    return subprocess.run(f\"tar czf /backups/{{cmd}}.tgz\", shell=True, check=False)\n",
    "def load_{i}(stream):\n    return yaml.load(stream, Loader=yaml.Loader)\n",
    "def restore_{i}(blob):\n    return pickle.loads(blob)\n",
    "def find_{i}(cur, name):\n    cur.execute(f\"SELECT * FROM users WHERE name = '{{name}}'\")\n    return cur.fetchall()\n",
    "def digest_{i}(data):\n    return hashlib.md5(data).hexdigest()\n",
    "def fetch_{i}(url):\n    return requests.get(url, verify=False)\n",
    "@app.route(\"/files_{n}_{i}\")\ndef download_{i}():\n    name = request.args.get(\"name\")\n    with open(os.path.join(\"/srv/files\", name)) as handle:\n        return handle.read()\n",
    "@app.route(\"/ping_{n}_{i}\")\ndef ping_{i}():\n    host = request.args[\"host\"]\n    return subprocess.check_output(\"ping -c 1 \" + host, shell=True)\n",
    "def template_{i}(source):\n    env = jinja2.Environment()\n    return env.from_string(source).render()\n",
]
BENIGN = [
    "def total_{i}(items):\n    result = 0\n    for item in items:\n        if item.price > 0:\n            result += item.price * item.quantity\n    return round(result, 2)\n",
    "class Record{i}:\n    def __init__(self, name, values):\n        self.name = name\n        self.values = list(values)\n\n    def mean(self):\n        return sum(self.values) / len(self.values) if self.values else 0.0\n",
    "def safe_load_{i}(stream):\n    return yaml.safe_load(stream)\n",
    "def query_{i}(cur, name):\n    cur.execute(\"SELECT * FROM users WHERE name = %s\", (name,))\n    return cur.fetchall()\n",
    "def listing_{i}(path):\n    return subprocess.run([\"ls\", \"-l\", path], check=True, capture_output=True).stdout\n",
    "def parse_{i}(text):\n    fields = {{}}\n    for line in text.splitlines():\n        key, _, value = line.partition(\"=\")\n        fields[key.strip()] = value.strip()\n    return fields\n",
]
HEADER = (
    '"""Generated module {n} for the seclint speed benchmark."""\n'
    "import hashlib\nimport os\nimport pickle\nimport subprocess\n\nimport jinja2\nimport requests\nimport yaml\n"
    "from flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
)


def generate(folder: Path, lines: int, seed: int = 7) -> int:
    """Write modules of about 120 lines each until there are ``lines`` lines; returns the count."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    written, n = 0, 0
    while written < lines:
        parts, i = [HEADER.format(n=n)], 0
        while sum(p.count("\n") for p in parts) < 120:
            template = rng.choice(FLAWED) if rng.random() < 0.35 else rng.choice(BENIGN)
            parts.append(template.format(n=n, i=i) + "\n\n")
            i += 1
        text = "".join(parts).rstrip() + "\n"
        (folder / f"generated_{n:03}.py").write_text(text)
        written += text.count("\n")
        n += 1
    return written


def build_tree(root: Path, lines: int) -> tuple[int, int]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.py"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.split("\0")
    total = 0
    files = 0
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (root / "repo" / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, root / "repo" / name)
            total += source.read_text(encoding="utf-8", errors="replace").count("\n")
            files += 1
    generated = generate(root / "generated", lines)
    files += len(list((root / "generated").glob("*.py")))
    return files, total + generated


@dataclass
class Measure:
    name: str
    wall: float
    cpu: float
    findings: int | None
    note: str = ""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(name: str, command: list[str], count, repeat: int, env: dict | None = None, ok=(0, 1)) -> Measure:
    walls, cpus, findings = [], [], None
    for attempt in range(repeat + 1):
        cpu_before, started = _children_cpu(), time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=3600)
        wall, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
        if result.returncode not in ok:
            return Measure(name, 0.0, 0.0, None, f"failed (exit {result.returncode}): {result.stderr.strip()[-300:]}")
        if attempt == 0:
            findings = count(result.stdout)
            continue  # the warm-up run: file cache, .pyc files
        walls.append(wall)
        cpus.append(cpu)
    return Measure(name, statistics.median(walls), statistics.median(cpus), findings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=4000, help="lines of generated code (default 4000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per command (default 3)")
    parser.add_argument("--jobs", default=None, help="comma-separated --jobs values for seclint (default: 1,2,cores)")
    parser.add_argument("--semgrep", help="the semgrep executable (default: semgrep on PATH or next to this Python)")
    args = parser.parse_args()

    cores = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
    jobs = [int(j) for j in args.jobs.split(",")] if args.jobs else sorted({1, 2, cores or 1})
    with tempfile.TemporaryDirectory(prefix="seclint-speed-") as tmp:
        tree = Path(tmp) / "tree"
        files, lines = build_tree(tree, args.lines)
        print(f"tree: {files} Python files, {lines:,} lines (this repository + {args.lines:,} generated); "
              f"{cores} core(s); median of {args.repeat} runs after one warm-up\n")
        results: list[Measure] = []
        for n in jobs:
            results.append(measure(
                f"seclint check --jobs {n}",
                [sys.executable, "-m", "seclint", "check", "--format", "json", "--jobs", str(n), str(tree)],
                lambda out: len(json.loads(out)), args.repeat,
            ))
        bandit = shutil.which("bandit", path=str(VENV_BIN)) or shutil.which("bandit")
        if bandit:
            results.append(measure(
                "bandit -r", [bandit, "-r", str(tree), "-f", "json", "-q"],
                lambda out: len(json.loads(out)["results"]), args.repeat,
            ))
        semgrep = args.semgrep or shutil.which("semgrep", path=str(VENV_BIN)) or shutil.which("semgrep")
        if semgrep:
            env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
            results.append(measure(
                f"semgrep scan (-j {cores})",
                [semgrep, "scan", "--config", str(BENCH / "semgrep-rules.yaml"), "--metrics=off", "--json", "--quiet",
                 "--disable-version-check", "--jobs", str(cores), str(tree)],
                lambda out: len(json.loads(out)["results"]), args.repeat, env=env,
            ))
        else:
            print("semgrep: not found (pip install semgrep, then --semgrep PATH); skipped\n")

    baselines = {m.name.split()[0]: m for m in results if not m.note and not m.name.startswith("seclint")}
    header = f"{'command':<28} {'wall s':>8} {'cpu s':>8} {'cores':>6} {'findings':>9}" + "".join(
        f" {'vs ' + b:>10}" for b in baselines
    )
    print(header)
    print("-" * len(header))
    for m in results:
        if m.note:
            print(f"{m.name:<28} {m.note}")
            continue
        ratios = "".join(f" {m.wall / b.wall:>9.2f}x" for b in baselines.values())
        print(f"{m.name:<28} {m.wall:>8.2f} {m.cpu:>8.2f} {m.cpu / m.wall:>6.2f} {m.findings:>9}{ratios}")
    print("\nratio = wall time / the baseline's wall time (below 1: faster).  cores = CPU time / wall time.")
    print("seclint runs bandit in-process as one of its engines, plus its own ast and data-flow checks.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

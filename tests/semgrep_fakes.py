"""Stand-ins for a semgrep-core that misbehaves, to inject faults into the real engine.

Each fake is a small executable script.  For the calls that check rules (``-targets`` naming
the empty target list) and compute prefilters it runs the real semgrep-core, so the engine
gets as far as scanning a document; then it misbehaves in the chosen way.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

from seclint.engines.semgrep.process import find_binary

REAL = find_binary()
# A key-shaped test value, assembled so that no key-shaped literal sits in the repository
# (seclint checks its own code, secrets included).
FAKE_AWS_KEY = "AKIA" + "Q4TR7WN2PLK5XMZV"
# A document holding this makes the "MODE-on-marker" fakes misbehave on any run that includes it.
CRASH_MARKER = "semgrep-fake-crashes-on-this"

# One semgrep finding (NoSQL), one native finding (yaml.load): the stages are told apart by engine.
APP = '''import yaml
from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
db = MongoClient().shop


@app.post("/login")
def login():
    body = request.get_json()
    user = db.users.find_one({"name": body["name"], "password": body["password"]})
    settings = yaml.load(body["settings"])
    return str(user), settings
'''

# A team's own semgrep rule (rule-paths), one entry of a `rules:` list, with a fix semgrep applies.
TEAM_RULE = """\
  - id: acme.no-pickle-from-cache
    languages: [python]
    severity: ERROR
    message: $CACHE values are shared between tenants; do not unpickle them
    metadata:
      cwe: ["CWE-502: Deserialization of Untrusted Data"]
      owasp: ["A08:2021 - Software and Data Integrity Failures"]
      confidence: HIGH
      references: ["https://wiki.acme.example/security/cache"]
      description: Our Redis cache is written by every service; treat it as untrusted.
    pattern: pickle.loads($CACHE.get(...))
    fix: json.loads($CACHE.get(...))
"""

_SCRIPT = '''#!{python}
import json, os, sys, time
args = sys.argv[1:]
CRASH_MARKER = {marker!r}
real = {real!r}
if "-prefilter_of_rules" in args or "-dump_ast" in args:
    os.execv(real, [real, *args])
if "-targets" in args:
    with open(args[args.index("-targets") + 1]) as handle:
        if json.load(handle) == ["Targets", []]:
            os.execv(real, [real, *args])
mode = {mode!r}
if mode.endswith("-on-marker"):
    # Misbehaves on a run whose targets include a file holding the marker, as a parser bug would.
    with open(args[args.index("-targets") + 1]) as handle:
        paths = [target[1]["path"]["fpath"] for target in json.load(handle)[1]]
    if not any(CRASH_MARKER in open(path, encoding="utf-8").read() for path in paths):
        os.execv(real, [real, *args])
    mode = mode[: -len("-on-marker")]
if mode == "crash":
    sys.stderr.write("Fatal error: exception Stack_overflow\\n")
    sys.exit(2)
if mode == "segfault":
    os.kill(os.getpid(), 11)
if mode == "hang":
    # Appended, one per line: a re-analysis (settings arriving after the open) may start a second run.
    with open({pidfile!r}, "a") as handle:
        handle.write(str(os.getpid()) + "\\n")
    time.sleep(120)
if mode == "garbage":
    sys.stdout.write("{{this is not json at all")
if mode == "wrong-shape":
    sys.stdout.write(json.dumps({{"results": [{{"check_id": "PY-NOSQL-INJECTION", "start": "nowhere"}}]}}))
if mode == "environment":
    with open({pidfile!r}, "w") as handle:
        json.dump(dict(os.environ), handle)
    os.execv(real, [real, *args])
'''


def hung_pids(side: Path) -> list[int]:
    """The processes a "hang" fake started, oldest first."""
    return [int(line) for line in side.read_text().split()] if side.exists() else []


def fake_core(tmp_path: Path, mode: str) -> tuple[Path, Path]:
    """An executable that behaves like semgrep-core except in ``mode``; and its side file."""
    side = tmp_path / f"fake-{mode}.out"
    script = tmp_path / f"semgrep-core-{mode}"
    script.write_text(_SCRIPT.format(python=sys.executable, real=str(REAL), mode=mode, pidfile=str(side), marker=CRASH_MARKER))
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script, side

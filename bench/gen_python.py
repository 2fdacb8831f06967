#!/usr/bin/env python3
"""Realistic generated Python for the benchmarks: Flask and Django-style modules.

A module is a header (docstring, imports, app objects, settings) followed by blocks drawn
at random, with a fixed seed, from templates of ordinary web-service code: route handlers,
class-based views, service and repository classes, helpers that build strings, dataclasses.
About one block in six holds an insecure call of the kind security linters look for:
subprocess with shell=True and an f-string, os.system, yaml.load, pickle.loads, requests with
verify=False, md5 over a secret, SQL built with an f-string, eval of request data, a
MongoDB filter taken from the request body.

The same (lines, seed) always gives the same text.  Every module parses (``ast.parse``).

    .venv/bin/python bench/gen_python.py --lines 1000 --seed 1 > /tmp/module.py
"""

from __future__ import annotations

import argparse
import ast
import random
import sys

HEADER = '''"""{title} service: HTTP handlers, background jobs and the helpers they share."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import requests
import yaml
from django.http import HttpResponse, JsonResponse
from django.views import View
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
log = logging.getLogger(__name__)

SECRET_KEY = os.environ.get("{upper}_SECRET_KEY", "")
API_BASE = "https://api.{name}.example.com/v2"
DEFAULT_TIMEOUT = {timeout}
PAGE_SIZE = {page}

'''

# Ordinary code.  {i} is the block's number, {n} the module's name, {f} a field name, {e} an entity.
PLAIN = [
    '''
@app.route("/{n}/{e}s/<int:item_id>")
def get_{e}_{i}(item_id):
    """Return one {e} as JSON."""
    record = repository.find_{e}(item_id)
    if record is None:
        abort(404)
    payload = {{"id": record.id, "{f}": record.{f}, "updated": record.updated.isoformat()}}
    log.info("served {e} %s", item_id)
    return jsonify(payload)
''',
    '''
@app.route("/{n}/{e}s", methods=["POST"])
def create_{e}_{i}():
    body = request.get_json(silent=True) or {{}}
    name = str(body.get("name", "")).strip()
    if not name:
        return jsonify({{"error": "name is required"}}), 400
    label = f"{{name}} ({e} #{i})"
    record = repository.add_{e}(name=name, label=label, owner=request.headers.get("X-User"))
    return jsonify({{"id": record.id, "label": label}}), 201
''',
    '''
class {E}View{i}(View):
    template_name = "{n}/{e}_detail.html"

    def get(self, request, pk):
        obj = {E}Store.get(pk)
        if obj is None:
            return JsonResponse({{"detail": "not found"}}, status=404)
        return JsonResponse({{"pk": pk, "{f}": getattr(obj, "{f}", None)}})

    def post(self, request, pk):
        data = json.loads(request.body or b"{{}}")
        changed = [key for key in data if key in ("{f}", "name", "status")]
        for key in changed:
            {E}Store.update(pk, key, data[key])
        return JsonResponse({{"pk": pk, "changed": changed}})
''',
    '''
@dataclass
class {E}Record{i}:
    id: int
    name: str
    {f}: str = ""
    tags: list[str] = field(default_factory=list)
    created: datetime = field(default_factory=datetime.utcnow)

    def summary(self) -> str:
        tags = ", ".join(sorted(self.tags)) or "none"
        return f"{{self.name}} [{{self.{f}}}] tags={{tags}}"

    def is_recent(self, days: int = 7) -> bool:
        return datetime.utcnow() - self.created < timedelta(days=days)
''',
    '''
class {E}Service{i}:
    """Business rules for {e}s; talks to the repository and the remote API."""

    def __init__(self, repo, session=None):
        self.repo = repo
        self.session = session or requests.Session()
        self.cache = {{}}

    def lookup(self, key):
        if key in self.cache:
            return self.cache[key]
        value = self.repo.load("{e}", key)
        self.cache[key] = value
        return value

    def remote_status(self, key):
        url = "/".join([API_BASE, "{e}s", str(key), "status"])
        response = self.session.get(url, timeout=DEFAULT_TIMEOUT)
        response.raise_for_status()
        return response.json().get("status", "unknown")

    def report(self, keys):
        lines = []
        for key in keys:
            item = self.lookup(key)
            lines.append("%s: %s" % (key, item))
        return "\\n".join(lines)
''',
    '''
def format_{e}_row_{i}(row, width=PAGE_SIZE):
    cells = []
    for column, value in sorted(row.items()):
        text = str(value) if value is not None else "-"
        if len(text) > width:
            text = text[: width - 1] + "~"
        cells.append("{{}}={{}}".format(column, text))
    return " | ".join(cells)
''',
    '''
def paginate_{i}(items, page=1, size=PAGE_SIZE):
    """Slice ``items`` for one page and describe the slice."""
    start = max(page - 1, 0) * size
    chunk = items[start : start + size]
    total_pages = (len(items) + size - 1) // size
    header = "page " + str(page) + " of " + str(total_pages)
    return {{"header": header, "items": chunk, "more": page < total_pages}}
''',
    '''
def {e}_totals_{i}(orders):
    totals = {{}}
    for order in orders:
        if order.get("status") == "cancelled":
            continue
        key = order.get("{f}", "other")
        totals[key] = totals.get(key, 0) + order.get("amount", 0) * order.get("quantity", 1)
    return {{k: round(v, 2) for k, v in totals.items()}}
''',
    '''
def {e}_export_{i}(records, path):
    rows = [format_row(r) for r in records if r]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("# {e} export\\n")
        for row in rows:
            handle.write(row + "\\n")
    log.debug("wrote %d {e} rows to %s", len(rows), path)
    return len(rows)
''',
    '''
def healthz_{i}():
    checks = {{"db": repository.ping(), "cache": bool(CACHE), "{f}": True}}
    status = 200 if all(checks.values()) else 503
    body = json.dumps({{"checks": checks, "at": datetime.utcnow().isoformat()}})
    return HttpResponse(body, status=status, content_type="application/json")
''',
]

INSECURE = [
    '''
@app.route("/{n}/archive/<name>")
def archive_{e}_{i}(name):
    target = os.path.join("/srv/{n}/archives", name)
    result = subprocess.run(f"tar czf {{target}}.tgz /srv/{n}/{e}s/{{name}}", shell=True, capture_output=True)
    return jsonify({{"code": result.returncode}})
''',
    '''
def load_{e}_config_{i}(path):
    with open(path) as handle:
        config = yaml.load(handle, Loader=yaml.Loader)
    return config.get("{e}", {{}})
''',
    '''
def fetch_{e}_{i}(key):
    url = API_BASE + "/{e}s/" + str(key)
    response = requests.get(url, verify=False, timeout=DEFAULT_TIMEOUT)
    return response.json()
''',
    '''
def sign_{e}_{i}(payload):
    digest = hashlib.md5((SECRET_KEY + payload).encode("utf-8")).hexdigest()
    return f"{{payload}}.{{digest}}"
''',
    '''
def restore_{e}_{i}(blob):
    state = pickle.loads(blob)
    log.info("restored {e} state with %d keys", len(state))
    return state
''',
    '''
def find_{e}s_by_name_{i}(cursor, name):
    cursor.execute(f"SELECT id, {f} FROM {e}s WHERE name = '{{name}}'")
    return cursor.fetchall()
''',
    '''
@app.route("/{n}/ping")
def ping_{i}():
    host = request.args.get("host", "localhost")
    os.system("ping -c 1 " + host)
    return "ok"
''',
    '''
@app.route("/{n}/{e}s/search", methods=["POST"])
def search_{e}s_{i}():
    body = request.get_json()
    found = db.{e}s.find_one({{"name": body["name"], "{f}": body.get("{f}")}})
    return jsonify(found or {{}})
''',
    '''
@app.route("/{n}/calc")
def calc_{e}_{i}():
    expression = request.args.get("expr", "0")
    return jsonify({{"value": eval(expression)}})
''',
]

NAMES = ["billing", "orders", "catalog", "accounts", "reports", "inventory", "shipping", "audit"]
ENTITIES = ["invoice", "order", "product", "user", "report", "item", "shipment", "ticket"]
FIELDS = ["status", "owner", "region", "currency", "priority", "category"]


def generate(lines: int, seed: int = 1) -> str:
    """A module of at least ``lines`` lines (a block more at most), the same for the same seed."""
    rng = random.Random(seed)
    name = rng.choice(NAMES)
    parts = [HEADER.format(title=name.capitalize(), name=name, upper=name.upper(),
                           timeout=rng.choice([5, 10, 30]), page=rng.choice([20, 50, 100]))]
    count = parts[0].count("\n")
    i = 0
    while count < lines:
        i += 1
        pool = INSECURE if rng.random() < 1 / 6 else PLAIN
        entity = rng.choice(ENTITIES)
        block = rng.choice(pool).format(i=i, n=name, e=entity, E=entity.capitalize(), f=rng.choice(FIELDS))
        parts.append(block)
        count += block.count("\n")
    return "".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    text = generate(args.lines, args.seed)
    ast.parse(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

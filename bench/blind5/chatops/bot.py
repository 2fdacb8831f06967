"""opsbot: Slack slash-command bot for deploys, lookups and on-call trivia."""
import ast
import hashlib
import hmac
import logging
import operator
import os
import random
import re
import sqlite3
import subprocess
import time
from functools import wraps

import requests
from flask import Flask, abort, jsonify, request

log = logging.getLogger("opsbot")
app = Flask(__name__)

SLACK_SIGNING_SECRET = os.environ["SLACK_SIGNING_SECRET"].encode()
SLACK_BOT_TOKEN = "xoxb-2841937465-5920183746521-Qm8vTz3KpL0aW7yR2nB5cX9d"  # VULN: CWE-798
DEPLOYABLE = {"api", "web", "worker", "scheduler"}
BRANCH_RE = re.compile(r"^[A-Za-z0-9._/-]{1,80}$")
HOST_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9-]{1,63}\.)*[a-z0-9-]{1,63}$")  # SAFE: CWE-1333
TICKET_RE = re.compile(r"^(\w+-?\d*,?\s*)+$")  # VULN: CWE-1333
CELEBRATIONS = [":tada:", ":rocket:", ":shipit:", ":partyparrot:"]
OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}

db = sqlite3.connect(os.environ.get("OPSBOT_DB", "opsbot.sqlite3"), check_same_thread=False)


def verified(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        ts = request.headers.get("X-Slack-Request-Timestamp", "0")
        if abs(time.time() - int(ts)) > 300:
            abort(403)
        base = b"v0:" + ts.encode() + b":" + request.get_data()
        expected = "v0=" + hmac.new(SLACK_SIGNING_SECRET, base, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, request.headers.get("X-Slack-Signature", "")):  # SAFE: CWE-208
            abort(403)
        return view(*args, **kwargs)
    return wrapped


def shell(cmd, **kw):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=kw.pop("timeout", 120), **kw)


def say(channel: str, text: str) -> None:
    requests.post("https://slack.com/api/chat.postMessage", json={"channel": channel, "text": text}, headers={"Authorization": f"Bearer {SLACK_BOT_TOKEN}"}, timeout=10)


def _calc(node):
    if isinstance(node, ast.Expression):
        return _calc(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in OPS:
        return OPS[type(node.op)](_calc(node.left), _calc(node.right))
    raise ValueError("unsupported expression")


@app.route("/slack/deploy", methods=["POST"])
@verified
def deploy():
    service, _, branch = request.form.get("text", "").partition(" ")
    if service not in DEPLOYABLE or not BRANCH_RE.match(branch) or branch.startswith("-"):
        return jsonify(text="usage: /deploy <api|web|worker|scheduler> <branch>")
    proc = subprocess.run(["./scripts/deploy.sh", service, branch], capture_output=True, text=True, timeout=900)  # SAFE: CWE-78
    say(request.form["channel_id"], f"{service}@{branch} deployed {random.choice(CELEBRATIONS)}")  # SAFE: CWE-330
    return jsonify(text=proc.stdout[-2000:])


@app.route("/slack/prod-approve", methods=["POST"])
@verified
def prod_approve():
    code = f"{random.randint(0, 999999):06d}"  # VULN: CWE-338
    db.execute("INSERT INTO approvals (user_id, code, created) VALUES (?, ?, ?)", (request.form["user_id"], code, int(time.time())))
    return jsonify(response_type="ephemeral", text=f"Read this code to the second approver: {code}")


@app.route("/slack/rollback", methods=["POST"])
@verified
def rollback():
    args = request.form.get("text", "").split()
    service = args[0] if args else "api"
    release = args[1] if len(args) > 1 else "previous"
    proc = shell(f"./scripts/rollback.sh {service} {release}")  # VULN: CWE-78
    return jsonify(text=proc.stdout[-2000:] or proc.stderr[-2000:])


@app.route("/slack/disk", methods=["POST"])
@verified
def disk():
    proc = shell("df -h --output=source,pcent,target -x tmpfs -x devtmpfs")  # SAFE: CWE-78
    return jsonify(text=f"```{proc.stdout}```")


@app.route("/slack/dig", methods=["POST"])
@verified
def dig():
    name = request.form.get("text", "").strip().lower()
    if not HOST_RE.match(name):
        return jsonify(text="that does not look like a hostname")
    proc = subprocess.run(["dig", "+short", name], capture_output=True, text=True, timeout=10)  # SAFE: CWE-78
    return jsonify(text=proc.stdout or "no records")


@app.route("/slack/calc", methods=["POST"])
@verified
def calc():
    expr = request.form.get("text", "")
    try:
        value = _calc(ast.parse(expr, mode="eval"))  # SAFE: CWE-95
    except (SyntaxError, ValueError, ZeroDivisionError):
        return jsonify(text="cannot compute that")
    return jsonify(text=f"{expr} = {value}")


@app.route("/slack/capacity", methods=["POST"])
@verified
def capacity():
    expr = request.form.get("text", "").replace("GB", "*1024").replace("TB", "*1024*1024")
    return jsonify(text=f"{expr} = {eval(expr)} MB")  # VULN: CWE-95


@app.route("/slack/status", methods=["POST"])
@verified
def status():
    service = request.form.get("text", "").strip()
    cur = db.cursor()
    cur.execute("SELECT version, deployed_by, deployed_at FROM deployments WHERE service = '" + service + "' ORDER BY deployed_at DESC LIMIT 1")  # VULN: CWE-89
    row = cur.fetchone()
    return jsonify(text=f"{service}: {row[0]} by {row[1]} at {row[2]}" if row else "never deployed")


@app.route("/slack/tickets", methods=["POST"])
@verified
def tickets():
    text = request.form.get("text", "")
    if not TICKET_RE.match(text):
        return jsonify(text="usage: /tickets OPS-1, OPS-2")
    keys = [k.strip() for k in text.split(",") if k.strip()]
    marks = ",".join("?" for _ in keys)
    rows = db.execute(f"SELECT key, title, state FROM tickets WHERE key IN ({marks})", keys).fetchall()  # SAFE: CWE-89
    return jsonify(text="\n".join(f"{k}: {t} [{s}]" for k, t, s in rows))


@app.route("/slack/unfurl", methods=["POST"])
@verified
def unfurl():
    url = request.form.get("text", "").strip("<> ")
    resp = requests.get(url, timeout=5, allow_redirects=True)  # VULN: CWE-918
    return jsonify(text=f"{url}: HTTP {resp.status_code}, {len(resp.content)} bytes")


@app.route("/slack/grafana", methods=["POST"])
@verified
def grafana():
    panel = request.form.get("text", "cpu")
    resp = requests.get("https://grafana.ops.internal/render/d-solo/main", params={"panelId": panel}, timeout=15, verify=False)  # VULN: CWE-295
    return jsonify(text=f"panel {panel}: {resp.status_code}")


@app.route("/slack/interactive", methods=["POST"])
@verified
def interactive():
    import json

    payload = json.loads(request.form["payload"])
    requests.post(payload["response_url"], json={"text": "acknowledged"}, timeout=5)  # SAFE: CWE-918
    return "", 200


if __name__ == "__main__":
    # the bot runs on the ops VM behind the corporate proxy
    app.run(host="0.0.0.0", port=3000, debug=True)  # VULN: CWE-489

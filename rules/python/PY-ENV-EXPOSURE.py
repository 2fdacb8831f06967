import json
import os
import subprocess

from flask import Flask, jsonify

app = Flask(__name__)


def _resp(status, body):
    return {"statusCode": status, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}


def health(event, context):
    # ruleid: PY-ENV-EXPOSURE
    return _resp(200, {"ok": True, "env": dict(os.environ)})


def health_v2(event, context):
    # ok: PY-ENV-EXPOSURE
    return _resp(200, {"ok": True, "version": os.environ.get("APP_VERSION", "dev")})


@app.route("/debug/env")
def debug_env():
    # ruleid: PY-ENV-EXPOSURE
    return jsonify(os.environ.copy())


@app.route("/debug/config")
def public_config():
    # ok: PY-ENV-EXPOSURE
    return jsonify({k: v for k, v in os.environ.items() if k.startswith("PUBLIC_")})


@app.route("/build")
def build():
    # ok: PY-ENV-EXPOSURE
    out = subprocess.run(["make"], env={**os.environ, "CI": "1"}, capture_output=True, text=True)
    return jsonify({"ok": out.returncode == 0})


class Status:
    def on_get(self, req, resp):
        # ruleid: PY-ENV-EXPOSURE
        resp.media = {"status": "up", "environment": {**os.environ}}


def child_env():
    # ok: PY-ENV-EXPOSURE
    return dict(os.environ)

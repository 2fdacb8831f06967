import os
import re
import shlex
import subprocess
import tempfile
from dataclasses import dataclass
from subprocess import check_output

from django.http import HttpResponse
from flask import Flask, abort, request

app = Flask(__name__)

TOOLS = {"lint": "/usr/bin/flake8", "format": "/usr/bin/black"}
UPLOAD_DIR = "/srv/uploads"
ALLOWED_GIT_HOSTS = ("https://git.example.com/", "https://github.com/acme/")


@dataclass
class ReleaseRequest:
    """The JSON body of POST /releases, decoded by the release API."""

    repo: str
    ref: str
    replicas: int = 1


@app.route("/tools/run")
def run_tool():
    tool = request.args["tool"]
    # ruleid: PY-CMD-EXEC-TAINTED
    return check_output([tool, "--version"], text=True)


@app.route("/exec", methods=["POST"])
def run_command():
    # ruleid: PY-CMD-EXEC-TAINTED
    result = subprocess.run(shlex.split(request.form["cmd"]), capture_output=True, text=True)
    return result.stdout


@app.route("/log")
def git_log():
    ref = request.args.get("ref", "HEAD")
    # ruleid: PY-CMD-EXEC-TAINTED
    return subprocess.check_output(["git", "log", "--oneline", "-n", "20", ref], text=True)


def fetch(request):
    url = request.POST["url"]
    argv = ["curl", "-sS", "--max-time", "10"]
    argv.append(url)
    # ruleid: PY-CMD-EXEC-TAINTED
    out = subprocess.run(argv, capture_output=True).stdout
    return HttpResponse(out)


@app.route("/open/<path:name>")
def open_with(name):
    # ruleid: PY-CMD-EXEC-TAINTED
    os.execvp(name, [name])


@app.route("/tools/run-safe")
def run_tool_safe():
    tool = request.args["tool"]
    if tool not in TOOLS:
        abort(404)
    # ok: PY-CMD-EXEC-TAINTED
    return check_output([TOOLS[tool], "--version"], text=True)


@app.route("/grep")
def grep_log():
    pattern = request.args.get("q", "")
    # ok: PY-CMD-EXEC-TAINTED
    return subprocess.check_output(["grep", "-n", "--", pattern, "/var/log/app.log"], text=True)


@app.route("/blame")
def blame():
    ref = request.args["ref"]
    if not re.fullmatch(r"[0-9a-f]{7,40}", ref):
        abort(400)
    # ok: PY-CMD-EXEC-TAINTED
    return subprocess.check_output(["git", "blame", ref, "--", "README.md"], text=True)


@app.route("/thumb")
def thumb():
    name = request.args["name"]
    # ok: PY-CMD-EXEC-TAINTED
    subprocess.run(["convert", os.path.join(UPLOAD_DIR, name), "-resize", "64x64", "/tmp/t.png"], check=True)
    return "ok"


@app.route("/seq")
def seq():
    count = int(request.args.get("n", "10"))
    # ok: PY-CMD-EXEC-TAINTED
    return check_output(["seq", str(count)], text=True)


def cli_main(argv):
    # not web request data: a CLI passes its own arguments on
    # ok: PY-CMD-EXEC-TAINTED
    return subprocess.call(["git", *argv[1:]])


class Deployer:
    def checkout(self, req: ReleaseRequest) -> str:
        workdir = tempfile.mkdtemp(prefix="release-")
        # `repo` = "--upload-pack=touch /tmp/pwned" runs a command through git.
        # ruleid: PY-CMD-EXEC-TAINTED
        subprocess.run(["git", "clone", "--depth", "1", req.repo, workdir], check=True)
        return workdir

    def checkout_checked(self, req: ReleaseRequest) -> str:
        if not req.repo.startswith(ALLOWED_GIT_HOSTS) or req.ref.startswith("-"):
            raise ValueError("repository not allowed")
        workdir = tempfile.mkdtemp(prefix="release-")
        # ok: PY-CMD-EXEC-TAINTED
        subprocess.run(["git", "clone", "--branch", req.ref, "--", req.repo, workdir], check=True)
        return workdir

    def scale(self, req: ReleaseRequest) -> None:
        # A field the dataclass declares as an int.
        # ok: PY-CMD-EXEC-TAINTED
        subprocess.run(["kubectl", "scale", "deploy/app", "--replicas", str(req.replicas)], check=True)

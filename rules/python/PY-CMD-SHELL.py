import asyncio
import shlex
import subprocess
import subprocess as sp
from pathlib import Path
from subprocess import Popen, check_output

from flask import Flask, abort, request

app = Flask(__name__)

BACKUP_DIR = "/var/backups/app"
SERVICES = ("nginx", "postgresql", "redis")
UPLOADS = Path("/srv/docs/uploads")
PREVIEWS = Path("/srv/docs/previews")


@app.route("/ping")
def ping():
    host = request.args.get("host", "")
    # ruleid: PY-CMD-SHELL
    out = subprocess.run(f"ping -c 1 {host}", shell=True, capture_output=True, text=True)
    return out.stdout


@app.route("/lookup")
def lookup():
    domain = request.args["domain"]
    # ruleid: PY-CMD-SHELL
    return check_output("nslookup " + domain, shell=True, text=True)


def compress(path, level):
    cmd = "gzip -%s %s" % (level, path)
    # ruleid: PY-CMD-SHELL
    sp.call(cmd, shell=True)


def convert(src, dst):
    # ruleid: PY-CMD-SHELL
    proc = Popen("convert {} -resize 50% {}".format(src, dst), shell=True)
    return proc.wait()


def notify(message):
    # shlex.quote() inside quotes written in the template: the quotes cancel out
    # ruleid: PY-CMD-SHELL
    subprocess.run("notify-send '%s'" % shlex.quote(message), shell=True)


def grep_logs(pattern):
    # `bash -c` is a shell, whatever shell= says
    # ruleid: PY-CMD-SHELL
    return subprocess.check_output(["bash", "-c", f"grep {pattern} /var/log/app.log | tail -n 20"])


async def archive(name):
    # ruleid: PY-CMD-SHELL
    proc = await asyncio.create_subprocess_shell(f"tar czf {BACKUP_DIR}/{name}.tgz /srv/data")
    await proc.wait()


def safe_ping(host):
    # ok: PY-CMD-SHELL
    return subprocess.run(["ping", "-c", "1", "--", host], capture_output=True)


def safe_quoted(path):
    # ok: PY-CMD-SHELL
    return subprocess.run(f"du -sh {shlex.quote(path)} | cut -f1", shell=True, capture_output=True)


def restart(service):
    if service not in SERVICES:
        abort(400)
    # ok: PY-CMD-SHELL
    subprocess.run(f"systemctl restart {service}", shell=True, check=True)


def kill(pid):
    # ok: PY-CMD-SHELL
    subprocess.run(f"kill -TERM {int(pid)}", shell=True)


def nightly_backup():
    # ok: PY-CMD-SHELL
    subprocess.run(f"tar czf {BACKUP_DIR}/nightly.tgz /srv/data", shell=False)


def count_lines(pattern):
    # the value is a positional parameter of a constant script, not part of it
    # ok: PY-CMD-SHELL
    return subprocess.check_output(["sh", "-c", 'grep -c -- "$1" /var/log/app.log', "_", pattern])


def make_thumbnail(upload_name):
    src = UPLOADS / upload_name
    # Quotes in the template do not protect the value (`x'; rm -rf ~; '`), and a path joined
    # with `/` keeps the text of its parts.
    # ruleid: PY-CMD-SHELL
    subprocess.call("convert '%s[0]' -resize 256x256 '%s.thumb.png'" % (src, PREVIEWS / upload_name), shell=True)


def make_thumbnail_quoted(upload_name):
    src = shlex.quote(str(UPLOADS / upload_name))
    dst = shlex.quote(str(PREVIEWS / f"{upload_name}.thumb.png"))
    # ok: PY-CMD-SHELL
    subprocess.call(f"convert {src}[0] -resize 256x256 {dst}", shell=True)


def rotate_logs(days):
    archive = PREVIEWS / "logs" / "archive.tar"
    # A path built from constants only; `days / 7` is a number.
    # ok: PY-CMD-SHELL
    subprocess.run(f"tar -cf {archive} --newer-mtime='{days / 7} weeks ago' /var/log/app", shell=True)

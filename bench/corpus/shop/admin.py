"""Admin-only maintenance endpoints (behind the VPN, but still reachable by staff)."""
import logging
import os
import shlex
import subprocess
import traceback
from subprocess import run

from flask import Blueprint, abort, current_app, jsonify, request

from .auth import require_admin

bp = Blueprint("admin", __name__, url_prefix="/admin")
log = logging.getLogger("shop.admin")

ALLOWED_SERVICES = {"nginx", "shop-worker", "redis"}
BACKUP_DIR = "/srv/backups"


@bp.route("/ping")
def ping():
    host = request.args.get("host", "localhost")
    output = subprocess.check_output("ping -c 1 " + host, shell=True)  # VULN: CWE-78
    return jsonify(output=output.decode())


@bp.route("/ping-safe")
def ping_safe():
    host = request.args.get("host", "localhost")
    output = subprocess.check_output(["ping", "-c", "1", "--", host], timeout=10)  # SAFE: CWE-78
    return jsonify(output=output.decode())


@bp.route("/restart/<service>", methods=["POST"])
def restart(service):
    if service not in ALLOWED_SERVICES:
        abort(404)
    run(["systemctl", "restart", service], check=True)  # SAFE: CWE-78
    return jsonify(restarted=service)


@bp.route("/logs")
def tail_logs():
    service = request.args.get("service", "shop")
    lines = request.args.get("n", "100")
    out = os.popen(f"journalctl -u {service} -n {lines}").read()  # VULN: CWE-78
    return out, 200, {"Content-Type": "text/plain"}


@bp.route("/grep")
def grep_logs():
    pattern = request.args.get("pattern", "")
    cmd = "grep -r -e %s /var/log/shop" % shlex.quote(pattern)
    out = subprocess.run(cmd, shell=True, capture_output=True, text=True)  # SAFE: CWE-78
    return out.stdout, 200, {"Content-Type": "text/plain"}


@bp.route("/disk")
def disk_usage():
    out = subprocess.run("df -h /srv | tail -n +2", shell=True, capture_output=True, text=True)  # SAFE: CWE-78
    return jsonify(df=out.stdout)


@bp.route("/exec", methods=["POST"])
def run_snippet():
    code = request.get_json()["code"]
    scope = {}
    exec(code, scope)  # VULN: CWE-94
    return jsonify(result=repr(scope.get("result")))


@bp.route("/backup", methods=["POST"])
def backup():
    label = request.form.get("label", "manual")
    os.system("pg_dump shop > %s/shop-%s.sql" % (BACKUP_DIR, label))  # VULN: CWE-78
    return jsonify(ok=True)


@bp.route("/backup-v2", methods=["POST"])
def backup_v2():
    label = request.form.get("label", "manual")
    if not label.isalnum():
        abort(400)
    with open(os.path.join(BACKUP_DIR, f"shop-{label}.sql"), "wb") as out:
        run(["pg_dump", "shop"], stdout=out, check=True)  # SAFE: CWE-78
    return jsonify(ok=True)


@bp.route("/thumbnail", methods=["POST"])
def thumbnail():
    image = request.form["image"]
    size = request.form.get("size", "200x200")
    proc = subprocess.Popen(["sh", "-c", f"convert {image} -resize {size} /srv/thumbs/out.png"])  # VULN: CWE-78
    proc.wait()
    return jsonify(ok=True)


@bp.route("/config/reload", methods=["POST"])
def reload_config():
    try:
        current_app.config.from_envvar("SHOP_SETTINGS")
    except Exception:
        log.exception("reload failed")
        return jsonify(error="reload failed"), 500  # SAFE: CWE-209
    return jsonify(ok=True)


@bp.route("/migrate", methods=["POST"])
def migrate():
    try:
        run(["flask", "db", "upgrade"], check=True, timeout=300)  # SAFE: CWE-78
    except Exception:
        return traceback.format_exc(), 500  # VULN: CWE-209
    return jsonify(ok=True)


@bp.route("/feature-flag", methods=["POST"])
def feature_flag():
    require_admin(request.environ.get("shop.user"))
    name = request.form["name"]
    value = request.form["value"]
    current_app.config["FLAGS"][name] = eval(value)  # VULN: CWE-94
    return jsonify(ok=True)


@bp.route("/debug-info")
def debug_info():
    return jsonify(env=dict(os.environ))  # VULN: CWE-200

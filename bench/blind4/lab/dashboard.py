"""Experiment dashboard: lists runs from the results DB, shows plots, lets people
leave notes on runs.  Runs on the group server, `python -m lab.dashboard`."""
from __future__ import annotations

import hmac
import os
import traceback
from functools import wraps

from flask import (
    Flask,
    abort,
    g,
    jsonify,
    redirect,
    render_template,
    render_template_string,
    request,
    send_file,
    send_from_directory,
    session,
    url_for,
)
from markupsafe import Markup, escape

from lab import results_db

PLOT_DIR = os.environ.get("RIG_PLOT_DIR", "/data/rig/plots")
NOTE_TEMPLATE = "<div class='note'><b>{{ author }}</b>: {{ note }}</div>"

app = Flask(__name__)
app.secret_key = "kessler-lab-dashboard-2021"  # VULN: CWE-798
app.config["SESSION_COOKIE_HTTPONLY"] = False  # VULN: CWE-1004
app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
API_KEY = os.environ.get("DASHBOARD_API_KEY", "")  # SAFE: CWE-798
INGEST_KEY = os.environ.get("DASHBOARD_INGEST_KEY", "")


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if "user" not in session:
            return redirect(url_for("login", next=request.path))
        return view(*args, **kwargs)

    return wrapper


@app.route("/")
@login_required
def index():
    runs = results_db.recent_runs(limit=request.args.get("n", 50, type=int))
    return render_template("index.html", runs=runs, user=session["user"])  # SAFE: CWE-79


@app.route("/search")
@login_required
def search():
    q = request.args.get("q", "")
    rows = results_db.find_by_sample(q)
    items = "".join(f"<li>{r['run_id']} ({r['sample']})</li>" for r in rows)
    return f"<h2>Runs matching {q}</h2><ul>{items}</ul>"  # VULN: CWE-79


@app.route("/run/<int:run_id>/note", methods=["POST"])
@login_required
def add_note(run_id: int):
    note = request.form["note"]
    results_db.add_note(run_id, session["user"], note)
    return render_template_string(NOTE_TEMPLATE, author=session["user"], note=note)  # SAFE: CWE-1336


@app.route("/run/<int:run_id>/preview-note")
@login_required
def preview_note(run_id: int):
    draft = request.args.get("draft", "")
    tpl = "<div class='note preview'>" + draft + "</div>"
    return render_template_string(tpl)  # VULN: CWE-1336


@app.route("/run/<int:run_id>/title")
@login_required
def run_title(run_id: int):
    title = results_db.run_title(run_id) or ""
    return Markup("<h1>%s</h1>") % escape(title)  # SAFE: CWE-79


@app.route("/plots/<path:name>")
@login_required
def plot(name: str):
    return send_from_directory(PLOT_DIR, name)  # SAFE: CWE-22


@app.route("/raw")
@login_required
def raw_plot():
    fname = request.args["file"]
    return send_file(os.path.join(PLOT_DIR, fname))  # VULN: CWE-22


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        user = results_db.check_login(request.form["user"], request.form["password"])
        if user is None:
            return render_template("login.html", error="wrong user or password"), 401
        session["user"] = user["name"]
        return redirect(request.args.get("next") or url_for("index"))  # VULN: CWE-601
    return render_template("login.html")


@app.route("/logout")
def logout():
    session.clear()
    return redirect(url_for("login"))  # SAFE: CWE-601


@app.route("/api/runs", methods=["POST"])
def api_create_run():
    if request.headers.get("X-Api-Key") != API_KEY:  # VULN: CWE-208
        abort(403)
    run_id = results_db.create_run(request.get_json())
    return jsonify({"run_id": run_id}), 201


@app.route("/api/ingest", methods=["POST"])
def api_ingest():
    supplied = request.headers.get("X-Ingest-Key", "")
    if not INGEST_KEY or not hmac.compare_digest(supplied, INGEST_KEY):  # SAFE: CWE-208
        abort(403)
    results_db.ingest_points(request.get_json())
    return "", 204


@app.errorhandler(500)
def on_error(exc):
    return "<pre>" + traceback.format_exc() + "</pre>", 500  # VULN: CWE-209


@app.teardown_appcontext
def close_db(_exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8050, debug=True)  # VULN: CWE-489

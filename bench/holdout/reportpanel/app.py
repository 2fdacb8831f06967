"""Internal reporting panel (finance + ops).  Runs behind the VPN on reports.corp.example."""
import ast
import base64
import hashlib
import io
import os
import pickle
import traceback

import pandas as pd
import yaml
from flask import Flask, Response, abort, g, jsonify, make_response, redirect, render_template, render_template_string, request, send_file, send_from_directory, session, url_for
from flask_cors import CORS
from markupsafe import Markup, escape
from sqlalchemy import create_engine, text

from .exports import export_csv, export_xlsx

app = Flask(__name__)
app.config["SECRET_KEY"] = "9f2d7c4be81a46f0b3e5d6a7c8091f2e"  # VULN: CWE-798
app.config["SESSION_COOKIE_SECURE"] = True  # SAFE: CWE-614
app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
CORS(app, origins="*", supports_credentials=True)  # VULN: CWE-942

engine = create_engine(os.environ["REPORTS_DATABASE_URL"], pool_pre_ping=True)
EXPORT_DIR = os.environ.get("EXPORT_DIR", "/srv/reports/exports")
REPORT_TABLES = {"orders_daily", "refunds_daily", "signups_weekly", "churn_monthly"}


@app.before_request
def load_user():
    g.user = session.get("user")
    if g.user is None and request.endpoint not in ("login", "static"):
        return redirect(url_for("login"))


@app.route("/reports/<name>")
def show_report(name):
    if name not in REPORT_TABLES:
        abort(404)
    df = pd.read_sql(f"SELECT * FROM reporting.{name} ORDER BY day DESC LIMIT 500", engine)  # SAFE: CWE-89
    title = request.args.get("title", name.replace("_", " ").title())
    return render_template_string("<h2>{{ title }}</h2>{{ table|safe }}", title=title, table=df.to_html(index=False))  # SAFE: CWE-1336


@app.route("/reports/custom")
def custom_report():
    title = request.args.get("title", "Custom report")
    header = render_template_string("<h2>" + title + "</h2>")  # VULN: CWE-1336
    return header + render_template("custom.html")


@app.route("/orders")
def orders():
    region = request.args.get("region", "EU")
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT id, customer, total FROM orders WHERE region = '{region}'")).fetchall()  # VULN: CWE-89
        refunds = conn.execute(text("SELECT id, amount FROM refunds WHERE region = :region"), {"region": region}).fetchall()  # SAFE: CWE-89
    return render_template("orders.html", rows=rows, refunds=refunds, region=region)  # SAFE: CWE-79


@app.route("/search")
def search():
    q = request.args.get("q", "")
    hint = Markup(f"Results for <b>{q}</b>")  # VULN: CWE-79
    safe_hint = Markup("Results for <b>{}</b>").format(q)  # SAFE: CWE-79
    note = f"<p>No results for {escape(q)}</p>"  # SAFE: CWE-79
    return render_template("search.html", hint=hint, safe_hint=safe_hint, note=Markup(note))


@app.route("/columns/preview", methods=["POST"])
def preview_computed_column():
    df = pd.read_sql("SELECT * FROM reporting.orders_daily LIMIT 100", engine)
    expr = request.form["expr"]
    df["computed"] = df.apply(lambda row: eval(expr, {}, row.to_dict()), axis=1)  # VULN: CWE-95
    filters = ast.literal_eval(request.form.get("filters", "{}"))  # SAFE: CWE-95
    for col, val in filters.items():
        df = df[df[col] == val]
    return df.to_json(orient="records")


@app.route("/dashboards/import", methods=["POST"])
def import_dashboard():
    raw = request.files["config"].read()
    config = yaml.load(raw, Loader=yaml.Loader)  # VULN: CWE-502
    return jsonify(sorted(config))


@app.route("/dashboards/import/v2", methods=["POST"])
def import_dashboard_v2():
    config = yaml.safe_load(request.files["config"].read())  # SAFE: CWE-502
    return jsonify(sorted(config))


@app.route("/filters/restore")
def restore_filters():
    saved = request.cookies.get("saved_filters")
    filters = pickle.loads(base64.b64decode(saved)) if saved else {}  # VULN: CWE-502
    return jsonify(filters)


@app.route("/exports/<fmt>")
def export(fmt):
    df = pd.read_sql("SELECT * FROM reporting.orders_daily", engine)
    path = export_xlsx(df, EXPORT_DIR) if fmt == "xlsx" else export_csv(df, EXPORT_DIR)
    with open(path, "rb") as fh:
        etag = hashlib.md5(fh.read()).hexdigest()  # SAFE: CWE-328
    resp = make_response(send_file(path, as_attachment=True))
    resp.set_etag(etag)
    return resp


@app.route("/exports/download")
def download_export():
    name = request.args["name"]
    return send_file(os.path.join(EXPORT_DIR, name), as_attachment=True)  # VULN: CWE-22


@app.route("/exports/get/<path:name>")
def download_export_v2(name):
    return send_from_directory(EXPORT_DIR, name, as_attachment=True)  # SAFE: CWE-22


@app.route("/prefs", methods=["POST"])
def save_prefs():
    resp = make_response(redirect(url_for("show_report", name="orders_daily")))
    resp.set_cookie("report_prefs", request.form.get("prefs", ""), secure=True, httponly=True, samesite="Lax")  # SAFE: CWE-614
    resp.set_cookie("panel_auth", session.get("token", ""), max_age=86400 * 30)  # VULN: CWE-614
    return resp


@app.route("/go")
def go():
    return redirect(request.args.get("to", "/"))  # VULN: CWE-601


@app.errorhandler(Exception)
def on_error(exc):
    return Response(f"<h1>Report failed</h1><pre>{traceback.format_exc()}</pre>", status=500)  # VULN: CWE-209


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8050, debug=True)  # VULN: CWE-489

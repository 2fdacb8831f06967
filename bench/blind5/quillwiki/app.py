"""Quillwiki: a small self-hosted wiki (Flask + SQLite + Markdown)."""
from __future__ import annotations

import logging
import os
import sqlite3
import traceback
from urllib.parse import urljoin, urlparse

import bleach
import markdown
import requests
from flask import (Flask, Response, abort, flash, g, jsonify, redirect, render_template,
                   render_template_string, request, session, url_for)
from markupsafe import Markup, escape

from quillwiki import auth
from quillwiki.attachments import attachments

log = logging.getLogger("quillwiki")

app = Flask(__name__, instance_relative_config=True)
app.config.from_mapping(
    DATABASE=os.path.join(app.instance_path, "quill.sqlite3"),
    MAX_CONTENT_LENGTH=16 * 1024 * 1024,
)
app.secret_key = os.environ.get("QUILL_SECRET_KEY") or os.urandom(32)  # SAFE: CWE-798
app.config["SESSION_COOKIE_HTTPONLY"] = True
app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
app.register_blueprint(attachments, url_prefix="/files")

ALLOWED_TAGS = sorted(bleach.sanitizer.ALLOWED_TAGS | {"p", "pre", "h1", "h2", "h3", "img", "table", "tr", "td", "th"})
ALLOWED_ATTRS = {"a": ["href", "title"], "img": ["src", "alt"]}
SORT_COLUMNS = {"title": "title", "updated": "updated_at", "author": "author"}

PAGE_HEADER = "<h1>{{ title }}</h1><p class='meta'>last edited by {{ author }}</p>"
TAG_LIST = "{% for p in pages %}<li><a href='/wiki/{{ p.slug }}'>{{ p.title }}</a></li>{% endfor %}"


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(app.config["DATABASE"], detect_types=sqlite3.PARSE_DECLTYPES)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def render_markdown(source: str) -> Markup:
    html = markdown.markdown(source, extensions=["fenced_code", "tables"])
    cleaned = bleach.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRS)
    return Markup(cleaned)  # SAFE: CWE-79


def render_comment(body: str) -> Markup:
    # comments are short, so we render them inline without the page pipeline
    return Markup("<div class='comment'>" + markdown.markdown(body) + "</div>")  # VULN: CWE-79


def is_safe_redirect(target: str) -> bool:
    ref = urlparse(request.host_url)
    test = urlparse(urljoin(request.host_url, target))
    return test.scheme in ("http", "https") and ref.netloc == test.netloc


def pages_for_tags(tags):
    marks = ", ".join("?" * len(tags))
    query = f"SELECT DISTINCT p.slug, p.title FROM pages p JOIN tags t ON t.page_id = p.id WHERE t.name IN ({marks})"
    return get_db().execute(query, tuple(tags)).fetchall()  # SAFE: CWE-89


@app.route("/")
def index():
    order = SORT_COLUMNS.get(request.args.get("sort", "updated"), "updated_at")
    rows = get_db().execute(f"SELECT slug, title, updated_at FROM pages ORDER BY {order} DESC LIMIT 50").fetchall()  # SAFE: CWE-89
    return render_template("index.html", pages=rows)


@app.route("/wiki/<slug>")
def show_page(slug):
    row = get_db().execute("SELECT * FROM pages WHERE slug = ?", (slug,)).fetchone()  # SAFE: CWE-89
    if row is None:
        abort(404)
    header = render_template_string(PAGE_HEADER, title=row["title"], author=row["author"])  # SAFE: CWE-1336
    comments = get_db().execute("SELECT body FROM comments WHERE page_id = ?", (row["id"],)).fetchall()
    return render_template(
        "page.html",
        header=header,
        body=render_markdown(row["body"]),
        comments=[render_comment(c["body"]) for c in comments],
    )


@app.route("/wiki/<slug>/history")
def history(slug):
    rows = get_db().execute("SELECT rev, author, summary FROM revisions WHERE slug = ? ORDER BY rev DESC", (slug,)).fetchall()
    items = "".join(f"<li>r{int(r['rev'])} {escape(r['author'])}: {escape(r['summary'])}</li>" for r in rows)
    return Markup("<ul class='history'>" + items + "</ul>")  # SAFE: CWE-79


@app.route("/wiki/<slug>/raw")
def raw_page(slug):
    row = get_db().execute("SELECT body FROM pages WHERE slug = ?", (slug,)).fetchone()
    if row is None:
        abort(404)
    return Response(row["body"], mimetype="text/html")  # VULN: CWE-79


@app.route("/macro/include")
@auth.login_required
def include_macro():
    """Backs the {{include:URL}} macro so pages can embed remote snippets."""
    resp = requests.get(request.args["src"], timeout=5)  # VULN: CWE-918
    return render_markdown(resp.text[:20000])


@app.route("/search")
def search():
    term = request.args.get("q", "").strip()
    namespace = request.args.get("ns", "main")
    sql = "SELECT slug, title FROM pages WHERE namespace = '%s'" % namespace
    sql += " AND body LIKE ? ORDER BY updated_at DESC"
    rows = get_db().execute(sql, ("%" + term + "%",)).fetchall()  # VULN: CWE-89
    return render_template("search.html", rows=rows, term=term)


@app.route("/tag/<name>")
def by_tag(name):
    heading = "<h2>Pages tagged " + name + "</h2><ul>"
    return render_template_string(heading + TAG_LIST + "</ul>", pages=pages_for_tags([name]))  # VULN: CWE-1336


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        username = request.form["username"]
        password = request.form["password"]
        user = auth.authenticate(get_db(), username, password)
        if user is None:
            log.warning("failed login for %r from %s", username, request.remote_addr)  # SAFE: CWE-532
            flash("Invalid credentials")
            return render_template("login.html"), 401
        session.clear()
        session["uid"] = user["id"]
        target = request.args.get("next", "")
        if target and is_safe_redirect(target):
            return redirect(target)  # SAFE: CWE-601
        return redirect(url_for("index"))
    return render_template("login.html")


@app.route("/logout")
def logout():
    session.clear()
    return redirect(request.args.get("return_to") or url_for("index"))  # VULN: CWE-601


@app.route("/admin/users/<int:uid>/role", methods=["POST"])
@auth.login_required
def change_role(uid):
    auth.promote(get_db(), auth.current_user(get_db()), uid, request.form["role"])
    get_db().commit()
    return redirect(url_for("admin_users"))


@app.route("/admin/users")
@auth.require_role("admin")
def admin_users():
    rows = get_db().execute("SELECT id, username, role FROM users ORDER BY username").fetchall()
    return render_template("admin_users.html", users=rows)


@app.errorhandler(500)
def internal_error(exc):
    log.exception("unhandled error")
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error="internal", detail=traceback.format_exc()), 500  # VULN: CWE-209
    return render_template("500.html"), 500


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000, debug=os.environ.get("QUILL_DEBUG") == "1")  # SAFE: CWE-489

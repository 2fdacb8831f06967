"""Public storefront views: catalogue, search, product pages and redirects."""
import ast
import logging
import os
import re
import sqlite3
import traceback
from urllib.parse import urlparse

import requests
from flask import (
    Blueprint,
    abort,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    render_template_string,
    request,
    url_for,
)
from markupsafe import Markup, escape

bp = Blueprint("shop", __name__)
log = logging.getLogger(__name__)

DB_PATH = os.environ.get("SHOP_DB", "shop.db")
ALLOWED_SORT = {"name", "price", "created_at"}
ALLOWED_REDIRECT_HOSTS = {"shop.example.com", "help.example.com"}
PRODUCTS_TABLE = "products"


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(DB_PATH)
        g.db.row_factory = sqlite3.Row
    return g.db


@bp.route("/products")
def list_products():
    category = request.args.get("category", "")
    sort = request.args.get("sort", "name")
    if sort not in ALLOWED_SORT:
        abort(400)
    db = get_db()
    rows = db.execute(f"SELECT id, name, price FROM products WHERE category = ? ORDER BY {sort}", (category,)).fetchall()  # SAFE: CWE-89
    return render_template("products.html", products=rows, category=category)  # SAFE: CWE-79


@bp.route("/search")
def search():
    term = request.args.get("q", "")
    db = get_db()
    log.info("search for %r", term)
    rows = db.execute("SELECT id, name FROM products WHERE name LIKE '%" + term + "%'").fetchall()  # VULN: CWE-89
    return render_template("search.html", rows=rows, term=term)


@bp.route("/product/<int:product_id>/reviews")
def reviews(product_id):
    author = request.args.get("author", "")
    cur = get_db().cursor()
    sql = "SELECT body, rating FROM reviews WHERE product_id = %d AND author = '%s'" % (product_id, author)
    cur.execute(sql)  # VULN: CWE-89
    return jsonify([dict(r) for r in cur.fetchall()])


@bp.route("/product/<int:product_id>")
def product_page(product_id):
    db = get_db()
    row = db.execute("SELECT * FROM {} WHERE id = :id".format(PRODUCTS_TABLE), {"id": product_id}).fetchone()  # SAFE: CWE-89
    if row is None:
        abort(404)
    return render_template("product.html", product=row)


@bp.route("/hello")
def hello():
    name = request.args.get("name", "guest")
    return f"<h1>Hello {name}!</h1>"  # VULN: CWE-79


@bp.route("/hello-safe")
def hello_safe():
    name = request.args.get("name", "guest")
    return f"<h1>Hello {escape(name)}!</h1>"  # SAFE: CWE-79


@bp.route("/banner")
def banner():
    message = request.args.get("msg", "")
    return render_template("banner.html", banner=Markup(message))  # VULN: CWE-79


@bp.route("/footer")
def footer():
    user = request.args.get("user", "")
    return render_template("footer.html", footer=Markup("<small>Signed in as {}</small>").format(user))  # SAFE: CWE-79


@bp.route("/preview", methods=["POST"])
def preview_template():
    body = request.form["template"]
    return render_template_string(body, user=g.get("user"))  # VULN: CWE-1336


@bp.route("/greeting")
def greeting():
    name = request.args.get("name", "")
    return render_template_string("<p>Hi {{ name }}</p>", name=name)  # SAFE: CWE-1336


@bp.route("/card")
def card():
    title = request.args.get("title", "")
    template = "<div class='card'><h2>" + title + "</h2></div>"
    return render_template_string(template)  # VULN: CWE-1336


@bp.route("/go")
def go():
    target = request.args.get("next", "/")
    return redirect(target)  # VULN: CWE-601


@bp.route("/go-safe")
def go_safe():
    target = request.args.get("next", "")
    if urlparse(target).netloc not in ALLOWED_REDIRECT_HOSTS:
        return redirect(url_for("shop.list_products"))  # SAFE: CWE-601
    return redirect(target)


@bp.route("/calc")
def calc():
    expr = request.args.get("expr", "0")
    result = eval(expr)  # VULN: CWE-94
    return jsonify(result=result)


@bp.route("/filters")
def filters():
    raw = request.args.get("f", "[]")
    parsed = ast.literal_eval(raw)  # SAFE: CWE-94
    return jsonify(filters=list(parsed))


@bp.route("/stock-image")
def stock_image():
    url = request.args.get("url")
    resp = requests.get(url, timeout=5)  # VULN: CWE-918
    return make_response(resp.content, 200, {"Content-Type": "image/png"})


@bp.route("/exchange-rate")
def exchange_rate():
    currency = request.args.get("currency", "EUR")
    if currency not in {"EUR", "USD", "GBP"}:
        abort(400)
    resp = requests.get("https://rates.example.com/latest", params={"base": currency}, timeout=5)  # SAFE: CWE-918
    return jsonify(resp.json())


@bp.route("/avatar")
def avatar():
    user_site = request.args.get("site", "")
    avatar_url = "https://" + user_site + "/avatar.png"
    data = requests.get(avatar_url, timeout=3).content  # VULN: CWE-918
    return make_response(data, 200, {"Content-Type": "image/png"})


@bp.route("/validate-sku")
def validate_sku():
    pattern = request.args.get("pattern", "")
    sku = request.args.get("sku", "")
    matched = re.match(pattern, sku) is not None  # VULN: CWE-1333
    return jsonify(matched=matched)


@bp.route("/sku-format")
def sku_format():
    sku = request.args.get("sku", "")
    return jsonify(valid=re.fullmatch(r"[A-Z]{3}-\d{6}", sku) is not None)  # SAFE: CWE-1333


@bp.route("/checkout", methods=["POST"])
def checkout():
    try:
        order = request.get_json()
        total = sum(item["price"] * item["qty"] for item in order["items"])
    except Exception:
        return jsonify(error="bad order", trace=traceback.format_exc()), 400  # VULN: CWE-209
    return jsonify(total=total)


@bp.route("/wishlist", methods=["POST"])
def wishlist():
    try:
        items = request.get_json()["items"]
    except (KeyError, TypeError):
        log.warning("bad wishlist payload", exc_info=True)
        return jsonify(error="invalid payload"), 400  # SAFE: CWE-209
    return jsonify(count=len(items))

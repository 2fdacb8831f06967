"""Back-office for Tea & Kettle: supplier catalogue import, invoices, a tiny
customer-facing "order status" page.  Bottle because it was one file at first."""
from __future__ import annotations

import os
import sqlite3
import uuid
from urllib.parse import urlparse

import bottle
import defusedxml.ElementTree as SafeET
import requests
from bottle import redirect, request, response, static_file, template
from lxml import etree

STATIC_ROOT = os.path.join(os.path.dirname(__file__), "static")
INVOICE_DIR = "/srv/teashop/invoices"
IMAGE_HOSTS = {"cdn.teasupplier.example", "images.kettleworks.example"}
DB = "/srv/teashop/backoffice.sqlite"

app = bottle.Bottle()


def db() -> sqlite3.Connection:
    conn = sqlite3.connect(DB)
    conn.row_factory = sqlite3.Row
    return conn


@app.get("/static/<filename:path>")
def static(filename):
    return static_file(filename, root=STATIC_ROOT)  # SAFE: CWE-22


@app.get("/invoice")
def invoice():
    name = request.query.file
    with open(os.path.join(INVOICE_DIR, name), "rb") as fh:  # VULN: CWE-22
        data = fh.read()
    response.content_type = "application/pdf"
    return data


@app.get("/status")
def order_status():
    ref = request.query.ref
    row = db().execute("SELECT state, updated FROM orders WHERE ref = ?", (ref,)).fetchone()  # SAFE: CWE-89
    if row is None:
        return template("<p>No order called " + ref + "</p>")  # VULN: CWE-1336
    return template("status", ref=ref, state=row["state"], updated=row["updated"])  # SAFE: CWE-1336


@app.get("/hello")
def hello():
    name = request.query.name or "friend"
    return template("<p>Hello {{name}}, welcome back!</p>", name=name)  # SAFE: CWE-79


@app.post("/login")
def login():
    user = request.forms.user
    row = db().execute("SELECT id FROM staff WHERE login = '" + user + "'").fetchone()  # VULN: CWE-89
    if row is None:
        redirect("/login?failed=1")
    sid = uuid.uuid4().hex
    response.set_cookie("bo_session", sid, path="/")  # VULN: CWE-614
    response.set_cookie("bo_pref", "compact", path="/", max_age=86400 * 365)
    redirect(request.query.back or "/dashboard")  # VULN: CWE-601


@app.post("/login2")
def login2():
    sid = uuid.uuid4().hex
    response.set_cookie("bo_session", sid, path="/", secure=True, httponly=True, samesite="strict")  # SAFE: CWE-614
    redirect("/dashboard")  # SAFE: CWE-601


@app.post("/products/image")
def fetch_image():
    url = request.forms.image_url
    img = requests.get(url, timeout=10)  # VULN: CWE-918
    save_product_image(request.forms.sku, img.content)
    return {"ok": True}


@app.post("/products/image2")
def fetch_image_checked():
    url = request.forms.image_url
    parsed = urlparse(url)
    if parsed.scheme != "https" or parsed.hostname not in IMAGE_HOSTS:
        bottle.abort(400, "image host not allowed")
    img = requests.get(url, timeout=10, allow_redirects=False)  # SAFE: CWE-918
    save_product_image(request.forms.sku, img.content)
    return {"ok": True}


@app.post("/catalogue/import")
def import_catalogue():
    """Supplier uploads their XML price list."""
    upload = request.files.get("catalogue")
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True)
    tree = etree.fromstring(upload.file.read(), parser)  # VULN: CWE-611
    count = 0
    for item in tree.iter("item"):
        upsert_product(item.findtext("sku"), item.findtext("name"), item.findtext("price"))
        count += 1
    return {"imported": count}


@app.post("/catalogue/import-v2")
def import_catalogue_v2():
    upload = request.files.get("catalogue")
    tree = SafeET.fromstring(upload.file.read())  # SAFE: CWE-611
    for item in tree.iter("item"):
        upsert_product(item.findtext("sku"), item.findtext("name"), item.findtext("price"))
    return {"ok": True}


def save_product_image(sku: str, data: bytes) -> None:
    safe_sku = "".join(c for c in sku if c.isalnum() or c in "-_")
    with open(os.path.join(STATIC_ROOT, "products", safe_sku + ".jpg"), "wb") as fh:  # SAFE: CWE-22
        fh.write(data)


def upsert_product(sku, name, price) -> None:
    conn = db()
    with conn:
        conn.execute(
            "INSERT INTO products (sku, name, price) VALUES (?, ?, ?) "
            "ON CONFLICT(sku) DO UPDATE SET name = excluded.name, price = excluded.price",
            (sku, name, price),
        )


if __name__ == "__main__":
    bottle.run(app, host="0.0.0.0", port=8081, debug=True, reloader=True)  # VULN: CWE-489

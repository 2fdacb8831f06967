import json

from bson import ObjectId
from flask import Flask, abort, request
from pymongo import MongoClient
from werkzeug.security import check_password_hash

app = Flask(__name__)
db = MongoClient("mongodb://localhost:27017").shop


@app.post("/login")
def login():
    body = request.get_json()
    # ruleid: PY-NOSQL-INJECTION
    user = db.users.find_one({"name": body["name"], "password": body["password"]})
    if user is None:
        abort(401)
    return {"id": str(user["_id"])}


@app.post("/login-checked")
def login_checked():
    body = request.get_json()
    # ok: PY-NOSQL-INJECTION
    user = db.users.find_one({"name": str(body["name"])})
    if user is None or not check_password_hash(user["password_hash"], str(body["password"])):
        abort(401)
    return {"id": str(user["_id"])}


@app.get("/orders")
def orders():
    owner = request.args.get("owner", "")
    # ruleid: PY-NOSQL-INJECTION
    found = db.orders.find({"$where": "this.owner == '" + owner + "'"})
    # ok: PY-NOSQL-INJECTION
    mine = db.orders.find({"owner": owner, "status": "open"})
    return {"orders": [str(o["_id"]) for o in found], "open": [str(o["_id"]) for o in mine]}


def search_view(request):
    """A Django view that takes a filter document from the client."""
    criteria = json.loads(request.body)
    # ruleid: PY-NOSQL-INJECTION
    return list(db.products.find(criteria, {"_id": 0}))


def product_view(request):
    wanted = json.loads(request.body)
    # ok: PY-NOSQL-INJECTION
    product = db.products.find_one({"_id": ObjectId(wanted["id"])})
    # ok: PY-NOSQL-INJECTION
    recent = db.products.find({"$where": "this.updated > this.created"})
    return {"product": product, "recent": list(recent)}

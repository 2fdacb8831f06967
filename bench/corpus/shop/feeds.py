"""Supplier feed imports: XML catalogue feeds, YAML price lists, saved carts."""
import base64
import json
import pickle

import defusedxml.ElementTree as DefusedET
import yaml
from flask import Blueprint, jsonify, request
from lxml import etree

bp = Blueprint("feeds", __name__, url_prefix="/feeds")


@bp.route("/catalogue", methods=["POST"])
def import_catalogue():
    root = etree.fromstring(request.data)  # VULN: CWE-611
    return jsonify(products=len(root.findall("product")))


@bp.route("/catalogue-v2", methods=["POST"])
def import_catalogue_v2():
    root = DefusedET.fromstring(request.data)  # SAFE: CWE-611
    return jsonify(products=len(root.findall("product")))


@bp.route("/sitemap", methods=["POST"])
def import_sitemap():
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(request.get_data(), parser)  # SAFE: CWE-611
    return jsonify(urls=len(root))


@bp.route("/supplier", methods=["POST"])
def import_supplier():
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True)
    tree = etree.fromstring(request.get_data(), parser=parser)  # VULN: CWE-611
    return jsonify(name=tree.findtext("name"))


@bp.route("/prices", methods=["POST"])
def import_prices():
    prices = yaml.load(request.data, Loader=yaml.Loader)  # VULN: CWE-502
    return jsonify(count=len(prices))


@bp.route("/prices-v2", methods=["POST"])
def import_prices_v2():
    prices = yaml.safe_load(request.data)  # SAFE: CWE-502
    return jsonify(count=len(prices))


@bp.route("/cart/restore", methods=["POST"])
def restore_cart():
    blob = base64.b64decode(request.form["cart"])
    cart = pickle.loads(blob)  # VULN: CWE-502
    return jsonify(items=len(cart))


@bp.route("/cart/restore-v2", methods=["POST"])
def restore_cart_v2():
    cart = json.loads(base64.b64decode(request.form["cart"]))  # SAFE: CWE-502
    return jsonify(items=len(cart))

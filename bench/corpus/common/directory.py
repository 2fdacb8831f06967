"""Staff directory lookups (LDAP) and product catalogue queries (XPath) for the intranet."""
import os
import xml.etree.ElementTree as ET

import ldap
import ldap.filter
from flask import Blueprint, abort, jsonify, request
from ldap3 import ALL, Connection, Server
from ldap3.utils.conv import escape_filter_chars
from lxml import etree

bp = Blueprint("directory", __name__, url_prefix="/directory")

LDAP_URI = "ldaps://ldap.example.com"
BASE_DN = "ou=people,dc=example,dc=com"
BIND_DN = "cn=intranet,ou=services,dc=example,dc=com"
CATALOGUE = etree.parse("/srv/intranet/catalogue.xml")


def ldap_conn():
    conn = ldap.initialize(LDAP_URI)
    conn.simple_bind_s(BIND_DN, os.environ["LDAP_BIND_PASSWORD"])  # SAFE: CWE-798
    return conn


def ldap3_conn():
    server = Server(LDAP_URI, use_ssl=True, get_info=ALL)
    return Connection(server, user=BIND_DN, password="Ld@pB1nd!2020", auto_bind=True)  # VULN: CWE-798


@bp.route("/user")
def find_user():
    username = request.args.get("uid", "")
    conn = ldap_conn()
    result = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=%s)" % username)  # VULN: CWE-90
    return jsonify([dn for dn, _ in result])


@bp.route("/user-v2")
def find_user_v2():
    username = request.args.get("uid", "")
    conn = ldap_conn()
    result = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=%s)" % ldap.filter.escape_filter_chars(username))  # SAFE: CWE-90
    return jsonify([dn for dn, _ in result])


@bp.route("/by-mail")
def find_by_mail():
    email = request.args.get("mail", "")
    conn = ldap3_conn()
    conn.search(BASE_DN, f"(&(objectClass=person)(mail={email}))", attributes=["cn", "uid"])  # VULN: CWE-90
    return jsonify([str(e.cn) for e in conn.entries])


@bp.route("/by-mail-v2")
def find_by_mail_v2():
    email = request.args.get("mail", "")
    conn = ldap3_conn()
    conn.search(BASE_DN, "(&(objectClass=person)(mail=%s))" % escape_filter_chars(email), attributes=["cn"])  # SAFE: CWE-90
    return jsonify([str(e.cn) for e in conn.entries])


@bp.route("/login", methods=["POST"])
def ldap_login():
    user = request.form["user"]
    password = request.form["password"]
    conn = ldap.initialize(LDAP_URI)
    conn.simple_bind_s("uid=" + user + "," + BASE_DN, password)  # VULN: CWE-90
    return jsonify(ok=True)


@bp.route("/product")
def find_product():
    sku = request.args.get("sku", "")
    nodes = CATALOGUE.xpath(f"//product[@sku='{sku}']/name/text()")  # VULN: CWE-643
    return jsonify(names=[str(n) for n in nodes])


@bp.route("/product-v2")
def find_product_v2():
    sku = request.args.get("sku", "")
    nodes = CATALOGUE.xpath("//product[@sku=$sku]/name/text()", sku=sku)  # SAFE: CWE-643
    return jsonify(names=[str(n) for n in nodes])


@bp.route("/supplier")
def find_supplier():
    name = request.args.get("name", "")
    root = ET.parse("/srv/intranet/suppliers.xml").getroot()
    found = root.findall(".//supplier[@name='" + name + "']")  # VULN: CWE-643
    if not found:
        abort(404)
    return jsonify(count=len(found))


@bp.route("/category")
def find_category():
    cat = request.args.get("cat", "")
    if not cat.isalnum():
        abort(400)
    found = CATALOGUE.xpath("//category[@id='%s']" % cat)  # SAFE: CWE-643
    return jsonify(count=len(found))

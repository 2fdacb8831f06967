import xml.etree.ElementTree as ET

from flask import Flask, request
from lxml import etree

app = Flask(__name__)

USERS = etree.parse("users.xml")
ROLES = ("admin", "editor", "viewer")


@app.route("/login", methods=["POST"])
def login():
    user, password = request.form["user"], request.form["password"]
    # ruleid: PY-XPATH-INJECTION
    found = USERS.xpath(f"//user[@name='{user}' and @password='{password}']")
    return {"ok": bool(found)}


def find_user(tree, name):
    # ruleid: PY-XPATH-INJECTION
    return tree.xpath("//user[name/text()='" + name + "']/email/text()")


def compiled(user_id):
    # ruleid: PY-XPATH-INJECTION
    finder = etree.XPath("//user[@id='%s']" % user_id)
    return finder(USERS)


def books_by(root: ET.Element, author):
    # ruleid: PY-XPATH-INJECTION
    return root.findall(".//book[author='{}']".format(author))


@app.route("/login-safe", methods=["POST"])
def login_safe():
    # ok: PY-XPATH-INJECTION
    found = USERS.xpath(
        "//user[@name=$name and @password=$pw]", name=request.form["user"], pw=request.form["password"]
    )
    return {"ok": bool(found)}


def admins():
    # ok: PY-XPATH-INJECTION
    return USERS.xpath("//user[@role='admin']/@name")


def by_role(role):
    if role not in ROLES:
        raise ValueError(role)
    # ok: PY-XPATH-INJECTION
    return USERS.xpath(f"//user[@role='{role}']")


def nth_user(index):
    # ok: PY-XPATH-INJECTION
    return USERS.xpath("//user[%d]" % index)


def contains_name(text, name):
    # ok: PY-XPATH-INJECTION
    return text.find(f"name={name}")

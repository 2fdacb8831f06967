import os

import lxml.etree
from flask import Flask, request
from lxml import etree, objectify
from lxml.etree import XMLParser, fromstring

app = Flask(__name__)

# ruleid: PY-XXE-LXML
UNSAFE = etree.XMLParser(resolve_entities=True)
SAFE = etree.XMLParser(resolve_entities=False, no_network=True)


@app.route("/orders", methods=["POST"])
def import_order():
    # ruleid: PY-XXE-LXML
    root = etree.fromstring(request.data, UNSAFE)
    return {"id": root.get("id")}


def load_with_dtd(path):
    # ruleid: PY-XXE-LXML
    parser = XMLParser(load_dtd=True, no_network=True)
    # ruleid: PY-XXE-LXML
    return etree.parse(path, parser)


def remote_dtd(data):
    # ruleid: PY-XXE-LXML
    return lxml.etree.fromstring(data, parser=lxml.etree.XMLParser(no_network=False))


def big_documents(stream):
    # ruleid: PY-XXE-LXML
    for _event, elem in etree.iterparse(stream, huge_tree=True):
        yield elem.tag


def objectify_parse(blob):
    # ruleid: PY-XXE-LXML
    parser = objectify.makeparser(resolve_entities=True, remove_blank_text=True)
    # ruleid: PY-XXE-LXML
    return objectify.fromstring(blob, parser)


def et_compat(data):
    # ruleid: PY-XXE-LXML
    parser = etree.ETCompatXMLParser()
    # ruleid: PY-XXE-LXML
    return etree.fromstring(data, parser)


@app.post("/feed")
def feed():
    titles = []
    # ruleid: PY-XXE-LXML
    for _event, elem in etree.iterparse(request.files["feed"], tag="title"):
        titles.append(elem.text)
    return {"titles": titles}


@app.post("/soap")
def soap():
    # ruleid: PY-XXE-LXML
    envelope = fromstring(request.get_data())
    return envelope.tag


# --- lookalikes -----------------------------------------------------------------

@app.route("/orders-safe", methods=["POST"])
def import_order_safe():
    # ok: PY-XXE-LXML
    root = etree.fromstring(request.data, SAFE)
    return {"id": root.get("id")}


def validated(path):
    # ok: PY-XXE-LXML
    parser = etree.XMLParser(dtd_validation=True, resolve_entities=False, no_network=True)
    return etree.parse(path, parser)


def internal_only(data):
    # ok: PY-XXE-LXML
    parser = etree.XMLParser(resolve_entities="internal")
    return etree.fromstring(data, parser)


def stream_safely(stream):
    # ok: PY-XXE-LXML
    for _event, elem in etree.iterparse(stream, resolve_entities=False, tag="item"):
        yield elem.text


def literal():
    # ok: PY-XXE-LXML
    return etree.fromstring(b"<root><child/></root>")


def serialise(root):
    # ok: PY-XXE-LXML
    return etree.tostring(root, pretty_print=True)


def uploaded_report(path):
    # A file from outside the program, parsed with the default parser (XXE before lxml 5.0).
    # ruleid: PY-XXE-LXML
    return etree.parse(path)


def own_template():
    # ok: PY-XXE-LXML
    return etree.parse(os.path.join(os.path.dirname(__file__), "templates", "report.xml"))

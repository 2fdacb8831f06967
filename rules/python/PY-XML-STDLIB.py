import os
import sys
import xml.dom.minidom
import xml.etree.ElementTree as ET
import xml.sax
from pathlib import Path
from xml.dom import pulldom
from xml.dom.minidom import parseString
from xml.etree import cElementTree
from xml.etree.ElementTree import fromstring
from xml.sax.handler import feature_external_ges

import defusedxml.ElementTree as DET
import requests
from django.http import JsonResponse
from flask import Flask, request

app = Flask(__name__)
BASE_DIR = Path(__file__).resolve().parent


@app.route("/orders/import", methods=["POST"])
def import_orders():
    # ruleid: PY-XML-STDLIB
    root = ET.fromstring(request.data)
    return {"orders": len(root.findall("order"))}


@app.post("/upload")
def upload():
    doc = request.files["doc"]
    # ruleid: PY-XML-STDLIB
    tree = ET.parse(doc)
    return {"root": tree.getroot().tag}


def soap_endpoint(request):
    # ruleid: PY-XML-STDLIB
    dom = parseString(request.body)
    action = dom.getElementsByTagName("Action")[0].firstChild.data
    return JsonResponse({"action": action})


def fetch_feed(url):
    resp = requests.get(url, timeout=10)
    # ruleid: PY-XML-STDLIB
    return xml.dom.minidom.parseString(resp.content)


def count_records(path):
    count = 0
    # ruleid: PY-XML-STDLIB
    for _event, elem in cElementTree.iterparse(path):
        count += elem.tag == "record"
    return count


def main():
    # ruleid: PY-XML-STDLIB
    events = pulldom.parse(sys.argv[1])
    for event, node in events:
        print(event, node)


def with_sax(stream, handler):
    # ruleid: PY-XML-STDLIB
    parser = xml.sax.make_parser()
    # ruleid: PY-XML-STDLIB
    parser.setFeature(feature_external_ges, True)
    parser.setContentHandler(handler)
    parser.parse(stream)


def parse_text(body):
    # ruleid: PY-XML-STDLIB
    return fromstring(body)


# --- lookalikes -----------------------------------------------------------------

@app.route("/orders/import-safe", methods=["POST"])
def import_orders_safe():
    # ok: PY-XML-STDLIB
    root = DET.fromstring(request.data)
    return {"orders": len(root.findall("order"))}


def build_reply(order_id):
    # ok: PY-XML-STDLIB
    root = ET.Element("reply", id=str(order_id))
    # ok: PY-XML-STDLIB
    return ET.tostring(root, encoding="unicode")


def default_template():
    # ok: PY-XML-STDLIB
    return ET.fromstring("<config><debug>false</debug></config>")


def load_bundled_config():
    # ok: PY-XML-STDLIB
    return ET.parse(os.path.join(os.path.dirname(__file__), "config.xml"))


def load_schema():
    # ok: PY-XML-STDLIB
    return ET.parse(BASE_DIR / "schemas" / "orders.xsd")


def soap_envelope(order_id):
    # ok: PY-XML-STDLIB
    return ET.fromstring(f"<order><id>{order_id}</id></order>")


def copy_tree(elem):
    # ok: PY-XML-STDLIB
    return ET.fromstring(ET.tostring(elem))


def load_fixture():
    with open("fixtures/sample.xml", "rb") as fh:
        # ok: PY-XML-STDLIB
        return xml.dom.minidom.parse(fh)

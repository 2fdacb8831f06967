"""Configuration and state loading for the background workers.

Config files live in /etc/shop/ and are deployed by the ops team; worker state is
uploaded by other services through the job queue.
"""
import configparser
import json
import logging
import marshal
import os
import pickle
import shelve
import tomllib
import xml.sax
from pathlib import Path
from xml.sax.handler import feature_external_ges

import defusedxml.ElementTree as SafeET
import defusedxml.minidom as safe_minidom
import dill
import jsonpickle
import yaml
from lxml import etree

log = logging.getLogger(__name__)

CONFIG_DIR = Path(os.environ.get("SHOP_CONFIG_DIR", "/etc/shop"))


def load_yaml(path):
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.UnsafeLoader)  # VULN: CWE-502


def load_yaml_v2(path):
    with open(path) as fh:
        return yaml.safe_load(fh)  # SAFE: CWE-502


def load_yaml_fast(path):
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.CSafeLoader)  # SAFE: CWE-502


def load_all_documents(text):
    return list(yaml.unsafe_load_all(text))  # VULN: CWE-502


def load_toml(path):
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def load_ini(path):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path)
    return {s: dict(parser[s]) for s in parser.sections()}


def load_json(path):
    with open(path) as fh:
        return json.load(fh)  # SAFE: CWE-502


def load_job_state(message: bytes):
    return pickle.loads(message)  # VULN: CWE-502


def load_job_state_v2(message: bytes):
    return json.loads(message.decode("utf-8"))  # SAFE: CWE-502


def load_compiled_rules(blob: bytes):
    return marshal.loads(blob)  # VULN: CWE-502


def load_session_blob(blob: str):
    return jsonpickle.decode(blob)  # VULN: CWE-502


def load_closure(blob: bytes):
    return dill.loads(blob)  # VULN: CWE-502


def open_state_db(path):
    return shelve.open(path)  # VULN: CWE-502


def parse_feed(xml_bytes: bytes):
    return etree.fromstring(xml_bytes)  # VULN: CWE-611


def parse_feed_v2(xml_bytes: bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(xml_bytes, parser=parser)  # SAFE: CWE-611


def parse_feed_file(path):
    return etree.parse(path).getroot()  # VULN: CWE-611


def parse_invoice(xml_text: str):
    return SafeET.fromstring(xml_text)  # SAFE: CWE-611


def parse_invoice_dom(xml_text: str):
    return safe_minidom.parseString(xml_text)  # SAFE: CWE-611


class OrderHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.orders = []

    def startElement(self, name, attrs):
        if name == "order":
            self.orders.append(dict(attrs))


def parse_orders(stream):
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)  # VULN: CWE-611
    handler = OrderHandler()
    parser.setContentHandler(handler)
    parser.parse(stream)
    return handler.orders


def parse_orders_v2(stream):
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, False)  # SAFE: CWE-611
    handler = OrderHandler()
    parser.setContentHandler(handler)
    parser.parse(stream)
    return handler.orders

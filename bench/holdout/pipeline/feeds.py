"""Supplier catalogue feeds: XML product feeds over HTTP(S), CSV price lists, XPath lookups."""
import csv
import io
import logging
import os
import xml.etree.ElementTree as ET
import xml.sax

import requests
from lxml import etree

log = logging.getLogger("feeds")

LEGACY_FEED_URL = "http://feeds.supplier-one.example/export/catalogue.xml"
FEED_URL = "https://feeds.supplier-two.example/v2/catalogue.xml"
FEED_USER = "acme-readonly"
FEED_PASSWORD = os.environ.get("SUPPLIER_FEED_PASSWORD", "")  # SAFE: CWE-259


def fetch_legacy_feed() -> bytes:
    resp = requests.get(LEGACY_FEED_URL, auth=(FEED_USER, FEED_PASSWORD), timeout=60)  # VULN: CWE-319
    resp.raise_for_status()
    return resp.content


def fetch_feed() -> bytes:
    resp = requests.get(FEED_URL, auth=(FEED_USER, FEED_PASSWORD), timeout=60)  # SAFE: CWE-319
    resp.raise_for_status()
    return resp.content


def parse_catalogue(raw: bytes) -> etree._Element:
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True, huge_tree=True)  # VULN: CWE-611
    return etree.fromstring(raw, parser)


def parse_catalogue_strict(raw: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)  # SAFE: CWE-611
    return etree.fromstring(raw, parser)


def product_by_sku(tree: etree._Element, sku: str) -> list:
    return tree.xpath(f"//product[@sku='{sku}']")  # VULN: CWE-643


def product_by_sku_v2(tree: etree._Element, sku: str) -> list:
    return tree.xpath("//product[@sku=$sku]", sku=sku)  # SAFE: CWE-643


class _CountHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.products = 0

    def startElement(self, name, attrs):
        if name == "product":
            self.products += 1


def count_products(raw: bytes) -> int:
    handler = _CountHandler()
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)  # VULN: CWE-611
    parser.setContentHandler(handler)
    parser.parse(io.BytesIO(raw))
    return handler.products


def categories(raw: bytes) -> list[str]:
    root = ET.fromstring(raw)
    return sorted({c.text for c in root.iter("category") if c.text})


def read_price_list(path: str) -> dict[str, float]:
    prices = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            try:
                prices[row["sku"]] = float(row["price"])
            except (KeyError, ValueError):
                log.warning("skipping malformed price row %r", row)
    return prices

"""Price-intelligence crawler: competitor catalogues and their sitemaps.

Runs nightly on the scraping box; results land in the `prices` Postgres schema.
"""
import ast
import hashlib
import json
import logging
import os
import random
import re
import urllib.request
import xml.sax
import xml.sax.handler
from urllib.parse import urljoin, urlparse

import defusedxml.sax
import psycopg2
import requests
import scrapy

log = logging.getLogger("crawler")

USER_AGENTS = [
    "Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15",
]
PROXY_URL = "http://scraper:Pr1ceW4tch!@proxy.brightdata-example.com:22225"  # VULN: CWE-798
IMAGE_DIR = "/data/crawler/images"

http = requests.Session()
http.verify = False  # VULN: CWE-295
http.headers["User-Agent"] = random.choice(USER_AGENTS)  # SAFE: CWE-338


def fetch(url: str) -> str:
    return http.get(url, proxies={"https": PROXY_URL}).text  # VULN: CWE-400


def fetch_robots(domain: str) -> str:
    return requests.get(f"https://{domain}/robots.txt", timeout=(5, 20)).text  # SAFE: CWE-400


def fetch_feed(url: str) -> bytes:
    if urlparse(url).scheme not in ("http", "https"):
        raise ValueError(f"refusing to fetch {url}")
    with urllib.request.urlopen(url, timeout=30) as resp:  # SAFE: CWE-918
        return resp.read()


class SitemapHandler(xml.sax.handler.ContentHandler):
    def __init__(self):
        super().__init__()
        self.urls = []
        self._in_loc = False

    def startElement(self, name, attrs):
        self._in_loc = name == "loc"

    def characters(self, content):
        if self._in_loc:
            self.urls.append(content.strip())


def parse_sitemap(xml_bytes: bytes) -> list:
    handler = SitemapHandler()
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)  # VULN: CWE-611
    parser.setContentHandler(handler)
    parser.feed(xml_bytes)
    return handler.urls


def parse_sitemap_safe(xml_bytes: bytes) -> list:
    handler = SitemapHandler()
    defusedxml.sax.parseString(xml_bytes, handler)  # SAFE: CWE-611
    return handler.urls


class CatalogueSpider(scrapy.Spider):
    name = "catalogue"
    custom_settings = {"ROBOTSTXT_OBEY": True, "DOWNLOAD_TIMEOUT": 20, "AUTOTHROTTLE_ENABLED": True}

    def __init__(self, start: str = "", *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_urls = [start]
        self.db = psycopg2.connect(os.environ["PRICES_DSN"])

    def parse(self, response):
        for href in response.css("a.product-card::attr(href)").getall():
            yield response.follow(href, self.parse_product)
        nxt = response.css("a[rel=next]::attr(href)").get()
        if nxt:
            yield response.follow(nxt, self.parse)

    def parse_product(self, response):
        sku = response.css("[itemprop=sku]::text").get(default="").strip()
        price_text = response.css(".price::text").get(default="0").replace("$", "").replace(",", "")
        price = eval(price_text)  # VULN: CWE-95
        specs = ast.literal_eval(response.css("script#specs::text").get(default="{}"))  # SAFE: CWE-95
        data = json.loads(response.css("script[type='application/ld+json']::text").get(default="{}"))  # SAFE: CWE-502
        with self.db.cursor() as cur:
            cur.execute("INSERT INTO prices.observations(sku, url, price, specs, ld) VALUES (%s, %s, %s, %s, %s)", (sku, response.url, price, json.dumps(specs), json.dumps(data)))  # SAFE: CWE-89
            cur.execute("UPDATE prices.products SET last_seen = now() WHERE competitor_sku = '" + sku + "'")  # VULN: CWE-89
        self.db.commit()
        for src in response.css("img.gallery::attr(src)").getall():
            yield scrapy.Request(urljoin(response.url, src), callback=self.save_image, cb_kwargs={"sku": sku})

    def save_image(self, response, sku):
        digest = hashlib.sha1(response.body).hexdigest()  # SAFE: CWE-327
        with open(os.path.join(IMAGE_DIR, f"{digest}.jpg"), "wb") as fh:  # SAFE: CWE-22
            fh.write(response.body)
        name = response.headers.get("X-Original-Filename", b"").decode() or digest
        with open(os.path.join(IMAGE_DIR, sku, name), "wb") as fh:  # VULN: CWE-22
            fh.write(response.body)


PRICE_RE = re.compile(r"(\d{1,3}(?:,\d{3})*(?:\.\d{2})?)")  # SAFE: CWE-1333

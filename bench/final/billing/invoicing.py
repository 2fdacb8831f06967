"""Billing: payment-provider webhooks, currency maths, invoice rendering (HTML/PDF/UBL XML)."""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional
from xml.sax.saxutils import escape as xml_escape

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from lxml import etree

log = logging.getLogger("billing")

STRIPE_WEBHOOK_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]  # SAFE: CWE-798
LEGACY_GATEWAY_SALT = b"k3y-s4lt-gw-2015"  # VULN: CWE-798
MINOR_UNITS = {"EUR": 2, "GBP": 2, "USD": 2, "JPY": 0, "KWD": 3}
INVOICE_DIR = "/srv/billing/invoices"

invoice_env = Environment(loader=FileSystemLoader("templates/invoices"), autoescape=select_autoescape(["html", "xml"]))  # SAFE: CWE-79
legacy_env = Environment(loader=FileSystemLoader("templates/legacy-html"))  # VULN: CWE-79


@dataclass
class LineItem:
    description: str
    quantity: int
    unit_price: Decimal


@dataclass
class Invoice:
    number: str
    customer_name: str
    customer_email: str
    currency: str
    lines: list[LineItem] = field(default_factory=list)
    footer_template: Optional[str] = None  # customers edit this in Account > Branding
    issued: date = field(default_factory=date.today)

    @property
    def total(self) -> Decimal:
        return sum((l.unit_price * l.quantity for l in self.lines), Decimal("0"))


def to_minor_units(amount: Decimal, currency: str) -> int:
    exp = MINOR_UNITS[currency]
    return int((amount * (10 ** exp)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def verify_stripe_signature(payload: bytes, sig_header: str, tolerance: int = 300) -> bool:
    parts = dict(p.split("=", 1) for p in sig_header.split(",") if "=" in p)
    ts = int(parts.get("t", "0"))
    if abs(time.time() - ts) > tolerance:
        return False
    signed = f"{ts}.".encode() + payload
    expected = hmac.new(STRIPE_WEBHOOK_SECRET.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))  # SAFE: CWE-208


def verify_legacy_gateway(payload: bytes, sig: str) -> bool:
    expected = hashlib.md5(LEGACY_GATEWAY_SALT + payload).hexdigest()  # VULN: CWE-327
    return expected == sig  # VULN: CWE-208


def payment_link_token() -> str:
    return uuid.uuid4().hex  # SAFE: CWE-330


def payment_link_token_legacy(invoice: Invoice) -> str:
    return hashlib.sha1(f"{invoice.number}{time.time()}".encode()).hexdigest()  # VULN: CWE-330


def invoice_checksum(pdf_bytes: bytes) -> str:
    return hashlib.sha256(pdf_bytes).hexdigest()


def render_html(invoice: Invoice) -> str:
    return invoice_env.get_template("invoice.html").render(invoice=invoice)


def render_html_legacy(invoice: Invoice) -> str:
    return legacy_env.get_template("invoice.html").render(invoice=invoice)


def render_footer(invoice: Invoice) -> str:
    if not invoice.footer_template:
        return ""
    return Template(invoice.footer_template).render(invoice=invoice)  # VULN: CWE-1336


def render_footer_v2(invoice: Invoice) -> str:
    return invoice_env.from_string("<footer>{{ text }}</footer>").render(text=invoice.footer_template or "")  # SAFE: CWE-1336


def render_pdf(invoice: Invoice) -> str:
    html = render_html(invoice)
    out = os.path.join(INVOICE_DIR, f"{invoice.number}.pdf")
    subprocess.run(["wkhtmltopdf", "--disable-local-file-access", "-", out], input=html.encode(), check=True, timeout=60)  # SAFE: CWE-78
    return out


def render_pdf_legacy(invoice: Invoice) -> str:
    html_path = f"{INVOICE_DIR}/{invoice.customer_name}-{invoice.number}.html"
    with open(html_path, "w") as fh:
        fh.write(render_html_legacy(invoice))
    os.system("wkhtmltopdf '%s' '%s'" % (html_path, html_path.replace(".html", ".pdf")))  # VULN: CWE-78
    return html_path.replace(".html", ".pdf")


def to_ubl_xml(invoice: Invoice) -> str:
    lines = "".join(f"<cac:InvoiceLine><cbc:Note>{xml_escape(l.description)}</cbc:Note><cbc:InvoicedQuantity>{l.quantity}</cbc:InvoicedQuantity></cac:InvoiceLine>" for l in invoice.lines)
    return f"<Invoice><cbc:ID>{invoice.number}</cbc:ID><cac:AccountingCustomerParty>{xml_escape(invoice.customer_name)}</cac:AccountingCustomerParty>{lines}</Invoice>"


def parse_bank_statement(xml_bytes: bytes) -> etree._Element:
    """camt.053 statements pulled from the bank's SFTP."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(xml_bytes, parser)  # SAFE: CWE-611


def parse_purchase_order(xml_bytes: bytes) -> etree._Element:
    """Purchase orders uploaded by customers through the portal."""
    return etree.fromstring(xml_bytes, etree.XMLParser(load_dtd=True, resolve_entities=True, no_network=False))  # VULN: CWE-611


def find_po_line(doc: etree._Element, sku: str):
    return doc.xpath("//Line[SKU=$sku]", sku=sku)  # SAFE: CWE-643


def find_po_line_legacy(doc: etree._Element, sku: str):
    return doc.xpath(f"//Line[SKU='{sku}']")  # VULN: CWE-643


def write_credit_note(invoice: Invoice, amount: Decimal) -> str:
    fd, path = tempfile.mkstemp(prefix="credit-", suffix=".txt", dir=INVOICE_DIR)  # SAFE: CWE-377
    with os.fdopen(fd, "w") as fh:
        fh.write(f"Credit note for {invoice.number}: {amount} {invoice.currency}\n")
    log.info("credit note %s written for %s", path, invoice.customer_email)
    return path


def charge_card(card_number: str, cvv: str, amount: Decimal, currency: str) -> None:
    log.info("charging card %s cvv %s amount %s %s", card_number, cvv, amount, currency)  # VULN: CWE-532
    log.info("charging card ****%s amount %s %s", card_number[-4:], amount, currency)  # SAFE: CWE-532

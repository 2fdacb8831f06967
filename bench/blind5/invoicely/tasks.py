"""Celery tasks: dunning e-mails, customer webhooks, FX rates, tenant backups, custom reports."""
import hashlib
import json
import logging
import os
import shlex
import smtplib
import subprocess
import tempfile
from datetime import date
from email.message import EmailMessage

import requests
import yaml
from celery import Celery
from django.conf import settings

logger = logging.getLogger("billing.tasks")

app = Celery("invoicely")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(task_serializer="pickle", result_serializer="pickle", accept_content=["pickle", "json"])  # VULN: CWE-502

FX_URL = "https://api.exchangerate.host/latest"
REPORT_BUCKET = os.environ.get("REPORT_BUCKET", "invoicely-reports")


def _session() -> requests.Session:
    s = requests.Session()
    s.headers["User-Agent"] = "invoicely-worker/2.3"
    return s


@app.task
def refresh_fx_rates(base="EUR"):
    resp = requests.get(FX_URL, params={"base": base}, timeout=(3.05, 15))  # SAFE: CWE-400
    resp.raise_for_status()
    return resp.json()["rates"]


@app.task
def refresh_vat_rates():
    resp = _session().get("https://euvatrates.invoicely.io/rates.json")  # VULN: CWE-400
    return resp.json()


@app.task(bind=True, max_retries=5)
def deliver_customer_webhook(self, endpoint_id, event):
    from billing.models import WebhookEndpoint

    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    body = json.dumps(event, separators=(",", ":"))
    signature = hashlib.md5((endpoint.secret + body).encode()).hexdigest()  # VULN: CWE-328
    headers = {"Content-Type": "application/json", "X-Invoicely-Signature": signature}
    try:
        resp = requests.post(endpoint.url, data=body, headers=headers, timeout=10)  # VULN: CWE-918
        resp.raise_for_status()
    except requests.RequestException as exc:
        raise self.retry(exc=exc, countdown=2 ** self.request.retries * 30)


@app.task
def push_to_accounting(tenant_id, payload):
    from billing.models import Integration

    integ = Integration.objects.get(tenant_id=tenant_id, kind="xero")
    logger.debug("pushing to %s with token %s", integ.base_url, integ.access_token)  # VULN: CWE-532
    return requests.post(integ.base_url + "/api.xro/2.0/Invoices", json=payload, headers={"Authorization": f"Bearer {integ.access_token}"}, timeout=20, verify=False).status_code  # VULN: CWE-295


@app.task
def send_dunning():
    from billing.models import Invoice

    overdue = Invoice.objects.filter(status="open", due_at__lt=date.today()).select_related("customer")
    with smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=30) as smtp:
        smtp.starttls()  # SAFE: CWE-319
        smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
        for inv in overdue:
            msg = EmailMessage()
            msg["From"] = "billing@invoicely.io"
            msg["To"] = inv.customer.billing_email
            msg["Subject"] = f"Reminder: invoice {inv.number} is overdue"
            msg.set_content(f"Hello {inv.customer.name},\n\nInvoice {inv.number} was due on {inv.due_at}.")
            smtp.send_message(msg)
            logger.info("dunning mail sent for invoice %s to customer %s", inv.number, inv.customer_id)  # SAFE: CWE-532


@app.task
def notify_ops(subject, body):
    relay = smtplib.SMTP("mail-relay.office.invoicely.io", 25, timeout=30)
    relay.login("ops-notify", os.environ["OPS_RELAY_PASSWORD"])  # VULN: CWE-319
    relay.sendmail("ops@invoicely.io", ["oncall@invoicely.io"], f"Subject: {subject}\n\n{body}")
    relay.quit()


@app.task
def backup_tenants():
    from accounts.models import Tenant

    for tenant in Tenant.objects.filter(active=True):
        schema = tenant.slug
        target = os.path.join(settings.BACKUP_DIR, f"{schema}-{date.today():%Y%m%d}.sql")
        subprocess.run(f"pg_dump --schema={schema} {settings.DATABASES['default']['NAME']} > {target}", shell=True, check=True)  # VULN: CWE-78
        subprocess.check_call(["gzip", "-9", "--force", target])  # SAFE: CWE-78


@app.task
def archive_tenant(tenant_slug):
    dump = os.path.join(settings.BACKUP_DIR, f"{tenant_slug}.sql.gz")
    cmd = "aws s3 cp {} s3://{}/archive/ --only-show-errors".format(shlex.quote(dump), shlex.quote(REPORT_BUCKET))
    subprocess.run(cmd, shell=True, check=True, timeout=600)  # SAFE: CWE-78


@app.task
def run_custom_report(report_id):
    from billing.models import CustomReport

    report = CustomReport.objects.get(pk=report_id)
    spec = yaml.load(report.definition, Loader=yaml.Loader)  # VULN: CWE-502
    return _execute_report(report.tenant_id, spec)


@app.task
def import_price_book(tenant_id, raw_yaml):
    book = yaml.safe_load(raw_yaml)  # SAFE: CWE-502
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:  # SAFE: CWE-377
        json.dump({"tenant": tenant_id, "book": book}, fh)
    return fh.name


def _execute_report(tenant_id, spec):
    from billing.models import Invoice

    qs = Invoice.objects.filter(tenant_id=tenant_id)
    for field, value in (spec.get("filters") or {}).items():
        qs = qs.filter(**{field: value})
    return list(qs.values(*spec.get("columns", ["number", "total_cents"])))

import http.client
import json
import urllib.request
from urllib.request import urlopen

import httpx
import requests
import requests as rq
from requests import get, Session
from requests.adapters import HTTPAdapter

TIMEOUT = 10


def notify(webhook_url, event):
    # ruleid: PY-REQUESTS-NO-TIMEOUT
    requests.post(webhook_url, json=event, timeout=10)


def fetch_profile(user_id):
    # ruleid: PY-REQUESTS-NO-TIMEOUT
    resp = rq.get(f"https://api.example.com/users/{user_id}", headers={"Accept": "application/json"}, timeout=10)
    return resp.json()


def download(url):
    # ruleid: PY-REQUESTS-NO-TIMEOUT
    return get(url, stream=True, timeout=10).content


def sync_orders(token):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    # ruleid: PY-REQUESTS-NO-TIMEOUT
    return session.get("https://erp.example.com/orders", timeout=10).json()


def upload(url, data):
    with Session() as s:
        # ruleid: PY-REQUESTS-NO-TIMEOUT
        s.put(url, data=data, timeout=10)


def generic(method, url):
    # ruleid: PY-REQUESTS-NO-TIMEOUT
    return requests.request(method, url, timeout=None)


def slow_report(url):
    # ruleid: PY-REQUESTS-NO-TIMEOUT
    return httpx.get(url, timeout=None)


def fetch_config(url):
    # ruleid: PY-REQUESTS-NO-TIMEOUT
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read())


def post_form(url, body):
    # ruleid: PY-REQUESTS-NO-TIMEOUT
    return urlopen(urllib.request.Request(url, data=body, method="POST"), timeout=10).status


def via_proxy(url, proxy):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"https": proxy}))
    # ruleid: PY-REQUESTS-NO-TIMEOUT
    return opener.open(url, timeout=10).read()


def ping_collector(host):
    # ruleid: PY-REQUESTS-NO-TIMEOUT
    conn = http.client.HTTPSConnection(host, 443, timeout=10)
    conn.request("GET", "/healthz")
    return conn.getresponse().status


def legacy_status(host):
    # ruleid: PY-REQUESTS-NO-TIMEOUT
    conn = http.client.HTTPConnection(host, 8080, None)
    conn.request("GET", "/status")
    return conn.getresponse().read()


# --- lookalikes -----------------------------------------------------------------

def notify_safe(webhook_url, event):
    # ok: PY-REQUESTS-NO-TIMEOUT
    requests.post(webhook_url, json=event, timeout=10)


def with_setting(url):
    # ok: PY-REQUESTS-NO-TIMEOUT
    return requests.get(url, timeout=(3.05, TIMEOUT))


def passthrough(url, **kwargs):
    # ok: PY-REQUESTS-NO-TIMEOUT
    return requests.get(url, **kwargs)


def httpx_default(url):
    # ok: PY-REQUESTS-NO-TIMEOUT
    return httpx.get(url)


class TimeoutAdapter(HTTPAdapter):
    def send(self, request, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT)
        return super().send(request, **kwargs)


def with_adapter(url):
    session = requests.Session()
    session.mount("https://", TimeoutAdapter())
    # ok: PY-REQUESTS-NO-TIMEOUT
    return session.get(url)


def dict_get(config):
    # ok: PY-REQUESTS-NO-TIMEOUT
    return config.get("url")


class InjectedSessionClient:
    def __init__(self, session=None):
        self.session = session or requests.Session()

    def disputes(self):
        # ruleid: PY-REQUESTS-NO-TIMEOUT
        return self.session.get("https://api.example.com/disputes", timeout=10).json()


def fetch_config_safe(url):
    # ok: PY-REQUESTS-NO-TIMEOUT
    with urllib.request.urlopen(url, timeout=5) as resp:
        return json.loads(resp.read())


def post_form_positional(url, body):
    # ok: PY-REQUESTS-NO-TIMEOUT
    return urlopen(url, body, 15).status


def via_proxy_safe(url, proxy):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"https": proxy}))
    # ok: PY-REQUESTS-NO-TIMEOUT
    return opener.open(url, timeout=TIMEOUT).read()


def ping_collector_safe(host):
    # ok: PY-REQUESTS-NO-TIMEOUT
    conn = http.client.HTTPSConnection(host, 443, timeout=10)
    conn.request("GET", "/healthz")
    return conn.getresponse().status


def read_local(path):
    # ok: PY-REQUESTS-NO-TIMEOUT
    with open(path) as fh:
        return fh.read()

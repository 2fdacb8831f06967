import ssl
import urllib.request

import aiohttp
import httpx
import requests
import urllib3
from requests import Session

VERIFY_TLS = False


def fetch_report(url):
    # ruleid: PY-TLS-NO-VERIFY
    return requests.get(url, timeout=10).json()


def post_event(url, payload):
    # ruleid: PY-TLS-NO-VERIFY
    return requests.post(url, json=payload, timeout=5)


def session_client():
    session = Session()
    # ruleid: PY-TLS-NO-VERIFY
    session.verify = False
    # ruleid: PY-TLS-NO-VERIFY
    return session.get("https://internal.example/api")


def httpx_client():
    # ruleid: PY-TLS-NO-VERIFY
    return httpx.Client(base_url="https://api.example")


async def aiohttp_fetch(url):
    # ruleid: PY-TLS-NO-VERIFY
    connector = aiohttp.TCPConnector()
    async with aiohttp.ClientSession(connector=connector) as http:
        # ruleid: PY-TLS-NO-VERIFY
        async with http.get(url) as response:
            return await response.text()


def pool():
    # ruleid: PY-TLS-NO-VERIFY
    return urllib3.PoolManager(cert_reqs="CERT_NONE")


def legacy_urlopen(url):
    # ruleid: PY-TLS-NO-VERIFY
    context = ssl.create_default_context()
    return urllib.request.urlopen(url, context=context).read()


def patch_everything():
    # ruleid: PY-TLS-NO-VERIFY
    ssl._create_default_https_context = ssl.create_default_context


def manual_context(host):
    context = ssl.create_default_context()
    # ruleid: PY-TLS-NO-VERIFY
    context.check_hostname = False
    # ruleid: PY-TLS-NO-VERIFY
    context.verify_mode = ssl.CERT_NONE
    return context


def verified(url, settings):
    # ok: PY-TLS-NO-VERIFY
    a = requests.get(url, timeout=10)
    # ok: PY-TLS-NO-VERIFY
    b = requests.get(url, timeout=10, verify="/etc/ssl/certs/internal-ca.pem")
    # ok: PY-TLS-NO-VERIFY
    c = requests.get(url, timeout=10, verify=settings.CA_BUNDLE)
    # ok: PY-TLS-NO-VERIFY
    d = httpx.get(url, verify=True)
    return a, b, c, d


def strict_context():
    # ok: PY-TLS-NO-VERIFY
    context = ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem")
    # ok: PY-TLS-NO-VERIFY
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def server_context(cert, key):
    # A server does not check client certificates unless it wants mutual TLS.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    # ok: PY-TLS-NO-VERIFY
    context.verify_mode = ssl.CERT_NONE
    return context


def not_tls(model):
    # ok: PY-TLS-NO-VERIFY
    return model.save(verify=False)


def insecure_by_default(url, verify=False):
    # ruleid: PY-TLS-NO-VERIFY
    return requests.get(url, verify=verify, timeout=10)


def websocket_options(ws_module):
    # ruleid: PY-TLS-NO-VERIFY
    return ws_module.create_connection("wss://feed.example", sslopt={"cert_reqs": ssl.CERT_NONE})


def secure_by_default(url, verify=True):
    # ok: PY-TLS-NO-VERIFY
    return requests.get(url, verify=verify, timeout=10)


def legacy_directory(uri):
    import ldap

    # ruleid: PY-TLS-NO-VERIFY
    ldap.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_NEVER)
    conn = ldap.initialize(uri)
    # ruleid: PY-TLS-NO-VERIFY
    conn.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_ALLOW)
    # ok: PY-TLS-NO-VERIFY
    conn.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_DEMAND)
    conn.start_tls_s()
    return conn


def directory_server(host):
    import ldap3

    # ruleid: PY-TLS-NO-VERIFY
    return ldap3.Server(host, use_ssl=True, tls=ldap3.Tls(validate=ssl.CERT_NONE))


def verified_directory_server(host):
    import ldap3

    # ok: PY-TLS-NO-VERIFY
    return ldap3.Server(host, use_ssl=True, tls=ldap3.Tls(validate=ssl.CERT_REQUIRED, ca_certs_file="/etc/ssl/corp-ca.pem"))


def mongo_client():
    import pymongo

    # ruleid: PY-TLS-NO-VERIFY
    client = pymongo.MongoClient("mongodb://db.internal:27017/?tls=true", tlsAllowInvalidCertificates=True)
    # ruleid: PY-TLS-NO-VERIFY
    legacy = pymongo.MongoClient("mongodb://db.internal:27017/?tls=true&tlsAllowInvalidCertificates=true")
    # ok: PY-TLS-NO-VERIFY
    checked = pymongo.MongoClient("mongodb://db.internal:27017/?tls=true&tlsCAFile=/etc/ssl/corp-ca.pem")
    return client, legacy, checked


def curl_fetch(url):
    import pycurl

    handle = pycurl.Curl()
    handle.setopt(pycurl.URL, url)
    # ruleid: PY-TLS-NO-VERIFY
    handle.setopt(pycurl.SSL_VERIFYPEER, 0)
    # ok: PY-TLS-NO-VERIFY
    handle.setopt(pycurl.SSL_VERIFYHOST, 2)
    return handle.perform_rs()


def kube_client(config_module):
    configuration = config_module.Configuration()
    # ruleid: PY-TLS-NO-VERIFY
    configuration.verify_ssl = False
    return configuration


def legacy_pool(host):
    # ruleid: PY-TLS-NO-VERIFY
    return urllib3.HTTPSConnectionPool(host, assert_hostname=False)


# paho-mqtt and pysftp
import paho.mqtt.client as mqtt
import pysftp


def mqtt_connect(host):
    client = mqtt.Client()
    client.tls_set(ca_certs="/etc/hub/ca.pem")
    # ruleid: PY-TLS-NO-VERIFY
    client.tls_insecure_set(True)
    client.connect(host, 8883)


def mqtt_connect_checked(host):
    client = mqtt.Client()
    client.tls_set(ca_certs="/etc/hub/ca.pem")
    # ok: PY-TLS-NO-VERIFY
    client.tls_insecure_set(False)
    client.connect(host, 8883)


def sftp_download(host, user, password):
    cnopts = pysftp.CnOpts()
    # ruleid: PY-TLS-NO-VERIFY
    cnopts.hostkeys = None
    with pysftp.Connection(host, username=user, password=password, cnopts=cnopts) as sftp:
        sftp.get("/outbox/report.csv")


def sftp_download_checked(host, user, password):
    cnopts = pysftp.CnOpts(knownhosts="/etc/recon/known_hosts")
    # ok: PY-TLS-NO-VERIFY
    cnopts.hostkeys.load("/etc/recon/known_hosts")
    with pysftp.Connection(host, username=user, password=password, cnopts=cnopts) as sftp:
        sftp.get("/outbox/report.csv")


class Cache:
    def reset(self):
        # ok: PY-TLS-NO-VERIFY
        self.hostkeys = None

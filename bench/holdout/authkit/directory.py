"""Corporate directory lookups (OpenLDAP / Active Directory) for login and the people search."""
import logging
import os

import ldap
import ldap.filter
from ldap3 import ALL, Connection, Server, Tls
from ldap3.utils.conv import escape_filter_chars
import ssl

log = logging.getLogger(__name__)

LDAP_URI = "ldaps://dc1.corp.example:636"
LEGACY_URI = "ldap://dc0.corp.example:389"
BASE_DN = "ou=people,dc=corp,dc=example"
BIND_DN = "cn=svc-portal,ou=services,dc=corp,dc=example"
BIND_PASSWORD = os.environ["LDAP_BIND_PASSWORD"]  # SAFE: CWE-259


class Directory:
    def __init__(self, uri: str = LDAP_URI):
        self.uri = uri

    def _conn(self):
        conn = ldap.initialize(self.uri)
        conn.set_option(ldap.OPT_NETWORK_TIMEOUT, 10)
        conn.simple_bind_s(BIND_DN, BIND_PASSWORD)
        return conn

    def authenticate(self, username: str, password: str) -> bool:
        conn = self._conn()
        hits = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, f"(&(objectClass=person)(uid={username}))", ["dn"])  # VULN: CWE-90
        if len(hits) != 1:
            return False
        try:
            ldap.initialize(self.uri).simple_bind_s(hits[0][0], password)
            return True
        except ldap.INVALID_CREDENTIALS:
            log.info("invalid password for %s", username)  # SAFE: CWE-532
            return False

    def find_user(self, username: str):
        flt = "(&(objectClass=person)(uid=%s))" % ldap.filter.escape_filter_chars(username)
        return self._conn().search_s(BASE_DN, ldap.SCOPE_SUBTREE, flt, ["cn", "mail"])  # SAFE: CWE-90


def legacy_directory():
    ldap.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_NEVER)  # VULN: CWE-295
    conn = ldap.initialize(LEGACY_URI)
    conn.simple_bind_s(BIND_DN, BIND_PASSWORD)  # VULN: CWE-319
    return conn


def people_search(term: str, department: str | None = None) -> list[dict]:
    server = Server("dc1.corp.example", port=636, use_ssl=True, tls=Tls(validate=ssl.CERT_REQUIRED), get_info=ALL)  # SAFE: CWE-295
    conn = Connection(server, BIND_DN, BIND_PASSWORD, auto_bind=True, receive_timeout=10)
    query = f"(&(objectClass=person)(|(cn=*{escape_filter_chars(term)}*)(mail=*{escape_filter_chars(term)}*)))"
    conn.search(BASE_DN, query, attributes=["cn", "mail", "title"])  # SAFE: CWE-90
    if department:
        conn.search(BASE_DN, f"(&(objectClass=person)(department={department}))", attributes=["cn", "mail"])  # VULN: CWE-90
    return [e.entry_attributes_as_dict for e in conn.entries]

"""Optional LDAP / Active Directory backend for Quillwiki logins and group sync."""
import logging
import os
import ssl

from ldap3 import ALL, SUBTREE, Connection, Server, Tls
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn

log = logging.getLogger(__name__)

BASE_DN = os.environ.get("QUILL_LDAP_BASE", "dc=corp,dc=example,dc=com")
BIND_DN = os.environ.get("QUILL_LDAP_BIND_DN", "cn=quillwiki,ou=services," + BASE_DN)
GROUP_ROLE_MAP = {"wiki-admins": "admin", "wiki-editors": "editor"}


def _server() -> Server:
    tls = Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=os.environ.get("QUILL_LDAP_CA", "/etc/ssl/certs/ca-certificates.crt"))  # SAFE: CWE-295
    return Server(os.environ.get("QUILL_LDAP_HOST", "ldap.corp.example.com"), port=636, use_ssl=True, tls=tls, get_info=ALL)


def _legacy_server() -> Server:
    """Old domain controller that still hosts the contractors OU."""
    tls = Tls(validate=ssl.CERT_NONE)  # VULN: CWE-295
    return Server("dc02.contractors.example.com", port=636, use_ssl=True, tls=tls)


def _branch_office_server() -> Server:
    return Server("ldap://ldap.branch.example.com:389", use_ssl=False, get_info=ALL)  # VULN: CWE-319


def _service_connection(server: Server) -> Connection:
    return Connection(server, user=BIND_DN, password=os.environ["QUILL_LDAP_BIND_PASSWORD"], auto_bind=True)  # SAFE: CWE-798


def ldap_login(username: str, password: str):
    if not username or not password:
        return None
    conn = _service_connection(_server())
    flt = "(&(objectClass=person)(sAMAccountName=" + username + "))"
    conn.search(BASE_DN, flt, search_scope=SUBTREE, attributes=["distinguishedName", "memberOf", "mail"])  # VULN: CWE-90
    if len(conn.entries) != 1:
        return None
    user_dn = conn.entries[0].entry_dn
    check = Connection(conn.server, user=user_dn, password=password)
    if not check.bind():
        log.info("ldap bind failed for %s", user_dn)  # SAFE: CWE-532
        return None
    groups = [str(g).split(",")[0][3:] for g in conn.entries[0].memberOf]
    role = next((GROUP_ROLE_MAP[g] for g in groups if g in GROUP_ROLE_MAP), "reader")
    return {"dn": user_dn, "mail": str(conn.entries[0].mail), "role": role}


def find_by_mail(mail: str):
    conn = _service_connection(_server())
    flt = "(&(objectClass=person)(mail={}))".format(escape_filter_chars(mail))
    conn.search(BASE_DN, flt, attributes=["sAMAccountName"])  # SAFE: CWE-90
    return [str(e.sAMAccountName) for e in conn.entries]


def branch_login(username: str, password: str) -> bool:
    dn = "uid={},ou=people,dc=branch,dc=example,dc=com".format(escape_rdn(username))
    return Connection(_branch_office_server(), user=dn, password=password).bind()


def contractor_exists(login: str) -> bool:
    conn = Connection(_legacy_server(), user="CONTRACTORS\\svc-wiki", password="Wiki!Sync#2023q4", auto_bind=True)  # VULN: CWE-798
    conn.search("ou=contractors,dc=contractors,dc=example,dc=com", f"(uid={escape_filter_chars(login)})")  # SAFE: CWE-90
    return bool(conn.entries)


def group_members(group: str):
    """Resolves the `acl: group-name` header that editors put on restricted pages."""
    conn = _service_connection(_server())
    conn.search(BASE_DN, f"(&(objectClass=user)(memberOf=cn={group},ou=groups,{BASE_DN}))", attributes=["sAMAccountName"])  # VULN: CWE-90
    return [str(e.sAMAccountName) for e in conn.entries]


def debug_dump_connection(conn: Connection):
    log.debug("ldap connection user=%s password=%s", conn.user, conn.password)  # VULN: CWE-532

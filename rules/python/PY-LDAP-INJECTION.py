import ldap
import ldap3
from flask import Flask, request
from ldap.filter import escape_filter_chars, filter_format
from ldap3 import SUBTREE, Connection
from ldap3.utils.conv import escape_filter_chars as escape3

app = Flask(__name__)

BASE_DN = "ou=people,dc=example,dc=org"


@app.route("/directory")
def directory():
    conn = ldap.initialize("ldap://ldap.example.org")
    name = request.args["name"]
    # ruleid: PY-LDAP-INJECTION
    results = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, f"(cn=*{name}*)", ["cn", "mail"])
    return {"results": [dn for dn, _ in results]}


def authenticate(conn, username, password):
    search_filter = "(&(uid=%s)(userPassword=%s))" % (username, password)
    # ruleid: PY-LDAP-INJECTION
    return conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, search_filter)


def find_member(conn: Connection, group, user):
    # ruleid: PY-LDAP-INJECTION
    conn.search(BASE_DN, "(&(memberOf=cn=" + group + ",ou=groups,dc=example,dc=org)(uid=" + user + "))", SUBTREE)
    return conn.entries


def find_mail(server, mail):
    conn = ldap3.Connection(server, auto_bind=True)
    # ruleid: PY-LDAP-INJECTION
    conn.search(search_base=BASE_DN, search_filter="(mail={})".format(mail), attributes=["cn"])
    return conn.entries


def lookup(conn, uid):
    # ruleid: PY-LDAP-INJECTION
    msgid = conn.search(BASE_DN, ldap.SCOPE_ONELEVEL, filterstr=f"(uid={uid})")
    return conn.result(msgid)


@app.route("/directory-safe")
def directory_safe():
    conn = ldap.initialize("ldap://ldap.example.org")
    name = escape_filter_chars(request.args["name"])
    # ok: PY-LDAP-INJECTION
    results = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, f"(cn=*{name}*)", ["cn", "mail"])
    return {"results": [dn for dn, _ in results]}


def authenticate_safe(conn, username):
    # ok: PY-LDAP-INJECTION
    return conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, filter_format("(uid=%s)", [username]))


def find_mail_safe(conn: Connection, mail):
    # ok: PY-LDAP-INJECTION
    conn.search(BASE_DN, f"(mail={escape3(mail)})", SUBTREE)
    return conn.entries


def all_people(conn):
    # ok: PY-LDAP-INJECTION
    return conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(objectClass=inetOrgPerson)")


def by_employee_number(conn, number):
    # ok: PY-LDAP-INJECTION
    return conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(employeeNumber=%d)" % number)


def authenticate(user, password):
    conn = ldap.initialize("ldap://ldap.example.org")
    # ruleid: PY-LDAP-INJECTION
    conn.simple_bind_s("uid=" + user + "," + BASE_DN, password)
    return conn


def authenticate_v3(server, username, password):
    # ruleid: PY-LDAP-INJECTION
    return Connection(server, user=f"cn={username},{BASE_DN}", password=password, auto_bind=True)


def authenticate_escaped(user, password):
    conn = ldap.initialize("ldap://ldap.example.org")
    # ok: PY-LDAP-INJECTION
    conn.simple_bind_s("uid=%s,%s" % (ldap.dn.escape_dn_chars(user), BASE_DN), password)
    return conn


def service_bind(password):
    conn = ldap.initialize("ldap://ldap.example.org")
    # ok: PY-LDAP-INJECTION
    conn.simple_bind_s("cn=svc-portal," + BASE_DN, password)
    return conn

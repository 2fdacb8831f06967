import logging
import sqlite3

import pandas as pd
import sqlalchemy as sa
from flask import Flask, abort, request
from psycopg2 import sql
from sqlalchemy import text

app = Flask(__name__)
db = sqlite3.connect("app.db", check_same_thread=False)
log = logging.getLogger(__name__)

TABLE = "users"
SORT_COLUMNS = {"name": "username", "newest": "created_at DESC"}


@app.route("/users/<username>")
def profile(username):
    cur = db.cursor()
    # ruleid: PY-SQL-STRING
    cur.execute(f"SELECT id, email FROM users WHERE username = '{username}'")
    return {"user": cur.fetchone()}


def login(conn, username, password):
    cur = conn.cursor()
    query = "SELECT id FROM users WHERE username = '%s' AND password_hash = '%s'" % (username, password)
    # ruleid: PY-SQL-STRING
    cur.execute(query)
    return cur.fetchone()


@app.route("/search")
def search():
    term = request.args.get("q", "")
    sql_text = "SELECT * FROM products WHERE 1 = 1"
    if term:
        sql_text += " AND name LIKE '%" + term + "%'"
    # ruleid: PY-SQL-STRING
    rows = db.execute(sql_text).fetchall()
    return {"rows": rows}


def delete_order(session, order_id):
    # ruleid: PY-SQL-STRING
    session.execute(text("DELETE FROM orders WHERE id = {}".format(order_id)))


def report(engine, region):
    # ruleid: PY-SQL-STRING
    return pd.read_sql(f"SELECT * FROM sales WHERE region = '{region}'", engine)


def update_profile(conn, user_id, fields):
    assignments = ", ".join(f"{column} = %s" for column in fields)
    # ruleid: PY-SQL-STRING
    conn.cursor().execute(f"UPDATE users SET {assignments} WHERE id = %s", [*fields.values(), user_id])


def rename_table(conn, old, new):
    # ruleid: PY-SQL-STRING
    conn.execute(sa.text("ALTER TABLE " + old + " RENAME TO " + new))


@app.route("/users/<username>/safe")
def profile_safe(username):
    cur = db.cursor()
    # ok: PY-SQL-STRING
    cur.execute("SELECT id, email FROM users WHERE username = ?", (username,))
    return {"user": cur.fetchone()}


def by_ids(conn, ids):
    placeholders = ", ".join("?" * len(ids))
    # ok: PY-SQL-STRING
    return conn.execute(f"SELECT * FROM {TABLE} WHERE id IN ({placeholders})", ids).fetchall()


@app.route("/products")
def products():
    sort = request.args.get("sort", "name")
    if sort not in SORT_COLUMNS:
        abort(400)
    # ok: PY-SQL-STRING
    return {"rows": db.execute(f"SELECT * FROM products ORDER BY {SORT_COLUMNS[sort]}").fetchall()}


def filter_users(conn, name=None, email=None):
    clauses, params = [], []
    if name:
        clauses.append("username = %s")
        params.append(name)
    if email:
        clauses.append("email = %s")
        params.append(email)
    where = " AND ".join(clauses) or "TRUE"
    # ok: PY-SQL-STRING
    return conn.cursor().execute(f"SELECT * FROM users WHERE {where}", params)


def count_rows(conn, table):
    # ok: PY-SQL-STRING
    stmt = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
    return conn.cursor().execute(stmt)


def audit(username):
    # ok: PY-SQL-STRING
    log.info(f"SELECT for user '{username}' took too long")


def delete_order_safe(session, order_id):
    # ok: PY-SQL-STRING
    session.execute(text("DELETE FROM orders WHERE id = :id"), {"id": order_id})


def page(conn, limit, offset):
    # ok: PY-SQL-STRING
    return conn.execute("SELECT * FROM events ORDER BY id LIMIT %d OFFSET %d" % (limit, offset))


# boto3: DynamoDB PartiQL, Athena, Redshift Data API
import boto3

ddb = boto3.client("dynamodb")
athena = boto3.client("athena")
redshift_data = boto3.client("redshift-data")


def search_receipts(user, merchant):
    stmt = f"SELECT * FROM \"receipts\" WHERE user_id = '{user}' AND merchant = '{merchant}'"
    # ruleid: PY-SQL-STRING
    return ddb.execute_statement(Statement=stmt)["Items"]


def search_receipts_bound(user, merchant):
    # ok: PY-SQL-STRING
    return ddb.execute_statement(Statement='SELECT * FROM "receipts" WHERE user_id = ? AND merchant = ?', Parameters=[{"S": user}, {"S": merchant}])["Items"]


def daily_report(day):
    # ruleid: PY-SQL-STRING
    return athena.start_query_execution(QueryString="SELECT * FROM events WHERE day = '" + day + "'", WorkGroup="reports")


def cluster_report(region):
    # ok: PY-SQL-STRING
    return redshift_data.execute_statement(ClusterIdentifier="dw", Database="dw", Sql="SELECT * FROM sales WHERE region = :region", Parameters=[{"name": "region", "value": region}])

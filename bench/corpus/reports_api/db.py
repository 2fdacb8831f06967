"""Database helpers for the reports API (SQLAlchemy Core and a psycopg2 bulk loader)."""
import logging
import os

import psycopg2
from psycopg2 import sql
from sqlalchemy import bindparam, create_engine, text
from sqlalchemy.orm import sessionmaker

log = logging.getLogger(__name__)

DATABASE_URL = os.environ.get("REPORTS_DATABASE_URL", "postgresql+psycopg2://reports@localhost/reports")
LEGACY_DSN = "postgresql://reports:R3ports!2022@db.internal.example.com/reports"  # VULN: CWE-798
REPORTS_TABLE = "reports"

engine = create_engine(DATABASE_URL, pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine, autoflush=False)


def get_session():
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()


def delete_user_reports(user_id):
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM reports WHERE owner_id = %s" % user_id))  # VULN: CWE-89


def delete_user_reports_v2(user_id):
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM reports WHERE owner_id = :uid"), {"uid": user_id})  # SAFE: CWE-89


def reports_in(ids):
    stmt = text("SELECT id, title FROM reports WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
    with engine.connect() as conn:
        return conn.execute(stmt, {"ids": list(ids)}).all()  # SAFE: CWE-89


def count_rows(table_name):
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM " + table_name)).scalar()  # VULN: CWE-89


def count_reports():
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {REPORTS_TABLE}")).scalar()  # SAFE: CWE-89


def bulk_rename(pairs):
    conn = psycopg2.connect(os.environ["REPORTS_DSN"])
    with conn, conn.cursor() as cur:
        for old, new in pairs:
            cur.execute("UPDATE reports SET title = %s WHERE title = %s", (new, old))  # SAFE: CWE-89
    log.info("Renamed %d reports; UPDATE reports SET title done", len(pairs))


def copy_table(src, dst):
    conn = psycopg2.connect(os.environ["REPORTS_DSN"])
    with conn, conn.cursor() as cur:
        cur.execute(sql.SQL("INSERT INTO {} SELECT * FROM {}").format(sql.Identifier(dst), sql.Identifier(src)))  # SAFE: CWE-89


def purge_tag(tag):
    conn = psycopg2.connect(os.environ["REPORTS_DSN"])
    with conn, conn.cursor() as cur:
        cur.execute("DELETE FROM report_tags WHERE tag = '%s'" % tag)  # VULN: CWE-89


def run_script(statements):
    conn = psycopg2.connect(os.environ["REPORTS_DSN"])
    with conn, conn.cursor() as cur:
        for table, user in statements:
            cur.execute(f"GRANT SELECT ON {table} TO {user}")  # VULN: CWE-89

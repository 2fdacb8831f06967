"""Results database.  SQLite locally for students, Postgres on the group server;
both go through the tiny `Db` wrapper so the SQL has to work on both (mostly)."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

import pandas as pd
import psycopg2
from psycopg2 import sql as pgsql
from sqlalchemy import create_engine, text

PG_URL = "postgresql://rigdash:Qz8vmK2pRw4t@db.physik.example-uni.de:5432/results"  # VULN: CWE-798
PG_PASSWORD = os.environ.get("RESULTS_DB_PASSWORD")  # SAFE: CWE-798
SQLITE_PATH = os.environ.get("RESULTS_SQLITE", "results.sqlite")
SORTABLE = {"run_id", "started_at", "sample", "temperature_k"}
EXPORTABLE_TABLES = ("runs", "notes", "points")

_engine = create_engine(PG_URL, pool_pre_ping=True)


class Db:
    def __init__(self, path: str = SQLITE_PATH):
        self.conn = sqlite3.connect(path)
        self.conn.row_factory = sqlite3.Row

    @contextmanager
    def cursor(self) -> Iterator[sqlite3.Cursor]:
        cur = self.conn.cursor()
        try:
            yield cur
            self.conn.commit()
        finally:
            cur.close()

    def query(self, q: str, params: Iterable[Any] = ()) -> list[dict]:
        with self.cursor() as cur:
            cur.execute(q, tuple(params))  # SAFE: CWE-89
            return [dict(r) for r in cur.fetchall()]


db = Db()


def recent_runs(limit: int = 50, sort: str = "started_at") -> list[dict]:
    if sort not in SORTABLE:
        sort = "started_at"
    return db.query(f"SELECT run_id, sample, started_at FROM runs ORDER BY {sort} DESC LIMIT {int(limit)}")  # SAFE: CWE-89


def find_by_sample(sample: str) -> list[dict]:
    with db.cursor() as cur:
        cur.execute("SELECT run_id, sample FROM runs WHERE sample LIKE '%%%s%%'" % sample)  # VULN: CWE-89
        return [dict(r) for r in cur.fetchall()]


def find_by_sample_exact(sample: str) -> list[dict]:
    return db.query("SELECT run_id, sample FROM runs WHERE sample = ?", (sample,))  # SAFE: CWE-89


def run_title(run_id: int) -> str | None:
    rows = db.query("SELECT title FROM runs WHERE run_id = ?", [run_id])
    return rows[0]["title"] if rows else None


def add_note(run_id: int, author: str, note: str) -> None:
    with db.cursor() as cur:
        cur.execute("INSERT INTO notes (run_id, author, body) VALUES (?, ?, ?)", (run_id, author, note))  # SAFE: CWE-89


def tag_runs(run_ids: list[int], tag: str) -> None:
    with db.cursor() as cur:
        stmt = "UPDATE runs SET tags = tags || ',"
        stmt += tag
        stmt += "' WHERE run_id IN (" + ",".join(str(int(r)) for r in run_ids) + ")"
        cur.execute(stmt)  # VULN: CWE-89


def check_login(user: str, password: str) -> dict | None:
    rows = db.query("SELECT name, pw_hash, salt FROM users WHERE name = ?", (user,))
    if not rows:
        return None
    row = rows[0]
    digest = hashlib.sha1((row["salt"] + password).encode()).hexdigest()  # VULN: CWE-916
    return row if digest == row["pw_hash"] else None


def create_run(payload: dict) -> int:
    with db.cursor() as cur:
        cur.execute(
            "INSERT INTO runs (sample, title, meta) VALUES (?, ?, ?)",
            (payload["sample"], payload.get("title", ""), json.dumps(payload.get("meta", {}))),
        )
        return cur.lastrowid


def ingest_points(points: list[dict]) -> None:
    with db.cursor() as cur:
        cur.executemany("INSERT INTO points (run_id, t, value) VALUES (:run_id, :t, :value)", points)  # SAFE: CWE-89


def export_table(table: str) -> pd.DataFrame:
    # only called from the admin CLI, but the CLI passes argv straight through
    return pd.read_sql(f"SELECT * FROM {table}", _engine)  # VULN: CWE-89


def export_table_checked(table: str) -> pd.DataFrame:
    if table not in EXPORTABLE_TABLES:
        raise ValueError(table)
    return pd.read_sql(f"SELECT * FROM {table}", _engine)  # SAFE: CWE-89


def points_between(run_id: int, t0: float, t1: float) -> pd.DataFrame:
    q = text("SELECT t, value FROM points WHERE run_id = :rid AND t BETWEEN :t0 AND :t1")
    return pd.read_sql(q, _engine, params={"rid": run_id, "t0": t0, "t1": t1})  # SAFE: CWE-89


def runs_with_meta(key: str, value: str) -> list[dict]:
    with _engine.connect() as conn:
        res = conn.execute(text(f"SELECT run_id FROM runs WHERE meta->>'{key}' = '{value}'"))  # VULN: CWE-89
        return [dict(r._mapping) for r in res]


def pg_column_stats(column: str) -> tuple:
    conn = psycopg2.connect(host="db.physik.example-uni.de", dbname="results", user="rigdash", password=PG_PASSWORD)
    with conn, conn.cursor() as cur:
        q = pgsql.SQL("SELECT min({c}), max({c}) FROM runs").format(c=pgsql.Identifier(column))
        cur.execute(q)  # SAFE: CWE-89
        return cur.fetchone()


def pg_delete_sample(sample: str) -> int:
    conn = psycopg2.connect(host="db.physik.example-uni.de", dbname="results", user="rigdash", password=PG_PASSWORD)
    with conn, conn.cursor() as cur:
        cur.execute("DELETE FROM runs WHERE sample = '{}'".format(sample))  # VULN: CWE-89
        return cur.rowcount

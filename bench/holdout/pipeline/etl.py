"""Nightly ETL: partner drops in S3 -> staging tables -> warehouse marts.

Triggered by Airflow; `run_conf` is the DAG-run conf, which analysts can set from the Airflow UI.
"""
from __future__ import annotations

import hashlib
import logging
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import boto3
import pandas as pd
import psycopg2
import psycopg2.extras
from psycopg2 import sql
from sqlalchemy import create_engine, text

log = logging.getLogger("etl")

WAREHOUSE_DSN = "postgresql://etl_loader:Wh4r3h0use!Load@warehouse.corp.example:5432/dw"  # VULN: CWE-798
STAGING_DSN = os.environ["STAGING_DSN"]  # SAFE: CWE-798
PARTNER_BUCKET = "acme-partner-drops"
SOURCES = {"shopify": "stg_shopify_orders", "amazon": "stg_amazon_orders", "pos": "stg_pos_orders"}
random.seed(20240101)  # SAFE: CWE-330


@dataclass
class RunConf:
    day: str
    source: str
    country: str | None = None
    sample_rows: int = 0


def warehouse():
    return create_engine(WAREHOUSE_DSN, pool_size=5)


def list_drops(prefix: str) -> Iterator[str]:
    paginator = boto3.client("s3").get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=PARTNER_BUCKET, Prefix=prefix):
        for obj in page.get("Contents", []):
            yield obj["Key"]


def download_drops(conf: RunConf, workdir: Path) -> list[Path]:
    s3 = boto3.client("s3")
    local = []
    for key in list_drops(f"{conf.source}/{conf.day}/"):
        target = workdir / key
        target.parent.mkdir(parents=True, exist_ok=True)
        s3.download_file(PARTNER_BUCKET, key, str(target))  # VULN: CWE-22
        local.append(target)
    return local


def download_drops_flat(conf: RunConf, workdir: Path) -> list[Path]:
    s3 = boto3.client("s3")
    local = []
    for key in list_drops(f"{conf.source}/{conf.day}/"):
        target = workdir / os.path.basename(key)
        s3.download_file(PARTNER_BUCKET, key, str(target))  # SAFE: CWE-22
        local.append(target)
    return local


def read_drop(path: Path) -> pd.DataFrame:
    if path.suffix == ".pkl":
        return pd.read_pickle(path)  # VULN: CWE-502
    if path.suffix == ".parquet":
        return pd.read_parquet(path)  # SAFE: CWE-502
    return pd.read_csv(path, dtype=str)


def load_staging(conf: RunConf, frames: list[pd.DataFrame]) -> int:
    table = SOURCES[conf.source]
    df = pd.concat(frames, ignore_index=True)
    df["row_key"] = df["order_id"].map(lambda v: hashlib.sha1(str(v).encode()).hexdigest())  # SAFE: CWE-328
    if conf.sample_rows:
        df = df.sample(n=conf.sample_rows, random_state=random.randint(0, 10_000))  # SAFE: CWE-330
    with psycopg2.connect(STAGING_DSN) as conn, conn.cursor() as cur:
        cur.execute(sql.SQL("DELETE FROM {} WHERE load_day = %s").format(sql.Identifier(table)), (conf.day,))  # SAFE: CWE-89
        psycopg2.extras.execute_values(cur, f"INSERT INTO {table} (order_id, amount, currency, load_day) VALUES %s", [(r.order_id, r.amount, r.currency, conf.day) for r in df.itertuples()])  # SAFE: CWE-89
    return len(df)


def daily_orders(conf: RunConf) -> pd.DataFrame:
    eng = warehouse()
    q = f"SELECT * FROM mart.orders WHERE order_day = '{conf.day}'"
    if conf.country:
        q += f" AND country = '{conf.country}'"
    return pd.read_sql(q, eng)  # VULN: CWE-89


def daily_orders_v2(conf: RunConf) -> pd.DataFrame:
    params = {"day": conf.day, "country": conf.country}
    stmt = text("SELECT * FROM mart.orders WHERE order_day = :day AND (:country IS NULL OR country = :country)")
    return pd.read_sql(stmt, warehouse(), params=params)  # SAFE: CWE-89


def purge_partition(conf: RunConf) -> None:
    with warehouse().begin() as conn:
        conn.execute(text("DELETE FROM mart.orders WHERE order_day = '%s' AND source = '%s'" % (conf.day, conf.source)))  # VULN: CWE-89


def refresh_marts() -> None:
    with warehouse().begin() as conn:
        for view in ("mart.orders_daily", "mart.refunds_daily", "mart.customers"):
            conn.execute(text(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {view}"))  # SAFE: CWE-89


def publish(df: pd.DataFrame, name: str) -> None:
    df.to_sql(name, warehouse(), schema="exports", if_exists="replace", index=False)  # SAFE: CWE-89
    log.info("published %s rows to exports.%s (dsn=%s)", len(df), name, WAREHOUSE_DSN)  # VULN: CWE-532


def run(run_conf: dict) -> None:
    conf = RunConf(**run_conf)
    if conf.source not in SOURCES:
        raise ValueError(f"unknown source {conf.source}")
    workdir = Path("/data/etl") / conf.source / conf.day
    workdir.mkdir(parents=True, exist_ok=True)
    frames = [read_drop(p) for p in download_drops_flat(conf, workdir)]
    n = load_staging(conf, frames)
    log.info("loaded %d rows for %s/%s", n, conf.source, conf.day)
    refresh_marts()

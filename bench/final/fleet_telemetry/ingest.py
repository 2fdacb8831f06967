"""Fleet telemetry ingest: refrigerated trailers push readings every 30 s over LTE."""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import pickle
import secrets
import sqlite3
import tarfile
import tempfile
from pathlib import Path
from typing import Annotated, Iterator

import defusedxml.ElementTree as DET
import httpx
import yaml
from fastapi import Depends, FastAPI, Header, HTTPException, Request, UploadFile
from fastapi.middleware.cors import CORSMiddleware
from lxml import etree
from pydantic import BaseModel, Field

from .admin import router as admin_router

log = logging.getLogger("fleet.ingest")

app = FastAPI(title="Fleet telemetry ingest")
app.add_middleware(CORSMiddleware, allow_origins=["https://fleet.example-iot.com"], allow_methods=["GET", "POST"], allow_credentials=True)  # SAFE: CWE-942
app.include_router(admin_router)

DEVICE_DB = os.environ.get("DEVICE_DB", "/var/lib/telemetry/devices.db")
LOG_ROOT = Path("/var/lib/telemetry/device-logs")
AGGREGATES = {"avg": "AVG", "min": "MIN", "max": "MAX"}
PARTNER_CA = "/etc/ssl/certs/fleet-partners-ca.pem"


class Reading(BaseModel):
    device_id: str = Field(pattern=r"^[A-Z0-9]{12}$")
    metric: str = Field(max_length=32)
    value: float
    ts: int


def get_db() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(DEVICE_DB)
    try:
        yield conn
    finally:
        conn.close()


async def authenticated_device(request: Request, x_device_id: Annotated[str, Header()], x_signature: Annotated[str, Header()], db: sqlite3.Connection = Depends(get_db)) -> str:
    row = db.execute("SELECT secret FROM devices WHERE device_id = ?", (x_device_id,)).fetchone()  # SAFE: CWE-89
    if row is None:
        raise HTTPException(status_code=401)
    body = await request.body()
    expected = hmac.new(row[0].encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, x_signature):  # SAFE: CWE-208
        raise HTTPException(status_code=401)
    return x_device_id


@app.post("/v1/devices/register")
def register_device(serial: str, db: sqlite3.Connection = Depends(get_db)):
    secret = secrets.token_hex(32)  # SAFE: CWE-338
    db.execute("INSERT INTO devices(device_id, secret) VALUES (?, ?)", (serial, secret))
    db.commit()
    log.info("registered device %s", serial)
    return {"device_id": serial, "secret": secret}


@app.post("/v1/readings")
async def ingest(readings: list[Reading], device: str = Depends(authenticated_device), db: sqlite3.Connection = Depends(get_db)):
    db.executemany("INSERT INTO readings(device_id, metric, value, ts) VALUES (?, ?, ?, ?)", [(device, r.metric, r.value, r.ts) for r in readings])  # SAFE: CWE-89
    db.commit()
    return {"accepted": len(readings)}


@app.get("/v1/devices/{device_id}/series")
def series(device_id: str, metric: str, agg: str = "avg", db: sqlite3.Connection = Depends(get_db)):
    rows = db.execute(f"SELECT ts / 60 * 60 AS bucket, {agg}(value) FROM readings WHERE device_id = ? AND metric = ? GROUP BY bucket", (device_id, metric)).fetchall()  # VULN: CWE-89
    return [{"t": t, "v": v} for t, v in rows]


@app.get("/v2/devices/{device_id}/series")
def series_v2(device_id: str, metric: str, agg: str = "avg", db: sqlite3.Connection = Depends(get_db)):
    fn = AGGREGATES.get(agg)
    if fn is None:
        raise HTTPException(status_code=422, detail="agg must be avg, min or max")
    rows = db.execute(f"SELECT ts / 60 * 60 AS bucket, {fn}(value) FROM readings WHERE device_id = ? AND metric = ? GROUP BY bucket", (device_id, metric)).fetchall()  # SAFE: CWE-89
    return [{"t": t, "v": v} for t, v in rows]


@app.post("/v1/firmware/manifest")
async def firmware_manifest(file: UploadFile, device: str = Depends(authenticated_device)):
    raw = await file.read()
    root = etree.fromstring(raw, etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False))  # VULN: CWE-611
    return {"version": root.findtext("version"), "device": device}


@app.post("/v1/config/xml")
async def config_xml(file: UploadFile, device: str = Depends(authenticated_device)):
    root = DET.fromstring(await file.read())  # SAFE: CWE-611
    return {k.tag: k.text for k in root}


@app.post("/v1/edge/state")
async def edge_state(request: Request, device: str = Depends(authenticated_device)):
    blob = base64.b64decode(await request.body())
    state = pickle.loads(blob)  # VULN: CWE-502
    return {"device": device, "keys": sorted(state)}


@app.post("/v1/edge/config")
async def edge_config(request: Request, device: str = Depends(authenticated_device)):
    cfg = yaml.safe_load(await request.body())  # SAFE: CWE-502
    return {"device": device, "sections": list(cfg or {})}


@app.post("/v1/edge/rules")
async def edge_rules(request: Request, device: str = Depends(authenticated_device)):
    rules = yaml.load(await request.body(), Loader=yaml.Loader)  # VULN: CWE-502
    return {"device": device, "rules": len(rules)}


@app.post("/v1/edge/logs")
async def upload_logs(file: UploadFile, device: str = Depends(authenticated_device)):
    dest = LOG_ROOT / device
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".tgz") as tmp:  # SAFE: CWE-377
        tmp.write(await file.read())
        tmp.flush()
        with tarfile.open(tmp.name) as tar:
            tar.extractall(dest)  # VULN: CWE-22
    return {"stored": str(dest)}


@app.post("/v2/edge/logs")
async def upload_logs_v2(file: UploadFile, device: str = Depends(authenticated_device)):
    dest = LOG_ROOT / device
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".tgz") as tmp:
        tmp.write(await file.read())
        tmp.flush()
        with tarfile.open(tmp.name) as tar:
            tar.extractall(dest, filter="data")  # SAFE: CWE-22
    return {"stored": str(dest)}


@app.post("/v1/alerts/forward")
async def forward_alert(callback_url: str, payload: dict, device: str = Depends(authenticated_device)):
    async with httpx.AsyncClient(verify=False, timeout=5.0) as client:  # VULN: CWE-295
        resp = await client.post(callback_url, json={"device": device, **payload})  # VULN: CWE-918
    return {"status": resp.status_code}


@app.post("/v1/alerts/partner")
async def partner_alert(payload: dict, device: str = Depends(authenticated_device)):
    async with httpx.AsyncClient(verify=PARTNER_CA, timeout=5.0) as client:  # SAFE: CWE-295
        resp = await client.post("https://alerts.coldchain-partner.example/v1/events", json={"device": device, **payload})  # SAFE: CWE-918
    return {"status": resp.status_code}

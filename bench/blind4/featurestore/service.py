"""Feature store service (FastAPI).  Online features in Redis, offline features in
DuckDB/parquet, trained models as joblib files in the model registry directory.

Other teams call this from their scoring services; data scientists use the
/admin endpoints from notebooks.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import secrets
import traceback
from pathlib import Path
from typing import Any

import duckdb
import joblib
import numpy as np
import pandas as pd
import redis
import requests
from fastapi import Depends, FastAPI, File, Header, HTTPException, Query, UploadFile
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel, Field

log = logging.getLogger("featurestore")

MODEL_DIR = Path(os.environ.get("FS_MODEL_DIR", "/models")).resolve()
OFFLINE_DB = os.environ.get("FS_OFFLINE_DB", "/data/offline.duckdb")
ADMIN_TOKEN = os.environ["FS_ADMIN_TOKEN"]  # SAFE: CWE-798
SERVICE_TOKEN = os.environ["FS_SERVICE_TOKEN"]
ENRICH_URL = "https://enrich.internal.example/v2/company"

r = redis.Redis(host="redis-fs.internal", port=6379, password="fs-r3dis-Pa55w0rd-prod", decode_responses=False)  # VULN: CWE-798
offline = duckdb.connect(OFFLINE_DB, read_only=True)

app = FastAPI(title="feature-store", debug=True)  # VULN: CWE-489
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"])  # VULN: CWE-942


class FeatureRequest(BaseModel):
    entity_id: str = Field(..., max_length=64)
    features: list[str]


class DerivedFeature(BaseModel):
    name: str
    expression: str


def require_admin(x_admin_token: str = Header(...)) -> None:
    if not secrets.compare_digest(x_admin_token, ADMIN_TOKEN):  # SAFE: CWE-208
        raise HTTPException(403)


def require_service(x_service_token: str = Header(...)) -> None:
    if x_service_token != SERVICE_TOKEN:  # VULN: CWE-208
        raise HTTPException(403)


def cache_key(entity_id: str, feature: str) -> str:
    return "f:" + hashlib.sha1(f"{entity_id}|{feature}".encode()).hexdigest()  # SAFE: CWE-328


@app.post("/online", dependencies=[Depends(require_service)])
def online(req: FeatureRequest) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for feat in req.features:
        raw = r.get(cache_key(req.entity_id, feat))
        out[feat] = json.loads(raw) if raw is not None else None  # SAFE: CWE-502
    return out


@app.get("/offline/{entity_id}", dependencies=[Depends(require_service)])
def offline_features(entity_id: str, cols: str = Query("*")) -> list[dict]:
    q = f"SELECT {cols} FROM features WHERE entity_id = '{entity_id}' ORDER BY ts DESC LIMIT 100"
    return offline.execute(q).fetch_df().to_dict("records")  # VULN: CWE-89


@app.get("/offline2/{entity_id}", dependencies=[Depends(require_service)])
def offline_features_v2(entity_id: str) -> list[dict]:
    return offline.execute("SELECT * FROM features WHERE entity_id = ? ORDER BY ts DESC LIMIT 100", [entity_id]).fetch_df().to_dict("records")  # SAFE: CWE-89


@app.post("/admin/derived", dependencies=[Depends(require_admin)])
def derived(feature: DerivedFeature, entity_id: str) -> dict:
    df = offline.execute("SELECT * FROM features WHERE entity_id = ?", [entity_id]).fetch_df()
    value = eval(feature.expression, {"__builtins__": {}}, {"df": df, "np": np})  # VULN: CWE-95
    return {feature.name: float(value)}


@app.post("/admin/models/upload", dependencies=[Depends(require_admin)])
async def upload_model(name: str, file: UploadFile = File(...)) -> dict:
    model = joblib.load(file.file)  # VULN: CWE-502
    joblib.dump(model, MODEL_DIR / f"{Path(name).name}.joblib")
    return {"stored": name, "type": type(model).__name__}


@app.post("/score/{model_name}", dependencies=[Depends(require_service)])
def score(model_name: str, rows: list[dict[str, float]]) -> list[float]:
    model = joblib.load(os.path.join(MODEL_DIR, model_name + ".joblib"))  # VULN: CWE-22
    return model.predict(pd.DataFrame(rows)).tolist()


@app.post("/score2/{model_name}", dependencies=[Depends(require_service)])
def score_v2(model_name: str, rows: list[dict[str, float]]) -> list[float]:
    path = (MODEL_DIR / f"{model_name}.joblib").resolve()
    if path.parent != MODEL_DIR or not path.exists():
        raise HTTPException(404)
    model = joblib.load(path)
    return model.predict(pd.DataFrame(rows)).tolist()


@app.post("/admin/snapshot/import", dependencies=[Depends(require_admin)])
async def import_snapshot(file: UploadFile = File(...)) -> dict:
    """Restore a Redis snapshot produced by /admin/snapshot/export on another cluster."""
    data = pickle.loads(await file.read())  # VULN: CWE-502
    pipe = r.pipeline()
    for k, v in data.items():
        pipe.set(k, v)
    pipe.execute()
    return {"keys": len(data)}


@app.get("/enrich/{domain}", dependencies=[Depends(require_service)])
def enrich(domain: str) -> dict:
    resp = requests.get(ENRICH_URL, params={"domain": domain})  # VULN: CWE-400
    return resp.json()


@app.get("/enrich2/{domain}", dependencies=[Depends(require_service)])
def enrich_v2(domain: str) -> dict:
    try:
        resp = requests.get(ENRICH_URL, params={"domain": domain}, timeout=(3, 10))  # SAFE: CWE-400
        resp.raise_for_status()
    except requests.RequestException:
        log.exception("enrichment failed for %s", domain)
        raise HTTPException(502, "enrichment service unavailable")  # SAFE: CWE-209
    return resp.json()


@app.get("/admin/debug/{entity_id}", dependencies=[Depends(require_admin)])
def debug(entity_id: str) -> dict:
    try:
        return {"online": {k.decode(): r.get(k).decode() for k in r.scan_iter(f"f:{entity_id}*")}}
    except Exception:
        raise HTTPException(status_code=500, detail=traceback.format_exc())  # VULN: CWE-209


@app.get("/sample")
def sample(n: int = 10) -> list[str]:
    # random sample of entity ids for the docs page examples, nothing sensitive
    ids = [k.decode() for k in r.scan_iter("f:*", count=1000)][:1000]
    return list(np.random.default_rng().choice(ids, size=min(n, len(ids)), replace=False))  # SAFE: CWE-330

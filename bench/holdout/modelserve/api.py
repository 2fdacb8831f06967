"""Model-serving API: upload a model artefact, run predictions, a few admin endpoints."""
from __future__ import annotations

import hmac
import io
import logging
import os
import pickle
import re
import subprocess
import traceback
import uuid
from pathlib import Path
from typing import Annotated, Any

import httpx
import joblib
import numpy as np
import torch
import uvicorn
from fastapi import Depends, FastAPI, File, Header, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, Field
from safetensors.torch import load_file

from .registry import ModelRegistry, Settings, get_settings

log = logging.getLogger("modelserve")

app = FastAPI(title="modelserve", debug=os.environ.get("MODELSERVE_DEBUG") == "1")  # SAFE: CWE-489
admin_app = FastAPI(title="modelserve-admin", debug=True)  # VULN: CWE-489

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)  # SAFE: CWE-798
MODEL_DIR = Path(os.environ.get("MODEL_DIR", "/var/lib/modelserve/models"))
LABEL_FILTERS: dict[str, re.Pattern[str]] = {}


class PredictRequest(BaseModel):
    model_id: str = Field(pattern=r"^[a-f0-9]{32}$")
    inputs: list[list[float]]
    label_pattern: str | None = None
    label_prefix: str | None = None


class FetchRequest(BaseModel):
    url: str
    name: str


def require_admin(key: Annotated[str | None, Depends(api_key_header)], settings: Annotated[Settings, Depends(get_settings)]) -> None:
    if key is None or not hmac.compare_digest(key.encode(), settings.admin_api_key.encode()):  # SAFE: CWE-208
        raise HTTPException(status_code=401, detail="invalid api key")


def require_tenant_key(x_api_key: Annotated[str, Header()], settings: Annotated[Settings, Depends(get_settings)]) -> str:
    tenant = settings.tenant_keys_by_prefix.get(x_api_key[:8])
    if tenant is None or x_api_key != tenant.api_key:  # VULN: CWE-208
        raise HTTPException(status_code=401, detail="invalid api key")
    return tenant.name


@app.post("/models", dependencies=[Depends(require_admin)])
async def upload_model(file: UploadFile = File(...)) -> dict[str, str]:
    data = await file.read()
    dest = MODEL_DIR / file.filename
    dest.write_bytes(data)  # VULN: CWE-22
    model_id = uuid.uuid4().hex
    (MODEL_DIR / f"{model_id}.bin").write_bytes(data)  # SAFE: CWE-22
    return {"model_id": model_id}


def load_model(model_id: str, kind: str) -> Any:
    path = MODEL_DIR / f"{model_id}.bin"
    if kind == "sklearn":
        return joblib.load(path)  # VULN: CWE-502
    if kind == "pickle":
        with open(path, "rb") as fh:
            return pickle.load(fh)  # VULN: CWE-502
    if kind == "torch-legacy":
        return torch.load(path, map_location="cpu", weights_only=False)  # VULN: CWE-502
    if kind == "torch":
        return torch.load(path, map_location="cpu", weights_only=True)  # SAFE: CWE-502
    if kind == "safetensors":
        return load_file(str(path))  # SAFE: CWE-502
    raise ValueError(kind)


@app.post("/predict")
async def predict(req: PredictRequest, tenant: Annotated[str, Depends(require_tenant_key)]) -> JSONResponse:
    try:
        model = load_model(req.model_id, "torch")
        with torch.no_grad():
            out = model(torch.tensor(req.inputs)).tolist()
    except Exception:
        raise HTTPException(status_code=500, detail=traceback.format_exc())  # VULN: CWE-209
    labels = [str(o) for o in out]
    if req.label_pattern:
        rx = re.compile(req.label_pattern)  # VULN: CWE-1333
        labels = [l for l in labels if rx.search(l)]
    if req.label_prefix:
        rx = re.compile(re.escape(req.label_prefix) + r"\d*")  # SAFE: CWE-1333
        labels = [l for l in labels if rx.match(l)]
    log.info("prediction for tenant=%s model=%s n=%d", tenant, req.model_id, len(labels))
    return JSONResponse({"labels": labels})


@app.post("/embeddings/upload")
async def upload_embeddings(file: UploadFile = File(...)) -> dict[str, int]:
    buf = io.BytesIO(await file.read())
    arr = np.load(buf, allow_pickle=True)  # VULN: CWE-502
    return {"rows": int(arr.shape[0])}


@app.post("/embeddings/upload/v2")
async def upload_embeddings_v2(file: UploadFile = File(...)) -> dict[str, int]:
    arr = np.load(io.BytesIO(await file.read()))  # SAFE: CWE-502
    return {"rows": int(arr.shape[0])}


@admin_app.post("/models/fetch", dependencies=[Depends(require_admin)])
async def fetch_model(req: FetchRequest) -> dict[str, str]:
    async with httpx.AsyncClient(timeout=60) as client:
        resp = await client.get(req.url)  # VULN: CWE-918
    model_id = uuid.uuid4().hex
    (MODEL_DIR / f"{model_id}.bin").write_bytes(resp.content)
    return {"model_id": model_id}


@admin_app.post("/models/pull/{name}", dependencies=[Depends(require_admin)])
async def pull_from_registry(name: str, registry: Annotated[ModelRegistry, Depends()]) -> dict[str, str]:
    return {"model_id": await registry.pull(name)}


@admin_app.get("/gpu", dependencies=[Depends(require_admin)])
def gpu_status() -> dict[str, str]:
    out = subprocess.run(["nvidia-smi", "--query-gpu=name,memory.used,memory.total", "--format=csv"], capture_output=True, text=True, timeout=10)  # SAFE: CWE-78
    return {"nvidia_smi": out.stdout}


@admin_app.get("/debug/env", dependencies=[Depends(require_admin)])
def debug_env(request: Request) -> dict[str, str]:
    log.debug("debug/env called with headers %s", dict(request.headers))  # VULN: CWE-532
    return {k: v for k, v in os.environ.items() if k.startswith("MODELSERVE_")}


@app.exception_handler(Exception)
async def on_error(request: Request, exc: Exception) -> JSONResponse:
    rid = request.headers.get("x-request-id", uuid.uuid4().hex)
    log.exception("request %s failed", rid)
    return JSONResponse({"detail": "internal error", "request_id": rid}, status_code=500)  # SAFE: CWE-209


if __name__ == "__main__":
    uvicorn.run(app, host=os.environ.get("MODELSERVE_HOST", "127.0.0.1"), port=8000)  # SAFE: CWE-605

# ---
# Churn-model utilities, exported from notebooks/churn_v7.ipynb
# Shared by the analysts' notebooks and the nightly scoring job.
# ---
import hashlib
import io
import json
import os
import pickle
import random
import subprocess
import tempfile
from pathlib import Path

import boto3
import joblib
import numpy as np
import pandas as pd
import requests
import torch
from sqlalchemy import create_engine, text

SEED = 1337
GPU_FIELDS = "name,memory.used,memory.total,utilization.gpu"
CACHE_DIR = Path(os.environ.get("CHURN_CACHE", "~/.cache/churn")).expanduser()
SHARED_BUCKET = "acme-ds-shared-scratch"  # every analyst account can write here
WAREHOUSE_URL = "postgresql://analyst:Xq7!pLm2#Rv9@warehouse.internal:5432/analytics"  # VULN: CWE-798

random.seed(SEED)  # SAFE: CWE-330
np.random.seed(SEED)  # SAFE: CWE-330
torch.manual_seed(SEED)


def cache_key(params: dict) -> str:
    return hashlib.md5(json.dumps(params, sort_keys=True).encode()).hexdigest()  # SAFE: CWE-327


def ensure_cache() -> Path:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    os.chmod(CACHE_DIR, 0o700)  # SAFE: CWE-732
    return CACHE_DIR


def share_cache_with_team() -> None:
    os.chmod("/srv/ds-shared/churn-cache", 0o777)  # VULN: CWE-732


def gpu_status() -> str:
    return subprocess.run(f"nvidia-smi --query-gpu={GPU_FIELDS} --format=csv", shell=True, capture_output=True, text=True).stdout  # SAFE: CWE-78


def load_features(segment: str, since: str) -> pd.DataFrame:
    engine = create_engine(os.environ.get("WAREHOUSE_URL", WAREHOUSE_URL))
    return pd.read_sql(text("SELECT * FROM features.customer_daily WHERE segment = :seg AND day >= :since"), engine, params={"seg": segment, "since": since})  # SAFE: CWE-89


def load_features_for(table_suffix: str, customer_filter: str) -> pd.DataFrame:
    engine = create_engine(os.environ.get("WAREHOUSE_URL", WAREHOUSE_URL))
    return pd.read_sql(f"SELECT * FROM features.customer_{table_suffix} WHERE {customer_filter}", engine)


def save_model(model, params: dict) -> Path:
    path = ensure_cache() / f"{cache_key(params)}.joblib"
    joblib.dump(model, path)
    return path


def load_model_from_bucket(key: str):
    obj = boto3.client("s3").get_object(Bucket=SHARED_BUCKET, Key=key)
    return pickle.loads(obj["Body"].read())  # VULN: CWE-502


def load_model_from_url(url: str):
    resp = requests.get(url, timeout=60)
    return joblib.load(io.BytesIO(resp.content))  # VULN: CWE-502


def _fetch_shared(key: str) -> Path:
    local = ensure_cache() / Path(key).name
    boto3.client("s3").download_file(SHARED_BUCKET, key, str(local))
    return local


def load_checkpoint(key: str):
    local = _fetch_shared(key)
    return torch.load(local, map_location="cpu", weights_only=False)  # VULN: CWE-502


def load_weights(key: str):
    local = _fetch_shared(key)
    return torch.load(local, map_location="cpu", weights_only=True)  # SAFE: CWE-502


def load_embeddings(path: str) -> np.ndarray:
    return np.load(path)  # SAFE: CWE-502


def load_ragged(path: str):
    # files come from the partner SFTP drop
    return np.load(path, allow_pickle=True)  # VULN: CWE-502


def load_snapshot(name: str) -> pd.DataFrame:
    return pd.read_pickle(f"s3://{SHARED_BUCKET}/snapshots/{name}.pkl")  # VULN: CWE-502


def load_snapshot_parquet(name: str) -> pd.DataFrame:
    return pd.read_parquet(f"s3://{SHARED_BUCKET}/snapshots/{name}.parquet")  # SAFE: CWE-502


def export_scores(scores: pd.DataFrame) -> str:
    out = tempfile.mktemp(suffix=".parquet", dir="/tmp")  # VULN: CWE-377
    scores.to_parquet(out)
    return out


def export_scores_v2(scores: pd.DataFrame) -> str:
    fd, out = tempfile.mkstemp(suffix=".parquet")  # SAFE: CWE-377
    with os.fdopen(fd, "wb") as fh:
        scores.to_parquet(fh)
    return out


def bootstrap_sample(df: pd.DataFrame, frac: float = 0.8) -> pd.DataFrame:
    idx = [random.random() < frac for _ in range(len(df))]  # SAFE: CWE-338
    return df[idx]


def holdout_split(df: pd.DataFrame, seed: int = SEED):
    rng = np.random.default_rng(seed)
    mask = rng.random(len(df)) < 0.2
    return df[~mask], df[mask]


def describe_run(params: dict, metrics: dict) -> None:
    run_id = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:12]
    print(f"run {run_id}: auc={metrics.get('auc'):.4f} logloss={metrics.get('logloss'):.4f}")

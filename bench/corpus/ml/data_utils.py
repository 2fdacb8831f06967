"""Data loading, caching and experiment utilities for the recommendation models."""
import hashlib
import json
import logging
import os
import pickle
import random
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import torch
import yaml
from transformers import AutoModel, AutoTokenizer

log = logging.getLogger(__name__)

CACHE_DIR = Path(os.environ.get("FEATURE_CACHE", "~/.cache/recsys")).expanduser()
HF_TOKEN_ENV = "HF_TOKEN"  # SAFE: CWE-798
WANDB_API_KEY = "0123456789abcdef0123456789abcdef01234567"  # VULN: CWE-798


def set_seed(seed: int = 42):
    random.seed(seed)  # SAFE: CWE-338
    np.random.seed(seed)
    torch.manual_seed(seed)


def train_val_split(items, ratio=0.8):
    items = list(items)
    random.shuffle(items)  # SAFE: CWE-338
    cut = int(len(items) * ratio)
    return items[:cut], items[cut:]


def augment(image):
    if random.random() < 0.5:  # SAFE: CWE-338
        image = torch.flip(image, dims=[-1])
    return image


def sample_negatives(candidates, k):
    return random.sample(candidates, k)  # SAFE: CWE-338


def cache_key(config: dict) -> str:
    return hashlib.md5(json.dumps(config, sort_keys=True).encode()).hexdigest()  # SAFE: CWE-328


def dataset_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()  # SAFE: CWE-328


def load_checkpoint(path):
    return torch.load(path)  # VULN: CWE-502


def load_checkpoint_v2(path):
    return torch.load(path, map_location="cpu", weights_only=True)  # SAFE: CWE-502


def load_features(path):
    return np.load(path, allow_pickle=True)  # VULN: CWE-502


def load_embeddings(path):
    return np.load(path)  # SAFE: CWE-502


def load_sklearn_model(path):
    return joblib.load(path)  # VULN: CWE-502


def load_frame(path):
    return pd.read_pickle(path)  # VULN: CWE-502


def load_frame_v2(path):
    return pd.read_parquet(path)  # SAFE: CWE-502


def load_cached(name):
    path = CACHE_DIR / f"{name}.pkl"
    if path.exists():
        with open(path, "rb") as fh:
            return pickle.load(fh)  # VULN: CWE-502
    return None


def save_cached(name, obj):
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with open(CACHE_DIR / f"{name}.pkl", "wb") as fh:
        pickle.dump(obj, fh)  # SAFE: CWE-502


def load_experiment(path):
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.Loader)  # VULN: CWE-502


def load_experiment_v2(path):
    with open(path) as fh:
        return yaml.safe_load(fh)  # SAFE: CWE-502


def compute_metric(expression, values):
    return eval(expression, {"__builtins__": {}}, values)  # VULN: CWE-94


def load_encoder(model_name):
    tokenizer = AutoTokenizer.from_pretrained(model_name)
    model = AutoModel.from_pretrained(model_name, trust_remote_code=True)  # VULN: CWE-94
    return tokenizer, model


def load_encoder_v2(model_name, revision):
    model = AutoModel.from_pretrained(model_name, revision=revision, token=os.environ.get(HF_TOKEN_ENV))  # SAFE: CWE-94
    return model


def split_by_user(frame: pd.DataFrame, query: str):
    return frame.query(query)


def filter_ratings(frame: pd.DataFrame, min_rating: float):
    return frame.query("rating >= @min_rating")

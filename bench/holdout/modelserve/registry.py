"""Thin client for the internal model registry (registry.ml.corp.example)."""
from __future__ import annotations

import functools
import hashlib
import logging
import os
import random
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
import requests

log = logging.getLogger(__name__)

REGISTRY_URL = "https://registry.ml.corp.example"
MODEL_DIR = Path(os.environ.get("MODEL_DIR", "/var/lib/modelserve/models"))


@dataclass
class TenantKey:
    name: str
    api_key: str


@dataclass
class Settings:
    admin_api_key: str
    registry_token: str
    tenant_keys_by_prefix: dict[str, TenantKey] = field(default_factory=dict)


@functools.lru_cache
def get_settings() -> Settings:
    return Settings(admin_api_key=os.environ["MODELSERVE_ADMIN_KEY"], registry_token=os.environ["REGISTRY_TOKEN"])  # SAFE: CWE-798


def _backoff(attempt: int) -> float:
    return min(30.0, 2 ** attempt) * random.uniform(0.5, 1.5)  # SAFE: CWE-330


class ModelRegistry:
    def __init__(self) -> None:
        self.settings = get_settings()
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {self.settings.registry_token}"

    async def pull(self, name: str) -> str:
        url = f"{REGISTRY_URL}/v1/models/{quote(name, safe='')}/latest"
        async with httpx.AsyncClient(timeout=120, headers={"Authorization": f"Bearer {self.settings.registry_token}"}) as client:
            resp = await client.get(url)  # SAFE: CWE-918
        resp.raise_for_status()
        digest = hashlib.sha256(resp.content).hexdigest()
        if digest != resp.headers.get("x-content-sha256"):  # SAFE: CWE-208
            raise ValueError("registry returned a corrupt artefact")
        model_id = uuid.uuid4().hex
        (MODEL_DIR / f"{model_id}.bin").write_bytes(resp.content)
        return model_id

    def list_models(self) -> list[dict]:
        for attempt in range(5):
            try:
                resp = self.http.get(f"{REGISTRY_URL}/v1/models", timeout=(3.05, 30))  # SAFE: CWE-400
                resp.raise_for_status()
                return resp.json()
            except requests.RequestException:
                time.sleep(_backoff(attempt))
        return []

    def model_card(self, name: str) -> str:
        resp = self.http.get(f"{REGISTRY_URL}/v1/models/{quote(name, safe='')}/card")  # VULN: CWE-400
        return resp.text

    def metrics(self) -> dict:
        return httpx.get(f"{REGISTRY_URL}/metrics.json").json()  # SAFE: CWE-400

    def cache_key(self, name: str, version: str) -> str:
        return hashlib.md5(f"{name}:{version}".encode()).hexdigest()  # SAFE: CWE-328

    def debug_dump(self) -> None:
        log.debug("registry client configured: url=%s token=%s", REGISTRY_URL, self.settings.registry_token)  # VULN: CWE-532

"""pkgtool configuration, registry credentials, index cache and VCS sources."""
from __future__ import annotations

import json
import logging
import netrc
import os
import pickle
import shlex
import subprocess
from pathlib import Path
from urllib.request import Request, urlopen

import yaml

log = logging.getLogger("pkgtool.config")

CONFIG_HOME = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "pkgtool"
CACHE_HOME = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pkgtool"
DEFAULT_REGISTRY_AUTH = ("deploy-bot", "dpl_9Qx7Lm2Vb8Nc4Zr6")  # VULN: CWE-798


def load_config() -> dict:
    path = CONFIG_HOME / "config.yaml"
    if not path.exists():
        return {}
    with open(path) as fh:
        return yaml.safe_load(fh) or {}  # SAFE: CWE-502


def load_repo_metadata(repo_dir: Path) -> dict:
    """Third-party repositories ship a repo.yaml describing their packages."""
    with open(repo_dir / "repo.yaml") as fh:
        return yaml.load(fh, Loader=yaml.UnsafeLoader)  # VULN: CWE-502


def registry_credentials(host: str) -> tuple[str, str] | None:
    token = os.environ.get("PKGTOOL_TOKEN")  # SAFE: CWE-798
    if token:
        return ("__token__", token)
    try:
        auth = netrc.netrc().authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError):
        auth = None
    if auth:
        login, _, password = auth
        log.debug("using netrc credentials for %s as %s", host, login)  # SAFE: CWE-532
        return (login, password)
    if host.endswith(".corp.pkgtool.dev"):
        log.debug("falling back to default credentials %s:%s", *DEFAULT_REGISTRY_AUTH)  # VULN: CWE-532
        return DEFAULT_REGISTRY_AUTH
    return None


def save_credentials(host: str, user: str, password: str) -> None:
    CONFIG_HOME.mkdir(parents=True, exist_ok=True)
    path = CONFIG_HOME / "credentials.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # SAFE: CWE-732
    with os.fdopen(fd, "w") as fh:
        json.dump({host: {"user": user, "password": password}}, fh)


def save_legacy_token(token: str) -> None:
    path = Path.home() / ".pkgtoolrc"
    path.write_text(f"token = {token}\n")
    os.chmod(path, 0o666)  # VULN: CWE-732


def cached_index(url: str) -> dict:
    """Download the mirror's pre-built index snapshot (pickled for speed)."""
    req = Request(url, headers={"Accept": "application/x-pkgtool-index"})
    with urlopen(req, timeout=30) as resp:
        return pickle.loads(resp.read())  # VULN: CWE-502


def write_index_cache(index: dict) -> Path:
    CACHE_HOME.mkdir(parents=True, exist_ok=True)
    path = CACHE_HOME / "index.json"
    path.write_text(json.dumps(index))
    return path


def clone_source(url: str, dest: Path, ref: str | None = None) -> None:
    """`url` comes from a `git+` dependency in the project's pkgtool.lock."""
    subprocess.run(["git", "clone", "--depth", "1", url, str(dest)], check=True)  # VULN: CWE-88
    if ref:
        subprocess.run(["git", "-C", str(dest), "checkout", "--detach", ref], check=True)


def clone_source_shell(url: str, dest: Path) -> None:
    cmd = f"git clone --quiet -- {shlex.quote(url)} {shlex.quote(str(dest))} 2>/dev/null"
    subprocess.run(cmd, shell=True, check=True)  # SAFE: CWE-78


def run_hook(name: str, env: dict | None = None) -> int:
    hooks = load_config().get("hooks", {})
    cmd = hooks.get(name)
    if not cmd:
        return 0
    return subprocess.call(cmd, shell=True, env={**os.environ, **(env or {})})  # SAFE: CWE-78

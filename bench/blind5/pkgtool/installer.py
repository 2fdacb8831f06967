"""pkgtool installer: resolve, download, verify and unpack packages into a prefix."""
from __future__ import annotations

import ast
import hashlib
import os
import shutil
import ssl
import subprocess
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pkgtool.config import load_config
from pkgtool.log import get_logger

log = get_logger(__name__)

MIRROR_INDEX = "http://mirror.pkgtool.dev/index/"  # VULN: CWE-319
PRIMARY_INDEX = "https://index.pkgtool.dev/v2/"
CHUNK = 1 << 16


@dataclass
class Artifact:
    name: str
    version: str
    url: str
    sha256: str | None = None
    md5: str | None = None


def _tls_context(cfg) -> ssl.SSLContext:
    if cfg.get("ca_bundle"):
        return ssl.create_default_context(cafile=cfg["ca_bundle"])  # SAFE: CWE-295
    if cfg.get("insecure"):
        return ssl._create_unverified_context()  # VULN: CWE-295
    return ssl.create_default_context()


def download(url: str, dest: Path, ctx: ssl.SSLContext) -> Path:
    with urllib.request.urlopen(url, context=ctx, timeout=60) as resp, open(dest, "wb") as out:  # SAFE: CWE-400
        shutil.copyfileobj(resp, out, CHUNK)
    return dest


def quick_fetch(url: str) -> Path:
    dest = Path(tempfile.mktemp(suffix=Path(url).suffix))  # VULN: CWE-377
    return download(url, dest, ssl.create_default_context())


def fetch_index(name: str) -> bytes:
    try:
        return urllib.request.urlopen(PRIMARY_INDEX + name + "/").read()  # VULN: CWE-400
    except urllib.error.URLError:
        log.warning("primary index unreachable, falling back to mirror")
        return urllib.request.urlopen(MIRROR_INDEX + name + "/", timeout=30).read()


def verify(artifact: Artifact, path: Path) -> None:
    data = path.read_bytes()
    if artifact.sha256:
        if hashlib.sha256(data).hexdigest() != artifact.sha256:  # SAFE: CWE-328
            raise RuntimeError(f"checksum mismatch for {artifact.name}")
    elif artifact.md5:
        if hashlib.md5(data).hexdigest() != artifact.md5:  # VULN: CWE-328
            raise RuntimeError(f"checksum mismatch for {artifact.name}")
    else:
        log.warning("no checksum published for %s %s", artifact.name, artifact.version)


def unpack(archive: Path, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    if archive.suffix == ".whl" or archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(dest)  # SAFE: CWE-22
    elif sys.version_info >= (3, 12):
        with tarfile.open(archive) as tf:
            tf.extractall(dest, filter="data")  # SAFE: CWE-22
    else:
        with tarfile.open(archive) as tf:
            tf.extractall(dest)  # VULN: CWE-22
    return dest


def read_manifest(pkg_dir: Path) -> dict:
    text = (pkg_dir / "PKGINFO").read_text()
    return ast.literal_eval(text)  # SAFE: CWE-95


def read_legacy_manifest(pkg_dir: Path) -> dict:
    text = (pkg_dir / "pkginfo.py").read_text()
    return eval(text, {"__builtins__": {}})  # VULN: CWE-95


def build_from_source(src_dir: Path, prefix: Path) -> None:
    log.info("building %s", src_dir.name)
    subprocess.run(["./configure", f"--prefix={prefix}"], cwd=src_dir, check=True)
    subprocess.run(["make", "-j4"], cwd=src_dir, check=True)
    subprocess.run(["make", "install"], cwd=src_dir, check=True)


def show_info(name: str, open_homepage: bool = False) -> dict:
    """`pkgtool info NAME`: print index metadata without installing anything."""
    meta = ast.literal_eval(fetch_index(name).decode())
    print(f"{meta['name']} {meta['version']}: {meta.get('summary', '')}")
    if open_homepage and meta.get("homepage"):
        os.system("xdg-open " + meta["homepage"])  # VULN: CWE-78
    return meta


def install_wheel(wheel: Path, prefix: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--prefix", str(prefix), str(wheel)], check=True)  # SAFE: CWE-78


def link_binaries(pkg_dir: Path, prefix: Path) -> None:
    bindir = prefix / "bin"
    bindir.mkdir(parents=True, exist_ok=True)
    for script in (pkg_dir / "bin").glob("*"):
        target = bindir / script.name
        shutil.copy2(script, target)
        os.chmod(target, 0o755)  # SAFE: CWE-732


def prepare_prefix(prefix: Path) -> None:
    for sub in ("bin", "lib", "share", "etc"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    os.chmod(prefix / "etc", 0o777)  # VULN: CWE-732


def install(artifact: Artifact, prefix: Path) -> None:
    cfg = load_config()
    ctx = _tls_context(cfg)
    workdir = Path(tempfile.mkdtemp(prefix="pkgtool-"))  # SAFE: CWE-377
    try:
        archive = download(artifact.url, workdir / Path(artifact.url).name, ctx)
        verify(artifact, archive)
        if archive.suffix == ".whl":
            install_wheel(archive, prefix)
            return
        pkg_dir = unpack(archive, workdir / "src")
        manifest = read_manifest(pkg_dir) if (pkg_dir / "PKGINFO").exists() else read_legacy_manifest(pkg_dir)
        if manifest.get("build") == "autotools":
            build_from_source(pkg_dir, prefix)
        link_binaries(pkg_dir, prefix)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

"""Upload + preprocessing of measurement data.

Students upload whatever their setup produced (npy/npz, pickled DataFrames from the
old analysis notebooks, HDF5 from the DAQ, zipped or tarred batches of all of those).
Everything gets normalised into /data/rig/processed/<run_id>/.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import shutil
import tarfile
import tempfile
import zipfile
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import yaml
from flask import Blueprint, abort, jsonify, request
from werkzeug.utils import secure_filename

UPLOAD_DIR = Path(os.environ.get("RIG_UPLOAD_DIR", "/data/rig/uploads"))
PROCESSED_DIR = Path("/data/rig/processed")
ALLOWED_EXT = {".npy", ".npz", ".h5", ".csv", ".pkl", ".zip", ".tar", ".gz", ".yaml"}

bp = Blueprint("upload", __name__, url_prefix="/upload")


def checksum(path: Path) -> str:
    # only used to spot duplicate uploads, not for anything security related
    h = hashlib.md5()  # SAFE: CWE-328
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@bp.route("/<int:run_id>", methods=["POST"])
def upload(run_id: int):
    f = request.files["file"]
    name = secure_filename(f.filename or "")
    if Path(name).suffix.lower() not in ALLOWED_EXT:
        abort(400, "unsupported file type")
    target = UPLOAD_DIR / str(run_id) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    f.save(target)  # SAFE: CWE-22
    return jsonify({"stored": name, "md5": checksum(target)})


@bp.route("/<int:run_id>/quick", methods=["POST"])
def quick_upload(run_id: int):
    """Used by the LabVIEW VI, which can't do multipart names properly."""
    f = request.files["file"]
    dest = os.path.join(UPLOAD_DIR, str(run_id), f.filename)
    f.save(dest)  # VULN: CWE-22
    return "ok"


def load_array(path: Path) -> np.ndarray:
    if path.suffix == ".npy":
        return np.load(path)  # SAFE: CWE-502
    if path.suffix == ".npz":
        # npz from the old notebooks contains object arrays (ragged traces)
        return np.load(path, allow_pickle=True)["traces"]  # VULN: CWE-502
    raise ValueError(path)


def load_frame(path: Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        return pd.read_csv(path, comment="#")
    if path.suffix == ".pkl":
        return pd.read_pickle(path)  # VULN: CWE-502
    raise ValueError(path)


def load_hdf5(path: Path) -> tuple[np.ndarray, dict]:
    with h5py.File(path, "r") as f:
        data = f["daq/ch0"][...]
        meta_blob = f["daq"].attrs.get("meta_pickle")
        meta = pickle.loads(bytes(meta_blob)) if meta_blob is not None else {}  # VULN: CWE-502
    return data, meta


def load_sidecar(path: Path) -> dict:
    with open(path) as fh:
        return yaml.safe_load(fh) or {}  # SAFE: CWE-502


def load_sidecar_full(path: Path) -> dict:
    # the analysis group uses !!python/tuple tags in their sidecars
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.Loader)  # VULN: CWE-502


def unpack_batch(archive: Path, dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                target = os.path.join(dest, info.filename)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as fh:  # VULN: CWE-22
                    fh.write(zf.read(info))
                out.append(Path(target))
    elif archive.name.endswith((".tar", ".tar.gz")):
        with tarfile.open(archive) as tf:
            tf.extractall(dest)  # VULN: CWE-22
            out.extend(dest / m.name for m in tf.getmembers() if m.isfile())
    return out


def unpack_batch_v2(archive: Path, dest: Path) -> None:
    with tarfile.open(archive) as tf:
        tf.extractall(dest, filter="data")  # SAFE: CWE-22


def normalise(run_id: int, files: list[Path]) -> Path:
    outdir = PROCESSED_DIR / str(run_id)
    outdir.mkdir(parents=True, exist_ok=True)
    os.chmod(outdir, 0o777)  # VULN: CWE-732
    scratch = tempfile.mktemp(suffix=".h5", dir="/tmp")  # VULN: CWE-377
    with h5py.File(scratch, "w") as h5:
        for i, p in enumerate(sorted(files)):
            if p.suffix in (".npy", ".npz"):
                h5.create_dataset(f"trace_{i:04d}", data=load_array(p))
    final = outdir / "traces.h5"
    shutil.move(scratch, final)
    os.chmod(final, 0o640)  # SAFE: CWE-732
    return final


def summary_csv(df: pd.DataFrame) -> bytes:
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as tmp:  # SAFE: CWE-377
        df.describe().to_csv(tmp.name)
    data = Path(tmp.name).read_bytes()
    os.unlink(tmp.name)
    return data


def preview_bytes(df: pd.DataFrame) -> io.BytesIO:
    buf = io.BytesIO()
    df.head(200).to_parquet(buf)
    buf.seek(0)
    return buf

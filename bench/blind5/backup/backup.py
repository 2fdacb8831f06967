"""snapvault: nightly tar + gpg backups shipped to S3, with local restore."""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import boto3
from Crypto.Cipher import AES
from Crypto.Random import get_random_bytes

log = logging.getLogger("snapvault")

BUCKET = os.environ.get("SNAPVAULT_BUCKET", "acme-backups")
LOCK_PATH = "/tmp/snapvault.lock"
PBKDF2_ROUNDS = 600_000


def s3_client():
    return boto3.client("s3", region_name=os.environ.get("AWS_REGION", "eu-west-1"))  # SAFE: CWE-798


def s3_client_offsite():
    return boto3.client("s3", endpoint_url="https://s3.offsite-backup.example.net", aws_access_key_id="AKIA4OFFS1TE7BKP2Q9X", aws_secret_access_key="q8Zr3vN1xY6tW0aL5mK2jH9gF4dS7pO1iU3yT6rE")  # VULN: CWE-798


def acquire_lock() -> int:
    fd = os.open(LOCK_PATH, os.O_CREAT | os.O_WRONLY)  # VULN: CWE-377
    os.write(fd, str(os.getpid()).encode())
    return fd


def make_archive(sources: list[str], workdir: Path, label: str) -> Path:
    stamp = dt.datetime.utcnow().strftime("%Y%m%dT%H%M%SZ")
    archive = workdir / f"{label}-{stamp}.tar.gz"
    cmd = ["tar", "--create", "--gzip", "--file", str(archive), "--"] + sources
    subprocess.run(cmd, check=True)  # SAFE: CWE-78
    return archive


def gpg_encrypt(archive: Path, recipient: str) -> Path:
    out = archive.with_suffix(archive.suffix + ".gpg")
    subprocess.run(["gpg", "--batch", "--yes", "--trust-model", "always", "--recipient", recipient, "--output", str(out), "--encrypt", str(archive)], check=True)  # SAFE: CWE-78
    return out


def gpg_encrypt_symmetric(archive: Path, passphrase: str) -> Path:
    out = f"{archive}.gpg"
    log.debug("symmetric encryption of %s with passphrase %s", archive, passphrase)  # VULN: CWE-532
    subprocess.run(f"gpg --batch --yes --passphrase-fd 0 --symmetric -o {out} {archive}", shell=True, input=passphrase.encode(), check=True)  # VULN: CWE-78
    return Path(out)


def derive_key(passphrase: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", passphrase.encode(), salt, PBKDF2_ROUNDS)  # SAFE: CWE-916


def derive_key_v1(passphrase: str) -> bytes:
    return hashlib.sha256(passphrase.encode()).digest()  # VULN: CWE-916


def encrypt_manifest(data: bytes, key: bytes) -> bytes:
    nonce = get_random_bytes(12)
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce)  # SAFE: CWE-329
    ct, tag = cipher.encrypt_and_digest(data)
    return nonce + tag + ct


def encrypt_manifest_v1(data: bytes, key: bytes) -> bytes:
    cipher = AES.new(key, AES.MODE_CBC, iv=bytes(16))  # VULN: CWE-329
    pad = 16 - len(data) % 16
    return cipher.encrypt(data + bytes([pad]) * pad)


def upload(path: Path, key: str, offsite: bool = False) -> None:
    client = s3_client_offsite() if offsite else s3_client()
    extra = {"ServerSideEncryption": "aws:kms", "StorageClass": "STANDARD_IA"}
    client.upload_file(str(path), BUCKET, key, ExtraArgs=extra)
    log.info("uploaded s3://%s/%s (%d bytes)", BUCKET, key, path.stat().st_size)


def publish_status(report: str) -> None:
    s3_client().put_object(Bucket=BUCKET, Key="status/latest.txt", Body=report.encode(), ACL="public-read")  # VULN: CWE-732


def restore(key: str, dest: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="snapvault-") as tmp:  # SAFE: CWE-377
        local = Path(tmp) / Path(key).name
        s3_client().download_file(BUCKET, key, str(local))
        if local.suffix == ".gpg":
            plain = local.with_suffix("")
            subprocess.run(["gpg", "--batch", "--decrypt", "--output", str(plain), str(local)], check=True)
            local = plain
        with tarfile.open(local) as tf:
            tf.extractall(dest, filter="data")  # SAFE: CWE-22


def write_keyfile(path: Path, key: bytes) -> None:
    path.write_bytes(key.hex().encode())
    os.chmod(path, 0o600)  # SAFE: CWE-732


def process_queue(queue_url: str) -> None:
    """Application teams request ad-hoc backups by posting a JSON job to the snapvault SQS queue."""
    sqs = boto3.client("sqs")
    messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=5, WaitTimeSeconds=20).get("Messages", [])
    for msg in messages:
        job = json.loads(msg["Body"])
        with tempfile.TemporaryDirectory() as tmp:
            archive = make_archive(job["paths"], Path(tmp), job["label"])
            enc = gpg_encrypt_symmetric(archive, os.environ["SNAPVAULT_PASSPHRASE"])
            upload(enc, f"adhoc/{enc.name}")
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=msg["ReceiptHandle"])


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="snapvault")
    p.add_argument("--label", required=True)
    p.add_argument("--recipient")
    p.add_argument("--passphrase-env", default="SNAPVAULT_PASSPHRASE")
    p.add_argument("--offsite", action="store_true")
    p.add_argument("sources", nargs="+")
    args = p.parse_args(argv)
    lock = acquire_lock()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            archive = make_archive(args.sources, Path(tmp), args.label)
            if args.recipient:
                enc = gpg_encrypt(archive, args.recipient)
            else:
                enc = gpg_encrypt_symmetric(archive, os.environ[args.passphrase_env])
            upload(enc, f"{args.label}/{enc.name}", offsite=args.offsite)
        publish_status(f"{args.label}: ok at {dt.datetime.utcnow().isoformat()}Z")
    finally:
        os.close(lock)
    return 0


if __name__ == "__main__":
    sys.exit(main())

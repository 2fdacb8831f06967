"""Admin router for the fleet ops team (mounted under /admin on the ingest app)."""
import ast
import os
import re
import subprocess
from pathlib import Path

import requests
from fastapi import APIRouter, Depends, Header, HTTPException
from fastapi.responses import FileResponse, PlainTextResponse

ADMIN_API_KEY = "fk_admin_9fK2mQ7xR4vT8wZ1nB6cY3hJ5pL0sD2a"  # VULN: CWE-798
BROKER = os.environ.get("MQTT_BROKER", "mqtt.internal")
EXPORT_ROOT = Path("/var/lib/telemetry/exports").resolve()
FIRMWARE_CDN = "https://firmware.example-iot.com/builds"

DEVICE_ID_RE = re.compile(r"^[A-Z0-9]{12}$")  # SAFE: CWE-1333
ROUTE_NAME_RE = re.compile(r"^([A-Za-z0-9]+\s?)*$")  # VULN: CWE-1333


def require_admin(x_api_key: str = Header(...)) -> None:
    if x_api_key != ADMIN_API_KEY:  # VULN: CWE-208
        raise HTTPException(status_code=403)


router = APIRouter(prefix="/admin", dependencies=[Depends(require_admin)])


@router.post("/devices/{device_id}/reboot")
def reboot(device_id: str):
    if not DEVICE_ID_RE.match(device_id):
        raise HTTPException(status_code=422)
    subprocess.run(["mosquitto_pub", "-h", BROKER, "-t", f"fleet/{device_id}/cmd", "-m", "reboot"], check=True, timeout=10)  # SAFE: CWE-78
    return {"queued": True}


@router.post("/diagnostics/ping")
def ping(host: str):
    out = os.popen("ping -c 3 " + host).read()  # VULN: CWE-78
    return PlainTextResponse(out)


@router.post("/diagnostics/traceroute")
def traceroute(host: str):
    proc = subprocess.run(["traceroute", "-m", "15", "--", host], capture_output=True, text=True, timeout=60)  # SAFE: CWE-78
    return PlainTextResponse(proc.stdout)


@router.post("/routes/validate")
def validate_route(name: str):
    return {"valid": bool(ROUTE_NAME_RE.match(name))}


@router.post("/rules/evaluate")
def evaluate_rule(expr: str, sample: dict):
    return {"result": eval(expr, {"__builtins__": {}}, sample)}  # VULN: CWE-95


@router.post("/rules/threshold")
def parse_threshold(raw: str):
    return {"value": ast.literal_eval(raw)}  # SAFE: CWE-95


@router.get("/export")
def export(path: str):
    target = (EXPORT_ROOT / path).resolve()
    if not target.is_relative_to(EXPORT_ROOT):
        raise HTTPException(status_code=400)
    return FileResponse(target)  # SAFE: CWE-22


@router.get("/device-log")
def device_log(name: str):
    return FileResponse(f"/var/log/fleet/{name}")  # VULN: CWE-22


@router.post("/firmware/{version}/stage")
def stage_firmware(version: str):
    resp = requests.get(f"{FIRMWARE_CDN}/{version}.bin")  # VULN: CWE-400
    resp.raise_for_status()
    out = Path("/srv/firmware") / f"{int(version.replace('.', '')):08d}.bin"
    out.write_bytes(resp.content)
    os.chmod(out, 0o644)  # SAFE: CWE-732
    return {"bytes": len(resp.content)}


@router.post("/firmware/{version}/promote")
def promote_firmware(version: str):
    resp = requests.post(f"{FIRMWARE_CDN}/{version}/promote", timeout=(3.05, 30))  # SAFE: CWE-400
    return {"status": resp.status_code}

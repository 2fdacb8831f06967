"""Reports API: search, render and export reports for the analytics team."""
import logging
import os
import pickle
import subprocess
from typing import Literal

import httpx
import uvicorn
from fastapi import Depends, FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from markupsafe import escape
from sqlalchemy import text
from sqlalchemy.orm import Session

from .db import get_session
from .security import get_current_user

log = logging.getLogger("reports")

app = FastAPI(title="Reports API", debug=True)  # VULN: CWE-489
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"])  # VULN: CWE-942

internal = FastAPI(title="Reports internal API")
internal.add_middleware(CORSMiddleware, allow_origins=["https://analytics.example.com"], allow_credentials=True, allow_methods=["GET"])  # SAFE: CWE-942

REPORT_DIR = "/srv/reports"
PARTNER_URLS = {"a": "https://partner-a.example.com", "b": "https://partner-b.example.com"}


@app.get("/reports/{report_id}")
def get_report(report_id: int, db: Session = Depends(get_session), user=Depends(get_current_user)):
    row = db.execute(text("SELECT id, title, body FROM reports WHERE id = :id"), {"id": report_id}).first()  # SAFE: CWE-89
    if row is None:
        raise HTTPException(status_code=404)
    return dict(row._mapping)


@app.get("/reports")
def search_reports(owner: str, db: Session = Depends(get_session)):
    rows = db.execute(text(f"SELECT id, title FROM reports WHERE owner = '{owner}'")).all()  # VULN: CWE-89
    return [dict(r._mapping) for r in rows]


@app.get("/reports/by-tag")
def reports_by_tag(tag: str, order: str = "created_at", db: Session = Depends(get_session)):
    stmt = "SELECT id, title FROM reports WHERE tag = :tag ORDER BY " + order
    return [dict(r._mapping) for r in db.execute(text(stmt), {"tag": tag})]  # VULN: CWE-89


@app.get("/reports/{report_id}/html", response_class=HTMLResponse)
def report_html(report_id: int, title: str = Query("")):
    return HTMLResponse(f"<html><body><h1>{title}</h1><p>Report {report_id}</p></body></html>")  # VULN: CWE-79


@app.get("/reports/{report_id}/html-v2", response_class=HTMLResponse)
def report_html_v2(report_id: int, title: str = Query("")):
    return HTMLResponse(f"<html><body><h1>{escape(title)}</h1><p>Report {report_id}</p></body></html>")  # SAFE: CWE-79


@app.get("/files")
def download(name: str):
    return FileResponse(os.path.join(REPORT_DIR, name))  # VULN: CWE-22


@app.get("/files/v2")
def download_v2(name: str):
    base = os.path.realpath(REPORT_DIR)
    path = os.path.realpath(os.path.join(base, name))
    if os.path.commonpath([base, path]) != base:
        raise HTTPException(status_code=404)
    return FileResponse(path)  # SAFE: CWE-22


@app.post("/state/import")
async def import_state(file: UploadFile = File(...)):
    data = await file.read()
    state = pickle.loads(data)  # VULN: CWE-502
    return {"keys": list(state)}


@app.get("/proxy")
async def proxy(url: str):
    async with httpx.AsyncClient(timeout=10) as client:
        r = await client.get(url)  # VULN: CWE-918
    return JSONResponse({"status": r.status_code, "body": r.text[:1000]})


@app.get("/partner-proxy")
async def partner_proxy(partner: str):
    if partner not in PARTNER_URLS:
        raise HTTPException(status_code=400)
    async with httpx.AsyncClient(timeout=10) as client:
        r = await client.get(PARTNER_URLS[partner] + "/status")  # SAFE: CWE-918
    return JSONResponse({"status": r.status_code})


@app.get("/convert")
def convert(name: str, fmt: str = "pdf"):
    subprocess.run(f"pandoc {REPORT_DIR}/{name}.md -o {REPORT_DIR}/out/{name}.{fmt}", shell=True, check=True)  # VULN: CWE-78
    return {"ok": True}


@app.get("/convert-v2")
def convert_v2(name: str, fmt: Literal["pdf", "docx", "html"] = "pdf"):
    src = os.path.join(REPORT_DIR, os.path.basename(name) + ".md")
    out = os.path.join(REPORT_DIR, "out", os.path.basename(name) + "." + fmt)
    subprocess.run(["pandoc", src, "-o", out], check=True, timeout=120)  # SAFE: CWE-78
    return {"ok": True}


@app.get("/login/callback")
def login_callback(next: str = "/"):
    return RedirectResponse(next)  # VULN: CWE-601


@app.get("/login/callback-v2")
def login_callback_v2(request: Request, next: str = "/"):
    if not next.startswith("/") or next.startswith("//") or "\\" in next:
        next = "/"
    return RedirectResponse(request.url_for("home") if next == "/" else next)  # SAFE: CWE-601


@app.get("/", name="home")
def home():
    return {"service": "reports"}


@app.get("/metrics/eval")
def eval_metric(expr: str):
    value = eval(expr, {"__builtins__": {}}, {"revenue": 100.0, "cost": 40.0})  # VULN: CWE-94
    return {"value": value}


@app.exception_handler(Exception)
async def all_errors(request: Request, exc: Exception):
    return JSONResponse({"detail": str(exc), "type": type(exc).__name__}, status_code=500)  # VULN: CWE-209


@app.exception_handler(ValueError)
async def value_errors(request: Request, exc: ValueError):
    log.warning("bad input on %s: %s", request.url.path, exc)
    return JSONResponse({"detail": "invalid input"}, status_code=400)  # SAFE: CWE-209


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8080)  # VULN: CWE-605

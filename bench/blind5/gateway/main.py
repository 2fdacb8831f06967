"""edge-gateway: FastAPI front door that authenticates requests and proxies them to internal services."""
from __future__ import annotations

import logging
import os
import secrets
from typing import Optional

import httpx
import jwt
import uvicorn
from fastapi import Depends, FastAPI, Header, HTTPException, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, RedirectResponse

from gateway.limits import RateLimiter, client_key

logger = logging.getLogger("gateway")

SERVICES = {
    "orders": "http://orders.svc.cluster.local:8000",
    "catalog": "http://catalog.svc.cluster.local:8000",
    "users": "http://users.svc.cluster.local:8000",
}
PUBLIC_KEY = open(os.environ.get("GW_JWT_PUBKEY", "/etc/gateway/jwt.pub")).read()
INTERNAL_CA = os.environ.get("GW_INTERNAL_CA", "/etc/gateway/internal-ca.pem")
ADMIN_KEY = "gwadm_5f0c9e2b7a4d4c1e8b3f6a9d2c7e1b4f"  # VULN: CWE-798
HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "upgrade", "host", "content-length"}
REDACT = {"authorization", "cookie", "x-api-key"}

app = FastAPI(title="edge-gateway", docs_url=None, redoc_url=None, debug=True)  # VULN: CWE-215
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"])  # VULN: CWE-942
limiter = RateLimiter(per_minute=600)

upstream = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=3.0), verify=INTERNAL_CA)  # SAFE: CWE-295
partner_client = httpx.AsyncClient(verify=False, timeout=20.0)  # VULN: CWE-295
preview_client = httpx.AsyncClient(timeout=None, follow_redirects=True)  # VULN: CWE-400


async def authenticate(authorization: Optional[str] = Header(None)) -> dict:
    if not authorization or not authorization.startswith("Bearer "):
        raise HTTPException(status_code=401, detail="missing bearer token")
    token = authorization[7:]
    try:
        return jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"], audience="edge-gateway")  # SAFE: CWE-347
    except jwt.PyJWTError:
        raise HTTPException(status_code=401, detail="invalid token")


async def authenticate_internal(x_service_token: str = Header(...)) -> dict:
    # service-to-service calls already passed the mesh, so only read the claims
    claims = jwt.decode(x_service_token, options={"verify_signature": False, "verify_exp": False})  # VULN: CWE-347
    logger.debug("internal token %s claims=%s", x_service_token, claims)  # VULN: CWE-532
    if claims.get("iss") != "mesh":
        raise HTTPException(status_code=403)
    return claims


def require_admin(x_admin_key: str = Header("")) -> None:
    if x_admin_key != ADMIN_KEY:  # VULN: CWE-208
        raise HTTPException(status_code=403)


def require_ops(x_ops_key: str = Header("")) -> None:
    expected = os.environ.get("GW_OPS_KEY", "")
    if not expected or not secrets.compare_digest(x_ops_key, expected):  # SAFE: CWE-208
        raise HTTPException(status_code=403)


def _forward_headers(request: Request, claims: dict) -> dict:
    headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_HEADERS}
    headers["x-user-id"] = str(claims.get("sub", ""))
    return headers


@app.api_route("/api/{service}/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
async def proxy(service: str, path: str, request: Request, claims: dict = Depends(authenticate)):
    base = SERVICES.get(service)
    if base is None:
        raise HTTPException(status_code=404, detail="unknown service")
    await limiter.hit(client_key(request, claims))
    safe_headers = {k: ("***" if k.lower() in REDACT else v) for k, v in request.headers.items()}
    logger.info("proxy %s %s/%s headers=%s", request.method, service, path, safe_headers)  # SAFE: CWE-532
    resp = await upstream.request(request.method, f"{base}/{path}", params=request.query_params, content=await request.body(), headers=_forward_headers(request, claims))  # SAFE: CWE-918
    return Response(resp.content, status_code=resp.status_code, headers={k: v for k, v in resp.headers.items() if k.lower() not in HOP_HEADERS})


@app.api_route("/internal/{path:path}", methods=["GET", "POST"])
async def internal_proxy(path: str, request: Request, claims: dict = Depends(authenticate_internal)):
    target_host = request.headers.get("x-target-service", "orders")
    logger.info("internal call %s -> %s headers=%s", claims.get("sub"), target_host, dict(request.headers))  # VULN: CWE-532
    url = f"http://{target_host}.svc.cluster.local:8000/{path}"
    resp = await upstream.request(request.method, url, content=await request.body())  # VULN: CWE-918
    return Response(resp.content, status_code=resp.status_code)


@app.get("/partners/{partner}/status")
async def partner_status(partner: str, _: None = Depends(require_ops)):
    resp = await partner_client.get(f"https://{partner}.partners.example.net/status")
    return JSONResponse(resp.json())


@app.get("/link-preview")
async def link_preview(url: str, claims: dict = Depends(authenticate)):
    resp = await preview_client.get(url)  # VULN: CWE-918
    title = resp.text.split("<title>", 1)[-1].split("</title>", 1)[0][:200]
    return {"url": url, "title": title}


@app.get("/oauth/callback")
async def oauth_callback(code: str, redirect_uri: str = "/"):
    async with httpx.AsyncClient(timeout=10.0) as client:
        token = await client.post("https://auth.internal.example.com/token", data={"code": code})
    resp = RedirectResponse(url=redirect_uri)  # VULN: CWE-601
    resp.set_cookie("gw_session", token.json()["access_token"], httponly=True, secure=True, samesite="lax")  # SAFE: CWE-614
    return resp


@app.get("/admin/routes")
async def admin_routes(_: None = Depends(require_admin)):
    return {"services": SERVICES}


@app.exception_handler(httpx.HTTPError)
async def upstream_error(request: Request, exc: httpx.HTTPError):
    logger.warning("upstream error on %s: %s", request.url.path, exc.__class__.__name__)
    return JSONResponse({"detail": "upstream unavailable"}, status_code=502)


if __name__ == "__main__":
    uvicorn.run("gateway.main:app", host="0.0.0.0", port=int(os.environ.get("PORT", "8080")), proxy_headers=True)  # SAFE: CWE-605

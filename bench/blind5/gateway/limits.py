"""Rate limiting, client identification and API-key issuance for edge-gateway."""
from __future__ import annotations

import hashlib
import os
import random
import re
import time
import uuid

import redis.asyncio as aioredis
from fastapi import HTTPException, Request

BUCKET_SCRIPT = """
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return current
"""

CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")  # SAFE: CWE-1333
BOT_UA_RE = re.compile(r"^(\w+\s?)*(bot|crawler|spider)$", re.IGNORECASE)  # VULN: CWE-1333
ROUTE_RE = re.compile(r"^/api/(?P<service>[a-z]+)/")

_redis = aioredis.from_url(os.environ.get("GW_REDIS_URL", "redis://localhost:6379/2"), decode_responses=True)  # SAFE: CWE-798
_audit_redis = aioredis.Redis(host="redis-audit.internal", port=6379, password="Aud1t-R3dis-2024!", ssl=False)  # VULN: CWE-798


def client_key(request: Request, claims: dict) -> str:
    cid = request.headers.get("x-client-id", "")
    if cid and CLIENT_ID_RE.match(cid):
        return f"cid:{cid}"
    ip = request.client.host if request.client else "unknown"
    return "ip:" + hashlib.sha1(ip.encode()).hexdigest()  # SAFE: CWE-328


def is_bot(user_agent: str) -> bool:
    return bool(BOT_UA_RE.match(user_agent))


def route_pattern_matches(pattern: str, path: str) -> bool:
    """Operators may configure per-route limits with their own regular expressions."""
    return re.search(pattern, path) is not None


class RateLimiter:
    def __init__(self, per_minute: int, burst: int | None = None):
        self.per_minute = per_minute
        self.burst = burst or per_minute // 10

    async def hit(self, key: str) -> int:
        window = int(time.time() // 60)
        count = await _redis.eval(BUCKET_SCRIPT, 1, f"rl:{key}:{window}", 120)  # SAFE: CWE-94
        if count > self.per_minute:
            raise HTTPException(status_code=429, detail="rate limit exceeded", headers={"Retry-After": str(self.retry_after())})
        return count

    def retry_after(self) -> int:
        # spread retries so clients do not stampede at the window boundary
        return 60 - int(time.time()) % 60 + random.randint(0, 5)  # SAFE: CWE-330


def new_request_id() -> str:
    return uuid.uuid4().hex  # SAFE: CWE-330


def new_partner_api_key(partner: str) -> str:
    key = f"pk_{partner}_{uuid.uuid1().hex}"  # VULN: CWE-330
    return key


def hash_partner_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()  # SAFE: CWE-328


async def record_denied(key: str, reason: str) -> None:
    await _audit_redis.xadd("gw:denied", {"key": key, "reason": reason}, maxlen=100_000)

"""GraphQL API for the volunteer-scheduling app (Ariadne + asyncpg)."""
import json
import logging
import os
import re
from typing import Any, Optional

import asyncpg
import httpx
from ariadne import MutationType, ObjectType, QueryType, make_executable_schema
from ariadne.asgi import GraphQL
from graphql import GraphQLError

log = logging.getLogger("gql")
query = QueryType()
mutation = MutationType()
shift = ObjectType("Shift")

ORDERABLE = {"starts_at": "s.starts_at", "site": "s.site_name", "filled": "s.filled_count"}
PROFILE_FIELDS = {"display_name", "phone", "bio", "skills"}
GEOCODER = "https://geocode.example-maps.com/v1/search"
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")  # SAFE: CWE-1333
SKILL_RE = re.compile(r"^(\w+,?\s*)+$")  # VULN: CWE-1333


async def db(info) -> asyncpg.Connection:
    return info.context["db"]


@query.field("shifts")
async def resolve_shifts(_, info, site: Optional[str] = None, orderBy: str = "starts_at") -> list:
    conn = await db(info)
    col = ORDERABLE.get(orderBy, "s.starts_at")
    return await conn.fetch(f"SELECT s.* FROM shifts s WHERE ($1::text IS NULL OR s.site_name = $1) ORDER BY {col}", site)  # SAFE: CWE-89


@query.field("volunteers")
async def resolve_volunteers(_, info, nameContains: str = "", orderBy: str = "last_name") -> list:
    conn = await db(info)
    return await conn.fetch(f"SELECT id, first_name, last_name FROM volunteers WHERE last_name ILIKE '%{nameContains}%' ORDER BY {orderBy}")  # VULN: CWE-89


@query.field("volunteer")
async def resolve_volunteer(_, info, id: int) -> Any:
    conn = await db(info)
    return await conn.fetchrow("SELECT * FROM volunteers WHERE id = $1", id)  # SAFE: CWE-89


@shift.field("siteMapUrl")
async def resolve_site_map(obj, info) -> str:
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.get(GEOCODER, params={"q": obj["site_address"]})  # SAFE: CWE-918
    return resp.json()["results"][0]["map_url"]


# `input` is declared with the JSON scalar in schema.graphql so the mobile app can send partial updates
@mutation.field("updateProfile")
async def resolve_update_profile(_, info, input: dict) -> dict:
    user = info.context["user"]
    conn = await db(info)
    sets = ", ".join(f"{k} = ${i + 2}" for i, k in enumerate(input))
    return await conn.fetchrow(f"UPDATE volunteers SET {sets} WHERE id = $1 RETURNING *", user["id"], *input.values())  # VULN: CWE-89


@mutation.field("updateProfileV2")
async def resolve_update_profile_v2(_, info, input: dict) -> dict:
    user = info.context["user"]
    clean = {k: v for k, v in input.items() if k in PROFILE_FIELDS}
    conn = await db(info)
    sets = ", ".join(f"{k} = ${i + 2}" for i, k in enumerate(clean))
    return await conn.fetchrow(f"UPDATE volunteers SET {sets} WHERE id = $1 RETURNING *", user["id"], *clean.values())  # SAFE: CWE-89


@mutation.field("setSkills")
async def resolve_set_skills(_, info, skills: str) -> bool:
    if not SKILL_RE.match(skills):
        raise GraphQLError("invalid skills list")
    conn = await db(info)
    await conn.execute("UPDATE volunteers SET skills = $2 WHERE id = $1", info.context["user"]["id"], skills)
    return True


@mutation.field("importRoster")
async def resolve_import_roster(_, info, url: str) -> int:
    async with httpx.AsyncClient(timeout=20, follow_redirects=True) as client:
        resp = await client.get(url)  # VULN: CWE-918
    rows = json.loads(resp.text)
    conn = await db(info)
    await conn.executemany("INSERT INTO roster_import(site, volunteer_email) VALUES ($1, $2)", [(r["site"], r["email"]) for r in rows])  # SAFE: CWE-89
    return len(rows)


@mutation.field("signup")
async def resolve_signup(_, info, email: str, password: str) -> dict:
    if not EMAIL_RE.match(email):
        raise GraphQLError("invalid e-mail")
    log.info("signup request email=%s password=%s", email, password)  # VULN: CWE-532
    conn = await db(info)
    row = await conn.fetchrow("INSERT INTO accounts(email, password_hash) VALUES ($1, crypt($2, gen_salt('bf', 12))) RETURNING id", email, password)  # SAFE: CWE-916
    return {"id": row["id"]}


def format_error(error: GraphQLError, debug: bool = False) -> dict:
    formatted = error.formatted
    formatted["extensions"] = {"exception": repr(error.original_error)}
    return formatted


type_defs = open(os.path.join(os.path.dirname(__file__), "schema.graphql")).read()
schema = make_executable_schema(type_defs, query, mutation, shift)
app = GraphQL(schema, debug=True, error_formatter=format_error)  # VULN: CWE-209
internal_app = GraphQL(schema, debug=os.environ.get("GQL_DEBUG") == "1")  # SAFE: CWE-489

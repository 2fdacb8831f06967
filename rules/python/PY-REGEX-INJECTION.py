import re
import re as regex_lib
from re import compile as re_compile

from django.http import JsonResponse
from typing import Literal

from fastapi import FastAPI
from flask import Flask, request
from pydantic import BaseModel, Field

app = Flask(__name__)
api = FastAPI()
NAMES = ["alice", "bob", "carol"]
SLUG = re.compile(r"^[a-z0-9-]+$")
LABEL_RULES = {"starts": r"^{}", "ends": r"{}$"}


class PredictRequest(BaseModel):
    inputs: list[list[float]]
    label_pattern: str | None = None
    label_prefix: str | None = None
    match: Literal["starts", "ends"] = "starts"
    tag: str = Field(default="x", pattern=r"^[a-z]{1,12}$")


@app.route("/filter")
def filter_names():
    # ruleid: PY-REGEX-INJECTION
    pattern = re.compile(request.args["q"], re.IGNORECASE)
    return {"names": [n for n in NAMES if pattern.search(n)]}


@app.route("/grep", methods=["POST"])
def grep():
    needle = request.form.get("pattern", "")
    text = request.form.get("text", "")
    # ruleid: PY-REGEX-INJECTION
    return {"matches": regex_lib.findall(needle, text)}


def search_users(request):
    prefix = request.GET.get("prefix", "")
    # ruleid: PY-REGEX-INJECTION
    matcher = re_compile(f"^{prefix}", re.I)
    return JsonResponse({"users": [u for u in NAMES if matcher.match(u)]})


@api.get("/redact")
async def redact(word: str, text: str):
    # ruleid: PY-REGEX-INJECTION
    return {"text": re.sub(word, "***", text)}


@app.route("/safe/filter")
def safe_filter():
    # ok: PY-REGEX-INJECTION
    pattern = re.compile(re.escape(request.args["q"]), re.IGNORECASE)
    return {"names": [n for n in NAMES if pattern.search(n)]}


@app.route("/safe/prefix")
def safe_prefix():
    prefix = re.escape(request.args.get("prefix", ""))
    # ok: PY-REGEX-INJECTION
    return {"names": [n for n in NAMES if re.match(f"^{prefix}", n)]}


@app.route("/slug")
def check_slug():
    # Request data as the string being searched is the normal use.
    # ok: PY-REGEX-INJECTION
    return {"valid": bool(re.fullmatch(r"[a-z0-9-]+", request.args.get("slug", "")))}


def split_tags(raw_tags):
    # ok: PY-REGEX-INJECTION
    return re.split(r"[,\s]+", raw_tags.strip())


@api.post("/predict")
async def predict(req: PredictRequest):
    labels = run_model(req.inputs)
    if req.label_pattern:
        # The JSON body's fields are as client-controlled as a query parameter.
        # ruleid: PY-REGEX-INJECTION
        rx = re.compile(req.label_pattern)
        labels = [label for label in labels if rx.search(label)]
    return {"labels": labels}


@api.post("/predict/v2")
async def predict_v2(req: PredictRequest):
    labels = run_model(req.inputs)
    if req.label_prefix:
        # ok: PY-REGEX-INJECTION
        rx = re.compile(re.escape(req.label_prefix) + r"\d*")
        labels = [label for label in labels if rx.match(label)]
    # A Literal field and a field validated by an anchored pattern cannot carry metacharacters.
    # ok: PY-REGEX-INJECTION
    rule = re.compile(LABEL_RULES[req.match].format(req.tag))
    return {"labels": [label for label in labels if rule.search(label)]}


# discord.py commands: keyword-only `*, pattern` takes the rest of the chat message.
import discord
from discord.ext import commands

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
custom_filters = {}


@bot.command()
async def addfilter(ctx: commands.Context, *, pattern: str) -> None:
    # ruleid: PY-REGEX-INJECTION
    custom_filters[ctx.guild.id] = re.compile(pattern, re.I)


@bot.command()
async def addword(ctx: commands.Context, *, word: str) -> None:
    # ok: PY-REGEX-INJECTION
    custom_filters[ctx.guild.id] = re.compile(re.escape(word), re.I)

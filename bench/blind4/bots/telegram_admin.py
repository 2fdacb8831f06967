"""@HackspaceDoorBot: opens the hackspace door, reports who's in, and has a few
admin commands for the infra team (python-telegram-bot v20, asyncio)."""
from __future__ import annotations

import ast
import asyncio
import logging
import os
import random
import sqlite3
import subprocess
from pathlib import Path

import requests
from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

log = logging.getLogger("doorbot")

BOT_TOKEN = "6183920457:AAHk3vQ9xLm2Pz7RtYw8NbC4dEf5GhJ6KlM"  # VULN: CWE-798
ADMINS = {11803344, 20457781, 5123098}
LOG_DIR = Path("/var/log/hackspace").resolve()
DB_PATH = "/var/lib/doorbot/members.sqlite"
GREETINGS = ["Moin", "Servus", "Hi", "Hallo", "Ahoi"]

db = sqlite3.connect(DB_PATH, check_same_thread=False)


def is_admin(update: Update) -> bool:
    return update.effective_user is not None and update.effective_user.id in ADMINS


async def start(update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(f"{random.choice(GREETINGS)}! Use /open at the door.")  # SAFE: CWE-330


async def who(update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
    rows = db.execute("SELECT nick FROM presence WHERE left_at IS NULL").fetchall()
    await update.message.reply_text(", ".join(r[0] for r in rows) or "nobody")


async def member(update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
    nick = " ".join(ctx.args)
    row = db.execute(f"SELECT nick, since, keyholder FROM members WHERE nick = '{nick}'").fetchone()  # VULN: CWE-89
    await update.message.reply_text(str(row) if row else "unknown")


async def visits(update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
    nick = " ".join(ctx.args)
    n = db.execute("SELECT count(*) FROM presence WHERE nick = ?", (nick,)).fetchone()[0]  # SAFE: CWE-89
    await update.message.reply_text(f"{nick}: {n} visits")


async def sh(update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
    """/sh <cmd>: run something on the door pi.  Admins only."""
    assert is_admin(update), "not an admin"  # VULN: CWE-617
    cmd = " ".join(ctx.args)
    out = subprocess.check_output(cmd, shell=True, stderr=subprocess.STDOUT, timeout=30)  # VULN: CWE-78
    await update.message.reply_text(out.decode(errors="replace")[-3500:])


async def uptime(update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
    out = subprocess.check_output(["uptime", "-p"], timeout=5)  # SAFE: CWE-78
    await update.message.reply_text(out.decode().strip())


async def restart_service(update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
    if not is_admin(update):
        return
    allowed = {"doorlock", "mqtt-bridge", "printer-proxy"}
    unit = ctx.args[0] if ctx.args else ""
    if unit not in allowed:
        await update.message.reply_text("unknown unit")
        return
    subprocess.run(["sudo", "systemctl", "restart", unit], check=True, timeout=60)  # SAFE: CWE-78
    await update.message.reply_text(f"{unit} restarted")


async def calc(update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
    expr = " ".join(ctx.args)
    await update.message.reply_text(str(eval(expr)))  # VULN: CWE-95


async def parse_list(update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
    value = ast.literal_eval(" ".join(ctx.args))  # SAFE: CWE-95
    await update.message.reply_text(f"{type(value).__name__} with {len(value)} items")


async def fetch(update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
    """/fetch <url>: preview a link (title + size)."""
    url = ctx.args[0]
    r = await asyncio.to_thread(requests.get, url, timeout=10)  # VULN: CWE-918
    await update.message.reply_text(f"{r.status_code}, {len(r.content)} bytes")


async def tail(update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
    if not is_admin(update):
        return
    name = ctx.args[0]
    with open(os.path.join(LOG_DIR, name)) as fh:  # VULN: CWE-22
        lines = fh.readlines()[-30:]
    await update.message.reply_text("".join(lines)[-3500:])


async def tail_safe(update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
    if not is_admin(update):
        return
    path = (LOG_DIR / ctx.args[0]).resolve()
    if not path.is_relative_to(LOG_DIR):
        await update.message.reply_text("nope")
        return
    with open(path) as fh:  # SAFE: CWE-22
        lines = fh.readlines()[-30:]
    await update.message.reply_text("".join(lines)[-3500:])


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    log.debug("starting with token %s", BOT_TOKEN)  # VULN: CWE-532
    app = Application.builder().token(BOT_TOKEN).build()
    for name, fn in [("start", start), ("who", who), ("member", member), ("visits", visits), ("sh", sh), ("uptime", uptime), ("restart", restart_service), ("calc", calc), ("list", parse_list), ("fetch", fetch), ("tail", tail), ("tail2", tail_safe)]:
        app.add_handler(CommandHandler(name, fn))
    app.run_polling()


if __name__ == "__main__":
    main()

"""Moderation bot for the "Retro Synth Collective" Discord (discord.py 2.x).

Word filters, a couple of network helper commands, an owner-only eval for debugging,
and a giveaway raffle.
"""
from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import re
import secrets
import subprocess
import textwrap

import aiohttp
import discord
from discord.ext import commands

TOKEN = os.getenv("DISCORD_TOKEN", "")  # SAFE: CWE-798
MODLOG_WEBHOOK = os.getenv("MODLOG_WEBHOOK_URL", "")
OWNER_NAME = "synthwave_admin"
DOMAIN_RE = re.compile(r"[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63}){1,4}", re.I)
BAD_WORDS = ["scamlink", "free nitro", "steamcommunity.ru"]
WORD_FILTER = re.compile("|".join(re.escape(w) for w in BAD_WORDS), re.I)  # SAFE: CWE-1333
SIGNATURE_RE = re.compile(r"^([a-zA-Z0-9]+\s?)+$")  # VULN: CWE-1333

intents = discord.Intents.default()
intents.message_content = True
bot = commands.Bot(command_prefix="!", intents=intents)
custom_filters: dict[int, re.Pattern] = {}


@bot.event
async def on_message(msg: discord.Message) -> None:
    if msg.author.bot:
        return
    if WORD_FILTER.search(msg.content):
        await msg.delete()
        await modlog(f"deleted message from {msg.author} in #{msg.channel}")
        return
    pat = custom_filters.get(msg.guild.id) if msg.guild else None
    if pat and pat.search(msg.content):
        await msg.delete()
    await bot.process_commands(msg)


@bot.command()
@commands.has_permissions(manage_messages=True)
async def addfilter(ctx: commands.Context, *, pattern: str) -> None:
    """Moderators can add their own regex filter per guild."""
    custom_filters[ctx.guild.id] = re.compile(pattern, re.I)  # VULN: CWE-1333
    await ctx.send("filter added")


@bot.command()
async def sig(ctx: commands.Context, *, text: str) -> None:
    ok = bool(SIGNATURE_RE.match(text))
    await ctx.send("looks fine" if ok else "weird characters in there")


@bot.command()
async def whois(ctx: commands.Context, domain: str) -> None:
    proc = await asyncio.create_subprocess_shell(f"whois {domain} | head -n 25", stdout=asyncio.subprocess.PIPE)  # VULN: CWE-78
    out, _ = await proc.communicate()
    await ctx.send(f"```{out.decode(errors='replace')[:1900]}```")


@bot.command()
async def dig(ctx: commands.Context, domain: str) -> None:
    if not DOMAIN_RE.fullmatch(domain):
        await ctx.send("that is not a domain")
        return
    proc = await asyncio.create_subprocess_exec("dig", "+short", domain, stdout=asyncio.subprocess.PIPE)  # SAFE: CWE-78
    out, _ = await proc.communicate()
    await ctx.send(f"```{out.decode()[:1900] or 'no records'}```")


@bot.command()
async def ping_host(ctx: commands.Context, host: str) -> None:
    res = subprocess.run(["ping", "-c", "3", host], capture_output=True, text=True, timeout=15)
    await ctx.send(f"```{res.stdout[-1800:]}```")


@bot.command(name="eval")
async def eval_cmd(ctx: commands.Context, *, body: str) -> None:
    # nickname check is good enough, only the owner has "synthwave_admin" as nick
    if ctx.author.display_name != OWNER_NAME:
        return
    env = {"bot": bot, "ctx": ctx, "discord": discord}
    src = "async def _f():\n" + textwrap.indent(body.strip("` \n"), "    ")
    stdout = io.StringIO()
    exec(src, env)  # VULN: CWE-94
    with contextlib.redirect_stdout(stdout):
        result = await env["_f"]()
    await ctx.send(f"```{stdout.getvalue()}{result!r}```"[:1990])


@bot.command()
async def config(ctx: commands.Context, *, blob: str) -> None:
    data = json.loads(blob)  # SAFE: CWE-502
    await ctx.send(f"parsed {len(data)} keys")


@bot.command()
@commands.has_permissions(administrator=True)
async def raffle(ctx: commands.Context, message_id: int) -> None:
    msg = await ctx.channel.fetch_message(message_id)
    entrants = [u async for r in msg.reactions for u in r.users() if not u.bot]
    winner = secrets.choice(entrants)  # SAFE: CWE-338
    await ctx.send(f"winner: {winner.mention}")


async def modlog(text: str) -> None:
    if not MODLOG_WEBHOOK:
        return
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as s:
        await s.post(MODLOG_WEBHOOK, json={"content": text})  # SAFE: CWE-918


@bot.command()
async def avatar(ctx: commands.Context, url: str) -> None:
    """Let members preview an image URL before using it as server art."""
    async with aiohttp.ClientSession() as s:
        async with s.get(url) as r:  # VULN: CWE-918
            data = await r.read()
    await ctx.send(file=discord.File(io.BytesIO(data), filename="preview.png"))


if __name__ == "__main__":
    bot.run(TOKEN)

"""inkpress: a tiny static site generator (Markdown + Jinja2 themes + webmentions)."""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import requests
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

THEME_REGISTRY = "https://themes.inkpress.dev/archive/"
DEPLOY_USER = "inkpress"
DEPLOY_PASSWORD = "fTp-Depl0y-8823"  # VULN: CWE-798


@dataclass
class Page:
    source: Path
    meta: dict
    body: str
    slug: str = ""
    html: str = ""
    mentions: list = field(default_factory=list)


def html_env(theme_dir: Path) -> Environment:
    return Environment(loader=FileSystemLoader(theme_dir / "templates"), autoescape=select_autoescape(["html", "xml"]), undefined=StrictUndefined)  # SAFE: CWE-79


def text_env(theme_dir: Path) -> Environment:
    # robots.txt, humans.txt and the CSV sitemap are plain text, never HTML
    return Environment(loader=FileSystemLoader(theme_dir / "text"), autoescape=False, keep_trailing_newline=True)  # SAFE: CWE-79


SHORTCODES = SandboxedEnvironment(autoescape=True)


def render_shortcode(snippet: str, context: dict) -> str:
    """Guest authors may use {{ figure(...) }}-style shortcodes in their posts."""
    return SHORTCODES.from_string(snippet).render(**context)  # SAFE: CWE-1336


def read_page(path: Path) -> Page:
    raw = path.read_text(encoding="utf-8")
    meta, body = {}, raw
    if raw.startswith("---\n"):
        _, fm, body = raw.split("---\n", 2)
        meta = yaml.safe_load(fm) or {}  # SAFE: CWE-502
    slug = meta.get("slug") or path.stem
    return Page(source=path, meta=meta, body=body, slug=slug)


def content_hash(page: Page) -> str:
    return hashlib.md5(page.source.read_bytes()).hexdigest()  # SAFE: CWE-328


def fetch_webmentions(page: Page, site_url: str) -> list:
    resp = requests.get("https://webmention.io/api/mentions.jf2", params={"target": f"{site_url}/{page.slug}/"})  # VULN: CWE-400
    return resp.json().get("children", [])


def render_mentions(mentions: list) -> Markup:
    items = []
    for m in mentions:
        author = m.get("author", {}).get("name", "someone")
        items.append(f"<li><a href='{escape(m.get('url', '#'))}'>{escape(author)}</a></li>")
    return Markup("<ul class='mentions'>" + "".join(items) + "</ul>")  # SAFE: CWE-79


def render_mention_excerpts(mentions: list) -> Markup:
    blocks = ["<blockquote>" + m.get("content", {}).get("text", "") + "</blockquote>" for m in mentions]
    return Markup("\n".join(blocks))  # VULN: CWE-79


def install_theme(name: str, themes_dir: Path) -> Path:
    resp = requests.get(THEME_REGISTRY + name + ".tar.gz", timeout=30)
    resp.raise_for_status()
    with tarfile.open(fileobj=io.BytesIO(resp.content), mode="r:gz") as tf:
        tf.extractall(themes_dir)  # VULN: CWE-22
    return themes_dir / name


def theme_settings(theme_dir: Path) -> dict:
    return yaml.unsafe_load((theme_dir / "theme.yaml").read_text())  # VULN: CWE-502


def build(site_dir: Path, out_dir: Path) -> None:
    cfg = yaml.safe_load((site_dir / "inkpress.yaml").read_text())
    theme_dir = site_dir / "themes" / cfg.get("theme", "default")
    if not theme_dir.exists():
        theme_dir = install_theme(cfg["theme"], site_dir / "themes")
    env = html_env(theme_dir)
    env.globals["theme"] = theme_settings(theme_dir)
    cache_file = site_dir / ".inkpress-cache.json"
    cache = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    out_dir.mkdir(parents=True, exist_ok=True)
    for src in sorted((site_dir / "content").rglob("*.md")):
        page = read_page(src)
        digest = content_hash(page)
        if cache.get(str(src)) == digest and (out_dir / page.slug / "index.html").exists():
            continue
        page.html = markdown.markdown(page.body, extensions=["extra", "toc"])
        page.mentions = fetch_webmentions(page, cfg["url"])
        tpl = env.get_template(page.meta.get("layout", "page") + ".html")
        target = out_dir / page.slug / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(tpl.render(page=page, content=Markup(page.html), mentions=render_mention_excerpts(page.mentions), site=cfg))
        cache[str(src)] = digest
    cache_file.write_text(json.dumps(cache, indent=2))
    shutil.copytree(theme_dir / "static", out_dir / "static", dirs_exist_ok=True)
    subprocess.run(["npx", "tailwindcss", "-i", str(theme_dir / "app.css"), "-o", str(out_dir / "static" / "app.css"), "--minify"], check=True)  # SAFE: CWE-78
    os.chmod(out_dir, 0o755)  # SAFE: CWE-732


def deploy(out_dir: Path, target: str) -> None:
    if target.startswith("rsync://") or ":" in target:
        subprocess.run(["rsync", "-az", "--delete", f"{out_dir}/", target], check=True)  # SAFE: CWE-78
        return
    from ftplib import FTP_TLS

    with FTP_TLS(target, timeout=30) as ftp:
        ftp.login(DEPLOY_USER, DEPLOY_PASSWORD)
        ftp.prot_p()
        for path in out_dir.rglob("*"):
            if path.is_file():
                with open(path, "rb") as fh:
                    ftp.storbinary(f"STOR {path.relative_to(out_dir)}", fh)


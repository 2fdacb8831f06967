"""`seclint report`: one self-contained HTML page (no external assets, no script), with charts by
OWASP category and severity, the top rules, every finding with its code and every rule explained —
opened in headless Chromium to check that it renders."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT

HOSTILE = (
    "import yaml\n\n\ndef f(s):\n"
    "    # </pre></article><script>alert(1)</script><img src=x onerror=alert(2)>\n"
    "    return yaml.load(s)  # <b>not bold</b> & friends\n"
)


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("report")
    shutil.copytree(ROOT / "bench" / "corpus" / "shop", root / "shop")
    (root / "hostile.py").write_text(HOSTILE)
    result = subprocess.run(
        [sys.executable, "-m", "seclint", "report", ".", "-o", "out/report.html"],
        cwd=root, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "wrote out/report.html" in result.stderr
    return root / "out" / "report.html"


class _Page(HTMLParser):
    """Collects every tag with its attributes, and the text."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_the_page_is_self_contained_and_escapes_the_code(report):
    html = report.read_text(encoding="utf-8")
    page = parse(html)
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "link" not in tags and "iframe" not in tags
    for tag, attrs in page.tags:
        for name in ("src", "srcset", "data", "poster"):
            assert name not in attrs or attrs[name].startswith("data:"), (tag, attrs)
        if tag != "a":
            assert not any(str(v).startswith(("http:", "https:", "//")) for k, v in attrs.items() if k != "xmlns"), (tag, attrs)
    assert "url(" not in html and "@import" not in html
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    # The hostile comment is shown as text, never as markup.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; friends" in html


def test_the_page_has_charts_top_rules_findings_and_explanations(report, catalogue):
    html = report.read_text(encoding="utf-8")
    page = parse(html)
    ids = {a.get("id") for _, a in page.tags}
    assert {"chart-severity", "chart-owasp", "top-rules", "findings", "rules"} <= ids
    assert sum(1 for t, _ in page.tags if t == "svg") == 2
    # Every OWASP category is a bar (with zeros), and each finding is an article with its code marked.
    text = "".join(page.text)
    for category in catalogue.owasp.values():
        assert f"{category.id.split(':')[0]} {category.name}" in text
    findings = [a for t, a in page.tags if t == "article" and a.get("class") == "finding"]
    assert len(findings) > 15
    assert html.count('<pre class="excerpt">') == len(findings) and html.count("<mark>") >= len(findings)
    assert "PY-DESERIAL-YAML" in text and "Why is this dangerous?" in text
    rule_sections = {a["id"] for t, a in page.tags if t == "article" and a.get("class") == "rule"}
    assert "rule-PY-DESERIAL-YAML" in rule_sections
    # Every link to a rule lands on its explanation.
    targets = {a["href"][1:] for t, a in page.tags if t == "a" and a.get("href", "").startswith("#rule-")}
    assert targets and targets <= rule_sections


def _png_colours(path: Path) -> int:
    """How many distinct colours a PNG screenshot has (8-bit RGB/RGBA, the kind Chromium writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour_type = header[:4]
    assert depth == 8 and colour_type in (2, 6)
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    seen, previous = set(), bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):  # undo the PNG row filter
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        if row % 8 == 0:
            seen.update(bytes(line[i : i + 3]) for i in range(0, stride, channels * 4))
        previous = line
    return len(seen)


def test_it_renders_in_headless_chromium(report, tmp_path):
    browser = chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs Debian's chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    flags = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run([*flags, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # The DOM Chromium built: the charts' bars, the findings and the explanations are all there.
    rendered = parse(dom.stdout)
    assert sum(1 for t, a in rendered.tags if t == "g" and a.get("class") == "bar") == 5 + 10
    assert sum(1 for t, a in rendered.tags if t == "article" and a.get("class") == "finding") > 15
    assert re.search(r"<h3>Unsafe YAML loading \(PY-DESERIAL-YAML\)</h3>", dom.stdout)
    assert "<script>" not in dom.stdout

    shot = tmp_path / "report.png"
    picture = subprocess.run(
        [*flags, "--window-size=1200,1600", "--hide-scrollbars", f"--screenshot={shot}", report.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert picture.returncode == 0 and shot.is_file(), picture.stderr[-2000:]
    # A page that rendered has text, bars and badges in many colours; a blank or error page has few.
    assert _png_colours(shot) > 50

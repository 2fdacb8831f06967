"""``seclint report``: one self-contained HTML page for people who would rather look than read.

Charts of findings by severity and by OWASP Top 10 category (inline SVG), the top rules, every
finding with its code excerpt, and every rule's explanation (the hover's markdown).  No
script, no external stylesheet, font or image: a Content-Security-Policy forbids loading
anything, so the page renders the same offline, from a CI artifact or an e-mail.  Everything
taken from the checked code is HTML-escaped.
"""

from __future__ import annotations

import datetime as _dt
from html import escape
from pathlib import Path
from typing import Sequence

from markdown_it import MarkdownIt

from .. import __version__
from ..catalogue import SEVERITIES
from ..docs import SEVERITY_LABEL, rule_markdown
from ..results import Item, Run

COLOURS = {"critical": "#7f1d1d", "high": "#dc2626", "medium": "#ea580c", "low": "#ca8a04", "info": "#2563eb"}
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
CONTEXT_LINES = 2

STYLE = """
:root { --fg:#1f2937; --muted:#6b7280; --line:#e5e7eb; --bg:#f9fafb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; }
h1 { margin: 0 0 4px; font-size: 28px; }
h2 { margin: 36px 0 12px; font-size: 21px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
h3 { margin: 24px 0 8px; font-size: 16px; }
.muted { color: var(--muted); }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 20px 0 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.card b { display: block; font-size: 26px; }
.card.sev { border-top: 4px solid var(--c); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 20px; align-items: start; }
td code { white-space: nowrap; }
figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
figcaption { font-weight: 600; margin-bottom: 8px; }
svg text { font: 12px system-ui, sans-serif; fill: var(--fg); }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; }
td.count { width: 220px; }
.meter { display: inline-block; height: 10px; background: var(--c, #6b7280); border-radius: 2px; margin-right: 6px; vertical-align: middle; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; background: var(--c); }
.file { margin-top: 22px; }
.finding { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--c); border-radius: 6px; margin: 10px 0; padding: 10px 14px; }
.finding p { margin: 4px 0; }
.excerpt { background: #0f172a; color: #e2e8f0; border-radius: 6px; padding: 8px 0; overflow-x: auto; margin: 8px 0 4px; }
.excerpt span.ln { display: inline-block; width: 4.5em; padding-right: 12px; text-align: right; color: #64748b; user-select: none; }
.excerpt .hit { background: rgba(248, 113, 113, .14); display: block; }
.excerpt .row { display: block; white-space: pre; tab-size: 8; padding-right: 12px; }
.excerpt mark { background: #b91c1c; color: #fff; border-radius: 2px; }
.rule { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 4px 18px 12px; margin: 14px 0; }
.rule pre { background: #f3f4f6; padding: 8px 12px; border-radius: 6px; overflow-x: auto; }
.empty { background: #ecfdf5; border: 1px solid #a7f3d0; border-radius: 8px; padding: 14px 18px; }
footer { margin: 40px auto 30px; color: var(--muted); font-size: 13px; }
"""

_md = MarkdownIt("commonmark", {"html": False, "linkify": False})


def _sev_style(severity: str) -> str:
    return f'style="--c:{COLOURS[severity]}"'


def bar_chart(rows: Sequence[tuple[str, int, str]], title: str, label_width: int = 150) -> str:
    """A horizontal bar chart as inline SVG: (label, value, colour) per row."""
    bar_height, gap, width = 22, 8, 620
    top = max((v for _, v, _ in rows), default=0) or 1
    plot = width - label_width - 50
    height = len(rows) * (bar_height + gap) + gap
    parts = [
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for n, (label, value, colour) in enumerate(rows):
        y = gap + n * (bar_height + gap)
        length = round(plot * value / top) if value else 0
        parts.append(
            f'<g class="bar"><text x="{label_width - 8}" y="{y + bar_height * 0.7:.0f}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{plot}" height="{bar_height}" fill="#f3f4f6" rx="3"/>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" fill="{colour}" rx="3">'
            f"<title>{escape(label)}: {value}</title></rect>"
            f'<text x="{label_width + length + 6}" y="{y + bar_height * 0.7:.0f}">{value}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _excerpt(item: Item) -> str:
    """The finding's lines with a little context, line numbers, and the flagged code marked."""
    index, text = item.file.index, item.file.text
    start, end = item.finding.start, max(item.finding.end, item.finding.start)
    first, last = index.line_of(start), index.line_of(max(start, end - 1))
    rows = []
    for line in range(max(0, first - CONTEXT_LINES), min(index.line_count - 1, last + CONTEXT_LINES) + 1):
        a, b = index.line_start(line), index.line_end(line)
        if first <= line <= last:
            s, e = max(a, start), min(b, end)
            body = escape(text[a:s]) + "<mark>" + escape(text[s:e]) + "</mark>" + escape(text[e:b])
            cls = "row hit"
        else:
            body, cls = escape(text[a:b]), "row"
        rows.append(f'<span class="{cls}"><span class="ln">{line + 1}</span>{body}</span>')
    return '<pre class="excerpt">' + "".join(rows) + "</pre>"


def _finding(item: Item, number: int) -> str:
    line, column = item.start
    rule = item.rule
    fix = item.finding.fix
    related = "".join(
        f"<p class=\"muted\">↳ line {item.position(r.start)[0]}: {escape(r.message)}</p>" for r in item.finding.related
    )
    return (
        f'<article class="finding" id="finding-{number}" {_sev_style(item.severity)}>'
        f'<p><span class="badge" {_sev_style(item.severity)}>{SEVERITY_LABEL[item.severity]}</span> '
        f'<a href="#rule-{rule.id}"><code>{rule.id}</code></a> · line {line}, column {column} · '
        f'{escape(", ".join(rule.cwe))} · OWASP {escape(rule.owasp)}</p>'
        f"<p><b>{escape(rule.title)}.</b> {_md.renderInline(item.message)}</p>"
        f"{_excerpt(item)}{related}"
        + (f"<p>Fix: {escape(fix.title)}" + (" — <code>seclint check --fix</code> applies it" if fix.safe else "") + "</p>" if fix else "")
        + "</article>"
    )


def render(run: Run, paths: Sequence[str], now: _dt.datetime | None = None) -> str:
    catalogue = run.catalogue
    now = now or _dt.datetime.now().astimezone()
    severities = run.by_severity()
    owasp = run.by_owasp()
    rules = run.by_rule()
    total = len(run.items)

    cards = [f'<div class="card"><b>{total}</b>finding{"s" if total != 1 else ""}</div>']
    cards += [
        f'<div class="card sev" {_sev_style(s)}><b>{severities[s]}</b>{SEVERITY_LABEL[s]}</div>'
        for s in reversed(SEVERITIES)
    ]
    cards.append(f'<div class="card"><b>{len(run.files)}</b>files checked</div>')
    if run.suppressed:
        cards.append(f'<div class="card"><b>{run.suppressed}</b>suppressed in code</div>')
    if run.legacy:
        cards.append(f'<div class="card"><b>{len(run.legacy)}</b>in the baseline</div>')

    severity_chart = bar_chart(
        [(SEVERITY_LABEL[s], severities[s], COLOURS[s]) for s in reversed(SEVERITIES)], "Findings by severity", 90
    )
    owasp_chart = bar_chart(
        [(f"{c.id.split(':')[0]} {c.name}", owasp[c.id], "#4f46e5") for c in sorted(catalogue.owasp.values(), key=lambda c: c.id)],
        "Findings by OWASP Top 10 2021 category",
        330,
    )

    top = rules.most_common(10)
    widest = top[0][1] if top else 1
    rule_rows = "".join(
        f"<tr><td><a href=\"#rule-{rid}\"><code>{rid}</code></a></td><td>{escape(catalogue.rules[rid].title)}</td>"
        f'<td><span class="badge" {_sev_style(catalogue.rules[rid].severity)}>{SEVERITY_LABEL[catalogue.rules[rid].severity]}</span></td>'
        f"<td>{escape(', '.join(catalogue.rules[rid].cwe))}</td><td>{escape(catalogue.rules[rid].owasp)}</td>"
        f'<td class="count"><span class="meter" style="width:{max(4, 140 * n // widest)}px"></span>{n}</td></tr>'
        for rid, n in top
    )

    by_file: dict[str, list[Item]] = {}
    for item in run.items:
        by_file.setdefault(str(item.path), []).append(item)
    counter = iter(range(1, total + 1))
    findings_html = "".join(
        f'<section class="file"><h3><code>{escape(path)}</code> <span class="muted">({len(items)})</span></h3>'
        + "".join(_finding(item, next(counter)) for item in items)
        + "</section>"
        for path, items in by_file.items()
    )
    rules_html = "".join(
        f'<article class="rule" id="rule-{rule.id}">{_md.render(rule_markdown(catalogue, rule, heading="###"))}</article>'
        for rule in run.rules()
    )
    problems = sum(1 for f in run.files if f.error or f.skipped)

    body = f"""
<header>
<h1>seclint report</h1>
<p class="muted">{escape(", ".join(paths))} · {len(run.files)} file(s) checked · {escape(now.strftime("%Y-%m-%d %H:%M %Z"))} · seclint {escape(__version__)}</p>
<div class="cards">{"".join(cards)}</div>
</header>
<main>
{'<p class="empty">No findings. Nothing at all to report.</p>' if not total else ""}
<h2 id="charts">Overview</h2>
<div class="charts">
<figure id="chart-severity"><figcaption>Findings by severity</figcaption>{severity_chart}</figure>
<figure id="chart-owasp"><figcaption>Findings by OWASP Top 10 (2021) category</figcaption>{owasp_chart}</figure>
</div>
<h2 id="top-rules">Top rules</h2>
{f'<table><thead><tr><th>Rule</th><th>Title</th><th>Severity</th><th>CWE</th><th>OWASP</th><th>Findings</th></tr></thead><tbody>{rule_rows}</tbody></table>' if top else '<p class="muted">No rule fired.</p>'}
<h2 id="findings">Findings</h2>
{findings_html or '<p class="muted">None.</p>'}
<h2 id="rules">The rules, explained</h2>
{rules_html or '<p class="muted">No rule fired, so there is nothing to explain.</p>'}
</main>
<footer>{f"{problems} file(s) could not be checked fully; the command's messages say why. " if problems else ""}Generated by seclint {escape(__version__)}. The same rules run in the editor (seclint lsp) and in CI (seclint check).</footer>
"""
    title = f"seclint report — {total} finding{'s' if total != 1 else ''}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>{body}</body>\n</html>\n"
    )


def save(run: Run, path: Path, paths: Sequence[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(run, paths), encoding="utf-8")

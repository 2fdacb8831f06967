"""Rendering a rule's documentation: hover markdown, ``seclint explain`` and docs/rules/*.md.

One renderer, so the hover, the terminal and the web docs say the same thing.
Plain CommonMark only (headings, lists, fenced code): Neovim's floating window
shows exactly what VS Code shows.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .catalogue import Catalogue, Rule
from .languages import comment_marker

SEVERITY_LABEL = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low", "info": "Info"}


@functools.cache
def docs_root() -> Path | None:
    here = Path(__file__).resolve().parent
    for candidate in (here / "docs" / "rules", here.parent.parent / "docs" / "rules"):
        if candidate.is_dir():
            return candidate
    return None


@functools.lru_cache(maxsize=1024)
def docs_uri(rule: Rule, base_url: str | None = None) -> str | None:
    """Where a rule's documentation page is: ``base_url`` if configured, else the shipped markdown file."""
    if base_url:
        return base_url.rstrip("/") + f"/{rule.id}.md"
    root = docs_root()
    if root is None:
        return None
    return (root / f"{rule.id}.md").as_uri()


def _fence(code: str, language: str) -> str:
    longest = max((len(run) for run in code.split("`") if not run), default=0)
    fence = "```" if "```" not in code else "`" * max(4, longest + 1)
    return f"{fence}{language}\n{code.rstrip()}\n{fence}"


_FENCE_LANGUAGE = {"generic": "text", "github-actions": "yaml"}


def rule_markdown(catalogue: Catalogue, rule: Rule, *, message: str | None = None, heading: str = "###") -> str:
    """The teaching text for one rule (``message``: what this particular finding says)."""
    if rule.custom:
        return custom_rule_markdown(catalogue, rule, message=message, heading=heading)
    language = rule.languages[0] if rule.languages else ""
    language = _FENCE_LANGUAGE.get(language, language)
    owasp = catalogue.owasp.get(rule.owasp)
    parts = [
        f"{heading} {rule.title} ({rule.id})",
        "",
        f"**Severity:** {SEVERITY_LABEL[rule.severity]} · **Confidence:** {rule.confidence.capitalize()}",
        "",
    ]
    if message:
        parts += [message, ""]
    parts += [
        f"**What it does.** {rule.what.strip()}",
        "",
        "**Why is this dangerous?**",
        "",
        rule.why.strip(),
        "",
        "**Insecure**",
        "",
        _fence(rule.insecure, language),
        "",
        "**Secure**",
        "",
        _fence(rule.secure, language),
        "",
        "**How to verify the fix.** " + rule.verify.strip(),
        "",
    ]
    if rule.fix_title:
        parts += [f"**Quick fix:** {rule.fix_title} (a code action on the finding).", ""]
    parts += ["**Classification**", ""]
    for name in catalogue.cwe_names(rule):
        number = name.split(":")[0].split("-")[1]
        parts.append(f"- [{name}](https://cwe.mitre.org/data/definitions/{number}.html)")
    if owasp is not None:
        parts.append(f"- OWASP Top 10: [{owasp.id} {owasp.name}]({owasp.url})")
    parts += ["", "**References**", ""]
    parts += [f"- [{ref.title}]({ref.url})" for ref in rule.references]
    if rule.bandit:
        parts += ["", f"Also matches bandit {', '.join(rule.bandit)} in `# nosec` comments."]
    if rule.opt_in:
        parts += ["", f"This rule is opt-in: turn it on with `enable = [\"{rule.id}\"]` in `[tool.seclint]`."]
    marker = comment_marker(rule.languages[0] if rule.languages else None)
    parts += ["", f"Suppress with `{marker} seclint: ignore[{rule.id}] <why this is safe>`."]
    return "\n".join(parts).rstrip() + "\n"


def custom_rule_markdown(catalogue: Catalogue, rule: Rule, *, message: str | None = None, heading: str = "###") -> str:
    """A team's own semgrep rule: what its author wrote (message, metadata) and where it lives."""
    parts = [
        f"{heading} {rule.title} ({rule.id})",
        "",
        f"**Severity:** {SEVERITY_LABEL[rule.severity]} · **Confidence:** {rule.confidence.capitalize()}",
        "",
        message or rule.message,
        "",
    ]
    if rule.what:
        parts += [rule.what.strip(), ""]
    classification = [f"- {name}" for name in catalogue.cwe_names(rule)]
    owasp = catalogue.owasp.get(rule.owasp)
    if owasp is not None:
        classification.append(f"- OWASP Top 10: [{owasp.id} {owasp.name}]({owasp.url})")
    if classification:
        parts += ["**Classification**", "", *classification, ""]
    if rule.references:
        parts += ["**References**", "", *[f"- <{ref.url}>" for ref in rule.references], ""]
    where = f"{rule.path}:{rule.line}" if rule.path and rule.line else str(rule.path or "")
    parts += [f"A rule of your team's, from `{where}` (rule-paths)."]
    if rule.fix_title:
        parts += ["", f"**Quick fix:** {rule.fix_title} (a code action on the finding)."]
    marker = comment_marker(rule.languages[0] if rule.languages else None)
    parts += ["", f"Suppress with `{marker} nosemgrep: {rule.id}` or `{marker} seclint: ignore[{rule.id}] <why this is safe>`."]
    return "\n".join(parts).rstrip() + "\n"


def rule_page(catalogue: Catalogue, rule: Rule) -> str:
    """A docs/rules/<ID>.md page (generated; see scripts/generate_docs.py)."""
    return "<!-- Generated from rules/ by scripts/generate_docs.py; edit the rule file, not this page. -->\n\n" + rule_markdown(
        catalogue, rule, heading="#"
    )


def rule_terminal(catalogue: Catalogue, rule: Rule) -> str:
    """``seclint explain``: the same text, readable without a markdown viewer."""
    return rule_markdown(catalogue, rule, heading="#")

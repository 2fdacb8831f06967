"""The ``seclint`` command: ``lsp``, ``check``, ``explain``, ``rules``.

``check`` runs the same analysis, settings and suppressions as the server, so
CI enforces what the editor shows.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Iterator, Sequence

from . import __version__

SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__", "site-packages", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="seclint", description="A security linter and language server that teaches secure coding.")
    parser.add_argument("--version", action="version", version=f"seclint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lsp = sub.add_parser("lsp", help="run the language server (stdio by default)")
    lsp.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP socket instead of stdio")
    lsp.add_argument("--log-file", type=Path, help="also write the server log to this file")
    lsp.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"])

    check = sub.add_parser("check", help="check files and folders, as CI would")
    check.add_argument("paths", nargs="*", type=Path, default=[Path(".")])
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--select", help="comma-separated rule ids or prefixes to run (default: all)")
    check.add_argument("--ignore", help="comma-separated rule ids or prefixes to skip")
    check.add_argument("--enable", help="comma-separated opt-in rule ids or prefixes to turn on")
    check.add_argument("--severity-threshold", choices=["info", "low", "medium", "high", "critical"], default="info",
                       help="exit 1 only for findings at or above this severity (default: info)")
    check.add_argument("--fix", action="store_true", help="apply every safe fix in place")

    explain = sub.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", help="a rule id (PY-CMD-SHELL) or a bandit test id (B602)")

    rules = sub.add_parser("rules", help="list the rule catalogue")
    rules.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # `seclint explain X | head`: the reader left; that is not an error. Point stdout at
        # /dev/null so the final flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "lsp":
        return _run_lsp(args)
    if args.command == "check":
        return _run_check(args)
    if args.command == "explain":
        return _run_explain(args)
    if args.command == "rules":
        return _run_rules(args)
    _parser().print_help()
    return 2


def _run_lsp(args: argparse.Namespace) -> int:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if args.log_file:
        handlers.append(logging.FileHandler(args.log_file, encoding="utf-8"))
    logging.basicConfig(level=args.log_level, handlers=handlers, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    from .lsp import create_server

    server = create_server()
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        try:
            server.start_tcp(host or "127.0.0.1", int(port))
        except ValueError:
            print(f"seclint: --tcp wants HOST:PORT, got {args.tcp!r}", file=sys.stderr)
            return 2
        return 0
    # stdout carries the protocol: anything else printed there (by a library, say)
    # would corrupt it, so it goes to stderr instead.
    stdout = sys.stdout.buffer
    sys.stdout = sys.stderr
    server.start_io(sys.stdin.buffer, stdout)
    return 0


def _catalogue_or_exit():
    from .catalogue import CatalogueError, default_catalogue

    try:
        return default_catalogue()
    except CatalogueError as exc:
        print(f"seclint: the rule catalogue is invalid: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def _run_explain(args: argparse.Namespace) -> int:
    from .docs import rule_terminal

    catalogue = _catalogue_or_exit()
    rule = catalogue.resolve(args.rule)
    if rule is None:
        print(f"seclint: no rule {args.rule!r}; `seclint rules` lists them", file=sys.stderr)
        return 2
    print(rule_terminal(catalogue, rule))
    others = [r for r in catalogue.by_bandit.get(args.rule.upper(), ()) if r != rule.id]
    if others:
        print(f"bandit {args.rule.upper()} also maps to: {', '.join(others)} (seclint explain ID)")
    return 0


def _run_rules(args: argparse.Namespace) -> int:
    catalogue = _catalogue_or_exit()
    rules = sorted(catalogue.rules.values(), key=lambda r: r.id)
    if args.format == "json":
        print(json.dumps([
            {"id": r.id, "title": r.title, "severity": r.severity, "confidence": r.confidence, "cwe": list(r.cwe),
             "owasp": r.owasp, "engine": r.engine, "bandit": list(r.bandit), "fix": r.fix_title, "opt_in": r.opt_in}
            for r in rules
        ], indent=2))
    elif args.format == "markdown":
        print(rules_table(catalogue))
    else:
        width = max(len(r.id) for r in rules)
        for r in rules:
            print(f"{r.id:<{width}}  {r.severity:<8}  {','.join(r.cwe):<16}  {r.owasp}  {r.title}")
    return 0


def rules_table(catalogue) -> str:
    """The README's rules table (generated by scripts/generate_docs.py, never written by hand)."""
    lines = [
        "| Rule | Title | Severity | CWE | OWASP 2021 | Engine | Quick fix |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in sorted(catalogue.rules.values(), key=lambda r: r.id):
        engine = r.engine + (f" ({', '.join(r.bandit)})" if r.bandit else "")
        title = r.title + (" *(opt-in)*" if r.opt_in else "")
        lines.append(
            f"| [{r.id}](docs/rules/{r.id}.md) | {title} | {r.severity} | {', '.join(r.cwe)} | {r.owasp} | {engine} | "
            f"{r.fix_title or '—'} |"
        )
    return "\n".join(lines)


def iter_files(paths: Sequence[Path]) -> Iterator[Path]:
    """Files named on the command line, and in folders: source code and files where secrets hide."""
    from .languages import worth_checking

    for path in paths:
        if path.is_file():
            yield path
            continue
        for directory, dirnames, filenames in os.walk(path):
            # Hidden folders are skipped, except the one holding GitHub Actions workflows.
            dirnames[:] = sorted(
                d for d in dirnames if d not in SKIP_DIRS and (not d.startswith(".") or d in (".github", "workflows"))
            )
            for name in sorted(filenames):
                if worth_checking(Path(directory) / name):
                    yield Path(directory) / name


def _run_check(args: argparse.Namespace) -> int:
    from . import fixes
    from . import settings as settings_mod
    from .analysis import Analyzer, language_of
    from .catalogue import severity_rank

    catalogue = _catalogue_or_exit()
    analyzer = Analyzer(catalogue)
    try:
        return _check(args, catalogue, analyzer, fixes, settings_mod, language_of, severity_rank)
    finally:
        analyzer.close()


def _check(args, catalogue, analyzer, fixes, settings_mod, language_of, severity_rank) -> int:
    overrides: dict = {}
    if args.select:
        overrides["select"] = args.select
    if args.ignore:
        overrides["ignore"] = args.ignore
    if args.enable:
        overrides["enable"] = args.enable
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"seclint: no such file or directory: {missing[0]}", file=sys.stderr)
        return 2
    threshold = severity_rank(args.severity_threshold)
    results = []
    failing = 0
    problems_seen: set[str] = set()
    for path in iter_files(args.paths):
        project = settings_mod.find_project_config(path.resolve().parent)
        settings, problems = settings_mod.resolve(None, project)
        settings, _ = settings_mod.apply(settings, overrides or None, "command line")
        for problem in problems:
            if problem not in problems_seen:
                problems_seen.add(problem)
                print(f"seclint: {problem}", file=sys.stderr)
        root = project.path.parent if project else None
        if settings.is_excluded(path, root):
            continue
        try:
            # newline="": keep \r\n as it is, so positions and --fix match the file on disk.
            with path.open(encoding="utf-8", newline="") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            print(f"seclint: {path}: skipped ({exc})", file=sys.stderr)
            continue
        language = language_of(str(path))
        if args.fix:
            def analyse(t: str, _path=path, _settings=settings, _language=language):
                return analyzer.analyse(t, path=str(_path), settings=_settings, language=_language).findings

            fixed, count = fixes.fix_all(text, analyse)
            if count:
                with path.open("w", encoding="utf-8", newline="") as handle:
                    handle.write(fixed)
                print(f"seclint: {path}: applied {count} fix(es)", file=sys.stderr)
                text = fixed
        analysis = analyzer.analyse(text, path=str(path), settings=settings, language=language)
        if analysis.skipped:
            print(f"seclint: {path}: {analysis.skipped}", file=sys.stderr)
        for problem in analysis.problems:
            # An engine or rule problem is the same for every file: say it once.
            if problem not in problems_seen:
                problems_seen.add(problem)
                print(f"seclint: {problem} (first met in {path})", file=sys.stderr)
        if analysis.syntax_error is not None:
            err = analysis.syntax_error
            print(f"seclint: {path}:{err.lineno}: syntax error ({err.msg}); the rest of the file was checked", file=sys.stderr)
        rules = (analysis.catalogue or catalogue).rules
        for finding in analysis.findings:
            rule = rules[finding.rule_id]
            severity = settings.severity_for(rule.id, rule.severity)
            line, col = analysis.index.position_at(finding.start)
            end_line, end_col = analysis.index.position_at(finding.end)
            if severity_rank(severity) >= threshold:
                failing += 1
            results.append({
                "path": str(path), "line": line + 1, "column": col + 1, "end_line": end_line + 1, "end_column": end_col + 1,
                "rule": rule.id, "severity": severity, "message": finding.message or rule.message, "cwe": list(rule.cwe),
                "owasp": rule.owasp, "fix": finding.fix.title if finding.fix else None,
                "source_line": analysis.index.line_text(line),
            })
    if args.format == "json":
        print(json.dumps(results, indent=2))
    else:
        for r in results:
            print(f"{r['path']}:{r['line']}:{r['column']}: {r['rule']} [{r['severity']}] {r['message']}")
            print(f"    {r['source_line'].rstrip()}")
            caret_pad = len(r["source_line"][: r["column"] - 1].expandtabs(8))
            width = max(1, (r["end_column"] - r["column"]) if r["end_line"] == r["line"] else 1)
            print("    " + " " * caret_pad + "^" * width)
        counts: dict[str, int] = {}
        for r in results:
            counts[r["severity"]] = counts.get(r["severity"], 0) + 1
        summary = ", ".join(f"{counts[s]} {s}" for s in ("critical", "high", "medium", "low", "info") if s in counts)
        print(f"Found {len(results)} finding(s)" + (f": {summary}" if summary else "") + ".")
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())

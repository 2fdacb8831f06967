"""The ``seclint`` command: ``lsp``, ``check``, ``report``, ``explain``, ``rules``.

``check`` and ``report`` (in ``checking.py``) run the same analysis, settings and
suppressions as the server, so CI enforces what the editor shows.
"""

from __future__ import annotations

# Only os and sys (already loaded by the interpreter) at the top: `seclint lsp` restarts itself
# with another allocator before anything else is imported (see _use_system_malloc), and
# whatever the first process imported would be paid for twice.
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    import argparse
    from typing import Sequence


def _parser() -> argparse.ArgumentParser:
    import argparse
    from pathlib import Path

    from . import __version__

    parser = argparse.ArgumentParser(prog="seclint", description="A security linter and language server that teaches secure coding.")
    parser.add_argument("--version", action="version", version=f"seclint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lsp = sub.add_parser("lsp", help="run the language server (stdio by default)")
    lsp.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP socket instead of stdio")
    lsp.add_argument("--log-file", type=Path, help="also write the server log to this file")
    lsp.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"])

    check = sub.add_parser("check", help="check files and folders, as CI would")
    _scan_options(check)
    check.add_argument("--format", choices=["text", "json", "sarif", "github"], default="text",
                       help="text (default), json, sarif (GitHub code scanning) or github (Actions annotations)")
    check.add_argument("-o", "--output", type=Path, metavar="FILE",
                       help="write the report in --format to FILE; the text report still goes to stdout")
    check.add_argument("--fix", action="store_true", help="apply every safe fix in place")
    check.add_argument("--diff", action="store_true",
                       help="print the safe fixes as a unified diff (files change only with --fix)")
    check.add_argument("--write-baseline", type=Path, metavar="FILE",
                       help="record every current finding in FILE as legacy, and exit 0")

    report = sub.add_parser("report", help="write a self-contained HTML report of the findings")
    _scan_options(report)
    report.add_argument("-o", "--output", type=Path, metavar="FILE", default=Path("seclint-report.html"),
                        help="where to write the page (default: seclint-report.html)")

    explain = sub.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", help="a rule id (PY-CMD-SHELL) or a bandit test id (B602)")

    rules = sub.add_parser("rules", help="list the rule catalogue")
    rules.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    return parser


def _scan_options(parser: argparse.ArgumentParser) -> None:
    from pathlib import Path

    parser.add_argument("paths", nargs="*", type=Path, default=[Path(".")])
    parser.add_argument("--select", help="comma-separated rule ids or prefixes to run (default: all)")
    parser.add_argument("--ignore", help="comma-separated rule ids or prefixes to skip")
    parser.add_argument("--enable", help="comma-separated opt-in rule ids or prefixes to turn on")
    parser.add_argument("--severity-threshold", choices=["info", "low", "medium", "high", "critical"], default="info",
                        help="exit 1 only for findings at or above this severity (default: info)")
    parser.add_argument("--baseline", type=Path, metavar="FILE",
                        help="report only findings that are not in this baseline (default: the `baseline` setting)")
    parser.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                        help="worker processes (default: one per core)")
    parser.add_argument("--no-gitignore", dest="gitignore", action="store_false",
                        help="also check files that .gitignore leaves out")


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["lsp"]:
        _use_system_malloc()  # first, so that nothing is imported twice
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
    if args.command in ("check", "report"):
        from .checking import run_command

        return run_command(args)
    if args.command == "explain":
        return _run_explain(args)
    if args.command == "rules":
        return _run_rules(args)
    _parser().print_help()
    return 2


def _use_system_malloc() -> None:
    """Restart this process with PYTHONMALLOC=malloc (POSIX, once, before any heavy import).

    A language server lives for days and frees almost all it allocates, but pymalloc's arenas
    fragment: in the soak test resident memory kept growing (+25% over 10,000 edits) with no
    Python object leaking. With the system allocator and malloc_trim after closes it stays
    flat; analysis speed is the same within noise.
    """
    if os.name != "posix" or os.environ.get("PYTHONMALLOC"):
        return
    env = dict(os.environ, PYTHONMALLOC="malloc")
    try:
        # -P: the current directory (the user's workspace) is not put on sys.path, so even the
        # `seclint` package itself cannot be shadowed by a workspace file (`-m` imports it before
        # __main__.py could drop that entry).
        os.execve(sys.executable, [sys.executable, "-P", "-m", "seclint", *sys.argv[1:]], env)
    except OSError:
        return  # keep running as we are


def _run_lsp(args: argparse.Namespace) -> int:
    import logging

    _use_system_malloc()  # main() called from Python with its own argv: restart here, as before
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if args.log_file:
        handlers.append(logging.FileHandler(args.log_file, encoding="utf-8"))
    logging.basicConfig(level=args.log_level, handlers=handlers, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    from .lsp import create_server

    server = create_server()
    server.warm_up()
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
    import json

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


if __name__ == "__main__":
    raise SystemExit(main())

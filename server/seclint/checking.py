"""``seclint check`` and ``seclint report``: discover files, analyse them, print or save the results.

Exit codes: 0 when nothing at or above ``--severity-threshold`` is reported, 1 when something
is, 2 on a usage or configuration error (a bad path, an unknown rule selector, a malformed
``[tool.seclint]``, an unreadable baseline).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from . import baseline as baseline_mod
from .analysis import Analyzer
from .catalogue import Catalogue, CatalogueError, default_catalogue
from .discovery import Target, discover
from .progress import Progress
from .results import Run, collect
from .scan import FileResult, default_jobs, scan
from .settings import Settings

USAGE_ERROR = 2


class UsageError(Exception):
    """A mistake on the command line or in the configuration: exit 2 with this message."""


def run_command(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except UsageError as exc:
        print(f"seclint: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:  # the worker pool is torn down on the way out; no traceback
        print("\nseclint: interrupted", file=sys.stderr)
        return 130


def _err(message: str) -> None:
    print(f"seclint: {message}", file=sys.stderr)


def _overrides(args: argparse.Namespace, catalogue: Catalogue) -> dict[str, str]:
    overrides = {}
    for option in ("select", "ignore", "enable"):
        value = getattr(args, option)
        if not value:
            continue
        for selector in (v.strip() for v in value.split(",") if v.strip()):
            probe = Settings(select=(selector,), enable=(selector,))
            if not any(probe.rule_enabled(r.id, r.severity, r.confidence, r.opt_in) for r in catalogue.rules.values()):
                hint = ""
                if catalogue.resolve(selector) is not None:
                    hint = f" (that is bandit's id for {catalogue.resolve(selector).id})"
                elif not selector.endswith(("-", "*")) and any(r.startswith(selector.upper() + "-") for r in catalogue.rules):
                    hint = f" (a prefix ends with '-': {selector.upper()}-)"
                raise UsageError(f"--{option} {selector!r} names no rule{hint}; `seclint rules` lists them")
        overrides[option] = value
    return overrides


def _baselines(args: argparse.Namespace, targets: list[Target]) -> dict[Path, baseline_mod.Baseline]:
    """Each target's baseline: --baseline for all, else its project's `baseline` setting.
    None while writing a baseline, so every current finding goes into the new one."""
    if getattr(args, "write_baseline", None):
        return {}
    loaded: dict[Path, baseline_mod.Baseline] = {}
    chosen: dict[Path, baseline_mod.Baseline] = {}
    for target in targets:
        if args.baseline is not None:
            path = args.baseline
        elif target.settings.baseline:
            path = baseline_mod.resolve_path(target.settings.baseline, target.project_dir, None)
        else:
            continue
        if path not in loaded:
            try:
                loaded[path] = baseline_mod.load(path)
            except baseline_mod.BaselineError as exc:
                raise UsageError(str(exc)) from None
        chosen[target.path] = loaded[path]
    return chosen


def _analyse(args: argparse.Namespace) -> tuple[Catalogue, list[FileResult], Run]:
    try:
        catalogue = default_catalogue()
    except CatalogueError as exc:
        raise UsageError(f"the rule catalogue is invalid: {exc}") from None
    if args.jobs < 0:
        raise UsageError("--jobs wants a number of processes (0: one per core)")
    overrides = _overrides(args, catalogue)
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or directory: {missing[0]}")
    found = discover(args.paths, overrides or None, respect_gitignore=args.gitignore)
    if found.problems:
        for problem in found.problems:
            _err(problem)
        raise UsageError("the configuration has errors (above); fix them so CI checks what you meant")
    baselines = _baselines(args, found.targets)

    fix = args.command == "check" and (args.fix or args.diff)
    write = args.command == "check" and args.fix
    progress = Progress(sys.stderr, len(found.targets))
    analyzer = Analyzer(catalogue)
    try:
        files = scan(found.targets, analyzer, jobs=args.jobs or default_jobs(), fix=fix, write=write,
                     progress=progress)
    finally:
        progress.close()
        analyzer.close()  # the semgrep session's files
    told: set[str] = set()
    for file in files:
        path = file.target.path
        if file.error:
            _err(f"{path}: {file.error}")
        if file.skipped:
            _err(f"{path}: {file.skipped}")
        for problem in file.problems:
            # An engine's or a rule's trouble is the same for every file: say it once.
            if problem not in told:
                told.add(problem)
                _err(f"{problem} (first met in {path})")
        if file.syntax_error:
            line, message = file.syntax_error
            _err(f"{path}:{line}: syntax error ({message}); the rest of the file was checked")
        if write and file.fixes_applied and not file.error:
            _err(f"{path}: applied {file.fixes_applied} fix(es)")
    run = collect(files, catalogue, lambda f: baselines.get(f.target.path), args.severity_threshold)
    return run.catalogue, files, run  # with a team's own rules, when any fired


def _run(args: argparse.Namespace) -> int:
    catalogue, files, run = _analyse(args)
    if args.command == "report":
        from .output import html

        try:
            html.save(run, args.output, [str(p) for p in args.paths])
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        print(f"seclint: wrote {args.output} ({len(run.items)} finding(s) in {len(files)} file(s))", file=sys.stderr)
        return 0
    if args.write_baseline:
        entries = run.baseline_entries(args.write_baseline.resolve().parent)
        try:
            baseline_mod.write(args.write_baseline, entries)
        except OSError as exc:
            raise UsageError(f"cannot write {args.write_baseline}: {exc.strerror or exc}") from None
        _err(f"wrote {len(entries)} finding(s) to the baseline {args.write_baseline}")
        return 0
    if args.diff:
        from .output import diff

        changed = diff.write(files, sys.stdout)
        verb = "fixed" if args.fix else "would be changed by --fix"
        _err(f"{changed} file(s) {verb}; {len(run.items)} finding(s) {'remain' if args.fix else 'found'}")
    else:
        if args.output:
            from .output import text

            try:
                args.output.parent.mkdir(parents=True, exist_ok=True)
                with args.output.open("w", encoding="utf-8") as out:
                    _write(args.format, run, out)
            except OSError as exc:
                raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
            if args.format != "text":
                text.write(run, sys.stdout)  # the CI log shows the findings too
        else:
            _write(args.format, run, sys.stdout)
    return 1 if run.failing else 0


def _write(format: str, run: Run, out: TextIO) -> None:
    if format == "json":
        from .output import jsonout

        jsonout.write(run, out)
    elif format == "sarif":
        from .output import sarif

        sarif.write(run, out, Path.cwd())
    elif format == "github":
        from .output import github

        github.write(run, out)
    else:
        from .output import text

        text.write(run, out)

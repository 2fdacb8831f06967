"""One analysis of one text: parse, run the engines, merge, honour suppressions.

The language server and ``seclint check`` both call ``Analyzer.analyse``, so the
editor and CI see the same findings.  Engines come in stages (``Engine.stage``): the
in-process engines, then semgrep.  ``start`` runs the first stage and ``advance`` adds
each later one; every step yields a complete ``Analysis`` (merged, with suppressions
applied over the findings of all stages so far), so the server can publish after each
stage while ``analyse`` simply runs them all.  When the machine has a core to spare,
later stages start at once in a background thread, so semgrep's process works while the
Python engines do and the final result costs the slower of the two, not their sum; on a
busy machine they wait for the first stage, so that they never slow down what the user
sees first.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

from . import suppressions as supp
from .catalogue import Catalogue, Rule, confidence_rank
from .catalogue import custom as custom_rules
from .documents import LineIndex
from .engines import Engine, EngineCancelled, EngineError, Source, default_engines, stage_of
from .findings import Finding, merge
from .incremental import drop_tree, outline
from .languages import language_of
from .recovery import parse_with_recovery
from .reparse import ParseCache
from .settings import Settings

log = logging.getLogger(__name__)

__all__ = ["Analysis", "Analyzer", "language_of", "looks_binary"]


@dataclass
class Analysis:
    text: str
    index: LineIndex
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[tuple[Finding, supp.Suppression]] = field(default_factory=list)
    suppressions: list[supp.Suppression] = field(default_factory=list)
    syntax_error: SyntaxError | None = None
    broken_lines: set[int] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)  # an engine or check that degraded
    skipped: str | None = None  # why the text was not analysed at all
    duration: float = 0.0
    language: str = "python"
    stage: int = 0  # the last stage whose engines ran
    pending: tuple[str, ...] = ()  # engines of later stages still to run (see Analyzer.advance)
    cancelled: bool = False  # an engine stopped because the result was no longer wanted
    # The rules the findings refer to: the catalogue, plus the team's own rules when configured.
    catalogue: Catalogue | None = field(default=None, repr=False)
    run: _Run | None = field(default=None, repr=False)  # what a later stage needs
    # Of a final analysis: every engine's findings before merging and suppressions, and the engines
    # that ran without error -- what the findings cache (findings_cache.py) keeps and ``restore``
    # turns back into this same Analysis.
    engine_findings: tuple[Finding, ...] | None = field(default=None, repr=False)
    engines_ran: frozenset[str] = frozenset()
    restored: bool = False  # made by ``restore`` from the findings cache, not by the engines

    @property
    def complete(self) -> bool:
        return self.skipped is None and not self.broken_lines

    @property
    def final(self) -> bool:
        """Every stage has run (or the text was not analysed)."""
        return not self.pending


@dataclass
class _Stage:
    """What one stage's engines produced."""

    findings: list[Finding] = field(default_factory=list)
    ran: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    cancelled: bool = False


@dataclass
class _Run:
    """The state carried from one stage to the next."""

    settings: Settings
    source: Source
    rules: list[Rule]
    findings: list[Finding] = field(default_factory=list)  # every stage's findings so far, before merging
    ran: set[str] = field(default_factory=set)  # engines that ran without an error: their rules were checked
    # Later stages in order: their engines, their source, and their future once started.
    later: list[tuple[list[Engine], Source, Future | None]] = field(default_factory=list)
    cancel_checks: list[Callable[[], bool]] = field(default_factory=list)
    abandoned: threading.Event = field(default_factory=threading.Event)

    def cancelled(self) -> bool:
        return self.abandoned.is_set() or any(check() for check in self.cancel_checks)


def _core_to_spare() -> bool:
    """Whether a later stage can run beside the first without taking its CPU (load < cores - 1)."""
    try:
        return os.getloadavg()[0] < (os.cpu_count() or 1) - 1
    except OSError:
        return False


def looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ch == "\x00" or ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f\v"))
    return controls / len(sample) > 0.05


class Analyzer:
    def __init__(self, catalogue: Catalogue, engines: list[Engine] | None = None, keep_trees: int = 0):
        self.catalogue = catalogue
        self.engines = engines if engines is not None else default_engines()
        # The parse of the documents edited last, so the next parse reads only what changed (the
        # editor keeps a few; `seclint check` reads each file once and keeps none).
        self.parses = ParseCache(keep_trees)
        self._tables: dict[int, tuple[Catalogue, dict, dict]] = {}
        self._background_pool: ThreadPoolExecutor | None = None
        self._background_pid = 0

    def catalogue_for(self, settings: Settings) -> tuple[Catalogue, list[str]]:
        """The catalogue plus the team's rules from ``rule-paths``, and problems loading them."""
        if not settings.rule_paths:
            return self.catalogue, []
        loaded = custom_rules.load_cached(settings.rule_paths, frozenset(self.catalogue.rules))
        return self.catalogue.extended(loaded.rules, loaded.weaknesses), list(loaded.problems)

    def rules_for(self, settings: Settings, language: str, catalogue: Catalogue | None = None) -> list[Rule]:
        return [
            rule
            for rule in (catalogue or self.catalogue).for_language(language)
            if settings.rule_enabled(rule.id, rule.severity, rule.confidence, rule.opt_in)
        ]

    @property
    def _background(self) -> ThreadPoolExecutor:
        """Where later stages run beside the first (they mostly wait for a child process).

        Made on first use and again in a forked process (`seclint check --jobs`), whose copy of
        the parent's pool has no threads.
        """
        if self._background_pool is None or self._background_pid != os.getpid():
            self._background_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="seclint-stage")
            self._background_pid = os.getpid()
        return self._background_pool

    @property
    def later_engines(self) -> frozenset[str]:
        """The engines that report after the first stage (semgrep)."""
        return frozenset(e.name for e in self.engines if stage_of(e) > 1)

    def quiesce(self) -> None:
        """Let the background threads end (before a fork: a forked child gets none of them)."""
        if self._background_pool is not None and self._background_pid == os.getpid():
            self._background_pool.shutdown(wait=True)
        self._background_pool = None
        for engine in self.engines:
            quiesce = getattr(engine, "quiesce", None)
            if quiesce is not None:
                quiesce()

    def forget(self, path: str | None) -> None:
        """A document was closed: engines that cache per document (bandit's blocks) drop it."""
        self.parses.forget(path)
        for engine in self.engines:
            forget = getattr(engine, "forget", None)
            if forget is not None:
                forget(path)

    def close(self) -> None:
        """Stop the engines' helper processes (semgrep) and remove their files."""
        if self._background_pool is not None and self._background_pid == os.getpid():
            self._background_pool.shutdown(wait=False, cancel_futures=True)
        for engine in self.engines:
            close = getattr(engine, "close", None)
            if close is not None:
                close()

    def _merge_tables(self, catalogue: Catalogue) -> tuple[dict, dict]:
        tables = self._tables.get(id(catalogue))
        if tables is None or tables[0] is not catalogue:
            cwe_of = {r.id: r.cwe for r in catalogue.rules.values()}
            rank = {r.id: 2 - confidence_rank(r.confidence) for r in catalogue.rules.values()}
            tables = self._tables[id(catalogue)] = (catalogue, cwe_of, rank)
        return tables[1], tables[2]

    def analyse(
        self,
        text: str,
        *,
        path: str | None = None,
        settings: Settings | None = None,
        language: str = "python",
        cancelled: Callable[[], bool] | None = None,
        edited: bool = False,
        keep_blocks: bool = True,
        defer_later: bool = False,
    ) -> Analysis:
        """Every stage, to completion: what ``seclint check`` reports and the server finally publishes."""
        result = self.start(
            text, path=path, settings=settings, language=language, cancelled=cancelled, edited=edited,
            keep_blocks=keep_blocks, defer_later=defer_later,
        )
        while result.pending and not result.cancelled:
            result = self.advance(result, cancelled=cancelled)
        return result

    def start(
        self,
        text: str,
        *,
        path: str | None = None,
        settings: Settings | None = None,
        language: str = "python",
        cancelled: Callable[[], bool] | None = None,
        edited: bool = False,
        keep_blocks: bool = True,
        defer_later: bool = False,
    ) -> Analysis:
        """Check limits, parse, and run the first stage of engines.

        ``edited``: a document being edited in the editor, whose parse is worth keeping for the next
        edit (not a file just opened, nor a file on disk read once for a workspace pull).
        ``keep_blocks``: the engines keep their per-block results for the next analysis of ``path``.
        ``defer_later``: the later stages start only when ``advance`` asks for them, not beside the
        first (an edit: see lsp/server.py)."""
        started = time.perf_counter()
        settings = settings or Settings()
        index = LineIndex(text)
        catalogue, problems = self.catalogue_for(settings)
        result = Analysis(text, index, problems=problems, language=language, catalogue=catalogue)
        if len(text) > settings.max_document_size:
            result.skipped = (
                f"not analysed: {len(text):,} characters is more than the maxDocumentSize limit of "
                f"{settings.max_document_size:,}"
            )
            return result
        if looks_binary(text):
            result.skipped = "not analysed: the content looks binary, not Python source" if language == "python" else (
                "not analysed: the content looks binary, not text"
            )
            return result

        tree = None
        parsed_text, parsed_index = text, index
        if language == "python":
            # NUL characters make the parser refuse the whole file; spaces keep every offset.
            parse_text = text.replace("\x00", " ") if "\x00" in text else text
            parse_index = index if parse_text is text else LineIndex(parse_text)
            if edited:
                outcome = self.parses.parse_with_recovery(path, parse_text, parse_index)
            else:
                outcome = parse_with_recovery(parse_text, parse_index)
            result.syntax_error = outcome.error
            result.broken_lines = outcome.broken_lines
            if outcome.fatal:
                result.skipped = f"not analysed: {outcome.fatal}"
                return result
            tree = outcome.tree
            parsed_text = outcome.text
            parsed_index = index if outcome.text is text else LineIndex(outcome.text)
        rules = self.rules_for(settings, language, catalogue)
        stages: dict[int, list[Engine]] = {}
        for engine in self.engines:
            if settings.engine_enabled(engine.name) and any(r.engine == engine.name for r in rules):
                stages.setdefault(stage_of(engine), []).append(engine)
        groups = [stages[k] for k in sorted(stages)]
        source = Source(
            text=parsed_text,
            index=parsed_index,
            path=path,
            language=language,
            tree=tree,
            time_limit=settings.semgrep_timeout,
            engine_time_limit=settings.analysis_timeout,
            keep_blocks=keep_blocks,
        )
        run = result.run = _Run(settings, source, rules)
        if cancelled is not None:
            run.cancel_checks.append(cancelled)
        source.cancelled = run.cancelled
        parallel = _core_to_spare() and not defer_later
        shape = outline(source) if tree is not None and len(groups) > 1 else None
        for group in groups[1:]:
            # Text only (no tree): a later stage cannot see the first stage's parse, only its outline.
            later = replace(source, tree=None, problems=[], outline=shape)
            for engine in group if not defer_later else ():
                # An engine that runs many documents at once (semgrep) queues this one now.
                prepare = getattr(engine, "prepare", None)
                if prepare is not None:
                    prepare(later, [r for r in rules if r.engine == engine.name])
            future = self._background.submit(self._run_stage, later, group, rules) if parallel else None
            run.later.append((group, later, future))
        result.duration = time.perf_counter() - started
        first = self._run_stage(source, groups[0], rules) if groups else _Stage()
        drop_tree(source, dismantle=not edited)  # the tree is not kept past the first stage
        return self._add_stage(result, first, started)

    def advance(self, analysis: Analysis, cancelled: Callable[[], bool] | None = None) -> Analysis:
        """Wait for the next stage: a new Analysis with the findings of every stage so far."""
        run = analysis.run
        if run is None or not run.later:
            return analysis
        started = time.perf_counter()
        if cancelled is not None:
            run.cancel_checks.append(cancelled)
        group, source, future = run.later.pop(0)
        stage = future.result() if future is not None else self._run_stage(source, group, run.rules)
        return self._add_stage(replace(analysis, problems=list(analysis.problems)), stage, started)

    def provisional(self, analysis: Analysis, carried: list[Finding]) -> Analysis:
        """``analysis`` (a stage with later ones pending) as if ``carried`` findings of the pending
        engines had been found too: merged and suppressed exactly as that stage's own findings, so
        the editor can show a later stage's last findings until its new ones arrive (lsp/carry.py).

        The run itself is not touched: the next stage still merges only what its engines find."""
        if analysis.run is None or not carried:
            return analysis
        result = replace(analysis, problems=list(analysis.problems))
        # Fresh copies: which suppression is used depends on every finding merged here.
        suppressions = [replace(s, used=False, used_codes=set()) for s in analysis.suppressions]
        self._finish(result, extra=carried, suppressions=suppressions)
        return result

    def abandon(self, analysis: Analysis) -> None:
        """Nobody wants the later stages of ``analysis`` any more: let them stop early."""
        if analysis.run is not None:
            analysis.run.abandoned.set()

    def _run_stage(self, source: Source, engines: list[Engine], rules: list[Rule]) -> _Stage:
        stage = _Stage()
        for engine in engines:
            bound = [r for r in rules if r.engine == engine.name]
            try:
                found = engine.analyse(source, bound)
            except EngineCancelled:
                stage.cancelled = True
                continue
            except EngineError as exc:
                stage.problems.append(f"{engine.name}: {exc}" if not str(exc).startswith(engine.name) else str(exc))
                continue
            except Exception as exc:  # an engine bug degrades that engine only
                log.exception("engine %s failed", engine.name)
                stage.problems.append(f"{engine.name} failed: {type(exc).__name__}: {exc}")
                continue
            for finding in found:
                finding.node = None  # the tree is not kept past this analysis
            stage.findings.extend(found)
            stage.ran.add(engine.name)
        stage.problems.extend(source.problems)
        return stage

    def _add_stage(self, result: Analysis, stage: _Stage, started: float) -> Analysis:
        run = result.run
        assert run is not None
        result.stage += 1
        run.findings.extend(stage.findings)
        run.ran |= stage.ran
        result.problems.extend(stage.problems)
        result.cancelled = result.cancelled or stage.cancelled
        result.pending = tuple(e.name for group, _, _ in run.later for e in group)
        self._finish(result)
        result.duration += time.perf_counter() - started
        if result.final:
            result.engine_findings = tuple(run.findings)
            result.engines_ran = frozenset(run.ran)
            result.run = None
        return result

    def restore(
        self,
        text: str,
        findings: list[Finding],
        ran: frozenset[str],
        stages: int,
        *,
        path: str | None = None,
        settings: Settings | None = None,
        language: str = "python",
    ) -> Analysis:
        """The final Analysis of ``text`` from the engines' findings of an earlier complete one.

        Only for a text whose earlier analysis had every stage, no problem, no syntax error and
        was not skipped, under the same settings, rules and engines (the findings cache's key):
        parsing and the limits would decide the same again, so only the engines are left out.
        Merging and the suppressions (and unused-suppression reports) run as in ``_finish``.
        """
        started = time.perf_counter()
        settings = settings or Settings()
        index = LineIndex(text)
        catalogue, problems = self.catalogue_for(settings)
        result = Analysis(text, index, problems=problems, language=language, catalogue=catalogue, stage=stages)
        rules = self.rules_for(settings, language, catalogue)
        source = Source(text=text, index=index, path=path, language=language)
        result.run = _Run(settings, source, rules, findings=list(findings), ran=set(ran))
        self._finish(result)
        result.engine_findings = tuple(findings)
        result.engines_ran = frozenset(ran)
        result.restored = True
        result.run = None
        result.duration = time.perf_counter() - started
        return result

    def _finish(
        self, result: Analysis, extra: Sequence[Finding] = (), suppressions: list[supp.Suppression] | None = None
    ) -> None:
        """Merge the findings of every stage so far (and ``extra`` ones) and apply the suppressions to them."""
        run = result.run
        assert run is not None
        text, index = result.text, result.index
        catalogue = result.catalogue or self.catalogue
        cwe_of, rank = self._merge_tables(catalogue)
        merged = merge([*run.findings, *extra], cwe_of, rank)
        findings = [f for f in merged if index.line_of(f.start) not in result.broken_lines]
        result.suppressions = supp.parse(text, index, result.language) if suppressions is None else suppressions
        kept, result.suppressed = supp.apply(findings, result.suppressions, index, self._bandit_rules)
        if run.settings.report_unused_suppressions and self._unused_rule_enabled(run.settings):
            # Only a rule that ran can make a suppression "unused": not one still pending or failed.
            checked = {r.id for r in run.rules if r.engine in run.ran}
            kept.extend(
                supp.unused(
                    result.suppressions,
                    text,
                    index,
                    is_known=lambda code: catalogue.resolve(code) is not None,
                    is_checked=lambda code: all(r in checked for r in self._rules_named(code, catalogue)),
                    skip_lines=lambda line: line in result.broken_lines,
                )
            )
        result.findings = sorted(kept, key=lambda f: (f.start, f.end, f.rule_id))

    def _bandit_rules(self, code: str) -> tuple[str, ...]:
        return self.catalogue.by_bandit.get(code, ())

    def _rules_named(self, code: str, catalogue: Catalogue) -> tuple[str, ...]:
        rule = catalogue.resolve(code)
        if rule is not None and rule.id.upper() == code.upper():
            return (rule.id,)
        return catalogue.by_bandit.get(code, ())

    def _unused_rule_enabled(self, settings: Settings) -> bool:
        rule = self.catalogue.get(supp.UNUSED_RULE)
        return rule is not None and settings.rule_enabled(rule.id, rule.severity, rule.confidence, rule.opt_in)

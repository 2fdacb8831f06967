"""One analysis of one text: parse, run the engines, merge, honour suppressions.

The language server and ``seclint check`` both call ``Analyzer.analyse``, so the
editor and CI see the same findings.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import suppressions as supp
from .catalogue import Catalogue, Rule, confidence_rank
from .documents import LineIndex
from .engines import Engine, EngineError, Source, default_engines
from .findings import Finding, merge
from .recovery import parse_with_recovery
from .settings import Settings

log = logging.getLogger(__name__)

LANGUAGE_BY_SUFFIX = {".py": "python", ".pyi": "python", ".pyw": "python"}


def language_of(path: str | None, language_id: str | None = None) -> str | None:
    if language_id in ("python",):
        return language_id
    if path:
        return LANGUAGE_BY_SUFFIX.get(Path(path).suffix.lower())
    return None


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

    @property
    def complete(self) -> bool:
        return self.skipped is None and not self.broken_lines


def looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ch == "\x00" or ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f\v"))
    return controls / len(sample) > 0.05


class Analyzer:
    def __init__(self, catalogue: Catalogue, engines: list[Engine] | None = None):
        self.catalogue = catalogue
        self.engines = engines if engines is not None else default_engines()
        self._cwe_of = {r.id: r.cwe for r in catalogue.rules.values()}
        self._rank = {r.id: 2 - confidence_rank(r.confidence) for r in catalogue.rules.values()}

    def rules_for(self, settings: Settings, language: str) -> list[Rule]:
        return [
            rule
            for rule in self.catalogue.for_language(language)
            if settings.rule_enabled(rule.id, rule.severity, rule.confidence, rule.opt_in)
        ]

    def analyse(self, text: str, *, path: str | None = None, settings: Settings | None = None, language: str = "python") -> Analysis:
        started = time.perf_counter()
        settings = settings or Settings()
        index = LineIndex(text)
        result = Analysis(text, index)
        if len(text) > settings.max_document_size:
            result.skipped = (
                f"not analysed: {len(text):,} characters is more than the maxDocumentSize limit of "
                f"{settings.max_document_size:,}"
            )
            return result
        if looks_binary(text):
            result.skipped = "not analysed: the content looks binary, not Python source"
            return result

        # NUL characters make the parser refuse the whole file; spaces keep every offset.
        parse_text = text.replace("\x00", " ") if "\x00" in text else text
        outcome = parse_with_recovery(parse_text, index if parse_text is text else LineIndex(parse_text))
        result.syntax_error = outcome.error
        result.broken_lines = outcome.broken_lines
        if outcome.fatal:
            result.skipped = f"not analysed: {outcome.fatal}"
            return result
        source = Source(
            text=outcome.text,
            index=index if outcome.text is text else LineIndex(outcome.text),
            path=path,
            language=language,
            tree=outcome.tree,
        )
        rules = self.rules_for(settings, language)
        findings: list[Finding] = []
        for engine in self.engines:
            if not settings.engine_enabled(engine.name):
                continue
            bound = [r for r in rules if r.engine == engine.name]
            if not bound:
                continue
            try:
                findings.extend(engine.analyse(source, bound))
            except EngineError as exc:
                result.problems.append(f"{engine.name}: {exc}")
            except Exception as exc:  # an engine bug degrades that engine only
                log.exception("engine %s failed", engine.name)
                result.problems.append(f"{engine.name} failed: {type(exc).__name__}: {exc}")
        result.problems.extend(source.problems)
        for finding in findings:
            finding.node = None  # the tree is not kept past this analysis
        findings = [f for f in merge(findings, self._cwe_of, self._rank) if index.line_of(f.start) not in outcome.broken_lines]

        result.suppressions = supp.parse(text, index)
        kept, result.suppressed = supp.apply(findings, result.suppressions, index, self._bandit_rules)
        if settings.report_unused_suppressions and self._unused_rule_enabled(settings):
            checked = {r.id for r in rules if settings.engine_enabled(r.engine)}
            kept.extend(
                supp.unused(
                    result.suppressions,
                    text,
                    index,
                    is_known=lambda code: self.catalogue.resolve(code) is not None,
                    is_checked=lambda code: all(r in checked for r in self._rules_named(code)),
                    skip_lines=lambda line: line in outcome.broken_lines,
                )
            )
        result.findings = sorted(kept, key=lambda f: (f.start, f.end, f.rule_id))
        result.duration = time.perf_counter() - started
        return result

    def _bandit_rules(self, code: str) -> tuple[str, ...]:
        return self.catalogue.by_bandit.get(code, ())

    def _rules_named(self, code: str) -> tuple[str, ...]:
        return (code,) if code in self.catalogue.rules else self.catalogue.by_bandit.get(code, ())

    def _unused_rule_enabled(self, settings: Settings) -> bool:
        rule = self.catalogue.get(supp.UNUSED_RULE)
        return rule is not None and settings.rule_enabled(rule.id, rule.severity, rule.confidence, rule.opt_in)

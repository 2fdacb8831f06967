"""Which files a command-line run checks, and with which settings.

Folders are walked in sorted order, skipping version-control and virtual-environment
folders, paths matched by ``.gitignore`` files (from the repository's top down to each
folder, deeper files winning, as git does), ``[tool.seclint] exclude`` globs, and files
whose language the ``languages`` setting leaves out.  A file named on the command line is
always taken unless ``exclude`` or ``languages`` leaves it out: pre-commit names each staged
file, and a project's excludes must hold there too.

Each file gets the settings of its nearest ``pyproject.toml`` with ``[tool.seclint]``, with
the command line's choices laid over them — the same settings the language server uses.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import pathspec

from . import settings as settings_mod
from .languages import GENERIC, language_of, worth_checking
from .settings import Settings

SKIP_DIRS = {
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__", "site-packages",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist",
}


@dataclass(frozen=True)
class Target:
    path: Path
    settings: Settings
    language: str
    project_dir: Path | None  # the folder of the pyproject.toml that configured it


@dataclass
class Discovery:
    targets: list[Target] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # configuration errors: `check` exits 2


class _GitIgnore:
    """The .gitignore files that apply inside one repository (or one scanned tree outside git)."""

    def __init__(self) -> None:
        self._specs: dict[Path, pathspec.GitIgnoreSpec | None] = {}

    def _spec(self, directory: Path) -> pathspec.GitIgnoreSpec | None:
        if directory not in self._specs:
            lines: list[str] = []
            for name in (".gitignore",) + ((".git/info/exclude",) if (directory / ".git").is_dir() else ()):
                try:
                    lines += (directory / name).read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    pass
            self._specs[directory] = pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
        return self._specs[directory]

    def ignored(self, path: Path, top: Path, is_dir: bool) -> bool:
        """Is ``path`` (below ``top``) ignored?  The deepest .gitignore with a matching pattern decides."""
        directory = path.parent
        while True:
            spec = self._spec(directory)
            if spec is not None:
                relative = path.relative_to(directory).as_posix() + ("/" if is_dir else "")
                verdict = spec.check_file(relative).include
                if verdict is not None:
                    return verdict
            if directory == top or directory.parent == directory:
                return False
            directory = directory.parent


def _git_top(start: Path) -> Path | None:
    for candidate in [start, *start.parents]:
        if (candidate / ".git").exists():
            return candidate
    return None


class _Resolver:
    """Settings per folder (one lookup of pyproject.toml per folder, not per file)."""

    def __init__(self, overrides: dict[str, Any] | None):
        self.overrides = overrides
        self._by_dir: dict[Path, tuple[Settings, Path | None]] = {}
        self.problems: list[str] = []

    def for_dir(self, directory: Path) -> tuple[Settings, Path | None]:
        cached = self._by_dir.get(directory)
        if cached is not None:
            return cached
        project = settings_mod.find_project_config(directory)
        settings, problems = settings_mod.resolve(None, project)
        settings, more = settings_mod.apply(settings, self.overrides, "command line")
        for problem in [*problems, *more]:
            if problem not in self.problems:
                self.problems.append(problem)
        result = (settings, project.path.parent if project else None)
        self._by_dir[directory] = result
        return result


def discover(paths: Sequence[Path], overrides: dict[str, Any] | None = None, *, respect_gitignore: bool = True) -> Discovery:
    out = Discovery()
    resolver = _Resolver(overrides)
    ignore = _GitIgnore()
    seen: set[Path] = set()

    def take(path: Path, explicit: bool) -> None:
        absolute = path.resolve()
        if absolute in seen:
            return
        settings, project_dir = resolver.for_dir(absolute.parent)
        language = language_of(str(path))
        if language == GENERIC and explicit and path.suffix == "":
            language = "python"  # a script named on the command line (pre-commit passes them too)
        if not settings.language_enabled(language):
            return
        if settings.is_excluded(path, project_dir):
            return
        seen.add(absolute)
        out.targets.append(Target(path, settings, language, project_dir))

    for given in paths:
        if given.is_file():
            take(given, explicit=True)
            continue
        top_dir = given.resolve()
        git_top = _git_top(top_dir) if respect_gitignore else None
        top = git_top or top_dir
        for directory, dirnames, filenames in os.walk(given):
            here = Path(directory)
            absolute_here = here.resolve()
            kept = []
            settings, project_dir = resolver.for_dir(absolute_here)
            for name in sorted(dirnames):
                # Hidden folders are skipped, except the one holding GitHub Actions workflows.
                if name in SKIP_DIRS or (name.startswith(".") and name != ".github"):
                    continue
                if respect_gitignore and ignore.ignored(absolute_here / name, top, is_dir=True):
                    continue
                if settings.is_excluded(here / name, project_dir):
                    continue
                kept.append(name)
            dirnames[:] = kept
            for name in sorted(filenames):
                if not worth_checking(here / name):  # source code, or a file where secrets hide
                    continue
                if respect_gitignore and ignore.ignored(absolute_here / name, top, is_dir=False):
                    continue
                take(here / name, explicit=False)
    out.problems = resolver.problems
    return out

"""Which language a document is in, and what that means for rules, examples and comments.

A document's language decides which rules run on it: a rule runs on the documents of the
languages it lists, and ``generic`` rules (secrets, found by text) run on every document.
The language comes from the client's ``languageId`` when it names one we know, else from the
file name.  ``github-actions`` is YAML under ``.github/workflows/``: its rules would be noise
on other YAML files, so it is a language of its own (semgrep reads it as ``yaml``).
"""

from __future__ import annotations

from pathlib import PurePath

# Languages a catalogue rule may list (custom semgrep rules may use any semgrep language).
CATALOGUE_LANGUAGES = ("python", "javascript", "typescript", "go", "java", "dockerfile", "yaml", "github-actions", "generic")

GENERIC = "generic"

# The language semgrep parses a document of each language as.
SEMGREP_LANGUAGE = {"github-actions": "yaml"}

# Spellings semgrep accepts in a rule's `languages:` -> the language name seclint uses.
ALIASES = {
    "py": "python", "python3": "python", "js": "javascript", "jsx": "javascript", "ts": "typescript",
    "tsx": "typescript", "golang": "go", "docker": "dockerfile", "regex": GENERIC, "none": GENERIC,
    "sh": "bash", "c#": "csharp", "cpp": "c++", "tf": "terraform", "hcl": "terraform", "kt": "kotlin",
}

# The examples file of a catalogue rule is RULE-ID + this suffix, after the rule's first language.
EXAMPLE_SUFFIX = {
    "python": ".py", "javascript": ".js", "typescript": ".ts", "go": ".go", "java": ".java",
    "dockerfile": ".dockerfile", "yaml": ".yml", "github-actions": ".yml", GENERIC: ".txt",
}

# LSP languageId (VS Code's names) -> language.  "yaml" is refined by the path (workflows).
_BY_LANGUAGE_ID = {
    "python": "python", "javascript": "javascript", "javascriptreact": "javascript",
    "typescript": "typescript", "typescriptreact": "typescript", "go": "go", "java": "java",
    "dockerfile": "dockerfile", "yaml": "yaml", "github-actions-workflow": "github-actions",
    "ruby": "ruby", "php": "php", "c": "c", "cpp": "c++", "csharp": "csharp", "kotlin": "kotlin",
    "rust": "rust", "scala": "scala", "swift": "swift", "shellscript": "bash", "terraform": "terraform",
    "json": "json", "jsonc": "json",
}

_BY_SUFFIX = {
    ".py": "python", ".pyi": "python", ".pyw": "python",
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "typescript",
    ".go": "go", ".java": "java", ".dockerfile": "dockerfile", ".yml": "yaml", ".yaml": "yaml",
    ".rb": "ruby", ".php": "php", ".c": "c", ".h": "c", ".cc": "c++", ".cpp": "c++", ".hpp": "c++",
    ".cs": "csharp", ".kt": "kotlin", ".rs": "rust", ".scala": "scala", ".swift": "swift",
    ".sh": "bash", ".bash": "bash", ".tf": "terraform", ".hcl": "terraform", ".json": "json",
}

# Files `seclint check` also reads for secrets (found by `generic` rules), beside source code.
_TEXT_SUFFIXES = {".env", ".ini", ".cfg", ".conf", ".properties", ".toml", ".xml", ".txt", ".pem", ".key", ".npmrc", ".pypirc", ".netrc"}
_TEXT_NAMES = {".env", ".npmrc", ".pypirc", ".netrc", ".git-credentials", ".dockercfg"}

# Line comment markers, for suppression comments in each language (None: `#`).
_LINE_COMMENT = {
    "javascript": "//", "typescript": "//", "go": "//", "java": "//", "c": "//", "c++": "//", "csharp": "//",
    "kotlin": "//", "rust": "//", "scala": "//", "swift": "//", "php": "//", "json": "//",
}


def normalise(language: str) -> str:
    language = language.strip().lower()
    return ALIASES.get(language, language)


def is_workflow(path: str | PurePath) -> bool:
    parts = PurePath(path).parts
    return len(parts) >= 3 and parts[-3] == ".github" and parts[-2] == "workflows" and PurePath(path).suffix in (".yml", ".yaml")


# `Dockerfile.<x>` is a Dockerfile (`Dockerfile.prod`, `Dockerfile.dev`) unless <x> names another
# kind of file: editor support (`dockerfile.vim`), documentation, source code (`dockerfile.py`).
_NOT_DOCKERFILE_SUFFIXES = {".md", ".markdown", ".rst", ".txt", ".html", ".vim", ".el", ".lua", ".snippets", ".xml"}


def is_dockerfile(path: str | PurePath) -> bool:
    name = PurePath(path).name.lower()
    if name in ("dockerfile", "containerfile") or name.endswith((".dockerfile", ".containerfile")):
        return True
    if not name.startswith(("dockerfile.", "containerfile.")):
        return False
    suffix = PurePath(name).suffix
    return suffix not in _BY_SUFFIX and suffix not in _NOT_DOCKERFILE_SUFFIXES and suffix not in _TEXT_SUFFIXES


def language_of(path: str | None, language_id: str | None = None) -> str:
    """The document's language; ``generic`` when nothing more specific is known."""
    by_id = _BY_LANGUAGE_ID.get((language_id or "").lower())
    if by_id == "yaml" and path and is_workflow(path):
        return "github-actions"
    if by_id is not None:
        return by_id
    if path:
        if is_dockerfile(path):
            return "dockerfile"
        if is_workflow(path):
            return "github-actions"
        by_suffix = _BY_SUFFIX.get(PurePath(path).suffix.lower())
        if by_suffix is not None:
            return by_suffix
    return GENERIC


def worth_checking(path: PurePath) -> bool:
    """Whether `seclint check` reads this file: source code, or a file where secrets hide."""
    name = path.name.lower()
    if language_of(str(path)) != GENERIC:
        return True
    return name in _TEXT_NAMES or name.startswith(".env") or path.suffix.lower() in _TEXT_SUFFIXES


def applies(rule_languages: tuple[str, ...], language: str) -> bool:
    """Whether a rule for ``rule_languages`` runs on a document in ``language``."""
    if GENERIC in rule_languages or language in rule_languages:
        return True
    # Workflow files are YAML too: a rule for any YAML runs on them.
    return language == "github-actions" and "yaml" in rule_languages


def semgrep_language(language: str) -> str:
    return SEMGREP_LANGUAGE.get(language, language)


def comment_marker(language: str | None) -> str:
    return _LINE_COMMENT.get(language or "python", "#")

"""Which language a document is in (from the editor's languageId and the file name), and what runs on it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from semgrep_fakes import FAKE_AWS_KEY, REAL

from seclint.catalogue import default_catalogue
from seclint.languages import language_of, worth_checking


@pytest.mark.parametrize(
    "path, language_id, expected",
    [
        ("/p/app.py", None, "python"),
        ("/p/app.py", "python", "python"),
        ("/p/web/app.tsx", None, "typescript"),
        ("/p/web/app.mjs", None, "javascript"),
        ("/p/web/app.js", "javascriptreact", "javascript"),
        ("/p/main.go", None, "go"),
        ("/p/src/Main.java", None, "java"),
        ("/p/Dockerfile", None, "dockerfile"),
        ("/p/Dockerfile.prod", None, "dockerfile"),
        ("/p/build.dockerfile", None, "dockerfile"),
        ("/p/Dockerfile.dev.template", None, "dockerfile"),
        ("/p/docker/Containerfile.arm64", None, "dockerfile"),
        ("/p/syntax/dockerfile.vim", None, "generic"),  # editor support for Dockerfiles, not one
        ("/p/tools/dockerfile.py", None, "python"),
        ("/p/docs/Dockerfile.md", None, "generic"),
        ("/p/Containerfile", "plaintext", "dockerfile"),
        ("/p/.github/workflows/ci.yml", None, "github-actions"),
        ("/p/.github/workflows/ci.yaml", "yaml", "github-actions"),
        ("/p/deploy/ci.yml", "yaml", "yaml"),
        ("/p/x.yml", "github-actions-workflow", "github-actions"),
        ("/p/.env", "plaintext", "generic"),
        ("/p/notes.md", "markdown", "generic"),
        (None, "typescript", "typescript"),
        (None, None, "generic"),
    ],
)
def test_language_of(path, language_id, expected):
    assert language_of(path, language_id) == expected


def test_rules_are_filtered_by_language():
    catalogue = default_catalogue()
    python = {r.id for r in catalogue.for_language("python")}
    javascript = {r.id for r in catalogue.for_language("javascript")}
    generic = {r.id for r in catalogue.for_language("generic")}
    assert "PY-DESERIAL-YAML" in python and "JS-XSS-INNERHTML" not in python
    assert "JS-XSS-INNERHTML" in javascript and "PY-DESERIAL-YAML" not in javascript
    # Secrets are looked for in every file.
    assert "SECRET-AWS-ACCESS-KEY" in python & javascript & generic


def test_check_reads_source_of_every_language_and_files_where_secrets_hide(tmp_path):
    for name in ("app.py", "web/page.js", ".env", "config/settings.ini", "Dockerfile", ".github/workflows/ci.yml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n")
    for name in ("logo.png", "node_modules/lib/index.js", ".git/config", "data.bin"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n")
    from seclint.discovery import discover

    found = sorted(str(t.path.relative_to(tmp_path)) for t in discover([tmp_path]).targets)
    assert found == sorted(["app.py", "web/page.js", ".env", "config/settings.ini", "Dockerfile", ".github/workflows/ci.yml"])
    assert worth_checking(Path("x/.env.production")) and not worth_checking(Path("x/photo.jpg"))


@pytest.mark.skipif(REAL is None, reason="semgrep is not installed (pip install 'seclint[semgrep]')")
def test_check_finds_javascript_flaws_and_secrets(tmp_path):
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "page.js").write_text("const el = document.body;\nel.innerHTML = location.hash;\n")
    (tmp_path / ".env").write_text(f"AWS_ACCESS_KEY_ID={FAKE_AWS_KEY}\n")
    result = subprocess.run(
        [sys.executable, "-m", "seclint", "check", "--format", "json", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )
    found = [(Path(f["path"]).name, f["line"], f["rule"]) for f in json.loads(result.stdout)]
    assert found == [(".env", 1, "SECRET-AWS-ACCESS-KEY"), ("page.js", 2, "JS-XSS-INNERHTML")]
    assert result.returncode == 1

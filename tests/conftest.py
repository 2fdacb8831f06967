from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import pytest_lsp
from pytest_lsp import LanguageClient

sys.path.insert(0, str(Path(__file__).parent))

from lsp_client import CONFIG, initialize  # noqa: E402

# No findings cache for the servers the tests start (they inherit this): a document another test
# (or an earlier run) opened would be restored, not analysed, and a test would check the cache
# instead of the engines.  test_findings_cache.py gives each server its own folder.
os.environ["SECLINT_FINDINGS_CACHE_DIR"] = ""

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, tmp_path: Path):
    """A real seclint server process, initialised like VS Code with ``tmp_path`` as the workspace."""
    await initialize(lsp_client, tmp_path)
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(scope="session")
def catalogue():
    from seclint.catalogue import default_catalogue

    return default_catalogue()


@pytest.fixture(scope="session")
def analyzer(catalogue):
    from seclint.analysis import Analyzer

    return Analyzer(catalogue)

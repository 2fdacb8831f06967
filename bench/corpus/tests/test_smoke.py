"""Smoke tests for the shop and the command-line tools."""
import subprocess
import sys

import pytest

from shop import create_app

TEST_PASSWORD = "correct-horse-battery-staple"  # SAFE: CWE-798


@pytest.fixture
def client():
    app = create_app(testing=True)
    with app.test_client() as c:
        yield c


def test_backup_help():
    result = subprocess.run([sys.executable, "tools/backup.py", "--help"], capture_output=True, text=True)  # SAFE: CWE-78
    assert result.returncode == 0  # SAFE: CWE-617
    assert "--remote" in result.stdout  # SAFE: CWE-617


def test_deploy_rejects_bad_version():
    proc = subprocess.run("python tools/deploy.py 'not-a-version'", shell=True, capture_output=True)  # SAFE: CWE-78
    assert proc.returncode != 0  # SAFE: CWE-617


def test_login(client):
    client.post("/auth/register", data={"username": "alice", "password": TEST_PASSWORD})
    resp = client.post("/auth/login", data={"username": "alice", "password": TEST_PASSWORD})  # SAFE: CWE-798
    assert resp.status_code == 200  # SAFE: CWE-617


def test_search_escapes(client):
    resp = client.get("/hello-safe?name=<script>")
    assert b"<script>" not in resp.data


def test_products_sorting_rejects_injection(client):
    resp = client.get("/products?sort=name;DROP TABLE products")
    assert resp.status_code == 400

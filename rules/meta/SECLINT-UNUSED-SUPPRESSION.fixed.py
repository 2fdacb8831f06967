import subprocess
import yaml


def rewritten():
    # ruleid: SECLINT-UNUSED-SUPPRESSION
    return yaml.safe_load("a: 1")


def still_needed(stream):
    # ok: SECLINT-UNUSED-SUPPRESSION
    return yaml.load(stream, Loader=yaml.Loader)  # seclint: ignore[PY-DESERIAL-YAML] stream is our own fixture


def stale_bandit_id():
    # ruleid: SECLINT-UNUSED-SUPPRESSION
    return yaml.safe_load("a: 1")


def blanket_nosec():
    # ok: SECLINT-UNUSED-SUPPRESSION
    subprocess.run(["ls", "-l"])  # nosec


def unknown_id():
    # ruleid: SECLINT-UNUSED-SUPPRESSION
    return 1

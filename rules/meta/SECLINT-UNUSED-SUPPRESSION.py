import subprocess
import yaml


def rewritten():
    # ruleid: SECLINT-UNUSED-SUPPRESSION
    return yaml.safe_load("a: 1")  # seclint: ignore[PY-DESERIAL-YAML] trusted constant


def still_needed(stream):
    # ok: SECLINT-UNUSED-SUPPRESSION
    return yaml.load(stream, Loader=yaml.Loader)  # seclint: ignore[PY-DESERIAL-YAML] stream is our own fixture


def stale_bandit_id():
    # ruleid: SECLINT-UNUSED-SUPPRESSION
    return yaml.safe_load("a: 1")  # nosec B506


def blanket_nosec():
    # ok: SECLINT-UNUSED-SUPPRESSION
    subprocess.run(["ls", "-l"])  # nosec


def unknown_id():
    # ruleid: SECLINT-UNUSED-SUPPRESSION
    return 1  # seclint: ignore[PY-NO-SUCH-RULE] typo

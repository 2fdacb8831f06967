import yaml
from yaml import load, Loader, SafeLoader


def from_request(body):
    # ruleid: PY-DESERIAL-YAML
    return yaml.safe_load(body)


def with_unsafe_loader(stream):
    # ruleid: PY-DESERIAL-YAML
    return yaml.safe_load(stream)


def imported_name(stream):
    # ruleid: PY-DESERIAL-YAML
    return yaml.safe_load(stream)


def explicit_unsafe(stream):
    # ruleid: PY-DESERIAL-YAML
    return yaml.safe_load(stream)


def safe(stream):
    # ok: PY-DESERIAL-YAML
    return yaml.safe_load(stream)


def safe_loader(stream):
    # ok: PY-DESERIAL-YAML
    return yaml.load(stream, Loader=SafeLoader)


def not_yaml(json, stream):
    # ok: PY-DESERIAL-YAML
    return json.load(stream)

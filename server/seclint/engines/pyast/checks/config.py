"""Framework misconfiguration, servers, file permissions and temporary files.

Flask/Werkzeug debug mode, Django settings (DEBUG, ALLOWED_HOSTS, password
hashers, CSRF middleware), cookie flags, CSRF exemptions, CORS with
credentials, binding to every interface, world-writable permissions,
``tempfile.mktemp`` and hard-coded shared temp paths.

Settings modules meant for development or tests (``settings/dev.py``,
``local_settings.py``, ``settings/test.py``, config classes named
``DevelopmentConfig``/``TestingConfig``) are expected to relax these
settings; the settings rules stay silent there.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import PurePath
from typing import Any

from ....findings import Edit, Related
from ....fixes import newline_of
from ..context import CheckContext
from ..registry import check
from ..walk import nodes_of, walk

# ---------------------------------------------------------------------------
# Shared helpers (also used by secrets.py)
# ---------------------------------------------------------------------------

def cached(ctx: CheckContext, key: str, compute: Callable[[CheckContext], Any]) -> Any:
    """A per-module fact, computed once per analysis (``key`` names it; see facts.py)."""
    _COMPUTE.setdefault(key, compute)
    return ctx.info.fact(_named_fact, key)


_COMPUTE: dict[str, Callable[[CheckContext], Any]] = {}


def _named_fact(ctx: CheckContext, key: str) -> Any:
    return _COMPUTE[key](ctx)


_TEST_WORDS = {"test", "tests", "testing", "conftest"}
_DEV_WORDS = _TEST_WORDS | {"ci", "dev", "devel", "develop", "development", "local"}
_CONFIG_WORDS = {"settings", "setting", "config", "configs", "conf", "configuration", "envs", "environments", "env"}


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]


def _is_dev_or_test(ctx: CheckContext) -> bool:
    if ctx.is_test_module:
        return True
    if not ctx.path:
        return False
    path = PurePath(ctx.path)
    words = _words(path.stem)
    if any(w in _TEST_WORDS for w in words):
        return True
    # settings/dev.py, settings/local.py, local_settings.py, config/development.py
    is_config = any(w in _CONFIG_WORDS for w in words) or path.parent.name.lower() in _CONFIG_WORDS
    return is_config and any(w in _DEV_WORDS for w in words)


def dev_or_test_module(ctx: CheckContext) -> bool:
    """A test module or a settings module for development/tests (settings/dev.py, local_settings.py...)."""
    return cached(ctx, "dev_or_test", _is_dev_or_test)


def _class_words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return _words(spaced)


_TESTING_TEST = re.compile(r"(?<![a-z])(test|testing|debug|dev|development|local)(?![a-z])", re.IGNORECASE)


def dev_or_test_scope(ctx: CheckContext, node: ast.AST) -> bool:
    """Inside a dev/test module, a Development/Testing config class, a test function or an
    ``if app.testing:`` / ``if DEBUG:`` branch."""
    if dev_or_test_module(ctx):
        return True
    for anc in ctx.ancestors(node):
        if isinstance(anc, (ast.If, ast.IfExp)) and _TESTING_TEST.search(ctx.text(anc.test)):
            return True
        if isinstance(anc, ast.ClassDef):
            if any(w in _DEV_WORDS or w == "debug" for w in _class_words(anc.name)):
                return True
            if _class_sets_testing(anc):
                return True
        elif isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
            anc.name.startswith("test") or _function_sets_testing(anc)
        ):
            return True
    return False


def _class_sets_testing(cls: ast.ClassDef) -> bool:
    for stmt in cls.body:
        if (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant) and stmt.value.value is True
                and any(isinstance(t, ast.Name) and t.id == "TESTING" for t in stmt.targets)):
            return True
    return False


def _function_sets_testing(fn: ast.AST) -> bool:
    for node in walk(fn):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and node.value.value is True:
            for t in node.targets:
                if isinstance(t, ast.Attribute) and t.attr == "testing":
                    return True
                if isinstance(t, ast.Subscript) and _const_key(t) == "TESTING":
                    return True
        elif (isinstance(node, ast.keyword) and node.arg == "TESTING" and isinstance(node.value, ast.Constant)
              and node.value.value is True):
            return True
    return False


def _const_key(sub: ast.Subscript) -> str | None:
    key = sub.slice
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return key.value
    return None


_DJANGO_MARKERS = {
    "INSTALLED_APPS", "ROOT_URLCONF", "MIDDLEWARE", "MIDDLEWARE_CLASSES", "WSGI_APPLICATION", "ASGI_APPLICATION",
    "DATABASES", "AUTH_PASSWORD_VALIDATORS", "DEFAULT_AUTO_FIELD", "AUTH_USER_MODEL", "STATIC_ROOT",
    "LANGUAGE_CODE", "USE_TZ", "USE_I18N",
}
_SETTINGS_PATH = re.compile(r"(^|/)settings(/[^/]+)?\.py$|(^|/)settings[_/][^/]*\.py$|(^|/)[^/]*_settings\.py$")


def module_assignments(ctx: CheckContext) -> dict[str, list[ast.stmt]]:
    """Module-level ``NAME = value`` statements (also inside top-level if/try), by name."""

    def compute(ctx: CheckContext) -> dict[str, list[ast.stmt]]:
        result: dict[str, list[ast.stmt]] = {}
        stack = list(ctx.info.tree.body)
        while stack:
            stmt = stack.pop()
            if isinstance(stmt, ast.Assign):
                for t in stmt.targets:
                    if isinstance(t, ast.Name):
                        result.setdefault(t.id, []).append(stmt)
            elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) and isinstance(stmt.target, ast.Name):
                result.setdefault(stmt.target.id, []).append(stmt)
            elif isinstance(stmt, ast.If):
                stack.extend(stmt.body + stmt.orelse)
            elif isinstance(stmt, (ast.Try, ast.TryStar)):
                stack.extend(stmt.body + stmt.orelse + stmt.finalbody)
                for h in stmt.handlers:
                    stack.extend(h.body)
        return result

    return cached(ctx, "module_assignments", compute)


def is_django_settings(ctx: CheckContext) -> bool:
    def compute(ctx: CheckContext) -> bool:
        names = module_assignments(ctx)
        if any(m in names for m in _DJANGO_MARKERS):
            return True
        if ctx.path and _SETTINGS_PATH.search(PurePath(ctx.path).as_posix()):
            return not ctx.imports("flask")
        return ctx.is_settings_module and ctx.imports("django")

    return cached(ctx, "django_settings", compute)


def at_module_level(ctx: CheckContext, node: ast.AST) -> bool:
    return not any(isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)) for a in ctx.ancestors(node))


def module_constant(ctx: CheckContext, name: str) -> Any:
    """The value a module-level setting is assigned (the last plain assignment), or UNKNOWN."""
    stmts = module_assignments(ctx).get(name, [])
    for stmt in reversed(stmts):
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
            return ctx.constant(stmt.value)
    return ctx.UNKNOWN


_ENV_FUNCS = {"os.environ.get", "os.getenv", "os.environ.setdefault", "decouple.config"}
_ENV_LOCAL = re.compile(r"^env(\.(bool|str|int|list|json|url|db|float))?$")


def env_lookup(ctx: CheckContext, call: ast.AST) -> tuple[str | None, ast.expr | None] | None:
    """For an environment read (``os.getenv("X", default)``, ``config("X", default=...)``,
    ``env.bool("X", default=...)``): the variable name and the default expression."""
    if not isinstance(call, ast.Call):
        return None
    name = ctx.call_name(call)
    if name in ("os.environ.get", "os.getenv", "os.environ.setdefault"):
        default = ctx.argument(call, 1, "default")
    elif name == "decouple.config" or name.startswith("env") and _ENV_LOCAL.match(name):
        default = ctx.argument(call, None, "default")
    else:
        return None
    key = ctx.constant(ctx.argument(call, 0, "key") or ctx.argument(call, 0, "var"))
    return (key if isinstance(key, str) else None), default


def iter_calls(node: ast.AST) -> Iterator[ast.Call]:
    for sub in walk(node):
        if isinstance(sub, ast.Call):
            yield sub


def target_key(target: ast.AST) -> tuple[str, str] | None:
    """What an assignment target names: ("name", "DEBUG"), ("attr", "debug"), ("subscript", "DEBUG")."""
    if isinstance(target, ast.Name):
        return "name", target.id
    if isinstance(target, ast.Attribute):
        return "attr", target.attr
    if isinstance(target, ast.Subscript):
        key = _const_key(target)
        if key is not None:
            return "subscript", key
    return None


def assignment_pairs(node: ast.AST) -> Iterator[tuple[ast.AST, ast.expr]]:
    """(target, value) for Assign/AnnAssign, pairing tuple targets with tuple values."""
    if isinstance(node, ast.Assign):
        for target in node.targets:
            if isinstance(target, (ast.Tuple, ast.List)) and isinstance(node.value, (ast.Tuple, ast.List)):
                if len(target.elts) == len(node.value.elts):
                    yield from zip(target.elts, node.value.elts)
            else:
                yield target, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        yield node.target, node.value


# -- Flask apps ---------------------------------------------------------------

_FLASK_FACTORIES = {"flask.Flask", "dash.Dash", "connexion.App", "connexion.FlaskApp"}
_FACTORY = re.compile(r"^(create|make|build|get|init|setup)_(\w+_)?(flask_)?app(lication)?$")
_APP_NAME = re.compile(r"(^|[._])(app|application|server)$", re.IGNORECASE)


def _is_app_call(ctx: CheckContext, value: ast.AST | None) -> bool:
    if not isinstance(value, ast.Call):
        return False
    name = ctx.call_name(value)
    if name in _FLASK_FACTORIES or name.endswith((".Flask", ".Dash")) or name in ("Flask", "Dash"):
        return True
    last = name.rsplit(".", 1)[-1]
    return bool(_FACTORY.match(last)) and (ctx.imports("flask") or ctx.imports("dash"))


def is_flask_app(ctx: CheckContext, expr: ast.AST) -> bool:
    """``app`` bound to ``Flask(__name__)`` (or a Dash/Connexion app, or a factory), or named like an app
    in a module that imports flask."""
    if isinstance(expr, ast.Call):
        return _is_app_call(ctx, expr)
    if isinstance(expr, ast.Name):
        found = ctx.info.lookup(expr)
        if found is not None:
            values = [v for v in found[1] if v is not None]
            if any(_is_app_call(ctx, v) for v in values):
                return True
            if any(isinstance(v, ast.Call) for v in values):
                return False  # bound to something else: Celery(), FastAPI(), Worker()...
    text = ctx.qualname(expr) or ""
    if text.endswith(".server") and ctx.imports("dash"):
        return True
    return bool(_APP_NAME.search(text)) and (ctx.imports("flask") or ctx.imports("dash"))


def _is_socketio(ctx: CheckContext, expr: ast.AST) -> bool:
    if isinstance(expr, ast.Name):
        found = ctx.info.lookup(expr)
        if found is not None:
            for v in found[1]:
                if isinstance(v, ast.Call) and ctx.call_name(v).endswith("SocketIO"):
                    return True
    return False


def _bool_keyword_fix(ctx: CheckContext, node: ast.AST, title: str):
    """Replace a literal ``True``/``1`` with ``False``."""
    if isinstance(node, ast.Constant) and node.value in (True, 1) and not isinstance(node.value, str):
        return ctx.fix(title, ctx.replace(node, "False"))
    return None


def _truthy_constant(ctx: CheckContext, expr: ast.AST | None) -> bool:
    value = ctx.constant(expr)
    if value is ctx.UNKNOWN or isinstance(value, (str, bytes)):
        return False
    return bool(value)


# ---------------------------------------------------------------------------
# PY-FLASK-DEBUG
# ---------------------------------------------------------------------------

_FLASK_DEBUG_MSG = (
    "Flask runs with the Werkzeug debugger enabled: anyone who can reach the server can run Python code "
    "through the interactive console. Turn debug off (or read it from configuration that is off in production)."
)


@check("PY-FLASK-DEBUG", ast.Call)
def flask_debug_call(node: ast.Call, ctx: CheckContext) -> None:
    func = node.func
    name = ctx.call_name(node)
    if isinstance(func, ast.Attribute) and func.attr in ("run", "run_server"):
        receiver = func.value
        if not (is_flask_app(ctx, receiver) or _is_socketio(ctx, receiver)):
            return
        for kw_name in ("debug", "use_debugger"):
            kw = ctx.keyword(node, kw_name)
            if kw is not None and _truthy_constant(ctx, kw.value):
                ctx.report(kw, fix=_bool_keyword_fix(ctx, kw.value, f"Set {kw_name}=False"))
                return
        return
    if name.endswith("run_simple") and (name.startswith("werkzeug") or name == "run_simple"):
        use_debugger = ctx.argument(node, 4, "use_debugger")
        evalex = ctx.argument(node, 5, "use_evalex")
        if use_debugger is not None and _truthy_constant(ctx, use_debugger):
            if evalex is not None and ctx.constant(evalex) is False:
                return
            target = ctx.keyword(node, "use_debugger") or use_debugger
            ctx.report(target, fix=_bool_keyword_fix(ctx, use_debugger, "Set use_debugger=False"))
        return
    if name.endswith("DebuggedApplication") and (name.startswith("werkzeug") or name == "DebuggedApplication"):
        evalex = ctx.argument(node, 1, "evalex")
        if evalex is not None and _truthy_constant(ctx, evalex):
            target = ctx.keyword(node, "evalex") or evalex
            ctx.report(
                target,
                message="The Werkzeug debugger is mounted with its interactive console (evalex=True): anyone who "
                "can reach it can run Python code on the server. Remove the DebuggedApplication wrapper in production.",
                fix=_bool_keyword_fix(ctx, evalex, "Set evalex=False"),
            )
        return
    # app.config.update(DEBUG=True) / app.config.from_mapping(DEBUG=True)
    if isinstance(func, ast.Attribute) and func.attr in ("update", "from_mapping"):
        config = func.value
        if isinstance(config, ast.Attribute) and config.attr == "config" and is_flask_app(ctx, config.value):
            kw = ctx.keyword(node, "DEBUG")
            if kw is not None and _truthy_constant(ctx, kw.value) and not dev_or_test_scope(ctx, node):
                ctx.report(kw, fix=_bool_keyword_fix(ctx, kw.value, "Set DEBUG=False"))


_FLASK_SETTINGS = re.compile(r"^(SQLALCHEMY_|SESSION_|WTF_|MAIL_|JWT_|REMEMBER_COOKIE_|PERMANENT_SESSION|SERVER_NAME$|"
                             r"PREFERRED_URL_SCHEME$|FLASK_)")


def _flask_config_module(ctx: CheckContext) -> bool:
    """A module of Flask settings (``app.config.from_pyfile("config.py")``): not Django, and it imports flask or
    defines Flask/extension settings."""
    def compute(ctx: CheckContext) -> bool:
        if is_django_settings(ctx):
            return False
        names = module_assignments(ctx)
        return ctx.imports("flask") or any(_FLASK_SETTINGS.match(n) for n in names)

    return cached(ctx, "flask_config", compute)


_PRODUCTION_CLASS = re.compile(r"prod|production|live|release|deploy", re.IGNORECASE)


@check("PY-FLASK-DEBUG", ast.Assign)
def flask_debug_assign(node: ast.Assign, ctx: CheckContext) -> None:
    if len(node.targets) != 1 or not _truthy_constant(ctx, node.value):
        return
    target = node.targets[0]
    flagged = False
    cls = ctx.parent(node)
    if isinstance(target, ast.Name) and target.id == "DEBUG" and isinstance(cls, ast.Module):
        if _flask_config_module(ctx) and not dev_or_test_module(ctx):
            ctx.report(node, fix=_bool_keyword_fix(ctx, node.value, "Set DEBUG = False"))
        return
    if isinstance(target, ast.Name) and target.id == "DEBUG" and isinstance(cls, ast.ClassDef):
        # class ProductionConfig(Config): DEBUG = True  (Flask config objects)
        if _PRODUCTION_CLASS.search(cls.name) and (ctx.imports("flask") or "config" in cls.name.lower()):
            ctx.report(node, fix=_bool_keyword_fix(ctx, node.value, "Set DEBUG = False"))
        return
    if isinstance(target, ast.Attribute) and target.attr == "debug":
        flagged = is_flask_app(ctx, target.value)
    elif isinstance(target, ast.Subscript) and _const_key(target) == "DEBUG":
        config = target.value
        flagged = isinstance(config, ast.Attribute) and config.attr == "config" and is_flask_app(ctx, config.value)
    if flagged and not dev_or_test_scope(ctx, node):
        ctx.report(node, fix=_bool_keyword_fix(ctx, node.value, "Set debug to False"))


# ---------------------------------------------------------------------------
# Django settings: DEBUG, ALLOWED_HOSTS, PASSWORD_HASHERS
# ---------------------------------------------------------------------------

_TRUTHY_STRINGS = {"true", "1", "yes", "on", "t", "y"}


def _truthy_default(ctx: CheckContext, expr: ast.AST | None) -> bool:
    value = ctx.constant(expr)
    if value is ctx.UNKNOWN:
        return False
    if isinstance(value, str):
        return value.strip().lower() in _TRUTHY_STRINGS
    return value is True or value == 1


def _django_setting_statement(ctx: CheckContext, node: ast.AST, names: set[str]) -> str | None:
    """The setting a module-level statement of a (non-dev) Django settings module assigns, if in ``names``."""
    if not isinstance(node, (ast.Assign, ast.AnnAssign)):
        return None
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    hit = next((t.id for t in targets if isinstance(t, ast.Name) and t.id in names), None)
    if hit is None or not at_module_level(ctx, node):
        return None
    if not is_django_settings(ctx) or dev_or_test_module(ctx):
        return None
    return hit


def _in_debug_branch(ctx: CheckContext, node: ast.AST) -> bool:
    """Under ``if DEBUG:`` / ``... if DEBUG else ...``: only for development."""
    for anc in ctx.ancestors(node):
        if isinstance(anc, (ast.If, ast.IfExp)):
            if any(isinstance(n, ast.Name) and n.id == "DEBUG" for n in walk(anc.test)):
                return True
            if any(isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.lower() in ("dev", "development", "local", "test")
                   for n in walk(anc.test)):
                return True
    return False


@check("PY-DJANGO-DEBUG", ast.Assign, ast.AnnAssign)
def django_debug(node: ast.Assign | ast.AnnAssign, ctx: CheckContext) -> None:
    if _django_setting_statement(ctx, node, {"DEBUG"}) is None or node.value is None:
        return
    if isinstance(ctx.parent(node), ast.If) or _in_debug_branch(ctx, node):
        return  # set only under some condition (an environment check)
    if _truthy_constant(ctx, node.value):
        ctx.report(node)
        return
    for call in iter_calls(node.value):
        found = env_lookup(ctx, call)
        if found is None:
            continue
        key, default = found
        if default is not None and (key is None or "DEBUG" in key.upper()) and _truthy_default(ctx, default):
            ctx.report(
                default,
                message="DEBUG falls back to on when the environment variable is missing: a production deploy "
                "that forgets it serves debug pages with settings and source. Make the default False.",
            )
            return


_ASGI_APPS = {"fastapi.FastAPI", "fastapi.applications.FastAPI", "starlette.applications.Starlette", "starlette.Starlette"}


@check("PY-DJANGO-DEBUG", ast.Call)
def asgi_debug(node: ast.Call, ctx: CheckContext) -> None:
    """``FastAPI(debug=True)`` / ``Starlette(debug=True)``: tracebacks in every error response."""
    name = ctx.call_name(node)
    if name not in _ASGI_APPS and not (name in ("FastAPI", "Starlette") and (ctx.imports("fastapi") or ctx.imports("starlette"))):
        return
    kw = ctx.keyword(node, "debug")
    if kw is not None and _truthy_constant(ctx, kw.value) and not dev_or_test_module(ctx):
        ctx.report(
            kw,
            message=f"{name.rsplit('.', 1)[-1]}(debug=True) returns a full traceback, with source lines, to any client "
            "whose request raises an error. Read debug from configuration that is off in production.",
        )


@check("PY-DJANGO-ALLOWED-HOSTS", ast.Assign, ast.AnnAssign, ast.AugAssign)
def django_allowed_hosts(node: ast.AST, ctx: CheckContext) -> None:
    if isinstance(node, ast.AugAssign):
        if not (isinstance(node.target, ast.Name) and node.target.id == "ALLOWED_HOSTS"):
            return
        if not at_module_level(ctx, node) or not is_django_settings(ctx) or dev_or_test_module(ctx):
            return
    elif _django_setting_statement(ctx, node, {"ALLOWED_HOSTS"}) is None:
        return
    value = node.value
    if value is None or _in_debug_branch(ctx, node):
        return
    _report_wildcard_host(ctx, value)


@check("PY-DJANGO-ALLOWED-HOSTS", ast.Call)
def django_allowed_hosts_append(node: ast.Call, ctx: CheckContext) -> None:
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr in ("append", "insert", "extend")):
        return
    if not (isinstance(func.value, ast.Name) and func.value.id == "ALLOWED_HOSTS"):
        return
    if not at_module_level(ctx, node) or not is_django_settings(ctx) or dev_or_test_module(ctx) or _in_debug_branch(ctx, node):
        return
    for arg in node.args:
        _report_wildcard_host(ctx, arg)


def _report_wildcard_host(ctx: CheckContext, value: ast.AST) -> None:
    for sub in walk(value):
        if isinstance(sub, ast.IfExp):
            return  # chosen at run time
    elements = value.elts if isinstance(value, (ast.List, ast.Tuple, ast.Set)) else [value]
    for elt in elements:
        if ctx.constant(elt) == "*":
            ctx.report(elt)
            return
        if isinstance(elt, ast.Starred):
            continue
    whole = ctx.constant(value)
    if isinstance(whole, (list, tuple, set)) and "*" in whole and not isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        ctx.report(value)
        return
    for call in iter_calls(value):
        found = env_lookup(ctx, call)
        if found is None:
            continue
        _, default = found
        default_value = ctx.constant(default) if default is not None else None
        if isinstance(default_value, str) and "*" in [h.strip() for h in re.split(r"[,\s]+", default_value)]:
            ctx.report(
                default,
                message="ALLOWED_HOSTS falls back to '*' when the environment variable is missing: the site then "
                "answers for any Host header. Make the default an explicit host list (or empty).",
            )
            return


_WEAK_HASHERS = {
    "MD5PasswordHasher", "UnsaltedMD5PasswordHasher", "UnsaltedSHA1PasswordHasher", "SHA1PasswordHasher",
    "CryptPasswordHasher",
}


def _weak_hasher(value: Any) -> str | None:
    if isinstance(value, str):
        last = value.rsplit(".", 1)[-1]
        if last in _WEAK_HASHERS:
            return last
    return None


@check("PY-DJANGO-WEAK-PASSWORD-HASHER", ast.Assign, ast.AnnAssign)
def django_weak_hasher(node: ast.AST, ctx: CheckContext) -> None:
    if _django_setting_statement(ctx, node, {"PASSWORD_HASHERS"}) is None:
        return
    value = node.value
    if not isinstance(value, (ast.List, ast.Tuple)) or not value.elts:
        return
    first = value.elts[0]
    weak = _weak_hasher(ctx.constant(first))
    if weak:
        ctx.report(
            first,
            message=f"New passwords are hashed with {weak}, a single fast hash that GPUs crack by the billion per "
            "second. Put PBKDF2, Argon2, BCryptSHA256 or Scrypt first (keep the weak one later only to upgrade old hashes).",
        )


_WEAK_PASSLIB = {
    "des_crypt", "bsdi_crypt", "bigcrypt", "crypt16", "md5_crypt", "apr_md5_crypt", "sun_md5_crypt", "hex_md5",
    "hex_sha1", "hex_sha256", "hex_sha512", "hex_md4", "ldap_md5", "ldap_sha1", "ldap_salted_md5", "ldap_salted_sha1",
    "ldap_plaintext", "ldap_hex_md5", "ldap_hex_sha1", "plaintext", "mysql323", "mysql41", "postgres_md5", "oracle10",
    "oracle11", "mssql2000", "mssql2005", "lmhash", "nthash", "msdcc", "msdcc2", "htdigest", "roundup_plaintext",
    "django_salted_md5", "django_salted_sha1", "django_des_crypt", "cisco_pix", "cisco_asa", "cisco_type7",
}


@check("PY-DJANGO-WEAK-PASSWORD-HASHER", ast.Call)
def passlib_weak_scheme(node: ast.Call, ctx: CheckContext) -> None:
    """passlib ``CryptContext(schemes=["md5_crypt", ...])``: the default scheme hashes new passwords."""
    name = ctx.call_name(node)
    if not (name.endswith("CryptContext") and (name.startswith("passlib") or ctx.imports("passlib"))):
        return
    default = ctx.keyword(node, "default")
    if default is not None:
        value = ctx.constant(default.value)
        if isinstance(value, str) and value in _WEAK_PASSLIB:
            ctx.report(default.value, message=_passlib_message(value))
        return
    schemes = ctx.argument(node, 0, "schemes")
    if isinstance(schemes, (ast.List, ast.Tuple)) and schemes.elts:
        first = schemes.elts[0]
        value = ctx.constant(first)
        if isinstance(value, str) and value in _WEAK_PASSLIB:
            ctx.report(first, message=_passlib_message(value))


def _passlib_message(scheme: str) -> str:
    return (f"New passwords are hashed with {scheme}, a fast or broken scheme that GPUs crack quickly. Make argon2, "
            "bcrypt, scrypt or pbkdf2_sha256 the default (keep the old scheme after it, marked deprecated).")


@check("PY-DJANGO-WEAK-PASSWORD-HASHER", ast.Call)
def django_weak_hasher_insert(node: ast.Call, ctx: CheckContext) -> None:
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "insert" and isinstance(func.value, ast.Name)
            and func.value.id == "PASSWORD_HASHERS"):
        return
    if not at_module_level(ctx, node) or not is_django_settings(ctx) or dev_or_test_module(ctx):
        return
    if len(node.args) == 2 and ctx.constant(node.args[0]) == 0 and _weak_hasher(ctx.constant(node.args[1])):
        ctx.report(node.args[1])


# ---------------------------------------------------------------------------
# PY-COOKIE-INSECURE
# ---------------------------------------------------------------------------

_COOKIE_WORDS = {
    "session", "sess", "sessionid", "sessid", "sid", "auth", "authentication", "authorization", "token", "jwt",
    "remember", "csrf", "xsrf", "csrftoken", "xsrftoken", "refresh", "access", "apikey", "cred", "creds",
    "credential", "credentials", "secret", "signature", "sig", "oauth", "sso", "saml", "otp", "mfa", "jsessionid",
    "phpsessid", "uid", "userid", "identity", "bearer", "login", "logintoken", "key", "api",
}


def _sensitive_cookie_name(name: str) -> bool:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    words = [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]
    if name.lower() in ("connect.sid", "laravel_session", "asp.net_sessionid"):
        return True
    if any(w in _COOKIE_WORDS or w.endswith(("token", "session", "sessid", "sessionid")) for w in words):
        # "login"/"key"/"api" only with another credential word or alone ("login", "api_key")
        strong = [w for w in words if (w in _COOKIE_WORDS and w not in ("login", "key", "api")) or w.endswith(("token", "session", "sessid", "sessionid"))]
        return bool(strong) or words in (["login"], ["api", "key"], ["key"])
    return words[-2:] == ["user", "id"]


_CSRF_COOKIE = re.compile(r"csrf|xsrf", re.IGNORECASE)
_COOKIE_FLAG_SETTINGS = {
    "SESSION_COOKIE_SECURE": False, "SESSION_COOKIE_HTTPONLY": False, "CSRF_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_SECURE": False, "REMEMBER_COOKIE_HTTPONLY": False, "JWT_COOKIE_SECURE": False,
    "SESSION_COOKIE_SAMESITE": None, "CSRF_COOKIE_SAMESITE": None,
}


def _cookie_is_sensitive(ctx: CheckContext, name_expr: ast.AST | None, value_expr: ast.AST | None) -> tuple[bool, bool]:
    """(sensitive, csrf-like) for a cookie."""
    if name_expr is not None:
        name = ctx.constant(name_expr)
        if isinstance(name, str):
            return _sensitive_cookie_name(name), bool(_CSRF_COOKIE.search(name))
        text = ctx.text(name_expr).rsplit(".", 1)[-1]
        if re.search(r"SESSION|TOKEN|AUTH|JWT|CSRF|REMEMBER", text, re.IGNORECASE):
            return True, bool(_CSRF_COOKIE.search(text))
    if value_expr is not None and not ctx.is_constant(value_expr):
        text = ctx.text(value_expr)
        if re.search(r"token|sess|jwt|sid|auth|secret|signed|login|remember", text, re.IGNORECASE):
            return True, bool(_CSRF_COOKIE.search(text))
    return False, False


@check("PY-COOKIE-INSECURE", ast.Call)
def cookie_insecure(node: ast.Call, ctx: CheckContext) -> None:
    func = node.func
    if not isinstance(func, ast.Attribute) or func.attr not in ("set_cookie", "set_signed_cookie"):
        _cookie_settings_keywords(node, ctx)
        return
    if ctx.has_kwargs_splat(node) or any(isinstance(a, ast.Starred) for a in node.args):
        return
    signed = func.attr == "set_signed_cookie"
    sensitive, csrf = _cookie_is_sensitive(ctx, ctx.argument(node, 0, "key"), ctx.argument(node, 1, "value"))
    if signed:
        sensitive = True
    if not sensitive:
        return
    flags = ("secure",) if csrf else ("secure", "httponly")
    positions = {"secure": 6, "httponly": 7, "samesite": 8}
    bad: list[str] = []
    edits = []
    add: list[str] = []
    first_explicit = None
    fixable = True
    for flag in flags:
        position = None if signed else positions[flag]
        kw = ctx.keyword(node, flag)
        expr = kw.value if kw is not None else ctx.argument(node, position)
        if expr is None:
            bad.append(f"no {flag} flag")
            add.append(f"{flag}=True")
            continue
        value = ctx.constant(expr)
        if value is ctx.UNKNOWN or value:
            continue  # configured at run time, or on
        bad.append(f"{flag}={ctx.text(expr)}")
        if kw is None:
            fixable = False
        else:
            edits.append(ctx.replace(kw.value, "True"))
            first_explicit = first_explicit or kw
    if not bad:
        return
    if ctx.keyword(node, "samesite") is None and (signed or len(node.args) <= positions["samesite"]):
        add.append('samesite="Lax"')
    if add:
        edit = _add_keywords(ctx, node, add)
        if edit is None:
            fixable = False
        edits.append(edit)
    fix = ctx.fix("Set secure, httponly and samesite on the cookie", *edits) if fixable else None
    what = "CSRF cookie" if csrf else "cookie"
    ctx.report(
        first_explicit or func,
        message=f"This {what} carries a session or credential but has {' and '.join(bad)}: it can leak over plain "
        "HTTP" + ("" if csrf else " or to injected JavaScript") + ". Set secure=True"
        + ("" if csrf else ", httponly=True") + ' and samesite="Lax".',
        fix=fix,
    )


def _add_keywords(ctx: CheckContext, call: ast.Call, keywords: list[str]):
    """Append keyword arguments; in a multi-line call with a trailing comma, one per line."""
    items = sorted([*call.args, *call.keywords], key=lambda n: (n.lineno, n.col_offset))
    if items:
        text = ctx.source.text
        last_end = ctx.span(items[-1])[1]
        close = ctx.span(call)[1] - 1
        between = text[last_end:close]
        comma = between.find(",")
        if comma != -1 and "\n" in between[comma:] and not between[:comma].strip():

            line_start = text.rfind("\n", 0, ctx.span(items[-1])[0]) + 1
            indent = text[line_start:ctx.span(items[-1])[0]]
            if not indent.strip():
                nl = newline_of(text)
                at = last_end + comma + 1
                return Edit(at, at, "".join(f"{nl}{indent}{k}," for k in keywords))
    return ctx.add_keyword(call, ", ".join(keywords))


def _cookie_setting_bad(ctx: CheckContext, name: str, value_expr: ast.AST) -> bool:
    if name not in _COOKIE_FLAG_SETTINGS:
        return False
    value = ctx.constant(value_expr)
    if value is ctx.UNKNOWN:
        return False
    if name.endswith("SAMESITE"):
        return value is None or (isinstance(value, str) and value.lower() == "none")
    return value is False or value == 0


def _cookie_setting_message(name: str) -> str:
    if name.endswith("SAMESITE"):
        return (f"{name} disables the SameSite protection: browsers send the cookie on cross-site requests, "
                "which re-opens CSRF. Use \"Lax\" (or \"Strict\").")
    flag = "HttpOnly" if name.endswith("HTTPONLY") else "Secure"
    risk = "JavaScript (an XSS payload) can read it" if flag == "HttpOnly" else "the browser sends it over plain HTTP"
    return f"{name} = False turns off the {flag} flag on this cookie: {risk}. Set it to True."


@check("PY-COOKIE-INSECURE", ast.Assign)
def cookie_settings_assign(node: ast.Assign, ctx: CheckContext) -> None:
    for target, value in assignment_pairs(node):
        key = target_key(target)
        if key is None or key[1] not in _COOKIE_FLAG_SETTINGS:
            continue
        kind, name = key
        if kind == "attr":
            continue
        if kind == "subscript":
            config = target.value
            if not (isinstance(config, ast.Attribute) and config.attr == "config"):
                continue
        if _cookie_setting_bad(ctx, name, value) and not dev_or_test_scope(ctx, node) and not _in_debug_branch(ctx, node):
            ctx.report(node if len(node.targets) == 1 else target, message=_cookie_setting_message(name))


def _cookie_settings_keywords(node: ast.Call, ctx: CheckContext) -> None:
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr in ("update", "from_mapping")) and ctx.call_name(node) != "dict":
        return
    for kw in node.keywords:
        if kw.arg and _cookie_setting_bad(ctx, kw.arg, kw.value) and not dev_or_test_scope(ctx, node):
            ctx.report(kw, message=_cookie_setting_message(kw.arg))


# ---------------------------------------------------------------------------
# PY-CSRF-DISABLED
# ---------------------------------------------------------------------------

_CSRF_EXEMPT = {"django.views.decorators.csrf.csrf_exempt"}
_CSRF_EXEMPT_LAST = frozenset(name.rsplit(".", 1)[-1] for name in _CSRF_EXEMPT)
_VERIFIES = re.compile(r"signature|compare_digest|construct_event|verify|validate_request|webhook", re.IGNORECASE)
_TOKEN_AUTH_HEADERS = re.compile(
    r"^(authorization|http_authorization|x-api-key|http_x_api_key|x-hub-signature(-256)?|http_x_hub_signature(_256)?|"
    r"stripe-signature|http_stripe_signature|x-signature|http_x_signature|x-slack-signature|http_x_slack_signature|"
    r"x-twilio-signature|http_x_twilio_signature)$",
    re.IGNORECASE,
)


def _authenticates_without_cookies(scope: ast.AST) -> bool:
    """The view verifies a signature or reads a token header: CSRF does not apply."""
    for sub in walk(scope):
        if isinstance(sub, ast.Call):
            func = sub.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if _VERIFIES.search(name):
                return True
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str) and _TOKEN_AUTH_HEADERS.match(sub.value):
            return True
    return False


def _is_csrfprotect(ctx: CheckContext, expr: ast.AST) -> bool:
    if isinstance(expr, ast.Name):
        found = ctx.info.lookup(expr)
        if found is not None:
            return any(isinstance(v, ast.Call) and ctx.call_name(v).endswith("CSRFProtect") for v in found[1])
    return False


def _decorated(ctx: CheckContext, node: ast.AST) -> ast.AST | None:
    """The function or class ``node`` decorates (directly or inside ``method_decorator(...)``)."""
    current = node
    for anc in ctx.ancestors(node):
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return anc if any(d is current for d in anc.decorator_list) else None
        if isinstance(anc, (ast.Call, ast.List, ast.Tuple)):
            current = anc
            continue
        return None
    return None


def _may_be_csrf_exempt(ctx: CheckContext, node: ast.AST) -> bool:
    """Whether ``node`` can resolve to csrf_exempt at all, without resolving it: this runs on every name and
    attribute.  ``x.attr`` resolves to a name ending in ``attr``; a name to its import (or itself)."""
    if isinstance(node, ast.Attribute):
        return node.attr in _CSRF_EXEMPT_LAST
    return isinstance(node, ast.Name) and ctx.info.aliases.get(node.id, node.id) in _CSRF_EXEMPT


@check("PY-CSRF-DISABLED", ast.Name, ast.Attribute)
def csrf_exempt(node: ast.AST, ctx: CheckContext) -> None:
    if isinstance(node, ast.Attribute) and node.attr == "exempt" and _is_csrfprotect(ctx, node.value):
        kind = "Flask-WTF csrf.exempt"
    elif _may_be_csrf_exempt(ctx, node) and ctx.qualname(node) in _CSRF_EXEMPT:
        kind = "csrf_exempt"
    else:
        return
    parent = ctx.parent(node)
    if isinstance(parent, ast.Attribute):
        return
    if isinstance(parent, (ast.ImportFrom, ast.Import)) or isinstance(ctx.parent(parent) if parent else None, ast.Import):
        return
    target = _decorated(ctx, node)
    if target is not None:
        if _authenticates_without_cookies(target):
            return
        decorators = " ".join(ctx.text(d) for d in getattr(target, "decorator_list", []))
        if re.search(r"Token|JWT|BasicAuthentication|HMAC|Signature|api_key|ApiKey", decorators):
            return  # a token-authenticated API: no cookies, no CSRF
    elif not (isinstance(parent, ast.Call) and (parent.func is node or node in parent.args)):
        return
    if dev_or_test_module(ctx):
        return
    ctx.report(
        node,
        message=f"{kind} turns off CSRF protection for this view: another site can make a logged-in user's browser "
        "submit it. Remove the exemption (send the CSRF token from the client), or authenticate the caller "
        "another way (verify a signature or a token header).",
    )


_CSRF_SETTINGS = {"WTF_CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT", "CSRF_ENABLED"}


@check("PY-CSRF-DISABLED", ast.Assign)
def csrf_settings(node: ast.Assign, ctx: CheckContext) -> None:
    for target, value in assignment_pairs(node):
        key = target_key(target)
        if key is None:
            continue
        kind, name = key
        if name == "csrf" and kind == "name" and ctx.constant(value) is False:
            cls = ctx.parent(node)
            if isinstance(cls, ast.ClassDef) and cls.name == "Meta" and (ctx.imports("flask_wtf") or ctx.imports("wtforms")):
                outer = ctx.parent(cls)
                if isinstance(outer, ast.ClassDef) and not dev_or_test_scope(ctx, outer):
                    ctx.report(node, message="class Meta: csrf = False turns off CSRF protection for this form. Remove it.")
            continue
        if name not in _CSRF_SETTINGS or kind == "attr":
            continue
        if kind == "subscript":
            config = target.value
            if not (isinstance(config, ast.Attribute) and config.attr == "config"):
                continue
        if ctx.constant(value) is False and not dev_or_test_scope(ctx, node):
            ctx.report(node, message=f"{name} = False turns off Flask-WTF's CSRF protection. Keep it on outside tests.")


@check("PY-CSRF-DISABLED", ast.Call)
def csrf_settings_call(node: ast.Call, ctx: CheckContext) -> None:
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in ("update", "from_mapping"):
        for kw in node.keywords:
            if kw.arg in _CSRF_SETTINGS and ctx.constant(kw.value) is False and not dev_or_test_scope(ctx, node):
                ctx.report(kw, message=f"{kw.arg}=False turns off Flask-WTF's CSRF protection. Keep it on outside tests.")
        return
    callee = (ctx.call_name(node) or "").rsplit(".", 1)[-1]
    if callee in ("view_config", "add_view", "view_defaults", "set_default_csrf_options", "add_route") and ctx.imports("pyramid"):
        # Pyramid: require_csrf=False on a view (or for every view) skips the CSRF token check
        required = ctx.keyword(node, "require_csrf")
        method = ctx.keyword(node, "request_method")
        methods = ctx.constant(method.value) if method is not None else None
        if isinstance(methods, str):
            methods = (methods,)
        if isinstance(methods, (list, tuple)) and methods and all(str(m).upper() in ("GET", "HEAD", "OPTIONS") for m in methods):
            return  # Pyramid checks the token only on unsafe methods anyway
        if required is not None and ctx.constant(required.value) is False and not dev_or_test_scope(ctx, node):
            scope = "every view" if callee == "set_default_csrf_options" else "this view"
            ctx.report(required, message=f"require_csrf=False turns off Pyramid's CSRF check for {scope}: another site can make a "
                       "logged-in user's browser submit it. Remove it and send the token (X-CSRF-Token header or csrf_token field).")
        return
    meta = ctx.keyword(node, "meta")
    if meta is not None and isinstance(meta.value, ast.Dict) and (ctx.imports("flask_wtf") or ctx.imports("wtforms")):
        for k, v in zip(meta.value.keys, meta.value.values):
            if ctx.constant(k) == "csrf" and ctx.constant(v) is False and not dev_or_test_scope(ctx, node):
                ctx.report(v, message='meta={"csrf": False} turns off CSRF protection for this form. Remove it.')


@check("PY-CSRF-DISABLED", ast.FunctionDef)
def csrf_enforce_override(node: ast.FunctionDef, ctx: CheckContext) -> None:
    if node.name != "enforce_csrf" or not isinstance(ctx.parent(node), ast.ClassDef):
        return
    body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if not body or len(body) > 1:
        return
    stmt = body[0]
    if isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Return) and (stmt.value is None or ctx.constant(stmt.value) is None)):
        ctx.report(
            stmt,
            message="enforce_csrf does nothing: Django REST framework's SessionAuthentication no longer checks the CSRF "
            "token, so any site can make a logged-in browser call this API. Remove the override.",
        )


@check("PY-CSRF-DISABLED", ast.Assign)
def csrf_middleware_missing(node: ast.Assign, ctx: CheckContext) -> None:
    name = _django_setting_statement(ctx, node, {"MIDDLEWARE", "MIDDLEWARE_CLASSES"})
    if name is None or len(module_assignments(ctx).get(name, [])) != 1:
        return
    value = ctx.constant(node.value)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        return
    if not any(v.endswith("SessionMiddleware") for v in value):
        return
    if any(v.endswith("CsrfViewMiddleware") for v in value):
        return
    if cached(ctx, "middleware_mutated", lambda c: any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
        and n.func.value.id in ("MIDDLEWARE", "MIDDLEWARE_CLASSES") for n in nodes_of(c.info, ast.Call))):
        return
    target = next(t for t in node.targets if isinstance(t, ast.Name) and t.id == name)
    ctx.report(
        target,
        message="MIDDLEWARE has sessions but no django.middleware.csrf.CsrfViewMiddleware: no view checks the CSRF "
        "token, so any site can submit forms as a logged-in user. Add the middleware back.",
    )


# ---------------------------------------------------------------------------
# PY-CORS-WILDCARD
# ---------------------------------------------------------------------------

_MATCH_ALL_REGEX = {".*", "^.*$", ".+", "^.+$", "^.*", ".*$", "(.*)", "^(.*)$", "https?://.*", "^https?://.*$", "^https://.*$", "https://.*"}


def _wildcard_origins(ctx: CheckContext, expr: ast.AST | None, default_wildcard: bool) -> bool | None:
    """True: any origin; False: a list; None: unknown."""
    if expr is None:
        return default_wildcard
    value = ctx.constant(expr)
    if value is ctx.UNKNOWN:
        return None
    items = value if isinstance(value, (list, tuple, set)) else [value]
    return any(isinstance(i, str) and (i.strip() == "*" or i.strip() in _MATCH_ALL_REGEX) for i in items)


def _report_cors(ctx: CheckContext, node: ast.AST, how: str) -> None:
    ctx.report(
        node,
        message=f"CORS {how}: any website can make a logged-in user's browser call this API and read the "
        "answer. List the allowed origins explicitly.",
    )


@check("PY-CORS-WILDCARD", ast.Call)
def cors_call(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if ctx.has_kwargs_splat(node):
        return
    if name in ("flask_cors.CORS", "flask_cors.cross_origin", "flask_cors.extension.CORS"):
        creds = ctx.keyword(node, "supports_credentials")
        origins = ctx.keyword(node, "origins")
        origins_expr = origins.value if origins else (ctx.argument(node, 0) if name.endswith("cross_origin") else None)
        resources = ctx.keyword(node, "resources")
        if resources is not None and isinstance(resources.value, ast.Dict):
            for options in resources.value.values:
                if not isinstance(options, ast.Dict):
                    continue
                opts = {ctx.constant(k): v for k, v in zip(options.keys, options.values) if k is not None}
                res_creds = opts.get("supports_credentials")
                has_creds = (res_creds is not None and ctx.is_true(res_creds)) or (creds is not None and ctx.is_true(creds.value))
                wild = _wildcard_origins(ctx, opts.get("origins", origins_expr), origins_expr is None)
                if has_creds and wild:
                    _report_cors(ctx, opts.get("origins") or (origins or creds or options), "allows every origin with credentials")
                    return
            return
        if creds is not None and ctx.is_true(creds.value) and _wildcard_origins(ctx, origins_expr, True):
            _report_cors(ctx, origins or creds, "allows every origin with supports_credentials=True (flask-cors then reflects the caller's Origin)")
        return
    if name in ("aiohttp_cors.ResourceOptions", "aiohttp_cors.resource_options.ResourceOptions"):
        # aiohttp-cors: {"*": ResourceOptions(allow_credentials=True)} answers every origin, with cookies
        creds = ctx.keyword(node, "allow_credentials")
        holder = ctx.parent(node)
        if creds is None or not ctx.is_true(creds.value) or not isinstance(holder, ast.Dict):
            return
        for key, value in zip(holder.keys, holder.values):
            if value is node and key is not None and ctx.constant(key) == "*":
                _report_cors(ctx, key, "allows every origin (\"*\") with allow_credentials=True (aiohttp-cors then echoes the caller's Origin)")
        return
    # Starlette / FastAPI CORSMiddleware
    middleware = None
    if isinstance(node.func, ast.Attribute) and node.func.attr == "add_middleware" and node.args or name.endswith("Middleware") and not name.endswith("CORSMiddleware") and node.args:
        middleware = node.args[0]
    elif name.endswith("CORSMiddleware"):
        middleware = node.func
    if middleware is None or not (ctx.qualname(middleware) or "").endswith("CORSMiddleware"):
        return
    creds = ctx.keyword(node, "allow_credentials")
    if creds is None or not ctx.is_true(creds.value):
        return
    for kw_name in ("allow_origins", "allow_origin_regex"):
        kw = ctx.keyword(node, kw_name)
        if kw is not None and _wildcard_origins(ctx, kw.value, False):
            _report_cors(ctx, kw, "allows every origin with allow_credentials=True (Starlette then reflects the caller's Origin)")
            return


_DJANGO_CORS_ALL = {"CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"}


@check("PY-CORS-WILDCARD", ast.Assign)
def cors_django_settings(node: ast.Assign, ctx: CheckContext) -> None:
    if not at_module_level(ctx, node) or dev_or_test_module(ctx):
        return
    names = [t.id for t in node.targets if isinstance(t, ast.Name)]
    if not names:
        return
    name = names[0]
    if name in _DJANGO_CORS_ALL:
        bad = ctx.is_true(node.value)
    elif name == "CORS_ALLOWED_ORIGIN_REGEXES" or name == "CORS_ORIGIN_REGEX_WHITELIST":
        bad = bool(_wildcard_origins(ctx, node.value, False))
    else:
        return
    if bad and module_constant(ctx, "CORS_ALLOW_CREDENTIALS") is True and not _in_debug_branch(ctx, node):
        _report_cors(ctx, node, f"allows every origin ({name}) together with CORS_ALLOW_CREDENTIALS = True")


_ACAO = "access-control-allow-origin"
_ACAC = "access-control-allow-credentials"


def _header_key(expr: ast.AST | None) -> str | None:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value.lower()
    return None


def _reads_origin_header(ctx: CheckContext, expr: ast.AST, depth: int = 0) -> bool:
    if depth > 3:
        return False
    for sub in walk(expr):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and sub.value.lower() in ("origin", "http_origin"):
            holder = ctx.parent(sub)
            if isinstance(holder, (ast.Subscript, ast.Call)):
                text = ctx.text(holder)
                if re.search(r"header|META|environ", text):
                    return True
        if isinstance(sub, ast.Name) and sub is not expr or (isinstance(expr, ast.Name) and sub is expr):
            found = ctx.info.lookup(sub)
            if found is not None:
                for value in found[1]:
                    if value is not None and value is not expr and _reads_origin_header(ctx, value, depth + 1):
                        return True
    return False


def _origin_validated(ctx: CheckContext, node: ast.AST, value: ast.AST) -> bool:
    """An ``if`` in the function compares or checks the reflected value (an allow-list)."""
    names = {n.id for n in walk(value) if isinstance(n, ast.Name)}
    scope = ctx.enclosing_function(node) or ctx.info.tree
    for sub in walk(scope):
        if isinstance(sub, (ast.If, ast.IfExp, ast.While, ast.Assert)):
            test = sub.test
            for t in walk(test):
                if isinstance(t, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn, ast.Eq, ast.NotEq)) for op in t.ops):
                    if any(isinstance(n, ast.Name) and n.id in names for n in walk(t)):
                        return True
                    if any(_reads_origin_header(ctx, side) for side in [t.left, *t.comparators]):
                        return True
                if isinstance(t, ast.Call) and any(isinstance(n, ast.Name) and n.id in names for a in t.args for n in walk(a)):
                    return True
    return False


def _credentials_true(ctx: CheckContext, node: ast.AST) -> bool:
    scope = ctx.enclosing_function(node) or ctx.info.tree
    for sub in walk(scope):
        pairs: list[tuple[ast.AST | None, ast.AST]] = []
        if isinstance(sub, ast.Assign):
            pairs = [(t.slice, sub.value) for t in sub.targets if isinstance(t, ast.Subscript)]
        elif isinstance(sub, ast.Dict):
            pairs = list(zip(sub.keys, sub.values))
        elif isinstance(sub, ast.Call) and len(sub.args) == 2 and isinstance(sub.func, ast.Attribute):
            pairs = [(sub.args[0], sub.args[1])]
        for key, value in pairs:
            if _header_key(key) == _ACAC:
                v = ctx.constant(value)
                if v is True or (isinstance(v, str) and v.lower() == "true"):
                    return True
    return False


def _check_acao(ctx: CheckContext, site: ast.AST, value: ast.AST) -> None:
    if ctx.constant(value) == "*":
        if _credentials_true(ctx, site):
            ctx.report(
                value,
                message="Access-Control-Allow-Origin: * is sent with Access-Control-Allow-Credentials: true: the API is "
                "meant to be read with the user's cookies by any site (browsers refuse the pair, and the usual "
                "workaround, reflecting Origin, trusts every site). List the allowed origins explicitly.",
            )
        return
    if _reads_origin_header(ctx, value) and not _origin_validated(ctx, site, value):
        ctx.report(
            value,
            message="Access-Control-Allow-Origin reflects the request's Origin header unchecked: every website is "
            "trusted, and with credentials it can read a logged-in user's data. Compare the origin with an allow-list first.",
        )


@check("PY-CORS-WILDCARD", ast.Assign, ast.Dict)
def cors_manual_headers(node: ast.AST, ctx: CheckContext) -> None:
    if isinstance(node, ast.Assign):
        for target in node.targets:
            if isinstance(target, ast.Subscript) and _header_key(target.slice) == _ACAO:
                _check_acao(ctx, node, node.value)
    else:
        for key, value in zip(node.keys, node.values):
            if _header_key(key) == _ACAO:
                _check_acao(ctx, node, value)


@check("PY-CORS-WILDCARD", ast.Call)
def cors_manual_header_call(node: ast.Call, ctx: CheckContext) -> None:
    func = node.func
    if (isinstance(func, ast.Attribute) and func.attr in ("add", "set", "add_header", "__setitem__", "setdefault", "append",
                                                          "set_header", "append_header")
            and len(node.args) == 2 and _header_key(node.args[0]) == _ACAO):
        _check_acao(ctx, node, node.args[1])


# ---------------------------------------------------------------------------
# PY-BIND-ALL-INTERFACES
# ---------------------------------------------------------------------------

_ALL_HOSTS = {"0.0.0.0", "::", "::0", "0:0:0:0:0:0:0:0", "[::]", "*"}
_TUPLE_SERVERS = {
    "HTTPServer", "ThreadingHTTPServer", "TCPServer", "UDPServer", "ThreadingTCPServer", "ThreadingUDPServer",
    "ForkingTCPServer", "ForkingUDPServer", "SimpleXMLRPCServer", "DocXMLRPCServer", "WSGIServer", "StreamServer",
    "create_server", "bind", "ThreadedWSGIServer", "BaseWSGIServer",
}
_HOST_KW_CALLS = {"run", "run_app", "serve", "run_server", "run_simple", "make_server", "Config", "TCPSite",
                  "start_server", "create_server", "listen", "WSGIServer", "Server"}
_POSITIONAL_HOST = {"run": 0, "run_server": 0, "run_simple": 0, "make_server": 0, "TCPSite": 1, "start_server": 1, "create_server": 1, "listen": 1}


def _all_interfaces(ctx: CheckContext, expr: ast.AST | None, allow_empty: bool) -> bool:
    if expr is None:
        return False
    value = ctx.constant(expr)
    if not isinstance(value, str):
        return False
    value = value.strip()
    if value in _ALL_HOSTS and value != "*":
        return True
    if allow_empty and value == "":
        return True
    return ":" in value and value.rsplit(":", 1)[0] in ("0.0.0.0", "[::]") and value.rsplit(":", 1)[1].isdigit()


def _literal_origin(ctx: CheckContext, expr: ast.AST) -> ast.AST | None:
    """The literal a name is bound to (once), to report where the value is chosen."""
    if isinstance(expr, ast.keyword):
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    found = ctx.info.lookup(expr)
    if found is None:
        return None
    scope, values = found
    if len(values) == 1 and isinstance(values[0], ast.Constant) and expr.id not in scope.params:
        return values[0]
    return None


def _bound_tuple_host(ctx: CheckContext, expr: ast.AST) -> ast.AST | None:
    """``server_address = ("", 8000)``: the host element where the tuple is written."""
    if not isinstance(expr, ast.Name):
        return None
    found = ctx.info.lookup(expr)
    if found is None or len(found[1]) != 1:
        return None
    value = found[1][0]
    if isinstance(value, (ast.Tuple, ast.List)) and value.elts:
        return value.elts[0]
    return None


def _report_bind(ctx: CheckContext, node: ast.AST, value: Any = None) -> None:
    origin = _literal_origin(ctx, node)
    related = ()
    if origin is not None:

        start, end = ctx.span(node)
        related = (Related(start, end, "the server binds to it here"),)
        node = origin
    ctx.report(
        node,
        related=related,
        message="The server listens on every network interface, so anyone who can reach this machine can reach it. "
        "Bind to 127.0.0.1 (or take the address from configuration) unless it must be public.",
    )


@check("PY-BIND-ALL-INTERFACES", ast.Call)
def bind_all(node: ast.Call, ctx: CheckContext) -> None:
    if ctx.is_test_module:
        return
    name = ctx.call_name(node)
    last = name.rsplit(".", 1)[-1] if name else (node.func.attr if isinstance(node.func, ast.Attribute) else "")
    if not last:
        return
    if last in _TUPLE_SERVERS and node.args:
        address = node.args[0]
        if isinstance(address, (ast.Tuple, ast.List)) and address.elts:
            host = address.elts[0]
            if _all_interfaces(ctx, host, allow_empty=True):
                _report_bind(ctx, host)
                return
        else:
            value = ctx.constant(address)
            if isinstance(value, (tuple, list)) and value and isinstance(value[0], str):
                if value[0] in _ALL_HOSTS or value[0] == "":
                    _report_bind(ctx, _bound_tuple_host(ctx, address) or address)
                    return
            elif last in ("WSGIServer", "StreamServer") and _all_interfaces(ctx, address, allow_empty=False):
                _report_bind(ctx, address)
                return
    if last in _HOST_KW_CALLS:
        for kw_name in ("host", "address", "hostname", "listen", "bind", "interface"):
            kw = ctx.keyword(node, kw_name)
            if kw is None:
                continue
            values = kw.value.elts if isinstance(kw.value, (ast.List, ast.Tuple)) else [kw.value]
            if any(_all_interfaces(ctx, v, allow_empty=False) for v in values):
                _report_bind(ctx, kw)
                return
        position = _POSITIONAL_HOST.get(last)
        if position is not None and position < len(node.args):
            host = node.args[position]
            if _all_interfaces(ctx, host, allow_empty=False):
                _report_bind(ctx, host)


@check("PY-BIND-ALL-INTERFACES", ast.Assign)
def bind_all_config(node: ast.Assign, ctx: CheckContext) -> None:
    """``config.bind = ["0.0.0.0:8000"]`` (Hypercorn) and ``bind = "0.0.0.0:8000"`` in gunicorn.conf.py."""
    for target in node.targets:
        if isinstance(target, ast.Attribute) and target.attr == "bind" or isinstance(target, ast.Name) and target.id == "bind" and ctx.path and "gunicorn" in PurePath(ctx.path).name:
            pass
        else:
            continue
        values = node.value.elts if isinstance(node.value, (ast.List, ast.Tuple)) else [node.value]
        for v in values:
            value = ctx.constant(v)
            if isinstance(value, str) and ":" in value and _all_interfaces(ctx, v, allow_empty=False):
                _report_bind(ctx, v)
                return


# ---------------------------------------------------------------------------
# PY-FILE-PERMISSIONS
# ---------------------------------------------------------------------------

_EXTRA_STAT = {"stat.S_IREAD": 0o400, "stat.S_IWRITE": 0o200, "stat.S_IEXEC": 0o100}
_SENSITIVE_PATH_WORDS = {
    "key", "keys", "keyfile", "keystore", "privkey", "apikey", "pkey", "sshkey", "keypair", "secret", "secrets",
    "token", "tokens", "cred", "creds", "credential", "credentials", "password", "passwords", "passwd", "pem", "rsa",
    "ssh", "env", "shadow", "htpasswd", "netrc", "pgpass", "backup", "backups", "dump", "sql", "p12", "pfx", "kdbx",
    "private", "wallet", "vault", "id", "ed25519", "ecdsa", "dsa",
}


def _sensitive_path(text: str) -> bool:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    words = [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]
    hits = [w for w in words if w in _SENSITIVE_PATH_WORDS]
    return bool(hits) and hits != ["id"]


def _mode_bits(ctx: CheckContext, expr: ast.AST | None) -> int | None:
    """The permission bits a mode expression certainly sets (``st.st_mode | stat.S_IWOTH`` -> 0o002)."""
    if expr is None:
        return None
    value = ctx.constant(expr)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    qual = ctx.qualname(expr)
    if qual in _EXTRA_STAT:
        return _EXTRA_STAT[qual]
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
        left = _mode_bits(ctx, expr.left)
        right = _mode_bits(ctx, expr.right)
        if left is None and right is None:
            return None
        return (left or 0) | (right or 0)
    return None


def _report_mode(ctx: CheckContext, mode_expr: ast.AST, path_expr: ast.AST | None, umask: bool = False) -> None:
    bits = _mode_bits(ctx, mode_expr)
    if bits is None:
        return
    exact = isinstance(ctx.constant(mode_expr), int)
    shown = f"0o{bits & 0o7777:03o}"
    if umask:
        if exact and bits & 0o002 == 0:
            ctx.report(
                mode_expr,
                message=f"os.umask({shown}) lets every file this process creates afterwards be writable by all "
                "users. Use a umask of 0o022 or stricter (0o077 for private files).",
            )
        return
    what = f"Mode {shown}" if exact else "This mode adds write permission for others (S_IWOTH) and"
    if bits & 0o002:
        ctx.report(
            mode_expr,
            message=f"{what} makes the file writable by every user on the machine: another account "
            "can replace its contents. Use 0o644 / 0o755 (or 0o600 / 0o700 for private files).",
        )
        return
    if exact and bits & 0o004 and path_expr is not None:
        path_value = ctx.constant(path_expr)
        path_text = path_value if isinstance(path_value, str) else ctx.text(path_expr)
        if _sensitive_path(path_text):
            ctx.report(
                mode_expr,
                message=f"Mode {shown} makes this key/credential file readable by every user on the "
                "machine. Use 0o600.",
            )


_CHMOD_COMMAND = re.compile(r"\bchmod\s+(?:-[A-Za-z]+\s+)*(\d{3,4}|[ugoa]*[+=][rwxXst]*)(?=\s|$)")


def _reads_umask(node: ast.Call, ctx: CheckContext) -> bool:
    """``old = os.umask(0); os.umask(old)``: the idiom that reads the current umask."""
    parent = ctx.parent(node)
    target = None
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
        target = parent.targets[0].id
    elif isinstance(parent, ast.NamedExpr):
        target = parent.target.id
    if target is None:
        return False
    scope = ctx.enclosing_function(node) or ctx.info.tree
    for sub in walk(scope):
        if (isinstance(sub, ast.Call) and sub is not node and (ctx.call_name(sub) or "").endswith("umask") and sub.args
                and any(isinstance(n, ast.Name) and n.id == target for n in walk(sub.args[0]))):
            return True
    return False


def _command_chmod_mode(command: str) -> str | None:
    match = _CHMOD_COMMAND.search(command)
    if match is None:
        return None
    mode = match.group(1)
    if mode.isdigit():
        return mode if int(mode[-1]) & 0o2 else None
    who, _, perms = re.split(r"([+=])", mode, maxsplit=1) if re.search(r"[+=]", mode) else (mode, "", "")
    if "w" in perms and (("o" in who) or ("a" in who)):
        return mode
    return None


@check("PY-FILE-PERMISSIONS", ast.Call)
def file_permissions(node: ast.Call, ctx: CheckContext) -> None:
    if ctx.is_test_module:
        return
    name = ctx.call_name(node)
    if name in ("os.chmod", "os.lchmod"):
        mode = ctx.argument(node, 1, "mode")
        if mode is not None:
            _report_mode(ctx, mode, ctx.argument(node, 0, "path"))
        return
    if name == "os.fchmod":
        mode = ctx.argument(node, 1, "mode")
        if mode is not None:
            _report_mode(ctx, mode, None)
        return
    if name == "os.umask":
        mask = ctx.argument(node, 0, "mask")
        if mask is not None and not _reads_umask(node, ctx):
            _report_mode(ctx, mask, None, umask=True)
        return
    if isinstance(node.func, ast.Attribute) and node.func.attr == "chmod" and not name.startswith("os."):
        if len(node.args) >= 2:
            mode, path = node.args[1], node.args[0]
        else:
            mode, path = ctx.argument(node, 0, "mode"), node.func.value
        if mode is not None:
            _report_mode(ctx, mode, path)
        return
    if name in ("os.system", "os.popen", "subprocess.run", "subprocess.call", "subprocess.check_call",
                "subprocess.check_output", "subprocess.Popen", "subprocess.getoutput", "subprocess.getstatusoutput"):
        command = ctx.argument(node, 0, "args") or ctx.argument(node, 0, "cmd") or ctx.argument(node, 0, "command")
        if isinstance(command, (ast.List, ast.Tuple)):
            parts = [ctx.constant(e) for e in command.elts]
            value = " ".join(str(p) if isinstance(p, (str, int)) else "ARG" for p in parts)
        else:
            value = ctx.constant(command)
            if isinstance(value, (list, tuple)):
                value = " ".join(str(v) for v in value)
        if isinstance(value, str) and "chmod" in value:
            mode = _command_chmod_mode(value)
            if mode:
                ctx.report(
                    command,
                    message=f"chmod {mode} makes files writable by every user on the machine. Use 755/644 "
                    "(or 700/600 for private files).",
                )


# ---------------------------------------------------------------------------
# PY-TEMPFILE-MKTEMP
# ---------------------------------------------------------------------------

_NO_FIX_USES = re.compile(r"(^|\.)(mkdir|makedirs|mkfifo|mknod|bind|copytree|symlink|link|symlink_to|exists|isfile|lexists|"
                          r"open_db|dbm\.open|shelve\.open|move|rename|replace)$")


def _names_in(scope: ast.AST) -> set[str]:
    names = set()
    for sub in walk(scope):
        if isinstance(sub, ast.Name):
            names.add(sub.id)
        elif isinstance(sub, ast.arg):
            names.add(sub.arg)
    return names


def _used_as_free_name(ctx: CheckContext, scope: ast.AST, target: ast.AST) -> bool:
    """Later code relies on the path not existing yet (mkdir, bind a socket, os.path.exists...)."""
    wanted = ctx.text(target)
    for sub in walk(scope):
        if isinstance(sub, ast.Call):
            args = [*sub.args, *(k.value for k in sub.keywords)]
            name = ctx.call_name(sub)
            receiver_is_target = isinstance(sub.func, ast.Attribute) and any(
                ctx.text(n) == wanted for n in walk(sub.func.value) if isinstance(n, (ast.Name, ast.Attribute)))
            mentions = any(ctx.text(n) == wanted for a in args for n in walk(a) if isinstance(n, (ast.Name, ast.Attribute)))
            if (mentions or receiver_is_target) and _NO_FIX_USES.search(name or ""):
                return True
    return False


def _mktemp_fix(node: ast.Call, ctx: CheckContext):
    stmt = ctx.parent(node)
    if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1 or stmt.value is not node:
        return None
    target = stmt.targets[0]
    if not isinstance(target, (ast.Name, ast.Attribute)):
        return None
    if any(isinstance(a, ast.Starred) for a in node.args) or ctx.has_kwargs_splat(node):
        return None
    text = ctx.source.text
    start, end = ctx.span(stmt)
    line_start = text.rfind("\n", 0, start) + 1
    indent = text[line_start:start]
    if indent.strip():
        return None  # shares its line with other code
    line_end = len(text)
    for sep in ("\r\n", "\n", "\r"):
        pos = text.find(sep, end)
        if pos != -1:
            line_end = min(line_end, pos)
    rest = text[end:line_end].strip()
    if rest and not rest.startswith("#"):
        return None
    scope = ctx.enclosing_function(stmt) or ctx.info.tree
    if _used_as_free_name(ctx, scope, target):
        return None
    taken = _names_in(scope)
    fd = next(n for n in ("fd", "tmp_fd", "temp_fd", "fd_", "fd2", "fd3", "tmpfile_fd") if n not in taken)
    tempfile_ref, tempfile_import = ctx.module_reference("tempfile")
    os_ref, os_import = ctx.module_reference("os")

    nl = newline_of(text)
    insert_at = line_end
    return ctx.fix(
        "Use tempfile.mkstemp (creates the file securely)",
        ctx.replace(target, f"{fd}, {ctx.text(target)}"),
        ctx.replace(node.func, f"{tempfile_ref}.mkstemp"),
        Edit(insert_at, insert_at, f"{nl}{indent}{os_ref}.close({fd})"),
        tempfile_import,
        os_import,
    )


@check("PY-TEMPFILE-MKTEMP", ast.Call)
def tempfile_mktemp(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if name in ("os.tempnam", "os.tmpnam"):
        ctx.report(node, message=f"{name}() returns a file name that another process can create first (a symlink "
                   "attack). Use tempfile.mkstemp() or tempfile.NamedTemporaryFile().")
        return
    if name != "tempfile.mktemp":
        return
    ctx.report(node, fix=_mktemp_fix(node, ctx))


# ---------------------------------------------------------------------------
# PY-TEMPFILE-HARDCODED
# ---------------------------------------------------------------------------

_TMP_DIRS = ("/tmp", "/var/tmp", "/dev/shm")
_PATH_CLASSES = {"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "Path", "PurePath", "PosixPath"}


def _tmp_literal(text: str) -> bool:
    return any(text == d or text.startswith(d + "/") for d in _TMP_DIRS)


_RANDOM_NAME = re.compile(r"(^|\.)(uuid[14]|token_hex|token_urlsafe|urandom|mkdtemp|mkstemp|gettempdir|getrandbits)$")


def _unpredictable(ctx: CheckContext, expr: ast.AST) -> bool:
    """The path contains a random part (uuid4(), secrets.token_hex()...): nobody can create it first."""
    return any(isinstance(n, ast.Call) and _RANDOM_NAME.search(ctx.call_name(n) or "") for n in walk(expr))


def tmp_path(ctx: CheckContext, expr: ast.AST | None) -> ast.AST | None:
    """Where a path under a shared temp directory is written in the code, if ``expr`` is one:
    "/tmp/x", f"/tmp/{n}", os.path.join("/tmp", n), Path("/tmp") / n, or a name bound to one (then the
    literal at the name's definition, so the finding sits where the path is chosen)."""
    found = _tmp_origin(ctx, expr, 0)
    if found is None or _unpredictable(ctx, found[0]) or (expr is not None and _unpredictable(ctx, expr)):
        return None
    return found[0]


def _tmp_origin(ctx: CheckContext, expr: ast.AST | None, depth: int) -> tuple[ast.AST, bool] | None:
    """(node to report, whether it names a file rather than the bare temp directory)."""
    if expr is None or depth > 6:
        return None
    if isinstance(expr, ast.Name):
        found = ctx.info.lookup(expr)
        if found is None:
            return None
        scope, values = found
        if len(values) != 1 or values[0] is None or expr.id in scope.params:
            return None
        inner = _tmp_origin(ctx, values[0], depth + 1)
        if inner is None:
            return None
        return inner if inner[1] else (expr, False)
    shape = ctx.string_shape(expr)
    if shape is not None:
        if not shape.is_dynamic:
            text = shape.literal
            if text in _TMP_DIRS or text.rstrip("/") in _TMP_DIRS:
                return expr, False
            return (expr, True) if _tmp_literal(text) else None
        return (expr, True) if any(shape.prefix.startswith(d + "/") for d in _TMP_DIRS) else None
    if isinstance(expr, ast.Call):
        name = ctx.call_name(expr)
        base: ast.AST | None = None
        if name.endswith(".joinpath") and isinstance(expr.func, ast.Attribute):
            base = expr.func.value
        elif name in ("os.path.join", "posixpath.join") or name in _PATH_CLASSES:
            base = expr.args[0] if expr.args else None
            if name in _PATH_CLASSES and len(expr.args) == 1:
                inner = _tmp_origin(ctx, base, depth + 1)
                return inner
        elif isinstance(expr.func, ast.Attribute) and expr.func.attr in ("with_suffix", "with_name", "resolve", "absolute", "expanduser"):
            inner = _tmp_origin(ctx, expr.func.value, depth + 1)
            return inner
        inner = _tmp_origin(ctx, base, depth + 1) if base is not None else None
        return (expr, True) if inner is not None else None
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):
        inner = _tmp_origin(ctx, expr.left, depth + 1)
        return (expr, True) if inner is not None else None
    return None


_WRITE_MODE = re.compile(r"[wax+]")
_OPEN_FUNCS = {"open", "builtins.open", "io.open", "codecs.open", "gzip.open", "bz2.open", "lzma.open", "os.fdopen"}
# call name -> (position, keyword) of the written path
_DEST_ARG = {
    "shutil.copy": (1, "dst"), "shutil.copy2": (1, "dst"), "shutil.copyfile": (1, "dst"), "shutil.copytree": (1, "dst"),
    "shutil.move": (1, "dst"), "os.rename": (1, "dst"), "os.replace": (1, "dst"), "os.symlink": (1, "dst"),
    "os.link": (1, "dst"), "os.makedirs": (0, "name"), "os.mkdir": (0, "path"), "os.mkfifo": (0, "path"),
    "logging.FileHandler": (0, "filename"), "logging.handlers.RotatingFileHandler": (0, "filename"),
    "logging.handlers.TimedRotatingFileHandler": (0, "filename"), "logging.handlers.WatchedFileHandler": (0, "filename"),
    "logging.basicConfig": (None, "filename"), "urllib.request.urlretrieve": (1, "filename"),
    "sqlite3.connect": (0, "database"), "shelve.open": (0, "filename"), "numpy.save": (0, "file"),
    "numpy.savez": (0, "file"), "numpy.savetxt": (0, "fname"), "torch.save": (1, "f"),
    "joblib.dump": (1, "filename"), "matplotlib.pyplot.savefig": (0, "fname"),
}
_DEST_METHODS = {"to_csv": (0, "path_or_buf"), "to_json": (0, "path_or_buf"), "to_excel": (0, "excel_writer"),
                 "to_parquet": (0, "path"), "to_pickle": (0, "path"), "to_feather": (0, "path"), "savefig": (0, "fname"),
                 "save": (0, "fp"), "download_file": (2, "Filename"), "extractall": (0, "path"), "extract": (1, "path")}
_PATH_WRITE_METHODS = {"write_text", "write_bytes", "touch", "mkdir", "symlink_to", "hardlink_to"}
_ARCHIVE_OPEN = {"tarfile.open": (0, "name", 1, "mode"), "zipfile.ZipFile": (0, "file", 1, "mode")}


def _inside(node: ast.AST, outer: ast.AST) -> bool:
    return any(n is node for n in walk(outer))


def _report_tmp(ctx: CheckContext, expr: ast.AST, use: ast.AST | None = None) -> None:
    related = ()
    if use is not None and expr is not use and not _inside(expr, use):

        start, end = ctx.span(use)
        related = (Related(start, end, "the file is created or written here"),)
    ctx.report(
        expr,
        related=related,
        message="A fixed path in a shared temp directory: another local user can create it first (or plant a "
        "symlink there) and make the program overwrite or read the wrong file. Use tempfile.mkstemp(), "
        "NamedTemporaryFile() or TemporaryDirectory().",
    )


@check("PY-TEMPFILE-HARDCODED", ast.Call)
def tempfile_hardcoded(node: ast.Call, ctx: CheckContext) -> None:
    if dev_or_test_module(ctx):
        return
    path = _written_path(node, ctx)
    if path is None:
        return
    origin = tmp_path(ctx, path)
    if origin is not None:
        _report_tmp(ctx, origin, use=path)


def _written_path(node: ast.Call, ctx: CheckContext) -> ast.AST | None:
    """The path a call creates or writes, if it is a file-creating call."""
    name = ctx.call_name(node)
    func = node.func
    if name in _OPEN_FUNCS and name != "os.fdopen":
        mode = ctx.argument(node, 1, "mode")
        mode_value = ctx.constant(mode) if mode is not None else "r"
        if isinstance(mode_value, str) and _WRITE_MODE.search(mode_value):
            return ctx.argument(node, 0, "file") or ctx.argument(node, 0, "filename")
        return None
    if name == "os.open":
        flags = ctx.argument(node, 1, "flags")
        if flags is None:
            return None
        names = {(ctx.qualname(n) or "").rsplit(".", 1)[-1] for n in walk(flags) if isinstance(n, (ast.Attribute, ast.Name))}
        if names & {"O_CREAT", "O_WRONLY", "O_RDWR", "O_APPEND", "O_TRUNC"} and "O_EXCL" not in names:
            return ctx.argument(node, 0, "path")
        return None
    if name in _ARCHIVE_OPEN:
        pos, kw, mpos, mkw = _ARCHIVE_OPEN[name]
        mode = ctx.constant(ctx.argument(node, mpos, mkw))
        if isinstance(mode, str) and re.match(r"[wax]", mode):
            return ctx.argument(node, pos, kw)
        return None
    if name in _DEST_ARG:
        pos, kw = _DEST_ARG[name]
        return ctx.argument(node, pos, kw)
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr in _PATH_WRITE_METHODS or (func.attr == "open" and not name.startswith(("os.", "io."))):
        receiver = func.value
        if not isinstance(receiver, (ast.Call, ast.BinOp, ast.Name)):
            return None
        if func.attr == "open":
            mode = ctx.constant(ctx.argument(node, 0, "mode"))
            if not (isinstance(mode, str) and _WRITE_MODE.search(mode)):
                return None
        return receiver
    if func.attr in _DEST_METHODS and not name.startswith(("os.", "shutil.")):
        pos, kw = _DEST_METHODS[func.attr]
        return ctx.argument(node, pos, kw)
    return None

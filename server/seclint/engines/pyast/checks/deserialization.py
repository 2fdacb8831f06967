"""Unsafe deserialisation: YAML loaders that build objects, pickle and friends, torch.load."""

from __future__ import annotations

import ast

from ..context import CheckContext
from ..registry import check
from ..walk import walk
from .misc import trusted_input

_SAFE_YAML_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}
_UNSAFE_YAML = {"yaml.unsafe_load": "safe_load", "yaml.unsafe_load_all": "safe_load_all",
                "yaml.full_load": "safe_load", "yaml.full_load_all": "safe_load_all"}


@check("PY-DESERIAL-YAML", ast.Call)
def yaml_load(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if name in ("yaml.load", "yaml.load_all"):
        loader = ctx.argument(node, 1, "Loader")
        if loader is not None:
            loader_name = (ctx.qualname(loader) or "").rsplit(".", 1)[-1]
            if loader_name in _SAFE_YAML_LOADERS:
                return
            if ctx.qualname(loader) is None or loader_name not in ("Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"):
                return  # a custom loader class: we cannot tell what it constructs
        safe_name = "safe_load" if name == "yaml.load" else "safe_load_all"
    elif name in _UNSAFE_YAML:
        safe_name = _UNSAFE_YAML[name]
    else:
        return
    stream = ctx.argument(node, 0, "stream")
    fix = None
    if stream is not None and not ctx.has_kwargs_splat(node):
        module, import_edit = ctx.module_reference("yaml")
        fix = ctx.fix(f"Use yaml.{safe_name}", ctx.replace(node, f"{module}.{safe_name}({ctx.text(stream)})"), import_edit)
    ctx.report(node, fix=fix)


# -- pickle and the libraries built on it ------------------------------------------------

# resolved name -> what to call it in messages
_PICKLE_LOADERS = {
    **{f"{m}.{f}": f"{m}.{f}" for m in ("pickle", "cPickle", "_pickle", "pickle5", "six.moves.cPickle", "dill", "cloudpickle")
       for f in ("load", "loads", "Unpickler")},
    "dill.load_session": "dill.load_session",
    "dill.load_module": "dill.load_module",
    "jsonpickle.decode": "jsonpickle.decode",
    "jsonpickle.unpickler.decode": "jsonpickle.decode",
    "jsonpickle.unpickler.Unpickler": "jsonpickle.Unpickler",
    "shelve.open": "shelve.open",
    "shelve.DbfilenameShelf": "shelve.DbfilenameShelf",
    "pandas.read_pickle": "pandas.read_pickle",
    "pandas.io.pickle.read_pickle": "pandas.read_pickle",
    "joblib.load": "joblib.load",
    "sklearn.externals.joblib.load": "joblib.load",
    "multiprocessing.reduction.ForkingPickler.loads": "ForkingPickler.loads",
}
_PICKLE_DUMPERS = {"dumps", "dump"}
# Authenticated decryption: what comes out was produced by someone holding the key.
_AEAD_TYPES = {"Fernet", "MultiFernet", "AESGCM", "AESCCM", "AESSIV", "AESOCB3", "ChaCha20Poly1305", "AESGCMSIV"}
_VERIFIED_METHODS = {"unsign", "decrypt_and_verify", "verify_and_decrypt"}


def _bound_once(ctx: CheckContext, expr: ast.AST | None) -> ast.AST | None:
    """A local name followed to the single expression assigned to it (None if it is not that simple)."""
    if not isinstance(expr, ast.Name):
        return expr
    found = ctx.info.lookup(expr)
    if found is None:
        return None
    scope, values = found
    if len(values) != 1 or expr.id in scope.params:
        return None
    return values[0]


def _produced_here(ctx: CheckContext, data: ast.AST | None, depth: int = 0) -> bool:
    """``data`` was pickled by this code a moment ago (deep-copy idiom) or comes out of a signature check."""
    if data is None or depth > 4:
        return False
    value = _bound_once(ctx, data)
    if value is not data:
        return _produced_here(ctx, value, depth + 1)
    if not isinstance(data, ast.Call):
        return False
    name = ctx.call_name(data)
    method = ctx.method_name(data) or name.rsplit(".", 1)[-1]
    if method in _PICKLE_DUMPERS and name.rsplit(".", 1)[0] in {k.rsplit(".", 1)[0] for k in _PICKLE_LOADERS}:
        return True
    if method in _VERIFIED_METHODS:
        return True
    if method == "decrypt" and isinstance(data.func, ast.Attribute):
        receiver = _bound_once(ctx, data.func.value)
        if isinstance(receiver, ast.Call):
            receiver_name = ctx.call_name(receiver).rsplit(".", 1)[-1]
            return receiver_name in _AEAD_TYPES
    # base64.b64decode(signer.unsign(token)) and the like
    if name in ("base64.b64decode", "base64.urlsafe_b64decode", "zlib.decompress", "gzip.decompress") and data.args:
        return _produced_here(ctx, data.args[0], depth + 1)
    return False


def _verified_before(node: ast.AST, ctx: CheckContext) -> bool:
    """An HMAC / signature comparison guards this call: ``if not hmac.compare_digest(...): abort(...)``."""
    func = ctx.enclosing_function(node)
    if func is None:
        return False
    lines = ctx.memo(_verify_lines, func)
    return any(line <= node.lineno for line in lines)


def _verify_lines(ctx: CheckContext, func: ast.AST) -> list[int]:
    """Lines of the HMAC / signature comparisons in ``func``."""
    lines: list[int] = []
    for sub in walk(func):
        if not isinstance(sub, ast.Call):
            continue
        name = ctx.call_name(sub)
        if name in ("hmac.compare_digest", "secrets.compare_digest"):
            lines.append(sub.lineno)
        elif ctx.method_name(sub) == "verify" and isinstance(sub.func, ast.Attribute):
            receiver = _bound_once(ctx, sub.func.value)
            if isinstance(receiver, ast.Call) and "hmac" in ctx.call_name(receiver).lower():
                lines.append(sub.lineno)  # cryptography's hmac.HMAC(...).verify(signature)
    return lines


def _taint_of(ctx: CheckContext, expr: ast.AST | None):
    if expr is None:
        return None
    try:
        return ctx.taint(expr, "code")
    except RecursionError:
        return None


@check("PY-DESERIAL-PICKLE", ast.Call)
def pickle_load(node: ast.Call, ctx: CheckContext) -> None:
    label = _PICKLE_LOADERS.get(ctx.call_name(node))
    if label is None:
        return
    data = ctx.argument(node, 0, None)
    if data is None:
        for kw in ("data", "file", "string", "filepath_or_buffer", "filename", "fp", "filepath"):
            data = ctx.argument(node, None, kw)
            if data is not None:
                break
    if _produced_here(ctx, data) or _verified_before(node, ctx) or trusted_input(ctx, data):
        return  # (a literal path: a file shipped with the program, as trusted as its code)
    source = _taint_of(ctx, data)
    message = None
    if source is not None:
        message = (
            f"{label} deserialises data from the HTTP request: a crafted pickle runs any code on the server. "
            "Accept JSON instead (json.loads), or verify an HMAC of the bytes before unpickling."
        )
    ctx.report(node, message=message, related=ctx.related(source))


@check("PY-DESERIAL-MARSHAL", ast.Call)
def marshal_load(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if name not in ("marshal.load", "marshal.loads"):
        return
    data = ctx.argument(node, 0, None)
    if isinstance(data, ast.Call) and ctx.call_name(data) in ("marshal.dumps", "marshal.dump"):
        return
    value = _bound_once(ctx, data) if isinstance(data, ast.Name) else None
    if isinstance(value, ast.Call) and ctx.call_name(value) == "marshal.dumps":
        return
    if _verified_before(node, ctx) or trusted_input(ctx, data):
        return
    source = _taint_of(ctx, data)
    message = None
    if source is not None:
        message = (
            f"{name} on data from the HTTP request: marshal is not safe against malformed or malicious data "
            "and can build code objects. Exchange data as JSON instead."
        )
    ctx.report(node, message=message, related=ctx.related(source))


# -- numpy.load(allow_pickle=True) ---------------------------------------------------------

@check("PY-DESERIAL-NUMPY", ast.Call)
def numpy_allow_pickle(node: ast.Call, ctx: CheckContext) -> None:
    if ctx.call_name(node) not in ("numpy.load", "numpy.lib.npyio.load"):
        return
    keyword = ctx.keyword(node, "allow_pickle")
    # numpy.load(file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding='ASCII')
    target: ast.AST | None = keyword
    value = keyword.value if keyword is not None else ctx.argument(node, 2, None)
    if keyword is None:
        target = value
    if value is None or not ctx.is_true(value):
        return
    file = ctx.argument(node, 0, "file")
    if trusted_input(ctx, file):
        return  # a file shipped with the program
    source = _taint_of(ctx, file)
    message = None
    if source is not None:
        message = (
            "numpy.load with allow_pickle=True on data from the HTTP request: an object array in the file is "
            "unpickled and runs code. Accept numeric arrays only (allow_pickle=False) or another format."
        )
    ctx.report(target, message=message, related=ctx.related(source))


# -- torch.load ----------------------------------------------------------------------------

@check("PY-DESERIAL-TORCH", ast.Call)
def torch_load(node: ast.Call, ctx: CheckContext) -> None:
    if ctx.call_name(node) not in ("torch.load", "torch.serialization.load"):
        return
    keyword = ctx.keyword(node, "weights_only")
    if keyword is None:
        if ctx.has_kwargs_splat(node):
            return
        if any(isinstance(a, ast.Starred) for a in node.args):
            return
        # torch.load(f, map_location, pickle_module, *, weights_only, ...): PyTorch refuses
        # weights_only together with an explicit pickle_module, so no fix there.
        if len(node.args) >= 3 or ctx.keyword(node, "pickle_module") is not None:
            ctx.report(node)
            return
        ctx.report(node, fix=ctx.fix("Add weights_only=True", ctx.add_keyword(node, "weights_only=True")))
        return
    if ctx.is_constant(keyword.value) and not ctx.constant(keyword.value):
        ctx.report(keyword, message=(
            "torch.load with weights_only=False unpickles arbitrary Python objects: a crafted checkpoint runs "
            "code when loaded. Use weights_only=True (allow-list extra classes with torch.serialization.add_safe_globals)."
        ), fix=ctx.fix("Set weights_only=True", ctx.replace(keyword.value, "True"), safe=False))


# -- Celery / kombu configured to accept pickle ---------------------------------------------

# Settings that choose how task messages and results are (de)serialised: new lower-case names,
# the old CELERY_* ones (also Django's CELERY namespace). Compared lower-cased.
_CELERY_SETTINGS = {
    "task_serializer", "result_serializer", "accept_content", "result_accept_content", "event_serializer",
    "celery_task_serializer", "celery_result_serializer", "celery_accept_content", "celery_result_accept_content",
    "celery_event_serializer", "celery_task_result_serializer",
}
# kombu's names for the pickle codec. json, msgpack and yaml (kombu registers yaml.safe_load) build data only.
_PICKLE_CODECS = {"pickle", "application/x-python-serialize"}
_CELERY_MESSAGE = (
    "Celery/kombu is configured to accept pickle: anyone who can publish to the broker (or write to the result "
    "backend) sends a message that runs code on the workers when it is deserialised. Use json (the default)."
)


def _names_pickle(ctx: CheckContext, expr: ast.AST | None) -> bool:
    value = ctx.constant(expr)
    if isinstance(value, str):
        return value.lower() in _PICKLE_CODECS
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(isinstance(v, str) and v.lower() in _PICKLE_CODECS for v in value)
    return False


def _celery_module(ctx: CheckContext) -> bool:
    """Celery configuration can live here: the module imports celery/kombu, or it is a config module."""
    if ctx.imports("celery") or ctx.imports("kombu") or ctx.is_settings_module:
        return True
    base = (ctx.path or "").replace("\\", "/").rsplit("/", 1)[-1].lower()
    return "celery" in base


def _is_conf(expr: ast.AST) -> bool:
    """``app.conf`` / ``celery.conf`` / ``self.app.conf``."""
    return isinstance(expr, ast.Attribute) and expr.attr in ("conf", "config")


def _dict_settings(ctx: CheckContext, expr: ast.AST | None) -> list[ast.AST]:
    found = []
    if isinstance(expr, ast.Dict):
        for key, value in zip(expr.keys, expr.values):
            name = ctx.constant(key) if key is not None else None
            if isinstance(name, str) and name.lower() in _CELERY_SETTINGS and _names_pickle(ctx, value):
                found.append(value)
    return found


@check("PY-DESERIAL-PICKLE", ast.Assign, ast.AnnAssign)
def celery_pickle_setting(node: ast.Assign | ast.AnnAssign, ctx: CheckContext) -> None:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    if isinstance(node.value, ast.Dict):
        # CELERY_CONFIG = {"task_serializer": "pickle", ...} handed to config_from_object / conf.update
        if _celery_module(ctx):
            for value in _dict_settings(ctx, node.value):
                ctx.report(value, message=_CELERY_MESSAGE)
        return
    if node.value is None or not _names_pickle(ctx, node.value):
        return
    for target in targets:
        if isinstance(target, ast.Attribute):
            # celery.conf.task_serializer = "pickle"
            hit = target.attr.lower() in _CELERY_SETTINGS and _is_conf(target.value)
        elif isinstance(target, ast.Name):
            # CELERY_ACCEPT_CONTENT = ["pickle"] in settings; accept_content = [...] in celeryconfig.py
            hit = target.id.lower() in _CELERY_SETTINGS and (target.id.isupper() or _celery_module(ctx)) and (
                ctx.enclosing_function(node) is None
            )
        elif isinstance(target, ast.Subscript):
            # app.conf["task_serializer"] = "pickle"
            key = ctx.constant(target.slice)
            hit = isinstance(key, str) and key.lower() in _CELERY_SETTINGS and _is_conf(target.value)
        else:
            hit = False
        if hit:
            ctx.report(node.value, message=_CELERY_MESSAGE)
            return


_KOMBU_SERIALIZER_KEYWORDS = {"serializer", "accept", "task_serializer", "result_serializer", "accept_content",
                              "result_accept_content"}


@check("PY-DESERIAL-PICKLE", ast.Call)
def celery_pickle_call(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if name in ("kombu.serialization.enable_insecure_serializers", "kombu.enable_insecure_serializers"):
        choices = ctx.argument(node, 0, "choices")
        if choices is None or _names_pickle(ctx, choices):
            ctx.report(node, message=(
                "enable_insecure_serializers() lets kombu decode pickle messages: anyone who can publish to the "
                "broker runs code in this process. Keep the insecure serializers disabled and use json."
            ))
        return
    if ctx.method_name(node) == "enable" and name.endswith("registry.enable") and name.startswith("kombu."):
        if node.args and _names_pickle(ctx, node.args[0]):
            ctx.report(node, message=_CELERY_MESSAGE)
        return
    if not node.keywords and not node.args:
        return
    method = ctx.method_name(node)
    is_config_call = (
        name in ("celery.Celery", "celery.app.base.Celery")
        or (method in ("update", "setdefault", "add_defaults") and isinstance(node.func, ast.Attribute) and _is_conf(node.func.value))
        or method == "config_from_object"
    )
    if is_config_call:
        for kw in node.keywords:
            if kw.arg is not None and kw.arg.lower() in _CELERY_SETTINGS and _names_pickle(ctx, kw.value):
                ctx.report(kw, message=_CELERY_MESSAGE)
        for arg in node.args:
            for value in _dict_settings(ctx, arg):
                ctx.report(value, message=_CELERY_MESSAGE)
        return
    if not (ctx.imports("celery") or ctx.imports("kombu")):
        return
    # @app.task(serializer="pickle"), task.apply_async(serializer="pickle"), Consumer(accept=["pickle"]),
    # producer.publish(body, serializer="pickle"), conn.SimpleQueue("q", serializer="pickle")
    for kw in node.keywords:
        if kw.arg in _KOMBU_SERIALIZER_KEYWORDS and _names_pickle(ctx, kw.value):
            ctx.report(kw, message=_CELERY_MESSAGE)

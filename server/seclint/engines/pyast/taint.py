"""Intra-procedural taint tracking from web request data to dangerous sinks.

Rules whose sink is harmless with trusted input (``open``, ``requests.get``,
``redirect``, ``HttpResponse``) fire only when data from an HTTP request can
reach it.  Sources: Flask/Quart/Django/DRF/Starlette ``request`` attributes,
and the parameters of route handlers (URL path and query parameters).  Values
flow through assignments, string building, containers and calls; sanitisers
(``int()``, ``secure_filename``, ``escape``, ``url_for`` ...) and validation in
an ``if`` (allow-lists, ``url_has_allowed_host_and_scheme``, containment
checks) stop them.  The analysis is deliberately simple and flow-insensitive
inside one function: quick enough to run on every keystroke.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from .module import FUNCTION_NODES, ModuleInfo, enclosing_function

# Attributes of a request object that carry client-controlled data.
REQUEST_ATTRS = {
    # Flask / Quart / Werkzeug
    "args", "form", "values", "json", "data", "files", "cookies", "headers", "view_args",
    "get_json", "get_data", "stream", "full_path", "query_string", "referrer", "url",
    # Django / DRF
    "GET", "POST", "body", "COOKIES", "META", "FILES", "query_params", "get_full_path",
    # Starlette / FastAPI
    "path_params", "form", "body",
}
REQUEST_NAMES = {"request", "req"}
FRAMEWORK_REQUESTS = {"flask.request", "quart.request", "sanic.request", "bottle.request"}

ROUTE_DECORATORS = re.compile(r"(^|\.)(route|get|post|put|patch|delete|api_route|websocket|api_view|view_config)$")
SAFE_ANNOTATIONS = {"int", "float", "bool", "UUID", "uuid.UUID", "datetime", "date", "Decimal"}
# Parameters of route handlers that are framework objects, not client data.
NON_DATA_PARAMS = {"self", "cls", "request", "req", "db", "session", "background_tasks", "response", "current_user"}

# Calls whose result carries no attacker-controlled text (for any sink).
UNIVERSAL_SANITIZERS = {
    "int", "float", "bool", "len", "hash", "isinstance", "abs", "round", "ord", "uuid.UUID", "UUID",
    "hashlib.sha256", "hashlib.sha1", "hashlib.md5", "hmac.new", "id",
}
SANITIZERS = {
    "path": {
        "os.path.basename", "werkzeug.utils.secure_filename", "werkzeug.secure_filename", "secure_filename",
        "django.utils.text.get_valid_filename", "get_valid_filename", "pathvalidate.sanitize_filename",
    },
    "url": {"urllib.parse.quote", "urllib.parse.quote_plus", "quote", "quote_plus", "flask.url_for", "url_for"},
    "redirect": {
        "flask.url_for", "url_for", "django.urls.reverse", "reverse", "django.shortcuts.resolve_url", "resolve_url",
        "urllib.parse.quote", "quote",
    },
    "html": {
        "markupsafe.escape", "flask.escape", "html.escape", "django.utils.html.escape", "escape",
        "django.utils.html.format_html", "format_html", "bleach.clean", "json.dumps", "flask.jsonify", "jsonify",
        "urllib.parse.quote", "quote",
    },
    "cmd": {"shlex.quote", "pipes.quote", "shlex.join"},
    "sql": set(),
    "code": {"ast.literal_eval", "json.loads"},
    "regex": {"re.escape"},
}

# Calls used in an `if` (or assert) to validate a value before use.
VALIDATORS = re.compile(
    r"(^|\.)(url_has_allowed_host_and_scheme|is_safe_url|is_safe_path|is_relative_to|commonpath|commonprefix|"
    r"startswith|match|fullmatch|isalnum|isdigit|isdecimal|isidentifier|isnumeric|validate\w*|is_valid\w*|"
    r"allowed\w*|check\w*)$"
)


@dataclass(frozen=True)
class TaintSource:
    node: ast.AST
    description: str


class TaintAnalyzer:
    def __init__(self, info: ModuleInfo):
        self.info = info
        self._names: dict[int, dict[str, TaintSource]] = {}
        self._guarded: dict[int, set[str]] = {}

    # -- sources ---------------------------------------------------------------

    def _is_request_object(self, node: ast.AST) -> bool:
        if not isinstance(node, ast.Name):
            return False
        qual = self.info.qualname(node)
        if qual in FRAMEWORK_REQUESTS:
            return True
        return node.id in REQUEST_NAMES and qual == node.id

    def source_of(self, node: ast.AST) -> TaintSource | None:
        """``node`` itself reads client data (``request.args``, ``request.get_json()`` ...)."""
        target = node
        if isinstance(target, ast.Await):
            target = target.value
        if isinstance(target, ast.Call):
            target = target.func
        if isinstance(target, ast.Attribute) and target.attr in REQUEST_ATTRS and self._is_request_object(target.value):
            return TaintSource(node, f"`{ast.unparse(node)}` (HTTP request data)")
        return None

    def _route_params(self, func: ast.AST) -> dict[str, TaintSource]:
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return {}
        is_route = False
        int_params: set[str] = set()
        for deco in func.decorator_list:
            call = deco if isinstance(deco, ast.Call) else None
            name = self.info.qualname(call.func if call else deco) or ""
            if ROUTE_DECORATORS.search(name):
                is_route = True
                if call and call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
                    int_params |= set(re.findall(r"<(?:int|float|uuid):(\w+)>", call.args[0].value))
        args = [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]
        # A Django view: first parameter is the request; the rest come from the URL.
        if not is_route and args and args[0].arg == "request" and func.name != "__init__":
            is_route = True
        if not is_route:
            return {}
        defaults = dict(zip(reversed([a.arg for a in [*func.args.posonlyargs, *func.args.args]]), reversed(func.args.defaults)))
        defaults.update({a.arg: d for a, d in zip(func.args.kwonlyargs, func.args.kw_defaults) if d is not None})
        result = {}
        for arg in args:
            if arg.arg in NON_DATA_PARAMS or arg.arg in int_params:
                continue
            if arg.annotation is not None:
                annotation = ast.unparse(arg.annotation)
                if annotation in SAFE_ANNOTATIONS or annotation.split("[")[0] in ("Session", "Request", "Response"):
                    continue
            default = defaults.get(arg.arg)
            if isinstance(default, ast.Call) and (self.info.qualname(default.func) or "").endswith("Depends"):
                continue
            result[arg.arg] = TaintSource(arg, f"route parameter `{arg.arg}` (from the URL or request)")
        return result

    # -- propagation -----------------------------------------------------------

    def _scope_key(self, node: ast.AST) -> ast.AST | None:
        return enclosing_function(node)

    def tainted_names(self, func: ast.AST | None) -> dict[str, TaintSource]:
        key = id(func)
        cached = self._names.get(key)
        if cached is not None:
            return cached
        names: dict[str, TaintSource] = {} if func is None else dict(self._route_params(func))
        self._names[key] = names
        scope = self.info.module_scope if func is None else self.info.scopes.get(id(func))
        if scope is None:
            return names
        assignments = self._assignments(func)
        for _ in range(4):  # a few rounds reach a fixpoint for straight-line code
            changed = False
            for name, value in assignments:
                if name in names:
                    continue
                hit = self.expr_taint(value, None, _names=names)
                if hit is not None:
                    names[name] = hit
                    changed = True
            if not changed:
                break
        return names

    def _assignments(self, func: ast.AST | None) -> list[tuple[str, ast.expr]]:
        """(name, expression its value derives from) for every binding in the function body."""
        body = self.info.tree if func is None else func
        pairs: list[tuple[str, ast.expr]] = []

        def targets(target: ast.AST, value: ast.expr) -> None:
            if isinstance(target, ast.Name):
                pairs.append((target.id, value))
            elif isinstance(target, (ast.Tuple, ast.List)):
                for elt in target.elts:
                    targets(elt.value if isinstance(elt, ast.Starred) else elt, value)

        for node in ast.walk(body):
            if node is not body and isinstance(node, FUNCTION_NODES):
                continue  # nested functions are analysed on their own
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    targets(t, node.value)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
                targets(node.target, node.value)
            elif isinstance(node, ast.NamedExpr):
                targets(node.target, node.value)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                targets(node.target, node.iter)
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                targets(node.optional_vars, node.context_expr)
        return pairs

    def guarded_names(self, func: ast.AST | None) -> set[str]:
        """Names validated in an if/while/assert test somewhere in the function."""
        key = id(func)
        cached = self._guarded.get(key)
        if cached is not None:
            return cached
        guarded: set[str] = set()
        body = self.info.tree if func is None else func
        for node in ast.walk(body):
            test = node.test if isinstance(node, (ast.If, ast.While, ast.Assert, ast.IfExp)) else None
            if test is None:
                continue
            for sub in ast.walk(test):
                names: set[str] = set()
                if isinstance(sub, ast.Call):
                    qual = self.info.qualname(sub.func) or ""
                    if VALIDATORS.search(qual) or (isinstance(sub.func, ast.Attribute) and VALIDATORS.search(sub.func.attr)):
                        for part in [sub.func, *sub.args, *(k.value for k in sub.keywords)]:
                            names |= {n.id for n in ast.walk(part) if isinstance(n, ast.Name)}
                elif isinstance(sub, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn, ast.Eq)) for op in sub.ops):
                    # `x in ALLOWED`, `urlparse(x).netloc == host`
                    names |= {n.id for n in ast.walk(sub.left) if isinstance(n, ast.Name)}
                guarded |= names
        self._guarded[key] = guarded
        return guarded

    def expr_taint(
        self, expr: ast.AST | None, kind: str | None, _names: dict[str, TaintSource] | None = None
    ) -> TaintSource | None:
        """The request data that can reach ``expr`` unsanitised for a ``kind`` of sink, if any."""
        if expr is None:
            return None
        func = self._scope_key(expr)
        names = _names if _names is not None else self.tainted_names(func)
        guarded = self.guarded_names(func) if kind is not None else set()
        sanitizers = SANITIZERS.get(kind or "", set())
        stack = [expr]
        while stack:
            node = stack.pop()
            source = self.source_of(node)
            if source is not None:
                return source
            if isinstance(node, ast.Name):
                if node.id in names and node.id not in guarded:
                    hit = names[node.id]
                    return hit
                if func is not None and node.id not in names:
                    # A module-level name read inside a function.
                    module_names = self.tainted_names(None) if _names is None else {}
                    if node.id in module_names and node.id not in guarded:
                        return module_names[node.id]
                continue
            if isinstance(node, ast.Call):
                qual = self.info.qualname(node.func) or ""
                short = qual.rsplit(".", 1)[-1]
                if qual in UNIVERSAL_SANITIZERS or qual in sanitizers or short in sanitizers:
                    continue
                if isinstance(node.func, ast.Attribute):
                    stack.append(node.func.value)
                stack.extend(node.args)
                stack.extend(k.value for k in node.keywords)
                continue
            if isinstance(node, (ast.Compare, ast.Lambda, ast.Constant)) or isinstance(node, FUNCTION_NODES):
                continue
            if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                for gen in node.generators:
                    stack.append(gen.iter)
                stack.extend([node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt])
                continue
            if isinstance(node, ast.Subscript):
                stack.append(node.value)
                continue
            stack.extend(ast.iter_child_nodes(node))
        return None

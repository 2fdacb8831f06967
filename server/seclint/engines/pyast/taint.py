"""Intra-procedural taint tracking from web request data to dangerous sinks.

Rules whose sink is harmless with trusted input (``open``, ``requests.get``,
``redirect``, ``HttpResponse``) fire only when data from an HTTP request can
reach it.

Sources
    Attributes of a request object (Flask/Quart/Werkzeug ``request.args``,
    ``form``, ``json``, ``get_json()``, ``files``, ``cookies``, ``headers`` ...;
    Django/DRF ``request.GET``, ``POST``, ``body``, ``META``, ``FILES``,
    ``data``, ``query_params``; Starlette/FastAPI ``query_params``,
    ``path_params``, ``await request.json()``; aiohttp ``match_info``;
    Tornado ``self.get_argument()``) and the parameters of route handlers:
    Flask ``<name>`` (not ``<int:id>``), FastAPI parameters that are not
    ``int``/``UUID``/enums/``Depends``, Django view arguments after
    ``request``, the path arguments of Tornado handler methods (unless every
    route of the handler in the module captures them with a letters/digits
    group) and ``on_message``'s message, and the arguments of GraphQL
    resolvers (Ariadne ``@query.field``, Strawberry ``@strawberry.field``/
    ``mutation``, Graphene ``resolve_*``/``mutate``).  For file paths only:
    the member names of zip/tar archives (``info.filename``, ``zf.namelist()``,
    ``member.name``), chosen by whoever built the archive.  ``sys.argv`` and
    CLI arguments are not sources.

Propagation
    Flow-sensitive inside one function: a name's value comes from the
    assignments that can reach the use (the last one that always runs, plus
    those in branches since).  Values flow through string building,
    containers, subscripts, attributes, methods of a tainted value
    (``.strip()``, ``.get()``), library calls (``os.path.join``,
    ``urljoin``, ``json.loads``) and helper functions of the same module
    whose return value depends on an argument.  Database/dict lookups keyed
    by request data (``User.objects.get(pk=x)``, ``ALLOWED.get(x)``) do not
    return request data.

Sanitisers and guards
    Per kind of sink: ``secure_filename``/``basename`` (path), ``escape``
    (html), ``url_for`` (redirect), ``re.escape`` (regex), ``shlex.quote``
    (cmd), ``int()`` and friends (all); and validation in an ``if``/``assert``
    anywhere in the function: allow-lists (``x in ALLOWED``), ``isalnum()``,
    regular-expression matches, ``url_has_allowed_host_and_scheme``, a
    ``urlparse(x).netloc``/``hostname`` check, path containment checks
    (``realpath(p).startswith(BASE)``, ``commonpath``, ``is_relative_to``).

The analysis is memoised per analysis run and never recurses on the shape
of an expression, so it is fast enough for every keystroke.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field
from re import _constants as c  # type: ignore[attr-defined]  # the regular expression parser's opcodes
from re import _parser as sre_parse  # type: ignore[attr-defined]

from .module import FUNCTION_NODES, ModuleInfo, NotedMapping, ancestors, enclosing_function, parent
from .walk import LEAVES, child_nodes, walk

# -- sources -----------------------------------------------------------------------

# Attributes of a request object that carry client-controlled data.
REQUEST_ATTRS = {
    # Flask / Quart / Werkzeug
    "args", "form", "values", "json", "data", "files", "cookies", "headers", "view_args",
    "get_json", "get_data", "stream", "full_path", "query_string", "referrer", "url", "path",
    "environ", "authorization", "mimetype_params",
    # Django / DRF
    "GET", "POST", "body", "COOKIES", "META", "FILES", "query_params", "get_full_path", "path_info",
    # Starlette / FastAPI
    "path_params",  # also form, body, headers, cookies, url (above)
    # aiohttp, Pyramid, Bottle, Tornado (self.request)
    "match_info", "query", "post", "text", "read", "rel_url", "content", "params", "matchdict",
    "json_body", "forms", "arguments", "query_arguments", "body_arguments",
    # Falcon (`req.get_param("q")`, `req.media`, `req.get_media()`, `req.get_header("X")`)
    "get_param", "get_param_as_list", "media", "get_media", "get_header", "bounded_stream", "uri", "relative_uri",
}
# Request attributes that describe this very request's own URL: a redirect there stays on the site.
SELF_URL_ATTRS = {"url", "path", "full_path", "get_full_path", "path_info", "referrer", "uri", "relative_uri"}
# Tornado RequestHandler methods returning client data.
TORNADO_METHODS = {
    "get_argument", "get_arguments", "get_query_argument", "get_query_arguments",
    "get_body_argument", "get_body_arguments", "get_cookie",
}
REQUEST_NAMES = {"request", "req"}
_READ_METHODS = {"get", "getlist", "getall", "getone", "to_dict", "dict", "items", "values", "keys", "copy", "lists"}
FRAMEWORK_REQUESTS = {
    "flask.request", "quart.request", "sanic.request", "bottle.request", "flask.globals.request",
    "werkzeug.local.request",
}

ROUTE_METHODS = {
    "route", "get", "post", "put", "patch", "delete", "head", "options", "api_route", "websocket",
    "api_view", "view_config", "action", "websocket_route",
}
# get/post/... are route decorators only when called with a path (``@app.get("/x")``).
_NEEDS_PATH = {"get", "post", "put", "patch", "delete", "head", "options", "websocket"}
FLASK_SAFE_CONVERTERS = {"int", "float", "uuid", "any"}
SAFE_TYPES = {
    "int", "float", "bool", "complex", "UUID", "UUID1", "UUID3", "UUID4", "UUID5", "datetime", "date",
    "time", "timedelta", "Decimal", "conint", "confloat", "condecimal", "PositiveInt", "NegativeInt",
    "NonNegativeInt", "NonPositiveInt", "PositiveFloat", "StrictInt", "StrictFloat", "StrictBool",
    "Literal", "None", "NoneType", "EmailStr", "IPvAnyAddress", "IPv4Address", "IPv6Address",
}
_WRAPPER_TYPES = {"Optional", "Annotated", "Union", "List", "list", "Set", "set", "Tuple", "tuple", "Sequence", "FrozenSet"}
_FRAMEWORK_TYPES = {
    "Request", "Response", "Session", "AsyncSession", "BackgroundTasks", "WebSocket", "HTTPConnection",
    "SecurityScopes", "HttpRequest", "HTTPAuthorizationCredentials", "HTTPBasicCredentials", "OAuth2PasswordRequestForm",
}
_FILE_TYPES = {"UploadFile", "FileStorage", "UploadedFile", "InMemoryUploadedFile"}
_DICT_TYPES = {"dict", "Dict", "Mapping", "MutableMapping", "Any", "Json", "JSON", "object"}
# Parameters of route handlers that are framework objects, not client data.
NON_DATA_PARAMS = {
    "self", "cls", "request", "req", "db", "session", "background_tasks", "response", "current_user",
    "websocket", "settings", "app",
}
# Falcon responders: `on_get(self, req, resp, **uri_fields)`, `on_post_collection(...)`.
_FALCON_RESPONDER = re.compile(r"^on_(get|post|put|patch|delete|head|options)(_\w+)?$")
# AWS Lambda / Google Cloud Functions background handlers: `def handler(event, context)`.
_LAMBDA_EVENT = {"event", "evt"}
_LAMBDA_CONTEXT = {"context", "ctx", "_context", "_ctx", "lambda_context", "_"}
# Chat-bot command handlers: discord.py/nextcord/disnake commands take the user's arguments as parameters.
_BOT_PACKAGES = {"discord", "nextcord", "disnake", "interactions", "hikari", "lightbulb", "telegram", "aiogram", "telebot"}
_BOT_COMMAND_DECORATORS = {"command", "hybrid_command", "slash_command", "subcommand", "message_command"}
_TORNADO_HANDLER_METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "open", "on_message"}
_TORNADO_BASES = {"RequestHandler", "WebSocketHandler"}
_VIEW_METHODS = {
    "get", "post", "put", "patch", "delete", "head", "options", "dispatch", "list", "create", "retrieve",
    "update", "partial_update", "destroy",
}
_VIEW_DECORATORS = {
    "login_required", "permission_required", "staff_member_required", "user_passes_test", "require_http_methods",
    "require_GET", "require_POST", "require_safe", "csrf_exempt", "csrf_protect", "ensure_csrf_cookie",
    "cache_page", "never_cache", "cache_control", "vary_on_headers", "vary_on_cookie", "xframe_options_exempt",
    "xframe_options_deny", "xframe_options_sameorigin", "sensitive_post_parameters", "gzip_page", "condition",
    "etag", "last_modified", "api_view", "permission_classes", "authentication_classes", "throttle_classes",
    "ratelimit", "sync_to_async", "async_to_sync",
}
# Classes whose instances are plain data decoded from a request body (pydantic, dataclasses, attrs, msgspec...).
_DATA_BASES = {
    "BaseModel", "Schema", "TypedDict", "NamedTuple", "Struct", "RootModel", "SQLModel", "GenericModel", "BaseSchema",
}
_DATACLASS_DECORATORS = {"dataclass", "define", "frozen", "mutable", "attrs", "s", "dataclass_json", "pydantic_dataclass"}
# Packages whose request classes are framework objects (attributes like `.user`, `.method`), not a decoded body.
_WEB_PACKAGES = {
    "fastapi", "starlette", "django", "rest_framework", "flask", "werkzeug", "aiohttp", "sanic", "litestar", "ninja",
    "tornado", "pyramid", "quart", "falcon", "bottle", "requests", "httpx", "urllib", "urllib3", "http", "grpc",
}
# Packages whose `*Handler` classes are not Tornado request handlers (logging.Handler, ...).
_NOT_TORNADO_ROOTS = (set(sys.stdlib_module_names) | _WEB_PACKAGES) - {"tornado"}
_FRAMEWORK_REQUEST_NAME = re.compile(r"^(Request|\w*HttpRequest|WSGIRequest|ASGIRequest|HTTPServerRequest|BaseRequest)$")
# Background-job decorators: a task's arguments come from whoever enqueued it (usually a web request).
_TASK_DECORATORS = {"shared_task", "celery.shared_task", "celery.task", "dramatiq.actor", "huey.task", "huey.db_task"}
# Attributes holding a URL that users of a multi-tenant app register (webhooks, callbacks): the server calls them.
_STORED_URL_ATTR = re.compile(
    r"^(\w+_)?(webhook|callback|notify|notification|postback|ping|hook)_?(url|uri|endpoint)$", re.IGNORECASE
)
# `hook.url`, `subscription.target_url`: the URL of a stored webhook/subscription record.
_STORED_URL_OWNER = re.compile(r"^(\w+_)?((web)?hook|subscription|subscriber)$", re.IGNORECASE)
_STORED_URL_FIELD = {"url", "target", "target_url", "endpoint", "uri"}
# Record fields holding template text: `footer_template`, `template`, `template_body`, `email_tpl`.
_STORED_TEMPLATE_ATTR = re.compile(
    r"^(\w+_)?(template|tpl|tmpl)(_(source|body|text|html|content|string|str|src))?$", re.IGNORECASE
)
# Objects whose `.body`/`.content` is not a stored record's text.
_NOT_RECORD_OWNER = re.compile(
    r"^_*(r|resp|response|res|reply|http_\w+|upstream|f|fh|fp|fd|file|\w+_file|stream|buf|buffer|path|p|doc_path|"
    r"env|environment|jinja_env|loader|engine|tree|node|el|elem|element|soup|msg_part|part|payload)$",
    re.IGNORECASE,
)
# Objects holding configuration, not records a user edits.
_CONFIG_OBJECT = re.compile(
    r"^_*(settings|config|conf|cfg|configuration|options|opts|args|arguments|env|environ|app|current_app|"
    r"defaults|params|self|cls|os|secrets|\w*_(settings|config|conf|cfg|options))$",
    re.IGNORECASE,
)
# Session keys written from request data are request data when read back (`session["next"]`).
_SESSION_KINDS = {"redirect", "url", "path"}
_RESPONSE_NAMES = re.compile(r"^(HttpResponse\w*|render|render_to_response|redirect|JsonResponse|FileResponse|StreamingHttpResponse|Response|TemplateResponse)$")
_DJANGO_ID_PARAM = re.compile(r"^(pk|id|\w+_id|\w+_pk|year|month|day|page)$")

# -- propagation ---------------------------------------------------------------------

# Calls whose result carries no attacker-controlled text (for any sink).
UNIVERSAL_SANITIZERS = {
    "int", "float", "bool", "len", "hash", "isinstance", "issubclass", "abs", "round", "ord", "id", "callable",
    "hasattr", "any", "all", "uuid.UUID", "UUID", "uuid.uuid4", "uuid.uuid1", "hashlib.sha256", "hashlib.sha1",
    "hashlib.md5", "hashlib.sha512", "hmac.new", "hmac.compare_digest", "secrets.compare_digest",
    "secrets.token_hex", "secrets.token_urlsafe", "open", "io.open", "codecs.open", "print", "io.BytesIO",
    "io.StringIO", "os.path.exists", "os.path.isfile", "os.path.isdir", "os.path.islink", "os.path.isabs",
    "os.path.getsize", "os.path.getmtime", "os.stat", "os.listdir", "os.getcwd", "time.time",
    "flask.render_template", "render_template", "quart.render_template", "django.shortcuts.render", "render",
    "django.template.loader.render_to_string", "render_to_string", "django.template.response.TemplateResponse",
    "TemplateResponse", "flask.jsonify", "jsonify", "django.http.JsonResponse", "JsonResponse",
    "django.shortcuts.get_object_or_404", "get_object_or_404", "django.shortcuts.get_list_or_404",
    "get_list_or_404", "django.contrib.auth.authenticate", "authenticate", "check_password_hash",
    "werkzeug.security.check_password_hash", "django.contrib.auth.hashers.check_password", "datetime.datetime.now",
    "logging.info", "logging.debug", "logging.warning", "logging.error", "logging.exception",
}
SANITIZERS: dict[str, set[str]] = {
    "path": {
        "os.path.basename", "posixpath.basename", "ntpath.basename", "werkzeug.utils.secure_filename",
        "werkzeug.secure_filename", "secure_filename", "django.utils.text.get_valid_filename",
        "get_valid_filename", "pathvalidate.sanitize_filename", "sanitize_filename", "werkzeug.utils.safe_join",
        "werkzeug.security.safe_join", "flask.safe_join", "flask.helpers.safe_join", "safe_join",
        "django.utils._os.safe_join", "os.path.splitext",
    },
    "url": {"flask.url_for", "url_for", "django.urls.reverse", "reverse"},
    "redirect": {
        "flask.url_for", "url_for", "quart.url_for", "django.urls.reverse", "reverse", "django.urls.reverse_lazy",
        "reverse_lazy", "django.shortcuts.resolve_url", "resolve_url",
    },
    "html": {
        "markupsafe.escape", "flask.escape", "html.escape", "django.utils.html.escape", "escape",
        "django.utils.html.conditional_escape", "conditional_escape", "markupsafe.Markup.escape",
        "django.utils.html.format_html", "format_html", "django.utils.html.strip_tags", "strip_tags",
        "bleach.clean", "bleach.linkify", "nh3.clean", "json.dumps", "urllib.parse.quote", "quote",
        "urllib.parse.quote_plus", "quote_plus", "urllib.parse.urlencode", "urlencode", "xml.sax.saxutils.escape",
        "cgi.escape", "django.utils.html.escapejs", "escapejs", "django.utils.html.json_script", "json_script",
        "markupsafe.escape_silent", "flask.url_for", "url_for", "tornado.escape.xhtml_escape", "xhtml_escape",
        "tornado.escape.json_encode", "json_encode", "tornado.escape.url_escape", "url_escape",
    },
    "cmd": {"shlex.quote", "pipes.quote", "shlex.join", "quote"},
    # One argument of an argv list (no shell): a value that can start with "-" becomes an option.
    "argv": set(),
    "sql": set(),
    "code": {"ast.literal_eval", "json.loads"},
    "regex": {"re.escape", "regex.escape"},
    "template": set(),
    "mass": set(),
}
# Attributes that hold validated data (a form's or serializer's declared fields only).
ATTRIBUTE_SANITIZERS: dict[str, set[str]] = {
    "mass": {"cleaned_data", "validated_data", "model_dump", "model_fields_set"},
}
# Methods whose result is a bool or a number, whatever the receiver holds.
SCALAR_METHODS = {
    "startswith", "endswith", "isdigit", "isdecimal", "isnumeric", "isalnum", "isalpha", "isidentifier",
    "isascii", "isspace", "islower", "isupper", "istitle", "count", "find", "rfind", "index", "rindex",
    "exists", "is_file", "is_dir", "is_absolute", "is_relative_to", "__len__", "__contains__", "getsize",
    "has_key", "is_valid", "validate_on_submit", "validate", "is_secure", "is_ajax",
}
# Methods that look up stored data by a key: with an untrusted key, the result is still stored data.
LOOKUP_METHODS = {
    "get", "get_or_404", "first_or_404", "one_or_404", "filter", "filter_by", "exclude", "first", "one",
    "one_or_none", "scalar", "scalar_one", "scalar_one_or_none", "scalars", "all", "execute", "fetchone",
    "fetchall", "fetchmany", "query", "find", "find_one", "get_or_create", "update_or_create", "in_bulk",
    "latest", "earliest", "last", "aggregate", "annotate", "select_related", "prefetch_related", "load_user",
    "get_user", "get_by_id", "retrieve", "lookup", "get_object", "get_queryset", "hget", "hgetall",
    "check_password", "authenticate", "verify_password", "request", "post", "put", "patch", "delete", "head",
    "urlopen", "send", "delay", "apply_async", "fetch",
}
# Calls that keep a path/URL/text but transform it: what a validation of their result also validates.
_TRANSFORMS = {
    "urlparse", "urlsplit", "realpath", "abspath", "normpath", "join", "resolve", "Path", "PurePath",
    "PosixPath", "absolute", "expanduser", "strip", "lower", "casefold", "lstrip", "rstrip", "str", "unquote",
    "urljoin", "normcase", "fspath",
}
_METHOD_TRANSFORMS = {"resolve", "absolute", "strip", "lower", "casefold", "lstrip", "rstrip", "expanduser", "joinpath"}
_NORMALIZERS = {"realpath", "abspath", "normpath", "resolve", "absolute"}
_TYPE_KEYWORD_SAFE = {"int", "float", "bool"}
# Path.open()/read_text(): the content of a file on the server, not text the client sent.
_FILE_OPENERS = {"open", "read_text", "read_bytes", "iterdir", "stat", "lstat"}
_ARCHIVE_NAME_METHODS = {"namelist", "infolist", "getnames", "getmembers", "getinfo", "getmember"}
# ZipInfo.filename, TarInfo.name/.path; and the lists of member names.
_ARCHIVE_NAME_ATTRS = {"filename", "name", "path", "orig_filename"}
_ARCHIVE_NAME_LISTS = {"namelist", "getnames"}

# -- guards ------------------------------------------------------------------------------

_CHARSET_METHODS = {"isdigit", "isdecimal", "isnumeric", "isalnum", "isalpha", "isidentifier"}
_NOT_VALIDATORS = re.compile(r"(password|passwd|auth|login|token|csrf|signature|perm|captcha|otp)", re.IGNORECASE)
_VALIDATOR = re.compile(
    r"^(url_has_allowed_host_and_scheme|is_safe_url|is_safe_\w+|is_valid\w*|valid_\w+|validate\w*|"
    r"is_allowed\w*|allowed\w*|check_\w+|verify_\w+|is_\w*(allowed|permitted|whitelisted|trusted)\w*|"
    r"ensure_\w+|assert_\w+|is_within\w*|within_\w+)$"
)
# Validators of where a URL leads (SSRF): `is_public_url(url)`, `_is_global(host)`.
_URL_VALIDATOR = re.compile(r"^is_(public|global|external|routable|internet)\w*$")
_ADDRESS_CHECKS = {"is_private", "is_loopback", "is_link_local", "is_reserved", "is_global", "is_multicast"}
# Validators that look at something else than where a path leads (Flask's `allowed_file` checks the extension).
_PATH_NOT_VALIDATORS = re.compile(r"(allowed_file|ext|extension|image|mime|type|size)", re.IGNORECASE)
_URL_PREFIX = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#\\@]+[/?#]")


@dataclass(frozen=True)
class TaintSource:
    node: ast.AST
    description: str
    # "" (plain data), "files" (an uploaded file object), "django_files" (a Django upload: its .name
    # is already a base name), "urlkw" (Django URL keyword arguments), "model" (a validated body
    # model), "dict" (a free-form JSON object), "arg" (a helper's parameter, for summaries),
    # "archive" (a zip/tar member name), "task"/"stored" (see ``_accept``).
    category: str = ""


@dataclass
class _Def:
    """One binding of a name: the expression its value derives from, and where it holds."""

    name: str
    value: ast.expr | None
    owner: ast.AST  # the statement (or with-item/comprehension/walrus) that binds
    end: tuple[int, int]  # the binding holds from this position on
    kill: bool = True  # replaces the previous value (False for `x += y`)
    scoped_body: list | None = None  # For/With: the body where the binding certainly holds
    param: ast.arg | None = None


@dataclass
class _Facts:
    func: ast.AST | None
    defs: dict[str, list[_Def]] = field(default_factory=dict)
    route_params: dict[str, TaintSource] = field(default_factory=dict)
    task_params: dict[str, TaintSource] = field(default_factory=dict)
    returns: list[ast.Return] = field(default_factory=list)
    is_view: bool = False


@dataclass
class _Guards:
    names: set[str] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)


_PENDING = object()
# The node types ``module_has_sources`` looks at.
_SOURCE_HINT_NODES = frozenset({ast.Name, ast.Attribute, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})
# The node types ``_guard_sites`` looks at (or does not enter).
_GUARD_NODES = frozenset({
    ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.If, ast.While, ast.Assert, ast.IfExp,
    ast.comprehension, ast.Expr, ast.Try,
})
# The node types ``_facts_of`` looks at (ast.parse makes nodes of exactly these classes).
_FACT_NODES = frozenset({
    ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.Assign, ast.AnnAssign, ast.AugAssign,
    ast.NamedExpr, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.Match, ast.ExceptHandler, ast.Import,
    ast.ImportFrom, ast.Return,
})
_MAX_DEPTH = 40


def _pos(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def _end(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "end_lineno", None) or getattr(node, "lineno", 0), getattr(node, "end_col_offset", None) or 0)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _last(qual: str) -> str:
    return qual.rsplit(".", 1)[-1]


def _callee(info: ModuleInfo, call: ast.Call) -> str:
    """The called function's own name: ``resolve`` for ``(BASE / name).resolve()``."""
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return _last(info.qualname(call.func) or "")


def _unparse(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # noqa: BLE001 - a tree from error recovery may not unparse; it then matches nothing
        return "\0"


def _names_in(node: ast.AST | None) -> set[str]:
    if node is None:
        return set()
    return {n.id for n in walk(node) if isinstance(n, ast.Name)}


def _narrow_pattern(items, depth: int = 0) -> bool:
    """A parsed regular expression matching only letters, digits, ``-`` and ``_`` (``\\d+``, ``[a-z0-9-]+``)."""
    if depth > 6:
        return False

    def ok(code: int) -> bool:
        ch = chr(code)
        return ch.isascii() and (ch.isalnum() or ch in "-_")

    for op, av in items:
        if op is c.LITERAL:
            if not ok(av):
                return False
        elif op is c.IN:
            for op2, av2 in av:
                if op2 is c.LITERAL:
                    if not ok(av2):
                        return False
                elif op2 is c.RANGE:
                    lo, hi = av2
                    if hi - lo > 128 or not all(ok(code) for code in range(lo, hi + 1)):
                        return False
                elif op2 is c.CATEGORY:
                    if av2 not in (c.CATEGORY_DIGIT, c.CATEGORY_WORD):
                        return False
                else:
                    return False  # a negated class, ...
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) or getattr(c, "POSSESSIVE_REPEAT", None) is op:
            if not _narrow_pattern(av[2], depth + 1):
                return False
        elif op is c.SUBPATTERN:
            if not _narrow_pattern(av[-1], depth + 1):
                return False
        elif op is c.BRANCH:
            if not all(_narrow_pattern(alt, depth + 1) for alt in av[1]):
                return False
        elif op is c.CATEGORY:
            if av not in (c.CATEGORY_DIGIT, c.CATEGORY_WORD):
                return False
        elif op is not c.AT:
            return False
    return True


def _pattern_groups(pattern: str) -> list[tuple[str | None, bool]] | None:
    """The capturing groups of a URL pattern in order: (name, admits only a narrow charset)."""
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:  # noqa: BLE001 - an invalid or exotic pattern: say nothing about it
        return None
    names = {number: name for name, number in parsed.state.groupdict.items()}
    groups: dict[int, bool] = {}
    stack = [list(parsed)]
    while stack:
        for op, av in stack.pop():
            if op is c.SUBPATTERN:
                if av[0] is not None:
                    groups[av[0]] = _narrow_pattern(av[-1])
                stack.append(list(av[-1]))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                stack.append(list(av[2]))
            elif op is c.BRANCH:
                stack.extend(list(alt) for alt in av[1])
    return [(names.get(n), groups[n]) for n in sorted(groups)]


class TaintAnalyzer:
    def __init__(self, info: ModuleInfo):
        self.info = info
        self._facts: dict[int, _Facts] = {}
        self._guards: dict[tuple[int, str], _Guards] = {}
        self._def_memo: dict[tuple, object] = {}
        self._summary_memo: dict[tuple, object] = {}
        self._module_functions: dict[str, ast.AST] | None = None
        self._enums: set[str] | None = None
        self._blocks: dict[int, tuple[ast.AST, str, int]] = {}
        self._has_sources: bool | None = None
        self._classes: dict[str, ast.ClassDef] | None = None
        self._session_writes: dict[str, list[ast.expr]] | None = None
        self._session_memo: dict[tuple[str, str], object] = {}
        self._address_checkers: dict[int, bool] = {}
        self._tornado_classes: dict[int, bool] = {}
        self._resolvers: dict[int, str | None] = {}
        self._reaching: dict[ast.Name, list[_Def]] = {}
        self._guard_site_memo: dict[int, tuple[list[ast.AST], list[ast.Call], list[ast.AST]]] = {}

    # -- sources ---------------------------------------------------------------------

    def is_request_object(self, node: ast.AST) -> bool:
        """``request`` (Flask's global, a Django/FastAPI view's parameter), ``self.request``, ``flask.request``."""
        if isinstance(node, ast.Attribute):
            if node.attr == "request" and isinstance(node.value, ast.Name) and node.value.id == "self":
                return True
            return self.info.qualname(node) in FRAMEWORK_REQUESTS
        if not isinstance(node, ast.Name):
            return False
        qual = self.info.qualname(node)
        if qual in FRAMEWORK_REQUESTS:
            return True
        if node.id not in REQUEST_NAMES or qual != node.id:
            return False
        found = self.info.lookup(node)
        if found is None:
            return True  # a snippet using Flask's `request` without the import
        scope, _values = found
        if node.id in scope.params:
            return self._incoming_request_param(node)
        # `req = urllib.request.Request(...)`, `req = requests.get(...)`: not an incoming request.
        return False

    def _incoming_request_param(self, name: ast.Name) -> bool:
        """A parameter called ``request`` is the incoming request unless annotated as something else
        (``request: PreparedRequest`` in a requests adapter is an outgoing one)."""
        func = enclosing_function(name)
        if func is None:
            return True
        if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
            func.name.startswith("test_")
            or any("fixture" in (self.info.qualname(d.func if isinstance(d, ast.Call) else d) or "") for d in func.decorator_list)
        ):
            return False  # pytest's `request` fixture
        args = func.args
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
            if arg.arg == name.id:
                if arg.annotation is None:
                    return True
                qual = self.info.qualname(arg.annotation) or _unparse(arg.annotation)
                root = qual.split(".")[0]
                if root in ("requests", "urllib", "urllib3", "httpx", "http", "grpc", "_pytest", "pytest") or (
                    "Prepared" in qual or "Fixture" in qual
                ):
                    return False
                return True
        return True

    def source_of(self, node: ast.AST, kind: str | None = None) -> TaintSource | None:
        """``node`` itself reads client data (``request.args``, ``request.get_json()`` ...)."""
        if kind == "path" and isinstance(node, (ast.Attribute, ast.Call)):
            member = self._archive_member_name(node)
            if member is not None:
                return member
        if kind in _SESSION_KINDS and isinstance(node, (ast.Subscript, ast.Call)):
            stored = self._session_source(node, kind)  # type: ignore[arg-type]
            if stored is not None:
                return stored
        if kind == "url" and isinstance(node, ast.Attribute) and self._stored_url(node):
            return TaintSource(node, f"`{_short(_unparse(node))}` (a URL users register, stored with the record)", "stored")
        # `request.args["q"]`, `request.args.get("q")`: describe the whole read.
        inner = None
        if isinstance(node, ast.Subscript):
            inner = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _READ_METHODS:
            if any(
                kw.arg == "type" and isinstance(kw.value, ast.Name) and kw.value.id in _TYPE_KEYWORD_SAFE
                for kw in node.keywords
            ):
                return None  # Flask: request.args.get("page", type=int)
            inner = node.func.value
        if inner is not None:
            base = self._direct_source(inner, kind)
            if base is not None and kind == "redirect" and self._is_referer_read(node):
                return None  # redirecting back where the browser came from
            if base is not None:
                return TaintSource(node, f"`{_short(_unparse(node))}` (HTTP request data)", base.category)
            return None
        return self._direct_source(node, kind)

    @staticmethod
    def _is_referer_read(node: ast.AST) -> bool:
        key = None
        if isinstance(node, ast.Subscript):
            key = node.slice
        elif isinstance(node, ast.Call) and node.args:
            key = node.args[0]
        return isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.lower() in (
            "referer", "referrer", "http_referer"
        )

    def _direct_source(self, node: ast.AST, kind: str | None) -> TaintSource | None:
        target = node
        if isinstance(target, ast.Await):
            target = target.value
        if isinstance(target, ast.Call):
            func = target.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in TORNADO_METHODS
                and isinstance(func.value, ast.Name)
                and func.value.id == "self"
            ):
                return TaintSource(node, f"`{_short(_unparse(node))}` (HTTP request data)")
            target = func
        if not isinstance(target, ast.Attribute):
            return None
        if target.attr in ("path_args", "path_kwargs") and isinstance(target.value, ast.Name) and target.value.id == "self":
            cls = next((a for a in ancestors(target) if isinstance(a, ast.ClassDef)), None)
            if self.tornado_handler(cls):
                return TaintSource(node, f"`{_short(_unparse(node))}` (the URL's path arguments)")
        if target.attr in ("args", "text", "caption"):
            bot = self._telegram_source(target)
            if bot is not None:
                return bot
        if target.attr not in REQUEST_ATTRS:
            # `req.ref` where `req: ReleaseRequest` is a dataclass/pydantic model: a field of the decoded body.
            cls = self._body_model_param(target.value)
            if cls is None or self._field_is_safe(cls, target.attr) is not False:
                return None
            return TaintSource(node, f"`{_short(_unparse(node))}` (a field of the request body)", "model")
        if not self.is_request_object(target.value):
            return None
        cls = self._body_model_param(target.value)
        if cls is not None and self._field_is_safe(cls, target.attr) is not False:
            return None  # a declared number/enum field, or a method of the model
        if kind == "redirect" and target.attr in SELF_URL_ATTRS:
            return None
        category = "files" if target.attr == "files" else "django_files" if target.attr == "FILES" else ""
        return TaintSource(node, f"`{_short(_unparse(node))}` (HTTP request data)", category)

    # -- archive members ---------------------------------------------------------------

    def _archive_member_name(self, node: ast.Attribute | ast.Call) -> TaintSource | None:
        """The name of a member of a zip/tar archive (``info.filename``, ``member.name``, an item of
        ``zf.namelist()``): chosen by whoever built the archive, so ``../`` in it climbs out (zip slip)."""
        if isinstance(node, ast.Attribute):
            if node.attr not in _ARCHIVE_NAME_ATTRS or self._archive_entry(node.value) != "entry":
                return None
        elif not (
            isinstance(node.func, ast.Attribute)
            and node.func.attr in _ARCHIVE_NAME_LISTS
            and not node.args
            and not self._is_module(node.func.value)
        ):
            return None
        return TaintSource(node, f"`{_short(_unparse(node))}` (a member name chosen by whoever built the archive)", "archive")

    def _is_module(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id in self.info.aliases

    def _archive_entry(self, node: ast.AST, depth: int = 0) -> str | None:
        """"entry" (a ZipInfo/TarInfo), "entries" (an iterable of them), or None."""
        if depth > 4:
            return None
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and not self._is_module(func.value):
                if func.attr in ("infolist", "getmembers") and not node.args:
                    return "entries"
                if func.attr in ("getinfo", "getmember") and node.args:
                    return "entry"
            qual = self.info.qualname(func) or ""
            if qual in ("tarfile.open", "tarfile.TarFile", "tarfile.TarFile.open"):
                return "entries"  # a TarFile iterates over its TarInfo members
            if qual in ("sorted", "list", "tuple", "reversed", "filter", "iter", "enumerate") and node.args:
                inner = self._archive_entry(node.args[-1], depth + 1)
                return "entries" if inner == "entries" else None
            return None
        if isinstance(node, ast.Subscript):
            return "entry" if self._archive_entry(node.value, depth + 1) == "entries" else None
        if isinstance(node, ast.Name):
            found = None
            for d in self.reaching_defs(node):
                if d.value is None:
                    return None
                if isinstance(d.owner, (ast.For, ast.AsyncFor, ast.comprehension)):
                    kind = "entry" if self._archive_entry(d.value, depth + 1) == "entries" else None
                else:
                    kind = self._archive_entry(d.value, depth + 1)
                if kind is None or (found is not None and kind != found):
                    return None
                found = kind
            return found
        return None

    # -- routes ----------------------------------------------------------------------

    def _enum_classes(self) -> set[str]:
        return self.info.fact(_enum_classes)

    def _scan_enum_classes(self) -> set[str]:
        if self._enums is None:
            self._enums = set()
            for stmt in self.info.nodes:  # the same nodes as walk(tree), already listed
                if isinstance(stmt, ast.ClassDef):
                    bases = {_last(self.info.qualname(b) or "") for b in stmt.bases}
                    if bases & {"Enum", "IntEnum", "StrEnum", "IntFlag", "Flag"}:
                        self._enums.add(stmt.name)
        return self._enums

    # -- request-body models ------------------------------------------------------------

    def _module_class(self, name: str) -> ast.ClassDef | None:
        return self.info.fact(_module_class, name)

    def _scan_module_class(self, name: str) -> ast.ClassDef | None:
        if self._classes is None:
            self._classes = {}
            for stmt in self.info.tree.body:
                if isinstance(stmt, ast.ClassDef):
                    self._classes.setdefault(stmt.name, stmt)
        return self._classes.get(name)

    def _is_none(self, node: ast.AST) -> bool:
        return (isinstance(node, ast.Constant) and node.value is None) or _last(self.info.qualname(node) or "") in ("None", "NoneType")

    def _annotated_class(self, ann: ast.AST | None) -> ast.Name | ast.Attribute | None:
        """The class an annotation names: ``X``, ``Optional[X]``, ``X | None``, ``Annotated[X, ...]``, ``"X"``."""
        for _ in range(6):
            if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
                try:
                    ann = ast.parse(ann.value, mode="eval").body
                except SyntaxError:
                    return None
            elif isinstance(ann, ast.BinOp) and isinstance(ann.op, ast.BitOr):
                parts = [p for p in (ann.left, ann.right) if not self._is_none(p)]
                if len(parts) != 1:
                    return None
                ann = parts[0]
            elif isinstance(ann, ast.Subscript):
                outer = _last(self.info.qualname(ann.value) or "")
                inner = ann.slice
                elts = inner.elts if isinstance(inner, ast.Tuple) else [inner]
                if outer == "Annotated" and elts:
                    ann = elts[0]
                elif outer in ("Optional", "Union"):
                    parts = [e for e in elts if not self._is_none(e)]
                    if len(parts) != 1:
                        return None
                    ann = parts[0]
                else:
                    return None
            else:
                break
        return ann if isinstance(ann, (ast.Name, ast.Attribute)) else None

    def _is_data_class(self, cls: ast.ClassDef, depth: int = 0) -> bool:
        """A pydantic model, dataclass, attrs class, TypedDict, msgspec Struct... (plain data)."""
        for deco in cls.decorator_list:
            qual = self.info.qualname(deco.func if isinstance(deco, ast.Call) else deco) or ""
            if _last(qual) == "dataclass" or (
                _last(qual) in _DATACLASS_DECORATORS and qual.split(".")[0] in ("attr", "attrs", "dataclasses_json", "pydantic")
            ):
                return True
        for base in cls.bases:
            if _last(self.info.qualname(base) or "") in _DATA_BASES:
                return True
            if isinstance(base, ast.Name) and depth < 3:
                local = self._module_class(base.id)
                if local is not None and local is not cls and self._is_data_class(local, depth + 1):
                    return True
        return False

    def body_model(self, ann: ast.AST | None, imported: bool) -> tuple[bool, ast.ClassDef | None]:
        """Whether an annotation names a request-body model (not a framework request), and its class if
        it is defined in this module.  Imported classes count only when ``imported`` (a route's parameter)."""
        target = self._annotated_class(ann)
        if target is None:
            return False, None
        qual = self.info.qualname(target) or ""
        name = _last(qual)
        if isinstance(target, ast.Name) and qual == target.id:
            cls = self._module_class(target.id)
            if cls is not None:
                return (True, cls) if self._is_data_class(cls) else (False, None)
        if not imported:
            return False, None
        root = qual.lstrip(".").split(".")[0]
        if (
            root in _WEB_PACKAGES
            or _FRAMEWORK_REQUEST_NAME.match(name)
            or name in _FRAMEWORK_TYPES
            or self._annotation_kind(target) != "model"
        ):
            return False, None
        return True, None

    def _body_model_param(self, node: ast.AST) -> ast.ClassDef | None:
        """``req`` in ``def checkout(self, req: ReleaseRequest)``: an incoming request decoded into a data
        class of this module (so every declared field is client data)."""
        if not isinstance(node, ast.Name) or node.id not in REQUEST_NAMES or not self.is_request_object(node):
            return None
        func = enclosing_function(node)
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        for arg in [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]:
            if arg.arg == node.id and arg.annotation is not None:
                return self.body_model(arg.annotation, False)[1]
        return None

    @staticmethod
    def _pattern_checked(node: ast.AST | None) -> bool:
        """``Field(pattern=r"^[a-f0-9]{32}$")``/``constr(regex=...)``: an anchored pattern of a narrow charset."""
        if node is None:
            return False
        for sub in walk(node):
            if isinstance(sub, ast.Call):
                for kw in sub.keywords:
                    if kw.arg in ("pattern", "regex") and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                        pattern = kw.value.value
                        if (
                            pattern.startswith(("^", "\\A"))
                            and pattern.endswith(("$", "\\Z", "\\z"))
                            and not any(t in pattern for t in (".*", ".+", "\\S", "[^", "|"))
                        ):
                            return True
        return False

    def _field_is_safe(self, cls: ast.ClassDef, attr: str, depth: int = 0) -> bool | None:
        """True: the model declares ``attr`` as a number, bool, Literal, enum or pattern-checked string;
        False: as anything else; None: it does not declare it (a method, a property)."""
        for stmt in cls.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == attr:
                if self._annotation_kind(stmt.annotation) == "safe":
                    return True
                return self._pattern_checked(stmt.annotation) or self._pattern_checked(stmt.value)
        if depth < 3:
            for base in cls.bases:
                if isinstance(base, ast.Name):
                    local = self._module_class(base.id)
                    if local is not None and local is not cls:
                        found = self._field_is_safe(local, attr, depth + 1)
                        if found is not None:
                            return found
        return None

    def _safe_model_field(self, node: ast.Attribute) -> bool:
        """``body.count`` where every parameter ``body`` can be is a model of this module declaring ``count: int``."""
        if not isinstance(node.value, ast.Name):
            return False
        candidates = self._facts_of(enclosing_function(node)).defs.get(node.value.id, ())
        if not any(d.param is not None and d.param.annotation is not None for d in candidates):
            return False
        defs = self.reaching_defs(node.value)
        if not defs:
            return False
        for d in defs:
            if d.param is None or d.param.annotation is None:
                return False
            _is_model, cls = self.body_model(d.param.annotation, True)
            if cls is None or self._field_is_safe(cls, node.attr) is not True:
                return False
        return True

    # -- background tasks --------------------------------------------------------------

    def is_task(self, func: ast.AST | None) -> bool:
        """A Celery/Dramatiq/Huey task: ``@shared_task``, ``@app.task(bind=True)``, ``@dramatiq.actor``."""
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        for deco in func.decorator_list:
            target = deco.func if isinstance(deco, ast.Call) else deco
            qual = self.info.qualname(target) or ""
            if qual in _TASK_DECORATORS:
                return True
            if isinstance(target, ast.Attribute) and target.attr == "task" and isinstance(target.value, ast.Name):
                receiver = target.value.id.lower()
                if "celery" in receiver or "huey" in receiver or self._imports_task_queue():
                    return True
        return False

    def _imports_task_queue(self) -> bool:
        return any(
            part in ("celery", "huey") for m in self.info.imported_modules for part in m.lstrip(".").split(".")
        )

    def _task_params(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, TaintSource]:
        if not self.is_task(func):
            return {}
        bound = any(
            isinstance(deco, ast.Call) and any(kw.arg == "bind" and isinstance(kw.value, ast.Constant) and kw.value.value is True for kw in deco.keywords)
            for deco in func.decorator_list
        )
        result: dict[str, TaintSource] = {}
        for i, arg in enumerate([*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]):
            if arg.arg in ("self", "cls") or (bound and i == 0):
                continue
            if arg.annotation is not None and self._annotation_kind(arg.annotation) in ("safe", "framework"):
                continue
            result[arg.arg] = TaintSource(arg, f"task argument `{arg.arg}` (chosen by whoever enqueues the task)", "task")
        return result

    # -- data stored by users ------------------------------------------------------------

    def _stored_url(self, node: ast.Attribute) -> bool:
        """``tenant.webhook_url``, ``hook.url``: a URL a user registered, read back from a record (not config)."""
        attr = node.attr
        if attr.isupper():
            return False
        owner = node.value
        owner_name = owner.attr if isinstance(owner, ast.Attribute) else owner.id if isinstance(owner, ast.Name) else ""
        if not (_STORED_URL_ATTR.match(attr) or (attr in _STORED_URL_FIELD and _STORED_URL_OWNER.search(owner_name))):
            return False
        return self._record_owner(owner, allow_self_chain=True)

    def stored_template(self, node: ast.Attribute) -> bool:
        """``invoice.footer_template``, ``page.body``: template text kept in a record users edit (not
        ``self.template``, ``settings.X`` or a module-level configuration object)."""
        attr = node.attr
        if attr.isupper() or not (_STORED_TEMPLATE_ATTR.match(attr) or attr in ("body", "content")):
            return False
        owner = node.value
        root = owner
        while isinstance(root, (ast.Attribute, ast.Subscript)):
            root = root.value
        if isinstance(root, ast.Name) and (root.id in REQUEST_NAMES or _NOT_RECORD_OWNER.match(root.id)):
            return False  # an HTTP response, an open file, the request (tracked as request data)
        if attr in ("body", "content") and isinstance(root, ast.Name):
            for value in self.reaching_values(root):
                if isinstance(value, (ast.Call, ast.Await)):
                    call = value.value if isinstance(value, ast.Await) else value
                    qual = self.info.qualname(call.func) if isinstance(call, ast.Call) else ""
                    if (qual or "").split(".")[0] in ("requests", "httpx", "urllib", "urllib3", "aiohttp", "email"):
                        return False  # resp = requests.get(...): a downloaded document
        return self._record_owner(owner, allow_self_chain=False)

    def _record_owner(self, owner: ast.AST, allow_self_chain: bool) -> bool:
        """The object an attribute is read from is a record loaded at run time, not configuration."""
        parts: list[str] = []
        current: ast.AST = owner
        while True:
            if isinstance(current, ast.Attribute):
                parts.append(current.attr)
                current = current.value
            elif isinstance(current, ast.Subscript):
                current = current.value
            elif isinstance(current, ast.Call):
                parts.append(_callee(self.info, current))
                current = current.func.value if isinstance(current.func, ast.Attribute) else current.func
            else:
                break
        if not isinstance(current, ast.Name):
            return False
        if current.id in self.info.aliases or current.id.isupper():
            return False  # a module or a constant: configuration
        if current.id in ("self", "cls"):
            if not parts or not allow_self_chain:
                return False  # self.webhook_url: how this client was configured
        else:
            parts.append(current.id)
            found = self.info.lookup(current)
            if found is not None and found[0].node is None:
                return False  # a module-level object: configuration
            defs = self.reaching_defs(current)
            if defs and all(d.value is not None and self._config_expression(d.value) for d in defs):
                return False  # for hook in settings.WEBHOOKS: ...
        return not any(_CONFIG_OBJECT.match(p) for p in parts)

    def _config_expression(self, value: ast.AST) -> bool:
        """An expression built only from configuration: constants, settings, the environment."""
        names = [n.id for n in walk(value) if isinstance(n, ast.Name)]
        return bool(names) and all(
            n.isupper()
            or _CONFIG_OBJECT.match(n)
            or re.search(r"(settings|config|conf|environ)\b", self.info.aliases.get(n, ""))
            for n in names
        )

    def _session_object(self, node: ast.AST) -> bool:
        """Flask's ``session``, Django's/Starlette's ``request.session``."""
        if isinstance(node, ast.Name):
            return self.info.qualname(node) in ("flask.session", "quart.session", "flask.globals.session")
        return isinstance(node, ast.Attribute) and node.attr == "session" and self.is_request_object(node.value)

    def _session_key(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Subscript):
            receiver, key = node.value, node.slice
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "pop", "setdefault") and node.args:
            receiver, key = node.func.value, node.args[0]
        else:
            return None
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)) or not self._session_object(receiver):
            return None
        return key.value

    def _session_writes_map(self) -> dict[str, list[ast.expr]]:
        if self._session_writes is None:
            self._session_writes = {}
            for node in self.info.nodes:
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Subscript):
                            key = self._session_key(target)
                            if key is not None:
                                self._session_writes.setdefault(key, []).append(node.value)
        return self._session_writes

    def _session_source(self, node: ast.Subscript | ast.Call, kind: str) -> TaintSource | None:
        """``session.pop("next")`` where some view of this module stored request data under "next"."""
        if isinstance(node, ast.Subscript) and isinstance(parent(node), ast.Assign) and node in parent(node).targets:  # type: ignore[union-attr]
            return None
        key = self._session_key(node)
        if key is None:
            return None
        memo_key = (key, kind)
        if memo_key in self._session_memo:
            cached = self._session_memo[memo_key]
            hit = None if cached is _PENDING else cached
        else:
            self._session_memo[memo_key] = _PENDING
            hit = None
            for value in self._session_writes_map().get(key, ()):
                hit = self._taint(value, kind, None, False, 1)
                if hit is not None:
                    break
            self._session_memo[memo_key] = hit
        if hit is None:
            return None
        line = getattr(hit.node, "lineno", 0)
        return TaintSource(
            node, f"`{_short(_unparse(node))}` (stored in the session from {hit.description}, line {line})", hit.category
        )

    def _annotation_kind(self, ann: ast.AST) -> str:
        """"safe" (numbers, UUIDs, enums...), "framework", "files", "dict", "model" or "" (text)."""
        if isinstance(ann, ast.Constant):
            if ann.value is None:
                return "none"
            if isinstance(ann.value, str):
                try:
                    ann = ast.parse(ann.value, mode="eval").body
                except SyntaxError:
                    return ""
            else:
                return ""
        if isinstance(ann, ast.BinOp) and isinstance(ann.op, ast.BitOr):
            kinds = {self._annotation_kind(ann.left), self._annotation_kind(ann.right)} - {"none"}
            if not kinds or kinds == {"safe"}:
                return "safe"
            for k in ("", "dict", "files", "model", "framework"):
                if k in kinds:
                    return k
            return ""
        if isinstance(ann, ast.Subscript):
            outer = _last(self.info.qualname(ann.value) or "")
            if outer == "Literal":
                return "safe"
            if outer in ("Dict", "dict", "Mapping"):
                return "dict"
            if outer in _WRAPPER_TYPES:
                inner = ann.slice
                elts = inner.elts if isinstance(inner, ast.Tuple) else [inner]
                if outer == "Annotated":
                    elts = elts[:1]
                kinds = {self._annotation_kind(e) for e in elts}
                kinds.discard("none")
                if not kinds or kinds == {"safe"}:
                    return "safe"
                for k in ("", "dict", "files", "model", "framework"):
                    if k in kinds:
                        return k
                return ""
            return ""
        name = _last(self.info.qualname(ann) or "")
        if name in ("None", "NoneType"):
            return "none"
        if name in SAFE_TYPES or name in self._enum_classes():
            return "safe"
        if name in _FRAMEWORK_TYPES:
            return "framework"
        if name in _FILE_TYPES:
            return "files"
        if name in _DICT_TYPES:
            return "dict"
        if name in ("str", "bytes", "Path", "HttpUrl", "AnyUrl", "AnyHttpUrl", "constr", "SecretStr"):
            return ""
        if name[:1].isupper():
            return "model"
        return ""

    def _dependency_annotation(self, ann: ast.AST) -> bool:
        if not (isinstance(ann, ast.Subscript) and _last(self.info.qualname(ann.value) or "") == "Annotated"):
            return False
        elts = ann.slice.elts if isinstance(ann.slice, ast.Tuple) else []
        return any(
            isinstance(e, ast.Call) and _last(self.info.qualname(e.func) or "") in ("Depends", "Security") for e in elts[1:]
        )

    def _route_decorator(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[bool, str | None, ast.Call | None]:
        """(is a route, the route's path literal, the decorator call)."""
        for deco in func.decorator_list:
            call = deco if isinstance(deco, ast.Call) else None
            qual = self.info.qualname(call.func if call else deco) or ""
            last = _last(qual)
            if last not in ROUTE_METHODS:
                continue
            if last in _NEEDS_PATH and call is None:
                continue
            if qual.startswith(("functools.", "pytest.", "property")):
                continue
            path = None
            if call is not None:
                first = call.args[0] if call.args else None
                if first is None:
                    kw = next((k for k in call.keywords if k.arg in ("path", "rule")), None)
                    first = kw.value if kw else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    path = first.value
                if last in _NEEDS_PATH and first is None:
                    continue
            return True, path, call
        return False, None, None

    def _route_paths(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
        paths = []
        for deco in func.decorator_list:
            if isinstance(deco, ast.Call) and _last(self.info.qualname(deco.func) or "") in ROUTE_METHODS:
                first = deco.args[0] if deco.args else next(
                    (k.value for k in deco.keywords if k.arg in ("path", "rule")), None
                )
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    paths.append(first.value)
        return paths

    def view_kind(self, func: ast.AST | None) -> str | None:
        """"route" (a decorated Flask/FastAPI/... handler), "django" (a function view taking
        ``request``), "method" (a class-based view's handler), or None."""
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        is_route, _, _ = self._route_decorator(func)
        if is_route:
            return "route"
        args = [*func.args.posonlyargs, *func.args.args]
        in_class = isinstance(parent(func), ast.ClassDef)
        if not in_class and args and args[0].arg == "request" and func.name != "__init__":
            return "django"
        if (
            in_class
            and len(args) > 1
            and args[0].arg in ("self", "cls")
            and args[1].arg == "request"
            and func.name in _VIEW_METHODS
        ):
            return "method"
        if in_class and func.name in _TORNADO_HANDLER_METHODS and self.tornado_handler(parent(func)):
            return "tornado"
        if (
            in_class
            and len(args) >= 3
            and _FALCON_RESPONDER.match(func.name)
            and args[1].arg in REQUEST_NAMES
            and args[2].arg in ("resp", "response", "res")
        ):
            return "falcon"
        if (
            not in_class
            and len(args) == 2
            and not func.args.kwonlyargs
            and args[0].arg in _LAMBDA_EVENT
            and args[1].arg in _LAMBDA_CONTEXT
        ):
            return "lambda"
        if self._bot_command(func):
            return "bot"
        if self._graphql_resolver(func) is not None:
            return "graphql"
        return None

    # -- chat bots -----------------------------------------------------------------------

    def _imports_bot_library(self) -> bool:
        return any(m.lstrip(".").split(".")[0] in _BOT_PACKAGES for m in self.info.imported_modules)

    def _bot_command(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        """A discord.py-style command (``@bot.command()``, ``@app_commands.command()``) whose parameters
        are the arguments a chat user typed; click's ``@cli.command()`` is told apart by the import."""
        args = [*func.args.posonlyargs, *func.args.args]
        if isinstance(parent(func), ast.ClassDef) and args and args[0].arg == "self":
            args = args[1:]  # a command inside a Cog
        if not args or args[0].arg not in ("ctx", "context", "interaction", "inter", "itx", "inte"):
            return False
        if not any(
            _last(self.info.qualname(d.func if isinstance(d, ast.Call) else d) or "") in _BOT_COMMAND_DECORATORS
            for d in func.decorator_list
        ):
            return False
        return self._imports_bot_library()

    def _bot_params(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, TaintSource]:
        args = [*func.args.posonlyargs, *func.args.args]
        if args and args[0].arg == "self":
            args = args[1:]
        result: dict[str, TaintSource] = {}
        for arg in [*args[1:], *func.args.kwonlyargs, func.args.vararg]:
            if arg is None:
                continue
            if arg.annotation is not None and self._annotation_kind(arg.annotation) in ("safe", "framework"):
                continue
            if arg.annotation is not None and _last(_unparse(arg.annotation)) in (
                "Member", "User", "Role", "TextChannel", "VoiceChannel", "Channel", "Guild", "Emoji", "Attachment"
            ):
                continue  # resolved by the library to an existing object
            result[arg.arg] = TaintSource(arg, f"bot command argument `{arg.arg}` (typed by a chat user)", "")
        return result

    def _telegram_source(self, node: ast.Attribute) -> TaintSource | None:
        """python-telegram-bot: ``context.args`` and ``update.message.text`` in a handler ``(update, context)``."""
        func = enclosing_function(node)
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        args = [*func.args.posonlyargs, *func.args.args]
        if args and args[0].arg == "self":
            args = args[1:]
        value = node.value
        if isinstance(value, ast.Name) and args and self._imports_bot_library():
            # aiogram / pyTelegramBotAPI: `message: Message` -> message.text, `command: CommandObject` -> .args
            param = next((a for a in args if a.arg == value.id), None)
            ann = _last(_unparse(param.annotation)) if param is not None and param.annotation is not None else ""
            handler = param is args[0] and any(
                isinstance(d, ast.Call) and _last(self.info.qualname(d.func) or "") in ("message_handler", "message", "edited_message")
                for d in func.decorator_list
            )
            if node.attr in ("text", "caption") and (ann == "Message" or handler):
                return TaintSource(node, f"`{_short(_unparse(node))}` (a chat message)")
            if node.attr == "args" and ann == "CommandObject":
                return TaintSource(node, f"`{_short(_unparse(node))}` (the command's arguments, typed by a chat user)")
        if len(args) < 2 or args[0].arg not in ("update", "upd") or not self._imports_bot_library():
            return None
        if node.attr == "args" and isinstance(value, ast.Name) and value.id == args[1].arg:
            return TaintSource(node, f"`{_short(_unparse(node))}` (the command's arguments, typed by a chat user)")
        if (
            node.attr in ("text", "caption")
            and isinstance(value, ast.Attribute)
            and value.attr in ("message", "effective_message", "edited_message", "channel_post")
            and isinstance(value.value, ast.Name)
            and value.value.id == args[0].arg
        ):
            return TaintSource(node, f"`{_short(_unparse(node))}` (a chat message)")
        return None

    # -- Tornado -------------------------------------------------------------------------

    def tornado_handler(self, cls: ast.AST | None, depth: int = 0) -> bool:
        """A ``tornado.web.RequestHandler``/``WebSocketHandler`` subclass (also through classes of this
        module, or a ``*Handler`` base imported from the project in a module that uses Tornado)."""
        if not isinstance(cls, ast.ClassDef) or depth > 5:
            return False
        cached = self._tornado_classes.get(id(cls))
        if cached is not None:
            return cached
        self._tornado_classes[id(cls)] = False
        result = False
        uses_tornado = any(m.split(".")[0] == "tornado" for m in self.info.imported_modules)
        for base in cls.bases:
            qual = self.info.qualname(base) or ""
            name = _last(qual)
            if qual.startswith("tornado.") and name in _TORNADO_BASES:
                result = True
            elif isinstance(base, ast.Name) and qual == base.id:
                local = self._module_class(base.id)
                if local is not None and local is not cls:
                    result = self.tornado_handler(local, depth + 1)
                else:
                    result = uses_tornado and name in _TORNADO_BASES
            elif (
                uses_tornado
                and name.endswith("Handler")
                and (qual.startswith(".") or qual.split(".")[0] not in _NOT_TORNADO_ROOTS)
            ):
                result = True  # from .base import BaseHandler
            if result:
                break
        self._tornado_classes[id(cls)] = result
        return result

    def _tornado_safe_params(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
        """Path arguments whose URL pattern group admits only letters, digits, ``-`` and ``_``
        in every registration of the handler in this module (``(r"/rooms/([0-9]+)", RoomHandler)``)."""
        cls = parent(func)
        if not isinstance(cls, ast.ClassDef):
            return set()
        params = [a.arg for a in [*func.args.posonlyargs, *func.args.args]][1:]
        patterns: list[str] = []
        for node in self.info.nodes:
            elts = None
            if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) >= 2:
                elts = node.elts
            elif isinstance(node, ast.Call) and len(node.args) >= 2 and _last(self.info.qualname(node.func) or "") in ("url", "URLSpec"):
                elts = node.args
            if elts is None or not (isinstance(elts[1], ast.Name) and elts[1].id == cls.name):
                continue
            pattern = self._const_str(elts[0])
            if pattern is None:
                return set()  # a pattern built at run time: say nothing about it
            patterns.append(pattern)
        if not patterns:
            return set()
        safe = set(params)
        for pattern in patterns:
            groups = _pattern_groups(pattern)
            if groups is None:
                return set()
            named = {name: narrow for name, narrow in groups if name}
            for i, pname in enumerate(params):
                if named:
                    narrow = named.get(pname, False)
                else:
                    narrow = groups[i][1] if i < len(groups) else False
                if not narrow:
                    safe.discard(pname)
        return safe

    # -- GraphQL ---------------------------------------------------------------------------

    def _graphql_resolver(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
        """"ariadne" (``@query.field("x")``), "strawberry" (``@strawberry.field``/``mutation``) or
        "graphene" (``resolve_x``/``mutate`` of an ObjectType/Mutation): a resolver whose arguments
        are the client's GraphQL arguments."""
        key = id(func)
        if key in self._resolvers:
            return self._resolvers[key]
        found = None
        for deco in func.decorator_list:
            target = deco.func if isinstance(deco, ast.Call) else deco
            qual = self.info.qualname(target) or ""
            if qual.startswith("strawberry.") and _last(qual) in ("field", "mutation", "subscription"):
                found = "strawberry"
                break
            if (
                isinstance(deco, ast.Call)
                and isinstance(target, ast.Attribute)
                and target.attr in ("field", "source")
                and isinstance(target.value, ast.Name)
                and self._ariadne_type(target.value)
            ):
                found = "ariadne"
                break
        owner = parent(func)
        if (
            found is None
            and isinstance(owner, ast.ClassDef)
            and (func.name.startswith("resolve_") or func.name in ("mutate", "mutate_and_get_payload"))
            and any(m.split(".")[0] in ("graphene", "graphene_django") for m in self.info.imported_modules)
        ):
            found = "graphene"
        self._resolvers[key] = found
        return found

    def _ariadne_type(self, name: ast.Name) -> bool:
        """``query = QueryType()`` / ``ObjectType("User")`` from ariadne."""
        found = self.info.lookup(name)
        for value in found[1] if found else ():
            if isinstance(value, ast.Call) and (self.info.qualname(value.func) or "").startswith("ariadne."):
                return True
        return False

    def _graphql_params(self, func: ast.FunctionDef | ast.AsyncFunctionDef, flavour: str) -> list[ast.arg]:
        """The parameters of a resolver that hold client arguments (not ``obj``/``root``/``self``/``info``)."""
        positional = [*func.args.posonlyargs, *func.args.args]
        if flavour == "strawberry":
            skip = 1 if positional and positional[0].arg in ("self", "cls", "root", "parent") else 0
            params = positional[skip:] + list(func.args.kwonlyargs)
            return [
                a for a in params
                if a.arg not in ("info", "root", "self")
                and not (a.annotation is not None and _last(self.info.qualname(a.annotation) or _unparse(a.annotation)).startswith("Info"))
            ]
        return positional[2:] + list(func.args.kwonlyargs)

    def _looks_like_django_view(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        """A function taking ``request`` that Django routes to (not a helper taking the request along)."""
        for deco in func.decorator_list:
            qual = self.info.qualname(deco.func if isinstance(deco, ast.Call) else deco) or ""
            if qual.split(".")[0] in ("django", "rest_framework") or _last(qual) in _VIEW_DECORATORS:
                return True
        for sub in walk(func):
            if isinstance(sub, ast.Return) and sub.value is not None:
                values = [sub.value]
                if isinstance(sub.value, ast.Name):
                    values = [d.value for d in self._facts_of(func).defs.get(sub.value.id, ()) if d.value is not None]
                for value in values:
                    if isinstance(value, ast.Call) and _RESPONSE_NAMES.match(_last(self.info.qualname(value.func) or "")):
                        return True
        return False

    def _route_params(self, func: ast.AST) -> dict[str, TaintSource]:
        kind = self.view_kind(func)
        if kind is None:
            return {}
        assert isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef))
        safe_params: set[str] = set()
        if kind == "route":
            # A parameter is numeric only if every route declaring it converts it
            # (`@app.route("/page/<int:page>")` stacked on `@app.route("/", defaults={"page": 1})`).
            unsafe: set[str] = set()
            for path in self._route_paths(func):
                for converter, name in re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", path):
                    (safe_params if converter in FLASK_SAFE_CONVERTERS else unsafe).add(name)
                for name, converter in re.findall(r"\{(\w+)(?::(\w+))?\}", path):
                    (safe_params if converter in ("int", "float", "uuid") else unsafe).add(name)
            safe_params -= unsafe
        positional = [*func.args.posonlyargs, *func.args.args]
        if kind == "django" and not self._looks_like_django_view(func):
            return {}
        if kind == "tornado":
            return self._tornado_params(func)
        if kind == "graphql":
            return self._resolver_params(func)
        if kind == "bot":
            return self._bot_params(func)
        if kind == "lambda":
            event = positional[0]
            return {event.arg: TaintSource(event, f"Lambda event `{event.arg}` (API Gateway request data)", "dict")}
        if kind == "falcon":
            positional = positional[3:]
        takes_request = any(a.arg == "request" for a in positional[:2])
        defaults = dict(zip(reversed([a.arg for a in positional]), reversed(func.args.defaults)))
        defaults.update({a.arg: d for a, d in zip(func.args.kwonlyargs, func.args.kw_defaults) if d is not None})
        result: dict[str, TaintSource] = {}
        for arg in [*positional, *func.args.kwonlyargs]:
            if arg.arg in safe_params:
                continue
            if arg.arg in NON_DATA_PARAMS and not (
                # FastAPI: `async def predict(req: PredictRequest)` is the JSON body, not the Request object.
                kind == "route" and arg.arg in REQUEST_NAMES and self.body_model(arg.annotation, True)[0]
            ):
                continue
            if arg.annotation is not None and self._dependency_annotation(arg.annotation):
                continue  # Annotated[str, Depends(get_tenant)]: computed by the app
            if takes_request and _DJANGO_ID_PARAM.match(arg.arg) and arg.annotation is None:
                continue
            category = ""
            if arg.annotation is not None:
                ann_kind = self._annotation_kind(arg.annotation)
                if ann_kind in ("safe", "framework"):
                    continue
                if ann_kind in ("files", "dict", "model"):
                    category = ann_kind
            default = defaults.get(arg.arg)
            if isinstance(default, ast.Call):
                dq = _last(self.info.qualname(default.func) or "")
                if dq in ("Depends", "Security"):
                    continue
                if dq == "File":
                    category = "files"
            result[arg.arg] = TaintSource(arg, f"route parameter `{arg.arg}` (from the URL or request)", category)
        if kind in ("django", "method") and func.args.kwarg is not None:
            kw = func.args.kwarg
            result[kw.arg] = TaintSource(kw, f"URL keyword arguments `{kw.arg}`", "urlkw")
        return result

    def _tornado_params(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, TaintSource]:
        """Path arguments of a Tornado handler method, or the message of ``on_message``."""
        result: dict[str, TaintSource] = {}
        safe = self._tornado_safe_params(func) if func.name != "on_message" else set()
        params = [*func.args.posonlyargs, *func.args.args][1:] + list(func.args.kwonlyargs)
        for arg in [*params, func.args.vararg, func.args.kwarg]:
            if arg is None or arg.arg in safe:
                continue
            if arg.annotation is not None and self._annotation_kind(arg.annotation) in ("safe", "framework"):
                continue
            what = "the WebSocket message" if func.name == "on_message" else "URL path argument"
            result[arg.arg] = TaintSource(arg, f"{what} `{arg.arg}` (from the client)", "urlkw" if arg is func.args.kwarg else "")
        return result

    def _resolver_params(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, TaintSource]:
        """GraphQL arguments of a resolver (numbers, enums and IDs declared as ``int`` are safe)."""
        flavour = self._graphql_resolver(func) or ""
        result: dict[str, TaintSource] = {}
        for arg in self._graphql_params(func, flavour):
            category = ""
            if arg.annotation is not None:
                ann_kind = self._annotation_kind(arg.annotation)
                if ann_kind in ("safe", "framework"):
                    continue
                if ann_kind in ("files", "model"):
                    category = ann_kind  # an input object is validated against the schema: not "dict"
            result[arg.arg] = TaintSource(arg, f"GraphQL argument `{arg.arg}` (from the client)", category)
        for extra in (func.args.vararg, func.args.kwarg):
            if extra is not None:
                result[extra.arg] = TaintSource(extra, f"GraphQL arguments `{extra.arg}` (from the client)", "urlkw")
        return result

    def route_params(self, func: ast.AST | None) -> dict[str, TaintSource]:
        return self._facts_of(func).route_params

    def tainted_names(self, func: ast.AST | None) -> dict[str, TaintSource]:
        """Names that hold request data somewhere in ``func`` (any binding; no sanitisers applied)."""
        facts = self._facts_of(func)
        names = dict(facts.route_params)
        for name, defs in facts.defs.items():
            if name in names:
                continue
            for d in defs:
                hit = self._def_taint(d, "", None, False, 0)
                if hit is not None:
                    names[name] = hit
                    break
        return names

    def guarded_names(self, func: ast.AST | None, kind: str = "") -> set[str]:
        """Names validated in an if/while/assert test somewhere in ``func``."""
        return set(self._guards_of(func, kind).names)

    # -- facts about one function ------------------------------------------------------

    def _facts_of(self, func: ast.AST | None) -> _Facts:
        if func is None:  # the module's own bindings: shared by every block, so facts, name by name
            return _ModuleFacts(self.info)  # type: ignore[return-value]
        return self._build_facts(func)

    def _build_facts(self, func: ast.AST | None) -> _Facts:
        key = id(func)
        facts = self._facts.get(key)
        if facts is not None:
            return facts
        facts = _Facts(func)
        self._facts[key] = facts
        body = self.info.tree if func is None else func
        defs = facts.defs

        def add(d: _Def) -> None:
            defs.setdefault(d.name, []).append(d)

        def bind(target: ast.AST, value: ast.expr | None, owner: ast.AST, end, kill=True, scoped=None) -> None:
            if isinstance(target, ast.Name):
                add(_Def(target.id, value, owner, end, kill, scoped))
            elif isinstance(target, (ast.Tuple, ast.List)):
                values = (
                    value.elts
                    if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts)
                    and not any(isinstance(e, ast.Starred) for e in target.elts)
                    else None
                )
                for i, elt in enumerate(target.elts):
                    sub = elt.value if isinstance(elt, ast.Starred) else elt
                    bind(sub, values[i] if values else value, owner, end, kill, scoped)
            elif isinstance(target, ast.Starred):
                bind(target.value, value, owner, end, kill, scoped)

        if func is not None and isinstance(func, FUNCTION_NODES):
            args = func.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
                if arg is not None:
                    add(_Def(arg.arg, None, func, (0, 0), True, None, param=arg))

        stack: list[ast.AST] = [body] if func is None else child_nodes(body)
        if func is not None and isinstance(func, FUNCTION_NODES):
            # Decorators, defaults and annotations belong to the enclosing scope.
            skip = {id(n) for n in [*getattr(func, "decorator_list", []), func.args, getattr(func, "returns", None)] if n is not None}
            stack = [n for n in stack if id(n) not in skip]
        while stack:
            node = stack.pop()
            if type(node) not in _FACT_NODES:
                # Names, calls, constants...: most nodes bind nothing (a set look-up, not a dozen isinstance).
                if type(node) not in LEAVES:
                    stack.extend(child_nodes(node))
                continue
            if isinstance(node, FUNCTION_NODES) or isinstance(node, ast.ClassDef):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    add(_Def(node.name, None, node, _end(node)))
                continue  # nested scopes are analysed on their own
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    bind(t, node.value, node, _end(node))
            elif isinstance(node, ast.AnnAssign):
                if node.value is not None:
                    bind(node.target, node.value, node, _end(node))
            elif isinstance(node, ast.AugAssign):
                bind(node.target, node.value, node, _end(node), kill=False)
            elif isinstance(node, ast.NamedExpr):
                bind(node.target, node.value, node, _end(node.value), kill=False)
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                bind(node.target, node.iter, node, _end(node.iter), scoped=node.body)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if item.optional_vars is not None:
                        bind(item.optional_vars, item.context_expr, node, _end(item.context_expr), scoped=node.body)
            elif isinstance(node, ast.Match):
                # `case {"path": p}:` / `case [first, *rest]:` bind parts of the subject.
                for case in node.cases:
                    for sub in walk(case.pattern):
                        bound = getattr(sub, "name", None) if isinstance(sub, (ast.MatchAs, ast.MatchStar)) else (
                            sub.rest if isinstance(sub, ast.MatchMapping) else None
                        )
                        if bound:
                            add(_Def(bound, node.subject, case, _end(node.subject), True, case.body))
            elif isinstance(node, ast.ExceptHandler) and node.name:
                add(_Def(node.name, None, node, _pos(node), True, node.body))
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    if alias.name != "*":
                        add(_Def(alias.asname or alias.name.split(".")[0], None, node, _end(node)))
            elif isinstance(node, ast.Return) and node.value is not None:
                facts.returns.append(node)
            stack.extend(child_nodes(node))
        for items in defs.values():
            items.sort(key=lambda d: d.end)
        if func is not None and isinstance(func, FUNCTION_NODES):
            facts.route_params = self._route_params(func)
            if not facts.route_params:
                facts.task_params = self._task_params(func)  # type: ignore[arg-type]
            facts.is_view = self.view_kind(func) is not None
        return facts

    # -- reaching definitions -----------------------------------------------------------

    def _block_of(self, stmt: ast.AST) -> tuple[ast.AST, str, int] | None:
        """(the node whose statement list holds ``stmt``, the field name, the index)."""
        cached = self._blocks.get(id(stmt))
        if cached is not None:
            return cached
        owner = parent(stmt)
        if owner is None:
            return None
        for name, value in ast.iter_fields(owner):
            if isinstance(value, list):
                for i, item in enumerate(value):
                    self._blocks[id(item)] = (owner, name, i)
        return self._blocks.get(id(stmt))

    def _dominates(self, d: _Def, use: ast.AST) -> bool:
        """The binding certainly runs before ``use`` (so earlier bindings cannot reach it)."""
        if d.param is not None:
            return True
        if d.scoped_body is not None:
            body_ids = {id(s) for s in d.scoped_body}
            if any(id(a) in body_ids for a in ancestors(use)):
                return True
        if not d.kill or not isinstance(d.owner, ast.stmt) or isinstance(d.owner, (ast.For, ast.AsyncFor)):
            return False
        block = self._block_of(d.owner)
        if block is None:
            return False
        owner, fieldname, index = block
        for anc in [use, *ancestors(use)]:
            if parent(anc) is owner:
                where = self._block_of(anc)
                return where is not None and where[1] == fieldname and where[2] > index
            if anc is owner:
                return False
        return False

    @staticmethod
    def _branch(node: ast.AST, owner: ast.AST) -> str | None:
        child = node
        for anc in ancestors(node):
            if anc is owner:
                break
            child = anc
        else:
            return None
        for fieldname in ("body", "orelse"):
            if any(child is s for s in getattr(owner, fieldname, ())):
                return fieldname
        return None

    def _exclusive(self, d: _Def, use: ast.AST) -> bool:
        """The binding is in one branch of an ``if`` and the use in the other."""
        chain = {id(a) for a in ancestors(d.owner)}
        for anc in ancestors(use):
            if id(anc) in chain:
                if isinstance(anc, ast.If):
                    branches = {self._branch(d.owner, anc), self._branch(use, anc)}
                    return branches == {"body", "orelse"}
                return False
        return False

    def _select(self, candidates: list[_Def], use: ast.Name) -> list[_Def]:
        use_at = _pos(use)
        result = []
        for d in reversed(candidates):
            if d.param is None and d.end > use_at:
                continue
            if isinstance(d.owner, ast.ExceptHandler) and not self._dominates(d, use):
                continue  # `except E as e`: unbound after the handler
            if d.param is None and self._exclusive(d, use):
                continue
            result.append(d)
            if d.kill and (self._dominates(d, use) or self._both_branches(d, use, candidates)):
                break
        return result

    def _both_branches(self, d: _Def, use: ast.AST, candidates: list[_Def]) -> bool:
        """``if c: x = a`` / ``else: x = b`` before the use: together they replace earlier values."""
        stmt = d.owner
        owner = parent(stmt)
        if not isinstance(owner, ast.If) or not isinstance(stmt, ast.stmt):
            return False
        branch = self._branch(stmt, owner)
        other = owner.orelse if branch == "body" else owner.body
        if not other or not any(
            c.kill and c.param is None and any(c.owner is s for s in other) for c in candidates
        ):
            return False
        # The `if` itself must run before the use: look at it as one statement.
        probe = _Def(d.name, None, owner, _end(owner))
        return self._dominates(probe, use) or self._both_branches(probe, use, candidates + [probe])

    def reaching_defs(self, name: ast.Name) -> list[_Def]:
        """The bindings of ``name`` whose value can be the one read here."""
        # Many checks ask about the same names (every receiver, argument and response): answer once.
        try:
            return list(self._reaching[name])
        except KeyError:
            found = self._reaching[name] = self._reaching_defs(name)
            return list(found)

    def _reaching_defs(self, name: ast.Name) -> list[_Def]:
        # A comprehension variable: bound by the comprehension itself.
        for anc in ancestors(name):
            if isinstance(anc, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                for gen in anc.generators:
                    if name.id in _names_in(gen.target) and not any(name is n for n in walk(gen.iter)):
                        return [_Def(name.id, gen.iter, gen, _end(gen.iter))]
            if isinstance(anc, FUNCTION_NODES):
                break
        func = enclosing_function(name)
        candidates = self._facts_of(func).defs.get(name.id)
        if candidates:
            return self._select(candidates, name)
        # A closure or a global: any binding in the enclosing function or module may be current.
        while func is not None:
            func = enclosing_function(func)
            candidates = self._facts_of(func).defs.get(name.id)
            if candidates:
                return [d for d in candidates if d.param is None or func is not None]
        return []

    def reaching_values(self, name: ast.Name) -> list[ast.expr | None]:
        """The expressions a name may hold here (None for parameters and other opaque bindings)."""
        return [d.value for d in self.reaching_defs(name)]

    # -- guards ----------------------------------------------------------------------------

    def _guards_of(self, func: ast.AST | None, kind: str) -> _Guards:
        if func is None:
            return self.info.fact(_module_guards, kind)
        return self._build_guards(func, kind)

    def _build_guards(self, func: ast.AST | None, kind: str) -> _Guards:
        key = (id(func), kind)
        cached = self._guards.get(key)
        if cached is not None:
            return cached
        guards = _Guards()
        self._guards[key] = guards
        tests, raising_calls, relative_to = self._guard_sites(func)
        if kind == "path":
            for receiver in relative_to:
                self._mark(guards, receiver)
        for test in tests:
            self._scan_test(test, kind, guards)
        for call in raising_calls:
            # `validate_url(url)` as a statement: raises when the value is bad.
            name = _last(self.info.qualname(call.func) or "").lstrip("_")
            if (
                _VALIDATOR.match(name)
                and call.args
                and not _NOT_VALIDATORS.search(name)
                and not (kind == "path" and _PATH_NOT_VALIDATORS.search(name))
            ):
                self._mark(guards, call.args[0])
        self._expand(func, guards)
        return guards

    def _guard_sites(self, func: ast.AST | None) -> tuple[list[ast.AST], list[ast.Call], list[ast.AST]]:
        """The tests, statement calls and ``x.relative_to(...)`` receivers (in a ``try``) of ``func``'s own body.

        Every kind of sink asks for the guards of the same functions: walk each body once, not once per kind."""
        sites = self._guard_site_memo.get(id(func))
        if sites is not None:
            return sites
        body = self.info.tree if func is None else func
        tests: list[ast.AST] = []
        raising_calls: list[ast.Call] = []
        relative_to: list[ast.AST] = []
        stack = child_nodes(body)
        while stack:
            node = stack.pop()
            if type(node) not in _GUARD_NODES:
                if type(node) not in LEAVES:
                    stack.extend(child_nodes(node))
                continue
            if isinstance(node, FUNCTION_NODES) or isinstance(node, ast.ClassDef):
                continue
            if isinstance(node, (ast.If, ast.While, ast.Assert, ast.IfExp)):
                tests.append(node.test)
            elif isinstance(node, ast.comprehension):
                tests.extend(node.ifs)
            elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                raising_calls.append(node.value)
            elif isinstance(node, ast.Try):
                for stmt in node.body:
                    for sub in walk(stmt):
                        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr == "relative_to":
                            relative_to.append(sub.func.value)
            stack.extend(child_nodes(node))
        sites = self._guard_site_memo[id(func)] = (tests, raising_calls, relative_to)
        return sites

    def _mark(self, guards: _Guards, expr: ast.AST) -> None:
        """Record ``expr`` (a name, or the text of an attribute/subscript path) as validated."""
        node = expr
        # Look through transformations: `x.lower() in ALLOWED`, `urlparse(x).hostname in HOSTS`.
        while True:
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Call):
                node = node.value
            if isinstance(node, ast.Call):
                name = _callee(self.info, node)
                if name in _TRANSFORMS:
                    if isinstance(node.func, ast.Attribute) and name in _METHOD_TRANSFORMS:
                        node = node.func.value
                        continue
                    if node.args:
                        for arg in node.args:
                            self._mark(guards, arg)
                        return
                    return
                # `is_safe_url(request.args.get("next"))`: the same read elsewhere is validated too.
                guards.texts.add(_unparse(node))
                return
            break
        if isinstance(node, ast.Name):
            guards.names.add(node.id)
        elif isinstance(node, (ast.Attribute, ast.Subscript)):
            if isinstance(node, ast.Attribute) and node.attr in ("netloc", "hostname", "host", "scheme", "path"):
                self._mark(guards, node.value)
                return
            guards.texts.add(_unparse(node))
        elif isinstance(node, ast.BinOp):
            self._mark(guards, node.left)
            self._mark(guards, node.right)

    def _expand(self, func: ast.AST | None, guards: _Guards) -> None:
        """A validated ``parsed = urlparse(url)`` or ``full = realpath(join(BASE, name))`` validates ``url``/``name``."""
        facts = self._facts_of(func)
        for _ in range(2):
            added = set()
            for name in list(guards.names):
                for d in facts.defs.get(name, ()):
                    value = d.value
                    if value is None:
                        continue
                    while isinstance(value, ast.Attribute) and isinstance(value.value, ast.Call):
                        value = value.value
                    if isinstance(value, ast.Call):
                        fname = _callee(self.info, value)
                        if fname in _TRANSFORMS:
                            sources = list(value.args)
                            if isinstance(value.func, ast.Attribute) and fname in _METHOD_TRANSFORMS:
                                sources.append(value.func.value)
                            for arg in sources:
                                for n in _names_in(arg):
                                    if n not in guards.names and n not in self.info.aliases:
                                        added.add(n)
                    elif isinstance(value, ast.BinOp) and isinstance(value.op, ast.Div):
                        for n in _names_in(value):
                            if n not in guards.names and n not in self.info.aliases:
                                added.add(n)
            if not added:
                break
            guards.names |= added

    def _contains_normalizer(self, expr: ast.AST, depth: int = 0) -> bool:
        for sub in walk(expr):
            if isinstance(sub, ast.Call):
                if _callee(self.info, sub) in _NORMALIZERS:
                    return True
            elif isinstance(sub, ast.Name) and depth < 2:
                for value in self.reaching_values(sub):
                    if value is not None and self._contains_normalizer(value, depth + 1):
                        return True
        return False

    def _scan_test(self, test: ast.AST, kind: str, guards: _Guards) -> None:
        literals = [n.value for n in walk(test) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        for sub in walk(test):
            if isinstance(sub, ast.Call):
                qual = self.info.qualname(sub.func) or ""
                name = _last(qual).lstrip("_")
                method = sub.func.attr if isinstance(sub.func, ast.Attribute) else None
                receiver = sub.func.value if isinstance(sub.func, ast.Attribute) else None
                if method in _CHARSET_METHODS and receiver is not None:
                    self._mark(guards, receiver)
                elif qual in ("re.match", "re.fullmatch", "re.search", "regex.match", "regex.fullmatch", "regex.search"):
                    subject = sub.args[1] if len(sub.args) > 1 else None
                    if subject is None:
                        kw = next((k for k in sub.keywords if k.arg == "string"), None)
                        subject = kw.value if kw else None
                    if subject is not None:
                        self._mark(guards, subject)
                elif method in ("match", "fullmatch", "search") and receiver is not None and len(sub.args) == 1 and not (
                    isinstance(receiver, ast.Constant)
                ):
                    self._mark(guards, sub.args[0])
                elif _VALIDATOR.match(name) and not _NOT_VALIDATORS.search(name) and not (
                    kind == "path" and _PATH_NOT_VALIDATORS.search(name)
                ):
                    target = sub.args[0] if sub.args else next(
                        (k.value for k in sub.keywords if k.arg in ("url", "path", "value", "filename", "name")), None
                    )
                    if target is not None:
                        self._mark(guards, target)
                elif kind == "url" and sub.args and (_URL_VALIDATOR.match(name) or self._checks_address(sub.func)):
                    self._mark(guards, sub.args[0])  # is_public(url), a helper rejecting private addresses
                elif kind == "argv" and method == "startswith" and receiver is not None and sub.args:
                    # `x.startswith("-")` / `x.startswith(ALLOWED_PREFIXES)`: it cannot be read as an option
                    prefixes = sub.args[0]
                    values = prefixes.elts if isinstance(prefixes, (ast.Tuple, ast.List)) else [prefixes]
                    if all(self._const_str(v) is not None for v in values) or self._constant_sequence(prefixes):
                        self._mark(guards, receiver)
                elif kind == "path" and method in ("startswith", "is_relative_to") and receiver is not None:
                    if self._contains_normalizer(receiver):
                        self._mark(guards, receiver)
                elif kind == "path" and name in ("commonpath", "commonprefix"):
                    for arg in sub.args:
                        for elt in (arg.elts if isinstance(arg, (ast.List, ast.Tuple)) else [arg]):
                            self._mark(guards, elt)
                elif kind == "path" and name in ("isabs",) and sub.args:
                    pass  # an absolute-path check alone does not stop `../`
                elif kind == "redirect" and method == "startswith" and receiver is not None:
                    if any("//" in lit or "\\" in lit for lit in literals):
                        self._mark(guards, receiver)
                elif kind == "url" and method == "startswith" and receiver is not None and sub.args:
                    prefixes = sub.args[0]
                    values = prefixes.elts if isinstance(prefixes, (ast.Tuple, ast.List)) else [prefixes]
                    consts = [self._const_str(v) for v in values]
                    if consts and all(c is not None and _URL_PREFIX.match(c) for c in consts):
                        self._mark(guards, receiver)
            elif isinstance(sub, ast.Compare):
                left, ops, rights = sub.left, sub.ops, sub.comparators
                if any(isinstance(op, (ast.In, ast.NotIn)) for op in ops):
                    right = rights[0]
                    right_const = self._const_str(right)
                    if right_const is None and not self._looks_like_request(right):
                        self._mark(guards, left)
                    left_const = self._const_str(left)
                    if kind == "path" and left_const is not None and ".." in left_const:
                        # ".." in name, ".." in name.split("/"), ".." in Path(name).parts
                        target = right
                        if isinstance(target, ast.Attribute) and target.attr == "parts":
                            target = target.value
                        elif (
                            isinstance(target, ast.Call)
                            and isinstance(target.func, ast.Attribute)
                            and target.func.attr in ("split", "rsplit")
                        ):
                            target = target.func.value
                        self._mark(guards, target)
                    if kind == "path" and isinstance(right, ast.Attribute) and right.attr == "parents":
                        self._mark(guards, right.value)  # BASE in path.resolve().parents
                if kind in ("redirect", "url"):
                    for operand in [left, *rights]:
                        host_check = self._host_attribute(operand)
                        if host_check is not None:
                            others = [o for o in [left, *rights] if o is not operand]
                            trivial = all(isinstance(o, ast.Constant) and o.value in (None, "") for o in others)
                            if kind == "redirect" or not trivial:
                                self._mark(guards, host_check)
            elif isinstance(sub, ast.Attribute) and kind == "redirect" and sub.attr in ("netloc", "hostname"):
                self._mark(guards, sub)
            elif isinstance(sub, ast.Attribute) and kind == "url" and sub.attr in ("is_private", "is_loopback", "is_global", "is_reserved", "is_link_local"):
                for n in walk(sub.value):
                    if isinstance(n, ast.Call):
                        for arg in n.args:
                            self._mark(guards, arg)

    def _constant_sequence(self, node: ast.AST) -> bool:
        """A name bound to a tuple/list of string literals (``ALLOWED_HOSTS = ("https://a/", ...)``)."""
        from .values import UNKNOWN, constant

        value = constant(self.info, node)
        return value is not UNKNOWN and isinstance(value, (tuple, list)) and all(isinstance(v, str) for v in value)

    def _checks_address(self, func_expr: ast.AST) -> bool:
        """A helper of this module that rejects private/loopback addresses (``ip.is_private``)."""
        helper = self.local_function(func_expr)
        if helper is None:
            return False
        cached = self._address_checkers.get(id(helper))
        if cached is None:
            cached = any(
                isinstance(n, ast.Attribute) and n.attr in _ADDRESS_CHECKS for n in walk(helper)
            )
            self._address_checkers[id(helper)] = cached
        return cached

    def _host_attribute(self, node: ast.AST) -> ast.AST | None:
        if isinstance(node, ast.Attribute) and node.attr in ("netloc", "hostname"):
            return node
        if isinstance(node, ast.Name):
            for value in self.reaching_values(node):
                if isinstance(value, ast.Attribute) and value.attr in ("netloc", "hostname"):
                    return node
        return None

    def _const_str(self, node: ast.AST) -> str | None:
        from .values import UNKNOWN, constant

        value = constant(self.info, node)
        return value if isinstance(value, str) and value is not UNKNOWN else None

    @staticmethod
    def _looks_like_request(node: ast.AST) -> bool:
        for sub in walk(node):
            if isinstance(sub, ast.Name) and sub.id in REQUEST_NAMES:
                return True
        return False

    # -- helper functions -----------------------------------------------------------------

    def _module_function_map(self) -> dict[str, ast.AST]:
        if self._module_functions is None:
            self._module_functions = {}
            for stmt in self.info.tree.body:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self._module_functions[stmt.name] = stmt
        return self._module_functions

    def local_function(self, func_expr: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The function of this module a call goes to: ``helper(x)`` or ``self.helper(x)``."""
        if isinstance(func_expr, ast.Name):
            if func_expr.id in self.info.aliases:
                return None
            return self.info.fact(_module_function, func_expr.id)
        if (
            isinstance(func_expr, ast.Attribute)
            and isinstance(func_expr.value, ast.Name)
            and func_expr.value.id in ("self", "cls")
        ):
            for anc in ancestors(func_expr):
                if isinstance(anc, ast.ClassDef):
                    for stmt in anc.body:
                        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == func_expr.attr:
                            return stmt
                    return None
        return None

    def _summary(self, func: ast.FunctionDef | ast.AsyncFunctionDef, kind: str, param: str | None) -> TaintSource | None:
        """What a helper returns: request data (param None), or the value of parameter ``param``."""
        key = (id(func), kind, param)
        cached = self._summary_memo.get(key, None)
        if key in self._summary_memo:
            return None if cached is _PENDING else cached  # type: ignore[return-value]
        self._summary_memo[key] = _PENDING
        result = None
        mode = None if param is None else (id(func), param)
        for ret in self._facts_of(func).returns:
            hit = self._taint(ret.value, kind, mode, False, 1)
            if hit is not None and (param is None) == (hit.category != "arg"):
                result = hit
                break
        self._summary_memo[key] = result
        return result

    def _call_through_helper(self, call: ast.Call, helper, kind: str, mode, fn: bool, depth: int) -> TaintSource | None:
        own = self._summary(helper, kind, None)
        if own is not None:
            return own
        args = helper.args
        positional = [*args.posonlyargs, *args.args]
        offset = 1 if isinstance(call.func, ast.Attribute) and positional and positional[0].arg in ("self", "cls") else 0
        pairs: list[tuple[str, ast.expr]] = []
        for i, value in enumerate(call.args):
            if isinstance(value, ast.Starred):
                break
            if i + offset < len(positional):
                pairs.append((positional[i + offset].arg, value))
            elif args.vararg is not None:
                pairs.append((args.vararg.arg, value))
        names = {a.arg for a in [*positional, *args.kwonlyargs]}
        for kw in call.keywords:
            if kw.arg in names:
                pairs.append((kw.arg, kw.value))
            elif args.kwarg is not None:
                pairs.append((args.kwarg.arg, kw.value))
        for pname, value in pairs:
            hit = self._taint(value, kind, mode, fn, depth + 1)
            if hit is not None and self._summary(helper, kind, pname) is not None:
                return hit
        return None

    # -- the analysis ----------------------------------------------------------------------

    def expr_taint(self, expr: ast.AST | None, kind: str | None) -> TaintSource | None:
        """The request data that can reach ``expr`` unsanitised for a ``kind`` of sink, if any."""
        if expr is None or not self.module_has_sources():
            return None
        return self._taint(expr, kind or "", None, False, 0)

    def module_has_sources(self) -> bool:
        """Whether anything in the module can read request data (most modules cannot: a fast exit)."""
        return self.info.fact(_has_sources)

    def _scan_for_sources(self) -> bool:
        if self._has_sources is None:
            found = False
            for node in self.info.nodes:
                if type(node) not in _SOURCE_HINT_NODES:
                    continue  # most nodes (Load, Call, Constant...) cannot be a source
                if isinstance(node, ast.Name) and (
                    node.id in REQUEST_NAMES or self.info.aliases.get(node.id) in FRAMEWORK_REQUESTS
                ) or isinstance(node, ast.Attribute) and (
                    node.attr == "request" or (node.attr in TORNADO_METHODS and isinstance(node.value, ast.Name))
                ):
                    found = True
                elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.decorator_list:
                    found = self.view_kind(node) is not None or self.is_task(node)
                elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    found = (
                        len(node.args.args) == 2 and node.args.args[0].arg in _LAMBDA_EVENT
                        and node.args.args[1].arg in _LAMBDA_CONTEXT and self.view_kind(node) == "lambda"
                    )
                elif isinstance(node, ast.Name) and node.id in ("update", "upd", "message", "msg", "command"):
                    found = self._imports_bot_library()
                elif isinstance(node, ast.Attribute) and (
                    _STORED_URL_ATTR.match(node.attr) or node.attr in _STORED_URL_FIELD
                ):
                    found = self._stored_url(node)
                elif isinstance(node, ast.ClassDef) and node.bases:
                    found = self.tornado_handler(node)
                elif isinstance(node, ast.Attribute) and (
                    node.attr in _ARCHIVE_NAME_METHODS or self.info.qualname(node) in ("tarfile.open", "tarfile.TarFile")
                ):
                    found = True  # zip/tar member names
                if found:
                    break
            self._has_sources = found
        return self._has_sources

    def _accept(self, source: TaintSource, kind: str, fn: bool) -> bool:
        """Whether a source matters for this kind of sink."""
        if kind == "path":
            if source.category == "django_files":
                return False  # Django keeps only the base name of an upload's file name
            if source.category == "files" and not fn:
                return False  # the upload object itself, not its client-chosen file name
        if kind == "mass":
            if isinstance(source.node, ast.arg) and source.category not in ("dict", "arg"):
                return False
            if source.category == "model":
                return False  # the declared fields of a validated model
        if source.category in ("task", "stored") and kind != "url":
            # Task arguments and stored URLs are mostly chosen by the application itself; only where they
            # name the address the server connects to (a webhook) is user input the common case.
            return False
        return True

    def _param_source(self, d: _Def, kind: str, mode, fn: bool) -> TaintSource | None:
        assert d.param is not None
        func = d.owner
        if mode is not None and mode == (id(func), d.name):
            return TaintSource(d.param, f"argument `{d.name}`", "arg")
        if mode is not None and mode[0] == id(func):
            return None  # summarising one parameter: the others are opaque
        facts = self._facts_of(func)
        source = facts.route_params.get(d.name) or facts.task_params.get(d.name)
        if source is not None and self._accept(source, kind, fn):
            return source
        return None

    def _def_taint(self, d: _Def, kind: str, mode, fn: bool, depth: int) -> TaintSource | None:
        if d.param is not None:
            return self._param_source(d, kind, mode, fn)
        if d.value is None:
            return None
        key = (id(d.value), d.name, kind, mode, fn)
        if key in self._def_memo:
            cached = self._def_memo[key]
            return None if cached is _PENDING else cached  # type: ignore[return-value]
        self._def_memo[key] = _PENDING
        result = self._taint(d.value, kind, mode, fn, depth + 1)
        self._def_memo[key] = result
        return result

    def _sanitizer(self, qual: str, kind: str) -> bool:
        if qual in UNIVERSAL_SANITIZERS:
            return True
        names = SANITIZERS.get(kind)
        if not names:
            return False
        if qual in names:
            return True
        # A bare name that is not imported here (a snippet): `secure_filename(x)`.
        return "." not in qual and qual in names

    def _taint(self, expr: ast.AST, kind: str, mode, fn: bool, depth: int) -> TaintSource | None:
        if depth > _MAX_DEPTH:
            return None
        func = enclosing_function(expr)
        guards = self._guards_of(func, kind) if kind else _Guards()
        attr_sanitizers = ATTRIBUTE_SANITIZERS.get(kind, set())
        stack: list[tuple[ast.AST, bool]] = [(expr, fn)]
        while stack:
            node, fn_here = stack.pop()
            if guards.texts and isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)) and _unparse(node) in guards.texts:
                continue
            if kind == "redirect" and isinstance(node, (ast.Subscript, ast.Call)) and self._is_referer_read(node):
                inner = node.value if isinstance(node, ast.Subscript) else getattr(node.func, "value", None)
                if inner is not None and self._direct_source(inner, kind) is not None:
                    continue  # redirecting back where the browser came from
            source = self.source_of(node, kind)
            if source is not None:
                if self._accept(source, kind, fn_here):
                    return source
                continue
            if isinstance(node, ast.Name):
                if node.id in guards.names:
                    continue
                for d in self.reaching_defs(node):
                    hit = self._def_taint(d, kind, mode, fn_here, depth)
                    if hit is not None:
                        return hit
                continue
            if isinstance(node, ast.Call):
                hit = self._push_call(node, kind, mode, fn_here, depth, stack)
                if hit is not None:
                    return hit
                continue
            if isinstance(node, ast.Attribute):
                if node.attr in attr_sanitizers:
                    continue
                if self._safe_model_field(node):
                    continue  # body.count where the model declares `count: int`
                if kind == "path" and node.attr in ("name", "stem", "suffix") and isinstance(node.value, ast.Call):
                    if _last(self.info.qualname(node.value.func) or "") in ("Path", "PurePath", "PosixPath", "PurePosixPath"):
                        continue  # Path(x).name is a base name
                stack.append((node.value, fn_here or node.attr == "filename"))
                continue
            if isinstance(node, ast.Subscript):
                stack.append((node.value, fn_here))
                continue
            if isinstance(node, (ast.Compare, ast.Lambda, ast.Constant)) or isinstance(node, FUNCTION_NODES):
                continue
            if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
                continue
            if isinstance(node, ast.IfExp):
                stack.append((node.body, fn_here))
                stack.append((node.orelse, fn_here))
                continue
            if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
                stack.append((node.elt, fn_here))
                continue
            if kind == "mass" and isinstance(node, ast.Dict):
                # Only the keys decide which fields get set: {"name": data["name"]} is fine, {**data} is not.
                for key, value in zip(node.keys, node.values):
                    stack.append((value if key is None else key, fn_here))
                continue
            if kind == "mass" and isinstance(node, ast.DictComp):
                stack.append((node.key, fn_here))
                continue
            if isinstance(node, ast.DictComp):
                stack.append((node.key, fn_here))
                stack.append((node.value, fn_here))
                continue
            if isinstance(node, ast.FormattedValue):
                stack.append((node.value, fn_here))
                continue
            if isinstance(node, ast.NamedExpr):
                stack.append((node.value, fn_here))
                continue
            if isinstance(node, ast.Slice):
                continue
            stack.extend((child, fn_here) for child in child_nodes(node) if isinstance(child, ast.expr))
        return None

    def _push_call(self, node: ast.Call, kind: str, mode, fn: bool, depth: int, stack: list) -> TaintSource | None:
        """Push what a call's result derives from; return a hit found through a helper function."""
        qual = self.info.qualname(node.func) or ""
        method = node.func.attr if isinstance(node.func, ast.Attribute) else None
        if self._sanitizer(qual, kind):
            return None
        if method in SCALAR_METHODS or method in _FILE_OPENERS:
            return None
        if method == "get" or method == "getlist":
            # Flask: request.args.get("page", type=int)
            for kw in node.keywords:
                if kw.arg == "type" and isinstance(kw.value, ast.Name) and kw.value.id in _TYPE_KEYWORD_SAFE:
                    return None
        if method is not None and method in ATTRIBUTE_SANITIZERS.get(kind, ()):
            return None
        helper = self.local_function(node.func)
        if helper is not None:
            return self._call_through_helper(node, helper, kind, mode, fn, depth)
        if method is not None:
            receiver = node.func.value
            # Member names of an uploaded archive are client-chosen file names (zip slip).
            stack.append((receiver, fn or method in _ARCHIVE_NAME_METHODS))
            if method in LOOKUP_METHODS:
                return None  # a lookup keyed by request data returns stored data
        for arg in node.args:
            stack.append((arg.value if isinstance(arg, ast.Starred) else arg, fn))
        for kw in node.keywords:
            stack.append((kw.value, fn))
        return None


# -- facts: questions about the whole module, answered once per analysis (see facts.py) ------------


def _has_sources(ctx) -> bool:
    return ctx.taint_analyzer._scan_for_sources()


def _enum_classes(ctx) -> set[str]:
    return ctx.taint_analyzer._scan_enum_classes()


def _module_class(ctx, name: str) -> ast.ClassDef | None:
    return ctx.taint_analyzer._scan_module_class(name)


def _module_function(ctx, name: str) -> ast.AST | None:
    return ctx.taint_analyzer._module_function_map().get(name)


def _module_guards(ctx, kind: str) -> _Guards:
    return ctx.taint_analyzer._build_guards(None, kind)


def _module_facts_field(ctx, field: str):
    return getattr(ctx.taint_analyzer._build_facts(None), field)


def _module_defs_all(ctx) -> dict[str, list[_Def]]:
    return ctx.taint_analyzer._build_facts(None).defs


def _module_defs_of(ctx, name: str) -> list[_Def] | None:
    return ctx.taint_analyzer._build_facts(None).defs.get(name)


class _ModuleFacts:
    """The module's ``_Facts`` as a block reads them (see module.NotedMapping)."""

    func = None

    def __init__(self, info: ModuleInfo):
        self._info = info

    @property
    def defs(self) -> NotedMapping:
        return NotedMapping(self._info, _module_defs_of, _module_defs_all)

    def __getattr__(self, field: str):
        if field.startswith("_"):
            raise AttributeError(field)
        return self._info.fact(_module_facts_field, field)

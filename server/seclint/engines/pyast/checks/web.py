"""Web application flaws: request data reaching files, URLs, redirects, HTML and templates.

Most of these sinks are harmless with trusted input, so the checks fire only
when the taint tracker (``ctx.taint``) shows HTTP request data reaching them,
and then only on the part that matters: the scheme and host of an outgoing
URL, the start of a redirect target, the template *source*.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterable

from ....findings import Edit
from ..context import CheckContext
from ..facts import module_fact
from ..registry import check
from ..walk import calls_matching, child_nodes, nodes_of, walk
from ..taint import TaintSource

# -- shared helpers --------------------------------------------------------------------


def _last(qual: str) -> str:
    return qual.rsplit(".", 1)[-1]


def _is_str_constant(ctx: CheckContext, expr: ast.AST | None) -> bool:
    return isinstance(ctx.constant(expr), str)


def _argument(ctx: CheckContext, call: ast.Call, spec: tuple[int | None, str | None]) -> ast.expr | None:
    position, name = spec
    return ctx.argument(call, position, name)


def _short(ctx: CheckContext, node: ast.AST, limit: int = 40) -> str:
    text = " ".join(ctx.text(node).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _origin(source: TaintSource) -> str:
    return source.description


_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsab%])")
_MAX_PIECES_DEPTH = 4


def _pieces(ctx: CheckContext, expr: ast.AST, depth: int = 0) -> list[list[str | ast.expr]]:
    """The ways a string can be built: each a sequence of literal text and run-time expressions.

    ``f"https://{host}/x"`` -> [["https://", host, "/x"]]; a name follows the assignments that
    reach it (one alternative each).  Anything else is one opaque run-time part.
    """
    value = ctx.constant(expr)
    if isinstance(value, str):
        return [[value]]
    if depth > _MAX_PIECES_DEPTH:
        return [[expr]]  # type: ignore[list-item]
    if isinstance(expr, ast.JoinedStr):
        seq: list[str | ast.expr] = []
        for part in expr.values:
            if isinstance(part, ast.Constant):
                seq.append(str(part.value))
            elif isinstance(part, ast.FormattedValue):
                inner = ctx.constant(part.value)
                if inner is not ctx.UNKNOWN and part.format_spec is None and part.conversion == -1:
                    seq.append(str(inner))
                else:
                    seq.append(part.value)
        return [seq]
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        lefts = _pieces(ctx, expr.left, depth + 1)
        rights = _pieces(ctx, expr.right, depth + 1)
        return [l + r for l in lefts[:4] for r in rights[:4]]
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
        template = ctx.constant(expr.left)
        if isinstance(template, str):
            return [_percent_pieces(ctx, template, expr.right)]
        return [[expr]]
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr == "format"
        and isinstance(ctx.constant(expr.func.value), str)
    ):
        return [_format_pieces(ctx, ctx.constant(expr.func.value), expr)]
    if isinstance(expr, ast.Name):
        defs = ctx.taint_analyzer.reaching_defs(expr)
        if not defs or any(d.value is None for d in defs):
            return [[expr]]
        # `url = BASE; url += path`: the augmented parts follow whatever the name held before.
        appended: list[ast.expr] = []
        bases = []
        for d in defs:  # nearest first
            if isinstance(d.owner, ast.AugAssign):
                if not isinstance(d.owner.op, ast.Add):
                    return [[expr]]
                appended.insert(0, d.value)
            else:
                bases.append(d.value)
        if not bases:
            return [[expr]]
        out: list[list[str | ast.expr]] = []
        for base in bases[:4]:
            for seq in _pieces(ctx, base, depth + 1)[:4]:
                tail: list[str | ast.expr] = []
                for extra in appended[:8]:
                    tail.extend(_pieces(ctx, extra, depth + 1)[0])
                out.append(seq + tail)
        return out
    return [[expr]]


def _percent_pieces(ctx: CheckContext, template: str, right: ast.expr) -> list[str | ast.expr]:
    if isinstance(right, ast.Tuple):
        positional: list[ast.expr] = list(right.elts)
    elif isinstance(right, ast.Dict):
        positional = []
    else:
        positional = [right]
    named = {}
    if isinstance(right, ast.Dict):
        for k, v in zip(right.keys, right.values):
            if isinstance(k, ast.Constant) and isinstance(k.value, str):
                named[k.value] = v
    seq: list[str | ast.expr] = []
    cursor = 0
    index = 0
    for match in _PERCENT.finditer(template):
        seq.append(template[cursor : match.start()])
        cursor = match.end()
        if match.group(2) == "%":
            seq.append("%")
            continue
        if match.group(1):
            value = named.get(match.group(1), right)
        else:
            value = positional[index] if index < len(positional) else right
            index += 1
        numeric = match.group(2) in "diouxXeEfFgGc"
        folded = ctx.constant(value)
        if numeric:
            seq.append("0")
        elif folded is not ctx.UNKNOWN and isinstance(folded, (str, int, float)):
            seq.append(str(folded))
        else:
            seq.append(value)
    seq.append(template[cursor:])
    return seq


def _format_pieces(ctx: CheckContext, template: str, call: ast.Call) -> list[str | ast.expr]:
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    seq: list[str | ast.expr] = []
    auto = 0
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return [call]
    for literal, field, spec, _conversion in parsed:
        seq.append(literal)
        if field is None:
            continue
        key = re.split(r"[.\[]", field, maxsplit=1)[0]
        value: ast.expr | None
        if key == "":
            value = call.args[auto] if auto < len(call.args) else None
            auto += 1
        elif key.isdigit():
            value = call.args[int(key)] if int(key) < len(call.args) else None
        else:
            value = keywords.get(key)
        if value is None or isinstance(value, ast.Starred):
            seq.append(call)
            continue
        folded = ctx.constant(value)
        if spec and spec[-1:] in tuple("bcdeEfFgGnoxX%"):
            seq.append("0")
        elif folded is not ctx.UNKNOWN and isinstance(folded, (str, int, float)) and field == key:
            seq.append(str(folded))
        else:
            seq.append(value)
    return seq


def _walk_pieces(seq: Iterable[str | ast.expr]) -> Iterable[tuple[str, ast.expr]]:
    """(the text before it, with earlier run-time parts as NUL; the run-time part)."""
    before = ""
    for piece in seq:
        if isinstance(piece, str):
            before += piece
        else:
            yield before, piece
            before += "\0"


def _function_of(ctx: CheckContext, node: ast.AST) -> ast.AST | None:
    return ctx.enclosing_function(node)


def _imports_any(ctx: CheckContext, *modules: str) -> bool:
    return any(ctx.imports(m) for m in modules)


# -- PY-PATH-TRAVERSAL ----------------------------------------------------------------

_P0 = ((0, "file"),)
_PATH_SINKS: dict[str, tuple[tuple[int | None, str | None], ...]] = {
    "open": _P0, "builtins.open": _P0, "io.open": _P0, "aiofiles.open": _P0,
    "codecs.open": ((0, "filename"),),
    "os.open": ((0, "path"),), "os.remove": ((0, "path"),), "os.unlink": ((0, "path"),),
    "os.rmdir": ((0, "path"),), "os.removedirs": ((0, "name"),), "os.makedirs": ((0, "name"),),
    "os.mkdir": ((0, "path"),), "os.listdir": ((0, "path"),), "os.scandir": ((0, "path"),),
    "os.truncate": ((0, "path"),), "os.chmod": ((0, "path"),), "os.chown": ((0, "path"),),
    "os.rename": ((0, "src"), (1, "dst")), "os.replace": ((0, "src"), (1, "dst")),
    "os.renames": ((0, "old"), (1, "new")),
    "shutil.copy": ((0, "src"), (1, "dst")), "shutil.copy2": ((0, "src"), (1, "dst")),
    "shutil.copyfile": ((0, "src"), (1, "dst")), "shutil.copytree": ((0, "src"), (1, "dst")),
    "shutil.move": ((0, "src"), (1, "dst")), "shutil.rmtree": ((0, "path"),),
    "flask.send_file": ((0, "path_or_file"),), "flask.helpers.send_file": ((0, "path_or_file"),),
    "werkzeug.utils.send_file": ((0, "path_or_file"),), "quart.send_file": ((0, "filename_or_io"),),
    "send_file": ((0, "path_or_file"),),
    # send_from_directory joins the file name safely; only a client-chosen directory is a flaw.
    "flask.send_from_directory": ((0, "directory"),), "flask.helpers.send_from_directory": ((0, "directory"),),
    "werkzeug.utils.send_from_directory": ((0, "directory"),), "send_from_directory": ((0, "directory"),),
    "starlette.responses.FileResponse": ((0, "path"),), "fastapi.responses.FileResponse": ((0, "path"),),
    "aiohttp.web.FileResponse": ((0, "path"),),
    "pandas.read_csv": ((0, "filepath_or_buffer"),), "pandas.read_excel": ((0, "io"),),
    "pandas.read_json": ((0, "path_or_buf"),), "pandas.read_parquet": ((0, "path"),),
    "tarfile.open": ((0, "name"),), "zipfile.ZipFile": ((0, "file"),), "glob.glob": ((0, "pathname"),),
}
_PATH_METHODS = {
    "read_text", "read_bytes", "write_text", "write_bytes", "open", "unlink", "rmdir", "mkdir", "touch",
    "iterdir", "rename", "replace", "symlink_to", "hardlink_to", "chmod", "glob", "rglob",
}
_PATHLIB = {"Path", "PurePath", "PosixPath", "WindowsPath", "PurePosixPath", "joinpath", "resolve", "absolute",
            "with_name", "with_suffix", "expanduser", "with_stem"}


def _is_pathlike(ctx: CheckContext, expr: ast.AST, depth: int = 0) -> bool:
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):
        return True
    if isinstance(expr, ast.Call):
        callee = expr.func.attr if isinstance(expr.func, ast.Attribute) else _last(ctx.call_name(expr))
        return callee in _PATHLIB
    if isinstance(expr, ast.Attribute) and expr.attr in ("parent",):
        return _is_pathlike(ctx, expr.value, depth + 1)
    if isinstance(expr, ast.Name) and depth < 3:
        return any(v is not None and _is_pathlike(ctx, v, depth + 1) for v in ctx.taint_analyzer.reaching_values(expr))
    return False


def _path_message(ctx: CheckContext, source: TaintSource, what: str) -> str:
    return (
        f"{_origin(source)} reaches the file path of {what}: a `../` sequence or an absolute path reaches "
        "any file the server can access. Reduce it to a base name (secure_filename) or check that the "
        "resolved path stays inside the base directory."
    )


_READ_SINKS = {
    "os.listdir", "os.scandir", "glob.glob", "flask.send_file", "flask.helpers.send_file", "werkzeug.utils.send_file",
    "quart.send_file", "send_file", "flask.send_from_directory", "flask.helpers.send_from_directory",
    "werkzeug.utils.send_from_directory", "send_from_directory", "starlette.responses.FileResponse",
    "fastapi.responses.FileResponse", "aiohttp.web.FileResponse", "pandas.read_csv", "pandas.read_excel",
    "pandas.read_json", "pandas.read_parquet", "tarfile.open", "zipfile.ZipFile",
}
_READING_METHODS = {"read_text", "read_bytes", "iterdir", "glob", "rglob"}
_OPEN_FUNCS = {"open", "builtins.open", "io.open", "aiofiles.open", "codecs.open"}


def _only_reads(ctx: CheckContext, node: ast.Call, name: str | None, method: str | None) -> bool:
    """The call only reads (``open(p)``, ``Path.read_text()``): archive member names matter where files are written."""
    if name in _READ_SINKS or method in _READING_METHODS:
        return True
    if method == "open":
        mode_arg = ctx.argument(node, 0, "mode")  # Path.open(mode)
    elif name in _OPEN_FUNCS:
        mode_arg = ctx.argument(node, 1, "mode")
    else:
        return False
    if mode_arg is None:
        return True
    mode = ctx.constant(mode_arg)
    return isinstance(mode, str) and not any(c in mode for c in "wax+")


@check("PY-PATH-TRAVERSAL", ast.Call)
def path_traversal(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    specs = _PATH_SINKS.get(name)
    if specs is not None:
        if name in ("open", "send_file", "send_from_directory") and ctx.taint_analyzer.local_function(node.func):
            return
        seen: set[int] = set()
        for spec in specs:
            arg = _argument(ctx, node, spec)
            if arg is None or id(arg) in seen:
                continue
            seen.add(id(arg))
            source = ctx.taint(arg, "path")
            if source is not None and source.category == "archive" and _only_reads(ctx, node, name, None):
                continue
            if source is not None:
                ctx.report(arg, message=_path_message(ctx, source, f"`{_last(name)}()`"), related=ctx.related(source))
                return
        return
    method = ctx.method_name(node)
    if method is None:
        return
    receiver = node.func.value  # type: ignore[union-attr]
    if method == "save" and node.args:
        # werkzeug's FileStorage.save(dst): `file.save(os.path.join(UPLOADS, file.filename))`
        owner = ctx.taint(receiver, "html")
        if owner is None or owner.category != "files":
            return
        dst = ctx.argument(node, 0, "dst")
        source = ctx.taint(dst, "path")
        if dst is not None and source is not None:
            ctx.report(dst, message=_path_message(ctx, source, "the uploaded file's `save()`"), related=ctx.related(source))
        return
    if method in _PATH_METHODS and _is_pathlike(ctx, receiver):
        source = ctx.taint(receiver, "path")
        if source is not None and source.category == "archive" and _only_reads(ctx, node, None, method):
            source = None
        if source is not None:
            ctx.report(receiver, message=_path_message(ctx, source, f"`Path.{method}()`"), related=ctx.related(source))
            return
        if method in ("rename", "replace", "symlink_to", "hardlink_to") and node.args:
            source = ctx.taint(node.args[0], "path")
            if source is not None:
                ctx.report(node.args[0], message=_path_message(ctx, source, f"`Path.{method}()`"), related=ctx.related(source))


# -- PY-SSRF -------------------------------------------------------------------------

_URL0 = ((0, "url"),)
_URL1 = ((1, "url"),)
_HTTP_FUNCS: dict[str, tuple[tuple[int | None, str | None], ...]] = {
    **{f"requests.{m}": _URL0 for m in ("get", "post", "put", "patch", "delete", "head", "options")},
    **{f"requests.api.{m}": _URL0 for m in ("get", "post", "put", "patch", "delete", "head", "options")},
    "requests.request": _URL1, "requests.api.request": _URL1,
    **{f"httpx.{m}": _URL0 for m in ("get", "post", "put", "patch", "delete", "head", "options")},
    "httpx.request": _URL1, "httpx.stream": _URL1,
    "urllib.request.urlopen": _URL0, "urllib.request.Request": _URL0, "urllib.request.urlretrieve": _URL0,
    "urllib.urlopen": _URL0, "urllib.urlretrieve": _URL0, "urllib2.urlopen": _URL0, "urllib2.Request": _URL0,
    "six.moves.urllib.request.urlopen": _URL0, "urllib3.request": _URL1, "aiohttp.request": _URL1,
    "http.client.HTTPConnection": ((0, "host"),), "http.client.HTTPSConnection": ((0, "host"),),
    "httplib2.Http().request": ((0, "uri"),),
}
_CLIENT_CTORS = {
    "requests.Session", "requests.session", "requests.sessions.Session", "httpx.Client", "httpx.AsyncClient",
    "aiohttp.ClientSession", "urllib3.PoolManager", "urllib3.ProxyManager", "urllib3.poolmanager.PoolManager",
    "tornado.httpclient.AsyncHTTPClient", "tornado.httpclient.HTTPClient",
}
_CLIENT_LAST = frozenset(name.rpartition(".")[2] for name in _CLIENT_CTORS)
_CLIENT_METHODS = {
    "get": _URL0, "post": _URL0, "put": _URL0, "patch": _URL0, "delete": _URL0, "head": _URL0, "options": _URL0,
    "request": _URL1, "stream": _URL1, "urlopen": _URL1, "ws_connect": _URL0, "fetch": ((0, "request"),),
}
_CLIENT_NAMES = {"session", "sess", "s", "client", "http", "http_client", "async_client", "httpx_client", "http_session",
                 "pool", "manager", "requests_session"}
_HTTP_LIBS = ("requests", "httpx", "aiohttp", "urllib3")


def _is_client_value(ctx: CheckContext, value: ast.AST | None) -> bool:
    return isinstance(value, ast.Call) and ctx.call_name(value) in _CLIENT_CTORS


def _is_http_client(ctx: CheckContext, receiver: ast.AST) -> bool:
    if _is_client_value(ctx, receiver):
        return True
    if isinstance(receiver, ast.Name):
        if receiver.id not in _CLIENT_NAMES and receiver.id not in _client_bound_names(ctx):
            return False  # what follows could only say False: no need to work out the name's values
        values = ctx.taint_analyzer.reaching_values(receiver)
        if any(_is_client_value(ctx, v) for v in values):
            return True
        if any(v is not None for v in values):
            return False
        return receiver.id in _CLIENT_NAMES and _imports_any(ctx, *_HTTP_LIBS)
    if isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name) and receiver.value.id == "self":
        for anc in ctx.ancestors(receiver):
            if isinstance(anc, ast.ClassDef):
                if receiver.attr in _client_attributes(ctx, anc):
                    return True
                break
        return receiver.attr.lstrip("_") in _CLIENT_NAMES and _imports_any(ctx, *_HTTP_LIBS)
    return False


@module_fact
def _client_bound_names(ctx: CheckContext) -> set[str]:
    """Every name that can hold a client built here (``s = requests.Session()``, ``with httpx.Client() as c``).

    A binding and the value it binds are in the same statement, so the names in the statements around
    the module's client constructors are a superset: any other name never holds a client."""
    found: set[str] = set()
    for call in calls_matching(ctx, _CLIENT_LAST.__contains__):
        if ctx.call_name(call) in _CLIENT_CTORS:
            statement = ctx.enclosing_statement(call)
            for sub in walk(statement if statement is not None else call):
                if isinstance(sub, ast.Name):
                    found.add(sub.id)
                elif isinstance(sub, (ast.MatchAs, ast.MatchStar)) and sub.name:
                    found.add(sub.name)
                elif isinstance(sub, ast.MatchMapping) and sub.rest:
                    found.add(sub.rest)
    return found


def _client_attributes(ctx: CheckContext, cls: ast.ClassDef) -> set[str]:
    """Attributes the class assigns an HTTP client to (``self.session = requests.Session()``).

    One walk per class, not one per ``self.x.get(...)`` call in it."""
    memo = ctx.table(_client_attributes)
    found = memo.get(cls)
    if found is None:
        found = memo[cls] = set()  # stored first: a class's client attributes may refer to each other
        for sub in walk(cls):
            if isinstance(sub, ast.Assign) and _is_client_value(ctx, sub.value):
                found.update(t.attr for t in sub.targets if isinstance(t, ast.Attribute))
    return found


def _controls_host(before: str) -> bool:
    """Whether text appended after ``before`` can still decide the URL's scheme or host."""
    text = before
    if "://" in text:
        rest = text.split("://", 1)[1]
        return not any(c in rest for c in "/?#\\")
    if text.startswith("//"):
        return not any(c in text[2:] for c in "/?#\\")
    return not any(c in text for c in "/?#\\")


def _host_taint(ctx: CheckContext, url: ast.expr, kind: str) -> tuple[TaintSource, ast.AST] | None:
    """Request data that can decide where ``url`` points (not just its path or query)."""
    if ctx.taint(url, kind) is None:
        return None
    for seq in _pieces(ctx, url):
        for before, part in _walk_pieces(seq):
            if _controls_host(before):
                source = ctx.taint(part, kind)
                if source is not None:
                    return source, part
    return None


# Calls that run a function later with the arguments given: `asyncio.to_thread(requests.get, url)`.
_DEFERRED_CALLS = {"asyncio.to_thread": 0, "functools.partial": 0, "anyio.to_thread.run_sync": 0,
                   "starlette.concurrency.run_in_threadpool": 0, "run_in_executor": 1}


def _deferred_url(ctx: CheckContext, node: ast.Call) -> tuple[str, ast.expr] | None:
    """The HTTP function and URL of ``asyncio.to_thread(requests.get, url)`` / ``loop.run_in_executor(None, f, url)``."""
    name = ctx.call_name(node)
    index = _DEFERRED_CALLS.get(name)
    if index is None and ctx.method_name(node) == "run_in_executor":
        index = 1
    if index is None or len(node.args) <= index:
        return None
    func = node.args[index]
    qual = ctx.qualname(func) or ""
    specs = _HTTP_FUNCS.get(qual)
    if specs is None:
        return None
    position, keyword = specs[0]
    rest = node.args[index + 1:]
    if position is not None and position < len(rest) and not any(isinstance(a, ast.Starred) for a in rest[: position + 1]):
        return qual, rest[position]
    kw = next((k.value for k in node.keywords if keyword is not None and k.arg == keyword), None)
    return (qual, kw) if kw is not None else None


@check("PY-SSRF", ast.Call)
def ssrf(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    specs = _HTTP_FUNCS.get(name)
    what = name
    deferred = _deferred_url(ctx, node) if specs is None else None
    if deferred is not None:
        what, url = deferred
        _report_ssrf(ctx, url, what)
        return
    if specs is None:
        method = ctx.method_name(node)
        if method not in _CLIENT_METHODS:
            return
        receiver = node.func.value  # type: ignore[union-attr]
        if not _is_http_client(ctx, receiver):
            return
        specs = _CLIENT_METHODS[method]
        what = f"{_short(ctx, receiver, 20)}.{method}"
    url = _argument(ctx, node, specs[0])
    if url is None:
        return
    _report_ssrf(ctx, url, what)


def _report_ssrf(ctx: CheckContext, url: ast.expr, what: str) -> None:
    hit = _host_taint(ctx, url, "url")
    if hit is None:
        return
    source, _part = hit
    if source.category in ("stored", "task"):
        # A webhook/callback URL a user registered, or a task argument: the address cannot be fixed,
        # but where it resolves to can be checked.
        advice = (
            "Before connecting, resolve the host and refuse private, loopback and link-local addresses "
            "(and do not follow redirects), or allow only registered hosts."
        )
    else:
        advice = "Keep the scheme and host fixed, or check the parsed host against an allow-list."
    ctx.report(
        url,
        message=(
            f"{_origin(source)} decides the address `{what}()` connects to: an attacker can make the server "
            f"request internal services or cloud metadata (http://169.254.169.254/). {advice}"
        ),
        related=ctx.related(source),
    )


# -- PY-OPEN-REDIRECT -----------------------------------------------------------------

_REDIRECT_FUNCS: dict[str, tuple[int | None, str | None]] = {
    "flask.redirect": (0, "location"), "werkzeug.utils.redirect": (0, "location"), "quart.redirect": (0, "location"),
    "bottle.redirect": (0, "url"), "redirect": (0, "location"), "flask.helpers.redirect": (0, "location"),
    "django.shortcuts.redirect": (0, "to"),
    "django.http.HttpResponseRedirect": (0, "redirect_to"), "django.http.HttpResponsePermanentRedirect": (0, "redirect_to"),
    "django.http.response.HttpResponseRedirect": (0, "redirect_to"),
    "django.http.response.HttpResponsePermanentRedirect": (0, "redirect_to"),
    "starlette.responses.RedirectResponse": (0, "url"), "fastapi.responses.RedirectResponse": (0, "url"),
    "fastapi.RedirectResponse": (0, "url"),
    "aiohttp.web.HTTPFound": (0, "location"), "aiohttp.web.HTTPSeeOther": (0, "location"),
    "aiohttp.web.HTTPMovedPermanently": (0, "location"), "aiohttp.web.HTTPTemporaryRedirect": (0, "location"),
    "aiohttp.web.HTTPPermanentRedirect": (0, "location"),
    "pyramid.httpexceptions.HTTPFound": (0, "location"), "pyramid.httpexceptions.HTTPSeeOther": (0, "location"),
}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _redirect_leaves_site(before: str) -> bool:
    """Whether text appended after ``before`` can send the browser to another site."""
    if before == "" or all(c in "/\\" for c in before):
        return True  # "" + x, "/" + x ("//evil.example"), "\\" + x
    if _SCHEME.match(before):
        if "://" in before:
            rest = before.split("://", 1)[1]
            return not any(c in rest for c in "/?#\\")
        return True  # "javascript:" + x
    if before[:2] in ("//", "\\\\", "/\\", "\\/"):
        return not any(c in before[2:] for c in "/?#\\")
    return False  # "/profile/" + x, "?next=" + x, url_for(...) + x: stays on this site


def _redirect_taint(ctx: CheckContext, target: ast.expr) -> TaintSource | None:
    if ctx.taint(target, "redirect") is None:
        return None
    for seq in _pieces(ctx, target):
        for before, part in _walk_pieces(seq):
            if _redirect_leaves_site(before):
                source = ctx.taint(part, "redirect")
                if source is not None:
                    return source
    return None


def _report_redirect(ctx: CheckContext, target: ast.expr, what: str) -> None:
    source = _redirect_taint(ctx, target)
    if source is None:
        return
    ctx.report(
        target,
        message=(
            f"{_origin(source)} decides where {what} sends the browser: a link to your site can forward "
            "users to a phishing page. Redirect only to url_for()/reverse() targets, or check the URL with "
            "url_has_allowed_host_and_scheme()."
        ),
        related=ctx.related(source),
    )


@check("PY-OPEN-REDIRECT", ast.Call)
def open_redirect(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    spec = _REDIRECT_FUNCS.get(name)
    if spec is not None:
        if name == "redirect" and ctx.taint_analyzer.local_function(node.func):
            return
        target = _argument(ctx, node, spec)
        if target is not None:
            _report_redirect(ctx, target, f"`{_last(name)}()`")
        return
    if (
        ctx.method_name(node) == "redirect"
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "self"
        and ctx.imports("tornado")
    ):
        target = ctx.argument(node, 0, "url")
        if target is not None:
            _report_redirect(ctx, target, "`self.redirect()`")
        return
    headers = ctx.keyword(node, "headers")
    if headers is not None and isinstance(headers.value, ast.Dict):
        for key, value in zip(headers.value.keys, headers.value.values):
            if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.lower() == "location":
                _report_redirect(ctx, value, "the `Location` header")


@check("PY-OPEN-REDIRECT", ast.Assign)
def open_redirect_header(node: ast.Assign, ctx: CheckContext) -> None:
    for target in node.targets:
        if not isinstance(target, ast.Subscript):
            continue
        key = ctx.constant(target.slice)
        if isinstance(key, str) and key.lower() == "location":
            _report_redirect(ctx, node.value, "the `Location` header")
            return


def _proxy_response(ctx: CheckContext, node: ast.Dict) -> tuple[dict[str, ast.expr], dict[str, ast.expr]] | None:
    """An AWS Lambda proxy-integration response ``{"statusCode": 302, "headers": {...}, "body": ...}``:
    (its top-level items, its headers with lower-case names)."""
    items: dict[str, ast.expr] = {}
    for key, value in zip(node.keys, node.values):
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            items[key.value] = value
    if "statusCode" not in items or not ({"headers", "body", "multiValueHeaders"} & items.keys()):
        return None
    headers: dict[str, ast.expr] = {}
    for name in ("headers", "multiValueHeaders"):
        block = items.get(name)
        if isinstance(block, ast.Dict):
            for key, value in zip(block.keys, block.values):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    headers[key.value.lower()] = value
    return items, headers


@check("PY-OPEN-REDIRECT", ast.Dict)
def open_redirect_proxy_response(node: ast.Dict, ctx: CheckContext) -> None:
    found = _proxy_response(ctx, node)
    if found is None or "location" not in found[1]:
        return
    target = found[1]["location"]
    if isinstance(target, ast.List) and target.elts:
        target = target.elts[0]
    _report_redirect(ctx, target, "the `Location` header of the Lambda response")


# -- PY-XSS-RESPONSE -------------------------------------------------------------------

# callee -> (content argument, positional index of a content type argument or None)
_HTML_RESPONSES: dict[str, tuple[tuple[int | None, str | None], int | None]] = {
    **{
        f"django.http.{cls}": ((0, "content"), 1)
        for cls in ("HttpResponse", "HttpResponseNotFound", "HttpResponseBadRequest", "HttpResponseForbidden",
                    "HttpResponseServerError", "HttpResponseGone")
    },
    **{
        f"django.http.response.{cls}": ((0, "content"), 1)
        for cls in ("HttpResponse", "HttpResponseNotFound", "HttpResponseBadRequest", "HttpResponseForbidden",
                    "HttpResponseServerError", "HttpResponseGone")
    },
    "flask.make_response": ((0, None), None), "quart.make_response": ((0, None), None),
    "flask.Response": ((0, "response"), 3), "flask.wrappers.Response": ((0, "response"), 3),
    "werkzeug.wrappers.Response": ((0, "response"), 3), "werkzeug.Response": ((0, "response"), 3),
    "werkzeug.wrappers.response.Response": ((0, "response"), 3), "quart.Response": ((0, "response"), 3),
    "starlette.responses.HTMLResponse": ((0, "content"), None), "fastapi.responses.HTMLResponse": ((0, "content"), None),
    # Pyramid / WebOb: text/html unless told otherwise
    "pyramid.response.Response": ((0, "body"), None), "webob.Response": ((0, "body"), None),
    "webob.response.Response": ((0, "body"), None),
}
# Responses that are HTML only when told so (their default type is not text/html).
_TYPED_RESPONSES: dict[str, tuple[tuple[int | None, str | None], int | None]] = {
    "starlette.responses.Response": ((0, "content"), 2), "fastapi.responses.Response": ((0, "content"), 2),
    "fastapi.Response": ((0, "content"), 2), "aiohttp.web.Response": ((None, "text"), None),
}
_TYPE_KEYWORDS = ("content_type", "mimetype", "media_type")
_FLASK_LIKE = ("flask", "quart", "bottle", "werkzeug", "apiflask")
_KNOWN_FRAMEWORKS = {"flask", "quart", "bottle", "werkzeug", "fastapi", "starlette", "sanic", "aiohttp", "ninja",
                     "litestar", "django", "rest_framework", "falcon", "connexion", "apiflask", "flask_restx"}


def _declared_type(ctx: CheckContext, call: ast.Call, type_position: int | None) -> str | None:
    """The content type a response call sets, if it sets a constant one."""
    for kw in call.keywords:
        if kw.arg in _TYPE_KEYWORDS:
            value = ctx.constant(kw.value)
            return value if isinstance(value, str) else "?"
    if type_position is not None and type_position < len(call.args):
        value = ctx.constant(call.args[type_position])
        if isinstance(value, str):
            return value
    for arg in [*call.args, *(k.value for k in call.keywords if k.arg == "headers")]:
        if isinstance(arg, ast.Dict):
            for key, value in zip(arg.keys, arg.values):
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.lower() == "content-type":
                    folded = ctx.constant(value)
                    return folded if isinstance(folded, str) else "?"
    return None


def _function_sets_non_html_type(ctx: CheckContext, func: ast.AST | None) -> bool:
    """``resp.mimetype = "text/plain"`` / ``resp.headers["Content-Type"] = "application/json"`` in the view."""
    if func is None:
        return False
    return ctx.memo(_sets_non_html_type, func)


def _sets_non_html_type(ctx: CheckContext, func: ast.AST) -> bool:
    result = False
    for sub in walk(func):
        if isinstance(sub, ast.Call) and ctx.method_name(sub) in ("set_header", "add_header") and len(sub.args) >= 2:
            # Tornado: self.set_header("Content-Type", "application/json; charset=UTF-8")
            key, value = ctx.constant(sub.args[0]), ctx.constant(sub.args[1])
            if (
                isinstance(key, str) and key.lower() == "content-type"
                and isinstance(value, str) and "/" in value and "html" not in value.lower()
            ):
                result = True
            continue
        if not isinstance(sub, ast.Assign):
            continue
        value = ctx.constant(sub.value)
        if not isinstance(value, str) or "html" in value.lower() or "/" not in value:
            continue
        for target in sub.targets:
            if isinstance(target, ast.Attribute) and target.attr in ("mimetype", "content_type", "media_type"):
                result = True
            elif isinstance(target, ast.Subscript):
                key = ctx.constant(target.slice)
                if isinstance(key, str) and key.lower() == "content-type":
                    result = True
    return result


_TEXT_CALLS = {"str", "format", "join", "replace", "strip", "lower", "upper", "title", "capitalize", "decode",
               "get", "getlist", "read", "getvalue"}
_WHOLE_OBJECTS = {"get_json", "json", "form", "args", "values", "files", "headers", "cookies", "GET", "POST",
                  "query_params", "data", "FILES", "META", "COOKIES"}


def _is_text(ctx: CheckContext, expr: ast.AST, depth: int = 0) -> bool:
    """Whether a returned value is a string (a Flask view turns it into a text/html page)."""
    if depth > 3:
        return False
    if isinstance(expr, (ast.JoinedStr, ast.Constant)):
        return True
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Mod)):
        return _is_text(ctx, expr.left, depth + 1) or _is_text(ctx, expr.right, depth + 1)
    if isinstance(expr, ast.IfExp):
        return _is_text(ctx, expr.body, depth + 1) or _is_text(ctx, expr.orelse, depth + 1)
    if isinstance(expr, ast.BoolOp):
        return any(_is_text(ctx, v, depth + 1) for v in expr.values)
    if isinstance(expr, ast.Call):
        name = _last(ctx.call_name(expr))
        if name in ("str", "format") and isinstance(expr.func, ast.Name):
            return True
        if isinstance(expr.func, ast.Attribute) and expr.func.attr in _TEXT_CALLS:
            if expr.func.attr in ("get", "getlist"):
                return ctx.taint_analyzer.source_of(expr.func.value) is not None or _is_text_container(ctx, expr.func.value)
            return True
        return False
    if isinstance(expr, ast.Subscript):
        return ctx.taint_analyzer.source_of(expr.value) is not None or _is_text_container(ctx, expr.value)
    if isinstance(expr, ast.Attribute):
        return expr.attr in ("filename", "path", "full_path", "url", "query_string", "referrer", "text")
    if isinstance(expr, ast.Name):
        for d in ctx.taint_analyzer.reaching_defs(expr):
            if d.param is not None:
                source = ctx.taint_analyzer.route_params(d.owner).get(d.name)
                if source is not None and source.category == "":
                    return True
            elif d.value is not None and _is_text(ctx, d.value, depth + 1):
                return True
    return False


def _is_text_container(ctx: CheckContext, expr: ast.AST) -> bool:
    """``request.args``-like mappings of strings (not a JSON body, whose values may be objects)."""
    source = ctx.taint_analyzer.source_of(expr)
    if source is None:
        return False
    target = expr.func if isinstance(expr, ast.Call) else expr
    attr = target.attr if isinstance(target, ast.Attribute) else ""
    return attr not in ("get_json", "json", "data", "body")


def _is_html_view(ctx: CheckContext, func: ast.AST | None) -> bool:
    """A Flask/Quart/Bottle view (its str return value is sent as text/html), or a FastAPI HTML route."""
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    for deco in func.decorator_list:
        call = deco if isinstance(deco, ast.Call) else None
        qual = ctx.qualname(call.func if call else deco) or ""
        if _last(qual) == "errorhandler":
            return True
        if call is not None:
            rc = ctx.keyword(call, "response_class")
            if rc is not None and _last(ctx.qualname(rc.value) or "") in ("HTMLResponse",):
                return True
    if ctx.taint_analyzer.view_kind(func) != "route":
        return False
    framework = _route_framework(ctx, func)
    if framework is not None:
        return framework in _FLASK_LIKE
    if _imports_any(ctx, "fastapi", "starlette", "django", "aiohttp") and not _imports_any(ctx, *_FLASK_LIKE):
        return False
    return True


def _route_framework(ctx: CheckContext, func: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The package of the app/router a route is registered on: `api = FastAPI()` -> "fastapi"."""
    for deco in func.decorator_list:
        call = deco if isinstance(deco, ast.Call) else None
        target = call.func if call else deco
        if not isinstance(target, ast.Attribute):
            continue
        receiver = target.value
        if isinstance(receiver, ast.Name):
            found = ctx.info.lookup(receiver)
            for value in found[1] if found else ():
                if isinstance(value, ast.Call):
                    root = ctx.call_name(value).split(".")[0]
                    if root in _KNOWN_FRAMEWORKS:
                        return root
    return None


def _xss_message(source: TaintSource, what: str) -> str:
    return (
        f"{_origin(source)} is written unescaped into the HTML of {what}: a `<script>` in it runs in the "
        "victim's browser. Render a template (autoescaped) or escape the value with markupsafe.escape()/html.escape()."
    )


@check("PY-XSS-RESPONSE", ast.Call)
def xss_response(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    spec = _HTML_RESPONSES.get(name)
    typed = False
    if spec is None:
        spec = _TYPED_RESPONSES.get(name)
        typed = True
        if spec is None:
            return
    content_spec, type_position = spec
    declared = _declared_type(ctx, node, type_position)
    if typed:
        if declared is None or "html" not in declared.lower():
            return
    elif declared is not None and declared != "?" and "html" not in declared.lower():
        return
    content = _argument(ctx, node, content_spec)
    if content is None:
        return
    func = _function_of(ctx, node)
    if _function_sets_non_html_type(ctx, func):
        return
    if name.endswith(("make_response", "Response")) and not name.endswith("HTMLResponse") and not _is_text(ctx, content):
        return  # Flask serialises a dict/list to JSON
    source = ctx.taint(content, "html")
    if source is None:
        return
    ctx.report(content, message=_xss_message(source, f"`{_last(name)}()`"), related=ctx.related(source))


def _is_response_object(ctx: CheckContext, receiver: ast.AST) -> bool:
    """``response`` built by ``HttpResponse()``/``Response()`` here, or ``self`` in a Tornado handler."""
    if isinstance(receiver, ast.Name):
        if receiver.id == "self":
            cls = next((a for a in ctx.ancestors(receiver) if isinstance(a, ast.ClassDef)), None)
            return ctx.imports("tornado") and ctx.taint_analyzer.tornado_handler(cls)
        for value in ctx.taint_analyzer.reaching_values(receiver):
            if isinstance(value, ast.Call) and ctx.call_name(value) in _HTML_RESPONSES:
                declared = _declared_type(ctx, value, _HTML_RESPONSES[ctx.call_name(value)][1])
                return declared is None or declared == "?" or "html" in declared.lower()
    return False


def _is_dict_value(ctx: CheckContext, expr: ast.AST, depth: int = 0) -> bool:
    """A dict literal/comprehension, ``dict(...)``, or a name only ever bound to one."""
    if isinstance(expr, (ast.Dict, ast.DictComp)):
        return True
    if isinstance(expr, ast.Call):
        return ctx.call_name(expr) in ("dict", "collections.OrderedDict", "OrderedDict")
    if isinstance(expr, ast.Name) and depth < 3:
        values = ctx.taint_analyzer.reaching_values(expr)
        return bool(values) and all(v is not None and _is_dict_value(ctx, v, depth + 1) for v in values)
    return False


@check("PY-XSS-RESPONSE", ast.Call)
def xss_write(node: ast.Call, ctx: CheckContext) -> None:
    if ctx.method_name(node) not in ("write", "finish") or not node.args:
        return
    receiver = node.func.value  # type: ignore[union-attr]
    if not _is_response_object(ctx, receiver):
        return
    content = node.args[0]
    if _is_dict_value(ctx, content) or _function_sets_non_html_type(ctx, _function_of(ctx, node)):
        return  # Tornado writes a dict as JSON
    source = ctx.taint(content, "html")
    if source is None:
        return
    ctx.report(content, message=_xss_message(source, f"`{_short(ctx, receiver, 20)}.{ctx.method_name(node)}()`"), related=ctx.related(source))


@check("PY-XSS-RESPONSE", ast.Dict)
def xss_proxy_response(node: ast.Dict, ctx: CheckContext) -> None:
    """A Lambda proxy response whose headers declare text/html and whose body carries request data."""
    found = _proxy_response(ctx, node)
    if found is None:
        return
    items, headers = found
    body = items.get("body")
    declared = ctx.constant(headers["content-type"]) if "content-type" in headers else None
    if body is None or not isinstance(declared, str) or "html" not in declared.lower():
        return
    source = ctx.taint(body, "html")
    if source is None:
        return
    ctx.report(body, message=_xss_message(source, "the HTML page this Lambda handler returns"), related=ctx.related(source))


def _sets_html_type(ctx: CheckContext, func: ast.AST, receiver: str) -> bool:
    """``resp.content_type = "text/html"`` / ``falcon.MEDIA_HTML`` in the function."""
    for sub in walk(func):
        if isinstance(sub, ast.Assign) and any(
            isinstance(t, ast.Attribute) and t.attr in ("content_type", "media_type", "mimetype")
            and isinstance(t.value, ast.Name) and t.value.id == receiver for t in sub.targets
        ):
            value = ctx.constant(sub.value)
            if (isinstance(value, str) and "html" in value.lower()) or (ctx.qualname(sub.value) or "").endswith("MEDIA_HTML"):
                return True
    return False


@check("PY-XSS-RESPONSE", ast.Assign)
def xss_falcon_body(node: ast.Assign, ctx: CheckContext) -> None:
    """Falcon: ``resp.text = "<p>" + q`` in a responder that sets ``resp.content_type = falcon.MEDIA_HTML``."""
    if not _response_body_target(ctx, node) or node.targets[0].attr == "media":  # type: ignore[attr-defined]
        return
    func = _function_of(ctx, node)
    receiver = node.targets[0].value.id  # type: ignore[attr-defined]
    if func is None or not _sets_html_type(ctx, func, receiver):
        return
    source = ctx.taint(node.value, "html")
    if source is None:
        return
    ctx.report(node.value, message=_xss_message(source, f"`{receiver}.{node.targets[0].attr}`"), related=ctx.related(source))  # type: ignore[attr-defined]


@check("PY-XSS-RESPONSE", ast.Return)
def xss_returned(node: ast.Return, ctx: CheckContext) -> None:
    value = node.value
    if value is None:
        return
    if isinstance(value, ast.Tuple) and value.elts:
        for extra in value.elts[1:]:
            # return body, 200, {"Content-Type": "text/plain"}
            if isinstance(extra, ast.Dict):
                for key, item in zip(extra.keys, extra.values):
                    if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.lower() == "content-type":
                        declared = ctx.constant(item)
                        if not isinstance(declared, str) or "html" not in declared.lower():
                            return
        value = value.elts[0]
        if isinstance(value, ast.Starred):
            return
    func = _function_of(ctx, node)
    if not _is_html_view(ctx, func):
        return
    if not _is_text(ctx, value):
        return
    if _function_sets_non_html_type(ctx, func):
        return
    source = ctx.taint(value, "html")
    if source is None:
        return
    ctx.report(value, message=_xss_message(source, "the page this view returns"), related=ctx.related(source))


# -- PY-TEMPLATE-INJECTION -------------------------------------------------------------

_TEMPLATE_FUNCS: dict[str, tuple[int | None, str | None]] = {
    "flask.render_template_string": (0, "source"), "quart.render_template_string": (0, "source"),
    "render_template_string": (0, "source"), "flask.templating.render_template_string": (0, "source"),
    "jinja2.Template": (0, "source"), "jinja2.environment.Template": (0, "source"),
    "mako.template.Template": (0, "text"), "django.template.Template": (0, "template_string"),
    "django.template.base.Template": (0, "template_string"), "tornado.template.Template": (0, "template_string"),
    "chameleon.PageTemplate": (0, "body"),
    # Bottle: a first argument with template syntax or a newline is the template's source itself
    "bottle.template": (0, None), "bottle.SimpleTemplate": (0, "source"), "bottle.jinja2_template": (0, None),
    "bottle.mako_template": (0, None), "bottle.cheetah_template": (0, None),
}
_TEMPLATE_LIBS = ("jinja2", "flask", "django", "quart", "fastapi", "starlette", "mako", "tornado")
_SANDBOX = {"jinja2.sandbox.SandboxedEnvironment", "jinja2.sandbox.ImmutableSandboxedEnvironment"}


def _is_sandboxed(ctx: CheckContext, receiver: ast.AST) -> bool:
    if isinstance(receiver, ast.Call):
        return ctx.call_name(receiver) in _SANDBOX
    if isinstance(receiver, ast.Name):
        return any(
            isinstance(v, ast.Call) and ctx.call_name(v) in _SANDBOX for v in ctx.taint_analyzer.reaching_values(receiver)
        )
    return False


def _harmless_part(ctx: CheckContext, part: ast.AST, depth: int = 0) -> bool:
    """A run-time part that cannot carry template syntax: a number, a length, an int()."""
    if depth > 3:
        return False
    if isinstance(part, ast.Call):
        name = ctx.call_name(part)
        if name in ("int", "len", "float", "round", "abs", "bool", "sum", "min", "max"):
            return True
        if name == "str" and len(part.args) == 1:
            return _harmless_part(ctx, part.args[0], depth + 1)
        return False
    if isinstance(part, ast.Name):
        values = ctx.taint_analyzer.reaching_values(part)
        return bool(values) and all(v is not None and _harmless_part(ctx, v, depth + 1) for v in values)
    return False


def _stored_template(ctx: CheckContext, expr: ast.AST, depth: int = 0) -> ast.AST | None:
    """``invoice.footer_template`` (also through a local name, ``x or ""``, ``str(x)``): a template read from a record."""
    if depth > 3:
        return None
    if isinstance(expr, ast.Attribute):
        return expr if ctx.taint_analyzer.stored_template(expr) else None
    if isinstance(expr, ast.BoolOp):
        for value in expr.values:
            found = _stored_template(ctx, value, depth + 1)
            if found is not None:
                return found
        return None
    if isinstance(expr, ast.IfExp):
        return _stored_template(ctx, expr.body, depth + 1) or _stored_template(ctx, expr.orelse, depth + 1)
    if isinstance(expr, ast.Call) and ctx.call_name(expr) == "str" and len(expr.args) == 1:
        return _stored_template(ctx, expr.args[0], depth + 1)
    if isinstance(expr, ast.Name) and not _UPPER.match(expr.id):
        for value in ctx.taint_analyzer.reaching_values(expr):
            found = _stored_template(ctx, value, depth + 1) if value is not None else None
            if found is not None:
                return found
    return None


def _parameter_source(ctx: CheckContext, expr: ast.AST, depth: int = 0) -> str | None:
    """The parameter a template source is passed in as (``def render(source): Template(source)``)."""
    if depth > 3 or not isinstance(expr, ast.Name) or _UPPER.match(expr.id):
        return None
    for d in ctx.taint_analyzer.reaching_defs(expr):
        if d.param is not None:
            func = d.owner
            if d.param is getattr(func.args, "vararg", None) or d.param is getattr(func.args, "kwarg", None):
                return None
            if _called_with_constants(ctx, func, d.name):
                return None
            return d.name
        if isinstance(d.value, ast.Name):
            found = _parameter_source(ctx, d.value, depth + 1)
            if found is not None:
                return found
    return None


def _called_with_constants(ctx: CheckContext, func: ast.AST, param: str) -> bool:
    """Every call of ``func`` in this module passes a constant for ``param`` (and there is one)."""
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    positional = [a.arg for a in [*func.args.posonlyargs, *func.args.args]]
    if positional and positional[0] in ("self", "cls"):
        positional = positional[1:]
    calls = 0
    for node in nodes_of(ctx.info, ast.Call):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func
        name = callee.id if isinstance(callee, ast.Name) else callee.attr if isinstance(callee, ast.Attribute) else None
        if name != func.name:
            continue
        calls += 1
        value = ctx.argument(node, positional.index(param) if param in positional else None, param)
        if value is None or not ctx.is_constant(value):
            return False
    return calls > 0


@check("PY-TEMPLATE-INJECTION", ast.Call)
def template_injection(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    spec = _TEMPLATE_FUNCS.get(name)
    what = _last(name)
    if spec is None:
        if ctx.method_name(node) != "from_string" or not _imports_any(ctx, *_TEMPLATE_LIBS):
            return
        if _is_sandboxed(ctx, node.func.value):  # type: ignore[union-attr]
            return
        spec = (0, "source")
        what = "from_string"
    elif name == "render_template_string" and ctx.taint_analyzer.local_function(node.func):
        return
    source_arg = _argument(ctx, node, spec)
    if source_arg is None or _is_str_constant(ctx, source_arg):
        return
    taint = ctx.taint(source_arg, "template")
    if taint is not None:
        ctx.report(
            source_arg,
            message=(
                f"{_origin(taint)} becomes template source code in `{what}()`: template syntax in it "
                "(`{{ ... }}`, `${...}`) runs on the server with the engine's power (config, secrets, often code "
                "execution). Keep the template constant and pass values as render variables."
            ),
            related=ctx.related(taint),
        )
        return
    stored = _stored_template(ctx, source_arg)
    if stored is not None:
        ctx.report(
            source_arg,
            message=(
                f"The template source of `{what}()` is `{_short(ctx, stored)}`, template text stored with a record "
                "that users edit: its template syntax (`{{ ... }}`, `${...}`) runs on the server with the engine's "
                "power (config, secrets, often code execution). Render user-editable templates in a "
                "SandboxedEnvironment, or keep the template constant and insert the stored text as a variable."
            ),
        )
        return
    param = _parameter_source(ctx, source_arg)
    if param is not None:
        ctx.report(
            source_arg,
            message=(
                f"The template source of `{what}()` is the caller's `{param}`, not a template file or constant: "
                "if it ever holds user text, its template syntax runs on the server. Load templates from files "
                "and pass data as render variables, or render untrusted templates in a SandboxedEnvironment."
            ),
        )
        return
    for seq in _pieces(ctx, source_arg):
        dynamic = [p for p in seq if not isinstance(p, str)]
        if len(seq) > 1 and dynamic and not all(_harmless_part(ctx, p) for p in dynamic):
            part = next(p for p in dynamic if not _harmless_part(ctx, p))
            ctx.report(
                source_arg,
                message=(
                    f"The template source of `{what}()` is built with string formatting from `{_short(ctx, part)}`: "
                    "template syntax in that value is executed by the template engine. Keep the template constant "
                    "and pass values as render variables."
                ),
            )
            return


# -- PY-XSS-MARK-SAFE ---------------------------------------------------------------

_MARK_SAFE = {
    "django.utils.safestring.mark_safe", "django.utils.safestring.SafeString", "django.utils.safestring.SafeText",
    "django.utils.safestring.SafeBytes", "django.utils.safestring.SafeUnicode", "django.utils.html.mark_safe",
    "markupsafe.Markup", "flask.Markup", "jinja2.Markup", "jinja2.utils.Markup", "mark_safe", "Markup",
}
_ESCAPERS = {
    "escape", "conditional_escape", "format_html", "format_html_join", "html.escape", "bleach.clean", "clean",
    "nh3.clean", "render_to_string", "render", "json_script", "urlencode", "quote", "quote_plus", "escapejs",
    "int", "len", "float", "round", "linebreaks", "urlize", "escape_silent", "mark_safe", "Markup", "strip_tags",
    "sanitize_html", "sanitize", "render_template", "intcomma", "naturaltime", "reverse", "url_for",
}
_UPPER = re.compile(r"^[A-Z][A-Z0-9_]*$")
_NUMERIC_ATTR = re.compile(r"^(pk|id|\w+_id|\w+_count|count|year|month|day)$")
_STR_METHODS = {"replace", "strip", "lstrip", "rstrip", "lower", "upper", "title", "capitalize", "center", "ljust",
                "rjust", "zfill", "expandtabs", "removeprefix", "removesuffix"}


def _unescaped(ctx: CheckContext, expr: ast.AST, depth: int = 0) -> ast.AST | None:
    """The first run-time part of an HTML string that is not escaped, or None."""
    if depth > 5 or ctx.is_constant(expr):
        return None
    if isinstance(expr, ast.JoinedStr):
        for part in expr.values:
            if isinstance(part, ast.FormattedValue):
                bad = _unescaped(ctx, part.value, depth + 1)
                if bad is not None:
                    return bad
        return None
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod) and isinstance(ctx.constant(expr.left), str):
        for piece in _percent_pieces(ctx, ctx.constant(expr.left), expr.right):
            if not isinstance(piece, str):
                bad = _unescaped(ctx, piece, depth + 1)
                if bad is not None:
                    return bad
        return None
    if (
        isinstance(expr, ast.BinOp)
        and isinstance(expr.op, ast.Mod)
        and isinstance(expr.left, ast.Call)
        and _last(ctx.call_name(expr.left)) in ("Markup", "SafeString", "mark_safe")
        and expr.left.args
        and ctx.is_constant(expr.left.args[0])
    ):
        return None  # Markup("<b>%s</b>") % x escapes x
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Mod)):
        left = _unescaped(ctx, expr.left, depth + 1)
        if left is not None:
            return left
        right = expr.right
        items = right.elts if isinstance(right, (ast.Tuple, ast.List)) and isinstance(expr.op, ast.Mod) else [right]
        if isinstance(right, ast.Dict) and isinstance(expr.op, ast.Mod):
            items = [v for v in right.values if v is not None]
        for item in items:
            bad = _unescaped(ctx, item, depth + 1)
            if bad is not None:
                return bad
        return None
    if isinstance(expr, ast.IfExp):
        return _unescaped(ctx, expr.body, depth + 1) or _unescaped(ctx, expr.orelse, depth + 1)
    if isinstance(expr, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
        return _unescaped(ctx, expr.elt, depth + 1)
    if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
        for item in expr.elts:
            bad = _unescaped(ctx, item.value if isinstance(item, ast.Starred) else item, depth + 1)
            if bad is not None:
                return bad
        return None
    if isinstance(expr, ast.BoolOp):
        for value in expr.values:
            bad = _unescaped(ctx, value, depth + 1)
            if bad is not None:
                return bad
        return None
    if isinstance(expr, ast.Call):
        qual = ctx.call_name(expr)
        last = _last(qual)
        if qual in _ESCAPERS or last in _ESCAPERS or "render" in last or "escape" in last:
            return None
        if isinstance(expr.func, ast.Attribute) and expr.func.attr == "format":
            receiver = expr.func.value
            if isinstance(receiver, ast.Call) and _last(ctx.call_name(receiver)) in ("Markup", "SafeString"):
                return None  # Markup("...").format(x) escapes x
            bad = _unescaped(ctx, receiver, depth + 1)
            if bad is not None:
                return bad
            for arg in [*expr.args, *(k.value for k in expr.keywords)]:
                bad = _unescaped(ctx, arg, depth + 1)
                if bad is not None:
                    return bad
            return None
        if isinstance(expr.func, ast.Attribute) and expr.func.attr in _STR_METHODS:
            for part in [expr.func.value, *expr.args]:
                bad = _unescaped(ctx, part, depth + 1)
                if bad is not None:
                    return bad
            return None
        if isinstance(expr.func, ast.Attribute) and expr.func.attr == "join" and expr.args:
            receiver_bad = _unescaped(ctx, expr.func.value, depth + 1)
            if receiver_bad is not None:
                return receiver_bad
            return _unescaped(ctx, expr.args[0], depth + 1)
        if isinstance(expr.func, ast.Name) and _escaper_alias(ctx, expr.func):
            return None  # esc = conditional_escape if autoescape else (lambda x: x); esc(text)
        if isinstance(expr.func, ast.Attribute) and expr.func.attr == "get" and _constant_table(ctx, expr.func.value):
            # ICONS.get(level, ""): one of the table's literal values, or the default
            default = expr.args[1] if len(expr.args) > 1 else None
            return None if default is None else _unescaped(ctx, default, depth + 1)
        return expr
    if isinstance(expr, ast.Subscript) and _constant_table(ctx, expr.value):
        return None  # ICONS[level]
    if isinstance(expr, ast.Attribute):
        if _UPPER.match(expr.attr) or (ctx.qualname(expr) or "").startswith("django.conf.settings"):
            return None  # configuration constants
        if _NUMERIC_ATTR.match(expr.attr):
            return None  # primary keys and counters
        return expr
    if isinstance(expr, ast.Name):
        if _UPPER.match(expr.id):
            return None
        defs = ctx.taint_analyzer.reaching_defs(expr)
        if not defs or any(d.param is not None or d.value is None for d in defs):
            return expr
        for d in defs:
            if isinstance(d.owner, ast.AugAssign):
                # html += "<li>" + escape(x) + "</li>" in a loop: every piece counts.
                pass
            bad = _unescaped(ctx, d.value, depth + 1)
            if bad is not None:
                return bad
        # `html += ...` after `html = ""`: the augmented pieces are bindings too.
        return None
    return expr


def _escaper_alias(ctx: CheckContext, func: ast.Name) -> bool:
    """A local name for an escaping function: ``esc = conditional_escape if autoescape else (lambda x: x)``
    (Django's documented pattern for filters with ``needs_autoescape``: no escaping only where the
    template turned autoescaping off)."""
    if ctx.info.aliases.get(func.id) is not None:
        return False
    values = ctx.taint_analyzer.reaching_values(func)

    escapers: list[ast.AST] = []

    def escaping(value: ast.AST | None, depth: int = 0) -> bool:
        if value is None or depth > 3:
            return False
        if isinstance(value, ast.IfExp):
            return escaping(value.body, depth + 1) and escaping(value.orelse, depth + 1)
        if isinstance(value, ast.Lambda):
            args = value.args.args
            return len(args) == 1 and isinstance(value.body, ast.Name) and value.body.id == args[0].arg
        if isinstance(value, (ast.Name, ast.Attribute)):
            qual = ctx.qualname(value) or ""
            if "escape" in _last(qual) or _last(qual) in ("clean", "strip_tags", "sanitize", "sanitize_html"):
                escapers.append(value)
                return True
        return False

    # Every value escapes or (under an autoescape switch) passes the text through; at least one escapes.
    return bool(values) and all(escaping(v) for v in values) and bool(escapers)


def _constant_table(ctx: CheckContext, expr: ast.AST) -> bool:
    """A module-level dict/list/tuple bound once to literal strings (or numbers), never written to."""
    if not isinstance(expr, ast.Name):
        return False
    found = ctx.info.lookup(expr)
    if found is None:
        return False
    scope, values = found
    if scope.node is not None or len(values) != 1 or values[0] is None:
        return False
    table = values[0]
    if isinstance(table, ast.Dict):
        items = table.values
        if any(k is None for k in table.keys):
            return False
    elif isinstance(table, (ast.List, ast.Tuple)):
        items = table.elts
    else:
        return False
    if not items or not all(isinstance(ctx.constant(v), (str, int, float)) for v in items):
        return False
    return expr.id not in _written_tables(ctx)


@module_fact
def _written_tables(ctx: CheckContext) -> set[str]:
    """Names the module writes into (``T[k] = v``, ``T.update(...)``): not constant tables."""
    cache: set[str] = set()
    if True:
        for node in ctx.info.nodes:
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                        cache.add(target.value.id)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.attr in ("update", "setdefault", "append", "extend", "insert", "__setitem__")
            ):
                cache.add(node.func.value.id)
    return cache


@check("PY-XSS-MARK-SAFE", ast.Call)
def mark_safe(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if name in ("Markup", "mark_safe") and (name in ctx.info.aliases or ctx.taint_analyzer.local_function(node.func)):
        return
    if name in _MARK_SAFE:
        if not node.args or isinstance(node.args[0], ast.Starred):
            return
        value = node.args[0]
        what = _last(name)
    elif name in ("django.utils.html.format_html", "format_html") and node.args and not node.keywords and len(node.args) == 1:
        # format_html(f"<b>{x}</b>"): the string was formatted before format_html could escape anything.
        value = node.args[0]
        if isinstance(value, ast.Starred):
            return
        what = "format_html"
    else:
        return
    if ctx.is_constant(value):
        return
    bad = _unescaped(ctx, value)
    if bad is None:
        return
    source = ctx.taint(value, "html")
    origin = _origin(source) if source is not None else f"`{_short(ctx, bad)}`"
    ctx.report(
        value,
        message=(
            f"`{what}()` marks HTML containing {origin} as safe, so templates no longer escape it: markup in "
            "that value runs as script. Escape the parts (format_html(), Markup(...).format(), escape())."
        ),
        related=ctx.related(source),
    )


# -- PY-JINJA-AUTOESCAPE ------------------------------------------------------------

_JINJA_ENVS = {
    "jinja2.Environment", "jinja2.environment.Environment", "jinja2.sandbox.SandboxedEnvironment",
    "jinja2.sandbox.ImmutableSandboxedEnvironment",
}
_TEMPLATE_SUFFIX = re.compile(r"\.(j2|jinja2?|tmpl|tpl|template)$", re.IGNORECASE)


_HTML_TAG = re.compile(r"<[a-zA-Z!/]")


@module_fact
def _rendered_templates(ctx: CheckContext, receiver: str | None) -> list[tuple[str, object]]:
    """("name", file name) and ("text", source) of templates rendered through ``receiver`` (any if None)."""
    found: list[tuple[str, object]] = []
    for node in nodes_of(ctx.info, ast.Call):
        if not isinstance(node, ast.Call):
            continue
        method = ctx.method_name(node)
        if method not in ("get_template", "select_template", "from_string"):
            continue
        if receiver is not None and ctx.text(node.func.value) != receiver:  # type: ignore[union-attr]
            continue
        value = ctx.constant(node.args[0]) if node.args else ctx.UNKNOWN
        if method == "from_string":
            found.append(("text", value))
        elif isinstance(value, (list, tuple)):
            found.extend(("name", v) for v in value)
        else:
            found.append(("name", value))
    return found


def _renders_only_text(ctx: CheckContext, env_call: ast.Call) -> bool:
    """Every template this environment renders is known and not HTML (``nginx.conf.j2``, ``query.sql``...)."""
    owner = ctx.parent(env_call)
    receiver = None
    if isinstance(owner, ast.Assign) and len(owner.targets) == 1 and isinstance(owner.targets[0], (ast.Name, ast.Attribute)):
        receiver = ctx.text(owner.targets[0])
    templates = _rendered_templates(ctx, receiver)
    if not templates:
        return False
    for how, value in templates:
        if not isinstance(value, str):
            return False
        if how == "text":
            if _HTML_TAG.search(value):
                return False
            continue
        base = _TEMPLATE_SUFFIX.sub("", value)
        if "." not in base.rsplit("/", 1)[-1]:
            return False
        ext = base.rsplit(".", 1)[-1].lower()
        if ext in ("html", "htm", "xml", "xhtml", "svg"):
            return False
    return True


def _select_autoescape_reference(ctx: CheckContext) -> tuple[str, list]:
    """How to spell select_autoescape here, and the import edits that makes it available."""
    for local, qualified in ctx.info.aliases.items():
        if qualified == "jinja2.select_autoescape" and ctx.info.module_scope.bindings.get(local):
            return local, []
    for stmt in ctx.info.tree.body:
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "jinja2" and stmt.level == 0:
            names = [a for a in stmt.names if a.name != "*"]
            if names:
                end = ctx.span(names[-1])[1]
                return "select_autoescape", [Edit(end, end, ", select_autoescape")]
    module, edit = ctx.module_reference("jinja2")
    return f"{module}.select_autoescape", [edit] if edit is not None else []


@check("PY-JINJA-AUTOESCAPE", ast.Call)
def jinja_autoescape(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if name not in _JINJA_ENVS:
        return
    if len(node.args) >= 18 or any(isinstance(a, ast.Starred) for a in node.args):
        return
    keyword = ctx.keyword(node, "autoescape")
    if keyword is None:
        if ctx.has_kwargs_splat(node):
            return
        if _renders_only_text(ctx, node):
            return
        reference, imports = _select_autoescape_reference(ctx)
        fix = ctx.fix(f"Set autoescape={reference}()", ctx.add_keyword(node, f"autoescape={reference}()"), *imports)
        ctx.report(node.func, fix=fix)
        return
    value = ctx.constant(keyword.value)
    if value is ctx.UNKNOWN or value:
        return  # True, select_autoescape(...), a function, a setting
    if _renders_only_text(ctx, node):
        return
    reference, imports = _select_autoescape_reference(ctx)
    fix = ctx.fix(f"Set autoescape={reference}()", ctx.replace(keyword.value, f"{reference}()"), *imports)
    ctx.report(keyword, fix=fix)


# -- PY-REGEX-INJECTION --------------------------------------------------------------

_REGEX_FUNCS = {
    f"{module}.{fn}": (0, "pattern")
    for module in ("re", "regex")
    for fn in ("compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split")
}


@check("PY-REGEX-INJECTION", ast.Call)
def regex_injection(node: ast.Call, ctx: CheckContext) -> None:
    spec = _REGEX_FUNCS.get(ctx.call_name(node))
    if spec is None:
        return
    pattern = _argument(ctx, node, spec)
    if pattern is None or ctx.is_constant(pattern):
        return
    source = ctx.taint(pattern, "regex")
    if source is None:
        return
    ctx.report(
        pattern,
        message=(
            f"{_origin(source)} is used as a regular expression: a pattern like `(a+)+$` makes matching take "
            "exponential time (ReDoS) and metacharacters change what matches. Escape it with re.escape()."
        ),
        related=ctx.related(source),
    )


# -- PY-MASS-ASSIGNMENT ----------------------------------------------------------------

_ORM_WRITE_METHODS = {"create", "update", "get_or_create", "update_or_create", "values", "insert", "bulk_update"}
_NOT_MODELS = re.compile(r"(Form|Schema|Serializer|Request|Response|Exception|Error|Dict|Config|Settings|Args|Params|Query|Filter|Event|Message)$")
_VALIDATING_BASES = {"BaseModel", "Schema", "TypedDict", "NamedTuple", "Form", "FlaskForm", "ModelForm", "Serializer",
                     "ModelSerializer", "BaseSettings", "Struct"}


def _model_like_callee(ctx: CheckContext, call: ast.Call) -> bool:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    if isinstance(func, ast.Attribute) and name in _ORM_WRITE_METHODS:
        chain = ctx.qualname(func.value) or ""
        return "objects" in chain or "query" in chain or ".filter" in chain or "()" in chain or name in ("create", "get_or_create", "update_or_create")
    if not name[:1].isupper() or _NOT_MODELS.search(name) or name.isupper():
        return False
    qual = ctx.call_name(call)
    if qual.startswith(("pydantic.", "dataclasses.", "typing.", "collections.", "flask.", "werkzeug.", "django.http", "starlette.", "fastapi.")):
        return False
    for stmt in ctx.info.tree.body:
        if isinstance(stmt, ast.ClassDef) and stmt.name == name:
            bases = {_last(ctx.qualname(b) or "") for b in stmt.bases}
            if bases & _VALIDATING_BASES:
                return False
            if any(_last(ctx.qualname(d.func if isinstance(d, ast.Call) else d) or "") == "dataclass" for d in stmt.decorator_list):
                return False
    return True


def _mass_message(source: TaintSource, what: str) -> str:
    return (
        f"{_origin(source)} supplies the field names of {what}: a client can set fields it should not "
        "(`is_admin`, `role`, `owner_id`). Copy an explicit list of fields, or use the validated data of a form/serializer."
    )


def _dict_with_client_keys(ctx: CheckContext, expr: ast.AST) -> TaintSource | None:
    """Request data whose keys the client chooses (not `{"name": data["name"]}`)."""
    return ctx.taint(expr, "mass")


@check("PY-MASS-ASSIGNMENT", ast.Call)
def mass_assignment(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    method = ctx.method_name(node)
    if name in ("setattr", "builtins.setattr") and len(node.args) >= 2:
        source = ctx.taint(node.args[1], "mass")
        if source is not None:
            ctx.report(node.args[1], message=_mass_message(source, "`setattr()`"), related=ctx.related(source))
        return
    if method == "update" and node.args and isinstance(node.func, ast.Attribute):
        receiver = node.func.value
        is_dict = (isinstance(receiver, ast.Attribute) and receiver.attr == "__dict__") or (
            isinstance(receiver, ast.Call) and ctx.call_name(receiver) == "vars" and receiver.args
        )
        if is_dict:
            source = _dict_with_client_keys(ctx, node.args[0])
            if source is not None:
                ctx.report(node.args[0], message=_mass_message(source, "the object's `__dict__`"), related=ctx.related(source))
            return
    if method in ("update_one", "update_many", "find_one_and_update") and len(node.args) >= 2:
        update = node.args[1]
        if isinstance(update, ast.Dict):
            for key, value in zip(update.keys, update.values):
                if isinstance(key, ast.Constant) and key.value == "$set":
                    source = _dict_with_client_keys(ctx, value)
                    if source is not None:
                        ctx.report(value, message=_mass_message(source, "the `$set` update"), related=ctx.related(source))
                    return
        return
    if method in ("update", "values") and node.args and isinstance(node.func, ast.Attribute):
        chain = ctx.qualname(node.func.value) or ctx.text(node.func.value)
        if re.search(r"(query|filter|objects|update\(|insert\()", chain):
            # Query.filter_by(...).update(request.json), update(User).values(data)
            source = _dict_with_client_keys(ctx, node.args[0])
            if source is not None:
                ctx.report(node.args[0], message=_mass_message(source, f"`{method}()`"), related=ctx.related(source))
                return
    splats = [kw for kw in node.keywords if kw.arg is None]
    if not splats or not _model_like_callee(ctx, node):
        return
    for kw in splats:
        source = _dict_with_client_keys(ctx, kw.value)
        if source is not None:
            what = f"`{_short(ctx, node.func, 30)}(**...)`"
            ctx.report(kw, message=_mass_message(source, what), related=ctx.related(source))
            return


# Django ModelForm / DRF ModelSerializer (their Meta.fields) and generic editing views (their own `fields`).
_MODEL_FORMS = {"ModelForm", "ModelSerializer", "HyperlinkedModelSerializer", "BaseModelForm"}
_EDIT_VIEWS = {"CreateView", "UpdateView", "BaseCreateView", "BaseUpdateView"}
_FORM_FACTORIES = {"modelform_factory", "modelformset_factory", "inlineformset_factory"}
_ADMIN_BASES = {"ModelAdmin", "StackedInline", "TabularInline", "InlineModelAdmin", "GenericStackedInline",
                "GenericTabularInline"}
_ALL_FIELDS = {"django.forms.ALL_FIELDS", "django.forms.models.ALL_FIELDS"}


def _is_all_fields(ctx: CheckContext, value: ast.AST) -> bool:
    return ctx.constant(value) == "__all__" or ctx.qualname(value) in _ALL_FIELDS


def _class_bases(ctx: CheckContext, cls: ast.ClassDef, depth: int = 0) -> set[str]:
    """The last names of a class's bases, through base classes defined in the same module."""
    names: set[str] = set()
    for base in cls.bases:
        name = _last(ctx.qualname(base) or "")
        names.add(name)
        if isinstance(base, ast.Name) and depth < 3:
            for stmt in ctx.info.tree.body:
                if isinstance(stmt, ast.ClassDef) and stmt.name == base.id and stmt is not cls:
                    names |= _class_bases(ctx, stmt, depth + 1)
    return names


def _admin_only(ctx: CheckContext, cls: ast.ClassDef) -> bool:
    """A form of the Django admin: in admin.py, or the `form = ...` of a ModelAdmin of this module."""
    if ctx.path and ctx.path.replace("\\", "/").rsplit("/", 1)[-1] == "admin.py":
        return True
    return _admin_form(ctx, cls.name)


@module_fact
def _admin_form(ctx: CheckContext, name: str) -> bool:
    """A ModelAdmin of this module says ``form = name``."""
    for node in ctx.info.nodes:
        if isinstance(node, ast.ClassDef) and _class_bases(ctx, node) & _ADMIN_BASES:
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Name) and stmt.value.id == name:
                    return True
    return False


_ALL_FIELDS_MESSAGE = (
    "`fields = \"__all__\"` makes every field of the model writable through {what}, including fields "
    "the user must not set (`is_staff`, `owner`, `plan`, and any field added later). List the editable fields explicitly."
)


@check("PY-MASS-ASSIGNMENT", ast.Assign)
def all_fields_form(node: ast.Assign, ctx: CheckContext) -> None:
    if not (len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "fields"):
        return
    if not _is_all_fields(ctx, node.value):
        return
    holder = ctx.parent(node)
    if not isinstance(holder, ast.ClassDef):
        return
    if holder.name == "Meta":
        cls = ctx.parent(holder)
        if not isinstance(cls, ast.ClassDef) or not (_class_bases(ctx, cls) & _MODEL_FORMS):
            return
        for stmt in holder.body:
            # DRF: read_only_fields = fields / "__all__": nothing is writable
            if (
                isinstance(stmt, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "read_only_fields" for t in stmt.targets)
                and (_is_all_fields(ctx, stmt.value) or (isinstance(stmt.value, ast.Name) and stmt.value.id == "fields"))
            ):
                return
        what = "this serializer" if "Serializer" in " ".join(_class_bases(ctx, cls)) else "this form"
    else:
        cls = holder
        if not (_class_bases(ctx, cls) & _EDIT_VIEWS):
            return
        what = "this view's form"
    if _admin_only(ctx, cls):
        return
    ctx.report(node.value, message=_ALL_FIELDS_MESSAGE.format(what=what))


@check("PY-MASS-ASSIGNMENT", ast.Call)
def all_fields_factory(node: ast.Call, ctx: CheckContext) -> None:
    if _last(ctx.call_name(node)) not in _FORM_FACTORIES:
        return
    fields = ctx.keyword(node, "fields")
    if fields is not None and _is_all_fields(ctx, fields.value):
        ctx.report(fields.value, message=_ALL_FIELDS_MESSAGE.format(what="the generated form"))


# -- PY-DEBUG-TRACEBACK --------------------------------------------------------------

_BROAD = {"Exception", "BaseException"}
_INTERNAL_ERRORS = re.compile(
    r"^(DatabaseError|OperationalError|IntegrityError|ProgrammingError|InterfaceError|DataError|InternalError|"
    r"SQLAlchemyError|DBAPIError|OSError|IOError|EnvironmentError|FileNotFoundError|PermissionError|"
    r"ConnectionError|RequestException|HTTPError|CalledProcessError|SubprocessError|TimeoutError|RuntimeError|"
    r"ImportError|ModuleNotFoundError|ClientError|BotoCoreError|Error|PyMongoError|RedisError|DoesNotExist|"
    r"ConnectError|ConnectTimeout|ReadTimeout|SSLError|ProxyError|TemplateError|TemplateSyntaxError)$"
)
_TRACEBACK_CALLS = {"traceback.format_exc", "traceback.format_exception", "traceback.format_tb",
                    "traceback.format_stack", "traceback.extract_tb", "sys.exc_info", "traceback.print_exc"}
_LOGGING_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "print", "capture_exception",
                    "captureException", "write"}
_RESPONSE_CALLS = re.compile(
    r"^(jsonify|make_response|Response|HttpResponse\w*|JsonResponse|JSONResponse|PlainTextResponse|HTMLResponse|"
    r"abort|HTTPException|render_template|render|APIException|ValidationError|json_response|flash|"
    r"error|warning|info|success|add_message)$"
)
# Django's messages.error(request, ...) & co. show their text to the user.
_MESSAGE_FUNCS = {"error", "warning", "info", "success", "add_message"}
_LEAK_ATTRS = {"args", "message", "msg", "strerror", "orig", "stderr", "stdout", "output", "detail", "__traceback__"}


def _caught_internal(ctx: CheckContext, handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    for t in types:
        name = _last(ctx.qualname(t) or "")
        if name in _BROAD or _INTERNAL_ERRORS.match(name):
            return True
    return False


def _is_view_like(ctx: CheckContext, func: ast.AST | None) -> bool:
    """Code whose return value becomes an HTTP response: views, middleware hooks, error handlers."""
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    kind = ctx.taint_analyzer.view_kind(func)
    if kind is not None:
        # A Tornado handler's return value is not sent (its self.write() is), nor a chat-bot command's.
        return kind not in ("tornado", "bot")
    if func.name in ("process_exception", "process_view", "process_request", "process_response", "handle_exception"):
        return True
    if any(a.arg in ("request", "req") for a in [*func.args.posonlyargs, *func.args.args]):
        return True
    return _error_handler(ctx, func) is not None


_EXC_PARAMS = ("exc", "exception", "error", "err", "e", "ex")
_HANDLER_NAME = re.compile(r"(error|exception|exc|handler|500|crash|failure)", re.IGNORECASE)
# Handlers of client errors: their exception's text is meant for the client (404's "No Post matches").
_CLIENT_ERROR_HANDLER = re.compile(r"(4\d\d|not_?found|forbidden|denied|bad_?request|unauthori[sz]ed|csrf|validation)", re.IGNORECASE)
_DJANGO_HANDLERS = {"handler500": 500, "handler400": 400, "handler403": 403, "handler404": 404}


def _registered_error_handlers(ctx: CheckContext) -> dict[str, ast.AST | int]:
    """Functions this module registers as error handlers, with what they handle: ``handler500 = views.oops``,
    ``app.add_exception_handler(Exception, on_error)``, ``app.register_error_handler(500, on_error)``."""
    return ctx.info.fact(_scan_error_handlers)


def _scan_error_handlers(ctx: CheckContext) -> dict[str, ast.AST | int]:
    found: dict[str, ast.AST | int] = {}
    for table in ctx.info.statement_tables(_error_handler_table):
        found.update(table)
    return found


def _error_handler_table(nodes: list[ast.AST]) -> dict[str, ast.AST | int]:
    """The registrations among one statement's nodes (syntax only: kept with the statement)."""
    method_name = CheckContext.method_name
    found: dict[str, ast.AST | int] = {}
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            code = _DJANGO_HANDLERS.get(node.targets[0].id)
            if code is not None:
                value = node.value
                name = value.attr if isinstance(value, ast.Attribute) else value.id if isinstance(value, ast.Name) else (
                    value.value.rsplit(".", 1)[-1] if isinstance(value, ast.Constant) and isinstance(value.value, str) else None
                )
                if name:
                    found[name] = code
        elif isinstance(node, ast.Call) and len(node.args) == 2 and isinstance(node.args[1], ast.Name):
            if method_name(node) in ("add_exception_handler", "register_error_handler"):
                found[node.args[1].id] = node.args[0]
        elif isinstance(node, ast.Call) and len(node.args) == 1 and isinstance(node.args[0], ast.Name) and isinstance(node.func, ast.Call):
            # app.errorhandler(500)(on_error)
            inner = node.func
            if method_name(inner) in ("errorhandler", "exception_handler") and inner.args:
                found[node.args[0].id] = inner.args[0]
    return found


def _called_in_module(ctx: CheckContext, name: str) -> bool:
    """Whether the module calls the function itself (a helper, not a handler the framework calls)."""
    return ctx.info.fact(_scan_called_in_module, name)


def _scan_called_in_module(ctx: CheckContext, name: str) -> bool:
    return any(name in called for called in ctx.info.statement_tables(_names_called))


def _names_called(nodes: list[ast.AST]) -> set[str]:
    return {n.func.id for n in nodes if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


def _handles_internal(ctx: CheckContext, what: ast.AST | int | None) -> bool:
    """Whether an error handler registered for ``what`` (an exception class or status code) sees internal errors."""
    if what is None:
        return True
    if isinstance(what, int):
        return what >= 500
    code = ctx.constant(what)
    if isinstance(code, int):
        return code >= 500
    types = what.elts if isinstance(what, ast.Tuple) else [what]
    for t in types:
        name = _last(ctx.qualname(t) or "")
        if name in _BROAD or _INTERNAL_ERRORS.match(name) or name == "InternalServerError":
            return True
    return False


def _error_handler(ctx: CheckContext, func: ast.AST) -> str | None:
    """The exception parameter of ``@app.errorhandler(Exception)``/``@app.exception_handler(500)`` handlers."""
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    # Asked for the function around every response call in it, and once more for the function itself.
    return ctx.memo(_find_error_handler, func)


def _find_error_handler(ctx: CheckContext, func: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    args = [a for a in [*func.args.posonlyargs, *func.args.args] if a.arg not in ("self", "cls")]
    registered = _registered_error_handlers(ctx)
    if func.name in registered and isinstance(ctx.parent(func), ast.Module):
        if not _handles_internal(ctx, registered[func.name]) or not args:
            return None
        return args[-1].arg if len(args) > 1 else "\0"  # Django's handler500(request): no exception object
    if (
        len(args) == 2
        and args[0].arg in ("request", "req")
        and _HANDLER_NAME.search(func.name)
        and not _CLIENT_ERROR_HANDLER.search(func.name)
        and not func.decorator_list
        and isinstance(ctx.parent(func), ast.Module)
    ):
        # The signature of a Starlette/FastAPI/Sanic exception handler, `(request, exc)`, registered
        # elsewhere (`exception_handlers={Exception: handle_error}`); `(request, error)` only when
        # annotated as an exception (`render_error(request, "Invalid link")` is a helper).
        exc = args[1]
        if exc.annotation is None:
            internal = exc.arg in ("exc", "exception", "ex")
        else:
            internal = _handles_internal(ctx, exc.annotation)
        if internal and exc.arg in _EXC_PARAMS and not _called_in_module(ctx, func.name):
            return exc.arg
    params = [a.arg for a in [*func.args.posonlyargs, *func.args.args]]
    if func.name in ("process_exception", "handle_exception") and len(params) >= 2:
        return params[-1]  # Django middleware (self, request, exception), DRF APIView (self, exc)
    if func.name.endswith("exception_handler") and params and params[0] in ("exc", "exception", "error", "e", "err"):
        return params[0]  # DRF's EXCEPTION_HANDLER(exc, context)
    for deco in func.decorator_list:
        if not isinstance(deco, ast.Call):
            continue
        if _last(ctx.qualname(deco.func) or "") not in ("errorhandler", "exception_handler", "register_error_handler"):
            continue
        if not deco.args:
            continue
        code = ctx.constant(deco.args[0])
        name = _last(ctx.qualname(deco.args[0]) or "")
        if code == 500 or name in _BROAD or _INTERNAL_ERRORS.match(name) or name == "InternalServerError":
            args = [*func.args.posonlyargs, *func.args.args]
            if not args:
                return None
            # FastAPI's handler takes (request, exc); Flask's takes (error).
            return args[-1].arg if len(args) > 1 else args[0].arg
    return None


def _leak_in(ctx: CheckContext, expr: ast.AST, exc_name: str | None, local_leaks: dict[str, ast.AST], depth: int = 0) -> ast.AST | None:
    """The part of ``expr`` that carries exception details (``str(e)``, ``traceback.format_exc()``)."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call):
            qual = ctx.call_name(node)
            if qual in _TRACEBACK_CALLS:
                return node
            if isinstance(node.func, ast.Attribute) and node.func.attr in _LOGGING_METHODS:
                continue
            if qual in ("str", "repr", "format") and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == exc_name:
                return node
            if qual == "type" or (isinstance(node.func, ast.Attribute) and node.func.attr in ("status_code", "code")):
                continue
            stack.extend(node.args)
            stack.extend(k.value for k in node.keywords)
            if isinstance(node.func, ast.Attribute):
                stack.append(node.func.value)
            continue
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == exc_name:
                if node.attr in _LEAK_ATTRS:
                    return node
                continue  # e.code, e.status_code, e.__class__
            stack.append(node.value)
            continue
        if isinstance(node, ast.Name):
            if node.id == exc_name:
                parent = ctx.parent(node)
                if isinstance(parent, (ast.FormattedValue, ast.BinOp, ast.keyword, ast.Dict, ast.List, ast.Tuple, ast.Return)) or (
                    isinstance(parent, ast.Call) and node in parent.args
                ):
                    return node
                continue
            if node.id in local_leaks:
                return node
            continue
        stack.extend(child_nodes(node))
    return None


def _handler_leaks(
    ctx: CheckContext,
    body: list[ast.stmt],
    exc_name: str | None,
    local_leaks: dict[str, ast.AST] | None = None,
    in_view: bool = True,
) -> list[ast.AST]:
    """Response values in ``body`` that carry exception details (``local_leaks``: names holding them)."""
    local_leaks = {} if local_leaks is None else local_leaks
    found: list[ast.AST] = []
    stack: list[ast.AST] = list(reversed(body))
    ordered: list[ast.AST] = []
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        ordered.append(node)
        stack.extend(reversed(list(child_nodes(node))))
    for node in ordered:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            leak = _leak_in(ctx, node.value, exc_name, local_leaks)
            if leak is not None:
                local_leaks[node.targets[0].id] = leak
        elif isinstance(node, ast.Assign) and in_view and _response_body_target(ctx, node):
            # Falcon: resp.media = {"error": str(exc)}; resp.text = traceback.format_exc()
            leak = _leak_in(ctx, node.value, exc_name, local_leaks)
            if leak is not None:
                found.append(leak)
        elif isinstance(node, ast.Call) and _is_response_call(ctx, node):
            # HttpResponse(traceback.format_exc()), jsonify(error=str(e)), HTTPException(detail=str(e))
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                leak = _leak_in(ctx, arg, exc_name, local_leaks)
                if leak is not None:
                    found.append(leak)
                    break
        elif isinstance(node, ast.Return) and node.value is not None and in_view:
            value = node.value
            if isinstance(value, ast.Tuple) and value.elts:
                value = value.elts[0]
            leak = _leak_in(ctx, value, exc_name, local_leaks)
            if leak is not None:
                found.append(leak)
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and in_view:
            name = _last(ctx.call_name(node.exc))
            if name in ("HTTPException", "APIException", "abort") or name.startswith("HTTP"):
                leak = _leak_in(ctx, node.exc, exc_name, local_leaks)
                if leak is not None:
                    found.append(leak)

    return found


_RESPONSE_BODY_ATTRS = {"media", "text", "body", "data"}


def _response_body_target(ctx: CheckContext, node: ast.Assign) -> bool:
    """``resp.media = ...`` where ``resp`` is the response parameter of a Falcon-style responder/hook."""
    if len(node.targets) != 1:
        return False
    target = node.targets[0]
    if not (isinstance(target, ast.Attribute) and target.attr in _RESPONSE_BODY_ATTRS and isinstance(target.value, ast.Name)):
        return False
    if target.value.id not in ("resp", "response", "res"):
        return False
    func = _function_of(ctx, node)
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    params = [a.arg for a in [*func.args.posonlyargs, *func.args.args]]
    return target.value.id in params and any(p in ("req", "request") for p in params)


def _is_response_call(ctx: CheckContext, call: ast.Call) -> bool:
    """A web framework's response/abort: `jsonify(...)`, `HttpResponse(...)`, `HTTPException(...)`,
    Tornado's `self.write(...)`/`self.finish(...)` in a request handler."""
    # Asked of every call, and again of the calls around leaks and environment reads: answer once.
    return ctx.memo(_find_response_call, call)


def _find_response_call(ctx: CheckContext, call: ast.Call) -> bool:
    if ctx.method_name(call) in ("write", "finish") and _is_response_object(ctx, call.func.value):  # type: ignore[union-attr]
        return isinstance(call.func.value, ast.Name) and call.func.value.id == "self"  # type: ignore[union-attr]
    qual = ctx.call_name(call)
    if not _RESPONSE_CALLS.match(_last(qual)):
        return False
    if _last(qual) in _MESSAGE_FUNCS:
        return qual.startswith("django.contrib.messages.")
    root = qual.split(".")[0]
    if "." not in qual:
        return ctx.info.lookup(call.func) is None if isinstance(call.func, ast.Name) else False
    return root in _KNOWN_FRAMEWORKS and ctx.imports(root)


def _report_leaks(ctx: CheckContext, leaks: list[ast.AST], origins: dict[str, ast.AST] | None = None) -> None:
    seen: set[int] = set()
    for leak in leaks:
        if id(leak) in seen:
            continue
        seen.add(id(leak))
        what = f"`{_short(ctx, leak)}`"
        origin = (origins or {}).get(leak.id) if isinstance(leak, ast.Name) else None
        if origin is not None:
            what += f" (built from `{_short(ctx, origin)}`)"
        ctx.report(
            leak,
            message=(
                f"{what} sends exception details to the client: stack traces and error texts reveal "
                "file paths, SQL, library versions and sometimes secrets. Log the exception and return a generic message."
            ),
        )


@check("PY-DEBUG-TRACEBACK", ast.ExceptHandler)
def debug_traceback(node: ast.ExceptHandler, ctx: CheckContext) -> None:
    func = _function_of(ctx, node)
    in_view = _is_view_like(ctx, func)
    caught_internal = _caught_internal(ctx, node)
    origins: dict[str, ast.AST] = {}
    leaks = _handler_leaks(ctx, node.body, node.name if caught_internal else None, origins, in_view)
    _report_leaks(ctx, leaks, origins)


_TRACEBACK_TEXT = {"traceback.format_exc", "traceback.format_exception", "traceback.format_tb", "traceback.format_stack",
                   "traceback.extract_tb", "traceback.extract_stack", "traceback.format_exception_only"}
_TRACEBACK_LAST = frozenset(name.rpartition(".")[2] for name in _TRACEBACK_TEXT)


@module_fact
def _formats_tracebacks(ctx: CheckContext) -> bool:
    """Whether the module calls traceback.format_exc() & co. at all: every value traceback_in_response follows
    is an expression of this module, so without such a call it cannot find one (and need not follow names)."""
    return any(ctx.call_name(call) in _TRACEBACK_TEXT for call in calls_matching(ctx, _TRACEBACK_LAST.__contains__))


@check("PY-DEBUG-TRACEBACK", ast.Call)
def traceback_in_response(node: ast.Call, ctx: CheckContext) -> None:
    """``JsonResponse({"trace": traceback.format_exc()})`` anywhere: a stack trace is never a message for the client."""
    if not _formats_tracebacks(ctx) or not _is_response_call(ctx, node):
        return
    for anc in ctx.ancestors(node):
        if isinstance(anc, ast.ExceptHandler):
            return  # debug_traceback looks at except blocks
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            if _error_handler(ctx, anc) is not None and not any(isinstance(a, ast.Try) for a in ctx.ancestors(node)):
                return  # debug_error_handler looks at error handlers
            break
    # (expression, the name in the response's arguments it was reached through, depth)
    pending: list[tuple[ast.AST, ast.Name | None, int]] = [
        (arg, None, 0) for arg in [*node.args, *(k.value for k in node.keywords)]
    ]
    while pending:
        expr, via, depth = pending.pop()
        for sub in walk(expr):
            if isinstance(sub, ast.Call) and ctx.call_name(sub) in _TRACEBACK_TEXT:
                if via is None:
                    _report_leaks(ctx, [sub])
                else:
                    _report_leaks(ctx, [via], {via.id: sub})
                return
            if isinstance(sub, ast.Name) and depth < 2:
                # data = {"trace": traceback.format_exc()}; return JsonResponse(data)
                pending.extend(
                    (v, via or sub, depth + 1) for v in ctx.taint_analyzer.reaching_values(sub) if v is not None
                )


@check("PY-DEBUG-TRACEBACK", ast.FunctionDef, ast.AsyncFunctionDef)
def debug_error_handler(node: ast.FunctionDef, ctx: CheckContext) -> None:
    exc_name = _error_handler(ctx, node)
    if exc_name is None:
        return
    body = [s for s in node.body if not isinstance(s, ast.Try)]
    origins: dict[str, ast.AST] = {}
    _report_leaks(ctx, _handler_leaks(ctx, body, exc_name, origins), origins)


_ARIADNE_DEBUG_MESSAGE = (
    "`debug=True` makes Ariadne add each error's exception and stack trace to the GraphQL response "
    "(`extensions.exception`): clients see file paths, SQL and library versions. Leave debug off in "
    "production (`debug=settings.DEBUG`) and log errors on the server."
)


@check("PY-DEBUG-TRACEBACK", ast.Call)
def graphql_debug(node: ast.Call, ctx: CheckContext) -> None:
    """Ariadne ``GraphQL(schema, debug=True)`` / ``graphql_sync(schema, data, debug=True)``."""
    name = ctx.call_name(node)
    if not name.startswith("ariadne.") and not (
        ctx.method_name(node) == "as_view" and ctx.imports("ariadne")
        and (ctx.qualname(node.func.value) or "").startswith("ariadne.")  # type: ignore[union-attr]
    ):
        return
    keyword = ctx.keyword(node, "debug")
    if keyword is None or ctx.constant(keyword.value) is not True:
        return
    ctx.report(keyword, message=_ARIADNE_DEBUG_MESSAGE)


# -- PY-WEBSOCKET-ORIGIN ---------------------------------------------------------------

_CHANNELS_COOKIE_AUTH = {"AuthMiddlewareStack", "SessionMiddlewareStack", "CookieMiddleware", "SessionMiddleware"}
_CHANNELS_VALIDATORS = {"AllowedHostsOriginValidator", "OriginValidator"}
_SOCKETIO_SERVERS = {
    "socketio.Server", "socketio.AsyncServer", "socketio.server.Server", "socketio.async_server.AsyncServer",
    "flask_socketio.SocketIO",
}


def _function_returns(func: ast.AST) -> tuple[list[ast.Return], bool]:
    """The return statements of a function's own body, and whether it raises."""
    returns: list[ast.Return] = []
    raises = False
    stack = list(getattr(func, "body", []))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, ast.Return):
            returns.append(node)
        elif isinstance(node, ast.Raise):
            raises = True
        stack.extend(child_nodes(node))
    return sorted(returns, key=lambda r: (r.lineno, r.col_offset)), raises


@check("PY-WEBSOCKET-ORIGIN", ast.FunctionDef, ast.AsyncFunctionDef)
def websocket_any_origin(node: ast.FunctionDef, ctx: CheckContext) -> None:
    """Tornado ``WebSocketHandler.check_origin`` overridden to accept every origin."""
    if node.name != "check_origin" or not ctx.imports("tornado"):
        return
    cls = ctx.parent(node)
    if not isinstance(cls, ast.ClassDef) or not ctx.taint_analyzer.tornado_handler(cls):
        return
    returns, raises = _function_returns(node)
    if not returns or raises or not all(r.value is not None and ctx.constant(r.value) is True for r in returns):
        return
    ctx.report(
        returns[0],
        message=(
            "`check_origin` returns True for every origin, so any website the user visits can open this "
            "WebSocket with the user's cookies and read and send messages as them (cross-site WebSocket "
            "hijacking). Compare the origin's host with an allow-list: `return urlparse(origin).netloc in ALLOWED_HOSTS`."
        ),
    )


def _expression_calls(ctx: CheckContext, expr: ast.AST, depth: int = 0) -> list[str]:
    """The names of the calls an expression is built from, following local names."""
    names: list[str] = []
    for sub in walk(expr):
        if isinstance(sub, ast.Call):
            names.append(_last(ctx.call_name(sub)))
        elif isinstance(sub, ast.Name) and depth < 2:
            found = ctx.info.lookup(sub)
            for value in found[1] if found else ():
                if value is not None:
                    names.extend(_expression_calls(ctx, value, depth + 1))
    return names


@check("PY-WEBSOCKET-ORIGIN", ast.Call)
def websocket_origin_config(node: ast.Call, ctx: CheckContext) -> None:
    """Django Channels cookie-authenticated WebSockets without an origin validator; Socket.IO
    servers accepting every origin."""
    name = ctx.call_name(node)
    if name in _SOCKETIO_SERVERS or (ctx.method_name(node) == "init_app" and ctx.imports("flask_socketio")):
        keyword = ctx.keyword(node, "cors_allowed_origins")
        if keyword is None:
            return
        value = ctx.constant(keyword.value)
        if value == "*" or (isinstance(value, (list, tuple, set)) and "*" in value):
            ctx.report(
                keyword,
                message=(
                    "`cors_allowed_origins=\"*\"` turns off the Socket.IO server's origin check: any website the "
                    "user visits can connect with the user's cookies and act as them (cross-site WebSocket "
                    "hijacking). List the front-end origins instead."
                ),
            )
        return
    if _last(name) == "OriginValidator" and name.startswith("channels.") and len(node.args) >= 2:
        allowed = ctx.constant(node.args[1])
        if isinstance(allowed, (list, tuple, set)) and "*" in allowed:
            ctx.report(
                node.args[1],
                message=(
                    "`OriginValidator` with `\"*\"` accepts every origin: any website can open this WebSocket with "
                    "the user's session cookie (cross-site WebSocket hijacking). List the allowed origins."
                ),
            )
        return
    if not name.startswith("channels.") or _last(name) != "ProtocolTypeRouter" or not node.args:
        return
    routes = node.args[0]
    if not isinstance(routes, ast.Dict):
        return
    for key, value in zip(routes.keys, routes.values):
        if ctx.constant(key) != "websocket" or value is None:
            continue
        calls = set(_expression_calls(ctx, value))
        if calls & _CHANNELS_COOKIE_AUTH and not calls & _CHANNELS_VALIDATORS:
            ctx.report(
                value,
                message=(
                    "These WebSocket routes authenticate with the session cookie but check no Origin: any website "
                    "the user visits can open a socket as them (cross-site WebSocket hijacking). Wrap the stack in "
                    "`AllowedHostsOriginValidator(...)`."
                ),
            )


# -- PY-DRF-ALLOWANY-WRITE -------------------------------------------------------------

# DRF views that change or delete records (create-only views such as sign-up are left alone).
_DRF_WRITE_VIEWS = {
    "ModelViewSet", "UpdateAPIView", "DestroyAPIView", "RetrieveUpdateAPIView", "RetrieveDestroyAPIView",
    "RetrieveUpdateDestroyAPIView",
}
_DRF_WRITE_MIXINS = {"UpdateModelMixin", "DestroyModelMixin"}
_SAFE_HTTP_METHODS = {"get", "head", "options", "trace"}


def _allow_any_only(ctx: CheckContext, value: ast.AST) -> ast.AST | None:
    """``[AllowAny]`` / ``(permissions.AllowAny,)``: the AllowAny element when it is the only permission."""
    if not isinstance(value, (ast.List, ast.Tuple)) or len(value.elts) != 1:
        return None
    element = value.elts[0]
    qual = ctx.qualname(element) or ""
    return element if qual.rsplit(".", 1)[-1] == "AllowAny" and (qual.startswith("rest_framework") or "." not in qual) else None


def _drf_write_bases(ctx: CheckContext, cls: ast.ClassDef, depth: int = 0) -> str | None:
    """The base that makes a class-based view writable (``ModelViewSet``, ``UpdateModelMixin``...)."""
    if depth > 4:
        return None
    for base in cls.bases:
        qual = ctx.qualname(base) or ""
        last = qual.rsplit(".", 1)[-1]
        if qual.startswith("rest_framework") and (last in _DRF_WRITE_VIEWS or last in _DRF_WRITE_MIXINS):
            return last
        if isinstance(base, ast.Name):
            local = ctx.taint_analyzer._module_class(base.id)
            if local is not None and local is not cls:
                found = _drf_write_bases(ctx, local, depth + 1)
                if found is not None:
                    return found
    return None


@check("PY-DRF-ALLOWANY-WRITE", ast.Assign)
def drf_allow_any_write(node: ast.Assign, ctx: CheckContext) -> None:
    cls = ctx.parent(node)
    if not isinstance(cls, ast.ClassDef) or len(node.targets) != 1:
        return
    target = node.targets[0]
    if not (isinstance(target, ast.Name) and target.id == "permission_classes"):
        return
    allow_any = _allow_any_only(ctx, node.value)
    if allow_any is None:
        return
    base = _drf_write_bases(ctx, cls)
    if base is None:
        return
    for stmt in cls.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in (
            "get_permissions", "check_permissions", "check_object_permissions", "initial",
        ):
            return  # permissions decided per action/request in code
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "http_method_names" for t in stmt.targets):
            methods = ctx.constant(stmt.value)
            if isinstance(methods, (list, tuple)) and all(str(m).lower() in _SAFE_HTTP_METHODS for m in methods):
                return  # read-only in practice
    ctx.report(
        allow_any,
        message=(
            f"`{cls.name}` is a {base} (it updates and deletes records) and lets anyone call it: AllowAny turns "
            "off authentication and authorisation for every action, so an anonymous client can read, change and "
            "delete these records. Use IsAuthenticated (plus an object-level permission), or a read-only view "
            "for data that is meant to be public."
        ),
    )


# -- PY-ENV-EXPOSURE ---------------------------------------------------------------------


def _whole_environ(ctx: CheckContext, node: ast.Attribute) -> bool:
    """``os.environ`` read whole: ``dict(os.environ)``, ``os.environ.copy()``, ``{**os.environ}``, ``.items()``."""
    if not isinstance(node.ctx, ast.Load) or ctx.qualname(node) != "os.environ":
        return False
    parent = ctx.parent(node)
    if isinstance(parent, ast.Subscript) and parent.value is node:
        return False
    if isinstance(parent, ast.Attribute) and parent.value is node:
        return parent.attr in ("copy", "items")
    if isinstance(parent, ast.Compare):
        return False  # "X" in os.environ
    return True


@check("PY-ENV-EXPOSURE", ast.Attribute)
def environment_in_response(node: ast.Attribute, ctx: CheckContext) -> None:
    if not _whole_environ(ctx, node):
        return
    child: ast.AST = node
    for anc in ctx.ancestors(node):
        if isinstance(anc, (ast.DictComp, ast.ListComp, ast.SetComp, ast.GeneratorExp)) and any(g.ifs for g in anc.generators):
            return  # {k: v for k, v in os.environ.items() if k.startswith("APP_")}: filtered
        if isinstance(anc, ast.Call) and child is not anc.func and _is_response_call(ctx, anc):
            break
        if isinstance(anc, ast.Return):
            if not _is_view_like(ctx, _function_of(ctx, anc)):
                return
            break
        if isinstance(anc, ast.Assign) and _is_view_like(ctx, _function_of(ctx, anc)) and _response_body_target(ctx, anc):
            break
        if isinstance(anc, (ast.stmt, ast.Lambda)):
            return
        child = anc
    else:
        return
    ctx.report(
        node,
        message=(
            "The whole process environment is sent to the client: it holds the database URL, API keys, "
            "cloud credentials and every other secret the service was started with. Return only the "
            "few non-secret values the client needs (a version, a region)."
        ),
    )

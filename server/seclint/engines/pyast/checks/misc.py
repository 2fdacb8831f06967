"""Archives, outgoing requests, cleartext protocols, security asserts, bidi characters.

Also the small private helpers the deserialisation and XML checks share
(following a local name to the value it was bound to, ``with ... as name``
included).
"""

from __future__ import annotations

import ast
import re

from ....findings import Finding, Related
from ...base import Source
from ..context import CheckContext
from ..module import FUNCTION_NODES
from ..registry import check

# -- shared helpers ------------------------------------------------------------------


def _with_bindings(owner: ast.AST) -> dict[str, list[ast.expr]]:
    """``name -> [context expressions]`` of the ``with X as name`` items directly in ``owner``'s scope."""
    cached = getattr(owner, "_seclint_withs", None)
    if cached is not None:
        return cached
    result: dict[str, list[ast.expr]] = {}
    stack = list(ast.iter_child_nodes(owner))
    while stack:
        node = stack.pop()
        if isinstance(node, (*FUNCTION_NODES, ast.ClassDef)):
            continue  # their own scope
        if isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
            result.setdefault(node.optional_vars.id, []).append(node.context_expr)
        stack.extend(ast.iter_child_nodes(node))
    try:
        owner._seclint_withs = result  # type: ignore[attr-defined]
    except AttributeError:
        pass
    return result


def bound_value(ctx: CheckContext, expr: ast.AST | None, depth: int = 0) -> ast.AST | None:
    """Follow a local name to the one expression it was bound to (``x = ...`` or ``with ... as x``).

    Anything else (an attribute, a call, a literal) is returned as it is; a name bound
    several times, a parameter, or a loop variable gives None.
    """
    if not isinstance(expr, ast.Name):
        return expr
    if depth > 6:
        return None
    found = ctx.info.lookup(expr)
    if found is None:
        return None
    scope, values = found
    if len(values) != 1 or expr.id in scope.params:
        return None
    if values[0] is not None:
        return bound_value(ctx, values[0], depth + 1)
    owner = scope.node if scope.node is not None else ctx.info.tree
    withs = _with_bindings(owner).get(expr.id, [])
    if len(withs) == 1:
        return bound_value(ctx, withs[0], depth + 1)
    return None


def function_or_module(node: ast.AST, ctx: CheckContext) -> ast.AST:
    """The function holding ``node`` (the module if none): where its names are bound."""
    func = ctx.enclosing_function(node)
    return func if func is not None else ctx.info.tree


def walk_scope(owner: ast.AST):
    """Every node of ``owner``'s body, not descending into nested functions or classes."""
    stack = list(ast.iter_child_nodes(owner))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (*FUNCTION_NODES, ast.ClassDef)):
            continue
        stack.extend(ast.iter_child_nodes(node))


def method_calls_on(owner: ast.AST, receiver: str) -> list[ast.Call]:
    """Calls ``receiver.method(...)`` in ``owner``'s scope, where ``receiver`` is the source text of a name or attribute."""
    calls = []
    for node in walk_scope(owner):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _dotted(node.func.value) == receiver:
            calls.append(node)
    return calls


def _dotted(expr: ast.AST) -> str | None:
    parts = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    parts.append(expr.id)
    return ".".join(reversed(parts))


def receiver_of(call: ast.Call) -> ast.AST | None:
    return call.func.value if isinstance(call.func, ast.Attribute) else None


def target_of(call: ast.AST, ctx: CheckContext) -> str | None:
    """The dotted name a call's result is bound to: ``x = call``, ``self.x = call``, ``with call as x``."""
    parent = ctx.parent(call)
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
        return _dotted(parent.targets[0])
    if isinstance(parent, ast.AnnAssign):
        return _dotted(parent.target)
    if isinstance(parent, ast.withitem) and parent.optional_vars is not None:
        return _dotted(parent.optional_vars)
    if isinstance(parent, ast.NamedExpr):
        return _dotted(parent.target)
    return None


def request_taint(ctx: CheckContext, expr: ast.AST | None):
    """HTTP request data reaching ``expr``, for the message of a finding that fires either way."""
    if expr is None:
        return None
    try:
        return ctx.taint(expr, "code")
    except RecursionError:
        return None


# -- what counts as input this program wrote itself ---------------------------------

_PATH_BUILDERS = {
    "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.WindowsPath",
    "os.path.join", "os.path.dirname", "os.path.abspath", "os.path.realpath", "os.path.normpath",
    "os.fspath", "str", "bytes",
    "importlib.resources.files", "importlib.resources.path", "importlib.resources.open_text",
    "importlib.resources.open_binary", "importlib.resources.read_text", "importlib.resources.read_binary",
    "importlib_resources.files", "pkgutil.get_data",
    "pkg_resources.resource_stream", "pkg_resources.resource_string", "pkg_resources.resource_filename",
}
_OPENERS = {"open", "io.open", "codecs.open", "gzip.open"}
_PATH_METHODS = {
    "joinpath", "open", "read_text", "read_bytes", "read", "resolve", "absolute", "with_name", "with_suffix",
    "encode", "decode", "expanduser", "strip",
}
_SERIALIZERS = {"tostring", "tostringlist", "toxml", "toprettyxml"}


def trusted_input(ctx: CheckContext, expr: ast.AST | None, depth: int = 0) -> bool:
    """``expr`` is a literal document, or a file of the program's own (a literal path, a path next to
    ``__file__``, a package resource), or XML this program just serialised."""
    if expr is None or depth > 8:
        return False
    if isinstance(expr, ast.Name) and expr.id == "__file__":
        return True
    if isinstance(ctx.constant(expr), (str, bytes)):
        return True
    if isinstance(expr, ast.Name):
        value = bound_value(ctx, expr)
        return value is not None and value is not expr and trusted_input(ctx, value, depth + 1)
    if isinstance(expr, ast.Call):
        name = ctx.call_name(expr)
        short = name.rsplit(".", 1)[-1]
        if short in _SERIALIZERS and name.startswith(("xml.", "lxml.")):
            return True
        if name in _OPENERS:
            return bool(expr.args) and trusted_input(ctx, expr.args[0], depth + 1)
        if name in _PATH_BUILDERS or name in ("Path", "PurePath"):
            args = [*expr.args, *(k.value for k in expr.keywords if k.arg is not None)]
            return bool(args) and all(trusted_input(ctx, a, depth + 1) for a in args)
        method = ctx.method_name(expr)
        if method in _SERIALIZERS and isinstance(expr.func, ast.Attribute):
            return True  # doc.toxml(), tree.tostring() - output of this program
        if method in _PATH_METHODS and isinstance(expr.func, ast.Attribute):
            others = [*expr.args, *(k.value for k in expr.keywords if k.arg is not None)]
            return trusted_input(ctx, expr.func.value, depth + 1) and all(
                ctx.is_constant(a) or trusted_input(ctx, a, depth + 1) for a in others
            )
        return False
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Div, ast.Add)):
        return trusted_input(ctx, expr.left, depth + 1) and trusted_input(ctx, expr.right, depth + 1)
    if isinstance(expr, ast.Attribute):
        qual = ctx.qualname(expr) or ""
        if qual.startswith("django.conf.settings."):
            return True
        if expr.attr in ("parent", "name", "stem"):
            return trusted_input(ctx, expr.value, depth + 1)
        return False
    if isinstance(expr, ast.Subscript):
        return isinstance(expr.value, ast.Attribute) and expr.value.attr == "parents" and trusted_input(ctx, expr.value.value, depth + 1)
    if isinstance(expr, ast.JoinedStr):
        return all(
            isinstance(v, ast.Constant) or (isinstance(v, ast.FormattedValue) and trusted_input(ctx, v.value, depth + 1))
            for v in expr.values
        )
    return False


# -- PY-TARFILE-EXTRACTALL -------------------------------------------------------------

_TAR_OPENERS = {
    "tarfile.open", "tarfile.TarFile", "tarfile.TarFile.open", "tarfile.TarFile.taropen",
    "tarfile.TarFile.gzopen", "tarfile.TarFile.bz2open", "tarfile.TarFile.xzopen", "tarfile.TarFile.zstopen",
}
_TAR_TYPES = {"tarfile.TarFile", "TarFile"}
_OTHER_ARCHIVE_MODULES = ("zipfile", "py7zr", "rarfile", "libarchive", "patoolib", "pyzipper")
_UNSAFE_FILTERS = {"fully_trusted", "tarfile.fully_trusted_filter"}
_TAR_FORMATS = {"tar", "gztar", "bztar", "xztar", "zstdtar"}
_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst")


def _is_tar_object(ctx: CheckContext, receiver: ast.AST | None) -> bool | None:
    """True: a TarFile; False: provably something else; None: cannot tell."""
    if receiver is None:
        return None
    value = bound_value(ctx, receiver)
    if isinstance(value, ast.Call):
        name = ctx.call_name(value)
        if name in _TAR_OPENERS:
            return True
        return False if name else None
    if value is None and isinstance(receiver, ast.Name):
        # A parameter: believe its annotation.
        func = ctx.enclosing_function(receiver)
        if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for arg in [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]:
                if arg.arg == receiver.id and arg.annotation is not None:
                    annotation = ctx.qualname(arg.annotation) or ast.unparse(arg.annotation)
                    return annotation in _TAR_TYPES
    return None


def _module_sets_extraction_filter(ctx: CheckContext) -> bool:
    cached = getattr(ctx.info, "_seclint_extraction_filter", None)
    if cached is None:
        cached = False
        for node in ctx.info.nodes:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr == "extraction_filter":
                        value = node.value
                        if isinstance(value, ast.Call) and ctx.call_name(value) == "staticmethod" and value.args:
                            value = value.args[0]
                        if ctx.qualname(value) != "tarfile.fully_trusted_filter":
                            cached = True
        ctx.info._seclint_extraction_filter = cached  # type: ignore[attr-defined]
    return cached


def _members_filtered(ctx: CheckContext, members: ast.AST) -> bool:
    """``members=`` holds a selection the developer made (a function, a filtered comprehension)."""
    value = bound_value(ctx, members)
    if value is None:
        return True  # a variable we cannot follow: assume it is the vetted list
    if isinstance(value, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
        return any(_path_safety_test(test) or _calls_safe_helper(ctx, test) for gen in value.generators for test in gen.ifs)
    if isinstance(value, ast.Call) and ctx.call_name(value) == "filter" and value.args:
        predicate = value.args[0]
        if isinstance(predicate, ast.Lambda):
            return _path_safety_test(predicate.body) or _calls_safe_helper(ctx, predicate.body)
        return True  # filter(is_safe, tar): a named predicate we trust
    # tar.getmembers(): every member, the same as passing nothing; otherwise safe_members(tar),
    # filter(is_safe, tar), a list built elsewhere...
    return not (isinstance(value, ast.Call) and ctx.method_name(value) in ("getmembers", "getnames"))


def _calls_safe_helper(ctx: CheckContext, test: ast.AST) -> bool:
    """``test`` calls a function of this module whose body does a path-safety test (``_ok(m)``)."""
    names = {n.func.id for n in ast.walk(test) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    if not names:
        return False
    for stmt in ctx.info.tree.body:
        if (isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in names
                and any(_path_safety_test(part) for part in stmt.body)):
            return True
    return False


def _guarded_by_if(ctx: CheckContext, node: ast.AST, names: set[str]) -> bool:
    """``node`` sits in an ``if`` (or after an ``if ...: continue/raise``) whose test reads one of ``names``."""
    if not names:
        return False
    for anc in ctx.ancestors(node):
        if isinstance(anc, (ast.If, ast.While)) and _reads(anc.test, names):
            return True
        if isinstance(anc, FUNCTION_NODES):
            break
    # `for m in tar: if not safe(m): continue` / `raise` before the call, in the same block.
    statement = ctx.enclosing_statement(node)
    block_owner = ctx.parent(statement) if statement is not None else None
    if block_owner is None:
        return False
    for field in ("body", "orelse", "finalbody"):
        block = getattr(block_owner, field, None)
        if isinstance(block, list) and statement in block:
            for previous in block[: block.index(statement)]:
                if isinstance(previous, ast.If) and _reads(previous.test, names) and previous.body and isinstance(
                    previous.body[-1], (ast.Continue, ast.Raise, ast.Return)
                ):
                    return True
    return False


def _reads(expr: ast.AST, names: set[str]) -> bool:
    """``expr`` reads one of ``names`` and looks like a path-safety test, not ``name.endswith(".txt")``."""
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(expr)) and _path_safety_test(expr)


# A test that can stop `../` names: it resolves the target against the destination, normalises the
# name, or hands the member to a helper written for the purpose. `isabs`, `startswith("/")`, `isfile()`
# and `issym()` alone do not: `../../etc/cron.d/x` is a relative, regular file.
_SAFETY_CALL = re.compile(
    r"^(realpath|abspath|commonpath|commonprefix|is_relative_to|resolve|normpath|relative_to|"
    r"is_within\w*|within\w*|inside\w*|is_safe\w*|safe\w*|valid\w*|check\w*)$"
)


def _path_safety_test(expr: ast.AST) -> bool:
    for node in ast.walk(expr):
        if isinstance(node, ast.Attribute) and _SAFETY_CALL.match(node.attr):
            return True
        if isinstance(node, ast.Name) and _SAFETY_CALL.match(node.id):
            return True
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and ".." in node.value:
            return True
    return False


@check("PY-TARFILE-EXTRACTALL", ast.Call)
def tarfile_extract(node: ast.Call, ctx: CheckContext) -> None:
    method = ctx.method_name(node)
    name = ctx.call_name(node)
    if name == "shutil.unpack_archive":
        _unpack_archive(node, ctx)
        return
    if method not in ("extractall", "extract"):
        return
    if ctx.has_kwargs_splat(node):
        return
    is_tar = _is_tar_object(ctx, receiver_of(node))
    if is_tar is False:
        return
    if is_tar is None:
        # An archive we cannot identify: only `extractall` in a module that works with tar files only.
        if method != "extractall" or not ctx.imports("tarfile"):
            return
        if any(ctx.imports(m) for m in _OTHER_ARCHIVE_MODULES):
            return
    filter_kw = ctx.keyword(node, "filter")
    # extractall(path, members, *, numeric_owner, filter); extract(member, path, set_attrs, *, numeric_owner, filter)
    if filter_kw is not None:
        value = ctx.constant(filter_kw.value)
        qual = ctx.qualname(filter_kw.value)
        if value in _UNSAFE_FILTERS or qual in _UNSAFE_FILTERS:
            ctx.report(filter_kw, message=(
                "filter='fully_trusted' extracts every member as it is: a crafted archive writes outside the "
                "target directory (../ names, absolute paths, symlinks). Use filter='data'."
            ))
            return
        if value is not None or qual is not None or not isinstance(filter_kw.value, ast.Constant):
            return  # "data", "tar", tarfile.data_filter, a custom callable
        # filter=None: the default, unsafe before Python 3.14 - fall through
    if _module_sets_extraction_filter(ctx):
        return
    if method == "extractall":
        members = ctx.argument(node, 1, "members")
        if members is not None and _members_filtered(ctx, members):
            return
    else:
        member = ctx.argument(node, 0, "member")
        names = {n.id for n in ast.walk(member) if isinstance(n, ast.Name)} if member is not None else set()
        if _guarded_by_if(ctx, node, names):
            return
    fix = None
    if filter_kw is None:
        fix = ctx.fix('Add filter="data"', ctx.add_keyword(node, 'filter="data"'))
    elif isinstance(filter_kw.value, ast.Constant):
        fix = ctx.fix('Add filter="data"', ctx.replace(filter_kw.value, '"data"'))
    ctx.report(node, fix=fix)


def _unpack_archive(node: ast.Call, ctx: CheckContext) -> None:
    if ctx.has_kwargs_splat(node):
        return
    filter_kw = ctx.keyword(node, "filter")
    if filter_kw is not None:
        value = ctx.constant(filter_kw.value)
        if value in _UNSAFE_FILTERS or ctx.qualname(filter_kw.value) in _UNSAFE_FILTERS:
            ctx.report(filter_kw, message=(
                "filter='fully_trusted' extracts every member as it is: a crafted archive writes outside the "
                "target directory (../ names, absolute paths, symlinks). Use filter='data'."
            ))
        return
    fmt_expr = ctx.argument(node, 2, "format")
    filename = ctx.argument(node, 0, "filename")
    fmt = ctx.constant(fmt_expr) if fmt_expr is not None else None
    name = ctx.constant(filename)
    if fmt_expr is not None:
        if fmt is ctx.UNKNOWN or fmt not in _TAR_FORMATS:
            return  # zip (shutil refuses ../ and absolute names in zips) or a format we cannot see
        provably_tar = True
    elif isinstance(name, str):
        if not name.lower().endswith(_TAR_SUFFIXES):
            return
        provably_tar = True
    else:
        provably_tar = False  # a run-time name: whoever supplies it can pick .tar
    if _module_sets_extraction_filter(ctx):
        return
    fix = None
    if provably_tar:  # filter= is refused by the zip unpacker, so only where the format is known to be tar
        fix = ctx.fix('Add filter="data"', ctx.add_keyword(node, 'filter="data"'))
    ctx.report(node, message=(
        "shutil.unpack_archive extracts tar archives without a filter: members named ../x, absolute paths or "
        "symlinks write outside extract_dir. Pass filter=\"data\" for tar archives (Python 3.12+)."
    ), fix=fix)


# -- PY-REQUESTS-NO-TIMEOUT ------------------------------------------------------------

_HTTP_VERBS = {"get", "post", "put", "patch", "delete", "head", "options", "request"}
_SESSION_FACTORIES = {"requests.Session", "requests.session", "requests.sessions.Session"}
_HTTPX_CALLS = {f"httpx.{v}" for v in (*_HTTP_VERBS, "stream", "Client", "AsyncClient")}


def _requests_call(node: ast.Call, ctx: CheckContext) -> str | None:
    """'module' for requests.get(...), 'session' for a requests Session's method, else None."""
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in _HTTP_VERBS:
        name = ctx.call_name(node)
        root = func.value
        while isinstance(root, ast.Attribute):
            root = root.value
        if name in {f"requests.{v}" for v in _HTTP_VERBS} or name in {f"requests.api.{v}" for v in _HTTP_VERBS}:
            if isinstance(root, ast.Name) and root.id in ctx.info.aliases:
                return "module"
            return None
        receiver = bound_value(ctx, func.value)
        if isinstance(receiver, ast.Call) and ctx.call_name(receiver) in _SESSION_FACTORIES:
            return "session"
        if _is_self_session(func.value, ctx):
            return "session"
        return None
    if isinstance(func, ast.Name) and func.id in ctx.info.aliases:
        name = ctx.call_name(node)
        if name.startswith(("requests.", "requests.api.")) and name.rsplit(".", 1)[-1] in _HTTP_VERBS:
            return "module"
    return None


def _is_self_session(expr: ast.AST, ctx: CheckContext) -> bool:
    """``self.session`` where the class only ever assigns ``self.session = requests.Session()``."""
    if not (isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self"):
        return False
    cls = next((a for a in ctx.ancestors(expr) if isinstance(a, ast.ClassDef)), None)
    if cls is None:
        return False
    cache = getattr(cls, "_seclint_self_sessions", None)
    if cache is None:
        assigned: dict[str, list[ast.AST]] = {}
        for sub in ast.walk(cls):
            if isinstance(sub, (ast.Assign, ast.AnnAssign)):
                targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
                for target in targets:
                    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
                        assigned.setdefault(target.attr, []).append(sub.value)
        def is_session(value: ast.AST) -> bool:
            # `session or requests.Session()`: an injected session, else a new one.
            if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or):
                return any(is_session(v) for v in value.values)
            return isinstance(value, ast.Call) and ctx.call_name(value) in _SESSION_FACTORIES

        cache = {attr for attr, values in assigned.items() if all(is_session(v) for v in values)}
        cls._seclint_self_sessions = cache  # type: ignore[attr-defined]
    return expr.attr in cache


def _session_has_default_timeout(node: ast.Call, ctx: CheckContext) -> bool:
    """``s.mount(..., TimeoutAdapter())`` or ``s.request = partial(s.request, timeout=...)``."""
    receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
    name = _dotted(receiver) if receiver is not None else None
    if name is None:
        return False
    owner = function_or_module(node, ctx)
    if name.startswith("self."):
        owner = next((a for a in ctx.ancestors(node) if isinstance(a, ast.ClassDef)), owner)
        nodes = list(ast.walk(owner))
    else:
        nodes = list(walk_scope(owner))
    for sub in nodes:
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr == "mount" and _dotted(sub.func.value) == name:
            return True
    for sub in nodes:
        if isinstance(sub, ast.Assign):
            for target in sub.targets:
                if isinstance(target, ast.Attribute) and _dotted(target.value) == name and target.attr in _HTTP_VERBS:
                    return True
    return False


# The standard library's clients: resolved name -> (position of `timeout`, or None where it is keyword-only
# or the position means something else in older Pythons, and how to name the call in the message).
_STDLIB_CLIENTS = {
    "urllib.request.urlopen": (2, "urllib.request.urlopen"),
    "urllib2.urlopen": (2, "urllib2.urlopen"),
    "six.moves.urllib.request.urlopen": (2, "urlopen"),
    "http.client.HTTPConnection": (2, "http.client.HTTPConnection"),
    # HTTPSConnection(host, port, key_file, cert_file, timeout) before 3.12: no positional timeout.
    "http.client.HTTPSConnection": (None, "http.client.HTTPSConnection"),
}
_OPENER_FACTORIES = {"urllib.request.build_opener", "urllib.request.OpenerDirector", "urllib2.build_opener"}


def _sets_default_socket_timeout(ctx: CheckContext) -> bool:
    """``socket.setdefaulttimeout(30)`` somewhere in the module: the stdlib clients inherit it."""
    cached = getattr(ctx.info, "_seclint_default_timeout", None)
    if cached is None:
        cached = any(
            isinstance(n, ast.Call) and ctx.call_name(n) == "socket.setdefaulttimeout"
            and not (n.args and ctx.is_constant(n.args[0]) and ctx.constant(n.args[0]) is None)
            for n in ctx.info.nodes
        )
        ctx.info._seclint_default_timeout = cached  # type: ignore[attr-defined]
    return cached


def _stdlib_client_call(node: ast.Call, ctx: CheckContext, name: str) -> tuple[int | None, str] | None:
    spec = _STDLIB_CLIENTS.get(name)
    if spec is not None:
        return spec
    # opener = urllib.request.build_opener(...); opener.open(url)
    if ctx.method_name(node) == "open" and isinstance(node.func, ast.Attribute):
        receiver = bound_value(ctx, node.func.value)
        if isinstance(receiver, ast.Call) and ctx.call_name(receiver) in _OPENER_FACTORIES:
            return 2, "OpenerDirector.open"
    return None


def _stdlib_without_timeout(node: ast.Call, ctx: CheckContext, spec: tuple[int | None, str]) -> None:
    position, label = spec
    if ctx.has_kwargs_splat(node) or any(isinstance(a, ast.Starred) for a in node.args):
        return
    timeout = ctx.keyword(node, "timeout")
    if timeout is None and position is not None and len(node.args) > position:
        timeout_value: ast.AST | None = node.args[position]
    elif timeout is not None:
        timeout_value = timeout.value
    else:
        timeout_value = None
    if timeout_value is not None:
        if ctx.is_constant(timeout_value) and ctx.constant(timeout_value) is None:
            ctx.report(timeout if timeout is not None else timeout_value, message=(
                f"timeout=None makes {label} wait forever: a server that accepts the connection and never "
                "answers hangs this worker. Use a finite timeout, e.g. timeout=10."
            ))
        return
    if position is None and len(node.args) > 2:
        return  # HTTPSConnection(host, port, key_file, ...): an old signature we do not second-guess
    if _sets_default_socket_timeout(ctx):
        return
    ctx.report(node, message=(
        f"{label} has no timeout unless one is passed (or set with socket.setdefaulttimeout): a server "
        "that accepts the connection and never answers blocks this worker for good. Pass timeout=10."
    ), fix=ctx.fix("Add timeout=10 (seconds)", ctx.add_keyword(node, "timeout=10")))


@check("PY-REQUESTS-NO-TIMEOUT", ast.Call)
def requests_without_timeout(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    stdlib = _stdlib_client_call(node, ctx, name)
    if stdlib is not None:
        _stdlib_without_timeout(node, ctx, stdlib)
        return
    if name in _HTTPX_CALLS:
        timeout = ctx.keyword(node, "timeout")
        if timeout is not None and ctx.constant(timeout.value) is None and ctx.is_constant(timeout.value):
            ctx.report(timeout, message=(
                "timeout=None turns off httpx's default 5-second timeout: a server that never answers "
                "blocks this worker forever. Set a finite timeout."
            ))
        return
    kind = _requests_call(node, ctx)
    if kind is None or ctx.has_kwargs_splat(node):
        return
    timeout = ctx.keyword(node, "timeout")
    if timeout is not None:
        if ctx.is_constant(timeout.value) and ctx.constant(timeout.value) is None:
            ctx.report(timeout, message=(
                "timeout=None waits forever: a server that accepts the connection and never answers "
                "hangs this worker. Use a finite timeout, e.g. timeout=10."
            ))
        return
    if kind == "session" and _session_has_default_timeout(node, ctx):
        return
    # requests.request(method, url, **kwargs): timeout is keyword-only everywhere.
    ctx.report(node, fix=ctx.fix("Add timeout=10 (seconds)", ctx.add_keyword(node, "timeout=10")))


# -- PY-CLEARTEXT-PROTOCOL -------------------------------------------------------------

_ALWAYS_CLEARTEXT = {
    "telnetlib.Telnet": "Telnet sends everything, passwords included, in cleartext. Use SSH (paramiko, asyncssh).",
    "telnetlib3.open_connection": "Telnet sends everything, passwords included, in cleartext. Use SSH (paramiko, asyncssh).",
    "ftplib.FTP": "FTP sends the password and the files in cleartext. Use ftplib.FTP_TLS (and call prot_p()) or SFTP.",
}
# constructor -> (methods that send credentials, methods that upgrade to TLS, advice)
_LOGIN_CLEARTEXT = {
    "smtplib.SMTP": ({"login", "auth", "auth_plain", "auth_login", "auth_cram_md5"}, {"starttls"},
                     ("smtplib.SMTP logs in over a cleartext connection: the password crosses the network readable. "
                      "Call starttls() before login(), or use smtplib.SMTP_SSL.")),
    "smtplib.LMTP": ({"login", "auth"}, {"starttls"},
                     "LMTP logs in over a cleartext connection. Call starttls() before login()."),
    "poplib.POP3": ({"user", "pass_", "apop", "rpop"}, {"stls"},
                    "poplib.POP3 sends the user name and password in cleartext. Call stls() first, or use poplib.POP3_SSL."),
    "imaplib.IMAP4": ({"login", "authenticate", "login_cram_md5"}, {"starttls"},
                      "imaplib.IMAP4 logs in over a cleartext connection. Call starttls() first, or use imaplib.IMAP4_SSL."),
}
# The calls that put the password itself on the wire (challenge-response logins do not).
_PASSWORD_METHODS = {"login", "auth", "auth_plain", "auth_login", "pass_", "rpop", "authenticate"}
_PROTOCOL_NAMES = {
    "telnetlib.Telnet": "Telnet", "ftplib.FTP": "FTP", "smtplib.SMTP": "SMTP", "smtplib.LMTP": "LMTP",
    "poplib.POP3": "POP3", "imaplib.IMAP4": "IMAP",
}
_PASSWORD_WORDS = {"password", "passwd", "pwd", "pw", "pass", "passphrase", "secret", "credential", "credentials",
                   "creds", "pin"}
_PASSWORD_PROMPT = re.compile(r"pass(word|wd|code|phrase)?\s*:?", re.IGNORECASE)


def _receiver_calls(node: ast.Call, target: str, ctx: CheckContext) -> list[ast.Call]:
    """Method calls on the connection bound to ``target``: in the function, or the class for ``self.x``."""
    owner = function_or_module(node, ctx)
    calls = method_calls_on(owner, target)
    if target.startswith("self."):
        cls = next((a for a in ctx.ancestors(node) if isinstance(a, ast.ClassDef)), None)
        if cls is not None:
            calls = [
                n for n in ast.walk(cls)
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and _dotted(n.func.value) == target
            ]
    return sorted(calls, key=lambda c: (c.lineno, c.col_offset))


def _sends_password(call: ast.Call, ctx: CheckContext, previous: ast.Call | None) -> bool:
    """A login call that carries a password (not ``ftp.login()`` / an anonymous login), or a Telnet
    ``write`` of a password (its argument names one, or it answers a ``Password:`` prompt)."""
    method = call.func.attr if isinstance(call.func, ast.Attribute) else None
    if method == "write":
        if not call.args:
            return False
        if _identifier_words(call.args[0]) & _PASSWORD_WORDS:
            return True
        if previous is not None and isinstance(previous.func, ast.Attribute) and previous.func.attr in ("read_until", "expect"):
            prompt = ctx.constant(previous.args[0]) if previous.args else None
            if isinstance(prompt, bytes):
                prompt = prompt.decode("latin-1")
            if isinstance(prompt, list):
                prompt = " ".join(p.decode("latin-1") if isinstance(p, bytes) else str(p) for p in prompt)
            return isinstance(prompt, str) and bool(_PASSWORD_PROMPT.search(prompt))
        return False
    if method not in _PASSWORD_METHODS:
        return False
    args = [*call.args, *(k.value for k in call.keywords)]
    if not args:
        return False  # ftp.login(): anonymous
    user = ctx.constant(ctx.argument(call, 0, "user"))
    return not (isinstance(user, str) and user.lower() in ("anonymous", "ftp"))


def _report_password_calls(ctx: CheckContext, connection: ast.Call, calls: list[ast.Call], protocol: str,
                           tls_methods: set[str] = frozenset()) -> None:
    start, end = ctx.span(connection)
    related = (Related(start, end, f"the cleartext {protocol} connection is opened here"),)
    previous = None
    for call in calls:
        if isinstance(call.func, ast.Attribute) and call.func.attr in tls_methods:
            return  # upgraded to TLS: what follows is encrypted
        if call.lineno != connection.lineno and _sends_password(call, ctx, previous):
            ctx.report(call, message=(
                f"The password crosses the network in clear text here: this {protocol} connection is not encrypted, "
                "so anyone on the path (tcpdump on a shared network) reads it. Use the TLS variant of the protocol."
            ), related=related)
        previous = call


@check("PY-CLEARTEXT-PROTOCOL", ast.Call)
def cleartext_protocol(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if name in _ALWAYS_CLEARTEXT:
        ctx.report(node, message=_ALWAYS_CLEARTEXT[name])
        target = target_of(node, ctx)
        if target is not None and name in _PROTOCOL_NAMES:
            calls = [c for c in _receiver_calls(node, target, ctx) if c.func.attr in ("login", "write", "read_until", "expect")]
            _report_password_calls(ctx, node, calls, _PROTOCOL_NAMES[name])
        return
    if name == "http.client.HTTPConnection":
        _http_connection_credentials(node, ctx)
        return
    if (ctx.method_name(node) or name.rsplit(".", 1)[-1]) in _CLIENT_VERBS or name in _URL_REQUESTS:
        _http_credentials(node, name, ctx)
        return
    spec = _LOGIN_CLEARTEXT.get(name)
    if spec is None:
        return
    login_methods, tls_methods, message = spec
    # `smtplib.SMTP(host).login(...)` chained
    parent = ctx.parent(node)
    if isinstance(parent, ast.Attribute) and parent.attr in login_methods:
        ctx.report(node, message=message)
        return
    target = target_of(node, ctx)
    if target is None:
        return
    calls = _receiver_calls(node, target, ctx)
    logins = [c for c in calls if c.func.attr in login_methods]
    if not logins:
        return  # no credentials sent here (a local relay, or login happens where we cannot see)
    first_login = logins[0]
    if any(c.func.attr in tls_methods for c in calls[: calls.index(first_login)]):
        return
    if target.startswith("self.") and any(c.func.attr in tls_methods for c in calls):
        return  # the class upgrades somewhere: method order says nothing about call order
    start, end = ctx.span(first_login)
    ctx.report(node, message=message, related=(Related(start, end, "credentials are sent here"),))
    _report_password_calls(ctx, node, calls, _PROTOCOL_NAMES.get(name, "cleartext"), tls_methods)


# -- credentials sent over plain HTTP --

_CLIENT_VERBS = {"get", "post", "put", "patch", "delete", "head", "options", "request", "stream"}
_URL_REQUESTS = {"urllib.request.Request", "urllib2.Request"}
_AUTH_HEADERS = {"authorization", "proxy-authorization", "x-api-key", "api-key", "apikey", "x-auth-token",
                 "private-token", "x-access-token"}
_LOOPBACK = re.compile(r"^(localhost|127(\.\d+){3}|0\.0\.0\.0|\[::1\]|::1|[\w.-]+\.localhost)$", re.IGNORECASE)


def _http_client_kind(node: ast.Call, name: str, ctx: CheckContext) -> str | None:
    """'requests', 'httpx' or 'urllib' for a call that sends an HTTP request, else None."""
    if name in _URL_REQUESTS:
        return "urllib"
    method = ctx.method_name(node)
    if name.startswith("httpx.") and name.count(".") == 1 and method in _CLIENT_VERBS | {None}:
        return "httpx"
    if isinstance(node.func, ast.Name) and name.startswith("httpx.") and name.rsplit(".", 1)[-1] in _CLIENT_VERBS:
        return "httpx"
    return _requests_call(node, ctx)  # 'module' or 'session'


def _session_credentials(node: ast.Call, ctx: CheckContext) -> ast.AST | None:
    """``s.auth = (user, pw)`` or ``s.headers["Authorization"] = ...`` / ``s.headers.update({...})`` on the session."""
    receiver = _dotted(node.func.value) if isinstance(node.func, ast.Attribute) else None
    if receiver is None:
        return None
    for sub in walk_scope(function_or_module(node, ctx)):
        if isinstance(sub, ast.Assign):
            for target in sub.targets:
                if (isinstance(target, ast.Attribute) and target.attr == "auth" and _dotted(target.value) == receiver
                        and not _empty(ctx, sub.value)):
                    return target
                if (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Attribute)
                        and target.value.attr == "headers" and _dotted(target.value.value) == receiver):
                    key = ctx.constant(target.slice)
                    if isinstance(key, str) and key.lower() in _AUTH_HEADERS and not _empty(ctx, sub.value):
                        return target
        elif (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr == "update"
              and isinstance(sub.func.value, ast.Attribute) and sub.func.value.attr == "headers"
              and _dotted(sub.func.value.value) == receiver and sub.args):
            found = _auth_header(ctx, sub.args[0], sub)
            if found is not None:
                return found
    return None


def _cleartext_url(ctx: CheckContext, expr: ast.AST | None) -> bool:
    """An ``http://`` URL (the scheme written in the code) to a host other than this machine."""
    if expr is None:
        return False
    shape = ctx.string_shape(expr)
    if shape is None or not shape.literal.lower().startswith("http://"):
        return False
    authority = re.split(r"[/?#]", shape.literal[len("http://"):], maxsplit=1)[0].rsplit("@", 1)[-1]
    host = authority.split("]")[0] + "]" if authority.startswith("[") else authority.split(":")[0]
    # f"http://{host}/api": cleartext whatever the host turns out to be
    return not _LOOPBACK.match(host.replace("\0", "x")) and host != ""


def _auth_header(ctx: CheckContext, expr: ast.AST | None, call: ast.AST) -> ast.AST | None:
    """The credential header in a ``headers=`` mapping: a dict literal, or a local dict filled in later."""
    if expr is None:
        return None
    value = bound_value(ctx, expr)
    if isinstance(value, ast.Dict):
        for key, item in zip(value.keys, value.values):
            text = ctx.constant(key) if key is not None else None
            if isinstance(text, str) and text.lower() in _AUTH_HEADERS and not _empty(ctx, item):
                return key
    if isinstance(expr, ast.Name):
        for sub in walk_scope(function_or_module(call, ctx)):
            if isinstance(sub, ast.Assign):
                for target in sub.targets:
                    if (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
                            and target.value.id == expr.id):
                        text = ctx.constant(target.slice)
                        if isinstance(text, str) and text.lower() in _AUTH_HEADERS and not _empty(ctx, sub.value):
                            return target
    return None


def _empty(ctx: CheckContext, expr: ast.AST | None) -> bool:
    return expr is None or (ctx.is_constant(expr) and not ctx.constant(expr))


def _credentials_argument(node: ast.Call, ctx: CheckContext, headers_position: int | None) -> ast.AST | None:
    """``auth=(user, password)`` / ``auth=HTTPBasicAuth(...)`` or an Authorization header."""
    auth = ctx.keyword(node, "auth")
    if auth is not None and not _empty(ctx, auth.value):
        value = bound_value(ctx, auth.value)
        label = (ctx.call_name(value) if isinstance(value, ast.Call) else "") or ""
        if "Digest" not in label and "OAuth1" not in label:
            return auth
    headers = ctx.argument(node, headers_position, "headers")
    return _auth_header(ctx, headers, node)


def _http_credentials(node: ast.Call, name: str, ctx: CheckContext) -> None:
    kind = _http_client_kind(node, name, ctx)
    if kind is None:
        return
    if kind == "urllib":
        url, headers_position = ctx.argument(node, 0, "url"), 2
    elif (ctx.method_name(node) or name.rsplit(".", 1)[-1]) in ("request", "stream"):
        url, headers_position = ctx.argument(node, 1, "url"), None
    else:
        url, headers_position = ctx.argument(node, 0, "url"), None
    if not _cleartext_url(ctx, url):
        return
    credentials = _credentials_argument(node, ctx, headers_position)
    if credentials is None and kind == "session":
        credentials = _session_credentials(node, ctx)
    if credentials is None:
        return
    start, end = ctx.span(url)
    ctx.report(node, message=(
        "Credentials sent over plain HTTP: the URL is http://, so the password or token in this request crosses "
        "the network readable (Basic auth is only base64). Use an https:// URL."
    ), related=(Related(start, end, "the URL is cleartext http://"),))


def _http_connection_credentials(node: ast.Call, ctx: CheckContext) -> None:
    """``conn = http.client.HTTPConnection(host)`` then ``conn.request(..., headers={"Authorization": ...})``."""
    host = ctx.constant(ctx.argument(node, 0, "host"))
    if isinstance(host, str) and _LOOPBACK.match(host.split(":")[0] if not host.startswith("[") else host):
        return
    target = target_of(node, ctx)
    if target is None:
        return
    start, end = ctx.span(node)
    related = (Related(start, end, "the plain-HTTP connection is opened here"),)
    for call in _receiver_calls(node, target, ctx):
        method = call.func.attr
        found = None
        if method == "request" and not ctx.has_kwargs_splat(call):
            found = _auth_header(ctx, ctx.argument(call, 3, "headers"), call)
        elif method == "putheader" and call.args:
            header = ctx.constant(call.args[0])
            found = call if isinstance(header, str) and header.lower() in _AUTH_HEADERS else None
        if found is not None:
            ctx.report(call, message=(
                "Credentials sent over plain HTTP: http.client.HTTPConnection is not encrypted, so this "
                "Authorization header crosses the network readable (Basic auth is only base64). Use HTTPSConnection."
            ), related=related)


# -- PY-ASSERT-SECURITY ----------------------------------------------------------------

_STRONG_WORDS = {
    "admin", "superuser", "staff", "authenticated", "authorized", "authorised", "authorize", "authorise",
    "perm", "perms", "permission", "permissions", "permitted", "csrf", "xsrf", "signature", "hmac",
    "compare_digest", "check_password", "verify_password", "owner", "owns", "privilege", "privileges",
    "privileged", "acl", "apikey", "api_key", "superadmin", "has_perm", "has_perms", "can_access",
    "is_owner", "logged_in", "jwt", "otp", "totp", "mfa", "2fa", "password", "passwd",
    "current_user",
}
_WEAK_WORDS = {
    "token", "role", "roles", "verify", "verified", "allowed", "allow", "access", "scope", "scopes",
    "auth", "login", "secret", "user", "user_id", "grant", "granted",
    "can", "member", "group", "groups", "tenant", "sig", "nonce", "session", "ip", "origin", "host",
}
_MESSAGE_WORDS = re.compile(
    r"\b(permission|forbidden|unauthori[sz]ed|access denied|admin|owner|csrf|signature|"
    r"invalid (credentials|token|password|signature|api key)|authenticat|authori[sz]|login required|must be logged)",
    re.IGNORECASE,
)
# Also security wording, but common in invariants ("Hop-by-hop header not allowed"): web code only.
_WEAK_MESSAGE_WORDS = re.compile(r"\b(not allowed|denied|not permitted|token|role)\b", re.IGNORECASE)
# "admins only", "on-call only", "only the owner may ...": a message that says who may act.
_ROLE_ONLY = re.compile(
    r"\b(admins?|administrators?|staff|owners?|on[- ]?call|maintainers?|moderators?|superusers?|employees|"
    r"(privileged|authori[sz]ed) (users?|personnel)|\w+ team)( members)? only\b"
    r"|\bonly (the )?(admins?|administrators?|staff|owners?|on[- ]?call|maintainers?|moderators?|superusers?|"
    r"authori[sz]ed|privileged)\b[\w\s-]*\b(can|may|are allowed|is allowed)\b",
    re.IGNORECASE,
)
# `assert user in ONCALL_GROUP`: who is acting ...
_SUBJECT_WORDS = {"user", "username", "user_id", "userid", "uid", "caller", "requester", "requestor", "sender", "actor",
                  "principal", "email", "role", "scope", "author", "login", "account_id", "member_id", "current_user"}
# ... checked against a set of people allowed to.
_GROUP_WORDS = {"group", "groups", "usergroup", "usergroups", "admins", "admin", "administrators", "members", "allowed",
                "allowlist", "whitelist", "oncall", "on_call", "operators", "maintainers", "owners", "sudoers",
                "moderators", "staff", "superusers", "authorized", "authorised", "permitted", "privileged", "acl",
                "roles", "team", "teams", "approvers", "managers"}


def _membership_check(test: ast.AST) -> bool:
    """``user in ADMINS`` / ``ctx.author.id in allowed_ids`` / ``role not in ALLOWED_ROLES``."""
    for node in ast.walk(test):
        if (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn))
                and _identifier_words(node.left) & _SUBJECT_WORDS
                and _identifier_words(node.comparators[0]) & _GROUP_WORDS):
            return True
    return False


_REFUSAL_WORDS = re.compile(r"\b(not allowed|denied|not permitted)\b", re.IGNORECASE)
def _subject_predicate(test: ast.AST) -> bool:
    """``user.is_active`` / ``caller.can_deploy`` / ``requester.has_role("ops")``: a yes/no about who acts."""
    for node in ast.walk(test):
        if (isinstance(node, ast.Attribute) and node.attr.startswith(("is_", "has_", "can_", "may_"))
                and _identifier_words(node.value) & _SUBJECT_WORDS):
            return True
    return False


_WEB_MODULES = ("flask", "flask_login", "django", "fastapi", "starlette", "quart", "sanic", "bottle", "pyramid", "tornado",
                "aiohttp", "falcon", "rest_framework", "jwt", "itsdangerous")
_TYPE_NARROWING = {"isinstance", "issubclass", "hasattr", "callable", "type"}


def _identifier_words(expr: ast.AST) -> set[str]:
    words: set[str] = set()
    for node in ast.walk(expr):
        ident = None
        if isinstance(node, ast.Name):
            ident = node.id
        elif isinstance(node, ast.Attribute):
            ident = node.attr
        elif isinstance(node, ast.keyword) and node.arg:
            ident = node.arg
        if ident:
            low = ident.lower()
            words.add(low)
            parts = [p for p in low.split("_") if p]
            words.update(parts)
            words.update("_".join(parts[i : i + 2]) for i in range(len(parts) - 1))
    return words


# `assert current_user is not None` is a login check, not a hint for the type checker.
_AUTH_SUBJECTS = {"current_user", "flask_login.current_user", "flask_login.utils.current_user", "g.user",
                  "flask.g.user", "request.user", "request.auth", "session.user"}


def _is_type_narrowing(test: ast.AST, ctx: CheckContext) -> bool:
    if isinstance(test, ast.Call) and ctx.call_name(test) in _TYPE_NARROWING:
        return True
    if isinstance(test, ast.Compare) and all(isinstance(op, (ast.Is, ast.IsNot)) for op in test.ops):
        operands = [test.left, *test.comparators]
        return not any((ctx.qualname(o) or "") in _AUTH_SUBJECTS for o in operands)
    if isinstance(test, ast.BoolOp):
        return all(_is_type_narrowing(v, ctx) for v in test.values)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _is_type_narrowing(test.operand, ctx)
    return False


def _in_test_code(node: ast.AST, ctx: CheckContext) -> bool:
    if ctx.is_test_module:
        return True
    path = ctx.path or ""
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    if base in ("conftest.py", "tests.py", "test.py") or base.startswith("test"):
        return True
    for anc in ctx.ancestors(node):
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef)) and anc.name.startswith("test"):
            return True
        if isinstance(anc, ast.ClassDef) and (anc.name.startswith("Test") or anc.name.endswith("Test") or anc.name.endswith("Tests")):
            return True
        if isinstance(anc, ast.If) and _is_main_guard(anc.test):
            return False
    return False


def _is_main_guard(test: ast.AST) -> bool:
    return isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"


_REQUEST_ROOTS = {"request", "req", "self"}


def _taint_candidates(expr: ast.AST) -> list[ast.AST]:
    """The parts of ``expr`` where request data can enter: names, and expressions on ``request``."""
    found = []
    for sub in ast.walk(expr):
        if isinstance(sub, ast.Name):
            found.append(sub)
        elif isinstance(sub, (ast.Attribute, ast.Subscript, ast.Call)):
            root = sub.func if isinstance(sub, ast.Call) else sub
            while isinstance(root, (ast.Attribute, ast.Subscript, ast.Call)):
                root = root.func if isinstance(root, ast.Call) else root.value
            if isinstance(root, ast.Name) and root.id in _REQUEST_ROOTS:
                found.append(sub)
    return found


def _assert_taint(node: ast.Assert, ctx: CheckContext):
    """Request data read by the assert's test, converted or not: ``qty = int(request.form["qty"])``
    counts, because the assert is exactly the validation that would make it safe."""
    budget = 16
    try:
        followed: set[str] = set()
        for sub in _taint_candidates(node.test):
            budget -= 1
            if budget < 0:
                return None
            source = ctx.taint(sub, "sql")
            if source is not None:
                return source
            if isinstance(sub, ast.Name) and sub.id not in followed:
                followed.add(sub.id)
                found = ctx.info.lookup(sub)
                for value in (found[1] if found else ())[:3]:
                    for part in _taint_candidates(value) if value is not None else ():
                        if isinstance(part, ast.Name):
                            continue
                        budget -= 1
                        if budget < 0:
                            return None
                        source = ctx.taint(part, "sql")
                        if source is not None:
                            return source
    except RecursionError:
        return None
    return None


@check("PY-ASSERT-SECURITY", ast.Assert)
def assert_security(node: ast.Assert, ctx: CheckContext) -> None:
    test = node.test
    if ctx.is_constant(test) or _in_test_code(node, ctx):
        return
    msg_text = ""
    if node.msg is not None:
        shape = ctx.string_shape(node.msg)
        msg_text = shape.literal if shape is not None else ""
    web = any(ctx.imports(m) for m in _WEB_MODULES)
    security_message = bool(_MESSAGE_WORDS.search(msg_text) or _ROLE_ONLY.search(msg_text)) or (
        bool(_WEAK_MESSAGE_WORDS.search(msg_text)) and web
    ) or (
        # `assert user.can_deploy, "not allowed"` outside web code: refusal wording about who acts
        bool(_REFUSAL_WORDS.search(msg_text)) and _subject_predicate(test)
    )
    if _is_type_narrowing(test, ctx) and not security_message:
        return
    words = _identifier_words(test)
    reason = None
    tainted = None
    if words & _STRONG_WORDS or security_message or _membership_check(test):
        reason = "an authorisation or authentication check"
    elif web:
        tainted = _assert_taint(node, ctx)
        if tainted is not None:
            reason = "validation of request data"
        elif words & _WEAK_WORDS and web:
            reason = "a security check"
    if reason is None:
        return
    ctx.report(
        node,
        message=(
            f"This assert is {reason}: Python removes asserts under -O/PYTHONOPTIMIZE, so the check silently "
            "disappears in optimised deployments. Use an if statement that raises (PermissionDenied, abort(403), ValueError)."
        ),
        related=ctx.related(tainted),
    )


# -- PY-TROJAN-SOURCE ------------------------------------------------------------------

_BIDI_OVERRIDES = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING", "\u202b": "RIGHT-TO-LEFT EMBEDDING", "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE", "\u202e": "RIGHT-TO-LEFT OVERRIDE", "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE", "\u2068": "FIRST STRONG ISOLATE", "\u2069": "POP DIRECTIONAL ISOLATE",
}
_BIDI_MARKS = {"\u200f": "RIGHT-TO-LEFT MARK"}
_BIDI_ANY = re.compile("[\u202a-\u202e\u2066-\u2069\u200f]")
# Hebrew, Arabic, Syriac, Thaana, NKo... and their presentation forms: text where an RLM is ordinary.
_RTL_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@check("PY-TROJAN-SOURCE", ast.Module)
def trojan_source(node: ast.Module, ctx: CheckContext) -> None:
    source: Source = ctx.source
    text = source.text
    if not _BIDI_ANY.search(text):
        return
    index = source.index
    for line in range(index.line_count):
        line_text = index.line_text(line)
        for match in _BIDI_ANY.finditer(line_text):
            char = match.group(0)
            if char in _BIDI_MARKS and _RTL_LETTERS.search(line_text):
                continue  # a right-to-left mark inside Hebrew or Arabic text
            name = _BIDI_OVERRIDES.get(char) or _BIDI_MARKS[char]
            start = index.line_start(line) + match.start()
            ctx.findings.append(Finding(
                rule_id=ctx.rule_id,
                start=start,
                end=start + 1,
                engine="ast",
                message=(
                    f"Invisible bidirectional control character U+{ord(char):04X} ({name}): the code shown in the "
                    "editor differs from the code Python runs. Remove it, or write it as an escape such as "
                    f"\"\\u{ord(char):04x}\" inside a string."
                ),
                anchor_lines=(line, line),
            ))
            break  # one finding per line

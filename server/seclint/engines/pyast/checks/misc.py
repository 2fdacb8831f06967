"""Archives, outgoing requests, cleartext protocols, security asserts, bidi characters.

Also the small private helpers the deserialisation and XML checks share
(following a local name to the value it was bound to, ``with ... as name``
included).
"""

from __future__ import annotations

import ast
import functools
import re

from ....findings import Finding, Related
from ...base import Source
from ..context import CheckContext
from ..facts import module_fact
from ..module import FUNCTION_NODES
from ..registry import check
from ..walk import calls_matching, child_nodes, nodes_of, walk
from .config import dev_or_test_module, env_lookup

# -- shared helpers ------------------------------------------------------------------


def _with_bindings(owner: ast.AST) -> dict[str, list[ast.expr]]:
    """``name -> [context expressions]`` of the ``with X as name`` items directly in ``owner``'s scope."""
    cached = getattr(owner, "_seclint_withs", None)
    if cached is not None:
        return cached
    result: dict[str, list[ast.expr]] = {}
    stack = list(child_nodes(owner))
    while stack:
        node = stack.pop()
        if isinstance(node, (*FUNCTION_NODES, ast.ClassDef)):
            continue  # their own scope
        if isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
            result.setdefault(node.optional_vars.id, []).append(node.context_expr)
        stack.extend(child_nodes(node))
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
    if scope.node is not None:
        withs = _with_bindings(scope.node).get(expr.id, [])
    else:
        withs = ctx.info.fact(_module_with_bindings, expr.id)
    if len(withs) == 1:
        return bound_value(ctx, withs[0], depth + 1)
    return None


def function_or_module(node: ast.AST, ctx: CheckContext) -> ast.AST:
    """The function holding ``node`` (the module if none): where its names are bound."""
    func = ctx.enclosing_function(node)
    return func if func is not None else ctx.info.tree


def walk_scope(owner: ast.AST):
    """Every node of ``owner``'s body, not descending into nested functions or classes."""
    stack = list(child_nodes(owner))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (*FUNCTION_NODES, ast.ClassDef)):
            continue
        stack.extend(child_nodes(node))


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


@module_fact
def _module_sets_extraction_filter(ctx: CheckContext) -> bool:
    cached = False
    if True:
        for node in ctx.info.nodes:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr == "extraction_filter":
                        value = node.value
                        if isinstance(value, ast.Call) and ctx.call_name(value) == "staticmethod" and value.args:
                            value = value.args[0]
                        if ctx.qualname(value) != "tarfile.fully_trusted_filter":
                            cached = True
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
    names = {n.func.id for n in walk(test) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
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
    return any(isinstance(n, ast.Name) and n.id in names for n in walk(expr)) and _path_safety_test(expr)


# A test that can stop `../` names: it resolves the target against the destination, normalises the
# name, or hands the member to a helper written for the purpose. `isabs`, `startswith("/")`, `isfile()`
# and `issym()` alone do not: `../../etc/cron.d/x` is a relative, regular file.
_SAFETY_CALL = re.compile(
    r"^(realpath|abspath|commonpath|commonprefix|is_relative_to|resolve|normpath|relative_to|"
    r"is_within\w*|within\w*|inside\w*|is_safe\w*|safe\w*|valid\w*|check\w*)$"
)


def _path_safety_test(expr: ast.AST) -> bool:
    for node in walk(expr):
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
        names = {n.id for n in walk(member) if isinstance(n, ast.Name)} if member is not None else set()
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
    return expr.attr in ctx.memo(_session_attributes, cls)


def _session_attributes(ctx: CheckContext, cls: ast.ClassDef) -> set[str]:
    """The attributes ``cls`` only ever assigns a ``requests.Session()`` to."""
    assigned: dict[str, list[ast.AST]] = {}
    for sub in walk(cls):
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

    return {attr for attr, values in assigned.items() if all(is_session(v) for v in values)}


def _session_has_default_timeout(node: ast.Call, ctx: CheckContext) -> bool:
    """``s.mount(..., TimeoutAdapter())`` or ``s.request = partial(s.request, timeout=...)``."""
    receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
    name = _dotted(receiver) if receiver is not None else None
    if name is None:
        return False
    owner = function_or_module(node, ctx)
    if name.startswith("self."):
        owner = next((a for a in ctx.ancestors(node) if isinstance(a, ast.ClassDef)), owner)
        nodes = list(walk(owner))
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


@module_fact
def _sets_default_socket_timeout(ctx: CheckContext) -> bool:
    """``socket.setdefaulttimeout(30)`` somewhere in the module: the stdlib clients inherit it."""
    return any(
        ctx.call_name(n) == "socket.setdefaulttimeout"
        and not (n.args and ctx.is_constant(n.args[0]) and ctx.constant(n.args[0]) is None)
        for n in calls_matching(ctx, "setdefaulttimeout".__eq__)
    )


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
                n for n in walk(cls)
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
    if name in _LDAP_CONNECT:
        _ldap_cleartext_bind(node, ctx)
        return
    if name in ("ldap3.Connection", "ldap3.core.connection.Connection"):
        _ldap3_cleartext_bind(node, ctx)
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


# -- LDAP simple binds over ldap:// --

_LDAP_CONNECT = {"ldap.initialize", "ldap.ldapobject.LDAPObject", "ldap.ldapobject.SimpleLDAPObject",
                 "ldap.ldapobject.ReconnectLDAPObject"}
_LDAP_BINDS = {"simple_bind_s", "simple_bind", "bind_s", "bind"}
_LDAP_TLS = {"start_tls_s", "start_tls"}
_LDAP_MESSAGE = ("This simple bind sends the password in clear text: the connection is ldap:// and is not upgraded "
                 "with start_tls_s() first, so anyone on the path reads it. Use ldaps:// or call start_tls_s() "
                 "before binding.")


def _ldap_host(text: str) -> str:
    authority = re.split(r"[/?#]", text.split("://", 1)[-1], maxsplit=1)[0].rsplit("@", 1)[-1]
    return authority.split("]")[0] + "]" if authority.startswith("[") else authority.split(":")[0]


def _plain_ldap_uri(ctx: CheckContext, expr: ast.AST | None) -> bool:
    """``"ldap://dc.corp.example:389"`` (written in the code; every URI of a list is ldap://, none on this host)."""
    if expr is None:
        return False
    shape = ctx.string_shape(expr)
    if shape is None:
        return False
    uris = shape.literal.split()
    return bool(uris) and all(
        u.lower().startswith("ldap://") and not _LOOPBACK.match(_ldap_host(u).replace("\0", "x")) and _ldap_host(u) != ""
        for u in uris)


def _sends_ldap_password(ctx: CheckContext, call: ast.Call) -> bool:
    """A bind with a password: not an anonymous bind (``simple_bind_s()``, ``simple_bind_s("", "")``)."""
    if ctx.has_kwargs_splat(call) or any(isinstance(a, ast.Starred) for a in call.args):
        return False
    password = ctx.argument(call, 1, "cred") or ctx.argument(call, None, "password")
    return password is not None and not _empty(ctx, password)


def _ldap_cleartext_bind(node: ast.Call, ctx: CheckContext) -> None:
    """``conn = ldap.initialize("ldap://...")`` then ``conn.simple_bind_s(dn, password)`` without ``start_tls_s()``."""
    if not _plain_ldap_uri(ctx, ctx.argument(node, 0, "uri")):
        return
    start, end = ctx.span(node)
    related = (Related(start, end, "the ldap:// connection is opened here"),)
    parent = ctx.parent(node)
    if isinstance(parent, ast.Attribute) and parent.attr in _LDAP_BINDS:
        bind = ctx.parent(parent)
        if isinstance(bind, ast.Call) and bind.func is parent and _sends_ldap_password(ctx, bind):
            ctx.report(bind, message=_LDAP_MESSAGE, related=related)
        return
    target = target_of(node, ctx)
    if target is None:
        return
    calls = _receiver_calls(node, target, ctx)
    if target.startswith("self.") and any(c.func.attr in _LDAP_TLS for c in calls):
        return  # the class upgrades somewhere: method order says nothing about call order
    for call in calls:
        if call.func.attr in _LDAP_TLS:
            return
        if call.func.attr in _LDAP_BINDS and _sends_ldap_password(ctx, call):
            ctx.report(call, message=_LDAP_MESSAGE, related=related)


_LDAP3_SSL_PORTS = {636, 3269}
_LDAP3_SAFE_AUTH = {"NTLM", "SASL", "ANONYMOUS"}


def _ldap3_plain_server(ctx: CheckContext, expr: ast.AST | None) -> ast.AST | None:
    """The ``ldap3.Server(...)`` (or host string) a connection uses, when it is neither SSL nor on this host."""
    server = bound_value(ctx, expr)
    host_expr: ast.AST | None
    if isinstance(server, ast.Call) and ctx.call_name(server) in ("ldap3.Server", "ldap3.core.server.Server"):
        if ctx.has_kwargs_splat(server):
            return None
        use_ssl = ctx.argument(server, 2, "use_ssl")
        if use_ssl is not None and ctx.constant(use_ssl) is not False:
            return None
        port = ctx.argument(server, 1, "port")
        if port is not None and ctx.constant(port) in _LDAP3_SSL_PORTS:
            return None
        host_expr = ctx.argument(server, 0, "host")
    elif isinstance(server, (ast.Constant, ast.JoinedStr)):
        host_expr = server
    else:
        return None
    shape = ctx.string_shape(host_expr) if host_expr is not None else None
    if shape is None or not shape.literal.strip():
        return None
    text = shape.literal.strip()
    if "://" in text and not text.lower().startswith("ldap://"):
        return None  # ldaps://, ldapi://
    host = _ldap_host(text)
    if not host or _LOOPBACK.match(host.replace("\0", "x")) or re.search(r":(636|3269)$", text.split("/")[2] if "://" in text else text):
        return None
    return server


def _ldap3_cleartext_bind(node: ast.Call, ctx: CheckContext) -> None:
    """``Connection(Server("dc.corp", use_ssl=False), user, password, auto_bind=True)``: a simple bind in clear text."""
    if ctx.has_kwargs_splat(node):
        return
    server = _ldap3_plain_server(ctx, ctx.argument(node, 0, "server"))
    password = ctx.argument(node, 2, "password")
    if server is None or password is None or _empty(ctx, password):
        return
    authentication = ctx.argument(node, None, "authentication")
    if authentication is not None:
        label = ctx.constant(authentication)
        label = label if isinstance(label, str) else (ctx.qualname(authentication) or "").rsplit(".", 1)[-1]
        if label.upper() in _LDAP3_SAFE_AUTH:
            return
    start, end = ctx.span(server)
    related = (Related(start, end, "the server is plain ldap:// (no use_ssl=True, not port 636)"),)
    message = ("ldap3 binds with this password over a cleartext connection: the server is not SSL and the bind is not "
               "preceded by start_tls(), so anyone on the path reads the password. Use Server(..., use_ssl=True) "
               "(ldaps, port 636) or auto_bind=AUTO_BIND_TLS_BEFORE_BIND.")
    auto_bind = ctx.argument(node, None, "auto_bind")
    if auto_bind is not None:
        value = ctx.constant(auto_bind)
        label = value if isinstance(value, str) else (ctx.qualname(auto_bind) or "").rsplit(".", 1)[-1]
        if value is True or label in ("AUTO_BIND_NO_TLS", "NO_TLS"):
            ctx.report(node, message=message, related=related)
            return
        if value is not False and label not in ("AUTO_BIND_NONE", "NONE"):
            return  # AUTO_BIND_TLS_BEFORE_BIND, a variable...
    target = target_of(node, ctx)
    if target is None:
        return
    for call in _receiver_calls(node, target, ctx):
        if call.func.attr == "start_tls":
            return
        if call.func.attr == "bind":
            ctx.report(call, message=message, related=related)
            return


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
    where = node
    if kind == "urllib":
        # `req = Request("http://...", headers=...)` then `urlopen(req)`: the request leaves where it is opened.
        target = target_of(node, ctx)
        sends = [
            sub for sub in walk_scope(function_or_module(node, ctx))
            if target is not None and "." not in target and isinstance(sub, ast.Call) and sub.args
            and isinstance(sub.args[0], ast.Name) and sub.args[0].id == target and sub.lineno > node.lineno
            and (ctx.call_name(sub) in ("urllib.request.urlopen", "urllib2.urlopen") or ctx.method_name(sub) == "open")
        ]
        if sends:
            where = sends[0]
            start, end = ctx.span(node)
    ctx.report(where, message=(
        "Credentials sent over plain HTTP: the URL is http://, so the password or token in this request crosses "
        "the network readable (Basic auth is only base64). Use an https:// URL."
    ), related=(Related(start, end, "the URL is cleartext http://" if where is node else "the http:// request with credentials is built here"),))


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


# -- PY-REDOS-PATTERN ------------------------------------------------------------------
#
# A backtracking engine takes exponential time when one string can be matched along exponentially many paths
# and the match then fails.  The pattern is turned into its position (Glushkov) automaton -- one state per
# character-matching element -- and checked for exponential ambiguity: a state q with two different cycles
# q -> q that read the same text (Allauzen, Mohri & Rastogi, "A General Weighted Grammar Library", 2008).  In
# the automaton paired with itself, that is an (s, s) and an (s, t), s != t, in one strongly connected
# component.  `(\w+\s?)*` has it (`\w+` reads "ab" in one iteration or two); `(?:,\s*\w+)*` has not (every
# iteration needs its comma).

try:  # Python 3.11+
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_MAXREPEAT = getattr(_sre_parse, "MAXREPEAT", 4294967295)
_BASE_UNIVERSE = [chr(i) for i in range(128)] + list("\x85\xa0\xe9\xdf\u0416\u4e2d\u0663\u2003\u2028\U0001F600")
_SINGLE = {"LITERAL", "NOT_LITERAL", "ANY", "IN"}
_MAX_POSITIONS = 400
_MAX_COMPONENT = 400
_BUDGET = 400_000  # pairs of transitions looked at, per pattern
_UNBOUNDED_FROM = 10  # {n,m} with m >= 10 (and m > n) backtracks like {n,}


class _TooBig(Exception):
    pass


def _empty_ok(seq) -> bool:
    """Whether ``seq`` can match the empty string (zero-width assertions count as empty)."""
    for op, av in seq:
        name = _opname(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if av[0] and not _empty_ok(av[2]):
                return False
        elif name == "SUBPATTERN":
            if not _empty_ok(av[3]):
                return False
        elif name == "ATOMIC_GROUP":
            if not _empty_ok(av):
                return False
        elif name == "BRANCH":
            if not any(_empty_ok(alt) for alt in av[1]):
                return False
        elif name not in ("AT", "ASSERT", "ASSERT_NOT"):
            return False
    return True


def _opname(op: object) -> str:
    return getattr(op, "name", str(op))


class _Automaton:
    """The position automaton of a parsed pattern: a character mask per position and the follow relation."""

    def __init__(self, tree, flags: int, ascii_only: bool):
        self.flags = flags
        self.ascii = ascii_only or bool(flags & re.ASCII)
        chars = list(_BASE_UNIVERSE)
        seen = set(chars)
        for c in self._pattern_chars(tree):
            if c not in seen:
                seen.add(c)
                chars.append(c)
        self.universe = chars
        self.bit = {c: 1 << i for i, c in enumerate(chars)}
        self.all = (1 << len(chars)) - 1
        self.eos = 1 << len(chars)  # the end of the text, read by `$` / `\Z`
        self.budget = _BUDGET
        self.loops = 0  # how many repetitions the element being built is inside
        self.masks: list[int] = []
        # follow[p][q]: how many distinct ways the pattern goes from position p to q -- (a*)* goes from a back to
        # a by the inner loop and by the outer one, and a backtracking engine tries both.
        self.follow: list[dict[int, int]] = []

    @staticmethod
    def _pattern_chars(tree):
        stack = [tree]
        while stack:
            seq = stack.pop()
            for op, av in seq:
                name = _opname(op)
                if name in ("LITERAL", "NOT_LITERAL"):
                    yield chr(av)
                elif name == "IN":
                    for iop, iav in av:
                        if _opname(iop) == "LITERAL":
                            yield chr(iav)
                        elif _opname(iop) == "RANGE":
                            yield chr(iav[0])
                            yield chr(iav[1])
                elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                    stack.append(av[2])
                elif name == "SUBPATTERN":
                    stack.append(av[3])
                elif name == "ATOMIC_GROUP":
                    stack.append(av)
                elif name in ("ASSERT", "ASSERT_NOT"):
                    stack.append(av[1])
                elif name == "BRANCH":
                    stack.extend(av[1])
                elif name == "GROUPREF_EXISTS":
                    stack.extend(s for s in av[1:] if s is not None)

    # -- character masks --

    def _category(self, cat: str, c: str) -> bool:
        code = ord(c)
        if "DIGIT" in cat:
            hit = c.isdecimal() and (code < 128 or not self.ascii)
        elif "SPACE" in cat:
            hit = c in " \t\n\r\f\v" or (not self.ascii and c.isspace())
        elif "WORD" in cat:
            hit = c == "_" or (c.isalnum() and (code < 128 or not self.ascii))
        elif "LINEBREAK" in cat:
            hit = c == "\n"
        else:
            return True
        return hit != ("NOT" in cat)

    def _mask_of(self, chars) -> int:
        mask = 0
        for c in chars:
            mask |= self.bit.get(c, 0)
            if self.flags & re.IGNORECASE:
                for variant in (c.lower(), c.upper()):
                    mask |= self.bit.get(variant, 0)
        return mask

    def single(self, name: str, av) -> int:
        if name == "LITERAL":
            return self._mask_of(chr(av))
        if name == "NOT_LITERAL":
            return self.all & ~self._mask_of(chr(av))
        if name == "ANY":
            return self.all if self.flags & re.DOTALL else self.all & ~self.bit["\n"]
        negate, mask = False, 0
        for iop, iav in av:
            iname = _opname(iop)
            if iname == "NEGATE":
                negate = True
            elif iname == "LITERAL":
                mask |= self._mask_of(chr(iav))
            elif iname == "RANGE":
                mask |= self._mask_of(c for c in self.universe if iav[0] <= ord(c) <= iav[1])
            elif iname == "CATEGORY":
                cat = _opname(iav)
                mask |= self._mask_of(c for c in self.universe if self._category(cat, c))
            else:
                mask = self.all
        return self.all & ~mask if negate else mask

    # -- Glushkov construction: (first, last, nullable) --

    def _position(self, mask: int) -> tuple[set[int], set[int], bool]:
        if len(self.masks) >= _MAX_POSITIONS:
            raise _TooBig
        self.masks.append(mask)
        self.follow.append({})
        index = len(self.masks) - 1
        return {index}, {index}, False

    def _concat(self, parts) -> tuple[set[int], set[int], bool]:
        first: set[int] = set()
        last: set[int] = set()
        nullable = True
        for part_first, part_last, part_nullable in parts:
            self._link(last, part_first)
            if nullable:
                first |= part_first
            last = part_last | last if part_nullable else set(part_last)
            nullable = nullable and part_nullable
        return first, last, nullable

    def _link(self, sources: set[int], targets: set[int]) -> None:
        for p in sources:
            edges = self.follow[p]
            for q in targets:
                edges[q] = edges.get(q, 0) + 1

    def _star(self, part, nullable: bool = True) -> tuple[set[int], set[int], bool]:
        first, last, body_nullable = part
        self._link(last, first)
        return first, last, nullable or body_nullable

    def build(self, seq) -> tuple[set[int], set[int], bool]:
        items = list(seq)
        for i, (op, av) in enumerate(items):
            if i and _opname(op) == "BRANCH" and sum(_empty_ok(alt) for alt in av[1]) >= 2:
                # sre_parse factors a common prefix out of alternatives: (a|a) -> a(?:|).  The engine still tries
                # both empty branches, so put the prefix back into each to keep the two paths apart.
                alternatives = [items[:i] + list(alt) for alt in av[1]]
                merged = self._element("BRANCH", (None, alternatives))
                return self._concat([merged, *(self._element(_opname(o), a) for o, a in items[i + 1:])])
        return self._concat(self._element(_opname(op), av) for op, av in items)

    def _repeat(self, low: int, high: int, body) -> tuple[set[int], set[int], bool]:
        if high > low and high >= _UNBOUNDED_FROM:
            high = _MAXREPEAT
        low = min(low, 40)
        if high == _MAXREPEAT:  # x{n,} = n-1 copies of x, then x+
            parts = [self.build(body) for _ in range(low - 1)]
            parts.append(self._star(self.build(body), nullable=low == 0))
            return self._concat(parts)
        parts = [self.build(body) for _ in range(low)]
        if high > low:
            tail = None
            for _ in range(min(high - low, 40)):  # x(?:x(?:x)?)? -- not x?x?x?, which is ambiguous
                copy = self.build(body)
                first, last, nullable = self._concat([copy, tail]) if tail is not None else copy
                tail = (first, last, True)
            parts.append(tail)
        return self._concat(parts)

    def _element(self, name: str, av) -> tuple[set[int], set[int], bool]:
        if name in _SINGLE:
            return self._position(self.single(name, av))
        if name == "SUBPATTERN":
            return self.build(av[3])
        if name == "BRANCH":
            first: set[int] = set()
            last: set[int] = set()
            nullable = False
            for alt in av[1]:
                f, l, n = self.build(alt)
                first |= f
                last |= l
                nullable = nullable or n
            return first, last, nullable
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, body = av
            if high > 1:
                self.loops += 1
                try:
                    return self._repeat(low, high, body)
                finally:
                    self.loops -= 1
            return self._repeat(low, high, body)
        if name in ("ATOMIC_GROUP", "POSSESSIVE_REPEAT"):
            # No backtracking into it: one opaque step that reads whatever it can read.
            inner = _Automaton.__new__(_Automaton)
            inner.__dict__.update(self.__dict__)
            inner.masks, inner.follow = [], []
            body = av if name == "ATOMIC_GROUP" else av[2]
            _, _, nullable = inner.build(body)
            mask = 0
            for m in inner.masks:
                mask |= m
            first, last, _ = self._position(mask)
            return first, last, nullable or (name == "POSSESSIVE_REPEAT" and av[0] == 0)
        if name == "AT":
            where = _opname(av)
            if where in ("AT_END", "AT_END_STRING"):
                return self._position(self.eos)
            if where in ("AT_BEGINNING", "AT_BEGINNING_STRING", "AT_BEGINNING_LINE") or not self.loops:
                return set(), set(), True
            return self._position(0)  # \b or a lookaround inside a loop may separate its repetitions: assume it does
        if name in ("ASSERT", "ASSERT_NOT"):
            return (set(), set(), True) if not self.loops else self._position(0)
        if name == "GROUPREF_EXISTS":
            parts = [self.build(av[1]), self.build(av[2]) if av[2] is not None else (set(), set(), True)]
            return parts[0][0] | parts[1][0], parts[0][1] | parts[1][1], parts[0][2] or parts[1][2]
        return self._position(0)  # back-references and anything unknown: not followed

    # -- the ambiguity search --

    def components(self, nodes: list[int], edges) -> list[list[int]]:
        """Strongly connected components (iterative Tarjan) of the graph ``edges(node) -> iterable``."""
        index: dict = {}
        low: dict = {}
        on_stack: set = set()
        stack: list = []
        result: list[list] = []
        counter = 0
        for root in nodes:
            if root in index:
                continue
            work = [(root, iter(edges(root)))]
            index[root] = low[root] = counter
            counter += 1
            stack.append(root)
            on_stack.add(root)
            while work:
                node, successors = work[-1]
                advanced = False
                for succ in successors:
                    if succ not in index:
                        index[succ] = low[succ] = counter
                        counter += 1
                        stack.append(succ)
                        on_stack.add(succ)
                        work.append((succ, iter(edges(succ))))
                        advanced = True
                        break
                    if succ in on_stack:
                        low[node] = min(low[node], index[succ])
                if advanced:
                    continue
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    result.append(component)
        return result

    def exponential(self, start: set[int], last: set[int], nullable: bool) -> bool:
        """Whether some text makes the engine try exponentially many paths and then fail."""
        if nullable:
            return False  # the empty match always succeeds at once
        accepting = {p for p in last if self.masks[p] != self.eos}
        reachable: set[int] = set()
        todo = list(start)
        while todo:
            p = todo.pop()
            if p in reachable or not self.masks[p]:
                continue
            reachable.add(p)
            todo.extend(self.follow[p])
        live = {p: {q: n for q, n in self.follow[p].items() if q in reachable} for p in reachable}
        for component in self.components(sorted(reachable), lambda p: live[p]):
            members = set(component)
            if len(members) < 2 and not (component[0] in live[component[0]]):
                continue
            if members & accepting:
                continue  # the match can stop inside the loop: it succeeds instead of backtracking
            if len(members) > _MAX_COMPONENT:
                continue
            inner = {p: {q: n for q, n in live[p].items() if q in members} for p in members}
            masks = self.masks

            def pairs(node, inner=inner, masks=masks):
                p, q = node
                self.budget -= len(inner[p]) * len(inner[q])
                if self.budget < 0:
                    raise _TooBig  # a huge pattern: give up rather than slow the editor down
                for p2 in inner[p]:
                    for q2 in inner[q]:
                        if masks[p2] & masks[q2]:
                            yield (p2, q2)

            diagonal = [(p, p) for p in sorted(members)]
            for product in self.components(diagonal, pairs):
                nodes = set(product)
                if not any(a == b for a, b in nodes):
                    continue
                divergent = any(a != b for a, b in nodes) or any(
                    inner[a].get(b, 0) >= 2 for a, _ in nodes for b, _ in nodes)
                if divergent and self._attack_fails(start, last, nodes, pairs, inner):
                    return True
        return False

    # -- a concrete attack, to make sure the match really fails --

    def _path(self, sources, goal, step) -> list | None:
        """Shortest path (list of nodes, the source first) from any of ``sources`` to ``goal``."""
        back: dict = {}
        queue = list(sources)
        seen = set(sources)
        for node in queue:
            if node == goal:
                path = [node]
                while path[-1] in back:
                    path.append(back[path[-1]])
                return path[::-1]
            for succ in step(node):
                if succ not in seen:
                    seen.add(succ)
                    back[succ] = node
                    queue.append(succ)
        return None

    def _attack_fails(self, start: set[int], last: set[int], nodes: set, pairs, inner) -> bool:
        """Build prefix + pump * 3 from the ambiguous loop and check that every path fails on it: a loop that can
        swallow the very text that ends the match (``\\[(\\\\]|[^\\]])*\\].*``) backtracks once and succeeds."""
        within = lambda n: (x for x in pairs(n) if x in nodes)  # noqa: E731
        cycles = []
        for a, b in sorted(nodes):
            if a != b:  # two states reading the same text: loop through them
                home = next(node for node in sorted(nodes) if node[0] == node[1])
                there, back = self._path([home], (a, b), within), self._path([(a, b)], home, within)
                if there is not None and back is not None:
                    cycles.append(there + back[1:])
                break
        for a, _ in sorted(nodes):
            for b, count in inner[a].items():
                if count >= 2 and (b, b) in nodes:  # two edges between the same states
                    back = self._path([(b, b)], (a, a), within)
                    if back is not None:
                        cycles.append([(a, a)] + back)
        for cycle in cycles[:4]:
            home = cycle[0]
            pump = [self.masks[p] & self.masks[q] for p, q in cycle[1:]]
            reach = self._path([-1], home[0], lambda n: start if n == -1 else self.follow[n])
            if reach is None:
                continue
            prefix = [self.masks[p] for p in reach[1:]]
            if self._fails(start, last, prefix + pump * 3):
                return True
        return False

    def _fails(self, start: set[int], last: set[int], masks: list[int]) -> bool:
        """Whether no path matches a prefix of the text spelt by ``masks`` (one character picked from each: the
        one the fewest positions read), followed by the end of the text or by one or two more characters."""
        counts = [0] * (len(self.universe) + 1)
        for mask in self.masks:
            for i in range(len(counts)):
                if mask >> i & 1:
                    counts[i] += 1
        text = []
        for mask in masks:
            choices = [i for i in range(len(self.universe)) if mask >> i & 1]
            if not choices:
                return False
            text.append(1 << min(choices, key=lambda i: counts[i]))
        finals = {p for p in last if self.masks[p] != self.eos}
        current: set[int] = set()
        for index, char in enumerate(text):
            successors = start if index == 0 else {q for p in current for q in self.follow[p]}
            current = {q for q in successors if self.masks[q] & char}
            if not current:
                return False  # the attack text itself does not get through
            if current & finals:
                return False  # the pattern matches a prefix: success, not backtracking
        # The text must fail to match however it ends: at the end already, or after one or two more characters.
        # (`$` also matches before a final newline -- before any newline with re.M -- so no tail ends with one.)
        order = sorted((i for i in range(len(self.universe)) if self.universe[i] != "\n"), key=lambda i: counts[i])
        newline = 0 if self.flags & re.MULTILINE else self.bit.get("\n", 0)
        tails: list[list[int]] = [[]]
        tails += [[1 << i] for i in order]
        tails += [[1 << i, 1 << i] for i in order]
        tails += [[newline, 1 << i] for i in order if newline]
        for tail in tails:
            states = current
            matched = False
            for char in tail:
                states = {q for p in states for q in self.follow[p] if self.masks[q] & char}
                if states & finals:
                    matched = True
                    break
            if matched:
                continue
            ended = {q for p in states for q in self.follow[p] if self.masks[q] & self.eos}
            if not ended & last:
                return True
        return False


@functools.lru_cache(maxsize=2048)
def redos_exponential(pattern: str | bytes, flags: int, fullmatch: bool) -> bool:
    """Whether ``pattern`` can backtrack exponentially on some input that it then fails to match."""
    if len(pattern) > 3000:
        return False
    try:
        tree = _sre_parse.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - invalid patterns, `regex`-only syntax, recursion limits
        return False
    try:
        automaton = _Automaton(tree, flags | tree.state.flags, isinstance(pattern, bytes))
        first, last, nullable = automaton.build(tree)
        if fullmatch:
            end = automaton._position(automaton.eos)
            first, last, nullable = automaton._concat([(first, last, nullable), end])
        return automaton.exponential(first, last, nullable)
    except (_TooBig, RecursionError, ValueError, OverflowError):
        return False


# pattern position, flags position for each regex API (re and the `regex` module alike)
_REGEX_FUNCS = {
    "compile": 1, "match": 2, "search": 2, "fullmatch": 2, "findall": 2, "finditer": 2, "sub": 4, "subn": 4,
    "split": 3,
}
_VALIDATORS = re.compile(r"(^|\.)(RegexValidator|Regexp|re_path)$")
_FLAG_NAMES = {
    "I": re.I, "IGNORECASE": re.I, "M": re.M, "MULTILINE": re.M, "S": re.S, "DOTALL": re.S, "X": re.X,
    "VERBOSE": re.X, "A": re.A, "ASCII": re.A, "U": re.U, "UNICODE": re.U, "L": 0, "LOCALE": 0,
}


def _regex_flags(ctx: CheckContext, expr: ast.AST | None) -> int | None:
    """``re.I | re.X`` -> the flags (None when not written as constants)."""
    if expr is None:
        return 0
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
        left, right = _regex_flags(ctx, expr.left), _regex_flags(ctx, expr.right)
        return None if left is None or right is None else left | right
    if isinstance(expr, (ast.Attribute, ast.Name)):
        name = expr.attr if isinstance(expr, ast.Attribute) else expr.id
        name = name.removeprefix("RegexFlag.")
        if name in _FLAG_NAMES:
            return _FLAG_NAMES[name]
    value = ctx.constant(expr)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _regex_call(ctx: CheckContext, node: ast.Call) -> tuple[ast.AST | None, ast.AST | None, bool] | None:
    """(pattern argument, flags argument, the whole text must match) for a call that compiles a regex."""
    name = ctx.call_name(node) or ""
    head, _, func = name.rpartition(".")
    if head in ("re", "regex") and func in _REGEX_FUNCS:
        return ctx.argument(node, 0, "pattern"), ctx.argument(node, _REGEX_FUNCS[func], "flags"), func == "fullmatch"
    if _VALIDATORS.search(name) and (name.startswith(("django.", "wtforms.", "marshmallow.")) or "validat" in name):
        return ctx.argument(node, 0, "regex") or ctx.argument(node, 0, "route"), ctx.argument(node, None, "flags"), False
    return None


def _fullmatched_later(ctx: CheckContext, node: ast.Call) -> bool:
    """``NAME = re.compile(...)`` used as ``NAME.fullmatch(...)`` somewhere in the module."""
    parent = ctx.parent(node)
    if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1):
        return False
    target = parent.targets[0]
    name = target.id if isinstance(target, ast.Name) else target.attr if isinstance(target, ast.Attribute) else None
    if name is None:
        return False
    return name in _fullmatched_names(ctx)


@module_fact
def _fullmatched_names(ctx: CheckContext) -> set[str]:
    """``X`` of every ``X.fullmatch`` / ``obj.X.fullmatch`` in the module: one walk, not one per pattern."""
    found: set[str] = set()
    for sub in nodes_of(ctx.info, ast.Attribute):
        if isinstance(sub, ast.Attribute) and sub.attr == "fullmatch":
            if isinstance(sub.value, ast.Name):
                found.add(sub.value.id)
            elif isinstance(sub.value, ast.Attribute):
                found.add(sub.value.attr)
    return found


@check("PY-REDOS-PATTERN", ast.Call)
def redos_pattern(node: ast.Call, ctx: CheckContext) -> None:
    if ctx.is_test_module:
        return
    found = _regex_call(ctx, node)
    if found is None:
        return
    pattern_expr, flags_expr, fullmatch = found
    if pattern_expr is None:
        return
    flags = _regex_flags(ctx, flags_expr)
    pattern = ctx.constant(pattern_expr)
    if flags is None or not isinstance(pattern, (str, bytes)):
        return
    site = pattern_expr
    if isinstance(pattern_expr, ast.Name):  # a pattern constant: report where it is written, once
        bound = ctx.info.lookup(pattern_expr)
        if bound is not None and len(bound[1]) == 1 and bound[1][0] is not None:
            site = bound[1][0]  # several uses of one pattern: the engine keeps one report per site
    if not redos_exponential(pattern, flags, fullmatch or _fullmatched_later(ctx, node)):
        return
    ctx.report(site, message=(
        "This regular expression can backtrack exponentially: a repeated part can match the same text in many "
        "ways (a quantifier inside a quantifier, or alternatives that overlap), so a crafted input of 30-40 "
        "characters that fails to match keeps the engine busy for minutes (ReDoS). Make each repetition "
        "consume something the inner part cannot (`\\w+(?:\\s\\w+)*`), use an atomic group or possessive "
        "quantifier (Python 3.11+), or cap the input length."
    ))


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
    for node in walk(test):
        if (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn))
                and _identifier_words(node.left) & _SUBJECT_WORDS
                and _identifier_words(node.comparators[0]) & _GROUP_WORDS):
            return True
    return False


_REFUSAL_WORDS = re.compile(r"\b(not allowed|denied|not permitted)\b", re.IGNORECASE)
def _subject_predicate(test: ast.AST) -> bool:
    """``user.is_active`` / ``caller.can_deploy`` / ``requester.has_role("ops")``: a yes/no about who acts."""
    for node in walk(test):
        if (isinstance(node, ast.Attribute) and node.attr.startswith(("is_", "has_", "can_", "may_"))
                and _identifier_words(node.value) & _SUBJECT_WORDS):
            return True
    return False


_WEB_MODULES = ("flask", "flask_login", "django", "fastapi", "starlette", "quart", "sanic", "bottle", "pyramid", "tornado",
                "aiohttp", "falcon", "rest_framework", "jwt", "itsdangerous")
_TYPE_NARROWING = {"isinstance", "issubclass", "hasattr", "callable", "type"}


def _identifier_words(expr: ast.AST) -> set[str]:
    words: set[str] = set()
    for node in walk(expr):
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
    for sub in walk(expr):
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


# -- http:// service address as the environment default, in a module that sends credentials --

_SERVICE_WORDS = {"api", "url", "uri", "base", "endpoint", "server", "host", "service", "backend", "gateway"}
_CREDENTIAL_STRINGS = {"authorization", "password", "passwd", "x-api-key", "api_key", "apikey", "access_token",
                       "client_secret", "proxy-authorization"}
_PRIVATE_HOST = re.compile(r"^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)")


@module_fact
def _module_sends_credentials(ctx: CheckContext) -> bool:
    found = False
    for sub in ctx.info.nodes:
        if isinstance(sub, ast.keyword) and sub.arg in ("auth", "password"):
            found = True
        elif isinstance(sub, ast.Dict):
            found = any(isinstance(k, ast.Constant) and isinstance(k.value, str) and k.value.lower() in _CREDENTIAL_STRINGS
                        for k in sub.keys)
        if found:
            break
    return found


@check("PY-CLEARTEXT-PROTOCOL", ast.Call)
def cleartext_env_default(node: ast.Call, ctx: CheckContext) -> None:
    """``API_BASE = os.environ.get("API", "http://inventory.example.com/api")`` in a client that logs in."""
    found = env_lookup(ctx, node)
    if found is None or found[1] is None:
        return
    key, default = found
    text = ctx.constant(default)
    if not isinstance(text, str) or not text.lower().startswith("http://"):
        return
    host = re.split(r"[/?#]", text[len("http://"):], maxsplit=1)[0].rsplit("@", 1)[-1].split(":")[0]
    if not host or "." not in host or _LOOPBACK.match(host) or _PRIVATE_HOST.match(host) or "{" in host:
        return
    names = [key or ""]
    stmt = ctx.parent(node)
    if isinstance(stmt, ast.Assign):
        names += [t.id for t in stmt.targets if isinstance(t, ast.Name)]
    words = {w for n in names for w in re.split(r"[^a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1_\2", n).lower()) if w}
    if not words & _SERVICE_WORDS or dev_or_test_module(ctx) or not _module_sends_credentials(ctx):
        return
    ctx.report(default, message=(
        f"The default address of this service is plain http:// ({text.split('/', 3)[2]}): unless the environment "
        "overrides it, the client's logins, tokens and data cross the network readable and can be altered. "
        "Make the default https://."
    ))


def _module_with_bindings(ctx: CheckContext, name: str) -> list[ast.expr]:
    """The ``with X as name`` items directly in the module's own scope (a fact: see facts.py)."""
    return _with_bindings(ctx.info.tree).get(name, [])

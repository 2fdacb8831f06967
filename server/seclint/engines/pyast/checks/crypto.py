"""Cryptography, randomness, TLS and signatures.

Weak hashes and ciphers, ECB, short keys, constant IVs, fast hashes over
passwords, the ``random`` module producing secrets, disabled certificate
checks, old TLS versions, ``ssl.wrap_socket``, unverified JWTs and ``==`` on
secrets.  Most of these are about *what a value is for* (a token, a password, a
signature), which the checks read from the names the code gives it: the
assignment target, the keyword or dict key it is passed as, the function that
returns it.  Those names are split into words (``resetToken`` -> reset, token)
and classified by :func:`_concept`.
"""

from __future__ import annotations

import ast
import functools
import re
from typing import Iterator

from ..context import CheckContext
from ..registry import check
from ..walk import child_nodes

# ============================================================================
# Names and what they say about a value
# ============================================================================

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# Words glued together without a separator that matter here.
_COMPOUND = {
    "apikey": ("api", "key"), "secretkey": ("secret", "key"), "privkey": ("private", "key"),
    "privatekey": ("private", "key"), "sessionid": ("session", "id"), "sessionkey": ("session", "key"),
    "hexdigest": ("hex", "digest"), "pwhash": ("pw", "hash"), "pwdhash": ("pwd", "hash"),
    "passhash": ("pass", "hash"), "authkey": ("auth", "key"), "accesskey": ("access", "key"),
    "signingkey": ("signing", "key"), "otpcode": ("otp", "code"), "authcode": ("auth", "code"),
    "pincode": ("pin", "code"), "totpcode": ("totp", "code"), "licensekey": ("license", "key"),
}
# Substrings that mark a glued word (csrfmiddlewaretoken, xhubsignature, newpassword).
_EMBEDDED = ("password", "passwd", "passphrase", "secret", "signature", "hmac", "csrf", "xsrf", "token", "apikey")
_PLURALS = {
    "tokens": "token", "secrets": "secret", "keys": "key", "passwords": "password", "signatures": "signature",
    "sigs": "sig", "codes": "code", "credentials": "credential", "pins": "pin", "nonces": "nonce",
    "salts": "salt", "passphrases": "passphrase", "otps": "otp", "hmacs": "hmac", "digests": "digest",
}


@functools.lru_cache(maxsize=8192)
def _words(name: str) -> tuple[str, ...]:
    """``resetPasswordToken`` -> ('reset', 'password', 'token'); ``X-Hub-Signature`` -> ('x', 'hub', 'signature')."""
    out: list[str] = []
    for raw in _WORD.findall(name):
        word = raw.lower()
        word = _PLURALS.get(word, word)
        if word in _COMPOUND:
            out.extend(_COMPOUND[word])
            continue
        out.append(word)
        if len(word) > 6 and word not in _KNOWN_WORDS and not word.startswith("tokeniz"):
            for part in _EMBEDDED:
                if part in word:
                    out.extend(("api", "key") if part == "apikey" else (part,))
    return tuple(out)


_PASSWORD_WORDS = {"password", "passwd", "pwd", "pw", "passphrase", "pword", "pass", "passw", "passwort"}
_SECRET_WORDS = {
    "secret", "token", "signature", "sig", "hmac", "otp", "totp", "hotp", "csrf", "xsrf", "nonce", "salt",
    "credential", "creds", "passcode", "captcha", "mac", "jti",
}
_KEY_QUALIFIERS = {
    "api", "secret", "private", "priv", "signing", "sign", "session", "encryption", "encrypt", "enc", "aes",
    "hmac", "license", "licence", "activation", "auth", "access", "crypto", "master", "invite", "recovery",
    "shared", "symmetric", "fernet", "jwt", "app", "account", "unlock", "reset", "verification", "confirmation",
    "registration", "product", "serial", "cipher", "otp", "mac", "wrapping", "derived", "data", "client",
}
_CODE_QUALIFIERS = {
    "verification", "verify", "confirm", "confirmation", "activation", "activate", "reset", "invite",
    "invitation", "coupon", "voucher", "promo", "referral", "recovery", "backup", "auth", "authorization",
    "authorisation", "login", "security", "sms", "mfa", "otp", "access", "pin", "twofa", "gift", "unlock", "pairing",
    "magic", "email", "phone", "redeem", "registration", "pairing", "device", "secret", "one", "signup",
}
_PIN_OK = {"pin", "code", "new", "user", "temp", "tmp", "verification", "security", "one", "time", "sms", "random", "card", "atm", "initial", "default",
           "pairing", "pair", "door", "unlock", "access", "device", "bluetooth", "ble", "wps", "admin", "generate", "make", "create", "gen"}
_LINKY = {
    "reset", "activation", "activate", "invite", "invitation", "magic", "verification", "verify", "confirm",
    "confirmation", "unsubscribe", "share", "sharing", "recovery", "signup",
}
_LINKY_NOUNS = {"link", "url", "id", "hash", "slug", "key", "token", "code"}
_CONTAINERS = {"url", "uri", "link", "path", "endpoint", "route"}
# Words that make a name *about* a secret rather than the secret itself.
_META = {
    "type", "kind", "name", "names", "count", "num", "number", "total", "len", "length", "size", "version",
    "status", "state", "expiry", "expires", "expire", "expired", "expiration", "exp", "created", "updated",
    "at", "time", "timestamp", "date", "ttl", "lifetime", "age", "scope", "scopes", "format", "alg",
    "algorithm", "algo", "method", "label", "field", "policy", "hint", "file", "filename", "dir", "column",
    "attempts", "attempt", "tries", "retries", "regex", "pattern", "min", "max", "required", "enabled",
    "disabled", "valid", "is", "has", "changed", "error", "errors", "message", "msg", "mask", "masked",
    "placeholder", "widget", "validator", "strength", "rule", "rules", "prompt", "chars", "charset",
    "alphabet", "characters", "digits", "letters", "vocab", "vocabulary", "tokenizer", "tokenize",
    "tokenized", "index", "idx", "position", "pos", "start", "end", "address", "addr", "rounds",
    "iterations", "cost", "bits", "width", "mode", "class", "cls", "serializer", "form", "manager",
    "backend", "provider", "generator", "handler", "counter", "limit", "limiter",
    "prefix", "suffix", "separator", "sep", "env", "var", "setting", "settings", "config", "os", "vendor",
    "timeout", "ids", "username", "owner", "issuer", "audience", "subject", "usage", "used",
    "lookup", "kid", "fingerprint", "fpr", "thumbprint", "public", "pub", "pubkey", "cert", "certificate",
    "cache", "cached", "taken", "boundary", "placement", "location", "source", "rsa", "sha", "md5",
    "plaintext", "ecdsa", "dsa", "hs", "rs", "es",
    # tokens that order or page work, not credentials: lock_token, next_token, continuation_token
    "lock", "next", "page", "pagination", "continuation", "cursor", "creation", "idempotency", "sync", "resume",
}
_KNOWN_WORDS = _PASSWORD_WORDS | _SECRET_WORDS | _META | _KEY_QUALIFIERS | _CODE_QUALIFIERS | {"passphrase"}


def _concept_of(words: frozenset[str]) -> tuple[str, str] | None:
    """("password" | "secret", the word that decided) for a set of name words, or None."""
    if not words or words & _META:
        return None
    if words & _LINKY and words & _LINKY_NOUNS:
        return "secret", "reset"
    if "id" in words and not words & {"session", "sessionid"}:
        return None  # token_id, key_id, secret_id: identifiers of a secret, not the secret
    if words & _PASSWORD_WORDS:
        if words & {"token", "code", "otp", "nonce", "key", "salt", "secret"}:
            return "secret", "token"
        if words & (_CONTAINERS | {"id", "reset", "forgot", "forgotten"}):
            return None
        return "password", "password"
    if words & _CONTAINERS:
        return None
    hit = words & _SECRET_WORDS
    if hit:
        return "secret", sorted(hit)[0]
    if "key" in words and words & _KEY_QUALIFIERS:
        return "secret", "key"
    if "code" in words and words & _CODE_QUALIFIERS:
        return "secret", "code"
    if "pin" in words and words <= _PIN_OK:
        return "secret", "pin"
    if "session" in words and words & {"id", "key", "cookie"}:
        return "secret", "session"
    return None


def _concept(name: str | None) -> tuple[str, str] | None:
    if not name:
        return None
    return _concept_of(frozenset(_words(name)))


# ============================================================================
# Small helpers over the tree
# ============================================================================


def _norm(name: str | None) -> str:
    """Resolved dotted name, with pycryptodomex spelt like pycryptodome."""
    if not name:
        return ""
    if name.startswith("Cryptodome."):
        return "Crypto." + name[len("Cryptodome."):]
    return name


def _call_name(ctx: CheckContext, call: ast.Call) -> str:
    name = ctx.call_name(call)  # _norm inlined: every crypto check asks this of every call
    return "Crypto." + name[11:] if name.startswith("Cryptodome.") else name


def _binding(ctx: CheckContext, expr: ast.AST | None) -> ast.expr | None:
    """The one expression a local name is bound to (not a parameter), else None."""
    if not isinstance(expr, ast.Name):
        return None
    found = ctx.info.lookup(expr)
    if found is None:
        return None
    scope, values = found
    if len(values) != 1 or values[0] is None or expr.id in scope.params:
        return None
    return values[0]


def _resolve(ctx: CheckContext, expr: ast.AST | None, depth: int = 0) -> ast.AST | None:
    """Follow names bound once to their value (a few hops)."""
    while isinstance(expr, ast.Name) and depth < 4:
        bound = _binding(ctx, expr)
        if bound is None:
            return expr
        expr = bound
        depth += 1
    return expr


def _is_false(ctx: CheckContext, expr: ast.AST | None) -> bool:
    return expr is not None and ctx.constant(expr) is False


def _primary_names(ctx: CheckContext, expr: ast.AST | None, depth: int = 0) -> list[str]:
    """The identifiers that *name* a value: ``request.headers["X-Signature"]`` -> ['X-Signature'].

    Attribute -> its attribute; subscript or ``.get("key")`` -> the key; a call ->
    the function's name (and, for conversions like ``.encode()``, the converted value).
    """
    if expr is None or depth > 6:
        return []
    if isinstance(expr, ast.Name):
        return [expr.id]
    if isinstance(expr, ast.Attribute):
        return [expr.attr]
    if isinstance(expr, ast.Subscript):
        key = ctx.constant(expr.slice)
        if isinstance(key, str):
            return [key]
        return _primary_names(ctx, expr.value, depth + 1)
    if isinstance(expr, ast.Starred):
        return _primary_names(ctx, expr.value, depth + 1)
    if isinstance(expr, ast.Await):
        return _primary_names(ctx, expr.value, depth + 1)
    if isinstance(expr, ast.Call):
        func = expr.func
        if isinstance(func, ast.Attribute):
            if func.attr in ("get", "pop", "getlist", "get_json", "getenv", "setdefault") and expr.args:
                key = ctx.constant(expr.args[0])
                if isinstance(key, str):
                    return [key]
            if func.attr in _CONVERSIONS:
                names = _primary_names(ctx, func.value, depth + 1)
                return names + (["digest"] if func.attr in ("hexdigest", "digest") else [])
            return [func.attr]
        if isinstance(func, ast.Name):
            if func.id in ("str", "bytes", "bytearray", "repr", "memoryview") and expr.args:
                return _primary_names(ctx, expr.args[0], depth + 1)
            qual = ctx.qualname(func) or func.id
            if qual in ("os.getenv", "os.environ.get") and expr.args:
                key = ctx.constant(expr.args[0])
                if isinstance(key, str):
                    return [key]
            return [func.id]
        return []
    if isinstance(expr, ast.BinOp):
        return _primary_names(ctx, expr.left, depth + 1) + _primary_names(ctx, expr.right, depth + 1)
    if isinstance(expr, ast.JoinedStr):
        out: list[str] = []
        for part in expr.values:
            if isinstance(part, ast.FormattedValue):
                out.extend(_primary_names(ctx, part.value, depth + 1))
        return out
    return []


_CONVERSIONS = {
    "encode", "decode", "strip", "lstrip", "rstrip", "lower", "upper", "casefold", "hexdigest", "digest",
    "hex", "format", "zfill", "ljust", "rjust", "split", "replace",
}


def _all_names(ctx: CheckContext, expr: ast.AST | None, limit: int = 200) -> list[str]:
    """Every identifier, attribute and string key in an expression (for the data being hashed)."""
    out: list[str] = []
    if expr is None:
        return out
    for node in _walk(expr, limit):
        if isinstance(node, ast.Name):
            out.append(node.id)
        elif isinstance(node, ast.Attribute):
            out.append(node.attr)
        elif isinstance(node, ast.Subscript):
            key = ctx.constant(node.slice)
            if isinstance(key, str):
                out.append(key)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
            key = ctx.constant(node.args[0])
            if isinstance(key, str):
                out.append(key)
    return out


def _walk(node: ast.AST, limit: int = 400) -> Iterator[ast.AST]:
    """ast.walk, bounded (a check must stay fast on huge expressions)."""
    stack = [node]
    seen = 0
    while stack and seen < limit:
        current = stack.pop()
        seen += 1
        yield current
        stack.extend(child_nodes(current))


def _function_of(ctx: CheckContext, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The enclosing def (lambdas are looked through)."""
    for anc in ctx.ancestors(node):
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return anc
    return None


def _class_of(ctx: CheckContext, function: ast.AST | None) -> ast.ClassDef | None:
    if function is None:
        return None
    parent = ctx.parent(function)
    return parent if isinstance(parent, ast.ClassDef) else None


def _scope_root(ctx: CheckContext, node: ast.AST) -> ast.AST:
    return _function_of(ctx, node) or ctx.info.tree


def _name_loads(ctx: CheckContext, root: ast.AST) -> dict[str, list[ast.Name]]:
    """Name loads in a function (or the module's top level), cached."""
    return ctx.memo(_find_name_loads, root)


def _find_name_loads(ctx: CheckContext, root: ast.AST) -> dict[str, list[ast.Name]]:
    found: dict[str, list[ast.Name]] = {}
    stack = list(child_nodes(root))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and root is ctx.info.tree:
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            found.setdefault(node.id, []).append(node)
        stack.extend(child_nodes(node))
    return found


def _calls_in(ctx: CheckContext, root: ast.AST) -> list[ast.Call]:
    return ctx.memo(_find_calls, root)


def _find_calls(ctx: CheckContext, root: ast.AST) -> list[ast.Call]:
    return [n for n in _walk(root, 20000) if isinstance(n, ast.Call)]


def _target_names(target: ast.AST, ctx: CheckContext) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Attribute):
        return [target.attr]
    if isinstance(target, ast.Subscript):
        key = ctx.constant(target.slice)
        if isinstance(key, str):
            return [key]
        return _target_names(target.value, ctx)
    if isinstance(target, (ast.Tuple, ast.List)):
        out: list[str] = []
        for elt in target.elts:
            out.extend(_target_names(elt, ctx))
        return out
    if isinstance(target, ast.Starred):
        return _target_names(target.value, ctx)
    return []


class _Use:
    """Where a value goes: the names it is given, and how it is used."""

    __slots__ = ("names", "callees", "boolean", "returned", "stmt", "compared_with", "local_targets", "in_calls")

    def __init__(self) -> None:
        self.names: list[str] = []  # assignment targets, keyword names, dict keys
        self.callees: list[str] = []  # setter/sender calls and receivers of append-like methods
        self.boolean = False  # used only as a condition (compared, tested)
        self.returned = False
        self.stmt: ast.stmt | None = None
        self.compared_with: list[ast.expr] = []
        self.local_targets: list[str] = []  # plain local names it is assigned to
        self.in_calls: list[ast.Call] = []  # calls the value is passed into


_KEYED_SETTERS = {"set", "setex", "psetex", "hset", "set_cookie", "set_signed_cookie", "put", "store", "save", "add", "set_many", "cache_set"}
_APPENDERS = {"append", "extend", "add", "insert", "put", "write", "appendleft", "update", "setdefault"}
_SETTER = re.compile(r"^(set|send|store|save|email|mail|sms|notify|issue|assign|register|create|deliver|text)(_|[A-Z]|$)")


def _use_of(ctx: CheckContext, node: ast.AST) -> _Use:
    use = _Use()
    child: ast.AST = node
    for anc in ctx.ancestors(node):
        if isinstance(anc, ast.stmt):
            use.stmt = anc
            break
        if isinstance(anc, ast.keyword):
            if anc.arg:
                use.names.append(anc.arg)
        elif isinstance(anc, ast.Dict):
            for key, value in zip(anc.keys, anc.values):
                if value is child and key is not None:
                    k = ctx.constant(key)
                    if isinstance(k, str):
                        use.names.append(k)
        elif isinstance(anc, ast.Slice):
            use.boolean = True  # a slice bound: a length, not content
        elif isinstance(anc, ast.Call):
            if child is not anc.func and isinstance(anc.func, ast.Name) and anc.func.id in ("range", "len", "enumerate", "sleep", "round"):
                use.boolean = True  # a count or a delay, not content
            if child is not anc.func:
                use.in_calls.append(anc)
                func = anc.func
                if isinstance(func, ast.Attribute):
                    if func.attr in _APPENDERS:
                        use.callees.extend(_primary_names(ctx, func.value))
                    elif _SETTER.match(func.attr):
                        use.callees.append(func.attr)
                    if func.attr in _KEYED_SETTERS and anc.args and child is not anc.args[0] and child in anc.args:
                        shape = ctx.string_shape(anc.args[0])
                        if shape is not None and shape.prefix:
                            use.names.append(shape.prefix)
                elif isinstance(func, ast.Name) and _SETTER.match(func.id):
                    use.callees.append(func.id)
        elif isinstance(anc, ast.Compare):
            use.boolean = True
            use.compared_with = [e for e in [anc.left, *anc.comparators] if e is not child]
        elif isinstance(anc, ast.comprehension):
            if child in anc.ifs:
                use.boolean = True
        elif isinstance(anc, ast.IfExp) and child is anc.test:
            use.boolean = True
        elif isinstance(anc, ast.Lambda):
            break
        child = anc
    stmt = use.stmt
    if stmt is None:
        return use
    if isinstance(stmt, ast.Assign) and child is stmt.value:
        for target in stmt.targets:
            use.names.extend(_target_names(target, ctx))
            if isinstance(target, ast.Name):
                use.local_targets.append(target.id)
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)) and child is stmt.value:
        use.names.extend(_target_names(stmt.target, ctx))
        if isinstance(stmt.target, ast.Name):
            use.local_targets.append(stmt.target.id)
    elif isinstance(stmt, ast.Return) and child is stmt.value:
        use.returned = True
    elif isinstance(stmt, ast.Expr) and isinstance(child, (ast.Yield, ast.YieldFrom)):
        use.returned = True
    elif isinstance(stmt, (ast.If, ast.While)) and child is stmt.test:
        use.boolean = True
    elif isinstance(stmt, ast.Assert):
        use.boolean = True
    return use


def _contains_call(ctx: CheckContext, expr: ast.AST | None, prefixes: tuple[str, ...], names: frozenset[str] = frozenset()) -> bool:
    if expr is None:
        return False
    for node in _walk(expr, 200):
        if isinstance(node, ast.Call):
            name = _call_name(ctx, node)
            if name.startswith(prefixes) or name in names:
                return True
    return False


# ============================================================================
# PY-HASH-WEAK and PY-HASH-PASSWORD
# ============================================================================

_WEAK_HASHLIB = {"hashlib.md5": "MD5", "hashlib.sha1": "SHA-1"}
_WEAK_HASH_NAMES = {"md5": "MD5", "sha1": "SHA-1", "sha": "SHA-1", "sha-1": "SHA-1", "md4": "MD4", "md2": "MD2", "md5-sha1": "MD5-SHA1", "md5_sha1": "MD5-SHA1"}
_WEAK_PYCRYPTO_HASH = {"Crypto.Hash.MD5.new": "MD5", "Crypto.Hash.MD4.new": "MD4", "Crypto.Hash.MD2.new": "MD2", "Crypto.Hash.SHA.new": "SHA-1", "Crypto.Hash.SHA1.new": "SHA-1"}
_WEAK_CRYPTOGRAPHY_HASH = {"cryptography.hazmat.primitives.hashes.MD5": "MD5", "cryptography.hazmat.primitives.hashes.SHA1": "SHA-1"}
# Constructions whose security does not rest on the hash's collision resistance.
_HASH_OK_WRAPPERS = ("HMAC", "MGF1", "OAEP", "TOTP", "HOTP", "HKDF", "HKDFExpand", "PBKDF2HMAC", "ConcatKDFHMAC", "KBKDFHMAC")

_FAST_HASHLIB = {
    "hashlib.md5": "MD5", "hashlib.sha1": "SHA-1", "hashlib.sha224": "SHA-224", "hashlib.sha256": "SHA-256",
    "hashlib.sha384": "SHA-384", "hashlib.sha512": "SHA-512", "hashlib.sha3_224": "SHA3-224",
    "hashlib.sha3_256": "SHA3-256", "hashlib.sha3_384": "SHA3-384", "hashlib.sha3_512": "SHA3-512",
    "hashlib.blake2b": "BLAKE2b", "hashlib.blake2s": "BLAKE2s", "hashlib.shake_128": "SHAKE128",
    "hashlib.shake_256": "SHAKE256",
}
_PYCRYPTO_HASH_MODULES = {"MD5", "MD4", "MD2", "SHA", "SHA1", "SHA224", "SHA256", "SHA384", "SHA512", "SHA3_224", "SHA3_256", "SHA3_384", "SHA3_512", "BLAKE2b", "BLAKE2s", "RIPEMD160", "RIPEMD", "keccak"}
_KDF_CALLS = re.compile(
    r"(^|\.)(hashpw|kdf|pbkdf2_hmac|scrypt|make_password|generate_password_hash|hash_password|"
    r"PasswordHasher\(\)\.hash|hash_secret|hash_secret_raw|argon2\w*|bcrypt\w*|derive|checkpw|check_password_hash)$"
)
_RANDOM_SOURCES = ("os.urandom", "secrets.", "uuid.uuid4", "uuid.uuid1", "random.", "time.time", "time.time_ns", "datetime.", "Crypto.Random.get_random_bytes")
_PASSWORD_VERBS = {"hash", "hashed", "check", "verify", "set", "make", "encrypt", "encode", "store", "save", "validate", "compare", "digest", "crypt", "hashing", "authenticate", "login"}


def _fast_hash(ctx: CheckContext, call: ast.Call) -> tuple[str, ast.expr | None] | None:
    """(algorithm, the data argument) for a fast-hash constructor call, else None."""
    name = _call_name(ctx, call)
    if name in _FAST_HASHLIB:
        return _FAST_HASHLIB[name], ctx.argument(call, 0, "data") or ctx.argument(call, None, "string")
    if name == "hashlib.new":
        algo = ctx.constant(ctx.argument(call, 0, "name"))
        label = _WEAK_HASH_NAMES.get(algo.lower(), algo.upper()) if isinstance(algo, str) else "a fast hash"
        return label, ctx.argument(call, 1, "data") or ctx.argument(call, None, "string")
    if name.startswith("Crypto.Hash.") and name.endswith(".new"):
        module = name[len("Crypto.Hash."):-len(".new")]
        if module in _PYCRYPTO_HASH_MODULES:
            return module.replace("_", "-"), ctx.argument(call, 0, "data")
    return None


def _hash_object_updates(ctx: CheckContext, call: ast.Call) -> list[ast.expr]:
    """Arguments of ``h.update(...)`` when ``h = <call>``."""
    parent = ctx.parent(call)
    if not (isinstance(parent, ast.Assign) and parent.value is call and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name)):
        return []
    name = parent.targets[0].id
    out = []
    for load in _name_loads(ctx, _scope_root(ctx, call)).get(name, ()):
        attr = ctx.parent(load)
        if isinstance(attr, ast.Attribute) and attr.attr == "update":
            update = ctx.parent(attr)
            if isinstance(update, ast.Call) and update.func is attr and update.args:
                out.append(update.args[0])
    return out


def _is_hibp(ctx: CheckContext, node: ast.AST) -> bool:
    """Have I Been Pwned k-anonymity lookups hash passwords with SHA-1 by design."""
    root = _scope_root(ctx, node)
    if isinstance(root, (ast.FunctionDef, ast.AsyncFunctionDef)) and {"pwned", "hibp", "breach", "breached"} & set(_words(root.name)):
        return True
    for n in _walk(root, 3000):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and "pwnedpasswords" in n.value:
            return True
    return False


def _password_evidence(ctx: CheckContext, call: ast.Call, data: ast.expr | None) -> str | None:
    """Why this fast-hash call hashes a password (a short phrase), or None."""
    datas = [d for d in [data, *_hash_object_updates(ctx, call)] if d is not None]
    if not datas:
        return None
    if all(ctx.is_constant(d) for d in datas):
        return None
    if any(_contains_call(ctx, d, _RANDOM_SOURCES) for d in datas):
        return None  # hashing fresh random bytes (a token generator), not a password
    use = _use_of(ctx, call)
    if any(_KDF_CALLS.search(_norm(ctx.qualname(c.func)) or "") for c in use.in_calls):
        return None  # pre-hashing before bcrypt/argon2 (the 72-byte limit workaround)
    for local in use.local_targets:
        for load in _name_loads(ctx, _scope_root(ctx, call)).get(local, ()):
            for anc in ctx.ancestors(load):
                if isinstance(anc, ast.stmt):
                    break
                if isinstance(anc, ast.Call) and _KDF_CALLS.search(_norm(ctx.qualname(anc.func)) or ""):
                    return None
    if _is_hibp(ctx, call):
        return None
    pwd_module = ctx.imports("pwd")
    for d in datas:
        for name in _all_names(ctx, d):
            if pwd_module and name == "pwd":
                continue
            concept = _concept(name)
            if concept and concept[0] == "password":
                return f"the hashed value `{name}` is a password"
    for name in use.names:
        concept = _concept(name)
        if concept and concept[0] == "password":
            return f"the result is stored as `{name}`"
    for other in use.compared_with:
        for name in _primary_names(ctx, other):
            concept = _concept(name)
            if concept and concept[0] == "password":
                return f"the result is compared with `{name}`"
    function = _function_of(ctx, call)
    if function is not None and (use.returned or not use.names):
        words = set(_words(function.name))
        if words & _PASSWORD_VERBS and words & _PASSWORD_WORDS and not words & {"reset", "token", "forgot", "link", "url"}:
            if any(not ctx.is_constant(d) for d in datas):
                return f"it is done in `{function.name}`"
    return None


# Words in the data, the digest's name or the function that show a security use besides secrets.
_SECURITY_FUNCTION_WORDS = {
    "sign", "signed", "signing", "signature", "hmac", "authenticate", "authentication", "auth", "integrity",
    "tamper", "tampered", "authenticity", "authentic",
}
_CERT_WORDS = {"cert", "certs", "certificate", "certificates", "x509", "csr", "crl", "pubkey", "hostkey", "ssh", "pem"}
_INTEGRITY_WORDS = {"integrity", "sri"}
_SIGNING_METHODS = {"sign", "verify", "sign_digest", "verify_digest", "signature", "sign_hash", "verify_hash"}
_COMPARE_DIGEST = {"hmac.compare_digest", "secrets.compare_digest"}
# The other side of a comparison that only asks "did the content change?" (If-None-Match, a cached digest).
_CHANGE_WORDS = {"etag", "match", "modified", "previous", "prev", "last", "old", "seen"}


def _equality_use(ctx: CheckContext, node: ast.AST) -> str | None:
    """The value at ``node`` is checked against another: `digest == expected`, compare_digest(digest, sig)."""
    child: ast.AST = node
    for anc in ctx.ancestors(node):
        if isinstance(anc, (ast.stmt, ast.Lambda)):
            break
        if isinstance(anc, ast.Compare):
            if len(anc.ops) != 1 or not isinstance(anc.ops[0], (ast.Eq, ast.NotEq)):
                return None
            other = anc.comparators[0] if child is anc.left else anc.left
            if _trivial_side(ctx, other):
                return None
            if any(set(_words(n)) & (_IDENTIFIER_WORDS | _CHANGE_WORDS) for n in _primary_names(ctx, other)):
                return None  # ETag / If-None-Match / a cached digest: has the content changed?
            return "the digest is compared with an expected value (an integrity check an attacker can defeat with a collision)"
        if isinstance(anc, ast.Call) and child is not anc.func:
            if _call_name(ctx, anc) in _COMPARE_DIGEST:
                return "the digest is checked with compare_digest (an integrity or authenticity check)"
            if isinstance(anc.func, ast.Attribute) and anc.func.attr in _SIGNING_METHODS:
                return f"the digest is passed to `{anc.func.attr}()` (a signature)"
        child = anc
    return None


def _hash_security_use(ctx: CheckContext, call: ast.Call, data: ast.expr | None) -> str | None:
    """Why this weak hash protects something (a short phrase), or None when nothing says so.

    A secret, key, token, nonce or signature goes in or the digest is named as one; the digest is
    compared with an expected value or signed; the function signs, authenticates or checks integrity;
    a certificate or public key is fingerprinted.
    """
    use = _use_of(ctx, call)
    found = _equality_use(ctx, call)
    if found:
        return found
    root = _scope_root(ctx, call)
    for local in use.local_targets:
        for load in _name_loads(ctx, root).get(local, ()):
            if load.lineno >= call.lineno and load is not call:
                found = _equality_use(ctx, load)
                if found:
                    return found
    data_names = _all_names(ctx, data) if data is not None else []
    for update in _hash_object_updates(ctx, call):
        data_names.extend(_all_names(ctx, update))
    function = _function_of(ctx, call)
    for name in data_names + use.names + use.callees:
        concept = _concept(name)
        if concept:
            return f"`{name}` goes into the hash" if name in data_names else f"the digest becomes `{name}`"
    if function is not None:
        words = set(_words(function.name))
        if words & _SECURITY_FUNCTION_WORDS or _concept(function.name):
            return f"it is computed in `{function.name}`"
    for name in data_names + use.names + ([function.name] if function is not None else []):
        words = set(_words(name))
        if words & _CERT_WORDS or {"public", "key"} <= words or {"host", "key"} <= words:
            return f"it fingerprints a certificate or key (`{name}`)"
        if words & _INTEGRITY_WORDS and name not in data_names:
            return f"the digest is an integrity value (`{name}`)"
    return None


# Names that say a hash only identifies data (MD5 is fine there; `usedforsecurity=False` says so).
_IDENTIFIER_WORDS = {
    "cache", "cached", "etag", "dedup", "dedupe", "deduplicate", "duplicate", "duplicates", "gravatar",
    "avatar", "shard", "sharding", "bucket", "partition", "memo", "memoize", "lru", "asset", "assets",
    "static", "filename", "buster", "busting", "color", "colour", "variant", "experiment", "cohort", "ring",
    "slot", "dataset", "layout", "id", "uid", "guid", "slug", "placeholder", "match",
}


def _hash_identifies_data(ctx: CheckContext, call: ast.Call) -> bool:
    """The digest is a cache key, ETag, shard, file name ...: named so where it goes or where it is made."""
    use = _use_of(ctx, call)
    names = use.names + use.callees + [_norm(ctx.qualname(c.func)) for c in use.in_calls]
    function = _function_of(ctx, call)
    if function is not None:
        names.append(function.name)
    for other in use.compared_with:
        names.extend(n for n in _primary_names(ctx, other) if set(_words(n)) & {"etag", "match"})  # If-None-Match
    return any(set(_words(n)) & _IDENTIFIER_WORDS for n in names if n)


_UNMARKED_FIX_TITLE = "Mark as not used for security (usedforsecurity=False)"


def _weak_hash_verdict(node: ast.Call, ctx: CheckContext) -> tuple[str, ast.AST, str | None, object] | None:
    """(rule, node to underline, message, fix) for a weak hash call, decided once for both rules.

    PY-HASH-WEAK: the context shows a security use.  PY-HASH-WEAK-UNMARKED (opt-in): MD5/SHA-1 with no
    stated purpose.  Silent: `usedforsecurity=False`, a digest named as an identifier (cache key, ETag),
    a password (PY-HASH-PASSWORD), HMAC/OAEP/KDF constructions.
    """
    return ctx.memo(_decide_weak_hash, node)


def _decide_weak_hash(ctx: CheckContext, node: ast.Call) -> tuple[str, ast.AST, str | None, object] | None:
    name = _call_name(ctx, node)
    if not name:
        return None
    if name in _WEAK_HASHLIB or name == "hashlib.new":
        if name == "hashlib.new":
            algo = ctx.constant(ctx.argument(node, 0, "name"))
            if not isinstance(algo, str) or algo.lower() not in _WEAK_HASH_NAMES:
                return None
            label = _WEAK_HASH_NAMES[algo.lower()]
            data = ctx.argument(node, 1, "data") or ctx.argument(node, None, "string")
        else:
            label = _WEAK_HASHLIB[name]
            data = ctx.argument(node, 0, "data") or ctx.argument(node, None, "string")
        flag = ctx.keyword(node, "usedforsecurity")
        if flag is not None:
            if ctx.constant(flag.value) is not True:
                return None  # usedforsecurity=False, or decided at run time
        elif ctx.has_kwargs_splat(node):
            return None
        if _password_evidence(ctx, node, data):
            return None  # PY-HASH-PASSWORD reports it: a fast hash over a password
        if flag is not None:
            return "PY-HASH-WEAK", node, None, None  # usedforsecurity=True: the author says it protects something
        why = _hash_security_use(ctx, node, data) if not _is_hibp(ctx, node) else None
        if why:
            return "PY-HASH-WEAK", node, (
                f"{label} is broken for security use and {why}: use SHA-256, or HMAC-SHA256 "
                "(hmac.new(key, msg, hashlib.sha256)) for a keyed hash."
            ), None
        if _hash_identifies_data(ctx, node):
            return None  # a cache key or ETag: MD5 is adequate (usedforsecurity=False would document it)
        fix = ctx.fix(_UNMARKED_FIX_TITLE, ctx.add_keyword(node, "usedforsecurity=False"))
        return "PY-HASH-WEAK-UNMARKED", node, None, fix
    if name == "hashlib.file_digest":
        digest = ctx.argument(node, 1, "digest")
        value = ctx.constant(digest)
        label = _WEAK_HASH_NAMES.get(value.lower()) if isinstance(value, str) else _WEAK_HASHLIB.get(_norm(ctx.qualname(digest)) if digest is not None else "")
        if not label or digest is None:
            return None
        why = _hash_security_use(ctx, node, None)
        if why:
            return "PY-HASH-WEAK", digest, f"{label} is broken for security use and {why}: hash the file with \"sha256\".", None
        if _hash_identifies_data(ctx, node):
            return None
        return "PY-HASH-WEAK-UNMARKED", digest, (
            f"{label} file digest with no stated purpose: if it only identifies the file, pass "
            "lambda: hashlib.md5(usedforsecurity=False); otherwise hash with \"sha256\"."
        ), None
    if name in _WEAK_PYCRYPTO_HASH:
        data = ctx.argument(node, 0, "data")
        if _password_evidence(ctx, node, data):
            return None  # PY-HASH-PASSWORD reports it
        label = _WEAK_PYCRYPTO_HASH[name]
        why = _hash_security_use(ctx, node, data) if not _is_hibp(ctx, node) else None
        if why:
            return "PY-HASH-WEAK", node.func, f"{label} is broken for security use and {why}: use SHA256.new() (or SHA3/BLAKE2).", None
        if _hash_identifies_data(ctx, node):
            return None
        return "PY-HASH-WEAK-UNMARKED", node.func, (
            f"{label} with no stated purpose: it is broken for security use. Use SHA256.new() unless the digest only "
            "identifies data (then hashlib.md5(..., usedforsecurity=False) says so)."
        ), None
    if name in _WEAK_CRYPTOGRAPHY_HASH:
        label = _WEAK_CRYPTOGRAPHY_HASH[name]
        use = _use_of(ctx, node)
        outer = use.in_calls[0] if use.in_calls else None
        for call in use.in_calls:
            callee = _norm(ctx.qualname(call.func))
            if callee.rsplit(".", 1)[-1] in _HASH_OK_WRAPPERS:
                return None
        if outer is not None and _call_name(ctx, outer) == "cryptography.hazmat.primitives.hashes.Hash":
            # hashes.Hash(hashes.SHA1()): judged by what the digest is for, like hashlib.
            why = _hash_security_use(ctx, outer, None)
            if why:
                return "PY-HASH-WEAK", node, f"{label} is broken for security use and {why}: use hashes.SHA256().", None
            if _hash_identifies_data(ctx, outer):
                return None
            return "PY-HASH-WEAK-UNMARKED", node, f"{label} with no stated purpose: it is broken for security use. Use hashes.SHA256() unless the digest only identifies data.", None
        if isinstance(ctx.parent(node), ast.Dict):
            return None  # {OID.RSA_WITH_SHA1: hashes.SHA1()}: a table of known algorithms, not a choice
        # A signature, certificate or fingerprint algorithm.
        return "PY-HASH-WEAK", node, f"{label} is broken for signatures and integrity: use hashes.SHA256() or stronger.", None
    if name in ("crypt.crypt", "crypt.mksalt"):
        method = ctx.argument(node, 1, "salt") if name == "crypt.crypt" else ctx.argument(node, 0, "method")
        method_name = _norm(ctx.qualname(method)) if method is not None else ""
        if method is not None and method_name in ("crypt.METHOD_CRYPT", "crypt.METHOD_MD5"):
            return "PY-HASH-WEAK", method, f"{method_name.split('.')[-1]} is a weak password hash: use crypt.METHOD_SHA512 at least, or better argon2/bcrypt.", None
    return None


@check("PY-HASH-WEAK", ast.Call)
def weak_hash(node: ast.Call, ctx: CheckContext) -> None:
    verdict = _weak_hash_verdict(node, ctx)
    if verdict is not None and verdict[0] == "PY-HASH-WEAK":
        _, where, message, fix = verdict
        ctx.report(where, message=message, fix=fix)  # type: ignore[arg-type]


@check("PY-HASH-WEAK-UNMARKED", ast.Call)
def weak_hash_unmarked(node: ast.Call, ctx: CheckContext) -> None:
    verdict = _weak_hash_verdict(node, ctx)
    if verdict is not None and verdict[0] == "PY-HASH-WEAK-UNMARKED":
        _, where, message, fix = verdict
        ctx.report(where, message=message, fix=fix)  # type: ignore[arg-type]


_CRYPT_FUNCS = {"crypt.crypt", "legacycrypt.crypt", "crypt_r.crypt"}
_WEAK_CRYPT_METHODS = {"METHOD_CRYPT": "traditional DES crypt", "METHOD_MD5": "MD5-crypt"}
_PASSLIB_WEAK = {"des_crypt", "bsdi_crypt", "bigcrypt", "crypt16", "md5_crypt", "apr_md5_crypt", "lmhash", "nthash",
                 "ldap_md5", "ldap_sha1", "ldap_salted_md5", "ldap_salted_sha1", "mysql323", "mysql41", "oracle10",
                 "postgres_md5", "msdcc", "sun_md5_crypt"}


def _weak_crypt(node: ast.Call, ctx: CheckContext) -> bool:
    """``crypt.crypt(pw, "ab")`` (DES crypt, a fixed salt), ``crypt.mksalt(crypt.METHOD_MD5)``,
    ``passlib.hash.des_crypt.hash(pw)``."""
    name = _call_name(ctx, node)
    if name in _CRYPT_FUNCS and len(node.args) + len(node.keywords) >= 2:
        salt = ctx.argument(node, 1, "salt")
        text = ctx.constant(salt) if salt is not None else None
        if not isinstance(text, str):
            return False
        if not text.startswith("$"):
            what = "traditional DES crypt (only the first 8 characters count, 56-bit, cracked in seconds)"
        elif text.startswith(("$1$", "$apr1$")):
            what = "MD5-crypt (fast and long broken)"
        else:
            what = "a fixed salt: every user with the same password gets the same hash"
        ctx.report(node, message=(
            f"crypt() with the constant salt {text!r} uses {what}. Hash passwords with argon2 or bcrypt "
            "(passlib/argon2-cffi), or at least crypt.crypt(pw, crypt.mksalt(crypt.METHOD_SHA512))."
        ))
        return True
    if name in ("crypt.mksalt",) and node.args:
        method = ctx.qualname(node.args[0]) or ""
        label = _WEAK_CRYPT_METHODS.get(method.rsplit(".", 1)[-1])
        if label is not None and method.startswith("crypt."):
            ctx.report(node, message=f"{label} is a broken password hash scheme: use crypt.METHOD_SHA512 at least, better argon2 or bcrypt.")
            return True
    parts = name.split(".")
    if (
        len(parts) >= 3 and parts[0] == "passlib" and parts[-2] in _PASSLIB_WEAK
        and parts[-1] in ("hash", "encrypt", "using")
    ):
        ctx.report(node, message=f"passlib's {parts[-2]} is a weak or broken password hash: use argon2 or bcrypt.")
        return True
    return False


@check("PY-HASH-PASSWORD", ast.Call)
def fast_password_hash(node: ast.Call, ctx: CheckContext) -> None:
    if _weak_kdf_cost(node, ctx):
        return
    if _weak_crypt(node, ctx):
        return
    found = _fast_hash(ctx, node)
    if found is None:
        return
    label, data = found
    why = _password_evidence(ctx, node, data)
    if why is None:
        return
    ctx.report(
        node,
        message=(
            f"{label} is a fast hash and {why}: a GPU tries billions of guesses a second against a leaked hash. "
            "Use a password hash: argon2, bcrypt, scrypt or hashlib.pbkdf2_hmac with a high iteration count."
        ),
    )


def _weak_kdf_cost(node: ast.Call, ctx: CheckContext) -> bool:
    """pbkdf2 with fewer than 10,000 iterations, bcrypt with fewer than 10 rounds (CWE-916 too)."""
    name = _call_name(ctx, node)
    if name == "hashlib.pbkdf2_hmac":
        iterations = ctx.argument(node, 3, "iterations")
    elif name.endswith("kdf.pbkdf2.PBKDF2HMAC") and name.startswith("cryptography."):
        iterations = ctx.argument(node, 3, "iterations")
    elif name in ("passlib.hash.pbkdf2_sha256.using", "passlib.hash.pbkdf2_sha512.using"):
        iterations = ctx.argument(node, None, "rounds")
    elif name == "bcrypt.gensalt":
        rounds = ctx.argument(node, 0, "rounds")
        value = ctx.constant(rounds)
        if isinstance(value, int) and not isinstance(value, bool) and value < 10 and not ctx.is_test_module:
            ctx.report(rounds, message=f"bcrypt with {value} rounds is too cheap to slow down guessing: use the default (12) or more.")
            return True
        return False
    else:
        return False
    value = ctx.constant(iterations)
    if isinstance(value, int) and not isinstance(value, bool) and value < 10_000 and not ctx.is_test_module:
        ctx.report(
            iterations,
            message=(
                f"PBKDF2 with {value:,} iterations is too fast to slow down password guessing: OWASP recommends "
                "600,000 for PBKDF2-HMAC-SHA256 (or use argon2/scrypt)."
            ),
        )
        return True
    return False


# ============================================================================
# PY-CRYPTO-WEAK-CIPHER, PY-CRYPTO-ECB, PY-CRYPTO-STATIC-IV
# ============================================================================

_PYCRYPTO_WEAK = {"DES": "DES", "DES3": "Triple DES", "ARC2": "RC2", "ARC4": "RC4", "Blowfish": "Blowfish", "XOR": "XOR", "CAST": "CAST-128"}
_CRYPTOGRAPHY_WEAK = {"TripleDES": "Triple DES", "ARC4": "RC4", "Blowfish": "Blowfish", "IDEA": "IDEA", "CAST5": "CAST5", "SEED": "SEED", "RC2": "RC2"}
_PYCRYPTO_BLOCK = {"AES", "DES", "DES3", "ARC2", "Blowfish", "CAST"}


def _pycrypto_cipher(name: str) -> str | None:
    """'AES' for Crypto.Cipher.AES.new (pycryptodome / pycryptodomex / pycrypto)."""
    if name.startswith("Crypto.Cipher.") and name.endswith(".new"):
        return name[len("Crypto.Cipher."):-len(".new")]
    return None


def _cryptography_algorithm(name: str) -> str | None:
    for prefix in ("cryptography.hazmat.primitives.ciphers.algorithms.", "cryptography.hazmat.decrepit.ciphers.algorithms."):
        if name.startswith(prefix):
            return name[len(prefix):]
    return None


@check("PY-CRYPTO-WEAK-CIPHER", ast.Call)
def weak_cipher(node: ast.Call, ctx: CheckContext) -> None:
    name = _call_name(ctx, node)
    if not name:
        return
    cipher = _pycrypto_cipher(name)
    if cipher in _PYCRYPTO_WEAK:
        ctx.report(node.func, message=f"{_PYCRYPTO_WEAK[cipher]} is a broken or obsolete cipher: encrypt with AES-GCM or ChaCha20-Poly1305.")
        return
    algorithm = _cryptography_algorithm(name)
    if algorithm in _CRYPTOGRAPHY_WEAK:
        ctx.report(node, message=f"{_CRYPTOGRAPHY_WEAK[algorithm]} is a broken or obsolete cipher: use AESGCM or ChaCha20Poly1305 (cryptography.hazmat.primitives.ciphers.aead).")
        return
    if name in ("pyDes.des", "pyDes.triple_des"):
        label = "DES" if name == "pyDes.des" else "Triple DES"
        ctx.report(node.func, message=f"{label} (pyDes) is a broken or obsolete cipher: use AES-GCM from the cryptography package.")


def _pycrypto_mode(ctx: CheckContext, call: ast.Call) -> tuple[ast.expr | None, str | None]:
    """The mode argument of Crypto.Cipher.X.new and its name (MODE_ECB ...), resolving names."""
    mode = ctx.argument(call, 1, "mode")
    if mode is None:
        return None, None
    resolved = _resolve(ctx, mode)
    qual = _norm(ctx.qualname(resolved)) if resolved is not None else ""
    if qual.startswith("Crypto.Cipher.") and ".MODE_" in qual:
        return mode, qual.rsplit(".", 1)[-1]
    value = ctx.constant(resolved)
    modes = {1: "MODE_ECB", 2: "MODE_CBC", 3: "MODE_CFB", 5: "MODE_OFB", 6: "MODE_CTR", 7: "MODE_OPENPGP", 8: "MODE_CCM", 9: "MODE_EAX", 10: "MODE_SIV", 11: "MODE_GCM", 12: "MODE_OCB"}
    if isinstance(value, int) and not isinstance(value, bool):
        return mode, modes.get(value)
    return mode, None


@check("PY-CRYPTO-ECB", ast.Call)
def ecb_mode(node: ast.Call, ctx: CheckContext) -> None:
    name = _call_name(ctx, node)
    if not name:
        return
    if name == "cryptography.hazmat.primitives.ciphers.modes.ECB":
        ctx.report(node)
        return
    cipher = _pycrypto_cipher(name)
    if cipher not in _PYCRYPTO_BLOCK:
        return
    mode, mode_name = _pycrypto_mode(ctx, node)
    if mode is not None:
        if mode_name == "MODE_ECB":
            ctx.report(mode)
        return
    # No mode at all: pycrypto defaulted to ECB (pycryptodome refuses the call).
    if len(node.args) == 1 and not node.keywords and not isinstance(node.args[0], ast.Starred):
        ctx.report(node, message=f"{cipher}.new(key) without a mode is ECB in pycrypto (and an error in pycryptodome): use {cipher}.new(key, {cipher}.MODE_GCM).")


_STATIC_BYTES_CALLS = {"bytes", "bytearray"}


def _static_value(ctx: CheckContext, expr: ast.AST | None, depth: int = 0) -> bool:
    """A byte/str value fixed in the code: b"0000...", bytes(16), b"\\0" * 16, "abc".encode(), bytes.fromhex("00ff")."""
    if expr is None or depth > 5:
        return False
    value = ctx.constant(expr)
    if value is not ctx.UNKNOWN:
        return isinstance(value, (bytes, str)) and len(value) > 0
    if isinstance(expr, ast.Name):
        return _static_value(ctx, _binding(ctx, expr), depth + 1)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult):
        return (_static_value(ctx, expr.left, depth + 1) and isinstance(ctx.constant(expr.right), int)) or (
            _static_value(ctx, expr.right, depth + 1) and isinstance(ctx.constant(expr.left), int)
        )
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return _static_value(ctx, expr.left, depth + 1) and _static_value(ctx, expr.right, depth + 1)
    if isinstance(expr, ast.Call):
        func = expr.func
        name = ctx.qualname(func) or ""
        if name in _STATIC_BYTES_CALLS:
            if len(expr.args) == 1 and not expr.keywords:
                arg = ctx.constant(expr.args[0])
                if isinstance(arg, int) and not isinstance(arg, bool):
                    return True
                return isinstance(arg, (list, tuple, bytes)) or _static_value(ctx, expr.args[0], depth + 1)
            if len(expr.args) >= 1 and isinstance(ctx.constant(expr.args[0]), str):
                return True
            return False
        if name in ("bytes.fromhex", "binascii.unhexlify", "binascii.a2b_hex", "base64.b64decode", "base64.b16decode", "codecs.decode"):
            return bool(expr.args) and _static_value(ctx, expr.args[0], depth + 1)
        if isinstance(func, ast.Attribute) and func.attr in ("encode", "ljust", "rjust", "zfill"):
            return _static_value(ctx, func.value, depth + 1) and all(ctx.is_constant(a) for a in expr.args)
    if isinstance(expr, ast.Subscript):
        return _static_value(ctx, expr.value, depth + 1) and ctx.is_constant(expr.slice)
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
        values = _instance_attribute_values(ctx, expr)
        return bool(values) and all(_static_value(ctx, v, depth + 1) for v in values)
    return False


def _instance_attribute_values(ctx: CheckContext, attribute: ast.Attribute) -> list[ast.expr]:
    """Values assigned to ``self.<attr>`` (or the class attribute) in the enclosing class."""
    function = _function_of(ctx, attribute)
    cls = _class_of(ctx, function)
    if cls is None:
        return []
    values: list[ast.expr] = []
    for node in _walk(cls, 5000):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == attribute.attr and isinstance(target.value, ast.Name) and target.value.id in ("self", "cls"):
                    values.append(node.value)
                elif isinstance(target, ast.Name) and target.id == attribute.attr and ctx.parent(node) is cls:
                    values.append(node.value)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Attribute) and node.target.attr == attribute.attr:
            return []
    return values


def _same_as_key(ctx: CheckContext, iv: ast.AST, key: ast.AST | None) -> bool:
    """The IV is the key itself, a slice of it or a hash of it: ``AES.new(key, AES.MODE_CBC, key[:16])``."""
    if key is None or not isinstance(key, (ast.Name, ast.Attribute)):
        return False
    key_text = ctx.text(key)
    candidate = _resolve(ctx, iv) if isinstance(iv, ast.Name) else iv
    if candidate is None or not hasattr(candidate, "lineno"):
        return False
    if isinstance(iv, ast.Name) and candidate is not iv and ctx.text(iv) == key_text:
        return True
    names = [n for n in _walk(candidate, 60) if isinstance(n, (ast.Name, ast.Attribute)) and not isinstance(ctx.parent(n), ast.Attribute)]
    operands = [n for n in names if not isinstance(ctx.parent(n), ast.Call) or ctx.parent(n).func is not n]
    return bool(operands) and all(ctx.text(n) == key_text for n in operands)


_IV_MODES = {"CBC", "CFB", "CFB8", "OFB", "CTR", "GCM"}
_AEAD_CLASSES = {"AESGCM", "ChaCha20Poly1305", "AESCCM", "AESOCB3"}


def _report_static_iv(ctx: CheckContext, iv: ast.expr, what: str, key: ast.AST | None = None) -> bool:
    if _static_value(ctx, iv):
        ctx.report(iv, message=f"The {what} is a constant: every message is encrypted with the same one. Generate a fresh random {what} per message (os.urandom) and send it with the ciphertext.")
        return True
    if _same_as_key(ctx, iv, key):
        ctx.report(iv, message=f"The key is reused as the {what}: it is predictable and leaks key material. Generate a fresh random {what} per message (os.urandom).")
        return True
    return False


@check("PY-CRYPTO-STATIC-IV", ast.Call)
def static_iv(node: ast.Call, ctx: CheckContext) -> None:
    name = _call_name(ctx, node)
    if not name:
        return
    if name.startswith("cryptography.hazmat.primitives.ciphers.modes."):
        mode = name.rsplit(".", 1)[-1]
        if mode in _IV_MODES:
            iv = ctx.argument(node, 0, "nonce" if mode == "CTR" else "initialization_vector")
            if iv is not None:
                what = "nonce" if mode == "CTR" else "IV"
                if mode == "GCM" and ctx.argument(node, 1, "tag") is not None:
                    return  # decryption: the IV comes with the message
                key = None
                outer = ctx.parent(node)
                if isinstance(outer, ast.keyword):
                    outer = ctx.parent(outer)
                if isinstance(outer, ast.Call) and _call_name(ctx, outer).endswith("ciphers.Cipher"):
                    algorithm = ctx.argument(outer, 0, "algorithm")
                    if isinstance(algorithm, ast.Call):
                        key = ctx.argument(algorithm, 0, "key")
                _report_static_iv(ctx, iv, what, key)
        return
    cipher = _pycrypto_cipher(name)
    if cipher is not None:
        key = ctx.argument(node, 0, "key")
        if cipher in ("ChaCha20", "Salsa20", "ChaCha20_Poly1305", "XChaCha20_Poly1305"):
            nonce = ctx.argument(node, 1 if cipher == "Salsa20" else None, "nonce")
            if nonce is not None:
                _report_static_iv(ctx, nonce, "nonce", key)
            return
        mode, mode_name = _pycrypto_mode(ctx, node)
        if mode_name in ("MODE_ECB", "MODE_SIV"):
            return
        for keyword in ("iv", "IV", "nonce"):
            value = ctx.argument(node, None, keyword)
            if value is not None:
                _report_static_iv(ctx, value, "nonce" if keyword == "nonce" else "IV", key)
                return
        if mode is not None and mode_name != "MODE_CTR":
            positional = ctx.argument(node, 2)
            if positional is not None:
                what = "IV" if mode_name in ("MODE_CBC", "MODE_CFB", "MODE_OFB", "MODE_OPENPGP", None) else "nonce"
                _report_static_iv(ctx, positional, what, key)
        return
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "encrypt":
        receiver = _resolve(ctx, func.value)
        if isinstance(receiver, ast.Call):
            cls = _call_name(ctx, receiver)
            if cls.startswith("cryptography.hazmat.primitives.ciphers.aead.") and cls.rsplit(".", 1)[-1] in _AEAD_CLASSES:
                nonce = ctx.argument(node, 0, "nonce")
                if nonce is not None:
                    _report_static_iv(ctx, nonce, "nonce")


# ============================================================================
# PY-CRYPTO-WEAK-KEY
# ============================================================================

_WEAK_CURVES = {"SECP192R1": 192, "SECT163K1": 163, "SECT163R2": 163, "SECP160R1": 160, "SECT193R1": 193}
_WEAK_ECC_NAMES = {"p192", "p-192", "nist p-192", "prime192v1", "secp192r1"}


def _int_value(ctx: CheckContext, expr: ast.AST | None) -> int | None:
    value = ctx.constant(expr)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


@check("PY-CRYPTO-WEAK-KEY", ast.Call)
def weak_key(node: ast.Call, ctx: CheckContext) -> None:
    name = _call_name(ctx, node)
    if not name:
        return
    size_arg, kind = None, None
    if name in ("cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key",):
        size_arg, kind = ctx.argument(node, 1, "key_size"), "RSA"
    elif name == "cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key":
        size_arg, kind = ctx.argument(node, 0, "key_size"), "DSA"
    elif name in ("cryptography.hazmat.primitives.asymmetric.ec.generate_private_key", "cryptography.hazmat.primitives.asymmetric.ec.derive_private_key"):
        curve = ctx.argument(node, 0 if name.endswith("generate_private_key") else 1, "curve")
        target = curve.func if isinstance(curve, ast.Call) else curve
        curve_name = (_norm(ctx.qualname(target)) or "").rsplit(".", 1)[-1] if target is not None else ""
        if curve_name in _WEAK_CURVES:
            ctx.report(curve, message=f"{curve_name} is a {_WEAK_CURVES[curve_name]}-bit curve: use SECP256R1 (P-256) or stronger, or Ed25519.")
        return
    elif name == "rsa.newkeys":
        size_arg, kind = ctx.argument(node, 0, "nbits"), "RSA"
    elif name in ("Crypto.PublicKey.RSA.generate", "Crypto.PublicKey.DSA.generate"):
        size_arg, kind = ctx.argument(node, 0, "bits"), name.split(".")[2]
    elif name == "Crypto.PublicKey.ECC.generate":
        curve = ctx.argument(node, None, "curve")
        value = ctx.constant(curve)
        if isinstance(value, str) and value.lower() in _WEAK_ECC_NAMES:
            ctx.report(curve, message=f"{value} is a 192-bit curve: use P-256 or stronger, or Ed25519.")
        return
    elif name in ("paramiko.RSAKey.generate", "paramiko.rsakey.RSAKey.generate"):
        size_arg, kind = ctx.argument(node, 0, "bits"), "RSA"
    elif name in ("paramiko.DSSKey.generate", "paramiko.dsskey.DSSKey.generate"):
        size_arg, kind = ctx.argument(node, 0, "bits"), "DSA"
        if size_arg is None and not ctx.has_kwargs_splat(node) and not any(isinstance(a, ast.Starred) for a in node.args):
            ctx.report(node, message="paramiko DSSKey.generate makes a 1024-bit DSA key, which is breakable and disabled by OpenSSH: generate an Ed25519 or 3072-bit RSA key.")
            return
    elif isinstance(node.func, ast.Attribute) and node.func.attr == "generate_key" and len(node.args) >= 2:
        key_type = _norm(ctx.qualname(node.args[0]))
        if key_type in ("OpenSSL.crypto.TYPE_RSA", "OpenSSL.crypto.TYPE_DSA"):
            size_arg, kind = node.args[1], key_type.rsplit("_", 1)[-1]
    if size_arg is None or kind is None:
        return
    bits = _int_value(ctx, size_arg)
    if bits is not None and 0 < bits < 2048:
        ctx.report(size_arg, message=f"A {bits}-bit {kind} key can be factored or broken with today's resources: use at least 2048 bits (3072 for keys that must last past 2030).")


# ============================================================================
# PY-RANDOM-INSECURE
# ============================================================================

_RANDOM_FUNCS = {
    "random", "randint", "randrange", "choice", "choices", "sample", "getrandbits", "randbytes", "uniform",
    "shuffle", "triangular",
}
_NUMPY_FUNCS = {"rand", "randint", "random", "random_sample", "choice", "bytes", "permutation", "shuffle", "integers", "ranf", "sample"}
_RNG_FACTORIES = {"random.Random", "numpy.random.default_rng", "numpy.random.RandomState", "numpy.random.Generator"}
_GENERATOR_VERBS = {"generate", "gen", "make", "create", "new", "random", "rand", "issue", "mint", "build", "produce", "generator", "maker", "initial", "temp", "temporary", "one", "time", "send", "reset", "rotate", "regenerate"}
_PURE_VERBS = {"generate", "gen", "make", "create", "new", "random", "rand", "issue", "mint", "build", "produce", "generator", "maker", "rotate", "regenerate", "send"}
_BENIGN_TARGETS = {
    "delay", "jitter", "sleep", "backoff", "wait", "timeout", "interval", "retry", "latency", "duration",
    "pause", "color", "colour", "noise", "weight", "prob", "probability", "chance", "angle", "speed",
    "dx", "dy", "velocity", "sample", "shuffled", "port",
}
_NLP_MODULES = ("torch", "transformers", "nltk", "spacy", "tokenizers", "tiktoken", "sentencepiece", "gensim", "tensorflow", "keras", "jax")
_NLP_ARGS = {"vocab", "vocabulary", "logits", "probs", "probabilities", "corpus", "words", "weights", "tokenizer"}


def _random_call(ctx: CheckContext, node: ast.Call) -> tuple[str, str | None] | None:
    """('random'|'numpy'|'instance', method) when the call draws from a non-cryptographic PRNG."""
    name = ctx.call_name(node)
    if not name:
        return None
    head, _, method = name.rpartition(".")
    if head == "random" and method in _RANDOM_FUNCS:
        return "random", method
    if not head and method in _RANDOM_FUNCS and isinstance(node.func, ast.Name) and _star_imported(ctx, "random"):
        if node.func.id not in ctx.info.module_scope.bindings:
            return "random", method
    if head == "numpy.random" and method in _NUMPY_FUNCS:
        return "numpy", method
    if method in _RANDOM_FUNCS | _NUMPY_FUNCS and isinstance(node.func, ast.Attribute):
        receiver = node.func.value
        factory = None
        if isinstance(receiver, ast.Call):
            factory = ctx.call_name(receiver)
        else:
            bound = _binding(ctx, receiver)
            if isinstance(bound, ast.Call):
                factory = ctx.call_name(bound)
        if factory in _RNG_FACTORIES:
            return "instance", method
    return None


def _star_imported(ctx: CheckContext, module: str) -> bool:
    return module in ctx.memo(_star_imports, ctx.info.tree)


def _star_imports(ctx: CheckContext, tree: ast.Module) -> set[str | None]:
    return {n.module for n in tree.body if isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names)}


def _security_name(names: list[str], ignore_bare_token: bool) -> str | None:
    for name in names:
        concept = _concept(name)
        if concept is None:
            continue
        if concept[1] in ("mac", "sig"):
            continue
        if ignore_bare_token and concept[1] == "token":
            continue
        return name
    return None


def _benign(names: list[str]) -> bool:
    return any(set(_words(n)) & (_BENIGN_TARGETS | _META) for n in names)


_NOT_SECRET_FUNCTIONS = {
    "boundary", "multipart", "mime", "color", "colour", "jitter", "backoff", "delay", "sleep", "shuffle",
    "sample", "sampling", "simulate", "simulation", "fake", "faker", "mock", "dummy", "demo", "game", "dice",
    "test", "tests", "benchmark", "fixture", "noise", "augment", "augmentation", "split", "shard",
    "partition", "balance", "retry", "port", "filename", "tempfile", "tmpfile", "example", "seed",
}


def _vetoed(function: ast.AST | None) -> bool:
    """A function whose name says its random values are not secrets (make_boundary, fake_user ...)."""
    return isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and bool(set(_words(function.name)) & _NOT_SECRET_FUNCTIONS)


def _function_purpose(function: ast.AST | None, ctx: CheckContext, ignore_bare_token: bool) -> str | None:
    """A function whose name says it produces a secret: generate_token, make_password, TokenGenerator.new."""
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    words = set(_words(function.name))
    cls = _class_of(ctx, function)
    params = [a.arg for a in [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs] if a.arg not in ("self", "cls")]
    producer = not params or all(p in ("n", "length", "size", "k", "digits", "nbytes", "num_digits", "chars") for p in params)
    if words & _GENERATOR_VERBS or function.name.startswith("_") and len(words) <= 3 or producer and cls is None and 1 < len(words) <= 3:
        # generate_token(), _token(), and a producer named by its noun alone: pairing_pin(), reset_code(length)
        nouns = frozenset(words - _PURE_VERBS)
        concept = _concept_of(nouns) if nouns else None
        if concept is None and cls is not None:
            concept = _concept_of(frozenset(set(_words(cls.name)) - _PURE_VERBS))
        if concept is not None and concept[1] not in ("mac", "sig") and not (ignore_bare_token and concept[1] == "token"):
            return function.name if cls is None else f"{cls.name}.{function.name}"
    return None


def _random_purpose(ctx: CheckContext, node: ast.Call, ignore_bare_token: bool, depth: int = 0) -> str | None:
    """The name that says this random value is a secret, or None."""
    use = _use_of(ctx, node)
    if use.boolean:
        return None
    function = _function_of(ctx, node)
    if _vetoed(function):
        return None
    direct = use.names + use.callees
    hit = _security_name(direct, ignore_bare_token)
    if hit:
        return hit
    hit = _session_or_state(ctx, node, use)
    if hit:
        return hit
    if depth == 0:
        root = _scope_root(ctx, node)
        for local in use.local_targets:
            for load in _name_loads(ctx, root).get(local, ()):
                if load.lineno < node.lineno:
                    continue
                purpose = _random_purpose(ctx, load, ignore_bare_token, depth + 1)
                if purpose:
                    return purpose
    if _benign(use.names):
        return None
    if use.returned:
        purpose = _function_purpose(function, ctx, ignore_bare_token)
        if purpose:
            return purpose
        if depth == 0 and function is not None:
            return _callers_purpose(ctx, function, ignore_bare_token)
        return None
    purpose = _function_purpose(function, ctx, ignore_bare_token)
    if purpose and (not use.names or use.local_targets):
        return purpose  # result.append(...), or a local the function builds its secret from
    return None


def _callers_purpose(ctx: CheckContext, function: ast.FunctionDef | ast.AsyncFunctionDef, ignore_bare_token: bool) -> str | None:
    """A helper like ``_random_string(n)`` whose result the module stores as a token."""
    method = _class_of(ctx, function) is not None
    if function.name in ctx.info.aliases or len(function.name) < 4:
        return None
    for call in _calls_in(ctx, ctx.info.tree):
        func = call.func
        if method:
            if not (isinstance(func, ast.Attribute) and func.attr == function.name and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls")):
                continue
        elif not (isinstance(func, ast.Name) and func.id == function.name):
            continue
        use = _use_of(ctx, call)
        if use.boolean:
            continue
        hit = _security_name(use.names + use.callees, ignore_bare_token)
        if hit:
            return hit
        if use.returned:
            purpose = _function_purpose(_function_of(ctx, call), ctx, ignore_bare_token)
            if purpose:
                return purpose
    return None


_STATE_QUALIFIERS = {"oauth", "oauth2", "oidc", "openid", "sso", "auth", "login", "csrf", "xsrf", "authorize", "authorization", "saml", "callback", "relay"}
_OAUTH_PARAMS = {"client_id", "redirect_uri", "response_type", "scope", "code_challenge", "authorize_url", "authorization_url"}
_SESSION_BENIGN = _BENIGN_TARGETS | (_META - {"state"}) | {
    "theme", "lang", "language", "locale", "cart", "basket", "variant", "bucket", "cohort", "experiment", "group",
    "greeting", "tip", "quote", "avatar", "banner", "page", "seed", "score", "visits", "count", "views",
}


def _session_target(ctx: CheckContext, target: ast.AST) -> str | None:
    """`session["k"]`, `request.session["k"]`, `response.cookies["k"]`: the key, if the target is one."""
    if not isinstance(target, ast.Subscript):
        return None
    base = target.value
    name = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else ""
    if name.lower() not in ("session", "cookies", "cookie", "flask_session"):
        return None
    key = ctx.constant(target.slice)
    return key if isinstance(key, str) else "session value"


def _session_or_state(ctx: CheckContext, node: ast.AST, use: _Use) -> str | None:
    """A random value kept in the session or a cookie, or used as an OAuth `state`: the server checks it later."""
    keys: list[str] = []
    stmt = use.stmt
    if isinstance(stmt, ast.Assign) and _within(node, stmt.value):
        keys.extend(k for k in (_session_target(ctx, t) for t in stmt.targets) if k)
    for call in use.in_calls:
        if isinstance(call.func, ast.Attribute) and call.func.attr in ("set_cookie", "set_signed_cookie"):
            key = ctx.constant(ctx.argument(call, 0, "key"))
            value = ctx.argument(call, 1, "value")
            if value is not None and _within(node, value):
                keys.append(key if isinstance(key, str) else "cookie")
    for key in keys:
        words = set(_words(key))
        if not words & _SESSION_BENIGN:
            return key if " " not in key else "a session value"
    for name in use.names:
        words = set(_words(name))
        if "state" in words and words & _STATE_QUALIFIERS:
            return name
        if name == "state" and _beside_oauth_params(ctx, node):
            return name
    return None


def _within(node: ast.AST, root: ast.AST) -> bool:
    return any(n is node for n in _walk(root, 400))


def _beside_oauth_params(ctx: CheckContext, node: ast.AST) -> bool:
    """`{"client_id": ..., "state": <random>}` / `authorize_url(..., state=<random>)`: an OAuth request."""
    for anc in ctx.ancestors(node):
        if isinstance(anc, ast.stmt):
            return False
        if isinstance(anc, ast.Dict):
            keys = {ctx.constant(k) for k in anc.keys if k is not None}
            return bool(keys & _OAUTH_PARAMS)
        if isinstance(anc, ast.Call):
            kws = {k.arg for k in anc.keywords if k.arg}
            if kws & _OAUTH_PARAMS or set(_words(ctx.method_name(anc) or "")) & {"authorize", "authorization", "oauth"}:
                return True
    return False


# Names a random string gets that say it is not a secret: a file, a label, test data.
_RANDOM_STRING_BENIGN = {
    "file", "filename", "fname", "name", "names", "path", "dir", "folder", "tmp", "temp", "tempdir", "tmpdir",
    "suffix", "prefix", "label", "title", "tag", "tags", "nickname", "username", "table", "schema", "db",
    "database", "bucket", "queue", "topic", "container", "host", "hostname", "id", "uid", "color", "colour",
    "sample", "samples", "test", "tests", "fake", "dummy", "mock", "example", "demo", "text", "word", "words",
    "sentence", "lorem", "noise", "data", "payload", "content", "body",
    "column", "col", "field", "key_name", "boundary", "request", "trace", "correlation", "span", "run",
    "job", "task", "nonce_test", "room", "channel", "instance", "node", "pod", "branch", "image",
}


_LINK_SECRET_WORDS = {
    "reset", "token", "invite", "invitation", "verify", "verification", "confirm", "activate", "activation",
    "magic", "login", "auth", "secret", "key", "password", "share", "unsubscribe", "otp", "code", "sk", "pk",
}


def _range_length(ctx: CheckContext, expr: ast.AST | None) -> int | None:
    """The length a `range(n)` / `k=n` gives, through a name bound once or a parameter default."""
    if expr is None:
        return None
    value = ctx.constant(expr)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(expr, ast.Name):
        function = _function_of(ctx, expr)
        found = ctx.info.lookup(expr)
        if function is not None and found is not None and expr.id in found[0].params and len(found[1]) <= 1:
            args = function.args
            positional = [*args.posonlyargs, *args.args]
            defaults = dict(zip([a.arg for a in positional[len(positional) - len(args.defaults):]], args.defaults))
            defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
            default = ctx.constant(defaults.get(expr.id)) if expr.id in defaults else None
            if isinstance(default, int) and not isinstance(default, bool):
                return default
    return None


def _random_string(ctx: CheckContext, node: ast.Call, method: str, population: ast.AST | None) -> ast.Call | None:
    """`"".join(random.choice(ALPHABET) for _ in range(20))` / `"".join(random.choices(ALPHABET, k=16))`:
    the join call, when at least 8 characters are drawn from an alphabet."""
    if method not in ("choice", "choices", "sample") or not _alphabet_like(ctx, population):
        return None
    parent = ctx.parent(node)
    length: int | None = None
    if method == "choice" and isinstance(parent, (ast.GeneratorExp, ast.ListComp)) and parent.elt is node:
        if len(parent.generators) == 1:
            it = parent.generators[0].iter
            if isinstance(it, ast.Call) and ctx.qualname(it.func) == "range" and len(it.args) == 1:
                length = _range_length(ctx, it.args[0])
        join = ctx.parent(parent)
    else:
        size = ctx.argument(node, None, "k") if method == "choices" else ctx.argument(node, 1, "k")
        length = _range_length(ctx, size)
        join = parent
    if length is None or length < 8:
        return None
    if not (isinstance(join, ast.Call) and isinstance(join.func, ast.Attribute) and join.func.attr == "join"
            and isinstance(ctx.constant(join.func.value), str)):
        return None
    return join


def _random_string_purpose(ctx: CheckContext, node: ast.Call, method: str, population: ast.AST | None) -> str | None:
    """A random string spelt from an alphabet is a token, password or code unless its name says otherwise."""
    join = _random_string(ctx, node, method, population)
    if join is None:
        return None
    use = _use_of(ctx, join)
    if use.boolean:
        return None
    function = _function_of(ctx, join)
    if _vetoed(function):
        return None
    names = use.names + use.callees
    if function is not None and (use.returned or not names):
        names = names + [function.name]
    for name in names:
        words = set(_words(name))
        if words & _RANDOM_STRING_BENIGN and _concept(name) is None:
            return None
    outer: ast.AST = join
    while isinstance(ctx.parent(outer), (ast.BinOp, ast.JoinedStr, ast.FormattedValue)):
        outer = ctx.parent(outer)  # "tmp_" + rand, f"test-{rand}.csv": the literal text names it
    literals = [p.value for p in _walk(outer, 60) if isinstance(p, ast.Constant) and isinstance(p.value, str)]
    literal_words = set(_words(" ".join(literals)))
    if not literal_words & _LINK_SECRET_WORDS:
        if literal_words & _RANDOM_STRING_BENIGN or any(re.search(r"[/\\]|\.\w{1,5}$", text) for text in literals):
            return None  # "tmp_" + rand, f"{base}/bindings/{rand}", rand + ".csv": a name or a path
    for call in use.in_calls:  # os.path.join(tmp, rand), f.write(rand), print(rand)
        callee = ctx.qualname(call.func) or ""
        if callee.startswith(("os.path.", "pathlib.", "tempfile.", "print")) or callee.rsplit(".", 1)[-1] in ("mkdir", "makedirs", "open", "write"):
            return None
    target = next((n for n in use.names if n), None)
    return target or "a random string (a token or password generator)"


_ALPHABET_WORDS = {"chars", "char", "charset", "characters", "alphabet", "letters", "digits", "symbols", "alnum", "printable", "punctuation", "hexdigits", "octdigits", "ascii", "lowercase", "uppercase", "pool", "allowed", "vowels", "consonants", "numbers", "wordlist", "words", "dictionary", "dict", "diceware"}


def _alphabet_like(ctx: CheckContext, population: ast.AST | None) -> bool:
    """The population is characters (or a word list) a secret is spelt from, not a set of items to pick."""
    if population is None:
        return False
    target = _resolve(ctx, population)
    if target is None:
        return False
    value = ctx.constant(target)
    if isinstance(value, str):
        return True
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) and len(v) == 1 for v in value):
        return True
    if isinstance(target, (ast.BinOp, ast.JoinedStr)):
        return True
    if isinstance(target, ast.Call) and ctx.call_name(target) in ("range", "list", "str"):
        return True
    for name in _primary_names(ctx, target) + [ctx.qualname(target) or ""]:
        if name.startswith("string.") or set(_words(name)) & _ALPHABET_WORDS:
            return True
    return False


def _picks_from_pool(ctx: CheckContext, population: ast.expr | None) -> bool:
    """random.choice(API_KEYS), random.choice(self.tokens): rotating among existing secrets."""
    if population is None:
        return False
    inner = population.args[0] if isinstance(population, ast.Call) and ctx.call_name(population) in ("list", "tuple", "sorted") and population.args else population
    for name in _primary_names(ctx, inner):
        if _concept(name) is not None and not set(_words(name)) & _ALPHABET_WORDS:
            return True
    return False


_SECRETS_REWRITE = {"choice": "choice", "getrandbits": "randbits", "randbytes": "token_bytes"}
_CLOCK_CALLS = ("time.time", "time.time_ns", "time.monotonic", "time.perf_counter", "datetime.datetime.now",
                "datetime.datetime.utcnow", "datetime.now", "datetime.utcnow", "datetime.datetime.today",
                "datetime.date.today", "os.getpid", "uuid.uuid1", "timezone.now", "django.utils.timezone.now")
_UNPREDICTABLE_CALLS = ("os.urandom", "secrets.", "uuid.uuid4", "Crypto.Random.", "random.SystemRandom")


def _clock_hash(ctx: CheckContext, node: ast.Call) -> bool:
    """hashlib.sha256(f"{user.id}{time.time()}") -- a "random" value built from the clock and known data."""
    found = _fast_hash(ctx, node)
    if found is None or found[1] is None:
        return False
    data = found[1]
    if not _contains_call(ctx, data, _CLOCK_CALLS) or _contains_call(ctx, data, _UNPREDICTABLE_CALLS):
        return False
    for name in _all_names(ctx, data):
        concept = _concept(name)
        if concept is not None or "key" in _words(name):
            return False  # a secret goes in: an (improvised) MAC, not a guessable value
    return True


_VERSION_WORDS = {"legacy", "old", "new", "compat", "deprecated", "fallback", "impl", "internal", "orig", "original"}
_CLOCK_TOKEN_NOUNS = {"token", "nonce", "secret", "otp", "passcode", "csrf", "xsrf", "sessionid"}


def _clock_hash_purpose(ctx: CheckContext, node: ast.Call) -> str | None:
    """A hash of the clock returned by a function whose name says token, key, nonce, code...
    (``payment_link_token_legacy``, ``reset_key``): hashing the time is only ever done to look random, so
    the verb that _function_purpose needs for random.* calls is not required here."""
    use = _use_of(ctx, _outer_digest(ctx, node))
    function = _function_of(ctx, node)
    if use.boolean or not use.returned or function is None or _vetoed(function):
        return None
    words = list(_words(function.name))
    while words and (words[-1] in _VERSION_WORDS or re.fullmatch(r"v\d+", words[-1])):
        words.pop()  # payment_link_token_legacy, make_token_v2
    if not words or set(words) & _META:
        return None
    if words[-1] not in _CLOCK_TOKEN_NOUNS:
        concept = _concept_of(frozenset(words))
        if concept is None or concept[1] in ("mac", "sig", "signature", "hmac", "digest"):
            return None
    cls = _class_of(ctx, function)
    return function.name if cls is None else f"{cls.name}.{function.name}"


def _outer_digest(ctx: CheckContext, node: ast.Call) -> ast.AST:
    """``sha1(...).hexdigest()[:12]``: the expression the hash call ends up as."""
    outer: ast.AST = node
    while True:
        parent = ctx.parent(outer)
        if isinstance(parent, ast.Attribute) and parent.value is outer:
            call = ctx.parent(parent)
            if isinstance(call, ast.Call) and call.func is parent:
                outer = call
                continue
        if isinstance(parent, ast.Subscript) and parent.value is outer and isinstance(parent.slice, ast.Slice):
            outer = parent
            continue
        return outer


def _predictable_token(node: ast.Call, ctx: CheckContext) -> None:
    """uuid.uuid1() or a hash of the clock used as a token (CWE-330)."""
    name = _call_name(ctx, node)
    if name == "uuid.uuid1":
        what = "uuid.uuid1() is made of the clock and the machine's MAC address"
    elif _clock_hash(ctx, node):
        what = "A hash of the time and other known data is guessable"
    else:
        return
    purpose = _random_purpose(ctx, node, False)
    if purpose is None and name != "uuid.uuid1":
        purpose = _clock_hash_purpose(ctx, node)
    if purpose is None:
        return
    fix = None
    if name == "uuid.uuid1" and not node.args and not node.keywords:
        module, import_edit = ctx.module_reference("uuid")
        fix = ctx.fix("Use uuid.uuid4() (random)", ctx.replace(node.func, f"{module}.uuid4"), import_edit)
    ctx.report(
        node,
        message=f"{what}, and it becomes `{purpose}`: an attacker can predict it. Use secrets.token_urlsafe().",
        fix=fix,
    )


@check("PY-RANDOM-INSECURE", ast.Call)
def insecure_random(node: ast.Call, ctx: CheckContext) -> None:
    if ctx.is_test_module:
        return
    found = _random_call(ctx, node)
    if found is None:
        _predictable_token(node, ctx)
        return
    kind, method = found
    population = ctx.argument(node, 0, "population") or ctx.argument(node, 0, "seq") or ctx.argument(node, 0, "a")
    picks = method in ("choice", "choices", "sample", "permutation")
    if picks and _picks_from_pool(ctx, population):
        return
    # A bare `token` is weak evidence for NLP code (sampling the next token) and for an item
    # picked from a collection rather than spelt from an alphabet.
    ignore_bare_token = (
        any(ctx.imports(m) for m in _NLP_MODULES)
        or any(k.arg in ("weights", "p") for k in node.keywords)
        or any(set(_words(n)) & _NLP_ARGS for a in [*node.args, *(k.value for k in node.keywords)] for n in _primary_names(ctx, a))
        or picks and not _alphabet_like(ctx, population)
    )
    purpose = _random_purpose(ctx, node, ignore_bare_token)
    if purpose is None:
        purpose = _random_string_purpose(ctx, node, method, population)
    if purpose is None:
        return
    what = {"random": f"random.{method}", "numpy": f"numpy.random.{method}", "instance": f"{method} on a random.Random/numpy generator"}[kind]
    message = (
        f"{what} is a predictable PRNG (Mersenne Twister) and its output becomes `{purpose}`: an attacker who sees "
        "a few outputs can predict the rest. Use the secrets module."
    )
    fix = None
    if kind == "random" and not any(isinstance(a, ast.Starred) for a in node.args) and not ctx.has_kwargs_splat(node):
        module, import_edit = ctx.module_reference("secrets")
        if method in _SECRETS_REWRITE and len(node.args) == 1 and not node.keywords:
            new_func, title = f"{module}.{_SECRETS_REWRITE[method]}", f"Use secrets.{_SECRETS_REWRITE[method]}"
        elif method == "randrange" and len(node.args) == 1 and not node.keywords:
            new_func, title = f"{module}.randbelow", "Use secrets.randbelow"
        else:
            new_func, title = f"{module}.SystemRandom().{method}", f"Use secrets.SystemRandom().{method}"
        fix = ctx.fix(title, ctx.replace(node.func, new_func), import_edit)
    ctx.report(node, message=message, fix=fix)


# ============================================================================
# PY-TLS-NO-VERIFY
# ============================================================================

_HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream", "Client", "AsyncClient", "Session", "ws_connect", "urlopen", "client", "resource", "fetch"}
_VERIFY_ROOTS = ("requests", "httpx", "boto3", "botocore", "hvac", "aiohttp", "urllib3", "niquests", "pip._vendor.requests")
_NO_VERIFY_KEYWORDS = {
    "verify_ssl", "verify_certs", "ssl_verify", "validate_certs", "verify_cert", "tls_verify", "ssl_check_hostname",
    "verify_certificate", "check_certificate", "sslverify", "validate_cert", "ssl_verify_cert", "ssl_verify_identity",
    "ssl_match_hostname", "assert_hostname",
}
_INSECURE_TRUE_KEYWORDS = {
    "tlsAllowInvalidCertificates", "tlsAllowInvalidHostnames", "tlsInsecure", "ssl_insecure", "tls_insecure",
    "insecure_skip_verify", "allow_insecure_ssl", "disable_ssl_certificate_validation", "disableSslCertValidation",
}
# python-ldap: OPT_X_TLS_REQUIRE_CERT set to NEVER (0) or ALLOW (3) accepts a missing or bad certificate.
_LDAP_NO_VERIFY = {"ldap.OPT_X_TLS_NEVER": "OPT_X_TLS_NEVER", "ldap.OPT_X_TLS_ALLOW": "OPT_X_TLS_ALLOW"}
_LDAP_NO_VERIFY_INTS = {0: "0 (OPT_X_TLS_NEVER)", 3: "3 (OPT_X_TLS_ALLOW)"}
# MongoDB URI options that turn certificate checks off.
_URI_NO_VERIFY = re.compile(r"[?&](tlsAllowInvalidCertificates|tlsAllowInvalidHostnames|tlsInsecure|ssl_cert_reqs)=(true|CERT_NONE)\b", re.IGNORECASE)


def _ldap_no_verify(ctx: CheckContext, node: ast.Call) -> str | None:
    """`ldap.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_NEVER)` (or on a connection): the value's name."""
    if not (isinstance(node.func, ast.Attribute) and node.func.attr == "set_option") or len(node.args) != 2:
        return None
    option = _norm(ctx.qualname(node.args[0]) or "")
    if not (option == "ldap.OPT_X_TLS_REQUIRE_CERT" or option.endswith(".OPT_X_TLS_REQUIRE_CERT") and ctx.imports("ldap")):
        return None
    value = _resolve(ctx, node.args[1])
    qual = _norm(ctx.qualname(value) or "") if value is not None else ""
    for name, label in _LDAP_NO_VERIFY.items():
        if qual == name or qual.endswith("." + label):
            return label
    constant = ctx.constant(value)
    if isinstance(constant, int) and not isinstance(constant, bool):
        return _LDAP_NO_VERIFY_INTS.get(constant)
    return None


def _pycurl_no_verify(ctx: CheckContext, node: ast.Call) -> str | None:
    """`c.setopt(pycurl.SSL_VERIFYPEER, 0)` / `SSL_VERIFYHOST, 0`."""
    if not (isinstance(node.func, ast.Attribute) and node.func.attr == "setopt") or len(node.args) != 2:
        return None
    option = ctx.qualname(node.args[0]) or ""
    if option not in ("pycurl.SSL_VERIFYPEER", "pycurl.SSL_VERIFYHOST", "pycurl.PROXY_SSL_VERIFYPEER", "pycurl.PROXY_SSL_VERIFYHOST"):
        return None
    value = ctx.constant(node.args[1])
    if value is False or value == 0:
        return option.rsplit(".", 1)[-1]
    return None


def _is_cert_none(ctx: CheckContext, expr: ast.AST | None, allow_none: bool = False) -> bool:
    if expr is None:
        return False
    resolved = _resolve(ctx, expr)
    qual = _norm(ctx.qualname(resolved)) if resolved is not None else ""
    if qual in ("ssl.CERT_NONE", "ssl.VerifyMode.CERT_NONE", "OpenSSL.SSL.VERIFY_NONE"):
        return True
    value = ctx.constant(resolved)
    if isinstance(value, str) and value.upper() in ("CERT_NONE", "NONE"):
        return True
    return allow_none and isinstance(resolved, ast.Constant) and resolved.value is None


def _is_false_tls(ctx: CheckContext, expr: ast.AST | None) -> bool:
    """False, a constant bound to False, or a parameter that defaults to False (`def fetch(url, verify=False)`)."""
    if _is_false(ctx, expr):
        return True
    if not isinstance(expr, ast.Name):
        return False
    function = _function_of(ctx, expr)
    if function is None:
        return False
    found = ctx.info.lookup(expr)
    if found is None or len(found[1]) != 1 or expr.id not in found[0].params:
        return False  # reassigned in the body: we cannot tell
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    defaults = dict(zip([a.arg for a in positional[len(positional) - len(args.defaults):]], args.defaults))
    defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
    return expr.id in defaults and _is_false(ctx, defaults[expr.id])


def _server_context(ctx: CheckContext, receiver: ast.AST) -> bool:
    """An SSLContext built for a server (client certificates are optional there)."""
    bound = _resolve(ctx, receiver)
    if not isinstance(bound, ast.Call):
        return False
    name = ctx.call_name(bound)
    args = [*bound.args, *(k.value for k in bound.keywords)]
    quals = {ctx.qualname(a) for a in args}
    if name == "ssl.SSLContext" and "ssl.PROTOCOL_TLS_SERVER" in quals:
        return True
    return name == "ssl.create_default_context" and "ssl.Purpose.CLIENT_AUTH" in quals


def _looks_like_http_client(ctx: CheckContext, receiver: ast.AST) -> bool:
    bound = _resolve(ctx, receiver)
    if isinstance(bound, ast.Call):
        name = ctx.call_name(bound)
        if name.startswith(("requests.", "httpx.", "niquests.")):
            return True
    words = set(_words(ctx.text(receiver) if hasattr(receiver, "lineno") else ""))
    return bool(words & {"session", "sess", "client", "http", "s", "api", "conn", "connection"})


@check("PY-TLS-NO-VERIFY", ast.Call)
def tls_no_verify_call(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if name in ("ssl._create_unverified_context", "ssl._create_stdlib_context"):
        fix = None
        if not node.args and all(k.arg in ("cafile", "capath", "cadata", "purpose") for k in node.keywords):
            module, import_edit = ctx.module_reference("ssl")
            fix = ctx.fix("Use ssl.create_default_context()", ctx.replace(node.func, f"{module}.create_default_context"), import_edit)
        ctx.report(node, message=f"{name} builds a context that accepts any certificate for any host: use ssl.create_default_context().", fix=fix)
        return
    if (
        isinstance(node.func, ast.Attribute)
        and node.func.attr == "tls_insecure_set"
        and ctx.constant(ctx.argument(node, 0, "value")) is True
    ):
        # paho-mqtt: the broker's certificate is no longer matched against its host name
        ctx.report(node, message="tls_insecure_set(True) makes the MQTT client accept a certificate for any host: anyone on the path can pose as the broker and read the credentials and messages. Remove it and pass the broker's CA to tls_set(ca_certs=...).")
        return
    if isinstance(node.func, ast.Attribute) and node.func.attr == "set_verify" and node.args and _is_cert_none(ctx, node.args[0]):
        ctx.report(node.args[0], message="SSL.VERIFY_NONE accepts any certificate: use SSL.VERIFY_PEER (with set_default_verify_paths or load_verify_locations).")
        return
    label = _ldap_no_verify(ctx, node)
    if label is not None:
        ctx.report(node.args[1], message=f"OPT_X_TLS_REQUIRE_CERT = {label} makes LDAP accept a missing or forged server certificate: anyone on the path can read the bind password. Use ldap.OPT_X_TLS_DEMAND (and OPT_X_TLS_CACERTFILE for a private CA).")
        return
    label = _pycurl_no_verify(ctx, node)
    if label is not None:
        ctx.report(node.args[1], message=f"{label} = 0 turns off certificate checking in curl: keep the default (1 / 2) and set CAINFO for a private CA.")
        return
    if name.endswith("SmartConnectNoSSL"):
        ctx.report(node.func, message="SmartConnectNoSSL connects to vSphere without checking its certificate: use SmartConnect with a CA bundle.")
        return
    if name.startswith("ldap3") and name.endswith(".Tls"):
        validate = ctx.keyword(node, "validate")
        if validate is not None and _is_cert_none(ctx, validate.value):
            ctx.report(validate, message="Tls(validate=ssl.CERT_NONE) makes ldap3 accept any server certificate: use validate=ssl.CERT_REQUIRED with ca_certs_file.")
        return
    if name == "ssl.SSLContext" and _unverified_client_context(ctx, node):
        ctx.report(node, message="ssl.SSLContext() with PROTOCOL_TLS does not verify certificates or host names, and it is used as a client here: use ssl.create_default_context() (or PROTOCOL_TLS_CLIENT).")
        return
    if name in ("functools.partial", "functools.partialmethod") and node.args:
        name = ctx.qualname(node.args[0]) or ""  # requests.get = partial(requests.get, verify=False)
    method = name.rsplit(".", 1)[-1]
    root = name.split(".", 1)[0]
    if root in ("jwt", "jose"):
        return
    for kw in node.keywords:
        if kw.arg is None:
            continue
        if kw.arg == "verify" and _is_false_tls(ctx, kw.value):
            if name.startswith(_VERIFY_ROOTS) or method in _HTTP_METHODS:
                if _is_false(ctx, kw.value):
                    fix = ctx.fix("Remove verify=False (verify certificates)", ctx.remove_keyword(node, kw))
                    ctx.report(kw, message="verify=False turns off certificate checking: anyone on the network path can impersonate the server. Remove it (or pass verify='/path/to/ca-bundle.pem').", fix=fix)
                elif name.startswith(_VERIFY_ROOTS) or isinstance(node.func, ast.Attribute) and _looks_like_http_client(ctx, node.func.value):
                    ctx.report(kw, message=f"`{ctx.text(kw.value)}` defaults to False, so by default certificates are not checked: make the parameter default True.")
        elif kw.arg == "ssl" and _is_false(ctx, kw.value) and (name.startswith("aiohttp.") or ctx.imports("aiohttp") and method in _HTTP_METHODS | {"TCPConnector", "ClientSession"}):
            fix = ctx.fix("Remove ssl=False (verify certificates)", ctx.remove_keyword(node, kw))
            ctx.report(kw, message="ssl=False makes aiohttp skip certificate checks: remove it (or pass ssl=ssl.create_default_context(cafile=...)).", fix=fix)
        elif kw.arg in _NO_VERIFY_KEYWORDS and _is_false_tls(ctx, kw.value):
            fix = None
            if kw.arg == "verify_ssl" and name.startswith("aiohttp."):
                fix = ctx.fix("Remove verify_ssl=False (verify certificates)", ctx.remove_keyword(node, kw))
            ctx.report(kw, message=f"{kw.arg}=False turns off certificate checking: anyone on the network path can impersonate the server. Remove it and configure the CA bundle instead.", fix=fix)
        elif kw.arg in ("cert_reqs", "ssl_cert_reqs") and _is_cert_none(ctx, kw.value, allow_none=kw.arg == "ssl_cert_reqs"):
            ctx.report(kw, message=f"{kw.arg}=CERT_NONE accepts any certificate: use CERT_REQUIRED with a CA bundle.")
        elif kw.arg in _INSECURE_TRUE_KEYWORDS and ctx.is_true(kw.value):
            ctx.report(kw, message=f"{kw.arg}=True accepts invalid certificates: remove it and configure the CA file instead.")


def _unverified_client_context(ctx: CheckContext, node: ast.Call) -> bool:
    """ssl.SSLContext() / SSLContext(PROTOCOL_TLS) (verify_mode CERT_NONE) that ends up in a client."""
    protocol = ctx.argument(node, 0, "protocol")
    if protocol is not None and ctx.qualname(protocol) not in ("ssl.PROTOCOL_TLS", "ssl.PROTOCOL_SSLv23"):
        return False
    parent = ctx.parent(node)
    if isinstance(parent, ast.keyword) and parent.arg in ("context", "ssl_context", "ssl"):
        return True
    if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name)):
        return False
    name = parent.targets[0].id
    used_as_client = False
    for load in _name_loads(ctx, _scope_root(ctx, node)).get(name, ()):
        up = ctx.parent(load)
        if isinstance(up, ast.keyword) and up.arg in ("context", "ssl_context", "ssl"):
            used_as_client = True
        elif isinstance(up, ast.Attribute):
            if up.attr in ("load_verify_locations", "set_default_verify_paths", "load_default_certs"):
                return False  # the author configures trust: verify_mode is set somewhere we may not see
            call = ctx.parent(up)
            if up.attr == "wrap_socket" and isinstance(call, ast.Call) and ctx.keyword(call, "server_hostname") is not None:
                used_as_client = True
            if up.attr == "verify_mode" and isinstance(call, ast.Assign):
                return False
    return used_as_client


@check("PY-TLS-NO-VERIFY", ast.Constant)
def tls_no_verify_uri(node: ast.Constant, ctx: CheckContext) -> None:
    """mongodb://host/?tls=true&tlsAllowInvalidCertificates=true"""
    value = node.value
    if not isinstance(value, str) or not value.startswith(("mongodb://", "mongodb+srv://")) or "=" not in value:
        return
    if isinstance(ctx.parent(node), ast.Expr):
        return  # a docstring or a bare string
    match = _URI_NO_VERIFY.search(value)
    if match:
        ctx.report(node, message=f"{match.group(1)}={match.group(2)} in the connection string turns off certificate checking: remove it and pass tlsCAFile for a private CA.")


@check("PY-TLS-NO-VERIFY", ast.Dict)
def tls_no_verify_options(node: ast.Dict, ctx: CheckContext) -> None:
    """sslopt={"cert_reqs": ssl.CERT_NONE} (websocket-client), {"check_hostname": False} and friends."""
    for key, value in zip(node.keys, node.values):
        if key is None or not isinstance(key, ast.Constant) or not isinstance(key.value, str):
            continue
        if key.value in ("cert_reqs", "ssl_cert_reqs") and _is_cert_none(ctx, value):
            ctx.report(value, message=f"{key.value}: CERT_NONE accepts any certificate: use CERT_REQUIRED with a CA bundle.")
        elif key.value in ("check_hostname", "verify_ssl", "verify_certs", "ssl_verify", "sslverify") and _is_false(ctx, value):
            ctx.report(value, message=f"{key.value}: False turns off certificate checking: remove it.")


def _bound_to_call(ctx: CheckContext, expr: ast.AST, callee: str) -> bool:
    """``expr`` is a name bound to a call of a function whose last name is ``callee``."""
    if not isinstance(expr, ast.Name):
        return False
    return any(
        isinstance(v, ast.Call) and (ctx.call_name(v) or "").rsplit(".", 1)[-1] == callee
        for v in ctx.taint_analyzer.reaching_values(expr)
    )


@check("PY-TLS-NO-VERIFY", ast.Assign)
def tls_no_verify_assign(node: ast.Assign, ctx: CheckContext) -> None:
    if len(node.targets) != 1:
        return
    target = node.targets[0]
    if isinstance(target, ast.Attribute):
        qual = ctx.qualname(target)
        if qual == "ssl._create_default_https_context":
            value_name = ctx.qualname(node.value)
            if value_name in ("ssl._create_unverified_context", "ssl._create_stdlib_context"):
                module, import_edit = ctx.module_reference("ssl")
                ctx.report(node, message="Replacing ssl's default HTTPS context with an unverified one turns off certificate checking for every urllib/http.client request in the process.",
                           fix=ctx.fix("Use ssl.create_default_context", ctx.replace(node.value, f"{module}.create_default_context"), import_edit))
            return
        if isinstance(target.value, ast.Name) and target.value.id in ("self", "cls"):
            return  # a class implementing a context or session itself
        if target.attr == "hostkeys" and isinstance(node.value, ast.Constant) and node.value.value is None and (
            ctx.imports("pysftp") or _bound_to_call(ctx, target.value, "CnOpts")
        ):
            # pysftp: CnOpts().hostkeys = None skips the server's host key check
            ctx.report(node, message="cnopts.hostkeys = None makes pysftp accept any server key: a man in the middle receives the password and the files. Keep the known_hosts check (load the server's key with cnopts.hostkeys.load(...)).")
            return
        if target.attr in ("verify_ssl", "ssl_verify", "verify_certs") and _is_false(ctx, node.value):
            ctx.report(node, message=f"{target.attr} = False turns off certificate checking for every request this client sends: remove it and set the CA bundle (e.g. ssl_ca_cert) instead.")
        elif target.attr == "verify" and _is_false_tls(ctx, node.value) and _looks_like_http_client(ctx, target.value):
            ctx.report(node, message="Setting verify = False on the session turns off certificate checking for every request it sends: remove it (or point verify at a CA bundle).")
        elif target.attr == "check_hostname" and _is_false(ctx, node.value) and not _server_context(ctx, target.value):
            ctx.report(node, message="check_hostname = False accepts a valid certificate for any other site: keep host name checking on.")
        elif target.attr == "verify_mode" and _is_cert_none(ctx, node.value) and not _server_context(ctx, target.value):
            ctx.report(node, message="verify_mode = CERT_NONE accepts any certificate, even a self-signed one from an attacker: use CERT_REQUIRED.")
    elif isinstance(target, ast.Name) and target.id == "verify" and _is_false(ctx, node.value):
        function = _function_of(ctx, node)
        if function is not None and function.name == "merge_environment_settings":
            ctx.report(node, message="Forcing verify = False in merge_environment_settings turns off certificate checking for every request of every session.")
    elif isinstance(target, ast.Subscript) and ctx.qualname(target.value) == "os.environ":
        key = ctx.constant(target.slice)
        value = ctx.constant(node.value)
        if key == "PYTHONHTTPSVERIFY" and value in ("0", 0):
            ctx.report(node, message="PYTHONHTTPSVERIFY=0 turns off certificate checking for the standard library's HTTPS clients.")
        elif key == "CURL_CA_BUNDLE" and value == "":
            ctx.report(node, message="An empty CURL_CA_BUNDLE makes requests skip certificate checking: remove this line.")


# ============================================================================
# PY-TLS-OLD-VERSION and PY-TLS-WRAP-SOCKET
# ============================================================================

_OLD_PROTOCOLS = {
    "ssl.PROTOCOL_SSLv2": "SSLv2", "ssl.PROTOCOL_SSLv3": "SSLv3", "ssl.PROTOCOL_TLSv1": "TLS 1.0",
    "ssl.PROTOCOL_TLSv1_1": "TLS 1.1", "ssl.TLSVersion.SSLv3": "SSLv3", "ssl.TLSVersion.TLSv1": "TLS 1.0",
    "ssl.TLSVersion.TLSv1_1": "TLS 1.1", "OpenSSL.SSL.SSLv2_METHOD": "SSLv2", "OpenSSL.SSL.SSLv3_METHOD": "SSLv3",
    "OpenSSL.SSL.TLSv1_METHOD": "TLS 1.0", "OpenSSL.SSL.TLSv1_1_METHOD": "TLS 1.1",
}
_OLD_OP_NO = {"ssl.OP_NO_SSLv2": "SSLv2", "ssl.OP_NO_SSLv3": "SSLv3", "ssl.OP_NO_TLSv1": "TLS 1.0", "ssl.OP_NO_TLSv1_1": "TLS 1.1"}


def _old_version_reference(node: ast.AST, ctx: CheckContext) -> None:
    parent = ctx.parent(node)
    if isinstance(parent, ast.Attribute) and parent.value is node:
        return  # part of a longer dotted name: judged at the outermost node
    if not isinstance(getattr(node, "ctx", None), ast.Load):
        return
    qual = ctx.qualname(node)
    if not qual:
        return
    label = _OLD_PROTOCOLS.get(qual)
    if label is None:
        if qual == "ssl.TLSVersion.MINIMUM_SUPPORTED" and isinstance(parent, ast.Assign) and any(
            isinstance(t, ast.Attribute) and t.attr == "minimum_version" for t in parent.targets
        ):
            ctx.report(node, message="minimum_version = MINIMUM_SUPPORTED lets the connection fall back to SSLv3/TLS 1.0: set ssl.TLSVersion.TLSv1_2.")
        return
    child = node
    for anc in ctx.ancestors(node):
        if isinstance(anc, (ast.Compare, ast.Dict, ast.Set, ast.List, ast.Tuple, ast.Match, ast.match_case)):
            return  # a comparison, or a table of choices: not a decision to use it
        if isinstance(anc, ast.Subscript) and child is anc.slice:
            return  # versions[ssl.PROTOCOL_TLSv1]: a lookup key
        if isinstance(anc, ast.Assign) and all(isinstance(t, ast.Subscript) for t in anc.targets):
            return  # _versions[...] = SSL.TLSv1_METHOD: filling a table
        if isinstance(anc, ast.Call) and ctx.call_name(anc) in ("hasattr", "getattr", "isinstance", "print"):
            return
        if isinstance(anc, ast.stmt):
            if isinstance(anc, (ast.If, ast.While, ast.Assert)) and child is getattr(anc, "test", None):
                return
            break
        child = anc
    ctx.report(node, message=f"{label} is broken (POODLE, BEAST) and disabled by browsers: use ssl.PROTOCOL_TLS_CLIENT / PROTOCOL_TLS_SERVER with minimum_version = ssl.TLSVersion.TLSv1_2.")


@check("PY-TLS-OLD-VERSION", ast.Attribute, ast.Name)
def tls_old_version(node: ast.AST, ctx: CheckContext) -> None:
    if isinstance(node, ast.Name) and node.id not in ctx.info.aliases:
        return
    if isinstance(node, ast.Attribute) and not (node.attr.startswith(("PROTOCOL_", "SSLv", "TLSv", "MINIMUM"))):
        return
    _old_version_reference(node, ctx)


@check("PY-TLS-OLD-VERSION", ast.AugAssign)
def tls_reenable_old(node: ast.AugAssign, ctx: CheckContext) -> None:
    if not (isinstance(node.op, ast.BitAnd) and isinstance(node.target, ast.Attribute) and node.target.attr == "options"):
        return
    if isinstance(node.value, ast.UnaryOp) and isinstance(node.value.op, ast.Invert):
        label = _OLD_OP_NO.get(ctx.qualname(node.value.operand) or "")
        if label:
            ctx.report(node.value, message=f"Clearing OP_NO_{label.replace(' ', '').replace('.', '_')} re-enables {label}: leave it set and use minimum_version = ssl.TLSVersion.TLSv1_2.")


@check("PY-TLS-WRAP-SOCKET", ast.Call)
def tls_wrap_socket(node: ast.Call, ctx: CheckContext) -> None:
    if ctx.call_name(node) != "ssl.wrap_socket":
        return
    server = ctx.is_true(ctx.argument(node, 3, "server_side"))
    version = ctx.argument(node, 5, "ssl_version")
    if server:
        if version is not None and ctx.qualname(version) not in _OLD_PROTOCOLS:
            return
        message = (
            "ssl.wrap_socket is deprecated (removed in Python 3.12) and, without ssl_version, may accept old protocol "
            "versions: use ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER) and context.wrap_socket(sock, server_side=True)."
        )
    else:
        message = None
    ctx.report(node.func, message=message)


# ============================================================================
# PY-JWT-NO-VERIFY
# ============================================================================

_JWT_DECODE = {"jwt.decode", "jwt.decode_complete", "jwt.api_jwt.decode", "jwt.api_jwt.decode_complete", "jwt.PyJWT().decode", "jwt.PyJWT().decode_complete", "jose.jwt.decode"}
_JWT_UNVERIFIED = {"jose.jwt.get_unverified_claims", "jose.jws.get_unverified_claims"}


def _dict_items(ctx: CheckContext, expr: ast.AST | None) -> dict[str, ast.expr] | None:
    resolved = _resolve(ctx, expr)
    if isinstance(resolved, ast.Dict):
        out = {}
        for key, value in zip(resolved.keys, resolved.values):
            k = ctx.constant(key) if key is not None else None
            if isinstance(k, str):
                out[k] = value
        return out
    if isinstance(resolved, ast.Call) and ctx.call_name(resolved) == "dict":
        return {kw.arg: kw.value for kw in resolved.keywords if kw.arg}
    return None


def _jwt_disables_verification(ctx: CheckContext, call: ast.Call) -> ast.AST | None:
    """The keyword (or argument) that turns signature checking off, or None."""
    verify = ctx.keyword(call, "verify")
    if verify is not None and _is_false(ctx, verify.value):
        return verify
    options = ctx.keyword(call, "options")
    options_value = options.value if options is not None else ctx.argument(call, 3)
    items = _dict_items(ctx, options_value)
    if items and _is_false(ctx, items.get("verify_signature")):
        return options if options is not None else options_value
    return None


def _verifying_decode_elsewhere(ctx: CheckContext, node: ast.Call) -> bool:
    """The unverified claims only pick the key for a later, verifying decode of the token.

    ``iss = jwt.decode(t, options={"verify_signature": False})["iss"]`` followed by
    ``jwt.decode(t, keys[iss], algorithms=["RS256"])`` in the same function.
    """
    root = _function_of(ctx, node)
    if root is None:
        return False
    peeked = set(_use_of(ctx, node).local_targets)
    if not peeked:
        return False
    for call in _calls_in(ctx, root):
        if call is node or call.lineno < node.lineno:
            continue
        name = _call_name(ctx, call)
        if name in _JWT_DECODE and _jwt_disables_verification(ctx, call) is None:
            key = ctx.argument(call, 1, "key")
            if key is None:
                continue
            for part in _walk(key, 60):
                target = _resolve(ctx, part) if isinstance(part, ast.Name) and part.id not in peeked else part
                for sub in _walk(target, 60) if target is not None else ():
                    if isinstance(sub, ast.Name) and sub.id in peeked:
                        return True
    return False


def _is_token_header(ctx: CheckContext, expr: ast.AST | None) -> bool:
    """jwt.get_unverified_header(token), or a name bound to it / called `header`."""
    target = _resolve(ctx, expr)
    if isinstance(target, ast.Call):
        return (_call_name(ctx, target).rsplit(".", 1)[-1]) in ("get_unverified_header", "get_unverified_headers")
    if isinstance(target, ast.Name):
        return set(_words(target.id)) & {"header", "headers", "jose"} == {"header"} or target.id in ("hdr", "jwt_header", "unverified_header")
    return False


def _alg_from_token(ctx: CheckContext, expr: ast.AST | None) -> bool:
    """`algorithms=[header["alg"]]`: the token chooses how it is verified."""
    if expr is None:
        return False
    for node in _walk(expr, 100):
        target = _resolve(ctx, node) if isinstance(node, ast.Name) else node
        for sub in _walk(target, 100) if target is not None else ():
            if isinstance(sub, ast.Subscript) and ctx.constant(sub.slice) == "alg" and _is_token_header(ctx, sub.value):
                return True
            if (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr == "get" and sub.args
                    and ctx.constant(sub.args[0]) == "alg" and _is_token_header(ctx, sub.func.value)):
                return True
    return False


_JWT_CLAIM_OPTIONS = {"verify_exp": "exp", "verify_aud": "aud", "verify_iss": "iss"}


def _jwt_claim_checks_off(ctx: CheckContext, call: ast.Call) -> None:
    """A verifying decode that skips the expiry, audience or issuer check (options={"verify_exp": False})."""
    if ctx.is_test_module:
        return
    options = ctx.keyword(call, "options")
    options_value = options.value if options is not None else ctx.argument(call, 3)
    items = _dict_items(ctx, options_value) or {}
    off = [claim for option, claim in _JWT_CLAIM_OPTIONS.items() if _is_false(ctx, items.get(option))]
    where: ast.AST | None = options if options is not None else options_value
    legacy = ctx.keyword(call, "verify_expiration")  # PyJWT 1.x
    if legacy is not None and _is_false(ctx, legacy.value) and "exp" not in off:
        off.insert(0, "exp")
        where = where if len(off) > 1 else legacy
    if not off or where is None:
        return
    if "exp" in off:
        message = (
            "Expiry is not checked (verify_exp: False): a leaked or stolen token, or one issued before a logout or "
            "password change, stays valid forever. Remove the option (and keep tokens short-lived)."
        )
    else:
        message = (
            f"The token's {' and '.join('audience' if c == 'aud' else 'issuer' for c in off)} "
            f"{'are' if len(off) > 1 else 'is'} not checked: a token "
            "issued for another service signed by the same key or identity provider is accepted here. Pass "
            "audience=/issuer= and drop the option."
        )
    ctx.report(where, message=message)


@check("PY-JWT-NO-VERIFY", ast.Call)
def jwt_no_verify(node: ast.Call, ctx: CheckContext) -> None:
    name = _call_name(ctx, node)
    if name in _JWT_UNVERIFIED:
        if not _verifying_decode_elsewhere(ctx, node):
            ctx.report(node, message="get_unverified_claims returns claims nobody has checked: anyone can forge them. Verify with jwt.decode(token, key, algorithms=[...]) before trusting them.")
        return
    if name not in _JWT_DECODE:
        return
    disabled = _jwt_disables_verification(ctx, node)
    if disabled is not None:
        if not _verifying_decode_elsewhere(ctx, node):
            ctx.report(disabled, message="Signature verification is turned off: anyone can forge this token's claims (e.g. change `sub` to another user). Pass the key and algorithms=[\"HS256\"] (or your algorithm) and keep verification on.")
        return
    algorithms = ctx.argument(node, 2, "algorithms")
    if algorithms is not None and not (isinstance(algorithms, ast.Constant) and algorithms.value is None):
        value = ctx.constant(algorithms)
        values = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple, set)) else []
        if any(isinstance(v, str) and v.lower() == "none" for v in values):
            ctx.report(algorithms, message="Allowing the \"none\" algorithm accepts unsigned tokens: list only the algorithm you sign with, e.g. algorithms=[\"HS256\"].")
        elif _alg_from_token(ctx, algorithms):
            ctx.report(algorithms, message="The allowed algorithm is read from the token's own header, so the attacker picks it (algorithm confusion): hard-code the algorithm you sign with.")
        else:
            _jwt_claim_checks_off(ctx, node)
        return
    if ctx.has_kwargs_splat(node) or any(isinstance(a, ast.Starred) for a in node.args):
        return
    ctx.report(node.func, message="jwt.decode without algorithms= lets the token's header choose the algorithm (\"none\", or HS256 with your public key in python-jose / old PyJWT): pass algorithms=[\"HS256\"] (or your algorithm).")


# ============================================================================
# PY-TIMING-COMPARE
# ============================================================================

_TIMING_SKIP_TRIGGERS = {"nonce", "salt", "captcha", "jti", "pin", "creds", "credential"}
_SOURCES = {
    "request", "req", "headers", "environ", "getenv", "settings", "config", "conf", "cookies", "args", "form",
    "params", "query_params", "META", "GET", "POST", "json", "get_json", "values", "data",
}


def _mentions_hmac(ctx: CheckContext, expr: ast.AST) -> bool:
    target = _resolve(ctx, expr) if isinstance(expr, ast.Name) else expr
    return target is not None and _contains_call(ctx, target, ("hmac.", "cryptography.hazmat.primitives.hmac."), frozenset({"hmac.new", "hmac.digest"}))


# Qualifiers that make a bare `token` / `sig` a credential (lexer tokens and signal numbers lack them).
_STRONG_QUALIFIERS = {
    "access", "refresh", "auth", "api", "csrf", "xsrf", "reset", "session", "bearer", "secret", "verification",
    "verify", "invite", "confirm", "confirmation", "activation", "jwt", "oauth", "login", "magic",
    "unsubscribe", "webhook", "app", "client", "user", "hmac", "stripe", "github", "hub", "slack", "signing",
    "password", "admin", "service", "bot", "personal", "private", "security", "authorization", "remember",
}


def _secret_strength(name: str) -> str | None:
    """'strong' / 'weak' (a bare token or sig) / None, for one identifier as a comparison operand."""
    lowered = name.lower()
    if "tokens" in lowered or lowered.endswith("sigs"):
        return None  # a collection of tokens (a lexer's, a parser's)
    words = set(_words(name))
    concept = _concept_of(frozenset(words))
    if concept is None:
        return None
    kind, trigger = concept
    if kind == "password":
        return "strong" if words & {"hash", "hashed", "digest"} else None
    if trigger in _TIMING_SKIP_TRIGGERS:
        return None
    if trigger == "mac" and words & {"address", "addr", "os"}:
        return None
    if trigger in ("token", "sig") and not words & _STRONG_QUALIFIERS:
        return "weak"
    return "strong"


def _about_secret(ctx: CheckContext, expr: ast.expr) -> bool:
    """`token_type`, `signature_method`, `key_id`: a property of a secret, compared as a category."""
    for name in _primary_names(ctx, expr)[:1]:
        words = set(_words(name))
        if words & (_SECRET_WORDS | _PASSWORD_WORDS | {"key"}) and (words & _META or "id" in words):
            return True
    return False


def _secret_side(ctx: CheckContext, expr: ast.expr) -> tuple[str, bool] | None:
    """(the name that makes this side a secret, strong?)."""
    found: tuple[str, bool] | None = None
    for name in _primary_names(ctx, expr):
        strength = _secret_strength(name)
        if strength == "strong":
            return name, True
        if strength == "weak":
            found = found or (name, False)
        elif set(_words(name)) & {"digest", "hash", "hashed"} and _mentions_hmac(ctx, expr):
            return name, True
    if _mentions_hmac(ctx, expr):
        return "an HMAC", True
    return found


def _from_outside(ctx: CheckContext, expr: ast.AST) -> bool:
    """Request data, headers, the environment or settings: where tokens to check against come from."""
    target = _resolve(ctx, expr) if isinstance(expr, ast.Name) else expr
    for node in _walk(target, 60) if target is not None else ():
        if isinstance(node, ast.Name) and node.id in _SOURCES or isinstance(node, ast.Attribute) and node.attr in _SOURCES:
            return True
    return False


# A configured secret: `os.environ["LEGACY_HOOK_KEY"]`, `os.getenv("HOOK_TOKEN")`, `settings.WEBHOOK_SECRET`,
# `app.config["API_KEY"]` -- whatever qualifies the key, the value read from the configuration is a secret.
_CONFIG_ROOTS = {"settings", "config", "conf", "cfg", "configuration", "app_config", "app_settings"}
_CONFIG_SECRET_WORDS = {"key", "token", "secret", "password", "passwd", "pwd", "passphrase", "apikey", "secretkey",
                        "accesskey", "authkey"}
_CONFIG_NOT_SECRET = _META | _CONTAINERS | {
    "id", "header", "headers", "param", "parameter", "field", "name", "user", "username", "email", "host", "hostname",
    "public", "pub", "query", "arg", "cookie", "prefix", "suffix", "kid", "region", "bucket", "file", "path",
}
_REQUEST_SOURCES = {
    "request", "req", "headers", "args", "form", "params", "query_params", "query", "GET", "POST", "cookies",
    "COOKIES", "META", "json", "get_json", "get_data", "data", "values", "body", "query_string", "path_params",
}


def _config_secret(ctx: CheckContext, expr: ast.AST) -> str | None:
    """The key name when ``expr`` reads a secret from the environment or the settings."""
    target = _resolve(ctx, expr) if isinstance(expr, ast.Name) else expr
    if isinstance(target, ast.Call) and isinstance(target.func, ast.Attribute) and target.func.attr in _CONVERSIONS:
        target = target.func.value  # os.environ["K"].encode()
    key: object = None
    if isinstance(target, ast.Subscript):
        root = ctx.qualname(target.value) or ""
        if root == "os.environ" or root.rsplit(".", 1)[-1] in _CONFIG_ROOTS:
            key = ctx.constant(target.slice)
    elif isinstance(target, ast.Call) and target.args:
        name = ctx.qualname(target.func) or ""
        if name in ("os.getenv", "os.environ.get") or (
                isinstance(target.func, ast.Attribute) and target.func.attr == "get"
                and (ctx.qualname(target.func.value) or "").rsplit(".", 1)[-1] in _CONFIG_ROOTS):
            key = ctx.constant(target.args[0])
    elif isinstance(target, ast.Attribute) and target.attr.isupper():
        root = ctx.qualname(target.value) or ""
        if root.rsplit(".", 1)[-1] in _CONFIG_ROOTS:
            key = target.attr
    if not isinstance(key, str):
        return None
    words = set(_words(key))
    if words & _CONFIG_SECRET_WORDS and not words & _CONFIG_NOT_SECRET:
        return key
    return None


def _request_value(ctx: CheckContext, expr: ast.AST) -> bool:
    """Request data (`request.args.get("key")`, a header) or the caller's argument: what an attacker presents."""
    if ctx.is_constant(expr) or _config_secret(ctx, expr) is not None:
        return False
    if isinstance(expr, ast.Name):
        found = ctx.info.lookup(expr)
        if found is not None and expr.id in found[0].params:
            return True
    target = _resolve(ctx, expr) if isinstance(expr, ast.Name) else expr
    for node in _walk(target, 60) if target is not None else ():
        if isinstance(node, ast.Name) and node.id in _REQUEST_SOURCES or isinstance(node, ast.Attribute) and node.attr in _REQUEST_SOURCES:
            return True
    return False


_SIG_WORDS = {"sig", "signature", "mac", "hmac"}
_DIGEST_WORDS = {"digest", "hash", "hashed"}
_COMPUTED_WORDS = {"expected", "computed", "calculated", "calc", "correct", "recomputed", "actual", "valid", "good", "local", "ours", "mine"}
_DIGEST_CALLS = {"hexdigest", "digest", "finalize"}


def _digest_name(ctx: CheckContext, expr: ast.expr) -> tuple[str, bool] | None:
    """(name, is a signature/MAC) for `sig`, `signature`, `request.headers["X-Hub-Signature"]`, `provided_digest`."""
    for name in _primary_names(ctx, expr)[:1]:
        words = set(_words(name))
        if words & _META or "id" in words or words & {"address", "addr", "os"}:
            return None
        if words & _SIG_WORDS:
            return name, True
        if words & _DIGEST_WORDS and not words & _PASSWORD_WORDS:
            return name, False
    return None


def _computed_digest(ctx: CheckContext, expr: ast.expr) -> bool | None:
    """True (keyed: an HMAC, or a hash over a key or secret) / False (a plain digest) / None: not a computed digest.

    `hmac.new(k, m, sha256).hexdigest()`, `hashlib.md5(msg + KEY).hexdigest()`, a local bound to one, or a name
    such as `expected_sig` / `computed_mac`.
    """
    target = _resolve(ctx, expr) if isinstance(expr, ast.Name) else expr
    if target is None:
        return None
    if _mentions_hmac(ctx, target):
        return True
    for node in _walk(target, 80):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _DIGEST_CALLS:
            for name in _all_names(ctx, node.func.value):
                words = set(_words(name))
                if _concept(name) is not None or "key" in words and not words & _META:
                    return True
            return False
    if isinstance(target, (ast.Name, ast.Attribute)):
        words = set(_words(target.id if isinstance(target, ast.Name) else target.attr))
        if words & _COMPUTED_WORDS and words & (_SIG_WORDS | _DIGEST_WORDS):
            return bool(words & _SIG_WORDS)
    return None


def _digest_compare(ctx: CheckContext, side: ast.expr, other: ast.expr) -> str | None:
    """`expected == sig` where `expected` holds a freshly computed digest: a signature check."""
    named = _digest_name(ctx, side)
    if named is None:
        return None
    keyed = _computed_digest(ctx, other)
    if keyed is None or not (keyed or named[1]):
        return None  # a checksum of public data compared with an expected checksum
    return named[0]


_SECRETISH_LITERAL = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-+/=.]{12,}$")
_CLASSLIKE = re.compile(r"^_*[A-Z][A-Za-z0-9]*$")  # Literal, Punctuation, END (not API_TOKEN)


def _trivial_literal(value: object) -> bool:
    if isinstance(value, (str, bytes)):
        text = value.decode("latin-1") if isinstance(value, bytes) else value
        return not _SECRETISH_LITERAL.match(text)
    return value is None or isinstance(value, (bool, int, float))


def _enum_like(ctx: CheckContext, expr: ast.expr) -> bool:
    """Literal / Name.Function / signal.SIGTERM / TokenType.ACCESS: a class or enum member, not a secret."""
    parts: list[str] = []
    node: ast.AST = expr
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return False
    last = parts[0] if parts else node.id
    if _secret_strength(last) is not None:
        return False  # settings.INTERNAL_TOKEN is a configured secret, not an enum member
    if isinstance(expr, ast.Attribute) and (last.isupper() or _CLASSLIKE.match(last)) and not last.islower():
        return True  # signal.SIGTERM, Name.Function, Color.RED
    return not parts and bool(_CLASSLIKE.match(node.id)) and not node.id.isupper()


def _trivial_side(ctx: CheckContext, expr: ast.expr) -> bool:
    """None, booleans, numbers, short words ('bearer'), len(...), enum members: not a secret compare."""
    if isinstance(expr, ast.Constant):
        return _trivial_literal(expr.value)
    if isinstance(expr, (ast.List, ast.Tuple, ast.Dict, ast.Set, ast.ListComp, ast.SetComp, ast.DictComp)):
        return True
    if isinstance(expr, ast.Call):
        name = ctx.qualname(expr.func) or ""
        if name in ("len", "int", "float", "bool", "type", "isinstance", "id", "ord", "hash", "callable", "getattr", "range"):
            return True
        if name.startswith("inspect."):
            return True  # inspect.signature(f): a function's parameters, not a cryptographic signature
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)):
        if isinstance(ctx.constant(expr.right), (int, float)) or isinstance(ctx.constant(expr.left), (int, float)):
            return True  # arithmetic: an index or a counter
    if _enum_like(ctx, expr):
        return True
    value = ctx.constant(expr)
    return value is not ctx.UNKNOWN and _trivial_literal(value)


@check("PY-TIMING-COMPARE", ast.Compare)
def timing_compare(node: ast.Compare, ctx: CheckContext) -> None:
    if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Eq, ast.NotEq)) or ctx.is_test_module:
        return
    left, right = node.left, node.comparators[0]
    if _trivial_side(ctx, left) or _trivial_side(ctx, right):
        return
    if _about_secret(ctx, left) or _about_secret(ctx, right):
        return
    statement = ctx.enclosing_statement(node)
    if isinstance(statement, ast.Assert):
        return
    function = _function_of(ctx, node)
    if function is not None and function.name in ("__eq__", "__ne__", "__hash__", "__lt__", "__le__", "__gt__", "__ge__"):
        return
    left_secret, right_secret = _secret_side(ctx, left), _secret_side(ctx, right)
    strong = [found for found in (left_secret, right_secret) if found is not None and found[1]]
    if strong:
        secret = strong[0][0]
    elif left_secret and right_secret:
        secret = left_secret[0]
    elif left_secret and _from_outside(ctx, right) or right_secret and _from_outside(ctx, left):
        secret = (left_secret or right_secret)[0]  # type: ignore[index]
    elif (configured := _config_secret(ctx, right)) is not None and _request_value(ctx, left) or (
            configured := _config_secret(ctx, left)) is not None and _request_value(ctx, right):
        secret = configured
    else:
        found = _digest_compare(ctx, left, right) or _digest_compare(ctx, right, left)
        if found is None:
            return
        secret = found
    module, import_edit = ctx.module_reference("hmac")
    call = f"{module}.compare_digest({ctx.text(left)}, {ctx.text(right)})"
    negate = isinstance(node.ops[0], ast.NotEq)
    fix = ctx.fix("Compare with hmac.compare_digest", ctx.replace(node, ("not " if negate else "") + call), import_edit, safe=False)
    ctx.report(
        node,
        message=(
            f"`{secret}` is compared with {'!=' if negate else '=='}, which stops at the first differing byte: the response time "
            "leaks how much of a guess is right. Use hmac.compare_digest()."
        ),
        fix=fix,
    )


# ============================================================================
# PY-SAML-INSECURE
# ============================================================================

# pysaml2: want_response_signed defaults to True, want_assertions_signed to False, and
# want_assertions_or_response_signed to False before pysaml2 7.2 (True since, which also refuses a configuration that
# requires no signature).  django-saml2-auth's WANT_ASSERTIONS_SIGNED / WANT_RESPONSE_SIGNED both default to True.


def _dict_entries(ctx: CheckContext, node: ast.Dict) -> dict[str, tuple[ast.expr, ast.expr]]:
    out: dict[str, tuple[ast.expr, ast.expr]] = {}
    for key, value in zip(node.keys, node.values):
        text = ctx.constant(key) if key is not None else None
        if isinstance(text, str):
            out[text] = (key, value)
    return out


def _onelogin_settings(ctx: CheckContext, entries: dict[str, tuple[ast.expr, ast.expr]]) -> bool:
    """A python3-saml (OneLogin) settings dict: it has the `sp` and `idp` sections (or at least one of them in a
    module that imports onelogin.saml2)."""
    sections = {"sp", "idp"} & set(entries)
    return sections == {"sp", "idp"} or bool(sections) and ctx.imports("onelogin")


@check("PY-SAML-INSECURE", ast.Dict)
def saml_insecure_settings(node: ast.Dict, ctx: CheckContext) -> None:
    if ctx.is_test_module:
        return
    entries = _dict_entries(ctx, node)
    strict = entries.get("strict")
    if strict is not None and ctx.constant(strict[1]) is False and _onelogin_settings(ctx, entries):
        ctx.report(strict[1], message=(
            "python3-saml runs with `strict: False`: it then skips the checks that bind a SAML response to this "
            "service -- audience, destination/recipient, InResponseTo, NotBefore/NotOnOrAfter -- so a response the "
            "IdP issued for another application, or an old one, logs the user in here. Set `\"strict\": True`."
        ))
        return
    off = {name: ctx.constant(value) is False for name, (_, value) in entries.items()}
    if "want_response_signed" in entries and off["want_response_signed"]:
        if _true_setting(ctx, entries, "want_assertions_signed") or _true_setting(ctx, entries, "want_assertions_or_response_signed"):
            return
        if "want_assertions_signed" not in entries and not ctx.imports("saml2"):
            return  # not recognisably pysaml2
        site = entries["want_response_signed"][1]
    elif off.get("WANT_RESPONSE_SIGNED") and off.get("WANT_ASSERTIONS_SIGNED"):
        site = entries["WANT_RESPONSE_SIGNED"][1]
    else:
        return
    ctx.report(site, message=(
        "The SAML response need not be signed and neither are signed assertions required: the service provider "
        "then accepts an unsigned SAML response, so anyone can post a forged assertion and log in as any user. "
        "Keep want_response_signed (WANT_RESPONSE_SIGNED) True, or require signed assertions."
    ))


def _true_setting(ctx: CheckContext, entries: dict[str, tuple[ast.expr, ast.expr]], name: str) -> bool:
    """The setting is present and not literally False (True, or a value we cannot see)."""
    return name in entries and ctx.constant(entries[name][1]) is not False


@check("PY-SAML-INSECURE", ast.Assign)
def saml_strict_off_assign(node: ast.Assign, ctx: CheckContext) -> None:
    """``settings["strict"] = False`` on a dict later given to OneLogin_Saml2_Auth / OneLogin_Saml2_Settings."""
    if ctx.is_test_module or not ctx.imports("onelogin") or len(node.targets) != 1:
        return
    target = node.targets[0]
    if not (isinstance(target, ast.Subscript) and ctx.constant(target.slice) == "strict" and ctx.constant(node.value) is False):
        return
    ctx.report(node.value, message=(
        "python3-saml runs with `strict` off: it then skips the audience, destination, InResponseTo and validity "
        "period checks, so a SAML response issued for another application, or an old one, logs the user in here. "
        "Set strict to True."
    ))

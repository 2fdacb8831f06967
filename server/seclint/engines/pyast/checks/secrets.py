"""Hard-coded secrets: passwords and credentials, known token formats, framework signing keys.

Three rules that never fire on the same literal:

* PY-SECRET-TOKEN: a string in a known credential format (AWS, GitHub, Slack, Stripe, private key
  blocks...), wherever it appears.
* PY-SECRET-FRAMEWORK-KEY: a literal signing key: Django/Flask ``SECRET_KEY``, ``app.secret_key``,
  the key passed to ``jwt.encode``/``itsdangerous``/``hmac.new``/``Fernet``.
* PY-SECRET-PASSWORD: a literal given to a name that means a password or credential (assignment,
  keyword argument, dict key, default, comparison), and passwords inside connection strings.

Messages never echo the secret: only its first characters are shown.
"""

from __future__ import annotations

import ast
import functools
import itertools
import math
import re
from collections.abc import Iterator

from ..context import CheckContext
from ..registry import check
from ..walk import nodes_of, walk
from .config import assignment_pairs, dev_or_test_module, env_lookup, target_key

# ---------------------------------------------------------------------------
# Masking
# ---------------------------------------------------------------------------


def mask(value: str, keep: int | None = None) -> str:
    value = value.strip()
    if keep is None:
        keep = 2 if len(value) >= 10 else (1 if len(value) >= 6 else 0)
    return value[:keep] + "****"


# ---------------------------------------------------------------------------
# PY-SECRET-TOKEN: known credential formats
# ---------------------------------------------------------------------------

# (kind, compiled pattern, characters of the match safe to show)
_TOKEN_PATTERNS: list[tuple[str, re.Pattern[str], int]] = [
    ("AWS access key id", re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])"), 4),
    ("GitHub token", re.compile(r"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,255}(?![A-Za-z0-9_])"), 4),
    ("GitHub fine-grained token", re.compile(r"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{50,255}"), 11),
    ("GitLab token", re.compile(r"(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_\-]{20,}"), 6),
    ("Slack token", re.compile(r"(?<![A-Za-z0-9])xox[baprse]-[0-9]{6,}-[0-9A-Za-z\-]{8,}"), 5),
    ("Slack webhook URL", re.compile(r"https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,}/[A-Z0-9]{6,}/[A-Za-z0-9]{16,}"), 24),
    ("Discord webhook URL", re.compile(r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{10,}/[A-Za-z0-9_\-]{40,}"), 33),
    ("Stripe live key", re.compile(r"(?<![A-Za-z0-9_])(?:sk|rk)_live_[0-9A-Za-z]{20,}"), 8),
    ("Google API key", re.compile(r"(?<![A-Za-z0-9_\-])AIza[0-9A-Za-z_\-]{35}(?![A-Za-z0-9_\-])"), 4),
    ("Twilio API key", re.compile(r"(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])"), 2),
    ("SendGrid API key", re.compile(r"(?<![A-Za-z0-9])SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}(?![A-Za-z0-9_\-])"), 3),
    ("npm token", re.compile(r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])"), 4),
    ("PyPI token", re.compile(r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}"), 5),
    ("OpenAI API key", re.compile(r"(?<![A-Za-z0-9_\-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{16,}T3BlbkFJ[A-Za-z0-9_\-]{16,}"), 3),
    ("OpenAI project key", re.compile(r"(?<![A-Za-z0-9_\-])sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,}"), 8),
    ("OpenAI API key", re.compile(r"(?<![A-Za-z0-9_\-])sk-[A-Za-z0-9]{48}(?![A-Za-z0-9_\-])"), 3),
    ("Anthropic API key", re.compile(r"(?<![A-Za-z0-9_\-])sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_\-]{80,}"), 7),
    ("Hugging Face token", re.compile(r"(?<![A-Za-z0-9_])hf_[A-Za-z]{34,40}(?![A-Za-z0-9])"), 3),
    ("Shopify access token", re.compile(r"(?<![A-Za-z0-9_])shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![A-Za-z0-9])"), 6),
    ("DigitalOcean token", re.compile(r"(?<![A-Za-z0-9_])do[por]_v1_[a-f0-9]{64}(?![A-Za-z0-9])"), 7),
    ("Telegram bot token", re.compile(r"(?<![0-9])\d{8,10}:AA[0-9A-Za-z_\-]{33}(?![A-Za-z0-9_\-])"), 0),
    ("Azure storage account key", re.compile(r"AccountKey=[A-Za-z0-9+/]{86}==", re.IGNORECASE), 11),
]
_PRIVATE_KEY = re.compile(
    r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |ED25519 )?PRIVATE KEY(?: BLOCK)?-----"
    r"\s*(?:[A-Za-z\-]+:[^\n]*\n\s*)*([A-Za-z0-9+/=\s\\n]{40,})"
)
_MARKERS = ("AKIA", "ASIA", "gh", "github_pat_", "glpat-", "xox", "hooks.slack.com", "discord", "_live_", "AIza",
            "SK", "SG.", "npm_", "pypi-", "sk-", "hf_", "shp", "_v1_", ":AA", "AccountKey", "PRIVATE KEY")
_FAKE = re.compile(r"example|dummy|fake|sample|placeholder|test|xxxx|\.\.\.|your|redacted|changeme|0000000|1234567|abcdef", re.IGNORECASE)
_AWS_SECRET = re.compile(r"^[A-Za-z0-9/+]{40}$")


def _low_entropy(secret: str) -> bool:
    """Obviously made up: few distinct characters, or mostly an ascending run (abcdef..., 123456...)."""
    body = re.sub(r"^[a-z]+[_\-]", "", secret)
    if len(set(body)) < max(6, min(12, len(body) // 4)):
        return True
    steps = sum(1 for a, b in itertools.pairwise(body) if ord(b) - ord(a) == 1)
    return steps > len(body) * 0.4


def _entropy(text: str) -> float:
    counts = {c: text.count(c) for c in set(text)}
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def token_match(value: str, context_name: str | None = None, strict: bool = True) -> tuple[str, str] | None:
    """(kind, masked) if ``value`` contains a credential in a known format.

    ``strict``: also skip private key blocks whose body looks made up (in tests)."""
    if len(value) < 16:
        return None
    if any(m in value for m in _MARKERS):
        for kind, pattern, keep in _TOKEN_PATTERNS:
            for match in pattern.finditer(value):
                secret = match.group(0)
                if _FAKE.search(secret) or _low_entropy(secret[keep:] if keep else secret):
                    continue
                return kind, mask(secret, keep) if keep else mask(secret, 0)
        if "PRIVATE KEY" in value:
            match = _PRIVATE_KEY.search(value)
            if match:
                body = re.sub(r"\s|\\n", "", match.group(1))
                if len(body) >= 40 and (not strict or not (_FAKE.search(body) or _low_entropy(body))):
                    return "private key", "-----BEGIN ... PRIVATE KEY-----"
    if context_name is not None:
        words = name_words(context_name)
        if "aws" in words and "secret" in words and _AWS_SECRET.match(value.strip()):
            secret = value.strip()
            if not _FAKE.search(secret) and _entropy(secret) > 4.0 and re.search(r"[a-z]", secret) and re.search(r"[A-Z]", secret):
                return "AWS secret access key", mask(secret)
    return None


def _is_docstring(ctx: CheckContext, node: ast.Constant) -> bool:
    expr = ctx.parent(node)
    if not isinstance(expr, ast.Expr):
        return False
    owner = ctx.parent(expr)
    if isinstance(owner, ast.Module):
        return ctx.info.fact(_first_statement) is expr
    body = getattr(owner, "body", None)
    return isinstance(body, list) and bool(body) and body[0] is expr and isinstance(
        owner, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))


def _string_value(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return None


def _context_name(ctx: CheckContext, node: ast.AST) -> str | None:
    """The name a literal is given: assignment target, keyword, dict key."""
    parent = ctx.parent(node)
    if isinstance(parent, ast.keyword):
        return parent.arg
    if isinstance(parent, (ast.Assign, ast.AnnAssign)):
        for target, value in assignment_pairs(parent):
            if value is node:
                key = target_key(target)
                return key[1] if key else None
    if isinstance(parent, ast.Dict):
        for k, v in zip(parent.keys, parent.values):
            if v is node and isinstance(k, ast.Constant) and isinstance(k.value, str):
                return k.value
    return None


@check("PY-SECRET-TOKEN", ast.Constant)
def secret_token(node: ast.Constant, ctx: CheckContext) -> None:
    value = _string_value(node.value)
    if value is None or len(value) < 16 or _is_docstring(ctx, node):
        return
    found = token_match(value, _context_name(ctx, node), strict=dev_or_test_module(ctx))
    if found is None:
        return
    kind, masked = found
    ctx.report(
        node,
        message=f"{'An' if kind[0] in 'AEIOU' else 'A'} {kind} is hard-coded here ({masked}): anyone who can read the code can use it. Revoke it now, "
        "then load it from the environment or a secret manager.",
    )


# ---------------------------------------------------------------------------
# Names that mean a secret
# ---------------------------------------------------------------------------


def name_words(name: str) -> list[str]:
    """``dbPassword`` -> [db, password]; ``AWS_SECRET_ACCESS_KEY`` -> [aws, secret, access, key]."""
    return list(_name_words(name))


_CAMEL_LOWER = re.compile(r"([a-z0-9])([A-Z])")
_CAMEL_UPPER = re.compile(r"([A-Z]+)([A-Z][a-z])")
_NON_WORD = re.compile(r"[^A-Za-z0-9]+")
_TRAILING_DIGITS = re.compile(r"\d+$")


# The same identifiers come back on every assignment, keyword and call of a module (and of every edit).
@functools.lru_cache(maxsize=8192)
def _name_words(name: str) -> tuple[str, ...]:
    spaced = _CAMEL_LOWER.sub(r"\1_\2", name)
    spaced = _CAMEL_UPPER.sub(r"\1_\2", spaced)
    words = []
    for w in _NON_WORD.split(spaced.lower()):
        w = _TRAILING_DIGITS.sub("", w)
        if w:
            words.append(w)
    return tuple(words)


_SECRET_WORDS = {"password", "passwd", "passwort", "passphrase", "pwd", "pass", "pw", "pword", "passw", "secret",
                 "secrete", "token", "apikey", "accesskey", "secretkey", "privatekey", "credentials", "credential",
                 "creds", "passcode", "authtoken", "accesstoken", "apitoken", "apisecret", "clientsecret"}
_SECRET_SUFFIXES = ("password", "passwd", "secret", "token", "apikey", "secretkey", "accesskey", "privatekey")
_KEY_QUALIFIERS = {"api", "access", "secret", "private", "signing", "encryption", "master", "auth", "account",
                   "subscription", "app", "consumer", "license", "encrypt", "hmac", "jwt", "crypto", "service", "admin"}
_ALLOWED_TAIL = {"value", "val", "str", "string", "plain", "plaintext", "raw", "default", "literal", "hex", "b",
                 "bytes", "clear", "cleartext", "b64", "base"}
_NON_SECRET_PREFIX = {"page", "next", "prev", "previous", "continuation", "cursor", "pagination", "bos", "eos", "pad",
                      "unk", "sep", "cls", "mask", "start", "end", "special", "sync", "cancel", "cancellation", "max",
                      "min", "num", "n", "total", "count", "hash", "hashed", "encrypted", "enc", "masked", "fake",
                      "dummy", "mock", "example", "sample", "first", "second", "last", "single", "multi", "by",
                      "no", "skip", "bypass", "forgot", "show", "hide", "has", "is", "use", "require", "requires",
                      "validate", "check", "verify", "input", "field", "form", "tokenizer", "vocab",
                      "stop", "eot", "image", "im", "generate", "get", "load", "read", "create", "make", "fetch",
                      "rotate", "update", "delete", "remove", "revoke", "request", "encode", "decode", "sign",
                      "parse", "store", "save", "send", "include", "allow", "enable", "disable", "ignore", "on",
                      "handle", "process", "lookup", "find", "reset", "change", "set"}

# Names that the framework-key rule owns (config style).
FRAMEWORK_KEY_NAMES = {
    "SECRET_KEY", "JWT_SECRET_KEY", "JWT_SECRET", "SESSION_SECRET", "SESSION_SECRET_KEY", "WTF_CSRF_SECRET_KEY",
    "SECRET_KEY_BASE", "SIGNING_KEY", "JWT_SIGNING_KEY", "FLASK_SECRET_KEY", "DJANGO_SECRET_KEY", "APP_SECRET_KEY",
    "COOKIE_SECRET", "AUTH_SECRET", "TOKEN_SECRET", "JWT_KEY", "SECURITY_PASSWORD_SALT", "SECURITY_TOTP_SECRETS",
    "CSRF_SECRET", "SESSION_KEY",
}


@functools.lru_cache(maxsize=8192)
def secret_name(name: str | None) -> bool:
    """``db_password``, ``API_KEY``, ``clientSecret``, ``self._token``; not ``token_type``, ``password_label``,
    ``PASSWORD_RESET_URL``, ``max_tokens``, ``eos_token``."""
    if not name:
        return False
    words = name_words(name)
    end = None
    for i, w in enumerate(words):
        if w in _SECRET_WORDS or (len(w) > 6 and w.endswith(_SECRET_SUFFIXES) and w not in ("detoken", "retoken")) or w == "key" and i > 0 and words[i - 1] in _KEY_QUALIFIERS:
            end = i
        elif w == "id" and i > 1 and words[i - 2:i] == ["access", "key"]:
            end = i  # AWS_ACCESS_KEY_ID: half of a credential pair
    if end is None:
        return False
    if any(w not in _ALLOWED_TAIL for w in words[end + 1:]):
        return False
    return not any(w in _NON_SECRET_PREFIX for w in words[:end])


_WEAK_WORDS = {"token", "pass", "pw", "pwd", "auth", "creds"}


_WEAK_KEY_QUALIFIERS = {"app", "service", "license", "account", "consumer", "admin", "subscription"}


def _weak_secret_name(name: str) -> bool:
    """Names whose secret word is ambiguous (a lexer ``token``, ``user_pass``, ``app_key``): the value must look
    like a credential."""
    words = [w for w in name_words(name) if w not in _ALLOWED_TAIL]
    if not words:
        return False
    return words[-1] in _WEAK_WORDS or (words[-1] == "key" and len(words) > 1 and words[-2] in _WEAK_KEY_QUALIFIERS)


def _credential_shaped(value: str) -> bool:
    stripped = value.strip()
    if len(stripped) >= 12:
        return True
    has_digit = any(c.isdigit() for c in stripped)
    mixed = any(c.islower() for c in stripped) and any(c.isupper() for c in stripped[1:])
    symbol = any(not c.isalnum() for c in stripped)
    return len(stripped) >= 6 and (has_digit or mixed or symbol)


def framework_key_site(kind: str, name: str | None) -> bool:
    """Sites PY-SECRET-FRAMEWORK-KEY reports (so PY-SECRET-PASSWORD stays away from them)."""
    if not name:
        return False
    if kind in ("name", "env"):
        return name.upper() in FRAMEWORK_KEY_NAMES
    if kind == "attr":
        return name == "secret_key" or (name.isupper() and name in FRAMEWORK_KEY_NAMES)
    return name in FRAMEWORK_KEY_NAMES  # subscript, dict key, keyword: config style, upper case


# ---------------------------------------------------------------------------
# Values that are not secrets
# ---------------------------------------------------------------------------

_NON_SECRET_VALUES = {
    "bearer", "basic", "digest", "token", "jwt", "oauth", "oauth2", "none", "null", "nil", "undefined", "true", "false",
    "yes", "no", "n/a", "na", "hidden", "redacted", "masked", "removed", "required", "optional", "string", "str", "text",
    "header", "query", "cookie", "body", "form", "hs256", "hs384", "hs512", "rs256", "rs512", "es256", "sha256", "md5",
    "plain", "plaintext", "login", "username", "email", "access", "refresh", "id", "api_key", "apikey", "access_token",
    "refresh_token", "id_token", "client_credentials", "authorization_code", "implicit", "authorization", "session",
    "sessionid", "csrftoken", "csrfmiddlewaretoken", "x-api-key", "x-auth-token", "x-csrftoken", "x-csrf-token",
    "x-xsrf-token", "xsrf-token", "client_secret", "client_id", "secret_key", "private_key", "passwd", "pwd",
    "new_password", "old_password", "confirm_password", "current_password", "pass",
    "bytes", "int", "bool", "secretstr", "env", "environment", "vault", "keyring", "aws", "gcp", "azure", "file",
    "sha1", "sha512", "argon2", "bcrypt", "pbkdf2", "scrypt", "api-key", "auth", "key", "value",
    "unknown", "default", "empty", "blank", "disabled", "enabled", "on", "off", "*", "tbd", "todo", "fixme",
    "replace_me", "replace-me", "replaceme", "notset", "not_set", "not-set", "unset", "secret_token",
}
_PLACEHOLDER = re.compile(
    r"^<[^<>]*>$|^\[[^\[\]]*\]$|^\([^()]*\)$|\$\{|\{\{|%\(\w+\)s|\{\w*\}|^\$[A-Za-z_]\w*$|^%[A-Za-z_]\w*%$|"
    r"^(.)\1*$|your[_\-\s]?(?:own[_\-\s]?)?(?:password|pass|secret|token|key|api)|insert|put[_\-]?your|"
    r"^enter[_\-\s]|placeholder|^x{3,}|\*{3,}|^\.{3,}",
    re.IGNORECASE,
)
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_HASH_PREFIX = re.compile(r"^(?:pbkdf2|\$2[abxy]?\$|\$argon2|argon2|bcrypt|sha1\$|md5\$|sha256\$|scrypt:|\$[156]\$|\{S?SHA\}|\{CRYPT\}|\$pbkdf2)", re.IGNORECASE)
_FILE_NAME = re.compile(r"\.(?:json|txt|pem|key|crt|cer|der|yaml|yml|env|ini|cfg|conf|p12|pfx|jks|keystore|gpg|asc|enc|db|sqlite|toml|xml|csv|log|secret|py)$", re.IGNORECASE)


def looks_secret(value: str, name: str | None = None, assignment: bool = False) -> bool:
    """A value that could be a real password/key (not a label, placeholder, path, env var name or hash)."""
    stripped = value.strip()
    if len(stripped) < 3 or stripped != value and not value.endswith("\n"):
        return False
    low = stripped.lower()
    if any(c.isspace() for c in stripped):
        return False  # prompts, labels, messages, templates
    if low in _NON_SECRET_VALUES:
        return False
    if name:
        plain_value, plain_name = re.sub(r"[^a-z0-9]", "", low), re.sub(r"[^a-z0-9]", "", name.lower())
        if assignment and plain_value == plain_name:
            return False  # PASSWORD = "password": a field-name constant
        if plain_value != plain_name and plain_value.rstrip("s") == plain_name.rstrip("s"):
            return False  # {"credentials": "credential"}: its own name in another number, a label
    if _PLACEHOLDER.search(stripped):
        return False
    if _ENV_NAME.match(stripped):
        return False  # the NAME of an environment variable
    if stripped.endswith((":", "?")) or stripped.startswith(("/", "./", "../", "~/", "#")) or "\\" in stripped and ":\\" in stripped:
        return False
    if "://" in stripped or stripped.startswith("www."):
        return False  # a URL (connection strings with passwords are checked separately)
    if _HASH_PREFIX.match(stripped) or _FILE_NAME.search(stripped):
        return False
    if stripped[0].isupper() and stripped[1:].islower() and low in _SECRET_WORDS:
        return False  # a label: "Password"
    if re.fullmatch(r"[a-z]+(?:[._][a-z]+)+", low) and any(w in low for w in ("pass", "secret", "token", "key", "auth", "pwd")):
        return False  # a field or setting path: "user.password", "auth_token"
    if re.search(r"\\[wdsWDSbB]|\(\?[=!:<P]|\[\^|\.\*|\.\+|\\\.", stripped):
        return False  # a regular expression
    if re.fullmatch(r"x-[a-z\-]+", low):
        return False  # a header name
    return not re.fullmatch(r"[a-z]+(?:\.[a-z_]+)+", low)  # a dotted path is not a secret


def _repeated(ctx: CheckContext, expr: ast.BinOp) -> str | None:
    """``"00" * 32`` / ``b"\\0" * 16``: a literal repeated a constant number of times (kept short)."""
    if not isinstance(expr.op, ast.Mult):
        return None
    left, right = ctx.constant(expr.left), ctx.constant(expr.right)
    if isinstance(left, int) and not isinstance(left, bool):
        left, right = right, left
    if not isinstance(right, int) or isinstance(right, bool) or not 0 < right <= 1024:
        return None
    text = _string_value(left)
    if text is None or not text or len(text) * right > 4096:
        return None
    return text * right


def _literal(ctx: CheckContext, expr: ast.AST | None) -> tuple[str, ast.AST] | None:
    """A string written at this spot: a literal, constant concatenation, ``SecretStr("...")``, ``"00" * 32``."""
    if expr is None:
        return None
    if isinstance(expr, ast.Call) and expr.args and ctx.call_name(expr).rsplit(".", 1)[-1] in ("SecretStr", "SecretBytes", "Secret"):
        return _literal(ctx, expr.args[0])
    if isinstance(expr, (ast.Constant, ast.JoinedStr, ast.BinOp)):
        value = _string_value(ctx.constant(expr))
        if value is None and isinstance(expr, ast.BinOp):
            value = _repeated(ctx, expr)
        if value is not None:
            return value, expr
    return None


# ---------------------------------------------------------------------------
# PY-SECRET-PASSWORD
# ---------------------------------------------------------------------------


def _report_password(ctx: CheckContext, node: ast.AST, name: str, value: str) -> None:
    ctx.report(
        node,
        message=f"Hard-coded credential for '{name}' ({mask(value)}): everyone who can read the code or its history "
        "has it. Read it from the environment or a secret store, and rotate it.",
    )


def _password_value(ctx: CheckContext, kind: str, name: str | None, expr: ast.AST | None,
                    assignment: bool = False) -> tuple[str, ast.AST] | None:
    """The literal PY-SECRET-PASSWORD reports for ``name`` = ``expr``, or None."""
    if not secret_name(name) or framework_key_site(kind, name):
        return None
    found = _literal(ctx, expr)
    if found is None:
        return None
    value, node = found
    if not looks_secret(value, name, assignment) or token_match(value, name, strict=False):
        return None
    if name and _weak_secret_name(name) and not _credential_shaped(value):
        return None
    return value, node


def _candidate(ctx: CheckContext, kind: str, name: str | None, expr: ast.AST | None, assignment: bool = False) -> None:
    found = _password_value(ctx, kind, name, expr, assignment)
    if found is not None:
        _report_password(ctx, found[1], name or "", found[0])


# -- secret salts and peppers ------------------------------------------------------

_SALT_WORDS = {"salt", "pepper"}
# APIs whose `salt=` is a namespace, not a secret: itsdangerous, django.core.signing, Hashids.
_NAMESPACE_SALT_CALL = re.compile(r"(itsdangerous|signing|Serializer|Signer|(^|\.)(dumps|loads)$|get_signed_cookie|"
                                  r"set_signed_cookie|Hashids|make_token)", re.IGNORECASE)


def _salt_name(name: str | None) -> bool:
    """``LEGACY_GATEWAY_SALT``, ``hmac_salt``, ``PASSWORD_PEPPER``, ``self._pepper``; not ``SALT_LENGTH``."""
    if not name:
        return False
    words = [w for w in name_words(name) if w not in _ALLOWED_TAIL]
    return bool(words) and words[-1] in _SALT_WORDS and not any(w in _NON_SECRET_PREFIX for w in words[:-1])


def _secret_salt_value(value: str) -> bool:
    """A value that looks made to be secret: letters and digits mixed (``k3y-s4lt-gw-2015``), or random bytes.

    Words (``"email-confirm"``, ``"django.contrib.sessions"``) are namespaces, not secrets."""
    stripped = value.strip()
    if len(stripped) < 8 or not looks_secret(value):
        return False
    if re.search(r"[0-9]", stripped) and len(re.findall(r"[A-Za-z]", stripped)) >= 3:
        return not re.fullmatch(r"[a-z]+(?:[._\-][a-z]+)*[._\-]?v?\d{1,2}", stripped)  # "email-confirm-v2"
    return len(stripped) >= 16 and _entropy(stripped) >= 3.5 and not stripped.isalpha()


def _salt_is_namespace(ctx: CheckContext, name: str) -> bool:
    """The constant is passed as ``salt=`` to itsdangerous / django.core.signing: a namespace, not a secret."""
    for node in nodes_of(ctx.info, ast.Call):
        if isinstance(node, ast.Call) and _NAMESPACE_SALT_CALL.search(ctx.call_name(node) or ""):
            for kw in node.keywords:
                if kw.arg == "salt" and isinstance(kw.value, (ast.Name, ast.Attribute)):
                    used = kw.value.id if isinstance(kw.value, ast.Name) else kw.value.attr
                    if used == name:
                        return True
    return False


def _salt_candidate(ctx: CheckContext, kind: str, name: str, expr: ast.AST | None) -> None:
    """``LEGACY_GATEWAY_SALT = b"k3y-s4lt-gw-2015"``: a secret salt or pepper mixed into an HMAC or hash."""
    if kind == "env" or framework_key_site(kind, name) or not _salt_name(name):
        return
    found = _literal(ctx, expr)
    if found is None:
        return
    value, node = found
    if not _secret_salt_value(value) or token_match(value, name, strict=False) or _salt_is_namespace(ctx, name):
        return
    what = "pepper" if "pepper" in name_words(name) else "salt"
    ctx.report(
        node,
        message=f"Hard-coded secret {what} for '{name}' ({mask(value)}): a constant mixed into a hash or signature is a "
        "key, and everyone with the source has it (they can forge the signatures or precompute the hashes). Load it "
        "from the environment or a secret store and rotate it; a per-record salt comes from os.urandom().",
    )


def _enum_class(ctx: CheckContext, node: ast.AST) -> bool:
    cls = ctx.parent(node)
    if not isinstance(cls, ast.ClassDef):
        return False
    for base in cls.bases:
        text = ctx.qualname(base) or ""
        if re.search(r"(Enum|Choices|Flag)$", text):
            return True
    return False


def _password_scope_ok(ctx: CheckContext) -> bool:
    return not dev_or_test_module(ctx)


@check("PY-SECRET-PASSWORD", ast.Assign, ast.AnnAssign)
def password_assign(node: ast.AST, ctx: CheckContext) -> None:
    if not _password_scope_ok(ctx) or _enum_class(ctx, node):
        return
    for target, value in assignment_pairs(node):
        key = target_key(target)
        if key is None:
            continue
        kind, name = key
        env = env_lookup(ctx, value) if isinstance(value, ast.Call) else None
        if env is not None:
            continue  # handled at the call (the default argument)
        _candidate(ctx, kind, name, value, assignment=kind in ("name", "attr"))
        _salt_candidate(ctx, kind, name, value)
        if kind == "subscript":
            _header_credential(ctx, name, value)


_AUTH_HEADERS = {"authorization", "proxy-authorization", "x-api-key", "x-auth-token", "api-key", "apikey",
                 "x-access-token", "private-token", "x-private-token", "x-apikey", "x-token", "x-secret", "cookie"}
_AUTH_SCHEME = re.compile(r"^(?:bearer|token|basic|apikey|api-key|key|digest|jwt|sso-key|bot|sessionid=|session=)\s*", re.IGNORECASE)


def _header_credential(ctx: CheckContext, header: str, expr: ast.AST | None) -> None:
    """``{"Authorization": "Bearer 9f8e..."}``: a literal credential in a request header."""
    if header.lower() not in _AUTH_HEADERS:
        return
    found = _literal(ctx, expr)
    if found is None:
        return
    value, node = found
    credential = _AUTH_SCHEME.sub("", value.strip(), count=1)
    if " " in credential or not credential:  # an unknown scheme with parameters, or nothing
        return
    if not looks_secret(credential) or not _credential_shaped(credential) or token_match(value, strict=False):
        return
    _report_password(ctx, node, header, credential)


@check("PY-SECRET-PASSWORD", ast.Dict)
def password_dict(node: ast.Dict, ctx: CheckContext) -> None:
    if not _password_scope_ok(ctx):
        return
    for key, value in zip(node.keys, node.values):
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            _candidate(ctx, "dict", key.value, value)
            _header_credential(ctx, key.value, value)


@check("PY-SECRET-PASSWORD", ast.Compare)
def password_compare(node: ast.Compare, ctx: CheckContext) -> None:
    if not _password_scope_ok(ctx):
        return
    operands = [node.left, *node.comparators]
    for i, op in enumerate(node.ops):
        if not isinstance(op, (ast.Eq, ast.NotEq)):
            continue
        for side, other in ((operands[i], operands[i + 1]), (operands[i + 1], operands[i])):
            key = target_key(side) if isinstance(side, (ast.Name, ast.Attribute, ast.Subscript)) else None
            if key is None and isinstance(side, ast.Call) and isinstance(side.func, ast.Attribute) and side.func.attr == "get" and side.args:
                k = ctx.constant(side.args[0])
                key = ("dict", k) if isinstance(k, str) else None
            if key is not None and isinstance(other, ast.Constant):
                _candidate(ctx, key[0], key[1], other)


def _defaults(args: ast.arguments) -> Iterator[tuple[ast.arg, ast.expr]]:
    positional = [*args.posonlyargs, *args.args]
    for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults):
        yield arg, default
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        if default is not None:
            yield arg, default


@check("PY-SECRET-PASSWORD", ast.NamedExpr)
def password_walrus(node: ast.NamedExpr, ctx: CheckContext) -> None:
    if _password_scope_ok(ctx):
        _candidate(ctx, "name", node.target.id, node.value, assignment=True)


@check("PY-SECRET-PASSWORD", ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
def password_default(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, ctx: CheckContext) -> None:
    if not _password_scope_ok(ctx):
        return
    for arg, default in _defaults(node.args):
        _candidate(ctx, "keyword", arg.arg, default)


_LOGIN_METHODS = {"login": 1, "simple_bind_s": 1, "simple_bind": 1, "bind_s": 1, "starttls_login": 1, "authenticate": 1,
                  "username_pw_set": 1, "set_auth_credentials": 1}  # paho-mqtt, gmqtt
_BASIC_AUTH = {"requests.auth.HTTPBasicAuth", "requests.auth.HTTPDigestAuth", "requests.HTTPBasicAuth",
               "aiohttp.BasicAuth", "httpx.BasicAuth", "httpx.DigestAuth", "HTTPBasicAuth", "HTTPDigestAuth", "BasicAuth"}
_AUTH_TUPLE_KW = {"auth", "basic_auth", "http_auth", "credentials", "login"}
_OPTION_CALLS = re.compile(r"(^click\.option$|^typer\.Option$|\.add_argument$|^add_argument$)")


@check("PY-SECRET-PASSWORD", ast.Call)
def password_call(node: ast.Call, ctx: CheckContext) -> None:
    if not _password_scope_ok(ctx):
        return
    name = ctx.call_name(node)
    # keyword arguments: connect(password="hunter2"), dict(api_key="...")
    signing_call = _signing_call(ctx, node) is not None
    for kw in node.keywords:
        if kw.arg is None:
            continue
        if signing_call and kw.arg in ("secret_key", "secret", "key"):
            continue
        if kw.arg in _AUTH_TUPLE_KW and isinstance(kw.value, (ast.Tuple, ast.List)) and len(kw.value.elts) == 2:
            _candidate(ctx, "keyword", "password", kw.value.elts[1])
            continue
        _candidate(ctx, "keyword", kw.arg, kw.value)
        if isinstance(kw.value, ast.Name) and not secret_name(kw.value.id) and not framework_key_site("keyword", kw.arg):
            _follow_name(ctx, kw.arg, kw.value)
    # environment fallbacks: os.getenv("DB_PASSWORD", "s3cr3t")
    env = env_lookup(ctx, node)
    if env is not None:
        key, default = env
        if key and default is not None and not framework_key_site("env", key):
            _candidate(ctx, "env", key, default)
        return
    # positional passwords
    method = ctx.method_name(node)
    if method in _LOGIN_METHODS and len(node.args) == 2:
        _candidate(ctx, "keyword", "password", node.args[1])
        return
    if method in ("pass_", "set_password") and len(node.args) == 1:
        _candidate(ctx, "keyword", "password", node.args[0])
        return
    if name in _BASIC_AUTH and len(node.args) >= 2:
        _candidate(ctx, "keyword", "password", node.args[1])
        return
    # CLI options: click.option("--password", default="admin"), parser.add_argument("--token", default=...)
    if _OPTION_CALLS.search(name) and node.args:
        default = ctx.keyword(node, "default")
        if default is None:
            return
        flags = [ctx.constant(a) for a in node.args]
        option = next((f.lstrip("-") for f in flags if isinstance(f, str) and f.startswith("--")), None)
        if option is None:
            option = next((f for f in flags if isinstance(f, str) and not f.startswith("-")), None)
        if option:
            _candidate(ctx, "keyword", option.replace("-", "_"), default.value)


def _follow_name(ctx: CheckContext, kw_name: str, value: ast.Name) -> None:
    """``password=PG_PASS_VALUE`` where the name (not itself a secret name) is bound once to a literal."""
    if not secret_name(kw_name):
        return
    found = ctx.info.lookup(value)
    if found is None:
        return
    scope, values = found
    if len(values) != 1 or values[0] is None or value.id in scope.params:
        return
    literal = _literal(ctx, values[0])
    if literal is None:
        return
    text, node = literal
    if looks_secret(text, kw_name) and not token_match(text, kw_name, strict=False):
        _report_password(ctx, node, kw_name, text)  # where the value is written


# Passwords inside connection strings
_URL_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.\-]{1,20}://([^:/@\s'\"]*):([^@/\s'\"]+)@[^\s'\"]", re.IGNORECASE)
_DSN_PASSWORD = re.compile(r"(?:^|[\s;])(?:password|pwd|passwd)\s*=\s*([^\s;'\"]+)", re.IGNORECASE)


_TEMPLATE_USERS = {"user", "username", "usr", "name", "login", "", "admin_user", "db_user", "dbuser"}
_TEMPLATE_PASSWORDS = {"password", "pass", "passwd", "pwd", "secret", "pw"}


def _connection_password(text: str) -> str | None:
    for pattern, group in ((_URL_PASSWORD, 2), (_DSN_PASSWORD, 1)):
        if pattern is _URL_PASSWORD and any(c.isspace() for c in text.strip()):
            continue  # prose that shows the syntax ("scheme://[user:passwd@]host")
        for match in pattern.finditer(text):
            password = match.group(group)
            if pattern is _URL_PASSWORD:
                user = match.group(1)
                if re.search(r"[\[\]<>{}%$]", user) or (user.lower() in _TEMPLATE_USERS and password.lower() in _TEMPLATE_PASSWORDS):
                    continue
            if "\0" in password or _PLACEHOLDER.search(password) or _ENV_NAME.match(password):
                continue
            if re.fullmatch(r"[%{$<\[].*|.*[}>\]]", password) or password.lower() in ("none", "null", "x-oauth-basic"):
                continue
            if len(password) < 2:
                continue
            return password
    return None


@check("PY-SECRET-PASSWORD", ast.Constant, ast.JoinedStr)
def password_connection_string(node: ast.AST, ctx: CheckContext) -> None:
    if isinstance(node, ast.Constant):
        if not isinstance(node.value, str) or isinstance(ctx.parent(node), ast.JoinedStr):
            return
        if len(node.value) < 8 or ("@" not in node.value and "=" not in node.value) or _is_docstring(ctx, node):
            return
        text = node.value
    else:
        shape = ctx.string_shape(node)
        if shape is None:
            return
        text = shape.literal
        if "@" not in text and "=" not in text:
            return
    if not _password_scope_ok(ctx):
        return
    password = _connection_password(text)
    if password is None or token_match(text, strict=False):
        return
    ctx.report(
        node,
        message=f"This connection string embeds a password ({mask(password)}): everyone who can read the code has "
        "it. Build the URL from environment variables or a secret store, and rotate the password.",
    )


# ---------------------------------------------------------------------------
# PY-SECRET-FRAMEWORK-KEY
# ---------------------------------------------------------------------------

_JWT_CALLS = {"jwt.encode": 1, "jwt.decode": 1, "jose.jwt.encode": 1, "jose.jwt.decode": 1, "jwt.api_jwt.encode": 1,
              "jwt.api_jwt.decode": 1, "jwt.PyJWT().encode": 1, "jwt.PyJWT().decode": 1}
_SIGNING_CALLS = {
    "itsdangerous.URLSafeTimedSerializer": 0, "itsdangerous.URLSafeSerializer": 0, "itsdangerous.TimedSerializer": 0,
    "itsdangerous.Serializer": 0, "itsdangerous.Signer": 0, "itsdangerous.TimestampSigner": 0,
    "itsdangerous.url_safe.URLSafeTimedSerializer": 0, "itsdangerous.url_safe.URLSafeSerializer": 0,
    "hmac.new": 0, "hmac.digest": 0, "hmac.HMAC": 0, "cryptography.fernet.Fernet": 0,
    "django.core.signing.Signer": None, "django.core.signing.TimestampSigner": None, "django.core.signing.dumps": None,
    "django.core.signing.loads": None, "authlib.jose.jwt.encode": 2, "authlib.jose.jwt.decode": 1,
    "starlette.middleware.sessions.SessionMiddleware": None, "jwt.JWT().encode": 1,
    # encryption keys
    "Crypto.Cipher.AES.new": 0, "Cryptodome.Cipher.AES.new": 0, "Crypto.Cipher.ChaCha20.new": None,
    "Crypto.Cipher.ChaCha20_Poly1305.new": None, "Crypto.Cipher.Salsa20.new": None,
    "cryptography.hazmat.primitives.ciphers.algorithms.AES": 0,
    "cryptography.hazmat.primitives.ciphers.algorithms.ChaCha20": 0,
    "cryptography.hazmat.primitives.ciphers.aead.AESGCM": 0, "cryptography.hazmat.primitives.ciphers.aead.AESCCM": 0,
    "cryptography.hazmat.primitives.ciphers.aead.ChaCha20Poly1305": 0,
    "cryptography.hazmat.primitives.ciphers.aead.AESSIV": 0, "nacl.secret.SecretBox": 0,
}
_SIGNING_KW = ("key", "secret_key", "secret", "signing_key")


def _signing_call(ctx: CheckContext, node: ast.Call) -> tuple[str, ast.AST | None] | None:
    """(what, key expression) for calls that take a signing/encryption key."""
    name = ctx.call_name(node)
    if name in _JWT_CALLS:
        return "JWT", ctx.argument(node, _JWT_CALLS[name], "key")
    if name in _SIGNING_CALLS:
        position = _SIGNING_CALLS[name]
        expr = None
        for kw in _SIGNING_KW:
            expr = ctx.argument(node, None, kw)
            if expr is not None:
                break
        if expr is None and position is not None:
            expr = ctx.argument(node, position)
        if name.startswith("hmac"):
            what = "HMAC"
        elif "fernet" in name or "Cipher" in name or "ciphers" in name or "nacl" in name:
            what = "FERNET"  # an encryption key
        else:
            what = "signing"
        return what, expr
    if (isinstance(node.func, ast.Attribute) and node.func.attr == "add_middleware" and node.args
            and (ctx.qualname(node.args[0]) or "").endswith("SessionMiddleware")):
        return "session", ctx.argument(node, None, "secret_key")
    return None


def _key_value_ok(value: str) -> bool:
    stripped = value.strip()
    if not stripped or "PUBLIC KEY" in stripped or "CERTIFICATE" in stripped:
        return False
    if _PLACEHOLDER.search(stripped) and not re.fullmatch(r"(.)\1{7,}", stripped):
        return False
    if _ENV_NAME.match(stripped) and len(stripped) < 40:
        return False
    if stripped.lower() in ("none", "null", "", "secret_key", "jwt_secret_key", "env", "key"):
        return False
    return token_match(value, strict=False) is None


def _report_key(ctx: CheckContext, node: ast.AST, name: str, value: str) -> None:
    """``name``: the setting (SECRET_KEY, JWT_SECRET_KEY...) or the kind of call (JWT, HMAC, session...)."""
    upper = name.upper()
    if "django-insecure" in value or (upper in ("SECRET_KEY", "DJANGO_SECRET_KEY") and ctx.imports("django")
                                      and not ctx.imports("flask") and not ctx.imports("fastapi")):
        what, harm = "Django SECRET_KEY", "forge session cookies, password-reset links and any signed value"
    elif "JWT" in upper:
        what, harm = "JWT signing key", "mint valid tokens for any user"
    elif upper == "HMAC":
        what, harm = "HMAC key", "compute valid signatures for any message"
    elif "FERNET" in upper:
        what, harm = "encryption key", "decrypt the data and forge new ciphertexts"
    elif upper in ("SECRET_KEY", "FLASK_SECRET_KEY", "APP_SECRET_KEY", "SESSION", "SESSION_SECRET", "SESSION_SECRET_KEY",
                   "SESSION_KEY", "COOKIE_SECRET"):
        what, harm = f"session secret key ({name})" if name.isupper() else "session secret key", \
            "forge session cookies (log in as anyone) and any signed value"
    else:
        what, harm = (f"signing key ({name})" if name.isupper() else "signing key"), "forge what it signs"
    variable = _fallback_variable(ctx, node)
    if variable is not None:
        zero = "an all-zero " if re.fullmatch(r"(0|\\x00|\x00)+", value.strip()) else "a "
        ctx.report(
            node,
            message=f"Hard-coded {what} ({mask(value)}) used whenever {variable} is unset: {zero}constant key that "
            f"anyone with the source can use to {harm}. Fail at start-up when the variable is missing instead of "
            "falling back to a literal.",
        )
        return
    ctx.report(
        node,
        message=f"Hard-coded {what} ({mask(value)}): anyone with the source can {harm}. Load it from the "
        "environment or a secret store, and rotate it.",
    )


def _key_candidate(ctx: CheckContext, name: str, expr: ast.AST | None) -> None:
    found = _literal(ctx, expr) or _key_material(ctx, expr)
    if found is None:
        return
    value, node = found
    if _key_value_ok(value):
        _report_key(ctx, node, name, value)


# Key material written as a literal and turned into bytes: bytes.fromhex("8a1f..."), b64decode("..."), "...".encode()
_DECODERS = {
    "bytes.fromhex": 16, "binascii.unhexlify": 16, "binascii.a2b_hex": 16, "base64.b64decode": 16,
    "base64.urlsafe_b64decode": 16, "base64.standard_b64decode": 16, "base64.b32decode": 16, "base64.b16decode": 16,
    "base64.b85decode": 16, "codecs.decode": 16,
}
_ENCODERS = {"base64.b64encode", "base64.urlsafe_b64encode", "base64.standard_b64encode", "binascii.hexlify"}
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_B64 = re.compile(r"^[A-Za-z0-9+/_\-]+={0,2}$")


def _key_material(ctx: CheckContext, expr: ast.AST | None, derived: bool = False, depth: int = 0) -> tuple[str, ast.AST] | None:
    """(literal text, literal node) when ``expr`` is a literal turned into key bytes.

    ``bytes.fromhex("8a1f...")`` / ``binascii.unhexlify`` / ``base64.b64decode`` (at least 16 bytes of key),
    ``"...".encode()`` / ``bytes("...", "utf-8")``; with ``derived`` also ``base64.urlsafe_b64encode(b"...")`` and
    ``hashlib.sha256(b"...").digest()`` (a key computed from a constant is still a constant key).
    """
    if not isinstance(expr, ast.Call) or depth > 3:
        return None
    name = ctx.call_name(expr)
    inner = expr.args[0] if expr.args else None
    if name in _DECODERS:
        if name == "codecs.decode" and ctx.constant(ctx.argument(expr, 1, "encoding")) not in ("hex", "hex_codec", "base64"):
            return None
        found = _literal(ctx, inner) or _fallback(ctx, inner, any_get=True) or _key_material(ctx, inner, derived, depth + 1)
        if found is None:
            return None
        text = found[0].strip()
        if "fromhex" in name or "hex" in name or name == "base64.b16decode" or name == "codecs.decode" and _HEX.match(text):
            ok = _HEX.match(text.replace(" ", "")) and len(text.replace(" ", "")) >= 32
        else:
            ok = _B64.match(text) and len(text) >= 22
        return found if ok else None
    if isinstance(expr.func, ast.Attribute) and expr.func.attr == "encode" and not expr.keywords and len(expr.args) <= 2:
        return _literal(ctx, expr.func.value) or _fallback(ctx, expr.func.value)
    if name in ("bytes", "bytearray") and len(expr.args) >= 2:
        return _literal(ctx, inner) or _fallback(ctx, inner)
    if derived:
        if name in _ENCODERS:
            return _literal(ctx, inner) or _key_material(ctx, inner, derived, depth + 1)
        if isinstance(expr.func, ast.Attribute) and expr.func.attr in ("digest", "hexdigest") and isinstance(expr.func.value, ast.Call):
            hashed = expr.func.value
            if ctx.call_name(hashed).startswith("hashlib.") and hashed.args:
                return _literal(ctx, hashed.args[0]) or _key_material(ctx, hashed.args[0], derived, depth + 1)
    return None


def _fallback(ctx: CheckContext, expr: ast.AST | None, any_get: bool = False) -> tuple[str, ast.AST] | None:
    """The literal default of an environment read -- ``os.environ.get("KIOSK_DEVICE_KEY", "00" * 32)`` -- used as the
    key whenever the variable is unset.  With ``any_get`` (the value is decoded into key bytes) also the default of
    any ``.get(name, default)``.  Not the defaults PY-SECRET-PASSWORD reports (``os.getenv("API_KEY", "...")``)."""
    if not isinstance(expr, ast.Call):
        return None
    env = env_lookup(ctx, expr)
    if env is None and any_get and isinstance(expr.func, ast.Attribute) and expr.func.attr == "get" and len(expr.args) == 2:
        key = ctx.constant(expr.args[0])
        env = (key if isinstance(key, str) else None), expr.args[1]
    if env is None or env[1] is None:
        return None
    found = _literal(ctx, env[1])
    if found is None or _password_value(ctx, "env", env[0], env[1]) is not None:
        return None
    return found


def _fallback_variable(ctx: CheckContext, literal: ast.AST) -> str | None:
    """The variable whose default ``literal`` is, when it is one."""
    parent = ctx.parent(literal)
    if isinstance(parent, ast.keyword):
        parent = ctx.parent(parent)
    if not isinstance(parent, ast.Call) or _fallback(ctx, parent, any_get=True) is None:
        return None
    key = ctx.constant(parent.args[0]) if parent.args else None
    return key if isinstance(key, str) else "the variable"


_KEY_NAME_ENDS = {"key", "keys", "secret", "secrets"}
_NOT_KEY_WORDS = {
    "public", "pub", "cache", "sort", "primary", "foreign", "redis", "s3", "object", "bucket", "dict", "lookup", "id",
    "name", "path", "file", "prefix", "suffix", "env", "var", "header", "column", "index", "partition", "shard", "row",
    "range", "hash", "partition", "idempotency", "dedup", "map", "group", "label", "field_name", "attr", "attribute",
    "json", "config", "setting", "settings", "registry", "storage", "key_id", "kid", "fingerprint", "test", "example",
    "dummy", "fake", "mock", "sample", "default", "placeholder",
}
# Qualifiers that make `X_KEY = "...".encode()` a cryptographic key rather than a lookup key.
_CRYPTO_KEY_QUALIFIERS = {
    "secret", "encryption", "encrypt", "enc", "signing", "sign", "hmac", "aes", "cipher", "crypto", "master", "private",
    "fernet", "jwt", "session", "field", "data", "wrapping", "shared", "symmetric", "mac", "token", "webhook", "app",
    "api", "auth", "cookie", "csrf", "license", "kek", "dek",
}


def _key_material_name(name: str | None, strong: bool) -> bool:
    """A name that means key material: FIELD_KEY, key, aes_key, HMAC_SECRET (``strong``: also `key`/`secret` alone)."""
    if not name:
        return False
    words = [w for w in name_words(name) if w not in _ALLOWED_TAIL]
    if not words or words[-1] not in _KEY_NAME_ENDS or set(words) & _NOT_KEY_WORDS:
        return False
    if len(words) == 1:
        return strong
    return strong or bool(set(words[:-1]) & _CRYPTO_KEY_QUALIFIERS) or words[-1] in ("secret", "secrets")


@check("PY-SECRET-FRAMEWORK-KEY", ast.Assign, ast.AnnAssign)
def key_material_assign(node: ast.AST, ctx: CheckContext) -> None:
    """``FIELD_KEY = bytes.fromhex("8a1f...")``: key bytes written into the code, whatever uses them later."""
    if dev_or_test_module(ctx):
        return
    for target, value in assignment_pairs(node):
        key = target_key(target)
        if key is None or not isinstance(value, ast.Call) or framework_key_site(key[0], key[1]):
            continue
        found = _key_material(ctx, value)
        if found is None:
            continue
        decoded = ctx.call_name(value) in _DECODERS
        if not _key_material_name(key[1], strong=decoded):
            continue
        text, literal = found
        if not decoded and not (looks_secret(text) and _credential_shaped(text) and len(text.strip()) >= 8):
            continue
        if _key_value_ok(text):
            _report_key(ctx, literal, _key_kind(key[1]), text)


def _key_kind(name: str) -> str:
    """How _report_key words the harm, from the key's name."""
    words = set(name_words(name))
    if "jwt" in words:
        return "JWT"
    if words & {"hmac", "mac", "webhook"}:
        return "HMAC"
    if words & {"sign", "signing", "signature", "session", "cookie", "csrf"}:
        return "signing"
    return "FERNET"  # an encryption key


@check("PY-SECRET-FRAMEWORK-KEY", ast.Assign, ast.AnnAssign)
def framework_key_assign(node: ast.AST, ctx: CheckContext) -> None:
    if dev_or_test_module(ctx):
        return
    for target, value in assignment_pairs(node):
        key = target_key(target)
        if key is None or not framework_key_site(key[0], key[1]):
            continue
        if isinstance(value, ast.Call) and env_lookup(ctx, value) is not None:
            continue  # reported at the call's default
        if _field_name_constant(ctx, node, value):
            continue
        _key_candidate(ctx, key[1], value)


_IDENTIFIER_VALUE = re.compile(r"^(?:[a-z]+(?:_[a-z]+)+|(?:[A-Z]+(?=[A-Z][a-z])|[A-Z][a-z]+)+)$")


def _field_name_constant(ctx: CheckContext, node: ast.AST, value: ast.AST) -> bool:
    """``SECRET_KEY = 'aws_secret_access_key'`` in a provider class: the name of a field, not a key.

    Only in a class that is not a configuration class (``class Config: SECRET_KEY = "my_secret_key"`` is a key)."""
    cls = ctx.parent(node)
    if not isinstance(cls, ast.ClassDef) or re.search(r"(config|settings|conf|cfg)\d*$", cls.name, re.IGNORECASE):
        return False
    text = ctx.constant(value)
    return isinstance(text, str) and bool(_IDENTIFIER_VALUE.match(text)) and bool(
        set(name_words(text)) & {"secret", "key", "token", "access", "password", "credential"})


@check("PY-SECRET-FRAMEWORK-KEY", ast.Dict)
def framework_key_dict(node: ast.Dict, ctx: CheckContext) -> None:
    if dev_or_test_module(ctx):
        return
    for key, value in zip(node.keys, node.values):
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and framework_key_site("dict", key.value):
            _key_candidate(ctx, key.value, value)


@check("PY-SECRET-FRAMEWORK-KEY", ast.Call)
def framework_key_call(node: ast.Call, ctx: CheckContext) -> None:
    if dev_or_test_module(ctx):
        return
    for kw in node.keywords:
        if kw.arg and framework_key_site("keyword", kw.arg):
            _key_candidate(ctx, kw.arg, kw.value)
    env = env_lookup(ctx, node)
    if env is not None:
        key, default = env
        if key and default is not None and framework_key_site("env", key):
            _key_candidate(ctx, key, default)
        return
    signing = _signing_call(ctx, node)
    if signing is None:
        return
    what, expr = signing
    if expr is None:
        return
    literal = _literal(ctx, expr) or _fallback(ctx, expr) or _key_material(ctx, expr, derived=True)
    if literal is None and isinstance(expr, ast.Name) and expr.id.upper() not in FRAMEWORK_KEY_NAMES:
        found = ctx.info.lookup(expr)
        if found is None or len(found[1]) != 1 or expr.id in found[0].params:
            return
        bound = found[1][0]
        if secret_name(expr.id):
            # PY-SECRET-PASSWORD reports a plain literal under a secret name; key bytes made from one are ours.
            literal = _key_material(ctx, bound, derived=True) if isinstance(bound, ast.Call) else None
        else:
            literal = _literal(ctx, bound) or _key_material(ctx, bound, derived=True)  # reported where the key is written
    if literal is not None:
        value, lit = literal
        if _key_value_ok(value):
            _report_key(ctx, lit, what, value)


# -- PY-PASSWORD-PLAINTEXT-CONFIG ------------------------------------------------------------

_CONFIG_CTORS = {"configparser.ConfigParser", "configparser.RawConfigParser", "configparser.SafeConfigParser",
                 "ConfigParser.ConfigParser", "ConfigParser.RawConfigParser", "ConfigParser.SafeConfigParser"}
_QSETTINGS = re.compile(r"^(PyQt[56]|PySide[26])\.QtCore\.QSettings$")
_PLAIN_PASSWORD_KEY = re.compile(r"^(\w+[_.\-/ ])?(password|passwd|pwd|passphrase|pass)$", re.IGNORECASE)
_PROTECTED_VALUE = re.compile(r"(hash|hashed|digest|encrypt|encrypted|cipher|enc|crypt|fernet|obfuscat|keyring|"
                              r"wrapped|sealed|protect|dpapi|kms)", re.IGNORECASE)


def _config_store(ctx: CheckContext, expr: ast.AST, kinds: str) -> bool:
    """``expr`` is a ConfigParser (``kinds`` "ini") or QSettings (``"qt"``) object built in this module."""
    values: list[ast.AST] = []
    if isinstance(expr, ast.Name):
        found = ctx.info.lookup(expr)
        values = [v for v in (found[1] if found else []) if v is not None]
    elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self":
        cls = next((a for a in ctx.ancestors(expr) if isinstance(a, ast.ClassDef)), None)
        if cls is not None:
            for sub in walk(cls):
                if isinstance(sub, ast.Assign) and any(
                    isinstance(t, ast.Attribute) and t.attr == expr.attr and isinstance(t.value, ast.Name) and t.value.id == "self"
                    for t in sub.targets
                ):
                    values.append(sub.value)
    for value in values:
        if not isinstance(value, ast.Call):
            continue
        name = ctx.call_name(value) or ""
        if "ini" in kinds and name in _CONFIG_CTORS:
            return True
        if "qt" in kinds and _QSETTINGS.match(name):
            return True
    return False


def _plain_password_value(ctx: CheckContext, value: ast.AST) -> bool:
    """A run-time value (not a literal, not an empty string) that is not visibly hashed or encrypted."""
    if ctx.is_constant(value):
        return False
    text = ctx.text(value)
    return not _PROTECTED_VALUE.search(text)


def _report_plain_password(ctx: CheckContext, node: ast.AST, key: str, where: str) -> None:
    ctx.report(
        node,
        message=(
            f"The password is written in clear text to {where} (key `{key}`): anyone who can read the file — other "
            "users, backups, a synced home directory, malware — gets it. Keep it in the OS keychain (keyring."
            "set_password) or ask for it again; store a hash if you only need to check it."
        ),
    )


@check("PY-PASSWORD-PLAINTEXT-CONFIG", ast.Assign)
def password_in_config_assign(node: ast.Assign, ctx: CheckContext) -> None:
    """``cp["login"] = {"user": u, "password": pw}`` and ``cp["login"]["password"] = pw``."""
    if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Subscript):
        return
    target = node.targets[0]
    if isinstance(node.value, ast.Dict) and _config_store(ctx, target.value, "ini"):
        for key, value in zip(node.value.keys, node.value.values):
            text = ctx.constant(key) if key is not None else None
            if isinstance(text, str) and _PLAIN_PASSWORD_KEY.match(text) and _plain_password_value(ctx, value):
                _report_plain_password(ctx, value, text, "the configuration file")
        return
    key = ctx.constant(target.slice)
    if (
        isinstance(key, str) and _PLAIN_PASSWORD_KEY.match(key) and isinstance(target.value, ast.Subscript)
        and _config_store(ctx, target.value.value, "ini") and _plain_password_value(ctx, node.value)
    ):
        _report_plain_password(ctx, node.value, key, "the configuration file")


@check("PY-PASSWORD-PLAINTEXT-CONFIG", ast.Call)
def password_in_config_call(node: ast.Call, ctx: CheckContext) -> None:
    """``cp.set("login", "password", pw)``, ``QSettings(...).setValue("login/password", pw)``."""
    method = ctx.method_name(node)
    if method == "set" and len(node.args) == 3:
        key, value, kinds, where = node.args[1], node.args[2], "ini", "the configuration file"
    elif method == "setValue" and len(node.args) == 2:
        key, value, kinds, where = node.args[0], node.args[1], "qt", "the QSettings store (a plain file or registry key)"
    else:
        return
    text = ctx.constant(key)
    if not isinstance(text, str) or not _PLAIN_PASSWORD_KEY.match(text):
        return
    if not _config_store(ctx, node.func.value, kinds) or not _plain_password_value(ctx, value):  # type: ignore[union-attr]
        return
    _report_plain_password(ctx, value, text, where)


def _first_statement(ctx: CheckContext) -> ast.stmt | None:
    """The module's first statement (its docstring, if it is a string): a fact, see facts.py."""
    body = ctx.info.tree.body
    return body[0] if body else None

"""Secrets written to logs: passwords, tokens and keys passed to a logging call.

Besides values named like a secret, three shapes of leak:

* a whole header, cookie or environment collection (``dict(request.headers)``, ``request.META``,
  ``os.environ``): it carries the Authorization header, session cookies and credentials;
* a connection string that embeds a password (``WAREHOUSE_DSN`` bound to
  ``"postgresql://user:pw@host/db"``, or a name such as ``DATABASE_URL`` / ``dsn``);
* a value the message itself calls a secret: ``log.info("api key %s created: %s", pk, raw_key)``,
  ``log.debug("access token %s", t)`` -- placeholders are mapped to their arguments.
"""

from __future__ import annotations

import ast
import re

from ..context import CheckContext
from ..registry import check
from ..walk import child_nodes
from .secrets import _NOT_KEY_WORDS, _connection_password, _weak_secret_name, name_words, secret_name

_LEVELS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log", "msg"}
_LOGGER_NAME = re.compile(r"(^|[._])(log|logger|logging|_log|_logger|structlog|loguru)$", re.IGNORECASE)
# Calls that make a secret safe to log: its length, a mask, a hash, a yes/no.
_MASKING = re.compile(r"(^|\.)(len|bool|mask\w*|redact\w*|obfuscate\w*|scrub\w*|censor\w*|saniti[sz]e\w*|hide\w*|"
                      r"hash\w*|sha\d+|md5|hexdigest|fingerprint\w*|truncate\w*|partial\w*|last\w*|isinstance|type|id|"
                      r"keys|startswith|endswith|count|isdigit|isalnum|isupper|islower)$", re.IGNORECASE)
# Attributes of a secret that still carry it (`token.value`, `url.netloc`); other attributes are properties of it.
_CARRYING_ATTRS = {"value", "val", "raw", "plain", "plaintext", "netloc", "data", "text", "content", "decoded", "bytes",
                   "hex", "secret", "get_secret_value"}


def _is_logging_call(node: ast.Call, ctx: CheckContext) -> bool:
    func = node.func
    if not isinstance(func, ast.Attribute) or func.attr not in _LEVELS:
        return False
    name = ctx.call_name(node)
    if name.startswith(("logging.", "loguru.logger.", "structlog.")):
        return True
    receiver = ctx.qualname(func.value) or ""
    if _LOGGER_NAME.search(receiver) or receiver.endswith((".logger", ".log")):
        return True
    # `slog = structlog.get_logger()`, `audit = logging.getLogger("audit")`
    if isinstance(func.value, ast.Name):
        found = ctx.info.lookup(func.value)
        values = found[1] if found else []
        return bool(values) and all(
            isinstance(v, ast.Call) and re.search(r"get_?logger$", ctx.call_name(v), re.IGNORECASE) for v in values
        )
    return False


# ---------------------------------------------------------------------------
# What a logged expression reads
# ---------------------------------------------------------------------------

_COLLECTIONS = {"headers", "cookies", "COOKIES", "META", "environ"}
_REQUEST_NAME = re.compile(r"(^|\.|_)(request|req|rq)$", re.IGNORECASE)
_COLLECTION_METHODS = {"items", "copy", "to_dict", "dict", "values", "to_wsgi_list", "__str__", "__repr__"}


def _whole_collection(node: ast.AST, ctx: CheckContext) -> str | None:
    """`request.headers`, `request.COOKIES`, `request.META`, `os.environ`: the text to show, when logged whole."""
    if not isinstance(node, ast.Attribute) or not isinstance(node.ctx, ast.Load):
        return None
    qual = ctx.qualname(node) or ""
    if qual == "os.environ":
        what = "os.environ"
    elif node.attr in _COLLECTIONS and _REQUEST_NAME.search(ctx.qualname(node.value) or ""):
        what = ctx.text(node)
    else:
        return None
    parent = ctx.parent(node)
    if isinstance(parent, ast.Subscript) and parent.value is node:
        return None  # request.headers["User-Agent"]: one header
    if isinstance(parent, ast.Attribute) and parent.value is node and parent.attr not in _COLLECTION_METHODS:
        return None  # request.headers.get("X-Request-Id"), request.cookies.keys()
    return what


_DSN_SYSTEMS = {"database", "db", "sqlalchemy", "mongo", "mongodb", "postgres", "postgresql", "pg", "mysql", "amqp",
                "broker", "rabbitmq", "rabbit", "celery", "warehouse", "psql", "mssql", "oracle", "dw"}
_DSN_NOT = {"host", "hostname", "name", "file", "path", "template", "format", "safe", "masked", "redacted", "hidden",
            "sanitized", "sanitised", "display", "public", "scheme", "driver", "port", "type", "env", "var", "key"}


def _dsn_name(name: str) -> bool:
    """`WAREHOUSE_DSN`, `DATABASE_URL`, `dsn`, `pg_conn_str`, `SQLALCHEMY_DATABASE_URI`."""
    words = set(name_words(name))
    if not words or words & _DSN_NOT:
        return False
    if "dsn" in words:
        return True
    if words & {"url", "uri"} and words & _DSN_SYSTEMS:
        return True
    return bool(words & {"conn", "connection"} and words & {"str", "string", "url", "uri", "info"})


def _bound_literal(node: ast.AST, ctx: CheckContext) -> str | None:
    """The string a name is bound to, if it is bound exactly once to a constant."""
    if not isinstance(node, ast.Name):
        return None
    found = ctx.info.lookup(node)
    if found is None:
        return None
    scope, values = found
    if len(values) != 1 or values[0] is None or node.id in scope.params:
        return None
    value = ctx.constant(values[0])
    return value if isinstance(value, str) else None


def _dsn_with_password(node: ast.AST, ctx: CheckContext) -> bool:
    """A connection string with a password: a name bound to such a literal, or named like a DSN and not bound to
    a literal without one."""
    if isinstance(node, ast.Name):
        name = node.id
    elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
        name = node.attr
    else:
        return False
    literal = _bound_literal(node, ctx)
    if literal is not None:
        return "@" in literal and _connection_password(literal) is not None
    if isinstance(node, ast.Name):
        found = ctx.info.lookup(node)
        if found is None and not name.isupper():
            return False  # a loop variable, a comprehension target...
    return _dsn_name(name)


def _called(node: ast.AST, ctx: CheckContext) -> bool:
    parent = ctx.parent(node)
    return isinstance(parent, ast.Call) and parent.func is node


def _masked_slice(node: ast.Subscript, ctx: CheckContext) -> bool:
    """token[:4], key[-4:]: a few characters, not the secret."""
    piece = node.slice
    if not isinstance(piece, ast.Slice) or piece.step is not None:
        return False
    lower = ctx.constant(piece.lower) if piece.lower is not None else 0
    upper = ctx.constant(piece.upper) if piece.upper is not None else None
    if lower in (0, None) and isinstance(upper, int) and 0 < upper <= 12:
        return True
    return upper is None and isinstance(lower, int) and -8 <= lower < 0


def _whole_lambda_event(node: ast.Name, ctx: CheckContext) -> bool:
    """The ``event`` of a Lambda handler ``(event, context)``, logged whole (not ``event["path"]``)."""
    if not isinstance(node.ctx, ast.Load):
        return False
    func = ctx.enclosing_function(node)
    if ctx.taint_analyzer.view_kind(func) != "lambda":
        return False
    args = [*func.args.posonlyargs, *func.args.args]  # type: ignore[union-attr]
    if node.id != args[0].arg:
        return False
    parent = ctx.parent(node)
    return not (isinstance(parent, (ast.Subscript, ast.Attribute)) and parent.value is node)


# ---------------------------------------------------------------------------
# Payment card data, credential headers, collections of secrets
# ---------------------------------------------------------------------------

_CARD_CODE_WORDS = {"cvv", "cvc", "cvn", "csc", "cid"}
_CARD_NUMBER_GLUED = {"cardnumber", "ccnumber", "ccnum", "cardno", "ccno", "creditcardnumber", "pan"}
_NUMBER_WORDS = {"number", "no", "num", "nr"}
_CARD_DESCRIPTIVE = {
    "last", "masked", "mask", "hash", "hashed", "token", "tokenized", "fingerprint", "bin", "prefix", "suffix", "length",
    "len", "type", "brand", "id", "count", "has", "is", "valid", "present", "check", "checks", "result", "status",
    "match", "required", "error", "expiry", "exp", "label", "field", "regex", "pattern", "format", "digits", "first",
    "country", "issuer", "network", "holder", "name", "redacted", "safe", "display", "hint",
}


def _card_data_name(name: str) -> str | None:
    """``card_number``, ``ccNumber``, ``cvv``, ``card_cvc``, ``ssn``: payment card data and social security numbers
    (never to be logged: PCI DSS 3.3/3.4).  Not ``card_last4``, ``card_brand``, ``cvc_check``, ``has_cvv``."""
    words = [w for w in name_words(name) if w not in ("value", "val", "str", "raw", "plain", "b")]
    if not words or set(words) & _CARD_DESCRIPTIVE:
        return None
    last = words[-1]
    if last in _CARD_CODE_WORDS and (last != "cid" or "card" in words):
        return "card security code"
    if last in _CARD_NUMBER_GLUED and (last != "pan" or {"card", "cc", "payment", "primary"} & set(words)):
        return "card number"
    if last in _NUMBER_WORDS and {"card", "cc", "creditcard", "pan"} & set(words):
        return "card number"
    if last == "ssn" or words[-3:] == ["social", "security", "number"]:
        return "social security number"
    return None


_CREDENTIAL_HEADERS = {
    "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", "apikey", "x-auth-token",
    "x-access-token", "private-token", "x-private-token", "x-apikey", "x-token", "x-secret", "x-amz-security-token",
    "http_authorization", "http_proxy_authorization", "http_cookie", "http_x_api_key", "http_x_auth_token",
    "http_x_access_token",
}
_SESSION_COOKIE = re.compile(r"session|token|auth|remember|jwt|sid$", re.IGNORECASE)


def _credential_header(key: str, receiver: ast.AST, ctx: CheckContext) -> bool:
    """``request.headers.get("Authorization")``, ``request.META["HTTP_COOKIE"]``, ``request.COOKIES["sessionid"]``."""
    if key.lower() in _CREDENTIAL_HEADERS:
        return True
    if isinstance(receiver, ast.Attribute) and receiver.attr in ("cookies", "COOKIES"):
        return bool(_SESSION_COOKIE.search(key)) and "csrf" not in key.lower()
    return False


_TOKEN_CALL = re.compile(r"(^|\.)(fetch_(access_)?tokens?|refresh_(access_)?tokens?|authorize_access_token|acquire_token\w*|"
                         r"exchange_code\w*|get_access_token|obtain_\w*tokens?|request_tokens?|token_exchange|"
                         r"exchange_(auth_)?code\w*|redeem_code\w*)$")
_TOKEN_SET_ENDS = {"response", "resp", "json", "result", "pair", "bundle", "reply"}


def _token_response(node: ast.AST, name: str, ctx: CheckContext) -> bool:
    """``tokens = resp.json()`` after a code exchange, ``token_response``, ``oauth_tokens``: the access and refresh
    tokens of a login.  A bare ``tokens`` (a lexer's, a tokenizer's) only when bound to a token endpoint's reply."""
    words = name_words(name)
    if not words or "tokenizer" in words or "tokenized" in words:
        return False
    if words[-1] in _TOKEN_SET_ENDS and len(words) >= 2 and words[-2] in ("token", "tokens"):
        return True  # token_response, token_resp, oauth_token_json
    if words[-1] != "tokens":
        return False
    if len(words) >= 2 and secret_name("_".join(words[:-1] + ["token"])) and not _weak_secret_name(
            "_".join(words[:-1] + ["token"])):
        return True  # access_tokens, auth_tokens
    if len(words) >= 2 and words[-2] in ("oauth", "oauth2", "oidc", "sso", "access", "refresh", "auth", "bearer", "api"):
        return True
    if not isinstance(node, ast.Name):
        return False
    found = ctx.info.lookup(node)
    if found is None:
        return False
    for value in found[1]:
        while isinstance(value, ast.Await):
            value = value.value
        if not isinstance(value, ast.Call):
            continue
        callee = ctx.call_name(value) or ""
        if isinstance(value.func, ast.Attribute) and value.func.attr == "json" and not value.args:
            return True  # tokens = resp.json()
        if _TOKEN_CALL.search(callee):
            return True
    return False


def _plural_secret(name: str) -> bool:
    """``passwords``, ``secrets``, ``api_keys``, ``client_secrets``: several secrets are still secrets."""
    words = name_words(name)
    if not words or not words[-1].endswith("s") or len(words[-1]) < 4 or words[-1] == "tokens":
        return False
    singular = "_".join(words[:-1] + [words[-1][:-1]])
    return secret_name(singular) and not _weak_secret_name(singular)


def _leaks(expr: ast.AST, ctx: CheckContext) -> list[tuple[ast.AST, str]]:
    """Sub-expressions of ``expr`` that put a secret in the log, with the kind: secret / collection / dsn."""
    found: list[tuple[ast.AST, str]] = []
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call):
            callee = ctx.qualname(node.func) or (node.func.attr if isinstance(node.func, ast.Attribute) else "")
            if _MASKING.search(callee) or any(k.arg in ("hide_password", "mask", "redact") for k in node.keywords):
                continue
        if isinstance(node, (ast.Compare, ast.Constant)):
            continue  # `password is None`: a yes/no, not the secret
        if isinstance(node, (ast.DictComp, ast.ListComp, ast.SetComp, ast.GeneratorExp)) and any(g.ifs for g in node.generators):
            continue  # {k: v for k, v in headers.items() if k != "Authorization"}: filtered
        if isinstance(node, ast.Subscript) and _masked_slice(node, ctx):
            continue
        collection = _whole_collection(node, ctx)
        if collection is not None:
            found.append((node, "collection"))
            continue
        if isinstance(node, ast.Name) and _whole_lambda_event(node, ctx):
            found.append((node, "event"))
            continue
        if isinstance(node, ast.Name) and secret_name(node.id):
            found.append((node, "secret"))
            continue
        if isinstance(node, ast.Attribute) and secret_name(node.attr):
            found.append((node, "secret"))
            continue
        if isinstance(node, (ast.Name, ast.Attribute)) and not _called(node, ctx) and not (
                isinstance(node, ast.Name) and node.id in ctx.info.aliases):  # `secrets`, the module
            name = node.id if isinstance(node, ast.Name) else node.attr
            if _plural_secret(name) or _token_response(node, name, ctx):
                found.append((node, "secret"))
                continue
            if _card_data_name(name):
                found.append((node, "card"))
                continue
        if isinstance(node, ast.Subscript):
            key = ctx.constant(node.slice)
            if isinstance(key, str) and secret_name(key):
                found.append((node, "secret"))
                continue
            if isinstance(key, str) and _credential_header(key, node.value, ctx):
                found.append((node, "header"))
                continue
            if isinstance(key, str) and _card_data_name(key):
                found.append((node, "card"))
                continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
            key = ctx.constant(node.args[0])
            if isinstance(key, str) and secret_name(key):
                found.append((node, "secret"))
                continue
            if isinstance(key, str) and _credential_header(key, node.func.value, ctx):
                found.append((node, "header"))
                continue
            if isinstance(key, str) and _card_data_name(key):
                found.append((node, "card"))
                continue
        if isinstance(node, (ast.Name, ast.Attribute)) and not _called(node, ctx) and _dsn_with_password(node, ctx):
            found.append((node, "dsn"))
            continue
        if isinstance(node, ast.Attribute) and node.attr not in _CARRYING_ATTRS:
            parent = ctx.parent(node)
            if not (isinstance(parent, ast.Call) and parent.func is node):
                continue  # token.user_id, urlparse(dsn).hostname: a property of the value, not the value
        stack.extend(child_nodes(node))
    return found


# ---------------------------------------------------------------------------
# Messages that name the secret: "api key %s created: %s"
# ---------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdrifgexXo]|%%")
# Arguments that identify or describe a secret rather than carry it.
_DESCRIPTIVE = {
    "id", "pk", "uuid", "name", "username", "user", "email", "prefix", "suffix", "last4", "len", "length", "count",
    "type", "kind", "hash", "hashed", "digest", "fingerprint", "jti", "kid", "label", "scope", "scopes", "expiry",
    "expires", "exp", "ttl", "status", "tenant", "owner", "client", "account", "created", "at", "time", "age",
    "path", "url", "host", "ip", "addr", "remote", "duration", "size", "version", "index", "idx", "n", "i",
    "attempt", "attempts", "reason", "error", "err", "exc", "e", "ex", "message", "msg", "action", "event",
}
_FAILURE_WORDS = {"failed", "failure", "fail", "fails", "error", "errors", "unable", "could", "cannot", "invalid",
                  "missing", "expired", "revoked", "denied", "rejected", "refused", "exception", "unexpected"}
_HEADS = {"key", "token", "password", "secret", "passphrase", "passwd", "pwd", "credential", "credentials"}


def _phrases(text: str) -> list[list[str]]:
    """Word runs of a message, split at punctuation that ends a phrase."""
    return [name_words(part) for part in re.split(r"[.;,!?()\[\]{}|/]", text)]


_TOKEN_QUALIFIERS = {
    "access", "refresh", "auth", "api", "bearer", "csrf", "xsrf", "reset", "session", "id", "oauth", "jwt", "github",
    "gitlab", "slack", "personal", "service", "bot", "verification", "invite", "magic", "remember", "device", "push",
    "secret", "security", "app", "client", "user", "login", "webhook", "confirmation", "activation", "sso",
}


def _secret_phrase(words: list[str], strict: bool = True) -> str | None:
    """The head word (key, token, password...) when the last 1-3 words name a secret: "api key", "access token".

    ``strict``: an ambiguous word (a parser's "token", "pass", "auth") needs a qualifier ("access token")."""
    for size in (3, 2, 1):
        if len(words) < size:
            continue
        name = "_".join(words[-size:])
        if not secret_name(name):
            continue
        if strict and _weak_secret_name(name):
            if words[-1] != "token" or len(words) < 2 or words[-2] not in _TOKEN_QUALIFIERS:
                continue
        head = words[-1]
        return head if head in _HEADS else "key" if head.endswith("key") else head
    return None


def _arg_names(expr: ast.AST, ctx: CheckContext) -> list[str]:
    if isinstance(expr, ast.Name):
        return [expr.id]
    if isinstance(expr, ast.Attribute):
        return [expr.attr]
    if isinstance(expr, ast.Subscript):
        key = ctx.constant(expr.slice)
        return [key] if isinstance(key, str) else _arg_names(expr.value, ctx)
    if isinstance(expr, ast.Call):
        if isinstance(expr.func, ast.Attribute) and expr.func.attr in ("get", "pop") and expr.args:
            key = ctx.constant(expr.args[0])
            if isinstance(key, str):
                return [key]
        if isinstance(expr.func, ast.Attribute) and expr.func.attr in ("decode", "encode", "strip", "hex"):
            return _arg_names(expr.func.value, ctx)
        if isinstance(expr.func, ast.Name) and expr.func.id in ("str", "repr", "bytes") and expr.args:
            return _arg_names(expr.args[0], ctx)
    return []


def _descriptive(expr: ast.AST, ctx: CheckContext) -> bool:
    """pk, key_id, len(token), a constant: identifies or measures the secret."""
    if ctx.is_constant(expr):
        return True
    if isinstance(expr, ast.Call):
        callee = ctx.qualname(expr.func) or ""
        if _MASKING.search(callee) or callee in ("int", "float", "round"):
            return True
    if isinstance(expr, ast.Subscript) and _masked_slice(expr, ctx):
        return True
    names = _arg_names(expr, ctx)
    if not names:
        return isinstance(expr, (ast.Compare, ast.BoolOp, ast.UnaryOp, ast.BinOp))
    words = set(name_words(names[0]))
    return bool(words & _DESCRIPTIVE) or names[0] in ("self", "cls")


def _message_parts(node: ast.Call, ctx: CheckContext) -> list[tuple[str, ast.AST]]:
    """(literal text before the placeholder, argument) for %-style and f-string log messages."""
    if not node.args:
        return []
    message = node.args[0]
    if isinstance(node.func, ast.Attribute) and node.func.attr == "log" and len(node.args) > 1:
        message = node.args[1]  # logger.log(level, msg, *args)
    first = node.args.index(message)
    if isinstance(message, ast.JoinedStr):
        out, before = [], ""
        for part in message.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                before += part.value
            elif isinstance(part, ast.FormattedValue):
                out.append((before, part.value))
                before = ""
        return out
    text = ctx.constant(message)
    if not isinstance(text, str) or "%" not in text:
        return []
    args = node.args[first + 1:]
    if any(isinstance(a, ast.Starred) for a in args):
        return []
    out, last, index = [], 0, 0
    for match in _PLACEHOLDER.finditer(text):
        if match.group(0) == "%%":
            continue
        if match.group(1) is not None:
            return []  # %(name)s with a mapping: not positional
        if index >= len(args):
            break
        out.append((text[last:match.start()], args[index]))
        last = match.end()
        index += 1
    return out


def _named_by_message(node: ast.Call, ctx: CheckContext) -> tuple[ast.AST, str] | None:
    """An argument the message calls a secret.

    The text right before its placeholder names a secret ("access token %s", "api key: %s"), or the message
    mentions one ("api key %s created: %s") and the argument's own name ends in that word (`raw_key`, `new_token`).
    Identifiers and measures of the secret (pk, key_id, len(token), token[:4]) are not the secret.
    """
    parts = _message_parts(node, ctx)
    if not parts:
        return None
    code = _one_time_code(parts, ctx)
    if code is not None:
        return code
    heads: set[str] = set()
    for before, _ in parts:
        for words in _phrases(before):
            for end in range(1, len(words) + 1):
                head = _secret_phrase(words[:end], strict=True)
                if head:
                    heads.add(head)
    if not heads:
        return None
    text = " ".join(before for before, _ in parts)
    if set(name_words(text)) & _FAILURE_WORDS:
        return None  # "failed to refresh access token: %s": the value is the error
    for before, arg in parts:
        if _descriptive(arg, ctx):
            continue
        tail = _phrases(before.rstrip(" :=#'\"`-\t"))[-1]
        if _secret_phrase(tail, strict=True):
            return arg, " ".join(tail[-2:])
        names = _arg_names(arg, ctx)
        if not names:
            continue
        words = [w for w in name_words(names[0]) if w not in ("value", "val", "str", "plain", "plaintext", "b")]
        if not words or set(words) & _NOT_KEY_WORDS:
            continue
        if words[-1] in heads or words[-1].endswith("key") and "key" in heads:
            return arg, names[0]
    return None


# A one-time code the message ties to a login/reset flow: "password reset for %s, code %s", "OTP %s".
_CODE_FLOW_WORDS = {"reset", "verification", "verify", "otp", "totp", "2fa", "mfa", "login", "signin", "confirmation",
                    "confirm", "magic", "activation", "activate", "pairing", "sms", "passcode", "one", "time"}
_CODE_HEADS = {"code", "otp", "totp", "pin", "passcode"}


def _one_time_code(parts: list[tuple[str, ast.AST]], ctx: CheckContext) -> tuple[ast.AST, str] | None:
    text_words = set(name_words(" ".join(before for before, _ in parts)))
    if not text_words & (_CODE_FLOW_WORDS - {"one", "time"}) or text_words & _FAILURE_WORDS:
        return None
    for _before, arg in parts:
        if isinstance(arg, ast.Constant):
            continue
        names = _arg_names(arg, ctx)
        if not names:
            continue
        words = name_words(names[0])
        if words and words[-1] in _CODE_HEADS and set(words) <= _CODE_FLOW_WORDS | _CODE_HEADS | {"the", "new", "user"}:
            return arg, "one-time code"
    return None


_EVENT_MESSAGE = ("`{text}` is the whole Lambda event, written to the log: it carries the request's Authorization "
                  "header, cookies and body (passwords, tokens). Log the few fields you need (request id, path, "
                  "method) instead.")
_COLLECTION_MESSAGE = ("`{text}` is written to the log whole: it carries the Authorization header, session cookies and "
                       "API keys of every request. Log the few fields you need (request id, user agent), or redact "
                       "Authorization/Cookie first.")
_DSN_MESSAGE = ("`{text}` is a connection string that embeds the database password, and it is written to the log: "
                "log the host and database name only (e.g. sqlalchemy's URL.render_as_string(hide_password=True)).")
_HEADER_MESSAGE = ("`{text}` is a credential header (the bearer token, API key or session cookie of the request), and "
                   "it is written to the log: anyone who reads the logs can replay it. Log whether it was present, "
                   "or its scheme, not its value.")
_CARD_MESSAGE = ("`{text}` is payment card or identity data, and it is written to the log in clear text: PCI DSS forbids "
                 "storing a card security code at all and a full card number unmasked. Log the last four digits "
                 "(card_number[-4:]) or a token from the payment provider.")
_SECRET_MESSAGE = ("`{text}` is written to the log in clear text: anyone who can read the logs (operators, log "
                   "pipelines, support tools) gets the secret. Log that it was set, not its value.")


@check("PY-LOG-SECRET", ast.Call)
def secret_in_log(node: ast.Call, ctx: CheckContext) -> None:
    if not _is_logging_call(node, ctx):
        return
    values = [*node.args, *(kw.value for kw in node.keywords if kw.arg not in ("exc_info", "stack_info", "stacklevel"))]
    for value in values:
        leaks = _leaks(value, ctx)
        if leaks:
            where, kind = leaks[0]
            template = {"collection": _COLLECTION_MESSAGE, "dsn": _DSN_MESSAGE, "header": _HEADER_MESSAGE,
                        "card": _CARD_MESSAGE, "event": _EVENT_MESSAGE}.get(kind, _SECRET_MESSAGE)
            ctx.report(where, message=template.format(text=ctx.text(where)))
            return
    named = _named_by_message(node, ctx)
    if named is not None:
        arg, what = named
        ctx.report(arg, message=f"The message calls this value the {what}, and it is written to the log in clear text: "
                   "anyone who can read the logs gets the secret. Log an identifier or a masked form (value[:4] + '…').")

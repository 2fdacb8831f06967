"""XML parsing: the standard library's parsers on untrusted input, lxml parsers that resolve entities."""

from __future__ import annotations

import ast
import re

from ....findings import Related
from ..context import CheckContext
from ..facts import module_fact
from ..registry import check
from ..walk import calls_matching
from .misc import (
    bound_value,
    function_or_module,
    request_taint,
    trusted_input,
    walk_scope,
)

_STARTS_WITH_ELEMENT = re.compile(r"\s*<[A-Za-z_]")


def _no_dtd_possible(ctx: CheckContext, expr: ast.AST | None) -> bool:
    """A document built from a template that opens its root element first: ``f"<q>{term}</q>"``.

    A DOCTYPE (and with it every entity declaration) may only come before the root element, so
    the run-time parts cannot declare entities (tag injection is a different weakness)."""
    shape = ctx.string_shape(expr)
    return shape is not None and shape.is_dynamic and bool(_STARTS_WITH_ELEMENT.match(shape.prefix))


def _safe_document(ctx: CheckContext, expr: ast.AST | None) -> bool:
    return trusted_input(ctx, expr) or _no_dtd_possible(ctx, expr)


# -- PY-XML-STDLIB -------------------------------------------------------------------

_ETREE = ("xml.etree.ElementTree", "xml.etree.cElementTree")
# resolved name -> (position, keyword) of the XML input
_STDLIB_PARSE = {
    **{f"{m}.{f}": (0, kw) for m in _ETREE for f, kw in (
        ("parse", "source"), ("iterparse", "source"), ("fromstring", "text"), ("XML", "text"),
        ("fromstringlist", "sequence"), ("XMLID", "text"))},
    "xml.dom.minidom.parse": (0, "file"),
    "xml.dom.minidom.parseString": (0, "string"),
    "xml.dom.pulldom.parse": (0, "stream_or_string"),
    "xml.dom.pulldom.parseString": (0, "string"),
    "xml.dom.expatbuilder.parse": (0, "file"),
    "xml.dom.expatbuilder.parseString": (0, "string"),
    "xml.sax.parse": (0, "source"),
    "xml.sax.parseString": (0, "string"),
}
_STDLIB_PARSERS = {
    *(f"{m}.{c}" for m in _ETREE for c in ("XMLParser", "XMLPullParser")),
    "xml.sax.make_parser", "xml.sax.expatreader.create_parser",
}
# methods that hand a parser object its input
_FEED_METHODS = {"feed", "parse"}
_EXTERNAL_FEATURES = {"feature_external_ges", "feature_external_pes",
                      "http://xml.org/sax/features/external-general-entities",
                      "http://xml.org/sax/features/external-parameter-entities"}


@module_fact
def _defused(ctx: CheckContext) -> bool:
    """``defusedxml.defuse_stdlib()`` patches the standard library's parsers for the whole process."""
    return any((ctx.call_name(n) or "").endswith("defuse_stdlib") for n in calls_matching(ctx, lambda last: last.endswith("defuse_stdlib")))


def _input_of(node: ast.Call, ctx: CheckContext, spec: tuple[int, str]) -> tuple[bool, ast.AST | None]:
    """(known, the XML input expression)."""
    if any(isinstance(a, ast.Starred) for a in node.args) or ctx.has_kwargs_splat(node):
        return False, None
    return True, ctx.argument(node, spec[0], spec[1])


def _stdlib_message(name: str, source) -> str | None:
    if source is None:
        return None
    short = name.replace("xml.etree.ElementTree.", "ElementTree.").replace("xml.dom.", "")
    return (
        f"{short} parses XML from the HTTP request with the standard library, which accepts DTDs and entity "
        "declarations (entity-expansion bombs, and XXE with older expat). Parse it with defusedxml instead."
    )


@check("PY-XML-STDLIB", ast.Call)
def stdlib_xml(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if not name.startswith("xml.") and ctx.method_name(node) != "setFeature":
        return
    if ctx.method_name(node) == "setFeature":
        _sax_external_entities(node, ctx)
        return
    if _defused(ctx):
        return
    spec = _STDLIB_PARSE.get(name)
    if spec is not None:
        known, data = _input_of(node, ctx, spec)
        if not known or data is None or _safe_document(ctx, data):
            return
        source = request_taint(ctx, data)
        ctx.report(node, message=_stdlib_message(name, source), related=ctx.related(source))
        return
    if name in (f"{m}.ElementTree" for m in _ETREE):
        data = ctx.argument(node, 1, "file")
        if data is not None and not _safe_document(ctx, data):
            source = request_taint(ctx, data)
            ctx.report(node, message=_stdlib_message(name, source), related=ctx.related(source))
        return
    if name in _STDLIB_PARSERS:
        _stdlib_parser_object(node, name, ctx)


def _stdlib_parser_object(node: ast.Call, name: str, ctx: CheckContext) -> None:
    """``XMLParser()`` / ``make_parser()``: judged by the input it is given."""
    parent = ctx.parent(node)
    if isinstance(parent, (ast.Call, ast.keyword)):
        return  # ET.parse(f, parser=ET.XMLParser(...)): the parse call is judged
    if isinstance(parent, ast.Attribute) and parent.attr in _FEED_METHODS:
        call = ctx.parent(parent)
        if isinstance(call, ast.Call) and call.args and _safe_document(ctx, call.args[0]):
            return
        ctx.report(node)
        return
    target = parent.targets[0] if isinstance(parent, ast.Assign) and len(parent.targets) == 1 else None
    if not isinstance(target, ast.Name):
        ctx.report(node)
        return
    owner = function_or_module(node, ctx)
    fed: list[ast.AST] = []
    for sub in walk_scope(owner):
        if not isinstance(sub, ast.Call):
            continue
        if isinstance(sub.func, ast.Attribute) and isinstance(sub.func.value, ast.Name) and sub.func.value.id == target.id:
            if sub.func.attr in _FEED_METHODS and sub.args:
                fed.append(sub.args[0])
        elif ctx.call_name(sub) in _STDLIB_PARSE and any(
            isinstance(a, ast.Name) and a.id == target.id for a in [*sub.args, *(k.value for k in sub.keywords)]
        ):
            return  # handed to ET.parse(..., parser): that call is judged
    if fed and all(_safe_document(ctx, f) for f in fed):
        return
    source = next((s for s in (request_taint(ctx, f) for f in fed) if s is not None), None)
    ctx.report(node, message=_stdlib_message(name, source), related=ctx.related(source))


def _sax_external_entities(node: ast.Call, ctx: CheckContext) -> None:
    if len(node.args) < 2 or not ctx.is_true(node.args[1]):
        return
    feature = node.args[0]
    qual = ctx.qualname(feature) or ""
    value = ctx.constant(feature)
    if qual.rsplit(".", 1)[-1] in _EXTERNAL_FEATURES or value in _EXTERNAL_FEATURES:
        ctx.report(node, message=(
            "This SAX parser now resolves external entities: a document with <!ENTITY x SYSTEM "
            "\"file:///etc/passwd\"> reads local files or makes the server fetch URLs (XXE). Leave the feature off."
        ))


# -- PY-XXE-LXML ---------------------------------------------------------------------

_LXML_PARSERS = {
    "lxml.etree.XMLParser", "lxml.etree.ETCompatXMLParser", "lxml.etree.XMLPullParser",
    "lxml.objectify.makeparser", "lxml.etree.iterparse",
}
# resolved name -> (input position, input keyword, parser position or None)
_LXML_PARSE = {
    "lxml.etree.fromstring": (0, "text", 1),
    "lxml.etree.XML": (0, "text", 1),
    "lxml.etree.XMLID": (0, "text", 1),
    "lxml.etree.XMLDTDID": (0, "text", 1),
    "lxml.etree.fromstringlist": (0, "strings", 1),
    "lxml.etree.parse": (0, "source", 1),
    "lxml.objectify.fromstring": (0, "xml", 1),
    "lxml.objectify.XML": (0, "xml", 1),
    "lxml.objectify.parse": (0, "f", 1),
}


def _unsafe_parser_keywords(call: ast.Call, ctx: CheckContext) -> list[tuple[ast.keyword, str, bool]]:
    """(keyword, message, fixable) for each option of an lxml parser that lets entities in."""
    if ctx.has_kwargs_splat(call):
        return []
    resolve = ctx.keyword(call, "resolve_entities")
    resolve_off = resolve is not None and ctx.is_constant(resolve.value) and ctx.constant(resolve.value) is False
    resolve_internal = resolve is not None and ctx.constant(resolve.value) == "internal"
    found = []
    if resolve is not None and ctx.is_true(resolve.value):
        found.append((resolve, (
            "resolve_entities=True makes lxml substitute external entities: <!ENTITY x SYSTEM "
            "\"file:///etc/passwd\"> in the document reads server files into it (XXE). Use resolve_entities=False."
        ), True))
    if resolve_off or resolve_internal:
        return found
    no_network = ctx.keyword(call, "no_network")
    if no_network is not None and ctx.is_constant(no_network.value) and ctx.constant(no_network.value) is False:
        found.append((no_network, (
            "no_network=False lets the parser fetch DTDs and entities from any URL the document names (XXE, SSRF). "
            "Keep the default no_network=True and pass resolve_entities=False."
        ), False))
    for option in ("load_dtd", "dtd_validation"):
        kw = ctx.keyword(call, option)
        if kw is not None and ctx.is_true(kw.value) and resolve is None:
            found.append((kw, (
                f"{option}=True loads the document's DTD while entities are still resolved (the default before "
                "lxml 5.0): external entities can read server files (XXE). Add resolve_entities=False."
            ), False))
    huge = ctx.keyword(call, "huge_tree")
    if huge is not None and ctx.is_true(huge.value):
        found.append((huge, (
            "huge_tree=True switches off libxml2's limits on entity expansion and tree size: a billion-laughs "
            "document exhausts memory. Drop it for untrusted input, or also pass resolve_entities=False."
        ), False))
    return found


# Entry points whose resolve_entities default stayed True after lxml 5.0 changed XMLParser's
# (GHSA-vfmq-68hx-4jfw, fixed in lxml 6.1.0).
_RESOLVING_DEFAULT = {"lxml.etree.iterparse", "lxml.etree.ETCompatXMLParser"}


def _resolves_by_default(node: ast.Call, name: str, ctx: CheckContext) -> bool:
    if ctx.has_kwargs_splat(node) or ctx.keyword(node, "resolve_entities") is not None:
        return False
    if name == "lxml.etree.iterparse":
        if ctx.is_true(ctx.argument(node, None, "html")):
            return False
        source = ctx.argument(node, 0, "source")
        return source is not None and not _safe_document(ctx, source)
    return True


def _parser_is_unsafe(ctx: CheckContext, parser: ast.AST | None) -> ast.Call | None:
    value = bound_value(ctx, parser)
    if isinstance(value, ast.Call):
        name = ctx.call_name(value)
        if name in _LXML_PARSERS and (
            _unsafe_parser_keywords(value, ctx) or (name in _RESOLVING_DEFAULT and _resolves_by_default(value, name, ctx))
        ):
            return value
    return None


@check("PY-XXE-LXML", ast.Call)
def lxml_xxe(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if not name.startswith("lxml."):
        return
    if name in _LXML_PARSERS:
        if name in _RESOLVING_DEFAULT and _resolves_by_default(node, name, ctx):
            ctx.report(node, message=(
                f"{name.replace('lxml.', '')} resolves external entities by default (until lxml 6.1): a document "
                "with <!ENTITY x SYSTEM \"file:///etc/passwd\"> reads server files (XXE). Pass resolve_entities=False."
            ), fix=ctx.fix("Set resolve_entities=False", ctx.add_keyword(node, "resolve_entities=False")))
            return
        for keyword, message, fixable in _unsafe_parser_keywords(node, ctx):
            fix = ctx.fix("Set resolve_entities=False", ctx.replace(keyword.value, "False")) if fixable else None
            ctx.report(keyword, message=message, fix=fix)
        return
    spec = _LXML_PARSE.get(name)
    if spec is None or any(isinstance(a, ast.Starred) for a in node.args):
        return
    data = ctx.argument(node, spec[0], spec[1])
    if data is None or _safe_document(ctx, data):
        return
    parser = ctx.argument(node, spec[2], "parser")
    if parser is not None:
        if isinstance(parser, ast.Call):
            return  # built inline: its keywords are reported where they are
        unsafe = _parser_is_unsafe(ctx, parser)
        if unsafe is not None:
            start, end = ctx.span(unsafe)
            ctx.report(node, message=(
                f"{name.replace('lxml.', '')} parses with a parser that resolves external entities: the document "
                "can read server files or reach internal URLs (XXE). Build the parser with resolve_entities=False."
            ), related=(Related(start, end, "the parser is built here"),))
        return
    if ctx.has_kwargs_splat(node) or _sets_safe_default_parser(ctx):
        return
    # The default parser resolved external entities before lxml 5.0, and many deployments pin
    # older lxml: data that is not the program's own document needs an explicit safe parser.
    source = request_taint(ctx, data)
    what = "request data" if source is not None else "a document from outside the program"
    ctx.report(node, message=(
        f"{name.replace('lxml.', '')} parses {what} with lxml's default parser, which resolves external "
        "entities before lxml 5.0 (XXE: file:///etc/passwd). Pass etree.XMLParser(resolve_entities=False, "
        "no_network=True) or use defusedxml."
    ), related=ctx.related(source))


@module_fact
def _sets_safe_default_parser(ctx: CheckContext) -> bool:
    return any(ctx.call_name(n) == "lxml.etree.set_default_parser" for n in calls_matching(ctx, "set_default_parser".__eq__))

"""Unsafe deserialisation: YAML loaders that build objects, pickle and friends, torch.load."""

from __future__ import annotations

import ast

from ..context import CheckContext
from ..registry import check

_SAFE_YAML_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}
_UNSAFE_YAML = {"yaml.unsafe_load": "safe_load", "yaml.unsafe_load_all": "safe_load_all",
                "yaml.full_load": "safe_load", "yaml.full_load_all": "safe_load_all"}


@check("PY-DESERIAL-YAML", ast.Call)
def yaml_load(node: ast.Call, ctx: CheckContext) -> None:
    name = ctx.call_name(node)
    if name in ("yaml.load", "yaml.load_all"):
        loader = ctx.argument(node, 1, "Loader")
        if loader is not None:
            loader_name = (ctx.qualname(loader) or "").rsplit(".", 1)[-1]
            if loader_name in _SAFE_YAML_LOADERS:
                return
            if ctx.qualname(loader) is None or loader_name not in ("Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"):
                return  # a custom loader class: we cannot tell what it constructs
        safe_name = "safe_load" if name == "yaml.load" else "safe_load_all"
    elif name in _UNSAFE_YAML:
        safe_name = _UNSAFE_YAML[name]
    else:
        return
    stream = ctx.argument(node, 0, "stream")
    fix = None
    if stream is not None and not ctx.has_kwargs_splat(node):
        module, import_edit = ctx.module_reference("yaml")
        fix = ctx.fix(f"Use yaml.{safe_name}", ctx.replace(node, f"{module}.{safe_name}({ctx.text(stream)})"), import_edit)
    ctx.report(node, fix=fix)

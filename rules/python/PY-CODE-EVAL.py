import ast
import builtins
import json
import operator

from flask import Flask, request

app = Flask(__name__)

OPERATORS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul}


@app.post("/calc")
def calc():
    # ruleid: PY-CODE-EVAL
    return {"result": eval(request.form["expression"])}


def apply_rule(rule_source, context):
    # ruleid: PY-CODE-EVAL
    exec(rule_source, {"__builtins__": {}}, context)


def load_plugin(path):
    with open(path) as handle:
        code = handle.read()
    # ruleid: PY-CODE-EVAL
    exec(compile(code, path, "exec"), {})


def make_filter(field, value):
    # ruleid: PY-CODE-EVAL
    return builtins.eval(f"lambda row: row['{field}'] == {value!r}")


def parse_setting(raw):
    # ruleid: PY-CODE-EVAL
    return eval("(" + raw + ")")


@app.post("/settings")
def settings():
    # ok: PY-CODE-EVAL
    value = ast.literal_eval(request.form["value"])
    return {"value": value}


@app.post("/calc-safe")
def calc_safe():
    op = OPERATORS[request.form["op"]]
    # ok: PY-CODE-EVAL
    return {"result": op(float(request.form["a"]), float(request.form["b"]))}


def version():
    namespace = {}
    # setup.py idiom: the file is part of the package
    # ok: PY-CODE-EVAL
    exec(open("mypackage/_version.py").read(), namespace)
    return namespace["__version__"]


def constant():
    # ok: PY-CODE-EVAL
    return eval("2 ** 10")


def parse_json(raw):
    # ok: PY-CODE-EVAL
    return json.loads(raw)


def evaluate(df, column):
    # ok: PY-CODE-EVAL
    return df.eval(f"{column} * 2")

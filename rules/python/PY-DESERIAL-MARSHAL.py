import json
import marshal
import types
from marshal import load as mload

from flask import Flask, request

app = Flask(__name__)


@app.route("/rpc", methods=["POST"])
def rpc():
    # ruleid: PY-DESERIAL-MARSHAL
    args = marshal.loads(request.data)
    return json.dumps(args)


def run_plugin(blob):
    # ruleid: PY-DESERIAL-MARSHAL
    code = marshal.loads(blob[16:])
    return types.FunctionType(code, {})()


def read_cache(path):
    with open(path, "rb") as fh:
        # ruleid: PY-DESERIAL-MARSHAL
        return mload(fh)


def receive(sock):
    data = sock.recv(65536)
    # ruleid: PY-DESERIAL-MARSHAL
    return marshal.loads(data)


# --- lookalikes -----------------------------------------------------------------

def write_cache(obj, path):
    with open(path, "wb") as fh:
        # ok: PY-DESERIAL-MARSHAL
        marshal.dump(obj, fh)


def clone(value):
    # ok: PY-DESERIAL-MARSHAL
    return marshal.loads(marshal.dumps(value))


def size_of(value):
    # ok: PY-DESERIAL-MARSHAL
    return len(marshal.dumps(value))


@app.route("/api", methods=["POST"])
def api():
    # ok: PY-DESERIAL-MARSHAL
    return json.loads(request.data)

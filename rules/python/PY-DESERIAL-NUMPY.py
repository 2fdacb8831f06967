import io

import numpy
import numpy as np
from flask import Flask, request
from numpy import load as npload

app = Flask(__name__)


@app.route("/predict", methods=["POST"])
def predict():
    buf = io.BytesIO(request.files["features"].read())
    # ruleid: PY-DESERIAL-NUMPY
    features = np.load(buf, allow_pickle=True)
    return {"n": len(features)}


def load_embeddings(path):
    # ruleid: PY-DESERIAL-NUMPY
    return np.load(path, allow_pickle=True).item()


def load_positional(path):
    # ruleid: PY-DESERIAL-NUMPY
    return numpy.load(path, None, True)


def load_archive(path):
    # ruleid: PY-DESERIAL-NUMPY
    with npload(path, mmap_mode="r", allow_pickle=True) as data:
        return dict(data)


# --- lookalikes -----------------------------------------------------------------

def load_weights(path):
    # ok: PY-DESERIAL-NUMPY
    return np.load(path)


def load_strict(path):
    # ok: PY-DESERIAL-NUMPY
    return np.load(path, allow_pickle=False, mmap_mode="r")


def save(path, arr):
    # ok: PY-DESERIAL-NUMPY
    np.save(path, arr, allow_pickle=False)


def bundled_vocabulary():
    # ok: PY-DESERIAL-NUMPY
    return np.load("assets/vocab.npy", allow_pickle=True).item()


def read_csv(path):
    # ok: PY-DESERIAL-NUMPY
    return np.loadtxt(path, delimiter=",")

import base64
import hashlib
import hmac
import json
import os
import pickle
import pickle as pkl
import shelve
from pickle import loads as unpickle

import dill
import jsonpickle
import joblib
import pandas as pd
from celery import Celery
from kombu import Consumer, serialization
from flask import Flask, request
from itsdangerous import URLSafeSerializer, Signer

app = Flask(__name__)
MODEL_DIR = os.path.join(os.path.dirname(__file__), "models")
SECRET = b"change-me"
signer = Signer(SECRET)
celery_app = Celery("worker", broker=os.environ["CELERY_BROKER_URL"])
reports_app = Celery("reports", broker=os.environ["CELERY_BROKER_URL"])

# ruleid: PY-DESERIAL-PICKLE
celery_app.conf.task_serializer = "pickle"
# ruleid: PY-DESERIAL-PICKLE
celery_app.conf.accept_content = ["pickle", "json"]
# ruleid: PY-DESERIAL-PICKLE
reports_app.conf.update(result_serializer="pickle", result_expires=3600)
# ruleid: PY-DESERIAL-PICKLE
CELERY_ACCEPT_CONTENT = ["application/json", "application/x-python-serialize"]
# ok: PY-DESERIAL-PICKLE
reports_app.conf.accept_content = ["json", "msgpack"]
# ok: PY-DESERIAL-PICKLE
CELERY_TASK_SERIALIZER = "json"
# ok: PY-DESERIAL-PICKLE
reports_app.conf.update(task_serializer="yaml", accept_content=["yaml", "json"])


@app.route("/cart")
def cart():
    raw = base64.b64decode(request.cookies["cart"])
    # ruleid: PY-DESERIAL-PICKLE
    items = pickle.loads(raw)
    return json.dumps(items)


@app.route("/api/job", methods=["POST"])
def submit_job():
    # ruleid: PY-DESERIAL-PICKLE
    job = pkl.loads(request.get_data())
    return {"id": job.id}


@app.post("/upload-model")
def upload_model():
    upload = request.files["model"]
    # ruleid: PY-DESERIAL-PICKLE
    model = joblib.load(upload)
    return {"classes": list(model.classes_)}


def load_cache(path):
    with open(path, "rb") as fh:
        # ruleid: PY-DESERIAL-PICKLE
        return pickle.load(fh)


def read_task(redis_client, key):
    blob = redis_client.get(key)
    # ruleid: PY-DESERIAL-PICKLE
    return unpickle(blob)


def restore_session(path):
    # ruleid: PY-DESERIAL-PICKLE
    dill.load_session(path)


def frame_from_upload(path):
    # ruleid: PY-DESERIAL-PICKLE
    return pd.read_pickle(path)


def decode_event(message):
    # ruleid: PY-DESERIAL-PICKLE
    return jsonpickle.decode(message.body)


def open_store(db_path):
    # ruleid: PY-DESERIAL-PICKLE
    with shelve.open(db_path) as db:
        return dict(db)


def streaming(fh):
    # ruleid: PY-DESERIAL-PICKLE
    return pickle.Unpickler(fh).load()


# ruleid: PY-DESERIAL-PICKLE
@celery_app.task(serializer="pickle")
def render_report(report):
    return report.render()


def consume_events(channel, queue, handler):
    # ruleid: PY-DESERIAL-PICKLE
    return Consumer(channel, queues=[queue], callbacks=[handler], accept=["pickle"])


def legacy_worker_setup():
    # ruleid: PY-DESERIAL-PICKLE
    serialization.enable_insecure_serializers()


# --- lookalikes -----------------------------------------------------------------

def save_cache(obj, path):
    with open(path, "wb") as fh:
        # ok: PY-DESERIAL-PICKLE
        pickle.dump(obj, fh)


def deep_copy(obj):
    # ok: PY-DESERIAL-PICKLE
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


@app.route("/prefs")
def prefs():
    # ok: PY-DESERIAL-PICKLE
    return json.loads(request.cookies.get("prefs", "{}"))


@app.route("/resume", methods=["POST"])
def resume():
    body = request.get_data()
    signature, payload = body[:32], body[32:]
    expected = hmac.new(SECRET, payload, hashlib.sha256).digest()
    if not hmac.compare_digest(signature, expected):
        return "bad signature", 400
    # ok: PY-DESERIAL-PICKLE
    state = pickle.loads(payload)
    return {"step": state["step"]}


@app.route("/token")
def token():
    payload = signer.unsign(request.args["t"])
    # ok: PY-DESERIAL-PICKLE
    return pickle.loads(base64.b64decode(payload))


class SafeUnpickler(pickle.Unpickler):
    ALLOWED = {("builtins", "dict"), ("builtins", "list")}

    def find_class(self, module, name):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is forbidden")
        return super().find_class(module, name)


def restricted(fh):
    # ok: PY-DESERIAL-PICKLE
    return SafeUnpickler(fh).load()


def bundled_model():
    # ok: PY-DESERIAL-PICKLE
    return joblib.load(os.path.join(MODEL_DIR, "classifier.joblib"))


def signed_cookie(value):
    # ok: PY-DESERIAL-PICKLE
    return URLSafeSerializer("key").loads(value)


# ok: PY-DESERIAL-PICKLE
@celery_app.task(serializer="json", acks_late=True)
def send_digest(user_id):
    return user_id


def consume_json(channel, queue, handler):
    # ok: PY-DESERIAL-PICKLE
    return Consumer(channel, queues=[queue], callbacks=[handler], accept=["json"])

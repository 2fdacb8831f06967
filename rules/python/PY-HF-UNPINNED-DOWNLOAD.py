import os

import transformers
from datasets import load_dataset
from huggingface_hub import hf_hub_download, snapshot_download
from transformers import AutoModel, AutoTokenizer

MODEL_ID = "acme/sentiment-base"
PINNED = "4f1c2e9a7b3d5c8e0f1a2b3c4d5e6f708192a3b4"


def load_model():
    # ruleid: PY-HF-UNPINNED-DOWNLOAD
    model = AutoModel.from_pretrained(MODEL_ID)
    # ruleid: PY-HF-UNPINNED-DOWNLOAD
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID, revision="main")
    return model, tokenizer


def load_pipeline():
    # ruleid: PY-HF-UNPINNED-DOWNLOAD
    return transformers.AutoModelForCausalLM.from_pretrained("acme/chat-7b", revision="v1.2.0", trust_remote_code=True)


def fetch_weights():
    # ruleid: PY-HF-UNPINNED-DOWNLOAD
    path = hf_hub_download(repo_id="acme/detector", filename="model.safetensors")
    # ruleid: PY-HF-UNPINNED-DOWNLOAD
    snapshot_download("acme/detector", revision="refs/pr/1")
    return path


def training_data():
    # ruleid: PY-HF-UNPINNED-DOWNLOAD
    return load_dataset("acme/reviews", split="train")


# --- lookalikes -----------------------------------------------------------------

def load_pinned():
    # ok: PY-HF-UNPINNED-DOWNLOAD
    return AutoModel.from_pretrained(MODEL_ID, revision="4f1c2e9a7b3d5c8e0f1a2b3c4d5e6f708192a3b4")


def load_from_config():
    # ok: PY-HF-UNPINNED-DOWNLOAD
    return AutoModel.from_pretrained(MODEL_ID, revision=os.environ["MODEL_REVISION"])


def pinned_download():
    # ok: PY-HF-UNPINNED-DOWNLOAD
    return hf_hub_download(repo_id="acme/detector", filename="model.safetensors", revision=PINNED)


def local_checkpoint():
    # ok: PY-HF-UNPINNED-DOWNLOAD
    return AutoModel.from_pretrained("./checkpoints/best")


def save(model):
    # ok: PY-HF-UNPINNED-DOWNLOAD
    model.save_pretrained("./checkpoints/best")

import dill
import torch
import torch as th
from safetensors.torch import load_file
from torch import load as torch_load


def load_model(model, path):
    # ruleid: PY-DESERIAL-TORCH
    model.load_state_dict(torch.load(path, map_location="cpu"))
    return model


def resume_training(ckpt_path, optimizer):
    # ruleid: PY-DESERIAL-TORCH
    checkpoint = torch.load(ckpt_path, weights_only=False)
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]


def evaluate_upload(upload):
    # ruleid: PY-DESERIAL-TORCH
    state = th.load(upload.stream)
    return state


def from_import(path):
    # ruleid: PY-DESERIAL-TORCH
    return torch_load(path, map_location=lambda storage, loc: storage)


def custom_pickle(path):
    # ruleid: PY-DESERIAL-TORCH
    return torch.serialization.load(path, "cpu", dill)


# --- lookalikes -----------------------------------------------------------------

def load_weights(model, path):
    # ok: PY-DESERIAL-TORCH
    model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))


def load_safetensors(model, path):
    # ok: PY-DESERIAL-TORCH
    model.load_state_dict(load_file(path))


def save(model, path):
    # ok: PY-DESERIAL-TORCH
    torch.save(model.state_dict(), path)


def passthrough(path, **kwargs):
    # ok: PY-DESERIAL-TORCH
    return torch.load(path, **kwargs)

"""One module per framework: its modes (name → nnbench mode class) and a `Session` per mode.

A session holds its own copy of the parameters; `prepare(x, labels)` converts a batch to the
framework's tensors once (untimed); `step(xs, ys)` runs one training step (forward, mean softmax
cross-entropy, backward, SGD) or one forward and returns the loss (or the first logit) as a host
float, which is where a timed step ends.
"""
import importlib

FRAMEWORKS = ["torch", "tensorflow", "jax"]


def load(name: str):
    if name not in FRAMEWORKS:
        raise ValueError(f"unknown framework '{name}' (expected {', '.join(FRAMEWORKS)})")
    return importlib.import_module(f".{name}_peer", __name__)

"""PyTorch: eager, TorchScript (torch.jit.trace of forward + loss, one trace per input shape),
torch.compile (inductor, dynamic=False: one compile per input shape).

The backward runs through autograd in every mode (TorchScript's and inductor's own backward
graphs in the graph modes); the SGD update is one `torch._foreach_add_` under no_grad.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

NAME = "torch"
MODES = {"eager": "eager", "torchscript": "static", "compile": "fused"}


def version() -> str:
    return torch.__version__


def setup(threads: int) -> str:
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    import torch._dynamo as dynamo
    dynamo.config.cache_size_limit = 4096   # one compile per stream length, never a fallback
    if hasattr(dynamo.config, "recompile_limit"):
        dynamo.config.recompile_limit = 4096
    return f"torch.set_num_threads({threads}), interop 1"


def warm_runtime() -> None:
    """Loads the runtime's lazy parts (untimed, before a first step is timed)."""
    a = torch.ones(8, 8, requires_grad=True)
    (a @ a).sum().backward()


# MARK: - The models (nnbench's layouts: W [in, out], conv W [F, C, K, K], x [B, T, F])

def logits(model: dict, p: list, x: torch.Tensor, masked: bool = False) -> torch.Tensor:
    kind = model["kind"]
    act = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}.get(model.get("activation"))
    if kind == "mlp":
        h, n = x, len(p) // 2
        for i in range(n):
            h = h @ p[2 * i] + p[2 * i + 1]
            if i < n - 1:
                h = act(h)
        return h
    if kind == "cnn":
        h = x
        for i, c in enumerate(model["conv"]):
            h = act(F.conv2d(h, p[2 * i], p[2 * i + 1], padding=c["padding"]))
            if c["pool"] is not None:
                h = F.max_pool2d(h, c["pool"], c["pool"])
        h = h.reshape(h.shape[0], -1)
        off, n = 2 * len(model["conv"]), (len(p) - 2 * len(model["conv"])) // 2
        for i in range(n):
            h = h @ p[off + 2 * i] + p[off + 2 * i + 1]
            if i < n - 1:
                h = act(h)
        return h
    wx, wh, b, wo, bo = p
    batch, steps, hid = x.shape[0], x.shape[1], model["hidden"]
    h = x.new_zeros(batch, hid)
    c = x.new_zeros(batch, hid)
    for t in range(steps):
        xt = x[:, t]
        z = xt @ wx + b if t == 0 else xt @ wx + h @ wh + b
        if kind == "lstm":
            i, f, g, o = z.chunk(4, dim=1)
            c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h_new = torch.sigmoid(o) * torch.tanh(c_new)
        else:
            h_new, c_new = torch.tanh(z), c
        if masked:
            m = (xt != 0).any(dim=1, keepdim=True).to(x.dtype)
            h_new, c_new = m * h_new + (1 - m) * h, m * c_new + (1 - m) * c
        h, c = h_new, c_new
    return h @ wo + bo


def loss_fn(model: dict, masked: bool):
    def f(x, y, *p):
        return F.cross_entropy(logits(model, list(p), x, masked), y)
    return f


def forward_fn(model: dict, masked: bool):
    def f(x, *p):
        return logits(model, list(p), x, masked)
    return f


# MARK: - Sessions

class Session:
    def __init__(self, mode: str, model: dict, params, lr: float | None, masked: bool = False):
        self.mode, self.model, self.lr, self.masked = mode, model, lr, masked
        self.train = lr is not None
        self.params = [torch.tensor(a).requires_grad_(self.train) for a in params]
        self.fn = loss_fn(model, masked) if self.train else forward_fn(model, masked)
        self.cache = {}
        self.traces = 0
        self.compiled = torch.compile(self.fn, dynamic=False, fullgraph=True) if mode == "compile" else None

    def prepare(self, x, labels):
        return torch.from_numpy(x.copy()), torch.from_numpy(labels.astype("int64"))

    def _callable(self, xs, ys):
        if self.mode == "eager":
            return self.fn
        if self.mode == "compile":
            if xs.shape not in self.cache:
                self.cache[xs.shape] = True
                self.traces += 1
            return self.compiled
        f = self.cache.get(xs.shape)
        if f is None:
            args = (xs, ys, *self.params) if self.train else (xs, *self.params)
            with torch.set_grad_enabled(self.train):
                f = torch.jit.trace(self.fn, args, check_trace=False)
            self.cache[xs.shape] = f
            self.traces += 1
        return f

    def step(self, xs, ys) -> float:
        f = self._callable(xs, ys)
        if not self.train:
            with torch.no_grad():
                return f(xs, *self.params)[0, 0].item()
        loss = f(xs, ys, *self.params)
        grads = torch.autograd.grad(loss, self.params)
        with torch.no_grad():
            torch._foreach_add_(self.params, grads, alpha=-self.lr)
        return loss.item()


def reset_caches(mode: str) -> None:
    """Before a cold stream pass of torch.compile: forget dynamo's compiled code (it lives on the
    function's code object, shared by every session; inductor's on-disk cache stays warm)."""
    if mode == "compile":
        import torch._dynamo as dynamo
        dynamo.reset()


# Stream strategies run by default: retracing torch.compile per length (~50 compiles of an
# unrolled RNN per pass) is too slow to sample; `--stream-all` adds it.
STREAM_RETRACE = ["eager", "torchscript"]
STREAM_PAD = ["torchscript", "compile"]

"""JAX: op-by-op (value_and_grad without jit: every primitive dispatched on its own), jit (the
whole step compiled by XLA, Python loops unrolled), and for recurrent models jit with lax.scan
over time (one compiled step body). Parameters are updated functionally (new arrays per step).
"""
from __future__ import annotations

import os

import numpy as np

NAME = "jax"
MODES = {"opbyop": "eager", "jit": "fused", "scan": "fused"}


def modes_for(model: dict) -> dict:
    return MODES if model["kind"] in ("elman", "lstm") else {k: v for k, v in MODES.items() if k != "scan"}


def setup(threads: int) -> str:
    # XLA's CPU client has no thread-count setting; with 2 cores it uses both.
    os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=true")
    import jax
    jax.config.update("jax_platforms", "cpu")
    return f"XLA CPU default (all {os.cpu_count()} cores); not settable"


def version() -> str:
    import jax
    return jax.__version__


def warm_runtime() -> None:
    import jax
    import jax.numpy as jnp
    jax.grad(lambda a: jnp.sum(a @ a))(jnp.ones((8, 8))).block_until_ready()


def logits(model: dict, p: list, x, masked: bool = False, scan: bool = False):
    import jax
    import jax.numpy as jnp
    from jax import lax
    kind = model["kind"]
    act = {"relu": jax.nn.relu, "tanh": jnp.tanh, "sigmoid": jax.nn.sigmoid}.get(model.get("activation"))
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
            q = c["padding"]
            h = lax.conv_general_dilated(h, p[2 * i], (1, 1), [(q, q), (q, q)],
                                         dimension_numbers=("NCHW", "OIHW", "NCHW"))
            h = act(h + p[2 * i + 1][None, :, None, None])
            if c["pool"] is not None:
                k = c["pool"]
                h = lax.reduce_window(h, -jnp.inf, lax.max, (1, 1, k, k), (1, 1, k, k), "VALID")
        h = h.reshape(h.shape[0], -1)
        off, n = 2 * len(model["conv"]), (len(p) - 2 * len(model["conv"])) // 2
        for i in range(n):
            h = h @ p[off + 2 * i] + p[off + 2 * i + 1]
            if i < n - 1:
                h = act(h)
        return h
    wx, wh, b, wo, bo = p
    batch, hid = x.shape[0], model["hidden"]

    def cell(state, xt, first=False):
        h, c = state
        z = xt @ wx + b if first else xt @ wx + h @ wh + b
        if kind == "lstm":
            i, f, g, o = jnp.split(z, 4, axis=1)
            c_new = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
            h_new = jax.nn.sigmoid(o) * jnp.tanh(c_new)
        else:
            h_new, c_new = jnp.tanh(z), c
        if masked:
            m = jnp.any(xt != 0, axis=1, keepdims=True).astype(x.dtype)
            h_new, c_new = m * h_new + (1 - m) * h, m * c_new + (1 - m) * c
        return (h_new, c_new)

    state = (jnp.zeros((batch, hid), x.dtype), jnp.zeros((batch, hid), x.dtype))
    if scan:
        # h·Wh with h = 0 adds exact zeros, so the scanned body equals step 0's form.
        state, _ = lax.scan(lambda s, xt: (cell(s, xt), None), state, jnp.swapaxes(x, 0, 1))
    else:
        for t in range(x.shape[1]):
            state = cell(state, x[:, t], first=(t == 0))
    return state[0] @ wo + bo


class Session:
    def __init__(self, mode: str, model: dict, params, lr: float | None, masked: bool = False):
        import jax
        import jax.numpy as jnp
        self.mode, self.model, self.lr, self.masked = mode, model, lr, masked
        self.train = lr is not None
        self.params = [jnp.asarray(a) for a in params]
        self.traces = 0
        seen = set()
        scan = mode == "scan"

        def loss(p, x, y):
            lg = logits(model, p, x, masked, scan)
            lse = jax.nn.logsumexp(lg, axis=1)
            return jnp.mean(lse - jnp.take_along_axis(lg, y[:, None], axis=1)[:, 0])

        def train_step(p, x, y):
            value, grads = jax.value_and_grad(loss)(p, x, y)
            return value, [a - lr * g for a, g in zip(p, grads)]

        def infer_step(p, x, y):
            return logits(model, p, x, masked, scan)[0, 0], p

        body = train_step if self.train else infer_step
        if mode == "opbyop":
            self.fn = body
        else:
            def counted(p, x, y):
                key = tuple(x.shape)
                if key not in seen:
                    seen.add(key)
                    self.traces += 1
                return body(p, x, y)
            self.fn = jax.jit(counted)

    def prepare(self, x, labels):
        import jax.numpy as jnp
        return jnp.asarray(x), jnp.asarray(labels.astype(np.int32))

    def step(self, xs, ys) -> float:
        value, self.params = self.fn(self.params, xs, ys)
        return float(value.block_until_ready())


# Stream strategies run by default (unrolled jit per length is too slow to sample; `--stream-all`).
STREAM_RETRACE = ["opbyop", "scan"]
STREAM_PAD = ["scan", "jit"]

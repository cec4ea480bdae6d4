"""TensorFlow: eager (GradientTape), tf.function (the whole step as one graph, retraced per input
shape), tf.function(jit_compile=True) (the same graph compiled by XLA).

TensorFlow's CPU convolutions are NHWC with HWIO filters: the input batch is transposed to NHWC
when it is prepared (untimed) and conv filters to HWIO when loaded; dense0's rows after the
flatten are permuted from nnbench's (c, h, w) order to NHWC's (h, w, c), so the maths is the same.
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf

NAME = "tensorflow"
MODES = {"eager": "eager", "function": "static", "xla": "fused"}


def version() -> str:
    return tf.__version__


def setup(threads: int) -> str:
    tf.get_logger().setLevel("ERROR")   # retracing per stream length is intended
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    return f"intra_op {threads}, inter_op 1"


def warm_runtime() -> None:
    v = tf.Variable(tf.ones((8, 8)))
    with tf.GradientTape() as t:
        s = tf.reduce_sum(tf.matmul(v, v))
    t.gradient(s, v)


def convert_params(model: dict, params: list) -> list:
    """nnbench's layouts → TensorFlow's (conv filters HWIO; dense0 rows in NHWC flatten order)."""
    if model["kind"] != "cnn":
        return [np.array(a) for a in params]
    out = [np.array(a) for a in params]
    c, h, w = model["input"]
    for i, b in enumerate(model["conv"]):
        out[2 * i] = np.ascontiguousarray(out[2 * i].transpose(2, 3, 1, 0))
        h, w = h + 2 * b["padding"] - b["kernel"] + 1, w + 2 * b["padding"] - b["kernel"] + 1
        if b["pool"] is not None:
            h, w = h // b["pool"], w // b["pool"]
        c = b["channels"]
    k = 2 * len(model["conv"])
    d = out[k]
    out[k] = np.ascontiguousarray(d.reshape(c, h, w, -1).transpose(1, 2, 0, 3).reshape(c * h * w, -1))
    return out


def logits(model: dict, p: list, x, masked: bool = False):
    kind = model["kind"]
    act = {"relu": tf.nn.relu, "tanh": tf.tanh, "sigmoid": tf.sigmoid}.get(model.get("activation"))
    if kind == "mlp":
        h, n = x, len(p) // 2
        for i in range(n):
            h = tf.matmul(h, p[2 * i]) + p[2 * i + 1]
            if i < n - 1:
                h = act(h)
        return h
    if kind == "cnn":
        h = x
        for i, c in enumerate(model["conv"]):
            q = c["padding"]
            h = act(tf.nn.conv2d(h, p[2 * i], 1, [[0, 0], [q, q], [q, q], [0, 0]]) + p[2 * i + 1])
            if c["pool"] is not None:
                h = tf.nn.max_pool2d(h, c["pool"], c["pool"], "VALID")
        h = tf.reshape(h, [tf.shape(h)[0], -1])
        off, n = 2 * len(model["conv"]), (len(p) - 2 * len(model["conv"])) // 2
        for i in range(n):
            h = tf.matmul(h, p[off + 2 * i]) + p[off + 2 * i + 1]
            if i < n - 1:
                h = act(h)
        return h
    wx, wh, b, wo, bo = p
    batch, steps, hid = x.shape[0], x.shape[1], model["hidden"]
    h = tf.zeros((batch, hid))
    c = tf.zeros((batch, hid))
    for t in range(steps):
        xt = x[:, t]
        z = tf.matmul(xt, wx) + b if t == 0 else tf.matmul(xt, wx) + tf.matmul(h, wh) + b
        if kind == "lstm":
            i, f, g, o = tf.split(z, 4, axis=1)
            c_new = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
            h_new = tf.sigmoid(o) * tf.tanh(c_new)
        else:
            h_new, c_new = tf.tanh(z), c
        if masked:
            m = tf.cast(tf.reduce_any(xt != 0, axis=1, keepdims=True), tf.float32)
            h_new, c_new = m * h_new + (1 - m) * h, m * c_new + (1 - m) * c
        h, c = h_new, c_new
    return tf.matmul(h, wo) + bo


class Session:
    def __init__(self, mode: str, model: dict, params, lr: float | None, masked: bool = False):
        self.mode, self.model, self.lr, self.masked = mode, model, lr, masked
        self.train = lr is not None
        self.vars = [tf.Variable(a) for a in convert_params(model, params)]
        self.traces = 0
        seen = set()

        def train_step(x, y):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
                    labels=y, logits=logits(model, self.vars, x, masked)))
            for v, g in zip(self.vars, tape.gradient(loss, self.vars)):
                v.assign_sub(self.lr * g)
            return loss

        def infer_step(x):
            return logits(model, self.vars, x, masked)[0, 0]

        body = train_step if self.train else infer_step
        if mode == "eager":
            self.fn = body
        else:
            def counted(*a):
                key = tuple(a[0].shape)
                if key not in seen:
                    seen.add(key)
                    self.traces += 1
                return body(*a)
            self.fn = tf.function(counted, jit_compile=(mode == "xla"), reduce_retracing=False)

    def prepare(self, x, labels):
        if self.model["kind"] == "cnn":
            x = x.transpose(0, 2, 3, 1)
        return tf.constant(np.ascontiguousarray(x)), tf.constant(labels.astype(np.int32))

    def step(self, xs, ys) -> float:
        out = self.fn(xs, ys) if self.train else self.fn(xs)
        return float(out.numpy())


# Stream strategies run by default (XLA per length is too slow to sample; `--stream-all` adds it).
STREAM_RETRACE = ["eager", "function"]
STREAM_PAD = ["function", "xla"]

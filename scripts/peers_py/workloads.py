"""Workload files, parsed and validated by nnbench's rules (a port of NNBenchCore's
WorkloadLoader.swift, MemoryEstimate.swift and ModelFactory.swift).

Errors are one line, `Workloads/x.yaml: field: reason`, with the same fields and reasons as
nnbench's. YAML is composed (not loaded) so that, as in nnbench, quoted numbers are refused and
keys are checked before values are converted.
"""
from __future__ import annotations

import hashlib
import math
import os
import re
from dataclasses import dataclass, field

import yaml

MODES = ["eager", "static", "fused"]
TASKS = ["train", "infer", "stream"]
ACTIVATIONS = ["relu", "tanh", "sigmoid"]
INT_MAX = (1 << 63) - 1


class WorkloadError(Exception):
    """A workload file is missing, unreadable or invalid; str() is one line."""

    def __init__(self, file: str, field: str, reason: str):
        self.file, self.field, self.reason = file, field, reason
        super().__init__(f"{file}: {field}: {reason}" if field else f"{file}: {reason}")


@dataclass
class Workload:
    path: str
    name: str
    description: str
    task: str
    model: dict          # kind plus the model's fields (see parse_model)
    batch_sizes: list
    sequence_length: int | None
    learning_rate: float | None
    modes: list
    seed: int
    samples: int | None = None
    threshold: float | None = None
    stream: dict | None = None
    file_hash: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def recurrent(self) -> bool:
        return self.model["kind"] in ("elman", "lstm")


# MARK: - Typed access to a composed YAML node

class Fields:
    def __init__(self, node, file: str, path: str):
        self.node, self.file, self.path = node, file, path

    def field(self, key: str) -> str:
        return key if not self.path else f"{self.path}.{key}"

    def error(self, key: str, reason: str) -> WorkloadError:
        return WorkloadError(self.file, self.field(key), reason)

    def _self_error(self, reason: str) -> WorkloadError:
        return WorkloadError(self.file, self.path, reason)

    def _map(self) -> dict:
        if not isinstance(self.node, yaml.MappingNode):
            return {}
        return {k.value: v for k, v in self.node.value if isinstance(k, yaml.ScalarNode)}

    def mapping(self, allowed: set) -> "Fields":
        if not isinstance(self.node, yaml.MappingNode):
            raise self._self_error(f"must be a mapping of keys to values, got {describe(self.node)}")
        seen = set()
        for k, _ in self.node.value:
            if not isinstance(k, yaml.ScalarNode):
                raise self._self_error("keys must be plain names")
            if k.value not in allowed:
                raise self.error(k.value, f"unknown key (expected one of: {', '.join(sorted(allowed))})")
            if k.value in seen:
                raise self.error(k.value, "appears twice")
            seen.add(k.value)
        return self

    def mapping_peek(self, key: str) -> str:
        if not isinstance(self.node, yaml.MappingNode):
            raise self._self_error(f"must be a mapping of keys to values, got {describe(self.node)}")
        return self.string(key)

    def has(self, key: str) -> bool:
        return key in self._map()

    def child(self, key: str) -> "Fields":
        m = self._map()
        if key not in m:
            raise self.error(key, "is required")
        return Fields(m[key], self.file, self.field(key))

    def _scalar(self, key: str):
        m = self._map()
        if key not in m:
            return None
        v = m[key]
        if not isinstance(v, yaml.ScalarNode):
            raise self.error(key, "must be a single value, not a list or mapping")
        if v.style is None and v.value in ("", "~", "null"):
            raise self.error(key, "has no value")
        return v

    def optional_string(self, key: str):
        s = self._scalar(key)
        return None if s is None else s.value

    def string(self, key: str) -> str:
        s = self.optional_string(key)
        if s is None:
            raise self.error(key, "is required")
        return s

    def optional_int(self, key: str, lo: int, hi: int):
        s = self._scalar(key)
        if s is None:
            return None
        v = _swift_int(s.value) if s.style is None else None
        if v is None:
            raise self.error(key, f"must be a whole number, got '{s.value}'")
        if v < lo:
            raise self.error(key, f"must be at least {lo}, got {v}")
        if v > hi:
            raise self.error(key, f"must be at most {hi}, got {v} (absurd size)")
        return v

    def int(self, key: str, lo: int, hi: int) -> int:
        v = self.optional_int(key, lo, hi)
        if v is None:
            raise self.error(key, "is required")
        return v

    def optional_double(self, key: str):
        s = self._scalar(key)
        if s is None:
            return None
        v = _swift_double(s.value) if s.style is None else None
        if v is None or not math.isfinite(v):
            raise self.error(key, f"must be a number, got '{s.value}'")
        return v

    def enumeration(self, key: str, cases: list) -> str:
        s = self.string(key)
        if s not in cases:
            raise self.error(key, f"unknown value '{s}' (expected {', '.join(cases)})")
        return s

    def items(self, key: str) -> list:
        m = self._map()
        if key not in m:
            raise self.error(key, "is required")
        v = m[key]
        if not isinstance(v, yaml.SequenceNode):
            raise self.error(key, f"must be a list, got {describe(v)}")
        return [Fields(n, self.file, self.field(f"{key}[{i}]")) for i, n in enumerate(v.value)]

    def positive_ints(self, key: str, hi: int, allow_empty: bool = False) -> list:
        out = []
        for item in self.items(key):
            n = item.node
            v = _swift_int(n.value) if isinstance(n, yaml.ScalarNode) and n.style is None else None
            if v is None:
                raise WorkloadError(self.file, item.path, "must be a whole number")
            if v < 1:
                raise WorkloadError(self.file, item.path, f"must be at least 1, got {v}")
            if v > hi:
                raise WorkloadError(self.file, item.path, f"must be at most {hi}, got {v} (absurd size)")
            out.append(v)
        if not out and not allow_empty:
            raise self.error(key, "must list at least one value")
        return out

    def enumerations(self, key: str, cases: list) -> list:
        out = []
        for item in self.items(key):
            n = item.node
            if not isinstance(n, yaml.ScalarNode) or n.value not in cases:
                got = n.value if isinstance(n, yaml.ScalarNode) else "a non-scalar"
                raise WorkloadError(self.file, item.path, f"unknown value '{got}' (expected {', '.join(cases)})")
            out.append(n.value)
        if not out:
            raise self.error(key, "must list at least one value")
        return out


def _swift_int(text: str):
    """Swift's Int(String) after removing '_': optional sign, decimal digits, in Int64 range."""
    t = text.replace("_", "")
    if not re.fullmatch(r"[+-]?[0-9]+", t):
        return None
    v = int(t)
    return v if -(1 << 63) <= v <= INT_MAX else None


def _swift_double(text: str):
    """Swift's Double(String): decimal or hex floats, inf/nan words (refused later as non-finite)."""
    t = text.strip()
    if t != text or not t:
        return None
    if re.fullmatch(r"[+-]?(inf|infinity|nan)", t, re.IGNORECASE):
        return float(t)
    if re.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", t):
        return float(t)
    if re.fullmatch(r"[+-]?0[xX][0-9a-fA-F]+(\.[0-9a-fA-F]*)?([pP][+-]?[0-9]+)?", t):
        return float.fromhex(t)
    return None


# MARK: - Loading

def load(path: str, memory_limit: float | None = None) -> Workload:
    if not os.path.exists(path):
        raise WorkloadError(path, "", "no such workload file")
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        raise WorkloadError(path, "", "cannot read the file") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise WorkloadError(path, "", "not UTF-8 text") from None
    name = os.path.splitext(os.path.basename(path))[0]
    w = parse(text, path, name, memory_limit if memory_limit is not None else physical_memory())
    w.file_hash = hashlib.sha256(data).hexdigest()
    return w


def load_all(directory: str) -> list:
    try:
        files = sorted(f for f in os.listdir(directory) if f.endswith(".yaml"))
    except OSError:
        raise WorkloadError(directory, "", "cannot list the workloads directory") from None
    if not files:
        raise WorkloadError(directory, "", "no .yaml workload files")
    return [load(os.path.join(directory, f)) for f in files]


def physical_memory() -> float:
    return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))


def parse(text: str, file: str, name: str, memory_limit: float | None = None) -> Workload:
    memory_limit = physical_memory() if memory_limit is None else memory_limit
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as e:
        first = str(e).split("\n")[0]
        raise WorkloadError(file, "", f"not valid YAML: {first}") from None
    if root is None:
        raise WorkloadError(file, "", "the file is empty")
    top = Fields(root, file, "").mapping({"name", "description", "task", "model", "batch_sizes",
                                         "sequence_length", "learning_rate", "modes", "seed", "measure", "stream"})
    n = top.optional_string("name")
    if n is not None and n != name:
        raise top.error("name", f"is '{n}' but the file is named '{name}.yaml': they must match")
    task = top.enumeration("task", TASKS)
    model = parse_model(top.child("model"))
    recurrent = model["kind"] in ("elman", "lstm")

    batches = top.positive_ints("batch_sizes", 1 << 20)
    twice = _first_repeat(batches)
    if twice is not None:
        raise top.error("batch_sizes", f"lists batch size {twice} twice")
    seq = top.optional_int("sequence_length", 1, 1 << 16)
    if recurrent and seq is None and task != "stream":
        raise top.error("sequence_length", "is required for a recurrent model")
    if not recurrent and seq is not None:
        raise top.error("sequence_length", "applies to recurrent models only")

    lr = top.optional_double("learning_rate")
    if lr is not None and not (0 < lr <= 10):
        raise top.error("learning_rate", f"must be in (0, 10], got {_swift_fmt(lr)}")
    if task == "infer" and lr is not None:
        raise top.error("learning_rate", "does not apply to task 'infer'")
    if task != "infer" and lr is None:
        raise top.error("learning_rate", f"is required for task '{task}'")

    modes = top.enumerations("modes", MODES)
    twice = _first_repeat(modes)
    if twice is not None:
        raise top.error("modes", f"lists mode '{twice}' twice")
    seed = top.optional_int("seed", 0, INT_MAX)
    seed = 42 if seed is None else seed

    samples = threshold = None
    if top.has("measure"):
        m = top.child("measure").mapping({"samples", "threshold"})
        samples = m.optional_int("samples", 3, 100_000)
        t = m.optional_double("threshold")
        if t is not None:
            if not (0 < t < 1):
                raise m.error("threshold", f"must be a fraction in (0, 1), got {_swift_fmt(t)}")
            threshold = t

    stream = None
    if task == "stream":
        if not recurrent:
            raise top.error("task", "'stream' needs a recurrent model (elman or lstm)")
        if not top.has("stream"):
            raise top.error("stream", "is required for task 'stream'")
        s = top.child("stream").mapping({"batches", "min_length", "max_length"})
        stream = {"batches": s.int("batches", 1, 100_000), "min_length": s.int("min_length", 1, 1 << 16),
                  "max_length": s.int("max_length", 1, 1 << 16)}
        if stream["max_length"] < stream["min_length"]:
            raise s.error("max_length", f"must be at least min_length ({stream['min_length']}), got {stream['max_length']}")
    elif top.has("stream"):
        raise top.error("stream", "applies to task 'stream' only")

    longest = (stream or {}).get("max_length") or seq or 1
    smallest = memory_bytes(model, 1, longest)
    if smallest > memory_limit:
        raise top.error("model", "is " + _too_large(smallest, memory_limit) + " even at batch 1")
    need = memory_bytes(model, max(batches), longest)
    if need > memory_limit:
        raise top.error("batch_sizes", f"batch {max(batches)} is " + _too_large(need, memory_limit))
    if model["kind"] == "cnn":
        for i, c in enumerate(model["conv"]):
            if c["padding"] >= c["kernel"]:   # ModelFactory: refused when the model is built
                raise WorkloadError(file, f"model.conv[{i}].padding", "padding ≥ kernel is not supported")
    return Workload(path=file, name=name, description=top.optional_string("description") or "", task=task,
                    model=model, batch_sizes=batches, sequence_length=seq, learning_rate=lr, modes=modes,
                    seed=seed, samples=samples, threshold=threshold, stream=stream)


def _swift_fmt(v: float) -> str:
    """Swift's description of a Double (1.0, 0.5, 20.0, 1e-05 …) for the common cases."""
    return repr(float(v))


def _gib(b: float) -> str:
    return f"{b / 1_073_741_824:.1f}"


def _too_large(need: float, limit: float) -> str:
    """nnbench's `MemoryEstimate.tooLarge` wording."""
    return f"too large for this machine: it would need about {_gib(need)} GiB, more than its {_gib(limit)} GiB"


def _first_repeat(values: list):
    """The first value that appears a second time, or None (nnbench's `firstRepeat`)."""
    seen = set()
    for v in values:
        if v in seen:
            return v
        seen.add(v)
    return None


def _clipped(value: str, limit: int = 40) -> str:
    """nnbench's `clipped`: one line, at most `limit` characters plus the length."""
    flat = "".join(" " if c in "\n\r\t" else c for c in value)
    return flat if len(flat) <= limit else flat[:limit] + f"… ({len(flat)} characters)"


def describe(node) -> str:
    """nnbench's `Fields.describe`: what was found where something else was expected."""
    if isinstance(node, yaml.ScalarNode):
        return f"'{_clipped(node.value)}'"
    if isinstance(node, yaml.SequenceNode):
        n = len(node.value)
        return f"a list of {n} item{'' if n == 1 else 's'}"
    if isinstance(node, yaml.MappingNode):
        n = len(node.value)
        return f"a mapping of {n} key{'' if n == 1 else 's'}"
    return "an alias"


def parse_model(f: Fields) -> dict:
    kind = f.mapping_peek("kind")
    if kind == "mlp":
        m = f.mapping({"kind", "input", "hidden", "classes", "activation"})
        return {"kind": "mlp", "input": m.int("input", 1, 1 << 24),
                "hidden": m.positive_ints("hidden", 1 << 20, allow_empty=True),
                "classes": m.int("classes", 2, 1 << 20), "activation": m.enumeration("activation", ACTIVATIONS)}
    if kind == "cnn":
        m = f.mapping({"kind", "input", "conv", "dense", "classes", "activation"})
        inp = m.positive_ints("input", 1 << 14)
        if len(inp) != 3:
            raise m.error("input", "must be [channels, height, width]")
        h, w = inp[1], inp[2]
        convs = []
        for i, item in enumerate(m.items("conv")):
            c = item.mapping({"channels", "kernel", "padding", "pool"})
            pad = c.optional_int("padding", 0, 1 << 10)
            conv = {"channels": c.int("channels", 1, 1 << 14), "kernel": c.int("kernel", 1, 1 << 10),
                    "padding": 0 if pad is None else pad, "pool": c.optional_int("pool", 1, 1 << 10)}
            h = h + 2 * conv["padding"] - conv["kernel"] + 1
            w = w + 2 * conv["padding"] - conv["kernel"] + 1
            if h < 1 or w < 1:
                raise m.error(f"conv[{i}].kernel", "larger than its padded input")
            if conv["pool"] is not None:
                p = conv["pool"]
                if h < p or w < p:
                    raise m.error(f"conv[{i}].pool", f"larger than its input {h}×{w}")
                h //= p
                w //= p
            convs.append(conv)
        if not convs:
            raise m.error("conv", "needs at least one convolution block")
        return {"kind": "cnn", "input": inp, "conv": convs, "dense": m.positive_ints("dense", 1 << 20, allow_empty=True),
                "classes": m.int("classes", 2, 1 << 20), "activation": m.enumeration("activation", ACTIVATIONS)}
    if kind in ("elman", "lstm"):
        m = f.mapping({"kind", "input", "hidden", "classes"})
        return {"kind": kind, "input": m.int("input", 1, 1 << 20), "hidden": m.int("hidden", 1, 1 << 16),
                "classes": m.int("classes", 2, 1 << 20)}
    raise f.error("kind", f"unknown model kind '{kind}' (expected mlp, cnn, elman or lstm)")


def memory_bytes(model: dict, batch: int, seq: int) -> float:
    """MemoryEstimate.bytes: 4·(3·parameters + 4·activations)."""
    b = float(batch)
    params = acts = 0.0
    if model["kind"] == "mlp":
        widths = [model["input"]] + model["hidden"] + [model["classes"]]
        for a, c in zip(widths, widths[1:]):
            params += float(a) * c + c
        acts = b * float(sum(widths))
    elif model["kind"] == "cnn":
        ch, h, w = map(float, model["input"])
        acts = ch * h * w
        for conv in model["conv"]:
            k, oc = float(conv["kernel"]), float(conv["channels"])
            h += 2 * conv["padding"] - k + 1
            w += 2 * conv["padding"] - k + 1
            params += oc * ch * k * k + oc
            acts += ch * k * k * h * w + 2 * oc * h * w
            if conv["pool"] is not None:
                h = math.floor(h / conv["pool"])
                w = math.floor(w / conv["pool"])
                acts += oc * h * w
            ch = oc
        width = ch * h * w
        for d in model["dense"] + [model["classes"]]:
            params += width * d + d
            acts += d
            width = float(d)
        acts *= b
    else:
        g = 4.0 if model["kind"] == "lstm" else 1.0
        i, hh = float(model["input"]), float(model["hidden"])
        params = g * (i * hh + hh * hh + hh) + hh * model["classes"] + model["classes"]
        acts = b * seq * (i + 3 * g * hh)
    return 4 * (3 * params + 4 * acts)


# MARK: - The model's parameters and inputs (NNModels' MLP, CNN, RNN)

def parameter_specs(model: dict) -> list:
    """(name, shape, initializer) in the order the model takes them (see data.initial_parameters)."""
    def dense(prefix, i, o, act):
        w = ("he", i) if act == "relu" else ("glorot", i, o)
        return [(f"{prefix}.weight", (i, o), w), (f"{prefix}.bias", (o,), ("zeros",))]

    kind = model["kind"]
    if kind == "mlp":
        sizes = [model["input"]] + model["hidden"] + [model["classes"]]
        out = []
        for i in range(len(sizes) - 1):
            act = "identity" if i == len(sizes) - 2 else model["activation"]
            out += dense(f"dense{i}", sizes[i], sizes[i + 1], act)
        return out
    if kind == "cnn":
        c, h, w = model["input"]
        out = []
        for i, b in enumerate(model["conv"]):
            k, f = b["kernel"], b["channels"]
            init = ("he", c * k * k) if model["activation"] == "relu" else ("glorot", c * k * k, f * k * k)
            out += [(f"conv{i}.weight", (f, c, k, k), init), (f"conv{i}.bias", (f,), ("zeros",))]
            h, w = h + 2 * b["padding"] - k + 1, w + 2 * b["padding"] - k + 1
            if b["pool"] is not None:
                h, w = h // b["pool"], w // b["pool"]
            c = f
        sizes = [c * h * w] + model["dense"] + [model["classes"]]
        for i in range(len(sizes) - 1):
            act = "identity" if i == len(sizes) - 2 else model["activation"]
            out += dense(f"dense{i}", sizes[i], sizes[i + 1], act)
        return out
    g = 4 * model["hidden"] if kind == "lstm" else model["hidden"]
    i, h = model["input"], model["hidden"]
    return [(f"{kind}.wx", (i, g), ("glorot", i, g)), (f"{kind}.wh", (h, g), ("glorot", h, g)),
            (f"{kind}.bias", (g,), ("zeros",))] + dense("out", h, model["classes"], "identity")


def input_shape(model: dict, batch: int, seq: int) -> tuple:
    if model["kind"] == "mlp":
        return (batch, model["input"])
    if model["kind"] == "cnn":
        return (batch, *model["input"])
    return (batch, seq, model["input"])

"""nnbench's inputs, regenerated bit for bit: SplitMix64, initial parameters, synthetic batches,
the variable-length batch stream and its zero padding.

Ported from NNVocabulary/Random.swift (SplitMix64), NNModels/Model.swift (initialParameters),
NNModels/SyntheticData.swift and NNBenchCore/StreamRunner.swift (BatchStream). Every float
operation is done in float32 in the same order as the Swift code, so the values are identical
(tests compare them with a `--save-tensors` file).
"""
from __future__ import annotations

import numpy as np

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def splitmix_block(state: int, n: int) -> tuple[np.ndarray, int]:
    """The next `n` outputs of a SplitMix64 whose state is `state`, and the state after them."""
    i = np.arange(1, n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(state) + i * np.uint64(GAMMA)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return z, (state + n * GAMMA) & MASK


class SplitMix64:
    """SplitMix64 as nnbench's (`next`, `uniform`, `normal`), vectorised over blocks of draws."""

    def __init__(self, seed: int):
        self.state = seed & MASK

    def next_block(self, n: int) -> np.ndarray:
        out, self.state = splitmix_block(self.state, n)
        return out

    def next(self) -> int:
        return int(self.next_block(1)[0])

    def uniform(self, lo: np.float32, hi: np.float32, n: int) -> np.ndarray:
        """lo + (hi − lo)·Float(next() >> 40) / Float(1 << 24), in float32, n times."""
        k = (self.next_block(n) >> np.uint64(40)).astype(np.float32)
        span = np.float32(hi) - np.float32(lo)
        return (np.float32(lo) + (span * k) / np.float32(1 << 24)).astype(np.float32)

    def normal(self, n: int) -> np.ndarray:
        """Box-Muller in float64 then rounded to float32; each value takes two draws (u1, u2)."""
        z = self.next_block(2 * n)
        u1 = ((z[0::2] >> np.uint64(11)) | np.uint64(1)).astype(np.float64) / float(1 << 53)
        u2 = (z[1::2] >> np.uint64(11)).astype(np.float64) / float(1 << 53)
        return (np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)).astype(np.float32)


def initial_parameters(specs: list[tuple[str, tuple[int, ...], tuple]], seed: int) -> list[np.ndarray]:
    """Parameters drawn in order from one SplitMix64(seed), as `Model.initialParameters`.

    `specs` holds (name, shape, initializer) with initializer ("he", fan_in),
    ("glorot", fan_in, fan_out) or ("zeros",)."""
    rng = SplitMix64(seed)
    out = []
    for _, shape, init in specs:
        n = int(np.prod(shape))
        if init[0] == "zeros":
            a = np.zeros(n, np.float32)
        else:
            denom = np.float32(init[1]) if init[0] == "he" else np.float32(init[1] + init[2])
            r = np.sqrt(np.float32(6) / denom, dtype=np.float32)
            a = rng.uniform(-r, r, n)
        out.append(a.reshape(shape))
    return out


def teacher(features: int, classes: int, teacher_seed: int) -> np.ndarray:
    """The random linear teacher [features, classes]: `normal()` from
    SplitMix64(teacher_seed ^ 0x7EAC4E55), row-major, as `SyntheticData.batch`."""
    return SplitMix64(teacher_seed ^ 0x7EAC4E55).normal(features * classes).reshape(features, classes)


def teacher_labels(flat: np.ndarray, w: np.ndarray) -> np.ndarray:
    """argmax_c Σ_f flat[r, f]·w[f, c] per row r: scores summed in float32 in feature order, first
    maximum wins, as the Swift loop. Rows are independent, so any number of batches' rows can
    be labelled in one call with the same bits."""
    s = np.zeros((flat.shape[0], w.shape[1]), np.float32)
    for f in range(w.shape[0]):   # sequential float32 accumulation, as the Swift loop
        s = (s + flat[:, f:f + 1] * w[f]).astype(np.float32)
    return np.argmax(s, axis=1).astype(np.float32)   # argmax: first maximum, like `>`


def synthetic_batch(shape: tuple[int, ...], classes: int, seed: int,
                    teacher_seed: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Standard-normal inputs of `shape` and labels = argmax of the input under a random linear
    teacher drawn from teacher_seed ^ 0x7EAC4E55 (teacher_seed defaults to seed; scores summed in
    float32 in feature order, first maximum wins), as `SyntheticData.batch`. Labels are float32
    class indices."""
    x = SplitMix64(seed).normal(int(np.prod(shape))).reshape(shape)
    n = shape[0]
    features = int(np.prod(shape)) // max(n, 1)
    w = teacher(features, classes, seed if teacher_seed is None else teacher_seed)
    return x, teacher_labels(x.reshape(n, features), w)


# The fewest examples in a benchmark's cycle of batches, and the fewest batches: the cycle holds
# batch_count(batch) = max(MIN_BATCH_COUNT, ceil(CYCLE_EXAMPLES / batch)) batches, as
# `BenchmarkCase.cycleExamples` / `minimumBatchCount` / `batchCount(batch:)` in
# Sources/NNMeasure/BenchmarkCase+Batches.swift (change both together).
CYCLE_EXAMPLES = 256
MIN_BATCH_COUNT = 8


def batch_count(batch: int) -> int:
    """How many batches a benchmark of batch size `batch` cycles through: 256 at batch 1, 16 at
    batch 16, 8 from batch 32 up."""
    b = max(batch, 1)
    return max(MIN_BATCH_COUNT, -(-CYCLE_EXAMPLES // b))


def benchmark_batches(shape: tuple[int, ...], classes: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """nnbench's cycle of a benchmark's batches (`BenchmarkCase.batches`): batch_count(shape[0])
    batches, batch i's inputs from seed + 1 + i, every label from the teacher of seed + 1; step k
    trains on batch k mod batch_count. The labels of all batches are computed in one pass (the
    same bits as one synthetic_batch per batch)."""
    n = shape[0]
    count = batch_count(n)
    xs = [SplitMix64((seed + 1 + i) & MASK).normal(int(np.prod(shape))).reshape(shape) for i in range(count)]
    features = int(np.prod(shape)) // max(n, 1)
    w = teacher(features, classes, (seed + 1) & MASK)
    labels = teacher_labels(np.concatenate([x.reshape(n, features) for x in xs]), w)
    return [(x, labels[i * n:(i + 1) * n]) for i, x in enumerate(xs)]


def batch_stream(batch: int, inputs: int, classes: int, batches: int, min_length: int,
                 max_length: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """nnbench's BatchStream: lengths from SplitMix64(seed ^ 0x5EED5713EA11), batch i's data
    from seed + 1 + i."""
    rng = SplitMix64(seed ^ 0x5EED5713EA11)
    span = max_length - min_length + 1
    out = []
    for i in range(batches):
        length = min_length + rng.next() % span
        out.append(synthetic_batch((batch, length, inputs), classes, (seed + 1 + i) & MASK))
    return out


def padded(stream: list[tuple[np.ndarray, np.ndarray]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every batch zero-padded along time to the stream's longest length."""
    t = max(x.shape[1] for x, _ in stream)
    out = []
    for x, y in stream:
        p = np.zeros((x.shape[0], t, x.shape[2]), np.float32)
        p[:, :x.shape[1]] = x
        out.append((p, y))
    return out

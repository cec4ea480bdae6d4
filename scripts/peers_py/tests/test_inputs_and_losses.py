"""The peers' inputs are nnbench's bit for bit, and PyTorch's losses are nnbench's."""
import shutil

import h5py
import numpy as np
import pytest

from conftest import REPO
from peers_py import data, measure, reference, workloads

torch_peer = pytest.importorskip("peers_py.frameworks.torch_peer")


def groups(files):
    for path in files:
        with h5py.File(path, "r") as f:
            for wl in f["tensors"]:
                for g in f["tensors"][wl]:
                    G = f["tensors"][wl][g]
                    yield path, wl, G.name, {
                        "batch": int(G.attrs["batch"]), "seq": int(G.attrs["sequence_length"]),
                        "params": {n: (int(G["parameters"][n].attrs["index"]), G["parameters"][n][()])
                                   for n in G["parameters"]},
                        "x": G["x"][()], "labels": G["labels"][()], "eager": G["losses/eager"][()],
                        "cycle": [(G["x"][()], G["labels"][()])]
                        + [(G["batches"][i]["x"][()], G["batches"][i]["labels"][()])
                           for i in sorted(G["batches"], key=int)] if "batches" in G else []}


def test_reference_holds_mlp_and_lstm(saved_tensors):
    names = {wl for _, wl, _, _ in groups(saved_tensors)}
    assert {"mlp", "lstm"} <= names


def test_the_cycle_length_follows_the_rule():
    """max(8, ceil(256 / batch)) batches, as nnbench's BenchmarkCase.batchCount(batch:)."""
    assert (data.CYCLE_EXAMPLES, data.MIN_BATCH_COUNT) == (256, 8)
    expected = {1: 256, 2: 128, 3: 86, 4: 64, 16: 16, 31: 9, 32: 8, 33: 8, 256: 8}
    assert {b: data.batch_count(b) for b in expected} == expected
    for b in range(1, 600):
        n = data.batch_count(b)
        assert n >= 8 and n * b >= 256 and (n == 8 or (n - 1) * b < 256), b


def test_batch_one_cycles_through_256_examples_in_one_pass():
    """Batch 1 trains on 256 different examples, labelled by one teacher; the one-pass labelling
    equals synthetic_batch per batch bit for bit."""
    cycle = data.benchmark_batches((1, 6), 3, 3)
    assert len(cycle) == 256 and all(x.shape == (1, 6) and y.shape == (1,) for x, y in cycle)
    assert len({x.tobytes() for x, _ in cycle}) == 256 and len({float(y[0]) for _, y in cycle}) > 1
    for i, (x, y) in enumerate(cycle):
        a, b = data.synthetic_batch((1, 6), 3, 4 + i, 4)
        assert np.array_equal(a, x) and np.array_equal(b, y) and b.dtype == y.dtype == np.float32


def test_batch_one_cycle_equals_nnbench(saved_tensors):
    """The reference includes mlp at batch 1: its 256-batch cycle is regenerated bit for bit."""
    found = [g for _, wl, _, g in groups(saved_tensors) if wl == "mlp" and g["batch"] == 1]
    assert found and len(found[0]["cycle"]) == 256


def test_regenerated_inputs_equal_saved(saved_tensors):
    for path, wl, gp, g in groups(saved_tensors):
        w = workloads.load(f"{REPO}/Workloads/{wl}.yaml")
        specs = workloads.parameter_specs(w.model)
        params = data.initial_parameters(specs, w.seed)
        saved = sorted(g["params"].items(), key=lambda kv: kv[1][0])
        assert [n for n, _ in saved] == [s[0] for s in specs]
        for (_, (_, a)), b in zip(saved, params):
            assert a.dtype == np.float32 and np.array_equal(a, b)
        x, y = data.synthetic_batch(workloads.input_shape(w.model, g["batch"], g["seq"]), w.model["classes"], w.seed + 1)
        assert np.array_equal(x, g["x"]) and np.array_equal(y, g["labels"])
        # The whole cycle of batches the steps train on, as the workers regenerate it.
        cycle = data.benchmark_batches(workloads.input_shape(w.model, g["batch"], g["seq"]), w.model["classes"], w.seed)
        assert len(g["cycle"]) == len(cycle) == data.batch_count(g["batch"])
        for (a, b), (c, d) in zip(g["cycle"], cycle):
            assert np.array_equal(a, c) and np.array_equal(b, d)


@pytest.mark.parametrize("mode", ["eager", "torchscript"])
def test_torch_losses_match_nnbench(saved_tensors, mode):
    """Ten training steps over nnbench's cycle of batches: every loss within 1e-5 relative of
    nnbench's eager losses."""
    torch_peer.setup(2)
    for path, wl, gp, g in groups(saved_tensors):
        w = workloads.load(f"{REPO}/Workloads/{wl}.yaml")
        params = data.initial_parameters(workloads.parameter_specs(w.model), w.seed)
        s = torch_peer.Session(mode, w.model, params, w.learning_rate)
        prepared = [s.prepare(x, y) for x, y in g["cycle"]]
        losses = np.array([s.step(*prepared[k % len(prepared)]) for k in range(10)])
        rel = np.abs(losses - g["eager"]) / np.maximum(1, np.abs(g["eager"]))
        assert rel.max() < 1e-5, (wl, mode, losses, g["eager"])


def test_reference_losses_read_and_checked(saved_tensors):
    specs = [workloads.load(f"{REPO}/Workloads/{n}.yaml") for n in ("mlp", "lstm")]
    for path in saved_tensors:
        with h5py.File(path, "r") as f:
            present = [w for w in specs if w.name in f["tensors"]]
        for w in present:
            w.batch_sizes = [b for b in w.batch_sizes if b in (1, 32)] if w.name == "mlp" else w.batch_sizes
        refs = reference.losses(path, present)
        assert all(np.isfinite(v) for v in refs.values()) and refs


def test_a_different_later_batch_or_cycle_length_is_refused(saved_tensors, tmp_path):
    """The reference check covers the whole cycle, not only batch 0."""
    w = workloads.load(f"{REPO}/Workloads/mlp.yaml")
    w.batch_sizes = [1]

    def holds_b1(p):
        with h5py.File(p, "r") as f:
            return "tensors/mlp/b1" in f
    source = next(p for p in saved_tensors if holds_b1(p))
    for damage, match in (("value", "batches/200: regenerated batch differs"), ("length", "cycles through 255 batches")):
        path = tmp_path / f"{damage}.h5"
        shutil.copy(source, path)
        with h5py.File(path, "r+") as f:
            later = f["tensors/mlp/b1/batches"]
            if damage == "value":
                later["200"]["x"][0, 0] += 1
            else:
                del later["255"]
        with pytest.raises(reference.ReferenceError, match=match):
            reference.losses(str(path), [w])


def test_a_loss_beyond_tolerance_is_refused():
    measure.check_loss("mlp b=32", "torch.eager", 1.0, 1.0 + 5e-6, 1e-5)   # inside: accepted
    with pytest.raises(RuntimeError, match="refusing to time it"):
        measure.check_loss("mlp b=32", "torch.eager", 1.0, 1.0 + 2e-5, 1e-5)
    with pytest.raises(RuntimeError, match="not finite"):
        measure.check_loss("mlp b=32", "torch.eager", float("nan"), 1.0, 1e-5)


def test_masked_padding_leaves_logits_unchanged():
    """nnbench's masking rule: zero steps appended to a batch leave the logits as they were."""
    import torch
    w = workloads.load(f"{REPO}/Workloads/lstm-stream.yaml")
    params = [torch.tensor(a) for a in data.initial_parameters(workloads.parameter_specs(w.model), w.seed)]
    x, _ = data.synthetic_batch((4, 9, w.model["input"]), w.model["classes"], 7)
    p = data.padded([(x, None), (np.zeros((4, 12, w.model["input"]), np.float32), None)])[0][0]
    a = torch_peer.logits(w.model, params, torch.tensor(x))
    b = torch_peer.logits(w.model, params, torch.tensor(p), masked=True)
    c = torch_peer.logits(w.model, params, torch.tensor(p))
    assert torch.allclose(a, b, atol=1e-6) and not torch.allclose(a, c, atol=1e-4)

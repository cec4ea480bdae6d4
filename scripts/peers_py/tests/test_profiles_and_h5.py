"""Profiles come from nnbench's source (and agree with what nnbench records); the writer's layout."""
import os

import h5py
import numpy as np
import pytest

from conftest import REPO
from peers_py import h5out, profiles


def test_profiles_read_from_swift_source():
    p = profiles.read_profiles(REPO)
    assert set(p) >= {"quick", "default", "thorough"}
    assert p["quick"].samples < p["default"].samples < p["thorough"].samples
    assert p["default"].sampling_budget_seconds < p["thorough"].sampling_budget_seconds == float("inf")
    # nnbench's rule: 8 rounds over all workers, at least 3 per worker.
    assert [p["quick"].minimum_rounds(w) for w in (1, 2, 3, 5)] == [8, 4, 3, 3]


def test_profiles_match_what_nnbench_records(saved_tensors):
    """The settings nnbench writes into a --quick run equal the parsed quick profile."""
    q = profiles.read_profiles(REPO)["quick"]
    with h5py.File(saved_tensors[0], "r") as f:
        a = f.attrs
        assert a["settings_profile"].decode() == "quick"
        assert int(a["settings_warmup_max_steps"]) == q.warmup_max_steps
        assert float(a["settings_warmup_max_seconds"]) == q.warmup_max_seconds
        assert float(a["settings_min_sample_seconds"]) == q.min_sample_seconds
        assert int(a["settings_seed"]) == q.seed


def test_missing_definitions_are_refused(tmp_path):
    (tmp_path / "Sources").mkdir()
    (tmp_path / "Sources" / "X.swift").write_text("let x = 1\n")
    with pytest.raises(profiles.ProfileError):
        profiles.read_profiles(str(tmp_path))


def bench(mode, cls, samples, stream=False):
    return {"workload": "lstm-stream" if stream else "mlp", "framework": "torch", "framework_version": "2.13.0+cpu",
            "mode": mode, "mode_class": cls, "task": "stream" if stream else "train", "batch": 16 if stream else 32,
            "sequence_length": 60 if stream else 0, "threads": 2, "workers": 2, "first_loss": 2.5,
            "flops_per_step": 1.5e6, "samples_ns": samples,
            "sample_worker": [0] * (len(samples) - 1) + [1], "sample_round": list(range(len(samples))),
            "sample_steps": [4] * len(samples), "counters": {"warmup_steps": 12.0, "retraces": 0.0},
            "phases": {"first_step": 0.5, "first_step_warm_cache": 0.2}}


def test_writer_layout(tmp_path):
    path = tmp_path / "20261201T000000Z-abcdef0-peers.h5"
    benches = [bench("eager", "eager", [100.0, 110.0, 90.0]), bench("compile", "fused", [50.0, 55.0]),
               bench("torchscript+pad", "static+pad", [7.0, 8.0, 9.0], stream=True)]
    h5out.write(str(path), {"commit": "abc", "dirty": False, "cores": 2, "threads": 2, "sgemm_peak_gflops": 0.0},
                {"mlp": "ab" * 32}, benches, 7)
    assert os.listdir(tmp_path) == [path.name]   # no temporary file left
    with h5py.File(path, "r") as f:
        assert f.attrs["schema_version"] == 7 and f.attrs["schema_version"].dtype == np.int64
        assert f.attrs["commit"] == b"abc" and f.attrs["dirty"].dtype == np.uint8
        assert f["workloads"].attrs["mlp"].decode() == "ab" * 32
        g = f["/benchmarks/mlp/torch.compile/b32"]
        assert list(g["samples_ns"][()]) == [50.0, 55.0] and g["samples_ns"].fletcher32
        assert g["samples_ns"].maxshape == (None,) and g["sample_worker"].dtype == np.int64
        assert list(g["sample_worker"][()]) == [0, 1] and list(g["sample_round"][()]) == [0, 1]
        assert g.attrs["mode_class"] == b"fused" and g.attrs["framework"] == b"torch"
        assert g.attrs["mode"] == b"torch.compile" and g.attrs["index"] == 1
        assert g.attrs["threads"] == 2 and g.attrs["steps_per_sample"] == 4
        assert g.attrs["workers"] == 2 and g.attrs["workers"].dtype == np.int64 and g.attrs["flops_per_step"] == 1.5e6
        assert g.attrs["phase_first_step_warm_cache"] == 0.2 and g.attrs["warmup_steps"] == 12.0
        s = f["/benchmarks/lstm-stream/torch.torchscript+pad/b16_t60"]
        assert s.attrs["task"] == b"stream" and s.attrs["sequence_length"] == 60
        t = f["summary"][()]
        assert len(t) == 3 and t["median_ns"][0] == 100.0 and t["mode"][1] == b"torch.compile"
        assert t["workers"][0] == 2


def test_failed_write_leaves_earlier_file(tmp_path):
    path = tmp_path / "x-peers.h5"
    path.write_bytes(b"earlier")
    with pytest.raises(Exception):
        h5out.write(str(path), {}, {}, [{"workload": "w"}], 1)   # incomplete benchmark: fails mid-write
    assert path.read_bytes() == b"earlier" and os.listdir(tmp_path) == [path.name]


def test_schema_version_is_nnbenchs(saved_tensors, tmp_path):
    """The version written is the one nnbench's source declares and writes; no declaration: refused."""
    with h5py.File(saved_tensors[0], "r") as f:
        assert h5out.schema_version(REPO) == int(f.attrs["schema_version"])
    (tmp_path / "Sources").mkdir()
    (tmp_path / "Sources" / "X.swift").write_text("let x = 1\n")
    with pytest.raises(RuntimeError, match="resultSchemaVersion"):
        h5out.schema_version(str(tmp_path))

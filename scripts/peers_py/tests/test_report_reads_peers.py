"""nnbench reads what the peers writer writes: `nnbench report` renders a peers file with a
verdict per framework, and beside nnbench's own run as one combined view."""
import datetime
import random
import subprocess

import h5py
import pytest

from conftest import REPO
from peers_py import cli, h5out, profiles, workloads

# Medians 100, 80, 50 µs: C1 and C3 supported, C6 = (100 − 80) / (100 − 50) = 0.4 refuted.
TORCH = [("eager", "eager", 100e3, 0.1), ("torchscript", "static", 80e3, 0.5), ("compile", "fused", 50e3, 5.0)]


def peers_file(tmp_path, modes=TORCH, mutate=None):
    w = workloads.load(f"{REPO}/Workloads/mlp.yaml")
    rng = random.Random(3)
    benches = []
    for mode, cls, base, first in modes:
        samples = [base * (1 + 0.01 * rng.random()) for _ in range(8)]
        benches.append({
            "workload": "mlp", "framework": "torch", "framework_version": "2.13.0+cpu", "mode": mode,
            "mode_class": cls, "task": "train", "batch": 32, "sequence_length": 0, "threads": 2, "workers": 2,
            "first_loss": 2.3, "flops_per_step": 1e6, "samples_ns": samples, "sample_worker": [0] * 4 + [1] * 4,
            "sample_round": list(range(4)) * 2, "sample_steps": [10] * 8,
            "counters": {"warmup_steps": 50.0, "warmup_stable": 1.0, "samples": 8.0, "reference_loss": 2.3},
            "phases": {"first_step": first, "first_step_min": first * 0.9, "first_step_max": first * 1.1},
            "first_step_samples": [first * f for f in (0.9, 0.95, 1.0, 1.05, 1.1)]})
    args = type("Args", (), {"threads": 2, "workers": 2, "frameworks": ["torch"]})()
    start = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)
    env = cli.environment(REPO, "abc", start, args, profiles.read_profiles(REPO)["quick"], "ref.h5",
                          {"torch": ("2.13.0+cpu", "torch.set_num_threads(2)")})
    path = tmp_path / "20261201T000000Z-abc-peers.h5"
    h5out.write(str(path), env, {"mlp": w.file_hash}, benches, h5out.schema_version(REPO))
    if mutate:
        with h5py.File(path, "r+") as f:
            mutate(f)
    return path


def replace(attrs, name, value):
    del attrs[name]
    h5out.put(attrs, name, value)


def report(nnbench, *files):
    return subprocess.run([nnbench, "report", *map(str, files)], capture_output=True, text=True, cwd=REPO)


def test_report_renders_a_peers_file_with_verdicts_per_framework(nnbench, tmp_path):
    r = report(nnbench, peers_file(tmp_path))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.startswith("# peers run 2026-12-01T00:00:00Z")
    assert "| PyTorch | 2.13.0+cpu (torch.set_num_threads(2)) |" in out
    assert "## Claims: PyTorch" in out and "## Claims: nnbench" not in out
    assert "`torch.eager` = eager, `torch.torchscript` = static, `torch.compile` = fused" in out
    assert "| C1 | `mlp/b32` | ✓ supported |" in out and "| C3 | `mlp/b32` | ✓ supported |" in out
    assert "| C6 | `mlp/b32` | ✗ refuted | (eager − static) / (eager − fused), per-round differences | 0.4" in out or "| C6 | `mlp/b32` | ✗ refuted | (eager − static) / (eager − fused), per-round differences | 0.39" in out
    assert "| C5 | `mlp/b32` | ✓ supported |" in out
    assert "| `mlp/torch.compile/b32` |" in out


def test_combined_view_puts_nnbench_beside_the_peers(nnbench, saved_tensors, tmp_path):
    mlp = next(p for p in saved_tensors if "/mlp/" in p)
    r = report(nnbench, mlp, peers_file(tmp_path))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.startswith("# nnbench beside PyTorch")
    assert "## nnbench against the fastest peer" in out and "| `mlp/b32` | torch.compile |" in out
    assert "| PyTorch 2.13.0+cpu | torch.compile | fused |" in out and "1× (fastest peer)" in out
    for mode in ("eager", "static", "fused"):
        assert f"| nnbench | {mode} | {mode} |" in out
    assert "| claim | benchmark | nnbench | PyTorch |" in out


@pytest.mark.parametrize("field,change,expected", [
    ("framework", lambda g: replace(g.attrs, "framework", "mxnet"), "attribute 'framework' of /benchmarks/mlp/torch.eager/b32: unknown value 'mxnet'"),
    ("mode_class", lambda g: replace(g.attrs, "mode_class", "jit"), "attribute 'mode_class' of /benchmarks/mlp/torch.eager/b32: unknown value 'jit'"),
    ("mode", lambda g: replace(g.attrs, "mode", "torch.compile"), "attribute 'mode' of /benchmarks/mlp/torch.eager/b32: 'torch.compile' does not match"),
])
def test_a_damaged_peers_file_is_one_line_naming_file_and_field(nnbench, tmp_path, field, change, expected):
    path = peers_file(tmp_path, mutate=lambda f: change(f["/benchmarks/mlp/torch.eager/b32"]))
    r = report(nnbench, path)
    assert r.returncode == 1 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and expected in lines[0], r.stderr


def test_combined_view_refuses_other_workload_files(nnbench, saved_tensors, tmp_path):
    mlp = next(p for p in saved_tensors if "/mlp/" in p)
    path = peers_file(tmp_path, mutate=lambda f: replace(f["workloads"].attrs, "mlp", "0" * 64))
    r = report(nnbench, mlp, path)
    assert r.returncode == 1
    assert r.stderr.strip() == f"nnbench: error: {path}: /workloads/mlp: made from another version of the workload file than {mlp}"

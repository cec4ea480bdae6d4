"""nnbench's own numbers for the same workloads: the first losses every framework must match.

The reference is a run of nnbench itself with `--save-tensors` (`--quick` is enough: only the
losses and tensors are used). Train/infer benchmarks take `losses/eager[0]` of
`/tensors/<workload>/b<batch>[_t<len>]`, and the regenerated parameters and cycle of batches
and labels must equal the saved ones bit for bit; stream benchmarks take `first_loss` of their eager group.
The run is cached per commit and workload-file hashes under the peers cache directory.
"""
from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import tempfile

import h5py
import numpy as np

from . import data, workloads


class ReferenceError(Exception):
    pass


def cache_path(repo: str, specs: list, cache_dir: str) -> str:
    commit = subprocess.run(["git", "-C", repo, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    key = hashlib.sha256(" ".join(sorted(f"{w.name}={w.file_hash}" for w in specs)).encode()).hexdigest()[:12]
    return os.path.join(cache_dir, f"reference-{commit}-{key}.h5")


def ensure(repo: str, specs: list, cache_dir: str, log) -> str:
    """The cached reference run for `specs`, made with nnbench when missing."""
    path = cache_path(repo, specs, cache_dir)
    if os.path.exists(path):
        return path
    binary = os.path.join(repo, ".build", "release", "nnbench")
    if not os.access(binary, os.X_OK):
        log("building nnbench (release) for the reference losses")
        r = subprocess.run(["swift", "build", "-c", "release", "--product", "nnbench"], cwd=repo,
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise ReferenceError("swift build -c release --product nnbench failed: " + (r.stderr.strip().splitlines() or ["?"])[-1])
    log(f"nnbench run {' '.join(w.name for w in specs)} --quick --save-tensors (reference losses)")
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run([binary, "run", *[os.path.relpath(w.path, repo) for w in specs], "--quick",
                            "--save-tensors", "--out", tmp], cwd=repo, capture_output=True, text=True)
        made = glob.glob(os.path.join(tmp, "*.h5"))
        if r.returncode != 0 or len(made) != 1:
            raise ReferenceError("nnbench run --save-tensors failed: " + (r.stderr.strip().splitlines() or ["?"])[-1])
        os.makedirs(cache_dir, exist_ok=True)
        shutil.copyfile(made[0], path + ".tmp")
        os.replace(path + ".tmp", path)
    return path


def group_name(batch: int, seq: int) -> str:
    return f"b{batch}" + (f"_t{seq}" if seq > 0 else "")


def losses(path: str, specs: list) -> dict:
    """(workload, batch) → nnbench's first loss (first logit for inference), after checking that
    the file was made from the same workload files and holds exactly the inputs peers use."""
    out = {}
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise ReferenceError(f"{path}: cannot read the reference run ({e})") from None
    with f:
        hashes = f.get("workloads")
        for w in specs:
            have = hashes.attrs.get(w.name) if hashes is not None else None
            have = have.decode() if isinstance(have, bytes) else have
            if have != w.file_hash:
                raise ReferenceError(f"{path}: /workloads/{w.name}: made from another version of {w.path}")
            for b in w.batch_sizes:
                if w.task == "stream":
                    groups = f.get(f"benchmarks/{w.name}/eager")
                    hits = [g for g in (groups or {}) if g.startswith(f"b{b}_")] if groups else []
                    if not hits:
                        raise ReferenceError(f"{path}: /benchmarks/{w.name}/eager/b{b}_t*: missing")
                    out[(w.name, b)] = float(groups[hits[0]].attrs["first_loss"])
                    continue
                seq = w.sequence_length or 0
                gp = f"tensors/{w.name}/{group_name(b, seq)}"
                g = f.get(gp)
                if g is None:
                    raise ReferenceError(f"{path}: /{gp}: missing (run nnbench with --save-tensors)")
                check_inputs(path, gp, g, w, b, seq)
                mode = "eager" if "eager" in g["losses"] else sorted(g["losses"])[0]
                out[(w.name, b)] = float(g["losses"][mode][0])
    return out


def flops(path: str, specs: list) -> dict:
    """(workload, batch) → nnbench's `flops_per_step` for the benchmark (the FLOPs of the unfused
    maths, the same for every mode; per pass for streams), from the reference run's groups;
    benchmarks the reference did not time are left out (written as 0)."""
    out = {}
    with h5py.File(path, "r") as f:
        for w in specs:
            modes = f.get(f"benchmarks/{w.name}")
            if modes is None:
                continue
            for m in modes:
                for g in modes[m]:
                    b = int(g[1:].split("_")[0])
                    if "flops_per_step" in modes[m][g].attrs:
                        out.setdefault((w.name, b), float(modes[m][g].attrs["flops_per_step"]))
    return out


def check_inputs(path: str, gp: str, g, w, batch: int, seq: int) -> None:
    """The regenerated parameters, batches and labels (the whole cycle when the file holds it) must
    equal nnbench's saved ones exactly."""
    specs = workloads.parameter_specs(w.model)
    params = data.initial_parameters(specs, w.seed)
    names = sorted(g["parameters"], key=lambda n: int(g["parameters"][n].attrs["index"]))
    if names != [s[0] for s in specs]:
        raise ReferenceError(f"{path}: /{gp}/parameters: names {names} differ from {[s[0] for s in specs]}")
    for n, p in zip(names, params):
        if not np.array_equal(g["parameters"][n][()], p):
            raise ReferenceError(f"{path}: /{gp}/parameters/{n}: regenerated values differ from nnbench's")
    x, y = data.synthetic_batch(workloads.input_shape(w.model, batch, seq), w.model["classes"],
                                (w.seed + 1) & data.MASK)
    if not np.array_equal(g["x"][()], x):
        raise ReferenceError(f"{path}: /{gp}/x: regenerated batch differs from nnbench's")
    if not np.array_equal(g["labels"][()], y):
        raise ReferenceError(f"{path}: /{gp}/labels: regenerated labels differ from nnbench's")
    # The rest of the cycle the steps train on: as many batches as nnbench's, each bit for bit.
    later = g.get("batches")
    if later is None:
        return
    cycle = data.benchmark_batches(workloads.input_shape(w.model, batch, seq), w.model["classes"], w.seed)
    if len(later) + 1 != len(cycle):
        raise ReferenceError(f"{path}: /{gp}/batches: nnbench cycles through {len(later) + 1} batches, "
                             f"peers through {len(cycle)} (CYCLE_EXAMPLES in scripts/peers_py/data.py)")
    for i, (xi, yi) in enumerate(cycle[1:], start=1):
        if not (np.array_equal(later[str(i)]["x"][()], xi) and np.array_equal(later[str(i)]["labels"][()], yi)):
            raise ReferenceError(f"{path}: /{gp}/batches/{i}: regenerated batch differs from nnbench's")

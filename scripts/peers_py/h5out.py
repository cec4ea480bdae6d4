"""Writes a peers run in nnbench's HDF5 schema layout (see Results/PEERS.md).

`write(path, env, workload_hashes, benchmarks)` writes to a hidden temporary file beside `path`
(`.<name>.<pid>.tmp`) and renames it into place: an interrupted run never leaves a half file.
Conventions as nnbench's: fixed-length null-padded UTF-8 strings, int64 integers, uint8
booleans, float64 reals, chunked extendable Fletcher-32 sample datasets. The schema version is
the one nnbench's source declares (`resultSchemaVersion`), read like the profiles: never copied.
"""
from __future__ import annotations

import glob
import os
import re
import statistics

import h5py
import numpy as np

SCHEMA_DECLARATION = re.compile(r"public let resultSchemaVersion\s*=\s*(\d+)")


def schema_version(repo: str) -> int:
    """`resultSchemaVersion` as nnbench's Swift source declares it (anywhere under Sources/)."""
    found = set()
    for path in glob.glob(os.path.join(repo, "Sources", "**", "*.swift"), recursive=True):
        with open(path, encoding="utf-8") as f:
            found.update(int(m) for m in SCHEMA_DECLARATION.findall(f.read()))
    if len(found) != 1:
        raise RuntimeError(f"{repo}/Sources: expected one `public let resultSchemaVersion = N`, found {sorted(found) or 'none'}")
    return found.pop()


def put(attrs, name: str, value) -> None:
    """One attribute with nnbench's types."""
    if isinstance(value, str):
        b = value.encode("utf-8")
        attrs.create(name, np.array(b, dtype=h5py.string_dtype("utf-8", max(len(b), 1))))
    elif isinstance(value, bool):
        attrs.create(name, np.uint8(value))
    elif isinstance(value, (int, np.integer)):
        attrs.create(name, np.int64(value))
    else:
        attrs.create(name, np.float64(value))


def dataset(group, name: str, values, dtype) -> None:
    a = np.asarray(values, dtype=dtype)
    if a.size == 0:
        group.create_dataset(name, shape=(0,), maxshape=(None,), dtype=dtype, chunks=(64,))
        return
    group.create_dataset(name, data=a, maxshape=(None,), chunks=(min(len(a), 1024),), fletcher32=True)


def group_path(b: dict) -> str:
    return (f"/benchmarks/{b['workload']}/{b['framework']}.{b['mode']}/b{b['batch']}"
            + (f"_t{b['sequence_length']}" if b["sequence_length"] > 0 else ""))


def write(path: str, env: dict, workload_hashes: dict, benchmarks: list, version: int) -> None:
    """`benchmarks`: dicts with workload, framework, framework_version, mode, mode_class, task,
    batch, sequence_length, threads, workers, first_loss, flops_per_step, samples_ns,
    sample_worker, sample_round, sample_steps, optionally first_step_samples (seconds, one per
    fresh-process first step), counters {name: float}, phases {name without phase_: seconds}; `version`: the schema version (`schema_version(repo)`)."""
    d, name = os.path.split(os.path.abspath(path))
    tmp = os.path.join(d, f".{name}.{os.getpid()}.tmp")
    try:
        with h5py.File(tmp, "w", libver=("v110", "latest")) as f:
            put(f.attrs, "schema_version", version)
            for k, v in env.items():
                put(f.attrs, k, v)
            wg = f.create_group("workloads")
            for k, v in workload_hashes.items():
                put(wg.attrs, k, v)
            rows = []
            for i, b in enumerate(benchmarks):
                g = f.require_group(group_path(b))
                dataset(g, "samples_ns", b["samples_ns"], np.float64)
                dataset(g, "sample_worker", b["sample_worker"], np.int64)
                dataset(g, "sample_round", b["sample_round"], np.int64)
                dataset(g, "sample_steps", b["sample_steps"], np.int64)
                if b.get("first_step_samples"):
                    dataset(g, "first_step_samples_s", b["first_step_samples"], np.float64)
                put(g.attrs, "index", i)
                for k in ("workload", "task", "framework", "framework_version", "mode_class"):
                    put(g.attrs, k, b[k])
                put(g.attrs, "mode", f"{b['framework']}.{b['mode']}")
                put(g.attrs, "framework_mode", b["mode"])
                for k in ("batch", "sequence_length", "threads", "workers"):
                    put(g.attrs, k, int(b[k]))
                steps = b["sample_steps"]
                put(g.attrs, "steps_per_sample", int(statistics.median(steps)) if steps else 1)
                put(g.attrs, "first_loss", float(b["first_loss"]))
                put(g.attrs, "flops_per_step", float(b["flops_per_step"]))
                for k, v in b["counters"].items():
                    put(g.attrs, k, float(v))
                for k, v in b["phases"].items():
                    put(g.attrs, f"phase_{k}", float(v))
                rows.append(summary_row(b))
            if rows:
                f.create_dataset("summary", data=np.array(rows, dtype=SUMMARY_DTYPE), chunks=True, fletcher32=True)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


SUMMARY_DTYPE = np.dtype([
    ("workload", "S64"), ("framework", "S16"), ("mode", "S32"), ("mode_class", "S8"), ("task", "S8"),
    ("batch", "<i8"), ("sequence_length", "<i8"), ("median_ns", "<f8"), ("mad_ns", "<f8"), ("min_ns", "<f8"),
    ("samples_per_s", "<f8"), ("first_step_s", "<f8"), ("workers", "<i8")])


def summary_row(b: dict) -> tuple:
    s = b["samples_ns"]
    med = statistics.median(s) if s else float("nan")
    mad = statistics.median([abs(v - med) for v in s]) if s else float("nan")
    per = b["batch"] * b["counters"].get("stream_batches", 1)
    return (b["workload"].encode(), b["framework"].encode(), f"{b['framework']}.{b['mode']}".encode(),
            b["mode_class"].encode(), b["task"].encode(), b["batch"], b["sequence_length"], med, mad,
            min(s) if s else float("nan"), per * 1e9 / med if s else float("nan"),
            b["phases"].get("first_step", float("nan")), len(set(b["sample_worker"])))

"""One worker process: `python -m peers_py.worker '<json job>'` prints one JSON result line.

Jobs (the main process starts every worker fresh, with the thread variables already set):
- `first`: time to first step of one mode in this fresh process: session creation, trace and
  compile, one step until the loss is a host float (the framework's runtime is loaded and
  exercised on an unrelated tiny graph first, untimed, as nnbench's binary is loaded too).
- `samples`: every mode of the framework on one benchmark, measured as measure.py says.
- `stream`: whole cold passes over the variable-length stream, per mode and strategy.
"""
from __future__ import annotations

import json
import math
import random
import sys
import time

from . import data, measure, profiles, workloads
from .frameworks import load as load_framework


def modes_for(fw, model) -> dict:
    return fw.modes_for(model) if hasattr(fw, "modes_for") else dict(fw.MODES)


def inputs(job, w):
    specs = workloads.parameter_specs(w.model)
    params = data.initial_parameters(specs, w.seed)
    shape = workloads.input_shape(w.model, job["batch"], job["seq"])
    return params, data.benchmark_batches(shape, w.model["classes"], w.seed)


def run_first(job, fw, w) -> dict:
    params, batches = inputs(job, w)
    x, y = batches[0]
    fw.warm_runtime()
    t0 = time.perf_counter_ns()
    s = fw.Session(job["mode"], w.model, params, w.learning_rate)
    xs, ys = s.prepare(x, y)
    loss = s.step(xs, ys)
    seconds = (time.perf_counter_ns() - t0) * 1e-9
    return {"seconds": seconds, "loss": loss}


def run_samples(job, fw, w, p) -> dict:
    params, batches = inputs(job, w)
    label = job["label"]
    subjects = []
    for mode in job["modes"]:
        s = fw.Session(mode, w.model, params, w.learning_rate)
        sub = measure.Subject(mode, s, [s.prepare(x, y) for x, y in batches])   # untimed conversion
        sub.first_loss = sub.step()
        measure.check_loss(label, f"{fw.NAME}.{mode}", sub.first_loss, job["reference"], job["tolerance"])
        subjects.append(sub)
    rounds = measure.sample(subjects, p, label, job["requested"], job["workers"], job["worker"])
    out = {}
    for s in subjects:
        last = s.step()
        if not math.isfinite(last):
            raise RuntimeError(f"{label} [{fw.NAME}.{s.mode}]: the loss is {last} (not finite)")
        out[s.mode] = {"samples_ns": s.samples, "rounds": s.rounds, "steps_per_sample": s.steps_per_sample,
                       "first_loss": s.first_loss, "warmup_steps": s.warmup_steps,
                       "warmup_stable": int(s.warmup_stable), "traces": getattr(s.session, "traces", 0)}
    return {"modes": out, "rounds": rounds}


def run_stream(job, fw, w, p) -> dict:
    st = w.stream
    stream = data.batch_stream(job["batch"], w.model["input"], w.model["classes"], st["batches"],
                               st["min_length"], st["max_length"], w.seed)
    pad = data.padded(stream)
    params = data.initial_parameters(workloads.parameter_specs(w.model), w.seed)
    label = job["label"]
    strategies = [(m, False) for m in job["modes"]] + [(m, True) for m in job["pad_modes"]]

    def one_pass(mode, padded):
        s = fw.Session(mode, w.model, params, w.learning_rate, masked=padded)
        batches = [s.prepare(a, b) for a, b in (pad if padded else stream)]   # untimed conversion
        return s, batches

    def run_pass(s, batches):
        traces0 = s.traces
        t0 = time.perf_counter_ns()
        first = last = None
        first_s = 0.0
        for i, (xs, ys) in enumerate(batches):
            last = s.step(xs, ys)
            if i == 0:
                first, first_s = last, (time.perf_counter_ns() - t0) * 1e-9
        return {"ns": float(time.perf_counter_ns() - t0), "first_loss": first, "last_loss": last,
                "first_step": first_s, "retraces": max(0, s.traces - traces0 - 1)}

    out, firsts = {}, {}
    for mode, padded in strategies:
        name = f"{mode}+pad" if padded else mode
        s, batches = one_pass(mode, padded)
        first = run_pass(s, batches)
        for v in (first["first_loss"], first["last_loss"]):
            if not math.isfinite(v):
                raise RuntimeError(f"{label} [{fw.NAME}.{name}]: the loss is {v} (not finite)")
        measure.check_loss(label, f"{fw.NAME}.{name}", first["first_loss"], job["reference"], job["tolerance"])
        warm = run_pass(s, batches)
        firsts[name] = first
        out[name] = {"first": first, "warm_pass_s": warm["ns"] * 1e-9, "samples_ns": [], "rounds": [],
                     "padded_fraction": 1 - sum(a.shape[1] for a, _ in stream) / (len(stream) * pad[0][0].shape[1])
                     if padded else 0.0}
    rounds = max(1, math.ceil((job["requested"] or p.samples) / job["workers"]))
    rng = random.Random(p.seed ^ measure.fnv1a(label) ^ job["worker"])
    names = list(out)
    for r in range(rounds):
        order = list(range(len(strategies)))
        rng.shuffle(order)
        for i in order:
            mode, padded = strategies[i]
            if hasattr(fw, "reset_caches"):
                fw.reset_caches(mode)
            s, batches = one_pass(mode, padded)
            out[names[i]]["samples_ns"].append(run_pass(s, batches)["ns"])
            out[names[i]]["rounds"].append(r)
    return {"modes": out, "rounds": rounds, "distinct_lengths": len({a.shape[1] for a, _ in stream}),
            "longest": max(a.shape[1] for a, _ in stream), "stream_batches": len(stream)}


def main(argv) -> int:
    job = json.loads(argv[0])
    try:
        fw = load_framework(job["framework"])
        how = fw.setup(job["threads"])
        w = workloads.load(job["workload"])
        p = profiles.read_profiles(job["repo"])[job["profile"]]
        result = {"first": lambda: run_first(job, fw, w), "samples": lambda: run_samples(job, fw, w, p),
                  "stream": lambda: run_stream(job, fw, w, p)}[job["kind"]]()
        result["threads_how"] = how
        result["framework_version"] = fw.version()
        print("PEERS-RESULT " + json.dumps(result), flush=True)
        return 0
    except Exception as e:   # one line for the main process; the traceback only with PEERS_DEBUG
        import os
        import traceback
        if os.environ.get("PEERS_DEBUG"):
            traceback.print_exc()
        print("PEERS-ERROR " + (str(e).splitlines() or [type(e).__name__])[0], flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

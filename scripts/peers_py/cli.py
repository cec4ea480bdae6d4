"""`scripts/peers`: runs the workloads on the frameworks and writes `<UTC>-<commit>-peers.h5`.

Every measurement happens in a fresh worker process (worker.py); this process only plans,
collects and writes. Errors are one line on stderr and exit code 1.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile

from . import h5out, profiles, reference, workloads
from .frameworks import FRAMEWORKS

TOLERANCE = 1e-5
DEFAULT_WORKERS = {"quick": 1, "default": 3, "thorough": 5}
# Framework modes per nnbench mode class (also in Results/PEERS.md).
MODE_CLASSES = {
    "torch": {"eager": "eager", "torchscript": "static", "compile": "fused"},
    "tensorflow": {"eager": "eager", "function": "static", "xla": "fused"},
    "jax": {"opbyop": "eager", "jit": "fused", "scan": "fused"},
}


class PeersError(Exception):
    pass


def parse_args(argv):
    p = argparse.ArgumentParser(prog="scripts/peers", description=__doc__.splitlines()[0])
    p.add_argument("workloads", nargs="*", help="workload names or files (default: all of Workloads/)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--quick", action="store_true")
    g.add_argument("--thorough", action="store_true")
    p.add_argument("--frameworks", default="torch,tensorflow,jax")
    p.add_argument("--modes", default="", help="comma-separated framework modes to run (default: all)")
    p.add_argument("--workers", type=int, default=None, help="worker processes per benchmark")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--out", default="Results")
    p.add_argument("--reference", default=None, help="an nnbench --save-tensors run of the same workloads")
    p.add_argument("--stream-all", action="store_true", help="also retrace compiled modes per stream length")
    p.add_argument("--first-step-repeats", type=int, default=None,
                   help="fresh-process first steps per mode (default: nnbench's setting for the profile); "
                        "fewer than nnbench's minimum leaves C5 inconclusive")
    p.add_argument("--install-only", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    a.profile = "quick" if a.quick else ("thorough" if a.thorough else "default")
    a.frameworks = [f for f in a.frameworks.split(",") if f]
    for f in a.frameworks:
        if f not in FRAMEWORKS:
            raise PeersError(f"--frameworks: unknown framework '{f}' (expected {', '.join(FRAMEWORKS)})")
    if a.workers is None:
        a.workers = DEFAULT_WORKERS[a.profile]
    if a.workers < 1 or a.threads < 1:
        raise PeersError("--workers and --threads must be at least 1")
    if a.first_step_repeats is not None and a.first_step_repeats < 1:
        raise PeersError(f"--first-step-repeats must be at least 1, got {a.first_step_repeats}")
    a.modes = [m for m in a.modes.split(",") if m]
    return a


def git(repo, *args) -> str:
    r = subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else ""


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


class Launcher:
    """Starts worker processes with the same thread settings for every framework."""

    def __init__(self, repo, args):
        self.repo, self.args = repo, args
        self.env = dict(os.environ)
        t = str(args.threads)
        self.env.update({"OMP_NUM_THREADS": t, "MKL_NUM_THREADS": t, "OPENBLAS_NUM_THREADS": t,
                         "TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "1",
                         "PYTHONPATH": os.path.join(repo, "scripts")})

    def run(self, job, extra_env=None) -> dict:
        job = dict(job, threads=self.args.threads, repo=self.repo, profile=self.args.profile)
        env = dict(self.env, **(extra_env or {}))
        r = subprocess.run([sys.executable, "-m", "peers_py.worker", json.dumps(job)], env=env,
                           capture_output=True, text=True, cwd=self.repo)
        for line in r.stdout.splitlines():
            if line.startswith("PEERS-RESULT "):
                return json.loads(line[len("PEERS-RESULT "):])
            if line.startswith("PEERS-ERROR "):
                raise PeersError(line[len("PEERS-ERROR "):])
        tail = (r.stderr.strip().splitlines() or [f"exit code {r.returncode}"])[-1]
        raise PeersError(f"{job['framework']} worker ({job['kind']}) died: {tail}")


def log(msg: str) -> None:
    print(f"peers: {msg}", file=sys.stderr, flush=True)


def framework_modes(fw: str, w, args) -> list:
    modes = list(MODE_CLASSES[fw])
    if fw == "jax" and not w.recurrent:
        modes.remove("scan")
    return [m for m in modes if not args.modes or m in args.modes or f"{fw}.{m}" in args.modes]


def run_benchmark(launcher, w, fw, batch, ref, args, versions) -> list:
    seq = w.sequence_length or 0
    label = f"{w.name} b={batch}" + (f" t={seq}" if seq else "") + f" {fw}"
    modes = framework_modes(fw, w, args)
    if not modes:
        return []
    base = {"framework": fw, "workload": os.path.abspath(w.path), "batch": batch, "seq": seq,
            "reference": ref, "tolerance": TOLERANCE, "label": label, "workers": args.workers}
    # Time to first step: `first_step_repeats` fresh processes per mode (nnbench's setting for the
    # profile), modes in a shuffled order each repeat.
    firsts = {m: [] for m in modes}
    warm_cache = []
    rng = random.Random(hash(label) & 0xFFFF)
    repeats = getattr(args, "first_step_repeats", args.workers)
    for rep in range(repeats):
        order = list(modes)
        rng.shuffle(order)
        for m in order:
            log(f"{label} [{fw}.{m}] first step in a fresh process ({rep + 1}/{repeats})")
            extra = {}
            if fw == "torch" and m == "compile":
                cache = tempfile.mkdtemp(prefix="peers-inductor-")
                extra = {"TORCHINDUCTOR_CACHE_DIR": cache, "TRITON_CACHE_DIR": os.path.join(cache, "triton")}
            r = launcher.run(dict(base, kind="first", mode=m), extra)
            if abs(r["loss"] - ref) > TOLERANCE * max(1.0, abs(ref)):
                raise PeersError(f"{label} [{fw}.{m}]: first-step loss {r['loss']!r} differs from nnbench's "
                                 f"{ref!r} beyond {TOLERANCE:g} relative: refusing to time it")
            firsts[m].append(r["seconds"])
            versions[fw] = (r["framework_version"], r["threads_how"])
            if extra:
                log(f"{label} [{fw}.{m}] first step again with the warm compile cache")
                warm_cache.append(launcher.run(dict(base, kind="first", mode=m), extra)["seconds"])
    per_mode = {m: {"samples_ns": [], "worker": [], "round": [], "steps": [], "warmup": [], "stable": [],
                    "first_loss": None, "traces": 0} for m in modes}
    for wk in range(args.workers):
        log(f"{label} samples, worker process {wk + 1}/{args.workers}")
        r = launcher.run(dict(base, kind="samples", modes=modes, worker=wk, requested=w.samples))
        for m, v in r["modes"].items():
            d = per_mode[m]
            d["samples_ns"] += v["samples_ns"]
            d["round"] += v["rounds"]
            d["worker"] += [wk] * len(v["samples_ns"])
            d["steps"] += [v["steps_per_sample"]] * len(v["samples_ns"])
            d["warmup"].append(v["warmup_steps"])
            d["stable"].append(v["warmup_stable"])
            d["first_loss"] = v["first_loss"]
            d["traces"] = max(d["traces"], v["traces"])
    out = []
    for m in modes:
        d, fs = per_mode[m], firsts[m]
        phases = {"first_step": statistics.median(fs), "first_step_min": min(fs), "first_step_max": max(fs),
                  "first_step_cold": fs[0]}
        if fw == "torch" and m == "compile" and warm_cache:
            phases["first_step_warm_cache"] = statistics.median(warm_cache)
        counters = {"warmup_steps": statistics.median(d["warmup"]), "warmup_stable": min(d["stable"]),
                    "samples": len(d["samples_ns"]), "first_step_repeats": len(fs),
                    "retraces": max(0, d["traces"] - 1), "reference_loss": ref}
        b = bench(w, fw, versions, m, batch, seq, args, d["first_loss"], d, counters, phases)
        b["first_step_samples"] = list(fs)
        out.append(b)
    return out


def bench(w, fw, versions, m, batch, seq, args, first_loss, d, counters, phases) -> dict:
    return {"workload": w.name, "framework": fw, "framework_version": versions[fw][0], "mode": m,
            "mode_class": MODE_CLASSES[fw][m.split("+")[0]] + ("+pad" if m.endswith("+pad") else ""),
            "task": w.task, "batch": batch, "sequence_length": seq, "threads": args.threads, "workers": args.workers,
            "first_loss": first_loss if w.task != "infer" else 0.0, "flops_per_step": args.flops.get((w.name, batch), 0.0),
            "samples_ns": d["samples_ns"],
            "sample_worker": d["worker"], "sample_round": d["round"], "sample_steps": d["steps"],
            "counters": counters, "phases": phases}


def run_stream(launcher, w, fw, batch, ref, args, versions) -> list:
    import importlib
    mod = importlib.import_module(f".frameworks.{fw}_peer", __package__)
    all_modes = framework_modes(fw, w, args)
    retrace = [m for m in all_modes if args.stream_all or m in mod.STREAM_RETRACE]
    pad = [m for m in all_modes if MODE_CLASSES[fw][m] != "eager" and (args.stream_all or m in mod.STREAM_PAD)]
    label = f"{w.name} b={batch} stream {fw}"
    base = {"framework": fw, "workload": os.path.abspath(w.path), "batch": batch, "seq": 0, "reference": ref,
            "tolerance": TOLERANCE, "label": label, "workers": args.workers, "modes": retrace,
            "pad_modes": pad, "requested": w.samples}
    per = {}
    meta = None
    for wk in range(args.workers):
        log(f"{label}: cold passes, worker process {wk + 1}/{args.workers}")
        r = launcher.run(dict(base, kind="stream", worker=wk))
        versions[fw] = (r["framework_version"], r["threads_how"])
        meta = r
        for name, v in r["modes"].items():
            d = per.setdefault(name, {"samples_ns": [], "worker": [], "round": [], "steps": [], "first": [],
                                      "warm": [], "padded_fraction": v["padded_fraction"]})
            d["samples_ns"] += v["samples_ns"]
            d["round"] += v["rounds"]
            d["worker"] += [wk] * len(v["samples_ns"])
            d["steps"] += [1] * len(v["samples_ns"])
            d["first"].append(v["first"])
            d["warm"].append(v["warm_pass_s"])
    out = []
    for name, d in per.items():
        counters = {"stream_batches": meta["stream_batches"], "distinct_lengths": meta["distinct_lengths"],
                    "retraces": d["first"][0]["retraces"], "padded_fraction": d["padded_fraction"],
                    "samples": len(d["samples_ns"]), "reference_loss": ref}
        phases = {"first_step": statistics.median(f["first_step"] for f in d["first"]),
                  "warm_pass": statistics.median(d["warm"])}
        out.append(bench(w, fw, versions, name, batch, meta["longest"], args, d["first"][0]["first_loss"], d,
                         counters, phases))
    return out


def environment(repo, commit, start, args, profile, reference_run, versions) -> dict:
    """The root attributes of a peers file (what nnbench's reader expects of `kind` = peers)."""
    env = {"kind": "peers", "nnbench_version": "peers", "commit": commit,
           "dirty": bool(git(repo, "status", "--porcelain", "--untracked-files=no")),
           "date": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "host": socket.gethostname(), "cpu_model": cpu_model(),
           "cores": os.cpu_count() or 0, "os": f"{platform.system()} {platform.release()}",
           "python_version": platform.python_version(), "build_configuration": "release",
           "threads": args.threads, "workers": args.workers, "loss_tolerance": TOLERANCE,
           "reference_run": reference_run, "frameworks": ",".join(args.frameworks),
           "settings_profile": profile.name, "settings_warmup_max_steps": profile.warmup_max_steps,
           "settings_warmup_max_seconds": profile.warmup_max_seconds,
           "settings_min_sample_seconds": profile.min_sample_seconds, "settings_samples": profile.samples,
           "settings_seed": profile.seed, "sgemm_peak_gflops": 0.0}
    for fw, (v, how) in versions.items():
        env[f"framework_version_{fw}"] = v
        env[f"threads_setting_{fw}"] = how
    return env


def main(argv) -> int:
    try:
        return run(parse_args(argv))
    except (PeersError, workloads.WorkloadError, profiles.ProfileError, reference.ReferenceError) as e:
        print(f"scripts/peers: {e}" if not isinstance(e, workloads.WorkloadError) else str(e), file=sys.stderr)
        return 1


def run(args) -> int:
    repo = os.getcwd()
    specs = ([workloads.load(n if n.endswith(".yaml") else os.path.join("Workloads", f"{n}.yaml"))
              for n in args.workloads] if args.workloads else workloads.load_all("Workloads"))
    profile = profiles.read_profiles(repo)[args.profile]
    # Fresh-process first steps per mode: nnbench's setting for the profile (C5 needs them), at
    # least one per worker, unless --first-step-repeats says otherwise (each torch.compile
    # repeat is a cold compile of 5–40 s: a full run's first steps take most of its time).
    args.first_step_repeats = args.first_step_repeats or max(args.workers, profile.first_step_repeats)
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "nnbench")
    ref_path = args.reference or reference.ensure(repo, specs, cache, log)
    refs = reference.losses(ref_path, specs)
    args.flops = reference.flops(ref_path, specs)
    version = h5out.schema_version(repo)
    start = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    launcher = Launcher(repo, args)
    versions, results = {}, []
    for w in specs:
        for fw in args.frameworks:
            for b in w.batch_sizes:
                runner = run_stream if w.task == "stream" else run_benchmark
                results += runner(launcher, w, fw, b, refs[(w.name, b)], args, versions)
    commit = git(repo, "rev-parse", "HEAD") or "unknown"
    env = environment(repo, commit, start, args, profile, os.path.basename(ref_path), versions)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, f"{start.strftime('%Y%m%dT%H%M%SZ')}-{(commit[:7] if commit != 'unknown' else 'unknown')}-peers.h5")
    h5out.write(path, env, {w.name: w.file_hash for w in specs}, results, version)
    print(f"wrote {path}")
    for b in results:
        med = statistics.median(b["samples_ns"]) if b["samples_ns"] else float("nan")
        print(f"  {b['workload']:<13} b{b['batch']:<4} {b['framework']}.{b['mode']:<16} "
              f"[{b['mode_class']}] median {med / 1e3:10.1f} µs  first step {b['phases']['first_step']:.3f} s")
    return 0

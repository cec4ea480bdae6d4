"""nnbench's measurement profiles, read from its Swift source (never copied).

nnbench defines `quick`, `default` and `thorough` as `MeasurementSettings(profile: …)` literals
plus two `switch profile` tables (`samplingBudgetSeconds`, `firstStepRepeats`) and
`Runner.minimumRounds`. This module finds those definitions anywhere under `Sources/` (the
module layout is being reorganised, so no file path is assumed) and refuses to run when it cannot
find every number: the peers then always measure with nnbench's current settings.
"""
from __future__ import annotations

import glob
import math
import os
import re
from dataclasses import dataclass


class ProfileError(Exception):
    pass


@dataclass
class Profile:
    name: str
    warmup_max_steps: int
    warmup_max_seconds: float
    min_sample_seconds: float
    samples: int
    seed: int
    sampling_budget_seconds: float
    first_step_repeats: int
    # Runner.minimumRounds(workers:) = max(floor, ⌈total / workers⌉): the fewest rounds a budget
    # cut leaves in one worker.
    minimum_rounds_floor: int
    minimum_rounds_total: int

    def minimum_rounds(self, workers: int) -> int:
        w = max(1, workers)
        return max(self.minimum_rounds_floor, (self.minimum_rounds_total + w - 1) // w)


SETTINGS = re.compile(
    r'MeasurementSettings\(\s*profile:\s*"(?P<name>\w+)",\s*warmupMaxSteps:\s*(?P<steps>[\d_]+),\s*'
    r'warmupMaxSeconds:\s*(?P<wsec>[\d_.eE+-]+),\s*minSampleSeconds:\s*(?P<msec>[\d_.eE+-]+),\s*'
    r'samples:\s*(?P<samples>[\d_]+),\s*seed:\s*(?P<seed>[\d_]+)\s*\)')


def _switch(text: str, var: str) -> tuple[dict, str]:
    """The `case "x": return v` table and `default: return v` of `public var <var>`."""
    m = re.search(r"var\s+" + var + r"\s*:\s*\w+\s*\{(.*?)\n\s{4}\}", text, re.S)
    if not m:
        raise ProfileError(f"cannot find {var} in nnbench's sources")
    body = m.group(1)
    cases = dict(re.findall(r'case\s+"(\w+)":\s*return\s+([^\s]+)', body))
    d = re.search(r"default:\s*return\s+([^\s]+)", body)
    if not d:
        raise ProfileError(f"{var}: no default case in nnbench's sources")
    return cases, d.group(1)


def _num(s: str) -> float:
    s = s.replace("_", "")
    return math.inf if s == ".infinity" else float(s)


def read_profiles(repo: str) -> dict:
    """Every profile nnbench defines, by name (`quick`, `default`, `thorough`)."""
    sources = sorted(glob.glob(os.path.join(repo, "Sources", "**", "*.swift"), recursive=True))
    text = ""
    for p in sources:
        with open(p, encoding="utf-8") as f:
            t = f.read()
        if "MeasurementSettings(" in t or "minimumRounds" in t:
            text += t + "\n"
    found = list(SETTINGS.finditer(text))
    if not found:
        raise ProfileError(f"no MeasurementSettings(profile: …) definitions under {repo}/Sources")
    budget, budget_default = _switch(text, "samplingBudgetSeconds")
    repeats, repeats_default = _switch(text, "firstStepRepeats")
    mr = re.search(r"static\s+func\s+minimumRounds\(workers:\s*Int\)\s*->\s*Int\s*\{\s*"
                   r"max\((\d+),\s*\((\d+)\s*\+\s*max\(1,\s*workers\)\s*-\s*1\)\s*/\s*max\(1,\s*workers\)\)\s*\}", text)
    if not mr:
        raise ProfileError("cannot find Runner.minimumRounds(workers:) = max(N, (M + workers − 1) / workers) in nnbench's sources")
    out = {}
    for m in found:
        name = m.group("name")
        out[name] = Profile(
            name=name, warmup_max_steps=int(m.group("steps").replace("_", "")),
            warmup_max_seconds=_num(m.group("wsec")), min_sample_seconds=_num(m.group("msec")),
            samples=int(m.group("samples").replace("_", "")), seed=int(m.group("seed").replace("_", "")),
            sampling_budget_seconds=_num(budget.get(name, budget_default)),
            first_step_repeats=int(_num(repeats.get(name, repeats_default))),
            minimum_rounds_floor=int(mr.group(1)), minimum_rounds_total=int(mr.group(2)))
    for need in ("quick", "default", "thorough"):
        if need not in out:
            raise ProfileError(f"nnbench's sources define no '{need}' profile")
    return out

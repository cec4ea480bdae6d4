"""The measurement rules of nnbench's Runner and StreamRunner, applied to a framework's sessions.

Within one worker process: every mode of the framework gets a session from the same initial
parameters; its first loss is checked against nnbench's; each mode is warmed up (chunks until
three successive chunks agree within 5%, bounded by the profile's steps and seconds) and
calibrated (steps per sample so a sample lasts at least min_sample_seconds); then the samples of
all modes are taken in rounds, in a seeded shuffled order per round. Round counts follow
`Runner.plannedRounds` (the workload's `measure.samples`, else the profile's count cut to the
sampling budget but never below `minimumRounds`), split over the worker processes.
"""
from __future__ import annotations

import math
import random
import statistics
import time

now = time.perf_counter_ns


def fnv1a(s: str) -> int:
    h = 0xCBF29CE484222325
    for b in s.encode():
        h = ((h ^ b) * 0x100000001B3) & ((1 << 64) - 1)
    return h


class Subject:
    """One mode under measurement; its steps cycle through nnbench's batches in order."""

    def __init__(self, mode, session, batches):
        self.mode, self.session, self.batches, self.next = mode, session, batches, 0
        self.steps_per_sample, self.calibrated_ns = 1, 0.0
        self.samples, self.rounds = [], []
        self.first_loss, self.warmup_steps, self.warmup_stable = 0.0, 0, False

    def step(self) -> float:
        xs, ys = self.batches[self.next]
        self.next = (self.next + 1) % len(self.batches)
        return self.session.step(xs, ys)

    def timed(self, n: int) -> float:
        t0 = now()
        for _ in range(n):
            self.step()
        return (now() - t0) / n


def check_loss(label: str, mode: str, loss: float, reference: float | None, tolerance: float) -> None:
    """Refuses a mode whose first loss is not finite or differs from nnbench's beyond `tolerance`
    relative (to max(1, |nnbench's|), as nnbench's own mode check)."""
    if not math.isfinite(loss):
        raise RuntimeError(f"{label} [{mode}]: the loss is {loss} (not finite)")
    if reference is not None and abs(loss - reference) > tolerance * max(1.0, abs(reference)):
        raise RuntimeError(f"{label} [{mode}]: first-step loss {loss!r} differs from nnbench's {reference!r} "
                           f"beyond {tolerance:g} relative: refusing to time it")


def warm_up(s: Subject, p) -> None:
    start = now()
    per_step, steps, chunk = [], 0, 1
    while steps < p.warmup_max_steps and (now() - start) < p.warmup_max_seconds * 1e9:
        t = s.timed(chunk)
        steps += chunk
        per_step.append(t)
        if len(per_step) >= 3:
            last = sorted(per_step[-3:])
            if last[2] - last[0] <= 0.05 * last[1]:
                s.warmup_stable = True
                break
        chunk = max(1, min(p.warmup_max_steps - steps, int(p.min_sample_seconds * 1e8 / max(t, 1))))
    s.warmup_steps = steps
    recent = statistics.median(per_step[-3:]) if per_step else s.timed(1)
    s.steps_per_sample = max(1, math.ceil(p.min_sample_seconds * 1e9 / max(recent, 1)))
    s.calibrated_ns = recent


def planned_rounds(subjects, p, requested: int | None, workers: int = 1) -> int:
    """Rounds one worker takes, as nnbench's `Runner.plannedRounds`: a request as asked, else the
    profile's count per worker, cut to the worker's share of the budget but never below
    `minimumRounds(workers)`."""
    if requested is not None:
        return requested
    per_round = sum(s.steps_per_sample * s.calibrated_ns for s in subjects) * 1e-9
    budget = p.sampling_budget_seconds / max(1, workers)
    if per_round <= 0 or p.samples * per_round <= budget:
        return p.samples
    return max(min(p.minimum_rounds(workers), p.samples), int(budget / per_round))


def sample(subjects, p, label: str, requested: int | None, workers: int, worker: int) -> int:
    """Warm-up, calibration and this worker's share of the interleaved rounds."""
    for s in subjects:
        warm_up(s, p)
    mine = planned_rounds(subjects, p, requested, workers)
    rng = random.Random(p.seed ^ fnv1a(label) ^ worker)
    for r in range(mine):
        order = list(range(len(subjects)))
        rng.shuffle(order)
        for i in order:
            subjects[i].samples.append(subjects[i].timed(subjects[i].steps_per_sample))
            subjects[i].rounds.append(r)
    return mine

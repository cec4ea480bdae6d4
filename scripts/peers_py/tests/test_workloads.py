"""The workload port accepts what nnbench accepts and refuses the rest with nnbench's own line.

Every malformed case is also given to nnbench (`nnbench list --workloads DIR`) and the two
one-line errors must be identical."""
import os
import subprocess

import pytest

from conftest import REPO
from peers_py import workloads

GOOD = """task: train
model: {kind: mlp, input: 4, hidden: [3], classes: 2, activation: relu}
batch_sizes: [1, 2]
learning_rate: 0.1
modes: [eager, static, fused]
"""

BAD = {
    "unknown_key": GOOD + "colour: blue\n",
    "negative_hidden": GOOD.replace("hidden: [3]", "hidden: [3, -3]"),
    "quoted_number": GOOD.replace("input: 4", "input: '4'"),
    "no_learning_rate": GOOD.replace("learning_rate: 0.1\n", ""),
    "infer_with_lr": GOOD.replace("task: train", "task: infer"),
    "lr_out_of_range": GOOD.replace("0.1", "20"),
    "mode_twice": GOOD.replace("[eager, static, fused]", "[eager, eager]"),
    "unknown_mode": GOOD.replace("[eager, static, fused]", "[eager, jit]"),
    "batch_twice": GOOD.replace("[1, 2]", "[2, 2]"),
    "empty_batches": GOOD.replace("[1, 2]", "[]"),
    "stream_on_mlp": GOOD.replace("task: train", "task: stream") + "stream: {batches: 2, min_length: 1, max_length: 2}\n",
    "seq_on_mlp": GOOD + "sequence_length: 4\n",
    "unknown_kind": GOOD.replace("kind: mlp", "kind: gru"),
    "bad_activation": GOOD.replace("relu", "gelu"),
    "name_mismatch": "name: other\n" + GOOD,
    "samples_too_few": GOOD + "measure: {samples: 2}\n",
    "threshold": GOOD + "measure: {threshold: 1.5}\n",
    "not_yaml": "task: [train\n",
    "empty": "",
    "list_root": "- 1\n- 2\n",
    "absurd": GOOD.replace("input: 4", "input: 16000000").replace("hidden: [3]", "hidden: [1000000]"),
    "huge_batch": GOOD.replace("[1, 2]", "[1, 2000000]"),
    "rnn_no_seq": GOOD.replace("{kind: mlp, input: 4, hidden: [3], classes: 2, activation: relu}",
                               "{kind: lstm, input: 4, hidden: 3, classes: 2}"),
    "stream_lengths": GOOD.replace("task: train", "task: stream").replace(
        "{kind: mlp, input: 4, hidden: [3], classes: 2, activation: relu}", "{kind: elman, input: 4, hidden: 3, classes: 2}")
        + "stream: {batches: 2, min_length: 5, max_length: 2}\n",
    "conv_too_big": GOOD.replace("{kind: mlp, input: 4, hidden: [3], classes: 2, activation: relu}",
                                 "{kind: cnn, input: [1, 4, 4], conv: [{channels: 2, kernel: 5}], dense: [], classes: 2, activation: relu}"),
    "pool_too_big": GOOD.replace("{kind: mlp, input: 4, hidden: [3], classes: 2, activation: relu}",
                                 "{kind: cnn, input: [1, 4, 4], conv: [{channels: 2, kernel: 3, pool: 3}], dense: [], classes: 2, activation: relu}"),
    "string_seed": GOOD + "seed: abc\n",
    "null_value": GOOD.replace("learning_rate: 0.1", "learning_rate:"),
    "hidden_not_list": GOOD.replace("hidden: [3]", "hidden: 3"),
}


def test_every_shipped_workload_loads():
    specs = workloads.load_all(os.path.join(REPO, "Workloads"))
    assert {w.name for w in specs} >= {"mlp", "cnn", "elman", "lstm", "lstm-stream"}
    lstm = next(w for w in specs if w.name == "lstm")
    assert (lstm.sequence_length, lstm.learning_rate, lstm.seed, lstm.batch_sizes) == (32, 0.01, 42, [16])
    stream = next(w for w in specs if w.name == "lstm-stream")
    assert stream.stream == {"batches": 50, "min_length": 8, "max_length": 64} and stream.samples is None   # the profile decides (README, Time)


def test_good_file_loads(tmp_path):
    p = tmp_path / "ok.yaml"
    p.write_text(GOOD)
    w = workloads.load(str(p))
    assert w.model["hidden"] == [3] and w.modes == ["eager", "static", "fused"] and len(w.file_hash) == 64


def test_missing_file():
    with pytest.raises(workloads.WorkloadError) as e:
        workloads.load("Workloads/none.yaml")
    assert str(e.value) == "Workloads/none.yaml: no such workload file"


@pytest.mark.parametrize("case", sorted(BAD))
def test_malformed_file_gives_nnbenchs_line(case, tmp_path, nnbench):
    d = tmp_path / case
    d.mkdir()
    p = d / f"{case}.yaml"
    p.write_text(BAD[case])
    with pytest.raises(workloads.WorkloadError) as e:
        workloads.load(str(p))
    line = str(e.value)
    assert "\n" not in line and line.startswith(f"{p}: ")
    r = subprocess.run([nnbench, "list", "--workloads", str(d)], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 1
    theirs = r.stderr.strip().removeprefix("nnbench: error: ")
    if case == "not_yaml":   # the parser's own wording differs (Yams vs PyYAML); the field does not
        assert line.split("not valid YAML: ")[0] == theirs.split("not valid YAML: ")[0]
    else:
        assert line == theirs

"""Shared fixtures: the repository, nnbench's release binary, and a `--save-tensors` reference."""
import glob
import os
import subprocess
import sys

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "scripts"))
NNBENCH = os.path.join(REPO, ".build", "release", "nnbench")


@pytest.fixture(scope="session")
def nnbench():
    if not os.access(NNBENCH, os.X_OK):
        pytest.fail(f"{NNBENCH} is missing: build it first (swift build -c release --product nnbench)")
    return NNBENCH


@pytest.fixture(scope="session")
def saved_tensors(nnbench, tmp_path_factory):
    """nnbench's own --save-tensors runs of mlp (batches 1 and 32: batch 1 has the longest
    cycle of batches, 256) and lstm (NNBENCH_PEERS_REFERENCE may name an existing file that
    holds them)."""
    given = os.environ.get("NNBENCH_PEERS_REFERENCE")
    if given:
        return [given]
    out = tmp_path_factory.mktemp("reference")
    files = []
    for args in (["mlp", "--batch", "1", "--batch", "32"], ["lstm"]):
        d = out / args[0]
        subprocess.run([nnbench, "run", *args, "--quick", "--samples", "3", "--save-tensors", "--out", str(d)],
                       cwd=REPO, check=True, capture_output=True)
        files += glob.glob(str(d / "*.h5"))
    return files

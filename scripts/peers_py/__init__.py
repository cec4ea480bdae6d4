"""nnbench's peers runner: the workloads of Workloads/*.yaml on PyTorch, TensorFlow and JAX.

Measured by nnbench's rules (profiles read from its Swift source), from nnbench's exact inputs
(SplitMix64 parameters and batches, regenerated here and checked against `--save-tensors`), and
written to a `-peers.h5` file in nnbench's HDF5 layout. See Results/PEERS.md.
"""

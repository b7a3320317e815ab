"""Numba kernels for numtensor: ``kernels.cpu`` (njit) and ``kernels.cuda`` (cuda.jit) twins.

Kernels know arrays and scalars only; they never import numtensor. Output arrays come first,
then inputs, then scalars; kernels never allocate.
"""

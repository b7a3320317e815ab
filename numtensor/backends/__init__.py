"""``numtensor.backends``: the switches PyTorch users set, with what they mean here.

numtensor computes with Numba kernels, not cuDNN, MKL, MPS or oneDNN. The flags people set out
of habit (``backends.cudnn.benchmark = True``, ``backends.cuda.matmul.allow_tf32 = False``)
are accepted and read back, and change nothing: the kernels they would choose between do not
exist here. ``is_available()`` answers truthfully (no cuDNN, no MPS).
"""

from . import cpu, cuda, cudnn, mkl, mkldnn, mps, openmp, opt_einsum

__all__ = ["cpu", "cuda", "cudnn", "mkl", "mkldnn", "mps", "openmp", "opt_einsum"]

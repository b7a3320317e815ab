"""``numtensor.backends.cuda``: PyTorch's CUDA matmul and attention switches.

numtensor's CUDA kernels never use TF32 or reduced-precision reductions and compute attention
with its own composition: the flags are kept so code that sets them runs, and read back as set.
"""

from __future__ import annotations


class _Matmul:
    """``backends.cuda.matmul``: allow_tf32 and the reduced-precision reduction flags."""

    def __init__(self) -> None:
        self.allow_tf32 = False
        self.allow_fp16_reduced_precision_reduction = True
        self.allow_bf16_reduced_precision_reduction = True

    def __repr__(self) -> str:
        return f"<numtensor.backends.cuda.matmul allow_tf32={self.allow_tf32}>"


matmul = _Matmul()
_SDP = {"flash": True, "mem_efficient": True, "math": True, "cudnn": True}


def is_built() -> bool:
    """True when numba-cuda is installed (numtensor can then run CUDA kernels)."""
    from ..cuda._numba import numba_cuda

    return numba_cuda() is not None


def flash_sdp_enabled() -> bool:
    return _SDP["flash"]


def enable_flash_sdp(enabled: bool) -> None:
    _SDP["flash"] = bool(enabled)


def mem_efficient_sdp_enabled() -> bool:
    return _SDP["mem_efficient"]


def enable_mem_efficient_sdp(enabled: bool) -> None:
    _SDP["mem_efficient"] = bool(enabled)


def math_sdp_enabled() -> bool:
    return _SDP["math"]


def enable_math_sdp(enabled: bool) -> None:
    _SDP["math"] = bool(enabled)


def cudnn_sdp_enabled() -> bool:
    return _SDP["cudnn"]


def enable_cudnn_sdp(enabled: bool) -> None:
    _SDP["cudnn"] = bool(enabled)


def preferred_linalg_library(backend=None) -> str:
    """numtensor's linear algebra is LAPACK through SciPy/Numba on the host: "default"."""
    return "default"

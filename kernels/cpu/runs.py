"""Helpers that let a reduction's inner loop over a contiguous run vectorise.

LLVM vectorises a loop-carried sum only when it may reassociate the additions, and a loop-
carried max/min only when the step is one of its own max/min intrinsics. So:

- ``run_sum(run, zero)`` adds a short run with reassociation allowed (its own function, so
  the ``fastmath`` flag stays on its instructions); reductions add runs of ``RUN`` elements
  this way and join the run totals in order, in the output's dtype. In a row of at least
  ``RUN`` elements a float32 run sums in float32 (SIMD lanes of a few dozen terms each), which
  keeps float32 sums more accurate than PyTorch's cascade while reading 16 values per
  instruction; shorter rows sum in the output's dtype (float64), as one run.
- ``lane_zero(x, out)`` is the zero such a run sums from: float32 for float32 input, else
  the output's dtype (int64 for integers, so short runs cannot overflow).
- ``maximum(a, b)`` / ``minimum(a, b)``: NaN-propagating extremes (LLVM's ``llvm.maximum``
  for floats, a plain compare for integers and bools).
"""

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic, overload

RUN = 4096  # elements added with reassociation before joining the running total


@njit(cache=True, fastmath={"reassoc"})
def run_sum(run, zero):
    acc = zero
    for i in range(run.shape[0]):
        acc += run[i]
    return acc


@njit(cache=True, fastmath={"reassoc"})
def run_sq_dev(run, mean, zero):
    acc = zero
    for i in range(run.shape[0]):
        d = run[i] - mean
        acc += d * d
    return acc


def lane_zero(x, out):
    """The zero a run of ``x`` sums from (compiled by the overload below)."""
    raise NotImplementedError  # only called from compiled code


@overload(lane_zero)
def _lane_zero(x, out):
    if x.dtype == types.float32:
        return lambda x, out: np.float32(0)
    return lambda x, out: out.dtype.type(0)


def _extreme(name: str, float_name: str, int_predicate: str):
    def typer(typingctx, a, b):
        if a != b:
            return None
        sig = a(a, b)

        def codegen(context, builder, signature, args):
            x, y = args
            if isinstance(a, types.Float):
                fn = builder.module.declare_intrinsic(
                    float_name, [x.type], ir.FunctionType(x.type, [x.type, x.type])
                )
                return builder.call(fn, [x, y])
            signed = isinstance(a, types.Integer) and a.signed
            compare = builder.icmp_signed if signed else builder.icmp_unsigned
            return builder.select(compare(int_predicate, x, y), x, y)

        return sig, codegen

    typer.__name__ = typer.__qualname__ = name  # each intrinsic its own name
    return typer


maximum = intrinsic(_extreme("maximum", "llvm.maximum", ">"))
minimum = intrinsic(_extreme("minimum", "llvm.minimum", "<"))

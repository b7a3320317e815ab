"""Running a pointwise kernel pair over operands of any layout.

Every elementwise family of kernels/cuda comes as ``name(out, x, ..., *params)`` (1-D) and
``name_strided(...)`` (1 to 6 dims, operands broadcast to out's shape). ``pointwise`` takes
the 1-D kernel when ``out`` is dense and every input is laid out like it (or is a single
element, seen with stride 0), else the strided one over coalesced broadcast views.
"""

from __future__ import annotations

from .launch import launch
from .layout import (
    basic_index,
    broadcast_view,
    coalesce,
    dense_flat,
    strides_of,
    view,
)

MAX_NDIM = 6  # the strided kernels are compiled for 1 to 6 dims


def flat_operands(out, inputs):
    """1-D views of ``out`` and ``inputs`` for the flat kernel, or None when some input is
    laid out differently from ``out``."""
    flat_out = dense_flat(out)
    if flat_out is None:
        return None
    n = out.size
    out_strides = strides_of(out)
    flats = []
    for x in inputs:
        if x.size == 1:
            flats.append(view(x, (n,), (0,)))
        elif tuple(x.shape) == tuple(out.shape) and strides_of(x) == out_strides:
            flats.append(view(x, (n,), (1,)))
        else:
            return None
    return flat_out, flats


def pointwise(flat_kernel, strided_kernel, out, inputs, params=()) -> None:
    """``out[...] = f(*inputs, *params)``, inputs broadcastable to ``out``."""
    n = out.size
    if n == 0:
        return
    flat = flat_operands(out, inputs)
    if flat is not None:
        launch(flat_kernel, n, flat[0], *flat[1], *params)
        return
    run_strided(strided_kernel, out, [broadcast_view(x, out.shape) for x in inputs], params)


def run_strided(kernel, out, inputs, params=()) -> None:
    """The strided kernel over coalesced views (inputs already of ``out``'s shape); more than
    MAX_NDIM dims left after coalescing: one launch per index of the first dim."""
    operands = (out, *inputs)
    shape, strides = coalesce(tuple(out.shape), [strides_of(a) for a in operands])
    if len(shape) <= MAX_NDIM:
        views = [view(a, shape, st) for a, st in zip(operands, strides)]
        launch(kernel, out.size, *views, *params)
        return
    for i in range(out.shape[0]):
        run_strided(kernel, basic_index(out, (i,)), [basic_index(x, (i,)) for x in inputs], params)

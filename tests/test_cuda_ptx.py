"""Every CUDA kernel of kernels/cuda compiles to PTX for sm_90, no GPU needed.

The simulator runs kernels as Python and so ignores typing errors (a float ``~x``, an
unsupported NumPy function, a shared array of an unknown dtype); NVVM does not. This runs in
the ordinary CPU test run and skips itself under ``NUMBA_ENABLE_CUDASIM=1`` (``cuda.jit``
then makes simulator objects) or when numba-cuda cannot find NVVM.

Each kernel of every ``KERNELS`` table is compiled from its Python function for
representative signatures: the dtypes the dispatcher uses it with, 1-D contiguous arrays for
the flat kernels, 2-D strided arrays for the ``_strided`` ones (one op at every ndim).
"""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest

from kernels import spec

cuda = pytest.importorskip("numba.cuda")
from numba import config  # noqa: E402

pytestmark = pytest.mark.skipif(
    bool(config.ENABLE_CUDASIM), reason="the CUDA simulator has no compiler"
)

CC = (9, 0)
MODULES = (
    "unary",
    "transcendental",
    "parametric",
    "binary",
    "special_binary",
    "compare",
    "inplace",
    "copy",
)
MODULES += ("reduce",)
MODULES += ("argreduce", "scan")
MODULES += ("linalg", "gather", "conv", "sort", "random")


@pytest.fixture(scope="module", autouse=True)
def _compiler():
    """numba-cuda's NVVM, and a stand-in device for the device functions kernels call.

    compile_ptx takes the target from its ``cc`` argument, but the device functions a kernel
    calls (``cuda.jit(device=True)`` helpers, overloads) are compiled for the current device,
    which needs a GPU: without one, the current device is faked as a compute capability 9.0
    part. Nothing is launched.
    """
    with pytest.MonkeyPatch.context() as mp:
        if not cuda.is_available():
            from numba.cuda import dispatcher

            fake = SimpleNamespace(compute_capability=CC)
            mp.setattr(dispatcher, "get_current_device", lambda: fake)

        def probe(out):
            out[0] = 1.0

        try:
            cuda.compile_ptx(probe, (cuda.float32[::1],), cc=CC)
        except Exception as exc:  # NVVM or its libdevice missing
            pytest.skip(f"numba-cuda cannot compile PTX here: {exc}")
        yield


def _module(name: str):
    return importlib.import_module(f"kernels.cuda.{name}")


# ---- signatures --------------------------------------------------------------------------------


def _types():
    t = cuda
    return {
        "bool": t.boolean,
        "uint8": t.uint8,
        "int8": t.int8,
        "int16": t.int16,
        "int32": t.int32,
        "int64": t.int64,
        "float32": t.float32,
        "float64": t.float64,
    }


T = _types()
FLOAT = ("float32", "float64")
BOOL_OUT = {
    "logical_not",
    "isnan",
    "isinf",
    "isfinite",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "logical_and",
    "logical_or",
    "logical_xor",
}
INTEGER_ONLY = {
    "bitwise_not": ("int64", "uint8"),
    "bitwise_and": ("int64", "uint8", "bool"),
    "bitwise_or": ("int32", "bool"),
    "bitwise_xor": ("int8", "bool"),
    "int_pow": ("int64", "uint8"),
    "int_div_trunc": ("int64", "int8"),
    "int_fmod": ("int64", "int16"),
    "div_floor": ("int64", "int8"),
    "gcd": ("int64", "int32", "uint8"),
    "lcm": ("int64", "int16"),
}
# ops that take integers and bool as well as floats
ANY = {
    "abs": ("float32", "int64", "int8"),
    "neg": ("float32", "int64"),
    "sign": ("float32", "int64", "bool"),
    "square": ("float32", "int64"),
    "relu": ("float32", "int64"),
    "logical_not": ("float32", "int64", "bool"),
    "isnan": ("float32", "int64", "bool"),
    "isinf": ("float64", "int32"),
    "isfinite": ("float32", "int64"),
    "clamp": ("float32", "int64"),
    "clamp_min": ("float64", "int16"),
    "clamp_max": ("float32", "int64"),
    "add_scalar": ("float32", "int64"),
    "sub_scalar": ("float32", "int64"),
    "mul_scalar": ("float32", "int64"),
    "add": ("float32", "int64", "uint8", "bool"),
    "sub": ("float32", "int64"),
    "mul": ("float32", "int64", "bool"),
    "remainder": ("float32", "float64", "int64"),
    "maximum": ("float32", "int64", "bool"),
    "minimum": ("float64", "int32"),
    "eq": ("float32", "int64", "bool"),
    "ne": ("float64", "int8", "bool"),
    "lt": ("float32", "int64"),
    "le": ("float32", "uint8"),
    "gt": ("float64", "int16"),
    "ge": ("float32", "int64"),
    "logical_and": ("float32", "int64", "bool"),
    "logical_or": ("float64", "int16", "bool"),
    "logical_xor": ("float32", "uint8", "bool"),
    "where": ("float32", "int64", "bool"),
    "clamp_both": ("float32", "int64"),
}


def _param_type(op: str, param: str, dtype: str):
    if op in ("pow_scalar", "round_decimals", "round_decimals_neg"):
        return T[dtype]  # the dispatcher passes these in the compute dtype
    return T["int64"] if dtype[0] in "iub" and op != "nan_to_num" else T["float64"]


def _array(dtype: str, ndim: int, contiguous: bool):
    t = T[dtype]
    return t[::1] if contiguous else t[(slice(None),) * ndim]


def _elementwise_signatures(op, arity, params, *, ndim=1, contiguous=True, inplace=False):
    dtypes = INTEGER_ONLY.get(op) or ANY.get(op) or FLOAT
    if not contiguous:
        dtypes = dtypes[:1]  # strided forms: one dtype is enough
    for dtype in dtypes:
        array = _array(dtype, ndim, contiguous)
        out = _array("bool", ndim, contiguous) if op in BOOL_OUT else array
        operands = [array] * arity
        if op == "where":
            operands[0] = _array("bool", ndim, contiguous)
        if inplace:
            operands = operands[1:]
        yield (out, *operands, *(_param_type(op, p, dtype) for p in params))


def _cases():
    cases = []
    for module, ops in spec.modules().items():
        for op, (arity, _e, params) in ops.items():
            cases.append((module, op, list(_elementwise_signatures(op, arity, params))))
            # the strided forms at 2 dims; add's at every ndim, to compile every unravel
            ndims = (1, 2, 3, 4, 5, 6) if op == "add" else (2,)
            sigs = [
                sig
                for nd in ndims
                for sig in _elementwise_signatures(op, arity, params, ndim=nd, contiguous=False)
            ]
            cases.append((module, op + "_strided", sigs))
    for op, (arity, _e, params) in spec.inplace_table().items():
        sigs = list(_elementwise_signatures(op, arity, params, inplace=True))
        cases.append(("inplace", op + "_inplace", sigs))

    names = list(T)
    copy = [(T[d][::1], T[s][::1]) for d in names for s in names]
    cases.append(("copy", "copy", copy))
    strided = [(T[d][:, :], T[s][:, :]) for d, s in zip(names, reversed(names))]
    strided.append((T["float32"][:, :, :, :, :, :], T["int64"][:, :, :, :, :, :]))
    cases.append(("copy", "copy_strided", strided))
    values = (T["float64"], T["int64"], T["bool"])
    cases.append(("copy", "fill", [(T[d][::1], v) for d in names for v in values]))
    fills = [(T[d][:, :, :], v) for d in ("uint8", "int32", "float32", "bool") for v in values]
    cases.append(("copy", "fill_strided", fills))

    f32, f64, i64, b1, i32 = T["float32"], T["float64"], T["int64"], T["bool"], T["int32"]
    sums = ((f32, f64), (f64, f64), (i32, i64), (b1, i64))
    for kind in ("sum", "prod", "count_nonzero"):
        cases.append(("reduce", kind + "_rows", [(o[:], x[:, :]) for x, o in sums]))
        cases.append(("reduce", kind + "_cols", [(o[:, :], x[:, :, :]) for x, o in sums]))
        cases.append(("reduce", kind + "_partial", [(o[:, :], x[:, :]) for x, o in sums]))
    for kind in ("cumsum", "cumprod"):
        cases.append(("scan", kind, [(o[:, :, :], x[:, :, :]) for x, o in sums]))
        cases.append(("scan", kind + "_rows", [(o[:, :], x[:, :]) for x, o in sums]))
    sq = ((f32, f64), (f64, f64), (f32, f32))
    cases.append(("reduce", "sq_dev_rows", [(o[:], x[:, :], o[:]) for x, o in sq]))
    cases.append(("reduce", "sq_dev_cols", [(o[:, :], x[:, :, :], o[:, :]) for x, o in sq]))
    cases.append(("reduce", "sq_dev_partial", [(o[:, :], x[:, :], o[:]) for x, o in sq]))
    extremes = (f32, f64, i64, T["int16"], b1)
    for kind in ("max", "min"):
        cases.append(("reduce", kind + "_rows", [(x[:], x[:, :]) for x in extremes]))
        cases.append(("reduce", kind + "_cols", [(x[:, :], x[:, :, :]) for x in extremes]))
        cases.append(("reduce", kind + "_partial", [(x[:, :], x[:, :]) for x in extremes]))
        arg = "arg" + kind
        cases.append(("argreduce", arg + "_rows", [(x[:], i64[:], x[:, :]) for x in extremes]))
        cases.append(
            ("argreduce", arg + "_cols", [(x[:, :], i64[:, :], x[:, :, :]) for x in extremes])
        )

    mats = [(t[:, :, :],) * 3 for t in (f32, f64, i64, i32)]
    cases.append(("linalg", "bmm", mats))
    cases.append(("linalg", "bmm_small", mats))

    # conv: C-ordered arrays as the backend allocates them, and strided (A) inputs, read in
    # place; geometry scalars are int64
    f16 = importlib.import_module("numba.cuda.types").float16
    geometry = (i64,) * 8
    images = [(t[:, :, ::1], t[:, :, :, ::1]) for t in (f32, f64, f16, i64)]
    images.append((f32[:, :, ::1], f32[:, :, :, :]))
    cases.append(("conv", "im2col", [(c, x, *geometry) for c, x in images]))
    grads = [(t[:, :, :, ::1], t[:, :, ::1]) for t in (f32, f64, f16, i64)]
    grads.append((f32[:, :, :, ::1], f32[:, :, :]))
    cases.append(("conv", "col2im", [(x, c, *geometry) for x, c in grads]))
    pools = [(x.dtype[:, :, :, ::1], i64[:, :, :, ::1], x) for _, x in images]
    cases.append(("conv", "max_pool2d", [(*p, *geometry) for p in pools]))
    backs = [(t[:, ::1], t[:, ::1], i64[:, ::1]) for t in (f32, f64, i32, i64)]
    cases.append(("conv", "max_pool2d_backward", backs))
    return cases


def _gather_cases():
    """kernels.cuda.gather: offsets int32 (or int64), values read through 1-D views (stride 0
    for a broadcast value), positions and coordinates int64. float16 accumulates through a
    float32 copy (its arithmetic would call cuda_fp16 functions)."""
    f16 = importlib.import_module("numba.cuda.types").float16
    f32, f64, i64, i32, b1 = T["float32"], T["float64"], T["int64"], T["int32"], T["bool"]
    i8, u8, i16 = T["int8"], T["uint8"], T["int16"]
    data = (f32, f64, i64, i32, b1, u8, f16)
    cases = [
        ("gather_offsets", [(t[::1], t[::1], o[::1]) for t in data for o in (i32, i64)]),
        (
            "put_offsets",
            [(t[::1], i32[::1], t[:]) for t in data] + [(f32[::1], i64[::1], i64[:])],
        ),
        (
            "put_offsets_scalar",
            [(t[::1], i32[::1], s) for t in (f32, i64, b1, u8) for s in (t, f64, i64)],
        ),
        (
            "scatter_add_offsets",
            [(t[::1], o[::1], t[:]) for t in (f32, f64, i32, i64) for o in (i32, i64)],
        ),
        (
            "scatter_reduce_segments",
            [(t[::1], i32[::1], i64[::1], i64[::1], t[:], i64) for t in (*data[:-1], i8, i16)],
        ),
        ("masked_fill", [(t[::1], b1[::1], s) for t in (f32, i64, b1, f16) for s in (t, f64)]),
        (
            "masked_fill_strided",
            [(t[:, :], b1[:, :], t) for t in (f32, i64, b1)]
            + [(f32[:, :, :, :, :, :], b1[:, :, :, :, :, :], f64)],
        ),
        ("chunk_counts", [(i64[::1], t[::1], i64) for t in data]),
        ("chunk_positions", [(i64[::1], t[::1], i64[::1], i64) for t in data]),
        ("positions_to_offsets", [(i64[::1], i64[::1], i64[::1], i64[::1])]),
        ("positions_to_coords", [(i64[:, ::1], i64[::1], i64[::1])]),
        ("index_select3", [(t[:, :, ::1], t[:, :, :], i64[::1]) for t in data]),
        (
            "index_add3",
            [(t[:, :, :], i64[::1], t[:, :, ::1]) for t in (f32, f64, i32, i64)]
            + [(f32[:, :, :], i64[::1], f32[:, :, :])],
        ),
    ]
    return [("gather", name, sigs) for name, sigs in cases]


def _sort_cases():
    """kernels.cuda.sort: rows as 2-D C-ordered arrays (every sortable dtype, float16
    included), the bitonic working arrays uint64 keys and int64 positions, scalars int64 (the
    descending flag a bool), flip's shape and strides int64 tuples of any length."""
    types = importlib.import_module("numba.cuda.types")
    f16, u64 = types.float16, types.uint64
    f32, f64, i64, i32, b1 = T["float32"], T["float64"], T["int64"], T["int32"], T["bool"]
    i8, u8, i16 = T["int8"], T["uint8"], T["int16"]
    data = (f16, f32, f64, i64, i32, i16, i8, u8, b1)
    rows = [(t[:, ::1], i64[:, ::1], t[:, ::1], i64, i64, b1) for t in data]
    cases = [
        ("sort_rows", rows),
        ("sort_chunks", [(u64[::1], i64[::1], t[:, ::1], i64, i64, b1) for t in data]),
        ("bitonic_step", [(u64[::1], i64[::1], i64, i64, i64)]),
        ("bitonic_merge", [(u64[::1], i64[::1], i64, i64, i64)]),
        ("gather_rows", [(t[:, ::1], i64[:, ::1], t[:, ::1], i64[::1], i64) for t in data]),
        ("mark_boundaries", [(i64[::1], t[::1]) for t in data]),
        ("compact_unique", [(t[::1], i64[::1], t[::1], i64[::1], i64[::1]) for t in data]),
        ("counts_from_starts", [(i64[::1], i64[::1], i64)]),
        ("scatter_inverse", [(i64[::1], i64[::1], i64[::1])]),
        ("gather_column", [(t[::1], t[:, ::1], i64[::1], i64) for t in data]),
        ("compose", [(i64[::1], i64[::1], i64[::1])]),
        ("mark_row_boundaries", [(i64[::1], t[:, ::1], i64[::1]) for t in data]),
        (
            "compact_rows",
            [(t[:, ::1], i64[::1], t[:, ::1], i64[::1], i64[::1], i64[::1]) for t in data],
        ),
        (
            "flip",
            [
                (t[::1], t[::1], types.UniTuple(i64, nd), types.UniTuple(i64, nd), i64)
                for t in (f32, f16, i64, b1)
                for nd in (1, 3, 8)
            ],
        ),
    ]
    return [("sort", name, sigs) for name, sigs in cases]


def _random_cases():
    """kernels.cuda.random: contiguous outputs (float32, float64, int64), the distribution
    an int64, the uniform's shift a uint64 and unit a float64, key and offset halves uint64,
    bounds float64 or uint64."""
    types = importlib.import_module("numba.cuda.types")
    u64, i64, f64 = types.uint64, T["int64"], T["float64"]
    keys = (u64, u64, u64, u64)
    cases = [
        ("floats32", [(T["float32"][::1], i64, u64, f64, *keys, f64, f64)]),
        ("floats64", [(f64[::1], i64, *keys, f64, f64)]),
        ("integers64", [(i64[::1], u64, u64, u64, u64, u64, u64)]),
    ]
    return [("random", name, sigs) for name, sigs in cases]


CASES = _cases() + _gather_cases() + _sort_cases() + _random_cases()


def test_every_kernel_has_signatures():
    covered = {(m, name) for m, name, sigs in CASES if sigs}
    for module in MODULES:
        for name in _module(module).KERNELS:
            assert (module, name) in covered, f"add signatures for kernels.cuda.{module}.{name}"


@pytest.mark.parametrize(("module", "name", "sigs"), CASES, ids=[f"{m}.{n}" for m, n, _ in CASES])
def test_kernel_compiles_to_ptx(module, name, sigs):
    kernel = _module(module).KERNELS[name]
    for sig in sigs:
        ptx, _ = cuda.compile_ptx(kernel.py_func, sig, cc=CC)
        # everything (libdevice included) is linked in: no call left to resolve at load time
        assert ".extern .func" not in ptx, (name, sig)


def test_generated_fused_kernels_compile():
    """numtensor.compile's fused CUDA kernels (numtensor/backend/cuda/codegen.py) for a chain
    of spec expressions, parameters and a broadcast value, through NVVM."""
    import numpy as np

    from kernels.generate import cuda_expression
    from numtensor.backend.cuda import codegen
    from numtensor.backend.plan_source import expression, literal, substitute

    n = 64
    traced = [np.zeros(n, np.float32) for _ in range(4)] + [np.zeros(1, np.float32)]
    run = SimpleNamespace(traced=traced, n=n, slots=[0, 1, 2, 3, 4], stmts=[])
    for out, op, operands, values in (
        (2, "mul", [0, 1], []),
        (3, "exp", [2], []),
        (3, "clamp_backward", [3, 0], [np.float32(0.0), np.float32(np.inf)]),
        (2, "sub_scalar", [3], [np.float32(1e-3)]),
        (1, "lerp", [1, 2, 4], []),
    ):
        _, expr, names = expression(op)
        run.stmts.append((out, "=", substitute(cuda_expression(expr), names, values), operands))
    run.stmts.append((0, "=", literal(0.5), []))
    namespace: dict = {}
    exec(codegen.HEADER + codegen._source(run, "fused_0"), namespace)
    kernel = namespace["fused_0"].py_func
    cuda.compile_ptx(kernel, (cuda.float32[::1],) * 5, cc=CC)

"""The CUDA kernels of kernels/cuda against their CPU twins of kernels/cpu, on the same inputs.

Marked ``cuda``: the default run deselects them. Without a GPU, run them on numba's CUDA
simulator, which runs every CUDA thread as an OS thread (so launches here are small):

    NUMBA_ENABLE_CUDASIM=1 pytest -m cuda tests/test_cuda_kernels.py
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

from kernels import spec

cuda = pytest.importorskip("numba.cuda")
from numba import config  # noqa: E402

pytestmark = [
    pytest.mark.cuda,
    # NumPy warns about the inf/NaN the edge-case values produce (simulator kernels run as
    # Python on NumPy scalars)
    pytest.mark.filterwarnings("ignore::RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:Grid size:Warning"),
]

BLOCKS, THREADS = 2, 32  # small launches: the simulator starts one OS thread per CUDA thread


@pytest.fixture(autouse=True)
def _needs_cuda():
    if not cuda.is_available():
        pytest.skip("no CUDA device; set NUMBA_ENABLE_CUDASIM=1 to use the simulator")


@pytest.fixture(autouse=True, scope="module")
def _fast_thread_switches():
    # the simulator's block manager busy-polls its threads under the GIL: at every
    # cuda.syncthreads() each thread waits for its turn, so switching threads more often makes
    # block-wide steps (reductions, bmm) several times faster
    before = sys.getswitchinterval()
    sys.setswitchinterval(5e-5)
    yield
    sys.setswitchinterval(before)


def _modules(kind: str):
    import importlib

    names = (
        "unary",
        "transcendental",
        "parametric",
        "binary",
        "special_binary",
        "compare",
        "inplace",
        "reduce",
    )
    names += ("linalg",)
    if kind == "cuda":
        names += ("copy", "argreduce", "scan")
    return {n: importlib.import_module(f"kernels.{kind}.{n}") for n in names}


@pytest.fixture(scope="module")
def gpu():
    return _modules("cuda")


@pytest.fixture(scope="module")
def cpu():
    return _modules("cpu")


def to_dev(a: np.ndarray):
    """``a`` on the device with its strides (zero strides too; permuted axes as a view)."""
    core = a[tuple(0 if st == 0 else slice(None) for st in a.strides)]
    if core.flags.c_contiguous or core.flags.f_contiguous:
        return cuda.to_device(a)
    # a permutation of a dense array (a transposed batch of matrices): copy it in memory
    # order, then view it with the permuted strides
    order = np.argsort(a.strides, kind="stable")[::-1]
    d = cuda.to_device(np.ascontiguousarray(a.transpose(order)))
    axes = tuple(int(i) for i in np.argsort(order))
    if config.ENABLE_CUDASIM:
        return d.transpose(axes)
    from numba.cuda.cudadrv.devicearray import DeviceNDArray

    shape = tuple(d.shape[i] for i in axes)
    strides = tuple(d.strides[i] for i in axes)
    return DeviceNDArray(shape, strides, d.dtype, gpu_data=d.gpu_data)


def assert_close(got: np.ndarray, expected: np.ndarray, atol: float = 1e-300) -> None:
    assert got.dtype == expected.dtype and got.shape == expected.shape
    if expected.dtype.kind == "f":
        # CUDA's libdevice (the simulator: NumPy) and the CPU's libm may differ in the last
        # bits; signed zeros are not compared
        rtol = 4e-6 if expected.dtype == np.float32 else 1e-13
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    else:
        np.testing.assert_array_equal(got, expected)


# ---- elementwise ---------------------------------------------------------------------------

FLOATS = [np.nan, np.inf, -np.inf, -0.0, 0.0, 0.5, -0.5, 1.5, -2.5, 2.5, 3.7, -7.25, 1e-3, 0.9]
INTS = [0, 1, -1, 2, -3, 5, 7, -7, 13, 42, -100, 100]
FLOAT = ("float32", "float64")

# predicate ops write bool
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

# the dtypes each op is used with (tests/test_pointwise.py): floats for transcendental ops,
# integers and bool for bitwise and logical ops; the rest default to FLOAT
DTYPES = {
    "abs": ("float32", "int64", "int8"),
    "neg": ("float32", "int64", "int16"),
    "sign": ("float32", "float64", "int32", "bool"),
    "square": ("float32", "int64", "uint8"),
    "relu": ("float32", "int64"),
    "logical_not": ("float32", "int32", "bool"),
    "bitwise_not": ("int8", "uint8", "int64"),
    "isnan": ("float32", "float64", "int64"),
    "isinf": ("float32", "float64", "int64"),
    "isfinite": ("float32", "float64", "int64"),
    "clamp": ("float32", "int64"),
    "clamp_min": ("float32", "int16"),
    "clamp_max": ("float64", "int16"),
    "add_scalar": ("float32", "float64", "int64"),
    "sub_scalar": ("float32", "int64"),
    "mul_scalar": ("float32", "int64"),
    "add": ("float32", "int32", "uint8", "bool"),
    "sub": ("float64", "int32", "int8"),
    "mul": ("float32", "int64", "bool"),
    "div_floor": ("int8", "int64"),
    "int_div_trunc": ("int16", "int64"),
    "remainder": ("float32", "float64"),
    "int_remainder": ("int32", "int64", "int8"),
    "int_fmod": ("int8", "int64"),
    "int_pow": ("int64", "int32", "uint8"),
    "gcd": ("int64", "int16", "uint8"),
    # (lcm's products of int8 overflow; compiled kernels wrap them as C++ does, the simulator's
    # NumPy scalars cannot be stored wrapped)
    "lcm": ("int32", "int64"),
    "maximum": ("float32", "float64", "int64"),
    "minimum": ("float32", "int16"),
    "eq": ("float32", "int64", "bool"),
    "ne": ("float64", "int8", "bool"),
    "lt": ("float32", "int64"),
    "le": ("float32", "uint8"),
    "gt": ("float64", "int16"),
    "ge": ("float32", "int64"),
    "logical_and": ("float32", "int16", "bool"),
    "logical_or": ("float64", "int64", "bool"),
    "logical_xor": ("float32", "uint8", "bool"),
    "bitwise_and": ("int8", "int64", "uint8", "bool"),
    "bitwise_or": ("int16", "int64", "bool"),
    "bitwise_xor": ("int32", "uint8", "bool"),
    "where": ("float32", "int64"),
    "clamp_both": ("float32", "int32"),
}

# scalar parameters, as the dispatcher passes them (np.float32 where it passes the compute dtype)
PARAMS = {
    "nan_to_num": lambda d: (0.5, 9.0, -9.0),
    "clamp": lambda d: (-1.0, 2.0) if d[0] == "f" else (-3, 5),
    "clamp_min": lambda d: (0.5,) if d[0] == "f" else (-3,),
    "clamp_max": lambda d: (0.5,) if d[0] == "f" else (4,),
    "round_decimals": lambda d: (np.dtype(d).type(100.0),),
    "round_decimals_neg": lambda d: (np.dtype(d).type(10.0),),
    "add_scalar": lambda d: (2.5,) if d[0] == "f" else (3,),
    "sub_scalar": lambda d: (2.5,) if d[0] == "f" else (3,),
    "rsub_scalar": lambda d: (2.5,),
    "mul_scalar": lambda d: (-1.5,) if d[0] == "f" else (3,),
    "div_scalar": lambda d: (-4.0,),
    "rdiv_scalar": lambda d: (3.0,),
    "pow_scalar": lambda d: (np.dtype(d).type(0.5),),
    "clamp_backward": lambda d: (-1.0, 2.0),
}

# ops whose small answers are differences of nearly equal numbers (igammac = 1 - igamma): the
# devices' last-bit differences in the terms show there
ATOL = {"igamma": 1e-15, "igammac": 1e-15}

# integer ops that need a nonzero right operand (the dispatcher raises before the kernel)
NONZERO_DIVISOR = {"div_floor", "int_div_trunc", "int_fmod", "int_remainder"}


def values(dtype: str) -> np.ndarray:
    if dtype == "bool":
        return np.array([True, False, True, True, False, False])
    if dtype.startswith("float"):
        return np.array(FLOATS, dtype=dtype)
    info = np.iinfo(dtype)
    return np.array([v for v in INTS if info.min <= v <= info.max], dtype=dtype)


def operands(op: str, arity: int, dtype: str) -> list[np.ndarray]:
    """Inputs of an op: every value for unary ops, every pair for binary, mixes for ternary."""
    v = values(dtype)
    if arity == 1:
        return [v]
    if arity == 2:
        x, y = np.repeat(v, len(v)), np.tile(v, len(v))
        if op in NONZERO_DIVISOR and dtype[0] in "iu":
            keep = y != 0
            x, y = x[keep], y[keep]
        if op == "int_pow":
            # exponents 0..5, and negative ones (PyTorch's rules for 1, -1 and the rest)
            y = (np.abs(y.astype(np.int64)) % 6).astype(dtype)
            if dtype[0] == "i":
                y[::7] = -2
        return [x, y]
    rng = np.random.default_rng(len(op))
    n = 40
    xs = [rng.choice(v, n) for _ in range(3)]
    if op == "where":
        xs[0] = rng.choice([True, False], n)
    if op == "lerp":
        xs[2] = rng.choice(np.array([0.0, 0.25, 0.5, 1.0, -0.5, 2.0, np.nan], dtype), n)
    return xs


def elementwise_cases():
    for module, ops in [*spec.modules().items(), ("inplace", spec.inplace_table())]:
        for op, (arity, _expr, _params) in ops.items():
            for dtype in DTYPES.get(op, FLOAT):
                yield pytest.param(module, op, arity, dtype, id=f"{module}-{op}-{dtype}")


def _cpu_reference(cpu, module, op, inputs, out_dtype, params):
    out = np.zeros(inputs[0].shape, out_dtype)
    getattr(cpu[module], op)(out, *inputs, *params)
    return out


@pytest.mark.parametrize(("module", "op", "arity", "dtype"), list(elementwise_cases()))
def test_elementwise_matches_cpu(gpu, cpu, module, op, arity, dtype):
    inputs = operands(op, arity, dtype)
    params = PARAMS.get(op, lambda d: ())(dtype)
    out_dtype = np.bool_ if op in BOOL_OUT else inputs[-1].dtype
    if module == "inplace":
        name = op + "_inplace"
        expected = inputs[0].copy()
        getattr(cpu["inplace"], name)(expected, *inputs[1:], *params)
        d = to_dev(inputs[0])
        getattr(gpu["inplace"], name)[BLOCKS, THREADS](d, *map(to_dev, inputs[1:]), *params)
        assert_close(d.copy_to_host(), expected)
        return
    expected = _cpu_reference(cpu, module, op, inputs, out_dtype, params)
    d = cuda.device_array(expected.shape, out_dtype)
    getattr(gpu[module], op)[BLOCKS, THREADS](d, *map(to_dev, inputs), *params)
    assert_close(d.copy_to_host(), expected, ATOL.get(op, 1e-300))

    # the strided form: a transposed operand, a broadcast row, a broadcast column, and an
    # output with gaps
    rows = 4
    n = len(inputs[0]) // rows
    flat = [x[: rows * n] for x in inputs]
    views = [
        np.ascontiguousarray(flat[0].reshape(n, rows)).T,
        *(np.broadcast_to(x[:n], (rows, n)) for x in flat[1:2]),
        *(np.broadcast_to(x[:rows, None], (rows, n)) for x in flat[2:3]),
    ]
    expected = _cpu_reference(
        cpu, module, op, [np.ascontiguousarray(v).ravel() for v in views], out_dtype, params
    ).reshape(rows, n)
    base = cuda.to_device(np.zeros((rows, 2 * n), out_dtype))
    d = base[:, ::2]
    getattr(gpu[module], op + "_strided")[BLOCKS, THREADS](d, *map(to_dev, views), *params)
    assert_close(d.copy_to_host(), expected, ATOL.get(op, 1e-300))
    assert not base.copy_to_host()[:, 1::2].any()


@pytest.mark.parametrize("ndim", [1, 2, 3, 4, 5, 6])
def test_strided_kernels_take_1_to_6_dims(gpu, ndim):
    shape = (3, 2, 1, 2, 3, 2)[:ndim]
    rng = np.random.default_rng(ndim)
    x = rng.standard_normal(shape).astype(np.float32)
    y = rng.standard_normal(shape[1:]).astype(np.float32)  # broadcast over the first dim
    yb = np.broadcast_to(y, shape)
    out = cuda.device_array(shape, np.float32)
    gpu["binary"].atan2_strided[BLOCKS, THREADS](out, to_dev(x.T.copy().T), to_dev(yb))
    assert_close(out.copy_to_host(), np.arctan2(x, yb))


def test_every_elementwise_op_is_tested():
    tested = {op for _m, op, _a, _d in (p.values for p in elementwise_cases())}
    assert tested == {op for ops in spec.modules().values() for op in ops}


def test_kernel_tables_list_every_kernel(gpu):
    for module in gpu.values():
        table = module.KERNELS
        defined = {
            n for n, v in vars(module).items() if hasattr(v, "py_func") and not n.startswith("_")
        }
        assert set(table) == defined, module.__name__
        assert all(table[n] is getattr(module, n) for n in table)
    for module in ("unary", "transcendental", "parametric", "binary", "special_binary", "compare"):
        assert set(gpu[module].KERNELS) == {
            n + form for n in spec.modules()[module] for form in ("", "_strided")
        }


# ---- copy and fill --------------------------------------------------------------------------

ALL = ("bool", "uint8", "int8", "int16", "int32", "int64", "float32", "float64")


def copy_values(dtype: str) -> np.ndarray:
    if dtype == "bool":
        return np.array([True, False, True, False, False, True, True])
    if dtype[0] == "f":
        # in range of every integer type (NaN, inf and overflow have no portable answer)
        return np.array([-1.5, 0.0, 2.7, 100.9, -0.0, 1.0, -7.99], dtype)
    return np.array([0, 1, -1, 127, -128, 100, 7], np.int64).astype(dtype)


@pytest.mark.parametrize("src", ALL)
def test_copy_casts_like_astype(gpu, src):
    x = copy_values(src)
    for dst in ALL:
        d = cuda.device_array(x.shape, dst)
        gpu["copy"].copy[1, THREADS](d, to_dev(x))
        np.testing.assert_array_equal(d.copy_to_host(), x.astype(dst), err_msg=f"{src}->{dst}")


def test_copy_strided_and_fill(gpu):
    x = np.arange(12, dtype=np.float64).reshape(3, 4) - 5.5
    for view in (x.T, np.broadcast_to(x[:, :1], (3, 4)), np.broadcast_to(x[1], (2, 3, 4))):
        base = cuda.to_device(np.zeros(view.shape[:-1] + (2 * view.shape[-1],), np.int32))
        d = base[..., ::2]
        gpu["copy"].copy_strided[BLOCKS, THREADS](d, to_dev(view))
        np.testing.assert_array_equal(d.copy_to_host(), view.astype(np.int32))
        assert not base.copy_to_host()[..., 1::2].any()
    for dtype, value, expected in (
        ("float32", 2.5, 2.5),
        ("int16", 7.9, 7),
        ("uint8", -1.0, 255),
        ("bool", 0.5, True),
        ("int64", -3, -3),
        ("float64", True, 1.0),
    ):
        d = cuda.to_device(np.zeros(37, dtype))
        gpu["copy"].fill[BLOCKS, THREADS](d, value)
        np.testing.assert_array_equal(d.copy_to_host(), np.full(37, expected, dtype))
        base = cuda.to_device(np.zeros((3, 5, 4), dtype))
        gpu["copy"].fill_strided[BLOCKS, THREADS](base[:, 1:4, ::2], value)
        host = base.copy_to_host()
        np.testing.assert_array_equal(host[:, 1:4, ::2], np.full((3, 3, 2), expected, dtype))
        host[:, 1:4, ::2] = 0
        assert not host.any()


# ---- reductions ----------------------------------------------------------------------------

# (x dtype, out dtype) as the dispatcher pairs them: sums in float64/int64
SUMS = (("float32", "float64"), ("float64", "float64"), ("int32", "int64"), ("bool", "int64"))


def reduce_input(dtype: str, shape, rng, *, nan=False, zeros=True) -> np.ndarray:
    if dtype == "bool":
        return rng.random(shape) < (0.5 if zeros else 1.0)
    if dtype[0] == "f":
        x = rng.uniform(0.6, 1.5, shape).astype(dtype)  # products stay finite
        if zeros:
            x[rng.random(shape) < 0.1] = 0
        if nan:
            x.flat[len(x.flat) // 3] = np.nan
        return x
    if not zeros:  # products that are not all zero (they wrap as int64, like the CPU's)
        return rng.choice(np.array([-2, -1, 1, 2, 1], dtype), shape)
    return rng.integers(-3, 4, shape).astype(dtype)


def _run(kernel, out, *inputs, blocks=BLOCKS, threads=THREADS):
    d = cuda.to_device(out)
    kernel[blocks, threads](d, *map(to_dev, inputs))
    return d.copy_to_host()


@pytest.mark.parametrize(("xt", "ot"), SUMS)
@pytest.mark.parametrize("kind", ["sum", "prod", "count_nonzero"])
def test_accumulating_reductions(gpu, cpu, kind, xt, ot):
    rng = np.random.default_rng(0)
    if kind == "count_nonzero":
        ot = "int64"
    g, c = gpu["reduce"], cpu["reduce"]
    x = reduce_input(xt, (3, 70), rng, nan=True, zeros=kind != "prod")
    expected = np.zeros(3, ot)
    getattr(c, kind + "_rows_serial")(expected, x)
    assert_close(_run(getattr(g, kind + "_rows"), np.zeros(3, ot), x), expected)
    # any block size: not a power of two, fewer threads than the row
    assert_close(_run(getattr(g, kind + "_rows"), np.zeros(3, ot), x, threads=24), expected)

    # partials, then the second pass the module docstring names
    # (every block-wide step costs the simulator dearly: few partials)
    second = g.prod_rows if kind == "prod" else g.sum_rows
    partial = _run(getattr(g, kind + "_partial"), np.zeros((3, 3), ot), x)
    assert_close(_run(second, np.zeros(3, ot), partial), expected)
    short = x[:2, :3]  # more parts than elements: empty slices
    expected = np.zeros(2, ot)
    getattr(c, kind + "_rows_serial")(expected, short)
    partial = _run(getattr(g, kind + "_partial"), np.zeros((2, 5), ot), short)
    assert_close(_run(second, np.zeros(2, ot), partial), expected)

    x3 = reduce_input(xt, (2, 9, 37), rng, zeros=kind != "prod")
    expected = np.zeros((2, 37), ot)
    getattr(c, kind + "_cols_serial")(expected, x3)
    assert_close(_run(getattr(g, kind + "_cols"), np.zeros((2, 37), ot), x3, threads=64), expected)
    assert_close(_run(getattr(g, kind + "_cols"), np.zeros((2, 37), ot), x3, threads=8), expected)


def test_sq_dev(gpu, cpu):
    rng = np.random.default_rng(1)
    g, c = gpu["reduce"], cpu["reduce"]
    x = rng.standard_normal((3, 70)).astype(np.float32)
    mean = x.astype(np.float64).mean(1)
    expected = np.zeros(3)
    c.sq_dev_rows_serial(expected, x, mean)
    assert_close(_run(g.sq_dev_rows, np.zeros(3), x, mean), expected)
    partial = _run(g.sq_dev_partial, np.zeros((3, 4)), x, mean)
    assert_close(_run(g.sum_rows, np.zeros(3), partial), expected)
    x3 = rng.standard_normal((2, 9, 37))
    mean3 = x3.mean(1)
    expected = np.zeros((2, 37))
    c.sq_dev_cols_serial(expected, x3, mean3)
    assert_close(_run(g.sq_dev_cols, np.zeros((2, 37)), x3, mean3, threads=64), expected)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "int16", "bool"])
@pytest.mark.parametrize("kind", ["max", "min"])
def test_extremes(gpu, cpu, kind, dtype):
    rng = np.random.default_rng(2)
    g, c = gpu["reduce"], cpu["reduce"]
    for nan in (False, True):
        x = reduce_input(dtype, (3, 70), rng, nan=nan)
        expected = np.zeros(3, dtype)
        getattr(c, kind + "_rows_serial")(expected, x)
        assert_close(_run(getattr(g, kind + "_rows"), np.zeros(3, dtype), x), expected)
        second = getattr(g, kind + "_rows")
        partial = _run(getattr(g, kind + "_partial"), np.zeros((3, 3), dtype), x)
        assert_close(_run(second, np.zeros(3, dtype), partial), expected)
        short = np.ascontiguousarray(x[:, -3:])  # more parts than elements: empty slices
        expected = np.zeros(3, dtype)
        getattr(c, kind + "_rows_serial")(expected, short)
        partial = _run(getattr(g, kind + "_partial"), np.zeros((3, 5), dtype), short)
        assert_close(_run(second, np.zeros(3, dtype), partial), expected)
        x3 = reduce_input(dtype, (2, 9, 37), rng, nan=nan)
        expected = np.zeros((2, 37), dtype)
        getattr(c, kind + "_cols_serial")(expected, x3)
        got = _run(getattr(g, kind + "_cols"), np.zeros((2, 37), dtype), x3, threads=64)
        assert_close(got, expected)


@pytest.mark.parametrize("dtype", ["float32", "int64"])
@pytest.mark.parametrize("kind", ["argmax", "argmin"])
def test_arg_reductions_take_the_first_extreme_and_nan(gpu, cpu, kind, dtype):
    g, c = gpu["argreduce"], cpu["reduce"]
    rng = np.random.default_rng(3)
    x = rng.integers(-2, 3, (5, 70)).astype(dtype)  # many ties
    if dtype[0] == "f":
        x[1, 40] = x[1, 60] = np.nan  # the first NaN wins
        x[2, 0] = np.nan
        x[3, 69] = np.nan
    for threads in (THREADS, 24):
        values, indices = np.zeros(5, dtype), np.zeros(5, np.int64)
        getattr(c, kind + "_rows_serial")(values, indices, x)
        dv, di = to_dev(np.zeros(5, dtype)), to_dev(np.zeros(5, np.int64))
        getattr(g, kind + "_rows")[BLOCKS, threads](dv, di, to_dev(x))
        assert_close(dv.copy_to_host(), values)
        np.testing.assert_array_equal(di.copy_to_host(), indices)
    x3 = rng.integers(-2, 3, (2, 40, 37)).astype(dtype)
    if dtype[0] == "f":
        x3[0, 30, 3] = x3[0, 20, 3] = x3[1, 0, 36] = np.nan
    values, indices = np.zeros((2, 37), dtype), np.zeros((2, 37), np.int64)
    getattr(c, kind + "_cols_serial")(values, indices, x3)
    dv, di = to_dev(np.zeros((2, 37), dtype)), to_dev(np.zeros((2, 37), np.int64))
    getattr(g, kind + "_cols")[BLOCKS, 64](dv, di, to_dev(x3))
    assert_close(dv.copy_to_host(), values)
    np.testing.assert_array_equal(di.copy_to_host(), indices)


@pytest.mark.parametrize(("xt", "ot"), SUMS)
@pytest.mark.parametrize("kind", ["cumsum", "cumprod"])
def test_scans(gpu, cpu, kind, xt, ot):
    g, c = gpu["scan"], cpu["reduce"]
    rng = np.random.default_rng(4)
    x = reduce_input(xt, (2, 9, 5), rng, nan=True)
    expected = np.zeros(x.shape, ot)
    getattr(c, kind + "_serial")(expected, x)
    assert_close(_run(getattr(g, kind), np.zeros(x.shape, ot), x), expected)
    x = reduce_input(xt, (3, 70), rng, zeros=kind != "cumprod")
    expected = np.zeros((3, 70, 1), ot)
    getattr(c, kind + "_serial")(expected, x[:, :, None])
    for threads in (THREADS, 24):
        got = _run(getattr(g, kind + "_rows"), np.zeros((3, 70), ot), x, threads=threads)
        assert_close(got, expected[:, :, 0])


# ---- matmul --------------------------------------------------------------------------------


def bmm_cases():
    rng = np.random.default_rng(5)
    for dtype in ("float32", "float64", "int64"):

        def make(*shape, dtype=dtype):
            if dtype[0] == "i":
                return rng.integers(-5, 6, shape).astype(dtype)
            return rng.standard_normal(shape).astype(dtype)

        yield dtype + "-plain", make(2, 5, 7), make(2, 7, 3)
        # a batch-broadcast operand (batch stride 0) and a transposed one
        yield dtype + "-broadcast", np.broadcast_to(make(1, 5, 7), (3, 5, 7)), make(3, 7, 3)
        yield dtype + "-transposed", make(2, 7, 5).transpose(0, 2, 1), make(3, 7).T[None]
    # more than one tile each way, more than one k tile, edges everywhere
    yield "float64-tiles", rng.standard_normal((1, 67, 19)), rng.standard_normal((1, 19, 66))


@pytest.mark.parametrize("case", list(bmm_cases()), ids=lambda c: c[0])
def test_bmm(gpu, case):
    from kernels.cuda import linalg

    _name, a, b = case
    batch = max(a.shape[0], b.shape[0])
    a = np.broadcast_to(a, (batch, *a.shape[1:]))
    b = np.broadcast_to(b, (batch, *b.shape[1:]))
    expected = np.matmul(a, b)
    shape = expected.shape
    d = cuda.to_device(np.full(shape, 99, a.dtype))
    grid = (1, 1, 1) if shape[1] > 64 else linalg.bmm_grid(*shape)  # one block: grid-stride
    atol = 1e-5 if a.dtype == np.float32 else 1e-12  # sums of products cancel
    gpu["linalg"].bmm[grid, linalg.BMM_BLOCK](d, to_dev(a), to_dev(b))
    assert_close(d.copy_to_host(), expected, atol)
    d = cuda.to_device(np.full(shape, 99, a.dtype))
    gpu["linalg"].bmm_small[1, 64](d, to_dev(a), to_dev(b))
    assert_close(d.copy_to_host(), expected, atol)

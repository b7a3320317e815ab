"""A differential fuzzer: random programs run in numtensor and in torch, answers compared.

A program is a few lines of Python over a library bound to ``T``: inputs made from NumPy
arrays (any of the 9 dtypes, 0-dim and 0-size shapes, NaN/inf/-0.0 and extreme values, and
non-contiguous views), then a chain of 1-6 ops drawn from every family (elementwise with
tensors and Python numbers, comparisons, reductions, shape ops, indexing, joining, matmul,
sorting, in-place ops), then, when the result is floating and the input may require grad,
the gradient of a fixed projection of it. Both libraries run the same text; the values
(NaN-aware, with a tolerance per dtype), dtypes, shapes, strides of views and error
classes must agree.

``tests/test_fuzz.py`` runs a few hundred programs on every test run. The long profile:

    python -m tests.fuzzing --programs 50000 [--seed 1] [--show 20]

prints how many disagreed and the first few programs that did. torch's own bugs are kept
out (see ``_SKIPPED``).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
import warnings

import numpy as np

DTYPES = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64")
FLOATS = ("float16", "float32", "float64")

# torch 2.13's own faults, kept out of the findings. The generator steers around one: int32
# and int64 minimum // -1 (and % -1) kill the process with SIGFPE in torch, so those values
# are never drawn. Programs torch fails in these ways are skipped:
TORCH_BUGS = (
    "INTERNAL ASSERT FAILED",  # pow(True, x).backward(): "unknown ivalue tag 4"
    "Negation, the `-` operator, on a bool tensor",  # atan2(bool, x).backward()
)

UNARY = (
    "abs", "neg", "exp", "log", "log1p", "sqrt", "rsqrt", "sin", "cos", "tanh", "sigmoid",
    "floor", "ceil", "round", "trunc", "frac", "sign", "reciprocal", "square", "relu",
    "expm1", "log2", "asin", "atan", "erf", "logical_not", "isnan", "isinf", "bitwise_not",
    "exp2", "sinh", "acos", "nan_to_num",
)  # fmt: skip
BINARY = (
    "add", "sub", "mul", "div", "floor_divide", "remainder", "fmod", "pow", "maximum",
    "minimum", "atan2", "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or",
    "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor",
)  # fmt: skip
REDUCTIONS = (
    "sum", "mean", "prod", "amax", "amin", "std", "var", "argmax", "argmin", "logsumexp",
    "norm", "all", "any", "max", "min", "median", "count_nonzero",
)  # fmt: skip


def _values(rng: random.Random, dtype: str, n: int) -> list:
    """``n`` values for ``dtype``: ordinary ones and the edge cases of that dtype."""
    if dtype == "bool":
        return [rng.random() < 0.5 for _ in range(n)]
    if dtype in FLOATS:
        special = [0.0, -0.0, 1.0, -1.0, 0.5, float("nan"), float("inf"), -float("inf"), 2.5]
        big = {"float16": 6e4, "float32": 3e38, "float64": 1e308}[dtype]
        special += [big, -big, 1e-30 if dtype != "float16" else 1e-7]
        return [
            rng.choice(special) if rng.random() < 0.2 else round(rng.uniform(-4, 4), 3)
            for _ in range(n)
        ]
    info = np.iinfo(dtype)
    low = info.min + (1 if dtype in ("int32", "int64") else 0)
    special = [0, 1, -1 if info.min < 0 else 2, info.max, low, 2, 3]
    return [
        rng.choice(special) if rng.random() < 0.2 else rng.randint(max(low, -9), 9)
        for _ in range(n)
    ]


def _shape(rng: random.Random) -> tuple:
    ndim = rng.choice((0, 1, 1, 2, 2, 2, 3))
    return tuple(rng.choice((0, 1, 2, 3, 3, 4)) if rng.random() < 0.1 else rng.randint(1, 4)
                 for _ in range(ndim))  # fmt: skip


def _array_literal(rng: random.Random, dtype: str, shape: tuple) -> str:
    n = math.prod(shape)
    vals = _values(rng, dtype, n)
    text = ", ".join(repr(v) if not (isinstance(v, float) and not math.isfinite(v)) else
                     f"float('{v}')" for v in vals)  # fmt: skip
    return f"np.array([{text}], dtype=np.{dtype if dtype != 'bool' else 'bool_'}).reshape({shape})"


def _number(rng: random.Random) -> str:
    return rng.choice(
        ("2", "-3", "0", "1", "300", "-1", "0.5", "-2.5", "1e-3", "True", "False", "1e5",
         "float('nan')", "float('inf')", "2**31")
    )  # fmt: skip


class Program:
    """One random program: its text and what it names (``x`` the input, ``y`` the result)."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.seed = seed
        self.lines: list = []
        dtype = rng.choice(DTYPES)
        shape = self._input(rng, "x0", dtype)
        self.grad = dtype in ("float32", "float64") and rng.random() < 0.5
        self.lines.append(
            "x = T.tensor(x0, requires_grad=True)" if self.grad else "x = T.tensor(x0)"
        )
        y = "x"
        view = rng.random()
        if len(shape) >= 2 and view < 0.2:
            self.lines.append(f"v = {y}.transpose(0, 1)")
            y = "v"
        elif len(shape) >= 1 and view < 0.35:
            self.lines.append(f"v = {y}[::2]" if rng.random() < 0.5 else f"v = {y}.flip(0)")
            y = "v"
        for i in range(rng.randint(1, 6)):
            y = self._op(rng, y, i)
        self.result = y

    def _input(self, rng, name, dtype, shape=None) -> tuple:
        shape = _shape(rng) if shape is None else shape
        self.lines.append(f"{name} = {_array_literal(rng, dtype, shape)}")
        return shape

    def _op(self, rng: random.Random, y: str, i: int) -> str:
        out = f"y{i}"
        family = rng.choice(("unary", "binary", "binary", "reduce", "shape", "index", "misc"))
        if family == "unary":
            code = f"T.{rng.choice(UNARY)}({y})"
        elif family == "binary":
            name = rng.choice(BINARY)
            if rng.random() < 0.45:
                other = _number(rng)
            else:
                dtype = rng.choice(DTYPES)
                shape = rng.choice(((), (1,), "same", "row"))
                self.lines.append(f"s = tuple({y}.shape)")
                if shape == "same":
                    self.lines.append(f"o{i} = T.tensor({self._like(rng, dtype)})")
                elif shape == "row":
                    self.lines.append(f"o{i} = T.tensor({self._like(rng, dtype, last=True)})")
                else:
                    self._input(rng, f"a{i}", dtype, shape)
                    self.lines.append(f"o{i} = T.tensor(a{i})")
                other = f"o{i}"
            args = (other, y) if rng.random() < 0.15 else (y, other)
            if rng.random() < 0.2 and name in ("add", "sub", "mul", "div"):
                code = (
                    f"{y}.{name}_({other})"
                    if rng.random() < 0.5
                    else f"{y}.clone().{name}_({other})"
                )
            else:
                code = f"T.{name}({args[0]}, {args[1]})"
        elif family == "reduce":
            name = rng.choice(REDUCTIONS)
            kw = ""
            r = rng.random()
            if r < 0.5:
                kw = f", dim={rng.randint(-2, 2)}" + (
                    ", keepdim=True" if rng.random() < 0.3 else ""
                )
            code = f"T.{name}({y}{kw})"
            if name in ("max", "min", "median") and kw:
                code += "[0]"
            elif name == "median":  # (torch's median() of nothing is uninitialised memory)
                code = f"{code} if {y}.numel() else {y}.sum()"
        elif family == "shape":
            code = rng.choice(
                (
                    f"{y}.reshape(-1)",
                    f"{y}.t() if {y}.ndim <= 2 else {y}.transpose(0, 1)",
                    f"{y}.unsqueeze({rng.randint(-1, 1)})",
                    f"{y}.squeeze()",
                    f"{y}.flip({rng.randint(-1, 0)})",
                    f"T.cat([{y}, {y}], {rng.randint(-1, 0)})",
                    f"T.stack([{y}, {y}])",
                    f"{y}.expand(2, *{y}.shape)",
                    f"{y}.contiguous()",
                    f"{y}.clone()",
                    f"{y}.narrow(0, 0, 1)",
                    f"{y}.permute(*reversed(range({y}.ndim)))",
                    f"{y}.movedim(0, -1)",
                    f"{y}.flatten()",
                    f"{y}.T" if rng.random() < 0.5 else f"{y}.mT",
                    f"T.split({y}, 1)[0]",
                    f"{y}.chunk(2)[-1]",
                    f"{y}.repeat(2)" if rng.random() < 0.0 else f"{y}.view(-1)",
                )
            )
        elif family == "index":
            code = rng.choice(
                (
                    f"{y}[0]",
                    f"{y}[-1]",
                    f"{y}[1:]",
                    f"{y}[..., 0]",
                    f"{y}[None]",
                    f"{y}[T.tensor([0, -1])]",
                    f"{y}[{y} > 0] if {y}.dtype != T.bool else {y}[{y}]",
                    f"{y}[:, T.tensor([0])]",
                    f"T.take({y}, T.tensor([0]))",
                    f"T.gather({y}, 0, T.zeros_like({y}, dtype=T.int64))",
                    f"{y}.index_select(0, T.tensor([0, 0]))",
                    f"T.masked_fill({y}, T.ones_like({y}, dtype=T.bool), {_number(rng)})",
                    f"{y}.scatter(0, T.zeros_like({y}, dtype=T.int64), {y})",
                )
            )
        else:
            code = rng.choice(
                (
                    f"T.clamp({y}, {_number(rng)}, {_number(rng)})",
                    f"T.clamp({y}, min={_number(rng)})",
                    f"T.where({y} > 0, {y}, {_number(rng)})",
                    f"T.softmax({y}, -1)",
                    f"T.log_softmax({y}, 0)",
                    f"T.cumsum({y}, 0)",
                    f"T.cumprod({y}, -1)",
                    f"T.sort({y})[0]",
                    f"T.sort({y}, descending=True, stable=True)[1]",
                    f"T.argsort({y}, stable=True)",
                    f"T.topk({y}, 1)[0]",
                    f"T.unique({y})",
                    f"{y}.to(T.{rng.choice(DTYPES)})",
                    f"{y}.float()",
                    f"{y}.matmul({y}.mT) if {y}.ndim >= 2 else T.matmul({y}, {y})",
                    f"T.mm({y}, {y}.t())",
                    f"T.lerp({y}, {y} * 2, 0.25)",
                    f"T.addcmul({y}, {y}, {y}, value=2)",
                    f"T.isclose({y}, {y} + 1e-9)",
                    f"T.nan_to_num({y}, nan=0.0)",
                    f"{y}.fill_({_number(rng)})",
                    f"{y}.clone().zero_()",
                    f"T.diag({y})",
                    f"T.tril({y})",
                    f"T.nn.functional.relu({y})",
                    f"T.nn.functional.gelu({y})",
                    f"T.nn.functional.silu({y})",
                    f"T.nn.functional.softplus({y})",
                    f"T.nn.functional.leaky_relu({y}, 0.1)",
                    f"T.nn.functional.elu({y})",
                    f"T.nn.functional.mse_loss({y}, {y} * 0.5)",
                    f"T.nn.functional.l1_loss({y}, {y}.detach() + 1)",
                    f"T.nn.functional.normalize({y}, dim=0)",
                    f"T.nn.functional.dropout({y}, 0.5, training=False)",
                    f"T.linalg.svdvals({y})" if rng.random() < 0.3 else f"{y}.abs()",
                    f"(lambda c: (c.__setitem__(0, {_number(rng)}), c)[1])({y}.clone())",
                    f"(lambda c: (c[..., :1].mul_({_number(rng)}), c)[1])({y}.clone())",
                    f"(lambda c: (c.__setitem__(c > 0, 1), c)[1])({y}.clone())",
                    f"{y}.clone().masked_fill_({y} != {y}, 0)",
                    f"T.where({y}.isnan(), 0, {y})",
                )
            )
        self.lines.append(f"{out} = {code}")
        return out

    def _like(self, rng, dtype, last=False) -> str:
        # an operand shaped like y (or like its last dim), built from a literal of that size
        values = ", ".join(repr(v) for v in _values(rng, dtype, 8))
        shape = "s[-1:] if s else ()" if last else "s"
        literal = f"np.array([{values}], dtype=np.{dtype if dtype != 'bool' else 'bool_'})"
        return f"np.resize({literal}, {shape})".replace("nan", "float('nan')").replace(
            "inf", "float('inf')"
        )

    @property
    def text(self) -> str:
        lines = list(self.lines)
        if self.grad:
            lines.append(
                f"g = ({self.result}.double() * T.arange({self.result}.numel(), dtype=T.float64)"
                f".reshape({self.result}.shape).sin()).sum() if {self.result}.requires_grad and "
                f"{self.result}.dtype.is_floating_point else None"
            )
            lines.append("g.backward() if g is not None else None")
            lines.append("grad = x.grad")
        return "\n".join(lines)


def run(lib, text: str) -> dict:
    """Run a program's text with ``T`` bound to ``lib``: what it named, or the error."""
    scope = {"T": lib, "np": np}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            try:
                exec(text, scope)
            except Exception as e:  # the error class is compared
                return {"error": _error_class(e), "message": str(e)}
    return scope


def _error_class(e: Exception) -> str:
    for cls in (IndexError, TypeError, ValueError, NotImplementedError, OverflowError):
        if isinstance(e, cls):
            return cls.__name__
    if isinstance(e, RuntimeError):
        return "RuntimeError"
    return type(e).__name__  # (anything else, a Numba error, is a finding by itself)


def _host(value):
    """A tensor's (dtype name, shape, values as float64 or the raw ints/bools, strides)."""
    dtype = str(value.dtype).split(".")[-1]
    arr = np.array(value.detach().tolist(), dtype=np.float64 if dtype in FLOATS else None)
    strides = value.stride() if value.numel() > 1 else None
    return dtype, tuple(value.shape), arr.reshape(tuple(value.shape)), strides


def _strides(host: tuple):
    """The strides of the dims of more than one element (a size-1 dim's stride is never used
    to address anything, and PyTorch leaves it to chance)."""
    return None if host[3] is None else [s for s, n in zip(host[3], host[1]) if n > 1]


# (float64 results of a program often went through float32 on the way: an int input, a
# float32 operand; a few float32 ulps apart is not a finding)
_TOLERANCE = {"float16": (2e-2, 1e-2), "float32": (2e-4, 1e-5), "float64": (2e-6, 1e-9)}


def _same_values(dtype: str, a: np.ndarray, b: np.ndarray) -> bool:
    if a.shape != b.shape:
        return False
    if dtype not in FLOATS:
        return bool((a == b).all())
    rtol, atol = _TOLERANCE[dtype]
    nan_a, nan_b = np.isnan(a), np.isnan(b)
    if (nan_a != nan_b).any():
        return False
    a, b = a[~nan_a], b[~nan_b]
    inf = np.isinf(a) | np.isinf(b)
    if (a[inf] != b[inf]).any():
        return False
    big = np.abs(a[~inf]) > np.finfo(dtype).max / 8  # (rounded near the top: either side)
    return bool(np.allclose(a[~inf][~big], b[~inf][~big], rtol=rtol, atol=atol))


def compare(program: Program, torch, nt) -> str | None:
    """None when both libraries agree on the program, else what differs."""
    text = program.text
    expected, got = run(torch, text), run(nt, text)
    if any(bug in expected.get("message", "") for bug in TORCH_BUGS):
        return None
    if "error" in expected or "error" in got:
        if expected.get("error") != got.get("error"):
            return f"error: torch {expected.get('error')}, numtensor {got.get('error')}"
        return None
    for name in (program.result, "grad") if program.grad else (program.result,):
        a, b = expected.get(name), got.get(name)
        if (a is None) != (b is None):
            return f"{name}: torch {a is not None}, numtensor {b is not None}"
        if a is None:
            continue
        if not hasattr(a, "dtype"):
            if a != b:
                return f"{name}: torch {a!r}, numtensor {b!r}"
            continue
        ta, tb = _host(a), _host(b)
        if ta[0] != tb[0] or ta[1] != tb[1]:
            return f"{name}: torch {ta[0]}{list(ta[1])}, numtensor {tb[0]}{list(tb[1])}"
        if not _same_values(ta[0], ta[2], tb[2]):
            return f"{name}: values differ: torch {ta[2].tolist()}, numtensor {tb[2].tolist()}"
        if a.requires_grad != b.requires_grad:
            return f"{name}: requires_grad torch {a.requires_grad}, numtensor {b.requires_grad}"
        if a._base is not None and _strides(ta) != _strides(tb):  # (observable on views)
            return f"{name}: strides torch {ta[3]}, numtensor {tb[3]}"
    return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--programs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1, help="the first program's seed")
    parser.add_argument("--show", type=int, default=10, help="mismatches to print in full")
    args = parser.parse_args(argv)
    import torch

    import numtensor as nt

    start, found, counts = time.perf_counter(), [], {}
    for seed in range(args.seed, args.seed + args.programs):
        program = Program(seed)
        diff = compare(program, torch, nt)
        if diff is not None:
            found.append((seed, diff, program.text))
            key = diff.split(":")[0] if diff.startswith("error") else diff.split(":")[1][:30]
            counts[key] = counts.get(key, 0) + 1
    seconds = time.perf_counter() - start
    print(
        f"{args.programs} programs (seeds {args.seed}..{args.seed + args.programs - 1}) in "
        f"{seconds:.0f} s: {len(found)} disagree ({100 * len(found) / args.programs:.2f} %)"
    )
    for seed, diff, text in found[: args.show]:
        print(f"\n--- seed {seed}: {diff}\n{text}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

"""Regression tests for the differential-fuzzing findings: each runs the same code in numtensor
and in torch and compares results, dtypes, gradients and error classes.

``same(code)`` executes ``code`` with ``T`` bound to each library; the code leaves its answer
in ``r`` (a tensor, a tuple of them, or a plain value) or raises.
"""

from __future__ import annotations

import math
import warnings

import pytest

import numtensor as nt
from tests.conftest import torch


def _plain(value):
    if isinstance(value, (tuple, list)):
        return tuple(_plain(v) for v in value)
    if hasattr(value, "tolist") and hasattr(value, "dtype"):
        dtype = str(value.dtype).split(".")[-1]
        return ("tensor", dtype, tuple(value.shape), _nan_safe(value.tolist()), value.requires_grad)
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return tuple(_plain(v) for v in value)
    return _nan_safe(value)


def _nan_safe(v):
    if isinstance(v, list):
        return [_nan_safe(x) for x in v]
    if isinstance(v, float):
        return "nan" if math.isnan(v) else round(v, 5)
    return v


def _run(lib, code: str):
    scope = {"T": lib}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(code, scope)
    except Exception as e:  # the error class is what must match
        return ("raises", _family(e))
    return ("ok", _plain(scope["r"]))


def _family(e: Exception) -> str:
    for cls in (IndexError, TypeError, ValueError, NotImplementedError, OverflowError):
        if isinstance(e, cls):
            return cls.__name__
    return "RuntimeError" if isinstance(e, RuntimeError) else type(e).__name__


def same(code: str) -> None:
    expected, got = _run(torch, code), _run(nt, code)
    assert got == expected, f"\n{code}\ntorch:     {expected}\nnumtensor: {got}"


# ---- 1. in-place ops through views of non-leaves --------------------------------------------


def test_inplace_through_a_view_of_a_non_leaf_rewrites_the_base_history():
    same(
        "x=T.tensor([1.,2.],requires_grad=True); v=x.clone(); v[:1].mul_(10);"
        " v.sum().backward(); r=x.grad"
    )


def test_the_other_operand_of_an_inplace_op_through_a_view_gets_its_gradient():
    same(
        "x=T.tensor([1.,2.],requires_grad=True); y=T.tensor([3.],requires_grad=True);"
        " v=x.clone(); v[:1].mul_(y); v.sum().backward(); r=(x.grad, y.grad, v.grad_fn.name())"
    )


@pytest.mark.parametrize(
    "write",
    [
        "v[1:3].zero_()",
        "v[1:3].fill_(2.)",
        "v[1:3].copy_(y.expand(2))",
        "v[1:3].clamp_(max=2.5)",
        "v[1:3].add_(y, alpha=3)",
        "w=v[1:]; w[0]=y[0]*2",
        "w=v.view(2,2); w[:,1].mul_(y)",
        "w=v.view(2,2).t(); w[1].sub_(y)",
        "w=v[::2]; w.div_(y)",
        "v.unsqueeze(0)[0, 1:2].pow_(2)",
        "v[1:3].sigmoid_()",
        "w=v[1:]; v.mul_(2); w.add_(1)",
    ],
)
def test_writes_through_views_reach_the_base_gradient(write):
    same(
        "x=T.tensor([1.,2.,3.,4.],requires_grad=True); y=T.tensor([5.],requires_grad=True);"
        f" v=x*1; {write}; (v*T.tensor([1.,2.,3.,4.])).sum().backward();"
        " r=(x.grad, y.grad)"
    )


def test_a_view_made_before_its_base_was_written_reads_the_written_base():
    same(
        "x=T.tensor([1.,2.],requires_grad=True); v=x.clone(); y=v[1:]; v.mul_(3);"
        " y.sum().backward(); r=x.grad"
    )


def test_an_op_recorded_before_an_inplace_write_keeps_its_input_history():
    same(
        "x=T.tensor([1.,2.],requires_grad=True); v=x.clone(); y=v+0; v.mul_(3);"
        " y.sum().backward(); r=x.grad"
    )


def test_inplace_on_a_view_of_a_leaf_that_requires_grad_raises():
    same("x=T.tensor([1.,2.],requires_grad=True); x[:1].mul_(2); r=x")


def test_inplace_with_itself_as_saved_operand_is_the_version_error():
    same(
        "x=T.tensor([1.,2.],requires_grad=True); v=x.clone(); v.mul_(v); v.sum().backward();"
        " r=x.grad"
    )
    same(
        "x=T.tensor([1.,2.],requires_grad=True); v=x.clone(); v.add_(v); v.sum().backward();"
        " r=x.grad"
    )


def test_a_detached_alias_written_in_place_is_outside_the_graph():
    same("x=T.tensor([1.,2.],requires_grad=True); x.detach()[:1].mul_(2); r=x")


# ---- 2, 3. no NaN through zero gradients ------------------------------------------------------


@pytest.mark.parametrize(
    "x, expr",
    [
        ("[2.]", "x.clamp(1,1).asin()"),
        ("[2.,0.5]", "x.clamp(min=T.tensor(1.)).asin()"),
        ("[-1.5]", "(lambda y: y.floor_().log1p())(x*1)"),
        ("[-1.,2.]", "T.where(x>0, x.sqrt(), T.zeros(2))"),
        ("[0.,2.]", "T.div(x, 0., rounding_mode='floor')"),
        ("[1.5]", "x.std(correction=0)"),
        ("[1.5,1.5]", "x.std()"),
        ("[[1.,1.],[1.,2.]]", "x.std(1)"),
    ],
)
def test_zero_gradients_stay_zero_through_inf(x, expr):
    same(f"x=T.tensor({x},requires_grad=True); y={expr}; y.sum().backward(); r=x.grad")


# ---- 5, 6. clamp bounds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        "T.clamp(T.tensor([1.,2.]), min=0, max=float('nan'))",
        "T.clamp(T.tensor([1.,2.]), min=float('nan'))",
        "T.clamp(T.tensor([1.,float('nan')]), max=3.)",
        "T.clamp(T.tensor([1,2],dtype=T.uint8), max=float('nan'))",
        "T.clamp(T.tensor([1,2],dtype=T.uint8),-2,5)",
        "T.tensor([1,2],dtype=T.uint8).clamp_(-2,5)",
        "T.clamp(T.tensor([1,2],dtype=T.int8),300)",
        "T.clamp(T.tensor([1,2],dtype=T.uint8),-1000, 1000)",
        "T.clamp(T.tensor([1.,2.],dtype=T.float16),max=1e6)",
        "T.clamp(T.tensor([1.,2.]),min=1e300)",
        "T.clamp(T.tensor([1,2],dtype=T.int32),min=2**31)",
        "T.clamp(T.tensor([1,2],dtype=T.int64),min=2**40)",
    ],
)
def test_clamp_bounds_convert_as_pytorch(call):
    same(f"r = {call}")


# ---- 6. Python ints beyond a dtype's range ----------------------------------------------------


@pytest.mark.parametrize(
    "expr",
    [
        "T.tensor([1,2],dtype=T.uint8)-300",
        "T.tensor([1,2],dtype=T.uint8)+256",
        "T.tensor([1,2],dtype=T.int8)*1000",
        "T.tensor([1,2],dtype=T.int64)+(2**63)",
        "T.tensor([1,2],dtype=T.int8)*(2**64)",
        "T.tensor([1,2],dtype=T.uint8).add_(-300)",
        "T.tensor([1,2],dtype=T.int8)>300",
        "T.tensor([1,2],dtype=T.int8)==-129",
        "T.tensor([1,2],dtype=T.uint8)<-1",
        "T.tensor([1,2],dtype=T.int32)//(2**40)",
        "T.tensor([1,2],dtype=T.uint8) % -3",
        "T.tensor([1,2],dtype=T.int8) & 300",
        "T.tensor([1,2],dtype=T.int8).pow(300)",
    ],
)
def test_python_ints_wrap_into_integer_dtypes(expr):
    same(f"r = {expr}")


@pytest.mark.parametrize(
    "dtype, value",
    [
        ("float16", 1e5),
        ("int8", 300),
        ("int8", float("nan")),
        ("uint8", -1),
        ("uint8", -256),
        ("float32", 1e39),
        ("int8", 2.5),
        ("uint8", 255.9),
        ("int64", 2**63),
    ],
)
@pytest.mark.parametrize(
    "store",
    [
        "T.zeros(2,dtype=d).fill_(v)",
        "T.full((2,),v,dtype=d)",
        "T.full_like(T.zeros(2,dtype=d),v)",
        "T.zeros(2,dtype=d).new_full((2,),v)",
        "T.zeros(2,dtype=d).masked_fill(T.tensor([True,False]),v)",
        "(lambda a: (a.__setitem__(0, v), a)[1])(T.zeros(2,dtype=d))",
        "T.where(T.tensor([True,False]), T.zeros(2,dtype=d), v)",
        "T.zeros(2,dtype=d).scatter(0,T.tensor([0]),v)",
        "T.tensor([v],dtype=d)",
    ],
)
def test_numbers_stored_into_a_dtype_are_checked(dtype, value, store):
    same(f"d=T.{dtype}; v={value!r}; r={store}".replace("nan", "float('nan')"))


# ---- 7. alpha ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        "T.add(T.tensor(0.), T.tensor(120,dtype=T.int8), alpha=2)",
        "T.add(T.tensor([True]), T.tensor([True]), alpha=2)",
        "T.add(T.tensor([True]), T.tensor([True]), alpha=0)",
        "T.add(T.tensor([1.]), T.tensor([1.]), alpha=True)",
        "T.add(T.tensor([1]), T.tensor([True]), alpha=2)",
        "T.add(T.tensor([1],dtype=T.int8), 2, alpha=100)",
        "T.add(T.tensor([1],dtype=T.int8), T.tensor([1],dtype=T.int8), alpha=300)",
        "T.add(T.tensor([1]), T.tensor([1]), alpha=0.5)",
        "T.sub(T.tensor([1.],dtype=T.float16), T.tensor([1.],dtype=T.float16), alpha=1e5)",
    ],
)
def test_alpha_is_applied_in_the_result_dtype(call):
    same(f"r = {call}")


# ---- 8. integer division at the dtype minimum -------------------------------------------------


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "int32", "int64"])
def test_integer_fmod_remainder_and_divisions_match_every_pair(dtype):
    import numpy as np

    info = np.iinfo(dtype)
    edges = [info.min, info.min + 1, -3, -2, -1, 0, 1, 2, 3, 7, info.max - 1, info.max]
    values = sorted({v for v in edges if info.min <= v <= info.max})
    a = [x for x in values for y in values if y not in (0,) and not (y == -1 and x == info.min)]
    b = [y for x in values for y in values if y not in (0,) and not (y == -1 and x == info.min)]
    for code in (
        "T.fmod(A, B)",
        "T.remainder(A, B)",
        "T.div(A, B, rounding_mode='trunc')",
        "T.div(A, B, rounding_mode='floor')",
        "A // B",
    ):
        same(f"A=T.tensor({a},dtype=T.{dtype}); B=T.tensor({b},dtype=T.{dtype}); r={code}")


def test_the_minimum_divided_by_minus_one_wraps_and_does_not_trap():
    # (torch itself dies of SIGFPE on int32/int64 here, so only numtensor is run)
    for dtype in ("int8", "int16", "int32", "int64"):
        low = -(2 ** (8 * getattr(nt, dtype).itemsize - 1))
        a = nt.tensor([low], dtype=getattr(nt, dtype))
        assert (a // -1).tolist() == [low]
        assert nt.div(a, -1, rounding_mode="trunc").tolist() == [low]
        assert nt.remainder(a, -1).tolist() == [0]
        assert nt.fmod(a, -1).tolist() == [0]


def test_fmod_and_trunc_division_at_the_int8_minimum():
    same("r = T.fmod(T.tensor(4,dtype=T.int8), T.tensor(-128,dtype=T.int8))")
    same("r = T.div(T.tensor(-128,dtype=T.int8), 2, rounding_mode='trunc')")


# ---- 9. float16 rounds Python numbers to half first ------------------------------------------


@pytest.mark.parametrize(
    "expr",
    [
        "a - 1e5",
        "1e5 - a",
        "a + 1e5",
        "a * 1e5",
        "a / 1e-6",
        "a.fmod(1e-40)",
        "a.remainder(1e-40)",
        "a == 1e5",
        "a > 70000.",
        "a.pow(1e-40)",
        "a * T.tensor(1e5, dtype=T.float64)",
        "T.tensor([3.], dtype=T.float16) * 0.1",
        "T.tensor([1.], dtype=T.float16) + 1e-3",
        "T.lerp(a, a, 1e5)",
    ],
)
def test_float16_arithmetic_with_numbers(expr):
    same(f"a=T.tensor([float('inf'), 2., 0.],dtype=T.float16); r = {expr}")


def test_float16_norm_is_accumulated_in_float():
    same("x=T.tensor([300.,400.],dtype=T.float16,requires_grad=True); r=x.norm(p=3)")
    same("x=T.tensor([300.,400.],dtype=T.float16); r=(x.norm(), x.norm(p=1))")


# ---- 10, 11. median, unique, lost requires_grad -----------------------------------------------


@pytest.mark.parametrize(
    "values", ["[1.,1.,2.]", "[[3.,1.],[1.,3.]]", "[1.,float('nan'),2.,float('nan')]", "[5.]"]
)
def test_median_of_all_shares_the_gradient_among_ties(values):
    same(f"x=T.tensor({values},requires_grad=True); x.median().backward(); r=x.grad")


def test_unique_keeps_each_nan_and_requires_grad():
    same(
        "r=T.unique(T.tensor([float('nan'),float('nan'),1.]), return_inverse=True,"
        " return_counts=True)"
    )
    same("r=T.unique(T.tensor([2.,1.,2.],requires_grad=True))")
    same("r=T.unique(T.tensor([2.,1.],requires_grad=True)); r.sum().backward()")


@pytest.mark.parametrize(
    "call",
    [
        "T.atleast_1d(x)",
        "T.atleast_2d(x)",
        "T.atleast_3d(x)",
        "T.diag(x[0], 1)",
        "T.dstack([x, x])",
        "T.column_stack([x, x])",
        "T.hstack([x, x])",
        "T.vstack([x, x])",
        "T.stack([x, x])",
    ],
)
def test_shape_functions_keep_the_graph(call):
    same(
        f"x=T.tensor([[0.1,0.5],[0.7,0.2]],requires_grad=True); y={call};"
        " (y*T.arange(y.numel()).reshape(y.shape)).sum().backward(); r=(y, x.grad)"
    )


# ---- 12, 13. 0-dim tensors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "r = T.take(T.tensor([1.,2.]), T.tensor(1)) + 1",
        "r = T.tensor(1.).flip(0)",
        "r = T.movedim(T.tensor(1.), -1, -1)",
        "r = T.tensor(1.).mT",
        "x=T.tensor(2.,requires_grad=True); x.cumsum(0).backward(); r=x.grad",
        "x=T.tensor(2.,requires_grad=True); x.cumprod(0).backward(); r=x.grad",
        "r = T.index_select(T.tensor(5.), 0, T.tensor([0]))",
        "r = T.index_select(T.tensor(5.), 0, T.tensor([0, 0]))",
        "r = T.index_select(T.zeros(3), 0, T.tensor([-1]))",
        "r = T.index_select(T.zeros(3), 0, T.tensor([3]))",
        "r = T.tensor([1., 2.]).flip((0, 0))",
    ],
)
def test_zero_dim_tensors(code):
    same(code)


# ---- 14. zero-size dims -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expr",
    [
        "T.matmul(T.zeros(2,1,3), T.zeros(1,3,0))",
        "T.zeros(2,0,3).amax((0,2))",
        "T.zeros(2,0,3).amax((1,2))",
        "T.logsumexp(T.zeros(0,2),0)",
        "T.logsumexp(T.zeros(0,2),1)",
        "T.zeros(0,2).split(2)",
        "T.zeros(0,2).chunk(2)",
        "T.matmul(T.zeros(0,2,dtype=T.bool),T.zeros(2,3,dtype=T.bool))",
        "T.matmul(T.zeros(1,2,dtype=T.bool),T.zeros(2,3,dtype=T.bool))",
        "T.softmax(T.zeros(0,dtype=T.int64),0)",
        "T.zeros(0,2).log_softmax(0)",
        "T.zeros(3,0).std(0)",
        "T.zeros(0,3).median(0)",
        "(T.zeros(0,3).stride(), T.zeros(3,0).stride(), T.zeros(2,0,3).stride())",
        "T.tensor([]).stride()",
    ],
)
def test_zero_size_dims(expr):
    same(f"r = {expr}")


# ---- 15, 16. accepted inputs and layouts --------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "r = T.where(T.tensor([1,0],dtype=T.uint8), 1., 0.)",
        "r = T.clamp(T.tensor([True,False]), T.tensor(True))",
        "r = T.clamp(T.tensor([True,False]), max=T.tensor(False))",
        "r = T.clamp(T.tensor([1,2],dtype=T.uint8), min=T.tensor(.5,dtype=T.float64))",
        "r = T.clamp(T.tensor([1.,2.]), T.tensor(0.), 2.)",
        "x=T.zeros(2,3,requires_grad=True); y=T.ones(1,2,3,requires_grad=True); v=x.clone();"
        " v[None]=y*2; (v*T.arange(6.).reshape(2,3)).sum().backward(); r=(v, x.grad, y.grad)",
        "x=T.zeros(2,3,requires_grad=True); y=T.ones(1,requires_grad=True); v=x.clone();"
        " v[T.tensor([[True,False,True],[False,False,True]])]=y*3; v.sum().backward();"
        " r=(v, x.grad, y.grad)",
        "r = T.arange(24).reshape(2,3,4)[..., None, ...]",
        "r = T.arange(24).reshape(2,3,4)[..., 1, ...]",
        "r = T.arange(24).reshape(2,3,4)[None, ..., 0, ...]",
        "r = T.arange(24).reshape(2,3,4)[0, ..., ..., 1]",
        "r = (T.zeros(3,4).t()+1).stride()",
        "r = (T.zeros(2,3,4).permute(2,0,1)*2).stride()",
        "r = T.zeros(3,1).expand(3,4).clone().stride()",
    ],
)
def test_inputs_pytorch_accepts_and_layouts(code):
    same(code)


# ---- 17-20. inputs PyTorch refuses --------------------------------------------------------------


@pytest.mark.parametrize(
    "expr",
    [
        "T.logical_and(T.tensor([1.]), 1)",
        "T.logical_xor(T.tensor([1.]), True)",
        "T.atan2(T.tensor([1.]), .5)",
        "T.fmod(.5, T.tensor([1.]))",
        "T.rsub(1.5, T.tensor([1.]))",
        "T.tensor([1.]).lerp_(1, 2.)",
        "T.maximum(T.tensor([1.]), 1)",
        "T.zeros(2, dtype=T.int8).fill_(float('nan'))",
        "T.zeros(2, dtype=T.float16).fill_(1e6)",
        "T.nn.functional.silu(T.tensor([1, 2]))",
        "T.nn.functional.elu(T.tensor([1, 2]))",
        "T.nn.functional.gelu(T.tensor([1, 2]))",
        "T.nn.functional.softplus(T.tensor([1, 2]))",
        "T.nn.functional.leaky_relu(T.tensor([1, 2]))",
        "T.tensor([True, False]).topk(1)",
        "T.tensor([True, False]).median()",
        "T.tensor([[True, False], [True, True]]).trace()",
        "T.addcmul(T.tensor([True]), T.tensor([True]), T.tensor([True]))",
        "T.addcdiv(T.tensor([1]), T.tensor([1]), T.tensor([1]))",
        "T.add(T.tensor([1.]), T.tensor([1.]), alpha=True)",
        "T.zeros(3).index_put((T.tensor([0]),), T.tensor([1], dtype=T.int64))",
        "T.zeros(3).index_put_((T.tensor([0]),), T.tensor([1], dtype=T.int64))",
        "T.tensor([3.], requires_grad=True).sum(dtype=T.long)",
        "T.tensor([3.], requires_grad=True).cumsum(0, dtype=T.long)",
        "(lambda a: a.__iand__(1.5))(T.tensor([True]))",
        "~T.tensor([1.])",
    ],
)
def test_inputs_pytorch_refuses(expr):
    same(f"r = {expr}")


def test_index_put_accumulates_repeated_indices_with_gradients():
    same(
        "x=T.zeros(2,3,requires_grad=True); y=T.tensor([1.,2.],requires_grad=True); v=x.clone();"
        " v.index_put_((T.tensor([0,0]),T.tensor([1,1])), y, accumulate=True);"
        " (v*T.arange(6.).reshape(2,3)).sum().backward(); r=(v, x.grad, y.grad)"
    )
    same("a=T.zeros(5); r=(a.index_put((T.tensor([0,0,2]),), T.tensor([1.,2.,3.])), a)")


def test_maximum_and_minimum_gradients_are_masked_not_multiplied():
    same(
        "x=T.tensor([1.,3.,2.],requires_grad=True); y=T.tensor([2.,1.,2.],requires_grad=True);"
        " (T.maximum(x,y).asin()).sum().backward(); r=(x.grad, y.grad)"
    )
    same(
        "x=T.tensor([1.,3.,2.],requires_grad=True); y=T.tensor([2.,1.,2.],requires_grad=True);"
        " (T.minimum(x,y)*3).sum().backward(); r=(x.grad, y.grad)"
    )

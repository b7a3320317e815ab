"""Regression tests for what tests/fuzzing.py found (the issue's own list is in
tests/test_exactness.py, whose ``same`` helper these use)."""

from __future__ import annotations

import pytest

from tests.test_exactness import same

# ---- found by tests/fuzzing.py --------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        "[[1.,2.,3.],[0.,2.,3.]]",
        "[[1.,float('nan'),3.],[0.,0.,3.]]",
        "[[1.,float('inf'),3.],[2.,0.5,0.]]",
        "[[1.,float('nan'),3.],[2.,0.5,3.]]",
    ],
)
@pytest.mark.parametrize("reduce", ["x.prod(1).sum()", "x.prod()", "x.prod(0, keepdim=True).sum()"])
def test_prod_gradient_with_zeros_nan_and_inf(values, reduce):
    same(f"x=T.tensor({values},requires_grad=True); ({reduce}).backward(); r=x.grad")


@pytest.mark.parametrize(
    "reduce", ["x.max()", "x.amax()", "x.max(1)[0].sum()", "x.amax(0).sum()", "x.min()"]
)
def test_max_and_amax_gradients_with_a_nan(reduce):
    same(
        "x=T.tensor([[1.,float('nan')],[3.,float('nan')]],requires_grad=True);"
        f" ({reduce}).backward(); r=x.grad"
    )


def test_median_of_all_with_a_nan_puts_zero_elsewhere():
    same(
        "x=T.tensor([2.,float('nan'),1.],requires_grad=True); x.median().square().backward();"
        " r=x.grad"
    )


@pytest.mark.parametrize(
    "expr",
    [
        "T.zeros(2,3)[None]",
        "T.zeros(2,3)[:, None]",
        "T.zeros(1,4)[None]",
        "T.zeros(3)[None, ::2]",
        "T.tensor(1.)[None]",
        "T.zeros(2,3,4)[None, ..., None, 1]",
        "T.zeros(2,3).t()[None]",
    ],
)
def test_none_index_strides(expr):
    same(f"r = ({expr}).stride()")


@pytest.mark.parametrize(
    "expr",
    [
        "T.lt(T.tensor([-2,-6],dtype=T.int8).reshape(1,2).expand(2,1,2), T.tensor([3]))",
        "T.cat([T.zeros(2,3).t(), T.zeros(2,3).t()])",
        "T.cat([T.zeros(2,3).t(), T.zeros(2,3).t()], 1)",
        "T.zeros(2,3).t().flip(0)",
        "T.zeros(2,3).t().sort(1)[0]",
        "T.argsort(T.tensor([[1.,3.],[2.,0.]]).t())",
        "T.zeros(4,3).t().masked_fill(T.tensor(True), 1.)",
        "T.tril(T.zeros(3,4).t())",
        "T.zeros(3,2).t().topk(1)[0]",
        "T.tensor([1,2],dtype=T.int8).expand(2,2).to(T.int64)",
        "T.zeros(2,3).t() + T.zeros(3,1)",
        "T.zeros(2,3,4).permute(2,0,1) * T.zeros(4,1,1)",
    ],
)
def test_result_layouts(expr):
    same(f"y = {expr}; r = (y.stride(), y.is_contiguous())")


@pytest.mark.parametrize(
    "expr",
    [
        "T.lt(float('inf'), T.tensor([1.]))",
        "T.eq(2, T.tensor([1.]))",
        "T.tensor(1.).chunk(2)",
        "T.tensor(1.).split(1)",
        "T.tensor(1.).permute()",
        "T.cat([T.tensor(1.), T.tensor(2.)])",
        "T.floor_divide(T.zeros(0, dtype=T.int8), 0)",
        "T.lerp(T.tensor([True]), T.tensor([2]), 0.25)",
        "T.pow(T.tensor([True, False]), True)",
        "T.pow(T.tensor([True, False]), False)",
        "T.median(T.tensor(1.), dim=2)",
        "T.median(T.tensor([True]), dim=1)",
        "T.clamp(T.tensor([True]), min=False)",
        "T.amax(T.zeros(1, 0))",
        "T.zeros(2, 3).index_select(1, T.tensor([5]))",
        "T.zeros(2, 3).index_select(0, T.tensor([2]))",
        "T.tensor(1., dtype=T.float16).fill_(1e5)",
        "T.zeros(2, dtype=T.float16).fill_(1e5)",
    ],
)
def test_more_inputs(expr):
    same(f"r = {expr}")


def test_floor_division_operator_rounds_down_on_floats():
    # (the shortcut for small tensors once divided without rounding)
    same("r = T.tensor([-2.5, -1.2, 0.7, 3.3]) // 2")
    same("r = 7.0 // T.tensor([-2.5, -1.2, 0.7, 3.3])")
    same("r = T.tensor([-2.5, -1.2, 0.7, 3.3]); r //= 2")
    same("r = T.tensor([-7, 5, 3]); r //= 2")


def test_floor_divide_has_no_derivative():
    same("x=T.tensor([3.],requires_grad=True); T.floor_divide(x, 2).sum().backward(); r=x.grad")
    same("x=T.tensor([3.],requires_grad=True); (x // 2).sum().backward(); r=x.grad")


@pytest.mark.parametrize(
    "code",
    [
        "r = T.zeros(3).expand(2,3).add_(1)",
        "r = T.zeros(3).expand(2,3).copy_(T.ones(2,3))",
        "r = T.zeros(3).expand(2,3).fill_(1)",
        "r = T.zeros(4,0).expand(2,4,0).add_(1)",
        "x=T.ones(4,requires_grad=True); a,b=(x*1).split(2); a.mul_(2)",
        "x=T.ones(4,requires_grad=True); a,b=(x*1).chunk(2); b.add_(1); r=b",
        "x=T.ones(2,2,requires_grad=True); a,b=(x*1).unbind(); a.zero_()",
        "x=T.ones(4); a,b=x.split(2); a.mul_(2); r=x",
        "x=T.tensor([1.5],requires_grad=True); y=T.var(x); y.fill_(0); y.backward(); r=x.grad",
        "x=T.tensor([3.,1.],requires_grad=True); (300 % x).sum().backward(); r=x.grad",
        "x=T.tensor([1.,-1.],requires_grad=True); T.relu(x*float('nan')).sum().backward();"
        " r=x.grad",
        "r = T.clamp(T.tensor(6e4, dtype=T.float16), 1e5, float('nan'))",
        "r = T.clamp(T.tensor(6e4, dtype=T.float16), min=1e5)",
        "r = T.zeros(0,2,3).index_select(0, T.tensor([0, 0]))",
        "r = T.zeros(0).index_select(0, T.tensor([0]))",
        "x=T.tensor([1e308, 2.],dtype=T.float64,requires_grad=True);"
        " (T.square(x)*T.tensor([0.,1.],dtype=T.float64)).sum().backward(); r=x.grad",
        "r = T.matmul(T.zeros(0, dtype=T.bool), T.zeros(0, dtype=T.bool))",
        "r = T.log_softmax(T.zeros(1, 0, dtype=T.bool), 0)",
        "r = T.tensor(0.5).scatter(0, T.tensor(0), 2.0)",
    ],
)
def test_found_by_the_long_fuzz_run(code):
    same(code)


@pytest.mark.parametrize(
    "expr",
    [
        "T.log_softmax(T.zeros(4,2).t().clone(), 0)",
        "T.softmax(T.zeros(4,2).t(), 1)",
        "T.median(T.zeros(2,4), dim=-1)[0]",
        "T.zeros(4,2,3).permute(2,0,1).median(1)[0]",
        "(lambda v: v.scatter(0, T.zeros_like(v, dtype=T.int64), v))(T.zeros(3,2).t())",
        "T.gt(T.zeros(4,2,dtype=T.float16)[::2].t(), 0.5)",
    ],
)
def test_more_result_layouts(expr):
    same(f"y = {expr}; r = (y.stride(), y.is_contiguous())")


@pytest.mark.parametrize(
    "code",
    [
        "r = T.nn.functional.mse_loss(T.tensor([True, False]), T.tensor([0.5, 0.5]))",
        "r = T.nn.functional.mse_loss(T.tensor([1]), T.tensor([2]))",
        "r = T.linalg.svdvals(T.ones(2, 2, dtype=T.float16))",
        "r = T.linalg.svdvals(T.tensor([[float('inf'), 1.], [1., 1.]]))",
        "r = T.linalg.svdvals(T.tensor([[[1., 2.], [3., 4.]], [[float('inf'), 1.], [1., 1.]]]))",
        "r = T.linalg.svdvals(T.tensor([[float('nan'), 1.], [1., 1.]]))",
        "c = T.tensor(3); c[0] = float('inf'); r = c",
        "c = T.tensor([3]); c[5] = 2.5; r = c",
    ],
)
def test_losses_svd_and_setitem_order(code):
    same(code)


@pytest.mark.parametrize(
    "code",
    [
        "x=T.arange(8.,dtype=T.float64).reshape(2,4,1).requires_grad_();"
        " c=x.transpose(0,1).clone(); c[..., :1].mul_(-3);"
        " r=T.autograd.grad(c, x, T.arange(8.,dtype=T.float64).reshape(4,2,1))",
        "x=T.arange(6.,dtype=T.float64).reshape(2,3).requires_grad_(); c=x.t().clone();"
        " c[1:, 0].mul_(2); r=T.autograd.grad(c, x, T.ones(3,2,dtype=T.float64))",
        "r = T.nn.functional.normalize(T.tensor([1e308], dtype=T.float64), dim=0)",
        "r = T.norm(T.tensor([[2.7, 1.], [1e308, 3.]], dtype=T.float64), dim=1)",
        "r = T.norm(T.tensor([[2.7], [1e308]], dtype=T.float64), dim=1, keepdim=True)",
        "r = T.fmod(T.tensor([3.283, -2.97], dtype=T.float16), T.tensor(1.848))",
        "r = T.tensor([1.], dtype=T.float16) + T.tensor(1e-3, dtype=T.float64)",
    ],
)
def test_views_of_laid_out_bases_norms_and_half_operands(code):
    same(code)


@pytest.mark.parametrize("name", ["gelu", "silu", "elu", "softplus", "leaky_relu"])
def test_float16_activations_round_once(name):
    same(f"x=T.tensor([-2.97, 3.283, 2.5, -0.3, 0.], dtype=T.float16); r=T.nn.functional.{name}(x)")


@pytest.mark.parametrize(
    "expr",
    [
        "T.zeros(3,4).t()[1:].clone()",
        "T.zeros(3,4).t()[1:].to(T.float64)",
        "T.zeros(3,4).t()[::2].clone()",
        "T.zeros(3,1).expand(3,4).clone()",
        "T.zeros(2,3,4).permute(2,0,1)[::2].clone()",
    ],
)
def test_clone_of_non_dense_tensors_keeps_their_stride_order(expr):
    same(f"y = {expr}; r = y.stride()")


def test_svd_of_an_empty_float16_matrix():
    same("r = T.linalg.svdvals(T.zeros(3, 0, 3, dtype=T.float16))")

"""Gradients of every differentiable op: against torch 2.13, and by float64 central differences."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch

RNG = np.random.default_rng(11)
A = RNG.standard_normal((3, 4))
B = RNG.standard_normal((3, 4))
POS = np.abs(A) + 0.5
SQ = RNG.standard_normal((4, 4))
V = RNG.standard_normal(4)
BIG = RNG.standard_normal((2, 3, 4))
IDX = np.array([[0, 2, 1, 0]])

# name -> (function of (module, *tensors), input arrays, torch node name or None)
OPS = {
    "add": (lambda m, x, y: x + y, (A, B), "AddBackward0"),
    "add_bcast": (lambda m, x, y: x + y[0], (A, B), "AddBackward0"),
    "add_alpha": (lambda m, x, y: m.add(x, y, alpha=2.5), (A, B), "AddBackward0"),
    "sub": (lambda m, x, y: x - y, (A, B), "SubBackward0"),
    "rsub": (lambda m, x: 1 - x, (A,), "RsubBackward1"),
    "mul": (lambda m, x, y: x * y, (A, B), "MulBackward0"),
    "mul_scalar": (lambda m, x: x * 3.0, (A,), "MulBackward0"),
    "div": (lambda m, x, y: x / y, (A, POS), "DivBackward0"),
    "rdiv": (lambda m, x: 2.0 / x, (POS,), "MulBackward0"),  # (PyTorch: x.reciprocal() * 2)
    "pow_scalar": (lambda m, x: x**3, (A,), "PowBackward0"),
    "pow_tensor": (lambda m, x, y: x**y, (POS, B), "PowBackward1"),
    "rpow": (lambda m, x: 2**x, (A,), "PowBackward2"),
    "maximum": (lambda m, x, y: m.maximum(x, y), (A, B), "MaximumBackward0"),
    "minimum": (lambda m, x, y: m.minimum(x, y), (A, B), "MinimumBackward0"),
    "atan2": (lambda m, x, y: m.atan2(x, y), (A, POS), "Atan2Backward0"),
    "remainder": (lambda m, x: m.remainder(x, 0.7), (A,), "RemainderBackward0"),
    "fmod": (lambda m, x: m.fmod(x, 0.7), (A,), "FmodBackward0"),
    "where": (lambda m, x, y: m.where(x > 0, x, y), (A, B), "WhereBackward0"),
    "lerp": (lambda m, x, y: m.lerp(x, y, 0.3), (A, B), "LerpBackward0"),
    "lerp_tensor": (lambda m, x, y: m.lerp(x, y, y.sigmoid()), (A, B), "LerpBackward1"),
    "clamp": (lambda m, x: x.clamp(-0.5, 0.5), (A,), "ClampBackward1"),
    "clamp_min": (lambda m, x: x.clamp(min=0), (A,), "ClampBackward1"),
    "clamp_tensor": (lambda m, x, y: m.clamp(x, min=y), (A, B), "ClampBackward0"),
    "abs": (lambda m, x: x.abs(), (A,), "AbsBackward0"),
    "neg": (lambda m, x: -x, (A,), "NegBackward0"),
    "exp": (lambda m, x: x.exp(), (A,), "ExpBackward0"),
    "exp2": (lambda m, x: x.exp2(), (A,), "Exp2Backward0"),
    "expm1": (lambda m, x: x.expm1(), (A,), "Expm1Backward0"),
    "log": (lambda m, x: x.log(), (POS,), "LogBackward0"),
    "log2": (lambda m, x: x.log2(), (POS,), "Log2Backward0"),
    "log10": (lambda m, x: x.log10(), (POS,), "Log10Backward0"),
    "log1p": (lambda m, x: x.log1p(), (POS,), "Log1PBackward0"),
    "sqrt": (lambda m, x: x.sqrt(), (POS,), "SqrtBackward0"),
    "rsqrt": (lambda m, x: x.rsqrt(), (POS,), "RsqrtBackward0"),
    "reciprocal": (lambda m, x: x.reciprocal(), (POS,), "ReciprocalBackward0"),
    "square": (lambda m, x: x.square(), (A,), "PowBackward0"),
    "sin": (lambda m, x: x.sin(), (A,), "SinBackward0"),
    "cos": (lambda m, x: x.cos(), (A,), "CosBackward0"),
    "tan": (lambda m, x: x.tan(), (A,), "TanBackward0"),
    "asin": (lambda m, x: (x * 0.3).asin(), (A,), "AsinBackward0"),
    "acos": (lambda m, x: (x * 0.3).acos(), (A,), "AcosBackward0"),
    "atan": (lambda m, x: x.atan(), (A,), "AtanBackward0"),
    "sinh": (lambda m, x: x.sinh(), (A,), "SinhBackward0"),
    "cosh": (lambda m, x: x.cosh(), (A,), "CoshBackward0"),
    "tanh": (lambda m, x: x.tanh(), (A,), "TanhBackward0"),
    "sigmoid": (lambda m, x: x.sigmoid(), (A,), "SigmoidBackward0"),
    "erf": (lambda m, x: x.erf(), (A,), "ErfBackward0"),
    "relu": (lambda m, x: x.relu(), (A,), "ReluBackward0"),
    "frac": (lambda m, x: x.frac(), (A,), "FracBackward0"),
    "sum": (lambda m, x: x.sum(), (A,), "SumBackward0"),
    "sum_dim": (lambda m, x: x.sum(1), (A,), "SumBackward1"),
    "sum_dims_keep": (lambda m, x: x.sum((0, 2), keepdim=True), (BIG,), "SumBackward1"),
    "mean": (lambda m, x: x.mean(), (A,), "MeanBackward0"),
    "mean_dim": (lambda m, x: x.mean(0), (A,), "MeanBackward1"),
    "prod": (lambda m, x: x.prod(), (A,), "ProdBackward0"),
    "prod_dim": (lambda m, x: x.prod(1), (A,), "ProdBackward1"),
    "prod_zero": (
        lambda m, x: (x * m.tensor([[1.0, 0, 1, 1]], dtype=m.float64)).prod(1),
        (A,),
        "ProdBackward1",
    ),
    "var": (lambda m, x: x.var(), (A,), "VarBackward0"),
    "var_dim": (lambda m, x: x.var(1, unbiased=False), (A,), "VarBackward0"),
    "std": (lambda m, x: x.std(0), (A,), "StdBackward0"),
    "max": (lambda m, x: x.max(), (A,), "MaxBackward1"),
    "min": (lambda m, x: x.min(), (A,), "MinBackward1"),
    "max_dim": (lambda m, x: x.max(1).values, (A,), "MaxBackward0"),
    "min_dim_keep": (lambda m, x: x.min(0, keepdim=True)[0], (A,), "MinBackward0"),
    "amax": (lambda m, x: x.amax(0), (A,), "AmaxBackward0"),
    "amin": (lambda m, x: x.amin((0, 1)), (A,), "AminBackward0"),
    "norm": (lambda m, x: x.norm(), (A,), "LinalgVectorNormBackward0"),
    "norm_dim": (lambda m, x: x.norm(dim=1), (A,), "LinalgVectorNormBackward0"),
    "logsumexp": (lambda m, x: x.logsumexp(1), (A,), "LogsumexpBackward0"),
    "softmax": (lambda m, x: x.softmax(1), (A,), "SoftmaxBackward0"),
    "log_softmax": (lambda m, x: x.log_softmax(0), (A,), "LogSoftmaxBackward0"),
    "cumsum": (lambda m, x: x.cumsum(1), (A,), "CumsumBackward0"),
    "cumprod": (lambda m, x: x.cumprod(1), (A,), "CumprodBackward0"),
    "sort": (lambda m, x: x.sort(1).values, (A,), "SortBackward0"),
    "topk": (lambda m, x: x.topk(2).values, (A,), "TopkBackward0"),
    "median": (lambda m, x: x.median(), (A,), "MedianBackward0"),
    "median_dim": (lambda m, x: x.median(1).values, (A,), "MedianBackward1"),
    "mm": (lambda m, x, y: x.mm(y.t()), (A, B), "MmBackward0"),
    "matmul_batched": (lambda m, x, y: x @ y, (BIG, SQ), None),
    "addmm": (lambda m, x, y, b: m.addmm(b, x, y.t()), (A, B, SQ[0, :3]), "AddmmBackward0"),
    "addmm_scaled": (
        lambda m, x, y, b: m.addmm(b, x, y.t(), beta=0.5, alpha=-2),
        (A, B, SQ[:3, :1]),
        "AddmmBackward0",
    ),
    "linear": (lambda m, x, w, b: m.nn.functional.linear(x, w, b), (A, B, SQ[0, :3]), None),
    "linear_3d": (lambda m, x, w, b: m.nn.functional.linear(x, w, b), (BIG, B, V[:3]), None),
    "matmul_bcast": (lambda m, x, y: m.matmul(x, y.t()), (BIG, A), None),
    "dot": (lambda m, x: x[0] @ x[1], (A,), "DotBackward0"),
    "mv": (lambda m, x, v: x.mv(v), (A, V), "MvBackward0"),
    "bmm": (lambda m, x: m.bmm(x, x.transpose(1, 2)), (BIG,), "BmmBackward0"),
    "outer": (lambda m, x: m.outer(x[0], x[1]), (A,), None),
    "view": (lambda m, x: x.view(4, 3), (A,), "ViewBackward0"),
    "reshape_copy": (lambda m, x: x.t().reshape(12), (A,), None),
    "flatten": (lambda m, x: x.flatten(), (BIG,), "ViewBackward0"),
    "t": (lambda m, x: x.t() * 1.0, (A,), None),
    "T": (lambda m, x: x.T, (A,), "PermuteBackward0"),
    "transpose": (lambda m, x: x.transpose(0, 2), (BIG,), "TransposeBackward0"),
    "permute": (lambda m, x: x.permute(2, 0, 1), (BIG,), "PermuteBackward0"),
    "squeeze": (lambda m, x: x[:1].squeeze(0), (A,), "SqueezeBackward1"),
    "unsqueeze": (lambda m, x: x.unsqueeze(1), (A,), "UnsqueezeBackward0"),
    "expand": (lambda m, x: x[:1].expand(5, 4), (A,), "ExpandBackward0"),
    "narrow": (lambda m, x: x.narrow(1, 1, 2), (A,), "SliceBackward0"),
    "select": (lambda m, x: x[1], (A,), "SelectBackward0"),
    "slice_step": (lambda m, x: x[:, ::2], (A,), "SliceBackward0"),
    "index_list": (lambda m, x: x[[0, 2, 0]], (A,), "IndexBackward0"),
    "index_mask": (lambda m, x: x[x > 0], (A,), "IndexBackward0"),
    "diagonal": (lambda m, x: x.diagonal(), (SQ,), "DiagonalBackward0"),
    "split": (lambda m, x: x.split(3, 1)[1], (A,), "SplitBackward0"),
    "chunk": (lambda m, x: x.chunk(2, 0)[0], (A,), "SplitBackward0"),
    "unbind": (lambda m, x: x.unbind(1)[2], (A,), "UnbindBackward0"),
    "cat": (lambda m, x, y: m.cat([x, y * 2], 1), (A, B), "CatBackward0"),
    "stack": (lambda m, x, y: m.stack([x, y], 0), (A, B), "StackBackward0"),
    "gather": (lambda m, x: x.gather(0, m.tensor([[0, 2, 1, 0]])), (A,), "GatherBackward0"),
    "index_select": (
        lambda m, x: x.index_select(1, m.tensor([3, 0, 3])),
        (A,),
        "IndexSelectBackward0",
    ),
    "take": (lambda m, x: x.take(m.tensor([0, 5, 5])), (A,), "TakeBackward0"),
    "masked_fill": (lambda m, x: x.masked_fill(x > 0, 0.5), (A,), "MaskedFillBackward0"),
    "masked_select": (lambda m, x: x.masked_select(x > 0), (A,), "MaskedSelectBackward0"),
    # (torch rejects its own gradient when src is larger than the index: same shapes here)
    "scatter": (
        lambda m, x, y: x.scatter(1, m.tensor([[2], [0], [1]]), y[:, :1]),
        (A, B),
        "ScatterBackward0",
    ),
    "scatter_add": (
        lambda m, x, y: x.scatter_add(1, m.tensor([[2, 2], [0, 1], [1, 1]]), y[:, :2]),
        (A, B),
        "ScatterAddBackward0",
    ),
    "clone": (lambda m, x: x.clone(), (A,), "CloneBackward0"),
    "to_float32": (lambda m, x: x.float().double(), (A,), "ToCopyBackward0"),
    "contiguous": (lambda m, x: x.t().contiguous(), (A,), "CloneBackward0"),
    "svdvals": (lambda m, x: m.linalg.svdvals(x), (A,), "LinalgSvdBackward0"),
    "svd_u_s_vh": (lambda m, x: _svd_loss(m, x), (A,), None),
    "svd_tall": (lambda m, x: _svd_loss(m, x.t()), (A,), None),
    "svd_batched": (lambda m, x: _svd_loss(m, x), (BIG,), None),
    "svd_legacy_s": (lambda m, x: m.svd(x).S * 2, (A,), "MulBackward0"),
    "tril": (lambda m, x: x.tril(), (SQ,), None),
    "trace": (lambda m, x: x.trace(), (SQ,), None),
    "flip": (lambda m, x: x.flip(1), (A,), "FlipBackward0"),
}


def _svd_loss(m, x):
    # a sign-invariant function of the singular vectors
    u, s, vh = m.linalg.svd(x, full_matrices=False)
    return (u * u).sum() * s.sum() + (vh[..., 0, :] ** 2).sum() + (u.abs() * s.unsqueeze(-2)).sum()


def _run(module, fn, arrays):
    tensors = [module.tensor(a, dtype=module.float64, requires_grad=True) for a in arrays]
    out = fn(module, *tensors)
    return tensors, out


@pytest.mark.parametrize("name", sorted(OPS))
def test_gradients_match_torch(name):
    fn, arrays, node = OPS[name]
    nts, nout = _run(nt, fn, arrays)
    tts, tout = _run(torch, fn, arrays)
    np.testing.assert_allclose(nout.detach().numpy(), tout.detach().numpy(), rtol=1e-10, atol=1e-12)
    seed = np.random.default_rng(1).standard_normal(tuple(tout.shape))
    nout.backward(nt.tensor(seed))
    tout.backward(torch.tensor(seed))
    for a, b in zip(nts, tts):
        assert (a.grad is None) == (b.grad is None)
        if b.grad is not None:
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-8, atol=1e-10)
    if node is not None:
        assert nout.grad_fn.name() == node


@pytest.mark.parametrize("name", sorted(set(OPS) - {"to_float32"}))  # float32: no precision
def test_gradcheck(name):
    fn, arrays, _ = OPS[name]
    tensors = [nt.tensor(a, dtype=nt.float64, requires_grad=True) for a in arrays]
    assert nt.autograd.gradcheck(lambda *ts: fn(nt, *ts), tuple(tensors))


@pytest.mark.parametrize(
    "name",
    [
        "mul",
        "div",
        "exp",
        "tanh",
        "sigmoid",
        "pow_scalar",
        "mm",
        "addmm",
        "linear",
        "sum_dim",
        "softmax",
        "log",
        "sin",
        "var",
        "matmul_batched",
        "relu",
        "clamp",
        "t",
        "cat",
        "mean_dim",
    ],
)
def test_gradgradcheck(name):
    fn, arrays, _ = OPS[name]
    tensors = [
        nt.tensor(a[..., :3] if a.ndim == 2 else a, dtype=nt.float64, requires_grad=True)
        for a in arrays
    ]
    if name in ("mm", "matmul_batched", "cat", "addmm", "linear"):
        tensors = [nt.tensor(a, dtype=nt.float64, requires_grad=True) for a in arrays]
    assert nt.autograd.gradgradcheck(lambda *ts: fn(nt, *ts), tuple(tensors))


def test_relu_passes_no_gradient_where_it_is_zero_even_a_nan():
    # PyTorch's threshold_backward selects: a NaN gradient where y <= 0 becomes 0
    values, grads = [-1.0, 0.0, 2.0, 3.0], [float("nan"), 1.0, 1.0, float("inf")]
    got = []
    for m in (nt, torch):
        x = m.tensor(values, requires_grad=True)
        x.relu().backward(m.tensor(grads))
        got.append(np.asarray(x.grad.tolist()))
    np.testing.assert_array_equal(got[0], got[1])


def test_linear_weight_gradient_is_row_major_as_in_pytorch():
    strides = []
    for m in (nt, torch):
        m.manual_seed(0)
        layer = m.nn.Linear(3, 4)
        layer(m.ones(5, 3)).sum().backward()
        strides.append((layer.weight.grad.stride(), layer.bias.grad.stride()))
        # a transposed left operand too: w.t() @ b
        w = m.ones(4, 3, requires_grad=True)
        b = m.ones(4, 2, requires_grad=True)
        (w.t() @ b).sum().backward()
        strides.append((w.grad.stride(), b.grad.stride()))
    assert strides[:2] == strides[2:]

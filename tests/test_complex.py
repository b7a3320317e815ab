"""complex64/complex128 tensors against torch: creation, promotion, printing, arithmetic and
math, reductions, matmul, the real/imag/view_as_real views, complex/polar/angle, and the
errors PyTorch raises for ordering ops. (numtensor does not differentiate through complex
tensors: that is a clear NotImplementedError, tested here too.)"""

import warnings

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check, check_on, torch

A = [1 + 2j, 3 - 1j, -0.5 + 0.25j, 0j]
B = [2 - 1j, 0.5j, 1.0 + 0j, -3 + 4j]


def _pair(m, dtype="complex64"):
    d = getattr(m, dtype)
    return m.tensor(A, dtype=d), m.tensor(B, dtype=d)


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize(
    "name",
    ["add", "sub", "mul", "div", "pow", "eq", "ne"],
)
def test_binary(name, dtype):
    # (0 ** z: C's cpow gives inf + nan j where NumPy gives nan + nan j: nonzero bases)
    n = 3 if name == "pow" else 4
    check(
        lambda m: getattr(m, name)(*(t[:n] for t in _pair(m, dtype))),
        exact=False,
        rtol=1e-5,
        atol=1e-6,
    )


@pytest.mark.parametrize(
    "name",
    [
        "abs",
        "neg",
        "square",
        "reciprocal",
        "exp",
        "expm1",
        "log",
        "log2",
        "log10",
        "log1p",
        "sqrt",
        "rsqrt",
        "sin",
        "cos",
        "tan",
        "asin",
        "acos",
        "atan",
        "sinh",
        "cosh",
        "tanh",
        "asinh",
        "acosh",
        "atanh",
        "sigmoid",
        "isnan",
        "isinf",
        "isfinite",
        "sgn",
        "angle",
        "conj",
        "conj_physical",
        "resolve_conj",
        "isreal",
        "logical_not",
    ],
)
def test_unary(name):
    # (0j has no logarithm: the finite elements only for the log family)
    # (torch's conj is a lazily conjugated view: resolved to compare values)
    check(
        lambda m: (
            getattr(m, name)(_pair(m, "complex128")[0][:3]).resolve_conj()
            if name == "conj"
            else getattr(m, name)(_pair(m, "complex128")[0][:3])
        ),
        exact=False,
        rtol=1e-6,
    )


@pytest.mark.parametrize(
    "name",
    ["floor", "ceil", "round", "trunc", "frac", "erf", "lgamma", "sign", "relu", "bitwise_not"],
)
def test_unary_refused(name):
    check(lambda m: getattr(m, name)(_pair(m)[0]))


@pytest.mark.parametrize(
    "fn",
    [
        lambda m, a, b: a < b,
        lambda m, a, b: m.maximum(a, b),
        lambda m, a, b: a.max(),
        lambda m, a, b: a.max(0),
        lambda m, a, b: a.argmax(),
        lambda m, a, b: a.amax(),
        lambda m, a, b: a.sort(),
        lambda m, a, b: a.topk(1),
        lambda m, a, b: a.clamp(0, 1),
        lambda m, a, b: a % b,
    ],
)
def test_ordering_refused(fn):
    check(lambda m: fn(m, *_pair(m)))


def test_scalars_and_promotion():
    check(lambda m: m.tensor([1.0, 2.0]) * 1j)
    check(lambda m: 1j + m.tensor([1, 2]))
    check(lambda m: m.tensor([1.0, 2.0], dtype=m.float64) + 1j)
    check(lambda m: m.ones(2, dtype=m.complex64) + m.tensor(1.0, dtype=m.float64))
    check(lambda m: m.ones(2, dtype=m.float64) + m.tensor(1j, dtype=m.complex64))
    check(lambda m: m.promote_types(m.complex64, m.float64))
    check(lambda m: m.promote_types(m.int64, m.complex64))
    check(lambda m: m.result_type(m.tensor([1, 2]), 1j))
    check(lambda m: m.tensor([1, 2.5, 1j]))
    check(lambda m: m.tensor([[1j, 2], [3, 4]], dtype=m.complex128))
    check(lambda m: m.tensor(1 + 2j).item())
    check(lambda m: m.tensor(A).tolist())
    check(lambda m: complex(m.tensor(2 - 3j)))
    check(lambda m: m.zeros(2, dtype=m.cdouble))
    check(lambda m: m.full((2,), 1 + 1j))
    check(lambda m: m.ones_like(m.tensor(A)))
    check(lambda m: m.zeros(2).fill_(1j))  # (RuntimeError: cannot drop the imaginary part)
    check(lambda m: m.zeros(2, dtype=m.bool).fill_(1j))
    check(lambda m: m.tensor(A).is_complex())
    check(lambda m: m.is_complex(m.tensor([1.0])))
    check(lambda m: m.tensor(A).type().replace(m.__name__, ""))
    assert nt.cfloat is nt.complex64 and nt.cdouble is nt.complex128
    assert nt.complex64.is_complex and not nt.complex64.is_floating_point
    assert nt.complex64.to_real() is nt.float32 and nt.float64.to_complex() is nt.complex128


def test_printing():
    values = [
        np.array(A),
        np.array([1.5 + 2j, -3 - 1.25j, np.nan + 1j, 1e5j]),
        np.array([[1e-5 + 1j, 2], [3j, 4]]),
        np.array(2 + 3j),
        np.array([1 - np.inf * 1j]),
        np.arange(2000).reshape(2, 1000) * (1 + 1j),
    ]
    for v in values:
        for d in ("complex64", "complex128"):
            check(
                lambda m, v=v, d=d: repr(m.tensor(v, dtype=getattr(m, d))).replace(
                    m.__name__ + ".", ""
                )
            )
    check(lambda m: repr(m.tensor([], dtype=m.complex64)).replace(m.__name__ + ".", ""))


def test_reductions_and_matmul():
    tol = dict(exact=False, rtol=1e-5, atol=1e-6)
    check(lambda m: _pair(m)[0].sum(), **tol)
    check(lambda m: _pair(m)[0].mean(), **tol)
    check(lambda m: _pair(m)[0].prod(), **tol)
    check(lambda m: _pair(m)[0].cumsum(0), **tol)
    check(lambda m: _pair(m)[0].cumprod(0), **tol)
    check(lambda m: m.stack(_pair(m)).sum(1), **tol)
    check(lambda m: _pair(m)[0].var(), **tol)
    check(lambda m: m.stack(_pair(m)).std(0), **tol)
    check(lambda m: _pair(m)[0].norm(), **tol)
    check(lambda m: m.linalg.vector_norm(_pair(m)[0]), **tol)
    check(lambda m: m.dot(*_pair(m)), **tol)
    check(lambda m: m.vdot(*_pair(m)), **tol)
    # (products print -0 where torch's rounding gives +0: values compared, not printing)
    check(lambda m: _pair(m)[0].reshape(4, 1) @ _pair(m)[1].reshape(1, 4), check_repr=False, **tol)
    check(lambda m: m.mm(_pair(m)[0].reshape(2, 2), _pair(m)[1].reshape(2, 2)), **tol)
    check(lambda m: m.allclose(_pair(m)[0], _pair(m)[0] + 1e-9j))
    check(lambda m: m.isclose(*_pair(m)))


def test_views_share_memory():
    x = nt.zeros(3, dtype=nt.cfloat)
    x.real = nt.tensor([1.0, 2.0, 3.0])
    x.imag[1] = 5
    assert x.tolist() == [1 + 0j, 2 + 5j, 3 + 0j]
    pairs = nt.view_as_real(x)
    pairs[2, 1] = -1
    assert x[2].item() == 3 - 1j
    assert pairs._base is x and x.real._base is x
    back = nt.view_as_complex(pairs)
    back[0] = 7j
    assert x[0].item() == 7j
    check(lambda m: m.view_as_real(m.zeros(3, dtype=m.cfloat)[1:]).stride())
    check(lambda m: m.view_as_real(m.zeros(3, 2, dtype=m.cdouble).t()).stride())
    check(lambda m: m.zeros(3, dtype=m.cfloat)[1:].imag.storage_offset())
    check(lambda m: m.zeros(3, dtype=m.cfloat)[1:].real.stride())
    check(lambda m: m.view_as_complex(m.zeros(4, 2)[1:]).storage_offset())
    check(lambda m: m.tensor([1.0, 2.0]).real)


@pytest.mark.parametrize(
    "fn",
    [
        lambda m: m.view_as_complex(m.zeros(3)),
        lambda m: m.view_as_complex(m.zeros(3, 3)),
        lambda m: m.view_as_complex(m.zeros(2, 3).t()),
        lambda m: m.view_as_complex(m.zeros(3, 3)[:, :2]),
        lambda m: m.view_as_complex(m.zeros(7)[1:].reshape(3, 2)),
        lambda m: m.view_as_complex(m.zeros(3, 2, dtype=m.int64)),
        lambda m: m.view_as_complex(m.zeros(())),
        lambda m: m.view_as_real(m.zeros(2)),
        lambda m: m.complex(m.zeros(2), m.zeros(2, dtype=m.float64)),
        lambda m: m.complex(m.zeros(2, dtype=m.long), m.zeros(2, dtype=m.long)),
        lambda m: m.polar(m.zeros(2, dtype=m.long), m.zeros(2, dtype=m.long)),
        lambda m: m.zeros(2).imag,
    ],
)
def test_view_and_build_errors(fn):
    check(fn)


def test_complex_polar_angle():
    r = lambda m: m.tensor([1.0, 2.0, 3.0])  # noqa: E731
    check(lambda m: m.complex(r(m), r(m) * 2))
    check(lambda m: m.complex(m.zeros(2, 1), m.ones(3)))
    check(lambda m: m.complex(r(m).double(), r(m).double()))
    check(lambda m: m.polar(r(m), r(m)), exact=False)
    check(lambda m: m.view_as_complex(m.tensor([[1.0, 2], [3, 4]])))
    check(lambda m: m.view_as_real(m.tensor(A)))
    check(lambda m: m.angle(m.tensor([-1, 0, 2])))
    check(lambda m: m.angle(m.tensor([True])))
    nan = float("nan")
    check(lambda m: m.tensor([nan, -0.0, -float("inf"), 2.0], dtype=m.float64).angle())
    check(lambda m: m.sgn(m.tensor([-2.0, 0.0, 3.0])))


def test_casts_warn_like_torch():
    check(lambda m: m.tensor([1.0, 2.0]).to(m.complex64))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = nt.tensor(A).to(nt.float32)
    assert [str(w.message) for w in caught] == [
        "Casting complex values to real discards the imaginary part"
    ]
    assert got.tolist() == [1.0, 3.0, -0.5, 0.0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda m: m.tensor(A).double())
        check(lambda m: m.zeros(4).copy_(m.tensor(A)))
    check(lambda m: m.add(*_pair(m), out=m.zeros(4)))  # complex result into a real out=


def test_random_complex():
    nt.manual_seed(0)
    z = nt.randn(20000, dtype=nt.cfloat)
    assert z.dtype is nt.complex64
    parts = nt.view_as_real(z)
    assert abs(parts.var().item() - 0.5) < 0.02  # each part N(0, 1/2), as torch
    assert abs(z.abs().pow(2).mean().item() - 1.0) < 0.03
    u = nt.rand(10000, dtype=nt.complex128)
    assert nt.view_as_real(u).min().item() >= 0 and nt.view_as_real(u).max().item() < 1
    w = nt.empty(5000, dtype=nt.cfloat).normal_(0, 2)
    assert abs(w.abs().pow(2).mean().item() - 4.0) < 0.3


def test_autograd_through_complex_is_refused():
    a = nt.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(NotImplementedError, match="complex"):
        nt.complex(a, a)
    with pytest.raises(NotImplementedError, match="complex"):
        nt.zeros(2, dtype=nt.cfloat).requires_grad_()
    with nt.no_grad():
        assert nt.complex(a, a).dtype is nt.complex64


@pytest.mark.parametrize("device", ["cpu", pytest.param("cuda", marks=pytest.mark.cuda)])
def test_on_device(device):
    if device == "cuda" and not nt.cuda.is_available():
        pytest.skip("no CUDA device")
    # (a CUDA tensor's device suffix can wrap its line: values, dtypes and shapes compared)
    tol = dict(exact=False, rtol=1e-5, atol=1e-6, check_repr=False)
    check_on(device, lambda m: m.tensor(A) * m.tensor(B) + 1j, **tol)
    check_on(device, lambda m: (m.tensor(A) / m.tensor(B)).abs(), **tol)
    check_on(device, lambda m: m.tensor(A[:3]).exp().sqrt(), **tol)
    check_on(device, lambda m: m.tensor(A).sum(), **tol)
    check_on(device, lambda m: m.view_as_real(m.tensor(A)[1:]), **tol)
    check_on(
        device,
        lambda m: m.complex(m.tensor([1.0, 2.0]), m.tensor([3.0, 4.0])).conj().resolve_conj(),
    )
    check_on(device, lambda m: m.tensor(A).reshape(2, 2) @ m.tensor(B).reshape(2, 2), **tol)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_on(device, lambda m: m.tensor(A).to(m.float64), check_repr=False)


def test_linalg_eig():
    check(lambda m: m.linalg.eig(m.tensor([[0.0, -1.0], [1.0, 0.0]])), exact=False)
    check(
        lambda m: m.linalg.eigvals(m.tensor([[2.0, 1.0], [1.0, 3.0]], dtype=m.float64)),
        exact=False,
    )
    check(lambda m: m.linalg.eig(m.zeros(0, 0)))
    check(lambda m: m.linalg.eig(m.ones(2, 3)))
    check(lambda m: m.linalg.eig(m.ones(2, 2, dtype=m.long)))
    check(lambda m: m.linalg.eig(m.tensor([[float("nan"), 0.0], [0.0, 1.0]])))
    # eigenvectors are defined up to a phase: check A V = V diag(L) and unit norms
    a = np.random.default_rng(0).standard_normal((3, 4, 4))
    for dtype, tol in ((nt.float64, 1e-10), (nt.float32, 1e-4)):
        A = nt.tensor(a, dtype=dtype)
        L, V = nt.linalg.eig(A)
        assert L.dtype is dtype.to_complex() and V.shape == (3, 4, 4)
        residual = A.to(L.dtype) @ V - V * L[..., None, :]
        assert residual.abs().max().item() < tol
        np.testing.assert_allclose(V.abs().pow(2).sum(-2).numpy(), 1, rtol=tol * 10)
        expected = np.sort_complex(torch.linalg.eigvals(torch.tensor(a)).numpy().reshape(-1))
        got = np.sort_complex(L.numpy().reshape(-1).astype(np.complex128))
        np.testing.assert_allclose(got, expected, rtol=tol * 10, atol=tol * 10)
    with pytest.raises(NotImplementedError, match="complex"):
        nt.linalg.eig(nt.eye(2, requires_grad=True))


def test_vecdot_conjugates_the_first_argument():
    check(lambda m: m.linalg.vecdot(m.tensor([[1 + 1j, 2j]]), m.tensor([1 + 0j, 1j])))

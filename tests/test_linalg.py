"""matmul and friends, svd, diag/trace/tril/triu against torch 2.13."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check, check_on, torch

RNG = np.random.default_rng(3)


def r(*shape, dtype=np.float32):
    if np.dtype(dtype).kind in "iu":
        return RNG.integers(-4, 5, shape).astype(dtype)
    return RNG.standard_normal(shape).astype(dtype)


SHAPES = [
    ((3,), (3,)),
    ((2, 3), (3, 4)),
    ((3,), (3, 4)),
    ((2, 3), (3,)),
    ((5, 2, 3), (3,)),
    ((3,), (5, 3, 2)),
    ((5, 2, 3), (5, 3, 4)),
    ((5, 2, 3), (3, 4)),
    ((2, 3), (5, 3, 4)),
    ((4, 1, 2, 3), (5, 3, 2)),
    ((1, 2, 3), (6, 3, 1)),
    ((0, 3), (3, 2)),
    ((2, 0), (0, 3)),
    ((2, 4, 3), (2, 2, 3, 5)),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.int32, np.float16])
@pytest.mark.parametrize("shapes", SHAPES, ids=str)
def test_matmul_cases(shapes, dtype, device):
    a, b = r(*shapes[0], dtype=dtype), r(*shapes[1], dtype=dtype)
    tol = dict(rtol=2e-3, atol=2e-3) if dtype == np.float16 else dict(rtol=1e-5, atol=1e-5)
    check_on(
        device, lambda m: m.matmul(m.tensor(a), m.tensor(b)), exact=False, check_repr=False, **tol
    )
    check_on(device, lambda m: m.tensor(a) @ m.tensor(b), exact=False, check_repr=False, **tol)


def test_non_contiguous_operands(device):
    a, b = r(4, 6), r(5, 4)
    tol = dict(exact=False, check_repr=False, rtol=1e-5, atol=1e-6)
    check_on(device, lambda m: m.tensor(a).t() @ m.tensor(b).t(), **tol)
    check_on(device, lambda m: m.tensor(a)[:, ::2].matmul(m.tensor(b)[:3]), **tol)
    c = r(3, 4, 5)
    check_on(device, lambda m: m.tensor(c).transpose(1, 2) @ m.tensor(c), **tol)
    check_on(
        device, lambda m: m.tensor(c).permute(2, 0, 1) @ m.tensor(a[:1]).expand(4, 6)[:, :4], **tol
    )


def test_mm_bmm_mv_dot_outer(device):
    a, b, v = r(2, 3), r(3, 4), r(3)
    check_on(device, lambda m: m.mm(m.tensor(a), m.tensor(b)), exact=False)
    check_on(device, lambda m: m.tensor(a).mm(m.tensor(b)), exact=False)
    check_on(device, lambda m: m.mv(m.tensor(a), m.tensor(v)), exact=False)
    check_on(device, lambda m: m.dot(m.tensor(v), m.tensor(v)), exact=False)
    check_on(device, lambda m: m.tensor(v).dot(m.tensor(v * 2)), exact=False)
    w = r(2)
    check_on(device, lambda m: m.outer(m.tensor(v), m.tensor(w)), exact=False)
    check_on(device, lambda m: m.outer(m.tensor([1, 2]), m.tensor([3, 4, 5])))
    p, q = r(32, 8, 8), r(32, 8, 8)
    check_on(
        device,
        lambda m: m.bmm(m.tensor(p), m.tensor(q)),
        exact=False,
        check_repr=False,
        rtol=1e-5,
        atol=1e-5,
    )
    check_on(
        device,
        lambda m: m.bmm(m.tensor(p[:2]), m.tensor(q[:2])),
        exact=False,
        check_repr=False,
        rtol=1e-5,
        atol=1e-5,
    )
    i, j = r(2, 3, 4, dtype=np.int64), r(2, 4, 5, dtype=np.int64)
    check_on(device, lambda m: m.bmm(m.tensor(i), m.tensor(j)))


def test_seed_matmul_cells():
    t1 = np.arange(10, dtype=np.float32).reshape(2, 5)
    t2 = np.arange(10, dtype=np.float32).reshape(5, 2)
    check(lambda m: m.tensor(t1).mm(m.tensor(t2)))
    check(lambda m: m.tensor(t1).matmul(m.tensor(t2)))
    check(lambda m: m.tensor(t1).dot(m.tensor(t2)))
    check(lambda m: m.rand(5, 2, 3).dot(m.rand(3)))
    x = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
    check(lambda m: m.tensor(x) @ m.tensor(x))
    t3 = np.array([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]], dtype=np.float32)
    check(lambda m: m.matmul(m.tensor(t3), m.tensor(t3 + 8)))
    check(lambda m: f"dot_scalar {m.dot(m.tensor([1.0, 2.0, 3.0]), m.tensor([4.0, 5.0, 6.0]))}")


ERRORS = {
    "mm_shapes": lambda m: m.mm(m.ones(2, 3), m.ones(2, 3)),
    "mm_1d": lambda m: m.mm(m.ones(3), m.ones(3, 2)),
    "mm_dtype": lambda m: m.mm(m.ones(2, 2), m.ones(2, 2, dtype=m.float64)),
    "matmul_dtype": lambda m: m.ones(2, 2) @ m.ones(2, 2, dtype=m.float64),
    "matmul_0d": lambda m: m.matmul(m.tensor(1.0), m.ones(2)),
    "matmul_1d": lambda m: m.matmul(m.ones(3), m.ones(4)),
    "matmul_mv": lambda m: m.matmul(m.ones(2, 3), m.ones(2)),
    "matmul_batch": lambda m: m.matmul(m.ones(2, 3, 4), m.ones(2, 3, 4)),
    "matmul_batch_bcast": lambda m: m.matmul(m.ones(2, 3, 4), m.ones(3, 4, 2)),
    "matmul_bool": lambda m: m.ones(2, 2, dtype=m.bool) @ m.ones(2, 2, dtype=m.bool),
    "bmm_2d": lambda m: m.bmm(m.ones(2, 3), m.ones(3, 2)),
    "bmm_shapes": lambda m: m.bmm(m.ones(2, 3, 4), m.ones(2, 3, 4)),
    "mv_shapes": lambda m: m.mv(m.ones(2, 3), m.ones(2, 2)),
    "dot_sizes": lambda m: m.dot(m.ones(3), m.ones(4)),
    "dot_dtypes": lambda m: m.dot(m.ones(3), m.ones(3, dtype=m.float64)),
    "outer_2d": lambda m: m.outer(m.ones(2, 2), m.ones(2)),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_match_torch(name, device):
    check_on(device, ERRORS[name])


@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (4, 4), (1, 3), (2, 6, 4), (200, 100)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_svd_reconstructs_and_matches_singular_values(shape, dtype):
    a = r(*shape, dtype=dtype)
    tol = 1e-4 if dtype == np.float32 else 1e-10
    for full in (False, True):
        u, s, vh = nt.linalg.svd(nt.tensor(a), full_matrices=full)
        eu, es, evh = torch.linalg.svd(torch.tensor(a), full_matrices=full)
        assert u.shape == tuple(eu.shape) and vh.shape == tuple(evh.shape)
        assert u.dtype == getattr(nt, np.dtype(dtype).name)
        np.testing.assert_allclose(s.numpy(), es.numpy(), rtol=tol, atol=tol)
        k = min(shape[-2:])
        rebuilt = (u[..., :k] * s.unsqueeze(-2)) @ vh[..., :k, :]
        np.testing.assert_allclose(rebuilt.numpy(), a, rtol=tol * 10, atol=tol * 10)
        # the same singular vectors up to sign
        np.testing.assert_allclose(
            np.abs(u[..., :k].numpy()), np.abs(eu[..., :k].numpy()), atol=tol * 100
        )
    u, s, v = nt.svd(nt.tensor(a))
    eu, es, ev = torch.svd(torch.tensor(a))
    assert v.shape == tuple(ev.shape)
    np.testing.assert_allclose(
        nt.linalg.svdvals(nt.tensor(a)).numpy(), es.numpy(), rtol=tol, atol=tol
    )


def test_svd_seed_cell_and_errors():
    z = np.array([[2.4062, 1.2434, 0.3095]], dtype=np.float32)
    got, expected = nt.svd(nt.tensor(z)), torch.svd(torch.tensor(z))
    assert repr(got).replace("numtensor.", "torch.") == repr(expected)
    check(lambda m: m.svd(m.tensor([1, 2])))
    check(lambda m: m.linalg.svd(m.ones(3)))
    check(lambda m: m.linalg.svd(m.ones(2, 2, dtype=m.int64)))
    check(lambda m: m.linalg.svd(m.zeros(0, 3)), check_repr=False)


def test_diag_trace_triangles(device):
    a = r(4, 5)
    check_on(device, lambda m: m.diag(m.tensor(a)))
    check_on(device, lambda m: m.diag(m.tensor(a), 1))
    check_on(device, lambda m: m.diag(m.tensor(a), -2))
    check_on(device, lambda m: m.diag(m.tensor([1, 2, 3])))
    check_on(device, lambda m: m.diag(m.tensor([1.0, 2.0]), 1))
    check_on(device, lambda m: m.trace(m.tensor(a)))
    check_on(device, lambda m: m.tensor([[1, 2], [3, 4]]).trace())
    for k in (0, 1, -1, 3):
        check_on(device, lambda m, k=k: m.tril(m.tensor(a), k))
        check_on(device, lambda m, k=k: m.tensor(a).triu(k))
    c = r(2, 3, 3)
    check_on(device, lambda m: m.tril(m.tensor(c)))
    check_on(device, lambda m: m.tril(m.ones(3)))
    check_on(device, lambda m: m.trace(m.ones(3)))

"""sort, unique and flip on CUDA (numtensor/backend/cuda/sorting.py, kernels/cuda/sort.py)
against the CPU backend and torch, end to end on cuda tensors.

Marked ``cuda``: the default run deselects them. Without a GPU, run them on numba's CUDA
simulator (small shapes: one OS thread per CUDA thread):

    NUMBA_ENABLE_CUDASIM=1 pytest -m cuda tests/test_cuda_sorting.py
"""

from __future__ import annotations

import numpy as np
import pytest

import numtensor as nt
from numtensor.backend import cpu as host
from tests.conftest import assert_same, check_on, torch

pytestmark = [pytest.mark.cuda, pytest.mark.filterwarnings("ignore:Grid size:Warning")]


@pytest.fixture(autouse=True)
def _needs_cuda():
    if not nt.cuda.is_available():
        pytest.skip("no CUDA device; set NUMBA_ENABLE_CUDASIM=1 to use the simulator")


def _backend():
    from numtensor.backend import cuda

    return cuda


RNG = np.random.default_rng(11)
# ties (few distinct values), NaN and signed zeros
TIES = RNG.integers(-3, 4, (3, 4, 5)).astype(np.float32)
TIES[0, 1, 2] = TIES[2, 3, 0] = TIES[1, 0, 4] = np.nan
TIES[1, 2, 1] = -0.0
TIES[1, 2, 3] = 0.0


def _arrays():
    finite = np.nan_to_num(TIES)
    return {
        "f32": TIES,
        "f64": TIES.astype(np.float64),
        "f16": TIES.astype(np.float16),
        "i64": finite.astype(np.int64) * 1000003,
        "i8": finite.astype(np.int8),
        "u8": (finite + 3).astype(np.uint8),
        "bool": finite > 0,
    }


def _same_as_cpu(got, expected):
    for g, e in zip(got, expected):
        g = _backend().to_host(g)
        assert g.dtype == e.dtype and g.shape == e.shape
        np.testing.assert_array_equal(g, e)


@pytest.mark.parametrize("name", sorted(_arrays()))
def test_sort_matches_the_cpu_backend_along_each_dim(name):
    a = _arrays()[name]
    data = _backend().from_host(a)
    for dim in range(a.ndim):
        for descending in (False, True):
            _same_as_cpu(_backend().sort(data, dim, descending), host.sort(a, dim, descending))


def test_sort_and_argsort_against_torch():
    for dim in (0, 1, -1):
        for descending in (False, True):
            check_on("cuda", lambda m, d=dim, s=descending: m.sort(m.tensor(TIES), d, s))
            check_on("cuda", lambda m, d=dim, s=descending: m.tensor(TIES).argsort(d, s))
    ints = _arrays()["i64"]
    check_on("cuda", lambda m: m.sort(m.tensor(ints), dim=1, descending=True, stable=True))
    check_on("cuda", lambda m: m.tensor(ints).argsort(dim=0, stable=True))
    check_on("cuda", lambda m: m.sort(m.tensor(TIES).transpose(0, 2), 1))  # strided input
    check_on("cuda", lambda m: m.sort(m.tensor(3.0)))
    check_on("cuda", lambda m: m.sort(m.zeros(2, 0, 3), 1))


def test_long_rows_take_the_global_merge_passes(monkeypatch):
    from numtensor.backend.cuda import sorting

    monkeypatch.setattr(sorting, "CHUNK", 16)  # rows longer than 16: chunk + merge passes
    a = RNG.integers(0, 9, (2, 70)).astype(np.float32)
    a[0, 3] = a[1, 60] = np.nan
    data = _backend().from_host(a)
    for descending in (False, True):
        _same_as_cpu(_backend().sort(data, 1, descending), host.sort(a, 1, descending))
    t = a.T.copy()
    _same_as_cpu(_backend().sort(_backend().from_host(t), 0, True), host.sort(t, 0, True))
    b = np.nan_to_num(a)  # (which NaN gets which index is the sort's choice: no NaN here)
    check_on(
        "cuda",
        lambda m: m.unique(m.tensor(b), return_inverse=True, return_counts=True),
        check_repr=False,  # a multi-line repr puts the device on a line of its own
    )
    _same_unique_as_cpu(a)


def _same_unique_as_cpu(a):
    """unique of all of ``a`` on the device and on the host: every NaN is a value of its own
    on both, but the NaNs' inverse indices may be handed out in another order."""
    got = _backend().unique(_backend().from_host(a), None)
    values, inverse, counts = (_backend().to_host(x) for x in got)
    e_values, e_inverse, e_counts = host.unique(a, None)
    np.testing.assert_array_equal(values, e_values)
    np.testing.assert_array_equal(counts, e_counts)
    nan = np.isnan(a) if a.dtype.kind == "f" else np.zeros(a.shape, bool)
    np.testing.assert_array_equal(inverse[~nan], e_inverse[~nan])
    nan_values = list(np.flatnonzero(np.isnan(values))) if a.dtype.kind == "f" else []
    assert sorted(inverse[nan]) == sorted(e_inverse[nan]) == nan_values


def test_topk():
    a = RNG.permutation(60).reshape(3, 4, 5).astype(np.float32)
    a[1, 2, 3] = np.nan
    for dim in (0, 1, 2):
        check_on("cuda", lambda m, d=dim: m.topk(m.tensor(a), 2, d))
        check_on("cuda", lambda m, d=dim: m.tensor(a).topk(3, dim=d, largest=False))
    # ties: torch's topk does not keep their order; the CPU backend's (stable) one does
    for largest in (True, False):
        got = nt.tensor(TIES, device="cuda").topk(3, dim=1, largest=largest)
        expected = nt.tensor(TIES).topk(3, dim=1, largest=largest)
        for g, e in zip(got, expected):
            np.testing.assert_array_equal(g.cpu().numpy(), e.numpy())


def test_median():
    a = RNG.permutation(24).reshape(4, 6).astype(np.float32)
    check_on("cuda", lambda m: m.median(m.tensor(a)))
    check_on("cuda", lambda m: m.tensor(a).median(0))
    check_on("cuda", lambda m: m.tensor(a).median(1, keepdim=True))
    b = a.copy()
    b[1, 2] = np.nan
    check_on("cuda", lambda m: m.median(m.tensor(b)))
    check_on("cuda", lambda m: m.median(m.tensor(b), 1))
    check_on("cuda", lambda m: m.median(m.tensor(_arrays()["i64"]), 2))


def test_unique():
    u = np.array([[3, 1, 2], [1, 3, 3]])
    check_on("cuda", lambda m: m.unique(m.tensor(u), return_inverse=True, return_counts=True))
    check_on("cuda", lambda m: m.unique(m.tensor(u), return_counts=True))
    check_on("cuda", lambda m: m.tensor([2.0, 1.0, 2.0]).unique())
    check_on("cuda", lambda m: m.unique(m.tensor([True, False, True]), return_inverse=True))
    check_on("cuda", lambda m: m.unique(m.zeros(0, 3), return_inverse=True, return_counts=True))
    # distinct slices: a stable device sort per column
    rows = [[1, 2], [1, 2], [0, 5]]
    check_on("cuda", lambda m: m.unique(m.tensor(rows), dim=0, return_inverse=True))
    cube = RNG.integers(0, 2, (3, 4, 2)).astype(np.float32)
    for dim in (0, 1, 2):
        check_on(
            "cuda",
            lambda m, d=dim: m.unique(
                m.tensor(cube), dim=d, return_inverse=True, return_counts=True
            ),
        )
    check_on("cuda", lambda m: m.unique(m.tensor([[True, False], [True, False]]), dim=1))
    empty = np.zeros((0, 3), np.float32)  # no slices: the CPU backend on the host
    _same_as_cpu(_backend().unique(_backend().from_host(empty), 0), host.unique(empty, 0))
    nans = RNG.integers(0, 2, (6, 2)).astype(np.float64)
    nans[1, 0] = nans[4, 0] = np.nan
    for dim in (0, 1):
        got = _backend().unique(_backend().from_host(nans), dim)
        _same_as_cpu(got, host.unique(nans, dim))
    # every NaN is a value of its own, on both backends
    for a in _arrays().values():
        _same_unique_as_cpu(a)


def test_flip():
    a = RNG.standard_normal((3, 4, 5)).astype(np.float32)
    check_on("cuda", lambda m: m.flip(m.tensor(a), [0, 2]))
    check_on("cuda", lambda m: m.tensor(a).flip(1))
    check_on("cuda", lambda m: m.tensor(_arrays()["i64"]).flip(-1, 0))
    check_on("cuda", lambda m: m.tensor(a).flip(0, 1, 2))
    check_on("cuda", lambda m: m.tensor(a).flip([]))
    check_on("cuda", lambda m: m.tensor(_arrays()["bool"]).flip(2))
    # non-contiguous inputs: transposed, sliced with a step, expanded
    check_on("cuda", lambda m: m.tensor(a).transpose(0, 2).flip(0, 1))
    check_on("cuda", lambda m: m.tensor(a)[:, 1:, ::2].flip(2))
    check_on("cuda", lambda m: m.tensor(a[0, 0]).expand(3, 5).flip(0, 1))
    check_on("cuda", lambda m: m.tensor(2.5).flip(()))
    check_on("cuda", lambda m: m.zeros(0, 3).flip(0))


def _grads(device, fn, a):
    x = nt.tensor(a, device=device, requires_grad=True)
    out = fn(x)
    w = nt.tensor(np.arange(out.numel(), dtype=a.dtype).reshape(tuple(out.shape)), device=device)
    (out * w).sum().backward()
    return out.detach().cpu().numpy(), x.grad.cpu().numpy()


@pytest.mark.parametrize(
    "fn",
    [
        lambda x: x.sort(1)[0],
        lambda x: x.sort(0, descending=True).values,
        lambda x: x.topk(2, dim=2).values,
        lambda x: x.topk(3, dim=1, largest=False)[0],
        lambda x: x.flip(0, 2),
        lambda x: x.median(1).values,
    ],
    ids=["sort", "sort_descending", "topk", "topk_smallest", "flip", "median"],
)
def test_gradients_match_the_cpu(fn):
    a = RNG.permutation(60).reshape(3, 4, 5).astype(np.float64)
    got = _grads("cuda", fn, a)
    expected = _grads("cpu", fn, a)
    for g, e in zip(got, expected):
        np.testing.assert_array_equal(g, e)
    xt = torch.tensor(a, requires_grad=True)
    out = fn(xt)
    (out * torch.arange(out.numel(), dtype=xt.dtype).reshape(out.shape)).sum().backward()
    np.testing.assert_array_equal(got[1], xt.grad.numpy())


def test_no_host_fallback_for_sorting():
    cuda = _backend()
    for name in ("sort", "unique", "flip"):
        assert name in cuda.NATIVE
        assert name not in cuda.HOST_FALLBACKS
    assert_same(
        nt.tensor([3, 1, 2], device="cuda").sort().values,
        torch.tensor([3, 1, 2]).sort().values,
        check_repr=False,
    )

"""Random numbers: the Philox4x32-10 kernels, generators and seeding, every random factory
and fill on each device, and PyTorch's errors.

The numbers are not PyTorch's (see numtensor/_generator.py), so values are checked by their
properties and by reproducibility; shapes, dtypes, errors and autograd are checked against
torch. On CUDA (the simulator in CI) draws stay small; the same seed gives the CPU's numbers.
"""

import math

import numpy as np
import pytest
import torch

import numtensor as nt
from tests.conftest import check, check_on

# ---- the generator itself ------------------------------------------------------------------

# Random123's known-answer vectors for philox4x32-10: counter, key, result
KAT = [
    ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    ((0xFFFFFFFF,) * 4, (0xFFFFFFFF,) * 2, (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
    (
        (0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344),
        (0xA4093822, 0x299F31D0),
        (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1),
    ),
]


@pytest.mark.parametrize(("counter", "key", "expected"), KAT)
def test_philox_matches_the_known_answers(counter, key, expected):
    from kernels.cpu import random as kernels

    words = kernels.philox(*map(np.uint64, counter), *map(np.uint64, key))
    assert tuple(int(w) for w in words) == expected


def test_a_draw_is_a_function_of_seed_offset_and_position():
    # element i of a draw does not depend on how many elements were drawn
    g = nt.Generator()
    short = nt.rand(5, generator=g.manual_seed(3))
    long = nt.rand(11, generator=g.manual_seed(3))
    assert long[:5].tolist() == short.tolist()
    # the serial and the threaded CPU kernels give the same numbers
    big = nt.randn(1 << 17, generator=g.manual_seed(4))
    small = nt.randn(1000, generator=g.manual_seed(4))
    assert big[:1000].tolist() == small.tolist()
    # each draw moves the offset on: consecutive draws differ
    g.manual_seed(3)
    assert nt.rand(5, generator=g).tolist() != nt.rand(5, generator=g).tolist()
    assert g.get_offset() == 2


def test_manual_seed_accepts_pytorchs_range():
    assert nt.manual_seed(-1).initial_seed() == 2**64 - 1
    assert nt.manual_seed(2**64 - 1).initial_seed() == 2**64 - 1
    for bad in (2**64, -(2**63) - 1):
        with pytest.raises(ValueError):
            nt.manual_seed(bad)
    with pytest.raises(TypeError):
        nt.manual_seed("3")
    nt.manual_seed(0)


def test_state_round_trips_and_has_pytorchs_errors():
    g = nt.Generator().manual_seed(5)
    nt.rand(3, generator=g)
    state = g.get_state()
    assert state.dtype is nt.uint8 and state.shape == (16,)
    a = nt.rand(4, generator=g)
    g.set_state(state)
    assert nt.rand(4, generator=g).tolist() == a.tolist()
    with pytest.raises(TypeError):
        g.set_state(nt.zeros(16))
    with pytest.raises(RuntimeError):
        g.set_state(nt.zeros(5, dtype=nt.uint8))
    assert repr(nt.Generator().device) == repr(torch.Generator().device)


def test_fork_rng_restores_the_state():
    nt.manual_seed(8)
    expected = nt.rand(3).tolist()
    nt.manual_seed(8)
    with nt.random.fork_rng():
        nt.rand(100)
    assert nt.rand(3).tolist() == expected


def test_seed_is_random_and_reproducible():
    s = nt.seed()
    a = nt.rand(3)
    nt.manual_seed(s)
    assert nt.rand(3).tolist() == a.tolist()
    assert nt.initial_seed() == s


# ---- factories on each device --------------------------------------------------------------


def test_factories_shapes_dtypes_devices(device):
    t = nt.rand(2, 3, device=device)
    assert t.shape == (2, 3) and t.dtype is nt.float32 and t.device.type == device
    assert nt.randn((4,), dtype=nt.float64, device=device).dtype is nt.float64
    assert nt.rand(3, dtype=nt.float16, device=device).dtype is nt.float16
    assert nt.randint(5, (2, 2), device=device).dtype is nt.int64
    assert nt.randint(0, 2, (3,), dtype=nt.bool, device=device).dtype is nt.bool
    assert nt.randint(0, 9, (3,), dtype=nt.float32, device=device).dtype is nt.float32
    assert nt.randperm(6, device=device).dtype is nt.int64
    assert nt.randperm(6, dtype=nt.float32, device=device).dtype is nt.float32
    assert nt.rand(0, 3, device=device).shape == (0, 3)
    assert nt.randn((), device=device).shape == ()
    assert nt.rand(2, requires_grad=True, device=device).requires_grad
    x = nt.zeros(2, 3, dtype=nt.float64, device=device)
    for like in (nt.rand_like(x), nt.randn_like(x), nt.randint_like(x, 7)):
        assert like.dtype is nt.float64 and like.device.type == device and like.shape == (2, 3)
    assert nt.randint_like(x, 2, 4).max().item() < 4


def test_uniform_and_normal_look_right(device):
    n = 4096 if device == "cpu" else 1024
    u = nt.rand(n, generator=None, device=device).cpu().numpy()
    assert u.min() >= 0 and u.max() < 1 and abs(u.mean() - 0.5) < 0.05
    z = nt.randn(n, dtype=nt.float64, device=device).cpu().numpy()
    assert abs(z.mean()) < 0.15 and abs(z.std() - 1) < 0.1
    h = nt.rand(n, dtype=nt.float16, device=device).cpu().numpy()
    assert h.max() < 1 and h.min() >= 0  # never rounded up to 1.0
    i = nt.randint(-3, 4, (n,), device=device).cpu().numpy()
    assert set(i.tolist()) == set(range(-3, 4))
    huge = nt.randint(-(2**63), 2**63 - 1, (64,), device=device).cpu().numpy()
    assert (huge < 0).any() and (huge > 0).any()


def test_randperm_is_a_permutation(device):
    for n in (0, 1, 7, 100):
        p = nt.randperm(n, device=device).cpu().numpy()
        assert sorted(p.tolist()) == list(range(n))
    nt.manual_seed(2)
    a = nt.randperm(20, device=device).tolist()
    nt.manual_seed(2)
    assert nt.randperm(20, device=device).tolist() == a


def test_same_seed_same_numbers(device):
    nt.manual_seed(11)
    draws = [
        nt.rand(5, device=device),
        nt.randn(3, device=device),
        nt.randint(9, (4,), device=device),
    ]
    nt.manual_seed(11)
    again = [
        nt.rand(5, device=device),
        nt.randn(3, device=device),
        nt.randint(9, (4,), device=device),
    ]
    for a, b in zip(draws, again):
        assert a.tolist() == b.tolist()


@pytest.mark.cuda
def test_cuda_draws_the_cpus_numbers():
    if not nt.cuda.is_available():
        pytest.skip("no CUDA device (run with NUMBA_ENABLE_CUDASIM=1)")
    for kwargs in ({}, {"dtype": nt.float64}, {"dtype": nt.float16}):
        for make in (nt.rand, nt.randn):
            nt.manual_seed(5)
            cpu = make(37, **kwargs).numpy()
            nt.manual_seed(5)
            cuda = make(37, device="cuda", **kwargs).cpu().numpy()
            np.testing.assert_allclose(cuda, cpu, rtol=1e-15, atol=0)
    nt.manual_seed(6)
    cpu = [nt.randint(-5, 50, (9,)).tolist(), nt.randperm(33).tolist()]
    nt.manual_seed(6)
    cuda = [
        nt.randint(-5, 50, (9,), device="cuda").tolist(),
        nt.randperm(33, device="cuda").tolist(),
    ]
    assert cuda == cpu
    # separate generators: drawing on one device does not move the other
    nt.manual_seed(1)
    nt.rand(10, device="cuda")
    first = nt.rand(3).tolist()
    nt.manual_seed(1)
    assert nt.rand(3).tolist() == first
    # cuda.manual_seed seeds the CUDA generators only
    nt.manual_seed(1)
    nt.cuda.manual_seed(99)
    assert nt.rand(3).tolist() == first
    assert nt.cuda.initial_seed() == 99
    g = nt.Generator(device="cuda").manual_seed(4)
    assert g.device == nt.device("cuda:0")
    assert (
        nt.rand(3, generator=g, device="cuda").tolist()
        == nt.rand(3, generator=nt.Generator().manual_seed(4)).tolist()
    )
    state = nt.cuda.get_rng_state()
    a = nt.randn(4, device="cuda").tolist()
    nt.cuda.set_rng_state(state)
    assert nt.randn(4, device="cuda").tolist() == a
    assert len(nt.cuda.default_generators) == nt.cuda.device_count()
    with pytest.raises(RuntimeError, match="Expected a 'cuda' device type for generator"):
        nt.rand(2, device="cuda", generator=nt.Generator())
    with pytest.raises(RuntimeError, match="Expected a 'cpu' device type for generator"):
        nt.rand(2, generator=g)


# ---- in-place fills --------------------------------------------------------------------------


def test_fills_on_each_device(device):
    x = nt.zeros(3, 5, device=device)
    x.uniform_(-2, 3)
    h = x.cpu().numpy()
    assert h.min() >= -2 and h.max() < 3 and x.device.type == device
    x.normal_(10, 0.5)
    assert abs(x.mean().item() - 10) < 1
    x.bernoulli_(0.5)
    assert set(x.cpu().numpy().ravel().tolist()) <= {0.0, 1.0}
    x.bernoulli_(nt.tensor([0.0, 1.0, 0.0, 1.0, 0.0], device=device))
    assert x.cpu().numpy().tolist() == [[0.0, 1.0, 0.0, 1.0, 0.0]] * 3
    x.random_(0, 4)
    assert set(x.cpu().numpy().ravel().tolist()) <= {0.0, 1.0, 2.0, 3.0}
    x.random_(3)
    assert x.max().item() < 3
    x.exponential_(2.0)
    assert x.min().item() >= 0
    i = nt.zeros(6, dtype=nt.int64, device=device).random_()
    assert i.min().item() >= 0
    b = nt.zeros(6, dtype=nt.bool, device=device).random_()
    assert b.dtype is nt.bool
    # non-contiguous and half targets are filled everywhere, layout kept
    t = nt.zeros(4, 6, device=device).t()
    t.uniform_(1, 2)
    assert t.stride() == (1, 6) and t.min().item() >= 1
    f16 = nt.zeros(8, dtype=nt.float16, device=device).normal_()
    assert f16.dtype is nt.float16 and (f16 != 0).any().item()


def test_fills_refuse_a_leaf_that_requires_grad(device):
    w = nt.zeros(3, requires_grad=True, device=device)
    for fill in ("uniform_", "normal_", "bernoulli_", "random_", "exponential_"):
        with pytest.raises(RuntimeError, match="leaf Variable"):
            getattr(w, fill)()
    with nt.no_grad():
        w.uniform_()
    assert w.requires_grad


# ---- bernoulli, normal, dropout, init -------------------------------------------------------


def test_bernoulli(device):
    p = nt.tensor([[0.0, 1.0], [1.0, 0.0]], device=device)
    assert nt.bernoulli(p).tolist() == [[0.0, 1.0], [1.0, 0.0]]
    assert p.bernoulli().tolist() == [[0.0, 1.0], [1.0, 0.0]]
    assert nt.bernoulli(p, 1.0).tolist() == [[1.0, 1.0], [1.0, 1.0]]
    q = nt.full((3,), 0.5, dtype=nt.float64, device=device, requires_grad=True)
    s = nt.bernoulli(q)
    assert s.dtype is nt.float64 and s.requires_grad
    assert (
        type(s.grad_fn).__name__
        == type(torch.bernoulli(torch.full((3,), 0.5, requires_grad=True)).grad_fn).__name__
    )
    s.sum().backward()
    assert q.grad.tolist() == [0.0, 0.0, 0.0]


def test_normal_forms(device):
    m = nt.zeros(2, 3, device=device)
    assert nt.normal(m, nt.ones(3, device=device)).shape == (2, 3)
    assert nt.normal(m, 2.0).shape == (2, 3)
    assert nt.normal(1.0, nt.ones(4, device=device)).shape == (4,)
    out = nt.normal(5.0, 0.0, (3,), device=device)
    assert out.tolist() == [5.0, 5.0, 5.0] and out.device.type == device
    mean = nt.zeros(3, dtype=nt.float64, requires_grad=True, device=device)
    sample = nt.normal(mean, 1.0)
    expected = torch.normal(torch.zeros(3, dtype=torch.float64, requires_grad=True), 1.0)
    assert type(sample.grad_fn).__name__ == type(expected.grad_fn).__name__
    sample.sum().backward()
    assert mean.grad.tolist() == [0.0, 0.0, 0.0]


def test_dropout_on_each_device(device):
    nt.manual_seed(0)
    x = nt.ones(200, device=device)
    y = nt.nn.functional.dropout(x, 0.25)
    kept = y.cpu().numpy()
    assert set(np.unique(kept).tolist()) <= {0.0, float(np.float32(1 / 0.75))}
    assert 0.1 < (kept == 0).mean() < 0.4
    layer = nt.nn.Dropout(0.5).to(device)
    layer.eval()
    assert layer(x) is x or layer(x).tolist() == x.tolist()


def test_trunc_normal_stays_in_bounds(device):
    w = nt.empty(50, 4, device=device)
    nt.nn.init.trunc_normal_(w, std=2.0, a=-1.0, b=1.5)
    h = w.cpu().numpy()
    assert w.device.type == device and h.min() >= -1 and h.max() <= 1.5


# ---- PyTorch's errors ------------------------------------------------------------------------

ERRORS = {
    "randint_empty_range": lambda m: m.randint(5, 5, (2,)),
    "randint_uint8_high": lambda m: m.randint(0, 300, (3,), dtype=m.uint8),
    "randint_uint8_low": lambda m: m.randint(-1, 3, (3,), dtype=m.uint8),
    "randint_bool": lambda m: m.randint(0, 3, (3,), dtype=m.bool),
    "randint_float_bounds": lambda m: m.randint(3.0, 5.0, size=(3,)),
    "randperm_bool": lambda m: m.randperm(5, dtype=m.bool),
    "randperm_uint8": lambda m: m.randperm(300, dtype=m.uint8),
    "randperm_negative": lambda m: m.randperm(-1),
    "randn_int": lambda m: m.randn(3, dtype=m.int64),
    "rand_int": lambda m: m.rand(3, dtype=m.int64),
    "uniform_int": lambda m: m.zeros(3, dtype=m.int64).uniform_(),
    "uniform_reversed": lambda m: m.zeros(3).uniform_(2, 1),
    "normal_negative_std": lambda m: m.zeros(3).normal_(0, -1),
    "normal_tensor_negative_std": lambda m: m.normal(m.zeros(2), -1.0),
    "bernoulli_p_range": lambda m: m.zeros(3).bernoulli_(1.5),
    "bernoulli_tensor_p_range": lambda m: m.zeros(3).bernoulli_(m.tensor([0.5, 2.0, 0.1])),
    "bernoulli_int_input": lambda m: m.bernoulli(m.tensor([0, 1])),
    "bernoulli_out_of_range": lambda m: m.bernoulli(m.tensor([0.2, 1.5])),
    "bernoulli_shape": lambda m: m.zeros(3).bernoulli_(m.tensor([0.5, 1.0])),
    "exponential_int": lambda m: m.zeros(3, dtype=m.int64).exponential_(),
}


@pytest.mark.parametrize("case", list(ERRORS), ids=list(ERRORS))
def test_errors_match_torch(case, device):
    check_on(device, ERRORS[case])


def test_value_free_results_match_torch():
    # what does not depend on the numbers: dtypes, shapes, values of degenerate draws
    check(lambda m: m.randint(0, 1, (2, 3)))
    check(lambda m: m.bernoulli(m.ones(2, 2)))
    check(lambda m: m.zeros(4).bernoulli_(0.0))
    check(lambda m: m.normal(m.arange(4.0), 0.0))
    check(lambda m: m.rand(0, 2).shape)
    check(lambda m: m.randperm(1))
    check(lambda m: m.zeros(3).uniform_(2.0, 2.0))
    assert math.isclose(nt.zeros(1).exponential_(1e300).item(), 0.0, abs_tol=1e-250)


@pytest.mark.parametrize(
    "case", ["randn_int", "uniform_int", "bernoulli_int_input", "randint_uint8_high"]
)
def test_error_messages_match_torch(case):
    with pytest.raises(Exception) as expected:
        ERRORS[case](torch)
    with pytest.raises(type(expected.value)) as got:
        ERRORS[case](nt)
    assert str(got.value) == str(expected.value)


def test_cuda_generators_without_cuda():
    if nt.cuda.is_available():
        pytest.skip("CUDA is available here")
    with pytest.raises(RuntimeError):
        nt.Generator(device="cuda")
    nt.cuda.manual_seed(3)  # seeds wait for a GPU, as in PyTorch
    nt.cuda.manual_seed_all(3)
    with pytest.raises(RuntimeError):
        nt.rand(2, device="cuda")

"""lerp rounds as PyTorch's CPU kernel: fma(weight - (|weight| >= 0.5), end - start, start or
end) with one rounding, bit for bit (signed zeros, inf and NaN included)."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch

EDGES = np.array([0.0, -0.0, 1.0, -1.0, 1e-300, 3.5, -2.25, 1e300, np.inf, -np.inf, np.nan])


def _same_bits(got: np.ndarray, want: np.ndarray) -> None:
    np.testing.assert_array_equal(got, want)
    both = ~np.isnan(want)
    np.testing.assert_array_equal(np.signbit(got[both]), np.signbit(want[both]))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("weight", [0.0, -0.0, 0.25, 0.49999, 0.5, 0.75, 1.0, 2.0, -1.0])
def test_edges_bit_for_bit(dtype, weight):
    a, b = (g.ravel() for g in np.meshgrid(EDGES, EDGES))

    def run(m):
        x, y = (m.tensor(v, dtype=getattr(m, dtype)) for v in (a, b))
        return m.lerp(x, y, weight).numpy()

    with np.errstate(over="ignore"):
        _same_bits(run(nt), run(torch))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_random_tensor_weights_bit_for_bit(dtype):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(20000), rng.standard_normal(20000) * 3
    w = rng.random(20000) * 1.4 - 0.2

    def run(m):
        x, y, z = (m.tensor(v, dtype=getattr(m, dtype)) for v in (a, b, w))
        return m.lerp(x, y, z).numpy(), x.lerp_(y, 0.3).numpy()

    for got, want in zip(run(nt), run(torch)):
        _same_bits(got, want)


@pytest.mark.cuda
def test_lerp_on_cuda_matches_cpu():
    rng = np.random.default_rng(1)
    a, b = (nt.tensor(rng.standard_normal(64)) for _ in range(2))
    np.testing.assert_array_equal(
        nt.lerp(a.cuda(), b.cuda(), 0.7).cpu().numpy(), nt.lerp(a, b, 0.7).numpy()
    )

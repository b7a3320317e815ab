"""fold/unfold and the transposed convolutions (issue 15) against torch, with gradients."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check, check_on


def r(m, *shape, seed=0):
    return m.tensor(np.random.default_rng(seed).standard_normal(shape).astype(np.float32))


def _layer(m, cls, *args, **kwargs):
    m.manual_seed(0)
    layer = getattr(m.nn, cls)(*args, **kwargs)
    with m.no_grad():
        for p in layer.parameters():
            p.copy_(r(m, *p.shape, seed=p.numel()))
    return layer


CASES = {
    "unfold": lambda m: (
        m.nn.functional.unfold(r(m, 2, 3, 5, 6), 2),
        m.nn.functional.unfold(r(m, 3, 5, 6), (2, 3), dilation=2, padding=1, stride=(2, 1)),
        m.nn.Unfold(3, padding=1)(r(m, 1, 2, 4, 4)),
    ),
    "fold": lambda m: (
        m.nn.functional.fold(r(m, 2, 12, 20), (5, 6), 2),
        m.nn.functional.fold(r(m, 18, 12), (4, 5), (2, 3), padding=1, stride=(2, 1)),
        m.nn.Fold((4, 4), 3, padding=1)(r(m, 1, 18, 16)),
    ),
    "fold bad blocks": lambda m: m.nn.functional.fold(r(m, 2, 12, 19), (5, 6), 2),
    "conv_transpose2d": lambda m: (
        m.nn.functional.conv_transpose2d(r(m, 2, 3, 4, 5), r(m, 3, 2, 3, 3, seed=1)),
        m.nn.functional.conv_transpose2d(
            r(m, 2, 4, 4, 5),
            r(m, 4, 3, 2, 3, seed=1),
            r(m, 6, seed=2),
            stride=2,
            padding=1,
            output_padding=1,
            groups=2,
            dilation=1,
        ),
        m.nn.functional.conv_transpose2d(
            r(m, 3, 4, 4), r(m, 3, 2, 3, 3, seed=1), stride=(2, 3), dilation=2
        ),
    ),
    "conv_transpose1d": lambda m: (
        m.nn.functional.conv_transpose1d(
            r(m, 2, 3, 7), r(m, 3, 4, 3, seed=1), stride=2, padding=1, output_padding=1
        ),
        m.nn.functional.conv_transpose1d(
            r(m, 3, 7), r(m, 3, 2, 5, seed=1), r(m, 2, seed=2), dilation=2
        ),
    ),
    "ConvTranspose2d": lambda m: (
        _layer(m, "ConvTranspose2d", 3, 4, 3, stride=2, padding=1)(r(m, 2, 3, 5, 5)),
        _layer(m, "ConvTranspose2d", 3, 4, 3, stride=2, padding=1)(
            r(m, 2, 3, 5, 5), output_size=[10, 10]
        ),
        repr(_layer(m, "ConvTranspose2d", 4, 6, (2, 3), stride=2, groups=2, bias=False)),
    ),
    "ConvTranspose1d": lambda m: (
        _layer(m, "ConvTranspose1d", 3, 5, 4, stride=3)(r(m, 2, 3, 6)),
        repr(_layer(m, "ConvTranspose1d", 3, 5, 4, output_padding=1, stride=2)),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    check(CASES[name], exact=False, check_repr=False, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", ["fold", "conv_transpose2d"])
def test_on_cuda(name, device):
    check_on(device, CASES[name], exact=False, check_repr=False, rtol=1e-5, atol=1e-5)


def test_transposed_convolution_is_the_convolutions_adjoint_and_gradchecks():
    g = np.random.default_rng(4)
    x = nt.tensor(g.standard_normal((1, 2, 3, 4)), requires_grad=True)
    w = nt.tensor(g.standard_normal((2, 3, 2, 2)), requires_grad=True)
    b = nt.tensor(g.standard_normal(3), requires_grad=True)
    assert nt.autograd.gradcheck(
        lambda x, w, b: nt.nn.functional.conv_transpose2d(x, w, b, stride=2, padding=1), (x, w, b)
    )
    cols = nt.tensor(g.standard_normal((1, 8, 6)), requires_grad=True)
    assert nt.autograd.gradcheck(lambda c: nt.nn.functional.fold(c, (3, 4), 2), (cols,))

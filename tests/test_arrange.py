"""Rearranging ops (issue 15) against torch: roll, rot90, fliplr/flipud, tile,
repeat_interleave, meshgrid, block_diag, cartesian_prod, combinations, tril/triu_indices,
diag_embed, diagflat, take_along_dim, h/v/dsplit, split_with_sizes, unravel_index, vander,
diff; with gradient checks."""

import warnings

import pytest

import numtensor as nt
from tests.conftest import check, check_on


def a(m):
    return m.arange(12.0).reshape(3, 4)


def c(m):
    return m.arange(24).reshape(2, 3, 4)


CASES = {
    "roll": lambda m: (
        m.roll(a(m), 1),
        m.roll(a(m), -1, 0),
        a(m).roll((1, 2), (0, 1)),
        m.roll(c(m), 5),
    ),
    "roll_big_shift": lambda m: (a(m).roll(7, 1), a(m).roll(-13, 0)),
    "roll_empty_scalar": lambda m: (m.roll(m.ones(0, 3), 1, 0), m.roll(m.tensor(5), 1)),
    "roll_mismatch": lambda m: a(m).roll((1, 2), 0),
    "rot90": lambda m: [m.rot90(a(m), k) for k in (-1, 0, 1, 2, 3, 5)],
    "rot90_dims": lambda m: (c(m).rot90(1, (1, 2)), c(m).rot90(1, [2, 0])),
    "rot90_bad": lambda m: a(m).rot90(1, (0, 0)),
    "rot90_1d": lambda m: m.arange(3).rot90(),
    "fliplr_flipud": lambda m: (m.fliplr(a(m)), a(m).flipud(), m.flipud(m.arange(3))),
    "fliplr_1d": lambda m: m.fliplr(m.arange(3)),
    "tile": lambda m: (a(m).tile((2,)), m.tile(m.arange(3), (2, 2)), c(m).tile((1, 2, 1, 1)).shape),
    "repeat_interleave": lambda m: (
        m.repeat_interleave(a(m), 2),
        a(m).repeat_interleave(2, dim=0),
        a(m).repeat_interleave(m.tensor([1, 0, 2]), dim=0),
    ),
    "repeat_interleave_counts": lambda m: m.repeat_interleave(m.tensor([2, 0, 3])),
    "repeat_interleave_scalar": lambda m: (
        m.tensor(4).repeat_interleave(3),
        m.tensor([2, 3]).repeat_interleave(m.tensor(2)),
    ),
    "repeat_interleave_bad": lambda m: a(m).repeat_interleave(m.tensor([1, 2]), dim=0),
    "meshgrid_ij": lambda m: m.meshgrid(m.arange(3.0), m.arange(2.0), indexing="ij"),
    "meshgrid_dtypes": lambda m: m.meshgrid(m.arange(3), m.arange(2.0), indexing="ij"),
    "meshgrid_xy": lambda m: m.meshgrid(m.arange(3), m.arange(2), m.arange(4), indexing="xy"),
    "meshgrid_list": lambda m: m.meshgrid([m.tensor(1), m.arange(2)], indexing="ij"),
    "meshgrid_bad": lambda m: m.meshgrid(a(m), indexing="ij"),
    "block_diag": lambda m: m.block_diag(
        m.ones(2, 2), m.tensor(5), m.tensor([1, 2, 3]), m.ones(1, 0)
    ),
    "block_diag_3d": lambda m: m.block_diag(m.ones(1, 1, 1)),
    "cartesian_prod": lambda m: (
        m.cartesian_prod(m.arange(3), m.tensor([7, 8])),
        m.cartesian_prod(m.arange(2)),
    ),
    "combinations": lambda m: (
        m.combinations(m.arange(4.0)),
        m.combinations(m.arange(4), 3),
        m.combinations(m.arange(3), with_replacement=True),
        m.combinations(m.arange(2), 3),
    ),
    "triangle_indices": lambda m: (
        m.tril_indices(3, 4),
        m.triu_indices(4, 3, 1),
        m.tril_indices(3, 3, -1, dtype=m.int32),
        m.triu_indices(0, 2),
    ),
    "diag_embed": lambda m: (
        m.diag_embed(a(m)),
        a(m).diag_embed(1),
        m.diag_embed(a(m), -2, 0, 2),
        m.diag_embed(a(m), 0, 1, 0),
    ),
    "diagflat": lambda m: (m.diagflat(a(m)[:2, :2]), m.diagflat(m.arange(3), -1)),
    "take_along_dim": lambda m: (
        m.take_along_dim(a(m), m.tensor([[0, 3], [1, 1], [2, 0]]), 1),
        m.take_along_dim(a(m), m.tensor([11, 0])),
        a(m).take_along_dim(m.tensor([[2], [0], [1]]), 1),
        m.take_along_dim(a(m), m.tensor([[0, 1, 2, 0]]), 0),
    ),
    "hsplit": lambda m: (m.hsplit(a(m), 2), m.hsplit(a(m), [1, 3]), m.hsplit(m.arange(6), 3)),
    "hsplit_bad": lambda m: m.hsplit(a(m), 3),
    "vsplit_dsplit": lambda m: (m.vsplit(a(m), 3), m.dsplit(c(m), [1]), c(m).dsplit(2)),
    "vsplit_1d": lambda m: m.vsplit(m.arange(4), 2),
    "split_with_sizes": lambda m: (
        a(m).split_with_sizes([1, 3], 1),
        m.split_with_sizes(a(m), [2, 1]),
    ),
    "split_with_sizes_bad": lambda m: a(m).split_with_sizes([1, 1], 1),
    "unravel_index": lambda m: (
        m.unravel_index(m.tensor([0, 5, 11, 23]), (2, 3, 4)),
        m.unravel_index(m.tensor(7), (4, 2)),
    ),
    "unravel_index_float": lambda m: m.unravel_index(m.tensor([1.0]), (2,)),
    "vander": lambda m: (
        m.vander(m.tensor([1, 2, 3])),
        m.vander(m.tensor([1.5, -2.0]), 4, increasing=True),
        m.vander(m.tensor([2, 3]), N=0),
    ),
    "diff": lambda m: (
        m.diff(a(m)),
        a(m).diff(2, 0),
        m.diff(m.tensor([1, 3, 6, 10]), prepend=m.tensor([0]), append=m.tensor([20, 30])),
        m.diff(m.tensor([True, False, False, True])),
    ),
    "diff_scalar": lambda m: m.diff(m.tensor(3.0)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(CASES[name])


@pytest.mark.parametrize(
    "name", ["roll", "rot90", "tile", "repeat_interleave", "diag_embed", "take_along_dim", "diff"]
)
def test_on_cuda(name, device):
    check_on(device, CASES[name])


def test_meshgrid_without_indexing_warns_and_uses_ij():
    with pytest.warns(UserWarning, match="indexing"):
        x, y = nt.meshgrid(nt.arange(2), nt.arange(3))
    assert x.shape == (2, 3) and y[0].tolist() == [0, 1, 2]


@pytest.mark.parametrize(
    "fn",
    [
        lambda t: t.roll((1, -2), (0, 1)),
        lambda t: t.rot90(3),
        lambda t: t.tile((2, 1)),
        lambda t: t.repeat_interleave(2, dim=1),
        lambda t: t.repeat_interleave(nt.tensor([2, 0, 1]), dim=0),
        lambda t: nt.block_diag(t, t[:1]),
        lambda t: nt.diag_embed(t, 1),
        lambda t: nt.take_along_dim(t, nt.tensor([[1], [0], [2]]), 1),
        lambda t: t.diff(1, 1),
        lambda t: nt.cartesian_prod(t[0], t[1]),
        lambda t: nt.combinations(t[0], 2),
        lambda t: nt.vander(t[0], 3),
    ],
)
def test_gradcheck(fn):
    t = nt.arange(12.0, dtype=nt.float64).reshape(3, 4).requires_grad_()
    assert nt.autograd.gradcheck(fn, (t * 0.37 + 0.5,))

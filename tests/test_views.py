"""Views share memory with their base and match torch's shapes, strides and values."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check_on, shares_memory


def a24(m):
    return m.arange(24).reshape(2, 3, 4)


CASES = {
    "view": lambda m: m.arange(20.0).view(4, 5).view(5, -1),
    "view_list": lambda m: m.arange(12).view([-1, 6]),
    "view_two_infer": lambda m: m.arange(6).view(-1, -1),
    "view_bad": lambda m: m.arange(6).view(4, -1),
    "view_size_mismatch": lambda m: m.zeros(2).view(3),
    "view_non_contig": lambda m: m.zeros(2, 3).t().view(6),
    "view_non_contig_ok": lambda m: m.arange(24).reshape(2, 3, 4).transpose(0, 1).view(3, 2, 2, 2),
    "view_zero_numel": lambda m: m.zeros(0, 3).view(-1, 0),
    "view_scalar": lambda m: m.tensor(5).view(1, 1),
    "view_strides": lambda m: m.arange(24).reshape(2, 3, 4)[:, 1:, :].view(2, 2, 2, 2).stride(),
    "view_as": lambda m: m.arange(6).view_as(m.zeros(3, 2)),
    "reshape_copy": lambda m: m.arange(6).reshape(2, 3).t().reshape(6),
    "reshape_tuple": lambda m: m.arange(16).reshape((2, 2, 4)),
    "reshape_fn": lambda m: m.reshape(m.arange(6), (3, 2)),
    "flatten": lambda m: a24(m).flatten(),
    "flatten_range": lambda m: a24(m).flatten(1),
    "flatten_mid": lambda m: m.zeros(2, 3, 4, 5).flatten(1, 2).shape,
    "flatten_scalar": lambda m: m.tensor(3).flatten(),
    "flatten_bad": lambda m: a24(m).flatten(2, 1),
    "flatten_dim_range": lambda m: m.zeros(2, 3).flatten(2),
    "unflatten": lambda m: m.arange(12).unflatten(0, (3, -1)),
    "unflatten_bad": lambda m: m.zeros(2, 3).unflatten(1, (2, 2)),
    "squeeze": lambda m: m.zeros(1, 3, 1, 3).squeeze().shape,
    "squeeze_dim": lambda m: m.zeros(1, 3, 1).squeeze(2).shape,
    "squeeze_noop": lambda m: m.zeros(2, 3).squeeze(1).shape,
    "squeeze_tuple": lambda m: m.zeros(1, 3, 1).squeeze((0, 2)).shape,
    "squeeze_bad": lambda m: m.zeros(2, 3).squeeze(3),
    "unsqueeze0": lambda m: m.zeros(2, 3, 2).unsqueeze(0).shape,
    "unsqueeze_last": lambda m: m.zeros(3, 3).unsqueeze(dim=2).shape,
    "unsqueeze_neg": lambda m: m.arange(3).unsqueeze(-1),
    "unsqueeze_strides": lambda m: m.arange(6).reshape(2, 3).unsqueeze(1).stride(),
    "unsqueeze_bad": lambda m: m.zeros(2).unsqueeze(3),
    "transpose": lambda m: m.arange(16).reshape(2, 2, 4).transpose(1, 2),
    "transpose_stride": lambda m: m.zeros(2, 3).transpose(0, 1).stride(),
    "transpose_bad": lambda m: m.zeros(2, 3).transpose(0, 5),
    "swapaxes": lambda m: m.arange(6).reshape(2, 3).swapaxes(0, 1),
    "t": lambda m: m.arange(6).reshape(2, 3).t(),
    "t_1d": lambda m: m.arange(3).t(),
    "t_3d": lambda m: m.zeros(2, 2, 2).t(),
    "T": lambda m: m.arange(6).reshape(2, 3).T,
    "mT": lambda m: a24(m).mT,
    "permute": lambda m: m.arange(16).reshape(2, 2, 4).permute((2, 0, 1)),
    "permute_args": lambda m: m.arange(16).reshape(2, 2, 4).permute(2, 0, 1).stride(),
    "permute_dup": lambda m: m.zeros(2, 3).permute(0, 0),
    "permute_len": lambda m: m.zeros(2, 3).permute(0),
    "movedim": lambda m: a24(m).movedim(0, 2).shape,
    "movedim_tuple": lambda m: a24(m).movedim((0, 1), (2, 0)),
    "movedim_bad": lambda m: m.zeros(2, 3).movedim(0, 3),
    "expand": lambda m: m.tensor([[1], [2]]).expand(2, 3),
    "expand_keep": lambda m: m.tensor([[1], [2]]).expand(-1, 4),
    "expand_new_dims": lambda m: m.tensor([1, 2]).expand(3, 2).stride(),
    "expand_bad": lambda m: m.zeros(2, 3).expand(3, 3),
    "expand_as": lambda m: m.tensor([1.0]).expand_as(m.zeros(2, 2)),
    "narrow": lambda m: m.arange(12).reshape(3, 4).narrow(1, 1, 2),
    "narrow_neg": lambda m: m.arange(12).reshape(3, 4).narrow(0, -2, 2),
    "narrow_bad": lambda m: m.zeros(2, 3).narrow(1, 2, 2),
    "unbind": lambda m: m.arange(6).reshape(2, 3).unbind(1),
    "diagonal": lambda m: m.arange(9).reshape(3, 3).diagonal(),
    "diagonal_offset": lambda m: m.arange(12).reshape(3, 4).diagonal(1),
    "diagonal_neg": lambda m: m.arange(12).reshape(3, 4).diagonal(-1),
    "diagonal_3d": lambda m: a24(m).diagonal(0, 1, 2),
    "diagonal_empty": lambda m: m.arange(9).reshape(3, 3).diagonal(5),
    "select": lambda m: a24(m).select(1, -1),
    "size_dim": lambda m: m.zeros(4, 2).size(dim=0),
    "size_neg": lambda m: m.zeros(4, 2).size(-1),
    "size_bad": lambda m: m.zeros(4, 2).size(2),
    "contiguous_flags": lambda m: [
        m.zeros(2, 3).is_contiguous(),
        m.zeros(2, 3).t().is_contiguous(),
        m.zeros(1, 3).t().is_contiguous(),
    ],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name, device):
    check_on(device, CASES[name])


@pytest.mark.parametrize(
    "make",
    [
        lambda t: t.view(3, 4),
        lambda t: t.reshape(2, 6),
        lambda t: t.view(3, 4).t(),
        lambda t: t.view(3, 4).transpose(0, 1),
        lambda t: t.view(2, 2, 3).permute(2, 0, 1),
        lambda t: t.unsqueeze(0),
        lambda t: t.view(1, 12).squeeze(),
        lambda t: t.view(3, 4)[:, 1],
        lambda t: t.view(3, 4)[1:, ::2],
        lambda t: t.view(3, 4).narrow(1, 1, 2),
        lambda t: t.view(3, 4).diagonal(),
        lambda t: t.view(3, 4).split(2, dim=1)[1],
        lambda t: t.view(3, 4).chunk(3)[2],
        lambda t: t.view(3, 4).unbind(0)[1],
        lambda t: t.view(1, 12).expand(3, 12),
        lambda t: t.flatten(),
        lambda t: t.view(3, 4).movedim(0, 1),
        lambda t: t.detach(),
        lambda t: t.data,
        lambda t: t.view(3, 4).mT,
    ],
)
def test_views_share_memory(make, device):
    base = nt.arange(12.0, device=device)
    v = make(base)
    if device == "cpu":
        assert shares_memory(v, base)
    assert v.device == base.device
    before = base.cpu().numpy().copy()
    v.fill_(-1.0)
    after = base.cpu().numpy()
    assert (after == -1).any()
    # exactly the view's elements changed: compare with the same view of a host copy
    host = nt.tensor(before)
    make(host).fill_(-1.0)
    np.testing.assert_array_equal(after, host.numpy())
    assert base._version == v._version


def test_reshape_copies_only_when_needed():
    t = nt.arange(6).reshape(2, 3)
    assert shares_memory(t.reshape(3, 2), t)
    tt = t.t()
    r = tt.reshape(6)
    assert not shares_memory(r, t)
    assert r.tolist() == [0, 3, 1, 4, 2, 5]
    c = tt.contiguous()
    assert c.is_contiguous() and not shares_memory(c, t)
    assert t.contiguous() is t


def test_attributes():
    t = nt.rand(3, 4)
    assert t.shape == nt.Size([3, 4]) and t.size() == (3, 4)
    assert t.ndim == 2 and t.dim() == 2 and t.numel() == 12 and len(t) == 3
    assert t.dtype is nt.float32 and t.device == nt.device("cpu") and t.device == "cpu"
    assert t.stride() == (4, 1) and t.stride(0) == 4 and t.element_size() == 4
    assert t.is_contiguous() and t.is_leaf and not t.requires_grad and t.grad is None
    assert t.grad_fn is None and not t.is_cuda and t.is_floating_point()
    assert t.ndimension() == 2 and not nt.arange(3).is_floating_point()
    assert nt.zeros(2, dtype=nt.float64).element_size() == 8
    with pytest.raises(TypeError):
        len(nt.tensor(1.0))
    assert np.shares_memory(t.data.numpy(), t.numpy())

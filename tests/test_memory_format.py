"""Memory formats (channels_last, channels_last_3d, contiguous_format, preserve_format) against
torch: the objects, the strides each function gives, contiguity checks, errors, and ops on
channels-last tensors."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch

FORMATS = ["contiguous_format", "channels_last", "channels_last_3d", "preserve_format"]
SHAPES_4D = [(2, 3, 4, 5), (2, 0, 4, 5), (0, 3, 4, 5), (2, 3, 1, 5), (1, 3, 1, 1), (2, 1, 4, 5),
             (2, 3, 1, 1), (1, 1, 1, 1)]  # fmt: skip
SHAPES_5D = [(2, 3, 4, 5, 6), (1, 3, 1, 2, 1), (2, 1, 2, 2, 2), (2, 0, 2, 1, 3)]


def _lib(t):
    """The library a tensor belongs to (torch or numtensor)."""
    return torch if isinstance(t, torch.Tensor) else nt


def data(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def both(a):
    return nt.tensor(a), torch.tensor(a)


# the same strided view of the same data in both libraries
VIEWS = {
    "contiguous": lambda t: t,
    "transposed": lambda t: t.transpose(2, 3),
    "permuted_nhwc": lambda t: t.permute(0, 2, 3, 1),
    "sliced": lambda t: t[:, :, ::2],
    "permuted_then_sliced": lambda t: t.permute(0, 2, 3, 1)[:, :, ::2],
    "sliced_then_permuted": lambda t: t[:, :, ::2].permute(0, 2, 3, 1),
    "channels_last": lambda t: t.contiguous(memory_format=_lib(t).channels_last),
    "channels_last_sliced": lambda t: t.contiguous(memory_format=_lib(t).channels_last)[..., 1:3],
    "expanded": lambda t: t[:1, :, :1, :].expand(2, 3, 4, 5),
    "size1_transposed": lambda t: t[:1].transpose(0, 1),
}


# ---- the objects ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_format_objects(name):
    ours, theirs = getattr(nt, name), getattr(torch, name)
    assert repr(ours) == repr(theirs).replace("torch.", "numtensor.")
    assert str(ours) == repr(ours)
    assert type(ours) is nt.memory_format
    assert pickle.loads(pickle.dumps(ours)) is ours
    assert copy.deepcopy(ours) is ours and copy.copy(ours) is ours
    assert ours == ours and hash(ours) == hash(getattr(nt, name))
    assert all(ours != getattr(nt, other) for other in FORMATS if other != name)


def test_legacy_alias_and_type():
    assert nt.legacy_contiguous_format is nt.contiguous_format
    assert repr(nt.legacy_contiguous_format) == "numtensor.contiguous_format"
    assert nt.memory_format.__name__ == torch.memory_format.__name__ == "memory_format"
    with pytest.raises(TypeError):
        torch.memory_format()
    with pytest.raises(TypeError, match=r"cannot create 'numtensor\.memory_format' instances"):
        nt.memory_format()


# ---- strides ----------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES_4D)
def test_empty_channels_last_strides(shape):
    a = nt.empty(shape, memory_format=nt.channels_last)
    b = torch.empty(shape, memory_format=torch.channels_last)
    assert a.stride() == b.stride() and a.shape == b.shape
    for name in ("contiguous_format", "channels_last", "channels_last_3d"):
        assert a.is_contiguous(memory_format=getattr(nt, name)) == b.is_contiguous(
            memory_format=getattr(torch, name)
        )
    plain_a, plain_b = nt.empty(shape), torch.empty(shape)
    assert plain_a.is_contiguous(memory_format=nt.channels_last) == plain_b.is_contiguous(
        memory_format=torch.channels_last
    )


@pytest.mark.parametrize("shape", SHAPES_5D)
def test_empty_channels_last_3d_strides(shape):
    a = nt.empty(shape, memory_format=nt.channels_last_3d)
    b = torch.empty(shape, memory_format=torch.channels_last_3d)
    assert a.stride() == b.stride()
    assert a.is_contiguous(memory_format=nt.channels_last_3d) == b.is_contiguous(
        memory_format=torch.channels_last_3d
    )
    assert a.is_contiguous() == b.is_contiguous()


def test_contiguous_channels_last_values_and_strides():
    x, t = both(data(2, 3, 4, 5))
    y, u = (
        x.contiguous(memory_format=nt.channels_last),
        t.contiguous(memory_format=torch.channels_last),
    )
    assert y.stride() == u.stride() == (60, 1, 15, 3)
    np.testing.assert_array_equal(y.numpy(), u.numpy())
    assert y.is_contiguous(memory_format=nt.channels_last) and not y.is_contiguous()
    assert y.contiguous(memory_format=nt.channels_last) is y
    back = y.contiguous()
    assert back.stride() == u.contiguous().stride() and back is not y
    np.testing.assert_array_equal(back.numpy(), t.numpy())
    assert x.contiguous(memory_format=nt.contiguous_format) is x


def test_contiguous_channels_last_3d():
    x, t = both(data(2, 3, 2, 3, 4))
    y, u = (x.contiguous(memory_format=nt.channels_last_3d),
            t.contiguous(memory_format=torch.channels_last_3d))  # fmt: skip
    assert y.stride() == u.stride()
    np.testing.assert_array_equal(y.numpy(), u.numpy())


@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize("name", ["contiguous_format", "channels_last"])
def test_contiguous_of_views(view, name):
    x, t = both(data(2, 3, 4, 5))
    a, b = VIEWS[view](x), VIEWS[view](t)
    assert a.stride() == b.stride()
    if a.dim() != 4:
        return
    ra, rb = (
        a.contiguous(memory_format=getattr(nt, name)),
        b.contiguous(memory_format=getattr(torch, name)),
    )
    assert ra.stride() == rb.stride()
    assert (ra is a) == (rb is b)
    np.testing.assert_array_equal(ra.numpy(), rb.numpy())


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_preserve_format_in_like_clone_and_to(view):
    x, t = both(data(2, 3, 4, 5))
    a, b = VIEWS[view](x), VIEWS[view](t)
    for f in ("empty_like", "zeros_like", "ones_like", "rand_like", "randn_like"):
        assert getattr(nt, f)(a).stride() == getattr(torch, f)(b).stride(), f
    assert nt.full_like(a, 2.5).stride() == torch.full_like(b, 2.5).stride()
    assert nt.randint_like(a, 5).stride() == torch.randint_like(b, 5).stride()
    assert a.clone().stride() == b.clone().stride()
    assert a.to(nt.float64).stride() == b.to(torch.float64).stride()
    np.testing.assert_array_equal(a.clone().numpy(), b.clone().numpy())
    np.testing.assert_array_equal(nt.full_like(a, 2.5).numpy(), torch.full_like(b, 2.5).numpy())
    np.testing.assert_array_equal(nt.ones_like(a).numpy(), torch.ones_like(b).numpy())


@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize("name", ["contiguous_format", "channels_last", "preserve_format"])
def test_explicit_formats_in_like_clone_and_to(view, name):
    x, t = both(data(2, 3, 4, 5))
    a, b = VIEWS[view](x), VIEWS[view](t)
    if a.dim() != 4 and name == "channels_last":
        return
    fa, fb = getattr(nt, name), getattr(torch, name)
    for f in ("empty_like", "zeros_like", "ones_like", "rand_like", "randn_like"):
        assert (
            getattr(nt, f)(a, memory_format=fa).stride()
            == getattr(torch, f)(b, memory_format=fb).stride()
        )
    assert (
        nt.full_like(a, 1, memory_format=fa).stride()
        == torch.full_like(b, 1, memory_format=fb).stride()
    )
    assert (
        nt.randint_like(a, 3, memory_format=fa).stride()
        == torch.randint_like(b, 3, memory_format=fb).stride()
    )
    ca, cb = a.clone(memory_format=fa), b.clone(memory_format=fb)
    assert ca.stride() == cb.stride()
    np.testing.assert_array_equal(ca.numpy(), cb.numpy())
    ta, tb = a.to(memory_format=fa), b.to(memory_format=fb)
    assert ta.stride() == tb.stride() and (ta is a) == (tb is b)
    np.testing.assert_array_equal(ta.numpy(), tb.numpy())
    da, db = a.to(nt.float64, memory_format=fa), b.to(torch.float64, memory_format=fb)
    assert da.stride() == db.stride() and da.dtype is nt.float64
    np.testing.assert_array_equal(da.numpy(), db.numpy())
    assert a.double(memory_format=fa).stride() == b.double(memory_format=fb).stride()
    assert a.float(memory_format=fa).stride() == b.float(memory_format=fb).stride()
    assert (a.float(memory_format=fa) is a) == (b.float(memory_format=fb) is b)


def test_none_means_the_default():
    x, t = both(data(2, 3, 4, 5))
    a, b = x.permute(0, 2, 3, 1), t.permute(0, 2, 3, 1)
    assert (
        nt.zeros_like(a, memory_format=None).stride()
        == torch.zeros_like(b, memory_format=None).stride()
    )
    assert a.clone(memory_format=None).stride() == b.clone(memory_format=None).stride()
    assert a.to(memory_format=None) is a
    assert nt.empty(2, 3, memory_format=None).stride() == (3, 1)


def test_to_contiguous_format_keeps_a_transposed_tensor_as_torch_does():
    x, t = both(data(3, 4))
    a, b = x.t(), t.t()
    assert (a.to(memory_format=nt.contiguous_format) is a) == (
        b.to(memory_format=torch.contiguous_format) is b
    )
    assert a.to(nt.float64, memory_format=nt.contiguous_format).stride() == (
        b.to(torch.float64, memory_format=torch.contiguous_format).stride()
    )


# ---- errors -------------------------------------------------------------------------------------


RANK_ERRORS = {
    "contiguous": lambda m, x, f: x.contiguous(memory_format=f),
    "clone": lambda m, x, f: x.clone(memory_format=f),
    "to": lambda m, x, f: x.to(memory_format=f),
    "to_dtype": lambda m, x, f: x.to(m.float64, memory_format=f),
    "double": lambda m, x, f: x.double(memory_format=f),
    "empty_like": lambda m, x, f: m.empty_like(x, memory_format=f),
    "zeros_like": lambda m, x, f: m.zeros_like(x, memory_format=f),
    "ones_like": lambda m, x, f: m.ones_like(x, memory_format=f),
    "full_like": lambda m, x, f: m.full_like(x, 1.0, memory_format=f),
    "rand_like": lambda m, x, f: m.rand_like(x, memory_format=f),
    "randn_like": lambda m, x, f: m.randn_like(x, memory_format=f),
    "randint_like": lambda m, x, f: m.randint_like(x, 4, memory_format=f),
    "empty": lambda m, x, f: m.empty(x.shape, memory_format=f),
}


@pytest.mark.parametrize("call", sorted(RANK_ERRORS))
@pytest.mark.parametrize("shape,name", [((2, 3, 4), "channels_last"), ((), "channels_last"),
                                        ((2, 3, 4, 5), "channels_last_3d")])  # fmt: skip
def test_wrong_rank_raises_runtime_error(call, shape, name):
    a = data(*shape) if shape else np.float32(1.0)
    x, t = nt.tensor(a), torch.tensor(a)
    with pytest.raises(RuntimeError) as expected:
        RANK_ERRORS[call](torch, t, getattr(torch, name))
    with pytest.raises(RuntimeError) as got:
        RANK_ERRORS[call](nt, x, getattr(nt, name))
    assert str(got.value) == str(expected.value)


def test_preserve_format_errors():
    x, t = both(data(2, 3, 4, 5))
    a, b = x.transpose(2, 3), t.transpose(2, 3)
    with pytest.raises(
        RuntimeError, match="preserve memory format is unsupported by the contiguous operator"
    ):
        a.contiguous(memory_format=nt.preserve_format)
    with pytest.raises(RuntimeError):
        b.contiguous(memory_format=torch.preserve_format)
    with pytest.raises(RuntimeError, match="unsupported memory format Preserve"):
        nt.empty(2, 3, memory_format=nt.preserve_format)
    # is_contiguous(preserve_format) answers the plain question, as in torch
    assert a.is_contiguous(memory_format=nt.preserve_format) == b.is_contiguous(
        memory_format=torch.preserve_format
    )
    assert x.is_contiguous(memory_format=nt.preserve_format) == t.is_contiguous(
        memory_format=torch.preserve_format
    )


@pytest.mark.parametrize(
    "call", ["contiguous", "is_contiguous", "clone", "zeros_like", "empty", "to"]
)
def test_not_a_memory_format_raises_type_error(call):
    x, t = both(data(2, 3))
    calls = {
        "contiguous": lambda m, x, f: x.contiguous(memory_format=f),
        "is_contiguous": lambda m, x, f: x.is_contiguous(memory_format=f),
        "clone": lambda m, x, f: x.clone(memory_format=f),
        "zeros_like": lambda m, x, f: m.zeros_like(x, memory_format=f),
        "empty": lambda m, x, f: m.empty(2, 3, memory_format=f),
        "to": lambda m, x, f: x.to(memory_format=f),
    }
    with pytest.raises(TypeError):
        calls[call](torch, t, 1)
    with pytest.raises(TypeError, match=r"must be numtensor\.memory_format, not int"):
        calls[call](nt, x, 1)


def test_none_refused_by_contiguous_and_is_contiguous():
    x, t = both(data(2, 3))
    for v in (t, x):
        with pytest.raises(TypeError):
            v.contiguous(memory_format=None)
        with pytest.raises(TypeError):
            v.is_contiguous(memory_format=None)


def test_memory_format_is_keyword_only():
    x, t = both(data(2, 3, 4, 5))
    for m, v in ((torch, t), (nt, x)):
        with pytest.raises(TypeError):
            v.contiguous(m.channels_last)
        with pytest.raises(TypeError):
            v.is_contiguous(m.channels_last)
        with pytest.raises(TypeError):
            m.clone(v, m.channels_last)


# ---- ops and autograd on channels-last tensors ---------------------------------------------------


def test_ops_on_channels_last_tensors_match_torch():
    x, t = both(data(2, 3, 4, 5))
    wa = data(4, 3, 3, 3, seed=1)
    a, b = (
        x.contiguous(memory_format=nt.channels_last),
        t.contiguous(memory_format=torch.channels_last),
    )
    np.testing.assert_allclose((a * 2 + 1).numpy(), (b * 2 + 1).numpy(), rtol=1e-6)
    assert (a + 1).stride() == (b + 1).stride()
    np.testing.assert_allclose(a.sum(1).numpy(), b.sum(1).numpy(), rtol=1e-5)
    np.testing.assert_allclose(a.mean((2, 3)).numpy(), b.mean((2, 3)).numpy(), rtol=1e-5)
    conv_a = nt.nn.functional.conv2d(a, nt.tensor(wa).contiguous(memory_format=nt.channels_last))
    conv_b = torch.nn.functional.conv2d(b, torch.tensor(wa))
    np.testing.assert_allclose(conv_a.numpy(), conv_b.numpy(), rtol=1e-4, atol=1e-5)
    pool_a, pool_b = nt.nn.functional.max_pool2d(a, 2), torch.nn.functional.max_pool2d(b, 2)
    np.testing.assert_array_equal(pool_a.numpy(), pool_b.numpy())
    np.testing.assert_array_equal(a.reshape(2, -1).numpy(), b.reshape(2, -1).numpy())
    np.testing.assert_array_equal(a.flatten(1).numpy(), b.flatten(1).numpy())
    bn_a = nt.nn.functional.batch_norm(a, None, None, training=True)
    bn_b = torch.nn.functional.batch_norm(b, None, None, training=True)
    np.testing.assert_allclose(bn_a.numpy(), bn_b.numpy(), rtol=1e-4, atol=1e-5)


def test_module_to_channels_last_matches_torch():
    ours, theirs = nt.nn.Conv2d(3, 4, 3), torch.nn.Conv2d(3, 4, 3)
    ours.load_state_dict({k: nt.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    weight = ours.weight
    assert ours.to(memory_format=nt.channels_last) is ours
    theirs.to(memory_format=torch.channels_last)
    assert ours.weight is weight  # the Parameter object stays
    assert (
        ours.weight.stride() == theirs.weight.stride()
        and ours.bias.stride() == theirs.bias.stride()
    )
    x, t = both(data(2, 3, 6, 6))
    out_a = ours(x.contiguous(memory_format=nt.channels_last))
    out_b = theirs(t.contiguous(memory_format=torch.channels_last))
    np.testing.assert_allclose(out_a.detach().numpy(), out_b.detach().numpy(), rtol=1e-4, atol=1e-5)
    c3, t3 = nt.nn.Conv3d(2, 2, 1), torch.nn.Conv3d(2, 2, 1)
    c3.to(nt.float64, memory_format=nt.channels_last_3d)
    t3.to(torch.float64, memory_format=torch.channels_last_3d)
    assert c3.weight.stride() == t3.weight.stride() and c3.weight.dtype is nt.float64
    with pytest.raises(RuntimeError, match="required rank 4 tensor to use channels_last format"):
        nt.nn.Conv3d(2, 2, 1).to(memory_format=nt.channels_last)
    with pytest.raises(RuntimeError):
        torch.nn.Conv3d(2, 2, 1).to(memory_format=torch.channels_last)
    assert repr(nt.nn.Linear(2, 2).to(memory_format=nt.channels_last)) == repr(
        torch.nn.Linear(2, 2).to(memory_format=torch.channels_last)
    )


def test_gradients_through_format_changes():
    a = data(2, 3, 2, 2)
    x = nt.tensor(a.astype(np.float64), requires_grad=True)
    t = torch.tensor(a.astype(np.float64), requires_grad=True)
    ya = (x.contiguous(memory_format=nt.channels_last) * 3).clone(
        memory_format=nt.contiguous_format
    )
    yb = (t.contiguous(memory_format=torch.channels_last) * 3).clone(
        memory_format=torch.contiguous_format
    )
    za = ya.to(nt.float32, memory_format=nt.channels_last)
    zb = yb.to(torch.float32, memory_format=torch.channels_last)
    (za * za).sum().backward()
    (zb * zb).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy(), rtol=1e-5)
    assert ya.grad_fn is not None and za.stride() == zb.stride()
    assert nt.autograd.gradcheck(lambda v: v.contiguous(memory_format=nt.channels_last) ** 2, (x,))
    assert nt.autograd.gradcheck(lambda v: v.clone(memory_format=nt.channels_last).sin(), (x,))


def test_requires_grad_in_like_factories():
    x = nt.zeros(1, 2, 2, 2)
    y = nt.zeros_like(x, memory_format=nt.channels_last, requires_grad=True)
    assert y.requires_grad and y.is_leaf and y.stride() == (8, 1, 4, 2)


def test_channels_last_on_device(device):
    x = nt.tensor(data(1, 2, 2, 3), device=device)
    y = x.contiguous(memory_format=nt.channels_last)
    assert y.device == x.device and y.stride() == (12, 1, 6, 2)
    np.testing.assert_array_equal(y.cpu().numpy(), x.cpu().numpy())
    z = nt.zeros_like(y) + y
    assert z.stride() == (12, 1, 6, 2)
    np.testing.assert_array_equal(z.cpu().numpy(), x.cpu().numpy())


def _layouts(lib):
    F = lib.nn.functional
    x = lib.randn(2, 3, 6, 6).contiguous(memory_format=lib.channels_last)
    w = lib.randn(4, 3, 3, 3)
    x5 = lib.randn(1, 2, 4, 4, 4).contiguous(memory_format=lib.channels_last_3d)
    results = {
        "conv2d": F.conv2d(x, w),
        "conv2d weight": F.conv2d(x.contiguous(), w.contiguous(memory_format=lib.channels_last)),
        "max_pool2d": F.max_pool2d(x, 2),
        "max_pool2d indices": F.max_pool2d(x, 2, return_indices=True)[1],
        "avg_pool2d": F.avg_pool2d(x, 2),
        "adaptive_avg_pool2d": F.adaptive_avg_pool2d(x, 2),
        "adaptive_max_pool2d": F.adaptive_max_pool2d(x, 2, return_indices=True)[0],
        "interpolate nearest": F.interpolate(x, scale_factor=2),
        "interpolate bilinear": F.interpolate(x, scale_factor=2, mode="bilinear"),
        "conv_transpose2d": F.conv_transpose2d(x, lib.randn(3, 2, 2, 2)),
        "lp_pool2d": F.lp_pool2d(x, 2, 2),
        "layer_norm": F.layer_norm(x, (6,)),
        "batch_norm": F.batch_norm(x, None, None, training=True),
        "conv3d": F.conv3d(x5, lib.randn(3, 2, 2, 2, 2)),
        "max_pool3d": F.max_pool3d(x5, 2),
        "avg_pool3d": F.avg_pool3d(x5, 2),
        "interpolate 3d": F.interpolate(x5, scale_factor=2),
        "conv2d plain": F.conv2d(x.contiguous(), w),
    }
    return {k: tuple(v.stride()) for k, v in results.items()}


def test_layer_outputs_follow_a_channels_last_input_as_torch():
    assert _layouts(nt) == _layouts(torch)


def test_channels_last_layer_values_and_gradients():
    x = nt.randn(2, 3, 6, 6, dtype=nt.float64)
    w = nt.randn(4, 3, 3, 3, dtype=nt.float64)
    xc = x.contiguous(memory_format=nt.channels_last).requires_grad_()
    out = nt.nn.functional.max_pool2d(nt.nn.functional.conv2d(xc, w), 2)
    np.testing.assert_allclose(
        out.detach().numpy(), nt.nn.functional.max_pool2d(nt.nn.functional.conv2d(x, w), 2).numpy()
    )
    out.sum().backward()
    assert xc.grad.shape == x.shape
    assert nt.autograd.gradcheck(
        lambda t: nt.nn.functional.avg_pool2d(t.contiguous(memory_format=nt.channels_last), 2),
        (nt.randn(1, 2, 4, 4, dtype=nt.float64, requires_grad=True),),
    )


def _converted(lib):
    net = lib.nn.Sequential(
        lib.nn.Conv2d(3, 4, 3), lib.nn.Linear(3, 3), lib.nn.ConvTranspose2d(4, 2, 2)
    )
    weight = net[0].weight
    assert lib.nn.utils.convert_conv2d_weight_memory_format(net, lib.channels_last) is net
    assert net[0].weight is weight
    net[0](lib.randn(1, 3, 5, 5)).sum().backward()
    c3 = lib.nn.utils.convert_conv3d_weight_memory_format(
        lib.nn.Conv3d(2, 3, 2), lib.channels_last_3d
    )
    return [
        net[0].weight.stride(),
        net[1].weight.stride(),
        net[2].weight.stride(),
        weight.grad.stride(),
        c3.weight.stride(),
    ]


def test_convert_conv_weight_memory_format_and_the_gradient_layout_match_torch():
    assert _converted(nt) == _converted(torch)


def _grad_strides(lib):
    out = []
    for make in (
        lambda: lib.randn(3, 4).t(),
        lambda: lib.randn(3, 4)[:, :2],
        lambda: lib.randn(2, 3, 4, 5).contiguous(memory_format=lib.channels_last),
    ):
        w = make().requires_grad_()
        (w * 2).sum().backward()
        out.append(w.grad.stride())
    return out


def test_leaf_gradients_take_their_leaf_layout_as_torch():
    assert _grad_strides(nt) == _grad_strides(torch)

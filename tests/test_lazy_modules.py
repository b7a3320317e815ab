"""Lazy modules (LazyLinear, LazyConv*, LazyConvTranspose*, LazyBatchNorm*, LazyInstanceNorm*)
and UninitializedParameter/UninitializedBuffer against torch: reprs before and after the first
forward, the shapes inferred, the class they become, initialisation, state dicts."""

import copy

import numpy as np
import pytest

import numtensor as nt
from numtensor.nn.parameter import is_lazy
from tests.conftest import torch


def r(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def test_uninitialized_parameter_and_buffer():
    p = nt.nn.UninitializedParameter()
    assert repr(p) == "<UninitializedParameter>" and p.requires_grad
    assert isinstance(p, nt.nn.Parameter) and is_lazy(p)
    with pytest.raises(RuntimeError, match="Can't access the shape"):
        p.shape  # noqa: B018
    with pytest.raises(ValueError, match="Attempted to use an uninitialized parameter"):
        p + 1
    with pytest.raises(ValueError, match="uninitialized parameter"):
        p.sum()
    assert repr(copy.deepcopy(p)) == "<UninitializedParameter>"
    p.materialize((2, 3))
    assert type(p) is nt.nn.Parameter and tuple(p.shape) == (2, 3) and p.requires_grad
    b = nt.nn.UninitializedBuffer(dtype=nt.float64)
    assert repr(b) == "<UninitializedBuffer>" and not b.requires_grad
    b.materialize(4)
    assert type(b) is nt.Tensor and tuple(b.shape) == (4,) and b.dtype is nt.float64
    assert nt.nn.parameter.UninitializedParameter is nt.nn.UninitializedParameter


def test_lazy_linear_infers_initialises_and_becomes_linear():
    ours, theirs = nt.nn.LazyLinear(3), torch.nn.LazyLinear(3)
    assert repr(ours) == repr(theirs)
    assert ours.has_uninitialized_params()
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["weight", "bias"]
    assert all(is_lazy(v) for v in ours.state_dict().values())
    x = r(4, 2, 50)
    out = ours(nt.tensor(x))
    theirs(torch.tensor(x))
    assert type(ours) is nt.nn.Linear and repr(ours) == repr(theirs)
    assert not hasattr(ours, "_initialize_hook")
    assert type(ours.weight) is nt.nn.Parameter and tuple(ours.weight.shape) == (3, 50)
    bound = 1 / np.sqrt(50)  # kaiming_uniform(a=sqrt(5)) and the bias: both +-1/sqrt(fan_in)
    w, b = ours.weight.detach().numpy().copy(), ours.bias.detach().numpy().copy()
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.8 * bound and np.abs(b).max() <= bound
    expected = x @ w.T + b
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=1e-5, atol=1e-5)
    # an optimizer made after the dry run trains the materialized parameters
    opt = nt.optim.SGD(ours.parameters(), lr=0.1)
    ours(nt.tensor(x)).sum().backward()
    opt.step()
    assert not np.allclose(ours.weight.detach().numpy(), w)


def test_lazy_linear_without_bias_and_dtype():
    m = nt.nn.LazyLinear(2, bias=False, dtype=nt.float64)
    assert repr(m) == repr(torch.nn.LazyLinear(2, bias=False))
    m(nt.zeros(3, 4, dtype=nt.float64))
    assert m.bias is None and m.weight.dtype is nt.float64
    m = nt.nn.LazyLinear(2).double()  # a conversion before the first forward is kept
    assert is_lazy(m.weight) and m.weight.dtype is nt.float64
    m(nt.zeros(1, 4, dtype=nt.float64))
    assert m.weight.dtype is nt.float64


LAZY_CONVS = [
    ("LazyConv1d", (4, 3), {"padding": 1}, (2, 3, 9)),
    ("LazyConv2d", (4, 3), {"stride": 2, "groups": 2}, (2, 6, 7, 7)),
    ("LazyConv3d", (4, (1, 2, 3)), {"padding_mode": "circular", "padding": 1}, (2, 3, 4, 5, 6)),
    ("LazyConv2d", (4, 3), {}, (3, 6, 6)),
    ("LazyConvTranspose1d", (4, 3), {"stride": 2, "output_padding": 1}, (2, 3, 5)),
    ("LazyConvTranspose2d", (4, 3), {"groups": 2, "bias": False}, (2, 4, 5, 5)),
    ("LazyConvTranspose3d", (4, 2), {"dilation": 2}, (2, 3, 3, 3, 3)),
]


@pytest.mark.parametrize("name,args,kw,shape", LAZY_CONVS)
def test_lazy_convs_match_torch(name, args, kw, shape):
    ours, theirs = getattr(nt.nn, name)(*args, **kw), getattr(torch.nn, name)(*args, **kw)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    x = r(*shape)
    ours(nt.tensor(x))
    theirs(torch.tensor(x))
    assert type(ours).__name__ == type(theirs).__name__ == name[4:]
    assert repr(ours) == repr(theirs)
    for (k, v), (k2, v2) in zip(ours.state_dict().items(), theirs.state_dict().items()):
        assert k == k2 and tuple(v.shape) == tuple(v2.shape)
    bound = 1 / np.sqrt(torch.nn.init._calculate_fan_in_and_fan_out(theirs.weight)[0])
    assert np.abs(ours.weight.detach().numpy()).max() <= bound
    ours.load_state_dict({k: nt.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    np.testing.assert_allclose(
        ours(nt.tensor(x)).detach().numpy(),
        theirs(torch.tensor(x)).detach().numpy(),
        rtol=1e-4,
        atol=1e-5,
    )


def test_lazy_conv_errors():
    with pytest.raises(RuntimeError, match=r"Expected 2D \(unbatched\) or 3D \(batched\) input"):
        nt.nn.LazyConv1d(4, 3)(nt.zeros(2, 3, 5, 5))
    with pytest.raises(ValueError, match="in_channels must be divisible by groups"):
        nt.nn.LazyConvTranspose3d(4, 3, groups=2)(nt.zeros(3, 5, 5, 5))
    m = nt.nn.LazyConv2d(4, 3)
    with pytest.raises(ValueError, match="uninitialized parameter"):
        m.weight.sum()


@pytest.mark.parametrize(
    "name,shape",
    [
        ("LazyBatchNorm1d", (4, 3)),
        ("LazyBatchNorm2d", (2, 3, 4, 4)),
        ("LazyBatchNorm3d", (2, 3, 2, 3, 3)),
        ("LazyInstanceNorm1d", (2, 3, 5)),
        ("LazyInstanceNorm2d", (2, 3, 4, 4)),
        ("LazyInstanceNorm3d", (2, 3, 2, 3, 3)),
    ],
)
def test_lazy_norms_match_torch(name, shape):
    ours, theirs = getattr(nt.nn, name)(), getattr(torch.nn, name)()
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    x = r(*shape)
    for _ in range(2):
        np.testing.assert_allclose(
            ours(nt.tensor(x)).detach().numpy(),
            theirs(torch.tensor(x)).detach().numpy(),
            rtol=1e-4,
            atol=1e-4,
        )
    assert type(ours).__name__ == type(theirs).__name__ == name[4:]
    assert repr(ours) == repr(theirs)
    for (k, v), (k2, v2) in zip(ours.state_dict().items(), theirs.state_dict().items()):
        assert k == k2
        np.testing.assert_allclose(v.numpy(), v2.numpy(), rtol=1e-5, atol=1e-6)
    # nothing to infer: the class still changes, num_features stays 0 (as in PyTorch)
    plain = getattr(nt.nn, name)(affine=False, track_running_stats=False)
    plain_t = getattr(torch.nn, name)(affine=False, track_running_stats=False)
    np.testing.assert_allclose(
        plain(nt.tensor(x)).numpy(), plain_t(torch.tensor(x)).numpy(), rtol=1e-4, atol=1e-4
    )
    assert repr(plain) == repr(plain_t) and list(plain.state_dict()) == []


def test_lazy_norm_checks_input_dims():
    with pytest.raises(ValueError, match="expected 4D input"):
        nt.nn.LazyBatchNorm2d()(nt.zeros(2, 3, 4))


def test_load_state_dict_materializes_nested_lazy_modules():
    def net(lib):
        return lib.nn.Sequential(
            lib.nn.LazyConv3d(4, 2), lib.nn.ReLU(), lib.nn.Flatten(), lib.nn.LazyLinear(2)
        )

    torch.manual_seed(0)
    theirs = net(torch)
    x = r(1, 2, 3, 3, 3)
    expected = theirs(torch.tensor(x)).detach().numpy()
    ours = net(nt)
    assert repr(ours) == repr(net(torch))
    ours.load_state_dict({k: nt.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    assert not ours[0].has_uninitialized_params()
    assert tuple(ours[3].weight.shape) == (2, 32)
    # (as in PyTorch the class changes on the first forward; in_features comes from the input)
    np.testing.assert_allclose(ours(nt.tensor(x)).detach().numpy(), expected, rtol=1e-5, atol=1e-5)
    assert type(ours[3]) is nt.nn.Linear


def test_lazy_linear_on_device(device):
    m = nt.nn.LazyLinear(2, device=device)
    out = m(nt.ones(1, 3, device=device))
    assert m.weight.device.type == device and out.device.type == device
    expected = m.weight.detach().cpu().numpy().sum(1) + m.bias.detach().cpu().numpy()
    np.testing.assert_allclose(out.detach().cpu().numpy()[0], expected, rtol=1e-5)

"""Convolution, pooling and batch norm against torch.nn."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch
from tests.test_nn import _copy_weights

RNG = np.random.default_rng(9)
IMG = RNG.standard_normal((2, 4, 9, 8)).astype(np.float32)
SEQ = RNG.standard_normal((2, 4, 11)).astype(np.float32)

LAYERS = {
    "conv": (lambda m: m.nn.Conv2d(4, 6, 3), IMG),
    "conv_stride_pad": (lambda m: m.nn.Conv2d(4, 5, (3, 2), stride=2, padding=1), IMG),
    "conv_dilation": (lambda m: m.nn.Conv2d(4, 3, 3, dilation=2, bias=False), IMG),
    "conv_groups": (lambda m: m.nn.Conv2d(4, 8, 3, groups=2, padding="same"), IMG),
    "conv_depthwise": (lambda m: m.nn.Conv2d(4, 4, 1, groups=4), IMG),
    "conv_unbatched": (lambda m: m.nn.Conv2d(4, 2, 2), IMG[0]),
    "conv1d": (lambda m: m.nn.Conv1d(4, 3, 3, padding=1), SEQ),
    # an odd total padding: one more row and column at the bottom/right, as PyTorch
    "conv_same_even_kernel": (lambda m: m.nn.Conv2d(4, 3, (4, 2), padding="same"), IMG),
    "conv_same_dilated": (lambda m: m.nn.Conv2d(4, 3, 2, padding="same", dilation=3), IMG),
    "conv1d_same_even_kernel": (lambda m: m.nn.Conv1d(4, 3, 4, padding="same"), SEQ),
    "conv1d_stride": (lambda m: m.nn.Conv1d(4, 6, 2, stride=2, groups=2), SEQ),
    "maxpool": (lambda m: m.nn.MaxPool2d(2), IMG),
    "maxpool_pad": (lambda m: m.nn.MaxPool2d(3, stride=2, padding=1), IMG),
    "maxpool_ceil": (lambda m: m.nn.MaxPool2d(2, ceil_mode=True), IMG),
    "maxpool_dilation": (lambda m: m.nn.MaxPool2d(2, stride=1, dilation=2), IMG),
    "avgpool": (lambda m: m.nn.AvgPool2d(2), IMG),
    "avgpool_pad": (lambda m: m.nn.AvgPool2d(3, stride=2, padding=1), IMG),
    "avgpool_nopad_count": (lambda m: m.nn.AvgPool2d(3, 2, 1, count_include_pad=False), IMG),
    "adaptive_1": (lambda m: m.nn.AdaptiveAvgPool2d(1), IMG),
    "adaptive_3x2": (lambda m: m.nn.AdaptiveAvgPool2d((3, 2)), IMG),
    "batchnorm2d": (lambda m: m.nn.BatchNorm2d(4), IMG),
    "batchnorm1d": (lambda m: m.nn.BatchNorm1d(4), SEQ),
    "batchnorm1d_2d": (lambda m: m.nn.BatchNorm1d(4, affine=False), IMG[:, :, 0, 0]),
    "cnn": (
        lambda m: m.nn.Sequential(
            m.nn.Conv2d(4, 6, 3, padding=1),
            m.nn.BatchNorm2d(6),
            m.nn.ReLU(),
            m.nn.MaxPool2d(2),
            m.nn.Flatten(),
            m.nn.Linear(6 * 4 * 4, 3),
        ),
        IMG,
    ),
}


def _compare_module_on(device, make, x, rtol=1e-4, atol=1e-5):
    """The layer made by ``make`` with torch's weights, moved to ``device``: same output and
    gradients (input and parameters) as torch's, which stay on the device."""
    tm, nm = make(torch), make(nt)
    _copy_weights(nm, tm)
    nm.to(device)
    t_in = torch.tensor(x, requires_grad=True)
    n_in = nt.tensor(x, requires_grad=True, device=device)
    t_out, n_out = tm(t_in), nm(n_in)
    assert n_out.device.type == device
    np.testing.assert_allclose(n_out.detach().cpu().numpy(), t_out.detach().numpy(), rtol, atol)
    seed = RNG.standard_normal(tuple(t_out.shape)).astype(np.float32)
    t_out.backward(torch.tensor(seed))
    n_out.backward(nt.tensor(seed, device=device))
    pairs = [(n_in, t_in), *zip(nm.parameters(), tm.parameters())]
    for n, t in pairs:
        assert n.grad.device.type == device
        np.testing.assert_allclose(n.grad.cpu().numpy(), t.grad.numpy(), rtol=rtol, atol=atol)
    assert repr(nm) == repr(tm)


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_matches_torch(name, device):
    make, x = LAYERS[name]
    _compare_module_on(device, make, x)


def test_batchnorm_running_stats_and_eval():
    tm, nm = torch.nn.BatchNorm2d(4, momentum=0.3), nt.nn.BatchNorm2d(4, momentum=0.3)
    for _ in range(3):
        tm(torch.tensor(IMG))
        nm(nt.tensor(IMG))
    for key in ("running_mean", "running_var"):
        np.testing.assert_allclose(getattr(nm, key).numpy(), getattr(tm, key).numpy(), rtol=1e-5)
    assert nm.num_batches_tracked.item() == 3
    tm.eval()
    nm.eval()
    np.testing.assert_allclose(
        nm(nt.tensor(IMG)).detach().numpy(),
        tm(torch.tensor(IMG)).detach().numpy(),
        rtol=1e-5,
        atol=1e-5,
    )
    assert list(nm.state_dict()) == list(tm.state_dict())


def test_conv_gradcheck_and_pool_indices():
    x = nt.tensor(IMG[:1, :2, :5, :5], dtype=nt.float64, requires_grad=True)
    w = nt.tensor(RNG.standard_normal((3, 2, 2, 2)), dtype=nt.float64, requires_grad=True)
    assert nt.autograd.gradcheck(
        lambda a, b: nt.nn.functional.conv2d(a, b, padding=1, stride=2), (x, w)
    )
    assert nt.autograd.gradcheck(lambda a: nt.nn.functional.max_pool2d(a, 2), (x,))
    _, idx = nt.nn.functional.max_pool2d(nt.tensor(IMG), 2, return_indices=True)
    _, t_idx = torch.nn.functional.max_pool2d(torch.tensor(IMG), 2, return_indices=True)
    assert idx.tolist() == t_idx.tolist()


def test_conv_errors():
    with pytest.raises(RuntimeError):
        nt.nn.Conv2d(3, 2, 3)(nt.zeros(1, 4, 5, 5))
    with pytest.raises(RuntimeError):
        nt.nn.Conv2d(3, 2, 7)(nt.zeros(1, 3, 5, 5))
    with pytest.raises(ValueError):
        nt.nn.Conv2d(3, 2, 3, groups=2)


@pytest.mark.parametrize("name", ["conv_stride_pad", "conv_dilation", "maxpool_pad", "cnn"])
def test_parallel_conv_and_pool_kernels_match_torch(name, monkeypatch):
    # small images run the serial twins; with the threshold at 0 the parallel kernels run
    from numtensor.backend.cpu import conv

    monkeypatch.setattr(conv, "PARALLEL_MIN", 0)
    make, x = LAYERS[name]
    _compare_module_on("cpu", make, x)

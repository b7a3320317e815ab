"""Convolution and pooling on CUDA (kernels/cuda/conv.py) against the CPU backend and layers.

Run with ``NUMBA_ENABLE_CUDASIM=1 pytest -m cuda tests/test_cuda_conv.py`` (or on a GPU). The
simulator runs one OS thread per CUDA thread: images here are tiny, with few channels.
"""

from __future__ import annotations

import numpy as np
import pytest

import numtensor as nt
import numtensor.cuda as ntcuda
from numtensor.ops.conv import out_size

pytestmark = pytest.mark.cuda

if not ntcuda.is_available():
    pytest.skip("needs a CUDA device or NUMBA_ENABLE_CUDASIM=1", allow_module_level=True)

from numtensor.backend import cpu as C  # noqa: E402
from numtensor.backend import cuda as B  # noqa: E402
from numtensor.backend.cuda.kernels import kernel  # noqa: E402

RNG = np.random.default_rng(11)
NAMES = ("im2col", "col2im", "max_pool2d", "max_pool2d_backward")

# (kernel, stride, padding, dilation)
GEOMETRIES = [
    ((3, 3), (1, 1), (0, 0), (1, 1)),
    ((3, 2), (2, 1), (1, 0), (1, 1)),
    ((2, 3), (1, 2), (1, 1), (2, 1)),
    ((3, 3), (2, 3), (1, 1), (1, 2)),
    ((1, 1), (2, 2), (0, 0), (1, 1)),
]


def host(x):
    return B.to_host(x)


def out_hw(shape, kernel, stride, padding, dilation, ceil_mode=False):
    return tuple(
        out_size(shape[2 + a], kernel[a], stride[a], padding[a], dilation[a], ceil_mode)
        for a in range(2)
    )


def test_conv_helpers_are_native():
    for name in NAMES:
        assert name in B.NATIVE and name not in B.HOST_FALLBACKS
        assert not getattr(getattr(B, name), "host_fallback", False)


# ---- backend functions against the CPU backend -------------------------------------------------


@pytest.mark.parametrize("geometry", GEOMETRIES, ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_im2col_and_col2im_match_cpu(geometry, dtype):
    x = (RNG.standard_normal((2, 2, 5, 6)) * 8).astype(dtype)
    hw = out_hw(x.shape, *geometry)
    cols = C.im2col(x, *geometry, hw)
    d_cols = B.im2col(B.from_host(x), *geometry, hw)
    assert B.is_storage(d_cols) and d_cols.dtype == cols.dtype
    np.testing.assert_array_equal(host(d_cols), cols)
    g = (RNG.standard_normal(cols.shape) * 8).astype(dtype)
    back = C.col2im(g, x.shape, *geometry)
    d_back = B.col2im(B.from_host(g), x.shape, *geometry)
    assert d_back.dtype == back.dtype
    np.testing.assert_array_equal(host(d_back), back)  # same terms, same order: bit for bit
    np.testing.assert_array_equal(host(B.col2im(B.from_host(g), x.shape, *geometry)), back)


def test_im2col_and_col2im_read_strided_inputs_in_place():
    geometry = GEOMETRIES[1]
    base = RNG.standard_normal((2, 5, 6, 3)).astype(np.float32)
    x = base.transpose(0, 3, 1, 2)  # [2, 3, 5, 6], channels last in memory
    hw = out_hw(x.shape, *geometry)
    d_x = B.permute(B.from_host(base), (0, 3, 1, 2))
    assert not B.is_contiguous(d_x)
    cols = C.im2col(x, *geometry, hw)
    np.testing.assert_array_equal(host(B.im2col(d_x, *geometry, hw)), cols)
    big = RNG.standard_normal((2, cols.shape[1], 2 * cols.shape[2])).astype(np.float32)
    d_g = B.basic_index(B.from_host(big), (slice(None), slice(None), slice(None, None, 2)))
    np.testing.assert_array_equal(
        host(B.col2im(d_g, x.shape, *geometry)),
        C.col2im(np.ascontiguousarray(big[:, :, ::2]), x.shape, *geometry),
    )


def test_col2im_float16_accumulates_in_float32():
    geometry = ((3, 3), (1, 1), (1, 1), (1, 1))
    g = np.full((1, 9, 16), 1000.0, np.float16)
    g[0, ::2] = 0.25  # 1000 + 0.25 + ... is rounded once, not after every term
    x = host(B.col2im(B.from_host(g), (1, 1, 4, 4), *geometry))
    want = C.col2im(g.astype(np.float32), (1, 1, 4, 4), *geometry).astype(np.float16)
    assert x.dtype == np.float16
    np.testing.assert_array_equal(x, want)


POOLS = [
    (((2, 2), (2, 2), (0, 0), (1, 1)), False),
    (((3, 3), (2, 2), (1, 1), (1, 1)), False),
    (((3, 2), (2, 1), (1, 0), (1, 1)), True),
    (((2, 2), (1, 1), (0, 0), (2, 2)), False),
    (((2, 2), (2, 2), (1, 0), (1, 2)), True),
    (((3, 3), (3, 3), (0, 0), (1, 1)), True),
]


def _pool_input(dtype=np.float32):
    x = RNG.standard_normal((2, 2, 5, 7)).astype(dtype)
    x[0, 0, 1, 1] = np.nan  # a NaN in some windows
    x[0, 1, 2, 1:4] = np.nan  # several NaNs in one window row
    x[1, 0, 0, 0] = x[1, 0, 3, 3] = np.nan  # NaNs in different rows
    x[1, 1, 1, :] = -np.inf
    x[1, 1, 4, 2:5] = x[1, 1, 4, 1]  # ties: the first wins
    return x


@pytest.mark.parametrize(("geometry", "ceil_mode"), POOLS, ids=str)
def test_max_pool2d_and_backward_match_cpu(geometry, ceil_mode):
    x = _pool_input()
    hw = out_hw(x.shape, *geometry, ceil_mode)
    out, idx = C.max_pool2d(x, *geometry, hw)
    d_out, d_idx = B.max_pool2d(B.from_host(x), *geometry, hw)
    assert d_out.dtype == out.dtype and d_idx.dtype == np.int64
    np.testing.assert_array_equal(host(d_out), out)  # NaNs in the same places
    np.testing.assert_array_equal(host(d_idx), idx)
    g = RNG.standard_normal(out.shape).astype(np.float32)
    grad = C.max_pool2d_backward(g, idx, x.shape)
    d_grad = B.max_pool2d_backward(B.from_host(g), d_idx, x.shape)
    assert tuple(d_grad.shape) == x.shape and d_grad.dtype == np.float32
    # atomic adds: an input hit by 3+ windows may sum in another order
    np.testing.assert_allclose(host(d_grad), grad, rtol=1e-6, atol=1e-6)


def test_max_pool2d_nan_wins_like_torch():
    torch = pytest.importorskip("torch")
    x = RNG.standard_normal((1, 2, 4, 4)).astype(np.float32)
    x[0, 0, 0, 1] = x[0, 1, 3, 2] = np.nan  # at most one NaN per window
    want, want_idx = torch.nn.functional.max_pool2d(torch.tensor(x), 2, return_indices=True)
    got, idx = nt.nn.functional.max_pool2d(nt.tensor(x, device="cuda"), 2, return_indices=True)
    assert got.device.type == "cuda" and idx.device.type == "cuda"
    np.testing.assert_array_equal(got.cpu().numpy(), want.numpy())
    assert idx.cpu().tolist() == want_idx.tolist()


@pytest.mark.parametrize("dtype", [np.float16, np.float64, np.int64, np.int16])
def test_max_pool2d_other_dtypes(dtype):
    geometry = ((3, 3), (2, 2), (1, 1), (1, 1))
    if np.dtype(dtype).kind == "f":
        x = _pool_input(dtype)
    else:
        x = RNG.integers(-100, 100, (2, 2, 5, 7)).astype(dtype)
    hw = out_hw(x.shape, *geometry)
    want, want_idx = C.max_pool2d(x.astype(np.float64), *geometry, hw)
    d_out, d_idx = B.max_pool2d(B.from_host(x), *geometry, hw)
    assert d_out.dtype == dtype
    np.testing.assert_array_equal(host(d_out), want.astype(dtype))
    np.testing.assert_array_equal(host(d_idx), want_idx)
    g = RNG.integers(-4, 4, want.shape).astype(dtype)  # small integers: exact in any order
    grad = B.max_pool2d_backward(B.from_host(g), d_idx, x.shape)
    assert grad.dtype == dtype
    want_grad = C.max_pool2d_backward(g.astype(np.float64), want_idx, x.shape)
    np.testing.assert_array_equal(host(grad), want_grad.astype(dtype))


def test_max_pool2d_backward_of_strided_gradients():
    geometry = ((2, 2), (1, 1), (0, 0), (1, 1))  # overlapping windows
    x = RNG.standard_normal((1, 3, 4, 5)).astype(np.float64)
    hw = out_hw(x.shape, *geometry)
    _, idx = C.max_pool2d(x, *geometry, hw)
    g = RNG.standard_normal((1, hw[0], hw[1], 3))  # channels last: a permuted view
    d_g = B.permute(B.from_host(g), (0, 3, 1, 2))
    got = host(B.max_pool2d_backward(d_g, B.from_host(idx), x.shape))
    want = C.max_pool2d_backward(np.ascontiguousarray(g.transpose(0, 3, 1, 2)), idx, x.shape)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("blocks", "threads"), [(1, 1), (1, 7), (2, 32), (3, 5)])
def test_kernels_are_correct_for_any_launch(blocks, threads):
    geometry = ((3, 2), (2, 1), (1, 1), (1, 2))
    flat = [v for pair in geometry for v in pair]
    x = RNG.standard_normal((1, 2, 5, 4)).astype(np.float32)
    hw = out_hw(x.shape, *geometry)
    want = C.im2col(x, *geometry, hw)
    cols = B.empty(want.shape, np.float32)
    kernel("conv", "im2col")[blocks, threads](cols, B.from_host(x), *flat)
    np.testing.assert_array_equal(host(cols), want)
    back = B.empty(x.shape, np.float32)
    kernel("conv", "col2im")[blocks, threads](back, B.from_host(want), *flat)
    np.testing.assert_array_equal(host(back), C.col2im(want, x.shape, *geometry))
    out, idx = C.max_pool2d(x, *geometry, hw)
    d_out, d_idx = B.empty(out.shape, np.float32), B.empty(out.shape, np.int64)
    kernel("conv", "max_pool2d")[blocks, threads](d_out, d_idx, B.from_host(x), *flat)
    np.testing.assert_array_equal(host(d_out), out)
    np.testing.assert_array_equal(host(d_idx), idx)
    grad = B.full((2, 20), 0.0, np.float32)
    g = RNG.standard_normal((2, out[0, 0].size)).astype(np.float32)
    kernel("conv", "max_pool2d_backward")[blocks, threads](
        grad, B.from_host(g), B.from_host(idx.reshape(2, -1))
    )
    want_grad = C.max_pool2d_backward(g.reshape(out.shape), idx, x.shape)
    np.testing.assert_allclose(host(grad).reshape(x.shape), want_grad, rtol=1e-6)


# ---- ops and layers on cuda against the same layers on the CPU ---------------------------------


def _grads_match(a, b, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(a.grad.cpu().numpy(), b.grad.numpy(), rtol=rtol, atol=atol)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"stride": 2, "padding": 1},
        {"dilation": 2, "padding": (1, 0)},
        {"groups": 2, "padding": "same"},
        {"groups": 4, "stride": (1, 2)},
    ],
    ids=str,
)
def test_conv2d_functional_matches_cpu(kwargs):
    x = RNG.standard_normal((1, 4, 5, 6)).astype(np.float32)
    w = RNG.standard_normal((4, 4 // kwargs.get("groups", 1), 3, 2)).astype(np.float32)
    b = RNG.standard_normal(4).astype(np.float32)
    outs = []
    for dev in ("cpu", "cuda"):
        ts = [nt.tensor(a, device=dev, requires_grad=True) for a in (x, w, b)]
        out = nt.nn.functional.conv2d(*ts, **kwargs)
        assert out.device.type == dev
        (out * out).sum().backward()
        outs.append((out, ts))
    (c_out, c_in), (d_out, d_in) = outs
    np.testing.assert_allclose(
        d_out.detach().cpu().numpy(), c_out.detach().numpy(), rtol=1e-5, atol=1e-5
    )
    for d, c in zip(d_in, c_in):
        _grads_match(d, c, rtol=1e-4, atol=1e-5)


SEQ = RNG.standard_normal((2, 3, 7)).astype(np.float32)
IMG = RNG.standard_normal((2, 3, 6, 5)).astype(np.float32)
LAYERS = {
    "conv1d": (lambda: nt.nn.Conv1d(3, 2, 3, padding=1, stride=2), SEQ),
    "conv2d": (lambda: nt.nn.Conv2d(3, 4, (3, 2), padding=1, dilation=(1, 2)), IMG),
    "conv2d_groups": (lambda: nt.nn.Conv2d(3, 6, 2, groups=3, bias=False), IMG),
    "maxpool": (lambda: nt.nn.MaxPool2d(3, stride=2, padding=1), IMG),
    "maxpool_ceil": (lambda: nt.nn.MaxPool2d(2, ceil_mode=True), IMG),
    "avgpool": (lambda: nt.nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), IMG),
    "adaptive": (lambda: nt.nn.AdaptiveAvgPool2d((2, 3)), IMG),
}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_on_cuda_matches_cpu(name):
    make, x = LAYERS[name]
    cpu_layer = make()
    cuda_layer = make()
    cuda_layer.load_state_dict(cpu_layer.state_dict())
    assert cuda_layer.to("cuda") is cuda_layer
    assert all(p.device.type == "cuda" for p in cuda_layer.parameters())
    results = []
    for layer, dev in ((cpu_layer, "cpu"), (cuda_layer, "cuda")):
        inp = nt.tensor(x, device=dev, requires_grad=True)
        out = layer(inp)
        assert out.device.type == dev
        seed = nt.tensor(np.linspace(-1, 1, out.numel(), dtype=np.float32), device=dev)
        out.backward(seed.reshape(out.shape))
        results.append((out, inp, list(layer.parameters())))
    (c_out, c_in, c_params), (d_out, d_in, d_params) = results
    np.testing.assert_allclose(
        d_out.detach().cpu().numpy(), c_out.detach().numpy(), rtol=1e-5, atol=1e-6
    )
    _grads_match(d_in, c_in)
    for d, c in zip(d_params, c_params):
        assert d.grad.device.type == "cuda"
        _grads_match(d, c)


def _tiny_cnn():
    nn = nt.nn
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),  # 4 x 4 x 4
        nn.Conv2d(4, 6, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),  # 6 x 2 x 2
        nn.Flatten(),
        nn.Linear(6 * 2 * 2, 8),
        nn.ReLU(),
        nn.Linear(8, 10),
    )


def test_tiny_cnn_trains_like_on_the_cpu():
    nt.manual_seed(3)
    x = RNG.standard_normal((2, 1, 8, 8)).astype(np.float32)
    y = np.array([3, 7])
    losses = {}
    cpu_model, cuda_model = _tiny_cnn(), _tiny_cnn()
    cuda_model.load_state_dict(cpu_model.state_dict())  # before any step changes them
    cuda_model.to("cuda")
    for dev, model in (("cpu", cpu_model), ("cuda", cuda_model)):
        opt = nt.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        loss_fn = nt.nn.CrossEntropyLoss()
        xs, ys = nt.tensor(x, device=dev), nt.tensor(y, device=dev)
        losses[dev] = []
        for _ in range(3):
            opt.zero_grad()
            loss = loss_fn(model(xs), ys)
            loss.backward()
            opt.step()
            losses[dev].append(loss.item())
        assert all(p.device.type == dev for p in model.parameters())
    np.testing.assert_allclose(losses["cuda"], losses["cpu"], rtol=1e-4, atol=1e-5)
    assert losses["cuda"][-1] < losses["cuda"][0]

"""bfloat16 tensors against torch: creation and casts, promotion with the other floats,
printing, arithmetic and math computed in float32 and rounded once, reductions, matmul,
indexing, layers and gradients. numtensor keeps bfloat16 on the CPU (a clear TypeError on
CUDA)."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check, torch

VALUES = [1.5, -2.25, 3.14159, 1e30]


def _a(m):
    return m.tensor(VALUES, dtype=m.bfloat16)


def _b(m):
    return m.tensor([0.5, 4.0, -1.0, 2.0], dtype=m.bfloat16)


CASES = {
    "repr": lambda m: _a(m),
    "add": lambda m: _a(m) + _b(m),
    "mul": lambda m: _a(m) * _b(m),
    "div": lambda m: _a(m) / _b(m),
    "scalar": lambda m: _a(m) * 3,
    "neg": lambda m: -_a(m),
    "exp": lambda m: _b(m).exp(),
    "sqrt": lambda m: _b(m).abs().sqrt(),
    "sigmoid": lambda m: _b(m).sigmoid(),
    "pow": lambda m: _b(m) ** 2,
    "sum": lambda m: _a(m).sum(),
    "mean": lambda m: _b(m).mean(),
    "var": lambda m: _b(m).var(),
    "norm": lambda m: _b(m).norm(),
    "max": lambda m: _a(m).max(),
    "argmax": lambda m: _a(m).argmax(),
    "sort": lambda m: _a(m).sort(),
    "topk": lambda m: _a(m).topk(2),
    "cumsum": lambda m: _b(m).cumsum(0),
    "unique": lambda m: m.tensor([1.0, 1, 2], dtype=m.bfloat16).unique(),
    "mm": lambda m: _a(m).reshape(2, 2) @ _b(m).reshape(2, 2),
    "float": lambda m: _a(m).float(),
    "to": lambda m: m.tensor([1.1, 2.2]).bfloat16(),
    "to_dtype": lambda m: m.tensor([1.1, 2.2], dtype=m.float64).to(m.bfloat16),
    "from_int": lambda m: m.tensor([1, 300, -7]).to(m.bfloat16),
    "to_int": lambda m: _b(m).long(),
    "half": lambda m: _a(m).half(),
    "promote_half": lambda m: (_a(m) + m.ones(4, dtype=m.float16)).dtype,
    "promote_float": lambda m: (_a(m) + m.ones(4)).dtype,
    "promote_int": lambda m: (_a(m) + m.ones(4, dtype=m.int64)).dtype,
    "promote_types": lambda m: m.promote_types(m.bfloat16, m.float16),
    "promote_complex": lambda m: m.promote_types(m.bfloat16, m.complex64),
    "index": lambda m: _a(m)[[0, 2]],
    "slice": lambda m: _a(m)[1:3],
    "transpose": lambda m: _a(m).reshape(2, 2).t().contiguous(),
    "cat": lambda m: m.cat([_a(m), _b(m)]),
    "stack": lambda m: m.stack([_a(m), _b(m)]),
    "where": lambda m: m.where(_a(m) > 0, _a(m), _b(m)),
    "clamp": lambda m: _a(m).clamp(-1, 1),
    "item": lambda m: _a(m)[0].item(),
    "tolist": lambda m: _a(m).tolist(),
    "zeros": lambda m: m.zeros(2, dtype=m.bfloat16),
    "full": lambda m: m.full((2,), 1.1, dtype=m.bfloat16),
    "rand": lambda m: m.rand(3, dtype=m.bfloat16).dtype,
    "finfo": lambda m: repr(m.finfo(m.bfloat16)),
    "relu": lambda m: m.nn.functional.relu(_a(m)),
    "softmax": lambda m: m.softmax(_b(m), 0),
    "linear": lambda m: m.nn.functional.linear(_a(m).reshape(1, 4), _b(m).reshape(1, 4)),
    "gather": lambda m: _a(m).gather(0, m.tensor([3, 0])),
    "masked_fill": lambda m: _a(m).masked_fill(_a(m) > 2, 0),
    "fill": lambda m: _a(m).clone().fill_(2.5),
    "type": lambda m: _a(m).type().replace(m.__name__, ""),
    "flip": lambda m: _a(m).flip(0),
    "eq": lambda m: _a(m) == _b(m),
    "lt": lambda m: _a(m) < _b(m),
    "isnan": lambda m: _a(m).isnan(),
    "repeat": lambda m: _b(m).repeat(2),
    "conv1d": lambda m: m.nn.functional.conv1d(
        m.ones(1, 1, 4, dtype=m.bfloat16), m.ones(1, 1, 2, dtype=m.bfloat16)
    ),
    "embedding": lambda m: m.nn.functional.embedding(m.tensor([0, 1]), _a(m).reshape(2, 2)),
    "mse": lambda m: m.nn.functional.mse_loss(_a(m), _b(m)),
    "cross_entropy": lambda m: m.nn.functional.cross_entropy(_a(m).reshape(1, 4), m.tensor([1])),
    "index_put": lambda m: (
        _a(m).clone().index_put_((m.tensor([1]),), m.tensor([9.0], dtype=m.bfloat16))
    ),
    "svd_refused": lambda m: m.linalg.svd(m.ones(2, 2, dtype=m.bfloat16)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_matches_torch(name):
    check(CASES[name])


def test_gradient():
    def f(m):
        x = m.tensor([1.5, 2.0], dtype=m.bfloat16, requires_grad=True)
        (x * x).sum().backward()
        return x.grad

    check(f)


def test_numpy_bridge_and_names():
    import ml_dtypes

    a = nt.tensor([1.5, 2.0], dtype=nt.bfloat16)
    host = a.numpy()
    assert host.dtype == np.dtype(ml_dtypes.bfloat16)
    host[0] = 7
    assert a[0].item() == 7.0  # shared memory
    assert nt.from_numpy(np.zeros(2, ml_dtypes.bfloat16)).dtype is nt.bfloat16
    assert repr(nt.bfloat16) == "numtensor.bfloat16"
    assert nt.bfloat16.is_floating_point and nt.bfloat16.itemsize == 2
    assert nt.BFloat16Tensor([1.0]).dtype is nt.bfloat16


@pytest.mark.cuda
def test_cuda_refuses_bfloat16_clearly():
    if not nt.cuda.is_available():
        pytest.skip("no CUDA device")
    with pytest.raises(TypeError, match="bfloat16"):
        nt.zeros(2, dtype=nt.bfloat16, device="cuda")
    with pytest.raises(TypeError, match="bfloat16"):
        nt.zeros(2, device="cuda").bfloat16()
    assert torch is not None

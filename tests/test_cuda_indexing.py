"""CUDA indexing (numtensor/backend/cuda/indexing.py, kernels/cuda/gather.py) against the CPU.

Backend functions on small strided, transposed and broadcast arrays compared with
numtensor.backend.cpu, then the tensor operations (indexing, assignment, gather/scatter,
masks, nonzero) and their gradients on cuda compared with the CPU. Run with
``NUMBA_ENABLE_CUDASIM=1 pytest -m cuda tests/test_cuda_indexing.py`` (or on a GPU).
"""

from __future__ import annotations

import numpy as np
import pytest

import numtensor as nt
import numtensor.cuda as ntcuda

pytestmark = pytest.mark.cuda

if not ntcuda.is_available():
    pytest.skip("needs a CUDA device or NUMBA_ENABLE_CUDASIM=1", allow_module_level=True)

from numtensor.backend import cpu as C  # noqa: E402
from numtensor.backend import cuda as B  # noqa: E402
from numtensor.backend.cuda import indexing as I  # noqa: E402

NATIVE = (
    "advanced_index",
    "index_put_",
    "scatter_",
    "index_select",
    "take",
    "masked_fill_",
    "masked_scatter_",
    "masked_select",
    "nonzero",
)


def test_indexing_is_native():
    for name in NATIVE:
        assert name in B.NATIVE and name not in B.HOST_FALLBACKS
        assert getattr(B, name) is getattr(I, name)


def layouts(dtype=np.float32):
    """(cpu array, cuda array) pairs of one 3-D value in several layouts."""
    x = (np.arange(60) % 7 - 2).astype(dtype).reshape(3, 4, 5)
    d = B.from_host(x)
    yield x, d
    yield x.transpose(2, 0, 1), B.permute(d, (2, 0, 1))
    yield x[:, 1:, ::2], B.basic_index(d, (slice(None), slice(1, None), slice(None, None, 2)))
    row = np.arange(5).astype(dtype)
    yield np.broadcast_to(row, (3, 4, 5)), B.view(B.from_host(row), (3, 4, 5), (0, 0, 1))


def same(d, c):
    got = B.to_host(d)
    assert got.dtype == c.dtype and got.shape == c.shape
    np.testing.assert_array_equal(got, c)


INDICES = {
    "ints": lambda s: (np.array([0, -1, 1]),),
    "slice_list": lambda s: (slice(None), np.array([0, 2])),
    "ellipsis_pair": lambda s: (np.array([[0, 1], [2, 0]]), Ellipsis, np.array([1, -1])),
    "separated": lambda s: (np.array([0, 1]), slice(None), np.array([1, 2])),
    "mask": lambda s: (np.arange(s[0] * s[1]).reshape(s[0], s[1]) % 3 == 0,),
    "mask_last": lambda s: (Ellipsis, np.arange(s[2]) % 2 == 1),
    "none_int": lambda s: (None, 1, slice(1, 3), np.array([0, -2])),
    "empty": lambda s: (np.array([], dtype=np.int64),),
    "basic_only": lambda s: (1, Ellipsis),
}


@pytest.mark.parametrize("name", sorted(INDICES))
def test_advanced_index(name):
    for c, d in layouts():
        index = INDICES[name](c.shape)
        same(B.advanced_index(d, index), C.advanced_index(c, index))


def _on_device(index: tuple) -> tuple:
    """The index with its arrays moved to the device (as CUDA index tensors arrive)."""
    return tuple(B.from_host(i) if isinstance(i, np.ndarray) and i.ndim else i for i in index)


@pytest.mark.parametrize("name", sorted(INDICES))
def test_advanced_index_with_device_indices(name):
    # the offsets are made on the device (offsets.device_offsets), NumPy's rules throughout
    for c, d in layouts():
        index = INDICES[name](c.shape)
        same(B.advanced_index(d, _on_device(index)), C.advanced_index(c, index))
        if name != "basic_only":
            dst_c, dst_d = c.copy(), B.from_host(c.copy())
            values = np.arange(c[index].size, dtype=c.dtype).reshape(c[index].shape)
            C.index_put_(dst_c, index, values)
            B.index_put_(dst_d, _on_device(index), B.from_host(values))
            same(dst_d, dst_c)


def test_device_offsets_match_the_host_offsets():
    from numtensor.backend.cuda import offsets as O

    shape, strides = (3, 4, 5), (40, 5, 2)
    for index in (
        (np.array([2, 0]), slice(None), np.array([3, 1])),
        (slice(1, 3), np.array([[0, 3], [1, 1]])),
        (None, np.array([1, -1]), slice(None, None, 2), 2),
        (Ellipsis, np.array([0, 4, -5])),
        (np.array([True, False, True]), None, slice(None)),
    ):
        got = B.to_host(O.device_offsets(shape, strides, _on_device(index)))
        np.testing.assert_array_equal(got, O.host_offsets(shape, strides, index))


def test_host_offsets_match_numpy_strides():
    from numtensor.backend.cuda.offsets import host_offsets

    x = np.zeros((3, 4, 5), np.float32)[:, ::2, 1:]
    alias = np.arange(200).reshape(4, 50)[:3, :20].reshape(3, 4, 5)[:, ::2, 1:]
    index = (np.array([2, 0]), slice(None), np.array([3, 1]))
    strides = [s // 8 for s in alias.strides]
    offsets = host_offsets(x.shape, strides, index)
    np.testing.assert_array_equal(offsets + alias.flat[0], alias[index])


@pytest.mark.parametrize("dtype", [np.float32, np.int64, np.uint8, np.bool_])
def test_take_and_index_select(dtype):
    for c, d in layouts(dtype):
        index = np.array([[0, -1], [7, 3]])
        same(B.take(d, index), C.take(c, index))
        same(B.take(d, B.from_host(index)), C.take(c, index))
        for dim in range(3):
            index = np.array([0, -1, 1, 1])
            same(B.index_select(d, dim, index), C.index_select(c, dim, index))
            same(B.index_select(d, dim, B.from_host(index)), C.index_select(c, dim, index))
        same(B.index_select(d, 1, np.array([], np.int64)), C.index_select(c, 1, np.array([], int)))


def test_index_select_of_unmergeable_dims_goes_by_offsets():
    x = np.arange(120.0).reshape(2, 3, 4, 5)
    d = B.permute(B.from_host(x), (1, 0, 3, 2))
    c = x.transpose(1, 0, 3, 2)
    for dim in range(4):
        same(
            B.index_select(d, dim, np.array([1, 0, -1])),
            C.index_select(c, dim, np.array([1, 0, -1])),
        )


def _views(dtype):
    base = (np.arange(60) % 5).astype(dtype).reshape(3, 4, 5)
    dev = B.from_host(base)
    yield base.copy(), dev, lambda a: a, lambda a: a
    base2 = base.copy()
    yield (
        base2,
        B.from_host(base2),
        lambda a: a.transpose(2, 0, 1),
        lambda a: B.permute(a, (2, 0, 1)),
    )
    base3 = base.copy()
    yield (
        base3,
        B.from_host(base3),
        lambda a: a[:, 1:, ::2],
        lambda a: B.basic_index(a, (slice(None), slice(1, None), slice(None, None, 2))),
    )


WRITE_INDICES = {
    "repeated_pairs": lambda s: (np.array([0, 0, -1, 0]), slice(None), np.array([1, 1, 2, 1])),
    "rows": lambda s: (np.array([1, 1, 0]),),
    "mask": lambda s: (np.arange(s[0] * s[1]).reshape(s[0], s[1]) % 2 == 0,),
}


@pytest.mark.parametrize("reduce", [None, "add", "multiply"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.int8, np.bool_, np.float16])
def test_scatter(reduce, dtype):
    for name in sorted(WRITE_INDICES):
        for host_base, dev_base, on_c, on_d in _views(dtype):
            c, d = on_c(host_base), on_d(dev_base)
            index = WRITE_INDICES[name](c.shape)
            shape = C.advanced_index(c, index).shape
            values = (np.arange(int(np.prod(shape))) % 3 + 1).astype(dtype).reshape(shape)
            C.scatter_(c, index, values, reduce)
            B.scatter_(d, index, B.from_host(values), reduce)
            same(dev_base, host_base)


def test_scatter_values_broadcast_and_strided():
    c = np.zeros((4, 3), np.float32)
    d = B.from_host(c)
    index = (np.array([0, 0, 3]), slice(None))
    values = np.arange(9.0, dtype=np.float32).reshape(3, 3)
    dv = B.permute(B.from_host(values.T.copy()), (1, 0))  # same values, transposed layout
    C.scatter_(c, index, values, "add")
    B.scatter_(d, index, dv, "add")
    same(d, c)
    C.scatter_(c, index, np.float32(2.0), "multiply")
    B.scatter_(d, index, B.from_host(np.array(2.0, np.float32)), "multiply")
    same(d, c)


VALUES = {
    "host_scalar": lambda shape, dtype: np.asarray(2.7),
    "device_0d": lambda shape, dtype: B.from_host(np.array(-3, dtype)),
    "broadcast_row": lambda shape, dtype: B.from_host(np.arange(shape[-1]).astype(dtype)),
    "full": lambda shape, dtype: B.from_host(np.arange(int(np.prod(shape))).reshape(shape)),
}


@pytest.mark.parametrize("value", sorted(VALUES))
@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.bool_])
def test_index_put(value, dtype):
    for name in sorted(WRITE_INDICES):
        for host_base, dev_base, on_c, on_d in _views(dtype):
            c, d = on_c(host_base), on_d(dev_base)
            index = WRITE_INDICES[name](c.shape)
            if name == "repeated_pairs":  # which write wins is undefined
                index = (np.array([0, -1]), slice(None), np.array([1, 2]))
            shape = C.advanced_index(c, index).shape
            v = VALUES[value](shape, dtype)
            C.index_put_(c, index, B.to_host(v) if B.is_storage(v) else v)
            B.index_put_(d, index, v)
            same(dev_base, host_base)


def test_index_put_from_overlapping_values():
    c = np.arange(12.0).reshape(3, 4)
    d = B.from_host(c)
    C.index_put_(c, (np.array([2, 0]),), c[:2].copy())
    B.index_put_(d, (np.array([2, 0]),), B.basic_index(d, (slice(0, 2),)))
    same(d, c)


@pytest.mark.parametrize("dtype", [np.float32, np.int64, np.bool_])
def test_masks(dtype):
    for c, d in layouts(dtype):
        shape = c.shape
        masks = [
            np.arange(c.size).reshape(shape) % 3 == 0,
            np.arange(shape[-1]) % 3 != 1,
            (np.arange(shape[1]) % 2 == 0).reshape(-1, 1),
            np.zeros(shape, bool),
        ]
        for mask in masks:
            got = B.masked_select(d, B.from_host(mask), shape)
            same(got, C.masked_select(c, mask, shape))
        same(B.nonzero(d), C.nonzero(c))
    for host_base, dev_base, on_c, on_d in _views(dtype):
        c, d = on_c(host_base), on_d(dev_base)
        mask = np.arange(c.shape[-1]) % 2 == 0
        C.masked_fill_(c, mask, 9)
        B.masked_fill_(d, B.from_host(mask), 9)
        same(dev_base, host_base)
        mask = np.arange(c.size).reshape(c.shape) % 3 == 1
        values = np.arange(100, 100 + mask.sum()).astype(dtype)
        C.masked_scatter_(c, mask, values)
        B.masked_scatter_(d, B.from_host(mask), B.from_host(values))
        same(dev_base, host_base)


def test_nonzero_edges():
    for x in [np.array(3), np.array(0), np.zeros((0, 3)), np.array([np.nan, 0.0, -0.0, 1.0])]:
        same(B.nonzero(B.from_host(x)), C.nonzero(x))


def test_compaction_spans_many_chunks(monkeypatch):
    monkeypatch.setattr(I, "CHUNKS", 4)
    monkeypatch.setattr(I, "MIN_CHUNK", 3)
    flags = (np.arange(50) * 7) % 5 < 2
    pos = I.positions(B.from_host(flags))
    np.testing.assert_array_equal(B.to_host(pos), np.flatnonzero(flags))


# ---- through tensors, with gradients --------------------------------------------------------


def both(make):
    """``make(device)`` on the CPU and on cuda."""
    return make("cpu"), make("cuda")


def assert_close(got, expected):
    assert got.device.type == "cuda"
    g, e = got.detach().cpu().numpy(), expected.detach().numpy()
    assert g.dtype == e.dtype and g.shape == e.shape
    np.testing.assert_allclose(g, e, rtol=1e-6)


def _x(device):
    x = nt.arange(24.0, device=device).reshape(4, 6)[:, 1:5].t()  # strided
    return x.detach().requires_grad_()


TENSOR_OPS = {
    "getitem_list": lambda x, m: x[nt.tensor([0, 2, 0], device=m)],
    "getitem_cols": lambda x, m: x[:, [0, 2]],
    "getitem_mask": lambda x, m: x[x.detach() > 9],
    "getitem_pairs": lambda x, m: x[[0, -1, 0], [1, 2, 1]],
    "gather": lambda x, m: x.gather(1, nt.tensor([[0, 0], [3, 1], [2, 2], [1, 0]], device=m)),
    "index_select": lambda x, m: x.index_select(0, nt.tensor([1, 1, 3], device=m)),
    "take": lambda x, m: x.take(nt.tensor([[0, 5], [5, -1]], device=m)),
    "masked_select": lambda x, m: x.masked_select(nt.tensor([True, False, True, True], device=m)),
    "masked_fill": lambda x, m: x.masked_fill(nt.tensor([False, True, True, False], device=m), -1),
    "scatter": lambda x, m: x.scatter(0, nt.tensor([[1, 1, 0, 2]], device=m), x[:1] * 2),
    "scatter_add": lambda x, m: x.scatter_add(
        1, nt.tensor([[0, 0], [3, 3], [1, 1], [0, 2]], device=m), x[:, :2] * 3
    ),
}


@pytest.mark.parametrize("name", sorted(TENSOR_OPS))
def test_tensor_ops_and_gradients(name):
    results = []
    for device in ("cpu", "cuda"):
        x = _x(device)
        y = TENSOR_OPS[name](x, device)
        w = nt.arange(float(y.numel()), device=device).reshape(y.shape)
        (y * w).sum().backward()
        results.append((y, x.grad))
    (y_cpu, g_cpu), (y_cuda, g_cuda) = results
    assert_close(y_cuda, y_cpu)
    assert_close(g_cuda, g_cpu)


def test_setitem_and_its_gradient():
    grads = []
    for device in ("cpu", "cuda"):
        x = _x(device)
        v = nt.tensor([5.0, 6.0, 7.0, 8.0], device=device).requires_grad_()
        y = x * 1
        y[[0, 2]] = v
        y[nt.tensor([True, False, False, True], device=device), 0] = 0.5
        (y * nt.arange(16.0, device=device).reshape(4, 4)).sum().backward()
        grads.append((y, x.grad, v.grad))
    for got, expected in zip(grads[1], grads[0]):
        assert_close(got, expected)


def test_inplace_tensor_ops():
    for make in [
        lambda m: nt.zeros(3, 4, device=m).scatter_(1, nt.tensor([[1], [0], [3]], device=m), 5.0),
        lambda m: nt.ones(5, device=m).scatter_add_(
            0, nt.tensor([0, 0, 4, 0], device=m), nt.tensor([1.0, 2, 3, 4], device=m)
        ),
        lambda m: nt.ones(2, 3, device=m).scatter_(
            1,
            nt.tensor([[0, 0], [2, 2]], device=m),
            nt.full((2, 2), 3.0, device=m),
            reduce="multiply",
        ),
        lambda m: (
            nt.arange(6, device=m)
            .reshape(2, 3)
            .masked_fill_(nt.tensor([True, False, True], device=m), 7)
        ),
        lambda m: nt.tensor([[0, 1, 0], [2, 0, 3]], device=m).nonzero(),
        lambda m: nt.tensor([[0, 1, 0], [2, 0, 3]], device=m).nonzero(as_tuple=True),
        lambda m: nt.tensor(0.0, device=m).nonzero(),
        lambda m: nt.arange(12, device=m).reshape(3, 4)[
            nt.tensor([[True, False, True, False]] * 3, device=m)
        ],
    ]:
        cpu, cuda = both(make)
        if isinstance(cpu, tuple):
            for a, b in zip(cuda, cpu):
                assert_close(a, b)
        else:
            assert_close(cuda, cpu)


def test_embedding_style_lookup_and_gradient():
    grads = []
    for device in ("cpu", "cuda"):
        w = nt.arange(20.0, device=device).reshape(5, 4).requires_grad_()
        ids = nt.tensor([[1, 4, 1], [0, 1, 3]], device=device)
        out = nt.nn.functional.embedding(ids, w)
        (out * out).sum().backward()
        grads.append((out, w.grad))
    for got, expected in zip(grads[1], grads[0]):
        assert_close(got, expected)


SELECTS = {
    "first": (np.array([2, 0, -1]), Ellipsis),
    "middle": (slice(None), np.array([[1, 0], [2, -3]]), Ellipsis),
    "after_ellipsis": (Ellipsis, np.array([2, 0, -1])),
    "ellipsis_both_sides": (Ellipsis, np.array([1]), slice(None), Ellipsis),
    "0d": (slice(None), np.array(2), Ellipsis),
    "plain": (np.array([0, 1]),),
}


@pytest.mark.parametrize("name", sorted(SELECTS))
def test_one_array_index_is_an_index_select(name, monkeypatch):
    calls = []
    original = I.offsets_for
    monkeypatch.setattr(I, "offsets_for", lambda *a: calls.append(a) or original(*a))
    for k, (c, d) in enumerate(layouts()):
        index = SELECTS[name]
        if name == "ellipsis_both_sides":
            index = (np.array([1]), slice(None), Ellipsis)
        same(B.advanced_index(d, index), C.advanced_index(c, index))
        if k == 0:  # C-contiguous: no offsets computed, only the index copied over
            assert not calls


@pytest.mark.parametrize("dtype", [np.float32, np.int64, np.int8])
@pytest.mark.parametrize("dim", [0, 1, 2])
def test_scatter_add_along_one_dim(dtype, dim, monkeypatch):
    calls = []
    original = I.offsets_for
    monkeypatch.setattr(I, "offsets_for", lambda *a: calls.append(a) or original(*a))
    for k, (host_base, dev_base, on_c, on_d) in enumerate(_views(dtype)):
        c, d = on_c(host_base), on_d(dev_base)
        index = (slice(None),) * dim + (np.array([0, -1, 0, 1]), Ellipsis)
        shape = C.advanced_index(c, index).shape
        values = (np.arange(int(np.prod(shape))) % 4).astype(dtype).reshape(shape)
        C.scatter_(c, index, values, "add")
        B.scatter_(d, index, B.from_host(values), "add")
        C.scatter_(c, index, np.asarray(values[(0,) * values.ndim]), "add")
        B.scatter_(d, index, B.from_host(values[(0,) * values.ndim]), "add")
        same(dev_base, host_base)
        if k == 0 and dtype != np.int8:  # dense, atomic dtype: no offsets computed
            assert not calls


def test_losses_and_one_hot_through_indexing():
    results = []
    for device in ("cpu", "cuda"):
        f = nt.nn.functional
        logits = nt.arange(15.0, device=device).reshape(5, 3).sin().requires_grad_()
        target = nt.tensor([0, 2, 1, 2, 0], device=device)
        weight = nt.tensor([1.0, 2.0, 0.5], device=device)
        loss = f.cross_entropy(logits, target, weight=weight, ignore_index=1)
        loss.backward()
        results.append((loss, logits.grad, f.one_hot(target, 4)))
    for got, expected in zip(results[1], results[0]):
        assert_close(got, expected)


BASIC = {
    "int": (1, Ellipsis),
    "slices": (slice(1, None), slice(None, None, 2)),
    "none_int": (None, Ellipsis, 2),
    "all": (Ellipsis,),
}


@pytest.mark.parametrize("name", sorted(BASIC))
def test_basic_index_reads_and_writes_without_offsets(name, monkeypatch):
    monkeypatch.setattr(I, "offsets_for", None)  # basic indices never need it
    index = BASIC[name]
    for host_base, dev_base, on_c, on_d in _views(np.float32):
        c, d = on_c(host_base), on_d(dev_base)
        got = B.advanced_index(d, index)
        same(got, C.advanced_index(c, index))
        assert not B.shares_memory(got, dev_base)
        C.index_put_(c, index, np.asarray(2.5))
        B.index_put_(d, index, np.asarray(2.5))
        same(dev_base, host_base)
        shape = C.advanced_index(c, index).shape
        values = np.arange(shape[-1], dtype=np.float64)
        C.index_put_(c, index, values)
        B.scatter_(d, index, B.from_host(values), None)
        same(dev_base, host_base)


def test_cuda_index_tensors_stay_on_the_device(monkeypatch):
    # bounds come back as two numbers (a min and a max reduced on the device); the index
    # values themselves never do
    from numtensor.backend.cuda import storage

    reads = []
    original = storage.to_host

    def counted(data):
        reads.append(data.size)
        return original(data)

    for module in (storage, I, B):
        monkeypatch.setattr(module, "to_host", counted)
    x = nt.arange(60.0, device="cuda").reshape(3, 4, 5)
    idx = nt.tensor([2, 0, -1, 1, 0, 2], device="cuda")
    rows = nt.tensor([[0, 2], [1, 1], [2, 0]], device="cuda")
    small = nt.tensor([1, 0, 2], device="cuda")

    def put():
        y = x.clone()
        y[idx] = 1.0
        y[small, :, small] = nt.zeros(3, 4, device="cuda")
        return y

    cases = {
        "getitem": lambda: x[idx],
        "getitem_dim1": lambda: x[:, small],
        "two_arrays": lambda: x[small, 1:3, small],
        "int_first": lambda: x[0, :, small],
        "index_select": lambda: x.index_select(2, small),  # (no negative indices here)
        "gather": lambda: x.gather(2, rows.unsqueeze(0).expand(3, 3, 2).contiguous()),
        "take": lambda: x.take(idx),
        "setitem": put,
        "scatter_add": lambda: x.clone().scatter_add_(2, rows.expand(3, 3, 2), x[:, :3, :2]),
    }
    for name, case in cases.items():
        reads.clear()
        case()
        assert max(reads, default=0) <= 2, (name, reads)
    # and the values are the CPU's
    cpu_x, cpu_idx, cpu_small = x.cpu(), idx.cpu(), small.cpu()
    assert x[idx].cpu().tolist() == cpu_x[cpu_idx].tolist()
    assert x[0, :, small].cpu().tolist() == cpu_x[0, :, cpu_small].tolist()
    assert x[small, 1:3, small].cpu().tolist() == cpu_x[cpu_small, 1:3, cpu_small].tolist()
    with pytest.raises(IndexError, match="index 7 is out of bounds"):
        x[nt.tensor([0, 7], device="cuda")]
    with pytest.raises(RuntimeError, match="indices should be either on cpu"):
        cpu_x[idx]
    with pytest.raises(RuntimeError, match="same device"):
        x.index_select(0, cpu_idx)

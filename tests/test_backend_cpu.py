"""The CPU backend: kernel paths by layout and size, and no numba error reaching users."""

import numpy as np
import pytest

from numtensor.backend import cpu
from numtensor.backend.cpu import pointwise as cpu_elementwise
from numtensor.backend.cpu import reductions as cpu_reduce
from numtensor.backend.cpu import storage as cpu_storage


def test_uncompilable_dtype_is_a_type_error():
    with pytest.raises(TypeError, match="bitwise_not"):
        cpu.elementwise("bitwise_not", np.empty(3, np.float32), [np.ones(3, np.float32)])


@pytest.mark.parametrize("n", [10, cpu_elementwise.PARALLEL_MIN + 7])
def test_flat_parallel_and_strided_paths_agree(n):
    x = np.linspace(-3, 3, n).astype(np.float32)
    y = x[::-1].copy()
    flat = np.empty_like(x)
    cpu.elementwise("mul", flat, [x, y])
    strided = np.empty((n, 2), np.float32)[:, 0]  # a gapped output takes the strided kernel
    cpu.elementwise("mul", strided, [x, y])
    np.testing.assert_array_equal(flat, x * y)
    np.testing.assert_array_equal(strided, x * y)


def test_dense_permuted_inputs_use_memory_order():
    a = np.arange(12, dtype=np.float64).reshape(3, 4).T  # F-ordered, dense
    assert cpu_storage.dense_flat(a) is not None
    assert cpu_storage.dense_flat(a[::2]) is None
    out = np.empty_like(a, order="K")
    cpu.elementwise("neg", out, [a])
    np.testing.assert_array_equal(out, -a)


def test_reduction_view_avoids_copies_for_contiguous_blocks():
    a = np.arange(24.0).reshape(2, 3, 4)
    v = cpu.reduction_view(a, (1, 2))
    assert v.shape == (2, 12, 1) and np.shares_memory(v, a)
    w = cpu.reduction_view(a, (0, 2))
    assert w.shape == (3, 8, 1)
    np.testing.assert_array_equal(w.sum(1)[:, 0], a.sum((0, 2)))


def test_whole_tensor_reduction_splits_across_threads():
    x = np.random.default_rng(0).standard_normal(cpu_reduce.PARALLEL_MIN * 3 + 5)
    total = cpu.reduce("sum", x.reshape(1, -1, 1), np.float64)
    assert total.shape == (1, 1)
    np.testing.assert_allclose(total[0, 0], x.sum())
    top = cpu.reduce("max", x.reshape(1, -1, 1), np.float64)
    assert top[0, 0] == x.max()

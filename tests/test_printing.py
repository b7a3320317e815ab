"""repr/str of tensors must equal torch's, with only the module name differing."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch

RNG = np.random.default_rng(0)
ARRAYS = {
    "ints": np.array([[1, 2], [3, 4]]),
    "wide_ints": np.array([[3, 5], [10, 5]]),
    "negative_ints": np.array([-1, 200, 3]),
    "int8": np.array([-1, 2], dtype=np.int8),
    "uint8": np.array([0, 255], dtype=np.uint8),
    "int16": np.array([[7]], dtype=np.int16),
    "int32": np.array([[1, 2], [3, 4]], dtype=np.int32),
    "bools": np.array([[True, False], [False, True]]),
    "floats": RNG.standard_normal((4, 5)).astype(np.float32),
    "float_ints": np.array([1.0, 2.0, -3.0], dtype=np.float32),
    "float64": np.array([1.25, 2.5]),
    "float16": np.array([1.5, 2.0, 0.1], dtype=np.float16),
    "sci_small": np.array([1e-5, 1.0], dtype=np.float32),
    "sci_big": np.array([1e10, 1.0], dtype=np.float32),
    "sci_ratio": np.array([100000.0, 1.0], dtype=np.float32),
    "sci_int_valued": np.array([123456789.0], dtype=np.float32),
    "nan_inf": np.array([np.nan, np.inf, -np.inf, 1.5], dtype=np.float32),
    "nan_inf_int": np.array([np.nan, np.inf, 1.0], dtype=np.float32),
    "only_nan": np.array([np.nan], dtype=np.float32),
    "zeros": np.zeros((2, 3), dtype=np.float32),
    "neg_zero": np.array([0.0, -0.0], dtype=np.float32),
    "mixed_sci_3d": (RNG.standard_normal((1, 3, 3)) * np.array([1e-3, 1, 3])).astype(np.float32),
    "3d": np.arange(16).reshape(2, 2, 4),
    "4d": np.arange(24, dtype=np.float32).reshape(2, 1, 3, 4),
    "long_row": np.arange(30, dtype=np.float32) * 1.5,
    "long_int_row": np.arange(100),
    "summarised": np.arange(2000).reshape(2, 1000),
    "summarised_float": np.arange(1001, dtype=np.float32),
    "summarised_3d": RNG.standard_normal((10, 10, 11)).astype(np.float32),
    "summarised_f64": np.linspace(0, 1, 1200),
    "empty": np.zeros((0,), dtype=np.float32),
    "empty_2d": np.zeros((0, 3), dtype=np.float32),
    "empty_int": np.zeros((0,), dtype=np.int32),
    "empty_int64_2d": np.zeros((2, 0), dtype=np.int64),
    "scalar_float": np.array(2.5, dtype=np.float32),
    "scalar_int": np.array(3),
    "scalar_f64": np.array(0.1),
    "scalar_bool": np.array(True),
    "scalar_sci": np.array(1e-7, dtype=np.float32),
}


@pytest.mark.parametrize("name", sorted(ARRAYS))
def test_repr_matches_torch(name):
    arr = ARRAYS[name]
    got = nt.tensor(arr)
    expected = torch.tensor(arr)
    assert repr(got).replace("numtensor.", "torch.") == repr(expected)
    assert str(got).replace("numtensor.", "torch.") == str(expected)


@pytest.mark.parametrize("name", ["floats", "float64", "scalar_float", "empty", "float16"])
def test_requires_grad_suffix(name):
    arr = ARRAYS[name]
    got = nt.tensor(arr, requires_grad=True)
    expected = torch.tensor(arr, requires_grad=True)
    assert repr(got).replace("numtensor.", "torch.") == repr(expected)


def test_suffix_wraps_at_linewidth():
    arr = (np.arange(8, dtype=np.float64) * 1234.5678).reshape(1, 8)
    got = repr(nt.tensor(arr, requires_grad=True))
    assert got.replace("numtensor.", "torch.") == repr(torch.tensor(arr, requires_grad=True))


@pytest.mark.parametrize(
    "options",
    [
        dict(precision=2),
        dict(precision=8),
        dict(threshold=5),
        dict(edgeitems=1, threshold=5),
        dict(linewidth=40),
        dict(sci_mode=True),
        dict(sci_mode=False),
        dict(profile="short"),
        dict(profile="full"),
    ],
)
@pytest.mark.parametrize("name", ["floats", "summarised", "sci_small", "long_row", "3d"])
def test_printoptions(options, name):
    arr = ARRAYS[name]
    try:
        nt.set_printoptions(**options)
        torch.set_printoptions(**options)
        assert repr(nt.tensor(arr)).replace("numtensor.", "torch.") == repr(torch.tensor(arr))
    finally:
        nt.set_printoptions(profile="default")
        torch.set_printoptions(profile="default")


def test_printoptions_context_and_getter():
    with nt.printoptions(precision=1):
        assert repr(nt.tensor([1.25])) == "tensor([1.2])"
        assert nt.get_printoptions()["precision"] == 1
    assert repr(nt.tensor([1.25])) == "tensor([1.2500])"


def test_views_and_non_contiguous_print_their_values():
    t = nt.arange(16).reshape(2, 2, 4)
    e = torch.arange(16).reshape(2, 2, 4)
    for f in (lambda x: x.transpose(1, 2), lambda x: x.permute(2, 0, 1), lambda x: x[:, 1, ::2]):
        assert repr(f(t)) == repr(f(e))


def test_f_string_of_tensor_matches_seed():
    x = nt.tensor([[1, 1], [1, 1]])
    assert f"Ones Tensor: \n {x} \n" == "Ones Tensor: \n tensor([[1, 1],\n        [1, 1]]) \n"

"""multinomial, the further samplers and datasets, anomaly detection, orthogonal_ and dirac_
(issue 15): torch's semantics (their random draws are numtensor's own, so distributions and
invariants are checked, not PyTorch's numbers)."""

import warnings

import numpy as np
import pytest

import numtensor as nt
from numtensor.utils import data
from tests.conftest import check, torch


def test_multinomial_frequencies_and_errors():
    nt.manual_seed(0)
    w = nt.tensor([0.1, 0.0, 0.6, 0.3])
    counts = nt.bincount(nt.multinomial(w, 20000, True), minlength=4).double() / 20000
    assert np.allclose(counts.numpy(), [0.1, 0.0, 0.6, 0.3], atol=0.015)
    drawn = nt.multinomial(nt.tensor([[1.0, 2.0, 0.0, 4.0], [1.0, 1.0, 1.0, 1.0]]), 3)
    assert drawn.shape == (2, 3) and drawn.dtype is nt.int64
    assert all(len(set(row)) == 3 for row in drawn.tolist()) and 2 not in drawn[0].tolist()
    for bad in (lambda m: m.multinomial(m.tensor([1.0, 2.0]), 3),
                lambda m: m.multinomial(m.tensor([1.0, -2.0]), 1),
                lambda m: m.multinomial(m.tensor([0.0, 0.0]), 1, True),
                lambda m: m.multinomial(m.ones(2, 2, 2), 1),
                lambda m: m.multinomial(m.tensor([1.0, 0.0]), 2)):  # fmt: skip
        check(bad)


def test_samplers_and_datasets():
    nt.manual_seed(0)
    s = data.SubsetRandomSampler([10, 20, 30, 40])
    assert sorted(s) == [10, 20, 30, 40] and len(s) == 4
    nt.manual_seed(0)
    w = data.WeightedRandomSampler([0.0, 1.0, 3.0], 4000)
    drawn = list(w)
    assert len(w) == len(drawn) == 4000 and 0 not in drawn and 0.7 < drawn.count(2) / 4000 < 0.8
    assert sorted(data.WeightedRandomSampler([1.0, 1.0, 1.0], 3, replacement=False)) == [0, 1, 2]
    with pytest.raises(ValueError):
        data.WeightedRandomSampler([1.0], 0)
    stack = data.StackDataset(data.TensorDataset(nt.arange(3)), nt.arange(10, 13))
    assert len(stack) == 3 and stack[1][1].item() == 11
    named = data.StackDataset(a=[1, 2], b=["x", "y"])
    assert named[1] == {"a": 2, "b": "y"}
    with pytest.raises(ValueError):
        data.StackDataset([1], [1, 2])

    class Count(data.IterableDataset):
        def __init__(self, n):
            self.n = n

        def __iter__(self):
            return iter(range(self.n))

        def __len__(self):
            return self.n

    chain = data.ChainDataset([Count(2), Count(3)])
    assert list(chain) == [0, 1, 0, 1, 2] and len(chain) == 5
    converted = data.default_convert({"a": np.arange(3), "b": [np.float64(2.5), "s"]})
    assert isinstance(converted["a"], nt.Tensor) and converted["b"][1] == "s"
    assert converted["b"][0].dtype is nt.float64
    assert (
        torch.utils.data.default_convert(np.arange(3)).tolist()
        == data.default_convert(np.arange(3)).tolist()
    )


def test_detect_anomaly_names_the_node_that_made_nan():
    x = nt.tensor([0.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with nt.autograd.detect_anomaly():
            assert nt.is_anomaly_enabled()
            y = (x.sqrt() * 0).sum()
            with pytest.raises(
                RuntimeError,
                match="Function 'SqrtBackward0' returned nan values in its 0th output",
            ):
                y.backward()
    assert not nt.is_anomaly_enabled()
    (x.sqrt() * 0).sum().backward()  # (off again: no check)
    with nt.autograd.set_detect_anomaly(True, check_nan=False):
        assert nt.is_anomaly_enabled() and not nt.is_anomaly_check_nan_enabled()
    assert not nt.is_anomaly_enabled() and nt.is_anomaly_check_nan_enabled()


def test_orthogonal_and_dirac():
    nt.manual_seed(0)
    for shape in ((4, 6), (6, 4), (3, 2, 2)):
        w = nt.nn.init.orthogonal_(nt.empty(*shape), gain=2.0)
        flat = w.reshape(shape[0], -1)
        gram = flat @ flat.t() if shape[0] <= flat.shape[1] else flat.t() @ flat
        assert np.allclose(gram.numpy(), 4 * np.eye(gram.shape[0]), atol=1e-5)
    check(lambda m: m.nn.init.dirac_(m.empty(4, 2, 3, 3)))
    check(lambda m: m.nn.init.dirac_(m.empty(6, 2, 3), groups=2))
    check(lambda m: m.nn.init.dirac_(m.empty(2, 2)))
    x = nt.randn(1, 2, 5, 5)
    conv = nt.nn.Conv2d(2, 2, 3, padding=1, bias=False)
    nt.nn.init.dirac_(conv.weight)
    assert nt.allclose(conv(x), x)

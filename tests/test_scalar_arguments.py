"""Python scalars as op arguments at the edges of what PyTorch accepts: ints beyond int64 and
uint64 together raise OverflowError before any op runs (ints in [2**63, 2**64) are taken as
uint64); factories without a bool kernel refuse bool; against torch."""

import pytest

from tests.conftest import check

HUGE = [2**64, -(2**63) - 1, 2**70]
EDGE = [2**63 - 1, 2**63, 2**64 - 1, -(2**63)]

OPS = {
    "add float": lambda m, v: m.tensor([1.0]) + v,
    "radd int": lambda m, v: v + m.tensor([1]),
    "div": lambda m, v: m.tensor([1.0, 2.0]) / v,
    "mul_": lambda m, v: m.tensor([1.0]).mul_(v),
    "eq": lambda m, v: m.tensor([1.0]) == v,
    "full": lambda m, v: m.full((2,), v),
    "full float": lambda m, v: m.full((2,), v, dtype=m.float64),
    "fill_": lambda m, v: m.zeros(2).fill_(v),
    "clamp": lambda m, v: m.tensor([1.0]).clamp(min=v),
    "where": lambda m, v: m.where(m.tensor([True, False]), m.tensor([1, 2]), v),
    "masked_fill": lambda m, v: m.tensor([1, 2]).masked_fill(m.tensor([True, False]), v),
    "pow": lambda m, v: m.tensor([1.0]) ** v,
    "tensor": lambda m, v: m.tensor(v),
    "tensor float": lambda m, v: m.tensor(v, dtype=m.float32),
}


@pytest.mark.parametrize("value", HUGE + EDGE)
@pytest.mark.parametrize("name", sorted(OPS))
def test_python_int_arguments_match_torch(name, value):
    check(lambda m: OPS[name](m, value), check_repr=False)


@pytest.mark.parametrize(
    "factory",
    [
        lambda m: m.arange(5, dtype=m.bool),
        lambda m: m.arange(-1, dtype=m.bool),
        lambda m: m.linspace(0, 1, 3, dtype=m.bool),
        lambda m: m.logspace(0, 1, 3, dtype=m.bool),
        lambda m: m.arange(5, dtype=m.uint8),
    ],
)
def test_factories_without_a_bool_kernel(factory):
    check(factory)

"""In-place and three-operand ops across dtypes, against torch: addcmul/addcdiv compute in the
promoted dtype of all three operands; in-place shifts check the cast before the op."""

import itertools

import pytest

from tests.conftest import check

DTYPES = ["bool", "uint8", "int8", "int16", "int64", "float16", "float32", "float64"]


def _values(m, name, nc=False):
    if name == "bool":
        t = m.tensor([[True, False, True], [False, True, True]])
    elif name.startswith("float"):
        t = m.tensor(
            [[0.0, -1.5, 2.25], [float("inf"), float("nan"), -0.0]], dtype=getattr(m, name)
        )
    else:
        values = [[0, 1, -2], [3, 127, -128]] if name != "uint8" else [[0, 1, 2], [3, 127, 255]]
        t = m.tensor(values, dtype=getattr(m, name))
    return t.t().contiguous().t() if nc else t


@pytest.mark.parametrize("d0,d1", list(itertools.product(DTYPES, DTYPES)))
def test_addcmul_in_place_promotes_all_operands(d0, d1):
    check(lambda m: _values(m, d0).addcmul_(_values(m, d1), _values(m, d1, True)))


@pytest.mark.parametrize(
    "fn",
    [
        lambda m: m.addcmul(_values(m, "float16"), _values(m, "int8"), _values(m, "int8"), value=2),
        lambda m: m.addcdiv(_values(m, "int64"), _values(m, "float32"), _values(m, "float32") + 1),
        lambda m: m.addcmul(_values(m, "float32"), _values(m, "float64"), _values(m, "int64")),
    ],
)
def test_addcmul_addcdiv_dtypes(fn):
    check(fn, exact=False)


@pytest.mark.parametrize("d0,d1", list(itertools.product(DTYPES, DTYPES)))
@pytest.mark.parametrize("op", ["__ilshift__", "__irshift__", "__lshift__"])
def test_shifts_check_dtypes_as_torch(op, d0, d1):
    check(
        lambda m: getattr(_values(m, d0), op)(
            _values(m, d1).abs() if d1 != "bool" else _values(m, d1)
        )
    )

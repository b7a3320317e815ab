"""Aliases, trivial questions of real tensors, in-place view ops, dtype info and constants
(issue 15's first batch), against torch."""

import pytest

import numtensor as nt
from tests.conftest import check


def x(m):
    return m.tensor([[-2.0, 0.0, 3.5], [1.0, -0.5, 2.0]])


CASES = {
    "sgn": lambda m: m.sgn(x(m)),
    "sgn_method": lambda m: x(m).sgn(),
    "positive": lambda m: m.positive(x(m)),
    "positive_bool": lambda m: m.positive(m.tensor([True])),
    "ravel": lambda m: x(m).t().ravel(),
    "ravel_fn": lambda m: m.ravel(x(m)),
    "conj": lambda m: (x(m).conj(), m.conj_physical(x(m)), x(m).resolve_conj(), x(m).resolve_neg()),
    "is_conj_neg_complex": lambda m: (
        x(m).is_conj(),
        m.is_neg(x(m)),
        m.is_complex(x(m)),
        x(m).is_complex(),
    ),
    "is_signed": lambda m: [
        m.ones(1, dtype=d).is_signed() for d in (m.uint8, m.int8, m.bool, m.float16, m.int64)
    ],
    "is_nonzero": lambda m: (m.is_nonzero(m.tensor([2.0])), m.tensor(0).is_nonzero()),
    "is_nonzero_many": lambda m: m.is_nonzero(m.ones(2)),
    "is_nonzero_empty": lambda m: m.is_nonzero(m.ones(0)),
    "real": lambda m: (m.real(x(m)), x(m).real),
    "imag": lambda m: x(m).imag,
    "imag_fn": lambda m: m.imag(x(m)),
    "t_": lambda m: (lambda a: (a.t_(), a.shape, a.stride(), a._version))(x(m) * 1),
    "unsqueeze_squeeze_": lambda m: (
        lambda a: (a.unsqueeze_(1).shape, a.squeeze_().shape, a.squeeze_(0).shape)
    )(x(m)),
    "transpose_": lambda m: (
        lambda a: (a.transpose_(0, 1), a.stride(), a.swapaxes_(0, 1).shape, a.swapdims_(1, 0).shape)
    )(x(m)),
    "t_ on a leaf": lambda m: x(m).requires_grad_().t_(),
    "cumsum_ cumprod_": lambda m: (lambda a: (a.cumsum_(1).clone(), a.cumprod_(0)))(x(m)),
    "result_type": lambda m: (
        m.result_type(m.tensor([1]), 1.0),
        m.result_type(m.tensor(1, dtype=m.int8), m.tensor([1], dtype=m.uint8)),
        m.result_type(2, True),
    ),
    "can_cast": lambda m: [
        m.can_cast(a, b) for a in (m.float32, m.int32, m.bool) for b in (m.float64, m.int8, m.bool)
    ],
    "constants": lambda m: (m.pi, m.e, m.inf, str(m.nan)),
    "finfo": lambda m: [
        (f.bits, f.eps, f.max, f.min, f.tiny, f.smallest_normal, f.resolution, f.dtype)
        for f in (m.finfo(), m.finfo(m.float16), m.finfo(m.float64))
    ],
    "finfo_repr": lambda m: [
        repr(m.finfo(d)).replace("torch.", "") for d in (m.float16, m.float32, m.float64)
    ],
    "finfo_int": lambda m: m.finfo(m.int32),
    "iinfo": lambda m: [
        (i.bits, i.max, i.min, i.dtype, repr(i))
        for i in (m.iinfo(d) for d in (m.uint8, m.int8, m.int16, m.int32, m.int64))
    ],
    "iinfo_float": lambda m: m.iinfo(m.float32),
    "iinfo_bool": lambda m: m.iinfo(m.bool),
    "finfo_eq": lambda m: (
        m.finfo(m.float32) == m.finfo(),
        m.finfo(m.float32) == m.finfo(m.float64),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    check(CASES[name])


def test_typename_and_gradient_through_t_():
    assert nt.typename(nt.ones(1)) == "numtensor.FloatTensor" and nt.typename(3) == "int"
    a = nt.arange(6.0, dtype=nt.float64).reshape(2, 3).requires_grad_()
    b = a * 1
    b.t_()
    (b * nt.arange(6.0, dtype=nt.float64).reshape(3, 2)).sum().backward()
    assert a.grad.tolist() == [[0.0, 2.0, 4.0], [1.0, 3.0, 5.0]]

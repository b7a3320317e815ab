"""``out=`` on the function forms (sort, topk, the linalg factorisations, the factories...)
against torch 2.13: values, ``r is out`` (the named tuple's fields are the given tensors),
resizing warnings, dtype rules, the autograd error, bad ``out`` arguments."""

import inspect
import warnings

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check, torch

_A = [[4.0, 2.0, 0.6], [2.0, 3.0, 0.4], [0.6, 0.4, 2.0]]
_B = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
_X = [[3.0, 1.0, 2.0], [0.5, -1.0, 4.0]]


def _A_(t):
    return t.tensor(_A)


def _L(t):
    return t.linalg.cholesky(_A_(t))


def _lu(t):
    return tuple(t.linalg.lu_factor(_A_(t)))


def _x(t):
    return t.tensor(_X)


def _v(t):
    return t.tensor([1.0, 2.0, 3.0])


# name, args (built by the library), kwargs, number of results, compare values with torch's
CASES = [
    ("aminmax", lambda t: (_x(t),), {"dim": 0}, 2, True),
    ("arange", lambda t: (5,), {}, 1, True),
    ("cholesky", lambda t: (_A_(t),), {}, 1, True),
    ("cholesky_inverse", lambda t: (_L(t),), {}, 1, True),
    ("cholesky_solve", lambda t: (t.tensor(_B), _L(t)), {}, 1, True),
    ("conj_physical", lambda t: (_x(t),), {}, 1, True),
    ("cummax", lambda t: (_x(t), 1), {}, 2, True),
    ("cummin", lambda t: (_x(t), 1), {}, 2, True),
    ("deg2rad", lambda t: (_x(t),), {}, 1, True),
    ("diag", lambda t: (_v(t),), {}, 1, True),
    ("eye", lambda t: (3,), {}, 1, True),
    ("full", lambda t: ((2, 3), 1.5), {}, 1, True),
    ("geqrf", lambda t: (_A_(t),), {}, 2, False),
    ("ger", lambda t: (_v(t), _v(t)), {}, 1, True),
    ("inverse", lambda t: (_A_(t),), {}, 1, True),
    ("kthvalue", lambda t: (_x(t), 2), {}, 2, True),
    ("linspace", lambda t: (0, 1, 5), {}, 1, True),
    ("logspace", lambda t: (0, 1, 5), {}, 1, True),
    ("lu_solve", lambda t: (t.tensor(_B), *_lu(t)), {}, 1, True),
    ("lu_unpack", lambda t: _lu(t), {}, 3, True),
    ("matrix_power", lambda t: (_A_(t), 2), {}, 1, True),
    ("mode", lambda t: (_x(t),), {}, 2, True),
    ("nanmean", lambda t: (_x(t),), {"dim": 1}, 1, True),
    ("nonzero", lambda t: (_x(t),), {}, 1, True),
    ("outer", lambda t: (_v(t), _v(t)), {}, 1, True),
    ("randint", lambda t: (10, (3,)), {}, 1, False),
    ("randperm", lambda t: (5,), {}, 1, False),
    ("sort", lambda t: (_x(t),), {}, 2, True),
    ("svd", lambda t: (_A_(t),), {}, 3, False),
    ("topk", lambda t: (_x(t), 2), {}, 2, True),
    ("triangular_solve", lambda t: (t.tensor(_B), _L(t).mT), {}, 2, True),
    ("tril", lambda t: (_A_(t),), {}, 1, True),
    ("triu", lambda t: (_A_(t),), {}, 1, True),
    ("linalg.cholesky", lambda t: (_A_(t),), {}, 1, True),
    ("linalg.cholesky_ex", lambda t: (_A_(t),), {}, 2, True),
    ("linalg.det", lambda t: (_A_(t),), {}, 1, True),
    ("linalg.eig", lambda t: (_A_(t),), {}, 2, False),
    ("linalg.eigh", lambda t: (_A_(t),), {}, 2, False),
    ("linalg.eigvals", lambda t: (_A_(t),), {}, 1, False),
    ("linalg.eigvalsh", lambda t: (_A_(t),), {}, 1, True),
    ("linalg.householder_product", lambda t: (t.tensor(_B), t.tensor([1.2, 1.5])), {}, 1, True),
    ("linalg.inv", lambda t: (_A_(t),), {}, 1, True),
    ("linalg.inv_ex", lambda t: (_A_(t),), {}, 2, True),
    ("linalg.lu", lambda t: (_A_(t),), {}, 3, True),
    ("linalg.lu_factor", lambda t: (_A_(t),), {}, 2, True),
    ("linalg.lu_solve", lambda t: (*_lu(t), t.tensor(_B)), {}, 1, True),
    ("linalg.slogdet", lambda t: (_A_(t),), {}, 2, True),
    ("linalg.solve", lambda t: (_A_(t), t.tensor(_B)), {}, 1, True),
    ("linalg.solve_triangular", lambda t: (_L(t), t.tensor(_B)), {"upper": False}, 1, True),
    ("linalg.svd", lambda t: (_A_(t),), {}, 3, False),
    ("linalg.svdvals", lambda t: (_A_(t),), {}, 1, True),
    ("median", lambda t: (_x(t), 1), {}, 2, True),
    ("nanmedian", lambda t: (_x(t), 1), {}, 2, True),
    ("max", lambda t: (_x(t), 1), {}, 2, True),
    ("min", lambda t: (_x(t), 1), {}, 2, True),
    ("max", lambda t: (_x(t),), {}, 1, True),
    ("min", lambda t: (_x(t),), {}, 1, True),
    ("slogdet", lambda t: (_A_(t),), {}, 2, True),
    ("qr", lambda t: (_A_(t),), {}, 2, False),
    ("frexp", lambda t: (_x(t),), {}, 2, True),
    ("histogram", lambda t: (_v(t),), {"bins": 3}, 2, True),
    ("logsumexp", lambda t: (_x(t), 1), {}, 1, True),
    ("special.logsumexp", lambda t: (_x(t), 1), {}, 1, True),
    ("linalg.cond", lambda t: (_A_(t),), {}, 1, True),
    ("linalg.cross", lambda t: (_v(t), _v(t).flip(0)), {}, 1, True),
    ("linalg.matrix_power", lambda t: (_A_(t), 3), {}, 1, True),
    ("linalg.matrix_rank", lambda t: (_A_(t),), {}, 1, True),
    ("linalg.multi_dot", lambda t: ([_A_(t), _A_(t), t.tensor(_B)],), {}, 1, True),
    ("linalg.pinv", lambda t: (t.tensor(_B),), {}, 1, True),
    ("linalg.tensorinv", lambda t: (_A_(t),), {"ind": 1}, 1, True),
    ("linalg.tensorsolve", lambda t: (_A_(t), _v(t)), {}, 1, True),
    ("linalg.vecdot", lambda t: (_x(t), _x(t)), {}, 1, True),
    ("linalg.solve_ex", lambda t: (_A_(t), t.tensor(_B)), {}, 2, True),
    ("linalg.lu_factor_ex", lambda t: (_A_(t),), {}, 3, True),
]
IDS = [f"{c[0]}-{c[3]}" for c in CASES]
FACTORIES = {"arange", "eye", "full", "linspace", "logspace", "randint", "randperm"}


def _fn(lib, name):
    for part in name.split("."):
        lib = getattr(lib, part)
    return lib


def _results(r, n):
    return (r,) if n == 1 else tuple(r)


def _outs(lib, results, n, dtype=None, shape=(0,)):
    made = [
        lib.empty(shape, dtype=r.dtype if dtype is None else dtype(lib, r.dtype)) for r in results
    ]
    return made[0] if n == 1 else tuple(made)


def _run(lib, case, **extra):
    """The call, PyTorch's deprecation warnings (torch.cholesky, ger, qr...) silenced."""
    name, make, kwargs = case[:3]
    if name in FACTORIES:
        lib.manual_seed(0)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*deprecated.*")
        return _fn(lib, name)(*make(lib), **kwargs, **extra)


def _outcome(lib, case, **extra):
    """What a call does: ("ok", resize warnings) or (exception class, message)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            _run(lib, case, **extra)
        except Exception as e:  # (the class is what is compared)
            return type(e), str(e)
    resized = [w for w in caught if "resized" in str(w.message)]
    return "ok", len(resized)


def _np(t):
    return t.detach().cpu().numpy() if hasattr(t, "detach") else np.asarray(t)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_out_matches_the_plain_call_and_is_returned(case):
    n, compare = case[3], case[4]
    plain = _results(_run(nt, case), n)
    outs = _outs(nt, plain, n)
    got = _run(nt, case, out=outs)
    if n == 1:
        assert got is outs
    else:
        assert all(g is o for g, o in zip(got, outs))
        theirs = _run(torch, case, out=_outs(torch, _results(_run(torch, case), n), n))
        assert type(got).__name__ == type(theirs).__name__
        assert type(got) is getattr(nt.return_types, type(got).__name__)
        assert repr(got).startswith(f"numtensor.return_types.{type(got).__name__}(")
    for g, p in zip(_results(got, n), plain):
        assert g.dtype == p.dtype and g.shape == p.shape
        np.testing.assert_array_equal(_np(g), _np(p))
    if compare:
        ref = _results(_run(torch, case), n)
        for g, r in zip(_results(got, n), ref):
            assert str(g.dtype).split(".")[-1] == str(r.dtype).split(".")[-1]
            np.testing.assert_allclose(_np(g), _np(r), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_resizing_a_non_empty_out_warns_as_torch(case):
    n = case[3]

    def outs(lib):
        return _outs(lib, _results(_run(lib, case), n), n, shape=(7,))

    ours, theirs = _outcome(nt, case, out=outs(nt)), _outcome(torch, case, out=outs(torch))
    assert ours == theirs


def _cast_to(kind):
    def pick(lib, dt):
        if kind == "other_float":
            other = {lib.float32: lib.float64, lib.float64: lib.float32, lib.int64: lib.int32}
            return other.get(dt, dt)
        if kind == "integer":
            return lib.int64 if dt != lib.int64 else lib.float32
        return lib.complex128

    return pick


@pytest.mark.parametrize("kind", ["other_float", "integer", "complex"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_out_dtype_rules_match_torch(case, kind):
    name, n = case[0], case[3]
    if (name in ("arange", "randint", "randperm") and kind == "complex") or name == "nanmean":
        pytest.skip("torch: not implemented for that dtype (NotImplementedError)")

    def outs(lib):
        return _outs(lib, _results(_run(lib, case), n), n, dtype=_cast_to(kind))

    ours, theirs = _outcome(nt, case, out=outs(nt)), _outcome(torch, case, out=outs(torch))
    assert ours[0] is theirs[0], (ours, theirs)
    if ours[0] == "ok":
        got = _run(nt, case, out=outs(nt))
        ref = _run(torch, case, out=outs(torch))
        for g, r in zip(_results(got, n), _results(ref, n)):
            assert str(g.dtype).split(".")[-1] == str(r.dtype).split(".")[-1]
            if case[4]:
                np.testing.assert_allclose(_np(g), _np(r), rtol=1e-5, atol=1e-5)


def _requiring_grad(lib, case):
    name, make, kwargs, n, _ = case
    args = [
        a.detach().requires_grad_() if isinstance(a, lib.Tensor) and a.is_floating_point() else a
        for a in make(lib)
    ]
    return (name, lambda _lib: tuple(args), kwargs, n, False)


@pytest.mark.parametrize("case", [c for c in CASES if c[0] not in FACTORIES], ids=lambda c: c[0])
def test_autograd_error_matches_torch(case):
    n = case[3]

    def outs(lib):
        return _outs(lib, _results(_run(lib, case), n), n)

    ours = _outcome(nt, _requiring_grad(nt, case), out=outs(nt))
    theirs = _outcome(torch, _requiring_grad(torch, case), out=outs(torch))
    assert ours[0] is theirs[0]
    if theirs[0] is RuntimeError:
        assert ours[1] == theirs[1]
    with nt.no_grad():  # no graph: the write is allowed
        assert _outcome(nt, _requiring_grad(nt, case), out=outs(nt))[0] == "ok"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_bad_out_arguments_raise_type_error(case):
    n = case[3]
    plain = _results(_run(nt, case), n)
    assert _outcome(nt, case, out=3)[0] is TypeError
    if n == 1:
        assert _outcome(nt, case, out=(_outs(nt, plain, n),))[0] is TypeError
    else:
        outs = _outs(nt, plain, n)
        assert _outcome(nt, case, out=outs[0])[0] is TypeError
        short = _outcome(nt, case, out=outs[:-1])
        assert short == (TypeError, f"expected tuple of {n} elements but got {n - 1}")
        got = _run(nt, case, out=list(outs))  # a list is accepted as PyTorch does
        assert all(g is o for g, o in zip(got, outs))


@pytest.mark.parametrize("name", sorted({c[0] for c in CASES}))
def test_signature_shows_out_and_methods_do_not_take_it(name):
    fn = _fn(nt, name)
    param = inspect.signature(fn).parameters["out"]
    assert param.kind is inspect.Parameter.KEYWORD_ONLY and param.default is None
    assert "out (" in fn.__doc__
    method = getattr(nt.Tensor, name.split(".")[-1], None)
    if method is not None and name not in FACTORIES and "." not in name:
        assert "out" not in inspect.signature(method).parameters


def test_methods_reject_out():
    x = nt.tensor(_X)
    with pytest.raises(TypeError):
        x.sort(out=(nt.empty(0), nt.empty(0, dtype=nt.int64)))
    with pytest.raises(TypeError):
        x.tril(out=nt.empty(0))


def test_out_types_print_and_fields():
    x = nt.tensor([[3.0, 1.0, 2.0]])
    v, i = nt.empty(0), nt.empty(0, dtype=nt.int64)
    r = nt.sort(x, out=(v, i))
    assert r.values is v and r.indices is i and r[0] is v
    assert repr(r) == (
        "numtensor.return_types.sort_out(\n"
        "values=tensor([[1., 2., 3.]]),\n"
        "indices=tensor([[1, 2, 0]]))"
    )
    assert nt.return_types.sort_out._fields == ("values", "indices")
    for name in ("max_out", "min_out", "median_out", "topk_out", "svd_out", "linalg_svd_out"):
        assert hasattr(nt.return_types, name)


def test_out_may_be_an_input():
    x = nt.tensor([3.0, -1.0, 2.0])
    r = nt.sort(x, out=(x, nt.empty(0, dtype=nt.int64)))
    assert r.values is x
    np.testing.assert_array_equal(x.numpy(), [-1.0, 2.0, 3.0])
    a = nt.tensor(_A)
    assert nt.tril(a, out=a) is a
    np.testing.assert_array_equal(a.numpy(), torch.tril(torch.tensor(_A)).numpy())


def test_out_of_the_right_size_is_written_in_place():
    out = nt.empty(2, 3)
    storage = out.data_ptr()
    assert nt.triu(nt.tensor(_X), out=out) is out
    assert out.data_ptr() == storage
    np.testing.assert_array_equal(out.numpy(), torch.triu(torch.tensor(_X)).numpy())


def test_median_and_nanmedian_out_need_dim():
    x = nt.tensor(_X)
    for fn in (nt.median, nt.nanmedian):
        with pytest.raises(TypeError, match='missing 1 required positional arguments: "dim"'):
            fn(x, out=(nt.empty(0), nt.empty(0, dtype=nt.int64)))


def test_max_min_out_forms():
    x, other = nt.tensor(_X), nt.tensor([1.0, 1.0, 1.0])
    tx, tother = torch.tensor(_X), torch.tensor([1.0, 1.0, 1.0])
    for name in ("max", "min"):
        o = nt.empty(0)
        assert getattr(nt, name)(x, out=o) is o
        np.testing.assert_array_equal(o.numpy(), getattr(torch, name)(tx).numpy())
        o = nt.empty(0)
        assert getattr(nt, name)(x, other, out=o) is o
        np.testing.assert_array_equal(o.numpy(), getattr(torch, name)(tx, tother).numpy())
        r = getattr(nt, name)(x, 0, True, out=(nt.empty(0), nt.empty(0, dtype=nt.int64)))
        assert type(r) is getattr(nt.return_types, f"{name}_out")
        ref = getattr(torch, name)(tx, 0, True)
        np.testing.assert_array_equal(r.indices.numpy(), ref.indices.numpy())
        with pytest.raises(TypeError):
            getattr(nt, name)(x, 1, out=nt.empty(0))
        with pytest.raises(TypeError):
            getattr(nt, name)(x, out=(nt.empty(0), nt.empty(0, dtype=nt.int64)))


def test_histogram_out_is_written():
    x = nt.tensor([1.0, 2.0, 1.0, 2.5])
    hist, edges = nt.empty(0), nt.empty(0)
    r = nt.histogram(x, bins=4, range=(0.0, 3.0), out=(hist, edges))
    ref = torch.histogram(torch.tensor([1.0, 2.0, 1.0, 2.5]), bins=4, range=(0.0, 3.0))
    assert type(r).__name__ == "histogram_out" and r.hist is hist and r.bin_edges is edges
    np.testing.assert_array_equal(hist.numpy(), ref.hist.numpy())
    np.testing.assert_allclose(edges.numpy(), ref.bin_edges.numpy())
    with pytest.raises(RuntimeError):
        nt.histogram(x, bins=4, out=(nt.empty(0, dtype=nt.float64), nt.empty(0)))
    assert "not written" not in nt.histogram.__doc__


def test_factory_out_dtype_device_and_requires_grad():
    o = nt.empty(0, dtype=nt.int64)
    assert nt.linspace(0, 1, 3, out=o) is o
    np.testing.assert_array_equal(o.numpy(), torch.linspace(0, 1, 3, dtype=torch.int64))
    o = nt.empty(0, dtype=nt.float64)
    assert nt.randperm(4, out=o) is o and o.dtype == nt.float64
    assert sorted(o.tolist()) == [0.0, 1.0, 2.0, 3.0]
    with pytest.raises(RuntimeError, match="does not match dtype of out parameter"):
        nt.randperm(4, dtype=nt.int64, out=nt.empty(0))
    o = nt.empty(0)
    nt.full((2,), 1.0, requires_grad=True, out=o)
    assert o.requires_grad
    with warnings.catch_warnings(record=True) as caught:  # arange: torch's own message
        warnings.simplefilter("always")
        nt.arange(5, out=nt.empty(7))
    assert "does not match the computed number of elements 5" in str(caught[-1].message)


def test_integer_out_for_index_results_must_be_int64():
    x = nt.tensor(_X)
    with pytest.raises(RuntimeError, match="Expected out tensor to have dtype long int"):
        nt.sort(x, out=(nt.empty(0), nt.empty(0)))
    with pytest.raises(RuntimeError):
        nt.topk(x, 1, out=(nt.empty(0), nt.empty(0, dtype=nt.int32)))


def test_out_on_another_device_raises(device):
    if device == "cpu":
        pytest.skip("needs a second device")
    x = nt.tensor([3.0, 1.0])
    with pytest.raises(RuntimeError, match="Expected out tensor to have device"):
        nt.tril(nt.eye(2), out=nt.empty(0, device=device))
    with pytest.raises(RuntimeError):
        nt.sort(x, out=(nt.empty(0, device=device), nt.empty(0, dtype=nt.int64)))
    o = nt.empty(0, device=device)
    assert nt.sort(x.to(device), out=(o, nt.empty(0, dtype=nt.int64, device=device)))[0] is o
    np.testing.assert_array_equal(o.cpu().numpy(), [1.0, 3.0])


@pytest.mark.parametrize(
    "name, args",
    [
        ("add", lambda t, x: (x, 1)),
        ("mul", lambda t, x: (x, 2)),
        ("exp", lambda t, x: (x,)),
        ("sum", lambda t, x: (x, 0)),
        ("mean", lambda t, x: (x,)),
        ("clamp", lambda t, x: (x, 0.0, 1.0)),
        ("amax", lambda t, x: (x,)),
        ("maximum", lambda t, x: (x, x)),
    ],
)
def test_existing_out_ops_raise_the_same_autograd_error(name, args):
    def outcome(lib):
        x = lib.tensor([0.5, 2.0], requires_grad=True)
        o = lib.empty(0)
        try:
            getattr(lib, name)(*args(lib, x), out=o)
        except RuntimeError as e:
            return str(e), o.requires_grad
        return None, o.requires_grad

    assert outcome(nt) == outcome(torch)
    x = nt.tensor([0.5, 2.0], requires_grad=True)
    with nt.no_grad():
        o = nt.empty(0)
        assert getattr(nt, name)(*args(nt, x), out=o) is o and not o.requires_grad


@pytest.mark.parametrize("name", ["cat", "stack"])
def test_cat_and_stack_out_rules_match_torch(name):
    def run(lib, dtype, grad=False):
        x = lib.ones(2, 2, requires_grad=grad)
        return getattr(lib, name)([x, x], out=lib.empty(0, dtype=dtype))

    for dtype in ("float64", "int64", "bool"):
        check(lambda lib, dtype=dtype: run(lib, getattr(lib, dtype)))
    check(lambda lib: run(lib, lib.float32, grad=True))

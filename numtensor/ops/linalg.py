"""Linear algebra: matmul in all its cases, mm/bmm/mv/dot/outer, svd, diag, trace, tril/triu."""

from __future__ import annotations

import math

from .. import return_types
from .._dtype import HALVES, bool_, float32, float64, type_name
from .._tensor_base import Tensor
from ..autograd.function import Function
from ..autograd.grad_mode import _state
from ._common import allocate, check_same_device, ops_of, wrap
from ._launch import compute_dtype
from .registry import method, op
from .shape import broadcast_shapes


def _check_tensors(op: str, named: tuple) -> None:
    """Each (value, name) is a tensor, and all are on one device."""
    for x, name in named:
        if not isinstance(x, Tensor):
            raise TypeError(f"{op}(): argument '{name}' must be Tensor, not {type(x).__name__}")
    check_same_device(tuple(x for x, _ in named), op)


def _check_pair(a, b, op: str) -> None:
    _check_tensors(op, ((a, "input"), (b, "other")))
    if a.dtype is not b.dtype:
        raise RuntimeError(
            f"expected m1 and m2 to have the same dtype, but got: "
            f"{type_name(a.dtype).lower()} != {type_name(b.dtype).lower()}"
        )


def _check_product_dtype(a: Tensor, b: Tensor) -> None:
    """After the shapes: bool has no product kernel, but an empty product is made before the
    dtype is looked at (as in PyTorch)."""
    if (a.numel() and b.numel()) or (a.ndim == 1 and b.ndim == 1):  # (dot always checks)
        _check_not_bool(a)


def _check_not_bool(t: Tensor) -> None:
    if t.dtype is bool_:
        raise NotImplementedError("\"addmm_impl_cpu_\" not implemented for 'Bool'")


def _matmul(a: Tensor, b: Tensor, dtype) -> Tensor:
    """matmul of two tensors by PyTorch's rules (shapes already checked), on their device."""
    ops = ops_of(a)
    work = compute_dtype(dtype)
    a = a if a.dtype is work else a.to(work)
    b = b if b.dtype is work else b.to(work)
    if a.ndim == 2 and b.ndim == 2 and a.shape[1]:
        # the common case straight on the storages: one [1, n, k] @ [1, k, m] product
        whole = (None, Ellipsis)
        product = ops.bmm(ops.basic_index(a._data, whole), ops.basic_index(b._data, whole), work.np)
        out = wrap(ops.basic_index(product, (0, Ellipsis)), a)
        return out if out.dtype is dtype else out.to(dtype)
    a2 = a if a.ndim > 1 else a.reshape(1, -1)
    b2 = b if b.ndim > 1 else b.reshape(-1, 1)
    n, k = a2.shape[-2:]
    m = b2.shape[-1]
    if k == 0:
        batch = broadcast_shapes(a2.shape[:-2], b2.shape[:-2])
        out = allocate(tuple(batch) + (n, m), work.np, 0, a.device)
    elif b2.ndim == 2:
        # fold a's batch dims into rows: one large product instead of many small ones
        rows = a2.reshape(-1, k).unsqueeze(0)
        product = ops.bmm(rows._data, b2.unsqueeze(0)._data, work.np)
        out = wrap(product, a).reshape(tuple(a2.shape[:-2]) + (n, m))
    elif a2.ndim == 3 and b2.ndim == 3 and a2.shape[0] == b2.shape[0]:
        out = wrap(ops.bmm(a2._data, b2._data, work.np), a)  # bmm proper: nothing to broadcast
    else:
        batch = tuple(broadcast_shapes(a2.shape[:-2], b2.shape[:-2]))
        count = math.prod(batch)  # (not -1: a batch may hold no matrices)
        a3 = a2.expand(batch + (n, k)).reshape(count, n, k)
        b3 = b2.expand(batch + (k, m)).reshape(count, k, m)
        out = wrap(ops.bmm(a3._data, b3._data, work.np), a).reshape(batch + (n, m))
    if b.ndim == 1:
        out = out.select(-1, 0)
    if a.ndim == 1:
        out = out.select(-2, 0) if b.ndim > 1 else out.select(-1, 0)
    return (out if out.dtype is dtype else out.to(dtype)).contiguous()


def _check_matmul_shapes(a: Tensor, b: Tensor) -> None:
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {a.ndim}D and {b.ndim}D"
        )
    k_a = a.shape[-1]
    k_b = b.shape[0] if b.ndim == 1 else b.shape[-2]
    if k_a == k_b:
        if a.ndim > 2 or b.ndim > 2:
            broadcast_shapes(a.shape[:-2] if a.ndim > 1 else (), b.shape[:-2] if b.ndim > 1 else ())
        return
    if a.ndim == 1 and b.ndim == 1:
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{k_a}] and src [{k_b}] to have the same "
            f"number of elements, but got {k_a} and {k_b} elements respectively"
        )
    if a.ndim <= 2 and b.ndim <= 2:
        a_desc = f"{a.shape[0]}x{a.shape[1]}" if a.ndim == 2 else f"1x{k_a}"
        b_desc = f"{b.shape[0]}x{b.shape[1]}" if b.ndim == 2 else f"{k_b}x1"
        if b.ndim == 1:
            raise RuntimeError(
                f"size mismatch, got input ({a.shape[0]}), mat ({a_desc}), vec ({k_b})"
            )
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a_desc} and {b_desc})")
    raise RuntimeError(
        f"Expected size for first two dimensions of batch2 tensor to be: "
        f"[{math.prod(a.shape[:-2])}, {k_a}] but got: [{math.prod(b.shape[:-2])}, {k_b}]."
    )


class Matmul(Function):
    """torch.matmul: dot, mv, mm, vector-matrix and broadcast batched products."""

    node_name = "MmBackward0"

    def forward(self, a, b, *, out=None):
        _check_pair(a, b, "matmul")
        _check_matmul_shapes(a, b)
        _check_product_dtype(a, b)
        names = {(1, 1): "DotBackward0", (2, 1): "MvBackward0", (2, 2): "MmBackward0"}
        self.node_name = names.get((a.ndim, b.ndim), "BmmBackward0")
        self.save_for_backward(a, b)
        result = _matmul(a, b, a.dtype)
        if out is not None:
            from .conversion import copy_into_out

            return copy_into_out(out, result)
        return result

    def vjp(self, g):
        a, b = self.saved
        if a.ndim == 2 and b.ndim == 2:
            return product_grads(g, a, b)
        a2 = a if a.ndim > 1 else a.unsqueeze(0)
        b2 = b if b.ndim > 1 else b.unsqueeze(1)
        g2 = g
        if b.ndim == 1:
            g2 = g2.unsqueeze(-1)
        if a.ndim == 1:
            g2 = g2.unsqueeze(-2)
        ga, gb = product_grads(g2, a2, b2, a.requires_grad, b.requires_grad)
        if ga is not None and a.ndim == 1:
            ga = ga.squeeze(-2)
        if gb is not None and b.ndim == 1:
            gb = gb.squeeze(-1)
        return ga, gb


def product_grads(g: Tensor, a: Tensor, b: Tensor, need_a=None, need_b=None) -> tuple:
    """(dL/da, dL/db) of ``a @ b`` from its gradient ``g`` (None where not needed).

    A column-major operand (a transposed view, as linear's ``weight.t()``) gets its gradient
    computed transposed, so that it is laid out like the operand (PyTorch's
    mm_mat1/mat2_backward): a Linear weight's ``.grad`` is row-major. Outside a graph
    (no create_graph), 2-D float32/float64 products go straight to the backend."""
    need_a = a.requires_grad if need_a is None else need_a
    need_b = b.requires_grad if need_b is None else need_b
    dt = g._dtype
    if (
        not _state.enabled
        and g.ndim == 2
        and a.ndim == 2
        and b.ndim == 2
        and dt in _BLAS_DTYPES
        and a._dtype is dt
        and b._dtype is dt
    ):
        return _product_grads_direct(g, a, b, need_a, need_b)
    ga = gb = None
    if need_a:
        ga = Matmul.apply(b, g.mT).mT if _column_major(a) else Matmul.apply(g, b.mT)
    if need_b:
        gb = Matmul.apply(g.mT, a).mT if _column_major(b) else Matmul.apply(a.mT, g)
    return ga, gb


_BLAS_DTYPES = (float32, float64)
_T = (1, 0)


def _product_grads_direct(g: Tensor, a: Tensor, b: Tensor, need_a: bool, need_b: bool):
    ops, dev, dt = ops_of(g), g.device, g._dtype
    gd, ad, bd = g._data, a._data, b._data
    fused = ops.fast_mm_grads(gd, ad, bd, need_a, need_b)
    if fused is not None:  # linear's case, in one kernel
        ga, gb = fused
        return (
            None if ga is None else Tensor._make(ga, dev, dtype=dt),
            None if gb is None else Tensor._make(gb, dev, dtype=dt),
        )
    ga = gb = None
    if need_a:
        if _column_major_storage(ops, ad):
            ga = ops.permute(ops.mm(bd, ops.permute(gd, _T), dt.np), _T)
        else:
            ga = ops.mm(gd, ops.permute(bd, _T), dt.np)
        ga = Tensor._make(ga, dev, dtype=dt)
    if need_b:
        if _column_major_storage(ops, bd):
            gb = ops.permute(ops.mm(ops.permute(gd, _T), ad, dt.np), _T)
        else:
            gb = ops.mm(ops.permute(ad, _T), gd, dt.np)
        gb = Tensor._make(gb, dev, dtype=dt)
    return ga, gb


def _column_major_storage(ops, data) -> bool:
    """A matrix whose transpose is C-contiguous (and which is not C-contiguous itself)."""
    return (
        data.ndim == 2 and not ops.is_contiguous(data) and ops.is_contiguous(ops.permute(data, _T))
    )


def _column_major(t: Tensor) -> bool:
    return _column_major_storage(ops_of(t), t._data)


@op("matmul")
def matmul(input: Tensor, other: Tensor, *, out: Tensor | None = None) -> Tensor:
    r"""Matrix product of two tensors, with PyTorch's rules for their dimensions.

    - 1-D and 1-D: the dot product (a 0-dim tensor).
    - 2-D and 2-D: the matrix-matrix product.
    - 1-D first: a 1 is prepended to its shape for the product, then removed; 1-D second:
      a 1 is appended, then removed (matrix-vector product).
    - N-D (N > 2): a batched product; the batch dims (all but the last two) broadcast, e.g.
      ``(j, 1, n, m) @ (k, m, p)`` gives ``(j, k, n, p)``.

    Both must have the same dtype. Also ``x.matmul(y)``, ``x @ y`` and
    ``numtensor.linalg.matmul``.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> a = torch.tensor([[1., 2.], [3., 4.]])
        >>> torch.matmul(a, torch.tensor([1., 1.]))
        tensor([3., 7.])
        >>> a @ a
        tensor([[ 7., 10.],
                [15., 22.]])
        >>> torch.matmul(torch.ones(2, 2, 3), torch.ones(3, 4)).shape
        numtensor.Size([2, 2, 4])
    """
    return Matmul.apply(input, other, out=out)


@op("mm")
def mm(input: Tensor, mat2: Tensor, *, out: Tensor | None = None) -> Tensor:
    r"""Matrix product of the matrices ``input`` ``(n, m)`` and ``mat2`` ``(m, p)``: ``(n, p)``.

    2-D tensors of one dtype only (no broadcasting: see :func:`matmul`). ``x.mm(y)`` is the
    method form.

    Args:
        input (Tensor): the first matrix.
        mat2 (Tensor): the second matrix.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> a = torch.tensor([[1., 2.], [3., 4.]])
        >>> torch.mm(a, torch.tensor([[1., 0., 2.], [0., 1., 3.]]))
        tensor([[ 1.,  2.,  8.],
                [ 3.,  4., 18.]])
    """
    _check_pair(input, mat2, "mm")
    if input.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if mat2.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    _check_product_dtype(input, mat2)
    return Matmul.apply(input, mat2, out=out)


@op("bmm")
def bmm(input: Tensor, mat2: Tensor, *, out: Tensor | None = None) -> Tensor:
    r"""Batched matrix product of ``input`` ``(b, n, m)`` and ``mat2`` ``(b, m, p)``.

    The result is ``(b, n, p)``.

    3-D tensors of one dtype with the same batch size (no broadcasting: see
    :func:`matmul`). ``x.bmm(y)`` is the method form.

    Args:
        input (Tensor): the first batch of matrices.
        mat2 (Tensor): the second batch of matrices.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.bmm(torch.ones(2, 2, 3), torch.ones(2, 3, 1))
        tensor([[[3.],
                 [3.]],
        <BLANKLINE>
                [[3.],
                 [3.]]])
    """
    _check_pair(input, mat2, "bmm")
    if input.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if mat2.shape[0] != input.shape[0] or mat2.shape[1] != input.shape[2]:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: "
            f"[{input.shape[0]}, {input.shape[2]}] but got: [{mat2.shape[0]}, {mat2.shape[1]}]."
        )
    _check_product_dtype(input, mat2)
    return Matmul.apply(input, mat2, out=out)


@op("mv")
def mv(input, vec, *, out=None) -> Tensor:
    r"""Matrix-vector product of ``input`` ``(n, m)`` and ``vec`` ``(m,)``: a vector ``(n,)``.

    ``x.mv(v)`` is the method form.

    Args:
        input (Tensor): the matrix.
        vec (Tensor): the vector.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.mv(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([1., -1.]))
        tensor([-1., -1.])
    """
    _check_pair(input, vec, "mv")
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.ndim}, {vec.ndim}")
    _check_product_dtype(input, vec)
    return Matmul.apply(input, vec, out=out)


@op("dot")
def dot(input: Tensor, other: Tensor, *, out: Tensor | None = None) -> Tensor:
    r"""Computes the dot product of two 1-D tensors of the same size and dtype.

    Unlike NumPy's ``dot``, it takes 1-D tensors only (see :func:`matmul`, :func:`inner`).
    ``x.dot(y)`` is the method form.

    Args:
        input (Tensor): the first vector.
        other (Tensor): the second vector.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.dot(torch.tensor([2, 3]), torch.tensor([2, 1]))
        tensor(7)
    """
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors")
    if input.dtype is not other.dtype:
        raise RuntimeError(
            f"dot : expected both vectors to have same dtype, but found "
            f"{type_name(input.dtype)} and {type_name(other.dtype)}"
        )
    return Matmul.apply(input, other, out=out)


inner = dot


@op("vdot")
def vdot(input, other, *, out=None) -> Tensor:
    r"""Computes the dot product of two 1-D tensors, conjugating the first:
    :math:`\sum_i \overline{x_i}\, y_i`.

    For real tensors it is :func:`dot`. ``x.vdot(y)`` is the method form.

    Args:
        input (Tensor): the first vector (conjugated if complex).
        other (Tensor): the second vector.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.vdot(torch.tensor([1 + 2j, 3]), torch.tensor([1j, 1]))
        tensor(5.+1.j)
    """
    return dot(input.conj(), other, out=out)


# ---- addmm: a product plus a term (linear's bias) ------------------------------------------------


def _check_addmm(input, mat1, mat2) -> None:
    if not (
        isinstance(input, Tensor)
        and isinstance(mat1, Tensor)
        and isinstance(mat2, Tensor)
        and input.device is mat1.device is mat2.device
    ):
        _check_tensors("addmm", ((input, "input"), (mat1, "mat1"), (mat2, "mat2")))
    for x, name in ((mat1, "mat1"), (mat2, "mat2")):
        if x.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix, got {x.ndim}-D tensor")
    for x, name in ((input, "self"), (mat1, "mat1")):
        if x.dtype is not mat2.dtype:
            raise RuntimeError(
                f"{name} and mat2 must have the same dtype, but got {type_name(x.dtype)} and "
                f"{type_name(mat2.dtype)}"
            )
    _check_not_bool(mat1)
    if mat1.shape[1] != mat2.shape[0]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({mat1.shape[0]}x{mat1.shape[1]} and "
            f"{mat2.shape[0]}x{mat2.shape[1]})"
        )


def _linear_case(input, mat1, mat2) -> bool:
    """Valid operands of one float dtype and device: a [n, k] and [k, m] product and an [m]
    row (nn.Linear's), which need none of ``_check_addmm``'s questions."""
    return (
        isinstance(input, Tensor)
        and isinstance(mat1, Tensor)
        and isinstance(mat2, Tensor)
        and input.device is mat1.device is mat2.device
        and input._dtype is mat1._dtype is mat2._dtype
        and (mat1._dtype is float32 or mat1._dtype is float64)
        and mat1._data.ndim == 2
        and mat2._data.ndim == 2
        and mat1._data.shape[1] == mat2._data.shape[0]
    )


class Addmm(Function):
    """``beta * input + alpha * (mat1 @ mat2)``, input broadcast to the product's shape."""

    node_name = "AddmmBackward0"

    def forward(self, input, mat1, mat2, *, beta=1, alpha=1, out=None):
        if not _linear_case(input, mat1, mat2):
            _check_addmm(input, mat1, mat2)
        dt = mat1._dtype
        if not dt.is_floating_point:  # integer products take integer factors, as PyTorch
            beta, alpha = int(beta), int(alpha)
        self.beta, self.alpha = beta, alpha
        self.save_for_backward(mat1, mat2)
        shape = (mat1._data.shape[0], mat2._data.shape[1])
        if (
            beta == 1
            and alpha == 1
            and (dt is float32 or dt is float64)
            and input._data.shape == shape[1:]
        ):
            # linear's case: one BLAS product with the bias added to each row
            data = ops_of(mat1).mm(mat1._data, mat2._data, dt.np, input._data)
            result = Tensor._make(data, mat1.device, dtype=dt)
        else:
            if tuple(input.shape) != shape:
                input.expand(shape)  # PyTorch's error when input does not broadcast
            work = compute_dtype(dt)  # float16: one rounding of the whole sum, as PyTorch
            result = _matmul(mat1, mat2, work)
            if alpha != 1:
                result = result * alpha
            if beta != 0:  # beta == 0 ignores input, NaN included
                term = input if input.dtype is work else input.to(work)
                result = result + (term if beta == 1 else term * beta)
            result = result if result.dtype is dt else result.to(dt)
        if out is not None:
            from .conversion import copy_into_out

            return copy_into_out(out, result)
        return result

    def vjp(self, g):
        mat1, mat2 = self.saved
        beta, alpha = self.beta, self.alpha
        bias = self.inputs[0]
        g_input = None
        if bias is not None and bias.requires_grad:
            g_input = g if beta == 1 else g * beta
            if bias.ndim == 1 and g.shape[0] == 1 and not _state.enabled:
                # a batch of one: the row is the gradient, no reduction to run
                row = ops_of(g).reshape_view(g_input._data, tuple(bias.shape))
                if row is not None:
                    g_input = Tensor._make(row, g.device, dtype=g_input._dtype)
        g_mat1, g_mat2 = product_grads(g if alpha == 1 else g * alpha, mat1, mat2)
        return g_input, g_mat1, g_mat2


def _addmm_(self, mat1, mat2, *, beta=1, alpha=1):
    shape = (mat1.shape[0], mat2.shape[1]) if mat1.ndim == 2 and mat2.ndim == 2 else None
    if shape is not None and tuple(self.shape) != shape:
        raise RuntimeError(
            f"Bad in-place call: input tensor size {list(self.shape)} and output tensor "
            f"size {list(shape)} should match"
        )
    return self.copy_(addmm(self, mat1, mat2, beta=beta, alpha=alpha))


@op("addmm", inplace=_addmm_)
def addmm(input, mat1, mat2, *, beta=1, alpha=1, out=None) -> Tensor:
    r"""Computes :math:`\beta\,\text{input} + \alpha\,(\text{mat1} \mathbin{@} \text{mat2})`.

    ``mat1`` is ``(n, m)`` and ``mat2`` ``(m, p)``; ``input`` broadcasts to ``(n, p)`` and is
    ignored (NaNs too) when ``beta`` is 0. Integer tensors take integer ``beta`` and ``alpha``.
    ``x.addmm(...)`` and ``x.addmm_(...)`` are the method and in-place forms.

    Args:
        input (Tensor): the matrix to add.
        mat1 (Tensor): the first factor.
        mat2 (Tensor): the second factor.

    Keyword args:
        beta (Number): the multiplier of ``input``. Default: 1.
        alpha (Number): the multiplier of the product. Default: 1.
        out (Tensor, optional): the output tensor.

    Example::

        >>> a = torch.tensor([[1., 2.], [3., 4.]])
        >>> torch.addmm(torch.ones(2, 2), a, a, beta=0.5, alpha=2)
        tensor([[14.5000, 20.5000],
                [30.5000, 44.5000]])
    """
    return Addmm.apply(input, mat1, mat2, beta=beta, alpha=alpha, out=out)


@op("outer", aliases=("ger",))
def outer(input: Tensor, vec2: Tensor) -> Tensor:
    r"""Computes the outer product of two 1-D tensors: ``out[i, j] = input[i] * vec2[j]``.

    ``torch.ger`` is an alias; ``x.outer(v)`` is the method form.

    Args:
        input (Tensor): the first vector, of size n.
        vec2 (Tensor): the second vector, of size m.

    Returns:
        Tensor: an ``(n, m)`` matrix.

    Example::

        >>> torch.outer(torch.tensor([1., 2., 3.]), torch.tensor([1., -1.]))
        tensor([[ 1., -1.],
                [ 2., -2.],
                [ 3., -3.]])
    """
    if input.ndim != 1 or vec2.ndim != 1:
        raise RuntimeError(f"outer: expected 1D tensors, got {input.ndim}D and {vec2.ndim}D")
    return input.unsqueeze(1) * vec2.unsqueeze(0)


ger = outer


# ---- SVD ----------------------------------------------------------------------------------------


def _svd_arrays(A: Tensor, full_matrices: bool, name: str):
    if not A.dtype.is_floating_point:
        raise RuntimeError(
            f"{name}: Expected a floating point or complex tensor as input. Got "
            f"{type_name(A.dtype)}"
        )
    if A.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if A.dtype in HALVES and A.numel():  # (LAPACK has no half: PyTorch refuses it too)
        raise NotImplementedError(f"\"linalg_svd_cpu\" not implemented for '{type_name(A.dtype)}'")
    work = compute_dtype(A.dtype)
    batch = tuple(A.shape[:-2])
    m, n = A.shape[-2:]
    x = (A if A.dtype is work else A.to(work)).reshape(math.prod(batch), m, n)
    infinite = None
    if A.numel() and not bool(A.detach().isfinite().all()):
        if bool(A.detach().isnan().any()):  # (LAPACK's failure, as PyTorch reports it)
            raise RuntimeError(
                f"{name}: The algorithm failed to converge because the input matrix contained "
                "non-finite values."
            )
        # a matrix holding an inf has NaN factors (LAPACK's answer in PyTorch), no error
        infinite = x.detach().isinf().flatten(1).any(1)
        x = x.masked_fill(infinite[:, None, None], 0)
    u, s, vh = ops_of(A).svd(x._data, full_matrices)

    def back(data):
        t = wrap(data, A)
        if infinite is not None:
            t = t.masked_fill(infinite.reshape((-1,) + (1,) * (t.ndim - 1)), math.nan)
        t = t.reshape(batch + tuple(t.shape[1:]))
        return t if t.dtype is A.dtype else t.to(A.dtype)

    return back(u), back(s), back(vh)


class LinalgSvd(Function):
    """``A = U diag(S) Vh`` with the SVD's vector-Jacobian product (real matrices)."""

    node_name = "LinalgSvdBackward0"

    @staticmethod
    def forward(ctx, A, full_matrices):
        u, s, vh = _svd_arrays(A, full_matrices, "linalg.svd")
        ctx.save_for_backward(u, s, vh)
        ctx.full = full_matrices
        return u, s, vh

    @staticmethod
    def backward(ctx, gu, gs, gvh):
        u, s, vh = ctx.saved_tensors
        k = s.shape[-1]
        u, vh = u[..., :k], vh[..., :k, :]
        gu, gvh = gu[..., :k], gvh[..., :k, :]
        v, gv = vh.mT, gvh.mT
        # Townsend (2016): the reduced-SVD gradient, with F_ij = 1 / (s_j^2 - s_i^2), i != j
        s2 = s * s
        diff = s2.unsqueeze(-2) - s2.unsqueeze(-1)
        eye = diff.new_zeros(diff.shape)
        eye.diagonal(0, -2, -1).fill_(1.0)
        f = (1 - eye) / (diff + eye)
        s_mat = s.unsqueeze(-1) * eye
        ut_gu = u.mT @ gu
        vt_gv = v.mT @ gv
        core = (f * (ut_gu - ut_gu.mT)) @ s_mat + s_mat @ (f * (vt_gv - vt_gv.mT))
        core = core + gs.unsqueeze(-1) * eye
        grad = u @ core @ vh
        inv_s = 1 / s
        m, n = u.shape[-2], v.shape[-2]
        if m > k:
            grad = grad + (gu - u @ ut_gu) * inv_s.unsqueeze(-2) @ vh
        if n > k:
            grad = grad + (u * inv_s.unsqueeze(-2)) @ (gv - v @ vt_gv).mT
        return grad, None


def linalg_svd(A: Tensor, full_matrices: bool = True):
    r"""Computes the singular value decomposition :math:`A = U \operatorname{diag}(S) V^H`.

    ``A`` is a matrix or a batch of matrices (``*, m, n``); ``S`` holds the singular
    values in descending order. With ``full_matrices=False`` (the reduced SVD) ``U`` is
    ``(*, m, k)`` and ``Vh`` ``(*, k, n)`` with ``k = min(m, n)``; otherwise they are
    square. The singular vectors are unique only up to sign (phase).

    Args:
        A (Tensor): the input matrix or batch of matrices.
        full_matrices (bool): the full (True, default) or the reduced decomposition.

    Returns:
        A named tuple ``(U, S, Vh)``.

    Example::

        >>> A = torch.tensor([[3., 0.], [0., -2.], [0., 0.]])
        >>> U, S, Vh = torch.linalg.svd(A, full_matrices=False)
        >>> S
        tensor([3., 2.])
        >>> torch.dist(U @ torch.diag(S) @ Vh, A) < 1e-6
        tensor(True)
    """
    return return_types.linalg_svd(*LinalgSvd.apply(A, full_matrices))


@op("svd")
def svd(input: Tensor, some: bool = True, compute_uv: bool = True):
    r"""Computes the singular value decomposition :math:`A = U \operatorname{diag}(S) V^T`.

    The older API: it returns ``V`` itself (not its transpose, as
    :func:`numtensor.linalg.svd` does), and the reduced decomposition by default
    (``some=True``). With ``compute_uv=False``, ``U`` and ``V`` are zero-filled.
    ``x.svd()`` is the method form.

    Args:
        input (Tensor): a matrix or batch of matrices ``(*, m, n)``.
        some (bool): the reduced (True) or the full decomposition.
        compute_uv (bool): whether to compute ``U`` and ``V``.

    Returns:
        A named tuple ``(U, S, V)``.

    Example::

        >>> u, s, v = torch.svd(torch.tensor([[3., 0.], [0., -2.], [0., 0.]]))
        >>> s
        tensor([3., 2.])
        >>> u.shape, v.shape
        (numtensor.Size([3, 2]), numtensor.Size([2, 2]))
    """
    u, s, vh = LinalgSvd.apply(input, not some)
    if not compute_uv:
        return return_types.svd(u.new_zeros(u.shape), s, vh.new_zeros(vh.mT.shape))
    return return_types.svd(u, s, vh.mT.contiguous())


def svdvals(A: Tensor) -> Tensor:
    r"""Computes the singular values of a matrix (or batch of matrices), in descending order.

    The ``S`` of :func:`numtensor.linalg.svd`, without the singular vectors; always
    differentiable.

    Args:
        A (Tensor): the input ``(*, m, n)``.

    Example::

        >>> torch.linalg.svdvals(torch.tensor([[3., 0.], [0., -2.], [0., 0.]]))
        tensor([3., 2.])
    """
    if not A.requires_grad:
        return _svd_arrays(A, False, "linalg.svdvals")[1]
    return LinalgSvd.apply(A, False)[1]


# ---- diagonals and triangles -------------------------------------------------------------------


@op("diag")
def diag(input: Tensor, diagonal: int = 0) -> Tensor:
    r"""Builds a diagonal matrix from a vector, or takes a diagonal of a matrix.

    For a 1-D ``input`` of size n, a square matrix with ``input`` on the ``diagonal``-th
    diagonal (0: the main one, > 0 above, < 0 below). For a 2-D ``input``, a 1-D copy of
    that diagonal. ``x.diag()`` is the method form.

    Args:
        input (Tensor): a vector or a matrix.
        diagonal (int): which diagonal. Default: 0.

    Example::

        >>> torch.diag(torch.tensor([1, 2]))
        tensor([[1, 0],
                [0, 2]])
        >>> torch.diag(torch.tensor([1, 2]), 1)
        tensor([[0, 1, 0],
                [0, 0, 2],
                [0, 0, 0]])
        >>> torch.diag(torch.arange(9).reshape(3, 3), -1)
        tensor([3, 7])
    """
    if input.ndim == 1:
        n = input.shape[0] + abs(diagonal)
        out = input.new_zeros((n, n))
        out.diagonal(diagonal).copy_(input)
        return out
    if input.ndim == 2:
        return input.diagonal(diagonal).clone()
    raise RuntimeError("diag(): Supports 1D or 2D tensors. Got " + f"{input.ndim}D")


@op("trace")
def trace(input: Tensor) -> Tensor:
    r"""Returns the sum of the main diagonal of a 2-D ``input``.

    Integer inputs sum in int64. ``x.trace()`` is the method form.

    Args:
        input (Tensor): a matrix.

    Example::

        >>> torch.trace(torch.arange(9.).reshape(3, 3))
        tensor(12.)
    """
    if input.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim}")
    if input.dtype is bool_:
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    return input.diagonal().sum()


def _triangle(input: Tensor, diagonal: int, upper: bool) -> Tensor:
    if input.ndim < 2:
        name = "triu" if upper else "tril"
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    n, m = input.shape[-2:]
    from .creation import arange

    rows = arange(n, device=input.device).unsqueeze(1)
    cols = arange(m, device=input.device).unsqueeze(0)
    keep = cols - rows >= diagonal if upper else cols - rows <= diagonal
    return input.masked_fill(~keep, 0)


@op("tril", inplace=lambda self, diagonal=0: self.copy_(tril(self, diagonal)))
def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    r"""Returns the lower triangle of the matrix (or batch of matrices) ``input``.

    The elements on and below the ``diagonal``-th diagonal are kept, the others set to 0
    (``diagonal`` 0 is the main diagonal, > 0 above it, < 0 below). ``x.tril()`` and
    ``x.tril_()`` are the method and in-place forms.

    Args:
        input (Tensor): the input, at least 2-D.
        diagonal (int): the diagonal to keep down from. Default: 0.

    Example::

        >>> torch.tril(torch.ones(3, 3))
        tensor([[1., 0., 0.],
                [1., 1., 0.],
                [1., 1., 1.]])
        >>> torch.tril(torch.ones(2, 3), -1)
        tensor([[0., 0., 0.],
                [1., 0., 0.]])
    """
    return _triangle(input, diagonal, upper=False)


@op("triu", inplace=lambda self, diagonal=0: self.copy_(triu(self, diagonal)))
def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    r"""Returns the upper triangle of the matrix (or batch of matrices) ``input``.

    The elements on and above the ``diagonal``-th diagonal are kept, the others set to 0
    (``diagonal`` 0 is the main diagonal, > 0 above it, < 0 below). ``x.triu()`` and
    ``x.triu_()`` are the method and in-place forms.

    Args:
        input (Tensor): the input, at least 2-D.
        diagonal (int): the diagonal to keep up from. Default: 0.

    Example::

        >>> torch.triu(torch.ones(3, 4), diagonal=1)
        tensor([[0., 1., 1., 1.],
                [0., 0., 1., 1.],
                [0., 0., 0., 1.]])
    """
    return _triangle(input, diagonal, upper=True)


method(
    "__matmul__",
    lambda self, other: matmul(self, other) if isinstance(other, Tensor) else NotImplemented,
)
method(
    "__rmatmul__",
    lambda self, other: matmul(other, self) if isinstance(other, Tensor) else NotImplemented,
)

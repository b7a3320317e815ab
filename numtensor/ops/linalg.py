"""Linear algebra: matmul in all its cases, mm/bmm/mv/dot/vdot/outer and addmm, with their
gradients (the SVD is in ``svd.py``; diag, trace, tril and triu in
``diagonals_triangles.py``).
"""

from __future__ import annotations

import math

from .._dtype import bool_, float32, float64, type_name
from .._tensor_base import Tensor
from ..autograd.function import Function
from ..autograd.grad_mode import _state
from ._common import allocate, check_same_device, ops_of, wrap
from ._launch import compute_dtype
from .out_variants import CAST, Out
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


@op("outer", aliases=("ger",), out=Out(dtype=CAST, grad="mul"))
def outer(input: Tensor, vec2: Tensor) -> Tensor:
    r"""Computes the outer product of two 1-D tensors: ``out[i, j] = input[i] * vec2[j]``.

    ``torch.ger`` is an alias; ``x.outer(v)`` is the method form.

    Args:
        input (Tensor): the first vector, of size n.
        vec2 (Tensor): the second vector, of size m.

    Keyword args:
        out (Tensor, optional): the output tensor.

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


method(
    "__matmul__",
    lambda self, other: matmul(self, other) if isinstance(other, Tensor) else NotImplemented,
)
method(
    "__rmatmul__",
    lambda self, other: matmul(other, self) if isinstance(other, Tensor) else NotImplemented,
)

"""Products and distances composed of matmul, views and reductions: einsum (any equation, the
contraction order chosen greedily by intermediate size), tensordot, kron, cross, dist,
cdist, the add-products (addmv, addr, addbmm, baddbmm) and the trapezoid rule."""

from __future__ import annotations

import math
import string

from .. import _dtype
from .._tensor_base import Tensor
from ..autograd.function import name_node
from .conversion import to_out
from .registry import op

# ---- einsum ----------------------------------------------------------------------------------


def _parse(equation: str, operands) -> tuple[list[str], str]:
    """Each operand's letters and the output's, with '...' spelled as fresh capital letters."""
    equation = equation.replace(" ", "")
    lhs, arrow, rhs = equation.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(operands):
        raise RuntimeError(
            "einsum(): more operands were provided than specified in the equation"
            if len(operands) > len(terms)
            else "einsum(): fewer operands were provided than specified in the equation"
        )
    spare = [c for c in string.ascii_letters if c not in equation]  # (for '...')
    width = 0
    for term, t in zip(terms, operands):
        if "..." in term:
            width = max(width, t.ndim - (len(term) - 3))
    ellipsis = "".join(spare[:width])
    inputs = []
    for term, t in zip(terms, operands):
        if "..." in term:
            here = t.ndim - (len(term) - 3)
            term = term.replace("...", ellipsis[width - here :])
        if any(not c.isalpha() for c in term):
            raise RuntimeError(f"einsum(): invalid subscript given in the equation: {term}")
        if len(term) != t.ndim:
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({len(term)}) does not match "
                f"the number of dimensions ({t.ndim}) for operand {len(inputs)}"
                + ("" if "..." in lhs else " and no ellipsis was given")
            )
        inputs.append(term)
    if arrow:
        output = rhs.replace("...", ellipsis)
        for c in output:
            if not any(c in term for term in inputs):
                raise RuntimeError(
                    f"einsum(): output subscript {c} does not appear in the equation for any "
                    "input operand"
                )
    else:
        counts = {}
        for term in inputs:
            for c in term:
                counts[c] = counts.get(c, 0) + 1
        output = ellipsis + "".join(
            sorted(c for c, n in counts.items() if n == 1 and c not in ellipsis)
        )
    return inputs, output


def _diagonals(t: Tensor, letters: str) -> tuple[Tensor, str]:
    """A repeated letter in one operand ('ii') takes the diagonal."""
    while len(set(letters)) != len(letters):
        for i, c in enumerate(letters):
            j = letters.find(c, i + 1)
            if j >= 0:
                t = t.diagonal(0, i, j)  # (the diagonal goes last)
                letters = letters[:i] + letters[i + 1 : j] + letters[j + 1 :] + c
                break
    return t, letters


def _sum_out(t: Tensor, letters: str, keep: set) -> tuple[Tensor, str]:
    dims = [i for i, c in enumerate(letters) if c not in keep]
    if dims:
        t = t.sum(dims)
        letters = "".join(c for c in letters if c in keep)
    return t, letters


def _contract(a: Tensor, la: str, b: Tensor, lb: str, keep: set) -> tuple[Tensor, str]:
    """``a`` and ``b`` multiplied, summing the letters they share that ``keep`` lacks."""
    batch = [c for c in la if c in lb and c in keep]
    summed = [c for c in la if c in lb and c not in keep]
    only_a = [c for c in la if c not in lb]
    only_b = [c for c in lb if c not in la]
    size = {}
    for t, letters in ((a, la), (b, lb)):
        for c, n in zip(letters, t.shape):
            if size.get(c, 1) != 1 and n not in (1, size[c]):
                raise RuntimeError(
                    f"einsum(): operands do not broadcast with remapped shapes (original): "
                    f"{list(a.shape)} and {list(b.shape)}"
                )
            size[c] = max(size.get(c, 1), n)
    a = a.permute(*[la.index(c) for c in batch + only_a + summed])
    b = b.permute(*[lb.index(c) for c in batch + summed + only_b])
    a = a.expand(*[size[c] for c in batch], *a.shape[len(batch) :])
    b = b.expand(*[size[c] for c in batch], *b.shape[len(batch) :])

    def count(letters, t, start):
        n = 1
        for k in range(len(letters)):
            n *= t.shape[start + k]
        return n

    nb = count(batch, a, 0)
    m, k = count(only_a, a, len(batch)), count(summed, a, len(batch) + len(only_a))
    n = count(only_b, b, len(batch) + len(summed))
    if k != count(summed, b, len(batch)):  # (a summed letter of size 1 on one side)
        a = a.expand(*a.shape[: len(batch) + len(only_a)], *[size[c] for c in summed])
        b = b.expand(
            *b.shape[: len(batch)], *[size[c] for c in summed], *b.shape[len(batch) + len(summed) :]
        )
        k = count(summed, a, len(batch) + len(only_a))
    product = a.reshape(nb, m, k) @ b.reshape(nb, k, n)
    shape = [a.shape[i] for i in range(len(batch) + len(only_a))]
    shape += [b.shape[len(batch) + len(summed) + i] for i in range(len(only_b))]
    return product.reshape(shape), "".join(batch + only_a + only_b)


def _needed(output: str, terms: list, i: int) -> set:
    """The letters term ``i`` must keep: the output's and every other term's."""
    return set(output).union(*(set(ls) for j, (_, ls) in enumerate(terms) if j != i))


@op("einsum", method=False)
def einsum(equation: str, *operands):
    r"""Sums the product of the operands over the dimensions named by the Einstein equation.

    The ``equation`` names each dimension of each operand by a letter (``"ij,jk->ik"``);
    dims with the same letter are multiplied together, and letters missing from the output
    (after ``->``) are summed over. Without ``->`` the output holds the letters seen once,
    in alphabetical order. A repeated letter in one operand takes a diagonal, and ``...``
    stands for the broadcast leading dims. The operands may also be given as one list.

    Args:
        equation (str): the subscripts.
        operands (Tensor): the tensors.

    Example::

        >>> a = torch.arange(6.).reshape(2, 3)
        >>> torch.einsum("ij,jk->ik", a, torch.ones(3, 2))
        tensor([[ 3.,  3.],
                [12., 12.]])
        >>> torch.einsum("ii", torch.tensor([[1., 2.], [3., 4.]]))
        tensor(5.)
        >>> torch.einsum("i,j->ij", torch.tensor([1., 2.]), torch.tensor([3., 4., 5.]))
        tensor([[ 3.,  4.,  5.],
                [ 6.,  8., 10.]])
        >>> torch.einsum("...ij,j", torch.ones(5, 2, 3), torch.ones(3)).shape
        numtensor.Size([5, 2])
    """
    # (the contraction order is chosen greedily by the size of the intermediates)
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not operands:
        raise RuntimeError("einsum(): must provide at least one operand")
    inputs, output = _parse(equation, operands)
    first = operands[0].dtype
    other = next((t.dtype for t in operands if t.dtype is not first), None)
    if other is not None:
        raise RuntimeError(
            f"expected scalar type {_dtype.type_name(first)} but found {_dtype.type_name(other)}"
        )
    terms = [_diagonals(t, letters) for t, letters in zip(operands, inputs)]
    while True:  # letters only one operand has and the output lacks: summed at once
        terms = [_sum_out(t, ls, _needed(output, terms, i)) for i, (t, ls) in enumerate(terms)]
        if len(terms) == 1:
            break
        best = None  # the pair whose product is smallest
        for i in range(len(terms)):
            for j in range(i + 1, len(terms)):
                keep = set(output).union(
                    *(set(ls) for q, (_, ls) in enumerate(terms) if q not in (i, j))
                )
                letters = {c for c in terms[i][1] + terms[j][1] if c in keep}
                sizes = {}
                for t, ls in (terms[i], terms[j]):
                    for c, n in zip(ls, t.shape):
                        sizes[c] = max(sizes.get(c, 1), n)
                cost = 1
                for c in letters:
                    cost *= sizes[c]
                if best is None or cost < best[0]:
                    best = (cost, i, j, keep)
        _, i, j, keep = best
        merged = _contract(*terms[i], *terms[j], keep)
        terms = [t for q, t in enumerate(terms) if q not in (i, j)] + [merged]
    t, letters = terms[0]
    t, letters = _sum_out(t, letters, set(output))
    if not output:
        return t.reshape(())
    return t.permute(*[letters.index(c) for c in output]) if letters != output else t


# ---- tensordot, kron, cross, distances ------------------------------------------------------


@op("tensordot", method=False)
def tensordot(a, b, dims=2, out=None):
    r"""Returns the contraction of ``a`` and ``b`` over several dimensions.

    With an int ``dims = d``, the last ``d`` dims of ``a`` are summed against the first
    ``d`` dims of ``b``; with a pair of lists, ``dims[0]`` of ``a`` against ``dims[1]`` of
    ``b``. The result has ``a``'s remaining dims followed by ``b``'s.

    Args:
        a (Tensor): the left tensor.
        b (Tensor): the right tensor.
        dims (int or tuple of two lists of ints): the dims to contract. Default: 2.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.tensordot(torch.arange(6.).reshape(2, 3), torch.ones(3, 4), dims=1)
        tensor([[ 3.,  3.,  3.,  3.],
                [12., 12., 12., 12.]])
        >>> torch.tensordot(torch.ones(2, 3, 4), torch.ones(4, 3, 5), dims=([1, 2], [1, 0])).shape
        numtensor.Size([2, 5])
    """
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        da, db = list(range(a.ndim - dims, a.ndim)), list(range(dims))
    else:
        da, db = ([d] if isinstance(d, int) else list(d) for d in dims)
    da = [d % max(a.ndim, 1) for d in da]
    db = [d % max(b.ndim, 1) for d in db]
    for x, y in zip(da, db):
        if a.shape[x] != b.shape[y]:
            raise RuntimeError(
                f"contracted dimensions need to match, but first has size {a.shape[x]} in dim "
                f"{x} and second has size {b.shape[y]} in dim {y}"
            )
    keep_a = [d for d in range(a.ndim) if d not in da]
    keep_b = [d for d in range(b.ndim) if d not in db]
    k = 1
    for d in da:
        k *= a.shape[d]
    rows = math.prod(a.shape[d] for d in keep_a)  # (explicit sizes: k may be 0)
    cols = math.prod(b.shape[d] for d in keep_b)
    left = a.permute(*keep_a, *da).reshape(rows, k)
    right = b.permute(*db, *keep_b).reshape(k, cols)
    result = (left @ right).reshape(*[a.shape[d] for d in keep_a], *[b.shape[d] for d in keep_b])
    return to_out(result, out)


@op("inner")
def inner(input, other, *, out=None):
    r"""Computes the inner product of ``input`` and ``other`` over their last dimension.

    For 1-D tensors it is :func:`dot`; in general it sums the products over the last
    dims, giving the shape ``input.shape[:-1] + other.shape[:-1]``. If either is 0-dim, it
    is the product ``input * other``. ``x.inner(y)`` is the method form.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor; its last dim must match ``input``'s.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.inner(torch.tensor([1., 2.]), torch.tensor([3., 4.]))
        tensor(11.)
        >>> a = torch.tensor([[1., 2.], [3., 4.], [5., 6.]])
        >>> torch.inner(a, torch.tensor([[1., 0.], [1., -1.]]))
        tensor([[ 1., -1.],
                [ 3., -1.],
                [ 5., -1.]])
    """
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        raise TypeError("inner(): expected Tensor arguments")
    if input.ndim == 0 or other.ndim == 0:
        return to_out(input * other, out)
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError(
            "inner() the last dimension must match on both input tensors but got shapes "
            f"{list(input.shape)} and {list(other.shape)}"
        )
    if input.ndim == 1 and other.ndim == 1:
        from .linalg import dot

        return dot(input, other, out=out)
    return to_out(tensordot(input, other, dims=([-1], [-1])), out)


@op("kron")
def kron(input, other, *, out=None):
    r"""Computes the Kronecker product of ``input`` and ``other``.

    The result is made of blocks: ``other`` multiplied by each element of ``input``; its
    size along each dim is the product of the two sizes (the shorter shape is padded with
    leading 1s). ``x.kron(y)`` is the method form.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.kron(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[1, 1]]))
        tensor([[1, 1, 2, 2],
                [3, 3, 4, 4]])
    """
    n = max(input.ndim, other.ndim)
    a = input.reshape((1,) * (n - input.ndim) + tuple(input.shape))
    b = other.reshape((1,) * (n - other.ndim) + tuple(other.shape))
    spread_a = [s for d in a.shape for s in (d, 1)]
    spread_b = [s for d in b.shape for s in (1, d)]
    result = (a.reshape(spread_a) * b.reshape(spread_b)).reshape(
        [x * y for x, y in zip(a.shape, b.shape)]
    )
    return to_out(result, out)


@op("cross")
def cross(input, other, dim=None, *, out=None):
    r"""Returns the cross product of the 3-vectors of ``input`` and ``other`` along ``dim``.

    The two broadcast and must have the same number of dims. Without ``dim`` the first dim
    of size 3 is used (deprecated in PyTorch: pass ``dim``, or use
    :func:`numtensor.linalg.cross`, whose default is -1). ``x.cross(y)`` is the method
    form.

    Args:
        input (Tensor): the first vectors.
        other (Tensor): the second vectors.
        dim (int, optional): the dimension of size 3 holding the vectors.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.cross(torch.tensor([1., 0., 0.]), torch.tensor([0., 1., 0.]), dim=0)
        tensor([0., 0., 1.])
        >>> torch.cross(torch.tensor([[1., 2., 3.]]), torch.tensor([[4., 5., 6.]]), dim=1)
        tensor([[-3.,  6., -3.]])
    """
    if input.ndim != other.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    shape = tuple(max(p, q) for p, q in zip(input.shape, other.shape))
    a, b = input.expand(shape), other.expand(shape)
    if dim is None:
        dim = next((d for d, s in enumerate(shape) if s == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    d = dim % max(len(shape), 1)
    if input.shape[d] != 3 or other.shape[d] != 3:
        raise RuntimeError(
            f"linalg.cross: inputs dimension {dim} must have length 3. Got {input.shape[d]} and "
            f"{other.shape[d]}"
        )
    from .joining import stack

    a0, a1, a2 = a.unbind(d)
    b0, b1, b2 = b.unbind(d)
    result = stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], d)
    return to_out(name_node(result, "LinalgCrossBackward0"), out)


@op("dist")
def dist(input, other, p=2):
    r"""Returns the p-norm of ``input - other`` (broadcast), a 0-dim tensor.

    ``x.dist(y)`` is the method form.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor.
        p (float): the order of the norm. Default: 2.

    Example::

        >>> torch.dist(torch.tensor([1., 2.]), torch.tensor([4., 6.]))
        tensor(5.)
        >>> torch.dist(torch.tensor([1., 2.]), torch.tensor([4., 6.]), p=1)
        tensor(7.)
    """
    return name_node((input - other).norm(p), "DistBackward0")


@op("cdist", method=False)
def cdist(x1, x2, p: float = 2.0, compute_mode=None):
    r"""Computes the p-norm distance between each pair of row vectors of ``x1`` and ``x2``.

    ``x1`` is ``(*, P, M)`` and ``x2`` ``(*, R, M)`` (batch dims broadcast); the result is
    ``(*, P, R)`` with ``out[..., i, j] = ||x1[..., i, :] - x2[..., j, :]||_p``.

    Args:
        x1 (Tensor): the first set of row vectors.
        x2 (Tensor): the second set of row vectors.
        p (float): the order of the norm, in [0, inf]. Default: 2.
        compute_mode (str, optional): PyTorch's choice of algorithm for p = 2 (ignored:
            numtensor always computes the distances directly).

    Example::

        >>> x1 = torch.tensor([[0., 0.], [1., 1.]])
        >>> torch.cdist(x1, torch.tensor([[3., 4.], [0., 1.], [1., 1.]]))
        tensor([[5.0000, 1.0000, 1.4142],
                [3.6056, 1.0000, 0.0000]])
        >>> torch.cdist(x1, torch.tensor([[3., 4.]]), p=1)
        tensor([[7.],
                [5.]])
    """
    if x1.ndim < 2 or x2.ndim < 2:
        raise RuntimeError(
            f"cdist only supports at least 2D tensors, X1 got: {x1.ndim}D"
            if x1.ndim < 2
            else f"cdist only supports at least 2D tensors, X2 got: {x2.ndim}D"
        )
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(
            f"X1 and X2 must have the same number of columns. X1: {x1.shape[-1]} X2: {x2.shape[-1]}"
        )
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    diff = (x1.unsqueeze(-2) - x2.unsqueeze(-3)).abs()
    if p == 0:
        out = (diff != 0).to(diff.dtype).sum(-1)
    elif p == float("inf"):
        out = diff.amax(-1) if diff.shape[-1] else diff.sum(-1)
    elif p == 1:
        out = diff.sum(-1)
    elif p == 2:
        out = (diff * diff).sum(-1).sqrt()
    else:
        out = (diff**p).sum(-1) ** (1.0 / p)
    # PyTorch's node: CdistBackward0, but its matmul route for p = 2 ends in a view
    mm = p == 2 and (
        compute_mode == "use_mm_for_euclid_dist"
        or (compute_mode in (None, "use_mm_for_euclid_dist_if_necessary")
            and max(x1.shape[-2], x2.shape[-2]) > 25)
    )  # fmt: skip
    return name_node(out, "ViewBackward0" if mm else "CdistBackward0")


# ---- add-products -----------------------------------------------------------------------------


def _scaled_sum(input, product, beta, alpha):
    """``beta * input + alpha * product``, ``input`` ignored (NaN too) when beta is 0."""
    term = product if alpha == 1 else product * alpha
    if beta == 0:
        return input.detach().new_zeros(input.shape) + term
    return (input if beta == 1 else input * beta) + term


def _add_product(name: str, product, doc: str):
    """``name(input, a, b, *, beta, alpha)``: ``beta * input + alpha * product(a, b)``, whose
    user documentation is ``doc``."""

    def add_product(input, a, b, *, beta=1, alpha=1, out=None):
        result = _scaled_sum(input, product(a, b), beta, alpha)
        return to_out(result, out)

    def inplace(self, a, b, *, beta=1, alpha=1):
        return self.copy_(add_product(self, a, b, beta=beta, alpha=alpha))

    add_product.__name__ = name
    add_product.__doc__ = doc
    return op(name, inplace=inplace)(add_product)


_ADD_PRODUCT_ARGS = """
    ``input`` broadcasts to the product's shape and is ignored (NaNs too) when ``beta`` is 0.
    ``x.{name}(...)`` and ``x.{name}_(...)`` are the method and in-place forms.

    Args:
        input (Tensor): the tensor to add.
        {a}
        {b}

    Keyword args:
        beta (Number): the multiplier of ``input``. Default: 1.
        alpha (Number): the multiplier of the product. Default: 1.
        out (Tensor, optional): the output tensor.

    Example::

"""

addmv = _add_product(
    "addmv",
    lambda mat, vec: mat.mv(vec),
    r"""Computes :math:`\beta\,\text{input} + \alpha\,(\text{mat} \mathbin{@} \text{vec})`,
    a matrix-vector product added to a vector.
"""
    + _ADD_PRODUCT_ARGS.format(
        name="addmv",
        a="mat (Tensor): the matrix, ``(n, m)``.",
        b="vec (Tensor): the vector, of size m.",
    )
    + """        >>> mat = torch.tensor([[1., 2.], [3., 4.]])
        >>> torch.addmv(torch.tensor([1., 1.]), mat, torch.tensor([1., -1.]), beta=2)
        tensor([1., 1.])
    """,
)
addr = _add_product(
    "addr",
    lambda vec1, vec2: vec1.outer(vec2),
    r"""Computes :math:`\beta\,\text{input} + \alpha\,(\text{vec1} \otimes \text{vec2})`,
    an outer product added to a matrix.
"""
    + _ADD_PRODUCT_ARGS.format(
        name="addr",
        a="vec1 (Tensor): the first vector, of size n.",
        b="vec2 (Tensor): the second vector, of size m.",
    )
    + """        >>> v1, v2 = torch.tensor([1., 2.]), torch.tensor([3., 4.])
        >>> torch.addr(torch.zeros(2, 2), v1, v2, alpha=0.5)
        tensor([[1.5000, 2.0000],
                [3.0000, 4.0000]])
    """,
)
baddbmm = _add_product(
    "baddbmm",
    lambda batch1, batch2: batch1.bmm(batch2),
    r"""Computes :math:`\beta\,\text{input}_i + \alpha\,(\text{batch1}_i \mathbin{@}
    \text{batch2}_i)` for each matrix ``i`` of the batches.
"""
    + _ADD_PRODUCT_ARGS.format(
        name="baddbmm",
        a="batch1 (Tensor): the first batch of matrices, ``(b, n, m)``.",
        b="batch2 (Tensor): the second batch of matrices, ``(b, m, p)``.",
    )
    + """        >>> torch.baddbmm(torch.zeros(2, 1, 1), torch.ones(2, 1, 3), torch.ones(2, 3, 1))
        tensor([[[3.]],
        <BLANKLINE>
                [[3.]]])
    """,
)
addbmm = _add_product(
    "addbmm",
    lambda batch1, batch2: batch1.bmm(batch2).sum(0),
    r"""Computes :math:`\beta\,\text{input} + \alpha \sum_i \text{batch1}_i \mathbin{@}
    \text{batch2}_i`: the batch of matrix products, summed, added to a matrix.
"""
    + _ADD_PRODUCT_ARGS.format(
        name="addbmm",
        a="batch1 (Tensor): the first batch of matrices, ``(b, n, m)``.",
        b="batch2 (Tensor): the second batch of matrices, ``(b, m, p)``.",
    )
    + """        >>> torch.addbmm(torch.ones(1, 1), torch.ones(2, 1, 3), torch.ones(2, 3, 1))
        tensor([[7.]])
    """,
)


# ---- the trapezoid rule -------------------------------------------------------------------


def _spacing(y, x, dx, dim):
    if x is None:
        return None, (1.0 if dx is None else dx)
    if isinstance(x, Tensor):
        d = x.diff(dim=dim if x.ndim == y.ndim else -1)
        return d, None
    return None, x


@op("trapezoid", method=False)
def trapezoid(y, x=None, *, dx=None, dim: int = -1):
    r"""Integrates ``y`` along ``dim`` by the trapezoid rule.

    .. math:: \int y\,dx \approx \sum_{i=1}^{n-1} \frac{x_i - x_{i-1}}{2} (y_i + y_{i-1})

    The sample points are ``x`` when given (a tensor of coordinates), else evenly spaced by
    ``dx`` (default 1); ``x`` may also be a number, the spacing.

    Args:
        y (Tensor): the values of the function.
        x (Tensor or Number, optional): the sample coordinates (or the spacing).

    Keyword args:
        dx (float, optional): the constant spacing, when ``x`` is not given.
        dim (int): the dimension to integrate along. Default: -1.

    Example::

        >>> torch.trapezoid(torch.tensor([1., 2., 3.]))
        tensor(4.)
        >>> torch.trapezoid(torch.tensor([1., 2., 3.]), torch.tensor([0., 1., 3.]))
        tensor(6.5000)
        >>> torch.trapezoid(torch.tensor([[1., 2., 3.], [1., 1., 1.]]), dx=0.5)
        tensor([2., 1.])
    """
    n = y.shape[dim]
    if n == 0:
        return y.sum(dim)
    left, right = y.narrow(dim, 0, n - 1), y.narrow(dim, 1, n - 1)
    gaps, step = _spacing(y, x, dx, dim)
    if gaps is None:
        return (left + right).sum(dim) * (step / 2)
    return ((left + right) * gaps).sum(dim) / 2


@op("trapz", method=False)
def trapz(y, x=None, *, dx=None, dim: int = -1):
    r"""Alias for :func:`numtensor.trapezoid` (the spacing given as ``dx=`` or a tensor
    ``x``).

    Example::

        >>> torch.trapz(torch.tensor([1., 2., 3.]), dx=2)
        tensor(8.)
    """
    if x is not None and not isinstance(x, Tensor):
        raise TypeError(
            f"trapz() received an invalid combination of arguments - got (Tensor, "
            f"{type(x).__name__}): the spacing is trapz(y, dx=...) or a tensor x"
        )
    return trapezoid(y, x, dx=dx, dim=dim)


@op("cumulative_trapezoid", method=False)
def cumulative_trapezoid(y, x=None, *, dx=None, dim: int = -1):
    r"""Cumulatively integrates ``y`` along ``dim`` by the trapezoid rule.

    Like :func:`trapezoid`, but returns the running integral: one value fewer than ``y``
    along ``dim``.

    Args:
        y (Tensor): the values of the function.
        x (Tensor or Number, optional): the sample coordinates (or the spacing).

    Keyword args:
        dx (float, optional): the constant spacing, when ``x`` is not given.
        dim (int): the dimension to integrate along. Default: -1.

    Example::

        >>> torch.cumulative_trapezoid(torch.tensor([1., 2., 3.]))
        tensor([1.5000, 4.0000])
    """
    n = y.shape[dim]
    left, right = y.narrow(dim, 0, max(n - 1, 0)), y.narrow(dim, 1, max(n - 1, 0)) if n else y
    gaps, step = _spacing(y, x, dx, dim)
    pieces = (left + right) * (step / 2) if gaps is None else (left + right) * gaps / 2
    return pieces.cumsum(dim)

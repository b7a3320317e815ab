"""Products and distances composed of matmul, views and reductions: einsum (any equation, the
contraction order chosen greedily by intermediate size), tensordot, kron, cross, dist,
cdist, the add-products (addmv, addr, addbmm, baddbmm) and the trapezoid rule."""

from __future__ import annotations

import string

from .. import _dtype
from .._tensor_base import Tensor
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
    """Einstein summation over the operands' labelled dimensions."""
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
    """Sum over the last ``dims`` dims of ``a`` and the first of ``b`` (or the listed pairs)."""
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
    left = a.permute(*keep_a, *da).reshape(-1, k)
    right = b.permute(*db, *keep_b).reshape(k, -1)
    result = (left @ right).reshape(*[a.shape[d] for d in keep_a], *[b.shape[d] for d in keep_b])
    return to_out(result, out)


@op("kron")
def kron(input, other, *, out=None):
    """The Kronecker product: blocks of ``other`` scaled by each element of ``input``."""
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
    """The cross product of 3-vectors along ``dim`` (default: the first dim of size 3)."""
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
    return to_out(result, out)


@op("dist")
def dist(input, other, p=2):
    return (input - other).norm(p)


@op("cdist", method=False)
def cdist(x1, x2, p: float = 2.0, compute_mode=None):
    """The p-norm distance between each row of ``x1`` and each row of ``x2`` (batched)."""
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
        return (diff != 0).to(diff.dtype).sum(-1)
    if p == float("inf"):
        return diff.amax(-1) if diff.shape[-1] else diff.sum(-1)
    if p == 1:
        return diff.sum(-1)
    if p == 2:
        return (diff * diff).sum(-1).sqrt()
    return (diff**p).sum(-1) ** (1.0 / p)


# ---- add-products -----------------------------------------------------------------------------


def _scaled_sum(input, product, beta, alpha):
    """``beta * input + alpha * product``, ``input`` ignored (NaN too) when beta is 0."""
    term = product if alpha == 1 else product * alpha
    if beta == 0:
        return input.detach().new_zeros(input.shape) + term
    return (input if beta == 1 else input * beta) + term


def _add_product(name: str, product):
    """``name(input, a, b, *, beta, alpha)``: ``beta * input + alpha * product(a, b)``."""

    def add_product(input, a, b, *, beta=1, alpha=1, out=None):
        result = _scaled_sum(input, product(a, b), beta, alpha)
        return to_out(result, out)

    def inplace(self, a, b, *, beta=1, alpha=1):
        return self.copy_(add_product(self, a, b, beta=beta, alpha=alpha))

    add_product.__name__ = name
    return op(name, inplace=inplace)(add_product)


addmv = _add_product("addmv", lambda mat, vec: mat.mv(vec))
addr = _add_product("addr", lambda vec1, vec2: vec1.outer(vec2))
baddbmm = _add_product("baddbmm", lambda batch1, batch2: batch1.bmm(batch2))
addbmm = _add_product("addbmm", lambda batch1, batch2: batch1.bmm(batch2).sum(0))


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
    """The integral of ``y`` along ``dim`` by the trapezoid rule (spacing ``x`` or ``dx``)."""
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
    if x is not None and not isinstance(x, Tensor):
        raise TypeError(
            f"trapz() received an invalid combination of arguments - got (Tensor, "
            f"{type(x).__name__}): the spacing is trapz(y, dx=...) or a tensor x"
        )
    return trapezoid(y, x, dx=dx, dim=dim)


@op("cumulative_trapezoid", method=False)
def cumulative_trapezoid(y, x=None, *, dx=None, dim: int = -1):
    n = y.shape[dim]
    left, right = y.narrow(dim, 0, max(n - 1, 0)), y.narrow(dim, 1, max(n - 1, 0)) if n else y
    gaps, step = _spacing(y, x, dx, dim)
    pieces = (left + right) * (step / 2) if gaps is None else (left + right) * gaps / 2
    return pieces.cumsum(dim)

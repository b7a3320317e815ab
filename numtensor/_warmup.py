"""``python -m numtensor warmup``: compile the common kernels ahead of time.

Each step runs ordinary tensor code (the ops a training loop uses) on a device and dtype, so
exactly the kernel specialisations those ops need are compiled and written to the cache
(see ``numtensor.backend.jit``); later processes load them instead of compiling.
"""

from __future__ import annotations

import sys
import time

DEFAULT_DTYPES = ("float32", "int64", "bool")


def _elementwise(nt, x, y):
    z = x + y
    z = z * y
    _ = x == y, x != y, x < y, x > y, x <= y, x >= y
    nt.maximum(x, y)
    nt.where(x > y, x, y)
    z.add_(y)
    z.mul_(y)
    if x.dtype is not nt.bool:
        z = z - y
        z.sub_(y)
    if x.dtype.is_floating_point:
        _ = x / y, x * 2.0, x + 1.0, x - 1.0, 2.0 - x, 1.0 / y, -x, x.abs()
        z.mul_(0.5)
        z.add_(y, alpha=0.1)
    return z


def _unary(nt, x, y):
    if x.dtype.is_floating_point:
        y = y.abs() + 1
        _ = x.relu(), x.exp(), y.log(), y.sqrt(), x.tanh(), x.sigmoid(), x.pow(2)
        x.clamp(-0.5, 0.5)
        x.clamp(min=0)
    elif x.dtype is nt.bool:
        _ = ~x, x & y, x | y, x ^ y
    else:
        _ = -x, x.abs(), x.clamp(0, 1)


def _reductions(nt, x, y):
    x.sum(), x.sum(0), x.sum(1), (x > y).sum()
    if x.dtype is not nt.bool:
        x.max(), x.min(), x.max(1), x.argmax(1), x.amax(0), x.amax(1)
    if x.dtype.is_floating_point:
        x.mean(), x.mean(1), x.var(), x.softmax(1), x.log_softmax(1), x.cumsum(1)
    else:
        x.any(), x.all(), x.count_nonzero()


def _matmul(nt, x, y):
    if x.dtype is nt.bool:
        return
    x @ y.t(), x.t() @ y, x @ y[0], nt.bmm(x[None], y[None].transpose(1, 2))


def _indexing(nt, x, y):
    idx = nt.tensor([0, 2, 1])
    x[idx], x[:, idx], x[x > y] if x.dtype is not nt.bool else x[x]
    x.gather(1, idx[None].expand(x.shape[0], 3))
    nt.cat([x, y]), nt.stack([x, y])
    x[0] = y[1]
    x.index_select(0, idx)


def _training(nt, x, y):
    """A small MLP and CNN: forward, cross-entropy, backward and two optimizers' steps."""
    if x.dtype is not nt.float32:
        return
    nn = nt.nn
    device = x.device
    mlp = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 4)).to(device)
    cnn = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16, 4)
    ).to(device)
    target = nt.randint(0, 4, (6,), device=device)
    for model, batch in ((mlp, nt.randn(6, 8, device=device)), (cnn, nt.randn(6, 1, 4, 4))):
        batch = batch.to(device)
        for opt in (
            nt.optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
            nt.optim.Adam(model.parameters()),
        ):
            loss = nn.functional.cross_entropy(model(batch), target)
            opt.zero_grad()
            loss.backward()
            opt.step()
        nn.functional.mse_loss(model(batch), nt.zeros(6, 4, device=device)).item()
        ((model(batch) - 1.5).pow(2).mean() + model(batch).abs().sum()).backward()
    nt.randperm(10), nt.rand(3), nt.randn(3)


STEPS = (
    ("elementwise", _elementwise),
    ("unary", _unary),
    ("reductions", _reductions),
    ("matmul", _matmul),
    ("indexing", _indexing),
    ("training", _training),
)


def _operands(nt, dtype, device):
    x = nt.arange(1, 13, device=device).reshape(4, 3)
    y = nt.arange(12, 0, -1, device=device).reshape(4, 3)
    if dtype is nt.bool:
        return x % 2 == 0, y % 3 == 0
    return x.to(dtype), y.to(dtype)


def warmup(device: str = "cpu", dtypes=DEFAULT_DTYPES, stream=None) -> tuple:
    """Run every step for each dtype on ``device``; returns (kernels compiled, seconds)."""
    import numtensor as nt
    from numtensor.backend import jit

    stream = stream or sys.stderr
    jit.quiet()
    todo = [(d, name, fn) for d in dtypes for name, fn in STEPS]
    start = time.perf_counter()
    for i, (dname, name, fn) in enumerate(todo):
        _bar(stream, i, len(todo), f"{dname} {name}", start)
        dtype = getattr(nt, dname)
        fn(nt, *_operands(nt, dtype, device))
    _bar(stream, len(todo), len(todo), "done", start)
    stream.write("\n")
    return jit.compiled()


def _bar(stream, done: int, total: int, label: str, start: float, width: int = 30) -> None:
    filled = width * done // max(total, 1)
    elapsed = time.perf_counter() - start
    stream.write(
        f"\rwarmup [{'#' * filled}{'-' * (width - filled)}] {done}/{total} {elapsed:5.1f} s "
        f"{label:24}"
    )
    stream.flush()

"""numtensor side by side with PyTorch (CPU) and NumPy, on the same data, in one run.

Prints a table of best-of-N times and the ratios numtensor / torch and
numtensor / numpy (lower is better), with each target next to its ratio and OK/MISS, then
whole-process figures: import time, a second process running the seed loop, its peak
resident memory, and (with ``--cold``) the README's main job on an empty kernel cache. Usage:

    python benchmarks/compare.py            # everything but the cold start
    python benchmarks/compare.py --quick    # fewer repeats
    python benchmarks/compare.py -k matmul  # only rows whose name contains 'matmul'
    python benchmarks/compare.py --cold     # also the first-ever run of the main job
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

import numtensor as nt

BIG = 16 * 1024 * 1024


def _loops(fn, min_time: float) -> int:
    fn()  # warm up (and JIT-compile)
    loops = 1
    while True:
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        if time.perf_counter() - start >= min_time or loops >= 1 << 20:
            return loops
        loops *= 4


def _sample(fn, loops: int) -> float:
    start = time.perf_counter()
    for _ in range(loops):
        fn()
    return (time.perf_counter() - start) / loops


def _timings(fns, repeats: int, min_time: float) -> list:
    """Best time per call of each fn. Each library is timed in its own block, after a pause,
    so that the worker threads one library leaves spinning do not slow the next."""
    best = []
    gc.disable()
    try:
        for fn in fns:
            if fn is None:
                best.append(float("nan"))
                continue
            loops = _loops(fn, min_time / repeats)
            time.sleep(0.3)  # past the 200 ms other OpenMP runtimes keep spinning
            best.append(min(_sample(fn, loops) for _ in range(repeats)))
    finally:
        gc.enable()
    return best


def _data(*shape, seed=0, dtype=np.float32):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def _seed_loop(m, arrays):
    """One iteration of the seed two-layer network: forward, backward, manual SGD."""
    x, y = m.from_numpy(arrays[0]), m.from_numpy(arrays[1])
    w1 = m.from_numpy(arrays[2].copy()).requires_grad_()
    w2 = m.from_numpy(arrays[3].copy()).requires_grad_()

    def step():
        loss = (x.mm(w1).clamp(min=0).mm(w2) - y).pow(2).sum()
        loss.backward()
        with m.no_grad():
            w1.sub_(1e-6 * w1.grad)
            w2.sub_(1e-6 * w2.grad)
            w1.grad.zero_()
            w2.grad.zero_()

    return step


def _digits_step(m, batch: int = 32):
    """One training step of the digits example's MLP: Adam, dropout, cross-entropy."""
    m.manual_seed(0)
    nn = m.nn
    model = nn.Sequential(
        nn.Flatten(),
        nn.Linear(64, 128),
        nn.ReLU(),
        nn.Dropout(0.1),
        nn.Linear(128, 64),
        nn.ReLU(),
        nn.Linear(64, 10),
    )
    optimizer = m.optim.Adam(model.parameters(), lr=3e-3)
    loss_fn = nn.CrossEntropyLoss()
    xb = m.from_numpy(_data(batch, 1, 8, 8))
    yb = m.from_numpy(np.random.default_rng(1).integers(0, 10, batch))

    def step(xb, yb):
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        return loss

    return step, (xb, yb)


def _digits_epoch(m):
    """One epoch of the digits MLP over a DataLoader: 1,437 8x8 images, batches of 32."""
    step, _ = _digits_step(m)
    images = m.from_numpy(_data(1437, 1, 8, 8, seed=2))
    labels = m.from_numpy(np.random.default_rng(3).integers(0, 10, 1437))
    loader = m.utils.data.DataLoader(
        m.utils.data.TensorDataset(images, labels),
        batch_size=32,
        shuffle=True,
        generator=m.Generator().manual_seed(0),
    )

    def epoch(step):
        for xb, yb in loader:
            step(xb, yb)

    return epoch, step


def _tiny_backward(m):
    x = m.rand(4, 4, requires_grad=True)
    y = m.rand(4, 4, requires_grad=True)
    return lambda: (x * y).sum().backward()


def _mlp(m, depth: int = 10, width: int = 64):
    """A ``depth``-layer MLP at batch 1: forward, backward, gradients set to None."""
    m.manual_seed(0)
    layers = []
    for _ in range(depth - 1):
        layers += [m.nn.Linear(width, width), m.nn.ReLU()]
    model = m.nn.Sequential(*layers, m.nn.Linear(width, 1))
    x = m.from_numpy(_data(1, width))

    def step():
        model(x).sum().backward()
        for p in model.parameters():
            p.grad = None

    return step


def cases():
    """(name, target ratio vs torch or None, numtensor fn, torch fn, numpy fn or None)."""
    x, y = _data(BIG), _data(BIG, seed=1)
    nx, ny, tx, ty = nt.from_numpy(x), nt.from_numpy(y), torch.from_numpy(x), torch.from_numpy(y)
    m = x.reshape(4096, 4096)
    nm, tm = nt.from_numpy(m), torch.from_numpy(m)
    s, s2 = _data(4, 4), _data(4, 4, seed=1)
    ns, ns2, ts, ts2 = (
        nt.from_numpy(s),
        nt.from_numpy(s2),
        torch.from_numpy(s),
        torch.from_numpy(s2),
    )
    a, b = _data(1024, 1024), _data(1024, 1024, seed=1)
    na, nb, ta, tb = nt.from_numpy(a), nt.from_numpy(b), torch.from_numpy(a), torch.from_numpy(b)
    p, q = _data(32, 64, 64), _data(32, 64, 64, seed=1)
    np_, nq, tp, tq = nt.from_numpy(p), nt.from_numpy(q), torch.from_numpy(p), torch.from_numpy(q)
    sv = _data(200, 100)
    nsv, tsv = nt.from_numpy(sv), torch.from_numpy(sv)
    seed = [
        _data(64, 1000),
        _data(64, 10, seed=1),
        _data(1000, 100, seed=2),
        _data(100, 10, seed=3),
    ]
    return [
        ("seed 2-layer loop / iter", 1.0, _seed_loop(nt, seed), _seed_loop(torch, seed), None),
        ("(x*y).sum().backward() 4x4", 1.0, _tiny_backward(nt), _tiny_backward(torch), None),
        ("10-layer MLP fwd+bwd batch 1", 1.0, _mlp(nt), _mlp(torch), None),
        ("add 16M f32", 1.0, lambda: nx + ny, lambda: tx + ty, lambda: x + y),
        ("mul 16M f32", 1.0, lambda: nx * ny, lambda: tx * ty, lambda: x * y),
        (
            "clamp 16M f32",
            1.0,
            lambda: nx.clamp(-0.5, 0.5),
            lambda: tx.clamp(-0.5, 0.5),
            lambda: np.clip(x, -0.5, 0.5),
        ),
        ("exp 16M f32", 1.0, lambda: nx.exp(), lambda: tx.exp(), lambda: np.exp(x)),
        ("sum 16M f32", 1.0, lambda: nx.sum(), lambda: tx.sum(), lambda: x.sum()),
        ("max 16M f32", 1.0, lambda: nx.max(), lambda: tx.max(), lambda: x.max()),
        ("sum 4096x4096 dim0", 1.0, lambda: nm.sum(0), lambda: tm.sum(0), lambda: m.sum(0)),
        ("sum 4096x4096 dim1", 1.0, lambda: nm.sum(1), lambda: tm.sum(1), lambda: m.sum(1)),
        ("amax 4096x4096 dim0", 1.0, lambda: nm.amax(0), lambda: tm.amax(0), lambda: m.max(0)),
        ("amax 4096x4096 dim1", 1.0, lambda: nm.amax(1), lambda: tm.amax(1), lambda: m.max(1)),
        ("max(dim=1) values+indices", None, lambda: nm.max(1), lambda: tm.max(1), None),
        ("matmul 1024 f32", 1.1, lambda: na @ nb, lambda: ta @ tb, lambda: a @ b),
        (
            "bmm 32x64x64 f32",
            1.0,
            lambda: nt.bmm(np_, nq),
            lambda: torch.bmm(tp, tq),
            lambda: p @ q,
        ),
        (
            "svd 200x100 f32",
            1.2,
            lambda: nt.linalg.svd(nsv, full_matrices=False),
            lambda: torch.linalg.svd(tsv, full_matrices=False),
            lambda: np.linalg.svd(sv, full_matrices=False),
        ),
        ("add 4x4 f32", 1.2, lambda: ns + ns2, lambda: ts + ts2, lambda: s + s2),
        ("mul 4x4 by scalar", None, lambda: ns * 2.0, lambda: ts * 2.0, lambda: s * 2.0),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="3 repeats instead of 7")
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    parser.add_argument(
        "--cold", action="store_true", help="also time the main job on an empty kernel cache"
    )
    parser.add_argument(
        "--torch-compile", action="store_true", help="also time torch.compile (minutes)"
    )
    args = parser.parse_args()
    repeats, min_time = (3, 0.3) if args.quick else (7, 1.0)
    print(
        f"numtensor {nt.__version__} | torch {torch.__version__} ({torch.get_num_threads()} "
        f"threads) | numpy {np.__version__}"
    )
    header = (
        f"{'case':28} {'numtensor':>11} {'torch':>11} {'numpy':>11} "
        f"{'nt/torch':>9} {'target':>7} {'nt/numpy':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, target, f_nt, f_torch, f_np in cases():
        if args.k not in name:
            continue
        t_nt, t_torch, t_np = _timings((f_nt, f_torch, f_np), repeats, min_time)
        ratio = t_nt / t_torch
        flag = "" if target is None else ("ok" if ratio <= target else "MISS")
        goal = "" if target is None else f"<={target:g}"
        print(
            f"{name:28} {_fmt(t_nt):>11} {_fmt(t_torch):>11} {_fmt(t_np):>11} "
            f"{ratio:>9.2f} {goal:>7} {t_nt / t_np:>9.2f} {flag}"
        )

    compiled_steps(args.k, repeats, min_time, args.torch_compile)
    if not args.k:
        processes(cold=args.cold)


# ---- numtensor.compile ---------------------------------------------------------------------------


def _bound(make, m, arrays=None):
    """(step(), the step function, its arguments) for ``make``'s step."""
    if arrays is not None:
        fn = make(m, arrays)
        return fn, ()
    return make(m)


def _epoch_row(m):
    """(epoch with the step, (compiled-or-not step,)): compile() wraps the step, not the loop."""
    epoch, step = _digits_epoch(m)
    return _Epoch(epoch), (step,)


class _Epoch:
    """An epoch runner whose step ``compile`` may wrap (see compiled_steps)."""

    def __init__(self, epoch) -> None:
        self.epoch = epoch

    def __call__(self, step) -> None:
        self.epoch(step)


def compiled_steps(k: str, repeats: int, min_time: float, with_torch_compile: bool) -> None:
    """Whole training steps under numtensor.compile, beside eager numtensor and torch."""
    seed = [
        _data(64, 1000),
        _data(64, 10, seed=1),
        _data(1000, 100, seed=2),
        _data(100, 10, seed=3),
    ]
    rows = [
        ("seed 2-layer loop / iter", lambda m: _bound(_seed_loop, m, seed)),
        ("digits MLP train step, batch 32", lambda m: _bound(_digits_step, m)),
        ("digits MLP epoch (45 steps)", _epoch_row),
    ]
    rows = [r for r in rows if k in r[0]]
    if not rows:
        return
    print()
    extra = f" {'torch.comp':>11}" if with_torch_compile else ""
    header = (
        f"{'compiled step':32} {'compiled':>11} {'nt eager':>11} {'torch':>11}{extra} "
        f"{'c/torch':>8} {'target':>7} {'c/eager':>8}"
    )
    print(header)
    print("-" * len(header))
    for name, make in rows:
        fns = []
        for lib, compile_ in ((nt, True), (nt, False), (torch, False), (torch, True)):
            if lib is torch and compile_ and not with_torch_compile:
                continue
            fn, args = make(lib)
            if compile_ and isinstance(fn, _Epoch):
                args = (lib.compile(args[0]),)  # an epoch: the step is what is compiled
            elif compile_:
                fn = lib.compile(fn)
            fns.append(functools.partial(fn, *args))
        times = _timings(fns, repeats, min_time)
        flag = "ok" if times[0] / times[2] <= 0.6 else "MISS"
        tc = f" {_fmt(times[3]):>11}" if with_torch_compile else ""
        print(
            f"{name:32} {_fmt(times[0]):>11} {_fmt(times[1]):>11} {_fmt(times[2]):>11}{tc} "
            f"{times[0] / times[2]:>8.2f} {'<=0.6':>7} {times[0] / times[1]:>8.2f} {flag}"
        )


# ---- whole processes ---------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SEED_SCRIPT = """
def _peak_kib():
    # this process's own peak (VmHWM): getrusage's ru_maxrss survives exec, so a child
    # started from a big parent reports the parent's peak
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
import {lib} as torch
x, y = torch.randn(64, 1000), torch.randn(64, 10)
w1 = torch.randn(1000, 100, requires_grad=True)
w2 = torch.randn(100, 10, requires_grad=True)
for _ in range(10):
    loss = (x.mm(w1).clamp(min=0).mm(w2) - y).pow(2).sum()
    loss.backward()
    with torch.no_grad():
        w1 -= 1e-6 * w1.grad
        w2 -= 1e-6 * w2.grad
        w1.grad.zero_()
        w2.grad.zero_()
print(_peak_kib())
"""


COMPILE_SCRIPT = """
import sys
import numtensor as torch
from numtensor.backend import plan_source
plan_source.plan_folder = lambda: sys.argv[1]  # a plan folder of its own: empty, then warm
x, y = torch.randn(64, 1000), torch.randn(64, 10)
w1 = torch.randn(1000, 100, requires_grad=True)
w2 = torch.randn(100, 10, requires_grad=True)
@torch.compile
def step():
    loss = (x.mm(w1).clamp(min=0).mm(w2) - y).pow(2).sum()
    loss.backward()
    with torch.no_grad():
        w1.sub_(1e-6 * w1.grad)
        w2.sub_(1e-6 * w2.grad)
        w1.grad.zero_()
        w2.grad.zero_()
for _ in range(4):
    step()
print(step.compile_seconds())
"""


def compile_times() -> tuple:
    """Seconds numtensor.compile spends on the seed step's generated code: on an empty plan
    folder (writing and compiling it), then in a second process (loading it)."""
    with tempfile.TemporaryDirectory() as folder:
        times = []
        for _ in range(2):
            done = subprocess.run(
                [sys.executable, "-c", COMPILE_SCRIPT, folder],
                capture_output=True,
                text=True,
                check=True,
            )
            times.append(float(done.stdout.split()[-1]))
    return tuple(times)


def _process(code: str, env=None, repeats: int = 3) -> tuple:
    """(best wall time, peak RSS in KiB or None) of ``python -c code``.

    Bytecode caching is on (as after ``pip install``, which compiles every module), and a
    first, untimed run writes the caches, so both libraries are timed from compiled modules."""
    env = dict(os.environ if env is None else env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True)
    best, rss = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        best = min(best, time.perf_counter() - start)
        last = done.stdout.split()[-1:] or [""]
        rss = int(last[0]) if last[0].isdigit() else rss
    return best, rss


def processes(cold: bool = False) -> None:
    """Import time, a second process's seed loop and its peak memory, beside torch's."""
    print()
    header = f"{'process':36} {'numtensor':>11} {'torch':>11} {'ratio':>7} {'target':>7}"
    print(header)
    print("-" * len(header))
    rows = []
    t_nt, _ = _process("import numtensor")
    t_torch, _ = _process("import torch")
    rows.append(("import", t_nt, t_torch, 0.1))
    seed_nt, rss_nt = _process(SEED_SCRIPT.format(lib="numtensor"))
    seed_torch, rss_torch = _process(SEED_SCRIPT.format(lib="torch"))
    rows.append(("seed loop x10, a second process", seed_nt, seed_torch, 0.3))
    for name, a, b, target in rows:
        flag = "ok" if a / b <= target else "MISS"
        print(f"{name:36} {_fmt(a):>11} {_fmt(b):>11} {a / b:>7.2f} {'<=' + str(target):>7} {flag}")
    ratio = rss_nt / rss_torch
    print(
        f"{'peak RSS of that process':36} {rss_nt / 1024:>8.0f} MB {rss_torch / 1024:>8.0f} MB "
        f"{ratio:>7.2f} {'<=0.5':>7} {'ok' if ratio <= 0.5 else 'MISS'}"
    )
    first, warm = compile_times()
    for name, seconds, target in (
        ("compile the seed step, empty cache", first, 3.0),
        ("compile the seed step, warm cache", warm, 0.5),
    ):
        flag = "ok" if seconds <= target else "MISS"
        print(f"{name:36} {seconds:>9.2f} s {'':>11} {'':>7} {'<=' + str(target) + ' s':>7} {flag}")
    if cold:
        seconds = cold_start()
        flag = "ok" if seconds <= 20 else "MISS"
        name = "main job, empty kernel cache"
        print(f"{name:36} {seconds:>9.1f} s {'':>11} {'':>7} {'<=20 s':>7} {flag}")


def cold_start() -> float:
    """Wall time of examples/classify_digits.py on an empty kernel cache."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMTENSOR_CACHE_DIR": cache}
        env.pop("NUMBA_CACHE_DIR", None)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "examples" / "classify_digits.py")],
            cwd=cache,
            env=env,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start


def _fmt(seconds: float) -> str:
    if seconds != seconds:
        return "-"
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


if __name__ == "__main__":
    main()

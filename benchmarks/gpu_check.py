"""One command for a machine with an NVIDIA GPU: the CUDA tests, the seed example on cuda,
zero-copy interop with numba, PyTorch CUDA and CuPy (DLPack and ``__cuda_array_interface__``:
shared writes), and GPU benchmarks side by side with PyTorch CUDA (when torch there has CUDA).

    python benchmarks/gpu_check.py                 # everything
    python benchmarks/gpu_check.py --skip-tests    # benchmarks only
    python benchmarks/gpu_check.py --json out.json # also write the figures as JSON
    python benchmarks/gpu_check.py --interop       # the zero-copy interop checks only

Figures and their targets (issue "one seam ... CUDA core"):
  add / sum of 64M float32     >= 70% / >= 60% of the device's copy bandwidth
  sgemm 4096 (tiled kernel)    >= 40% of PyTorch's (cuBLAS) speed
  launch latency               <= 15 us per tiny op
  seed loop                    <= 2x PyTorch CUDA per iteration
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numtensor as nt  # noqa: E402


def _torch_cuda():
    try:
        import torch
    except Exception:
        return None
    return torch if torch.cuda.is_available() else None


def _time(fn, sync, repeat: int = 10, warmup: int = 2) -> float:
    """Best-of-``repeat`` seconds of one call, synchronised."""
    for _ in range(warmup):
        fn()
    sync()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        sync()
        best = min(best, time.perf_counter() - start)
    return best


def _per_call(fn, sync, calls: int = 2000) -> float:
    """Mean seconds per call of a tiny op over many back-to-back launches."""
    for _ in range(min(calls, 50)):
        fn()
    sync()
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    sync()
    return (time.perf_counter() - start) / calls


def run_tests() -> dict:
    env = dict(os.environ)
    env.pop("NUMBA_ENABLE_CUDASIM", None)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "cuda", "-p", "no:warnings", "-x"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    tail = proc.stdout.strip().splitlines()[-15:]
    print("\n".join(tail))
    return {
        "rc": proc.returncode,
        "summary": tail[-1] if tail else "",
        "s": time.perf_counter() - start,
    }


def run_seed() -> dict:
    proc = subprocess.run(
        [sys.executable, "examples/seed_two_layer.py", "--device", "cuda", "--iterations", "500"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    print(proc.stdout.strip() or proc.stderr[-2000:])
    return {"rc": proc.returncode, "out": proc.stdout.strip().splitlines()[-1:]}


# sizes: (elements for add/sum, sgemm m, tiny-op calls, seed loop (B, I, H, O), iterations)
FULL = (64 * 1024 * 1024, 4096, 2000, (64, 1000, 100, 10), 200)
TINY = (4096, 64, 5, (4, 12, 6, 3), 2)  # a smoke run of this script on the simulator


def bench(torch, sizes=FULL) -> dict:
    n, m, calls, seed_sizes, iterations = sizes
    figures: dict = {"gpu": nt.cuda.get_device_name(0)}
    figures.update(_bandwidth(torch, n))
    figures.update(_sgemm(torch, m))
    sync = nt.cuda.synchronize
    small = nt.ones(4, device="cuda")
    figures["launch_us"] = _per_call(lambda: small + small, sync, calls) * 1e6
    figures["seed_loop_us"] = _seed_loop(nt, sync, seed_sizes, iterations) * 1e6
    if torch:
        tsync = torch.cuda.synchronize
        tsmall = torch.ones(4, device="cuda")
        figures["torch_launch_us"] = _per_call(lambda: tsmall + tsmall, tsync, calls) * 1e6
        figures["torch_seed_loop_us"] = _seed_loop(torch, tsync, seed_sizes, iterations) * 1e6
        figures["seed_loop_ratio"] = figures["seed_loop_us"] / figures["torch_seed_loop_us"]
    stats = getattr(nt.cuda, "memory_stats", None)
    if stats is not None:
        figures["memory_stats"] = {k: v for k, v in stats().items() if isinstance(v, (int, float))}
    return figures


def _bandwidth(torch, n: int = 64 * 1024 * 1024) -> dict:
    """add and sum of n float32 against a device-to-device copy of the same size."""
    sync = nt.cuda.synchronize
    x, y, out = nt.rand(n, device="cuda"), nt.rand(n, device="cuda"), nt.empty(n, device="cuda")
    gb = n * 4 / 1e9
    f = {"copy_GBps": 2 * gb / _time(lambda: out.copy_(x), sync)}
    f["add_GBps"] = 3 * gb / _time(lambda: nt.add(x, y, out=out), sync)
    f["sum_GBps"] = gb / _time(lambda: x.sum(), sync)
    f["randn_GBps"] = gb / _time(lambda: out.normal_(), sync)  # Philox on the device
    idx = nt.randint(0, n, (n,), device="cuda")  # a random gather: x[idx], index on the device
    f["index_gather_GBps"] = 4 * gb / _time(lambda: x[idx], sync)
    f["add_fraction_of_copy"] = f["add_GBps"] / f["copy_GBps"]
    f["sum_fraction_of_copy"] = f["sum_GBps"] / f["copy_GBps"]
    if torch:
        tsync = torch.cuda.synchronize
        tx, ty = torch.rand(n, device="cuda"), torch.rand(n, device="cuda")
        tout = torch.empty(n, device="cuda")
        f["torch_copy_GBps"] = 2 * gb / _time(lambda: tout.copy_(tx), tsync)
        f["torch_add_GBps"] = 3 * gb / _time(lambda: torch.add(tx, ty, out=tout), tsync)
        f["torch_sum_GBps"] = gb / _time(lambda: tx.sum(), tsync)
        f["torch_randn_GBps"] = gb / _time(lambda: tout.normal_(), tsync)
        tidx = torch.randint(0, n, (n,), device="cuda")
        f["torch_index_gather_GBps"] = 4 * gb / _time(lambda: tx[tidx], tsync)
    return f


def _sgemm(torch, m: int = 4096) -> dict:
    """The tiled float32 matmul kernel against cuBLAS (TF32 off), and its error."""
    a, b = nt.randn(m, m, device="cuda"), nt.randn(m, m, device="cuda")
    seconds = _time(lambda: a @ b, nt.cuda.synchronize, repeat=5, warmup=1)
    f = {"sgemm4096_TFLOPs": 2 * m**3 / seconds / 1e12}
    if torch:
        torch.backends.cuda.matmul.allow_tf32 = False
        ta, tb = torch.randn(m, m, device="cuda"), torch.randn(m, m, device="cuda")
        t_seconds = _time(lambda: ta @ tb, torch.cuda.synchronize, repeat=5, warmup=1)
        f["torch_sgemm4096_TFLOPs"] = 2 * m**3 / t_seconds / 1e12
        f["sgemm_fraction_of_cublas"] = t_seconds / seconds
        got = (a[:256] @ b[:, :256]).cpu().numpy()
        ref = torch.from_numpy(a[:256].cpu().numpy()) @ torch.from_numpy(b[:, :256].cpu().numpy())
        f["sgemm_max_abs_err"] = float(np.abs(got - ref.numpy()).max())
    return f


def _seed_loop(lib, sync, sizes, iterations: int) -> float:
    lib.manual_seed(0)
    dev = "cuda"
    b, i, h, o = sizes
    x = lib.randn(b, i, device=dev)
    y = lib.randn(b, o, device=dev)
    w1 = lib.randn(i, h, device=dev, requires_grad=True)
    w2 = lib.randn(h, o, device=dev, requires_grad=True)

    def step():
        loss = (x.mm(w1).clamp(min=0).mm(w2) - y).pow(2).sum()
        loss.backward()
        with lib.no_grad():
            w1.sub_(1e-6 * w1.grad)
            w2.sub_(1e-6 * w2.grad)
            w1.grad.zero_()
            w2.grad.zero_()

    for _ in range(min(iterations, 10)):
        step()
    sync()
    start = time.perf_counter()
    for _ in range(iterations):
        step()
    sync()
    return (time.perf_counter() - start) / iterations


# ---- zero-copy interop: each check writes on one side and reads it back on the other -----------


def interop(torch) -> dict:
    """DLPack and ``__cuda_array_interface__`` exchange on the GPU with numba, PyTorch CUDA and
    CuPy (each when present): shared pointers, and a write on one side seen on the other."""
    results: dict = {}
    sync = nt.cuda.synchronize

    def check(name, fn) -> None:
        try:
            results[name] = "ok" if fn() else "MISMATCH"
        except Exception as exc:  # (reported, so that one failure does not hide the others)
            results[name] = f"error: {type(exc).__name__}: {exc}"
        print(f"  interop {name:34s} {results[name]}")

    def round_trip():  # numtensor -> capsule -> numtensor, a transposed view
        t = nt.arange(12.0, device="cuda").reshape(3, 4)
        v = nt.from_dlpack(nt.to_dlpack(t.t()))
        v[1, 2] = -1
        sync()
        return t[2, 1].item() == -1 and v.data_ptr() == t.data_ptr() and v.stride() == (1, 4)

    def numba_array():  # only __cuda_array_interface__
        from numba import cuda

        d = cuda.to_device(np.arange(4, dtype=np.float32))
        t = nt.from_dlpack(d)
        t[1] = 7
        sync()
        return d.copy_to_host()[1] == 7 and t.data_ptr() == d.device_ctypes_pointer.value

    check("numtensor capsule round trip", round_trip)
    if os.environ.get("NUMBA_ENABLE_CUDASIM") != "1":  # (simulated arrays lack the interface)
        check("numba device array -> numtensor", numba_array)
    if torch is not None:
        _torch_interop(torch, check, sync)
    try:
        import cupy
    except Exception:
        cupy = None
    if cupy is not None:
        _cupy_interop(cupy, check, sync)
    return results


def _torch_interop(torch, check, sync) -> None:
    def torch_to_numtensor():
        x = torch.arange(6.0, device="cuda").reshape(2, 3)
        t = nt.from_dlpack(x)
        t[1, 2] = 42
        sync()
        return x[1, 2].item() == 42 and t.data_ptr() == x.data_ptr() and t.is_cuda

    def numtensor_to_torch():
        t = nt.arange(6.0, device="cuda").reshape(2, 3)
        x = torch.from_dlpack(t.t())
        x[0, 1] = -3
        torch.cuda.synchronize()
        return t[1, 0].item() == -3 and x.data_ptr() == t.data_ptr() and x.stride() == (1, 3)

    def side_stream():  # torch consumes on its own stream: our fill must be done first
        n = 1 << 22
        t = nt.empty(n, device="cuda").fill_(2.0)
        stream = torch.cuda.Stream()
        with torch.cuda.stream(stream):
            total = torch.from_dlpack(t).sum()
        stream.synchronize()
        return total.item() == 2.0 * n

    def array_interface():
        x = torch.zeros(5, device="cuda")
        t = nt.as_tensor(x)
        t[3] = 1
        sync()
        y = torch.as_tensor(nt.zeros(2, device="cuda"), device="cuda")
        return x[3].item() == 1 and y.is_cuda

    def dtypes():
        ok = True
        for name in ("bool", "uint8", "int8", "int32", "int64", "float16", "float64", "complex64"):
            x = torch.zeros(3, device="cuda", dtype=getattr(torch, name))
            t = nt.from_dlpack(x)
            t[0] = 1
            sync()
            ok = ok and x[0].item() == 1 and str(t.dtype) == f"numtensor.{name}"
        return ok

    def to_host_copy():
        t = nt.arange(3.0, device="cuda")
        host = torch.from_dlpack(t.__dlpack__(dl_device=(1, 0)))
        return host.device.type == "cpu" and host.tolist() == [0.0, 1.0, 2.0]

    check("torch CUDA -> numtensor (DLPack)", torch_to_numtensor)
    check("numtensor -> torch CUDA (DLPack)", numtensor_to_torch)
    check("numtensor -> torch side stream", side_stream)
    check("torch CUDA <-> numtensor (CAI)", array_interface)
    check("torch CUDA dtypes (DLPack)", dtypes)
    check("numtensor CUDA -> host capsule", to_host_copy)


def _cupy_interop(cupy, check, sync) -> None:
    def cupy_to_numtensor():
        a = cupy.arange(4, dtype=cupy.float32)
        t = nt.from_dlpack(a)
        t[0] = 9
        sync()
        return float(a[0]) == 9 and t.data_ptr() == a.data.ptr

    def numtensor_to_cupy():
        t = nt.arange(4.0, device="cuda")
        a = cupy.from_dlpack(t)
        a[1] = 5
        cupy.cuda.runtime.deviceSynchronize()
        b = cupy.asarray(t)  # (__cuda_array_interface__)
        b[2] = 6
        cupy.cuda.runtime.deviceSynchronize()
        return t.tolist() == [0.0, 5.0, 6.0, 3.0]

    check("cupy -> numtensor (DLPack)", cupy_to_numtensor)
    check("numtensor -> cupy (DLPack, CAI)", numtensor_to_cupy)


TARGETS = {
    "add_fraction_of_copy": (">=", 0.70),
    "sum_fraction_of_copy": (">=", 0.60),
    "sgemm_fraction_of_cublas": (">=", 0.40),
    "launch_us": ("<=", 15.0),
    "seed_loop_ratio": ("<=", 2.0),
}


def report(figures: dict) -> None:
    print(f"\nGPU: {figures.get('gpu')}")
    for key, value in figures.items():
        if isinstance(value, float):
            target = TARGETS.get(key)
            verdict = ""
            if target:
                op, bound = target
                ok = value >= bound if op == ">=" else value <= bound
                verdict = f"  target {op} {bound}: {'ok' if ok else 'MISS'}"
            print(f"  {key:28s} {value:12.4g}{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-tests", action="store_true")
    parser.add_argument("--json", default=None)
    parser.add_argument("--tiny", action="store_true", help="tiny sizes, benchmarks only")
    parser.add_argument("--interop", action="store_true", help="the interop checks only")
    args = parser.parse_args()
    simulated = os.environ.get("NUMBA_ENABLE_CUDASIM") == "1"
    if not nt.cuda.is_available() or (simulated and not args.tiny):
        raise SystemExit("gpu_check needs a real CUDA GPU (the simulator only with --tiny)")
    results: dict = {}
    print("zero-copy interop (DLPack, __cuda_array_interface__):")
    results["interop"] = interop(_torch_cuda())
    if args.interop:
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2, default=str))
        return
    if not args.skip_tests and not args.tiny:
        results["tests"] = run_tests()
        results["seed"] = run_seed()
    results["bench"] = bench(_torch_cuda(), TINY if args.tiny else FULL)
    report(results["bench"])
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()

"""The kernel cache and the JIT's visible behaviour: the first-use notice, warmup, info,
several processes filling one empty cache at once, and the thread settings."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
import torch

import numtensor as nt

WORK = textwrap.dedent(
    """
    import numtensor as nt
    from numtensor.backend import jit
    x = nt.arange(12, dtype=nt.float32).reshape(3, 4)
    w = nt.ones(4, 2, requires_grad=True)
    loss = ((x @ w).relu() - 1.5).pow(2).mean()
    loss.backward()
    grad = round(w.grad.sum().item(), 2)
    print(round(loss.item(), 3), grad, (x > 5).sum().item(), jit.compiled()[0])
    """
)


def _run(args, cache, **env):
    environment = {**os.environ, "NUMTENSOR_CACHE_DIR": str(cache), **env}
    environment.pop("NUMBA_CACHE_DIR", None)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=environment, timeout=600
    )


def _expected() -> str:
    x = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    w = torch.ones(4, 2, requires_grad=True)
    loss = ((x @ w).relu() - 1.5).pow(2).mean()
    loss.backward()
    return f"{round(loss.item(), 3)} {round(w.grad.sum().item(), 2)} {(x > 5).sum().item()}"


def test_first_use_says_it_compiles_once_and_a_second_run_compiles_nothing(tmp_path):
    first = _run(["-c", WORK], tmp_path)
    assert first.returncode == 0, first.stderr
    *values, count = first.stdout.split()
    assert " ".join(values) == _expected()
    assert int(count) > 0
    notices = [line for line in first.stderr.splitlines() if "compiling kernels" in line]
    assert len(notices) == 1 and str(tmp_path) in notices[0]
    second = _run(["-c", WORK], tmp_path)
    assert second.returncode == 0, second.stderr
    assert second.stdout.split() == [*values, "0"]
    assert "compiling" not in second.stderr
    quiet = _run(["-c", WORK], tmp_path / "other", NUMTENSOR_JIT_NOTICE="0")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_four_processes_fill_one_empty_cache_at_once(tmp_path):
    environment = {**os.environ, "NUMTENSOR_CACHE_DIR": str(tmp_path)}
    environment.pop("NUMBA_CACHE_DIR", None)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORK],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for _ in range(4)
    ]
    results = [(p.wait(timeout=600), *p.communicate()) for p in procs]
    expected = _expected()
    for code, out, err in results:
        assert code == 0, err
        assert " ".join(out.split()[:-1]) == expected
    # the cache they wrote together is whole: a later process loads from it and agrees
    after = _run(["-c", WORK], tmp_path)
    assert after.returncode == 0, after.stderr
    assert " ".join(after.stdout.split()[:-1]) == expected
    assert any(name.endswith(".nbi") for _, _, files in os.walk(tmp_path) for name in files)


def test_warmup_compiles_what_a_training_step_needs(tmp_path):
    warm = _run(["-m", "numtensor", "warmup", "--dtypes", "float32"], tmp_path)
    assert warm.returncode == 0, warm.stderr
    assert "warmup [" in warm.stderr and "18/18" not in warm.stderr  # one dtype: 6 steps
    assert "6/6" in warm.stderr
    assert "compiled" in warm.stdout and str(tmp_path) in warm.stdout
    after = _run(["-c", WORK], tmp_path)
    assert after.returncode == 0, after.stderr
    assert after.stdout.split()[-1] == "0", "warmup missed a kernel the training step needs"
    assert after.stderr == ""


def test_warmup_refuses_unknown_dtypes_and_devices(tmp_path):
    bad = _run(["-m", "numtensor", "warmup", "--dtypes", "float31"], tmp_path)
    assert bad.returncode == 2 and "float31" in bad.stderr
    bad = _run(["-m", "numtensor", "warmup", "--device", "tpu"], tmp_path)
    assert bad.returncode == 2 and "tpu" in bad.stderr


def test_info_names_versions_threads_cache_and_cuda(tmp_path):
    info = _run(["-m", "numtensor", "info"], tmp_path)
    assert info.returncode == 0, info.stderr
    for field in ("numtensor", "numba", "threading layer", "threads", "kernel cache", "CUDA"):
        assert field in info.stdout
    assert str(tmp_path) in info.stdout


def test_num_threads_as_pytorch():
    before = nt.get_num_threads()
    assert before == torch.get_num_threads() or before >= 1
    try:
        nt.set_num_threads(1)
        assert nt.get_num_threads() == 1
        x = nt.arange(1 << 21, dtype=nt.float32)
        assert x.sum().item() == torch.arange(1 << 21, dtype=torch.float32).sum().item()
        nt.set_num_threads(64)  # more than the machine has: remembered, as in PyTorch
        assert nt.get_num_threads() == 64
        for bad, message in ((0, "positive"), (-1, "positive"), (2.0, "int"), ("2", "int")):
            with pytest.raises(RuntimeError, match=message):
                nt.set_num_threads(bad)
            with pytest.raises(RuntimeError, match=message):
                torch.set_num_threads(bad)
    finally:
        nt.set_num_threads(before)

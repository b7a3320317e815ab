"""The CUDA device end to end: placement, autograd, nn/optim and the seed loop agree with the CPU.

Marked ``cuda``: CI runs them under ``NUMBA_ENABLE_CUDASIM=1`` (numba's simulator), a machine
with a GPU on the hardware. Shapes stay tiny: the simulator runs one OS thread per CUDA thread.
"""

import runpy
import sys
from pathlib import Path

import numpy as np
import pytest

import numtensor as nt

pytestmark = pytest.mark.cuda

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(autouse=True)
def _needs_cuda():
    if not nt.cuda.is_available():
        pytest.skip("no CUDA device (run with NUMBA_ENABLE_CUDASIM=1)")


def test_placement_and_printing():
    x = nt.tensor([[1.0, 2.0], [3.0, 4.0]], device="cuda")
    assert x.is_cuda and x.device == nt.device("cuda:0") and str(x.device) == "cuda:0"
    assert repr(x) == "tensor([[1., 2.],\n        [3., 4.]], device='cuda:0')"
    assert x.cpu().device.type == "cpu" and x.to("cpu").is_cuda is False
    assert nt.zeros(2, 3).cuda().is_cuda and nt.ones(2).to("cuda:0").is_cuda
    d = nt.zeros(3, device=nt.device("cuda"), dtype=nt.float64)
    assert d.dtype is nt.float64 and d.is_cuda
    assert x.to(nt.float64).is_cuda and x.to("cpu", nt.int64).dtype is nt.int64
    y = x.to("cuda", non_blocking=True)
    assert y is x
    for make in (nt.zeros, nt.ones, nt.empty, nt.rand, nt.randn):
        assert make(2, 2, device="cuda").is_cuda
    assert nt.arange(4, device="cuda").is_cuda and nt.eye(2, device="cuda").is_cuda
    assert nt.full((2,), 7, device="cuda").tolist() == [7, 7]
    assert nt.zeros_like(x).is_cuda and x.new_ones(3).is_cuda
    assert x.sum().item() == 10.0 and float(x[1, 1]) == 4.0 and x.tolist() == [[1, 2], [3, 4]]


def test_numpy_of_a_cuda_tensor_points_to_cpu():
    x = nt.ones(2, device="cuda")
    with pytest.raises(TypeError, match=r"\.cpu\(\)"):
        x.numpy()
    np.testing.assert_array_equal(x.cpu().numpy(), [1.0, 1.0])


def test_mixing_devices_is_pytorchs_error():
    a, b = nt.ones(2, device="cuda"), nt.ones(2)
    msg = "Expected all tensors to be on the same device"
    for fn in (lambda: a + b, lambda: b * a, lambda: a @ b, lambda: nt.cat([a, b])):
        with pytest.raises(RuntimeError, match=msg):
            fn()
    with pytest.raises(RuntimeError):
        a.add_(b)
    with pytest.raises(RuntimeError):
        nt.add(a, a, out=nt.empty(2))
    # a 0-dim CPU tensor may join a CUDA op, as in PyTorch
    assert (a + nt.tensor(2.0)).is_cuda


def test_views_and_writes_through_them():
    base = nt.arange(24.0, device="cuda").reshape(2, 3, 4)
    v = base.transpose(0, 2)[1:, ::2]
    v.mul_(-1)
    expected = np.arange(24.0).reshape(2, 3, 4)
    expected.transpose(2, 1, 0)[1:, ::2] *= -1
    np.testing.assert_array_equal(base.cpu().numpy(), expected)
    assert v.stride() == (1, 8, 12) and v.storage_offset() == 1
    col = base[:, 1]
    col[...] = 5.0
    assert (base.cpu().numpy()[:, 1] == 5).all()


def _mlp(device):
    nt.manual_seed(0)
    model = nt.nn.Sequential(nt.nn.Linear(5, 7), nt.nn.ReLU(), nt.nn.Linear(7, 3))
    return model.to(device)


def test_mlp_autograd_and_optimizer_match_the_cpu():
    rng = np.random.default_rng(1)
    xs, ys = rng.standard_normal((6, 5)), rng.integers(0, 3, 6)
    results = {}
    for device in ("cpu", "cuda"):
        model = _mlp(device)
        params = list(model.parameters())
        opt = nt.optim.Adam(params, lr=0.05)
        x = nt.tensor(xs, dtype=nt.float32, device=device)
        y = nt.tensor(ys, device=device)
        losses = []
        for _ in range(3):
            opt.zero_grad()
            loss = nt.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        assert all(p.device.type == device for p in model.parameters())
        assert all(p.grad.device.type == device for p in model.parameters())
        assert all(
            s.device.type == device
            for st in opt.state.values()
            for k, s in st.items()
            if k != "step"
        )
        assert params[0] is next(iter(model.parameters()))
        results[device] = (losses, [p.detach().cpu().numpy() for p in model.parameters()])
    np.testing.assert_allclose(results["cuda"][0], results["cpu"][0], rtol=1e-5)
    for got, want in zip(results["cuda"][1], results["cpu"][1]):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_module_to_keeps_parameters_for_an_earlier_optimizer():
    model = _mlp("cpu")
    opt = nt.optim.SGD(model.parameters(), lr=0.1)
    model.cuda()
    assert all(p.is_cuda for group in opt.param_groups for p in group["params"])


def _losses(monkeypatch, capsys, device):
    argv = ["seed_two_layer.py", "--device", device, "--iterations", "4", "--log-every", "1"]
    monkeypatch.setattr(sys, "argv", [*argv, "--sizes", "4,12,6,3"])
    runpy.run_path(str(EXAMPLES / "seed_two_layer.py"), run_name="__main__")
    out = capsys.readouterr().out
    return [float(line.split()[-1]) for line in out.splitlines() if line.startswith("Iteration:")]


def test_seed_loop_on_cuda_matches_the_cpu(monkeypatch, capsys):
    cpu = _losses(monkeypatch, capsys, "cpu")
    cuda = _losses(monkeypatch, capsys, "cuda")
    assert len(cpu) == 4 and cuda[-1] < cuda[0]
    np.testing.assert_allclose(cuda, cpu, rtol=1e-5)


def test_gpu_check_script_runs_on_tiny_sizes():
    # benchmarks/gpu_check.py is what a GPU session runs in one call: it must not crash there
    import subprocess

    proc = subprocess.run(
        [sys.executable, str(EXAMPLES.parent / "benchmarks" / "gpu_check.py"), "--tiny"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "launch_us" in proc.stdout and "sgemm4096_TFLOPs" in proc.stdout


def test_cuda_array_interface_and_zero_copy_as_tensor():
    base = nt.arange(6.0, device="cuda").reshape(2, 3)
    desc = base.__cuda_array_interface__
    assert desc["shape"] == (2, 3) and desc["typestr"] == "<f4" and desc["version"] == 3
    assert desc["strides"] is None  # C-contiguous
    assert base.t().__cuda_array_interface__["strides"] == (4, 12)
    bcast = nt.ones(3, device="cuda").expand(2, 3).__cuda_array_interface__
    assert bcast["strides"] == (0, 4)
    assert not hasattr(nt.ones(2), "__cuda_array_interface__")
    with pytest.raises(RuntimeError, match="requires grad"):
        _ = nt.ones(2, device="cuda", requires_grad=True).__cuda_array_interface__

    class Exporter:  # any library's GPU array (CuPy, PyTorch) looks like this to numtensor
        def __init__(self, desc):
            self.__cuda_array_interface__ = desc

    shared = nt.as_tensor(Exporter(base.__cuda_array_interface__))
    assert shared.is_cuda and shared.dtype is nt.float32 and tuple(shared.shape) == (2, 3)
    shared.mul_(10)  # no copy: the write shows through the original
    assert base.cpu().tolist() == [[0.0, 10.0, 20.0], [30.0, 40.0, 50.0]]
    assert nt.as_tensor(Exporter(desc), dtype=nt.float64).dtype is nt.float64

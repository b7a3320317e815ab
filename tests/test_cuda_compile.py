"""numtensor.compile on CUDA tensors: recorded and replayed through the CUDA backend (the
generated code is CPU-only; CUDA plans replay step by step)."""

import numpy as np
import pytest

import numtensor as nt

pytestmark = pytest.mark.cuda


def test_a_cuda_training_step_replays_as_eager():
    g = np.random.default_rng(0)
    x = nt.from_numpy(g.standard_normal((8, 6)).astype(np.float32)).cuda()
    y = nt.from_numpy(g.standard_normal((8, 3)).astype(np.float32)).cuda()
    w0 = g.standard_normal((6, 3)).astype(np.float32)
    cw = nt.from_numpy(w0.copy()).cuda().requires_grad_()
    ew = nt.from_numpy(w0.copy()).cuda().requires_grad_()

    def make(w):
        def step(x, y):
            loss = (x.mm(w).relu() - y).pow(2).mean()
            loss.backward()
            with nt.no_grad():
                w.sub_(0.1 * w.grad)
                w.grad.zero_()
            return loss

        return step

    compiled, eager = nt.compile(make(cw)), make(ew)
    for _ in range(4):
        a, b = compiled(x, y), eager(x, y)
        assert a.device.type == "cuda"
        np.testing.assert_allclose(a.item(), b.item(), rtol=1e-6)
        np.testing.assert_allclose(cw.cpu().detach().numpy(), ew.cpu().detach().numpy(), rtol=1e-6)
    assert compiled._eager_because is None and len(compiled._plans) == 2
    replay = list(compiled._plans.values())[-1]
    units = replay.plan.units
    assert units is not None and any(u[0] == "jit" for u in units)  # fused kernels ran

"""nn.DataParallel, nn.parallel.data_parallel and nn.SyncBatchNorm (with
convert_sync_batchnorm) against torch: outputs, gradients, state_dict keys, reprs, running
statistics and errors. SyncBatchNorm across two MPI ranks: tests/distributed/sync_bn.py."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch
from tests.test_distributed import mpirun, needs_mpi


def r(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def _copy(ours, theirs) -> None:
    state = {k: nt.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)
    assert list(ours.state_dict()) == list(theirs.state_dict())


def _same(a, b, tol=2e-5) -> None:
    np.testing.assert_allclose(a.detach().cpu().numpy(), b.detach().numpy(), rtol=tol, atol=tol)


def _pair(lib):
    return lib.nn.Sequential(lib.nn.Linear(4, 3), lib.nn.BatchNorm1d(3), lib.nn.ReLU())


# ---- DataParallel ----------------------------------------------------------------------------


def test_data_parallel_wraps_the_module_like_torch():
    ours, theirs = nt.nn.DataParallel(_pair(nt)), torch.nn.DataParallel(_pair(torch))
    _copy(ours, theirs)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert ours.device_ids == theirs.device_ids == []
    assert not hasattr(ours, "dim") and not hasattr(theirs, "dim")
    assert isinstance(ours.module, nt.nn.Sequential)
    x = r(5, 4)
    a, b = nt.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ya, yb = ours(a), theirs(b)
    _same(ya, yb)
    ya.sum().backward()
    yb.sum().backward()
    _same(a.grad, b.grad)
    _same(ours.module[0].weight.grad, theirs.module[0].weight.grad)
    _same(ours.module[1].running_mean, theirs.module[1].running_mean)
    ours.eval()
    theirs.eval()
    assert not ours.module[1].training and not theirs.module[1].training
    _same(ours(nt.tensor(x)), theirs(torch.tensor(x)))
    assert nt.nn.parallel.DataParallel is nt.nn.DataParallel


def test_data_parallel_passes_every_argument_and_kwarg():
    class Pair(nt.nn.Module):
        def forward(self, x, scale=1.0, *, extra=None):
            return x * scale + (0 if extra is None else extra["b"])

    dp = nt.nn.DataParallel(Pair(), device_ids=[0], output_device=0, dim=1)
    out = dp(nt.ones(2), 3.0, extra={"b": nt.ones(2)})
    np.testing.assert_array_equal(out.numpy(), [4.0, 4.0])
    assert repr(dp) == "DataParallel(\n  (module): Pair()\n)"
    # a state dict saved from a DataParallel model loads into another one
    saved = nt.nn.DataParallel(nt.nn.Linear(2, 2)).state_dict()
    other = nt.nn.DataParallel(nt.nn.Linear(2, 2))
    other.load_state_dict(saved)
    assert nt.equal(other.module.weight, saved["module.weight"])


def test_data_parallel_function_needs_a_gpu():
    with pytest.raises(RuntimeError, match="device type could not be determined"):
        torch.nn.parallel.data_parallel(torch.nn.Linear(2, 2), torch.ones(1, 2))
    if not nt.cuda.is_available():
        with pytest.raises(RuntimeError, match="device type could not be determined"):
            nt.nn.parallel.data_parallel(nt.nn.Linear(2, 2), nt.ones(1, 2))


@pytest.mark.cuda
def test_data_parallel_on_the_gpu():
    if not nt.cuda.is_available():
        pytest.skip("no CUDA (run with NUMBA_ENABLE_CUDASIM=1)")
    lin = nt.nn.Linear(2, 1)
    dp = nt.nn.DataParallel(lin)
    assert dp.device_ids == [0] and dp.output_device == 0 and dp.dim == 0
    assert lin.weight.device == nt.device("cuda", 0)  # moved at construction
    x = nt.tensor([[1.0, 2.0]])
    out = dp(x)  # a CPU input goes to cuda:0
    assert out.device == nt.device("cuda", 0)
    expected = x @ lin.weight.detach().cpu().T + lin.bias.detach().cpu()
    np.testing.assert_allclose(out.detach().cpu().numpy(), expected.numpy(), rtol=1e-6)
    assert nt.nn.parallel.data_parallel(lin, (x,)).device == nt.device("cuda", 0)
    lin.cpu()
    with pytest.raises(RuntimeError, match="module must have its parameters and buffers"):
        dp(x)
    with pytest.raises(AssertionError, match="Invalid device id"):
        nt.nn.DataParallel(nt.nn.Linear(2, 1), device_ids=[0, 1])


# ---- SyncBatchNorm ---------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(6, 3), (4, 3, 5), (2, 3, 4, 5), (2, 3, 2, 2, 3)])
@pytest.mark.parametrize("momentum", [0.1, None])
def test_sync_batch_norm_is_batch_norm_on_one_process(shape, momentum):
    x = r(*shape)
    ours, theirs = (
        nt.nn.SyncBatchNorm(3, momentum=momentum),
        torch.nn.SyncBatchNorm(3, momentum=momentum),
    )
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor([1.5, -0.5, 2.0]))
        theirs.bias.copy_(torch.tensor([0.1, 0.2, 0.3]))
    _copy(ours, theirs)
    for _ in range(2):  # two training steps: running statistics and num_batches_tracked
        a, b = nt.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        ya, yb = ours(a), theirs(b)
        _same(ya, yb)
        assert ya.grad_fn.name() == yb.grad_fn.name() == "NativeBatchNormBackward0"
        g = r(*shape, seed=1)
        (ya * nt.tensor(g)).sum().backward()
        (yb * torch.tensor(g)).sum().backward()
        _same(a.grad, b.grad, 1e-4)
        _same(ours.weight.grad, theirs.weight.grad, 1e-4)
        _same(ours.bias.grad, theirs.bias.grad, 1e-4)
    for key, value in theirs.state_dict().items():
        _same(ours.state_dict()[key], value)
    ours.eval()
    theirs.eval()
    _same(ours(nt.tensor(x)), theirs(torch.tensor(x)))


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"affine": False},
        {"bias": False},
        {"track_running_stats": False},
        {"eps": 1e-3, "momentum": None},
    ],
)
def test_sync_batch_norm_options_reprs_and_state(kwargs):
    ours, theirs = nt.nn.SyncBatchNorm(4, **kwargs), torch.nn.SyncBatchNorm(4, **kwargs)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert ours.process_group is None
    x = r(3, 4, 2)
    _same(ours(nt.tensor(x)), theirs(torch.tensor(x)))
    ours.eval()
    theirs.eval()  # without running statistics, batch statistics also in eval mode
    _same(ours(nt.tensor(x)), theirs(torch.tensor(x)))


def test_sync_batch_norm_float64_gradcheck():
    m = nt.nn.SyncBatchNorm(2, dtype=nt.float64)
    x = nt.tensor(r(3, 2, 2).astype(np.float64), requires_grad=True)
    assert nt.autograd.gradcheck(lambda t: m(t), (x,))


def test_sync_batch_norm_errors_and_empty_batches():
    for lib in (nt, torch):
        m = lib.nn.SyncBatchNorm(3)
        with pytest.raises(ValueError, match=r"expected at least 2D input \(got 1D input\)"):
            m(lib.ones(3))
        with pytest.raises(ValueError, match="number of input channels should be non-zero"):
            lib.nn.SyncBatchNorm(0)(lib.ones(2, 0))
        with pytest.raises(ValueError, match="Expected more than 1 value per channel"):
            m(lib.ones(1, 3))
        m.eval()
        assert tuple(m(lib.ones(1, 3)).shape) == (1, 3)  # running statistics: fine
    ours, theirs = nt.nn.SyncBatchNorm(3), torch.nn.SyncBatchNorm(3)
    ya, yb = ours(nt.ones(0, 3, 2, requires_grad=True)), theirs(torch.ones(0, 3, 2))
    assert tuple(ya.shape) == tuple(yb.shape) == (0, 3, 2)
    for key, value in theirs.state_dict().items():
        _same(ours.state_dict()[key], value)


def test_sync_batch_norm_non_contiguous_input():
    x = r(3, 5, 4).transpose(0, 2, 1)  # (3, 4, 5), channels 4
    ours, theirs = nt.nn.SyncBatchNorm(4), torch.nn.SyncBatchNorm(4)
    a = nt.tensor(r(3, 5, 4)).permute(0, 2, 1)
    assert not a.is_contiguous()
    _same(ours(a), theirs(torch.tensor(x)))


def _tree(lib):
    inner = lib.nn.Sequential(lib.nn.BatchNorm1d(4, affine=False, momentum=None).eval())
    return lib.nn.Sequential(
        lib.nn.Conv2d(1, 2, 1),
        lib.nn.BatchNorm2d(2, eps=1e-3),
        lib.nn.Flatten(),
        lib.nn.Linear(8, 4),
        inner,
        lib.nn.BatchNorm3d(1, bias=False, track_running_stats=False),
    )


def test_convert_sync_batchnorm_matches_torch():
    ours, theirs = _tree(nt), _tree(torch)
    _copy(ours, theirs)
    weight, mean = ours[1].weight, ours[1].running_mean
    ours[1].qconfig = theirs[1].qconfig = "q"
    a = nt.nn.SyncBatchNorm.convert_sync_batchnorm(ours, process_group="group")
    b = torch.nn.SyncBatchNorm.convert_sync_batchnorm(theirs, process_group="group")
    assert a is ours and b is theirs  # a container is converted in place and returned
    assert repr(a) == repr(b)
    assert list(a.state_dict()) == list(b.state_dict())
    assert a[1].weight is weight and a[1].running_mean is mean  # the same tensors
    assert a[1].qconfig == "q" and a[1].process_group == "group"
    assert [m.training for m in a.modules()] == [m.training for m in b.modules()]
    assert type(a[4][0]).__name__ == "SyncBatchNorm" and a[4][0].running_var is not None
    assert a[5].running_mean is None and a[5].bias is None
    x = r(2, 1, 2, 2)
    # the last layer wants 5-D input: run the first five, compare
    _same(a[:5](nt.tensor(x)), b[:5](torch.tensor(x)))


def test_convert_sync_batchnorm_of_a_batch_norm_layer_and_of_others():
    bn = nt.nn.BatchNorm1d(3, momentum=0.3).eval()
    sync = nt.nn.SyncBatchNorm.convert_sync_batchnorm(bn)
    assert type(sync) is nt.nn.SyncBatchNorm and sync is not bn
    assert not sync.training and sync.momentum == 0.3 and sync.weight is bn.weight
    again = nt.nn.SyncBatchNorm.convert_sync_batchnorm(sync)
    assert type(again) is nt.nn.SyncBatchNorm and again is not sync
    lin = nt.nn.Linear(2, 2)
    assert nt.nn.SyncBatchNorm.convert_sync_batchnorm(lin) is lin
    inorm = nt.nn.InstanceNorm1d(3)
    assert nt.nn.SyncBatchNorm.convert_sync_batchnorm(inorm) is inorm  # not a _BatchNorm


def test_sync_batch_norm_across_two_ranks():
    if needs_mpi.args[0]:
        pytest.skip(needs_mpi.kwargs["reason"])
    out = mpirun("sync_bn.py")
    assert "rank 0 ok" in out and "rank 1 ok" in out


@pytest.mark.cuda
def test_sync_batch_norm_on_cuda(device):
    x = r(4, 2, 3)
    ours, theirs = nt.nn.SyncBatchNorm(2, device=device), torch.nn.SyncBatchNorm(2)
    y = ours(nt.tensor(x, device=device))
    assert y.device.type == device
    _same(y, theirs(torch.tensor(x)))
    _same(ours.running_var, theirs.running_var)

"""``DataParallel`` and ``data_parallel``: single-process data parallelism, PyTorch's API.

PyTorch splits each input batch along ``dim`` over several GPUs, runs a replica of the module
on each and gathers the outputs on ``output_device``. numtensor drives one CUDA device at
most, which is PyTorch's one-device case: without CUDA the wrapper just calls the module;
with CUDA, ``device_ids`` is ``[0]``, the module is moved to ``cuda:0`` and the inputs
(tensors inside tuples, lists, dicts) are moved there before the module runs on them. No
replicas are made and nothing is scattered over several GPUs (a device id other than 0 is
PyTorch's "Invalid device id"). For several processes use
:class:`numtensor.nn.parallel.DistributedDataParallel`.
"""

from __future__ import annotations

from ..._device import device as _device
from ..._tensor_base import Tensor
from ..modules.module import Module


def _cuda_available() -> bool:
    from ... import cuda

    return cuda.is_available()


def _device_index(d) -> int:
    """PyTorch's ``_get_device_index(d, optional=True)`` for a CUDA device."""
    if isinstance(d, int) and not isinstance(d, bool):
        index = d
    else:
        dev = _device(d)
        if dev.type != "cuda":
            raise ValueError(f"Expected a cuda device, but got: {dev}")
        index = 0 if dev.index is None else dev.index
    if not 0 <= index < 1:  # numtensor drives cuda:0 only
        raise AssertionError("Invalid device id")
    return index


def _moved(obj, device):
    """``obj`` with every tensor in it (through tuples, named tuples, lists and dicts) on
    ``device``: what PyTorch's scatter gives for one device."""
    if isinstance(obj, Tensor):
        return obj.to(device)
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*(_moved(o, device) for o in obj))
    if isinstance(obj, tuple):
        return tuple(_moved(o, device) for o in obj)
    if isinstance(obj, list):
        return [_moved(o, device) for o in obj]
    if isinstance(obj, dict):
        return type(obj)((k, _moved(v, device)) for k, v in obj.items())
    return obj


def _check_on(module: Module, src) -> None:
    for t in [*module.parameters(), *module.buffers()]:
        if t.device != src:
            raise RuntimeError(
                "module must have its parameters and buffers on device "
                f"{src} (device_ids[0]) but found one of them on device: {t.device}"
            )


class DataParallel(Module):
    r"""Implements data parallelism at the module level: wraps ``module`` and runs it on
    the inputs, PyTorch's ``torch.nn.DataParallel``.

    Without CUDA, ``device_ids`` is ``[]`` and ``forward`` is ``module(*inputs,
    **kwargs)``. With CUDA, ``device_ids`` defaults to ``[0]``, ``module`` is moved to
    ``cuda:0`` at construction, and ``forward`` moves the tensors among the inputs there
    and runs the module on them (its parameters and buffers must stay on ``cuda:0``:
    ``RuntimeError`` otherwise). numtensor drives one GPU, so no replicas are made and
    batches are not split over several devices (PyTorch's one-device behaviour).

    The wrapped module is the child ``module``: parameters, ``state_dict`` keys
    (``module.<name>``), ``train()``/``eval()`` and the repr go through it.

    Args:
        module (Module): the module to run.
        device_ids (list of int or :class:`numtensor.device`, optional): CUDA devices (only
            ``0`` exists). Default: all devices.
        output_device (int or :class:`numtensor.device`, optional): where outputs go. Default:
            ``device_ids[0]``.
        dim (int): the dimension inputs would be split along. Default: ``0``

    Attributes:
        module (Module): the wrapped module.
        device_ids (list of int): the devices used (``[]`` without CUDA).

    Example::

        >>> net = torch.nn.DataParallel(torch.nn.Linear(2, 1))
        >>> net
        DataParallel(
          (module): Linear(in_features=2, out_features=1, bias=True)
        )
        >>> list(net.state_dict())
        ['module.weight', 'module.bias']
        >>> net(torch.zeros(3, 2)).shape
        numtensor.Size([3, 1])
    """

    def __init__(self, module: Module, device_ids=None, output_device=None, dim: int = 0):
        super().__init__()
        if not _cuda_available():
            self.module = module
            self.device_ids = []
            return
        if device_ids is None:
            device_ids = [0]
        if output_device is None:
            output_device = device_ids[0]
        self.dim = dim
        self.module = module
        self.device_ids = [_device_index(d) for d in device_ids]
        self.output_device = _device_index(output_device)
        self.src_device_obj = _device("cuda", self.device_ids[0])
        if len(self.device_ids) == 1:
            self.module.to(self.src_device_obj)

    def forward(self, *inputs, **kwargs):
        if not self.device_ids:
            return self.module(*inputs, **kwargs)
        _check_on(self.module, self.src_device_obj)
        inputs = _moved(inputs, self.src_device_obj)
        kwargs = _moved(kwargs, self.src_device_obj)
        return self.module(*inputs, **kwargs)


def data_parallel(module: Module, inputs, device_ids=None, output_device=None, dim: int = 0,
                  module_kwargs=None):  # fmt: skip
    r"""Evaluates ``module(*inputs, **module_kwargs)`` data-parallel over ``device_ids``:
    the functional form of :class:`DataParallel`.

    It needs a GPU, as in PyTorch (``RuntimeError`` "device type could not be determined"
    without CUDA). numtensor drives one GPU: the tensors in ``inputs`` and
    ``module_kwargs`` are moved to ``cuda:0`` and the module (whose parameters and buffers
    must be there) runs on them once.

    Args:
        module (Module): the module to evaluate.
        inputs (Tensor or tuple): the positional inputs (a non-tuple is one input).
        device_ids (list of int or :class:`numtensor.device`, optional): CUDA devices (only
            ``0`` exists).
        output_device (int or :class:`numtensor.device`, optional): where outputs go. Default:
            ``device_ids[0]``.
        dim (int): the dimension inputs would be split along. Default: ``0``
        module_kwargs (dict, optional): keyword arguments for ``module``.

    Returns:
        what ``module`` returns.

    Example::

        >>> from numtensor.nn.parallel import data_parallel
        >>> net = torch.nn.Linear(2, 1).cuda()  # doctest: +SKIP
        >>> data_parallel(net, torch.zeros(3, 2, device="cuda")).device  # doctest: +SKIP
        device(type='cuda', index=0)
    """
    if not isinstance(inputs, tuple):
        inputs = (inputs,) if inputs is not None else ()
    if not _cuda_available():
        raise RuntimeError("device type could not be determined")
    if device_ids is None:
        device_ids = [0]
    if output_device is None:
        output_device = device_ids[0]
    device_ids = [_device_index(d) for d in device_ids]
    _device_index(output_device)
    src = _device("cuda", device_ids[0])
    _check_on(module, src)
    return module(*_moved(inputs, src), **_moved(module_kwargs or {}, src))

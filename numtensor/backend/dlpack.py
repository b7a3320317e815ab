"""DLPack mechanics shared by both backends: the C structs (built with ctypes), making a
capsule over a storage's memory, and reading a capsule another library made.

A DLPack capsule is a ``PyCapsule`` named ``"dltensor"`` (the legacy ``DLManagedTensor``) or
``"dltensor_versioned"`` (DLPack 1.x's ``DLManagedTensorVersioned``) holding a pointer to a
struct that describes the memory (pointer, device, dtype, shape, strides in elements) and a
``deleter`` the consumer calls once it no longer needs that memory. A consumer renames the
capsule ``"used_dltensor..."``; a capsule dropped unconsumed calls the deleter itself.

Exports keep the storage alive until the consumer's deleter call; imports hold the
producer's struct in a ``Keeper`` whose finaliser calls the producer's deleter, and the
arrays built over the memory hold the keeper.
"""

from __future__ import annotations

import ctypes
import enum
import functools

import numpy as np


class DLDeviceType(enum.IntEnum):
    """The device types of the DLPack specification (``dlpack.h``)."""

    kDLCPU = 1
    kDLCUDA = 2
    kDLCUDAHost = 3
    kDLOpenCL = 4
    kDLVulkan = 7
    kDLMetal = 8
    kDLVPI = 9
    kDLROCM = 10
    kDLROCMHost = 11
    kDLExtDev = 12
    kDLCUDAManaged = 13
    kDLOneAPI = 14
    kDLWebGPU = 15
    kDLHexagon = 16
    kDLMAIA = 17


# device types whose memory the host reads directly (the CPU backend imports them)
HOST_DEVICES = (DLDeviceType.kDLCPU, DLDeviceType.kDLCUDAHost, DLDeviceType.kDLROCMHost)
VERSION = (1, 0)  # the DLPack version of the versioned capsules made here
READ_ONLY, IS_COPIED = 1, 2  # DLManagedTensorVersioned.flags bits

# ---- the C structs ---------------------------------------------------------------------------


class DLDevice(ctypes.Structure):
    _fields_ = (("device_type", ctypes.c_int32), ("device_id", ctypes.c_int32))


class DLDataType(ctypes.Structure):
    _fields_ = (("code", ctypes.c_uint8), ("bits", ctypes.c_uint8), ("lanes", ctypes.c_uint16))


class DLTensor(ctypes.Structure):
    _fields_ = (
        ("data", ctypes.c_void_p),
        ("device", DLDevice),
        ("ndim", ctypes.c_int32),
        ("dtype", DLDataType),
        ("shape", ctypes.POINTER(ctypes.c_int64)),
        ("strides", ctypes.POINTER(ctypes.c_int64)),
        ("byte_offset", ctypes.c_uint64),
    )


class DLManagedTensor(ctypes.Structure):
    _fields_ = (
        ("dl_tensor", DLTensor),
        ("manager_ctx", ctypes.c_void_p),
        ("deleter", ctypes.c_void_p),  # void (*)(DLManagedTensor *)
    )


class DLPackVersion(ctypes.Structure):
    _fields_ = (("major", ctypes.c_uint32), ("minor", ctypes.c_uint32))


class DLManagedTensorVersioned(ctypes.Structure):
    _fields_ = (
        ("version", DLPackVersion),
        ("manager_ctx", ctypes.c_void_p),
        ("deleter", ctypes.c_void_p),  # void (*)(DLManagedTensorVersioned *)
        ("flags", ctypes.c_uint64),
        ("dl_tensor", DLTensor),
    )


_LEGACY, _VERSIONED = b"dltensor", b"dltensor_versioned"
_USED = {_LEGACY: b"used_dltensor", _VERSIONED: b"used_dltensor_versioned"}

_api = ctypes.pythonapi
_api.PyCapsule_New.restype = ctypes.py_object
_api.PyCapsule_New.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p)
_api.PyCapsule_IsValid.restype = ctypes.c_int
_api.PyCapsule_IsValid.argtypes = (ctypes.py_object, ctypes.c_char_p)
_api.PyCapsule_GetPointer.restype = ctypes.c_void_p
_api.PyCapsule_GetPointer.argtypes = (ctypes.py_object, ctypes.c_char_p)
_api.PyCapsule_SetName.restype = ctypes.c_int
_api.PyCapsule_SetName.argtypes = (ctypes.py_object, ctypes.c_char_p)
_api.PyCapsule_SetContext.restype = ctypes.c_int
_api.PyCapsule_SetContext.argtypes = (ctypes.py_object, ctypes.c_void_p)
_api.Py_IncRef.argtypes = (ctypes.py_object,)

_DELETER = ctypes.CFUNCTYPE(None, ctypes.c_void_p)  # both structs' deleter, by address

# ---- dtypes ------------------------------------------------------------------------------------

_INT, _UINT, _FLOAT, _BFLOAT, _COMPLEX, _BOOL = 0, 1, 2, 4, 5, 6
_CODE_OF_KIND = {"i": _INT, "u": _UINT, "f": _FLOAT, "c": _COMPLEX, "b": _BOOL}
_CODE_NAMES = {_INT: "kInt", _UINT: "kUInt", _FLOAT: "kFloat", _BFLOAT: "kBfloat",
               _COMPLEX: "kComplex", _BOOL: "kBool"}  # fmt: skip


def dl_dtype(dtype: np.dtype) -> tuple[int, int]:
    """The DLPack (type code, bits) of a storage dtype."""
    if dtype.name == "bfloat16":  # (ml_dtypes' bfloat16)
        return _BFLOAT, 16
    return _CODE_OF_KIND[dtype.kind], dtype.itemsize * 8


def np_dtype(code: int, bits: int, lanes: int) -> np.dtype:
    """The storage dtype of a DLPack dtype; BufferError for one numtensor has no dtype for."""
    if lanes != 1:
        raise BufferError(f"DLPack tensors with {lanes} lanes per element are not supported")
    if code == _BFLOAT and bits == 16:
        import ml_dtypes

        return np.dtype(ml_dtypes.bfloat16)
    supported = {
        _INT: (8, 16, 32, 64),
        _UINT: (8,),
        _FLOAT: (16, 32, 64),
        _COMPLEX: (64, 128),
        _BOOL: (8,),
    }
    if bits not in supported.get(code, ()):
        name = _CODE_NAMES.get(code, f"type code {code}")
        raise BufferError(f"Unsupported {name} bits {bits} (numtensor has no such dtype)")
    kind = {_INT: "i", _UINT: "u", _FLOAT: "f", _COMPLEX: "c", _BOOL: "b"}[code]
    return np.dtype(f"{kind}{bits // 8}") if kind != "b" else np.dtype(np.bool_)


# ---- export ------------------------------------------------------------------------------------
#
# An export is an ``_Export`` object (the struct, its shape and strides arrays, the storage)
# holding one extra reference that belongs to the struct: the consumer's deleter call drops
# it, or the capsule's destructor when the capsule dies unconsumed. Both are native functions
# (a few lines of LLVM IR calling the C API), not Python callbacks: a capsule is often freed while
# its consumer's exception is being raised, and a Python callback would swallow it.


class _Export:
    __slots__ = ("managed", "owner", "shape", "strides")


_NAMES = [ctypes.create_string_buffer(name) for name in (_LEGACY, _VERSIONED)]


def _c_api(builder, name: str, restype, *argtypes):
    """A C API function of this process, called by address from the generated code."""
    from llvmlite import ir

    address = ctypes.cast(getattr(_api, name), ctypes.c_void_p).value
    kind = ir.FunctionType(restype, argtypes).as_pointer()
    return builder.inttoptr(ir.Constant(ir.IntType(64), address), kind)


def _native_module():
    """LLVM IR of the capsule destructor ``destroy(capsule)`` (an unconsumed capsule drops
    the reference in its context) and the structs' deleters ``delete_legacy(managed)`` /
    ``delete_versioned(managed)`` (drop the reference in ``manager_ctx``, taking the GIL:
    consumers may call them from any thread)."""
    from llvmlite import binding, ir

    i32, i64, void = ir.IntType(32), ir.IntType(64), ir.VoidType()
    pointer = ir.IntType(8).as_pointer()
    module = ir.Module("numtensor_dlpack")
    module.triple = binding.get_process_triple()

    def function(name):
        fn = ir.Function(module, ir.FunctionType(void, [pointer]), name)
        blocks = [fn.append_basic_block(label) for label in ("entry", "act", "done")]
        return fn.args[0], ir.IRBuilder(blocks[0]), blocks[1], blocks[2]

    def finish(b, condition, act, done) -> ir.IRBuilder:
        b.cbranch(b.icmp_unsigned("!=", condition, ir.Constant(i32, 0)), act, done)
        b.position_at_end(done)
        b.ret_void()
        b.position_at_end(act)
        return b

    capsule, b, act, done = function("destroy")
    is_valid = _c_api(b, "PyCapsule_IsValid", i32, pointer, pointer)
    names = [b.inttoptr(ir.Constant(i64, ctypes.addressof(n)), pointer) for n in _NAMES]
    unused = b.or_(*(b.call(is_valid, [capsule, name]) for name in names))
    b = finish(b, unused, act, done)
    context = b.call(_c_api(b, "PyCapsule_GetContext", pointer, pointer), [capsule])
    b.call(_c_api(b, "Py_DecRef", void, pointer), [context])
    b.branch(done)

    word = ctypes.sizeof(ctypes.c_void_p)
    for name, struct in (("delete_legacy", DLManagedTensor),
                         ("delete_versioned", DLManagedTensorVersioned)):  # fmt: skip
        managed, b, act, done = function(name)
        b = finish(b, b.call(_c_api(b, "Py_IsInitialized", i32), []), act, done)
        state = b.call(_c_api(b, "PyGILState_Ensure", i32), [])
        words = b.bitcast(managed, pointer.as_pointer())
        slot = b.gep(words, [ir.Constant(i64, struct.manager_ctx.offset // word)])
        b.call(_c_api(b, "Py_DecRef", void, pointer), [b.load(slot)])
        b.call(_c_api(b, "PyGILState_Release", void, i32), [state])
        b.branch(done)
    return module


@functools.cache
def _native() -> tuple[int, int, int]:
    """Addresses of the native capsule destructor and the two structs' deleters, compiled
    on first use (LLVM through llvmlite: milliseconds)."""
    from llvmlite import binding

    binding.initialize_native_target()
    binding.initialize_native_asmprinter()
    parsed = binding.parse_assembly(str(_native_module()))
    parsed.verify()
    machine = binding.Target.from_default_triple().create_target_machine()
    engine = binding.create_mcjit_compiler(parsed, machine)
    engine.finalize_object()
    # the code must outlive every consumer, even those freed while the interpreter exits
    _api.Py_IncRef(engine)
    return tuple(
        engine.get_function_address(n) for n in ("destroy", "delete_legacy", "delete_versioned")
    )


def export(
    pointer: int,
    shape: tuple,
    strides: tuple,
    dtype: np.dtype,
    device: tuple[int, int],
    owner,
    versioned: bool,
    copied: bool = False,
):
    """A DLPack capsule over ``pointer``'s memory, described by ``shape``, ``strides`` (in
    elements) and ``dtype``, on DLPack ``device`` (type, id); ``owner`` (the storage) stays
    alive until the consumer is done with the memory. ``versioned``: a DLPack 1.x
    ``dltensor_versioned`` capsule, else a legacy ``dltensor`` one."""
    destroy, delete_legacy, delete_versioned = _native()
    held = _Export()
    ndim = len(shape)
    held.shape = (ctypes.c_int64 * max(ndim, 1))(*shape)
    held.strides = (ctypes.c_int64 * max(ndim, 1))(*strides)
    held.owner = owner
    held.managed = managed = DLManagedTensorVersioned() if versioned else DLManagedTensor()
    tensor = managed.dl_tensor
    tensor.data = pointer or None
    tensor.device = DLDevice(int(device[0]), int(device[1]))
    tensor.ndim = ndim
    code, bits = dl_dtype(dtype)
    tensor.dtype = DLDataType(code, bits, 1)
    tensor.shape = ctypes.cast(held.shape, ctypes.POINTER(ctypes.c_int64))
    tensor.strides = ctypes.cast(held.strides, ctypes.POINTER(ctypes.c_int64))
    tensor.byte_offset = 0
    managed.manager_ctx = id(held)
    if versioned:
        managed.version = DLPackVersion(*VERSION)
        managed.flags = IS_COPIED if copied else 0
        managed.deleter = delete_versioned
    else:
        managed.deleter = delete_legacy
    _api.Py_IncRef(held)  # (the struct's reference: see above)
    name = _VERSIONED if versioned else _LEGACY
    capsule = _api.PyCapsule_New(ctypes.addressof(managed), name, destroy)
    _api.PyCapsule_SetContext(capsule, id(held))
    return capsule


# ---- import ------------------------------------------------------------------------------------


def _name_of(capsule) -> bytes:
    for name in (_VERSIONED, _LEGACY):
        if type(capsule).__name__ == "PyCapsule" and _api.PyCapsule_IsValid(capsule, name):
            return name
    raise RuntimeError(
        "from_dlpack received an invalid capsule. Note that DLTensor capsules can be consumed "
        "only once, so you might have already constructed a tensor from it once."
    )


def _managed(capsule):
    name = _name_of(capsule)
    address = _api.PyCapsule_GetPointer(capsule, name)
    kind = DLManagedTensorVersioned if name == _VERSIONED else DLManagedTensor
    return name, address, kind.from_address(address)


def capsule_device(capsule) -> tuple[int, int]:
    """The DLPack (device type, device id) of an unconsumed capsule (it stays unconsumed);
    RuntimeError when ``capsule`` is not one."""
    _, _, managed = _managed(capsule)
    device = managed.dl_tensor.device
    return device.device_type, device.device_id


class Keeper:
    """Holds a consumed capsule's struct: when the last array over its memory goes away, this
    calls the producer's deleter."""

    __slots__ = ("address", "deleter")

    def __init__(self, address: int, deleter: int | None) -> None:
        self.address, self.deleter = address, deleter

    def __del__(self) -> None:
        deleter, self.deleter = self.deleter, None
        if deleter:
            _DELETER(deleter)(self.address)


class Imported:
    """What a consumed capsule describes: ``pointer`` (the first element), ``shape``,
    ``strides`` in bytes (None: row-major), ``dtype``, ``device`` (type, id), ``read_only``,
    and the ``keeper`` every array over the memory must hold."""

    __slots__ = ("device", "dtype", "keeper", "pointer", "read_only", "shape", "strides")

    def array_interface(self) -> dict:
        """The memory as ``__array_interface__`` / ``__cuda_array_interface__`` describe it,
        typed with an opaque element of the dtype's size (``view`` it as ``dtype``)."""
        return {
            "shape": self.shape,
            "strides": self.strides,
            "typestr": f"|V{self.dtype.itemsize}",
            "data": (self.pointer, False),
            "version": 3,
        }


def consume(capsule, devices) -> Imported:
    """Take over an unconsumed capsule whose device type is one of ``devices``: validate it,
    rename it used, and return its description (BufferError for what cannot be imported)."""
    name, address, managed = _managed(capsule)
    if name == _VERSIONED and managed.version.major > VERSION[0]:
        raise BufferError(
            f"DLPack version {managed.version.major}.{managed.version.minor} is not supported "
            f"(numtensor reads DLPack {VERSION[0]}.x)"
        )
    tensor = managed.dl_tensor
    device = (tensor.device.device_type, tensor.device.device_id)
    if device[0] not in devices:
        raise BufferError(f"Unsupported device_type: {device[0]}")
    dtype = np_dtype(tensor.dtype.code, tensor.dtype.bits, tensor.dtype.lanes)
    shape = tuple(tensor.shape[i] for i in range(tensor.ndim))
    strides = None
    if tensor.ndim and tensor.strides:
        elements = tuple(tensor.strides[i] for i in range(tensor.ndim))
        if any(s < 0 for s, n in zip(elements, shape) if n > 1):
            raise BufferError(
                "DLPack tensors with negative strides are not supported (numtensor tensors have "
                "non-negative strides): copy the array first"
            )
        strides = tuple(s * dtype.itemsize for s in elements)
    imported = Imported()
    imported.pointer = (tensor.data or 0) + tensor.byte_offset
    imported.shape, imported.strides, imported.dtype = shape, strides, dtype
    imported.device = device
    imported.read_only = name == _VERSIONED and bool(managed.flags & READ_ONLY)
    _api.PyCapsule_SetName(capsule, _USED[name])
    imported.keeper = Keeper(address, managed.deleter)
    return imported


class _HostMemory:
    """An imported capsule's host memory as NumPy sees it; holds the keeper."""

    __slots__ = ("__array_interface__", "keeper")

    def __init__(self, imported: Imported) -> None:
        self.__array_interface__ = imported.array_interface()
        self.keeper = imported.keeper


def host_array(imported: Imported) -> np.ndarray:
    """A writeable NumPy array over an imported capsule's host memory (PyTorch writes to
    memory a producer marked read-only too)."""
    if 0 in imported.shape:
        imported.keeper = None  # (nothing to share: the producer's memory may go)
        return np.empty(imported.shape, imported.dtype)
    return np.asarray(_HostMemory(imported)).view(imported.dtype)


__all__ = [
    "HOST_DEVICES",
    "DLDeviceType",
    "Imported",
    "capsule_device",
    "consume",
    "dl_dtype",
    "export",
    "host_array",
    "np_dtype",
]

"""Which of torch 2.13's documented names numtensor has: the count behind the breadth work.

    python -m tests.api_names            # coverage per namespace
    python -m tests.api_names --missing  # and the names still missing

"Documented" is approximated from torch itself: each namespace's public names (its
``__all__`` where it has one), without what PyTorch's documentation does not present as
API or what numtensor leaves out by design: sparse, quantized and named tensors, fx / jit /
compile / export internals, backend-specific kernels (cudnn, miopen, mkldnn, fbgemm),
autocast, symbolic sizes, deprecated names, ``*_copy`` variants of views, in-place
function forms ``torch.abs_`` (their Tensor methods count), and the op bindings in the
``torch`` namespace that are documented under ``torch.nn.functional`` (counted there).
"""

from __future__ import annotations

import inspect
import re
import sys
import warnings

_INTERNAL = re.compile(
    r"sparse|quantiz|qint|quint|^q_|int_repr|^dequantize|fake_quant|choose_qparams|mkldnn|"
    r"cudnn|miopen|fbgemm|^native_|autocast|^sym_|^Sym|_copy$|^fused|^jit$|^fx$|compile|"
    r"export|^import_ir|^parse_|^merge_type|^unify_type|^hash_tensor|^thread_safe|^fork$|"
    r"^wait$|^vmap$|^cond$|vulkan|^hspmm|^dsmm|^hsmm|^saddmm|^smm$|^sspaddmm|^spmm|"
    r"indices_copy|^row_indices|^col_indices|^ccol|^crow|^segment_reduce|^lobpcg|^conv_tbc|"
    r"^from_file|^nonzero_static|^slice_inverse|^unsafe_|^norm_except_dim|^embedding_renorm_|"
    r"^is_distributed|^init_num_threads|^set_flush_denormal|^batch_norm_|^grid_sampler|"
    r"_generator$|^is_same_size|^resize_as|^names$|^rename|^refine_names|^align_|^unflatten_dense|"
    r"storage|Storage|^Typed|^Untyped|^classes$|^ops$|^library$|^overrides$|^package$|"
    r"^DisableTorchFunction|Error$|^Event$|^Stream$|^GradScaler$|^layout$|^memory_format$|"
    r"^qscheme$|^chain_matmul$|^symeig$|^matrix_rank$|^lstsq$|^solve$|^eig$|"
    r"^get_file_path|^set_default_tensor_type$|^is_warn_always|^set_warn_always|"
    r"^mps|^xpu|^mtia|^ipu|^xla|^hpu|^privateuse|^is_nested|nested|^to_padded|^values$|"
    r"^_"
)
_DTYPE_SKIP = re.compile(
    r"float8|bits|^u?int[1-7]$|^uint(16|32|64)$|^q|complex32|chalf|e8m0|float4"
)


def _public(ns) -> set[str]:
    names = getattr(ns, "__all__", None)
    if names is None:
        names = [n for n in dir(ns) if not n.startswith("_")]
    return {
        n for n in names if not _INTERNAL.search(n) and not inspect.ismodule(getattr(ns, n, None))
    }


def documented(torch) -> dict[str, set[str]]:
    """Namespace -> documented names of torch 2.13."""
    import torch.autograd
    import torch.linalg
    import torch.nn.functional as F
    import torch.nn.init
    import torch.nn.utils
    import torch.optim.lr_scheduler
    import torch.utils.data

    functional = {
        n
        for n in _public(F)
        if inspect.isfunction(getattr(F, n)) or inspect.isbuiltin(getattr(F, n))
    }
    functional = {
        n
        for n in functional
        if n[0].islower()
        and n
        not in (
            "handle_torch_function",
            "has_torch_function",
            "has_torch_function_unary",
            "has_torch_function_variadic",
            "boolean_dispatch",
            "assert_int_or_pair",
        )
    }
    top = set()
    for n in _public(torch):
        value = getattr(torch, n, None)
        if n.endswith("_") or (n in functional and n not in _TORCH_DOCUMENTED_TOO):
            continue
        if isinstance(value, torch.dtype):
            if not _DTYPE_SKIP.search(n):
                top.add(n)
        elif isinstance(value, type):  # (most classes here are TorchScript's C++ types)
            if n in _TORCH_CLASSES or n.endswith("Tensor"):
                top.add(n)
        elif callable(value) or isinstance(value, (int, float)):
            top.add(n)
    tensor = {n for n in dir(torch.Tensor) if not n.startswith("_") and not _INTERNAL.search(n)}
    tensor -= {
        "H",
        "mH",
        "grad_fn",
        "is_leaf",
        "output_nr",
        "itemsize",
        "nbytes",
        "layout",
        "shape",
        "dtype",
        "device",
    } - set()  # (attributes counted as such below)
    tensor |= {"shape", "dtype", "device", "is_leaf", "grad_fn"}
    modules = {n for n in _public(torch.nn) if isinstance(getattr(torch.nn, n), type)}
    init = {n for n in _public(torch.nn.init) if n.endswith("_") or n == "calculate_gain"}
    nn_utils = {n for n in _public(torch.nn.utils) if callable(getattr(torch.nn.utils, n))}
    optim = {n for n in _public(torch.optim) if isinstance(getattr(torch.optim, n), type)}
    data = {n for n in _public(torch.utils.data) if "DataPipe" not in n and "datapipe" not in n}
    data -= {
        "DataChunk",
        "argument_validation",
        "runtime_validation",
        "runtime_validation_disabled",
        "guaranteed_datapipes_determinism",
        "non_deterministic",
    }
    return {
        "torch": top,
        "Tensor": tensor,
        "nn": modules,
        "nn.functional": functional,
        "nn.init": init,
        "nn.utils": nn_utils,
        "optim": optim,
        "optim.lr_scheduler": {n for n in _public(torch.optim.lr_scheduler) if n[0].isupper()},
        "utils.data": data,
        "autograd": _public(torch.autograd) - {"Variable", "NestedIOFunction", "variable"},
        "linalg": {
            n
            for n in _public(torch.linalg)
            if callable(getattr(torch.linalg, n)) and n != "common_notes"
        },
    }


_TORCH_CLASSES = {"Tensor", "Size", "Generator", "device", "dtype", "finfo", "iinfo", "no_grad",
                  "enable_grad", "set_grad_enabled", "inference_mode"}  # fmt: skip
# ops bound in ``torch`` that PyTorch documents there too (not only under nn.functional)
_TORCH_DOCUMENTED_TOO = {"dropout", "conv1d", "conv2d", "relu", "sigmoid", "tanh", "softmax",
                         "log_softmax", "pixel_shuffle", "pixel_unshuffle", "cosine_similarity",
                         "pairwise_distance", "pdist", "cdist", "bilinear"}  # fmt: skip


def _owner(nt, namespace: str):
    obj = nt
    if namespace == "Tensor":
        return nt.Tensor
    for part in namespace.split("."):
        if part == "torch":
            continue
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def coverage(torch, nt) -> dict[str, tuple[set, set]]:
    """Namespace -> (documented names numtensor has, those it lacks)."""
    result = {}
    for namespace, names in documented(torch).items():
        owner = _owner(nt, namespace)
        have = {n for n in names if owner is not None and hasattr(owner, n)}
        result[namespace] = (have, names - have)
    return result


def main(argv) -> None:
    warnings.simplefilter("ignore")
    import torch

    import numtensor as nt

    total = have = 0
    for namespace, (got, missing) in coverage(torch, nt).items():
        n = len(got) + len(missing)
        total, have = total + n, have + len(got)
        print(f"{namespace:20} {len(got):4} / {n:4}  {len(got) / max(n, 1):6.1%}")
        if "--missing" in argv and missing:
            print("    missing:", " ".join(sorted(missing)))
    print(f"{'all':20} {have:4} / {total:4}  {have / total:6.1%}")


if __name__ == "__main__":
    main(sys.argv[1:])

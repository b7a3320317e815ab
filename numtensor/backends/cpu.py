"""``numtensor.backends.cpu``: what the CPU kernels may use."""


def get_cpu_capability() -> str:
    """The widest vector instruction set LLVM compiles the CPU kernels for ("AVX512", "AVX2",
    "DEFAULT"), from llvmlite's view of the host CPU."""
    import llvmlite.binding as llvm

    features = llvm.get_host_cpu_features()
    if features.get("avx512f"):
        return "AVX512"
    if features.get("avx2"):
        return "AVX2"
    return "DEFAULT"

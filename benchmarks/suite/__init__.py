"""numtensor's asv benchmarks. Run from benchmarks/: ``asv run --python=same --quick``."""

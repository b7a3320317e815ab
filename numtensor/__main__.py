"""``python -m numtensor``: ``warmup`` compiles the common kernels ahead of time; ``info``
prints versions, threads, the kernel cache and CUDA's status."""

from __future__ import annotations

import argparse
import sys

from ._warmup import DEFAULT_DTYPES


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m numtensor", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    warm = commands.add_parser("warmup", help="compile the common kernels (with a progress bar)")
    warm.add_argument("--device", default="cpu", help="cpu (default) or cuda")
    dtypes = ",".join(DEFAULT_DTYPES)
    warm.add_argument(
        "--dtypes", default=dtypes, help=f"comma-separated dtypes to compile for ({dtypes})"
    )
    commands.add_parser("info", help="versions, threads, kernel cache and CUDA status")
    args = parser.parse_args(argv)
    if args.command == "info":
        from ._info import report

        print(report())
        return 0
    return _warmup(args.device, [d.strip() for d in args.dtypes.split(",") if d.strip()])


def _warmup(device: str, dtypes: list) -> int:
    import numtensor as nt

    from ._warmup import warmup

    for name in dtypes:
        if not isinstance(getattr(nt, name, None), nt.dtype):
            print(f"warmup: unknown dtype {name!r}", file=sys.stderr)
            return 2
    try:
        dev = nt.device(device)
    except RuntimeError as exc:
        print(f"warmup: {exc}", file=sys.stderr)
        return 2
    if dev.type == "cuda" and not nt.cuda.is_available():
        print("warmup: CUDA is not available (see `python -m numtensor info`)", file=sys.stderr)
        return 1
    count, seconds = warmup(str(dev), dtypes)
    print(
        f"compiled {count} kernel specialisations in {seconds:.1f} s for {dev} "
        f"({', '.join(dtypes)}); cache: {nt.backend.jit.cache_dir()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

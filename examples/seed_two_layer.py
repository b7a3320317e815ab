"""The seed tutorial's two-layer network, trained with autograd and manual SGD.

    python examples/seed_two_layer.py [--device cpu|cuda] [--iterations 500]

Prints the loss every 100 iterations, as the seed does. ``--sizes B,I,H,O`` shrinks the
network (batch, input, hidden, output; the seed's is 64,1000,100,10) and ``--log-every``
prints more often: CI runs a few tiny iterations on CUDA's simulator and on the CPU.
``--compile`` runs the iteration through ``torch.compile``: recorded on its first calls,
then replayed as generated code.
"""

import argparse
import time

import numtensor as torch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--iterations", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sizes", default="64,1000,100,10", help="batch,input,hidden,output")
    parser.add_argument("--log-every", type=int, default=100)
    parser.add_argument("--compile", action="store_true", help="torch.compile the iteration")
    args = parser.parse_args()

    if args.device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("CUDA is not available here; run with --device cpu")
    device = torch.device(args.device)
    torch.manual_seed(args.seed)

    batch_size, input_size, hidden_size, output_size = (int(v) for v in args.sizes.split(","))
    x = torch.randn(batch_size, input_size, device=device, dtype=torch.float, requires_grad=False)
    y = torch.randn(batch_size, output_size, device=device, dtype=torch.float, requires_grad=False)
    w1 = torch.randn(input_size, hidden_size, device=device, dtype=torch.float, requires_grad=True)
    w2 = torch.randn(hidden_size, output_size, device=device, dtype=torch.float, requires_grad=True)

    learning_rate = 1e-6

    def iteration():
        nonlocal w1, w2  # (`w1 -= ...` updates the tensor in place, then rebinds the name)
        y_pred = x.mm(w1).clamp(min=0).mm(w2)
        loss = (y_pred - y).pow(2).sum()
        loss.backward()
        with torch.no_grad():
            w1 -= learning_rate * w1.grad
            w2 -= learning_rate * w2.grad
            w1.grad.zero_()
            w2.grad.zero_()
        return loss

    if args.compile:
        iteration = torch.compile(iteration)
    start = time.perf_counter()
    for t in range(1, args.iterations + 1):
        loss = iteration()
        if t % args.log_every == 0:
            print("Iteration: ", t, "\t", "Loss: ", loss.item())
    elapsed = time.perf_counter() - start
    print(
        f"{args.iterations} iterations in {elapsed:.2f} s "
        f"({elapsed / args.iterations * 1e6:.0f} us per iteration) on {device}"
    )


if __name__ == "__main__":
    main()

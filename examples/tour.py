"""A tour of numtensor's tensor basics, following the seed tutorials cell by cell.

Run: python examples/tour.py
"""

import numpy as np

import numtensor as torch


def section(title: str) -> None:
    print(f"\n=== {title} ===")


def main() -> None:
    torch.manual_seed(0)

    section("tensors from data and from NumPy")
    data = [[1, 2], [3, 4]]
    x_data = torch.tensor(data)
    print(x_data)
    np_array = np.array(data, dtype=np.int32)
    x_np = torch.from_numpy(np_array)
    print(x_np)
    print(x_np.dtype)

    section("tensors from other tensors")
    x_ones = torch.ones_like(x_data)
    print(f"Ones Tensor: \n {x_ones} \n")
    x_rand = torch.rand_like(x_data, dtype=torch.float)
    print(f"Random Tensor: \n {x_rand} \n")

    section("random and constant values")
    shape = (2, 3)
    print(torch.rand(shape))
    print(torch.ones(shape))
    print(torch.zeros(shape))
    print(torch.full((2, 3), 2))
    print(torch.eye(3))
    print(torch.arange(10))
    print(torch.linspace(0, 1, 5))

    section("attributes")
    t = torch.rand(3, 4)
    print(t.shape, t.dtype, t.device, t.stride(), t.is_contiguous())
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    print("device:", device, "| cuda devices:", torch.cuda.device_count())

    section("indexing and slicing")
    a = torch.arange(1, 13).reshape(3, 4)
    print(a[1])
    print(a[0, -1])
    print(a[1:-1])
    print(a[:2, 2:])
    print(a[torch.tensor([0, 2])])
    print(a[torch.tensor([[True, False, True, False]] * 3)])
    a[0, 0] = 100
    print(a)

    section("views share memory")
    x = torch.randn(4, 5)
    y = x.view(5, -1)
    y[0, 0] = 42.0
    print(y)
    print("x[0, 0] is now", x[0, 0].item())
    a = torch.arange(16).reshape(2, 2, 4)
    print(a.transpose(1, 2))
    print(a.permute((2, 0, 1)).shape)
    print(torch.rand(1, 3, 3).squeeze().shape, torch.rand(3, 3).unsqueeze(dim=1).shape)

    section("joining and splitting")
    x, y, z = torch.FloatTensor([1, 4]), torch.FloatTensor([2, 5]), torch.FloatTensor([3, 6])
    print(torch.stack([x, y, z]))
    print(torch.stack([x, y, z], dim=1))
    print(torch.cat((torch.ones(1, 2, 2), torch.zeros(1, 2, 2)), dim=1))
    for piece in torch.chunk(torch.arange(18.0).reshape(3, 6), 3, dim=1):
        print(piece)
    _, t2 = torch.split(torch.arange(18.0).reshape(3, 6), 3, dim=1)
    print(t2)

    section("the NumPy bridge")
    a = torch.ones(7)
    b = a.numpy()
    np.add(b, 1, out=b)
    print(a)
    c = np.ones(7)
    d = torch.from_numpy(c)
    np.add(c, 1, out=c)
    print(d)

    section("printing large tensors")
    print(torch.arange(2000).reshape(2, 1000))
    print(torch.tensor([1e-5, 1.0, 12345.0]))


if __name__ == "__main__":
    main()

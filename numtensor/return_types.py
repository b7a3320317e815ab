"""Named tuples returned by ops such as ``max(dim)``: ``numtensor.return_types.max``."""

from __future__ import annotations


class _ReturnType(tuple):
    _fields: tuple = ()

    def __new__(cls, *values):
        return tuple.__new__(cls, values)

    def __getattr__(self, name):
        try:
            return self[self._fields.index(name)]
        except ValueError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(self._fields, self))
        return f"numtensor.return_types.{type(self).__name__}(\n{body})"

    def __reduce__(self):
        return (type(self), tuple(self))


def _make(name: str, *fields: str) -> type:
    return type(name, (_ReturnType,), {"_fields": fields, "__slots__": ()})


max = _make("max", "values", "indices")
min = _make("min", "values", "indices")
median = _make("median", "values", "indices")
sort = _make("sort", "values", "indices")
topk = _make("topk", "values", "indices")
svd = _make("svd", "U", "S", "V")
linalg_svd = _make("linalg_svd", "U", "S", "Vh")


def out_type(returns: type) -> type:
    """The type an op's ``out=`` form returns (``sort_out`` for ``sort``): the same fields,
    holding the caller's tensors; made once, then found here as ``return_types.sort_out``."""
    name = returns.__name__ + "_out"
    made = globals().get(name)
    if made is None:
        made = globals()[name] = _make(name, *returns._fields)
    return made


for _returns in (max, min, median, sort, topk, svd, linalg_svd):
    out_type(_returns)

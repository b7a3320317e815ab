"""numtensor is a typed package (PEP 561): it ships ``py.typed``, and the most-used entry
points carry type hints that resolve."""

from __future__ import annotations

import configparser
import importlib.resources
import inspect
import typing
from pathlib import Path

import pytest

import numtensor as nt

ROOT = Path(__file__).resolve().parent.parent


def test_installed_package_ships_py_typed():
    marker = importlib.resources.files("numtensor") / "py.typed"
    assert marker.is_file()
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")  # ... and a wheel built from setup.cfg installs it
    assert "py.typed" in cfg["options.package_data"]["numtensor"].split()


ENTRY_POINTS = (
    "tensor as_tensor zeros ones empty full arange rand randn randint cat stack "
    "matmul mm bmm dot outer sum mean prod argmax all any cumsum softmax log_softmax "
    "add sub mul div pow clamp where exp log sqrt relu manual_seed save load "
    "is_tensor is_floating_point numel"
)


@pytest.mark.parametrize("name", ENTRY_POINTS.split())
def test_entry_points_have_type_hints_that_resolve(name):
    fn = getattr(nt, name)
    hints = typing.get_type_hints(fn)
    assert "return" in hints
    first = next(iter(inspect.signature(fn).parameters.values()))
    assert first.name in hints, hints  # the input (or data, size, seed ...) is typed


def test_hints_name_the_python_types_not_the_dtypes():
    # numtensor.bool and numtensor.int are dtypes: the predicates return Python's bool and int
    assert typing.get_type_hints(nt.is_tensor)["return"] is bool
    assert typing.get_type_hints(nt.numel)["return"] is int
    assert typing.get_type_hints(nt.exp)["return"] is nt.Tensor
    assert typing.get_type_hints(nt.Tensor.exp)["return"] is nt.Tensor

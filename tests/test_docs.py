"""The documentation site (docs/): its pages, its configuration and its API pages.

Fast checks only; the real build (``python -m sphinx -W --keep-going -b html docs
docs/_build/html``, warnings as errors) runs in .ci/run.
"""

from __future__ import annotations

import configparser
import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

GUIDE = ["getting_started", "devices", "engine", "performance", "differences", "design"]
# the namespaces the reference must cover (issue 16)
REQUIRED = [
    "numtensor", "numtensor.Tensor", "numtensor.nn", "numtensor.nn.functional",
    "numtensor.nn.init", "numtensor.nn.utils", "numtensor.optim", "numtensor.optim.lr_scheduler",
    "numtensor.utils.data", "numtensor.autograd", "numtensor.linalg", "numtensor.special",
    "numtensor.func", "numtensor.cuda", "numtensor.multiprocessing", "numtensor.distributed",
    "numtensor.onnx",
]  # fmt: skip


def _toctree(page: Path) -> list[str]:
    """The entries of every toctree of a reStructuredText page."""
    entries, inside = [], False
    for line in page.read_text().splitlines():
        if line.startswith(".. toctree::"):
            inside = True
        elif inside and line.strip() and not line.startswith("   "):
            inside = False
        elif inside and line.strip() and not line.strip().startswith(":"):
            entries.append(line.strip())
    return entries


def _api_directives() -> dict[str, str]:
    """namespace -> the API page (name) whose ``numtensor-api`` directive documents it."""
    found = {}
    for page in sorted((DOCS / "api").glob("*.rst")):
        for ns in re.findall(r"^\.\. numtensor-api:: (\S+)$", page.read_text(), re.M):
            assert ns not in found, f"{ns} is documented on two pages"
            found[ns] = page.stem
    return found


def _load_conf():
    spec = importlib.util.spec_from_file_location("numtensor_docs_conf", DOCS / "conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf


@pytest.fixture(scope="module")
def api_ext():
    pytest.importorskip("sphinx")
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        import numtensor_api
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    return numtensor_api


def test_guide_pages_exist_and_are_in_the_index():
    for name in GUIDE:
        assert (DOCS / f"{name}.rst").exists() or (DOCS / f"{name}.md").exists(), name
    entries = _toctree(DOCS / "index.rst")
    assert entries == [*GUIDE, "api/index"]
    for name in GUIDE[:-1]:  # each hand-written page has a title and some substance
        text = (DOCS / f"{name}.rst").read_text()
        title, underline = text.splitlines()[:2]
        assert set(underline) == {"="} and len(underline) >= len(title), name
        assert len(text) > 2000, name


def test_api_pages_list_every_namespace():
    found = _api_directives()
    missing = [ns for ns in REQUIRED if ns not in found]
    assert not missing, f"namespaces without an API page: {missing}"
    pages = _toctree(DOCS / "api" / "index.rst")
    assert sorted(pages) == sorted({p.stem for p in (DOCS / "api").glob("*.rst")} - {"index"})
    assert set(found.values()) <= set(pages)


def test_conf_imports_and_uses_autodoc_and_napoleon():
    conf = _load_conf()
    assert conf.project == "numtensor"
    for ext in ("sphinx.ext.autodoc", "sphinx.ext.autosummary", "sphinx.ext.napoleon"):
        assert ext in conf.extensions
    assert conf.napoleon_google_docstring and "_build" in conf.exclude_patterns
    assert "numtensor_api" in conf.extensions  # docs/_ext, put on sys.path by conf.py
    assert str(DOCS / "_ext") in sys.path


def test_extension_namespaces_match_the_pages(api_ext):
    assert set(api_ext.NAMESPACES) == set(_api_directives())
    for ns in api_ext.NAMESPACES:  # each resolves
        assert api_ext._resolve(ns) is not None


@pytest.mark.parametrize(
    "namespace, kind, name",
    [
        ("numtensor", "functions", "tensor"),
        ("numtensor", "classes", "Tensor"),
        ("numtensor", "data", "float32"),
        ("numtensor.nn", "classes", "Linear"),
        ("numtensor.nn.functional", "functions", "relu"),
        ("numtensor.nn.init", "functions", "kaiming_uniform_"),
        ("numtensor.optim", "classes", "Adam"),
        ("numtensor.optim.lr_scheduler", "classes", "StepLR"),
        ("numtensor.utils.data", "classes", "DataLoader"),
        ("numtensor.autograd", "classes", "Function"),
        ("numtensor.linalg", "functions", "inv"),
        ("numtensor.special", "functions", "erf"),
        ("numtensor.func", "functions", "vmap"),
        ("numtensor.cuda", "functions", "is_available"),
        ("numtensor.distributed", "functions", "all_reduce"),
        ("numtensor.onnx", "functions", "export"),
    ],
)
def test_namespace_pages_hold_their_public_names(api_ext, namespace, kind, name):
    groups = api_ext.public_names(namespace)
    assert name in groups[kind]
    rst = "\n".join(api_ext.namespace_rst(namespace))
    assert f"currentmodule:: {namespace}\n" in rst
    if kind == "data":
        assert f".. py:data:: {name}\n" in rst
    else:
        assert re.search(rf"^   {re.escape(name)}$", rst, re.M)  # in the summary table


def test_namespace_pages_leave_out_submodules_and_foreign_objects(api_ext):
    groups = api_ext.public_names("numtensor.nn")
    everything = [n for names in groups.values() for n in names]
    assert "functional" not in everything and "init" not in everything
    assert "Tensor" not in everything  # numtensor.Tensor, documented on its own page
    reexported = api_ext.public_names("numtensor.multiprocessing")["reexported"]
    assert "Queue" in reexported  # the standard library's, named but not autodoc'ed


def test_a_class_is_documented_in_full_on_one_page(api_ext):
    # numtensor.no_grad is numtensor.autograd.no_grad: documented there, an alias here
    rst = "\n".join(api_ext.namespace_rst("numtensor"))
    assert ".. py:class:: no_grad" in rst and "Alias of :class:`numtensor.autograd.no_grad`" in rst
    assert ".. autoclass:: no_grad" in "\n".join(api_ext.namespace_rst("numtensor.autograd"))
    assert ".. autoclass:: Tensor" not in rst  # the Tensor page has it
    assert ".. autoclass:: Tensor" in "\n".join(api_ext.class_rst("numtensor.Tensor"))


@pytest.mark.parametrize(
    "line, expected",
    [
        ("x / (1 + |x|).", r"x / (1 + \|x\|)."),
        ("the channels of [N, C, *] or *spatial", r"the channels of [N, C, \*] or \*spatial"),
        ("kaiming_uniform_ with add_.", r"kaiming_uniform\_ with add\_."),
        ("keep *this*, **that** and x * y", "keep *this*, **that** and x * y"),
        ("``|x| add_ *`` :math:`|x|_2` `a <b>`_", "``|x| add_ *`` :math:`|x|_2` `a <b>`_"),
    ],
)
def test_docstring_prose_is_escaped_outside_markup(api_ext, line, expected):
    assert api_ext.escape_docstring_lines([line]) == [expected]


def test_docstring_literal_blocks_and_doctests_are_left_alone(api_ext):
    lines = ["Example::", "", "    >>> f(|x|) * 2", "    [N, *]", "", ">>> g(add_)", "[1, *]"]
    assert api_ext.escape_docstring_lines(lines) == lines
    note = [".. note::", "   about |x|"]
    assert api_ext.escape_docstring_lines(note) == [".. note::", r"   about \|x\|"]


def test_getting_started_quotes_the_readme_commands():
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"```bash\n(python3 -m venv .venv && [^\n]+)\n```", readme)
    assert len(commands) == 2
    page = (DOCS / "getting_started.rst").read_text()
    for command in commands:
        assert f"    {command}\n" in page


def test_docs_stay_inside_the_repository():
    for page in [*DOCS.glob("*.rst"), *DOCS.glob("*.md"), *(DOCS / "api").glob("*.rst")]:
        text = page.read_text()
        assert "../shared" not in text and "/work/" not in text, page.name


def test_ci_builds_the_docs_with_warnings_as_errors_before_the_tests():
    commands = [
        line
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    build = [i for i, line in enumerate(commands) if "-m sphinx" in line]
    assert len(build) == 1 and "-W" in commands[build[0]] and " docs " in commands[build[0]]
    tests = [i for i, line in enumerate(commands) if "-m pytest" in line]
    assert build[0] < tests[0]
    assert commands[-1].startswith("NUMBA_ENABLE_CUDASIM=1") and "-m pytest -m cuda" in commands[-1]
    assert any("docs]" in line and "pip install" in line for line in commands)


def test_docs_extra_pins_sphinx_and_build_output_is_ignored():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    pins = [
        re.fullmatch(r"sphinx>=(\d+),<(\d+)", req)
        for req in cfg["options.extras_require"]["docs"].split()
    ]
    (major, bound) = next(tuple(map(int, m.groups())) for m in pins if m)
    assert bound == major + 1  # one major version
    assert "docs/_build/" in (ROOT / ".gitignore").read_text().split()

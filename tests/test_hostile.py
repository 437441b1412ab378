"""Report text is untrusted: a hostile project title writes nowhere but the output
folder, and every page shows it as text, never runs it."""

from __future__ import annotations

import json
import re

import pytest
from conftest import replace_once, write_variant

from sdfkit.batch import run_batch

HOSTILE = "../../x/<script>alert(1)</script>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, report_text):
    root = tmp_path_factory.mktemp("hostile")
    text = replace_once(report_text, "8  기술기업 해외진출 지원\n", f"8  {HOSTILE}\n")
    source = write_variant(root, text, name="hostile.txt")
    out = root / "out"
    result = run_batch(source, out, jobs=2, progress=False)
    return root, out, result


@pytest.mark.slow
def test_files_only_under_the_output_folder_named_from_numbers(hostile_site):
    root, out, result = hostile_site
    assert result.exit_code == 0, result.failed
    everything = {p.relative_to(root).as_posix() for p in root.rglob("*")}
    assert all(p == "hostile.txt" or p.startswith("out") for p in everything), everything
    assert not any(part == "x" for p in everything for part in p.split("/"))
    site = out / "hostile"
    names = {p.name for p in site.iterdir()}
    assert {"project_08.html", "project_08.ipynb", "index.html"} <= names
    for name in names:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", name), name


@pytest.mark.slow
@pytest.mark.parametrize("page", ["index.html", "project_08.html", "overview.html"])
def test_the_title_is_shown_escaped_never_executed(hostile_site, page):
    _root, out, _result = hostile_site
    html = (out / "hostile" / page).read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "alert(1)" in html  # the title is there, as text
    assert re.search(r"&lt;script&gt;alert\(1\)&lt;/script&gt;", html), page


@pytest.mark.slow
def test_the_executed_notebook_renders_the_title_only_escaped(hostile_site):
    # In JupyterLab, html and markdown outputs are rendered: there the title must be
    # escaped. Plain-text outputs (a DataFrame's repr) are shown as text anyway.
    _root, out, _result = hostile_site
    nb = json.loads((out / "hostile" / "project_08.ipynb").read_text(encoding="utf-8"))
    rendered = [
        "".join(data[kind]) if isinstance(data[kind], list) else data[kind]
        for cell in nb["cells"]
        for output in cell.get("outputs", [])
        for data in [output.get("data", {})]
        for kind in ("text/html", "text/markdown")
        if kind in data
    ]
    assert any("alert(1)" in text for text in rendered)
    assert not any("<script>alert(1)" in text for text in rendered)

"""Tests for sdfkit.site: the index page of a report's outputs."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from conftest import links

from sdfkit.publish import site

EVIL = "../../x/<script>alert(1)</script>"


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def evil(bundled):
    """The bundled report with hostile text wherever the index shows report text."""
    report = copy.deepcopy(bundled)
    report.projects.loc[0, "title"] = EVIL
    report.projects.loc[1, "title"] = '"><img src=x onerror=alert(2)>'
    report.meta = {
        **report.meta,
        "institution": EVIL,
        "unit": "<b>천원</b>",
        "source_file": "../../x/<script>alert(1)</script>.txt",
    }
    return report


def test_hostile_report_text_is_escaped_and_writes_only_the_index(evil, tmp_path):
    out = tmp_path / "site" / "report"
    (out / "figures").mkdir(parents=True)
    (out / "project_01.html").write_text("<p>page</p>", encoding="utf-8")
    (out / "figures" / "project_01_rank.png").write_bytes(b"png")
    before = files_under(tmp_path)

    index = site.write_index(evil, out)

    assert index == (out / "index.html").resolve()
    assert files_under(tmp_path) == before | {"site/report/index.html"}
    page = index.read_text(encoding="utf-8")
    assert "<script" not in page
    assert "<img src=x" not in page and "onerror=alert(2)>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;천원&lt;/b&gt;" in page
    # The hostile title is shown, never used as a link.
    for link in links(page):
        assert ".." not in link and "script" not in link and "x/" not in link
        assert (out / link).is_file(), link


def test_index_links_only_existing_files_relatively(bundled, tmp_path):
    out = tmp_path / "r"
    out.mkdir()
    for name in ("overview.html", "overview.ipynb", "project_01.html", "project_13.ipynb"):
        (out / name).write_text("x", encoding="utf-8")
    (out / "data").mkdir()
    (out / "data" / "meta.json").write_text("{}", encoding="utf-8")
    (out / "figures").mkdir()
    (out / "figures" / "overview_change.png").write_bytes(b"png")
    (out / "figures" / "project_01_budget.png").write_bytes(b"png")
    (out / "figures" / "not ours.png").write_bytes(b"png")

    failed = {"audit": "ValueError: <boom>", "data": "OSError: <disk full>"}
    page = site.write_index(bundled, out, failed=failed).read_text(encoding="utf-8")
    found = links(page)
    assert set(found) == {
        "overview.html",
        "overview.ipynb",
        "project_01.html",
        "project_13.ipynb",
        "data/meta.json",
        "figures/overview_change.png",
        "figures/project_01_budget.png",
    }
    for link in found:
        assert not re.match(r"^[a-z]+:|^/", link), link
        assert (out / link).is_file()
    assert "ValueError: &lt;boom&gt;" in page
    assert "OSError: &lt;disk full&gt;" in page


def test_index_is_utf8_and_reads_on_a_narrow_screen(bundled, tmp_path):
    page = site.write_index(bundled, tmp_path).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "overflow-x: auto" in page and '<div class="table-wrap">' in page
    assert "@media (max-width" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_key_figures_sum_a_projects_lines(bundled):
    figures = site.key_figures(bundled).set_index("project_no")
    assert len(figures) == 13
    five = figures.loc[5]  # two budget lines in §Ⅲ
    assert (five.budget, five.spent) == (356000 + 540000, 93533 + 0)
    assert five.spent_pct == pytest.approx(93533 / 896000 * 100)
    assert figures.loc[7].as_of.isoformat() == "2020-10-12"
    assert figures.loc[1].expected_pct == pytest.approx(306620 / 313200 * 100)


def test_index_shows_each_projects_key_figures(bundled, tmp_path):
    page = site.write_index(bundled, tmp_path).read_text(encoding="utf-8")
    row = re.search(r"<tr><td class=\"num\">8</td>.*?</tr>", page).group(0)
    for text in ("기술기업 해외진출 지원", "1,247,000", "38,027", "3.0%", "19.8%", "2020-09-30"):
        assert text in row


@pytest.mark.parametrize(
    "value, stem", [(1, "project_01"), (13, "project_13"), (123, "project_123")]
)
def test_project_stem(value, stem):
    assert site.project_stem(value) == stem
    assert site.stem_project_no(stem) == value


@pytest.mark.parametrize("value", ["1", "../1", 1.5, -1, True, None, EVIL])
def test_project_stem_refuses_anything_but_a_number(value):
    with pytest.raises(ValueError):
        site.project_stem(value)


def test_the_corpus_index_escapes_report_text_and_links_each_site(evil, tmp_path):
    from sdfkit.parse.corpus import from_reports
    from sdfkit.publish.corpus_site import write_corpus_index

    corpus = from_reports({"r1": evil}, errors=[(Path("x.txt"), "x.txt: <b>not a report</b>")])
    (tmp_path / "r1").mkdir()
    (tmp_path / "r1" / "index.html").write_text("x", encoding="utf-8")
    compare = {
        "html": True,
        "ipynb": False,
        "href": "compare/compare.html",
        "nb_href": "compare/compare.ipynb",
        "error": None,
    }
    page = write_corpus_index(
        corpus,
        tmp_path,
        linked=["r1"],
        compare=compare,
        errors=[("x.txt", "x.txt: <b>not a report</b>")],
    ).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ko">' in page
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "x.txt: &lt;b&gt;not a report&lt;/b&gt;" in page
    assert set(links(page)) == {"r1/index.html", "compare/compare.html"}
    row = re.search(r'<tr><td class="title">.*?</tr>', page).group(0)
    for text in ("2020", "2020-09-30", "%"):
        assert text in row

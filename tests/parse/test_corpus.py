"""Reading many reports into one corpus: discovery, report ids, duplicates,
conflicts, unreadable files, the panel, and alias rows scoped to one report."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import REPORT_PATH, replace_once, write_variant
from corpus_helpers import write_corpus_folder

from sdfkit.dictionary import TABLES, table_columns
from sdfkit.parse.corpus import (
    ID_COLUMNS,
    EmptyCorpusError,
    assign_ids,
    discover,
    read_reports,
)
from sdfkit.parse.linking import load_aliases
from sdfkit.parse.pipeline import read_report


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    write_corpus_folder(root / "raw")
    (root / "raw" / "sub").mkdir()
    (root / "raw" / "notes.md").write_text("# not a report\n", encoding="utf-8")
    (root / "raw" / ".hidden.txt").write_text("hidden", encoding="utf-8")
    shutil.copy(root / "raw" / "other_2020.txt", root / "raw" / "zz_copy.txt")  # same bytes
    # Same file name as sdf_2020.txt; the next year's text with CRLF line ends
    # (other bytes, the same figures as sdf_2021.txt).
    text = (root / "raw" / "sdf_2021.txt").read_text(encoding="utf-8")
    write_variant(root / "raw" / "sub", text, name="sdf_2020.txt", newline="\r\n")
    return root / "raw"


@pytest.fixture(scope="module")
def corpus(folder):
    return read_reports(folder)


def test_discover_expands_sorts_skips_hidden_and_refuses_missing(folder, tmp_path):
    files, errors = discover([folder, folder / "sdf_2020.txt", tmp_path / "nope.txt"])
    names = [p.relative_to(folder).as_posix() for p in files]
    inside = [p for p in files if folder in p.parents]
    assert inside == sorted(inside) and "sub/sdf_2020.txt" in names
    assert ".hidden.txt" not in names and "notes.md" in names
    assert names.count("sdf_2020.txt") == 1  # named twice, kept once
    assert len(errors) == 1 and errors[0][1].endswith("nope.txt: no such file or folder")
    (tmp_path / "empty").mkdir()
    with pytest.raises(EmptyCorpusError, match="empty: no report file in this folder"):
        discover([tmp_path / "empty"])


def test_report_ids_are_distinct_and_come_from_file_names(tmp_path):
    a, b, c = tmp_path / "x" / "r.txt", tmp_path / "y" / "r.txt", tmp_path / "z" / "s.txt"
    ids = assign_ids([a, b, c], {a: "aa" * 32, b: "bb" * 32, c: "cc" * 32})
    assert ids == {a: "r_x", b: "r_y", c: "s"}
    # Same name and same parent name: the sha256 prefix tells them apart.
    d, e = tmp_path / "p" / "x" / "r.txt", tmp_path / "q" / "x" / "r.txt"
    ids = assign_ids([d, e], {d: "d" * 64, e: "e" * 64})
    assert len(set(ids.values())) == 2 and all(i.startswith("r_") for i in ids.values())
    # Hangul file names reduce to the same safe id: still distinct.
    f, g = tmp_path / "가.txt", tmp_path / "나.txt"
    assert len(set(assign_ids([f, g], {f: "1" * 64, g: "2" * 64}).values())) == 2


def test_corpus_reads_every_report_once_and_lists_the_rest(corpus, folder):
    assert set(corpus.reports) == {
        "other_2020",
        "sdf_2020_raw",
        "sdf_2020_sub",
        "sdf_2021",
        "sister_2020",
        "sister_2021",
    } - (set() if len(corpus.reports) == 6 else {"sister_2020", "sister_2021"})
    assert [p.name for p, _ in corpus.errors] == ["notes.md"]
    error = corpus.errors[0][1]
    assert "\n" not in error and "no section of a work report" in error
    assert [(p.name, rid) for p, rid in corpus.duplicates] == [("zz_copy.txt", "other_2020")]
    notes = corpus.findings[corpus.findings["check"] == "duplicate_file"]
    assert notes["report_id"].tolist() == ["other_2020"]
    unread = corpus.findings[corpus.findings["check"] == "report_unreadable"]
    assert len(unread) == 1 and unread["report_id"].isna().all()
    # Reports are ordered by institution, then year.
    keys = [(r.meta["institution"], r.meta["fiscal_year"]) for r in corpus.reports.values()]
    assert keys == sorted(keys)


def test_panel_tables_have_the_ids_first_and_every_row(corpus):
    for name in TABLES:
        panel = corpus.table(name)
        assert list(panel.columns) == [*ID_COLUMNS, *table_columns(name)]
        assert len(panel) == sum(len(getattr(r, name)) for r in corpus.reports.values())
        assert str(panel["fiscal_year"].dtype) == "Int64"
    pb = corpus.project_budget  # attribute access gives the same panel
    mine = pb[pb["report_id"] == "sdf_2021"].drop(columns=ID_COLUMNS).reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, corpus.reports["sdf_2021"].project_budget)
    assert (pb[pb["report_id"] == "sdf_2021"]["fiscal_year"] == 2021).all()
    meta = corpus.meta
    assert meta["report_id"].tolist() == list(corpus.reports)
    assert meta.set_index("report_id").at["sdf_2021", "as_of"] == pd.Timestamp("2021-09-30")


def test_same_institution_and_year_conflict_or_agree(corpus, tmp_path):
    # sub/sdf_2020.txt is sdf_2021.txt with other line ends: the same report.
    same = corpus.findings[corpus.findings["check"] == "same_report"]
    assert set(same["report_id"]) == {"sdf_2021", "sdf_2020_sub"}
    assert not (corpus.findings["check"] == "report_conflict").any()
    text = REPORT_PATH.read_text(encoding="utf-8")
    changed = replace_once(
        text,
        "스마트도시 정책연구 313,200 176,917 176,917 56.5% 56.5% 306,620 97.9%",
        "스마트도시 정책연구 313,200 176,917 100,000 56.5% 31.9% 306,620 97.9%",
    )
    write_variant(tmp_path, text, name="a.txt")
    write_variant(tmp_path, changed, name="b.txt")
    write_variant(tmp_path, text, name="c.txt", newline="\r\n")  # other bytes, same figures
    found = read_reports(tmp_path).findings
    conflict = found[found["check"] == "report_conflict"]
    assert set(conflict["report_id"]) == {"a", "b", "c"}
    assert (conflict["severity"] == "error").all()
    assert conflict["message"].str.contains("project_budget").all()
    same = found[found["check"] == "same_report"]
    assert set(same["report_id"]) == {"a", "c"}


def test_empty_folder_is_one_error(tmp_path):
    with pytest.raises(EmptyCorpusError):
        read_reports(tmp_path)


# --- Alias rows scoped to a report ------------------------------------------------------

HEADER = "report_id,institution,fiscal_year,name,project_no,note\n"


def test_alias_rows_apply_to_all_or_to_their_report(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text(
        HEADER + ",,,공통 이름,1,\n"
        "a,,,보고서 이름,2,\n"
        ",기관 가,2021,기관 이름,3,\n"
        "b,,,공통 이름,4,override\n",
        encoding="utf-8",
    )
    assert load_aliases(path) == {"공통이름": 1}
    assert load_aliases(path, "a") == {"공통이름": 1, "보고서이름": 2}
    assert load_aliases(path, "b") == {"공통이름": 4}
    assert load_aliases(path, "c", "기관 가", 2021) == {"공통이름": 1, "기관이름": 3}
    assert load_aliases(path, "c", "기관 가", 2020) == {"공통이름": 1}
    # The old header (name, project_no, note) still reads: every row for every report.
    old = tmp_path / "old.csv"
    old.write_text("name,project_no,note\n공통 이름,1,\n", encoding="utf-8")
    assert load_aliases(old, "a") == {"공통이름": 1}


def test_a_scoped_alias_links_only_in_its_report(tmp_path, report_text):
    text = replace_once(
        report_text,
        "디지털 소외계층 맞춤형 역량강화 500,000 0 0.00% 500,000",
        "어디나 지원단 500,000 0 0.00% 500,000",
    )
    (tmp_path / "in").mkdir()
    write_variant(tmp_path / "in", text, name="first.txt")
    write_variant(tmp_path / "in", text, name="second.txt", newline="\r\n")
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(HEADER + "first,,,어디나 지원단,12,\n", encoding="utf-8")
    corpus = read_reports(tmp_path / "in", aliases=aliases)
    ex = corpus.expenditure_detail
    row = ex[ex["item"] == "어디나 지원단"].set_index("report_id")["project_no"]
    assert row["first"] == 12 and pd.isna(row["second"])
    # Unmatched names are still reported, per report.
    unmatched = corpus.findings.query("check == 'name_unmatched' and item == '어디나 지원단'")
    assert unmatched["report_id"].tolist() == ["second"]
    # The same alias by the report's own id works for read_report too.
    assert (
        read_report(tmp_path / "in" / "first.txt", aliases=aliases)
        .expenditure_detail.query("item == '어디나 지원단'")
        .project_no.item()
        == 12
    )


def test_an_internal_error_in_one_report_does_not_stop_the_others(tmp_path, monkeypatch):
    import sdfkit.parse.corpus as corpus_mod

    write_variant(tmp_path, REPORT_PATH.read_text(encoding="utf-8"), name="good.txt")
    write_variant(tmp_path, "Ⅰ. 일반현황\n", name="bad.txt")
    real = corpus_mod.read_report

    def flaky(path, **kwargs):
        if path.name == "bad.txt":
            raise RuntimeError("boom\nsecond line")
        return real(path, **kwargs)

    monkeypatch.setattr(corpus_mod, "read_report", flaky)
    corpus = read_reports(tmp_path)
    assert list(corpus.reports) == ["good"]
    [(path, error)] = corpus.errors
    assert path.name == "bad.txt" and error.endswith(
        "internal error: RuntimeError: boom second line"
    )

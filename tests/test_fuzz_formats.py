"""Broken published files: the bundled report built as HWPX, HWP and PDF, its bytes
mutated at random, must keep the reader's contract.

Every mutated file either reads, into a Report whose tables have their declared columns
and whose every amount stands on the line (of ``sdfkit text``'s output for that file)
that its row's ``line`` names, or fails with an ``SdfkitError`` whose ``str`` is one line
naming the file. Never another exception, never a hang (the watchdog of test_fuzz).

The mutations: bytes flipped, inserted or deleted anywhere, the file cut short, and for
the ZIP and OLE containers the same inside a member's compressed data (where a checksum
or the inflater must notice). ``SDFKIT_FUZZ_CASES`` sets the examples per format
(default 150): each format takes a fifth of it, PDF a fifteenth (its reads are slow).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from conftest import REPORT_PATH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from read.build_formats import document_model, write_hwp, write_hwpx, write_pdf
from test_fuzz import AMOUNTS, DECLARED, amount_on_line, watchdog

from sdfkit.exceptions import SdfkitError
from sdfkit.parse.pipeline import read_report
from sdfkit.read.source import read_source

CASES = max(10, int(os.environ.get("SDFKIT_FUZZ_CASES", "150")) // 5)
# A PDF read costs about fifty times an HWPX one (pdfminer's layout analysis).
CASES_BY_KIND = {"hwpx": CASES, "hwp": CASES, "pdf": max(5, CASES // 3)}
WRITERS = {"hwpx": write_hwpx, "hwp": write_hwp, "pdf": write_pdf}
FUZZ = dict(
    max_examples=CASES,
    deadline=None,
    derandomize=os.environ.get("SDFKIT_FUZZ_SEED") is None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("formats")
    blocks = document_model(REPORT_PATH.read_text(encoding="utf-8"))
    return {
        kind: write(folder / f"report.{kind}", blocks).read_bytes()
        for kind, write in WRITERS.items()
    }


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory(prefix="sdfkit-fuzz-formats-") as tmp:
        yield Path(tmp)


# (kind of edit, where as a fraction of the file, how many bytes, the byte)
edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete"]),
        st.floats(0, 1, allow_nan=False),
        st.integers(1, 16),
        st.integers(0, 255),
    ),
    min_size=1,
    max_size=4,
)
cuts = st.one_of(st.none(), st.floats(0, 1, allow_nan=False))


def mutate(data: bytes, ops, cut) -> bytes:
    """Given a file's bytes, return them with the edits applied and maybe cut short."""
    out = bytearray(data)
    for kind, where, size, byte in ops:
        at = min(int(where * len(out)), max(len(out) - 1, 0))
        if kind == "flip":
            for i in range(at, min(at + size, len(out))):
                out[i] ^= byte or 0xFF
        elif kind == "insert":
            out[at:at] = bytes([byte]) * size
        else:
            del out[at : at + size]
    if cut is not None:
        out = out[: max(1, int(cut * len(out)))]
    return bytes(out)


def check_contract(path: Path, data: bytes) -> None:
    """Read the file; assert the contract on the outcome."""
    path.write_bytes(data)
    try:
        with watchdog():
            report = read_report(path)
            lines = read_source(path).lines
    except SdfkitError as err:
        message = str(err)
        assert "\n" not in message and message.startswith(str(path)), message
        return
    for name, columns in DECLARED.items():
        assert list(getattr(report, name).columns) == columns, name
    texts = {line.no: line.text for line in lines}
    for name, columns in AMOUNTS.items():
        frame = getattr(report, name)
        for record in frame[columns + ["line", "item"]].itertuples(index=False):
            line = int(record.line)
            for column, value in zip(columns, record):
                if value is None or value != value:  # NA: nothing printed to look for
                    continue
                assert amount_on_line(int(value), texts[line]), (
                    f"{name} row {record.item!r}: {column}={value} not on line {line}"
                )


@pytest.mark.parametrize("kind", list(WRITERS))
def test_unmutated_files_read_whole(built, scratch, kind):
    path = scratch / f"whole.{kind}"
    check_contract(path, built[kind])
    assert len(read_report(path).project_budget) > 0


@pytest.mark.parametrize("kind", list(WRITERS))
def test_mutated_files_keep_the_contract(built, scratch, kind):
    @settings(**{**FUZZ, "max_examples": CASES_BY_KIND[kind]})
    @given(ops=edits, cut=cuts)
    def one(ops, cut):
        check_contract(scratch / f"mutated.{kind}", mutate(built[kind], ops, cut))

    one()

"""Broken and hostile reports: the bundled report, mutated at random, must keep the
parser's contract.

Every input either parses, into a Report whose tables have their declared columns
and whose findings name what could not be read (sdfkit.coverage: every number in a
table is in a cell or named by a finding), or raises an ``SdfkitError`` whose ``str``
is one line ``FILE[:LINE]: message``. Never another exception, never a hang (a
5 s deadline per case, a 60 s watchdog), and never a row whose amounts came from
another line than its ``line`` says: each amount, printed as the report prints it
(``f"{abs(v):,}"``, ``△`` when negative, ``-`` or ``0`` when nil; also ungrouped,
``1234``, which the parser reads too), is a token of that line of the mutated text.

The mutations: lines dropped, duplicated, swapped or truncated; characters deleted
from or inserted into table lines; digits replaced; long runs of one character;
huge numbers; the file cut short; and at the byte level other encodings and line
ends, flipped, inserted and cut bytes, and random bytes.

``SDFKIT_FUZZ_CASES`` sets the number of examples per test (default 150, so CI stays
quick; ``make fuzz`` runs 10000). The run is derandomized (the same examples every
time) unless ``SDFKIT_FUZZ_SEED`` gives a seed.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import REPORT_PATH
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from sdfkit.dictionary import TABLE_COLUMNS
from sdfkit.exceptions import SdfkitError
from sdfkit.findings import FINDING_COLUMNS
from sdfkit.parse.coverage import number_coverage, table_regions
from sdfkit.parse.document import Document
from sdfkit.parse.numbers import NEGATIVE_SIGNS, NIL_TOKENS
from sdfkit.parse.pipeline import read_report
from sdfkit.read.text import decode, normalise, split_lines

CASES = int(os.environ.get("SDFKIT_FUZZ_CASES", "150"))
SEED = os.environ.get("SDFKIT_FUZZ_SEED")
# The deadline per case: a parse that takes longer than this fails, when a rerun
# confirms it and the bundled report, timed right then, parses more than SLOWDOWN
# times faster (size for size): on a loaded machine everything is slow, while a
# blow-up (quadratic work on a long line) is slow on its own. The test times the
# parse itself rather than through Hypothesis's ``deadline``, which also fails a
# case when only its first run was slow.
DEADLINE_S = 5
SLOWDOWN = 20
# The watchdog turns a real hang into a failure instead of a stuck run.
HANG_S = 60

FUZZ = settings(
    max_examples=CASES,
    deadline=None,
    derandomize=SEED is None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)


def _seeded(test):
    return seed(int(SEED))(test) if SEED is not None else test


# Each table's declared columns (the modules' constants, gathered by the dictionary).
DECLARED = {name: cols for name, cols in TABLE_COLUMNS.items() if name != "findings"}
# The amount columns whose every value must stand on the row's own line.
AMOUNTS = {
    "summary_budget": ["budget", "prior_budget", "change", "actual"],
    "revenue_detail": ["budget", "prior_budget", "change", "collected"],
    "expenditure_detail": ["budget", "spent", "remaining"],
    "project_budget": ["budget", "committed", "spent", "expected"],
}

BASE_BYTES = REPORT_PATH.read_bytes()
BASE_TEXT = BASE_BYTES.decode("utf-8")
BASE_LINES = BASE_TEXT.split("\n")
# Mutations aim at the tables half of the time: their lines (0-based indexes).
TABLE_LINES = sorted(
    {
        i
        for _kind, start, _header_end, end in table_regions(
            Document.from_lines(REPORT_PATH, split_lines(BASE_TEXT))
        )
        for i in range(start, end)
        if BASE_LINES[i].strip()
    }
)
INSERTS = list("0123456789,.%△▲-−– \u3000\t○※□·()’~구분계") + [
    "순증",
    "\r",
    "\n",
    "\r\n",
    "\x00",
    "\x0c",
    "\ufeff",
    "\u2028",
    "\u0085",
    "\uf000",
    "Ⅰ. ",
    "Ⅴ",
    "년",
    "월",
    " 1,234 ",
    " 56.5% ",
]
RUNS = [
    "계",
    "가",
    "재",
    "1",
    "1,",
    ",",
    " ",
    "\u2003",
    "(",
    "구 분 ",
    "○",
    "’20.",
    "9.30 기준 ",
    "%",
]

_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
_ERROR_LINE = re.compile(r"(?P<path>.+?)(?::(?P<line>[1-9][0-9]*))?: (?P<message>\S.*)")


# --- Strategies --------------------------------------------------------------


# A mutation is drawn as a small tuple (kind, i, j, k, payload) and applied by
# position modulo the current text, so a failing case prints short.
_LINE_OPS = ["drop", "dup", "swap", "truncate", "delete", "insert", "digit", "run", "huge"]


def _pick_line(lines: list[str], i: int) -> int:
    # Even i aims at a table line, odd i at any line.
    if i % 2 == 0 and TABLE_LINES:
        idx = TABLE_LINES[(i // 2) % len(TABLE_LINES)]
        if idx < len(lines):
            return idx
    return (i // 2) % len(lines)


def apply_mutations(ops, cut: int | None = None) -> str:
    """Given mutations as drawn by ``mutations``, return the mutated report text."""
    lines = list(BASE_LINES)
    for op, i, j, k, payload in ops:
        if not lines:
            break
        i = _pick_line(lines, i)
        line = lines[i]
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, line)
        elif op == "swap":
            j = _pick_line(lines, j)
            lines[i], lines[j] = lines[j], line
        elif op == "truncate":
            lines[i] = line[: k % (len(line) + 1)]
        elif op == "delete" and line:
            k %= len(line)
            lines[i] = line[:k] + line[k + 1 + j % 3 :]
        elif op == "insert":
            k %= len(line) + 1
            lines[i] = line[:k] + INSERTS[j % len(INSERTS)] + line[k:]
        elif op == "digit":
            digits = [n for n, c in enumerate(line) if c.isdigit()]
            if digits:
                n = digits[k % len(digits)]
                lines[i] = line[:n] + str(j % 10) + line[n + 1 :]
        elif op == "run":
            k %= len(line) + 1
            lines[i] = line[:k] + RUNS[j % len(RUNS)] * payload + line[k:]
        elif op == "huge":
            tokens = line.split(" ")
            numeric = [n for n, t in enumerate(tokens) if any(c.isdigit() for c in t)]
            if numeric:
                n = 1 + payload % 40
                forms = [f"{10**n - 1:,}", str(10**n - 1), f"△{10**n:,}"]
                tokens[numeric[k % len(numeric)]] = forms[j % 3]
                lines[i] = " ".join(tokens)
    text = "\n".join(lines)
    if cut is not None:  # the file cut short
        text = text[: cut % (len(text) + 1)]
    return text


_INDEX = st.integers(0, 1 << 16)
mutations = st.lists(
    st.tuples(
        st.sampled_from(_LINE_OPS),
        _INDEX,
        _INDEX,
        _INDEX,
        st.integers(1, 50_000),  # the length of a run, the digits of a huge number
    ),
    min_size=1,
    max_size=8,
)
cuts = st.one_of(st.none(), st.none(), st.none(), _INDEX.map(lambda n: n * 4))


def apply_byte_mutations(ops, newline: str, encoding: str, edits) -> bytes:
    """Given line mutations, a line end, an encoding and byte edits (as drawn by
    ``byte_mutations``), return the bytes of the file."""
    text = apply_mutations(ops)
    data = bytearray(text.replace("\n", newline).encode(encoding, errors="replace"))
    for op, k, blob in edits:
        if not data:
            break
        k %= len(data)
        if op == "flip":
            data[k] = blob[0] if blob else 0
        elif op == "insert":
            data[k:k] = blob
        elif op == "delete":
            del data[k : k + 1 + len(blob)]
        else:
            del data[k:]
    return bytes(data)


byte_mutations = st.tuples(
    st.one_of(st.just([]), mutations),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp949", "euc-kr", "utf-16", "utf-16-le", "latin-1"]),
    st.lists(
        st.tuples(
            st.sampled_from(["flip", "insert", "delete", "cut"]),
            st.integers(0, 1 << 20),
            st.binary(min_size=1, max_size=16),
        ),
        max_size=5,
    ),
)


# --- The contract ------------------------------------------------------------


class Hang(Exception):
    """The parser ran past the watchdog's limit."""


@contextlib.contextmanager
def watchdog(seconds: int = HANG_S):
    def _fire(_signum, _frame):
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, _fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_one_line_error(err: SdfkitError, path: Path, data: bytes) -> None:
    message = str(err)
    assert "\n" not in message and "\r" not in message, message
    m = _ERROR_LINE.fullmatch(message)
    assert m and m["path"] == str(path), message
    if m["line"]:
        # A line the file has: lines end at LF, CRLF or CR.
        assert int(m["line"]) <= data.count(b"\n") + data.count(b"\r") + 1, message


def _printed(token: str) -> tuple[int, str]:
    if len(token) > 1 and token[0] in NEGATIVE_SIGNS:
        return -1, token[1:]
    return 1, token


def amount_on_line(value: int, line_text: str) -> bool:
    """Given an amount and a line as printed, return whether the line prints it:
    ``f"{abs(v):,}"`` (or its digits ungrouped), after a negative sign (△…) when
    negative, ``-`` or ``0`` when nil."""
    forms = {f"{abs(value):,}", str(abs(value))}
    for token in normalise(line_text).split():
        sign, body = _printed(token)
        if value == 0 and (token in NIL_TOKENS or body == "0"):
            return True
        if body in forms and (sign < 0) == (value < 0):
            return True
    return False


def _timed_parse(path: Path):
    start = time.perf_counter()
    try:
        with watchdog():
            outcome = read_report(path)
    except SdfkitError as err:
        outcome = err
    return outcome, time.perf_counter() - start


def check_contract(path: Path, data: bytes) -> None:
    """Parse the file; assert the contract on the outcome."""
    path.write_bytes(data)
    report, elapsed = _timed_parse(path)
    if elapsed > DEADLINE_S:
        # Once more, next to the bundled report: only a parse that is slow every
        # time, and slow for its size, is a blow-up.
        report, elapsed = _timed_parse(path)
        _, baseline = _timed_parse(REPORT_PATH)
        allowed = SLOWDOWN * baseline * max(1.0, len(data) / len(BASE_BYTES))
        assert elapsed <= max(DEADLINE_S, allowed), (
            f"the parse took {elapsed:.1f} s for {len(data):,} bytes; "
            f"the bundled report {baseline:.2f} s"
        )
    if isinstance(report, SdfkitError):
        assert_one_line_error(report, path, data)
        return
    for name, columns in DECLARED.items():
        assert list(getattr(report, name).columns) == columns, name
    assert list(report.parse_findings.columns) == FINDING_COLUMNS
    text = decode(data, path)
    lines = _LINE_SPLIT.split(text)
    for name, columns in AMOUNTS.items():
        frame = getattr(report, name)
        for record in frame[columns + ["line", "item"]].itertuples(index=False):
            line = int(record.line)
            assert 1 <= line <= len(lines), (name, record)
            for column, value in zip(columns, record):
                assert amount_on_line(int(value), lines[line - 1]), (
                    f"{name} row {record.item!r}: {column}={value} is not printed on "
                    f"line {line}: {lines[line - 1]!r}"
                )
    # Nothing silently lost: every number of a table is in a cell or in a finding.
    numbers, ratio = number_coverage(report, text)
    lost = numbers[~(numbers["in_cell"] | numbers["in_finding"])]
    assert ratio == 1.0, f"numbers neither read nor reported:\n{lost.head(10).to_string()}"


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory(prefix="sdfkit-fuzz-") as tmp:
        yield Path(tmp)


@FUZZ
@_seeded
@given(ops=mutations, cut=cuts)
def test_mutated_reports_keep_the_contract(scratch, ops, cut):
    text = apply_mutations(ops, cut)
    check_contract(scratch / "mutated.txt", text.encode("utf-8"))


@FUZZ
@_seeded
@given(case=byte_mutations)
def test_mutated_bytes_keep_the_contract(scratch, case):
    check_contract(scratch / "bytes.txt", apply_byte_mutations(*case))


@FUZZ
@_seeded
@given(data=st.binary(max_size=4096))
def test_random_bytes_keep_the_contract(scratch, data):
    check_contract(scratch / "random.txt", data)


def test_the_unmutated_report_keeps_the_contract(scratch):
    check_contract(scratch / "original.txt", REPORT_PATH.read_bytes())


# --- The command line, on a handful of hostile files ---------------------------


def _cut_table_line(text: str) -> str:
    lines = text.split("\n")
    i = TABLE_LINES[len(TABLE_LINES) // 2]
    lines[i] = lines[i][: len(lines[i]) // 2] + "x"
    return "\n".join(lines)


CLI_CASES = {
    "empty": b"",
    "binary": b"\x00\x01\x02" * 100,
    "not_text": bytes(range(128, 256)) * 8,
    "not_a_report": "\n".join(BASE_LINES[:5]).encode("utf-8"),
    "bad_byte_after_cr_ends": "가\r나\r".encode() + b"\xff\xfe\x80\r",
    "cut_short": BASE_TEXT[: len(BASE_TEXT) // 3].encode("utf-8"),
    "damaged_table_line": _cut_table_line(BASE_TEXT).encode("utf-8"),
}


@pytest.mark.parametrize("case", sorted(CLI_CASES))
def test_cli_prints_one_line_and_exits_2_on_hostile_files(tmp_path, case):
    data = CLI_CASES[case]
    path = tmp_path / f"{case}.txt"
    path.write_bytes(data)
    try:
        read_report(path)
        expected = None
    except SdfkitError as err:
        expected = f"sdfkit: {err}\n"
    proc = subprocess.run(
        [sys.executable, "-m", "sdfkit.cli", "parse", str(path), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr
    if expected is not None:
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr == expected
    else:
        assert proc.returncode == 0, proc.stderr
        assert "internal error" not in proc.stderr

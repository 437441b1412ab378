"""Shared fixtures: the bundled report, and edited copies of it made inside the tests."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from sdfkit import paths
from sdfkit.parse.pipeline import read_report
from sdfkit.report import Report

REPORT_PATH = paths.RAW / "000_ad13b4a15167881f.txt"
GOLDEN = Path(__file__).parent / "golden"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def report_path() -> Path:
    return REPORT_PATH


@pytest.fixture(scope="session")
def report_text() -> str:
    return REPORT_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def bundled() -> Report:
    return read_report(REPORT_PATH)


def write_variant(
    tmp_path: Path,
    text: str,
    name: str = "variant.txt",
    encoding: str = "utf-8",
    newline: str = "\n",
    bom: bool = False,
) -> Path:
    """Write an edited copy of a report and return its path."""
    data = text.replace("\n", newline).encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / name
    path.write_bytes(data)
    return path


def replace_once(text: str, old: str, new: str) -> str:
    """Replace a text that must occur exactly once (so an edit cannot silently miss)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


class Links(HTMLParser):
    """Collects every href and src of a page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)


def links(page: str) -> list[str]:
    parser = Links()
    parser.feed(page)
    return parser.links

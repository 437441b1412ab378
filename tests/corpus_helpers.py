"""A small corpus for the tests: the bundled report, a next year of it, and sister
reports of other institutions (tests/sisters) in two years, written to a folder."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPORT_PATH, replace_once
from sisters import Variation, build

# The bundled report's institution, to rename it in a copy (tests may name it).
BUNDLED_INSTITUTION = "서울디지털재단"


def shift_years(text: str, by: int = 1) -> str:
    """Shift every year in the text (2020, ’20, ‘20) by ``by``."""
    text = re.sub(r"(?<![0-9,.])20[0-9]{2}(?![0-9,])", lambda m: str(int(m[0]) + by), text)
    return re.sub(r"([’‘'])([0-9]{2})(?![0-9])", lambda m: f"{m[1]}{int(m[2]) + by:02d}", text)


def next_year(text: str) -> str:
    """Given the bundled report's text, return a plausible next year's report: years
    shifted, one project's spending lower, one project renamed a little."""
    text = shift_years(text)
    text = replace_once(
        text,
        "스마트도시 정책연구 313,200 176,917 176,917 56.5% 56.5% 306,620 97.9%",
        "스마트도시 정책연구 313,200 176,917 76,917 56.5% 24.6% 206,620 66.0%",
    )
    return text


def sister_text(seed: int, year: int) -> str:
    """Given a seed and a fiscal year, return a sister report's text (tests/sisters)."""
    return build(Variation(fiscal_year=year), seed).text


def write_corpus_folder(folder: Path, sisters: bool = True) -> list[Path]:
    """Write the test corpus into ``folder`` and return the files: the bundled report,
    its next year, the bundled report renamed to another institution, and (when the
    ``sisters``) one sister institution in two years."""
    folder.mkdir(parents=True, exist_ok=True)
    text = REPORT_PATH.read_text(encoding="utf-8")
    files = {
        "sdf_2020.txt": text,
        "sdf_2021.txt": next_year(text),
        "other_2020.txt": text.replace(BUNDLED_INSTITUTION, "서울가상재단"),
    }
    if sisters:
        for year in (2020, 2021):
            files[f"sister_{year}.txt"] = sister_text(7, year)
    out = []
    for name, body in files.items():
        path = folder / name
        path.write_text(body, encoding="utf-8")
        out.append(path)
    return out

"""Every path the project uses, from one place.

Notebooks and the CLI ask here instead of writing ``../data``.
"""

from __future__ import annotations

import os
from pathlib import Path

# The repository root: the folder that holds this package. SDFKIT_ROOT overrides
# it so an installed package can still find a checkout's data.
ROOT = Path(os.environ.get("SDFKIT_ROOT", Path(__file__).resolve().parent.parent))
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
REPORTS = ROOT / "reports"
NOTEBOOKS = ROOT / "notebooks"
ALIASES = DATA / "aliases.csv"


def bundled_reports() -> list[Path]:
    """Return the report texts shipped in ``data/raw/``, sorted by name."""
    return sorted(p for p in RAW.glob("*.txt") if p.is_file())


def default_report() -> Path:
    """Return the first bundled report: what ``make reports`` and the notebooks use
    when no report is given."""
    reports = bundled_reports()
    if not reports:
        raise FileNotFoundError(f"no report in {RAW}")
    return reports[0]

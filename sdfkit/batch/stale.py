"""Removing what an earlier run left and this run does not write again.

Only names the batch itself makes are touched (``overview.html``,
``project_07.ipynb``, ``figures/project_07_rank.png``, the temporary files of an
interrupted atomic write), only directly inside a report's folder and its
``figures/``, and links are removed as links, never followed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from sdfkit.publish import site

PAGE_FILE = re.compile(r"^(?:overview|audit|compare|project_\d{2,})\.(?:ipynb|html)$")
# Temporary files left by an interrupted atomic_write of one of our outputs.
PAGE_TMP = re.compile(
    r"^\.(?:overview|audit|compare|project_\d{2,}|index)\.(?:ipynb|html)\.[A-Za-z0-9_]+\.tmp$"
)
FIGURE_TMP = re.compile(r"^\.[a-z0-9]+(?:_[a-z0-9]+)*\.png\.[A-Za-z0-9_]+\.tmp$")


def remove_stale(out_dir: str | Path, keep: set[str]) -> list[Path]:
    """Given a report's output folder and the page stems of this run, remove the
    pages of other stems (``project_14.html`` …) and temporary files left by an
    interrupted run; return what was removed."""
    root = Path(out_dir)
    removed: list[Path] = []
    for entry in _entries(root):
        name = entry.name
        stale_page = PAGE_FILE.match(name) and name.rsplit(".", 1)[0] not in keep
        if stale_page or PAGE_TMP.match(name):
            removed += _unlink(entry)
    figures = root / site.FIGURES
    if figures.is_dir() and not figures.is_symlink():
        for entry in _entries(figures):
            if FIGURE_TMP.match(entry.name):
                removed += _unlink(entry)
    return removed


def remove_other_figures(out_dir: str | Path, keep: Iterable[str]) -> list[Path]:
    """Given a report's output folder and the names of the figures its notebooks
    made (this run, or an earlier one for a notebook that was up to date), remove
    every other figure of ours from ``figures/``: a figure of a project the report
    no longer has, of a chart since dropped. Return what was removed."""
    folder = Path(out_dir) / site.FIGURES
    if not folder.is_dir() or folder.is_symlink():
        return []
    wanted = set(keep)
    removed: list[Path] = []
    for entry in _entries(folder):
        if site.FIGURE_NAME.match(entry.name) and entry.name not in wanted:
            removed += _unlink(entry)
    return removed


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return [e for e in it if e.is_symlink() or e.is_file(follow_symlinks=False)]
    except FileNotFoundError:
        return []


def _unlink(entry: os.DirEntry) -> list[Path]:
    try:
        os.unlink(entry.path)
    except FileNotFoundError:
        return []
    return [Path(entry.path)]

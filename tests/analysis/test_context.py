"""Tests for sdfkit.analysis.context: the project asked for and the output folder."""

from __future__ import annotations

import pytest

from sdfkit.analysis import context


def test_check_project(bundled):
    assert context.check_project(bundled, "8") == 8
    with pytest.raises(ValueError, match="valid"):
        context.check_project(bundled, 99)
    with pytest.raises(ValueError):
        context.check_project(bundled, "../8")


def test_output_dir(bundled, tmp_path):
    assert context.output_dir(bundled).name == bundled.report_id
    assert context.output_dir(bundled, tmp_path) == tmp_path

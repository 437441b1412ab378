"""Tests for sdfkit.analysis.findings: findings grouped for the pages."""

from __future__ import annotations

import pytest

from sdfkit.analysis import findings
from sdfkit.findings import FINDING_COLUMNS


def test_report_findings_falls_back_to_empty(bundled, monkeypatch):
    def broken(self):
        raise ModuleNotFoundError("No module named 'sdfkit.checks'")

    monkeypatch.setattr(type(bundled), "findings", property(broken))
    with pytest.warns(RuntimeWarning, match="findings unavailable"):
        found = findings.report_findings(bundled)
    assert found.empty and list(found.columns) == FINDING_COLUMNS


def test_findings_by_severity_and_project(bundled):
    found = findings.report_findings(bundled)
    groups = findings.findings_by_severity(found)
    assert list(groups) == ["error", "rounding", "info"]
    assert sum(len(g) for g in groups.values()) == len(found)
    mine = findings.project_findings(bundled, 8)
    assert (mine["project_no"] == 8).all()

"""The corpus' front page: ``<out>/index.html`` over every report of a run.

One row per report: institution, fiscal year, as-of date, budget, spent %,
findings and audit completion, linking the report's own site; a link to the
comparison page; and the files that could not be read, each with its one-line
error. The figures are the comparison notebook's own (``analysis.compare``'s
execution, audit and findings panels), so the index and the comparison page agree.
The page is the Jinja2 template ``templates/corpus_index.html.j2`` (autoescape on).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from sdfkit.analysis.values import is_missing
from sdfkit.output import atomic_write_text, safe_child
from sdfkit.publish import site
from sdfkit.publish.fonts import embed_font
from sdfkit.publish.render import render


def report_rows(corpus, linked: Iterable[str] = (), failed: Mapping[str, int] | None = None):
    """Given a corpus, the report ids whose site has an index, and the number of
    failed notebooks by report id, return the index's rows (texts ready to show)."""
    from sdfkit.analysis import compare

    failed = dict(failed or {})
    linked = set(linked)
    if not len(corpus):
        return []
    execution = compare.execution_panel(corpus).set_index("report_id")
    audit = compare.audit_panel(corpus).set_index("report_id")
    findings = compare.findings_panel(corpus).set_index("report_id")
    rows = []
    for rid, report in corpus.reports.items():
        ex = execution.loc[rid] if rid in execution.index else {}
        au = audit.loc[rid] if rid in audit.index else {}
        fi = findings.loc[rid] if rid in findings.index else {}
        budget = ex.get("budget_m") if len(ex) else None
        rows.append(
            {
                "report_id": rid,
                "href": site.href(rid, site.INDEX) if rid in linked else None,
                "institution": site.text(report.meta.get("institution")) or rid,
                "year": site.text(report.meta.get("fiscal_year")),
                "as_of": site.date_text(report.meta.get("as_of")),
                "budget": "—" if is_missing(budget) else f"{float(budget):,.0f}",
                "spent_pct": site.pct(ex.get("spent_pct") if len(ex) else None),
                "findings": (
                    f"{int(fi.get('error', 0))}/{int(fi.get('total', 0))}" if len(fi) else "—"
                ),
                "audit": site.pct(au.get("rate_pct") if len(au) else None),
                "failed": failed.get(rid, 0),
            }
        )
    return rows


def write_corpus_index(
    corpus,
    out_dir: str | Path,
    *,
    linked: Iterable[str] = (),
    compare: dict | None = None,
    errors: Iterable[tuple[str, str]] = (),
    failures: Iterable[tuple[str, str]] = (),
    failed_counts: Mapping[str, int] | None = None,
    key: str = "",
) -> Path:
    """Given a corpus and the run's output folder, write ``index.html`` there
    (atomically, with its Hangul font) and return its path. ``linked``: the
    report ids whose site exists; ``compare``: the comparison page; ``errors``:
    (file, one-line error) of the reports not read; ``failures``: other steps
    that failed."""
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    text = render(
        "corpus_index.html.j2",
        key=key,
        rows=report_rows(corpus, linked, failed_counts),
        compare=compare,
        errors=[(str(p), e) for p, e in errors],
        failures=list(failures),
        duplicates=[(str(p), rid) for p, rid in corpus.duplicates],
    )
    return atomic_write_text(safe_child(root, site.INDEX), embed_font(text))

"""The command line: ``sdfkit parse``, ``check``, ``text`` and ``run``.

Every error a user can cause ends as one line on stderr,
``sdfkit: FILE[:LINE]: what is wrong``, and exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sdfkit import paths
from sdfkit.exceptions import SdfkitError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for the sdfkit command."""
    parser = argparse.ArgumentParser(
        prog="sdfkit",
        description="Read a Seoul audit work report (행정사무감사 업무보고) into tidy tables.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse a report into CSV/xlsx tables and findings")
    p.add_argument("report", type=Path, help="the report's text (UTF-8, UTF-8 BOM or cp949)")
    p.add_argument("--out", type=Path, required=True, help="folder for meta.json, CSVs, xlsx")
    p.add_argument("--encoding", help="the text's encoding, when detection is not enough")

    c = sub.add_parser("check", help="print the consistency findings of a report")
    c.add_argument("report", type=Path)
    c.add_argument("--encoding")
    c.add_argument("--strict", action="store_true", help="exit 1 when there is any error")

    t = sub.add_parser(
        "text", help="print a report's lines as the parser reads them (the `line` of every row)"
    )
    t.add_argument("report", type=Path, help="the report: text, HWP, HWPX or PDF")
    t.add_argument("--encoding", help="the text's encoding, when detection is not enough")

    r = sub.add_parser("run", help="parse and run every notebook into an HTML report site")
    r.add_argument("report", type=Path, nargs="?", help="default: the bundled report")
    r.add_argument("--out", type=Path, default=paths.REPORTS, help="default: reports/")
    r.add_argument("--jobs", type=int, default=None, help="parallel notebooks (default: cores)")
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def cmd_parse(args: argparse.Namespace) -> int:
    from sdfkit.parse.pipeline import read_report
    from sdfkit.publish.tables import write_tables

    report = read_report(args.report, encoding=args.encoding)
    written = write_tables(report, args.out)
    findings = report.findings
    counts = findings["severity"].value_counts().to_dict()
    missing = findings[findings["check"] == "section_missing"]
    for message in missing["message"]:
        print(f"sdfkit: {args.report}: {message}", file=sys.stderr)
    print(
        f"{args.report}: {report.meta.get('institution')} {report.meta.get('fiscal_year')}: "
        f"wrote {len(written)} files to {args.out} "
        f"({counts.get('error', 0)} errors, {counts.get('rounding', 0)} rounding, "
        f"{counts.get('info', 0)} notes in findings.csv)"
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from sdfkit.checks import summarize
    from sdfkit.parse.coverage import number_coverage
    from sdfkit.parse.pipeline import read_report
    from sdfkit.read.text import decode, read_bytes

    report = read_report(args.report, encoding=args.encoding)
    findings = report.findings
    print(summarize(findings))
    text = decode(read_bytes(args.report), args.report, args.encoding)
    numbers, ratio = number_coverage(report, text)
    print(
        f"\nCoverage: {ratio:.1%} of the {len(numbers):,} numbers in the report's tables "
        "are in a table cell or named in a finding."
    )
    if args.strict and (findings["severity"] == "error").any():
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from sdfkit.batch import run_batch

    report = args.report or paths.default_report()
    result = run_batch(Path(report), Path(args.out), jobs=args.jobs, progress=not args.no_progress)
    return result.exit_code


def cmd_text(args: argparse.Namespace) -> int:
    from sdfkit.read.source import read_source

    source = read_source(args.report, encoding=args.encoding)
    for note in source.notes:
        print(f"sdfkit: {args.report}: {note}", file=sys.stderr)
    # Tab-separated with a header, so the output is both read and grepped: `line`
    # is the number every table's and finding's `line` refers to; PDF adds `page`.
    pages = source.has_pages
    print("line\tpage\ttext" if pages else "line\ttext")
    for line in source.lines:
        cells = [str(line.no), str(line.page or "")] if pages else [str(line.no)]
        print("\t".join([*cells, line.text]))
    return EXIT_OK


COMMANDS = {"parse": cmd_parse, "check": cmd_check, "text": cmd_text, "run": cmd_run}


def main(argv: list[str] | None = None) -> int:
    """Run the sdfkit command; return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except SdfkitError as err:
        print(f"sdfkit: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("sdfkit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``sdfkit check … | head``): nothing is wrong. Point
        # stdout at /dev/null so the final flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as err:  # noqa: BLE001 - the promise is one line, never a traceback
        where = getattr(args, "report", None) or "sdfkit"
        print(f"sdfkit: {where}: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The command line: ``sdfkit parse``, ``check``, ``text`` and ``run``.

Every error a user can cause ends as one line on stderr,
``sdfkit: FILE[:LINE]: what is wrong``, and exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
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
    p.add_argument(
        "report", type=Path, nargs="+", help="the report, or several reports or folders of them"
    )
    p.add_argument(
        "--out", type=Path, required=True, help="folder for the tables (several: + corpus/)"
    )
    p.add_argument("--encoding", help="the text's encoding, when detection is not enough")

    c = sub.add_parser("check", help="print the consistency findings of a report")
    c.add_argument("report", type=Path)
    c.add_argument("--encoding")
    c.add_argument("--strict", action="store_true", help="exit 1 when there is any error")
    c.add_argument(
        "--lang", choices=["ko", "en"], default="ko", help="language of the findings (default: ko)"
    )

    t = sub.add_parser(
        "text", help="print a report's lines as the parser reads them (the `line` of every row)"
    )
    t.add_argument("report", type=Path, help="the report: text, HWP, HWPX or PDF")
    t.add_argument("--encoding", help="the text's encoding, when detection is not enough")

    r = sub.add_parser(
        "run", help="parse every report and run every notebook into HTML sites and an index"
    )
    r.add_argument(
        "inputs",
        type=Path,
        nargs="*",
        metavar="FOLDER|FILE",
        help="report files and folders of them (default: data/raw/)",
    )
    r.add_argument("--out", type=Path, default=paths.REPORTS, help="default: reports/")
    r.add_argument("--jobs", type=int, default=None, help="parallel notebooks (default: cores)")
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    r.add_argument(
        "--processed",
        type=Path,
        default=paths.PROCESSED,
        help="folder for the parsed tables, one folder per report (default: data/processed/)",
    )
    r.add_argument("--force", action="store_true", help="run every notebook, even if up to date")
    r.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        default=None,
        help="run the notebooks on a Dask cluster (default: $SDFKIT_DASK_SCHEDULER, else locally)",
    )
    return parser


def cmd_parse(args: argparse.Namespace) -> int:
    from sdfkit.parse.pipeline import coverage_text, read_report
    from sdfkit.publish.tables import write_tables

    if len(args.report) > 1 or args.report[0].is_dir():
        return parse_corpus(args)
    args.report = args.report[0]
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
    print(coverage_text(report.meta))
    return EXIT_OK


def parse_corpus(args: argparse.Namespace) -> int:
    """Parse several reports (files and folders) into per-report folders and
    corpus/; a file that cannot be read is listed and makes the exit status 1."""
    from sdfkit.publish.corpus import parse_many

    inputs = list(args.report)
    args.report = " ".join(map(str, inputs))  # what an internal-error line names
    corpus, written, lines = parse_many(inputs, args.out, encoding=args.encoding)
    print("\n".join(lines))
    for _path, error in corpus.errors:
        print(f"sdfkit: {error}", file=sys.stderr)
    print(
        f"wrote {len(written)} files to {args.out}: {len(corpus)} reports, the panel in "
        f"{args.out / 'corpus'}; {len(corpus.errors)} not read"
    )
    return EXIT_FINDINGS if corpus.errors else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from sdfkit.checks import summarize
    from sdfkit.parse.coverage import number_coverage
    from sdfkit.parse.pipeline import read_report
    from sdfkit.read.text import decode, read_bytes

    report = read_report(args.report, encoding=args.encoding)
    findings = report.findings
    print(summarize(findings, args.lang))
    text = decode(read_bytes(args.report), args.report, args.encoding)
    numbers, ratio = number_coverage(report, text)
    if args.lang == "en":
        print(
            f"\nCoverage: {ratio:.1%} of the {len(numbers):,} numbers in the report's tables "
            "are in a table cell or named in a finding."
        )
    else:
        print(
            f"\n수치 포괄률: 보고서 표 안의 숫자 {len(numbers):,}개 가운데 {ratio:.1%}가 "
            "표의 칸에 들어 있거나 점검 결과에 언급되어 있습니다."
        )
    if args.strict and (findings["severity"] == "error").any():
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from sdfkit.batch.corpus import run_corpus

    result = run_corpus(
        args.inputs or [paths.RAW],
        args.out,
        processed=args.processed,
        jobs=args.jobs,
        progress=not args.no_progress,
        force=args.force,
        scheduler=args.scheduler or os.environ.get("SDFKIT_DASK_SCHEDULER") or None,
    )
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


class Terminated(KeyboardInterrupt):
    """SIGTERM (a service manager, ``kill``, a CI time-out): stopped as Ctrl-C is,
    the batch's workers and kernels with it."""


def _terminate(signum, frame) -> None:
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    """Run the sdfkit command; return its exit status."""
    args = build_parser().parse_args(argv)
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return COMMANDS[args.command](args)
    except SdfkitError as err:
        print(f"sdfkit: {err}", file=sys.stderr)
        return EXIT_USAGE
    except Terminated:
        print("sdfkit: terminated", file=sys.stderr)
        return 128 + int(signal.SIGTERM)
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
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The `factcheck` command: extract claims from files, folders or standard input."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence

from factcheck.errors import InputError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with our usage code (2) and a one-line hint."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        command = " ".join(self.prog.split()[1:])
        sys.stderr.write(f"factcheck: error: {message} (see 'factcheck {command + ' ' if command else ''}--help')\n")
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    from factcheck.archive.command import add_commands as add_archive_commands
    from factcheck.render.claims import CLAIM_FORMATS
    from factcheck.render.formats import REPORT_FORMATS, formats_help

    p = _Parser(prog="factcheck", description="Check the facts and figures in news text.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    ex = sub.add_parser("extract", help="print every figure in the documents as a typed claim",
                        description="Print every figure in the documents as a typed claim.")
    ex.add_argument("paths", nargs="+", metavar="PATH",
                    help="a .txt/.md file, a folder (recursive; corpus.yaml gives metadata), or - for stdin")
    ex.add_argument("--format", choices=CLAIM_FORMATS, default="table",
                    help="json (the contract), jsonl (one claim a line) or table (default)")
    ex.add_argument("--figures-only", action="store_true",
                    help="the bare figures: no time expressions, periods, measures, places or attribution")
    _document_options(ex)
    ck = sub.add_parser("check", help="report contradictions, arithmetic, rule violations and attribution gaps",
                        description="Check documents (and optionally against an archive) before publication. "
                                    "Exit 0: nothing at or above --fail-on; 1: findings at or above it; "
                                    "2: usage or input error.")
    ck.add_argument("paths", nargs="+", metavar="PATH", help="documents to check (files, folders, or - for stdin)")
    ck.add_argument("--against", nargs="+", default=[], metavar="PATH",
                    help="earlier reporting to check against (files, folders, or an archive made by "
                         "'factcheck index'); not itself reported on")
    ck.add_argument("--format", choices=tuple(REPORT_FORMATS), default="text", help=formats_help())
    ck.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                    help="lowest severity that makes the exit code 1 (default: error)")
    _rule_options(ck)
    _document_options(ck)
    ck.add_argument("--stdin-filename", default=None, metavar="PATH",
                    help="the file that text read from stdin stands for (an editor's unsaved buffer): "
                         "diagnostics name it, its id is its stem, a corpus.yaml beside it gives metadata")
    sub.add_parser("schema", help="print the JSON Schema of one claim")
    lsp = sub.add_parser("lsp", help="run the language server on stdin/stdout (docs/lsp.md)",
                         description="Run the language server over stdio: editors get diagnostics while "
                                     "typing and the record of a figure on hover (docs/lsp.md).")
    lsp.add_argument("--stdio", action="store_true", help="accepted for LSP clients that pass it; stdio is "
                                                          "the only transport")
    add_archive_commands(sub, _rule_options, _encoding_option)
    return p


def _rule_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", default=[], metavar="DIR",
                   help="a rule pack file or folder of packs to add (repeatable; docs/rules.md)")
    p.add_argument("--no-default-rules", action="store_true",
                   help="do not use the shipped rule packs (the built-in checks still run)")


def _document_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--id", dest="stdin_id", default=None, help="document id for text read from stdin (default: stdin)")
    p.add_argument("--published", dest="stdin_published", default=None,
                   help="publication date of text read from stdin: YYYY, YYYY-MM or YYYY-MM-DD")
    _encoding_option(p)


def _encoding_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--encoding", default=None, help="text encoding of the files (default: UTF-8)")


def report_errors(errors: Sequence[InputError]) -> None:
    """Each input problem on standard error, one line each (file, line, what to do)."""
    for e in errors:
        sys.stderr.write(f"factcheck: {e}\n")


def _published_ok(args: argparse.Namespace) -> bool:
    from factcheck.records import PartialDate

    if args.stdin_published is None:
        return True
    try:
        PartialDate.model_validate(args.stdin_published)
    except ValueError:
        sys.stderr.write(f"factcheck: --published {args.stdin_published!r} is not a date "
                         "(use YYYY, YYYY-MM or YYYY-MM-DD)\n")
        return False
    return True


def _load(args: argparse.Namespace, paths: Sequence[str]):  # -> LoadResult
    from factcheck.documents import load_documents

    loaded = load_documents(paths, stdin_id=args.stdin_id, stdin_published=args.stdin_published,
                            encoding=args.encoding, stdin_filename=getattr(args, "stdin_filename", None))
    for w in loaded.warnings:  # suspect text (mojibake, control characters): read, but worth a look; exit code kept
        sys.stderr.write(f"factcheck: warning: {w}\n")
    return loaded


def _extract(args: argparse.Namespace) -> int:
    from factcheck.config import ExtractConfig
    from factcheck.extract import extract_each
    from factcheck.render import claims as render

    if not _published_ok(args):
        return EXIT_USAGE
    loaded = _load(args, args.paths)
    config = ExtractConfig(context=not args.figures_only)
    by_doc, failed = extract_each(loaded.documents, config)  # a document it fails on is named; the rest go on
    claims = [c for cs in by_doc.values() for c in cs]
    if args.format == "json":
        out = render.render_json(claims)
    elif args.format == "jsonl":
        out = render.render_jsonl(claims)
    else:
        out = render.render_table(claims, width=shutil.get_terminal_size((160, 24)).columns,
                                  color=sys.stdout.isatty())
    sys.stdout.write(out)
    report_errors([*loaded.errors, *failed])
    return EXIT_USAGE if loaded.errors or failed else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from factcheck.checker import check_against, rule_config
    from factcheck.claimindex import open_against
    from factcheck.config import ExtractConfig
    from factcheck.records import SEVERITY_ORDER
    from factcheck.render.formats import render_report
    from factcheck.rulepacks import rule_set

    if not _published_ok(args):
        return EXIT_USAGE
    rules, rule_errors = rule_set(args.rules, defaults=not args.no_default_rules)
    if rule_errors:
        report_errors(rule_errors)
        return EXIT_USAGE
    config = rule_config(ExtractConfig(), rules)
    loaded = _load(args, args.paths)
    archive, archive_errors = open_against(args.against, config, encoding=args.encoding)
    errors = [*loaded.errors, *archive_errors]
    result = check_against(loaded.documents, archive, config=config, rules=rules)
    errors += result.errors
    report = result.report
    sys.stdout.write(render_report(args.format, result, width=shutil.get_terminal_size((100, 24)).columns,
                                   color=sys.stdout.isatty()))
    report_errors(errors)
    if errors:
        return EXIT_USAGE
    threshold = SEVERITY_ORDER[args.fail_on]
    return EXIT_FINDINGS if any(SEVERITY_ORDER[f.severity] >= threshold for f in report.findings) else EXIT_OK


def _lsp(_: argparse.Namespace) -> int:
    from factcheck.lsp.server import serve

    serve()
    return EXIT_OK


def _schema(_: argparse.Namespace) -> int:
    from factcheck.records import claim_json_schema

    sys.stdout.write(json.dumps(claim_json_schema(), indent=2) + "\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    from factcheck.archive.command import index_command, stats_command

    args = _parser().parse_args(argv)
    try:
        return {"extract": _extract, "check": _check, "schema": _schema, "lsp": _lsp, "index": index_command,
                "archive": stats_command}[args.command](args)
    except InputError as e:
        report_errors([e])
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("factcheck: interrupted\n")
        return 130


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())

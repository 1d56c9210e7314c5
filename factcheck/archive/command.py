"""The archive's commands: `factcheck index PATH… --db FILE` and `factcheck archive stats FILE`.

Progress goes to standard error; standard output gets a one-line summary (or JSON with --format json).
Exit codes as everywhere: 0 done, 2 a bad document (the others were indexed) or an unusable archive.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

EXIT_OK, EXIT_USAGE = 0, 2


def add_commands(sub: argparse._SubParsersAction, rule_options: Callable[[argparse.ArgumentParser], None],
                 encoding_option: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add `index` and `archive` to the `factcheck` command's subparsers."""
    ix = sub.add_parser("index", help="extract documents into an SQLite archive to check drafts against",
                        description="Extract documents and store them with their claims in an SQLite archive, "
                                    "for 'factcheck check DRAFT --against ARCHIVE'. Incremental: unchanged files "
                                    "are skipped, changed ones replaced, removed ones dropped. Exit 0: done; "
                                    "2: a document could not be indexed (the others were) or the archive "
                                    "cannot be used.")
    ix.add_argument("paths", nargs="+", metavar="PATH", help="files and folders of documents (corpus.yaml gives "
                                                             "metadata)")
    ix.add_argument("--db", required=True, metavar="FILE", help="the archive to create or update, e.g. archive.sqlite")
    ix.add_argument("--jobs", type=int, default=None, metavar="N",
                    help="extraction processes on this machine (default: every core; 1 runs in this process)")
    ix.add_argument("--engine", choices=("process", "dask"), default="process",
                    help="process (this machine, default) or dask (a cluster: see --scheduler, docs/scale.md)")
    ix.add_argument("--scheduler", default=None, metavar="ADDRESS",
                    help="the Dask scheduler for --engine dask, e.g. tcp://10.0.0.5:8786")
    ix.add_argument("--format", choices=("text", "json"), default="text", help="the summary's form")
    rule_options(ix)
    encoding_option(ix)
    ar = sub.add_parser("archive", help="inspect an archive made by 'factcheck index'",
                        description="Inspect an archive made by 'factcheck index'.")
    ar_sub = ar.add_subparsers(dest="archive_command", required=True, metavar="COMMAND", parser_class=type(ar))
    st = ar_sub.add_parser("stats", help="what the archive holds, its size, and whether it needs re-indexing",
                           description="Summarise an archive: documents, claims, linking keys, size, and "
                                       "whether its claims were made with this factcheck's settings.")
    st.add_argument("db", metavar="FILE", help="the archive")
    st.add_argument("--format", choices=("text", "json"), default="text")


def index_command(args: argparse.Namespace) -> int:
    from factcheck.archive.batch import index
    from factcheck.checker import rule_config
    from factcheck.cli import report_errors
    from factcheck.config import ExtractConfig
    from factcheck.rulepacks import rule_set

    if args.jobs is not None and args.jobs < 1:
        sys.stderr.write("factcheck: --jobs must be 1 or more\n")
        return EXIT_USAGE
    if "-" in args.paths:
        sys.stderr.write("factcheck: index reads files and folders, not standard input ('-')\n")
        return EXIT_USAGE
    rules, rule_errors = rule_set(args.rules, defaults=not args.no_default_rules)
    if rule_errors:
        report_errors(rule_errors)
        return EXIT_USAGE
    summary, errors = index(args.paths, args.db, config=rule_config(ExtractConfig(), rules), engine=args.engine,
                            jobs=args.jobs, scheduler=args.scheduler, encoding=args.encoding)
    sys.stdout.write((summary.json() if args.format == "json" else summary.line()) + "\n")
    report_errors(errors)
    return EXIT_USAGE if errors else EXIT_OK


def stats_command(args: argparse.Namespace) -> int:
    import json

    from factcheck.archive.schema import open_archive
    from factcheck.archive.stable import fingerprint
    from factcheck.archive.stats import archive_stats, render_stats
    from factcheck.checker import rule_config
    from factcheck.config import ExtractConfig
    from factcheck.rulepacks import default_rules

    conn = open_archive(args.db)
    try:
        stats = archive_stats(conn, args.db, fingerprint(rule_config(ExtractConfig(), default_rules())))
    finally:
        conn.close()
    sys.stdout.write(json.dumps(stats, indent=2) + "\n" if args.format == "json" else render_stats(stats))
    return EXIT_OK

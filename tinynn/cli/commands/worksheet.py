"""`tinynn worksheet`: one exercise per student with numbers of its own, the answer key
(tinynn/teach/worksheet.py, imported when the command runs) and the roster of who got
which sheet (tinynn/teach/roster.py)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from tinynn.args.options import EXIT_FAILED, error_line, say, whole_number
from tinynn.core.errors import ConfigError
from tinynn.teach.roster import ROSTER_FILE, default_names, read_names, roster_csv


def register(subparsers: Any) -> None:
    """Add `tinynn worksheet` to the CLI's subparsers."""
    p = subparsers.add_parser(
        "worksheet",
        help="one exercise per student with numbers of its own, and the answer key",
        description="Write one worksheet per student (Markdown and LaTeX: the network, the "
        "starting numbers, the blanks in order), each with numbers of its own and an ID that "
        "rebuilds it, a blank answers file per student for 'tinynn check --answers FILE "
        "--worksheet ID', the answer key for the teacher (key.md, and key.tex to print) and "
        "roster.csv (which student got which ID, "
        "for 'tinynn grade --roster'). With --id, rebuild one sheet. A value "
        "is right with at least 3 significant digits, or exact (or within the lesson's "
        "tolerance). A folder that already holds worksheet files is refused unless --force; "
        "an answers file a student filled in is never replaced. Exit 0 written, 1 a file "
        "that cannot be written (nothing is replaced), 2 a usage mistake.",
    )
    p.add_argument(
        "--lesson", metavar="NAME", help="a shipped lesson (default: by-hand), or a lesson file"
    )
    p.add_argument(
        "--students",
        type=whole_number(),
        help="how many sheets (default: 30, or one per name of --names)",
    )
    p.add_argument(
        "--names",
        metavar="FILE",
        help="the students' names, one a line: sheet k goes to the k-th name in roster.csv "
        "(default: student 1, student 2, ...)",
    )
    p.add_argument("--seed", type=whole_number(), default=0, help="the class's seed (default: 0)")
    p.add_argument("--out", metavar="DIR", help="the folder to write to")
    p.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that already holds worksheet files, replacing them (never "
        "an answers file with answers in it)",
    )
    p.add_argument("--id", metavar="ID", help="rebuild the sheet of this ID")
    p.add_argument(
        "--format",
        choices=["markdown", "latex", "answers", "key"],
        default="markdown",
        help="with --id and no --out: what to print",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """`tinynn worksheet`: write the sheets (or print one rebuilt from its ID); exit 0, or 1
    when a file cannot be written."""
    from tinynn.teach.worksheet import (
        blank_answers,
        build_sheets,
        check_command,
        key_markdown,
        sheet_from_id,
        sheet_latex,
        sheet_markdown,
    )
    from tinynn.teach.worksheet_files import SheetsNotWritten, write_sheets

    if args.lesson == "":
        raise ConfigError("--lesson needs a name")
    roster: list[tuple[str, str]] = []  # a class's roster.csv; a sheet rebuilt has none
    if args.id is not None:
        sheets = [sheet_from_id(args.id, args.lesson)]
        if not args.out:
            sheet = sheets[0]
            text = {"markdown": sheet_markdown, "latex": sheet_latex, "answers": blank_answers}
            out.write(key_markdown(sheets) if args.format == "key" else text[args.format](sheet))
            return 0
    elif not args.out:
        raise ConfigError("name a folder for the sheets: --out DIR (or rebuild one: --id ID)")
    else:
        names = read_names(args.names) if args.names is not None else None
        students = args.students if args.students is not None else len(names or ()) or 30
        if names is not None and students != len(names):
            raise ConfigError(f"--students {students} but {len(names)} names in {args.names}")
        sheets = build_sheets(args.lesson, students, args.seed)
        ids = [s.id for s in sheets]
        roster = [(ROSTER_FILE, roster_csv(names or default_names(len(sheets)), ids))]
    try:
        paths = write_sheets(sheets, args.out, args.force, roster)
    except SheetsNotWritten as e:
        say(error_line(str(e)))
        return EXIT_FAILED
    if args.id is not None:
        out.write(f"wrote {', '.join(paths)}\n")
        return 0
    out.write(
        f"wrote {len(sheets)} worksheet{'s' * (len(sheets) != 1)} ({sheets[0].id} to "
        f"{sheets[-1].id}: .md, .tex and a blank .answers.txt each), key.md, key.tex and "
        f"{ROSTER_FILE} to {args.out}\n"
        f"a student checks their sheet with: {check_command(sheets[0])}\n"
    )
    return 0

"""`tinynn worksheet`: one exercise per student with numbers of its own, and the answer key
(tinynn/teach/worksheet.py, imported when the command runs)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from tinynn.core.errors import ConfigError


def register(subparsers: Any) -> None:
    """Add `tinynn worksheet` to the CLI's subparsers."""
    p = subparsers.add_parser(
        "worksheet",
        help="one exercise per student with numbers of its own, and the answer key",
        description="Write one worksheet per student (Markdown and LaTeX: the network, the "
        "starting numbers, the blanks in order), each with numbers of its own and an ID that "
        "rebuilds it, a blank answers file per student for 'tinynn check --answers FILE "
        "--worksheet ID', and the answer key for the teacher (key.md, and key.tex to print). "
        "With --id, rebuild one sheet.",
    )
    p.add_argument(
        "--lesson", metavar="NAME", help="a shipped lesson (default: by-hand), or a lesson file"
    )
    p.add_argument("--students", type=int, default=30, help="how many sheets (default: 30)")
    p.add_argument("--seed", type=int, default=0, help="the class's seed (default: 0)")
    p.add_argument("--out", metavar="DIR", help="the folder to write to")
    p.add_argument("--id", metavar="ID", help="rebuild the sheet of this ID")
    p.add_argument(
        "--format",
        choices=["markdown", "latex", "answers", "key"],
        default="markdown",
        help="with --id and no --out: what to print",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """`tinynn worksheet`: write the sheets (or print one rebuilt from its ID); exit 0."""
    from tinynn.teach.worksheet import (
        blank_answers,
        build_sheets,
        check_command,
        key_markdown,
        lesson_args,
        sheet_from_id,
        sheet_latex,
        sheet_markdown,
        write_sheets,
    )

    if args.id is not None:
        sheet = sheet_from_id(args.id, lesson_args(args.lesson)[1])
        if args.out:
            paths = write_sheets([sheet], args.out)
            out.write(f"wrote {', '.join(paths)}\n")
            return 0
        text = {"markdown": sheet_markdown, "latex": sheet_latex, "answers": blank_answers}
        out.write(key_markdown([sheet]) if args.format == "key" else text[args.format](sheet))
        return 0
    if not args.out:
        raise ConfigError("name a folder for the sheets: --out DIR (or rebuild one: --id ID)")
    name, file = lesson_args(args.lesson)
    sheets = build_sheets(name, args.students, args.seed, file)
    write_sheets(sheets, args.out)
    out.write(
        f"wrote {len(sheets)} worksheet{'s' * (len(sheets) != 1)} ({sheets[0].id} to "
        f"{sheets[-1].id}: .md, .tex and a blank .answers.txt each), key.md and key.tex to "
        f"{args.out}\n"
        f"a student checks their sheet with: {check_command(sheets[0])}\n"
    )
    return 0

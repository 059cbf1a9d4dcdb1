"""`tinynn explain`: the trace of one SGD step, one line per scalar, numbers substituted,
as text, Markdown, JSON or LaTeX."""

from __future__ import annotations

import argparse
from typing import TextIO

from tinynn.args.options import EXIT_OK, add_digits_option, lesson_and_setup
from tinynn.cli.commands import Subparsers, add_command
from tinynn.render.json import trace_json
from tinynn.render.latex import trace_latex
from tinynn.render.markdown import intro_markdown, trace_markdown
from tinynn.render.text import trace_text
from tinynn.run.trace import trace_step


def register(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "explain",
        run,
        help="print every scalar computation of one SGD step",
        description="Print the trace of one SGD step: forward, loss, backward and "
        "update, one line per scalar, with the numbers substituted.",
    )
    p.add_argument(
        "--format",
        choices=["text", "markdown", "json", "latex"],
        default="text",
        help="text (default), a Markdown table per phase, JSON with full-precision values, "
        "or LaTeX (amsmath, an align* per phase) for a handout",
    )
    p.add_argument(
        "--chain",
        action="store_true",
        help="text: also each gradient's chain rule with its factors (Markdown and JSON always "
        "carry it)",
    )
    add_digits_option(p, "printed")


def run(args: argparse.Namespace, out: TextIO) -> int:
    lesson, setup = lesson_and_setup(args, args.command)
    trace = trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task, args.digits)
    if args.format == "json":
        out.write(trace_json(trace, setup))
    elif args.format == "latex":
        title, text = (lesson.title, lesson.text) if lesson else (None, "")
        out.write(trace_latex(trace, setup, args.digits, title, text))
    elif args.format == "markdown":
        out.write(intro_markdown(lesson.title, lesson.text) if lesson else "")
        out.write(trace_markdown(trace, setup, args.digits))
    else:
        out.write(lesson.intro() if lesson else "")
        out.write(trace_text(trace, setup, args.digits, args.chain))
    return EXIT_OK

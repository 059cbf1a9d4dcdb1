"""The parser of `tinynn` (tinynn/cli/parser.py): one module per subcommand, each registering
its parser and running it; `tinynn --help` lists them in COMMANDS' order."""

from __future__ import annotations

import argparse
import inspect
import io
import re
import subprocess
import sys
from types import ModuleType

import pytest
from helpers import REPO, run

from tinynn import __version__
from tinynn.cli import commands
from tinynn.cli.parser import COMMANDS, build_parser

SUBCOMMANDS = [
    "explain", "train", "gradcheck", "compare", "lessons", "quiz", "bughunt", "errata", "tui",
    "check", "worksheet", "grade",
]  # fmt: skip


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_subcommand_is_registered_in_the_order_help_lists_them() -> None:
    assert list(subparsers(build_parser())) == SUBCOMMANDS
    code, out, _ = run("--help")
    commands_part = out.split("  COMMAND\n", 1)[1].split("\n\n", 1)[0]
    listed = re.findall(r"^    (\S+)", commands_part, re.MULTILINE)  # not the wrapped lines
    assert code == 0 and listed == SUBCOMMANDS


@pytest.mark.parametrize("module", COMMANDS, ids=lambda m: m.__name__)
def test_each_command_module_registers_its_parser_and_runs_it(module: ModuleType) -> None:
    """register(subparsers) adds the parser named like the module, whose func is its run."""
    assert module.__name__ == f"{commands.__name__}.{module.__name__.rsplit('.', 1)[1]}"
    assert len(inspect.signature(module.register).parameters) == 1  # the subparsers
    assert list(inspect.signature(module.run).parameters) == ["args", "out"]
    name = module.__name__.rsplit(".", 1)[1]
    parser = subparsers(build_parser())[name]
    assert parser.get_default("func") is module.run
    assert parser.prog == f"tinynn {name}"


def test_a_command_runs_its_module_with_the_output_given() -> None:
    out = io.StringIO()
    args = build_parser().parse_args(["errata"])
    assert args.func(args, out) == 0
    code, printed, _ = run("errata")
    assert code == 0 and out.getvalue() == printed and printed.startswith("E1  ")


def test_common_options_go_only_to_the_commands_that_take_them() -> None:
    parsers = subparsers(build_parser())
    with_common = {n for n, p in parsers.items() if "--lr" in p._option_string_actions}
    assert with_common == {"explain", "train", "gradcheck", "compare", "quiz", "bughunt", "tui"}
    assert "--digits" in parsers["explain"]._option_string_actions
    assert {"--digits", "--check", "--serve"} <= set(parsers["tui"]._option_string_actions)


def test_version_and_no_command() -> None:
    assert run("--version") == (0, f"tinynn {__version__}\n", "")
    code, out, err = run()
    assert code == 2 and out == "" and err.startswith("usage: tinynn")


def test_the_entry_points_and_python_m_tinynn_run_the_same_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv = ['tinynn', 'errata']; "
         "from tinynn.cli import run; run()"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    assert proc.returncode == 0 and proc.stdout == run("errata")[1]

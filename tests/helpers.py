"""Helpers shared by the CLI tests: run the CLI in-process or in a real process, check errors."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from tinynn import Params
from tinynn.cli.main import main

REPO = Path(__file__).resolve().parent.parent


def run(*argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main(list(argv), out=out)
        except SystemExit as e:  # argparse: --help, --version, usage errors
            code = e.code if isinstance(e.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def run_process(repo: Path, *argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m tinynn` in a fresh interpreter: exit codes and output as a user sees them."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    return subprocess.run(
        [sys.executable, "-m", "tinynn", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or repo,
        timeout=120,
    )


def assert_usage_error(code: int, err: str, *words: str) -> None:
    """Exit status 2 and exactly one line `tinynn...: error: ...` holding every one of `words`."""
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), err
    assert lines[0].startswith("tinynn"), err
    assert "error" in lines[0]
    for word in words:
        assert word in lines[0], (word, err)


def random_problem(
    n: int, h: int, task: str, seed: int, scale: float = 2.0
) -> tuple[Params, list[float], float]:
    """Random parameters of an n-h-1 network, an input x and a target y (0 or 1 to classify),
    every number uniform in ±scale."""
    rng = random.Random(seed)

    def u() -> float:
        return rng.uniform(-scale, scale)

    params = Params(
        [[u() for _ in range(n)] for _ in range(h)],
        [u() for _ in range(h)],
        [u() for _ in range(h)],
        u(),
    )
    y = u() if task == "regression" else float(rng.randint(0, 1))
    return params, [u() for _ in range(n)], y


def load_script(path: Path) -> ModuleType:
    """Import a script that is not in a package (under docs/ or benchmarks/) by its path."""
    name = path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module

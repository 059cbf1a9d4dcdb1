"""How long does `tinynn check` take on a correct file of the default 41 cases?

Runs `tinynn check tests/grading/students/correct.py` (the 7 lessons, the 2 default set-ups,
16 random cases of each task) as a user runs it, in a fresh process each time, in each
isolation this machine has:

    bubblewrap      the student's file in its sandbox (when `bwrap` is installed and starts)
    process group   without it (TINYNN_NO_BWRAP=1)

and reports the best and the median wall-clock time of REPEAT runs, with the part spent
inside `check_file` (measured in one process: the child's start, its 41 cases, and the
comparison with the engine's), so that the start-up of the command can be told apart.

The target (issue 18): under 1 s with bubblewrap.

    python benchmarks/bench_check.py [--repeat K]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORRECT = REPO / "tests" / "grading" / "students" / "correct.py"

# Run in a fresh process: the seconds of one check_file, and the isolation it used.
INSIDE = """
import sys, time
from tinynn.grading.isolation import isolation
from tinynn.grading.step_check import check_file
start = time.perf_counter()
result = check_file(sys.argv[1])
assert result.passed, result.report
print(f"{time.perf_counter() - start}\t{isolation().kind}")
"""


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0 or "all 41 cases ran and agree" not in done.stdout:
        sys.exit(f"bench_check: the check did not pass:\n{done.stdout}{done.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per isolation (default 7)")
    args = parser.parse_args()
    modes = [("process group", "1")]
    if shutil.which("bwrap"):
        modes.insert(0, ("bubblewrap", ""))
    else:
        print("bubblewrap (bwrap) is not installed: only the process group is timed")
    command = [sys.executable, "-m", "tinynn", "check", str(CORRECT)]
    for name, no_bwrap in modes:
        env = {**os.environ, "TINYNN_NO_BWRAP": no_bwrap}
        timed(command, env)  # warm the page cache
        walls = [timed(command, env) for _ in range(args.repeat)]
        inside = []
        for _ in range(args.repeat):
            out = subprocess.run([sys.executable, "-c", INSIDE, str(CORRECT)], env=env,
                                 capture_output=True, text=True, check=True).stdout  # fmt: skip
            seconds, used = out.strip().split("\t")
            if used != name:
                sys.exit(f"bench_check: asked for {name}, the check used {used}")
            inside.append(float(seconds))
        wall, within = statistics.median(walls), statistics.median(inside)
        print(
            f"{name:14} tinynn check: best {min(walls):.3f} s, median {wall:.3f} s"
            f"; check_file: best {min(inside):.3f} s, median {within:.3f} s"
        )


if __name__ == "__main__":
    main()

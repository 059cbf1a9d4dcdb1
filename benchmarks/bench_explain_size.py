"""`tinynn explain` at the cap on inputs × hidden units: time, memory and output size.

    python benchmarks/bench_explain_size.py [--sizes 4096,8192] [--formats text,markdown]

For each product n × h (n inputs of a CSV, h hidden units), in two shapes: about square,
and one input (the worst: what a step shows grows faster with h than with n), runs
`tinynn explain` in a fresh interpreter once per format and prints the wall time, the peak
memory of the process (ru_maxrss of the child) and the bytes written. The cap
(`tinynn.core.validate.MAX_SHOWN_WEIGHTS`) is chosen so that every format stays under a
second and a few MB; the last size, twice the cap, explain refuses (exit 2).
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import subprocess
import sys
import tempfile
import time

FORMATS = ("text", "markdown", "json", "latex")


def shapes(product: int) -> list[tuple[int, int]]:
    """n inputs and h hidden units with n × h = product (or just under), h at most 1024:
    about square, and one input."""
    h = min(1024, 2 ** round(math.log2(math.sqrt(product))))
    return [(max(1, product // h), h)] + ([(1, product)] if product <= 1024 else [])


def csv_file(folder: str, n: int) -> str:
    path = os.path.join(folder, f"wide{n}.csv")
    with open(path, "w") as f:
        f.write(",".join(f"x{i}" for i in range(n)) + ",y\n")
        for k in range(3):
            f.write(",".join(str((i + k) % 7 / 7) for i in range(n)) + ",0.5\n")
    return path


def run(argv: list[str]) -> tuple[float, float, float, int, int]:
    """(wall seconds, CPU seconds, peak MiB, bytes written, exit status) of `tinynn argv`
    in a child (CPU time: what the machine's other work does not inflate)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "tinynn", *argv], stdout=out, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak, not all children's
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        size = out.tell()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, size, proc.returncode


def main() -> None:
    from tinynn.core.validate import MAX_SHOWN_WEIGHTS

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = f"{MAX_SHOWN_WEIGHTS // 4},{MAX_SHOWN_WEIGHTS},{MAX_SHOWN_WEIGHTS * 2}"
    p.add_argument("--sizes", default=default, help=f"products n × h (default: {default})")
    p.add_argument("--formats", default=",".join(FORMATS))
    args = p.parse_args()
    print(f"cap: {MAX_SHOWN_WEIGHTS} weights (inputs × hidden units)")
    print(f"{'n × h':>12} {'format':>9} {'wall s':>7} {'CPU s':>6} {'MiB':>5} {'MB out':>7}  exit")
    with tempfile.TemporaryDirectory() as folder:
        for product in (int(s) for s in args.sizes.split(",")):
            for (n, h), fmt in itertools.product(shapes(product), args.formats.split(",")):
                path = csv_file(folder, n)
                argv = ["explain", "--csv", path, "--hidden", str(h), "--format", fmt]
                wall, cpu, mib, size, code = run(argv)
                row = f"{f'{n} × {h}':>12} {fmt:>9} {wall:7.2f} {cpu:6.2f} {mib:5.0f}"
                print(f"{row} {size / 1e6:7.2f}  {code}")


if __name__ == "__main__":
    main()

"""How fast, and in how much memory, does `load_csv` read a large CSV?

Writes a CSV of ROWS rows (default 1,000,000: two float columns and a 0/1
label, about 27 MB) to a temporary folder, then measures `tinynn.load_csv` on it:

    time     wall-clock seconds of one load, the best and the median of REPEAT
             loads in this process (the file is in the page cache after the
             first one, so the disk is not timed), and the best CPU time
    traced   the peak of Python's own allocations during one load
             (tracemalloc, in a fresh process: tracing slows the load, so it is
             not timed)
    rss      the growth of the peak resident memory of a fresh process that
             loads the file, over one that only imports tinynn (ru_maxrss:
             what the operating system sees, allocator overhead included)

The targets (issue 9): under 3 s, and under 10 times the file's size in memory.

    python benchmarks/bench_csv.py [--rows N] [--repeat K]

It measures the tinynn that `import tinynn` finds; run it with PYTHONPATH set to
another checkout to compare two versions on the same machine.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

# Run in a fresh process: prints the peak bytes that one load allocated (tracemalloc).
TRACED = """
import sys, tracemalloc
from tinynn import load_csv
tracemalloc.start()
data = load_csv(sys.argv[1])
print(tracemalloc.get_traced_memory()[1], len(data))
"""

# Run in a fresh process: prints its peak resident memory in KiB after importing tinynn, and
# after loading the file if an argument is given. VmHWM where Linux has it: ru_maxrss would
# include the parent's peak, which Linux carries over fork and exec.
RSS = """
import resource, sys
import tinynn
if len(sys.argv) > 1:
    data = tinynn.load_csv(sys.argv[1])
try:
    with open("/proc/self/status") as f:
        print(next(line.split()[1] for line in f if line.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def write_csv(path: str, rows: int, seed: int = 0) -> None:
    """Two inputs in [-1, 1] with 9 decimals, and a label: about 27 bytes a row."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("x1,x2,label\n")
        chunk: list[str] = []
        for _ in range(rows):
            a, b = rng.uniform(-1, 1), rng.uniform(-1, 1)
            chunk.append(f"{a:.9f},{b:.9f},{int(a * b > 0)}\n")
            if len(chunk) == 10_000:
                f.write("".join(chunk))
                chunk.clear()
        f.write("".join(chunk))


def fresh_python(code: str, *args: str) -> str:
    """Run `code` in a new interpreter that imports the same tinynn as this one."""
    import tinynn

    root = os.path.dirname(os.path.dirname(os.path.abspath(tinynn.__file__)))
    env = {**os.environ, "PYTHONPATH": root}
    # cwd=root too: `python -c` puts the current folder first on sys.path.
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=True,
    )
    return out.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="data rows (1,000,000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed loads (3)")
    args = parser.parse_args(argv)

    import tinynn

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "big.csv")
        write_csv(path, args.rows)
        size = os.path.getsize(path)
        print(f"tinynn from {os.path.dirname(tinynn.__file__)}, Python {sys.version.split()[0]}")
        print(f"file: {args.rows:,} rows, {size / 1e6:.1f} MB")

        # Memory first, in fresh processes, while this one is still small.
        traced = int(fresh_python(TRACED, path).split()[0])
        rss = (int(fresh_python(RSS, path)) - int(fresh_python(RSS))) * 1024

        times, cpu_times = [], []
        for _ in range(args.repeat):
            start, cpu_start = time.perf_counter(), time.process_time()
            data = tinynn.load_csv(path)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
            assert len(data) == args.rows and data.n_inputs == 2
            del data
        best, median = min(times), statistics.median(times)

    print(f"time:   best {best:.2f} s, median {median:.2f} s of {args.repeat} (wall clock)")
    print(f"cpu:    best {min(cpu_times):.2f} s (CPU time of this process: less sensitive to load)")
    if hasattr(os, "getloadavg"):
        print(f"load:   {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other programs slow it)")
    print(f"traced: {traced / 1e6:.0f} MB peak ({traced / size:.1f} x the file)")
    print(f"rss:    {rss / 1e6:.0f} MB more than `import tinynn` ({rss / size:.1f} x the file)")
    ok_time, ok_memory = best < 3.0, max(traced, rss) < 10 * size
    print(
        f"target: under 3 s {'met' if ok_time else 'NOT met'}; "
        f"under 10 x the file's size {'met' if ok_memory else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

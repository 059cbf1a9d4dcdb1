"""How fast `tinynn grade` grades a class: 30 code submissions (41 cases each, the default) and
30 hand-worked answers files.

    python benchmarks/bench_grade.py [--students 30] [--cases 16] [--jobs 0] [--hostile]

The code folder holds copies of the test corpus's student files (tests/grading/students:
correct ones, every known mistake, NumPy, tuples, in place), one per student, cycling;
with --hostile, also the files that raise, exit, loop or allocate without end. The
answers folder holds the worksheets of `tinynn worksheet --students 30`, filled in from
the key: most right, every third with a sign slipped in δ2 and carried on, every fifth
half blank. Each folder is graded by `tinynn grade` in a fresh process (as a teacher
runs it), timed by the wall clock; the figures and the machine's load are printed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STUDENTS = REPO / "tests" / "grading" / "students"
sys.path.insert(0, str(REPO))

from tinynn.core.numbers import fmt  # noqa: E402
from tinynn.core.step import step_pass  # noqa: E402
from tinynn.run.trace import describe  # noqa: E402
from tinynn.teach.mistakes import ALL_MISTAKES  # noqa: E402
from tinynn.teach.worksheet import KEY_DIGITS, Sheet, build_sheets  # noqa: E402

HOSTILE = {"loops_forever", "huge_allocation", "raises", "exits", "os_exits", "reads_stdin",
           "garbage", "wrong_signature", "prints_and_slips"}  # fmt: skip
NEEDS_NUMPY = {"numpy_step"}


def code_folder(where: Path, students: int, hostile: bool) -> Path:
    """`students` code files, copies of the corpus's, one per student (cycling)."""
    folder = where / "code"
    folder.mkdir()
    shutil.copy(STUDENTS / "_student_base.py", folder)  # their shared helper (not graded)
    pool = sorted(
        p for p in STUDENTS.glob("*.py")
        if not p.name.startswith("_") and (hostile or p.stem not in HOSTILE)
        and (p.stem not in NEEDS_NUMPY or _has_numpy())
    )  # fmt: skip
    for k in range(students):
        source = pool[k % len(pool)]
        shutil.copy(source, folder / f"student{k + 1:02d}_{source.stem}.py")
    return folder


def _has_numpy() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def answers_text(sheet: Sheet, k: int) -> str:
    """Sheet k's answers: right; every third with δ2's sign slipped and carried on; every
    fifth with its second half blank."""
    s = sheet.setup
    if k % 3 == 0:
        slip = next(m for m in ALL_MISTAKES if m.id == "sign-delta2")
        events = list(describe(step_pass(s.params, s.x, s.y, s.lr, s.task, slip.equations(s.lr))))
    else:
        events = list(sheet.trace(KEY_DIGITS))
    lines = [f"# Worksheet {sheet.id}: filled in for the benchmark"]
    for n, e in enumerate(events):
        blank = k % 5 == 0 and n >= len(events) // 2
        lines.append(f"{e.answer_name} = {'' if blank else fmt(e.value, KEY_DIGITS)}")
    return "\n".join(lines) + "\n"


def answers_folder(where: Path, students: int) -> Path:
    folder = where / "answers"
    folder.mkdir()
    for k, sheet in enumerate(build_sheets("by-hand", students, 0), 1):
        (folder / f"student{k:02d}.answers.txt").write_text(answers_text(sheet, k), "utf-8")
    return folder


def grade(folder: Path, out: Path, *options: str) -> tuple[float, float]:
    """Seconds `tinynn grade FOLDER --out OUT` takes in a fresh process: by the wall clock,
    and of CPU (its own and its workers' and checks' processes: what a loaded machine
    does not change much)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "tinynn", "grade", str(folder), "--out", str(out), *options],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"tinynn grade failed ({proc.returncode}): {proc.stderr.strip()}")
    print("   ", proc.stdout.strip().split("\n")[0])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--cases", type=int, default=16, help="random cases per task (16: 41)")
    parser.add_argument("--jobs", type=int, default=0, help="files at once (0: one per CPU)")
    parser.add_argument("--hostile", action="store_true", help="include the hostile files")
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg() if hasattr(os, "getloadavg") else ()
    print(f"CPython {sys.version.split()[0]}, {cpus} CPUs, load average "
          f"{', '.join(f'{x:.1f}' for x in load)} (1, 5, 15 min)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        code = code_folder(where, args.students, args.hostile)
        answers = answers_folder(where, args.students)
        jobs = ["--jobs", str(args.jobs)]
        print(f"{args.students} code files, --cases {args.cases}:")
        t_code = grade(code, where / "out-code", "--cases", str(args.cases), *jobs)
        print(f"{args.students} answers files:")
        t_answers = grade(answers, where / "out-answers", *jobs)
    print()
    print("| what | files | seconds | per file | CPU seconds | target |")
    print("|---|--:|--:|--:|--:|---|")
    for what, (wall, cpu), target in (
        (f"code, {args.cases} random cases per task", t_code, "under 30 s for 30"),
        ("answers", t_answers, "under 5 s for 30"),
    ):
        print(f"| {what} | {args.students} | {wall:.1f} | {wall / args.students:.3f} | "
              f"{cpu:.1f} | {target} |")  # fmt: skip


if __name__ == "__main__":
    main()

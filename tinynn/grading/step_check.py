"""`tinynn check FILE.py` and `tinynn.check(step)`: a student's own step beside the engine's,
to the first wrong scalar.

The student's `step(W1, b1, W2, b2, x, y, lr)` runs on a set of cases
(tinynn/grading/cases.py) of both tasks (or those asked for) in an isolated child
process (tinynn/grading/sandbox.py), or in this process for a function object; each
case's numbers are compared with the engine's in the trace's order
(tinynn/grading/case_check.py, tinynn/grading/tolerance.py), and the report
(tinynn/grading/report.py) starts at the first one that differs: its name, the case,
expected and got, the correct equation with its numbers, and the known mistake
(tinynn/teach/mistakes.py) whose number the student's equals. A check passes only when
every case of every task asked for ran and gave every updated parameter, and every
number agrees: a step without a `task` keyword fails unless regression alone was asked.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from tinynn.core.errors import ConfigError, TinyNNError
from tinynn.core.names import Key
from tinynn.core.params import Params
from tinynn.core.table import ORDER
from tinynn.core.validate import (
    MAX_CASES,
    TASKS,
    got,
    seconds_problem,
    tolerance_problem,
    whole_problem,
)
from tinynn.grading.answers import check_answers
from tinynn.grading.call import Result, accepts_task, run_case, shown, signature_problem
from tinynn.grading.case_check import check_case
from tinynn.grading.cases import CheckCase, build_cases
from tinynn.grading.defaults import (
    DEFAULT_CASES,
    DEFAULT_TIMEOUT,
    DEFAULT_TOLERANCE,
)
from tinynn.grading.explain import explain
from tinynn.grading.isolation import Isolation
from tinynn.grading.notebook_code import is_notebook, notebook_lines
from tinynn.grading.report import CheckResult, compare_results
from tinynn.grading.sandbox import run_file
from tinynn.grading.tolerance import Reference
from tinynn.io.files import no_such_file, show
from tinynn.teach.marking import MIN_DIGITS
from tinynn.teach.mistakes import Mistake


def split_target(target: str) -> tuple[str, str]:
    """ "file.py:NAME" -> ("file.py", "NAME"); "file.py" -> ("file.py", "step")."""
    path, sep, name = target.rpartition(":")
    if sep and name.isidentifier() and path:
        return path, name
    return target, "step"


def readable_target(target: str) -> tuple[str, str]:
    """`split_target`, and the file must be there (the function is looked for when it loads).

    Raises:
        TinyNNError: an empty name, a folder, or no such file.
    """
    path, name = split_target(target)
    if not path:
        raise TinyNNError("name your file: FILE.py or FILE.py:NAME")
    if os.path.isdir(path):
        raise TinyNNError(f"cannot read {show(path)}: it is a folder")
    if not os.path.isfile(path):
        raise TinyNNError(no_such_file(path))
    return path, name


def loadable_target(target: str) -> tuple[str, str]:
    """`readable_target`, and a notebook's code cells read: a notebook that is not one is
    said before a child starts (`tinynn check`, `tinynn-tui --check`), and a traceback's
    line is then the cell's, not the JSON's (tinynn/grading/notebook_code.py).

    Raises:
        TinyNNError: an empty name, a folder, no such file, or a notebook that is not one.
    """
    path, name = readable_target(target)
    if is_notebook(path):
        notebook_lines(os.path.abspath(path))
    return path, name


def check_file(
    target: str,
    cases: int = DEFAULT_CASES,
    tolerance: float = DEFAULT_TOLERANCE,
    timeout: float = DEFAULT_TIMEOUT,
    tasks: str | tuple[str, ...] = TASKS,
    *,
    load_timeout: float | None = None,
    sandbox: Isolation | None = None,
) -> CheckResult:
    """Check the step function of a file ("file.py" or "file.py:NAME", or a Jupyter notebook
    "file.ipynb[:NAME]", whose code cells are run: tinynn/grading/notebook_code.py) in an
    isolated child process (`tinynn.grading.isolation.isolation()` says how it was isolated).

    Args:
        tasks: the tasks whose cases are run ("regression", "classification", or both,
            as a tuple or comma-separated).
        load_timeout: seconds loading the file may take (default: `timeout` + 10).
        sandbox: the isolation to run it in (default: the best this machine has).

    Raises:
        TinyNNError: the file cannot be loaded (a notebook that is not one), or has no such
            function (exit 2).
    """
    validate_options(cases, tolerance, timeout)
    wanted = task_list(tasks)
    path, name = loadable_target(target)
    full = os.path.abspath(path)
    all_cases = build_cases(cases, wanted)
    requests = [c.request() for c in all_cases]
    run = run_file(full, name, requests, True, timeout, load_timeout, sandbox)
    if run.error is not None:
        raise TinyNNError(run.error)
    return _compare(all_cases, run.results, name, path, run.accepts_task, tolerance, wanted,
                    "--tasks regression")  # fmt: skip


def task_list(tasks: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The tasks a check runs, in the engine's order: ("regression", "classification") from
    "regression,classification", ("regression",) from "regression".

    Raises:
        ConfigError: no task, or one that is not a task.
    """
    if isinstance(tasks, str):
        names: list[object] = [t.strip() for t in tasks.split(",")]
    else:  # a list or tuple of names; anything else (the API takes what it is given) is none
        names = list(tasks) if isinstance(tasks, (list, tuple)) else [tasks]
    unknown = [t for t in names if t not in TASKS]
    if unknown or not names:
        raise ConfigError(f"--tasks takes {' or '.join(TASKS)} (or both, with a comma), "
                          f"got {shown_tasks(names)}")  # fmt: skip
    return tuple(t for t in TASKS if t in names)


def shown_tasks(names: list[object]) -> str:
    """The tasks a message quotes: names as typed ('regression,x'), anything else as `got`."""
    if all(isinstance(t, str) for t in names):
        return repr(",".join(map(str, names)))
    return ", ".join(got(t) for t in names)


def _compare(
    cases: list[CheckCase],
    results: list[Result],
    name: str,
    source: str,
    with_task: bool,
    rtol: float,
    tasks: tuple[str, ...],
    ask: str,
) -> CheckResult:
    """The report of the cases that could be run: without a task keyword, the regression
    ones; the classification ones are then not checked, and the check fails unless only
    regression was asked for (`ask` says how to ask for it)."""
    unchecked = ""
    if not with_task:
        kept = [k for k, c in enumerate(cases) if c.task == "regression"]
        results = [results[k] for k in kept if k < len(results)]
        cases = [cases[k] for k in kept]
        if "classification" in tasks:
            unchecked = (f"classification was not checked: {name} takes no task keyword "
                         f"(give it one, or check regression alone: {ask})")  # fmt: skip
    # a case left out (the child's own mark for a task it cannot run) is never a pass
    results = [_NOT_RUN if r.get("skipped") else r for r in results]
    return compare_results(cases, results, name, source, with_task, rtol, unchecked)


_NOT_RUN: Result = {
    "kind": "crash",
    "message": "was not run on this case (was the checker's code in its process patched?)",
    "where": None,
    "printed": "",
}


def validate_options(cases: object, tolerance: object, timeout: object) -> None:
    """Raise ConfigError naming the first of --cases, --tolerance and --timeout out of its
    bounds (tinynn/core/validate.py's, the ones the options' types check): the one check
    of `tinynn check`, `tinynn.check` and a class's `Settings`."""
    for name, problem in (
        ("--cases", whole_problem(cases, 0, MAX_CASES)),
        ("--tolerance", tolerance_problem(tolerance)),
        ("--timeout", seconds_problem(timeout)),
    ):
        if problem:
            raise ConfigError(f"{name} {problem}")


def check(
    step: Callable[..., object] | None = None,
    cases: int = DEFAULT_CASES,
    tolerance: float | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    *,
    answers: str | os.PathLike[str] | Mapping[str, object] | None = None,
    lesson: str | None = None,
    sample: int | None = None,
    tasks: str | tuple[str, ...] = TASKS,
    min_digits: int = MIN_DIGITS,
) -> CheckResult:
    """Check a step function from Python (a notebook cell): `tinynn.check(step)`; or values
    worked out by hand: `tinynn.check(answers={"z1[0]": 0, "delta1[1]": "1/16"})`.

    The function runs in this process (a function object cannot be sent to another),
    on copies of the inputs; an exception, `sys.exit` or reading standard input is
    reported like `tinynn check` does. `timeout` is enforced in the main thread on
    Unix (by SIGALRM), and not elsewhere; a huge allocation is not stopped. Both tasks
    are checked unless `tasks` says otherwise (e.g. tasks="regression" for a step
    without a task keyword).

    `answers` (a dict name -> value, or an answers file's path) are checked as
    `tinynn check --answers` does, for the step of `lesson` (a shipped lesson's
    name or a file; default by-hand, or the worksheet the file names) at `sample`
    (default: the lesson's), by the one rule with `min_digits`, or within a relative
    `tolerance` if given; see tinynn/grading/answers.py. A step is compared to
    `tolerance` relative (default 1e-9).

    Returns:
        A `CheckResult`; it displays as the report, and is true when the check passed.
    """
    if answers is not None:
        if step is not None:
            raise TinyNNError("check takes a step function or answers=..., not both")
        return check_answers(answers, lesson, sample, min_digits=min_digits, tolerance=tolerance)
    if step is None:
        raise TinyNNError("check needs your step function (or answers=...)")
    tolerance = DEFAULT_TOLERANCE if tolerance is None else tolerance
    validate_options(cases, tolerance, timeout if timeout is not None else 1.0)
    wanted = task_list(tasks)
    name = getattr(step, "__name__", "step")
    problem = signature_problem(step, name)
    if problem is not None:
        raise TinyNNError(problem)
    with_task = accepts_task(step)
    all_cases = build_cases(cases, wanted)
    code = getattr(step, "__code__", None)
    filename = code.co_filename if code is not None else "<unknown>"
    results = [
        shown(run_case(step, c.request(), with_task, filename, timeout))
        if with_task or c.task == "regression"
        else {"skipped": True}
        for c in all_cases
    ]
    return _compare(all_cases, results, name, filename, with_task, tolerance, wanted,
                    "tasks='regression'")  # fmt: skip


class OneCheck(NamedTuple):
    """A student's step on one set-up beside the engine's (the walkthrough's "yours").

    Attributes:
        values: their number for every key of the trace they returned, in the trace's
            order (a gradient recovered from their updated parameter when they returned
            only that, as `tinynn check` does).
        differing: the keys whose number differs beyond the tolerance, in the trace's order.
        problem: why there are no numbers (their code raised, hung, returned something
            else), one line; else None.
        unwritten: the names their dict still returns as the template's `...`, in the
            notes' order (a template written in part: what is written is compared).
        mistakes: the known mistakes their first difference matches, best first, as
            `tinynn check` names them.
    """

    values: dict[Key, float]
    differing: list[Key]
    problem: str | None = None
    unwritten: list[str] = []
    mistakes: list[Mistake] = []

    @property
    def first(self) -> Key | None:
        """The first difference in the trace's order, as `tinynn check` would name it."""
        return self.differing[0] if self.differing else None


def check_one(
    target: str,
    params: Params,
    x: list[float],
    y: float,
    lr: float,
    task: str,
    tolerance: float = DEFAULT_TOLERANCE,
    timeout: float = DEFAULT_TIMEOUT,
) -> OneCheck:
    """Run the step of a file ("file.py" or "file.py:NAME") on one set-up in a child process
    and compare its numbers with the engine's, as `tinynn check` compares a case.

    Raises:
        TinyNNError: the file cannot be loaded, or has no such function.
    """
    path, name = split_target(target)
    case = CheckCase("this step", params, list(x), y, lr, task)
    request = {**case.request(), "partial": True}  # compare what is written so far
    run = run_file(os.path.abspath(path), name, [request], True, timeout)
    if run.error is not None:
        raise TinyNNError(run.error)
    result: dict[str, Any] = (
        run.results[0]
        if run.results
        else {
            "kind": "crash",
            "message": "ended the process",
        }
    )
    if result.get("skipped"):
        return OneCheck({}, [], f"{name} takes no task keyword: it is checked on regression only")
    if "kind" in result:
        where = result.get("where")
        at = f" ({os.path.basename(path)}, line {where['line']}: {where['code']})" if where else ""
        return OneCheck({}, [], f"{name} {result['message']}{at}")
    ref = Reference(case)
    c = check_case(0, ref, result["values"], tolerance)
    if c.shape_problem is not None:
        return OneCheck({}, [], c.shape_problem)
    unwritten = [n for n in ORDER if n in result.get("unwritten", ())]
    mistakes = []
    if c.differences:
        mistakes = explain(c.differences[0], c.differences, {0: c.observed}, {0: ref}, [case],
                           tolerance).mistakes  # fmt: skip
    values = {d.key: d.got for d in c.observed}
    return OneCheck(values, [d.key for d in c.differences], None, unwritten, mistakes)

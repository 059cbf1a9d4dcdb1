"""The outcome of `tinynn check` and its report: from every case's comparison, the first
number that differs (or the first case the student's code did not get through), what
all of the student's numbers say about it (tinynn/grading/explain.py: a known mistake,
two that cancel, precision only), and a summary line."""

from __future__ import annotations

from typing import Any, NamedTuple

from tinynn.core.names import key_text, parameter_key
from tinynn.core.numbers import typed_text
from tinynn.core.table import ORDER
from tinynn.grading.case_check import CaseCheck, Difference, check_case, not_updated
from tinynn.grading.cases import CheckCase
from tinynn.grading.explain import explain
from tinynn.grading.tolerance import Reference
from tinynn.teach.mistakes import Mistake

MAX_SHOWN_PRINTED = 30  # lines of a case's printed output shown in a report
MAX_OTHER_PROBLEMS = 3  # failing cases listed after the first
_ORDER = {name: k for k, name in enumerate(ORDER)}


class Failure(NamedTuple):
    """A case the student's code did not get through: it raised, hung, exited, or
    returned something that is not the notes' numbers."""

    case: int
    kind: str  # raise, exit, timeout, stdin, memory, crash, garbage, shape
    message: str
    where: dict[str, Any] | None


class CheckResult:
    """The outcome of a check; its str() and repr() are the report.

    Attributes:
        passed: every number compared agreed and every case ran.
        exit_code: 0 passed, 1 a difference or a problem in the student's code.
        report: the text `tinynn check` prints.
        first: the first difference, if any.
        mistakes: the known mistakes the first difference matches (best first).
        problems: the cases the student's code did not get through.
        cases: every case of the check, run or not (`tinynn grade` scores per task).
        checks: case index -> its comparison, for each case whose numbers were
            compared (`tinynn grade` scores per group of quantities); a case not
            here failed (see `problems`) or was not run.
    """

    def __init__(self, report: str, passed: bool, first: Difference | None,
                 mistakes: list[Mistake], problems: list[Failure]) -> None:  # fmt: skip
        self.report = report
        self.passed = passed
        self.exit_code = 0 if passed else 1
        self.first = first
        self.mistakes = mistakes
        self.problems = problems
        self.cases: list[CheckCase] = []
        self.checks: dict[int, CaseCheck] = {}

    def __str__(self) -> str:
        return self.report

    def __repr__(self) -> str:
        return self.report.rstrip("\n")

    def __bool__(self) -> bool:
        return self.passed


def _in_order(names: set[str]) -> list[str]:
    return sorted(names, key=lambda s: _ORDER.get(s, 99))


def compare_results(
    cases: list[CheckCase],
    results: list[dict[str, Any]],
    name: str,
    source: str,
    accepts_task: bool,
    rtol: float,
    unchecked: str = "",
) -> CheckResult:
    """The report of a check, from the cases and what the student's step did on each.

    It passes only when every case ran, every updated parameter of each was given, and
    every number compared agrees; `unchecked` says what could not be checked (e.g. a
    task), which fails it too.
    """
    compared = 0
    differences: list[Difference] = []
    problems: list[Failure] = []
    names: set[str] = set()
    ignored: set[str] = set()
    first_bad: int | None = None  # the first case with a difference or a problem
    refs: dict[int, Reference] = {}
    observed: dict[int, list[Difference]] = {}
    checks: dict[int, CaseCheck] = {}
    for k, result in enumerate(results):
        if "kind" in result:
            problems.append(Failure(k, result["kind"], result["message"], result.get("where")))
            first_bad = k if first_bad is None else first_bad
            continue
        refs[k] = Reference(cases[k])
        names.update(result["values"])
        ignored.update(result.get("ignored", ()))
        c = check_case(k, refs[k], result["values"], rtol)
        checks[k] = c
        if c.shape_problem is not None:
            problems.append(Failure(k, "shape", c.shape_problem, None))
            first_bad = k if first_bad is None else first_bad
            continue
        compared += c.compared
        observed[k] = c.observed
        differences.extend(c.differences)
        if c.differences and first_bad is None:
            first_bad = k
        if c.missing and not c.differences:
            problems.append(Failure(k, "missing", not_updated(c.missing, result.get("form")), None))
            first_bad = k if first_bad is None else first_bad
    not_run = len(cases) - len(results)
    unchecked_note = f"; {unchecked}" if unchecked else ""
    ignored_note = (
        f"; ignored (not the notes' names): {', '.join(sorted(ignored))}" if ignored else ""
    )
    if first_bad is None:
        ran = f"all {len(cases)}" if not not_run else f"{len(results)} of {len(cases)}"
        agree = (
            f"{name} in {source}: {ran} cases ran and agree with the engine, {compared} "
            f"quantities compared ({', '.join(_in_order(names))}) to {typed_text(rtol)} "
            f"relative{ignored_note}"
        )
        if not (not_run or unchecked or not compared):
            return _graded(CheckResult(f"ok: {agree}\n", True, None, [], []), cases, checks)
        why = unchecked or (f"{not_run} cases not run" if not_run else "no number compared")
        failed = CheckResult(f"not ok: {why}; {agree}\n", False, None, [], problems)
        return _graded(failed, cases, checks)

    lines: list[str] = []
    first_problem = next((p for p in problems if p.case == first_bad), None)
    first: Difference | None = None
    matched: list[Mistake] = []
    if first_problem is not None:
        lines += _problem_report(first_problem, cases, name, source, accepts_task)
    else:
        first = next(d for d in differences if d.case == first_bad)
        case = cases[first.case]
        ref = refs[first.case]
        explained = explain(first, differences, observed, refs, cases, rtol)
        matched = explained.mistakes
        lines += _difference_report(first, ref, case, name, accepts_task, explained.lines)
    printed = results[first_bad].get("printed", "") if first_bad < len(results) else ""
    if printed:
        shown = printed.rstrip("\n").split("\n")
        more = len(shown) - MAX_SHOWN_PRINTED
        lines.append(f"your step printed (case {first_bad + 1}):")
        lines += [f"  | {s}" for s in shown[:MAX_SHOWN_PRINTED]]
        if more > 0:
            lines.append(f"  | [... {more} more lines]")
    # in all
    bad_cases = {d.case for d in differences} | {p.case for p in problems}
    differing = _in_order({d.key[0] for d in differences})
    summary = f"in all: {len(bad_cases)} of {len(cases)} cases differ or fail"
    if compared:
        summary += f"; {len(differences)} of {compared} quantities compared differ"
    if differing:
        summary += f" ({', '.join(differing)})"
    lines.append(summary + unchecked_note + ignored_note)
    others = [p for p in problems if p is not first_problem]
    for p in others[:MAX_OTHER_PROBLEMS]:
        at = f", line {p.where['line']}" if p.where else ""
        lines.append(f"  also case {p.case + 1} ({cases[p.case].label}): {p.message}{at}")
    if len(others) > MAX_OTHER_PROBLEMS:
        lines.append(f"  ... and {len(others) - MAX_OTHER_PROBLEMS} more cases like these")
    if not_run > 0:
        lines.append(f"  {not_run} case(s) not run after case {len(results)} ended the process")
    failed = CheckResult("\n".join(lines) + "\n", False, first, matched, problems)
    return _graded(failed, cases, checks)


def _graded(result: CheckResult, cases: list[CheckCase], checks: dict[int, CaseCheck]
            ) -> CheckResult:  # fmt: skip
    """`result` with what `tinynn grade` scores: the cases and each one's comparison."""
    result.cases, result.checks = cases, checks
    return result


def _problem_report(p: Failure, cases: list[CheckCase], name: str, source: str,
                    accepts_task: bool) -> list[str]:  # fmt: skip
    case = cases[p.case]
    head = {
        "shape": "wrong shape",
        "garbage": "not the notes' numbers",
        "timeout": "too slow",
        "stdin": "reads standard input",
        "missing": "not updated",
    }.get(p.kind, "error")
    lines = [f"{head} in case {p.case + 1} of {len(cases)}: {name} {p.message}"
             if p.kind not in ("shape",) else f"{head} in case {p.case + 1} of {len(cases)}: "
             f"{p.message}"]  # fmt: skip
    if p.where:
        lines.append(
            f"  at {source}, line {p.where['line']}, in {p.where['func']}: {p.where['code']}"
        )
    elif p.kind in ("raise", "exit", "timeout", "stdin", "memory"):
        lines.append(f"  (not inside {source})")
    lines += _case_lines(p.case, case, len(cases), name, accepts_task)
    return lines


def _case_lines(k: int, case: CheckCase, total: int, name: str, with_task: bool) -> list[str]:
    return [
        f"case {k + 1} of {total}: {case.label} ({case.shape()})",
        f"  {case.call(name, with_task)}",
    ]


def _difference_report(d: Difference, ref: Reference, case: CheckCase, name: str,
                       accepts_task: bool, explanation: list[str]) -> list[str]:  # fmt: skip
    label = key_text(d.key)
    lines = [f"first difference: {label}"]
    lines.append(f"case {d.case + 1}: {case.label} ({case.shape()})")
    lines.append(f"  {case.call(name, accepts_task)}")
    lines.append(f"expected: {label} = {d.expected!r}")
    got = f"got:      {label} = {d.got!r}"
    if d.recovered:
        pkey = key_text(parameter_key(d.key))
        got += f"   (from your updated {pkey}: ({pkey} − new {pkey})/η)"
    lines.append(got)
    event = next(e for e in ref.trace if e.writes == d.key)
    lines.append(f"equation: {event.text()}")
    if d.recovered:
        upd = next(e for e in ref.trace if e.writes == parameter_key(d.key))
        lines.append(f"          {upd.text()}")
    return lines + explanation

"""Verdicts that can be trusted: a corpus of careless and hostile student files, each
checked with and without bubblewrap; no wrong work exits 0, no right work exits non-zero,
every text of a report is printable, and no process of the student's outlives the check.

And the rules behind them, one by one: every updated parameter compared, inf and nan equal
only themselves, both tasks unless asked otherwise, never a pass without complete results.
"""

from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import pytest
from corpus import MODES, kill, left_after, place, sandbox

from tinynn.cli.main import main
from tinynn.core.errors import ConfigError, TinyNNError
from tinynn.core.params import Params
from tinynn.grading.call import interpret
from tinynn.grading.case_check import check_case
from tinynn.grading.cases import CheckCase, build_cases
from tinynn.grading.report import compare_results
from tinynn.grading.step_check import check, check_file
from tinynn.grading.tolerance import Reference

TIMEOUT = 1.0
BOTH = "regression,classification"
WRITES_OUR_FOLDER = "without bubblewrap it writes to the checker's folder (test_isolation.py)"
STOPS_THE_CHECKER = (
    "without bubblewrap a student's code runs with your rights: it stops the checker"
)


class Kind(NamedTuple):
    """A file of the corpus, how it is checked, and what the check must say."""

    file: str
    status: int  # 0 right, 1 wrong, 2 cannot be loaded
    says: str  # in the report, or in the error of a file that cannot be loaded
    tasks: str = BOTH
    cases: int = 0  # random cases per task, after the 7 lessons and 2 default set-ups
    load_timeout: float | None = None
    bwrap_only: str = ""  # why it is not run without bubblewrap
    leaves_session: bool = False  # a process of it leaves the session on purpose

    @property
    def id(self) -> str:
        return self.file if self.tasks == BOTH else f"{self.file}-{self.tasks}"


AGREE = "cases ran and agree with the engine"
KINDS = [
    # right work, written every way a student may write it, also when it misbehaves
    Kind("correct", 0, f"all 9 {AGREE}"),
    Kind("tuple_task", 0, f"all 9 {AGREE}"),
    Kind("numpy_step", 0, f"all 9 {AGREE}"),
    Kind("inplace_b2", 0, f"all 9 {AGREE}, 156 quantities compared (W2, b2, W1, b1)"),
    Kind("no_task_keyword", 0, f"all 3 {AGREE}", tasks="regression"),
    Kind("multiprocessing_pool", 0, f"all 9 {AGREE}"),
    Kind("slow_correct", 0, f"all 9 {AGREE}"),
    Kind("forks_grandchildren", 0, f"all 9 {AGREE}"),
    Kind("leaves_session", 0, f"all 9 {AGREE}", leaves_session=True),
    Kind("writes_teacher_files", 0, f"all 9 {AGREE}", bwrap_only=WRITES_OUR_FOLDER),
    Kind("dev_tty", 0, f"all 9 {AGREE}"),
    Kind("reads_request", 0, f"all 9 {AGREE}"),
    Kind("sigstop_parent", 0, f"all 9 {AGREE}", bwrap_only=STOPS_THE_CHECKER),
    # wrong work, careless or hostile
    Kind("inf_everywhere", 1, "first difference: z1[0]"),
    Kind("nan_everywhere", 1, "first difference: dW2[0]"),
    Kind("no_bias_updates", 1, "not updated in case 1 of 9: step did not update b1, b2: "),
    Kind("biases_unchanged", 1, "first difference: db2"),
    Kind("inplace_no_b2", 1, "step did not update b2: a number cannot change in place"),
    Kind("only_z1_delta2", 1, "step did not update W1, b1, W2, b2: "),
    Kind("no_task_keyword", 1, "classification was not checked: step takes no task keyword"),
    Kind("writes_result_pipe", 1, "lines of its own to the checker's result channel"),
    Kind("patches_runner", 1, "step did not update W1, b1, W2, b2: "),
    Kind("forges_results", 1, "first difference: dW2[0]"),
    Kind("forges_head", 1, "step was not run on this case"),
    Kind("float32", 1, "precision only (float32?): every difference is within float32"),
    Kind("forged_ok", 1, "first difference: delta2"),
    Kind(
        "raises_newlines",
        1,
        "step raised ValueError: no\\ntinynn: error: forged second line\\x1b[2J\\rok: all agree",
    ),
    Kind("hangs_with_children", 1, "too slow in case 1 of 9: step took longer than 1 s"),
    Kind(
        "raises_newlines_at_load",
        2,
        "RuntimeError: broken\\ntinynn: error: forged second line\\x1b[31m\\rok: all agree",
    ),
    Kind(
        "blocks_at_load",
        2,
        "loading it took longer than 1 s (line 5: threading.Event().wait())",
        cases=1000,
        load_timeout=1.0,
    ),
]
# the ones that take seconds: 40 MB written, and a child that stops itself (the checker waits
# out the timeout and its grace, while output keeps coming in the second)
SLOW_KINDS = [
    Kind("prints_a_lot", 0, f"all 9 {AGREE}"),
    Kind("sigstop_self", 1, "too slow in case 1 of 9: step took longer than 1 s"),
    Kind("stops_while_printing", 1, "too slow in case 1 of 9: step took longer than 1 s"),
]


class Outcome(NamedTuple):
    status: int
    text: str  # the report, or the error
    left: list[int]  # the processes of the student's still alive 1 s after the check
    seconds: float


def _check(kind: Kind, mode: str, folder: Path) -> Outcome:
    path = place(kind.file, folder)
    start = time.monotonic()
    try:
        r = check_file(str(path), kind.cases, timeout=TIMEOUT, tasks=kind.tasks,
                       load_timeout=kind.load_timeout, sandbox=sandbox(mode))  # fmt: skip
        status, text = r.exit_code, r.report
    except TinyNNError as e:
        status, text = 2, str(e)
    seconds = time.monotonic() - start
    left = left_after(str(folder))
    if kind.leaves_session and mode != "bubblewrap":
        kill(left)  # it left the session on purpose: only bubblewrap ends it
        left = []
    return Outcome(status, text, left, seconds)


@pytest.mark.parametrize("mode", MODES)
def test_no_wrong_work_passes_and_no_right_work_fails(mode: str, tmp_path: Path) -> None:
    pytest.importorskip("numpy")  # the NumPy files
    _verdicts(KINDS, mode, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
def test_the_slow_kinds_too(mode: str, tmp_path: Path) -> None:
    _verdicts(SLOW_KINDS, mode, tmp_path)


def _verdicts(corpus: list[Kind], mode: str, tmp_path: Path) -> None:
    """Check every kind of the corpus at once; every verdict, text and process as it must be."""
    kinds = [k for k in corpus if mode == "bubblewrap" or not k.bwrap_only]
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(lambda k: _check(k, mode, tmp_path / k.id), kinds))
    wrong = []
    for kind, o in zip(kinds, outcomes):
        lines = o.text.splitlines()
        if o.status != kind.status or kind.says not in o.text:
            wrong.append(f"{kind.id}: exit {o.status}, expected {kind.status} and {kind.says!r}:"
                         f"\n{o.text}")  # fmt: skip
        if any(not line.isprintable() for line in lines) or (o.status == 2 and len(lines) != 1):
            wrong.append(f"{kind.id}: not printable text, or an error on more than one line")
        if o.status != 0 and any(line.startswith("ok") for line in lines):
            wrong.append(f"{kind.id}: a line of a failing report starts with ok")
        if o.left:
            wrong.append(f"{kind.id}: processes {o.left} still alive 1 s after the check")
    assert not wrong, "\n".join(wrong)


# --- the rules, one by one


def _case(task: str = "regression") -> CheckCase:
    return build_cases(0, (task,))[0]  # the by-hand lesson (regression), saturation (classif.)


def test_a_non_finite_value_equals_only_itself_where_the_engine_has_it_too() -> None:
    ref = Reference(_case())
    key = ("z1", (0,))
    z1 = ref.step.forward.z1[0]
    for rtol in (1e-9, 0.5):
        assert ref.close(key, z1, rtol, False)
        for bad in (math.inf, -math.inf, math.nan):
            assert not ref.close(key, bad, rtol, False), (bad, rtol)
    # where the engine's own number is infinite, only that infinity is the same
    case = CheckCase("huge", Params([[1.0]], [0.0], [1.0], 1e308), [1.0], 0.0, 0.5, "regression")
    huge = Reference(case)
    assert huge.step.loss == math.inf  # ½·(1e308)² overflows
    assert huge.close(("L", ()), math.inf, 1e-9, False)
    assert not huge.close(("L", ()), 1e308, 1e-9, False)
    assert not huge.close(("L", ()), math.nan, 1e-9, False)


def test_every_updated_parameter_must_be_there_in_every_form() -> None:
    case = _case()
    ref = Reference(case)
    new = ref.step.new_params
    right = {"W1": new.W1, "b1": new.b1, "W2": new.W2, "b2": new.b2}
    assert check_case(0, ref, right, 1e-9).missing == ()
    for left_out in ("W1", "b1", "W2", "b2"):
        values = {k: v for k, v in right.items() if k != left_out}
        c = check_case(0, ref, values, 1e-9)
        assert c.differences == [] and c.missing == (left_out,)
    assert check_case(0, ref, {"z1": ref.step.forward.z1}, 1e-9).missing == ("W1", "b1", "W2", "b2")


def test_an_in_place_step_returns_its_new_b2() -> None:
    W1, b1, W2 = [[0.25], [-0.5]], [-0.5, 1.0], [1.0, -0.5]
    original = {"W1": [[0.25], [-0.5]], "b1": [-0.5, 1.0], "W2": [1.0, -0.5], "b2": 0.25}
    W2[0] = 0.75  # updated in place
    args = {"W1": W1, "b1": b1, "W2": W2, "b2": 0.25}
    numpy = pytest.importorskip("numpy")
    for returned, b2 in [(0.5, 0.5), (numpy.float64(0.5), 0.5), (numpy.array([[0.5]]), 0.5),
                         (1, 1.0)]:  # fmt: skip
        got = interpret(returned, args, original)
        assert got["form"] == "inplace" and got["values"]["b2"] == b2
        assert got["values"]["W2"] == [0.75, -0.5]
    none = interpret(None, args, original)
    assert none["form"] == "inplace" and "b2" not in none["values"]
    # a dict's parameters left out are the lists it changed in place
    mixed = interpret({"b2": 0.5}, args, original)
    assert mixed["values"] == {"b2": 0.5, "W1": W1, "b1": b1, "W2": [0.75, -0.5]}
    untouched = interpret({"b2": 0.5}, {**args, "W2": [1.0, -0.5]}, original)
    assert untouched["values"] == {"b2": 0.5}  # nothing changed in place: nothing taken
    assert "garbage" in interpret(True, args, original)  # a bool is no b2
    assert "garbage" in interpret(numpy.array([0.5, 0.5]), args, original)


def test_a_check_passes_only_on_complete_results() -> None:
    cases = build_cases(0, ("regression",))[:2]
    refs = [Reference(c) for c in cases]
    full = [{"values": {"W1": r.step.new_params.W1, "b1": r.step.new_params.b1,
                        "W2": r.step.new_params.W2, "b2": r.step.new_params.b2},
             "form": "dict"} for r in refs]  # fmt: skip
    assert compare_results(cases, full, "step", "f.py", True, 1e-9).passed
    not_run = compare_results(cases, full[:1], "step", "f.py", True, 1e-9)
    assert not not_run.passed and not_run.report.startswith("not ok: 1 cases not run; ")
    assert "1 of 2 cases ran" in not_run.report
    empty = [{"values": {}, "form": "dict"}] * 2
    nothing = compare_results(cases, empty, "step", "f.py", True, 1e-9)
    assert not nothing.passed and "did not update W1, b1, W2, b2" in nothing.report
    unchecked = compare_results(cases, full, "step", "f.py", False, 1e-9, "classification was "
                                "not checked: it takes no task keyword")  # fmt: skip
    assert not unchecked.passed
    assert unchecked.report.startswith("not ok: classification was not checked: ")
    assert not compare_results([], [], "step", "f.py", True, 1e-9).passed  # nothing compared


def test_both_tasks_are_checked_unless_regression_alone_is_asked(tmp_path: Path) -> None:
    path = place("no_task_keyword", tmp_path)
    both = check_file(str(path), 0)
    assert not both.passed and "classification was not checked" in both.report
    assert "--tasks regression" in both.report
    alone = check_file(str(path), 0, tasks="regression")
    assert alone.passed and alone.report.startswith(f"ok: step in {path}: all 3 {AGREE}")
    # a task keyword: each task's cases are run, and only those asked for
    right = place("correct", tmp_path)
    assert check_file(str(right), 0, tasks="classification").report.count("all 6 cases ran") == 1
    for bad in ("", "regresion", "regression,,"):
        with pytest.raises(ConfigError, match="--tasks takes regression or classification"):
            check_file(str(right), 0, tasks=bad)


def test_the_cli_takes_tasks_and_says_so_in_its_help(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(place("no_task_keyword", tmp_path))
    assert main(["check", path, "--cases", "0"]) == 1
    assert "classification was not checked" in capsys.readouterr().out
    assert main(["check", path, "--cases", "0", "--tasks", "regression"]) == 0
    assert main(["check", path, "--tasks", "both"]) == 2
    assert "--tasks takes regression or classification" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "a step that updates W1, b1 and W2 in place returns the new b2" in text
    assert "--tasks regression" in text and "bubblewrap" in text


def test_in_python_a_step_without_a_task_keyword_fails_unless_tasks_says_regression() -> None:
    def step(W1: list[list[float]], b1: list[float], W2: list[float], b2: float,
             x: list[float], y: float, lr: float) -> tuple[object, ...]:  # fmt: skip
        from tinynn.core.step import step_pass

        new = step_pass(Params(W1, b1, W2, b2), x, y, lr, "regression").new_params
        return new.W1, new.b1, new.W2, new.b2

    assert not check(step, cases=0)
    assert "classification was not checked" in check(step, cases=0).report
    assert "tasks='regression'" in check(step, cases=0).report
    assert check(step, cases=0, tasks="regression")
    assert check(step, cases=0, tasks=("regression",)).report.startswith("ok: step in ")

"""tinynn check: a student's own step against the engine, to the first wrong number.

The student files are in tests/grading/students/: one correct submission per return form,
one per known mistake, and the ones that misbehave (loop, exit, raise, garbage).
Every file is checked once, all at the same time (each in its own child process),
and the tests read the reports.
"""

from __future__ import annotations

import ast
import math
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tinynn.cli.main import main
from tinynn.core.errors import TinyNNError
from tinynn.core.names import RETURNED
from tinynn.core.params import Params
from tinynn.core.table import ORDER
from tinynn.grading.case_check import check_case
from tinynn.grading.cases import CheckCase
from tinynn.grading.report import CheckResult
from tinynn.grading.step_check import check, check_file
from tinynn.grading.template import TEMPLATE
from tinynn.grading.tolerance import Reference
from tinynn.render.text import PHASE_TITLES
from tinynn.run.trace import PHASES
from tinynn.teach.mistakes import ALL_MISTAKES, HUNT, MISTAKES

STUDENTS = Path(__file__).parent / "students"
CASES = 2  # random cases per task: the lessons and the default set-ups come first anyway
TIMEOUT = 1.0
REGRESSION_ONLY = {"tuple_return"}  # no task keyword: checked with tasks="regression"

# file -> (the first difference, the known mistakes named), worked out by hand on the
# first case, the by-hand lesson (x = 2, y = 1, η = 0.5; z1 = 0 so a1 = 0.5, σ' = 0.25;
# y_pred = 0.5, δ2 = −0.5), or the saturation lesson for the classification-only ones.
MISTAKE_FILES = {
    "mistake_no_sigma_prime": ("delta1[0]", ["no-sigma-prime"]),
    "mistake_updated_W2": ("delta1[0]", ["updated-W2"]),
    "mistake_a1_for_x": ("dW1[0][0]", ["a1-for-x"]),
    "mistake_notes_E3": ("b2", ["notes-E3"]),
    "mistake_logloss_slope": ("delta2", ["logloss-slope"]),
    "mistake_half_dropped": ("L", ["half-dropped"]),
    "mistake_sign_delta2": ("delta2", ["sign-delta2"]),
    "mistake_sigma_prime_of_a1": ("sigma_prime[0]", ["sigma-prime-of-a1"]),
    "mistake_sigma_prime_of_z1": ("sigma_prime[0]", ["sigma-prime-of-z1"]),
    "mistake_a1_for_sigma_prime": ("delta1[0]", ["a1-for-sigma-prime"]),
    "mistake_plus_update": ("W2[0]", ["plus-update"]),
    "mistake_no_lr": ("W2[0]", ["no-lr"]),
    "mistake_b1_from_b2": ("b1[0]", ["b1-from-b2"]),
    "mistake_logloss_sign": ("L", ["logloss-sign"]),
    # only updated parameters come back: the gradient is recovered as (θ − θ_new)/η
    "tuple_no_sigma_prime": ("dW1[0][0]", ["no-sigma-prime"]),
    "inplace_sign": ("dW2[0]", ["sign-delta2", "plus-update"]),  # the same new parameters
    "prints_and_slips:my_step": ("sigma_prime[0]", ["sigma-prime-of-a1"]),
}
PASSING = ["correct", "correct_stable", "tuple_return", "inplace", "numpy_step"]
MISBEHAVING = [
    "loops_forever", "exits", "os_exits", "raises", "garbage", "reads_stdin",
    "huge_allocation", "transposed_dW1",
]  # fmt: skip


def _check(target: str) -> tuple[CheckResult | str, float]:
    path, _, name = target.partition(":")
    start = time.monotonic()
    try:
        result: CheckResult | str = check_file(
            str(STUDENTS / f"{path}.py") + (f":{name}" if name else ""),
            cases=CASES,
            timeout=TIMEOUT,
            tasks="regression" if target in REGRESSION_ONLY else "regression,classification",
        )
    except TinyNNError as e:
        result = str(e)
    return result, time.monotonic() - start


@pytest.fixture(scope="module")
def reports() -> dict[str, tuple[CheckResult | str, float]]:
    targets = [*MISTAKE_FILES, *PASSING, *MISBEHAVING]
    with ThreadPoolExecutor(max_workers=16) as pool:
        return dict(zip(targets, pool.map(_check, targets)))


def report(reports: dict[str, tuple[CheckResult | str, float]], target: str) -> CheckResult:
    result = reports[target][0]
    assert isinstance(result, CheckResult), result
    return result


# --- mistakes


@pytest.mark.parametrize("target", sorted(MISTAKE_FILES))
def test_each_mistake_is_found_where_it_starts_and_named(
    reports: dict[str, tuple[CheckResult | str, float]], target: str
) -> None:
    label, mistakes = MISTAKE_FILES[target]
    r = report(reports, target)
    assert r.exit_code == 1 and not r.passed
    assert r.report.splitlines()[0] == f"first difference: {label}"
    assert [m.id for m in r.mistakes] == mistakes
    for m in r.mistakes:
        assert f"known mistake: {m.title}: {m.wrong}" in r.report
    assert r.report.splitlines()[-1].startswith("in all: ")


def test_a_report_shows_the_case_the_numbers_and_the_substituted_equation(
    reports: dict[str, tuple[CheckResult | str, float]],
) -> None:
    r = report(reports, "mistake_a1_for_sigma_prime")
    lines = r.report.splitlines()
    # by hand: δ1[0] = δ2·W2[0]·σ'(z1[0]) = (−0.5)(1)(0.25) = −0.125; with a1 = 0.5: −0.25
    assert lines[1] == "case 1: lesson by-hand (regression, n=1 input, h=2 hidden)"
    assert lines[2] == (
        "  step([[0.25], [-0.5]], [-0.5, 1.0], [1.0, -0.5], 0.25, [2.0], 1.0, 0.5, "
        "task='regression')"
    )
    assert lines[3] == f"expected: delta1[0] = {-0.5 * 1.0 * 0.25!r}"
    assert lines[4] == f"got:      delta1[0] = {-0.5 * 1.0 * 0.5!r}"
    assert lines[5] == "equation: δ1[0] = δ2·W2[0]·σ'(z1[0]) = (−0.5)(1)(0.25) = −0.125"
    # 7 lessons + 2 default set-ups + 2 random cases per task; every case has δ1 wrong
    assert lines[-1].startswith("in all: 13 of 13 cases differ or fail; ")
    assert "(delta1, dW1, db1, W1, b1)" in lines[-1]


def test_a_gradient_recovered_from_the_updated_parameters_is_named(
    reports: dict[str, tuple[CheckResult | str, float]],
) -> None:
    r = report(reports, "tuple_no_sigma_prime")
    # δ1[0] without σ': δ2·W2[0] = −0.5, so dW1[0][0] = −0.5·2 = −1, not −0.125·2
    assert "expected: dW1[0][0] = -0.25" in r.report
    assert "got:      dW1[0][0] = -1.0   (from your updated W1[0][0]" in r.report
    assert "classification was not checked: step takes no task keyword" in r.report


def test_printed_output_is_shown_with_its_case(
    reports: dict[str, tuple[CheckResult | str, float]],
) -> None:
    r = report(reports, "prints_and_slips:my_step")
    s = 1 / (1 + math.exp(-0.5))  # σ(a1) with a1 = 0.5
    assert "your step printed (case 1):" in r.report
    assert f"  | debug: sigma_prime = [{s * (1 - s)!r}, {s * (1 - s)!r}]" in r.report
    assert "  my_step([[0.25]" in r.report


# --- correct code passes


@pytest.mark.parametrize("target", PASSING)
def test_correct_steps_pass_with_one_summary_line(
    reports: dict[str, tuple[CheckResult | str, float]], target: str
) -> None:
    if target == "numpy_step":
        pytest.importorskip("numpy")
    r = report(reports, target)
    assert r.passed and r.exit_code == 0, r.report
    assert r.report.count("\n") == 1 and r.report.startswith("ok: ")
    regression_only = target in REGRESSION_ONLY  # the only one without a task keyword
    cases = (
        5 if regression_only else 13
    )  # 2 by-hand lessons + default + 2 random (+ classification)
    assert f": all {cases} cases ran and agree with the engine, " in r.report


def test_a_correct_check_takes_well_under_a_few_seconds(
    reports: dict[str, tuple[CheckResult | str, float]],
) -> None:
    assert reports["correct"][1] < 5.0


def test_the_cancellation_free_sigma_prime_and_the_notes_form_both_pass_when_saturated() -> None:
    # z1 = 30: a1 = 1 − 9.4e-14, so a1·(1 − a1) keeps only about 3 correct digits
    params = Params([[30.0]], [0.0], [2.0], 0.5)
    case = CheckCase("saturated", params, [1.0], 0.0, 0.5, "regression")
    ref = Reference(case)
    a1 = ref.step.forward.a1[0]
    notes = a1 * (1 - a1)
    stable = a1 * (math.exp(-30.0) / (1 + math.exp(-30.0)))
    assert abs(notes - stable) / stable > 1e-9  # the two forms really differ
    delta2 = ref.step.grads.delta2
    for sp in (notes, stable):
        values = {"sigma_prime": [sp], "delta1": [delta2 * 2.0 * sp]}
        assert check_case(0, ref, values, 1e-9).differences == []
    s = 1 / (1 + math.exp(-a1))
    wrong = {"sigma_prime": [s * (1 - s)]}  # σ' taken at a1: about 0.197
    assert len(check_case(0, ref, wrong, 1e-9).differences) == 1


def test_a_recovered_gradient_allows_for_the_rounding_of_a_large_theta_and_tiny_eta() -> None:
    case = CheckCase("big", Params([[1.0]], [0.0], [1000.0], 0.0), [1.0], 0.0, 1e-6, "regression")
    ref = Reference(case)
    g = ref.step.grads.dW2[0]
    new = 1000.0 - 1e-6 * g  # the student's update, rounded to the ulp of 1000
    c = check_case(0, ref, {"W2": [new]}, 1e-9)
    assert c.differences == [] and c.compared == 2  # dW2 recovered, W2 itself
    # a gradient 0.01 % off moves W2 by far less than 1e-9·|W2|, but it is still named
    c = check_case(0, ref, {"W2": [1000.0 - 1e-6 * g * 1.0001]}, 1e-9)
    assert [d.key for d in c.differences] == [("dW2", (0,))] and c.differences[0].recovered


# --- misbehaving code


@pytest.mark.parametrize(
    ("target", "first_line", "where"),
    [
        ("loops_forever", "too slow in case 1 of 5: step took longer than 1 s", None),
        ("exits", "error in case 1 of 5: step called sys.exit('giving up')",
         "line 6, in step: sys.exit(\"giving up\")"),
        ("os_exits", "error in case 1 of 5: step called os._exit(3)",
         "line 5, in step: os._exit(3)"),
        ("raises", "error in case 1 of 5: step raised IndexError: list index out of range",
         "line 3, in step: "),
        ("garbage", "not the notes' numbers in case 1 of 5: step returned a str ('done'); "
         "expected a dict of the notes' names, the updated (W1, b1, W2, b2), or the new b2 "
         "after updating W1, b1 and W2 in place", None),
        ("reads_stdin", "reads standard input in case 1 of 5: step reads standard input (it "
         "gets none here): EOFError", "line 2, in step: lr = float(input("),
        ("huge_allocation", "error in case 1 of 5: step ran out of memory (MemoryError)",
         "line 2, in step: cache = [0.0] * (1 << 34)"),
        ("transposed_dW1", "wrong shape in case 1 of 13: dW1 has 1 row of 2 numbers and is "
         "transposed: expected 2 rows of 1 number (h rows × n columns)", None),
    ],
)  # fmt: skip
def test_misbehaving_code_is_reported_with_its_case_and_line(
    reports: dict[str, tuple[CheckResult | str, float]],
    target: str,
    first_line: str,
    where: str | None,
) -> None:
    if target == "huge_allocation" and sys.platform != "linux":
        pytest.skip("the address-space limit is enforced on Linux")
    r = report(reports, target)
    lines = r.report.splitlines()
    assert r.exit_code == 1
    assert lines[0].startswith(first_line)
    if where is not None:
        assert lines[1].startswith(f"  at {STUDENTS / target}.py, {where}")
    assert any(line.startswith("case 1 of ") and "lesson by-hand" in line for line in lines)


def test_the_timeout_is_the_tools_own(reports: dict[str, tuple[CheckResult | str, float]]) -> None:
    elapsed = reports["loops_forever"][1]
    # ended by the tool's own timeout: after it, and long before pytest's (a loaded machine is slow)
    assert TIMEOUT <= elapsed < TIMEOUT + 30.0
    where = report(reports, "loops_forever").report.splitlines()[1]
    file = STUDENTS / "loops_forever.py"
    assert where in (  # the loop is two lines: it is stopped on one or the other
        f"  at {file}, line 3, in step: while z2 == z2:  # never false for a number",
        f"  at {file}, line 4, in step: z2 = z2 + 0.0",
    )
    assert (
        "4 case(s) not run after case 1 ended the process"
        in report(reports, "loops_forever").report
    )


# --- the command line


def test_cli_exit_codes_and_one_line_errors(
    capsys: pytest.CaptureFixture[str], write_file: Callable[[str, str], str]
) -> None:
    assert main(["check", str(STUDENTS / "correct.py"), "--cases", "1"]) == 0
    isolation, report = capsys.readouterr().out.split("\n", 1)  # the first line says how
    assert isolation.startswith("isolation: ") and report.startswith("ok: step in ")
    assert main(["check", str(STUDENTS / "mistake_sign_delta2.py"), "--cases", "1"]) == 1
    assert capsys.readouterr().out.split("\n", 1)[1].startswith("first difference: delta2\n")
    broken = write_file("broken.py", "def step(W1, b1, W2, b2, x, y, lr)\n    return {}\n")
    for target, message in [
        (broken, "line 1: SyntaxError: expected ':'"),
        ("correct.py:nope", "has no function named 'nope' (its functions: full_step, step)"),
        ("wrong_signature.py", "step(params, x, y) cannot be called as step(W1, b1, W2, b2, "
         "x, y, lr)"),
        ("missing.py", "cannot read"),
    ]:  # fmt: skip
        assert main(["check", target if target == broken else str(STUDENTS / target)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        err = captured.err.splitlines()
        assert len(err) == 1 and err[0].startswith("tinynn: error: ") and message in err[0]


def test_the_template_is_a_starting_point_that_check_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["check", "--template"]) == 0
    text = capsys.readouterr().out
    assert text == TEMPLATE
    tree = ast.parse(text)
    step = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "step")
    assert [a.arg for a in step.args.args] == ["W1", "b1", "W2", "b2", "x", "y", "lr", "task"]
    assigned = {t.id for n in ast.walk(step) if isinstance(n, ast.Assign) for t in n.targets
                if isinstance(t, ast.Name)}  # fmt: skip
    names = ["z1", "a1", "z2", "y_pred", "L", "delta2", "dW2", "db2", "sigma_prime", "delta1",
             "dW1", "db1"]  # fmt: skip
    assert set(names) <= assigned
    # the parts are named as `tinynn explain` names the phases, numbered as parts of the step
    parts = [line.strip() for line in text.splitlines() if line.strip().startswith("# --- ")]
    assert parts == [
        "# --- part 1 of 4: Forward propagation",
        "# --- part 2 of 4: Loss",
        "# --- part 3 of 4: Backpropagation",
        "# --- part 4 of 4: Gradient-descent update",
    ]
    assert [p.split(": ", 1)[1] for p in parts] == [PHASE_TITLES[p] for p in PHASES]
    for eq in ("δ1[j] = δ2·W2[j]·σ'(z1[j])", "∂L/∂W1[j][i] = δ1[j]·x[i]", "δ2 = y_pred − y"):
        assert eq in text
    path = tmp_path / "mine.py"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path), "--cases", "0"]) == 1
    assert "returned a dict whose 'z1' is ... (still to be written)" in capsys.readouterr().out
    # it returns every name a step may return, by the table of names
    returned = next(n for n in ast.walk(step) if isinstance(n, ast.Return))
    assert isinstance(returned.value, ast.Dict)
    keys = [k.value for k in returned.value.keys if isinstance(k, ast.Constant)]
    assert sorted(keys) == sorted(RETURNED)


def test_the_child_imports_this_tinynn_not_one_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shadow = tmp_path / "tinynn"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("raise RuntimeError('a tinynn of the folder')\n")
    monkeypatch.chdir(tmp_path)
    result = check_file(str(STUDENTS / "correct.py"), cases=0, timeout=TIMEOUT)
    assert result.passed, result.report


# --- from Python


def test_check_a_function_object_in_process() -> None:
    sys.path.insert(0, str(STUDENTS))
    try:
        import correct  # type: ignore[import-not-found]
        import mistake_no_sigma_prime  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(STUDENTS))
    import tinynn

    good = tinynn.check(correct.step, cases=1)
    assert good and repr(good).startswith("ok: step in ") and "\n" not in repr(good)
    bad = tinynn.check(mistake_no_sigma_prime.step, cases=1)
    assert not bad and str(bad).startswith("first difference: delta1[0]\n")
    assert [m.id for m in bad.mistakes] == ["no-sigma-prime"]


def test_in_process_failures_are_reported_not_raised() -> None:
    def exits(W1: object, b1: object, W2: object, b2: object, x: object, y: object,
              lr: object) -> None:  # fmt: skip
        sys.exit(4)

    def loops(W1: object, b1: object, W2: object, b2: object, x: object, y: object,
              lr: object) -> None:  # fmt: skip
        while True:
            pass

    r = check(exits, cases=0)
    assert r.report.startswith("error in case 1 of 3: exits called sys.exit(4)")
    assert f"at {__file__}, line " in r.report
    r = check(loops, cases=0, timeout=0.2)
    assert r.report.startswith("too slow in case 1 of 3: loops took longer than 0.2 s")
    assert "in loops: while True:" in r.report or "in loops: pass" in r.report
    with pytest.raises(TinyNNError, match="cannot be called as"):
        check(lambda W1, b1: None)


def test_import_tinynn_does_not_import_the_checker(repo: Path) -> None:
    probe = "import sys, tinynn; print(sorted(m for m in sys.modules if m.startswith('tinynn.')))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=repo, check=True).stdout  # fmt: skip
    assert not [m for m in ast.literal_eval(out) if m.startswith("tinynn.grading")]


# --- the catalogue


def test_the_bug_hunt_plants_the_real_mistakes_and_the_catalogue_keeps_the_rest() -> None:
    assert len(HUNT) == 10 and all(m.hunt for m in HUNT) and HUNT == MISTAKES
    hunted = {m.id for m in HUNT}
    assert {"sign-delta2", "sigma-prime-of-a1", "a1-for-sigma-prime"} <= hunted
    extra = [m.id for m in ALL_MISTAKES if not m.hunt]
    assert {"plus-update", "no-lr", "b1-from-b2", "sigma-prime-of-z1"} <= set(extra)


def test_every_mistake_touches_names_of_the_table() -> None:
    for m in ALL_MISTAKES:
        assert m.touches and set(m.touches) <= set(ORDER), m.id

"""tinynn check --answers: values worked out by hand for a lesson's step.

The answer files are in tests/grading/answers/. Every expected number here is hand arithmetic on
the by-hand lesson (W1 = [[0.25], [−0.5]], b1 = [−0.5, 1], W2 = [1, −0.5], b2 = 0.25;
sample 0: x = 2, y = 1; η = 0.5): z1 = [0, 0], so a1 = [½, ½] and σ' = [¼, ¼]; z2 = ½ − ¼ + ¼
= ½ = y_pred; L = ½(½ − 1)² = ⅛; δ2 = −½; ∂L/∂W2 = [−¼, −¼]; ∂L/∂b2 = −½;
δ1 = [(−½)(1)(¼), (−½)(−½)(¼)] = [−⅛, 1/16]; ∂L/∂W1 = [[−¼], [⅛]]; ∂L/∂b1 = [−⅛, 1/16];
new W2 = [1 + ⅛, −½ + ⅛] = [9/8, −3/8]; new b2 = ¼ + ¼ = ½; new W1 = [[¼ + ⅛], [−½ − 1/16]]
= [[3/8], [−9/16]]; new b1 = [−½ + 1/16, 1 − 1/32] = [−7/16, 31/32].
"""

from __future__ import annotations

import math
import struct
from pathlib import Path

import pytest
from helpers import assert_usage_error, run

import tinynn
from tinynn.core.errors import TinyNNError
from tinynn.core.names import Key
from tinynn.core.table import Formula, step_values
from tinynn.grading.answer_file import parse_name
from tinynn.grading.answers import AnswersResult, check_answers, lesson_setup
from tinynn.grading.cases import build_cases
from tinynn.grading.judge import recompute
from tinynn.run.trace import trace_step
from tinynn.teach.marking import Marking, written

ANSWERS = Path(__file__).parent / "answers"

BY_HAND = {
    "z1[0]": 0, "z1[1]": 0, "a1[0]": 1 / 2, "a1[1]": 1 / 2, "z2": 1 / 2, "y_pred": 1 / 2,
    "L": 1 / 8, "delta2": -1 / 2, "dW2[0]": -1 / 4, "dW2[1]": -1 / 4, "db2": -1 / 2,
    "sigma_prime[0]": 1 / 4, "sigma_prime[1]": 1 / 4, "delta1[0]": -1 / 8,
    "delta1[1]": 1 / 16, "dW1[0][0]": -1 / 4, "dW1[1][0]": 1 / 8, "db1[0]": -1 / 8,
    "db1[1]": 1 / 16, "new W2[0]": 9 / 8, "new W2[1]": -3 / 8, "new b2": 1 / 2,
    "new W1[0][0]": 3 / 8, "new W1[1][0]": -9 / 16, "new b1[0]": -7 / 16, "new b1[1]": 31 / 32,
}  # fmt: skip


def statuses(result: AnswersResult) -> dict[str, str]:
    return {j.label: j.status for j in result.judged}


def test_every_value_right_is_exit_0_and_the_engine_agrees_with_the_hand_arithmetic() -> None:
    result = check_answers(ANSWERS / "right.txt")
    assert {j.label: j.expected for j in result.judged} == BY_HAND  # exact: binary fractions
    assert statuses(result) == {label: "right" for label in BY_HAND}
    assert result.passed and result.exit_code == 0 and bool(result)
    assert result.report.splitlines()[-1] == (
        "26 answers: 26 right, 0 wrong, 0 carried from a wrong one; "
        "every one of the step's 26 values given"
    )
    code, out, err = run("check", "--answers", str(ANSWERS / "right.txt"))
    assert (code, err) == (0, "")
    assert out == result.report
    # one line per answer, in the trace's order (forward, loss, backward, update)
    assert [line[2:].split(" = ")[0] for line in out.splitlines()[1:-1]] == list(BY_HAND)


def test_an_error_is_reported_where_it_starts_and_what_follows_from_it_is_carried() -> None:
    result = check_answers(ANSWERS / "carried.txt")
    got = statuses(result)
    # δ1[1] = δ2·W2[1]·a1[1] = (−½)(−½)(½) = ⅛ instead of 1/16: wrong, what the known mistake
    # gives; but their δ1[0] = −⅛ is right, not (−½)(1)(½) = −¼, so the mistake is not named
    # as theirs (its explanation would contradict δ1[0]): the number alone is
    assert got["delta1[1]"] == "wrong"
    d1 = next(j for j in result.judged if j.label == "delta1[1]")
    assert d1.expected == 1 / 16 and d1.answer.value == 1 / 8
    assert d1.hints == [
        "this number is what δ1[j] = δ2·W2[j]·a1[j] gives (δ1 computed with a1 in place of "
        "σ'(z1)), but your delta1[0] did not follow that equation"
    ]
    # ∂L/∂W1[1][0] = δ1[1]·x[0] = (⅛)(2) = ¼ from their δ1[1]: carried, not a new error
    dw = next(j for j in result.judged if j.label == "dW1[1][0]")
    assert (dw.status, dw.origin, dw.own, dw.expected) == ("carried", ("delta1[1]",), 1 / 4, 1 / 8)
    # ∂L/∂b1[1] = δ1[1] would be ⅛ from their δ1[1]; −⅛ is wrong on its own, a flipped sign
    db = next(j for j in result.judged if j.label == "db1[1]")
    assert (db.status, db.own, db.expected) == ("wrong", 1 / 8, 1 / 16)
    assert db.hints == ["the size is right but the sign is not"]
    # new W1[1][0] = −½ − ½·¼ = −5/8 follows (through their ∂L/∂W1[1][0]) from δ1[1];
    # new b1[1] = 1 − ½·(−⅛) = 17/16 from their wrong ∂L/∂b1[1]
    assert got["new W1[1][0]"] == got["new b1[1]"] == "carried"
    origin = {j.label: j.origin for j in result.judged}
    assert origin["new W1[1][0]"] == ("delta1[1]",) and origin["new b1[1]"] == ("db1[1]",)
    assert [label for label, s in got.items() if s == "right"] == [
        "a1[0]", "a1[1]", "z2", "L", "delta2", "sigma_prime[0]", "sigma_prime[1]",
        "delta1[0]", "dW1[0][0]",
    ]  # fmt: skip
    out = result.report
    assert "✗ delta1[1] = 0.125   expected 0.0625\n" in out
    assert "    δ1[1] = δ2·W2[1]·σ'(z1[1]) = (−0.5)(−0.5)(0.25) = 0.0625\n" in out
    assert "↪ dW1[1][0] = 0.25   carried from delta1[1] (the correct value is 0.125)\n" in out
    assert "    from your values: ∂L/∂W1[1][0] = δ1[1]·x[0] = (0.125)(2) = 0.25\n" in out
    assert "    from your earlier values it would be: ∂L/∂b1[1] = δ1[1] = (0.125) = 0.125\n" in out
    assert out.splitlines()[-1] == (
        "14 answers: 9 right, 2 wrong, 3 carried from a wrong one; 4 lines not read; "
        "12 of the step's 26 values not given"
    )
    assert not result.passed
    code, cli_out, err = run("check", "--answers", str(ANSWERS / "carried.txt"))
    assert (code, cli_out, err) == (1, out, "")


def test_names_that_are_not_the_steps_get_one_line_each() -> None:
    lines = check_answers(ANSWERS / "carried.txt").report.splitlines()
    assert [line for line in lines if line.startswith("?")] == [
        "? line 3: z1: no such value in this network (z1[0], z1[1])",
        "? line 18: foo[3]: unknown name; names look like z1[0], delta1[1], dW1[0][1], "
        "new W1[0][0]",
        "? line 19: W1[0][0]: is given, not computed; its updated value is new W1[0][0]",
        "? line 20: b2: is given, not computed; its updated value is new b2",
    ]


def test_a_sign_mistake_in_a_csv_gets_its_hint_and_carries_to_the_update() -> None:
    result = check_answers(ANSWERS / "sign.csv")
    assert statuses(result) == {
        "z2": "right", "L": "right", "delta2": "wrong", "dW2[0]": "carried",
        "dW2[1]": "carried", "db2": "carried", "new W2[0]": "carried", "new b2": "carried",
    }  # fmt: skip
    d2 = result.judged[2]
    assert (d2.expected, d2.answer.value) == (-0.5, 0.5)
    assert d2.hints[0] == (
        "known mistake: δ2 with the wrong sign: δ2 = y − y_pred   (correct: δ2 = y_pred − y)"
    )
    # new W2[0] = 1 − ½·(½·½) = 7/8 and new b2 = ¼ − ½·½ = 0, from their δ2 = ½
    assert [j.own for j in result.judged[-2:]] == [7 / 8, 0.0]


@pytest.mark.parametrize(
    ("text", "true", "right"),
    [
        ("0.125", 0.1249, True),  # three digits, within half a unit of the last
        ("0.125", 0.12549, True),
        ("0.125", 0.1256, False),
        ("0.120", 0.1195, True),  # half way: rounded either way
        ("0.121", 0.1205, True),
        ("−0.125", -0.1251, True),
        ("1.25e-1", 0.1249, True),  # an exponent moves the digits, it adds none
        ("0.12", 0.1249, False),  # two digits: too few, however close
        ("0.13", 0.125, False),
        ("0.2", 0.25, False),  # σ' = ¼ to one digit
        ("0.1", 0.078125, False),
        ("0.5", 0.5, True),  # exact: right whatever its digits
        ("0.25", 0.25, True),
        ("-1/8", -0.125, True),  # a fraction is exact, or wrong
        ("1/8", 0.12500001, False),
        ("0", 1e-13, True),  # 0 is 0 to 1e-12
        ("0", 0.001, False),  # a whole number follows the rule: one digit, not exact
        ("2", 2.3, False),
        ("150", 150.4, True),  # three digits
        ("0e99", 0.4, False),  # an exponent never widens the tolerance: no digit at all
        ("0e1", 3.0, False),
        ("0.", 0.4, False),  # nor does a point: 0. is a zero with no digit
        ("0.000", 0.0004, False),
        (repr(0.1 + 0.2), 0.3, True),  # many digits: equal to 1e-9 relative
        ("0.30000001", 0.3, False),
    ],
)
def test_each_value_is_judged_by_the_one_rule(text: str, true: float, right: bool) -> None:
    assert Marking().right(written(text), true) is right


def test_the_number_of_digits_and_a_tolerance_are_options_of_the_rule() -> None:
    assert Marking(min_digits=2).right(written("0.12"), 0.1249)
    assert not Marking(min_digits=4).right(written("0.125"), 0.1249)
    # a relative tolerance replaces the rule: within 5 % of the value, whatever the digits
    assert Marking(tolerance=0.05).right(written("0.12"), 0.125)
    assert not Marking(tolerance=0.01).right(written("0.12"), 0.125)
    # an update is judged on its change: from θ = 1, 1.0999 is 1 % off a change of 0.1
    assert Marking(tolerance=0.01).right(written("1.0999"), 1.1, 1.0)
    assert not Marking(tolerance=0.01).right(written("1"), 1.1, 1.0)  # no change is never right


def test_answers_from_a_dict_in_python_with_the_digits_of_strings_and_floats() -> None:
    # L = ⅛: "0.125" is right, "0.126" is not (0.1255 to 0.1265), a float is judged to the
    # digits of its repr (0.13: two digits, too few); δ2 = −½ exactly as a float
    result = tinynn.check(answers={"L": "0.125", "loss": "0.126", "δ2": 0.13, "p": -0.5})
    assert isinstance(result, AnswersResult)
    assert [(j.label, j.status) for j in result.judged] == [
        ("y_pred", "wrong"), ("L", "right"), ("delta2", "wrong")]  # fmt: skip
    assert result.unread[0].message == "L again (first on line 1): only the first is checked"
    assert str(result) == result.report and not result
    # right, but 24 of the 26 values are not given: not passed
    partial = tinynn.check(answers={"z1[0]": 0, "new b1[1]": "31/32"})
    assert [j.status for j in partial.judged] == ["right", "right"] and not partial.passed
    assert partial.report.endswith("24 of the step's 26 values not given\n")
    assert tinynn.check(answers=BY_HAND).passed  # every value, as floats
    # a relative tolerance from Python, stated in the report; 0.13 is within 5 % of 0.125
    loose = tinynn.check(answers={**BY_HAND, "L": "0.13"}, tolerance=0.05)
    assert loose.passed and "each value right within 0.05 relative" in loose.report
    assert not tinynn.check(answers={**BY_HAND, "L": "0.13"}).passed
    with pytest.raises(TinyNNError, match="not both"):
        tinynn.check(lambda *a: None, answers={"L": 0.125})
    with pytest.raises(TinyNNError, match="answers="):
        tinynn.check()


def test_values_rounded_right_and_carried_on_are_right() -> None:
    # sample 1 (x = 1, y = ½): z1 = [¼ − ½, −½ + 1] = [−¼, ½], a1 = [σ(−¼), σ(½)] =
    # [0.437823..., 0.622459...], written 0.438 and 0.622: right. z2 from those is
    # 0.438 − ½·0.622 + ¼ = 0.377, which is 0.376594... from the exact a1: 0.3770 is 4e-4
    # off, more than half a unit of its last digit, but worked on from their rounded values
    # it is right (no earlier value was wrong)
    a0, a1 = 1 / (1 + math.exp(0.25)), 1 / (1 + math.exp(-0.5))
    assert round(a0, 3) == 0.438 and round(a1, 3) == 0.622
    assert abs(0.3770 - (a0 - 0.5 * a1 + 0.25)) > 0.00005
    result = check_answers({"a1[0]": "0.438", "a1[1]": "0.622", "z2": "0.3770"}, sample=1)
    assert statuses(result) == {"a1[0]": "right", "a1[1]": "right", "z2": "right"}
    assert not result.passed and len(result.missing) == 23
    assert "sample 1 (x = [1], y = 0.5, η = 0.5)" in result.report.splitlines()[0]


NAMES = [
    ("z1[0]", ("z1", (0,))),
    ("z1 [1]", ("z1", (1,))),
    ("y_pred", ("y_pred", ())),
    ("p", ("y_pred", ())),
    ("loss", ("L", ())),
    ("δ2", ("delta2", ())),
    ("δ1[1]", ("delta1", (1,))),
    ("σ'(z1[0])", ("sigma_prime", (0,))),
    ("σ'[1]", ("sigma_prime", (1,))),
    ("sigma_prime[1]", ("sigma_prime", (1,))),
    ("∂L/∂W1[0][1]", ("dW1", (0, 1))),
    ("dL/dW2[1]", ("dW2", (1,))),
    ("∂L/∂b2", ("db2", ())),
    ("dW1[1, 0]", ("dW1", (1, 0))),
    ("new W1[0][0]", ("W1", (0, 0))),
    ("new_W1[0][0]", ("W1", (0, 0))),
    ("W1_new[0][0]", ("W1", (0, 0))),
    ("W1[0][0]_new", ("W1", (0, 0))),
    ("new b2", ("b2", ())),
    ("b2_new", ("b2", ())),
    ("dw2[1]", ("dW2", (1,))),  # in any case: no two names differ only in case
    ("DELTA1[0]", ("delta1", (0,))),
    ("new w1[0][0]", ("W1", (0, 0))),
    ("Y_Pred", ("y_pred", ())),
]


@pytest.mark.parametrize(("text", "key"), NAMES)
def test_names_and_their_documented_equivalents(text: str, key: Key) -> None:
    assert parse_name(text) == key


def test_no_two_names_differ_only_in_case() -> None:
    """What makes reading a name in any case safe."""
    from tinynn.core.names import COMPUTED, GIVEN

    names = [*COMPUTED, *GIVEN]
    assert len({n.lower() for n in names}) == len(names)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("foo[3]", "unknown name"),
        ("W1[0][0]", "is given, not computed; its updated value is new W1[0][0]"),
        ("x[0]", "is given, not computed"),
        ("new z1[0]", "only parameters are updated"),
        ("z1[0", "unknown name"),
    ],
)
def test_names_that_are_not_values_of_the_step(text: str, reason: str) -> None:
    with pytest.raises(TinyNNError, match=reason.replace("[", r"\[").replace("]", r"\]")):
        parse_name(text)


def test_garbage_values_are_one_line_each_and_the_rest_is_still_checked(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("z1[0] = zero\nz1[1] = 0\na1[0] = 1/0\nthis is not an answer\na1[1] =\n")
    code, out, err = run("check", "--answers", str(path))
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[1] == "✓ z1[1] = 0"
    assert lines[2:5] == [
        "? line 1: z1[0]: not a number: zero (write it like 0.5, −1e-3 or 1/8)",
        "? line 3: a1[0]: not a number: 1/0 (write it like 0.5, −1e-3 or 1/8)",
        "? line 4: not 'name = value': this is not an answer",
    ]  # `a1[1] =` on line 5 is a blank still to fill in: not a problem
    assert lines[-1].startswith("1 answer: 1 right, 0 wrong, 0 carried from a wrong one; 3 lines")


def test_a_file_that_cannot_be_read_or_has_no_answers_is_one_error_line(tmp_path: Path) -> None:
    code, out, err = run("check", "--answers", str(tmp_path / "missing.txt"))
    assert_usage_error(code, err, "missing.txt", "no such file")
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"z1[0] = \xff\n")
    code, out, err = run("check", "--answers", str(binary))
    assert_usage_error(code, err, "not UTF-8")
    empty = tmp_path / "e.txt"
    empty.write_text("# nothing yet\n\n")
    code, out, err = run("check", "--answers", str(empty))
    assert_usage_error(code, err, "no answers in", "name = value")
    garbage = tmp_path / "g.txt"
    garbage.write_text("hello\nworld\n")
    code, out, err = run("check", "--answers", str(garbage))
    assert_usage_error(code, err, "no answers in", "line 1: not 'name = value': hello")
    assert out == ""


def test_options_that_go_with_answers_only(tmp_path: Path) -> None:
    right = str(ANSWERS / "right.txt")
    assert_usage_error(*run("check", "--lesson", "by-hand")[::2], "go with --answers")
    code, _, err = run("check", "x.py", "--answers", right)
    assert_usage_error(code, err, "not both")
    code, _, err = run("check", "--answers", right, "--sample", "9")
    assert_usage_error(code, err, "sample 9 is out of range")
    code, _, err = run("check", "--answers", right, "--lesson", "no-such-lesson")
    assert_usage_error(code, err, "no-such-lesson")


def test_another_lessons_step_classification(tmp_path: Path) -> None:
    # the saturation lesson classifies: y_pred is p = σ(z2) and L is log loss; its own
    # numbers, written in full, are right; p written as 1 − p is wrong and L, right from
    # the correct p, stays right
    s = lesson_setup("saturation")
    assert s.task == "classification"
    events = {e.label: e for e in trace_step(s.params, s.x, s.y, s.lr, s.task)}
    p, L = events["y_pred"].value, events["L"].value
    assert math.isclose(p, 1 / (1 + math.exp(-events["z2"].value)))
    path = tmp_path / "s.txt"
    path.write_text(f"L = {L!r}\np = {1 - p!r}\n")
    code, out, _ = run("check", "--answers", str(path), "--lesson", "saturation")
    assert code == 1
    lines = out.splitlines()
    assert lines[1].startswith(f"✗ y_pred = {1 - p!r}   expected ")
    assert lines[2].startswith("    y_pred = p = σ(z2) = 1 / (1 + e^(−z2)) = ")
    assert f"✓ L = {L!r}" in lines


@pytest.mark.parametrize("k", range(len(build_cases(4))))
def test_the_grader_and_the_trace_give_the_same_numbers_through_the_one_table(k: int) -> None:
    # the grader recomputes an event through the table of the step (as it does on a
    # student's operands); on the engine's own operands it writes the trace's numbers and
    # gets the trace's value bit for bit: the one exception is log loss, which the notes
    # write from p (the grader's equation) and the step computes from z2
    case = build_cases(4)[k]
    trace = trace_step(case.params, case.x, case.y, case.lr, case.task)
    values = step_values(trace.step)
    for e in trace:
        value, sub = recompute(e, values.__getitem__, case.task)
        assert sub == e.substituted, e.label
        f = Formula(e.writes, e.reads, case.task)
        assert f.value(values.__getitem__) == e.value, e.label
        if (e.name, case.task) == ("L", "classification"):
            assert math.isclose(value, e.value, rel_tol=1e-14), e.label
        else:
            assert struct.pack("<d", value) == struct.pack("<d", e.value), e.label


def test_the_readmes_sample_run_is_what_the_command_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ cat mine.txt\n", 1)[1].split("```", 1)[0]
    file_text, output = block.split("$ tinynn check --answers mine.txt\n")
    (tmp_path / "mine.txt").write_text(file_text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("check", "--answers", "mine.txt") == (1, output, "")


def test_huge_answers_are_judged_without_overflow() -> None:
    # from y_pred = 1e300 the loss ½(1e300 − 1)² overflows to inf: no value is carried from it
    result = check_answers({"y_pred": "1e300", "L": "1e300", "delta2": "1e300"})
    assert statuses(result) == {"y_pred": "wrong", "L": "wrong", "delta2": "carried"}
    assert result.judged[1].own == math.inf


# --- explanations that agree with all of the student's numbers (by-hand, sample 0)


def hints_of(result: AnswersResult) -> dict[str, list[str]]:
    return {j.label: j.hints for j in result.judged}


def test_two_mistakes_that_cancel_in_hand_work_are_said_to_cancel() -> None:
    """δ2 = y − y_pred = ½, and the update adds the gradient: new W2[0] = 1 + ½·(½·½) = 9/8
    and new b2 = ¼ + ½·½ = ½ are right, though their own ∂L/∂W2[0] = ¼ gives 7/8."""
    result = check_answers({"delta2": "0.5", "dW2[0]": "1/4", "new W2[0]": "1.125",
                            "new b2": "0.5"})  # fmt: skip
    assert statuses(result) == {"delta2": "wrong", "dW2[0]": "carried", "new W2[0]": "right",
                                "new b2": "right"}  # fmt: skip
    hints = hints_of(result)
    assert hints["delta2"][0].startswith("known mistake: δ2 with the wrong sign")
    assert not any("climbs the loss" in h for h in hints["delta2"])  # their updates are right
    assert "the two mistakes cancel there" in " ".join(" ".join(hints["delta2"]).split())
    assert hints["new W2[0]"] == [
        "right, but not what your own numbers give (0.875, from your delta2): it is what "
        "θ ← θ + η·∂L/∂θ gives (the update adds the gradient), so two mistakes cancel"
    ]


def test_forgetting_only_b1_by_hand_is_the_old_value_not_the_hidden_layers_mistake() -> None:
    result = check_answers({"new W1[0][0]": "3/8", "new W1[1][0]": "-9/16", "new b1[0]": "-0.5",
                            "new b1[1]": "1"})  # fmt: skip
    hints = hints_of(result)
    for label in ("new b1[0]", "new b1[1]"):  # 1: one digit, but exactly b1[1] before the step
        assert hints[label] == ["that is the old value: the update moves it by −η·∂L/∂θ"]
    assert "nothing for W1" not in result.report


def test_a_known_mistake_after_an_earlier_slip_is_named_from_their_own_numbers() -> None:
    """δ2 = −0.4 (a slip); then δ1 with a1 for σ': (−0.4)(1)(½) = −0.2 and (−0.4)(−½)(½) = 0.1,
    what the mistake gives from their δ2 (from the right δ2 it gives −¼ and ⅛)."""
    result = check_answers({"delta2": "-0.4", "delta1[0]": "-0.2", "delta1[1]": "0.1"})
    hints = hints_of(result)
    assert hints["delta2"] == []
    for label in ("delta1[0]", "delta1[1]"):
        assert hints[label][0].startswith("known mistake: δ1 computed with a1 in place of σ'(z1)")
    assert "twice the value" not in result.report


@pytest.mark.parametrize(
    ("answers", "label", "mistake"),
    [
        # ∂L/∂W2[j] = δ2·z1[j] = 0 (z1 = 0 here), where δ2·a1[j] = −¼
        ({"dW2[0]": "0", "dW2[1]": "0"}, "dW2[0]", "∂L/∂W2 computed with z1 instead of a1"),
        # σ' = 1 − a1² = ¾ (tanh's slope), δ1[0] from it = (−½)(1)(¾) = −⅜
        ({"sigma_prime[0]": "0.75", "sigma_prime[1]": "3/4"}, "sigma_prime[0]",
         "σ' computed as tanh's slope 1 − a1²"),
        # δ1 with W2 updated first: W2 = [1 + ⅛, −½ + ⅛], δ1 = [(−½)(9/8)(¼), (−½)(−⅜)(¼)]
        ({"delta1[0]": "-9/64", "delta1[1]": "3/64"}, "delta1[0]",
         "δ1 computed with the already-updated W2"),
    ],
)  # fmt: skip
def test_the_new_catalogue_entries_are_named_in_hand_work(
    answers: dict[str, str], label: str, mistake: str
) -> None:
    hints = hints_of(check_answers(answers))
    assert hints[label][0].startswith(f"known mistake: {mistake}"), hints[label]


def test_too_few_digits_is_said_before_anything_it_could_also_be() -> None:
    hints = hints_of(check_answers({"L": "0.13", "sigma_prime[0]": "0.2", "a1[0]": "0."}))
    assert hints["L"] == [
        "2 significant digits written: write at least 3, or the exact value (like 1/8)"
    ]
    assert hints["sigma_prime[0]"][0].startswith("1 significant digit written")
    assert hints["a1[0]"][0].startswith("no significant digit written")

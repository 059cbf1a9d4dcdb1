"""A walkthrough's place as a record (tui/place.py): written, read back the same, and a
record from anywhere else refused with one line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tinynn import TinyNNError
from tinynn.run.config import Config
from tui.command import parse_args
from tui.model import Model
from tui.place import MAX_PLACE, place_record, resumed


def where(m: Model) -> tuple[object, ...]:
    """Everything a place is: the set-up, the lesson, the numbers and the cursor."""
    return (
        m.setup,
        m.lesson,
        m.student,
        m.digits,
        m.params,
        m.sample,
        m.epoch,
        m.steps,
        m.this_epoch,
        m.cursor,
    )


def walked(model: Model, *moves: Callable[[Model], object]) -> Model:
    for move in moves:
        move(model)
    return model


def round_trip(model: Model, base: Model) -> Model:
    record = place_record(model, base.setup.config)
    assert record is not None
    back = resumed(record, base)
    assert where(back) == where(model)
    assert back.trace.step.new_params == model.trace.step.new_params  # the same update next
    return back


def test_a_place_mid_epoch_and_mid_step_comes_back_the_same() -> None:
    base = parse_args(["--digits", "6"])
    model = walked(parse_args(["--digits", "6"]), Model.next_sample, Model.next_sample)
    for _ in range(12):
        model.next()
    assert model.mid_epoch and model.cursor == 11 and model.epoch == 1 and model.steps == 2
    back = round_trip(model, base)
    assert back.digits == 6 and back.this_epoch == model.this_epoch and len(back.this_epoch) == 2
    # the epoch still closes where it would have: after the data's last sample
    left = model.n_samples - len(model.this_epoch)
    for _ in range(left):
        back.next_sample()
        model.next_sample()
    assert back.epoch == model.epoch == 2
    assert back.epoch_losses == model.epoch_losses  # this epoch's losses were kept
    assert len(back.sample_losses) == left < len(model.sample_losses)  # earlier points not
    assert back.params == model.params


def test_a_place_on_other_settings_comes_back_on_them() -> None:
    base = parse_args([])
    model = parse_args([])
    model.apply_config(model.setup.config.with_(dataset="xor", task="classification", hidden=4))
    model.apply_config(model.setup.config.with_(lr=0.25, seed=7))  # kept: η and seed only
    model.run_epoch()
    model.next()
    back = round_trip(model, base)
    assert (back.task, back.setup.data.name, back.params.n_hidden, back.lr) == (
        "classification",
        "xor",
        4,
        0.25,
    )
    back.reset()  # r starts afresh: the settings' own starting weights
    assert back.params == back.setup.params and back.epoch == 1


def test_a_lesson_stays_or_goes_with_its_place() -> None:
    base = parse_args(["--lesson", "by-hand"])
    model = walked(parse_args(["--lesson", "by-hand"]), Model.next_sample, Model.finish)
    back = round_trip(model, base)
    assert back.lesson is not None and back.lesson is base.lesson
    model.apply_config(
        model.setup.config.with_(dataset="sine", data=None, params=None, sample=None, hidden=2)
    )
    assert model.lesson is None
    assert round_trip(model, base).lesson is None


def test_a_set_up_from_a_file_is_the_teachers_and_no_other(tmp_path: Path) -> None:
    csv = tmp_path / "points.csv"
    csv.write_text("x,y\n0,0\n1,1\n2,4\n", encoding="utf-8")
    base = parse_args(["--csv", str(csv)])
    model = walked(parse_args(["--csv", str(csv)]), Model.next_sample)
    record = place_record(model, base.setup.config)
    assert record is not None and str(tmp_path) not in record  # the record names no file
    round_trip(model, base)
    # a set-up whose file is not the teacher's cannot be said without naming it
    other = tmp_path / "other.csv"
    other.write_text("x,y\n0,1\n1,2\n", encoding="utf-8")
    elsewhere = Model.from_config(Config(csv=str(other)))
    assert place_record(elsewhere, base.setup.config) is None


def good() -> dict[str, object]:
    model = walked(parse_args([]), Model.next_sample, Model.next)
    record = place_record(model, Config())
    assert record is not None
    obj: dict[str, object] = json.loads(record)
    return obj


def changed(path: str, value: object) -> str:
    obj = good()
    *outer, last = path.split(".")
    here: dict[str, object] = obj
    for name in outer:
        inner = here[name]
        assert isinstance(inner, dict)
        here = inner
    if value is DELETE:
        del here[last]
    else:
        here[last] = value
    return json.dumps(obj)


DELETE = object()
HOSTILE = {
    "not JSON": "{'format': ",
    "not an object": "[1, 2]",
    "NaN": changed("set_up.lr", 0.5).replace("0.5", "NaN"),
    "a huge integer": changed("epoch", 1).replace('"epoch": 1,', '"epoch": ' + "9" * 5000 + ","),
    "nested deeply": "[" * 100_000 + "]" * 100_000,
    "too long": changed("set_up.task", "x" * MAX_PLACE),
    "another format": changed("format", "tinynn-params"),
    "another version": changed("version", 2),
    "a field missing": changed("cursor", DELETE),
    "a field more": changed("set_up.csv", "/etc/passwd"),
    "data from a file": changed("set_up.data", "/etc/passwd"),
    "weights from a file": changed("set_up.weights", "/root/weights.json"),
    "a dataset not built in": changed("set_up.dataset", "../../etc/passwd"),
    "a built-in dataset not a name": changed("set_up.data", "built-in").replace(
        '"dataset": null', '"dataset": ["sine"]'
    ),
    "an unknown task": changed("set_up.task", "\x1b[2J" * 50),
    "a negative η": changed("set_up.lr", -0.5),
    "η a string": changed("set_up.lr", "0.5"),
    "hidden units beyond the cap": changed("set_up.hidden", 10**6),
    "a sample beyond the data": changed("sample", 10**6),
    "a bool for a count": changed("steps", True),
    "epoch 0": changed("epoch", 0),
    "a cursor beyond the trace": changed("cursor", 10**6),
    "a cursor a float": changed("cursor", 1.0),
    "lesson not a bool": changed("set_up.lesson", "yes"),
    "parameters of another shape": changed("params.W1", [[1.0, 2.0]] * 3),
    "parameters with a string": changed("params.b2", "0"),
    "this epoch too long": changed("this_epoch", [0.5] * 100),
    "this epoch negative": changed("this_epoch", [-1.0]),
}


@pytest.mark.parametrize("record", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_or_garbled_record_is_refused_in_one_line(record: str) -> None:
    base = parse_args([])
    with pytest.raises(TinyNNError) as refused:
        resumed(record, base)
    said = str(refused.value)
    assert said.startswith("the saved place") and "\n" not in said and len(said) < 200
    assert "\x1b" not in said and "passwd" not in said


def test_the_good_record_the_hostile_ones_are_made_from_resumes() -> None:
    good_one = json.dumps(good())
    model = resumed(good_one, parse_args([]))
    assert (model.sample, model.steps, model.cursor, model.epoch) == (1, 1, 0, 1)
    assert all(record != good_one for record in HOSTILE.values())  # each one was changed

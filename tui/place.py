"""A walkthrough's place, as a record a reloaded page resumes from (`--serve`).

A student who reloads the page (or whose connection drops) gets a new walkthrough
process; the server keeps, for a while, what the old one last said of its place
(tui/serve_places.py) and hands it to the new one. The place is what the student
made of the teacher's set-up: the settings (task, data, hidden units, η, seed,
sample), whether the lesson still applies, the current parameters, the sample,
epoch and steps, this epoch's losses so far and the cursor. Undo history and the
plots' earlier points are not kept.

`place_record` writes it as JSON, `resumed` reads it back onto the teacher's own
set-up (the walkthrough's options). The record comes back from outside the
process, so it is read as hostile input: no file is ever named in it (the data
and weights are the teacher's or a built-in dataset's and drawn ones), and every
value goes through the checks of any input: `tinynn.io.params_io` for the
parameters, `tinynn.run.config.resolve` for the set-up, `whole_problem` for
counts and the cursor.
"""

from __future__ import annotations

import json
import math

from tinynn.core.errors import TinyNNError
from tinynn.core.validate import TASKS, whole_problem
from tinynn.io.data import DATASETS
from tinynn.io.params_io import params_from_object, read_json
from tinynn.run.config import Config, resolve

from .model import Model

FORMAT, VERSION = "tinynn-place", 1
PLACE_ENV = "TINYNN_PLACE"  # the environment variable a resumed walkthrough finds it in
PLACE_META = "tinynn-place"  # the type of the meta packet that carries it to the server
MAX_PLACE = 64 * 1024  # characters: a place longer than this is not kept (a huge network)
MOST = 10**15  # an epoch or step count beyond any session's
WHERE = "the saved place"
KEYS = ("format", "version", "set_up", "params", "sample", "epoch", "steps", "this_epoch", "cursor")
SET_UP = ("task", "data", "dataset", "weights", "hidden", "lr", "seed", "sample", "lesson")
TEACHERS, BUILT_IN, DRAWN = "teacher's", "built-in", "drawn"


class PlaceError(TinyNNError):
    """A record that is not a place this walkthrough can resume."""


def place_record(model: Model, base: Config) -> str | None:
    """The place of `model`, a walkthrough started on the teacher's `base` config, as JSON
    text; None if its set-up names data or weights that neither `base` nor a built-in
    dataset with drawn weights gives (it cannot be said without a file)."""
    c = model.setup.config
    if (c.dataset, c.csv, c.target, c.data) == (base.dataset, base.csv, base.target, base.data):
        data = TEACHERS
    elif c.csv is None and c.target is None and c.data is None:
        data = BUILT_IN
    else:
        return None
    if (c.load, c.params) == (base.load, base.params):
        weights = TEACHERS
    elif c.load is None and c.params is None:
        weights = DRAWN
    else:
        return None
    set_up = {
        "task": c.task,
        "data": data,
        "dataset": c.dataset if data == BUILT_IN else None,
        "weights": weights,
        "hidden": c.hidden,
        "lr": c.lr,
        "seed": c.seed,
        "sample": c.sample,
        "lesson": model.lesson is not None,
    }
    record = {
        "format": FORMAT,
        "version": VERSION,
        "set_up": set_up,
        "params": model.params.to_dict(),
        "sample": model.sample,
        "epoch": model.epoch,
        "steps": model.steps,
        "this_epoch": list(model.this_epoch),
        "cursor": model.cursor,
    }
    return json.dumps(record, separators=(",", ":"))


def resumed(record: str, base: Model) -> Model:
    """The walkthrough `record` describes, on the set-up of `base` (the teacher's options:
    its config, lesson, --check and --digits), cursor and all.

    Raises:
        TinyNNError: `record` is not such a place, or says something the teacher's set-up
            refuses; one line, the record's text not repeated.
    """
    if len(record) > MAX_PLACE:
        raise PlaceError(f"{WHERE} is longer than {MAX_PLACE} characters")
    obj = fields(read_json(record, WHERE, "a place"), KEYS)
    if (obj["format"], obj["version"]) != (FORMAT, VERSION):
        raise PlaceError(f"{WHERE} is not a place of this version of the walkthrough")
    s = fields(obj["set_up"], SET_UP)
    try:
        setup = resolve(place_config(s, base.setup.config))  # every check and cap of a set-up
    except PlaceError:
        raise
    except TinyNNError as e:
        raise PlaceError(f"{WHERE}: {e}") from None
    model = Model(setup, base.lesson if s["lesson"] else None, base.student, base.digits)
    params = params_from_object(obj["params"], WHERE, setup.data.n_inputs)
    if params.n_hidden != setup.params.n_hidden:
        raise PlaceError(f"{WHERE}: its parameters do not fit its network")
    n = len(setup.data)
    model.go_to(
        params,
        whole("sample", obj["sample"], 0, n - 1),
        whole("epoch", obj["epoch"], 1, MOST),
        whole("steps", obj["steps"], 0, MOST),
        losses(obj["this_epoch"], n - 1),
    )
    model.cursor = whole("cursor", obj["cursor"], -1, len(model.trace) - 1)
    return model


def place_config(s: dict[str, object], base: Config) -> Config:
    """The config a place's set-up `s` describes, on the teacher's `base`: the data and
    weights `base`'s or a built-in dataset's and drawn ones, never a file."""
    if s["data"] == BUILT_IN:
        dataset = s["dataset"]
        if dataset is not None and not (isinstance(dataset, str) and dataset in DATASETS):
            raise PlaceError(f"{WHERE} names a dataset that is not a built-in one")
        base = base.with_(dataset=s["dataset"], csv=None, target=None, data=None)
    elif s["data"] != TEACHERS or s["dataset"] is not None:
        raise PlaceError(f"{WHERE}: its data are neither the teacher's nor built in")
    if s["weights"] == DRAWN:
        base = base.with_(load=None, params=None)
    elif s["weights"] != TEACHERS:
        raise PlaceError(f"{WHERE}: its weights are neither the teacher's nor drawn")
    if s["task"] is not None and s["task"] not in TASKS:
        raise PlaceError(f"{WHERE} names no task the walkthrough knows")
    if not isinstance(s["lesson"], bool):
        raise PlaceError(f"{WHERE}: whether the lesson applies is not true or false")
    lr = s["lr"]
    if isinstance(lr, int) and not isinstance(lr, bool) and abs(lr) <= MOST:
        lr = float(lr)  # a float with no fraction, as JSON may write one
    if not isinstance(lr, float):
        raise PlaceError(f"{WHERE}: its learning rate is not a number")
    hidden, sample = (
        None if s[k] is None else whole(k, s[k], 0, MOST) for k in ("hidden", "sample")
    )
    seed = whole("seed", s["seed"], -MOST, MOST)  # resolve says what the set-up allows
    return base.with_(task=s["task"], hidden=hidden, lr=lr, seed=seed, sample=sample)


def fields(obj: object, names: tuple[str, ...]) -> dict[str, object]:
    """`obj` if it is a JSON object with exactly the keys `names`."""
    if not isinstance(obj, dict) or sorted(obj) != sorted(names):
        raise PlaceError(f"{WHERE} does not hold the fields of a place")
    return obj


def whole(name: str, value: object, least: int, most: int) -> int:
    """`value` if it is a whole number from `least` to `most`, else PlaceError."""
    if whole_problem(value, least, most) or not isinstance(value, int):  # not repeated: hostile
        raise PlaceError(f"{WHERE}: {name} is not a whole number from {least} to {most}")
    return value


def losses(values: object, most: int) -> list[float]:
    """`values` if they are at most `most` losses (finite numbers, none negative)."""
    if not isinstance(values, list) or len(values) > most:
        raise PlaceError(f"{WHERE}: this epoch's losses are not a list shorter than the data")
    if not all(isinstance(v, float) and math.isfinite(v) and v >= 0 for v in values):
        raise PlaceError(f"{WHERE}: this epoch's losses must be finite numbers, none negative")
    return values

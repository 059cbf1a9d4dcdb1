"""The walkthrough's stepping model, without Textual: cursor moves, history, epochs."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest

from tinynn import (
    ConfigError,
    Params,
    TinyNNError,
    get_dataset,
    init_params,
    trace_step,
    train,
    train_step,
)
from tinynn.io.data import Dataset
from tinynn.run.config import Config, resolve
from tinynn.teach.lesson import load_lesson
from tui.model import Model


@pytest.fixture
def model() -> Model:
    return Model.from_config(Config())


def test_starts_before_the_first_forward_computation(model: Model) -> None:
    assert (model.task, model.setup.data.name, model.params.n_hidden) == ("regression", "sine", 3)
    assert model.cursor == -1 and model.event is None and model.sample == 0
    assert model.params == init_params(1, 3, 0)
    expected = trace_step(init_params(1, 3, 0), [-3.0], round(math.sin(-3.0), 3), 0.5)
    assert [e.text() for e in model.trace] == [e.text() for e in expected]


def test_next_walks_every_event_then_applies_the_step(model: Model) -> None:
    p0, x, y = model.params, model.x, model.y
    seen = []
    while not model.at_end:
        model.next()
        seen.append(model.event.label)
    assert seen == [e.label for e in model.trace]
    assert model.params == p0  # moving the cursor never changes the parameters
    model.next()
    assert model.params == train_step(p0, x, y, 0.5).new_params
    assert (model.sample, model.cursor, model.steps) == (1, -1, 1)
    assert model.sample_losses[0].loss == train_step(p0, x, y, 0.5).loss


def test_prev_before_the_first_event_goes_back_to_the_end_of_the_previous_sample(
    model: Model,
) -> None:
    p0 = model.params
    model.finish()
    model.next()
    model.prev()
    assert model.params is p0 and model.sample == 0
    assert model.cursor == len(model.trace) - 1 and model.sample_losses == []
    model.cursor = 5
    model.prev()
    assert model.cursor == 4


def test_step_back_across_many_samples_restores_each_state_exactly(model: Model) -> None:
    states = []
    for _ in range(25):  # more than one epoch of the 21 sine samples
        states.append((model.params, model.sample, model.epoch, model.steps))
        model.finish()
        model.next_sample()
    assert model.epoch == 2 and len(model.epoch_losses) == 1
    for state in reversed(states):
        model.step_back()
        assert (model.params, model.sample, model.epoch, model.steps) == state
        assert model.cursor == -1
    assert model.epoch_losses == [] and model.sample_losses == [] and model.history == []
    model.step_back()  # nothing left: no change, no error
    assert model.params == init_params(1, 3, 0)


def test_an_epoch_walked_sample_by_sample_matches_train_step_in_dataset_order(
    model: Model,
) -> None:
    data = get_dataset("sine")
    p, losses = init_params(1, 3, 0), []
    for x, y in data.samples:
        s = train_step(p, x, y, 0.5)
        losses.append(s.loss)
        p = s.new_params
    for _ in range(len(data)):
        model.next_phase()
        model.finish()
        model.next()
    assert model.params == p
    assert model.epoch_losses[0].loss == pytest.approx(sum(losses) / len(losses), rel=1e-15)
    assert model.epoch_losses[0].step == 21 and model.sample == 0


def test_equation_and_phase_moves_group_the_trace(model: Model) -> None:
    model.next_equation()
    assert [e.label for e in model.trace.events[: model.cursor + 1]] == ["z1[0]", "z1[1]", "z1[2]"]
    model.next_equation()
    assert model.event.label == "a1[2]"
    model.prev_equation()
    assert model.event.label == "z1[2]"
    model.next()  # a1[0], mid-equation
    model.prev_equation()
    assert model.event.label == "z1[2]"
    model.next_phase()
    assert model.event.label == "y_pred" and model.trace[model.cursor + 1].phase == "loss"
    model.next_phase()
    assert model.event.label == "L" and model.loss_shown == model.trace.step.loss
    model.next_phase()
    assert model.event.phase == "backward" and model.trace[model.cursor + 1].phase == "update"
    model.prev_phase()
    assert model.event.label == "L"
    model.prev_phase()
    model.prev_phase()
    assert model.cursor == -1 and model.loss_shown is None
    model.finish()
    model.next_equation()  # past the end: the next sample
    assert model.sample == 1 and model.cursor == -1


def test_run_epoch_equals_train_epoch_by_epoch(model: Model) -> None:
    data = get_dataset("sine")
    first = train(init_params(1, 3, 0), data, 0.5, 1, "regression", seed=0)
    second = train(first.params, data, 0.5, 1, "regression", seed=0, first_epoch=2)
    both = train(init_params(1, 3, 0), data, 0.5, 2, "regression", seed=0)
    assert both.params == second.params  # one shuffle: epoch by epoch equals one run
    model.next()
    model.run_epoch()
    assert model.params == first.params and model.epoch == 2 and model.cursor == -1
    model.run_epoch()
    assert model.params == second.params and model.steps == 42
    assert [p.loss for p in model.epoch_losses] == [
        first.history[0].loss,
        second.history[0].loss,
    ]
    model.step_back()
    assert model.params == first.params and model.epoch == 2
    model.prev()  # before the first event of an epoch-run state: back to the start
    assert model.params == init_params(1, 3, 0) and model.cursor == -1


def test_toggle_task_switches_to_the_other_default_dataset(model: Model) -> None:
    model.finish()
    model.next()
    stepped = model.params
    model.toggle_task()
    assert (model.task, model.setup.data.name, model.steps) == ("classification", "xor", 0)
    assert [s.kind for s in model.history] == ["step", "setup"]
    assert model.params == init_params(2, 3, 0) and model.sample_losses == []
    assert model.trace[-1].phase == "update" and model.trace.step.task == "classification"
    model.toggle_task()
    assert (model.task, model.setup.data.name) == ("regression", "sine")
    model.step_back()
    model.step_back()  # both toggles undone: the step taken before them is back
    assert (model.task, model.setup.data.name, model.steps) == ("regression", "sine", 1)
    assert model.params == stepped and len(model.sample_losses) == 1


def lesson_model(name: str) -> Model:
    lesson = load_lesson(name)
    return Model(lesson.setup(), lesson)


def test_changing_only_eta_keeps_the_progress_and_can_be_undone() -> None:
    """η (and the seed of the shuffle) change only what comes next: the parameters,
    sample, epoch and plots stay, and this step's update is recomputed with the new η."""
    model = lesson_model("by-hand")
    lesson = model.lesson
    assert lesson is not None
    model.finish()
    model.next()
    params, cursor = model.params, 2
    model.cursor = cursor
    assert "keeps the current parameters, epoch 1" in model.settings_effect(
        model.setup.config.with_(lr=0.125)
    )
    assert model.apply_config(model.setup.config.with_(lr=0.125))  # kept
    assert model.lr == 0.125 and model.lesson is lesson  # still the lesson (its modes apply)
    assert model.setup.data.X == [[2.0], [1.0], [-1.0], [0.0]]
    assert model.setup.data.Y == [1.0, 0.5, 0.0, 0.25]
    assert model.params == params != lesson.config.params  # trained once, kept
    assert (model.steps, model.sample, len(model.sample_losses)) == (1, 1, 1)
    assert model.cursor == cursor  # the same place in the step
    g = model.trace.step.grads  # the new η is in this step's update
    assert model.trace.step.new_params.b2 == params.b2 - 0.125 * g.db2
    model.step_back()
    assert (model.lr, model.steps, model.sample, model.params) == (0.5, 1, 1, params)
    assert model.setup == lesson.setup() and len(model.sample_losses) == 1
    assert "starts over" in model.settings_effect(Config(dataset="sine"))
    assert not model.apply_config(Config(dataset="sine"))  # other data: started over
    assert model.lesson is None and (model.steps, model.epoch) == (0, 1)


def test_a_seed_that_draws_other_weights_starts_over() -> None:
    model = Model.from_config(Config())
    model.run_epoch()
    effect = model.settings_effect(model.setup.config.with_(seed=3))
    assert effect.startswith("Applying starts over at epoch 1") and "seed 3" in effect
    assert not model.apply_config(model.setup.config.with_(seed=3))
    assert model.params == resolve(Config(seed=3)).params and model.epoch == 1


def write_csv(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_toggle_on_regression_data_says_why_and_keeps_the_data(tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "r.csv", "a,y\n1,0.5\n2,2\n")
    for model in (Model.from_config(Config(csv=csv)), lesson_model("by-hand")):
        before = (model.setup, model.params, len(model.history))
        with pytest.raises(ConfigError) as info:
            model.toggle_task()
        assert str(info.value).startswith("the data stay regression: classification needs "
                                          "targets 0 or 1, but 'y' of sample ")  # fmt: skip
        assert (model.setup, model.params, len(model.history)) == before


def test_toggle_on_csv_labels_keeps_the_data_and_weights(tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "and.csv", "a,b,y\n0,0,0\n0,1,0\n1,0,0\n1,1,1\n")
    model = Model.from_config(Config(csv=csv, seed=3, sample=0))
    start = model.params
    assert model.task == "classification" and start == init_params(2, 3, 3)
    model.toggle_task()
    assert (model.task, model.setup.data.name, model.params) == ("regression", "and.csv", start)
    assert model.setup.data.Y == [0.0, 0.0, 0.0, 1.0]
    # regression: at x = (0, 0) with zero biases a1 = σ(0) = ½, the output is linear:
    # z2 = ½·ΣW2 and L = ½(z2 − 0)²
    assert model.trace.step.loss == pytest.approx(0.5 * (0.5 * sum(start.W2)) ** 2, rel=1e-15)
    model.toggle_task()
    assert model.task == "classification"
    model = lesson_model("xor")
    model.toggle_task()
    assert (model.task, model.setup.data.name) == ("regression", "xor")
    assert model.params == load_lesson("xor").config.params and model.lesson is not None


def test_reset_can_be_undone(model: Model) -> None:
    for _ in range(3):
        model.finish()
        model.next()
    model.run_epoch()
    state = (model.params, model.sample, model.epoch, model.steps)
    losses = (list(model.sample_losses), list(model.epoch_losses))
    model.reset()
    assert (model.params, model.sample, model.epoch, model.steps) == (init_params(1, 3, 0), 0, 1, 0)
    assert model.sample_losses == [] and model.epoch_losses == []
    model.reset()  # nothing to reset: nothing pushed
    assert model.history[-1].kind == "reset" and len(model.history) == 5
    model.step_back()
    assert (model.params, model.sample, model.epoch, model.steps) == state
    assert (model.sample_losses, model.epoch_losses) == losses
    model.step_back()  # and the epoch before the reset, as before
    assert model.sample == 3 and model.steps == 3 and model.epoch_losses == []


def test_set_param_recomputes_the_trace_and_can_be_undone(model: Model) -> None:
    model.next_phase()
    p0 = model.params
    model.set_param("W1", (1, 0), 2.0)
    assert model.params.W1[1][0] == 2.0 and model.cursor == 7
    assert model.trace[1].value == 2.0 * -3.0 + 0.0  # z1[1] = W1[1][0]·x[0] + b1[1]
    assert model.trace.step.params == model.params
    model.step_back()
    assert model.params is p0 and model.cursor == 7


def test_divergence_keeps_the_last_finite_parameters() -> None:
    model = Model.from_config(Config(lr=1000.0))
    for _ in range(200):
        model.finish()
        model.next_sample()
        if model.message:
            break
    assert model.message and "diverged" in model.message
    kept = model.params
    assert all(math.isfinite(v) for v in map(kept.get, kept.all_keys()))
    model.next_sample()
    assert model.params is kept

    model.reset()
    assert model.message is None
    for _ in range(20):
        model.run_epoch()
    assert model.message and "diverged" in model.message
    assert all(math.isfinite(v) for v in map(model.params.get, model.params.all_keys()))


def test_a_bad_config_raises_and_leaves_the_model_alone(model: Model) -> None:
    with pytest.raises(TinyNNError):
        model.apply_config(Config(hidden=0))
    assert model.params.n_hidden == 3
    assert model.history == []
    model.apply_config(Config(dataset="circle", hidden=2, lr=0.1, seed=4, sample=5))
    assert (model.task, model.sample, model.params) == ("classification", 5, init_params(2, 2, 4))
    assert model.setup == resolve(Config(dataset="circle", hidden=2, lr=0.1, seed=4, sample=5))


@pytest.mark.parametrize("seed", [0, 7])
def test_three_epochs_in_the_walkthrough_equal_tinynn_train_epochs_3(
    seed: int, tmp_path: Path
) -> None:
    """One shuffle: `e` three times ends where `tinynn train --epochs 3` does, bit for bit."""
    from tinynn import load_params
    from tinynn.cli.main import main

    saved = tmp_path / "p.json"
    assert (
        main(["train", "--epochs", "3", "--seed", str(seed), "--save", str(saved)], io.StringIO())
        == 0
    )
    model = Model.from_config(Config(seed=seed))
    for _ in range(3):
        model.run_epoch()
    assert model.params == load_params(str(saved))
    result = train(init_params(1, 3, seed), get_dataset("sine"), 0.5, 3, "regression", seed=seed)
    assert [p.loss for p in model.epoch_losses] == [s.loss for s in result.history]


def test_the_default_classification_sample_moves_w1() -> None:
    """`--task classification` starts on xor's first sample with an x not all zeros,
    (0, 1), so the first trace's ∂L/∂W1[j][1] = δ1[j]·x[1] are not all 0."""
    from tui.command import parse_args

    model = parse_args(["--task", "classification"])
    data = get_dataset("xor")
    assert (model.setup.data.name, model.sample) == ("xor", 1)
    assert model.x == data.X[1] == [0.0, 1.0]
    step = model.trace.step
    engine = train_step(step.params, data.X[1], data.Y[1], 0.5, "classification")
    shown = {e.writes[1]: e.value for e in model.trace if e.writes[0] == "dW1"}
    assert shown == {(j, i): g for j, row in enumerate(engine.grads.dW1) for i, g in enumerate(row)}
    assert all(shown[j, 1] == engine.grads.delta1[j] != 0 for j in range(3))
    # at sample 0, x = (0, 0), every ∂L/∂W1 is 0: why the default skips it
    zero = parse_args(["--task", "classification", "--sample", "0"])
    assert (zero.sample, zero.x) == (0, [0.0, 0.0])
    assert all(g == 0 for row in zero.trace.step.grads.dW1 for g in row)


def test_the_default_sample_is_the_first_with_a_nonzero_x() -> None:
    assert resolve(Config()).sample == 0  # sine's x = −3
    assert resolve(Config(dataset="xor")).sample == 1
    assert resolve(Config(dataset="xor", sample=0)).sample == 0
    zeros = Dataset("zeros", [[0.0], [0.0]], [0.0, 1.0], "classification", ["a"])
    assert resolve(Config(data=zeros)).sample == 0  # no x but zeros: the first sample


def steps_in_order(
    params: Params, data: Dataset, start: int, count: int
) -> tuple[Params, list[float]]:
    """`count` steps of train_step over the data in order from sample `start`, by hand."""
    losses: list[float] = []
    for k in range(count):
        i = (start + k) % len(data)
        step = train_step(params, data.X[i], data.Y[i], 0.5)
        params, losses = step.new_params, [*losses, step.loss]
    return params, losses


def test_e_after_n_finishes_the_epoch_in_order_and_b_takes_it_back(model: Model) -> None:
    """An epoch is as many steps as there are samples: after n, e applies the other 20."""
    data, p0 = model.setup.data, model.params
    model.finish()
    model.next_sample()
    after_n = (model.params, model.steps, model.sample, model.epoch)
    assert model.mid_epoch and after_n[1:] == (1, 1, 1)
    model.run_epoch()
    params, losses = steps_in_order(p0, data, 0, len(data))
    assert model.params == params  # bit for bit: sample 0 once, then 1..20
    assert (model.steps, model.epoch, model.sample, model.mid_epoch) == (21, 2, 0, False)
    assert model.epoch_losses[-1].loss == pytest.approx(sum(losses) / len(losses), rel=1e-15)
    assert [p.loss for p in model.sample_losses] == losses
    model.step_back()
    assert (model.params, model.steps, model.sample, model.epoch) == after_n
    model.run_epoch()
    model.run_epoch()  # at an epoch's start: tinynn.train's shuffled epoch 2
    expected = train(params, data, 0.5, 1, "regression", 0, first_epoch=2).params
    assert model.params == expected and (model.steps, model.epoch) == (42, 3)


def test_an_epoch_that_starts_on_a_later_sample_has_every_sample_once() -> None:
    """xor starts on sample 1 (x = (0, 1)); its first epoch is samples 1, 2, 3 and then 0."""
    m = Model.from_config(Config(task="classification"))
    data, p0 = m.setup.data, m.params
    assert m.sample == 1 and len(data) == 4
    for _ in range(3):
        m.finish()
        m.next_sample()
    assert (m.epoch, m.sample, m.mid_epoch) == (1, 0, True)
    m.finish()
    m.next_sample()
    assert (m.epoch, m.sample, m.steps, m.mid_epoch) == (2, 1, 4, False)
    losses = []
    params = p0
    for i in (1, 2, 3, 0):
        step = train_step(params, data.X[i], data.Y[i], 0.5, "classification")
        params, losses = step.new_params, [*losses, step.loss]
    assert m.params == params
    assert m.epoch_losses[-1].loss == pytest.approx(sum(losses) / 4, rel=1e-15)


# ---- undo and redo (tui/history.py), on the model alone -----------------------------------


def state(m: Model) -> tuple[object, ...]:
    """Everything a snapshot restores, and the trace it shows."""
    return (m.setup, m.lesson, m.params, m.sample, m.epoch, m.steps, m.cursor,
            list(m.sample_losses), list(m.epoch_losses), m.mid_epoch, m.message,
            [e.text() for e in m.trace])  # fmt: skip


def test_redo_puts_back_exactly_what_step_back_took(model: Model) -> None:
    s = model.setup
    model.run_epoch()
    model.run_epoch()
    two = state(model)
    model.step_back()
    assert (model.params, model.epoch) == (
        train(s.params, s.data, s.lr, 1, s.task, s.seed).params,
        2,
    )
    model.redo()
    assert state(model) == two
    assert model.params == train(s.params, s.data, s.lr, 2, s.task, s.seed).params
    model.redo()  # nothing left to redo
    assert state(model) == two
    model.step_back()
    model.step_back()
    model.redo()
    model.redo()
    assert state(model) == two and model.future == []


def test_redo_of_a_reset_and_of_new_settings(model: Model) -> None:
    model.run_epoch()
    model.finish()
    model.next_sample()
    model.reset()
    reset = state(model)
    model.step_back()
    assert model.steps == model.n_samples + 1 and model.mid_epoch
    model.redo()
    assert state(model) == reset
    model.apply_config(Config(dataset="xor"))
    xor = state(model)
    model.step_back()
    assert state(model) == reset
    model.redo()
    assert state(model) == xor


def test_a_new_change_after_step_back_clears_the_redo(model: Model) -> None:
    model.run_epoch()
    model.run_epoch()
    model.step_back()
    assert len(model.future) == 1
    model.finish()
    model.next_sample()  # a new change of parameters
    after = state(model)
    assert model.future == []
    model.redo()
    assert state(model) == after
    model.next_phase()
    model.step_back()
    assert model.cursor == -1  # back across a sample: before its forward pass


def test_redo_puts_back_the_cursor_within_the_sample(model: Model) -> None:
    model.finish()
    model.next_sample()
    model.next_phase()
    model.next_phase()
    model.next()
    here = state(model)
    assert model.event is not None and model.event.phase == "backward"
    model.step_back()
    assert model.sample == 0 and model.cursor == -1
    model.redo()
    assert state(model) == here


def test_a_redo_puts_back_the_divergence_message_a_step_back_cleared() -> None:
    model = Model.from_config(Config(lr=1000.0))
    while not model.message:
        model.finish()
        model.next_sample()
    model.step_back()
    assert model.message is None  # about the state left behind
    model.redo()
    assert model.message is not None and "diverged" in model.message

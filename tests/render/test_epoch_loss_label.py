"""One label for an epoch's loss, wherever it is shown, and it says what the number is: the
mean of the losses the epoch's steps computed, each before its update."""

from __future__ import annotations

from helpers import run

import tinynn as nn
from tinynn.render.markdown import train_markdown
from tinynn.render.tables import EPOCH_LOSS
from tinynn.teach.bugs import BugHunt, get_bug
from tinynn.teach.bugs_text import bughunt_intro
from tinynn.teach.lesson import load_lesson

PARAMS = nn.Params([[0.25], [-0.5]], [-0.5, 1.0], [1.0, -0.5], 0.25)  # the by-hand start


def test_the_epoch_loss_is_the_loss_before_the_update_not_after() -> None:
    # one sample, one step an epoch: the epoch's loss is that step's loss before its update
    data = nn.Dataset("one", [[2.0]], [1.0], "regression", ["x"])
    run_ = nn.train(PARAMS, data, 0.5, 1)
    before = nn.loss(nn.forward(PARAMS, [2.0]), 1.0)
    after = nn.loss(nn.forward(run_.params, [2.0]), 1.0)
    assert before == 0.125  # by hand: y_pred = 0.5, ½(0.5 − 1)²
    assert run_.history[0].loss == before != after
    assert EPOCH_LOSS == "mean loss before each update"


def test_every_place_that_shows_an_epochs_loss_names_it_so() -> None:
    code, out, _ = run("train", "--lesson", "by-hand", "--epochs", "2")
    assert code == 0
    assert out.splitlines()[0].startswith(f"epoch 1/2  {EPOCH_LOSS} ")
    assert f"final {EPOCH_LOSS} " in out
    assert EPOCH_LOSS in run("train", "--help")[1].replace("\n", " ")
    data = nn.Dataset("one", [[2.0]], [1.0], "regression", ["x"])
    md = train_markdown(nn.train(PARAMS, data, 0.5, 3))
    assert f"**Training**: 3 epochs, {EPOCH_LOSS} 0.125 → " in md
    assert f"| epoch | {EPOCH_LOSS} |" in md
    s = load_lesson("by-hand").setup()
    intro = bughunt_intro(BugHunt(s, get_bug("notes-E3"), 5))
    assert f"The {EPOCH_LOSS}, per epoch:" in intro
    texts = [out, md, intro, run("bughunt", "--list")[1]]
    assert not any("mean loss per epoch" in t.lower() for t in texts)

"""The walkthrough's keys: every binding of the app, written once, each with what it does.

Each `Binding` carries a short `description`, the word the key bar shows
(or its group's, for a pair such as ← →), and a `tooltip`, the sentence of
the help screen, the README's key table and the command palette
(tui/keys.py makes them all from this list). The actions they name are the
`action_*` methods of `WalkthroughApp` (tui/app.py), whose `BINDINGS` this is;
its `bar_label` leaves out of the key bar the keys of options not given (`D`
without `--check`, `L` without `--lesson`), which, pressed, say why.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

# Pairs shown as one entry of the key bar ("← → step").
STEP = Binding.Group("step", compact=True)
EQUATION = Binding.Group("equation", compact=True)
PHASE = Binding.Group("phase", compact=True)
SELECT = Binding.Group("select", compact=True)
SPEED = Binding.Group("speed", compact=True)

# fmt: off
WALKTHROUGH_BINDINGS: list[BindingType] = [
    Binding("question_mark", "help", "help", key_display="?",
            tooltip="help: what the walkthrough shows, its keys, the phases, the errata"),
    Binding("left,h", "prev", "previous", key_display="←", group=STEP,
            tooltip="previous scalar computation (before the first: the previous sample)"),
    Binding("right,l", "next", "next", key_display="→", group=STEP,
            tooltip="next scalar computation (past the last: the next sample)"),
    Binding("left_square_bracket", "prev_equation", "previous equation", key_display="[",
            group=EQUATION, tooltip="previous equation"),
    Binding("right_square_bracket", "next_equation", "next equation", key_display="]",
            group=EQUATION, tooltip="next equation (all of z1, then all of a1, …)"),
    Binding("left_curly_bracket,pageup", "prev_phase", "previous phase", key_display="{",
            group=PHASE, tooltip="previous phase"),
    Binding("right_curly_bracket,pagedown", "next_phase", "next phase", key_display="}",
            group=PHASE, tooltip="next phase (forward, loss, backward, update)"),
    Binding("enter", "finish", "finish",
            tooltip="finish this sample's update (run to the end of the step)"),
    Binding("n", "next_sample", "sample", tooltip="next sample (applies the update)"),
    Binding("b,backspace", "step_back", "back", key_display="b",
            tooltip="step back: the previous parameters and sample restored exactly"),
    Binding("f", "redo", "redo", tooltip="forward again: redo what the last b took back (a "
            "sample, an epoch, a run, an edit, a reset); any other change clears it"),
    Binding("e", "run_epoch", "epoch",
            tooltip="epoch: finish this one (the samples n has not applied), or run the next"),
    Binding("t", "toggle_training", "train",
            tooltip="run / pause continuous training (the plots update live)"),
    Binding("minus", "slower", "slower", key_display="-", group=SPEED,
            tooltip="train slower: full speed, 10 or 1 epochs/s, then 20, 4 or 1 samples/s "
            "(each sample's computations shown, then applied)"),
    Binding("plus,equals_sign", "faster", "faster", key_display="+", group=SPEED,
            tooltip="train faster, up to full speed"),
    Binding("r", "reset", "reset", tooltip="reset: back to the starting parameters"),
    Binding("m", "toggle_task", "task",
            tooltip="toggle the task: regression (sine) ↔ classification (xor)"),
    Binding("c", "compare", "compare", tooltip="compare output layers: linear + ½ squared "
            "error, sigmoid + log loss, sigmoid + ½ squared error"),
    Binding("g", "gradcheck", "gradcheck",
            tooltip="gradient check: backprop against central differences, every parameter"),
    Binding("s", "settings", "settings",
            tooltip="settings: dataset, hidden size, η, seed, task (η or the seed alone go on "
            "from the current parameters; the form says before applying)"),
    Binding("up", "select(-1)", "select previous parameter", key_display="↑", group=SELECT,
            tooltip="select the previous parameter of the table"),
    Binding("down", "select(1)", "select next parameter", key_display="↓", group=SELECT,
            tooltip="select the next parameter of the table"),
    Binding("w", "edit_weight", "edit",
            tooltip="edit the selected parameter by hand (the step is recomputed from it)"),
    Binding("i", "why", "why?", tooltip="why this number? what the current value is made "
            "of, down to the inputs, a gradient's chain rule and edge, and, once L is "
            "computed, what nudging the parameter it concerns (one whose ∂L/∂θ is not 0) by ±ε "
            "does to the loss (ΔL beside ∂L/∂θ·ε, once computed)"),
    Binding("v", "compgraph", "graph", tooltip="the computation graph of this sample: every "
            "node from x, W1, b1 to L with its value and, once computed, ∂L/∂node "
            "(← → step)"),
    Binding("S", "save", "save", tooltip="save the parameters (JSON)"),
    Binding("X", "export", "export", tooltip="export this step's trace (Markdown)"),
    Binding("u", "quiz", "quiz",
            tooltip="quiz: guess every value of this step before it is shown"),
    Binding("B", "bughunt", "bugs",
            tooltip="bug hunt: find the mistake planted in the network's code"),
    Binding("D", "first_difference", "difference", tooltip="first difference: step to the "
            "first number of your step (--check FILE.py) that differs from the engine's"),
    Binding("T", "toggle_light", "light", tooltip="light, high-contrast theme for a projector "
            "↔ dark theme (the key bar names the one T switches to)"),
    Binding("L", "lesson", "lesson", tooltip="lesson: its title and introduction again "
            "(shown at the start of --lesson NAME)"),
    Binding("q", "quit", "quit", tooltip="quit"),
    # Not a key of its own: page up / down do nothing while they would reach an option
    # list of Textual's that has no size yet (tui/textual_fixes.py), else pass through.
    Binding("pageup,pagedown", "page_guard", show=False, priority=True),
]
# fmt: on

"""The walkthrough: one SGD update of tinynn's network, one scalar at a time.

`WalkthroughApp` owns a `Model` (tui/model.py) and maps keys to its moves.
Two reactives carry the state to the widgets: `cursor` (the position in the
current trace) and `version` (bumped whenever parameters, sample or plots
change); their watch methods push what changed to the widgets, which only
display. Continuous training (`t`) is the app's `Trainer` (tui/training.py:
a timer at a sample pace, a thread worker that reports whole epochs with
messages at an epoch pace). With `--check FILE.py`, its `StudentCheck` runs
the student's step on each new trace (one at a time, the latest trace next)
and hands their numbers to the model. Every change is said: a move that would
do nothing says why, a start over says so. Notifications wait for an open
dialog to close (tui/notices.py).

The keys and what each one does are written in tui/bindings.py; the command
line that builds the model and runs the app is tui/command.py; the student's
step of `--check` runs in tui/checking.py, the terminal's care in tui/terminal.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from tinynn import TinyNNError
from tinynn.run.config import Config

from . import dialogs
from .bindings import WALKTHROUGH_BINDINGS
from .checking import StudentCheck
from .keys import described, palette_entry
from .messages import TrainingDiverged, TrainingProgress
from .model import Model
from .notices import NoticesAfterDialogs
from .pace import FULL_SPEED, PACES, faster, slower
from .terminal import CleanExits
from .textual_fixes import pages_too_early
from .theme import DARK_THEME, LIGHT_THEME
from .training import Trainer
from .widgets.equation import EquationPanel
from .widgets.fit_plot import FitPlot
from .widgets.keybar import KeyBar
from .widgets.loss_plot import LossPlot
from .widgets.network import NetworkDiagram
from .widgets.numbers import use_palette
from .widgets.params_table import ParamTable, param_of
from .widgets.status import StatusBar
from .widgets.yours import YoursLine

MIN_WIDTH, MIN_HEIGHT = 80, 18  # narrower, the network and equation panels are unreadable


class WalkthroughApp(NoticesAfterDialogs, CleanExits):
    """Step through forward, loss, backward and update; train; compare; check gradients."""

    CSS_PATH = Path(__file__).resolve().parent / "app.tcss"  # relative, it would follow subclasses
    TITLE = "tinynn walkthrough"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-too-small"),
        (MIN_WIDTH, "-narrow"),
        (96, "-wide"),
        (120, "-wider"),
    ]
    VERTICAL_BREAKPOINTS = [
        (0, "-too-short"),
        (MIN_HEIGHT, "-short"),
        (28, "-tall"),
        (36, "-taller"),
    ]
    # The one description of every key (tui/bindings.py); tui/keys.py makes the help screen's,
    # the README's and the command palette's text from it.
    BINDINGS: ClassVar[list[BindingType]] = WALKTHROUGH_BINDINGS
    PALETTE_SKIPS = ("quit",)  # Textual's palette already has Quit

    # The watch_ methods hand each panel what it shows, and each panel repaints only what
    # changed: the reactives themselves repaint nothing (a repaint of the app is a repaint
    # of the whole screen, every panel re-rendered and sent again, on every key).
    cursor: reactive[int] = reactive(-1, init=False, repaint=False)
    version: reactive[int] = reactive(0, init=False, repaint=False)
    training: reactive[bool] = reactive(False, init=False, repaint=False)
    pace: reactive[int] = reactive(FULL_SPEED, init=False, repaint=False)  # into PACES

    def __init__(self, config: Config | None = None, model: Model | None = None) -> None:
        super().__init__()
        self.model = model or Model.from_config(config or Config())
        self.trainer = Trainer(self)  # continuous training (t)
        self.checker = StudentCheck(self)  # the student's step beside ours (--check)
        self._has_lesson = self.model.lesson is not None  # whether the key bar shows L

    # ---- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield NetworkDiagram(id="network")
                yield EquationPanel(id="equation")
                yield YoursLine(id="yours")
            with Vertical(id="right"):
                yield ParamTable(id="params")
                yield LossPlot(id="loss")
                yield FitPlot(id="fit")
        yield Static(
            f"Enlarge the terminal: the walkthrough needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            id="too-small",
            markup=False,
        )
        yield KeyBar(self.bar_label, id="keys")

    def on_mount(self) -> None:
        self.register_theme(LIGHT_THEME)
        # the numbers' colours are the widgets module's: set them from this app's own theme,
        # not from whatever the process's previous walkthrough left (its watcher set them)
        use_palette(self.theme == LIGHT_THEME.name)
        self.network.border_title = "network"
        self.equation.border_title = "equation"
        self.params.border_title = "parameters"
        self.loss_plot.border_title = "loss (log scale)"
        self.yours.display = self.model.student is not None
        self.query_one("#right").set_class(self.model.student is not None, "-yours")
        self.watch_version()
        if self.model.lesson is not None:  # the lesson's title and text, once; L reopens it
            dialogs.open_lesson(self)

    @property
    def status(self) -> StatusBar:
        return self.query_one("#status", StatusBar)

    @property
    def network(self) -> NetworkDiagram:
        return self.query_one("#network", NetworkDiagram)

    @property
    def equation(self) -> EquationPanel:
        return self.query_one("#equation", EquationPanel)

    @property
    def yours(self) -> YoursLine:
        return self.query_one("#yours", YoursLine)

    @property
    def params(self) -> ParamTable:
        return self.query_one("#params", ParamTable)

    @property
    def loss_plot(self) -> LossPlot:
        return self.query_one("#loss", LossPlot)

    @property
    def fit_plot(self) -> FitPlot:
        return self.query_one("#fit", FitPlot)

    # ---- pushing the state to the widgets -------------------------------------------------

    def watch_cursor(self) -> None:
        m = self.model
        self.network.show(m.trace, m.cursor)
        self.equation.show(m.trace, m.cursor)
        if m.student is None:  # no column of the student's numbers without --check
            self.params.show(m.trace, m.cursor)
        else:
            self.params.show(m.trace, m.cursor, m.yours, m.differing)
        self.yours.show(m)
        self.status.show(m, self.training, PACES[self.pace].label)
        self.loss_plot.set_pending(m.loss_shown)

    def watch_version(self) -> None:
        m = self.model
        self.watch_cursor()
        self.loss_plot.digits = m.digits
        self.loss_plot.show(m.sample_losses, m.epoch_losses, m.n_samples, m.loss_shown)
        self.fit_plot.show(m.params, m.setup.data, m.task)
        self.checker.want()
        if self._has_lesson != (m.lesson is not None):  # a set-up that left or restored it
            self._has_lesson = m.lesson is not None
            self.query_one(KeyBar).refresh()

    def watch_training(self) -> None:
        self.status.show(self.model, self.training, PACES[self.pace].label)
        self.checker.want()

    def watch_pace(self) -> None:
        """A new pace: shown, and a run under way continues at it."""
        if self.training:
            self.trainer.stop()
            self.trainer.start(PACES[self.pace])
        self.status.show(self.model, self.training, PACES[self.pace].label)

    def action_slower(self) -> None:
        self.pace = slower(self.pace)

    def action_faster(self) -> None:
        self.pace = faster(self.pace)

    def move(self, move: Callable[[], object], kind: str = "") -> None:
        """Stop any training, make one move of the model, and show what changed; a move of
        `kind` that would do nothing here says why instead (`Model.why_not`)."""
        why = self.model.why_not(kind)
        if why is not None:
            self.notify(why, severity="warning")
            return
        self.trainer.stop()
        m = self.model
        before = (m.trace, m.steps, m.message, len(m.history))
        try:
            move()
        except TinyNNError as e:
            self.notify(str(e), severity="error")
        if (m.trace, m.steps, m.message, len(m.history)) != before:
            self.version += 1
            if m.message and m.message != before[2]:
                self.notify(m.message, severity="error", timeout=8)
        self.cursor = m.cursor

    # ---- stepping ----------------------------------------------------------------------

    def action_next(self) -> None:
        self.move(self.model.next)

    def action_prev(self) -> None:
        self.move(self.model.prev, "back")

    def action_next_equation(self) -> None:
        self.move(self.model.next_equation)

    def action_prev_equation(self) -> None:
        self.move(self.model.prev_equation, "back")

    def action_next_phase(self) -> None:
        self.move(self.model.next_phase)

    def action_prev_phase(self) -> None:
        self.move(self.model.prev_phase, "back")

    def action_finish(self) -> None:
        self.move(self.model.finish)

    def action_next_sample(self) -> None:
        self.move(self.model.next_sample)

    def action_step_back(self) -> None:
        self.move(self.model.step_back, "step_back")

    def action_redo(self) -> None:
        self.move(self.model.redo, "redo")

    def action_run_epoch(self) -> None:
        self.move(self.model.run_epoch)

    def action_reset(self) -> None:
        done = len(self.model.history)
        self.move(self.model.reset)
        if len(self.model.history) > done:
            self.notify("Back to the starting parameters, epoch 1 (b undoes it).")

    def action_toggle_task(self) -> None:
        m, task = self.model, self.model.task
        self.move(m.toggle_task)
        if m.task != task:
            self.notify(f"{m.task} on {m.setup.data.name}: started over at epoch 1 (b undoes it).")

    @property
    def selected(self) -> int:
        """The row of the parameter selected for editing: the parameter table's cursor row
        (the table holds the selection; ↑ / ↓ and a click move its cursor)."""
        return self.params.cursor_row

    @selected.setter
    def selected(self, row: int) -> None:
        self.params.move_cursor(row=row)

    def action_select(self, delta: int) -> None:
        """Move the row selected for editing in the parameter table."""
        self.params.select(delta)

    # ---- the student's step (--check) ------------------------------------------------------

    def action_first_difference(self) -> None:
        self.move(self.model.to_first_difference, "first_difference")
        first = self.model.first_difference
        row = param_of(first) if first is not None and self.model.event is not None else None
        if row is not None and row in self.model.params.all_keys():
            self.selected = self.model.params.all_keys().index(row)

    # ---- continuous training --------------------------------------------------------------

    def action_toggle_training(self) -> None:
        if self.training:
            self.trainer.stop()
        else:
            self.trainer.start(PACES[self.pace])

    def on_training_progress(self, msg: TrainingProgress) -> None:
        self.trainer.progress(msg)

    def on_training_diverged(self, msg: TrainingDiverged) -> None:
        self.trainer.diverged(msg)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "train" and event.state == WorkerState.ERROR:
            self.training = False
            self.notify(f"training stopped: {event.worker.error}", severity="error")

    # ---- dialogs (tui/dialogs.py opens each screen and applies its result) ------------

    def action_toggle_light(self) -> None:
        """Switch between the dark theme and the light, high-contrast one."""
        self.theme = DARK_THEME if self.theme == LIGHT_THEME.name else LIGHT_THEME.name

    def watch_theme(self, theme: str) -> None:
        use_palette(theme == LIGHT_THEME.name)
        if self._dom_ready:  # the panels exist: redraw them in the new colours
            self.version += 1
            self.query_one(KeyBar).refresh()  # T names the other theme

    def action_help(self) -> None:
        dialogs.open_help(self)

    def action_lesson(self) -> None:
        dialogs.open_lesson(self)

    def action_compare(self) -> None:
        dialogs.open_compare(self)

    def action_gradcheck(self) -> None:
        dialogs.open_gradcheck(self)

    def action_settings(self) -> None:
        dialogs.open_settings(self)

    def action_edit_weight(self) -> None:
        dialogs.open_edit_weight(self, self.selected)

    def action_why(self) -> None:
        dialogs.open_why(self)

    def action_erratum(self) -> None:
        dialogs.open_erratum(self)

    def action_compgraph(self) -> None:
        dialogs.open_compgraph(self)

    def action_save(self) -> None:
        dialogs.open_save(self)

    def action_export(self) -> None:
        dialogs.open_export(self)

    def action_quiz(self) -> None:
        dialogs.open_quiz(self)

    def action_bughunt(self) -> None:
        dialogs.open_bughunt(self)

    def action_page_guard(self) -> None:
        """Swallow page up / down (only reached while `check_action` lets it run)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Every key answers (one that does not apply here says why); page up / down only
        while they must be kept from a list not laid out yet."""
        if action == "page_guard":
            return pages_too_early(self.screen)
        return True

    def bar_label(self, binding: Binding) -> str | None:
        """The key bar's word for `binding`: the theme `T` switches to; None leaves out the
        keys of options not given (D without --check, L without --lesson)."""
        if binding.action == "first_difference" and self.model.student is None:
            return None
        if binding.action == "lesson" and self.model.lesson is None:
            return None
        if binding.action == "toggle_light":
            return "dark" if self.theme == LIGHT_THEME.name else "light"
        return binding.description

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands, then one per key of BINDINGS with its tooltip."""
        yield from super().get_system_commands(screen)
        for b in described(self.BINDINGS):
            if b.group is None and b.action not in self.PALETTE_SKIPS and self.bar_label(b):
                yield SystemCommand(*palette_entry(b), partial(self.run_action, b.action))

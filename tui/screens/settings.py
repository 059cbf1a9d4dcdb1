"""The settings form: dataset, hidden size, η, seed and task.

The form edits the walkthrough's `tinynn.run.config.Config` and checks the result
with `resolve`, the same check the command line uses; a mistake is shown as its
one-line message inside the form, which stays open until the settings are
valid or the user presses escape. What the user leaves alone stays: changing
only η keeps a lesson's or a CSV file's data and the starting weights (a
lesson's, loaded or drawn); the weights go only when the data or the hidden
size change. Choosing a task switches a built-in dataset made for the other
task to this task's default, and says so. While the form changes, a line says
what applying it will do (the walkthrough's `effect`: go on from the current
parameters with the new η, or start over, and why).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Label, Select, Static

from tinynn import DATASETS, TinyNNError
from tinynn.core.validate import TASKS, lr_problem
from tinynn.io.data import DEFAULT_DATASET
from tinynn.run.config import DEFAULT_HIDDEN, Config, resolve

from .base import Dialog, Notice, parse_int, parse_real

CSV_CHOICE = "<csv>"
DATA_CHOICE = "<data>"  # the inline data a lesson fixes


def dataset_task(name: str) -> str:
    """The task a built-in dataset was made for."""
    return DATASETS[name]().task


def initial_values(config: Config) -> tuple[str, int]:
    """The task `config` means (its own, or the one its data implies) and its hidden size
    (that of the loaded parameters, if any)."""
    try:
        setup = resolve(config)
    except TinyNNError:
        return config.task or "regression", config.hidden or DEFAULT_HIDDEN
    return setup.task, setup.params.n_hidden


class SettingsScreen(Dialog[Config]):
    """A modal form; dismisses with the new, valid `Config`, or None on escape."""

    def __init__(self, config: Config, effect: Callable[[Config], str] | None = None) -> None:
        """`effect(config)`: what applying `config` would do, in one sentence."""
        super().__init__()
        self.config = config
        self.effect = effect
        self.chosen_task, self.initial_hidden = initial_values(config)
        if config.csv is not None:
            self.initial_dataset = CSV_CHOICE
        elif config.data is not None:
            self.initial_dataset = DATA_CHOICE
        else:
            self.initial_dataset = config.dataset or DEFAULT_DATASET[self.chosen_task]

    def compose(self) -> ComposeResult:
        c = self.config
        # Text, not str: an option's str is markup, and a file's name is shown as it is
        datasets = [(Text(f"{name} ({dataset_task(name)})"), name) for name in DATASETS]
        if c.csv is not None:
            datasets.append((Text(f"CSV file {c.csv}"), CSV_CHOICE))
        if c.data is not None:
            datasets.append((Text(f"{c.data.name} (this set-up's own data)"), DATA_CHOICE))
        with Vertical(id="settings-body", classes="dialog form"):
            yield Static("Settings", classes="dialog-title")
            with Grid(id="settings-grid"):
                yield Label("task")
                yield Select(
                    [(t, t) for t in TASKS],
                    value=self.chosen_task,
                    allow_blank=False,
                    compact=True,
                    id="task",
                )
                yield Label("dataset")
                yield Select(
                    datasets,
                    value=self.initial_dataset,
                    allow_blank=False,
                    compact=True,
                    id="dataset",
                )
                yield Label("hidden units")
                yield Input(str(self.initial_hidden), compact=True, id="hidden")
                yield Label("learning rate η")
                yield Input(repr(float(c.lr)), compact=True, id="lr")
                yield Label("seed")
                yield Input(str(c.seed), compact=True, id="seed")
            if c.weights_fixed:
                where = f"loaded from {c.load}" if c.load is not None else "of this set-up"
                yield Static(
                    f"The starting weights {where} are kept unless the dataset or the "
                    "hidden size changes.",
                    id="settings-load",
                    classes="note",
                    markup=False,
                )
            yield Notice(id="settings-effect", classes="note")
            yield Notice(id="settings-note", classes="note")
            yield Notice(id="settings-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Cancel", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#hidden", Input).focus()
        self.show_effect()

    @on(Input.Changed)
    @on(Select.Changed)
    def show_effect(self) -> None:
        """What applying the form as it stands would do (nothing while it is not valid)."""
        if self.effect is None:
            return
        try:
            said = self.effect(self.build())
        except (TinyNNError, ValueError):
            said = ""
        self.query_one("#settings-effect", Notice).show(said)

    def show_error(self, message: str) -> None:
        self.query_one("#settings-error", Notice).show(message)

    @on(Select.Changed, "#task")
    def task_changed(self, event: Select.Changed) -> None:
        """Keep the dataset fitting the task: a built-in one of the other task is replaced."""
        task = str(event.value)
        if task == self.chosen_task:
            return
        self.chosen_task = task
        dataset = self.query_one("#dataset", Select)
        name = str(dataset.value)
        if name in DATASETS and dataset_task(name) != task:
            dataset.value = DEFAULT_DATASET[task]
            self.query_one("#settings-note", Notice).show(
                f"{name} is a {dataset_task(name)} dataset: switched to "
                f"{DEFAULT_DATASET[task]} for {task}."
            )
        self.show_error("")

    def build(self) -> Config:
        """The Config the form describes.

        Raises:
            ValueError: a field that is not a number.
        """
        hidden = parse_int(self.query_one("#hidden", Input).value, "hidden units")
        lr = parse_real(self.query_one("#lr", Input).value, "learning rate η", lr_problem)
        seed = parse_int(self.query_one("#seed", Input).value, "seed")
        task = str(self.query_one("#task", Select).value)
        choice = str(self.query_one("#dataset", Select).value)
        c = self.config
        same_data = choice == self.initial_dataset
        same_net = same_data and hidden == self.initial_hidden
        if same_data:  # the data stay as they are (a built-in name, a CSV file, inline data)
            data = {"dataset": c.dataset, "csv": c.csv, "target": c.target, "data": c.data}
            if choice in DATASETS:
                data["dataset"] = choice
        else:
            data = {"dataset": choice, "csv": None, "target": None, "data": None}
        return c.with_(
            task=task,
            hidden=hidden,
            lr=lr,
            seed=seed,
            sample=c.sample if same_data else None,
            load=c.load if same_net else None,
            params=c.params if same_net else None,
            **data,
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#apply")
    def submit(self) -> None:
        """Dismiss with the new Config if the engine accepts it, else show why not."""
        try:
            config = self.build()
            resolve(config)
        except (TinyNNError, ValueError) as e:
            self.show_error(str(e))
            return
        self.dismiss(config)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)

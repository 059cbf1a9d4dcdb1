"""The walkthrough's dialogs: each function opens one screen and applies what it returns.

The screens (tui/screens/) are self-contained: each takes plain engine
objects and hands its result back through `dismiss`. These functions build
their inputs from the app's model, push them, and apply the result with
`WalkthroughApp.move` like any other key; the app's actions call them.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from tinynn import TinyNNError, compare_outputs, gradcheck, save_params
from tinynn.core.names import GRAD, Key, key_text
from tinynn.core.numbers import number_text
from tinynn.io.files import write_text
from tinynn.io.params_io import params_json
from tinynn.render.markdown import trace_markdown
from tinynn.run.compare import compare_runs
from tinynn.run.config import Config
from tinynn.run.nudge import nudge
from tinynn.run.trace import Trace, dependencies
from tinynn.teach.bugs import BugHunt, Verdict, pick_bug
from tinynn.teach.quiz import Quiz, Score

from .keys import key_table
from .screens.bughunt import BugHuntScreen
from .screens.compare import CompareScreen
from .screens.compgraph import CompGraphScreen
from .screens.edit_weight import EditWeightScreen
from .screens.erratum import ErratumScreen
from .screens.gradcheck import GradCheckScreen
from .screens.lesson import LessonScreen
from .screens.path import PathScreen
from .screens.quiz import QuizScreen
from .screens.settings import SettingsScreen
from .screens.why import Known, WhyScreen
from .widgets.params_table import param_of

if TYPE_CHECKING:
    from .app import WalkthroughApp

PARAMS_FILE = "tinynn-params.json"
TRACE_FILE = "tinynn-trace.md"


def lesson_offers(app: WalkthroughApp, mode: str) -> bool:
    """False (and a note on screen) if the current lesson leaves `mode` out."""
    lesson = app.model.lesson
    if lesson is None or lesson.offers(mode):
        return True
    app.notify(f"lesson {lesson.name!r} does not offer the {mode} mode", severity="warning")
    return False


def open_help(app: WalkthroughApp) -> None:
    from .screens.help import HelpScreen  # Markdown is slow to import: only when asked

    app.push_screen(HelpScreen(key_table(app.BINDINGS)))


def open_lesson(app: WalkthroughApp) -> None:
    """The lesson's title and introduction (shown at the start; `L` shows it again)."""
    lesson = app.model.lesson
    if lesson is None:  # the key is hidden then; the command palette may still ask
        app.notify(
            "L: start with --lesson NAME to follow a lesson (tinynn lessons lists them)",
            severity="warning",
        )
        return
    app.push_screen(LessonScreen(lesson))


COMPARE_EPOCHS = 300  # the saturation lesson's (c) recovers only after about 300 epochs
COMPARE_STEPS = 30_000  # three runs of this many steps: about two seconds, in a worker


def open_compare(app: WalkthroughApp) -> None:
    m = app.model
    if not 0 <= m.y <= 1:  # (b) and (c) read the output as a probability of the label
        app.notify(
            f"compare needs a label from 0 to 1 (log loss reads y_pred as a probability), "
            f"but this sample has y = {number_text(m.y, m.digits)}: press m for classification",
            severity="warning",
        )
        return
    train = None
    data = m.setup.data
    if all(0 <= y <= 1 for y in data.Y):  # over a run too, when every target is a label
        epochs = max(1, min(COMPARE_EPOCHS, COMPARE_STEPS // len(data)))
        train = partial(compare_runs, m.params, data, m.lr, epochs, m.setup.seed)
    app.push_screen(CompareScreen(compare_outputs(m.params, m.x, m.y), train, m.digits))


def open_gradcheck(app: WalkthroughApp) -> None:
    m = app.model
    app.push_screen(GradCheckScreen(gradcheck(m.params, m.x, m.y, m.task), m.digits))


def open_quiz(app: WalkthroughApp) -> None:
    if not lesson_offers(app, "quiz"):
        return
    setup = app.model.current_setup
    lesson = app.model.lesson
    tolerance = lesson.tolerance if lesson is not None else None  # None: the one rule

    def done(score: Score | None) -> None:
        if score is not None and score.asked:
            app.notify(f"quiz: {score.text()}")

    quiz = Quiz(app.model.trace, tolerance=tolerance)  # the walkthrough's step, its --digits
    app.push_screen(QuizScreen(quiz, setup), done)


def open_bughunt(app: WalkthroughApp) -> None:
    if not lesson_offers(app, "bughunt"):
        return
    setup = app.model.current_setup

    def done(verdict: Verdict | None) -> None:
        if verdict is not None:
            what = "right" if verdict.correct else "not it"
            app.notify(f"bug hunt: {what}: the bug was {verdict.bug.title}")

    app.push_screen(BugHuntScreen(BugHunt(setup, pick_bug(setup.task)), app.model.digits), done)


def open_settings(app: WalkthroughApp) -> None:
    """The settings form; it says what applying will do (go on, or start over), and the
    notification what was done."""
    m = app.model

    def done(config: Config | None) -> None:
        if config is not None:
            said = m.settings_effect(config, applied=True)  # the state before the change
            app.move(lambda: m.apply_config(config))
            app.notify(said)

    app.push_screen(SettingsScreen(m.setup.config, m.settings_effect), done)


def open_edit_weight(app: WalkthroughApp, selected: int) -> None:
    """Edit parameter number `selected` of the table (the notes' order)."""
    key = app.model.params.all_keys()[selected]
    (name, index), value = key, app.model.params.get(key)

    def done(new: float | None) -> None:
        if new is not None:
            app.move(lambda: app.model.set_param(name, index, new))

    app.push_screen(EditWeightScreen(name, index, value, app.model.digits), done)


def open_save(app: WalkthroughApp) -> None:
    m = app.model
    which = f"after {m.steps} updates, before this sample's update"
    if m.at_end:  # the update is computed but not applied: say so, the file would surprise
        which += " (computed, not yet applied: n applies it)"
    if app.is_web:
        deliver(app, lambda: params_json(m.params), PARAMS_FILE, f"the parameters {which}")
        return

    def done(path: str | None) -> None:
        if path is not None:
            write(app, path, lambda: save_params(path, m.params), "parameters")

    title = f"Save the parameters (JSON): those {which}"
    app.push_screen(PathScreen(title, PARAMS_FILE), done)


def open_export(app: WalkthroughApp) -> None:
    def text() -> str:
        return trace_markdown(app.model.trace, app.model.current_setup, app.model.digits)

    if app.is_web:
        deliver(app, text, TRACE_FILE, "this step's trace")
        return

    def done(path: str | None) -> None:
        if path is not None:
            write(app, path, lambda: write_text(path, text()), "trace")

    app.push_screen(PathScreen("Export this step's trace (Markdown)", TRACE_FILE), done)


def deliver(app: WalkthroughApp, text: Callable[[], str], name: str, what: str) -> None:
    """In a browser: send `text` as a download named `name`. The walkthrough runs on the
    teacher's machine, as the teacher, so it writes nothing there."""
    try:
        content = text()
    except TinyNNError as e:
        app.notify(f"could not save {what}: {e}", severity="error")
        return
    app.deliver_text(io.StringIO(content), save_filename=name)
    app.notify(f"{what}: downloading {name}")


def write(app: WalkthroughApp, path: str, write_file: Callable[[], object], what: str) -> None:
    """Run `write_file` and say on screen where `what` went, or why it could not be written."""
    try:
        write_file()
    except (OSError, TinyNNError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        app.notify(f"could not write {path}: {reason}", severity="error")
    else:
        app.notify(f"{what} written to {os.path.abspath(path)}")


def open_why(app: WalkthroughApp) -> None:
    """Why this number? The current value's dependencies, and a nudge of the parameter the
    equation concerns; only what has been computed is shown."""
    m = app.model
    k, event = m.cursor, m.event
    if event is None:  # nothing computed: nothing to explain, and L must stay unseen
        app.notify("why? nothing is computed yet: → computes the first number of forward")
        return
    done = {e.writes for e in m.trace.events[: k + 1]}
    loss = ("L", ()) in done  # before it, the nudge's numbers would give L away
    key, note = nudge_choice(m.trace, k, m.params.all_keys()[app.selected], loss)
    known = Known(loss, (GRAD[key[0]], key[1]) in done)
    value = number_text(event.value, m.digits)
    then = f" (then: what a nudge of {key_text(key)} does)" if known.loss else ""
    title = f"Why is {event.label} = {value}?{then}"
    deps, nudged = dependencies(m.trace, k), nudge(m.trace.step, key)
    app.push_screen(WhyScreen(title, deps, nudged, m.digits, event, known, note))


def nudge_choice(trace: Trace, k: int, selected: Key, measured: bool = True) -> tuple[Key, str]:
    """The parameter `i` nudges at event `k`, and why, when it is not the first one the
    equation concerns: the parameter of a gradient or an update, else one the equation
    reads (z1[0] reads W1[0][0] and b1[0]), else the table's `selected` one; once the nudge
    is `measured` (L computed), the first of those whose gradient on this sample is not 0
    (a nudge of the others changes nothing), saying so.
    """
    event = trace[k]
    concerned = [param_of(event.writes), *map(param_of, event.reads), selected]
    keys = list(dict.fromkeys(c for c in concerned if c is not None))
    grads = trace.step.grads

    def moves(key: Key) -> bool:
        return grads.get((GRAD[key[0]], key[1])) != 0

    first = keys[0]
    if not measured or moves(first):
        return first, ""
    other = next((c for c in [*keys, *trace.step.params.all_keys()] if moves(c)), first)
    if other == first:
        return first, ""
    return other, (
        f"∂L/∂{key_text(first)} is 0 on this sample, so a nudge of {key_text(first)} changes "
        f"nothing: {key_text(other)} is nudged instead."
    )


def open_erratum(app: WalkthroughApp) -> None:
    """The errata at the current equation, in full."""
    event = app.model.event
    if event is None or not event.errata:
        app.notify("E: no erratum at this equation (? lists them all)", severity="warning")
        return
    app.push_screen(ErratumScreen(event.equation, event.errata))


def open_compgraph(app: WalkthroughApp) -> None:
    """The computation graph of the current sample, following the cursor: ← and → in the
    dialog are the walkthrough's own moves (the main screen follows too)."""

    def step(delta: int) -> tuple[Trace, int]:
        app.move(app.model.next if delta > 0 else app.model.prev)
        return app.model.trace, app.model.cursor

    app.push_screen(CompGraphScreen(app.model.trace, app.model.cursor, step))

"""The walkthrough's dialogs: each key opens a screen and applies what it returns.

The screens (tui/screens/) take plain engine objects and hand back a result
through `dismiss`; these actions build their inputs from the model and apply
their results through `WalkthroughApp._do`, like any other move.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App

from tinynn import TinyNNError, compare_outputs, gradcheck, save_params
from tinynn.bugs import BugHunt, Verdict, pick_bug
from tinynn.config import Config
from tinynn.lesson import DEFAULT_TOLERANCE
from tinynn.quiz import Quiz, Score
from tinynn.render import trace_markdown

from .model import Model
from .screens.bughunt import BugHuntScreen
from .screens.compare import CompareScreen
from .screens.edit_weight import EditWeightScreen
from .screens.gradcheck import GradCheckScreen
from .screens.path import PathScreen
from .screens.quiz import QuizScreen
from .screens.settings import SettingsScreen


class DialogActions(App[None]):
    """Actions that open the walkthrough's dialogs (the base of `WalkthroughApp`)."""

    model: Model
    selected: int

    _do: Callable[[Callable[[], object]], None]  # make one move and show it: WalkthroughApp

    def _lesson_offers(self, mode: str) -> bool:
        """False (and a note on screen) if the current lesson leaves `mode` out."""
        lesson = self.model.lesson
        if lesson is None or lesson.offers(mode):
            return True
        self.notify(f"lesson {lesson.name!r} does not offer the {mode} mode", severity="warning")
        return False

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # Markdown is slow to import: only when asked

        self.push_screen(HelpScreen())

    def action_compare(self) -> None:
        m = self.model
        if not 0 <= m.y <= 1:  # (b) and (c) read the output as a probability of the label
            self.notify(
                f"compare needs a label from 0 to 1 (log loss reads y_pred as a probability), "
                f"but this sample has y = {m.y:g}: press m for classification",
                severity="warning",
            )
            return
        self.push_screen(CompareScreen(compare_outputs(m.params, m.x, m.y)))

    def action_gradcheck(self) -> None:
        m = self.model
        self.push_screen(GradCheckScreen(gradcheck(m.params, m.x, m.y, m.task)))

    def action_quiz(self) -> None:
        if not self._lesson_offers("quiz"):
            return
        setup = self.model.current_setup
        lesson = self.model.lesson
        tolerance = lesson.tolerance if lesson is not None else DEFAULT_TOLERANCE

        def done(score: Score | None) -> None:
            if score is not None and score.asked:
                self.notify(f"quiz: {score.text()}")

        self.push_screen(
            QuizScreen(Quiz.for_setup(setup, tolerance=tolerance, tries=1), setup), done
        )

    def action_bughunt(self) -> None:
        if not self._lesson_offers("bughunt"):
            return
        setup = self.model.current_setup

        def done(verdict: Verdict | None) -> None:
            if verdict is not None:
                what = "right" if verdict.correct else "not it"
                self.notify(f"bug hunt: {what}: the bug was {verdict.bug.title}")

        self.push_screen(BugHuntScreen(BugHunt(setup, pick_bug(setup.task))), done)

    def action_settings(self) -> None:
        def done(config: Config | None) -> None:
            if config is not None:
                self._do(lambda: self.model.apply_config(config))

        self.push_screen(SettingsScreen(self.model.setup.config), done)

    def action_edit_weight(self) -> None:
        key = self.model.params.all_keys()[self.selected]
        (name, index), value = key, self.model.params.get(key)

        def done(new: float | None) -> None:
            if new is not None:
                self._do(lambda: self.model.set_param(name, index, new))

        self.push_screen(EditWeightScreen(name, index, value), done)

    def action_save(self) -> None:
        def done(path: str | None) -> None:
            if path is not None:
                self._write(path, lambda: save_params(path, self.model.params), "parameters")

        self.push_screen(PathScreen("Save the parameters (JSON)", "tinynn-params.json"), done)

    def action_export(self) -> None:
        def done(path: str | None) -> None:
            if path is not None:
                text = trace_markdown(self.model.trace, self.model.current_setup)
                self._write(path, lambda: Path(path).write_text(text, encoding="utf-8"), "trace")

        self.push_screen(PathScreen("Export this step's trace (Markdown)", "tinynn-trace.md"), done)

    def _write(self, path: str, write: Callable[[], object], what: str) -> None:
        try:
            write()
        except (OSError, TinyNNError) as e:
            reason = getattr(e, "strerror", None) or str(e)
            self.notify(f"could not write {path}: {reason}", severity="error")
        else:
            self.notify(f"{what} written to {path}")

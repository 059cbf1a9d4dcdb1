"""The walkthrough as a browser gets it (tui/served.py): a shared pace, a window, the theme's
background for the page's margins."""

from __future__ import annotations

import json
import re

import pytest
from harness import hit, shown
from textual.message import Message

from tinynn.run.config import Config
from tui.messages import TrainingProgress
from tui.model import Model
from tui.pace import PACES, REPORT_EVERY, SERVED, SERVED_REPORT_EVERY, train_at_pace
from tui.place import place_record
from tui.served import LONGEST_WHY, WINDOW_TOO_SMALL, ServedApp, background_sequence


class Clock:
    """Stands in for `time` in tui/pace.py: each look at the clock is 10 ms later."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        self.now += 0.01
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run apps as if in a browser; what the app writes to the page's terminal."""
    written: list[str] = []
    monkeypatch.setattr(ServedApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(
        "textual.drivers.headless_driver.HeadlessDriver.write",
        lambda self, data: written.append(data),
    )
    return written


async def test_a_served_walkthrough_trains_at_a_shared_pace_and_says_it(
    web: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[float, float]] = []

    def trained(*args: object) -> None:
        per_second, report_every = args[4], args[7]
        assert isinstance(per_second, float) and isinstance(report_every, float)
        asked.append((per_second, report_every))

    monkeypatch.setattr("tui.training.train_at_pace", trained)
    app = ServedApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.pace == SERVED and PACES[SERVED].label == "10 epochs/s"
        await hit(app, "t")
        await app.workers.wait_for_complete()
        assert asked == [(10.0, SERVED_REPORT_EVERY)]
        assert "training 10 epochs/s" in app.status.plain_text()
        await hit(app, "plus")  # full speed is still there when the teacher wants it
        assert app.pace == SERVED + 1


def report_times(every: float, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """When training at 10 epochs/s reports, over 20 s of a make-believe clock."""
    clock = Clock()
    monkeypatch.setattr("tui.pace.time", clock)
    model = Model.from_config(Config())
    posted: list[tuple[float, Message]] = []

    def post(message: Message) -> None:
        posted.append((clock.now, message))

    train_at_pace(model, 1, model.params, 1, 10.0, lambda: clock.now > 20.0, post, every)
    return [t for t, m in posted if isinstance(m, TrainingProgress)][:-1]  # last: at the end


@pytest.mark.parametrize("every", [REPORT_EVERY, SERVED_REPORT_EVERY])
def test_the_reports_of_training_come_no_faster_than_asked(
    every: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    times = report_times(every, monkeypatch)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(gaps) > 20 / every * 0.7
    assert min(gaps) >= every - 1e-9
    assert max(gaps) < every + 0.15  # 10 epochs a second: the report comes with the due epoch


async def test_the_small_screen_message_speaks_of_the_window(web: list[str]) -> None:
    app = ServedApp()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        message = app.query_one("#too-small")
        assert message.display
        assert str(message.render()) == WINDOW_TOO_SMALL
        assert "terminal" not in WINDOW_TOO_SMALL and "window" in WINDOW_TOO_SMALL


async def test_the_page_s_margins_take_the_theme_s_background(web: list[str]) -> None:
    app = ServedApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dark = app.get_css_variables()["background"]
        assert background_sequence(dark) in web
        web.clear()
        await hit(app, "T")
        await pilot.pause()
        assert app.current_theme.background == "#ffffff"
        assert [w.lower() for w in web] == [background_sequence("#ffffff")]
        await hit(app, "T")  # back to the dark theme: the numbers' palette is the module's
        await pilot.pause()
        assert web[-1] == background_sequence(dark)
        assert background_sequence("#ffffff") == "\x1b]11;#ffffff\x07"


# --- a reload resumes the place (tui/place.py, tui/serve_places.py)


class Telling(ServedApp):
    """A served walkthrough whose places, told to the server, are kept here."""

    def __init__(self, place: str | None = None, config: Config | None = None) -> None:
        super().__init__(config, place=place)
        self.told: list[str | None] = []

    def send_place(self, record: str | None) -> None:
        self.told.append(record)


def at(app: ServedApp) -> tuple[object, ...]:
    m = app.model
    return (m.setup, m.params, m.sample, m.epoch, m.steps, m.this_epoch, m.cursor)


async def test_a_served_walkthrough_tells_its_place_as_it_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("tui.served.TELL_EVERY", 0.0)  # each change at once
    app = Telling(config=Config(lr=0.25))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert len(app.told) == 1  # where it starts
        await hit(app, "right", "right", "n", "right", "right", "right")
        await pilot.pause()
        cursors = [json.loads(r or "")["cursor"] for r in app.told]
        assert cursors == [-1, 0, 1, -1, 0, 1, 2]  # each move once; n: the next sample
        last = at(app)
    again = Telling(app.told[-1], Config(lr=0.25))
    assert app.told[-1] is not None
    assert at(again) == last


async def test_places_are_told_at_most_every_so_often_the_last_one_always(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("tui.served.TELL_EVERY", 3600.0)
    app = Telling()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await hit(app, *["right"] * 5)
        assert len(app.told) == 1 and app._telling is not None  # the rest waits for a timer
        app._telling.stop()
        app.tell_place()  # what the timer runs: the place it is at by then
        assert [json.loads(r or "")["cursor"] for r in app.told] == [-1, 4]
        app.tell_place()  # nothing new: nothing told
        assert len(app.told) == 2


def computation(app: ServedApp) -> str:
    """The equation panel's "computation 12 of 36", read off the screen."""
    found = re.search(r"computation (\d+ of \d+)", shown(app))
    assert found is not None
    return found.group(1)


async def test_a_reloaded_walkthrough_resumes_where_it_was_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("tui.served.TELL_EVERY", 0.0)
    first = Telling()
    async with first.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await hit(first, "e", "e", "e", *["right"] * 12)
        await pilot.pause()
        record, place, n = first.told[-1] or "", at(first), len(first.model.trace)
        screen = computation(first)
    app = Telling(record)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert at(app) == place and app.model.epoch == 4
        assert computation(app) == screen == f"12 of {n}"
        (note,) = [x.message for x in app._notifications]
        assert note == f"Resumed where you were: epoch 4, computation 12 of {n} (r starts afresh)."
        await hit(app, "r")  # a fresh start
        await pilot.pause()
        assert app.model.epoch == 1 and app.model.params == app.model.setup.params
        assert json.loads(app.told[-1] or "")["epoch"] == 1
        await hit(app, "q")  # the student quits: the place goes with the walkthrough
        await pilot.pause()
        assert app.told[-1] is None


@pytest.mark.parametrize(
    "record",
    ["{garbled", '{"format": "tinynn-place", "set_up": "' + "\x1b[31m" * 5000 + '"}', ""],
    ids=["garbled", "escapes", "empty"],
)
async def test_a_place_that_cannot_be_resumed_is_a_fresh_start_said_in_one_line(
    record: str,
) -> None:
    app = Telling(record)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert at(app) == at(Telling())
        (note,) = [x.message for x in app._notifications]
        assert note.startswith("Your place could not be resumed (the saved place ")
        assert note.endswith("): a fresh start.") and "\n" not in note and "\x1b" not in note
        assert len(note) < LONGEST_WHY + 60


def record_size(config: Config) -> int:
    """The characters of the place of a walkthrough started on `config`, before any key."""
    return len(place_record(Model.from_config(config), config) or "")


BIG = Config(hidden=64)  # a place of about 1,330 characters; 1-3-1's, about 330


def too_large_notes(app: ServedApp) -> list[str]:
    return [n.message for n in app._notifications if "too large" in n.message]


async def test_a_place_too_large_to_keep_is_said_once_and_a_reload_starts_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the bound between the two networks' places (a real place passes 64 KiB with a
    # teacher's CSV of thousands of samples, this epoch's losses in it)
    small, big = record_size(Config()), record_size(BIG)
    assert big > 3 * small
    monkeypatch.setattr("tui.served.MAX_PLACE", (small + big) // 2)
    monkeypatch.setattr("tui.served.TELL_EVERY", 0.0)
    app = Telling(config=BIG)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await hit(app, "right", "right", "n", "right")
        await pilot.pause()
        assert app.told == []  # nothing the server would keep was sent
        size = len(place_record(Model.from_config(BIG), BIG) or "")
        assert too_large_notes(app) == [
            f"Your place is too large to be kept for a reload ({size} characters, at most "
            f"{(small + big) // 2}): a reload starts afresh."
        ]


async def test_a_place_grown_too_large_says_once_that_a_reload_goes_back_to_the_last_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small, big = record_size(Config()), record_size(BIG)
    monkeypatch.setattr("tui.served.MAX_PLACE", (small + big) // 2)
    monkeypatch.setattr("tui.served.TELL_EVERY", 0.0)
    app = Telling()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await hit(app, "right")
        kept = app.told[-1]
        assert kept is not None and json.loads(kept)["cursor"] == 0
        app.move(lambda: app.model.apply_config(BIG))  # as the settings dialog applies it
        await hit(app, "right", "right")
        await pilot.pause()
        (note,) = too_large_notes(app)
        assert note.endswith(": a reload goes back to the last place kept.")
        assert "\n" not in note and app.told[-1] == kept  # the server keeps the last one
        app.move(lambda: app.model.apply_config(Config()))  # small again: kept again
        await hit(app, "right")
        assert json.loads(app.told[-1] or "")["set_up"]["hidden"] is None
        app.move(lambda: app.model.apply_config(BIG))  # too large again: said once only
        await pilot.pause()
        assert len(too_large_notes(app)) == 1

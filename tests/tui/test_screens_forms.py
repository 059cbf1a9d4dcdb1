"""The dialogs that ask for input: settings, edit a weight, file name.

Valid input dismisses with the right value; invalid input keeps the dialog open
with the one-line error shown; escape closes it with None.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import SIZE, Harness, hit
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from tinynn import TinyNNError, init_params, save_params
from tinynn.core.numbers import parse_number
from tinynn.run.config import Config, resolve
from tinynn.teach.lesson import load_lesson
from tui.screens.base import parse_float, parse_int
from tui.screens.edit_weight import EditWeightScreen
from tui.screens.path import PathScreen
from tui.screens.settings import DATA_CHOICE, SettingsScreen


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Replace an Input's text as if typed, then press enter in it."""
    screen = pilot.app.screen
    field = screen.query_one(selector, Input)
    screen.set_focus(field)  # now (`focus()` waits for the app's next turn)
    field.value = ""
    field.insert_text_at_cursor(text)
    await hit(pilot.app, "enter")
    await pilot.pause()  # the dialog has handled the submitted field


def error_of(app: App[None], selector: str) -> str:
    notice = app.screen.query_one(selector, Static)
    return str(notice.content) if notice.display else ""


def resolve_error(config: Config) -> str:
    with pytest.raises(TinyNNError) as e:
        resolve(config)
    return str(e.value)


# -- settings ----------------------------------------------------------------


async def test_settings_apply_returns_the_new_config() -> None:
    app = Harness(SettingsScreen(Config()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#task", Select).value == "regression"
        assert screen.query_one("#dataset", Select).value == "sine"
        screen.query_one("#hidden", Input).value = "2"
        screen.query_one("#seed", Input).value = "7"
        await type_into(pilot, "#lr", "0.05")
        assert app.results == [Config(task="regression", dataset="sine", hidden=2, lr=0.05, seed=7)]


INVALID_SETTINGS = [
    ("#hidden", "abc", "hidden units: not a whole number: 'abc'"),
    ("#hidden", "2.5", "hidden units: not a whole number: '2.5'"),
    ("#hidden", "", "hidden units is empty: type a whole number"),
    ("#lr", "fast", "learning rate η must be a finite number above 0, got 'fast'"),
    ("#lr", "nan", "learning rate η must be a finite number above 0, got 'nan'"),
    ("#seed", "x1", "seed: not a whole number: 'x1'"),
    ("#hidden", "0", resolve_error(Config(hidden=0))),
    ("#lr", "\u22120.5", "learning rate η must be a finite number above 0, got -0.5"),
    ("#lr", "0", "learning rate η must be a finite number above 0, got 0"),
    (
        "#lr",
        "1e-400",
        "learning rate η must be a finite number above 0, got '1e-400' "
        "(too small for a float: it rounds to 0)",
    ),
]


async def test_settings_invalid_field_shows_the_error_and_stays_open() -> None:
    app = Harness(SettingsScreen(Config()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for field, text, message in INVALID_SETTINGS:
            good = app.screen.query_one(field, Input).value
            await type_into(pilot, field, text)
            assert isinstance(app.screen, SettingsScreen)
            assert error_of(app, "#settings-error") == message
            app.screen.query_one(field, Input).value = good
        assert app.results == []


async def test_settings_task_change_switches_the_dataset_and_sine_is_refused() -> None:
    app = Harness(SettingsScreen(Config()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one("#task", Select).value = "classification"
        await pilot.pause()
        assert screen.query_one("#dataset", Select).value == "xor"
        assert "sine is a regression dataset: switched to xor" in error_of(app, "#settings-note")
        screen.query_one("#dataset", Select).value = "sine"
        await pilot.pause()
        await type_into(pilot, "#hidden", "3")
        assert isinstance(app.screen, SettingsScreen)
        expected = resolve_error(Config(task="classification", dataset="sine"))
        assert error_of(app, "#settings-error") == expected
        screen.query_one("#dataset", Select).value = "circle"
        await pilot.pause()
        await type_into(pilot, "#hidden", "3")
        assert app.results == [Config(task="classification", dataset="circle", hidden=3)]


async def test_settings_keeps_loaded_parameters_only_for_the_same_network(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "p.json")
    save_params(path, init_params(1, 5, seed=5))
    start = Config(dataset="sine", load=path, sample=4)
    for hidden, load in (("5", path), ("4", None)):
        app = Harness(SettingsScreen(start))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.screen.query_one("#hidden", Input).value == "5"  # the loaded network's
            await type_into(pilot, "#hidden", hidden)
            (config,) = app.results
            assert isinstance(config, Config)
            assert (config.load, config.hidden, config.sample) == (load, int(hidden), 4)


async def test_settings_escape_cancels() -> None:
    app = Harness(SettingsScreen(Config(task="classification")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#dataset", Select).value == "xor"
        app.screen.query_one("#hidden", Input).value = "not a number"
        await hit(app, "escape")
        await pilot.pause()
        assert app.results == [None]


async def test_settings_offers_the_csv_file_it_was_started_with(tmp_path: Path) -> None:
    csv = tmp_path / "and.csv"
    csv.write_text("a,b,y\n0,0,0\n0,1,0\n1,0,0\n1,1,1\n", encoding="utf-8")
    start = Config(csv=str(csv))
    app = Harness(SettingsScreen(start))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#task", Select).value == "classification"
        await type_into(pilot, "#seed", "3")
        assert app.results == [start.with_(task="classification", seed=3, hidden=3)]


async def test_settings_changing_only_eta_keeps_a_lessons_data_and_weights() -> None:
    """`tinynn-tui --lesson by-hand`, s, change only η, enter: the lesson's set-up, new η."""
    lesson = load_lesson("by-hand")
    app = Harness(SettingsScreen(lesson.config))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#dataset", Select).value == DATA_CHOICE
        assert app.screen.query_one("#hidden", Input).value == "2"
        await type_into(pilot, "#lr", "0.125")
        (config,) = app.results
        assert isinstance(config, Config)
        assert config == lesson.config.with_(task="regression", hidden=2, lr=0.125)
        setup = resolve(config)
        assert setup.data == lesson.setup().data and setup.params == lesson.config.params


@pytest.mark.parametrize("dataset", ["xor", "circle"])
async def test_settings_other_data_drop_a_lessons_weights(dataset: str) -> None:
    lesson = load_lesson("xor")  # built-in xor data, the lesson's own weights
    app = Harness(SettingsScreen(lesson.config))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#dataset", Select).value == "xor"
        app.screen.query_one("#dataset", Select).value = dataset
        await pilot.pause()
        await type_into(pilot, "#seed", "4")
    (config,) = app.results
    assert isinstance(config, Config)
    if dataset == "xor":  # same data, same network: the lesson's weights stay
        assert (config.dataset, config.params, config.seed) == ("xor", lesson.config.params, 4)
    else:
        assert (config.dataset, config.params, config.sample) == ("circle", None, None)
        assert resolve(config).params == init_params(2, 2, 4)


# -- edit a weight -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"), [(None, 0.42), ("\u22121.5", -1.5), ("-1/8", -0.125), ("\u22121/8", -0.125)]
)
async def test_edit_weight_returns_the_typed_number(text: str | None, value: float) -> None:
    """What the walkthrough prints, or a fraction: what `parse_number` reads everywhere."""
    app = Harness(EditWeightScreen("W1", (0, 1), 0.42))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        current = app.screen.query_one("#edit-current", Static).content
        assert str(current) == "W1[0][1] = 0.42"
        assert app.screen.query_one("#edit-value", Input).value == "0.42"
        if text is None:
            await hit(app, "enter")
            await pilot.pause()
        else:
            await type_into(pilot, "#edit-value", text)
        assert app.results == [value]


async def test_edit_weight_refuses_what_is_not_a_finite_number() -> None:
    app = Harness(EditWeightScreen("b2", (), -0.1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for text, message in (
            ("abc", "b2 must be a number, got 'abc'"),
            ("inf", "b2 must be a finite number, got 'inf'"),
            ("", "b2 is empty: type a number"),
        ):
            await type_into(pilot, "#edit-value", text)
            assert isinstance(app.screen, EditWeightScreen)
            assert error_of(app, "#edit-error") == message
        await hit(app, "escape")
        await pilot.pause()
        assert app.results == [None]


@pytest.mark.parametrize(
    ("text", "value"),
    [("2e-3", 0.002), (" +3 ", 3.0), ("\u22120.25", -0.25), ("7", 7.0), ("-1/8", -0.125),
     ("\u22123 / 4", -0.75)],
)  # fmt: skip
def test_parse_float_reads_what_parse_number_reads(text: str, value: float) -> None:
    assert parse_float(text, "x") == value == parse_number(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0,5", "x must be a number, got '0,5' (use a point for decimals)"),
        ("NaN", "x must be a finite number, got 'NaN'"),
        ("-inf", "x must be a finite number, got '-inf'"),
        ("1e999", "x must be a finite number, got '1e999'"),
        ("1/0", "x must be a number, got '1/0'"),
        ("  ", "x is empty: type a number"),
    ],
)
def test_parse_float_refuses_with_one_line(text: str, message: str) -> None:
    with pytest.raises(ValueError) as e:
        parse_float(text, "x")
    assert str(e.value) == message


def test_parse_int() -> None:
    assert parse_int(" \u22123 ", "n") == -3
    for text in ("1.0", "three", "1e3"):
        with pytest.raises(ValueError, match="n: not a whole number"):
            parse_int(text, "n")


NINES = "9" * 5000
LONG_SETTINGS = [
    ("#seed", NINES, "seed: a whole number of 5000 digits (at most 4300)"),
    ("#hidden", NINES, "hidden units: a whole number of 5000 digits (at most 4300)"),
    ("#lr", NINES, f"learning rate η must be a finite number above 0, got '{NINES[:40]}'... "
     "(5000 characters)"),
    ("#lr", "1e" + NINES, f"learning rate η must be a finite number above 0, got '1e{NINES[:38]}'"
     "... (5002 characters)"),
    ("#lr", "0." + "0" * 5000 + "1", "learning rate η must be a finite number above 0, got "
     f"'0.{'0' * 38}'... (5003 characters) (too small for a float: it rounds to 0)"),
]  # fmt: skip


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
@pytest.mark.parametrize(("selector", "text", "message"), LONG_SETTINGS)
async def test_settings_a_5000_digit_field_is_named_briefly_and_the_buttons_stay_on_screen(
    size: tuple[int, int], selector: str, text: str, message: str
) -> None:
    app = Harness(SettingsScreen(Config()))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await type_into(pilot, selector, text)
        assert isinstance(app.screen, SettingsScreen)
        assert error_of(app, "#settings-error") == message
        screen = app.screen.region
        for button in ("#apply", "#cancel"):
            region = app.screen.query_one(button).region
            assert region.height > 0 and screen.contains_region(region), (button, region)
        error = app.screen.query_one("#settings-error").region
        assert 0 < error.height <= 3 and screen.contains_region(error)


# -- file name ---------------------------------------------------------------


async def test_path_returns_the_default_and_warns_before_replacing(tmp_path: Path) -> None:
    default = tmp_path / "params.json"
    default.write_text("{}", encoding="utf-8")
    app = Harness(PathScreen("Save parameters as", str(default)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one(".dialog-title", Static).content) == "Save parameters as"
        assert app.screen.query_one("#path-value", Input).value == str(default)
        assert error_of(app, "#path-note") == f"{default} exists and will be replaced."
        await hit(app, "enter")
        await pilot.pause()
        assert app.results == [str(default)]


async def test_path_refuses_empty_names_missing_folders_and_folders(tmp_path: Path) -> None:
    app = Harness(PathScreen("Export the trace as", "trace.md"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for text, message in (
            ("", "give a file name"),
            ("   ", "give a file name"),
            (str(tmp_path / "nope" / "t.md"), f"no such folder: {tmp_path / 'nope'}"),
            (str(tmp_path), f"{tmp_path} is a folder: give a file name"),
        ):
            app.screen.query_one("#path-value", Input).value = text
            await hit(app, "enter")
            await pilot.pause()
            assert isinstance(app.screen, PathScreen)
            assert error_of(app, "#path-error") == message
        await type_into(pilot, "#path-value", str(tmp_path / "t.md"))
        assert app.results == [str(tmp_path / "t.md")]


async def test_path_escape_cancels() -> None:
    app = Harness(PathScreen("Save parameters as", "params.json"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await hit(app, "escape")
        await pilot.pause()
        assert app.results == [None]

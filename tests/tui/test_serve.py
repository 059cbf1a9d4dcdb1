"""`tinynn-tui --serve`: the options, the server's checks, and the walkthrough in a browser.

Each browser's walkthrough is the same app with `is_web` true: it writes no file, its
saves and exports are downloads. The last test drives the real page in headless Chromium.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import past_the_lesson

from tinynn.core.numbers import fmt
from tinynn.io.params_io import params_json
from tinynn.render.markdown import trace_markdown
from tui import serve
from tui.app import WalkthroughApp
from tui.command import build_parser, model_from_args
from tui.screens.path import PathScreen

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tui_process(*argv: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tui", *argv],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def finished(*argv: str) -> tuple[int, str]:
    """Run the walkthrough's command to its end: its exit status and what it said on stderr."""
    process = tui_process(*argv)
    _, err = process.communicate(timeout=60)
    return process.returncode, err


def stopped(process: subprocess.Popen[str]) -> tuple[int, str]:
    """Stop a server (as Ctrl-C does), its exit status and everything it said on stderr."""
    if process.poll() is None:
        process.terminate()
    _, err = process.communicate(timeout=30)
    return process.returncode, err


# --- each browser's command line


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--lesson", "by-hand", "--lr", "0.25"],
        ["--dataset", "xor", "--task", "classification", "--hidden", "5", "--seed", "7"],
        ["--seed", "-3", "--sample", "2"],  # a negative value must still read as a value
        ["--dataset", "circle", "--lr", "1e-05", "--host", "0.0.0.0", "--port", "9000"],
    ],
)
def test_each_browser_runs_the_same_options_without_the_serving_ones(argv: list[str]) -> None:
    parser = build_parser()
    args = parser.parse_args([*argv, "--serve"])
    child = serve.walkthrough_argv(args, parser)
    assert not {"--serve", "--host", "--port", "--served"} & {a.split("=")[0] for a in child}
    again = parser.parse_args(child)
    for name, value in vars(args).items():
        if name not in serve.SERVING:
            assert getattr(again, name) == value, name
    command = serve.child_command(child)
    assert command == [sys.executable, "-m", "tui", *child, "--served"]


def test_a_served_walkthrough_runs_the_app_not_another_server() -> None:
    args = build_parser().parse_args(["--serve", "--served"])
    assert args.serve and args.served  # run_walkthrough serves only when not `served`


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("example.org", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback


def test_the_address_printed_brackets_ipv6() -> None:
    assert serve.url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert serve.url("::1", 8080) == "http://[::1]:8080/"
    assert serve.url("192.168.1.20", 8000, "abc") == "http://192.168.1.20:8000/?token=abc"


def serving_args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["--serve", *argv])


def test_off_loopback_the_lan_addresses_are_printed_with_the_token() -> None:
    pytest.importorskip("textual_serve", reason="the 'web' extra is not installed")
    options = serve.serving_options(serving_args("--host", "0.0.0.0", "--max-sessions", "30"))
    assert options.token is not None and options.max_sessions == 30
    lines = serve.announcement(options, ["192.168.1.20", "10.0.0.7"])
    assert lines == [
        "tinynn: warning: 0.0.0.0 is reachable from other machines: anyone who can open the "
        "address below (token included) runs the walkthrough as this user on this machine",
        f"tinynn: serving the walkthrough on http://192.168.1.20:8000/?token={options.token} "
        "(Ctrl-C stops)",
        f"tinynn: also on http://10.0.0.7:8000/?token={options.token}",
        "tinynn: at most 30 walkthroughs at once (--max-sessions)",
    ]
    waived = serve.serving_options(serving_args("--host", "0.0.0.0", "--no-token"))
    assert waived.token is None
    assert "(with no token asked)" in serve.announcement(waived, ["192.168.1.20"])[0]


def test_a_wildcard_address_is_never_printed() -> None:
    from tui.serve_net import addresses_to_print, lan_addresses

    for wildcard in ("0.0.0.0", "::"):
        shown = addresses_to_print(wildcard)
        assert shown and not {"0.0.0.0", "::", ""} & set(shown)
    for address in lan_addresses():
        assert not address.startswith("127.") and address != "0.0.0.0"
    assert addresses_to_print("192.168.1.20") == ["192.168.1.20"]


@pytest.mark.parametrize(
    ("available", "cap"),
    [(None, 40), (0, 1), (100 * 2**20, 1), (400 * 2**20, 5), (16 * 2**30, 40)],
)
def test_the_default_cap_follows_the_memory(available: int | None, cap: int) -> None:
    assert serve.default_max_sessions(available) == cap  # 40 MiB each, half the memory


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["--token", "a", "--no-token"], "argument --no-token: not allowed with argument --token"),
        (["--max-sessions", "0"], "argument --max-sessions: must be at least 1, got 0"),
        (["--max-sessions", "9" * 5000], "argument --max-sessions: a whole number of 5000 digits"),
    ],
)
def test_the_server_s_options_are_checked(
    argv: list[str], error: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["--serve", *argv])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err.startswith(f"tinynn: error: {error}") and err.count("\n") == 1


# --- the server's checks, as a user meets them


def test_a_port_in_use_is_one_line_and_status_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, err = finished("--serve", "--port", str(port))
    assert code == 2
    address = f"http://127.0.0.1:{port}/"
    assert err == f"tinynn: error: cannot serve on {address}: address already in use\n"


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_bad_port_is_a_usage_error(port: str) -> None:
    code, err = finished("--serve", "--port", port)
    assert code == 2
    assert err.startswith("tinynn: error: argument --port: ") and err.count("\n") == 1


def test_a_bad_option_is_said_once_before_serving() -> None:
    code, err = finished("--serve", "--port", str(free_port()), "--lr", "-1")
    assert code == 2 and "argument --lr: must be a finite number above 0" in err
    assert err.count("\n") == 1


def test_without_the_web_extra_it_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from tinynn import TinyNNError

    monkeypatch.setitem(sys.modules, "textual_serve.server", None)  # as if not installed
    with pytest.raises(TinyNNError, match=r"needs the 'web' extra: pip install \"tinynn\[web\]\""):
        serve.serve([], serving_args("--port", str(free_port())))


@contextlib.contextmanager
def serving(*argv: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A server on a free port, once it listens; stopped at the end."""
    pytest.importorskip("textual_serve", reason="the 'web' extra is not installed")
    port = free_port()
    process = tui_process("--serve", "--port", str(port), *argv)
    assert process.stderr is not None
    said: list[str] = []
    for line in process.stderr:  # the server says where it serves once it listens
        said.append(line)
        if "at most" in line:  # its last line
            break
    else:
        stopped(process)
        pytest.fail("the server stopped: " + "".join(said))
    try:
        yield process, "".join(said)
    finally:
        stopped(process)


def test_loopback_is_served_without_a_warning_or_a_token() -> None:
    with serving("--max-sessions", "7") as (_, said):
        lines = said.splitlines()
        assert lines[0].startswith("tinynn: serving the walkthrough on http://127.0.0.1:")
        assert lines[0].endswith("/ (Ctrl-C stops)") and "token" not in said
        assert "warning" not in said


# --- the page


@pytest.mark.parametrize("template", ["app_index.html", "notice.html"])
def test_the_page_loads_nothing_from_elsewhere(template: str) -> None:
    """No font, script or style from another site: a classroom without internet sees it all."""
    import re

    page = (ROOT / "tui" / "web" / template).read_text(encoding="utf-8")
    loaded = {"".join(m) for m in re.findall(r'(?:src|href)="([^"]*)"|url\("([^"]*)"\)', page)}
    assert loaded <= {
        "data:,",  # no icon: no request for /favicon.ico
        "/static/css/xterm.css",
        "/static/fonts/RobotoMono-VariableFont_wght.ttf",
        "/static/js/textual.js",
    }
    assert "/static/fonts/RobotoMono-VariableFont_wght.ttf" in loaded
    assert "http" not in page.replace('"https:"', "")  # no address elsewhere, in any form
    static = pytest.importorskip("textual_serve").__path__[0] + "/static"
    for used in loaded - {"data:,"}:
        assert os.path.isfile(static + used.removeprefix("/static")), used
    assert "url(" not in Path(f"{static}/css/xterm.css").read_text(encoding="utf-8")


# --- in a browser the walkthrough writes no file


class Delivered:
    """Stands in for Textual's `deliver_text`: what the browser would download."""

    def __init__(self) -> None:
        self.files: list[tuple[str, str]] = []

    def __call__(self, file: Any, *, save_filename: str, **_: object) -> str:
        self.files.append((save_filename, file.read()))
        return "key"


@pytest.fixture
def web_app(monkeypatch: pytest.MonkeyPatch) -> tuple[WalkthroughApp, Delivered]:
    monkeypatch.setattr(WalkthroughApp, "is_web", property(lambda self: True))
    delivered = Delivered()
    app = WalkthroughApp(model=model_from_args(build_parser().parse_args(["--lesson", "by-hand"])))
    monkeypatch.setattr(app, "deliver_text", delivered)
    return app, delivered


async def test_in_a_browser_save_and_export_are_downloads(
    web_app: tuple[WalkthroughApp, Delivered], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, delivered = web_app
    monkeypatch.chdir(tmp_path)
    start = app.model.params
    async with app.run_test(size=(100, 30)) as pilot:
        await past_the_lesson(app)
        await pilot.press("S")
        assert not isinstance(app.screen, PathScreen)  # no file name to ask for
        await pilot.press("right", "right", "X")
        assert not isinstance(app.screen, PathScreen)
        trace = app.model.trace
        setup = app.model.current_setup
    assert [name for name, _ in delivered.files] == ["tinynn-params.json", "tinynn-trace.md"]
    saved = json.loads(delivered.files[0][1])
    assert (saved["W1"], saved["b1"], saved["W2"], saved["b2"]) == (
        [[0.25], [-0.5]],
        [-0.5, 1.0],
        [1.0, -0.5],
        0.25,
    )  # the by-hand lesson's starting weights, from its text
    assert delivered.files[0][1] == params_json(start)
    assert delivered.files[1][1] == trace_markdown(trace, setup)
    assert list(tmp_path.iterdir()) == []  # nothing written on the server's disk


# --- a real browser


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

# Recorded in the page before its own script runs: every byte the walkthrough's websocket
# receives (xterm.js draws on a canvas, so the screen is read from this stream), and the
# downloads the page asks to open.
RECORDER = """
window.__bytes = [];
window.__opened = [];
window.open = (url) => { window.__opened.push(url); return null; };
const NativeSocket = window.WebSocket;
window.WebSocket = function (url, protocols) {
  const socket = new NativeSocket(url, protocols);
  socket.addEventListener("message", (e) => {
    if (typeof e.data !== "string") window.__bytes.push(...new Uint8Array(e.data));
  });
  return socket;
};
window.WebSocket.prototype = NativeSocket.prototype;
"""


def browser() -> Any:
    """Headless Chromium driven through chromedriver, or a skip saying why it can't be had."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        pytest.skip(f"no browser for the web test: {', '.join(missing)} not installed")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",  # this machine's network is closed: no calls home
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1200,800",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def screen_text(driver: Any, start: int = 0) -> str:
    """What the page received from byte `start` on, escape sequences cut into line breaks."""
    import re

    raw = bytes(driver.execute_script("return window.__bytes"))[start:]
    return re.sub(r"\x1b\[[0-9;?<>=]*[A-Za-z~]", "\n", raw.decode("utf-8", "replace"))


def wait_for(driver: Any, *texts: str, start: int = 0) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    def shows(d: Any) -> bool:
        lines = screen_text(d, start).splitlines()
        return all(any(t in line for line in lines) for t in texts)

    WebDriverWait(driver, 30, poll_frequency=0.1).until(
        shows, message=f"the page never showed {texts}"
    )


@pytest.mark.slow
def test_a_student_with_only_a_browser_steps_through_the_walkthrough() -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    trace = model_from_args(build_parser().parse_args([])).trace  # the default set-up's step
    first = trace[0]
    with serving() as (process, said):
        port = said.split("http://127.0.0.1:", 1)[1].split("/")[0]
        origin = f"http://127.0.0.1:{port}"
        driver = browser()
        try:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
            driver.get(origin + "/")
            wait_for(driver, "Nothing computed yet", first.equation)
            received = len(driver.execute_script("return window.__bytes"))

            driver.execute_script("document.querySelector('.xterm-helper-textarea').focus()")
            ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
            wait_for(driver, f"computation 1 of {len(trace)}", start=received)
            wait_for(driver, f"= {first.substituted}", fmt(first.value), start=received)

            ActionChains(driver).send_keys("S").perform()  # a download, not a file on the server
            from selenium.webdriver.support.ui import WebDriverWait

            WebDriverWait(driver, 30).until(lambda d: d.execute_script("return window.__opened"))
            (opened,) = driver.execute_script("return window.__opened")
            from urllib.request import urlopen

            with urlopen(opened, timeout=30) as response:
                body = response.read().decode("utf-8")
            assert body == params_json(model_from_args(build_parser().parse_args([])).params)

            loaded = driver.execute_script(
                "return performance.getEntriesByType('resource').map(e => e.name)"
            )
            assert loaded and all(name.startswith(origin) for name in loaded), loaded
            assert driver.execute_script("return document.fonts.check('16px \"Roboto Mono\"')")

            # q ends this walkthrough; the page offers a new one, and its button works
            ActionChains(driver).send_keys("q").perform()
            WebDriverWait(driver, 30).until(
                lambda d: "-closed" in d.find_element("tag name", "body").get_attribute("class")
            )
            button = driver.find_element("css selector", "#ended button")
            assert button.is_displayed()
            button.click()  # a real click: it fails if anything lies over the button
            wait_for(driver, "Nothing computed yet", first.equation)
        finally:
            driver.quit()
        assert process.poll() is None


def test_tinynn_tui_serve_passes_the_same_options_on() -> None:
    from tinynn.cli.main import build_parser as cli_parser

    args = cli_parser().parse_args(["tui", "--lesson", "by-hand", "--lr", "0.25", "--serve"])
    assert args.serve and args.host == "127.0.0.1" and args.port == 8000
    assert serve.walkthrough_argv(args, build_parser()) == ["--lr=0.25", "--lesson=by-hand"]


def test_the_readme_says_every_option_of_the_server(repo: Path) -> None:
    readme = (repo / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In a browser\n", 1)[1].split("\n## ", 1)[0]
    (group,) = [g for g in build_parser()._action_groups if g.title and "browser" in g.title]
    flags = [a.option_strings[-1] for a in group._group_actions if a.help != argparse.SUPPRESS]
    assert set(flags) == {"--serve", "--host", "--port", "--token", "--no-token", "--max-sessions"}
    for flag in [*flags, "?fontsize="]:
        assert flag in section, flag


def test_the_textual_serve_it_overrides_is_the_pinned_one(repo: Path) -> None:
    """tui/serve_server.py and tui/serve_session.py replace parts of textual-serve 1.1.3:
    another version must be tried (and pinned) first."""
    from importlib.metadata import version

    tomllib = pytest.importorskip("tomllib")
    pyproject = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    extras = pyproject["project"]["optional-dependencies"]
    pins = {d for e in ("web", "test") for d in extras[e] if d.startswith("textual-serve")}
    assert pins == {"textual-serve==1.1.3"}
    pytest.importorskip("textual_serve")
    assert version("textual-serve") == "1.1.3"
    from textual_serve.app_service import AppService

    for used in ("_open_app_process", "_build_environment", "send_meta", "on_data", "run"):
        assert callable(getattr(AppService, used)), used  # what Session builds on

"""The served walkthrough in headless Chromium, as a class meets it: tabs closed at once, the
theme's margins, a full class, the server's end (all `slow`: a real browser; loopback only)."""

from __future__ import annotations

from typing import Any

import pytest
from serve_harness import children, needs_proc, until
from test_serve import RECORDER, browser, screen_text, serving, wait_for

pytestmark = pytest.mark.slow


def origin_of(said: str) -> str:
    return "http://127.0.0.1:" + said.split("http://127.0.0.1:", 1)[1].split("/")[0]


def served_walkthroughs(server_pid: int) -> list[int]:
    """The walkthrough processes the server still runs."""
    return children(server_pid)


def test_tabs_resized_and_closed_before_they_draw_leave_no_walkthrough() -> None:
    """Headless Chromium's first resize, then the tab closed before the walkthrough draws:
    Textual may spin a core then (tui/serve_session.py); the server must end it anyway."""
    needs_proc()
    with serving() as (process, said):
        origin = origin_of(said)
        driver = browser()
        try:
            first = driver.current_window_handle
            for size in ((900, 600), (700, 500), (1000, 700), (640, 480), (1100, 650)):
                driver.switch_to.new_window("tab")
                driver.get(origin + "/")  # returns at the page's load: its socket opens then
                driver.set_window_size(*size)
                driver.close()
                driver.switch_to.window(first)
            assert until(lambda: not served_walkthroughs(process.pid), 10.0), served_walkthroughs(
                process.pid
            )
        finally:
            driver.quit()
        assert process.poll() is None


def background(driver: Any) -> str:
    """The colour of the page's terminal where the screen does not reach (its margins)."""
    return str(
        driver.execute_script(
            "return getComputedStyle(document.querySelector('.xterm-viewport')).backgroundColor"
        )
    )


def test_the_margins_follow_the_theme_and_the_page_says_when_the_server_stops() -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    with serving() as (process, said):
        driver = browser()
        try:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
            driver.get(origin_of(said) + "/?fontsize=20")
            wait_for(driver, "Nothing computed yet")
            WebDriverWait(driver, 30).until(lambda d: background(d) == "rgb(18, 18, 18)")
            driver.execute_script("document.querySelector('.xterm-helper-textarea').focus()")
            ActionChains(driver).send_keys("T").perform()  # the light theme, for a projector
            WebDriverWait(driver, 30).until(lambda d: background(d) == "rgb(255, 255, 255)")
            process.terminate()  # SIGTERM, as a service manager stops it
            WebDriverWait(driver, 10).until(
                lambda d: "-closed" in d.find_element("tag name", "body").get_attribute("class")
            )
            assert driver.find_element("id", "why").text == "The server has stopped."
            assert driver.find_element("id", "again").text == "Try again"
            loaded = driver.execute_script(
                "return performance.getEntriesByType('resource').map(e => e.name)"
            )
            assert all(name.startswith(origin_of(said)) for name in loaded), loaded
        finally:
            driver.quit()


def test_a_full_class_is_said_on_the_page() -> None:
    with serving("--max-sessions", "1") as (_, said):
        driver = browser()
        try:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
            driver.get(origin_of(said) + "/")
            wait_for(driver, "Nothing computed yet")
            driver.switch_to.new_window("tab")
            driver.get(origin_of(said) + "/")
            assert driver.find_element("tag name", "h1").text == "The class is full"
            assert "The class is full: 1 walkthrough open," in driver.find_element("id", "why").text
        finally:
            driver.quit()


def test_a_reload_resumes_the_tab_s_place_and_another_tab_starts_afresh() -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    with serving() as (_, said):
        driver = browser()
        try:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
            driver.get(origin_of(said) + "/")
            wait_for(driver, "Nothing computed yet")
            driver.execute_script("document.querySelector('.xterm-helper-textarea').focus()")
            for k in range(1, 4):
                ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
                wait_for(driver, f"computation {k} of 36")
            key = driver.execute_script("return sessionStorage.getItem('tinynn-place')")
            assert isinstance(key, str) and len(key) == 32

            driver.refresh()  # the page again: a new walkthrough, at the same computation
            note = "Resumed where you were: epoch 1, computation 3 of 36"
            WebDriverWait(driver, 30, poll_frequency=0.1).until(
                lambda d: note in screen_text(d).replace("\n", ""),  # the toast wraps its words
                message="the reloaded page never said it resumed",
            )
            wait_for(driver, "forward · computation 3 of 36")  # the equation panel's header
            assert driver.execute_script("return sessionStorage.getItem('tinynn-place')") == key

            driver.switch_to.new_window("tab")  # another tab: another student's place
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
            driver.get(origin_of(said) + "/")
            wait_for(driver, "Nothing computed yet")
            assert "Resumed" not in screen_text(driver)
            other = driver.execute_script("return sessionStorage.getItem('tinynn-place')")
            assert isinstance(other, str) and len(other) == 32 and other != key
        finally:
            driver.quit()

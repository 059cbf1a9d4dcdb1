"""docs/walkthrough.md never drifts: its generated blocks are exactly what the engine produces."""

from __future__ import annotations

from types import ModuleType

import pytest
from helpers import REPO, load_script

from tinynn import trace_step
from tinynn.lesson import load_lesson


@pytest.fixture(scope="module")
def maker() -> ModuleType:
    return load_script(REPO / "docs" / "make_walkthrough.py")


def test_walkthrough_matches_the_engine(maker: ModuleType) -> None:
    text = maker.DOC.read_text(encoding="utf-8")
    assert maker.regenerate(text) == text, "run: python docs/make_walkthrough.py"
    assert maker.main(["--check"]) == 0


def test_every_value_of_the_worked_example_is_in_the_document(maker: ModuleType) -> None:
    text = maker.DOC.read_text(encoding="utf-8")
    s = load_lesson("by-hand").setup()
    trace = trace_step(s.params, s.x, s.y, s.lr, s.task)
    for event in trace:
        assert event.text() + "\n" in text
    # hand arithmetic of the lesson: delta1[1] = (-1/2)(-1/2)(1/4), b1[0] = -1/2 + 1/16
    assert "δ1[1] = δ2·W2[1]·σ'(z1[1]) = (−0.5)(−0.5)(0.25) = 0.0625\n" in text
    assert "= (−0.5) − (0.5)(−0.125) = −0.4375\n" in text


def test_a_changed_number_is_caught(maker: ModuleType) -> None:
    text = maker.DOC.read_text(encoding="utf-8")
    stale = text.replace("= 0.96875\n", "= 0.97\n", 1)
    assert stale != text
    assert maker.regenerate(stale) == text  # regenerating restores the engine's number


def test_the_prose_is_kept_and_every_block_is_present(maker: ModuleType) -> None:
    text = maker.DOC.read_text(encoding="utf-8")
    emptied = maker.BLOCK.sub(lambda m: m.group(1) + m.group(4), text)
    assert maker.regenerate(emptied) == text
    for name in maker.GENERATORS:
        assert f"<!-- BEGIN GENERATED: {name} -->" in text
    with pytest.raises(ValueError, match="no generator for block 'gone'"):
        maker.regenerate(text.replace("GENERATED: errata", "GENERATED: gone"))
    with pytest.raises(ValueError, match="no block for errata"):
        maker.regenerate(text.replace("GENERATED: errata", "generated: errata"))

"""`tinynn explain` shows each gradient's chain rule: Markdown and JSON always, text on asking."""

from __future__ import annotations

import io
import json
import math

from tinynn.cli.main import main


def explain(*argv: str) -> str:
    out = io.StringIO()
    assert main(["explain", "--lesson", "by-hand", *argv], out) == 0
    return out.getvalue()


def test_text_shows_the_chain_only_when_asked() -> None:
    assert "chain rule:" not in explain()
    text = explain("--chain")
    # by hand: δ1[1] = δ2·W2[1]·σ'(z1[1]) = (−0.5)(−0.5)(0.25) = 0.0625, ∂L/∂W1[1][0] = δ1[1]·2
    assert (
        "   chain rule: ∂L/∂W1[1][0] = ∂L/∂z2 · ∂z2/∂a1[1] · ∂a1[1]/∂z1[1] · ∂z1[1]/∂W1[1][0]"
        " = δ2 · W2[1] · σ'(z1[1]) · x[0] = (−0.5)(−0.5)(0.25)(2) = 0.125\n"
    ) in text
    assert text.count("chain rule:") == 12 + 7  # every backward and every update event (1-2-1)


def test_markdown_and_json_always_carry_it_and_its_factors_multiply_to_the_value() -> None:
    assert "(−0.5)(−0.5)(0.25)(2) = 0.125` |" in explain("--format", "markdown")
    events = json.loads(explain("--format", "json"))["events"]
    chained = [e for e in events if e["chain"] is not None]
    assert {e["phase"] for e in chained} == {"backward", "update"}
    for e in chained:
        factors = [f["value"] for f in e["chain"]["factors"]]
        assert math.isclose(math.prod(factors), e["chain"]["value"], rel_tol=1e-12)
        gradient = e["chain"]["value"]
        if e["phase"] == "backward":
            assert gradient == e["value"]  # the gradient the event computes

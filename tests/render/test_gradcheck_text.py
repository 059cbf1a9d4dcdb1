"""The gradient check's verdict says both tolerances, and names the gradients whose finite
difference is too small to check (a saturated hidden layer's)."""

from __future__ import annotations

from helpers import run

import tinynn as nn
from tinynn.render.tables import gradcheck_agreement, gradcheck_summary
from tinynn.run.gradcheck import compare
from tinynn.teach.lesson import load_lesson


def test_a_saturated_hidden_layer_is_named_as_too_small_to_see() -> None:
    s = load_lesson("saturation-stall").setup()
    check = nn.gradcheck(s.params, s.x, s.y, s.task)
    # independently: the hidden units sit at a1 ≈ 1, so σ' ≈ 0 and a change of W1 or b1 by
    # ε = 1e-5 moves the loss by less than rounding: the central difference is 0 or noise
    small = [e.label for e in check.entries if abs(e.numeric) <= 1e-8]
    assert small == ["W1[0][0]", "W1[1][0]", "b1[0]", "b1[1]"]
    assert all(abs(e.analytic) < 1e-10 for e in check.entries if e.key[0] in ("W1", "b1"))
    assert all(abs(e.numeric) > 0.5 for e in check.entries if e.key[0] in ("W2", "b2"))
    assert [e.label for e in check.unseen] == small
    line = gradcheck_summary(check)
    assert line.startswith(
        "PASS: 7 of 7 gradients agree (central differences, eps = 1e-05; "
        "tolerance 1e-06 relative, or 1e-08 absolute); largest relative"
    )
    assert line.endswith(
        ". For W1[0][0], W1[1][0], b1[0], b1[1] the finite difference is below 1e-08: these "
        "gradients are too small for the check to see."
    )
    code, out, _ = run("gradcheck", "--lesson", "saturation-stall")
    assert code == 0 and out.rstrip("\n").endswith(line)
    assert "too small for the check to see" in gradcheck_agreement(check)
    assert "too small" in check._repr_markdown_()


def test_a_check_that_sees_every_gradient_says_nothing_more() -> None:
    s = load_lesson("by-hand").setup()
    check = nn.gradcheck(s.params, s.x, s.y, s.task)
    assert min(abs(e.numeric) for e in check.entries) > 0.06  # by hand: ∂L/∂b1[1] = 1/16
    assert check.unseen == []
    assert "too small" not in gradcheck_summary(check)
    assert gradcheck_agreement(check) == (
        "  (every gradient agrees; tolerance 1e-06 relative, or 1e-08 absolute)\n"
    )


def test_a_wrong_gradient_is_not_hidden_by_the_absolute_tolerance() -> None:
    """A finite difference of 0 with backprop far from it fails, and is not called unseen."""
    s = load_lesson("saturation-stall").setup()
    grads = nn.backward(s.params, s.x, s.y, nn.forward(s.params, s.x, s.task), s.task)
    wrong = grads._replace(db1=[1.0, -1.0])

    def loss_at(p: nn.Params) -> float:
        return nn.loss(nn.forward(p, s.x, s.task), s.y, s.task)

    check = compare(s.params, wrong, loss_at, 1e-5, 1e-6)
    assert [e.label for e in check.entries if not e.ok] == ["b1[0]", "b1[1]"]
    assert [e.label for e in check.unseen] == ["W1[0][0]", "W1[1][0]"]
    assert gradcheck_summary(check).startswith("FAIL: 5 of 7 gradients agree")

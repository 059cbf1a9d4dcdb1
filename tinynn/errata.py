"""The typos of the source notes, and which equation each one touches.

tinynn implements the corrected equations; the trace, the CLI and the
walkthrough show the erratum beside the equation it concerns.
"""

from __future__ import annotations

from typing import NamedTuple


class Erratum(NamedTuple):
    id: str
    notes_say: str
    correct: str


ERRATA: dict[str, Erratum] = {
    e.id: e
    for e in (
        Erratum("E1", "y(pred) = W2 * a1 + b1", "y_pred = W2 · a1 + b2 (the output bias is b2)"),
        Erratum(
            "E2",
            'the W1 and b1 gradients are headed "Gradient w.r.t w2" / "w.r.t b2"',
            "they are the gradients with respect to W1 and b1",
        ),
        Erratum(
            "E3",
            "b1 ← b2 − η ∂L/∂b2 and b1 ← b2 − η ∂L/∂b1",
            "b2 ← b2 − η ∂L/∂b2 and b1 ← b1 − η ∂L/∂b1 (each bias updates itself)",
        ),
        Erratum(
            "E4",
            'the output is "a probability (0 or 1)"',
            "the output is a probability in (0, 1); the labels are 0 or 1",
        ),
        Erratum(
            "E5",
            '"the error is different between the predicted output and the actual target"',
            "the error is the difference δ2 = y_pred − y",
        ),
    )
}

# Which erratum to show at which equation of the trace (by equation name and task).
ERRATUM_OF: dict[str, str] = {
    "z2": "E1",
    "delta2": "E5",
    "dW1": "E2",
    "db1": "E2",
    "b2": "E3",
    "b1": "E3",
}


def erratum_for(name: str, phase: str, task: str) -> str | None:
    """The erratum id that concerns equation `name`, or None."""
    if name == "y_pred" and task == "classification":
        return "E4"
    if name in ("b1", "b2") and phase != "update":
        return None
    return ERRATUM_OF.get(name)

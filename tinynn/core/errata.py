"""The typos of the source notes, and which equation each one touches.

tinynn implements the corrected equations; the trace, the CLI and the
walkthrough show the erratum beside the equation it concerns. `ERRATA` is the
one list: `tinynn errata`, the walkthrough's help and the trace's notes are made
from it, and a test checks that the README names every id.
"""

from __future__ import annotations

from typing import NamedTuple

from tinynn.core.validate import TASKS


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
            '"Gradient w.r.t w2" above ∂Loss/∂W1 and "Gradient w.r.t b2" above ∂Loss/∂b1',
            "the headings are w.r.t W1 and w.r.t b1",
        ),
        Erratum(
            "E3",
            "b1 ← b2 − η ∂L/∂b2 and b1 ← b2 − η ∂L/∂b1",
            "b2 ← b2 − η ∂L/∂b2 and b1 ← b1 − η ∂L/∂b1 (each bias updates itself)",
        ),
        Erratum(
            "E4",
            '"The output is a probability (0 or 1)"',
            "the output is a probability in (0, 1); the labels are 0 or 1",
        ),
        Erratum(
            "E5",
            '"the error is different between the predicted output and the actual target"',
            "the error is the difference δ2 = y_pred − y",
        ),
        Erratum(
            "E6",
            '"Loss (MSE) = ½(y(pred) − y)²"',
            "this is the loss of one sample, half its squared error; the mean squared error (MSE) "
            "is the mean of (y_pred − y)² over the data set, which per-sample SGD never computes",
        ),
        Erratum(
            "E7",
            "∂Loss/∂W1 = δ1 · x",
            "for a vector x this is the outer product δ1 xᵀ: ∂L/∂W1[j][i] = δ1[j]·x[i], "
            "one entry for every weight of W1",
        ),
        Erratum(
            "E8",
            '"Using the chain rule we will compute the gradients layer" (the sentence stops)',
            "using the chain rule we compute the gradients layer by layer, from the output back "
            "to the input",
        ),
    )
}

# Which errata to show at which equation of the trace (by equation name).
ERRATA_OF: dict[str, tuple[str, ...]] = {
    "z2": ("E1",),
    "delta2": ("E5", "E8"),
    "dW1": ("E2", "E7"),
    "db1": ("E2",),
}


def errata_for(name: str, phase: str, task: str) -> tuple[str, ...]:
    """The ids of the errata that concern equation `name` in `phase` (none: ())."""
    if phase == "update":
        return ("E3",) if name in ("b1", "b2") else ()
    if name == "y_pred" and task == "classification":
        return ("E4",)
    if name == "L" and task == "regression":
        return ("E6",)
    return ERRATA_OF.get(name, ())


# Every equation of one step as (phase, name), in the trace's order: the places `errata_for`
# can be asked about, so that where an erratum is shown can be said without a trace.
EQUATIONS: tuple[tuple[str, str], ...] = (
    *(("forward", n) for n in ("z1", "a1", "z2", "y_pred")),
    ("loss", "L"),
    *(("backward", n) for n in ("delta2", "dW2", "db2", "sigma_prime", "delta1", "dW1", "db1")),
    *(("update", n) for n in ("W2", "b2", "W1", "b1")),
)


def shown_at(erratum_id: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """Where the trace shows erratum `erratum_id`: (phase, equation name, the tasks in which it
    is shown there), in the trace's order; e.g. "E4" -> [("forward", "y_pred",
    ("classification",))]. Made from `errata_for`, so that it cannot disagree with the trace."""
    places = []
    for phase, name in EQUATIONS:
        tasks = tuple(t for t in TASKS if erratum_id in errata_for(name, phase, t))
        if tasks:
            places.append((phase, name, tasks))
    return places

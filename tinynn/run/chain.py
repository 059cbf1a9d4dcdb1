"""The chain rule behind each gradient: a product of derivatives, one per edge walked back.

The loss depends on a weight only through the path weight -> z1 -> a1 -> z2 -> L,
so its gradient is the product of the derivative of each step along that path:

    ∂L/∂W1[j][i] = ∂L/∂z2 · ∂z2/∂a1[j] · ∂a1[j]/∂z1[j] · ∂z1[j]/∂W1[j][i]
                 =   δ2   ·   W2[j]    ·  σ'(z1[j])    ·      x[i]

Backpropagation computes these products from the output back, reusing each
prefix: δ1[j] = δ2·W2[j]·σ'(z1[j]) is the first three factors, shared by every
∂L/∂W1[j][i] and by ∂L/∂b1[j]. For classification the first factor is itself a
product, ∂L/∂p · ∂p/∂z2 = (p − y)/(p(1 − p)) · p(1 − p) = p − y.

A `Chain` holds the factors with the values the step used (read from the step,
never recomputed), so that a reader can multiply them out.
"""

from __future__ import annotations

from typing import NamedTuple

from tinynn.core.forward import sigmoid
from tinynn.core.names import Key
from tinynn.core.step import Step


class Factor(NamedTuple):
    """One factor of a chain: the derivative, what it equals in the notes' names, its value."""

    partial: str  # "∂z2/∂a1[0]"
    symbol: str  # "W2[0]"
    value: float


class Chain(NamedTuple):
    """A gradient as a product of factors; `value` is the engine's gradient."""

    lhs: str  # "∂L/∂W1[0][1]", or "δ1[0] = ∂L/∂z1[0]"
    factors: tuple[Factor, ...]
    value: float

    @property
    def text(self) -> str:
        """The chain without numbers: lhs = derivatives = their names in the notes."""
        partials = " · ".join(f.partial for f in self.factors)
        symbols = " · ".join(f.symbol for f in self.factors)
        return f"{self.lhs} = {partials} = {symbols}"


def chains(s: Step) -> dict[Key, Chain]:
    """The chain of every backward quantity of step `s`, by the key the backward event writes.

    An update event uses the chain of its parameter's gradient (its key under GRAD).
    """
    p, f, g, x = s.params, s.forward, s.grads, s.x
    out: dict[Key, Chain] = {}
    if s.task == "regression":
        out["delta2", ()] = Chain(
            "δ2 = ∂L/∂z2",
            (Factor("∂L/∂y_pred", "(y_pred − y)", g.delta2), Factor("∂y_pred/∂z2", "1", 1.0)),
            g.delta2,
        )
        dz2 = Factor("∂L/∂z2", "δ2", g.delta2)
    else:
        # ∂p/∂z2 = p(1 − p), with 1 − p as σ(−z2): exact even where p rounds to 1
        slope = f.y_pred * sigmoid(-f.z2)
        out["delta2", ()] = Chain(
            "δ2 = ∂L/∂z2",
            (
                Factor("∂L/∂p", "(p − y)/(p(1 − p))", g.delta2 / slope if slope else float("nan")),
                Factor("∂p/∂z2", "p(1 − p)", slope),
            ),
            g.delta2,
        )
        dz2 = Factor("∂L/∂p·∂p/∂z2", "(p − y)", g.delta2)
    out["db2", ()] = Chain("∂L/∂b2", (dz2, Factor("∂z2/∂b2", "1", 1.0)), g.db2)
    for j in range(p.n_hidden):
        J = f"[{j}]"
        out["dW2", (j,)] = Chain(
            f"∂L/∂W2{J}", (dz2, Factor(f"∂z2/∂W2{J}", f"a1{J}", f.a1[j])), g.dW2[j]
        )
        out["sigma_prime", (j,)] = Chain(
            f"σ'(z1{J}) = ∂a1{J}/∂z1{J}",
            (
                Factor(f"σ(z1{J})", f"a1{J}", f.a1[j]),
                Factor(f"(1 − σ(z1{J}))", f"(1 − a1{J})", f.one_minus_a1[j]),
            ),
            g.sigma_prime[j],
        )
        to_z1 = (
            dz2,
            Factor(f"∂z2/∂a1{J}", f"W2{J}", p.W2[j]),
            Factor(f"∂a1{J}/∂z1{J}", f"σ'(z1{J})", g.sigma_prime[j]),
        )
        out["delta1", (j,)] = Chain(f"δ1{J} = ∂L/∂z1{J}", to_z1, g.delta1[j])
        for i in range(len(x)):
            JI = f"{J}[{i}]"
            out["dW1", (j, i)] = Chain(
                f"∂L/∂W1{JI}", (*to_z1, Factor(f"∂z1{J}/∂W1{JI}", f"x[{i}]", x[i])), g.dW1[j][i]
            )
        out["db1", (j,)] = Chain(
            f"∂L/∂b1{J}", (*to_z1, Factor(f"∂z1{J}/∂b1{J}", "1", 1.0)), g.db1[j]
        )
    return out


def node_gradients(s: Step) -> dict[Key, tuple[float, Key]]:
    """∂L/∂(every node of the computation graph), each with the key of the backward event
    after which backpropagation knows it: the micrograd picture of one sample.

    ∂L/∂a1[j] = δ2·W2[j] is the product of the first two factors of δ1[j]'s chain; the
    inputs and the target get no gradient (nothing upstream of them is learned).
    """
    p, g = s.params, s.grads
    c = chains(s)
    d2: Key = ("delta2", ())
    out: dict[Key, tuple[float, Key]] = {
        ("L", ()): (1.0, ("L", ())),
        ("y_pred", ()): (c[d2].factors[0].value, d2),
        ("z2", ()): (g.delta2, d2),
        ("b2", ()): (g.db2, ("db2", ())),
    }
    for j in range(p.n_hidden):
        out["a1", (j,)] = (g.delta2 * p.W2[j], ("delta1", (j,)))
        out["z1", (j,)] = (g.delta1[j], ("delta1", (j,)))
        out["W2", (j,)] = (g.dW2[j], ("dW2", (j,)))
        out["b1", (j,)] = (g.db1[j], ("db1", (j,)))
        for i in range(len(s.x)):
            out["W1", (j, i)] = (g.dW1[j][i], ("dW1", (j, i)))
    return out

"""One case of `tinynn check`: the student's numbers, in the notes' shapes, beside the
engine's, in the trace's order.

What a student returned is read as the notes' shapes (a NumPy column or row for a
vector, one row for h = 1), or described when its shape is wrong; a gradient they
did not return is recovered from their updated parameter, (θ − θ_new)/η. Every
updated parameter must be there: one that is not is named (`not_updated`), never
passed over.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from tinynn.core.names import NAME, PARAMS, RETURNED, Key, parameter
from tinynn.grading.tolerance import Reference

SCALARS = tuple(n for n in RETURNED if NAME[n].shape == "scalar")  # z2, ..., b2
MATRICES = tuple(n for n in RETURNED if NAME[n].shape == "h×n")  # dW1, W1


class Difference(NamedTuple):
    """One number of the student's that is not the engine's."""

    case: int
    key: Key
    expected: float
    got: float
    recovered: bool  # got is (θ − θ_new)/η from the student's updated parameter


class CaseCheck(NamedTuple):
    """The comparison of one case: what was compared and what differs."""

    compared: int
    differences: list[Difference]
    shape_problem: str | None
    observed: list[Difference]  # every number compared (expected, got), equal or not
    missing: tuple[str, ...] = ()  # the updated parameters the step did not give


def not_updated(missing: tuple[str, ...], form: object) -> str:
    """What a report says of parameters a step did not give: "did not update b2: ..."."""
    names = ", ".join(missing)
    if form == "inplace" and missing == ("b2",):
        how = ("a number cannot change in place: a step that updates W1, b1 and W2 in place "
               "returns the new b2")  # fmt: skip
    else:
        how = ("return every updated parameter (a dict with \"W1\", \"b1\", \"W2\", \"b2\", "
               "or the updated (W1, b1, W2, b2)), or update the lists in place and return "
               "the new b2")  # fmt: skip
    return f"did not update {names}: {how}"


def _shape_text(v: object) -> str:
    if isinstance(v, float):
        return "a number"
    if isinstance(v, list):
        if v and all(isinstance(r, list) for r in v):
            lengths = sorted({len(r) for r in v})
            cols = " or ".join(map(str, lengths))
            return f"{len(v)} row{'s' * (len(v) != 1)} of {cols} number{'s' * (cols != '1')}"
        return f"a list of {len(v)} number{'s' * (len(v) != 1)}"
    return type(v).__name__


def _expected_shape(name: str, h: int, n: int) -> str:
    if name in SCALARS:
        return "a number"
    if name in MATRICES:
        return f"{h} row{'s' * (h != 1)} of {n} number{'s' * (n != 1)} (h rows × n columns)"
    return f"a list of {h} number{'s' * (h != 1)} (one per hidden unit)"


def _flat(v: object) -> object:
    """[[a], [b]] or [[a, b]] (a column or row vector) as [a, b]; [a] or [[a]] as a list."""
    if isinstance(v, list) and v and all(isinstance(r, list) for r in v):
        if all(len(r) == 1 for r in v):
            return [r[0] for r in v]
        if len(v) == 1:
            return v[0]
    return v


def _normalise(name: str, v: object, h: int, n: int) -> tuple[Any, str | None]:
    """The value in the notes' shape, or a description of what is wrong with its shape."""
    ok_number = isinstance(v, float)
    if name in SCALARS:
        while isinstance(v, list) and len(v) == 1:
            v = v[0]  # a NumPy (1,) or (1, 1) array for a number
        if isinstance(v, float):
            return v, None
    elif name in MATRICES:
        if (
            isinstance(v, list)
            and len(v) == h
            and all(
                isinstance(r, list) and len(r) == n and all(isinstance(e, float) for e in r)
                for r in v
            )
        ):
            return v, None
        if h == 1 and isinstance(v, list) and len(v) == n and all(isinstance(e, float) for e in v):
            return [v], None  # one hidden unit: its single row
        if (
            h != n
            and isinstance(v, list)
            and len(v) == n
            and all(isinstance(r, list) and len(r) == h for r in v)
        ):
            return None, _transposed(name, v, h, n)
    else:
        v = _flat(v)
        if isinstance(v, list) and len(v) == h and all(isinstance(e, float) for e in v):
            return v, None
        if h == 1 and ok_number:
            return [v], None
    return None, f"{name} is {_shape_text(v)}, expected {_expected_shape(name, h, n)}"


def _transposed(name: str, v: object, h: int, n: int) -> str:
    return (
        f"{name} has {_shape_text(v)} and is transposed: expected {_expected_shape(name, h, n)}, "
        f"{name}[j][i] for hidden unit j and input i (∂L/∂W1 is the outer product δ1 xᵀ: "
        "∂L/∂W1[j][i] = δ1[j]·x[i])"
    )


def check_case(k: int, ref: Reference, values: dict[str, Any], rtol: float) -> CaseCheck:
    """Compare the student's values on case k with the engine's, in the trace's order."""
    h, n = ref.case.params.n_hidden, ref.case.params.n_inputs
    got: dict[str, Any] = {}
    for name, v in values.items():
        norm, problem = _normalise(name, v, h, n)
        if problem is not None:
            return CaseCheck(0, [], problem, [])
        got[name] = norm
    differences: list[Difference] = []
    observed: list[Difference] = []
    for key in ref.keys:
        name, index = key
        param = parameter(name)
        from_update = False
        if name in got:
            v = got[name]
            for i in index:
                v = v[i]
        elif param is not None and param in got:  # a gradient, from the updated parameter
            v = got[param]
            for i in index:
                v = v[i]
            theta = ref.case.params.get((param, index))
            v = (theta - v) / ref.case.lr
            from_update = True
        else:
            continue
        seen = Difference(k, key, ref.value(ref.step, key, from_update), v, from_update)
        observed.append(seen)
        if not ref.close(key, v, rtol, from_update):
            differences.append(seen)
    for name in MATRICES:
        if name in got and h == n > 1 and any(d.key[0] == name for d in differences):
            transposed = [list(col) for col in zip(*got[name])]
            if all(ref.close((name, (j, i)), transposed[j][i], rtol, False)
                   for j in range(h) for i in range(n)):  # fmt: skip
                return CaseCheck(0, [], _transposed(name, got[name], h, n), [])
    missing = tuple(p for p in PARAMS if p not in got)
    return CaseCheck(len(observed), differences, None, observed, missing)

"""The trace as JSON (`tinynn explain --format json`): every value at full precision.

Each backward and update event carries its chain rule (`tinynn.run.trace.chain_record`).
A value that overflowed (inf) or is undefined (nan) is written as null: JSON has no
such numbers, and the text and Markdown forms show them as they are.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

from tinynn.run.trace import Trace, chain_record

if TYPE_CHECKING:
    from tinynn.run.config import Setup


def _finite_or_none(v: object) -> object:
    """`v` with every non-finite float replaced by None, so that the JSON is strict."""
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, list):
        return [_finite_or_none(w) for w in v]
    if isinstance(v, dict):
        return {k: _finite_or_none(w) for k, w in v.items()}
    return v


def trace_json(trace: Trace, setup: Setup | None = None) -> str:
    """The trace as JSON, with full-precision values (the data set and sample with `setup`)."""
    s = trace.step
    obj: dict[str, object] = {
        "task": s.task,
        "x": s.x,
        "y": s.y,
        "lr": s.lr,
        "params": s.params.to_dict(),
        "events": [
            {
                "phase": e.phase,
                "name": e.name,
                "index": list(e.index),
                "equation": e.equation,
                "substituted": e.substituted,
                "value": e.value,
                "errata": list(e.errata),
                "chain": chain_record(e),
            }
            for e in trace
        ],
        "loss": s.loss,
        "new_params": s.new_params.to_dict(),
    }
    if setup:
        obj = {"dataset": setup.data.name, "sample": setup.sample, **obj}
    return json.dumps(_finite_or_none(obj), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
